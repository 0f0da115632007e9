package snowlocal_test

import "testing"

// TestGeneratorSeq: TABLE(GENERATOR(ROWCOUNT => n)) gives n rows, none for
// ROWCOUNT NULL or no arguments (docs: generator); SEQ1/2/4/8 number them
// from 0, SEQn(1) wrapping to the smallest integer of its width (docs:
// seq1, SEQ1(1) after 127 is -128), in any clause of a block reading only
// the GENERATOR, and number the rows of another block where a window may
// stand. The engine refused both before.
func TestGeneratorSeq(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database gs", "create table t (x varchar)", "insert into t values ('a'), ('b'), ('c')")
	for _, tc := range []struct{ q, want string }{
		{"select seq8() from table(generator(rowcount => 3))", "0|1|2"},
		{"select count(*) from table(generator(rowcount => null))", "0"},
		{"select count(*) from table(generator())", "0"},
		{"select count(*) from table(generator(rowcount => 0))", "0"},
		{"select seq4() from table(generator(rowcount => 6)) where seq4() >= 4 order by 1", "4|5"},
		{"select sum(seq2()), max(seq1()) from table(generator(rowcount => 100))", "4950,99"},
		{"select min(seq1(1)), max(seq1(1)), count(distinct seq1(1)) from table(generator(rowcount => 256))", "-128,127,256"},
		{"select seq1(1) from table(generator(rowcount => 300)) v order by seq8() limit 3 offset 255", "-1|0|1"},
		{"select min(seq2(1)), max(seq2(1)) from table(generator(rowcount => 40000))", "-32768,32767"},
		{"select x, seq4() from (select x from t order by x) order by 2", "a,0|b,1|c,2"},
	} {
		if _, rows := queryRows(t, db, tc.q); fmtRows(rows) != tc.want {
			t.Errorf("%s:\n got  %s\n want %s", tc.q, fmtRows(rows), tc.want)
		}
	}
	mustExec(t, db, "create table n (i number)", "insert into n select seq8() from table(generator(rowcount => 20)) v")
	if got := queryValue(t, db, "select sum(i) from n"); got != "190" {
		t.Errorf("sum of SEQ8() over 20 rows = %s, want 190", got)
	}
	// Where the unsigned sequence wraps the docs do not say (255 or 127
	// for SEQ1); a GENERATOR has no columns; TIMELIMIT's row count is the
	// machine's.
	wantRefused(t, db, "select max(seq1()) from table(generator(rowcount => 129))", "SEQ1(0) past 128 rows")
	wantRefused(t, db, "select * from table(generator(rowcount => 3))", "a star over GENERATOR")
	wantRefused(t, db, "select 1 from table(generator(timelimit => 1))", "GENERATOR with TIMELIMIT")
	wantRefused(t, db, "select 1 from table(generator(rowcount => 1 + 1))", "GENERATOR with a ROWCOUNT that is not a non-negative integer literal")
	wantRefused(t, db, "select seq4() from t, table(generator(rowcount => 2))", "SEQ4 in a query joining a GENERATOR with another relation")
	wantRefused(t, db, "select x, seq4() from t group by x", "SEQ4 in a query that groups or aggregates")
	// Over a table SEQ is a window (DuckDB takes none in WHERE or in OVER).
	wantRefused(t, db, "select x from t where seq4() > 0", "SEQ4 outside the select list and ORDER BY")
	wantRefused(t, db, "select row_number() over (order by seq2()) from t", "SEQ2 outside the select list and ORDER BY")
	wantRefused(t, db, "select uniform(1, 10, 42)", "UNIFORM with a generator other than RANDOM(...)")
}
