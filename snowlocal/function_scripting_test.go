package snowlocal_test

import (
	"fmt"
	"testing"
)

// The examples of docs.snowflake.com developer-guide/udf/sql/
// udf-sql-procedural-functions ("Snowflake Scripting UDFs"), with the
// results the page prints.

const calculateProfitUDF = `CREATE OR REPLACE FUNCTION calculate_profit(
  cost NUMBER(38, 2),
  revenue NUMBER(38, 2))
RETURNS number(38, 2)
LANGUAGE SQL
AS
$$
DECLARE
  profit NUMBER(38, 2) DEFAULT 0.0;
BEGIN
  profit := revenue - cost;
  RETURN profit;
END;
$$`

const raiseExceptionUDF = `CREATE OR REPLACE FUNCTION raise_exception(input_value INTEGER)
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
DECLARE
  counter_val INTEGER DEFAULT 0;
  my_exception EXCEPTION (-20002, 'My exception text');
BEGIN
  WHILE (counter_val < 12) DO
    counter_val := counter_val + 1;
    IF (counter_val > 10) THEN
      RAISE my_exception;
    END IF;
  END WHILE;
  RETURN counter_val;
EXCEPTION
  WHEN my_exception THEN
    IF (input_value = 1) THEN
      RETURN 'My exception caught: ' || sqlcode;
    ELSEIF (input_value = 2) THEN
      RETURN 'My exception caught with different path: ' || sqlcode;
    END IF;
    RETURN 'Default exception handling path: ' || sqlcode;
END;
$$`

// TestScriptingUDF: a SQL function whose body is a block runs per row,
// with the row's arguments, and answers as the docs print (it was refused).
func TestScriptingUDF(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database sudf", "use schema sudf.public", calculateProfitUDF, raiseExceptionUDF,
		`CREATE OR REPLACE TABLE snowflake_scripting_udf_profit(cost NUMBER(38, 2), revenue NUMBER(38, 2))`,
		`INSERT INTO snowflake_scripting_udf_profit VALUES (100, 200), (200, 190), (300, 500), (400, 401)`)
	if got := queryOne(t, db, "SELECT calculate_profit(100, 110)"); got != "10.00" {
		t.Errorf("calculate_profit(100, 110) = %s, want 10.00 (docs)", got)
	}
	_, rows := queryRows(t, db, "SELECT calculate_profit(cost, revenue) FROM snowflake_scripting_udf_profit ORDER BY cost")
	if got := fmt.Sprint(rows); got != "[[100.00] [-10.00] [200.00] [1.00]]" {
		t.Errorf("calculate_profit over the table = %s, want 100.00, -10.00, 200.00, 1.00 (docs)", got)
	}
	for arg, want := range map[string]string{
		"1":    "My exception caught: -20002",
		"2":    "My exception caught with different path: -20002",
		"NULL": "Default exception handling path: -20002",
	} {
		if got := queryOne(t, db, "SELECT raise_exception("+arg+")"); got != want {
			t.Errorf("raise_exception(%s) = %q, want %q (docs)", arg, got, want)
		}
	}
	// A block's argument comes back as the value it was (identity).
	mustExec(t, db, `create function same_date(d DATE) returns DATE language sql as $$ BEGIN RETURN d; END; $$`,
		`create function same_flag(b BOOLEAN) returns BOOLEAN language sql as $$ BEGIN RETURN b; END; $$`)
	if got := queryOne(t, db, "SELECT same_date('2024-02-29'::DATE) = '2024-02-29'::DATE AND same_flag(FALSE) = FALSE"); got != "1" {
		t.Errorf("identity functions: got %s, want TRUE", got)
	}
}

// TestScriptingUDFRefused: what the docs rule out of a Snowflake Scripting
// UDF (their errors are not documented) and what the local engine cannot
// carry is refused with 002040 naming it.
func TestScriptingUDFRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database sudfr", "use schema sudfr.public", "create table t (a int)",
		"create function plain(a integer) returns integer as 'a + 1'")
	for _, c := range []struct{ returns, body, want string }{
		{"integer", "BEGIN SELECT 1; RETURN 1; END;", "a SQL statement"},
		{"integer", "DECLARE c CURSOR FOR SELECT a FROM t; BEGIN RETURN 1; END;", "a CURSOR"},
		{"integer", "DECLARE r RESULTSET DEFAULT (SELECT 1); BEGIN RETURN 1; END;", "a RESULTSET"},
		{"integer", "BEGIN RETURN (SELECT MAX(a) FROM t); END;", "a query"},
		{"integer", "BEGIN RETURN SUM(a); END;", "aggregate function SUM"},
		{"integer", "BEGIN RETURN ROW_NUMBER() OVER (ORDER BY a); END;", "window function"},
		{"integer", "BEGIN RETURN plain(a); END;", "user-defined function PLAIN"},
		{"date", "BEGIN RETURN CURRENT_DATE; END;", "CURRENT_DATE"},
		{"timestamp_ntz", "BEGIN RETURN CURRENT_TIMESTAMP(); END;", "returning TIMESTAMP_NTZ"},
		{"table (x integer)", "BEGIN RETURN 1; END;", "table function"},
	} {
		_, err := db.Exec("create function f(a integer) returns " + c.returns + " language sql as $$" + c.body + "$$")
		snowflakeError(t, err, 2040, c.want)
	}
	_, err := db.Exec("create function v(x variant) returns integer language sql as $$ BEGIN RETURN 1; END; $$")
	snowflakeError(t, err, 2040, "argument of type VARIANT")

	// Ending without RETURN, or with an exception it does not handle: the
	// docs do not say what Snowflake answers for a function.
	mustExec(t, db, `create function noreturn(a integer) returns integer language sql as $$ BEGIN IF (a > 0) THEN RETURN a; END IF; END; $$`,
		`create function unhandled(a integer) returns integer language sql as $$ DECLARE e EXCEPTION (-20001, 'boom'); BEGIN IF (a > 0) THEN RAISE e; END IF; RETURN a; END; $$`)
	if got := queryOne(t, db, "select noreturn(2) + unhandled(0)"); got != "2" {
		t.Errorf("noreturn(2) + unhandled(0) = %s, want 2", got)
	}
	err = queryErr(db, "select noreturn(0)")
	snowflakeError(t, err, 2040, "ending without RETURN")
	err = queryErr(db, "select unhandled(1)")
	snowflakeError(t, err, 2040, "does not handle")

	// "Snowflake Scripting UDFs can't be used in a COPY INTO command": the
	// load is refused before it reads a file, whatever ON_ERROR says.
	mustExec(t, db, "create stage st", "create table loaded (a int)")
	_, err = db.Exec("copy into loaded from (select noreturn($1) from @st) on_error = continue")
	snowflakeError(t, err, 2040, "NORETURN in COPY INTO")

	// A body that only mentions BEGIN later is an expression.
	mustExec(t, db, "create function begins(s varchar) returns boolean as $$ startswith(s, 'BEGIN') $$")
	if got := queryOne(t, db, "select begins('BEGIN;')"); got != "1" {
		t.Fatalf("begins('BEGIN;') = %s", got)
	}
}

// TestTextNumberOrder: a text ordered against a number (WHERE
// get_product(p1, p2) > 350 on the scripting UDF page, where get_product
// returns VARCHAR; the page's answer is the rows of products 700 and 400)
// is read as a number by Snowflake (docs: Data type conversion), failing
// with 100038 on text that is no number. DuckDB does not bind it: the
// engine refused it (002040). Two sides neither of which is a number
// literal stay refused.
func TestTextNumberOrder(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database tnum", "use schema tnum.public", "create table t (p1 int, p2 int)",
		"insert into t values (100, 7), (100, 3), (100, 4), (null, null)",
		"create table s (s varchar)", "insert into s values ('5'), ('400'), ('17.0'), (null)")
	for _, c := range []struct{ q, want string }{
		{"select count(*) from t where (p1 * p2)::varchar > 350", "2"},
		{"select count(*) from t where 350 <= to_varchar(p1 * p2)", "2"},
		{"select count(*) from s where s > 5", "2"},
		{"select count(*) from s where s <= 17", "2"},
		{"select count(*) from s where s >= 4.5", "3"},
		{"select count(*) from (select s from s) where s < 6", "1"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %s, want %s", c.q, got, c.want)
		}
	}
	mustExec(t, db, "insert into s values ('abc')")
	err := queryErr(db, "select count(*) from s where s > 5")
	snowflakeError(t, err, 100038, "Numeric value 'abc' is not recognized")
	err = queryErr(db, "select * from t, s where s > p1")
	snowflakeError(t, err, 2040, "comparing a VARCHAR with a number")
}
