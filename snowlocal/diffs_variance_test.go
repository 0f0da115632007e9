package snowlocal_test

import (
	"math"
	"strconv"
	"testing"
)

// TestVarianceOfUntypedNumberRefused: VAR_POP/VAR_SAMP/VARIANCE and STDDEV*
// of an expression whose type the rewriter does not see used DuckDB's
// DOUBLE functions whatever that type. Snowflake's variance of a NUMBER is
// a NUMBER of a scale the argument's gives (docs: var_pop, Returns;
// mlorek/frostlake docs/functions.md, live-verified) and its deviation the
// root of that rounded variance (docs: stddev_pop, 3.265986375 for 6, 10,
// 14): where the expression turns out to be an integer or a DECIMAL the
// statement is now refused (002040) as DuckDB binds it, with or without
// rows; a FLOAT (or a VARIANT, read on the FLOAT tier) still answers.
func TestVarianceOfUntypedNumberRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database var_untyped_db",
		"create table t1 (c1 integer, n number(10,2), f float)",
		"insert into t1 values (6, 1.50, 6), (10, 2.25, 10), (14, 3.00, 14)")
	for _, q := range []string{
		"select var_pop(c1 + 1) from t1",
		"select var_samp(c1 * 2) from t1",
		"select variance(n + n) from t1",
		"select variance_pop(n - 1) from t1",
		"select stddev(c1 + 0) from t1",
		"select stddev_pop(c1 + 0) from t1",
		"select stddev_samp(n * 2) from t1 where c1 > 100",
		"select var_pop(distinct c1 + 1) from t1",
		"select var_pop(c1 + 1) over () from t1",
	} {
		wantRefused(t, db, q, "var_pop, var_samp, variance or stddev")
	}
	// A FLOAT expression, and a VARIANT's number, keep DuckDB's DOUBLE
	// functions: Snowflake's are FLOATs too.
	for q, want := range map[string]float64{
		"select var_pop(f + 1) from t1":                                 32.0 / 3,
		"select stddev_samp(f * 2) from t1":                             8,
		"select var_samp(sqrt(c1) * sqrt(c1)) from t1":                  16,
		"select var_pop(parse_json('{\"a\": ' || c1 || '}'):a) from t1": 32.0 / 3,
	} {
		var s string
		if err := db.QueryRow(q).Scan(&s); err != nil {
			t.Errorf("%s: %v", q, err)
			continue
		}
		if got, err := strconv.ParseFloat(s, 64); err != nil || math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %q, want %v", q, s, want)
		}
	}
}
