package snowlocal_test

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestTextFunctionConcatenatedInRecursiveCTE: the docs' recursive CTE that
// builds each employee's sort key by appending skey(employee_ID), a SQL
// function returning VARCHAR, to the manager's (docs: Working with CTEs,
// "Ordered Output",
// https://docs.snowflake.com/en/user-guide/queries-cte). The engine
// converted the call, of a type it did not know, for || by a macro that
// copies its operand into each of its branches, the function's body
// copied again inside each: DuckDB did not finish binding the statement
// (the conformance run stopped it after minutes). A call of a function
// declared to return a text is a VARCHAR, which || takes as it is.
func TestTextFunctionConcatenatedInRecursiveCTE(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d",
		"CREATE OR REPLACE TABLE employees (title VARCHAR, employee_ID INTEGER, manager_ID INTEGER)",
		`INSERT INTO employees (title, employee_ID, manager_ID) VALUES ('President', 1, NULL),
		  ('Vice President Engineering', 10, 1), ('Programmer', 100, 10), ('QA Engineer', 101, 10),
		  ('Vice President HR', 20, 1), ('Health Insurance Analyst', 200, 20)`,
		`CREATE OR REPLACE FUNCTION skey(ID VARCHAR) RETURNS VARCHAR AS $$ SUBSTRING('0000' || ID::VARCHAR, -4) || ' ' $$`)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, `WITH RECURSIVE managers (indent, employee_ID, manager_ID, employee_title, sort_key) AS (
		  SELECT '' AS indent, employee_ID, manager_ID, title AS employee_title, skey(employee_ID)
		    FROM employees WHERE title = 'President'
		  UNION ALL
		  SELECT indent || '--- ', employees.employee_ID, employees.manager_ID, employees.title,
		      sort_key || skey(employees.employee_ID)
		    FROM employees JOIN managers ON employees.manager_ID = managers.employee_ID)
		SELECT indent || employee_title AS Title, sort_key FROM managers ORDER BY sort_key`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var title, key string
		if err := rows.Scan(&title, &key); err != nil {
			t.Fatal(err)
		}
		got = append(got, title+"|"+key)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"President|0001 ",
		"--- Vice President Engineering|0001 0010 ",
		"--- --- Programmer|0001 0010 0100 ",
		"--- --- QA Engineer|0001 0010 0101 ",
		"--- Vice President HR|0001 0020 ",
		"--- --- Health Insurance Analyst|0001 0020 0200 ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
