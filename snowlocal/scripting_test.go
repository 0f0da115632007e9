package snowlocal_test

import (
	"strconv"
	"strings"
	"testing"
)

// Snowflake Scripting constructs the interpreter does not run are refused
// with 002040 naming them, never run differently; statement errors inside a
// block surface as Snowflake's uncaught STATEMENT_ERROR with their own code.
func TestScriptingRefusalsAndErrors(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database scripting")
	for _, c := range []struct{ sql, code, text string }{
		{"BEGIN\n  LOOP\n    BREAK outer_loop;\n  END LOOP;\nEND;", "2040", "names no enclosing loop"},
		// A child job never awaited: Snowflake cancels it when the block
		// ends (docs: await), whether or not it had run.
		{"DECLARE\n  rs RESULTSET DEFAULT ASYNC (SELECT 1);\nBEGIN\n  RETURN 1;\nEND;", "2040", "an ASYNC child job not awaited when the block ends"},
		{"BEGIN\n  FOR i IN 1 TO 2 DO\n    ASYNC (SELECT 1);\n  END FOR;\n  RETURN 'x';\nEND;", "2040", "an ASYNC child job not awaited when the block ends"},
		{"CREATE PROCEDURE p() RETURNS INT LANGUAGE JAVASCRIPT AS 'return 1;'", "2040", "LANGUAGE JAVASCRIPT"},
		{"BEGIN\n  SELECT * FROM no_such_table;\nEND;", "2003", "Uncaught exception of type 'STATEMENT_ERROR' on line 2 at position 2"},
		{"BEGIN\n  LET x := 1;\n  IF (x = 1) THEN\n    RETURN 'one';\nEND;", "1003", "syntax error"},
	} {
		se := execErr(t, db, c.sql)
		if strconv.Itoa(se.Number) != c.code || !strings.Contains(se.Message, c.text) {
			t.Errorf("%s\n=> %d %s, want code %s containing %q", c.sql, se.Number, se.Message, c.code, c.text)
		}
	}
	// A handled statement error: SQLCODE is the failing statement's code.
	var got string
	if err := db.QueryRow("BEGIN\n  SELECT * FROM no_such_table;\n  RETURN 'not reached';\nEXCEPTION\n  WHEN STATEMENT_ERROR THEN\n    RETURN SQLCODE;\nEND;").Scan(&got); err != nil || got != "2003" {
		t.Fatalf("handled STATEMENT_ERROR: %q, %v", got, err)
	}
}
