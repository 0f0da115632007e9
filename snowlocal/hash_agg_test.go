package snowlocal_test

import "testing"

// TestHashAggOfNoRows: "empty input hashes to 0" (docs: hash_agg, SELECT
// HASH_AGG(NULL) WHERE 0 = 1 prints 0); a group with rows would need
// Snowflake's unpublished hash, so it is refused, as HASH is.
func TestHashAggOfNoRows(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database hagg", "create table t (a int, b varchar)")
	for _, q := range []string{
		"select hash_agg(null) where 0 = 1",
		"select hash_agg(*) from t",
		"select hash_agg(a, b) from t where a > 0",
	} {
		if got := queryValue(t, db, q); got != "0" {
			t.Errorf("%s = %s, want 0", q, got)
		}
	}
	mustExec(t, db, "insert into t values (1, 'x')")
	for _, q := range []string{
		"select hash_agg(a) from t",
		"select hash_agg(null)",
		"select b, hash_agg(*) from t group by b",
		"select hash_agg(a) over () from t",
	} {
		wantRefused(t, db, q, "HASH_AGG")
	}
}
