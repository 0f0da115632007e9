package snowlocal_test

import "testing"

// TestObjectWildcardsAsWrittenOut checks that OBJECT_CONSTRUCT(*) and the
// constant {*} answer exactly what the pairs written out answer (the docs
// define both as that): a FLOAT column keeps Snowflake's DOUBLE form in
// each, and a SQL NULL drops its pair.
func TestObjectWildcardsAsWrittenOut(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database if not exists wilddb", "use database wilddb",
		"create or replace table ft (a float, b varchar, n number(5,2))",
		"insert into ft values (1.5, 'x', 2.50), (null, 'y', null)")
	var star, brace, written string
	rows, err := db.Query("select object_construct(*), {*}, object_construct('A', a, 'B', b, 'N', n) from ft order by b")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		if err := rows.Scan(&star, &brace, &written); err != nil {
			t.Fatal(err)
		}
		n++
		if star != written || brace != written {
			t.Errorf("row %d: OBJECT_CONSTRUCT(*) %s, {*} %s, written out %s: want all equal", n, star, brace, written)
		}
	}
	if err := rows.Err(); err != nil || n != 2 {
		t.Fatalf("%d rows, %v", n, err)
	}
}
