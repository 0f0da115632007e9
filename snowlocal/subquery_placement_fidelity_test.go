package snowlocal_test

import "testing"

// TestSubqueryPlacementRefused:
// https://docs.snowflake.com/en/sql-reference/operators-subquery says
// "ANY/ALL subqueries are currently supported only in a WHERE clause" and
// "can't appear as an argument to an OR operator", and "Correlated EXISTS
// subqueries are currently supported only in a WHERE clause" and "cannot
// appear as an argument to an OR operator". DuckDB answered them; now
// refused. The page's examples (!= ALL, NOT EXISTS, NOT IN in WHERE) and an
// uncorrelated EXISTS elsewhere still answer.
func TestSubqueryPlacementRefused(t *testing.T) {
	db := open(t)
	const (
		d = `(SELECT column1 AS department_id FROM VALUES (1), (2), (3))`
		e = `(SELECT column1 AS department_id FROM VALUES (1), (2))`
	)
	for _, c := range []struct{ q, part string }{
		{`SELECT department_id > ANY (SELECT e.department_id FROM ` + e + ` AS e) FROM ` + d + ` AS dd`, "ANY subquery outside a WHERE clause"},
		{`SELECT COUNT(*) FROM ` + d + ` AS dd HAVING COUNT(*) > ALL (SELECT e.department_id FROM ` + e + ` AS e)`, "ALL subquery outside a WHERE clause"},
		{`SELECT department_id FROM ` + d + ` AS dd WHERE department_id = 3 OR department_id != ALL (SELECT e.department_id FROM ` + e + ` AS e)`, "ALL subquery as an argument of OR"},
		{`SELECT department_id FROM ` + d + ` AS dd WHERE (department_id = 3 OR EXISTS (SELECT 1 FROM ` + e + ` AS e WHERE e.department_id = dd.department_id))`, "correlated EXISTS subquery as an argument of OR"},
		{`SELECT EXISTS (SELECT 1 FROM ` + e + ` AS e WHERE e.department_id = dd.department_id) FROM ` + d + ` AS dd`, "correlated EXISTS subquery outside a WHERE clause"},
	} {
		wantRefused(t, db, c.q, c.part)
	}
	for _, c := range []struct{ q, want string }{
		{`SELECT department_id FROM ` + d + ` AS dd WHERE dd.department_id != ALL (SELECT e.department_id FROM ` + e + ` AS e)`, "3"},
		{`SELECT department_id FROM ` + d + ` AS dd WHERE NOT EXISTS (SELECT 1 FROM ` + e + ` AS e WHERE e.department_id = dd.department_id)`, "3"},
		{`SELECT department_id FROM ` + d + ` AS dd WHERE dd.department_id NOT IN (SELECT e.department_id FROM ` + e + ` AS e)`, "3"},
		{`SELECT COUNT(*) FROM ` + d + ` AS dd WHERE department_id = 3 OR EXISTS (SELECT 1 FROM ` + e + ` AS e)`, "3"},
		{`SELECT EXISTS (SELECT 1 FROM ` + e + ` AS e) FROM ` + d + ` AS dd LIMIT 1`, "1"},
		// UNION ALL's ALL before a bracketed query is no quantifier.
		{`SELECT COUNT(*) FROM (SELECT 1 AS x UNION ALL (SELECT 2))`, "2"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}
