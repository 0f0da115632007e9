package snowlocal_test

import (
	"reflect"
	"testing"
)

// Asynchronous child jobs answer as the documented examples do (docs:
// https://docs.snowflake.com/en/developer-guide/snowflake-scripting/asynchronous-child-jobs
// and .../sql-reference/snowflake-scripting/await).
func TestScriptingAsyncChildJobs(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database scripting_async",
		"CREATE OR REPLACE TABLE orders_q1_2024 (order_id INT, order_amount NUMBER(12,2))",
		"INSERT INTO orders_q1_2024 VALUES (1, 500.00), (2, 225.00), (3, 725.00), (4, 150.00), (5, 900.00)",
		"CREATE OR REPLACE TABLE orders_q2_2024 (order_id INT, order_amount NUMBER(12,2))",
		"INSERT INTO orders_q2_2024 VALUES (1, 100.00), (2, 645.00), (3, 275.00), (4, 800.00), (5, 250.00)",
		`CREATE OR REPLACE PROCEDURE test_sp_async_child_jobs_query()
RETURNS INTEGER
LANGUAGE SQL
AS
$$
  DECLARE
    accumulator1 INTEGER DEFAULT 0;
    accumulator2 INTEGER DEFAULT 0;
    res1 RESULTSET DEFAULT ASYNC (SELECT order_amount FROM orders_q1_2024);
    res2 RESULTSET DEFAULT ASYNC (SELECT order_amount FROM orders_q2_2024);
  BEGIN
    AWAIT res1;
    LET cur1 CURSOR FOR res1;
    OPEN cur1;
    AWAIT res2;
    LET cur2 CURSOR FOR res2;
    OPEN cur2;
    FOR row_variable IN cur1 DO
        accumulator1 := accumulator1 + row_variable.order_amount;
    END FOR;
    FOR row_variable IN cur2 DO
        accumulator2 := accumulator2 + row_variable.order_amount;
    END FOR;
    RETURN accumulator1 + accumulator2;
  END;
$$`,
		`CREATE OR REPLACE PROCEDURE test_sp_async_child_jobs_insert(
  arg1 INT,
  arg2 NUMBER(12,2),
  arg3 INT,
  arg4 NUMBER(12,2))
RETURNS TABLE()
LANGUAGE SQL
AS
$$
  BEGIN
   CREATE TABLE IF NOT EXISTS orders_q3_2024 (
      order_id INT,
      order_amount NUMBER(12,2));
    LET insert_1 RESULTSET := ASYNC (INSERT INTO orders_q3_2024 SELECT :arg1, :arg2);
    LET insert_2 RESULTSET := ASYNC (INSERT INTO orders_q3_2024 SELECT :arg3, :arg4);
    AWAIT insert_1;
    AWAIT insert_2;
    LET res RESULTSET := (SELECT * FROM orders_q3_2024 ORDER BY order_id);
    RETURN TABLE(res);
  END;
$$`,
		`CREATE OR REPLACE PROCEDURE test_async_child_job_inserts()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
BEGIN
  CREATE OR REPLACE TABLE test_child_job_queries1 (col1 INT);
  ASYNC (INSERT INTO test_child_job_queries1(col1) VALUES(1));
  ASYNC (INSERT INTO test_child_job_queries1(col1) VALUES(2));
  ASYNC (INSERT INTO test_child_job_queries1(col1) VALUES(3));
  AWAIT ALL;
END;
$$`)

	// "Example: Running child jobs that query tables concurrently": 4570.
	cols, rows := queryRows(t, db, "CALL test_sp_async_child_jobs_query()")
	if want := [][]string{{"4570"}}; !reflect.DeepEqual(cols, []string{"TEST_SP_ASYNC_CHILD_JOBS_QUERY"}) || !reflect.DeepEqual(rows, want) {
		t.Errorf("query jobs: %v %v, want TEST_SP_ASYNC_CHILD_JOBS_QUERY %v", cols, rows, want)
	}
	// "Example: Running child jobs that insert rows into tables concurrently".
	cols, rows = queryRows(t, db, "CALL test_sp_async_child_jobs_insert(1, 325, 2, 241)")
	if want := [][]string{{"1", "325.00"}, {"2", "241.00"}}; !reflect.DeepEqual(cols, []string{"ORDER_ID", "ORDER_AMOUNT"}) || !reflect.DeepEqual(rows, want) {
		t.Errorf("insert jobs: %v %v, want ORDER_ID, ORDER_AMOUNT %v", cols, rows, want)
	}
	// "Create a stored procedure that inserts values concurrently" with
	// AWAIT ALL: the table then holds 1, 2, 3.
	mustExec(t, db, "CALL test_async_child_job_inserts()")
	if _, rows := queryRows(t, db, "SELECT col1 FROM test_child_job_queries1 ORDER BY col1"); !reflect.DeepEqual(rows, [][]string{{"1"}, {"2"}, {"3"}}) {
		t.Errorf("AWAIT ALL inserts: %v, want 1, 2, 3", rows)
	}
	// "Create a stored procedure that calls other stored procedures
	// concurrently": UPDATEs of different rows, and CALLs of procedures
	// touching different tables, answer in any order.
	mustExec(t, db, "CREATE OR REPLACE TABLE test_child_job_queries2 (id INT, cola INT)",
		"INSERT INTO test_child_job_queries2 VALUES (1, 100), (2, 101), (3, 102)",
		`CREATE OR REPLACE PROCEDURE test_async_child_job_updates()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
BEGIN
  ASYNC (UPDATE test_child_job_queries2 SET cola=200 WHERE id=1);
  ASYNC (UPDATE test_child_job_queries2 SET cola=201 WHERE id=2);
  ASYNC (UPDATE test_child_job_queries2 SET cola=202 WHERE id=3);
  AWAIT ALL;
END;
$$`,
		`CREATE OR REPLACE PROCEDURE test_async_child_job_calls()
RETURNS VARCHAR
LANGUAGE SQL
AS
$$
BEGIN
  ASYNC (CALL test_async_child_job_inserts());
  ASYNC (CALL test_async_child_job_updates());
  AWAIT ALL;
END;
$$`,
		"CALL test_async_child_job_calls()")
	if _, rows := queryRows(t, db, "SELECT col1 FROM test_child_job_queries1 ORDER BY col1"); !reflect.DeepEqual(rows, [][]string{{"1"}, {"2"}, {"3"}}) {
		t.Errorf("AWAIT ALL calls, inserts: %v, want 1, 2, 3", rows)
	}
	if _, rows := queryRows(t, db, "SELECT * FROM test_child_job_queries2 ORDER BY id"); !reflect.DeepEqual(rows, [][]string{{"1", "200"}, {"2", "201"}, {"3", "202"}}) {
		t.Errorf("AWAIT ALL calls, updates: %v, want 1 200, 2 201, 3 202", rows)
	}
	// SQLROWCOUNT and SQLFOUND are "available after the AWAIT statement
	// associated with the asynchronous child job for a RESULTSET runs"
	// (docs: await): the job's two inserted rows.
	mustExec(t, db, "CREATE TABLE counted (a INT)")
	_, rows = queryRows(t, db, "BEGIN\n  LET r RESULTSET := ASYNC (INSERT INTO counted VALUES (1), (2));\n  AWAIT r;\n  RETURN SQLROWCOUNT || ' ' || SQLFOUND;\nEND;")
	if want := [][]string{{"2 true"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("SQLROWCOUNT after AWAIT: %v, want %v", rows, want)
	}
}

// Forms whose answer would show that the local engine runs a child job at
// its AWAIT instead of concurrently, or that the docs leave open, are
// refused with 002040 naming them.
func TestScriptingAsyncRefusals(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database scripting_async_refused",
		"CREATE TABLE t (id INT, cola INT)",
		"INSERT INTO t VALUES (1, 100), (2, 101), (3, 102)",
		"CREATE TABLE numbered (id INT IDENTITY, a INT)",
		"CREATE PROCEDURE set_one() RETURNS VARCHAR LANGUAGE SQL AS 'BEGIN UPDATE t SET cola = 1 WHERE id = 1; END;'",
		"CREATE PROCEDURE set_two() RETURNS VARCHAR LANGUAGE SQL AS 'BEGIN UPDATE t SET cola = 2 WHERE id = 2; END;'",
		"CREATE PROCEDURE read_t() RETURNS VARCHAR LANGUAGE SQL AS 'BEGIN CREATE TABLE u (a INT); INSERT INTO u SELECT id FROM t; END;'")
	for _, c := range []struct{ sql, part string }{
		// "These variables aren't available when an AWAIT ALL statement
		// runs" (docs: await).
		{"BEGIN\n  ASYNC (SELECT 1);\n  AWAIT ALL;\n  RETURN SQLROWCOUNT;\nEND;", "SQLROWCOUNT after ASYNC or AWAIT ALL"},
		{"BEGIN\n  LET r RESULTSET := ASYNC (SELECT * FROM t);\n  CANCEL r;\nEND;", "'CANCEL'"},
		// The documented failing job (docs: await, usage notes).
		{"BEGIN\n  LET res RESULTSET := ASYNC (SELECT * FROM invalid_table);\n  AWAIT res;\nEND;", "an ASYNC child job that fails"},
		{"BEGIN\n  ASYNC (INSERT INTO t VALUES (5, 104));\n  UPDATE t SET cola = 0;\n  AWAIT ALL;\nEND;", "a SQL statement while an ASYNC child job has not been awaited"},
		{"BEGIN\n  ASYNC (INSERT INTO t VALUES (5, 104));\n  LET n INT := (SELECT COUNT(*) FROM t);\n  AWAIT ALL;\nEND;", "has not been awaited"},
		// UPDATEs whose order may show: one row set twice, a column one
		// sets and another picks rows by, an UPDATE beside an INSERT, one
		// setting an expression, and rows picked by a literal other than an
		// integer (1 and 2.0 differ, but the rule reads integers only).
		{"BEGIN\n  ASYNC (UPDATE t SET cola=200 WHERE id=1);\n  ASYNC (UPDATE t SET cola=201 WHERE id=1.0);\n  AWAIT ALL;\nEND;", "concurrent ASYNC UPDATEs"},
		{"BEGIN\n  ASYNC (UPDATE t SET cola=200);\n  ASYNC (UPDATE t SET cola=201 WHERE id=2);\n  AWAIT ALL;\nEND;", "concurrent ASYNC UPDATEs"},
		{"BEGIN\n  ASYNC (UPDATE t SET id=5 WHERE id=1);\n  ASYNC (UPDATE t SET cola=201 WHERE id=5);\n  AWAIT ALL;\nEND;", "concurrent ASYNC UPDATEs"},
		{"BEGIN\n  ASYNC (UPDATE t SET cola=200 WHERE id=1);\n  ASYNC (UPDATE t SET cola=201 WHERE id=2.0);\n  AWAIT ALL;\nEND;", "concurrent ASYNC UPDATEs"},
		{"BEGIN\n  ASYNC (UPDATE t SET cola=200 WHERE id=1);\n  ASYNC (INSERT INTO t VALUES (9, 109));\n  AWAIT ALL;\nEND;", "not all SELECTs"},
		{"BEGIN\n  ASYNC (UPDATE t SET cola=cola+1 WHERE id=1);\n  ASYNC (UPDATE t SET cola=201 WHERE id=2);\n  AWAIT ALL;\nEND;", "not all SELECTs"},
		// CALLs of procedures that touch a common table, or do more than
		// create, insert literal rows and update.
		{"BEGIN\n  ASYNC (CALL set_one());\n  ASYNC (CALL set_two());\n  AWAIT ALL;\nEND;", "concurrent ASYNC CALLs"},
		{"BEGIN\n  ASYNC (CALL set_one());\n  ASYNC (CALL read_t());\n  AWAIT ALL;\nEND;", "concurrent ASYNC CALLs"},
		{"BEGIN\n  ASYNC (INSERT INTO numbered (a) VALUES (1));\n  ASYNC (INSERT INTO numbered (a) VALUES (2));\n  AWAIT ALL;\nEND;", "column default"},
		// "the child job is canceled automatically" (docs: await).
		{"BEGIN\n  ASYNC (INSERT INTO t VALUES (6, 105));\n  RETURN 'done';\nEND;", "not awaited when the block ends"},
		{"BEGIN\n  LET r RESULTSET := ASYNC (SELECT * FROM t);\n  RETURN TABLE(r);\nEND;", "reading RESULTSET R before AWAIT"},
		{"BEGIN\n  ASYNC (INSERT INTO t VALUES (7, 106));\n  AWAIT ALL;\n  RETURN LAST_QUERY_ID();\nEND;", "LAST_QUERY_ID in a block that runs ASYNC"},
		{"BEGIN\n  BEGIN TRANSACTION;\n  ASYNC (INSERT INTO t VALUES (8, 107));\n  AWAIT ALL;\n  COMMIT;\nEND;", "ASYNC inside an open transaction"},
	} {
		wantRefused(t, db, c.sql, c.part)
	}
	// The refused jobs changed nothing.
	if _, rows := queryRows(t, db, "SELECT id, cola FROM t ORDER BY id"); !reflect.DeepEqual(rows, [][]string{{"1", "100"}, {"2", "101"}, {"3", "102"}}) {
		t.Errorf("after the refusals t holds %v", rows)
	}
}
