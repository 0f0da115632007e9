package snowlocal_test

import (
	"reflect"
	"testing"
)

// The expected rows are the to_query page's
// (https://docs.snowflake.com/en/sql-reference/functions/to_query).

func TestToQueryDocsExamples(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d",
		`CREATE OR REPLACE TABLE to_query_example (
  deptno NUMBER(2),
  dname  VARCHAR(14),
  loc    VARCHAR(13))
AS SELECT column1, column2, column3
FROM VALUES
    (10, 'ACCOUNTING', 'NEW YORK'),
    (20, 'RESEARCH',   'DALLAS'  ),
    (30, 'SALES',      'CHICAGO' ),
    (40, 'OPERATIONS', 'BOSTON'  )`,
		"SET table_name = 'to_query_example'")
	all := [][]string{{"10", "ACCOUNTING", "NEW YORK"}, {"20", "RESEARCH", "DALLAS"}, {"30", "SALES", "CHICAGO"}, {"40", "OPERATIONS", "BOSTON"}}
	cases := []struct {
		query string
		cols  []string
		rows  [][]string
	}{
		{`SELECT * FROM TABLE(TO_QUERY('SELECT * FROM IDENTIFIER($table_name)'))`,
			[]string{"DEPTNO", "DNAME", "LOC"}, all},
		{`SELECT deptno FROM TABLE(TO_QUERY('SELECT * FROM IDENTIFIER($table_name)'))`,
			[]string{"DEPTNO"}, [][]string{{"10"}, {"20"}, {"30"}, {"40"}}},
		{`SELECT * FROM TABLE(
  TO_QUERY(
    'SELECT * FROM IDENTIFIER($table_name)
    WHERE deptno = TO_NUMBER(:dno)', dno => '10'
    )
  )`, []string{"DEPTNO", "DNAME", "LOC"}, all[:1]},
		{`SELECT * FROM TABLE(
  TO_QUERY(
    'SELECT * FROM IDENTIFIER($table_name)
    WHERE deptno = TO_NUMBER(:dno) OR dname = :dnm',
    dno => '10', dnm => 'SALES'
    )
  )`, []string{"DEPTNO", "DNAME", "LOC"}, [][]string{all[0], all[2]}},
	}
	check := func(query string, cols []string, rows [][]string) {
		t.Helper()
		gotCols, gotRows := queryRows(t, db, query)
		if !reflect.DeepEqual(gotCols, cols) || !reflect.DeepEqual(gotRows, rows) {
			t.Errorf("%s:\n got %v %v\nwant %v %v", query, gotCols, gotRows, cols, rows)
		}
	}
	for _, c := range cases {
		check(c.query, c.cols, c.rows)
	}
	mustExec(t, db, "SET dept = '10'")
	check(`SELECT * FROM TABLE(
  TO_QUERY(
    'SELECT * FROM IDENTIFIER($table_name)
    WHERE deptno = TO_NUMBER(:dno)', dno => $dept
    )
  )`, []string{"DEPTNO", "DNAME", "LOC"}, all[:1])

	// Stored procedures (the same page).
	mustExec(t, db, `CREATE OR REPLACE PROCEDURE get_num_results_tq(query VARCHAR)
RETURNS TABLE ()
LANGUAGE SQL
AS
$$
DECLARE
  res RESULTSET DEFAULT (SELECT COUNT(*) FROM TABLE(TO_QUERY(:query)));
BEGIN
  RETURN TABLE(res);
END;
$$`, `CREATE OR REPLACE PROCEDURE get_results_tqbnd(dno VARCHAR)
RETURNS TABLE ()
LANGUAGE SQL
AS
$$
DECLARE
  res RESULTSET DEFAULT (SELECT * FROM TABLE(
    TO_QUERY(
      'SELECT * FROM to_query_example
      WHERE deptno = TO_NUMBER(:dnoval)', dnoval => :dno
    )
  ));
BEGIN
  RETURN TABLE(res);
END;
$$`)
	check("CALL get_num_results_tq('SELECT * FROM to_query_example')", []string{"COUNT(*)"}, [][]string{{"4"}})
	check("CALL get_num_results_tq('SELECT * FROM to_query_example WHERE deptno = 20')", []string{"COUNT(*)"}, [][]string{{"1"}})
	check("CALL get_results_tqbnd('40')", []string{"DEPTNO", "DNAME", "LOC"}, all[3:])
	mustExec(t, db, "SET dept = '20'")
	check("CALL get_results_tqbnd($dept)", []string{"DEPTNO", "DNAME", "LOC"}, all[1:2])
}

// What the engine cannot answer exactly stays refused.
func TestToQueryRefusals(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d", "create table t(a int)", "SET n = 10")
	for _, c := range []struct{ query, part string }{
		// Only constant strings (the page's usage notes): an expression,
		// a NULL or a number variable is left to the rewriter's refusal.
		{`SELECT * FROM TABLE(TO_QUERY(UPPER('select 1')))`, "table function TO_QUERY"},
		{`SELECT * FROM TABLE(TO_QUERY(NULL))`, "table function TO_QUERY"},
		{`SELECT * FROM TABLE(TO_QUERY('SELECT 1' || ' AS x'))`, "table function TO_QUERY"},
		{`SELECT * FROM TABLE(TO_QUERY('SELECT * FROM t WHERE a = :v', v => $n))`, "table function TO_QUERY"},
		// A text other than one query.
		{`SELECT * FROM TABLE(TO_QUERY('DELETE FROM t'))`, "TO_QUERY of a SQL text that is not a query"},
		{`SELECT * FROM TABLE(TO_QUERY('SELECT 1; SELECT 2'))`, "more than one statement"},
		// A bind that may name a result column, one not given, one unused.
		{`SELECT * FROM TABLE(TO_QUERY('SELECT :v', v => '1'))`, "bind :v outside"},
		{`SELECT * FROM TABLE(TO_QUERY('SELECT (SELECT 1 WHERE :v = ''1'')', v => '1'))`, "bind :v outside"},
		{`SELECT * FROM TABLE(TO_QUERY('SELECT * FROM t ORDER BY :v', v => '1'))`, "bind :v outside"},
		{`SELECT * FROM TABLE(TO_QUERY('SELECT * FROM t WHERE a = :v'))`, "bind :v"},
		{`SELECT * FROM TABLE(TO_QUERY('SELECT * FROM t', v => '1'))`, "argument V that its SQL text does not use"},
		// An error located in the expanded text, not the statement written.
		{`SELECT * FROM TABLE(TO_QUERY('SELECT 1')) WHERE (`, "an error at a position of a statement with TO_QUERY"},
	} {
		wantRefused(t, db, c.query, c.part)
	}
}

// Privileges are checked as for the query written directly (docs: the
// text is compiled as a subquery); the error is access_test.go's.
func TestToQueryChecksPrivileges(t *testing.T) {
	srv := aclServer(t)
	salesSetup(t, srv)
	alice := login(t, srv, "alice", "alice-pw", "")
	wantError(t, alice, "select * from table(to_query('select * from sales.public.orders'))", 2003,
		"SQL compilation error:\nDatabase 'SALES' does not exist or not authorized.")
}
