package snowlocal_test

import "testing"

// TestCorrelatedSubqueryLimitRefused:
// https://docs.snowflake.com/en/user-guide/querying-subqueries says "The
// only type of subquery that allows a LIMIT / FETCH clause is an
// uncorrelated scalar subquery". DuckDB answered a correlated IN, EXISTS or
// ANY subquery with a LIMIT or FETCH; now refused. Without the correlation,
// or without the LIMIT, the subquery still answers.
func TestCorrelatedSubqueryLimitRefused(t *testing.T) {
	db := open(t)
	const (
		tt = `(SELECT column1 AS i FROM VALUES (1), (2), (3))`
		uu = `(SELECT column1 AS i, column2 AS j FROM VALUES (1, 10), (2, 20), (4, 40))`
	)
	for _, c := range []struct{ q, part string }{
		{`SELECT i FROM ` + tt + ` AS t WHERE i IN (SELECT u.i FROM ` + uu + ` AS u WHERE u.j = t.i * 10 LIMIT 1)`, "correlated IN subquery"},
		{`SELECT i FROM ` + tt + ` AS t WHERE EXISTS (SELECT 1 FROM ` + uu + ` AS u WHERE u.i = t.i LIMIT 1)`, "correlated EXISTS subquery"},
		{`SELECT i FROM ` + tt + ` AS t WHERE i = ANY (SELECT u.i FROM ` + uu + ` AS u WHERE u.j > t.i FETCH FIRST 1 ROWS ONLY)`, "correlated ANY subquery"},
	} {
		wantRefused(t, db, c.q, c.part)
	}
	for _, c := range []struct{ q, want string }{
		{`SELECT COUNT(*) FROM ` + tt + ` AS t WHERE EXISTS (SELECT 1 FROM ` + uu + ` AS u WHERE u.i = t.i)`, "2"},
		{`SELECT COUNT(*) FROM ` + tt + ` AS t WHERE i IN (SELECT u.i FROM ` + uu + ` AS u ORDER BY u.i LIMIT 1)`, "1"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}
