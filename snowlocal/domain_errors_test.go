package snowlocal_test

import "testing"

// TestOutOfDomainMathRefused: SQRT of a negative number and LN of zero or
// a negative number failed with DuckDB's words under 100038 ("Numeric
// value … is not recognized" in Snowflake), which is not what Snowflake
// says; the sqrt and ln pages show no answer for such a value (NaN, NULL
// or an error), so they are refused (002040) when a row reaches one.
func TestOutOfDomainMathRefused(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		`SELECT SQRT(-1)`,
		`SELECT SQRT(x) FROM (SELECT column1 AS x FROM VALUES (4), (-4))`,
		`SELECT LN(0)`,
		`SELECT LN(-2.5::FLOAT)`,
	} {
		wantRefused(t, db, q, "the docs do not say what Snowflake answers")
	}
	if got := queryOne(t, db, `SELECT SQRT(x) FROM (SELECT column1 AS x FROM VALUES (4)) WHERE x > 0`); got != "2" {
		t.Errorf("SQRT(4) = %q, want 2 (docs: sqrt)", got)
	}
}
