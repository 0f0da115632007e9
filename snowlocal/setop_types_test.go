package snowlocal_test

import (
	"errors"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestSetOperationTextBesideNumber: the docs' example of a set operation
// whose branches' types differ (docs: Set operators, "Use the UNION
// operator and cast mismatched data types",
// https://docs.snowflake.com/en/sql-reference/operators-query): a VARCHAR
// column UNION an INTEGER column converts the text to a number and fails
// with 100038 "Numeric value 'Smith, Jane' is not recognized"; cast to
// VARCHAR, both branches answer as text. DuckDB alone made the column a
// VARCHAR and answered both rows.
func TestSetOperationTextBesideNumber(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database so",
		"CREATE OR REPLACE TABLE union_test1 (v VARCHAR)",
		"CREATE OR REPLACE TABLE union_test2 (i INTEGER)",
		"INSERT INTO union_test1 (v) VALUES ('Smith, Jane')",
		"INSERT INTO union_test2 (i) VALUES (42)")
	wantError(t, db, "SELECT v FROM union_test1 UNION SELECT i FROM union_test2", 100038,
		"Numeric value 'Smith, Jane' is not recognized")
	_, rows := queryRows(t, db, "SELECT v::VARCHAR FROM union_test1 UNION SELECT i::VARCHAR FROM union_test2 ORDER BY 1")
	if got := fmtRows(rows); got != "42|Smith, Jane" {
		t.Errorf("cast to VARCHAR: got %s, want 42|Smith, Jane", got)
	}
	// The same conversion wherever the text comes from: UNION ALL,
	// INTERSECT, MINUS, a literal, an expression, a view's column, a CTE's
	// or a derived table's (typed from their queries), one whose type only
	// DuckDB sees (a CASE).
	mustExec(t, db, "create view union_view as select v from union_test1")
	for _, q := range []string{
		"SELECT v FROM union_test1 UNION ALL SELECT i FROM union_test2",
		"SELECT v FROM union_test1 INTERSECT SELECT i FROM union_test2",
		"SELECT v FROM union_test1 MINUS SELECT i FROM union_test2",
		"SELECT 'Smith, Jane' UNION ALL SELECT 42",
		"SELECT UPPER(v) FROM union_test1 UNION ALL SELECT i FROM union_test2",
		"WITH c AS (SELECT v FROM union_test1) SELECT v FROM c UNION ALL SELECT i FROM union_test2",
		"SELECT v FROM union_view UNION ALL SELECT 42",
		"SELECT * FROM (SELECT v FROM union_test1 UNION ALL SELECT i FROM union_test2)",
		"WITH a AS (SELECT v FROM union_test1), b AS (SELECT i FROM union_test2) SELECT v FROM a UNION ALL SELECT i FROM b",
		"SELECT x FROM (SELECT v x FROM union_test1) UNION ALL SELECT y FROM (SELECT i y FROM union_test2)",
		"WITH a (c) AS (SELECT v FROM union_test1) SELECT c FROM a UNION ALL SELECT 1",
		"SELECT CASE WHEN TRUE THEN v END FROM union_test1 UNION ALL SELECT i FROM union_test2",
	} {
		_, err := db.Exec(q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 100038 || !strings.Contains(se.Message, "'SMITH, JANE'") &&
			!strings.Contains(se.Message, "'Smith, Jane'") {
			t.Errorf("%s: want 100038 Numeric value 'Smith, Jane' is not recognized, got %v", q, err)
		}
	}
}

// TestSetOperationMixedTypesRefused: where the docs give no answer for
// branches of different types the statement is refused (002040) rather
// than answered as DuckDB would (the text of the others): a text that does
// read as a number beside a NUMBER converts (docs: Data type conversion,
// https://docs.snowflake.com/en/sql-reference/data-type-conversion, "the
// result is a value of type NUMBER(18,5)"), but the docs do not say which
// NUMBER the column is beside the other branch's, whose scale every value
// shows; nor which way a text beside a FLOAT, BOOLEAN, DATE, TIME or
// timestamp converts (both are coercible to each other: the same page's
// table). A VALUES list mixing a text and a number stays refused.
func TestSetOperationMixedTypesRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sr",
		"create table t (v varchar, i int, n number(10,2), f float, d date, b boolean, tm time, ts timestamp_ntz)",
		"insert into t values ('7', 1, 1.50, 2.5, '2024-01-01', true, '10:00:00', '2024-01-01 10:00:00')")
	for _, q := range []string{
		"select '5' union all select 1",
		"select v from t union all select n from t",
		"select i from t union select v from t",
		"select v from t where v is null union all select i from t",
		"select * from t where false union all select * from t where false union all select v, 1, 1, 1, '2024-01-01', true, '10:00:00', '2024-01-01' from t",
		"select v from t union all select f from t",
		"select d from t union all select v from t",
		"select v from t intersect select b from t",
		"select tm from t minus select v from t",
		"select v from t union all select ts from t",
		"select v from t union all select 1.5e0",
		"with c as (select i from t) select i from c union all select v from t",
		"with c as (select d from t) select d from c union all select 'x'",
		"select * from (values ('a'), (1))",
		"select column1 from values ('7'), (1.5)",
	} {
		if se := execErr(t, db, q); se.Number != 2040 {
			t.Errorf("%s: want Snowflake error 002040, got %v", q, se)
		}
	}
}

// TestSetOperationSameFamiliesUnchanged: branches of one family, or NULLs,
// answer as before; a CTE's column beside a number literal, whose type only
// DuckDB sees, folds to itself.
func TestSetOperationSameFamiliesUnchanged(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database su", "create table t (v varchar, i int)", "insert into t values ('a', 42)")
	for q, want := range map[string]string{
		"select v from t union all select 'b' order by 1":                                    "a|b",
		"select i from t union all select 7 order by 1":                                      "7|42",
		"select null union all select 'x' order by 1":                                        "x|",
		"with c as (select i from t) select i from c union all select 7 order by 1":          "7|42",
		"with c as (select v from t) select v x from c union all select 'z' order by 1":      "a|z",
		"select v, i from t union all select 'b', 1 order by 2":                              "b,1|a,42",
		"select * from t union all select * from t":                                          "a,42|a,42",
		"select v || i from t union all select 'q' order by 1":                               "a42|q",
		"select i::varchar from t union all select v from t order by 1":                      "42|a",
		"select x from (select i x from t union all select 0) union all select 5 order by 1": "0|5|42",
		// Items whose types the rewriter works out, of one family; a lone
		// item of unknown type beside NULL.
		"select i + 1 from t union all select count(*) from t order by 1":                                                                                  "1|43",
		"select case when i > 0 then i end from t union all select (select max(i) from t) order by 1":                                                      "42|42",
		"select upper(v) from t union all select v || 'x' from t order by 1":                                                                               "A|ax",
		"select row_number() over (order by i) from t union all select 5 order by 1":                                                                       "1|5",
		"select abs(i) from t union all select null order by 1":                                                                                            "42|",
		"with recursive r (n, m, s) as (select 1, 2, 'a' union all select n + 1, m * 2 + n, s || 'b' from r where n < 3) select n, m, s from r order by 1": "1,2,a|2,5,ab|3,12,abb",
		"select i = 42 from t union all select false order by 1":                                                                                           "0|1",
	} {
		_, rows := queryRows(t, db, q)
		if got := fmtRows(rows); got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
}

// TestSetOperationDerivedTypes: an item whose type the rewriter works out
// from its parts converts beside the other branches as the docs' example
// does (100038, https://docs.snowflake.com/en/sql-reference/operators-query):
// arithmetic of numbers is a number, a DATE minus a DATE "an integer number
// of days" (docs: Arithmetic operators,
// https://docs.snowflake.com/en/sql-reference/operators-arithmetic), a CASE,
// DECODE or GREATEST of its results, a scalar subquery of its item, a user
// function of its RETURNS type, a built-in function of its documented
// result type (a window function too). Each column here had no item of a
// type the rewriter saw (or only the text), and DuckDB answered both rows
// as text (or refused the number).
func TestSetOperationDerivedTypes(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sd",
		"CREATE OR REPLACE TABLE union_test1 (v VARCHAR, d DATE)",
		"CREATE OR REPLACE TABLE union_test2 (i INTEGER)",
		"INSERT INTO union_test1 (v, d) VALUES ('Smith, Jane', '2024-01-01')",
		"INSERT INTO union_test2 (i) VALUES (42)",
		"CREATE FUNCTION f_name() RETURNS VARCHAR AS $$ 'Smith, Jane' $$")
	for _, q := range []string{
		"SELECT CASE WHEN TRUE THEN v END FROM union_test1 UNION ALL SELECT i + 1 FROM union_test2",
		"SELECT DECODE(1, 1, v) FROM union_test1 UNION ALL SELECT GREATEST(i, 2) * 3 FROM union_test2",
		"SELECT (SELECT v FROM union_test1) UNION ALL SELECT -i FROM union_test2",
		"SELECT f_name() UNION ALL SELECT i % 5 FROM union_test2",
		"SELECT REGEXP_REPLACE(v, 'x', 'y') FROM union_test1 UNION ALL SELECT ROW_NUMBER() OVER (ORDER BY i) FROM union_test2",
		"SELECT v FROM union_test1 UNION ALL SELECT d - d FROM union_test1",
		"SELECT NVL2(v, v, NULL) FROM union_test1 UNION SELECT (i + 1) / 2 FROM union_test2",
	} {
		_, err := db.Exec(q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 100038 || !strings.Contains(se.Message, "'Smith, Jane'") {
			t.Errorf("%s: want 100038 Numeric value 'Smith, Jane' is not recognized, got %v", q, err)
		}
	}
}

// TestSetOperationUnknownTypesRefused: where the rewriter cannot tell
// whether a column mixes a text with another type, the statement is
// refused (002040) rather than answered as DuckDB would (a text column
// printing the numbers): a text in a column every item of which is of a
// type it cannot see (DATEADD and INSERT, whose types the docs do not give
// whatever the arguments), a subquery or a
// bind of such a type beside another item; and a mix that reads no row
// (the column's type is then Snowflake's undocumented NUMBER, or
// whatever DuckDB binds), in a query or a CREATE TABLE AS.
func TestSetOperationUnknownTypesRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sk",
		"create table t (v varchar, i int, d date)",
		"insert into t values ('a', 1, '2024-01-01')")
	for _, q := range []string{
		"select dateadd(day, 1, d) from t union all select insert(v, 1, 0, 'x') from t",
		"select (select insert(v, 1, 0, 'x') from t) union all select 1",
		"select insert(v, 1, 0, 'x') from t where i > 5 union all select i from t where i > 5",
		"select v from t where i > 5 union all select i from t where i > 5",
		"select count(*) from (select v from t where i > 5 intersect select i from t)",
		"create table z as select v from t where i > 5 union all select i from t where i > 5",
	} {
		_, err := db.Exec(q)
		if se := (*sf.SnowflakeError)(nil); !errors.As(err, &se) || se.Number != 2040 {
			t.Errorf("%s: want Snowflake error 002040, got %v", q, err)
		}
	}
	rows, err := db.Query("select ? union all select 1", "a")
	if err == nil {
		rows.Close()
	}
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2040 {
		t.Errorf("a bind beside a number: want 002040, got %v", err)
	}
	if _, err := db.Exec("select * from z"); err == nil {
		t.Errorf("CREATE TABLE AS of a refused set operation created the table")
	}
}

// fmtRows joins rows with | and their values with commas.
func fmtRows(rows [][]string) string {
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, ","))
	}
	return strings.Join(out, "|")
}
