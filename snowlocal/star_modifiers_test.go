package snowlocal_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestStarModifiersWrittenOut: a star whose modifiers DuckDB cannot say —
// ILIKE with REPLACE or RENAME, one column both replaced and renamed — is
// written out column by column (the SELECT page: "You can specify the same
// column name in REPLACE and RENAME"; ILIKE first, then REPLACE/RENAME).
func TestStarModifiersWrittenOut(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d",
		"create table emp (employee_ID integer, last_name varchar, department_ID integer)",
		"create table dept (department_ID integer, department_name varchar)",
		"insert into emp values (101, 'Montgomery', 1), (102, 'Levine', 2)",
		"insert into dept values (1, 'Engineering'), (2, 'Support')")
	for _, c := range []struct {
		q    string
		cols []string
		rows [][]string
	}{
		// Both modifiers on one column, and a second one renamed only.
		{"select * replace ('D-' || department_id as department_id) rename (department_id as dep, last_name as ln) from emp order by 1",
			[]string{"EMPLOYEE_ID", "LN", "DEP"}, [][]string{{"101", "Montgomery", "D-1"}, {"102", "Levine", "D-2"}}},
		// ILIKE with both, the replacement read under the new name.
		{"select * ilike '%ID' replace (employee_id + 1 as employee_id) rename employee_id as \"next\" from emp order by 1",
			[]string{"next", "DEPARTMENT_ID"}, [][]string{{"102", "1"}, {"103", "2"}}},
		// A qualified star over a join.
		{"select e.* replace (upper(last_name) as last_name) rename last_name as name, d.department_name from emp e join dept d on e.department_id = d.department_id order by 1",
			[]string{"EMPLOYEE_ID", "NAME", "DEPARTMENT_ID", "DEPARTMENT_NAME"}, [][]string{{"101", "MONTGOMERY", "1", "Engineering"}, {"102", "LEVINE", "2", "Support"}}},
	} {
		cols, rows := queryRows(t, db, c.q)
		if diff := cmp.Diff(c.cols, cols); diff != "" {
			t.Errorf("%s: columns (-want +got):\n%s", c.q, diff)
		}
		if diff := cmp.Diff(c.rows, rows); diff != "" {
			t.Errorf("%s: rows (-want +got):\n%s", c.q, diff)
		}
	}
	for q, part := range map[string]string{
		// The columns of a derived table are not known without doubt.
		"select * ilike '%id' rename employee_id as e from (select * from emp)": "* with ILIKE and REPLACE or RENAME",
		// A modifier naming a column ILIKE does not select.
		"select * ilike '%id' rename last_name as l from emp": "naming a column the star does not select",
	} {
		wantRefused(t, db, q, part)
	}
}

// TestCountOfSeveralAndWildcards: COUNT(expr1, expr2) counts the rows none
// of whose values is NULL (the aggregate functions page: 1, not 4), COUNT(*
// ILIKE …) and COUNT(* EXCLUDE …) the rows none of whose selected columns is
// NULL (the COUNT page).
func TestCountOfSeveralAndWildcards(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d",
		"create table t (x int, y int, z varchar)",
		"insert into t values (1, 2, 'a'), (1, 2, null), (1, 3, 'b'), (3, null, 'c'), (null, 6, 'd'), (null, null, null)",
		"create table u (k int, w int)",
		"insert into u values (1, null), (3, 7)")
	for q, want := range map[string]string{
		"select count(x, y) from t":                                                      "3",
		"select count(distinct x, y) from t":                                             "2",
		"select count(x, y, z) from t":                                                   "2",
		"select count(* exclude z) from t":                                               "3",
		"select count(* exclude (x, y)) from t":                                          "4",
		"select count(* ilike '_') from t":                                               "2",
		"select count(* ilike 'x') from t":                                               "4",
		"select count(t.x, u.w) from t join u on t.x = u.k":                              "1",
		"select count(* exclude (z, w)) from t join u on t.x = u.k":                      "3",
		"select max(c) from (select count(x, y) over (partition by z is null) c from t)": "2",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
	wantRefused(t, db, "select count(* ilike 'q%') from t", "selecting no column")
	wantRefused(t, db, "select count(* exclude x) from (select * from t)", "COUNT(*) with ILIKE or EXCLUDE")
	_, err := db.Exec("select count(* exclude nope) from t")
	if err == nil || !strings.Contains(err.Error(), "invalid identifier 'NOPE'") {
		t.Errorf("COUNT(* EXCLUDE nope): want invalid identifier, got %v", err)
	}
}
