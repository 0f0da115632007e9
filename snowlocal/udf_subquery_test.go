package snowlocal_test

import (
	"strings"
	"testing"
)

// A SQL UDF whose body is a query runs as a subquery: called with a column it
// is a correlated subquery, which Snowflake answers with "Unsupported
// subquery type" unless the query is one row by construction (docs:
// udf-sql-troubleshooting, subquery_like_udf and subquery_like_udf_2). The
// engine answered every row; it now refuses the call, and still answers a
// constant argument and the aggregate body.
func TestQueryBodyUDFCalledWithColumnIsRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database udf_subquery")
	mustExec(t, db, "CREATE TABLE stores (store_ID INTEGER, city VARCHAR)")
	mustExec(t, db, "CREATE TABLE employee_sales (employee_ID INTEGER, store_ID INTEGER)")
	mustExec(t, db, "INSERT INTO stores VALUES (1, 'Winnipeg'), (2, 'Toronto')")
	mustExec(t, db, "INSERT INTO employee_sales VALUES (1001, 1), (2001, 2)")
	mustExec(t, db, "CREATE FUNCTION subquery_like_udf(X INT) RETURNS VARCHAR LANGUAGE SQL AS $$ SELECT city FROM stores WHERE stores.store_ID = X $$")
	mustExec(t, db, "CREATE FUNCTION subquery_like_udf_2(X INT) RETURNS VARCHAR LANGUAGE SQL AS $$ SELECT ANY_VALUE(city) FROM stores WHERE stores.store_ID = X $$")

	se := execErr(t, db, "SELECT employee_ID, subquery_like_udf(employee_sales.store_ID) FROM employee_sales")
	if se.Number != 2040 || !strings.Contains(se.Message, "SUBQUERY_LIKE_UDF") {
		t.Errorf("column argument: %d %s, want 002040 naming SUBQUERY_LIKE_UDF", se.Number, se.Message)
	}
	var city string
	if err := db.QueryRow("SELECT subquery_like_udf(1)").Scan(&city); err != nil || city != "Winnipeg" {
		t.Errorf("constant argument: %q, %v; want Winnipeg", city, err)
	}
	rows, err := db.Query("SELECT subquery_like_udf_2(employee_sales.store_ID) FROM employee_sales ORDER BY employee_ID")
	if err != nil {
		t.Fatalf("aggregate body with a column argument: %v", err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		got = append(got, c)
	}
	if strings.Join(got, ",") != "Winnipeg,Toronto" {
		t.Errorf("aggregate body: %v, want [Winnipeg Toronto]", got)
	}
}
