package snowlocal_test

import "testing"

// Loop labels (END { WHILE | FOR | LOOP | REPEAT } <label>) are jump
// targets of BREAK and CONTINUE: "If the label is specified, the BREAK will
// jump to the statement immediately after the label" and "the CONTINUE will
// start at the first statement in the loop with the label"
// (https://docs.snowflake.com/en/sql-reference/snowflake-scripting/break,
// .../continue).
func TestLoopLabels(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database loop_labels")
	for _, c := range []struct{ name, block, want string }{
		// The BREAK page's example: leaves both loops while i is still 1.
		{"break outer", `DECLARE i INTEGER; j INTEGER;
BEGIN
  i := 1; j := 1;
  WHILE (i <= 4) DO
    WHILE (j <= 4) DO
      IF (j = 3) THEN BREAK outer_loop; END IF;
      j := j + 1;
    END WHILE inner_loop;
    i := i + 1;
  END WHILE outer_loop;
  RETURN i;
END;`, "1"},
		// BREAK naming its own loop is a plain BREAK: the outer loop goes on.
		{"break own loop", `DECLARE i INTEGER DEFAULT 0; n INTEGER DEFAULT 0;
BEGIN
  WHILE (i < 3) DO
    i := i + 1;
    LOOP
      n := n + 1;
      BREAK inner_loop;
    END LOOP inner_loop;
  END WHILE outer_loop;
  RETURN i || ' ' || n;
END;`, "3 3"},
		// CONTINUE naming the outer loop skips the rest of both bodies.
		{"continue outer", `DECLARE hits INTEGER DEFAULT 0; after INTEGER DEFAULT 0;
BEGIN
  FOR i IN 1 TO 3 DO
    FOR j IN 1 TO 3 DO
      IF (j = 2) THEN CONTINUE outer_loop; END IF;
      hits := hits + 1;
    END FOR inner_loop;
    after := after + 1;
  END FOR outer_loop;
  RETURN hits || ' ' || after;
END;`, "3 0"},
		// ITERATE and EXIT are CONTINUE's and BREAK's synonyms; REPEAT checks
		// its condition after a CONTINUE of its own.
		{"synonyms", `DECLARE i INTEGER DEFAULT 0; k INTEGER DEFAULT 0;
BEGIN
  REPEAT
    i := i + 1;
    LOOP
      k := k + 1;
      IF (k > 10) THEN EXIT l2; END IF;
      ITERATE l1;
    END LOOP l2;
  UNTIL (i >= 4)
  END REPEAT l1;
  RETURN i || ' ' || k;
END;`, "4 4"},
		// A BREAK in a nested block leaves the labelled loop around it.
		{"break through block", `DECLARE n INTEGER DEFAULT 0;
BEGIN
  LOOP
    n := n + 1;
    BEGIN
      IF (n = 2) THEN BREAK counting; END IF;
    END;
  END LOOP counting;
  RETURN n;
END;`, "2"},
	} {
		if got := queryOne(t, db, c.block); got != c.want {
			t.Errorf("%s: got %q, want %q", c.name, got, c.want)
		}
	}
	// A label that names no enclosing loop (a later sibling loop, or none):
	// the docs let a label name "a nested branch" without saying how.
	for _, block := range []string{
		"BEGIN\n  LOOP\n    BREAK later;\n  END LOOP;\n  LOOP\n    BREAK;\n  END LOOP later;\nEND;",
		"BEGIN\n  FOR i IN 1 TO 2 DO\n    CONTINUE nowhere;\n  END FOR;\nEND;",
	} {
		wantRefused(t, db, block, "names no enclosing loop")
	}
}
