package snowlocal_test

import (
	"reflect"
	"testing"
)

// RESULT_SCAN of the session's earlier results, as the examples of
// https://docs.snowflake.com/en/sql-reference/functions/result_scan and
// https://docs.snowflake.com/en/developer-guide/snowflake-scripting/resultsets
// print them.
func TestResultScanOfLastQuery(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database rs", "create table employees (id int)", "create table dependents (id int, employee_id int)",
		"insert into employees (id) values (11)", "insert into dependents (id, employee_id) values (101, 11)")

	queryRows(t, db, "SELECT $1 AS value FROM VALUES (1), (2), (3)")
	cols, rows := queryRows(t, db, "SELECT * FROM TABLE(RESULT_SCAN(LAST_QUERY_ID())) WHERE value > 1 ORDER BY value")
	if want := [][]string{{"2"}, {"3"}}; !reflect.DeepEqual(cols, []string{"VALUE"}) || !reflect.DeepEqual(rows, want) {
		t.Errorf("RESULT_SCAN(LAST_QUERY_ID()) = %v %v, want [VALUE] %v", cols, rows, want)
	}

	// A column named like an earlier one is renamed <name>_1.
	queryRows(t, db, "SELECT * FROM employees INNER JOIN dependents ON dependents.employee_ID = employees.id")
	cols, rows = queryRows(t, db, "SELECT id, id_1, employee_id FROM TABLE(RESULT_SCAN(LAST_QUERY_ID())) WHERE id_1 = 101")
	if want := [][]string{{"11", "101", "11"}}; !reflect.DeepEqual(cols, []string{"ID", "ID_1", "EMPLOYEE_ID"}) || !reflect.DeepEqual(rows, want) {
		t.Errorf("RESULT_SCAN of duplicate names = %v %v, want [ID ID_1 EMPLOYEE_ID] %v", cols, rows, want)
	}

	// A procedure's result, and a query index counted back.
	mustExec(t, db, "create table t001 (a integer, b varchar)", "insert into t001 (a, b) values (1, 'row1'), (2, 'row2')",
		`create or replace procedure test_sp() returns table(a integer) language sql as
		 declare res resultset default (select a from t001 order by a); begin return table(res); end;`)
	queryRows(t, db, "CALL test_sp()")
	if _, rows = queryRows(t, db, "SELECT * FROM TABLE(RESULT_SCAN(LAST_QUERY_ID())) WHERE a < 2"); !reflect.DeepEqual(rows, [][]string{{"1"}}) {
		t.Errorf("RESULT_SCAN after CALL = %v, want [[1]]", rows)
	}
	queryRows(t, db, "SELECT 7 AS x")
	queryRows(t, db, "SELECT 8 AS y")
	if cols, rows = queryRows(t, db, "SELECT * FROM TABLE(RESULT_SCAN(LAST_QUERY_ID(-2)))"); !reflect.DeepEqual(cols, []string{"X"}) || !reflect.DeepEqual(rows, [][]string{{"7"}}) {
		t.Errorf("RESULT_SCAN(LAST_QUERY_ID(-2)) = %v %v, want [X] [[7]]", cols, rows)
	}
	if _, rows = queryRows(t, db, "SELECT * FROM TABLE(RESULT_SCAN(-2))"); !reflect.DeepEqual(rows, [][]string{{"8"}}) {
		t.Errorf("RESULT_SCAN(-2) = %v, want [[8]]", rows) // the previous statement is now the -2 above
	}

	// A SHOW listing (the page's SHOW TABLES examples); its created_on,
	// a TIMESTAMP_LTZ(3), is refused in a result rather than passed on
	// with another scale.
	queryRows(t, db, "SHOW TABLES LIKE 'DEP%'")
	if cols, rows = queryRows(t, db, `SELECT "name", "rows" FROM TABLE(RESULT_SCAN(LAST_QUERY_ID())) WHERE "rows" = 1`); !reflect.DeepEqual(cols, []string{"name", "rows"}) || !reflect.DeepEqual(rows, [][]string{{"DEPENDENTS", "1"}}) {
		t.Errorf("RESULT_SCAN of SHOW TABLES = %v %v, want [name rows] [[DEPENDENTS 1]]", cols, rows)
	}
	queryRows(t, db, "SHOW TABLES LIKE 'DEP%'")
	wantRefused(t, db, `SELECT "created_on" FROM TABLE(RESULT_SCAN(LAST_QUERY_ID()))`, "RESULT_SCAN of a TIMESTAMP_LTZ(3) column")

	// Positions a statement with child statements would shift, and results
	// the session does not have, are refused.
	wantRefused(t, db, "SELECT * FROM TABLE(RESULT_SCAN(LAST_QUERY_ID(-11)))", "LAST_QUERY_ID(-11) past a statement that ran child statements")
	wantRefused(t, db, "SELECT * FROM TABLE(RESULT_SCAN('01b71944-0001-b181-0000-0129032279f6'))", "RESULT_SCAN of a query whose result")
	wantRefused(t, db, "SELECT LAST_QUERY_ID()", "LAST_QUERY_ID")
}
