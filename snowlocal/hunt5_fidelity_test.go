package snowlocal_test

import (
	"testing"
)

// TestMaxByCountIsArray: MAX_BY and MIN_BY with a count return "an ARRAY
// containing the values of a column for the rows with the highest values",
// sorted by those values (docs: max_by, min_by,
// https://docs.snowflake.com/en/sql-reference/functions/max_by; the
// examples print `[ 900, 2010, 1001 ]`). The engine returned DuckDB's LIST:
// the client read `[30 20]`, TYPEOF of it cast to VARIANT answered DECIMAL
// and the column's type was NUMBER.
func TestMaxByCountIsArray(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database mb", "create table e (id number, sal number)",
		"insert into e values (10, 100), (20, 300), (30, 200), (40, null)")
	for _, tc := range []struct{ q, want string }{
		{"select max_by(id, sal, 2) from e", "[\n  20,\n  30\n]"},
		{"select min_by(id, sal, 2) from e", "[\n  10,\n  30\n]"},
		{"select typeof(max_by(id, sal, 2)::variant) from e", "ARRAY"},
		{"select max_by(id, sal, 2)[1] from e", "30"},
		{"select array_size(min_by(id, sal, 5)) from e", "3"},
		{"select max_by(id, sal) from e", "20"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	_, types, _ := queryAll(t, db, "select max_by(id, sal, 2) a from e")
	if len(types) != 1 || types[0] != "ARRAY" {
		t.Errorf("MAX_BY(id, sal, 2) column type %v, want ARRAY", types)
	}
}

// TestOctalEscapes: a single-quoted constant's `\ooo` is "ASCII character in
// octal notation" and `\0` "An ASCII NUL character" (docs: data-types-text,
// escape sequences, https://docs.snowflake.com/en/sql-reference/data-types-text;
// the example `'-\041-'` prints `-!-`). The engine read `\101` as the
// digits 101 ('-\101-' answered -101-) and failed with a syntax error on
// `\041` and `\0` (a NUL cannot be in a DuckDB literal). The escapes the docs
// do not settle (one or two octal digits, a code above ASCII, `\x` or `\u`
// without their digits) are refused.
func TestOctalEscapes(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{`select '-\101-'`, "-A-"},
		{`select '-\041-'`, "-!-"},
		{`select hex_encode('a\0b')`, "610062"},
		{`select length('\0')`, "1"},
		{`select '\08'`, "\x008"},
		{`select '-\x21-'`, "-!-"},
		{`select '\z'`, "z"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	for _, q := range []string{`select '\1'`, `select 'a\01b'`, `select '\377'`, `select '\xff'`, `select '\x2g'`, `select '\u26c'`} {
		wantRefused(t, db, q, "backslash")
	}
}

// TestGetBit: GETBIT(integer_expr, bit_position) is the bit of the integer
// at the position, from 0 (least significant) to 127 (docs: getbit,
// https://docs.snowflake.com/en/sql-reference/functions/getbit). It was
// refused; what the docs leave open (a negative integer, a position outside
// 0..127, a text argument) still is.
func TestGetBit(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select getbit(11, 100)", "0"},
		{"select getbit(11, 3)", "1"},
		{"select getbit(11, 2)", "0"},
		{"select getbit(11, 0)", "1"},
		{"select getbit(null, 0)", "NULL"},
		{"select getbit(99999999999999999999999999999999999999, 126)", "1"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	for _, q := range []string{"select getbit(-1, 0)", "select getbit(1, 128)", "select getbit('11', 0)"} {
		wantRefused(t, db, q, "GETBIT")
	}
}

// TestShowClausesNotIgnored: SHOW TABLES [HISTORY] [LIKE] [IN ...] [STARTS
// WITH '<name_string>'] [LIMIT <rows> [FROM '<name_string>']] (docs:
// show-tables, https://docs.snowflake.com/en/sql-reference/sql/show-tables;
// STARTS WITH "is case-sensitive"), and the flow operator pipes a command's
// result into a query (SHOW TABLES ->> SELECT ... FROM $1, docs:
// operators-flow; procout_fidelity_test.go). The engine skipped what it did
// not read: SHOW DATABASES STARTS WITH 'Q' listed every database, SHOW TABLES
// LIMIT 1 every table and SHOW TABLES ->> SELECT "name" FROM $1 answered SHOW
// TABLES' columns. STARTS WITH filters now; LIMIT and HISTORY are refused. So are
// DESC TABLE t TYPE = STAGE (docs: desc-table; it answered the columns),
// anything after SHOW COLUMNS' table, and SHOW COLUMNS IN SCHEMA (read as a
// table named SCHEMA).
func TestShowClausesNotIgnored(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database shw", "create table alpha (a int)", "create table beta (b int)")
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"show tables starts with 'AL'", 1},
		{"show tables starts with 'al'", 0},
		{"show tables like '%A' starts with 'B'", 1},
		{"show databases starts with 'QQ'", 0},
		{"show tables", 2},
	} {
		if _, rows := queryRows(t, db, tc.q); len(rows) != tc.want {
			t.Errorf("%s: %d rows, want %d", tc.q, len(rows), tc.want)
		}
	}
	for _, tc := range []struct{ q, part string }{
		{"show tables limit 1", "LIMIT"},
		{"show tables history", "HISTORY"},
		{"desc table alpha type = stage", "STAGE"},
		{"show columns in table alpha like 'A%'", "LIKE"},
		{"show columns in schema public", "SCHEMA"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
}

// TestCorrelatedScalarSubqueryOneRow: "Correlated scalar subqueries are
// currently supported only if they can be statically determined to return
// one row (e.g. if the SELECT list contains an aggregate function with no
// GROUP BY)", and "The LIMIT / FETCH clause is allowed only in uncorrelated
// scalar subqueries" (docs: querying-subqueries, usage notes,
// https://docs.snowflake.com/en/user-guide/querying-subqueries). DuckDB
// answered such subqueries (a row's value, or NULL); they are refused now
// where the correlation is a qualified column (Q.c with no Q of the
// subquery's own). Aggregates, uncorrelated subqueries and IN / EXISTS
// still answer.
func TestCorrelatedScalarSubqueryOneRow(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database csq", "create table table1 (c1 int, c2 int)", "create table table2 (x int, y int)",
		"insert into table1 values (1, 10), (2, 20)", "insert into table2 values (1, 10), (5, 20)")
	for _, q := range []string{
		"select c1 from table1 where c1 = (select x from table2 where y = table1.c2)",
		"select c1 from table1 where c1 = (select x from table2 where y = table1.c2 limit 1)",
		"select c1 from table1 where c1 = (select max(x) from table2 where y = table1.c2 group by y)",
		// An unqualified outer column correlates as well (C2 is table1's
		// only): Snowflake resolves it to the enclosing block.
		"select c1, (select x from table2 where y = c2) from table1",
		"select c1 from table1 where c1 = (select t2.x from table2 t2 join table2 t3 on t2.x = t3.x where t3.y = c2)",
	} {
		wantRefused(t, db, q, "correlated scalar subquery")
	}
	// In a select list, over tables holding rows, Snowflake's own error
	// (subquery_type_test.go).
	if se := execErr(t, db, "select c1, (select x from table2 t2 where t2.y = t1.c2) from table1 t1"); se.Number != 2031 {
		t.Errorf("select-list subquery: %d %s, want 002031", se.Number, se.Message)
	}
	for _, tc := range []struct{ q, want string }{
		{"select c1 from table1 where c1 = (select max(x) from table2 where y = table1.c2)", "1"},
		{"select count(*) from table1 t1 where (select count(*) from table2 t2 where t2.y = t1.c2) = 1", "2"},
		{"select c1 from table1 where c1 = (select t.x from csq.public.table2 t where t.y = 10)", "1"},
		{"select c1 from table1 where exists (select 1 from table2 where table2.x = table1.c1)", "1"},
		{"select c1 from table1 where c1 = (select max(x) from table2 where y = c2)", "1"},
		{"select c1 from table1 where c1 = (select x from table2 where y = 10)", "1"},
		{"select c1 from table1 where c1 = (select x from table2 where x = 1 and y = 10)", "1"},
		{"select c1 from table1 where c1 in (select x from table2 where table2.y = table1.c2)", "1"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}
