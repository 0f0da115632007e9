package snowlocal_test

import (
	"errors"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// The comparisons a construct makes without an operator between a VARCHAR
// and a DATE, TIME or timestamp convert the text as = does
// (varchar_date_cmp_test.go): a simple CASE compares its operand with each
// WHEN value (docs: functions/case), NULLIF returns NULL "if expr1 is
// equal to expr2" and otherwise expr1, of expr1's type
// (functions/nullif), DECODE compares the select expression with each
// search expression (functions/decode), EQUAL_NULL is = with NULL equal to
// NULL (functions/equal_null). A VARCHAR beside these types is coerced to
// them (data-type-conversion: VARCHAR to DATE, TIME and TIMESTAMP are
// coercible) and read as its cast reads it under AUTO
// (date-time-input-output, "Supported formats for AUTO detection":
// MM/DD/YYYY and the 12-hour HH:MI:SS AM time are among them,
// YYYY/MM/DD is not). DuckDB read the text its own way in these
// constructs: CASE d WHEN '2019/01/02'-text matched, where d = s fails.

func TestImplicitEqualityTextWithDate(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database ietd",
		"alter session set timezone = 'UTC'",
		"create table t(d date, d2 date, s varchar, g varchar, ts timestamp_ntz, l timestamp_ltz, tm time, c varchar)",
		`insert into t values ('2019-01-02', '2020-05-06', '2019/01/02', '01/02/2019', '2019-01-02 00:00:00',
		'2019-01-02 00:00:00', '16:00:00', '04:00:00 PM')`,
	)
	for _, c := range []struct{ q, want string }{
		// AUTO reads MM/DD/YYYY: the text equals the date.
		{`SELECT CASE d WHEN g THEN 'eq' ELSE 'ne' END FROM t`, "eq"},
		{`SELECT CASE g WHEN d THEN 'eq' ELSE 'ne' END FROM t`, "eq"},
		{`SELECT CASE d WHEN d2 THEN 'a' WHEN g THEN 'b' ELSE 'c' END FROM t`, "b"},
		{`SELECT CASE g WHEN 'x' THEN 'a' WHEN d2 THEN 'b' WHEN d THEN 'c' END FROM t`, "c"},
		{`SELECT TO_VARCHAR(NULLIF(d, g)) FROM t`, "NULL"},
		{`SELECT TO_VARCHAR(NULLIF(g, d)) FROM t`, "NULL"},
		// NULLIF's value is its first argument's: the text as written.
		{`SELECT NULLIF(g, d2) FROM t`, "01/02/2019"},
		{`SELECT TO_VARCHAR(NULLIF(d2, g)) FROM t`, "2020-05-06"},
		{`SELECT DECODE(d, g, 'eq', 'ne') FROM t`, "eq"},
		{`SELECT DECODE(g, d2, 'a', d, 'b', 'c') FROM t`, "b"},
		{`SELECT TO_VARCHAR(EQUAL_NULL(d, g)) FROM t`, "true"},
		{`SELECT TO_VARCHAR(EQUAL_NULL(g, d2)) FROM t`, "false"},
		// The timestamps and TIME (AUTO's 12-hour time: 16:00).
		{`SELECT CASE ts WHEN g THEN 'eq' ELSE 'ne' END FROM t`, "eq"},
		{`SELECT CASE l WHEN g THEN 'eq' ELSE 'ne' END FROM t`, "eq"},
		{`SELECT CASE tm WHEN c THEN 'eq' ELSE 'ne' END FROM t`, "eq"},
		{`SELECT TO_VARCHAR(EQUAL_NULL(c, tm)) FROM t`, "true"},
		// A side whose type the rewriter does not see (a subquery's value,
		// a derived table's column).
		{`SELECT CASE d WHEN (SELECT MAX(g) FROM t) THEN 'eq' ELSE 'ne' END FROM t`, "eq"},
		{`SELECT TO_VARCHAR(NULLIF(x, y)) FROM (SELECT g x, d y FROM t)`, "NULL"},
		{`SELECT DECODE(y, x, 'eq', 'ne') FROM (SELECT g x, d y FROM t)`, "eq"},
		// Texts with texts and dates with dates compare as before.
		{`SELECT CASE s WHEN g THEN 'eq' ELSE 'ne' END FROM t`, "ne"},
		{`SELECT DECODE(d, d2, 'eq', 'ne') FROM t`, "ne"},
		{`SELECT NULLIF(s, g) FROM t`, "2019/01/02"},
	} {
		if got := queryValue(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	// String literals beside a date or number in NULLIF and EQUAL_NULL
	// are read as in = (DuckDB read '04:00:00 PM' as 04:00).
	for _, c := range []struct{ q, want string }{
		{`SELECT TO_VARCHAR(NULLIF(d, '01/02/2019')) FROM t`, "NULL"},
		{`SELECT TO_VARCHAR(NULLIF(tm, '04:00:00 PM')) FROM t`, "NULL"},
		{`SELECT TO_VARCHAR(EQUAL_NULL(tm, '04:00:00 PM')) FROM t`, "true"},
		{`SELECT NULLIF('17', 16)`, "17"},
	} {
		if got := queryValue(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	// A literal in no documented format is refused, as in d = '2019/01/02'.
	wantRefused(t, db, `SELECT NULLIF(d, '2019/01/02') FROM t`, "a text in no documented date format")
	wantRefused(t, db, `SELECT EQUAL_NULL(d, '2019/01/02') FROM t`, "a text in no documented date format")
	wantError(t, db, `SELECT NULLIF(16, '0x10')`, 100038, "Numeric value '0x10' is not recognized")
	// YYYY/MM/DD is no AUTO format: the comparison fails as d = s does.
	for _, q := range []string{
		`SELECT CASE d WHEN s THEN 'eq' ELSE 'ne' END FROM t`,
		`SELECT CASE s WHEN d THEN 'eq' ELSE 'ne' END FROM t`,
		`SELECT NULLIF(d, s) FROM t`,
		`SELECT NULLIF(s, d) FROM t`,
		`SELECT DECODE(d, s, 'eq', 'ne') FROM t`,
		`SELECT DECODE(s, d, 'eq', 'ne') FROM t`,
		`SELECT EQUAL_NULL(d, s) FROM t`,
		`SELECT CASE x WHEN y THEN 1 END FROM (SELECT s x, d y FROM t)`,
	} {
		wantError(t, db, q, 100040, "Date '2019/01/02' is not recognized")
	}
}

// TestImplicitEqualityCaseOperandBind: a simple CASE whose operand converts
// is compared once per WHEN value; an operand holding a bind, which that
// would repeat, is refused.
func TestImplicitEqualityCaseOperandBind(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ietb", "create table t(d date)", "insert into t values ('2019-01-02')")
	rows, err := db.Query(`SELECT CASE ?::VARCHAR WHEN d THEN 'eq' ELSE 'ne' END FROM t`, "01/02/2019")
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2040 || !strings.Contains(se.Message, "a simple CASE whose operand holds a bind") {
		t.Errorf("want 002040 naming the simple CASE, got %v", err)
	}
}

// TestJoinUsingTextWithDate: JOIN ... USING (k) and NATURAL JOIN compare
// the relations' k as = does (docs: JOIN, USING), so a VARCHAR k beside a
// DATE k would convert the text as its cast does under AUTO; DuckDB's
// USING read '2019/01/02' as a date and matched the rows. Where base
// tables give the two types the join is refused (002040); joins of one
// type answer as before.
func TestJoinUsingTextWithDate(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database jutd", "create table a (k date, x int)", "create table b (k varchar, x int)", "create table c (k date)",
		"insert into a values ('2019-01-02', 1)", "insert into b values ('2019/01/02', 1)", "insert into c values ('2019-01-02')")
	wantRefused(t, db, "select count(*) from a join b using (k)", "JOIN USING or NATURAL JOIN of a text column K")
	wantRefused(t, db, "select count(*) from a natural join b", "JOIN USING or NATURAL JOIN of a text column K")
	for _, q := range []string{"select count(*) from a join c using (k)", "select count(*) from a join b using (x)", "select count(*) from a natural join c"} {
		if got := queryValue(t, db, q); got != "1" {
			t.Errorf("%s: %s, want 1", q, got)
		}
	}
}

// TestJoinUsingTextWithDateUnseen: where a side of the USING or NATURAL
// join is a derived table, a CTE, a set operation or a view over one, whose
// column types only DuckDB sees, the pairing of a text k with a date k is
// refused too (DuckDB's USING matched '2019/01/02' with 2019-01-02, where
// Snowflake's AUTO does not read that text); joins of one type, or on
// another column, answer, with or without the derived table's alias.
func TestJoinUsingTextWithDateUnseen(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database jutu", "create table a (k date, x int)", "create table b (k varchar, x int)",
		"insert into a values ('2019-01-02', 1)", "insert into b values ('2019/01/02', 1)",
		"create view vs as select * from (select k, x from b)")
	const refusal = "a join using or natural join of a text column with a date or time column of the same name"
	for _, q := range []string{
		"select count(*) from a join (select * from b) s using (k)",
		"select count(*) from (select * from b) s join a using (k)",
		"select count(*) from a left join (select k from b) s using (k) where a.x = 1",
		"with c as (select * from b) select count(*) from a natural join c",
		"with c as (select * from b) select count(*) from c join a using (k) group by c.x",
		"select count(*) from a join (select k from b union all select k from b) u using (k)",
		"select count(*) from (select k, x from a) d natural join (select k from b) s",
		"select (select count(*) from a join (select * from b) s using (k))",
	} {
		wantRefused(t, db, q, refusal)
	}
	wantRefused(t, db, "select count(*) from a join vs using (k)", "JOIN USING or NATURAL JOIN of a text column K")
	wantRefused(t, db, "select count(*) from a join (select * from b) using (k)", refusal)
	wantRefused(t, db, "select count(*) from (select k from a) natural join (select * from b)", refusal)
	for q, want := range map[string]string{
		"select count(*) from a join (select * from a) s using (k)":                 "1",
		"select count(*) from a join (select x, k::varchar k from b) s using (x)":   "1",
		"with c as (select k from a) select count(*) from c natural join a":         "1",
		"select count(*) from (select * from b) s join b using (k) where s.x = b.x": "1",
		"select count(*) from a natural join (select x from b) s":                   "1",
		"select count(*) from (select k from a) join (select * from a) using (k)":   "1",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s: %s, want %s", q, got, want)
		}
	}
}
