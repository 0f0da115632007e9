package snowlocal_test

import (
	"strings"
	"testing"
)

// procOutDocs is https://docs.snowflake.com/en/developer-guide/stored-procedure/stored-procedures-snowflake-scripting
// ("Using arguments passed to a stored procedure"), whose examples the
// output-argument tests run.
const procOutDocs = "stored-procedures-snowflake-scripting"

// TestProcedureOutArguments: a Snowflake Scripting procedure's OUT (or
// OUTPUT) argument "is initialized with the supplied value ... and its final
// value can be passed to a calling program"; the docs' examples answer 2,
// [1, 4, "hello", "hello hi  hi  hi ", true, false] (input arguments keep
// the caller's values, output arguments carry over between calls), 1002
// (Type FLOAT[DOUBLE]) (a FLOAT variable passed to a NUMBER output argument
// is rounded going in and a FLOAT again coming back) and, for a procedure
// calling a procedure with an uninitialized variable, "Total sales for
// employee 2 in quarter 2023_Q4: 5300" (docs: procOutDocs). The engine
// read OUT as part of the argument's type and refused the CALL ("data
// type OUT").
func TestProcedureOutArguments(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database po",
		`CREATE OR REPLACE PROCEDURE simple_out_sp_demo(xout OUT NUMBER)
  RETURNS STRING
  LANGUAGE SQL
AS
$$
BEGIN
  xout := 2;
  RETURN 'Done';
END;
$$`,
		`CREATE OR REPLACE PROCEDURE multiple_out_sp_demo(
    p1_in NUMBER,
    p1_out OUT NUMBER,
    p2_in VARCHAR(100),
    p2_out OUT VARCHAR(100),
    p3_in BOOLEAN,
    p3_out OUT BOOLEAN)
  RETURNS NUMBER
  LANGUAGE SQL
AS
$$
BEGIN
  p1_in := p1_in + 1;
  p1_out := p1_out + 1;
  p2_in := p2_in || ' hi ';
  p2_out := p2_out || ' hi ';
  p3_in := (NOT p3_in);
  p3_out := (NOT p3_out);
  RETURN 1;
END;
$$`,
		`CREATE OR REPLACE PROCEDURE sp_out_coercion(x OUT NUMBER)
  RETURNS STRING
  LANGUAGE SQL
AS
$$
BEGIN
  x := x * 2;
  RETURN 'Done';
END;
$$`,
		`CREATE OR REPLACE TABLE quarterly_sales(
  empid INT,
  amount INT,
  quarter TEXT)
  AS SELECT * FROM VALUES
    (1, 10000, '2023_Q1'),
    (1, 400, '2023_Q1'),
    (2, 4500, '2023_Q1'),
    (2, 35000, '2023_Q1'),
    (1, 5000, '2023_Q2'),
    (1, 3000, '2023_Q2'),
    (2, 200, '2023_Q2'),
    (2, 90500, '2023_Q2'),
    (1, 6000, '2023_Q3'),
    (1, 5000, '2023_Q3'),
    (2, 2500, '2023_Q3'),
    (2, 9500, '2023_Q3'),
    (3, 2700, '2023_Q3'),
    (1, 8000, '2023_Q4'),
    (1, 10000, '2023_Q4'),
    (2, 800, '2023_Q4'),
    (2, 4500, '2023_Q4'),
    (3, 2700, '2023_Q4'),
    (3, 16000, '2023_Q4'),
    (3, 10200, '2023_Q4')`,
		`CREATE OR REPLACE PROCEDURE sales_total_out_sp_demo(
    id INT,
    quarter VARCHAR(20),
    total_sales OUT NUMBER(38,0))
  RETURNS STRING
  LANGUAGE SQL
AS
$$
BEGIN
  SELECT SUM(amount) INTO total_sales FROM quarterly_sales
    WHERE empid = :id AND
          quarter = :quarter;
  RETURN 'Done';
END;
$$`,
		`CREATE OR REPLACE PROCEDURE emp_quarter_calling_sp_demo(
    id INT,
    quarter VARCHAR(20))
  RETURNS STRING
  LANGUAGE SQL
AS
$$
BEGIN
  LET x NUMBER(38,0);
  CALL sales_total_out_sp_demo(:id, :quarter, :x);
  RETURN 'Total sales for employee ' || id || ' in quarter ' || quarter || ': ' || x;
END;
$$`)
	for _, c := range []struct{ q, want string }{
		{`BEGIN
  LET x := 1;
  CALL simple_out_sp_demo(:x);
  RETURN x;
END;`, "2"},
		{`BEGIN
  LET x_in INT := 1;
  LET x_out INT := 1;
  LET y_in VARCHAR(100) := 'hello';
  LET y_out VARCHAR(100) := 'hello';
  LET z_in BOOLEAN := true;
  LET z_out BOOLEAN := true;

  CALL multiple_out_sp_demo(:x_in, :x_out, :y_in, :y_out, :z_in, :z_out);
  CALL multiple_out_sp_demo(:x_in, :x_out, :y_in, :y_out, :z_in, :z_out);
  CALL multiple_out_sp_demo(:x_in, :x_out, :y_in, :y_out, :z_in, :z_out);
  RETURN [x_in, x_out, y_in, y_out, z_in, z_out];
END;`, "[\n  1,\n  4,\n  \"hello\",\n  \"hello hi  hi  hi \",\n  true,\n  false\n]"},
		{`BEGIN
  LET a FLOAT := 500.662;
  CALL sp_out_coercion(:a);
  RETURN a || ' (Type ' || SYSTEM$TYPEOF(a) || ')';
END;`, "1002 (Type FLOAT[DOUBLE])"},
		{`CALL emp_quarter_calling_sp_demo(2, '2023_Q4')`, "Total sales for employee 2 in quarter 2023_Q4: 5300"},
	} {
		_, rows := queryRows(t, db, c.q)
		if len(rows) != 1 || len(rows[0]) != 1 {
			t.Errorf("%s: got %q, want one value %s (docs: %s)", c.q, rows, c.want, procOutDocs)
			continue
		}
		if rows[0][0] != c.want {
			t.Errorf("%s: got %q, want %q (docs: %s)", c.q, rows[0][0], c.want, procOutDocs)
		}
	}
}

// TestProcedureOutArgumentKeywords: "{ IN | INPUT | OUT | OUTPUT } ...
// IN and INPUT are synonymous ... OUT and OUTPUT are synonymous" (docs:
// procOutDocs, Syntax); an input argument's changes stay in the procedure.
func TestProcedureOutArgumentKeywords(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database pk",
		`CREATE PROCEDURE kw(a IN NUMBER, b INPUT NUMBER, c OUTPUT NUMBER)
  RETURNS STRING
  LANGUAGE SQL
AS
$$
BEGIN
  a := a + 10;
  b := b + 10;
  c := a + b;
  RETURN 'Done';
END;
$$`)
	_, rows := queryRows(t, db, `BEGIN
  LET a := 1;
  LET b := 2;
  LET c NUMBER;
  CALL kw(:a, :b, :c);
  RETURN a || ',' || b || ',' || c;
END;`)
	if got := fmtRows(rows); got != "1,2,23" {
		t.Errorf("IN, INPUT and OUTPUT arguments: got %s, want 1,2,23", got)
	}
}

// TestProcedureOutArgumentRefusals: what the docs leave unanswered is
// refused: an expression passed to an output argument (:x + 2 "returns an
// error" whose text the docs do not show), one variable passed to two
// output arguments ("The same variable can't be used for multiple output
// arguments"), a session variable ("can't be passed to output
// arguments"), and a CALL outside a block, whose output the docs do not
// show (docs: procOutDocs).
func TestProcedureOutArgumentRefusals(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database pr", "set sv = 1",
		`CREATE PROCEDURE one_out(xout OUT NUMBER)
  RETURNS STRING
  LANGUAGE SQL
AS
$$
BEGIN
  xout := 2;
  RETURN 'Done';
END;
$$`,
		`CREATE PROCEDURE two_out(p OUT NUMBER, q OUT NUMBER)
  RETURNS STRING
  LANGUAGE SQL
AS
$$
BEGIN
  p := 1;
  q := 2;
  RETURN 'Done';
END;
$$`)
	notVariable := "passed something other than a variable of the calling block"
	wantRefused(t, db, "BEGIN LET x := 1; CALL one_out(:x + 2); RETURN x; END;", notVariable)
	wantRefused(t, db, "BEGIN CALL one_out($sv); RETURN 1; END;", notVariable)
	wantRefused(t, db, "BEGIN LET x := 1; CALL two_out(:x, :x); RETURN x; END;", "one variable (X) passed to several output arguments")
	wantRefused(t, db, "CALL one_out(1)", "CALL of a procedure with output arguments outside a Snowflake Scripting block")
}

// TestSystemTypeofFloat: SYSTEM$TYPEOF of a FLOAT variable is FLOAT[DOUBLE]
// (docs: procOutDocs, "Using an output argument with a different data type
// than the input value from a calling procedure"; a FLOAT is a
// double-precision number: Numeric data types). The engine refused it; the
// type of a NULL cast to FLOAT the docs do not show and stays refused.
func TestSystemTypeofFloat(t *testing.T) {
	db := open(t)
	_, rows := queryRows(t, db, "select system$typeof(cast('1.5' as float)), system$typeof(cast(2 as double))")
	if got := fmtRows(rows); got != "FLOAT[DOUBLE],FLOAT[DOUBLE]" {
		t.Errorf("SYSTEM$TYPEOF of FLOAT values: got %s, want FLOAT[DOUBLE],FLOAT[DOUBLE]", got)
	}
	_, rows = queryRows(t, db, "BEGIN LET a FLOAT := 500.662; RETURN SYSTEM$TYPEOF(a); END;")
	if got := fmtRows(rows); got != "FLOAT[DOUBLE]" {
		t.Errorf("SYSTEM$TYPEOF of a FLOAT variable: got %s, want FLOAT[DOUBLE]", got)
	}
	wantRefused(t, db, "select system$typeof(cast(null as float))", "function SYSTEM$TYPEOF of an expression whose storage type the engine does not know")
}

// flowDocs is https://docs.snowflake.com/en/sql-reference/operators-flow.
const flowDocs = "operators-flow"

// TestFlowOperator: statements chained by ->> run in order; in a FROM clause
// $n is the result of the statement n places back (elsewhere $1 is still
// the first column), the chain answers its last statement's result (docs:
// flowDocs, whose examples these are, and Working with stored procedures'
// CALL test_sp() ->> SELECT * FROM $1 WHERE a > 1). The engine refused the
// operator.
func TestFlowOperator(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database fl",
		`CREATE OR REPLACE TABLE dept_pipe_demo (
  deptno NUMBER(2),
  dname VARCHAR(14),
  loc VARCHAR(13)
  ) AS SELECT * FROM VALUES
     (10, 'ACCOUNTING', 'NEW YORK'),
     (20, 'RESEARCH', 'DALLAS'),
     (30, 'SALES', 'CHICAGO'),
     (40, 'OPERATIONS', 'BOSTON')`,
		`CREATE OR REPLACE TABLE emp_pipe_demo (
  empno NUMBER(4),
  ename VARCHAR(10),
  sal NUMBER(7,2),
  deptno NUMBER(2)
  ) AS SELECT * FROM VALUES
    (7369, 'SMITH', 800, 20),
    (7499, 'ALLEN', 1600, 30),
    (7521, 'WARD', 1250, 30),
    (7698, 'BLAKE', 2850, 30),
    (7782, 'CLARK', 2450, 10)`,
		"CREATE OR REPLACE TABLE t001 (a INTEGER)", "INSERT INTO t001 VALUES (1), (2)",
		`CREATE OR REPLACE PROCEDURE test_sp()
RETURNS TABLE(a INTEGER)
LANGUAGE SQL
AS
$$
  DECLARE
      res RESULTSET default (SELECT a FROM t001 ORDER BY a);
  BEGIN
      RETURN TABLE(res);
  END;
$$`)
	for _, c := range []struct{ q, want string }{
		{`SELECT * FROM dept_pipe_demo WHERE dname = 'SALES'
  ->> SELECT * FROM emp_pipe_demo WHERE sal > 1500 AND deptno IN (SELECT deptno FROM $1)
  ->> SELECT ename, sal FROM $1 ORDER BY 2 DESC`, "BLAKE,2850.00|ALLEN,1600.00"},
		{`CREATE OR REPLACE TABLE test_sql_pipe_dml (a INT, b INT)
  ->> INSERT INTO test_sql_pipe_dml VALUES (1, 2)
  ->> INSERT INTO test_sql_pipe_dml VALUES (3, 4)
  ->> INSERT INTO test_sql_pipe_dml VALUES (5, 6)
  ->> INSERT INTO test_sql_pipe_dml VALUES (7, 8)
  ->> SELECT (SELECT $1 FROM $4) +
             (SELECT $1 FROM $3) +
             (SELECT $1 FROM $2) +
             (SELECT $1 FROM $1)
        AS "Number of rows"`, "4"},
		{`BEGIN TRANSACTION
  ->> INSERT INTO test_sql_pipe_dml VALUES (1, 2)
  ->> DELETE FROM test_sql_pipe_dml WHERE a = 1
  ->> UPDATE test_sql_pipe_dml SET b = 2
  ->> COMMIT
  ->> SELECT
        (SELECT $1 FROM $4) AS "Inserted rows",
        (SELECT $1 FROM $3) AS "Deleted rows",
        (SELECT $1 FROM $2) AS "Updated rows"`, "1,2,3"},
		{`CREATE OR REPLACE TABLE test_sql_pipe_drop (
    id INT IDENTITY START 10 INCREMENT 1,
    data VARCHAR)
  ->> INSERT INTO test_sql_pipe_drop (data) VALUES ('row1'), ('row2'), ('row3')
  ->> SELECT * FROM test_sql_pipe_drop
  ->> DROP TABLE test_sql_pipe_drop
  ->> SELECT COUNT(*) "Number of rows", MAX(id) AS "Last ID" FROM $2`, "3,12"},
		{`CALL test_sp()
  ->> SELECT *
        FROM $1
        WHERE a > 1`, "2"},
		// SHOW's lower-case column names are read with quotes (docs: flowDocs).
		{`SHOW TABLES ->> SELECT "name" AS table_name FROM $1 WHERE "name" LIKE '%PIPE%' ORDER BY 1`, "DEPT_PIPE_DEMO|EMP_PIPE_DEMO|TEST_SQL_PIPE_DML"},
		// A result without rows is an empty relation; $2 and $1 in one FROM.
		{`SELECT a FROM t001 WHERE a > 5 ->> SELECT COUNT(*) FROM $1`, "0"},
		{`SELECT a FROM t001 ->> SELECT a * 10 AS b FROM $1 ->> SELECT x.a, y.b FROM $2 x JOIN $1 y ON y.b = x.a * 10 ORDER BY 1`, "1,10|2,20"},
		// The chain in a block, its RESULTSET declared before (docs: flowDocs, Limitations).
		{`BEGIN
  LET res RESULTSET;
  res := (SELECT 'myvalue' ->> SELECT $1 FROM $1);
  RETURN TABLE(res);
END;`, "myvalue"},
	} {
		if _, rows := queryRows(t, db, c.q); fmtRows(rows) != c.want {
			t.Errorf("%s\ngot  %s\nwant %s (docs: %s)", c.q, fmtRows(rows), c.want, flowDocs)
		}
	}
}

// TestFlowOperatorRefusals: what the docs leave open is refused: a
// RESULTSET declared and assigned a chain in one statement ("returns an
// error", its text not shown), a $n naming no earlier statement, and bind
// variables ("aren't supported") (docs: flowDocs, Limitations). DuckDB's
// JSON operator ->> stays a syntax error.
func TestFlowOperatorRefusals(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database flr", "create table t (a int, v variant)")
	wantRefused(t, db, `BEGIN
  LET res RESULTSET := (SELECT 'myvalue' ->> SELECT $1 FROM $1);
  RETURN TABLE(res);
END;`, "a RESULTSET declared with a query using the flow operator")
	wantRefused(t, db, "SELECT 1 ->> SELECT * FROM $2", "$2 in a FROM clause of a flow operator chain naming no earlier statement")
	if rows, err := db.Query("SELECT ? ->> SELECT * FROM $1", 1); err == nil || !strings.Contains(err.Error(), "the flow operator ->> with bind variables") {
		if err == nil {
			rows.Close()
		}
		t.Errorf("a chain with a bind variable: got %v, want 002040", err)
	}
	if err := queryErr(db, "select v->>'k' from t"); err == nil || !strings.Contains(err.Error(), "001003") {
		t.Errorf("select v->>'k': got %v, want a syntax error", err)
	}
}

// TestGetDDLTable: GET_DDL('TABLE', name) prints `create or replace TABLE
// NAME (`, one column a line indented by a tab (the docs' boxes render it
// as spaces), `);`; data type aliases are replaced by the standard names,
// or kept with ENABLE_GET_DDL_USE_DATA_TYPE_ALIAS = TRUE (docs: parameters,
// https://docs.snowflake.com/en/sql-reference/parameters); NOT NULL follows
// a column's type, TABLE and VIEW are interchangeable (docs: get_ddl,
// https://docs.snowflake.com/en/sql-reference/functions/get_ddl). The engine
// refused GET_DDL and the parameter's TRUE.
func TestGetDDLTable(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database gd", "CREATE TABLE test_get_ddl_aliases(x CHAR, y BIGINT, z DATETIME)",
		"create table nn (a number(10,2) not null, b varchar(20))")
	standard := "create or replace TABLE TEST_GET_DDL_ALIASES (\n\tX VARCHAR(1),\n\tY NUMBER(38,0),\n\tZ TIMESTAMP_NTZ(9)\n);"
	for _, c := range []struct{ q, want string }{
		{"SELECT GET_DDL('TABLE', 'test_get_ddl_aliases')", standard},
		{"SELECT GET_DDL('view', 'gd.public.test_get_ddl_aliases')", standard},
		{"SELECT GET_DDL('TABLE', 'nn')", "create or replace TABLE NN (\n\tA NUMBER(10,2) NOT NULL,\n\tB VARCHAR(20)\n);"},
	} {
		if _, rows := queryRows(t, db, c.q); len(rows) != 1 || rows[0][0] != c.want {
			t.Errorf("%s:\ngot  %q\nwant %q", c.q, rows, c.want)
		}
	}
	mustExec(t, db, "ALTER SESSION SET ENABLE_GET_DDL_USE_DATA_TYPE_ALIAS = TRUE")
	want := "create or replace TABLE TEST_GET_DDL_ALIASES (\n\tX CHAR,\n\tY BIGINT,\n\tZ DATETIME\n);"
	if _, rows := queryRows(t, db, "SELECT GET_DDL('TABLE', 'test_get_ddl_aliases')"); len(rows) != 1 || rows[0][0] != want {
		t.Errorf("with ENABLE_GET_DDL_USE_DATA_TYPE_ALIAS: got %q, want %q", rows, want)
	}
	// A declared NUMBER(10,2) is no alias the engine keeps.
	wantRefused(t, db, "SELECT GET_DDL('TABLE', 'nn')", "GET_DDL of a table with a NUMBER(10,2) column")
}

// TestGetDDLRefusals: what the docs do not show is refused: other object
// types, a view (the get_ddl page's example and usage notes disagree on its
// text), the third argument, types, defaults and comments its examples do
// not print, a TIMESTAMP_NTZ declared with a precision (which the engine
// does not keep).
func TestGetDDLRefusals(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database gr", "create table f (a float)", "create table d (a varchar default 'x')",
		"create table c (a int) comment = 'c'", "create table ts (a timestamp_ntz(9))", "create table ok (a int)",
		"create view v as select 1 a")
	for _, c := range [][2]string{
		{"select get_ddl('schema', 'public')", "GET_DDL of object type SCHEMA"},
		{"select get_ddl('view', 'v')", "GET_DDL of a view"},
		{"select get_ddl('table', 'ok', true)", "GET_DDL with use_fully_qualified_names_for_recreated_objects"},
		{"select get_ddl('table', 'f')", "GET_DDL of a table with a FLOAT column"},
		{"select get_ddl('table', 'd')", "GET_DDL of a table with a column DEFAULT"},
		{"select get_ddl('table', 'c')", "GET_DDL of a table with a comment"},
		{"select get_ddl('table', 'ts')", "GET_DDL of a table with a TIMESTAMP_NTZ(9) column"},
		{"select get_ddl('table', a) from (select 'ok' a)", "GET_DDL of arguments other than string literals"},
	} {
		wantRefused(t, db, c[0], c[1])
	}
}
