package snowlocal_test

import (
	"strings"
	"testing"
)

// A correlated scalar subquery that is not one row by construction is
// Snowflake's error 002031 "Unsupported subquery type" (docs:
// udf-sql-troubleshooting), with the message and position the independent,
// live-verified reference mlorek/frostlake records ("Unsupported subquery
// type cannot be evaluated at line 1, position 12" for SELECT id, (SELECT
// ...: AliasedRelationOuterReferenceTest.java) and the code public logs of
// live sessions print with it (002031 (42601)). Live evaluates it row by row
// over an outer table of at most one row and prunes it over an empty table
// (frostlake CorrelatedSubqueryRule.java): those, and a subquery naming an
// unknown column, stay refused (002040). The engine refused them all.
func TestCorrelatedScalarSubqueryIsUnsupportedSubqueryType(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database subquery_type")
	mustExec(t, db, "CREATE TABLE stores (store_ID INTEGER, city VARCHAR)")
	mustExec(t, db, "CREATE TABLE employee_sales (employee_ID INTEGER, store_ID INTEGER)")
	mustExec(t, db, "CREATE TABLE one_sale (employee_ID INTEGER, store_ID INTEGER)")
	mustExec(t, db, "CREATE TABLE no_stores (store_ID INTEGER, city VARCHAR)")
	mustExec(t, db, "INSERT INTO stores VALUES (1, 'Winnipeg'), (2, 'Toronto')")
	mustExec(t, db, "INSERT INTO employee_sales VALUES (1001, 1), (1002, 1), (2001, 2)")
	mustExec(t, db, "INSERT INTO one_sale VALUES (1001, 1)")

	// The docs' statement.
	se := execErr(t, db, "SELECT employee_ID,\n       store_ID,\n       (SELECT city FROM stores WHERE stores.store_ID = employee_sales.store_ID)\n    FROM employee_sales")
	want := "SQL compilation error:\nUnsupported subquery type cannot be evaluated at line 3, position 8"
	if se.Number != 2031 || se.SQLState != "42601" || se.Message != want {
		t.Errorf("docs query: %d (%s) %q, want 002031 (42601) %q", se.Number, se.SQLState, se.Message, want)
	}
	// An alias qualifies the outer row; frostlake's shape.
	se = execErr(t, db, "select employee_id, (select s.city from stores s where s.store_id = e.store_id) from employee_sales e")
	if se.Number != 2031 || !strings.HasSuffix(se.Message, "at line 1, position 21") {
		t.Errorf("aliased: %d %q, want 002031 at line 1, position 21", se.Number, se.Message)
	}
	for _, q := range []string{
		"select (select city from stores where stores.store_id = one_sale.store_id) from one_sale",                  // one outer row
		"select (select city from no_stores where no_stores.store_id = e.store_id) from employee_sales e",           // empty inner table
		"select (select cityx from stores where stores.store_id = e.store_id) from employee_sales e",                // unknown column
		"select (select city from stores where stores.store_id = e.store_id) from (select * from employee_sales) e", // derived table
	} {
		if se := execErr(t, db, q); se.Number != 2040 {
			t.Errorf("%s: %d %q, want the refusal 002040", q, se.Number, se.Message)
		}
	}
}

// In a Snowflake Scripting block the statement's error is reported as the
// block's uncaught STATEMENT_ERROR, whose position no source gives for this
// error: the subquery stays refused there.
func TestCorrelatedScalarSubqueryInBlockStaysRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database subquery_type_block")
	mustExec(t, db, "CREATE TABLE stores (store_ID INTEGER, city VARCHAR)")
	mustExec(t, db, "CREATE TABLE employee_sales (employee_ID INTEGER, store_ID INTEGER)")
	mustExec(t, db, "INSERT INTO stores VALUES (1, 'Winnipeg'), (2, 'Toronto')")
	mustExec(t, db, "INSERT INTO employee_sales VALUES (1001, 1), (2001, 2)")
	se := execErr(t, db, `EXECUTE IMMEDIATE $$
BEGIN
  LET res RESULTSET := (SELECT employee_ID, (SELECT city FROM stores WHERE stores.store_ID = employee_sales.store_ID) FROM employee_sales);
  RETURN TABLE(res);
END;
$$`)
	if se.Number != 2040 {
		t.Errorf("in a block: %d %q, want the refusal 002040", se.Number, se.Message)
	}
}
