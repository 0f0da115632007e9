package snowlocal_test

import "testing"

// TestForUpdateRefused: https://docs.snowflake.com/en/sql-reference/constructs/for-update
// says the clause "is supported for use with hybrid tables only", which the
// local engine does not have. It was a 001003 syntax error at FOR; now the
// 002040 refusal names the clause. FOR inside a query's brackets (PIVOT's
// FOR) is not the clause.
func TestForUpdateRefused(t *testing.T) {
	db := open(t)
	wantRefused(t, db, `SELECT * FROM (SELECT column1 AS c1 FROM VALUES (1), (2)) ORDER BY c1 FOR UPDATE`, "FOR UPDATE")
	wantRefused(t, db, `SELECT * FROM (SELECT column1 AS c1 FROM VALUES (1), (2)) FOR UPDATE WAIT 60`, "FOR UPDATE")
	if got := queryOne(t, db, `SELECT "'A'" FROM (SELECT 'A' AS k, 1 AS v) PIVOT (SUM(v) FOR k IN ('A'))`); got != "1" {
		t.Errorf("PIVOT ... FOR = %q, want 1", got)
	}
}
