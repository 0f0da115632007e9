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

// TestDuckOnlyResultTypesRefused: TIMESTAMP - TIMESTAMP answered DuckDB's
// INTERVAL written as text ("{0 0 3600000000}"), a value no Snowflake type
// prints: Snowflake's interval data types ("You can calculate an interval as
// the difference between two dates or times":
// https://docs.snowflake.com/en/sql-reference/data-types-datetime, Interval
// data types) are not implemented by the engine. A result column of a
// DuckDB-only type is refused (002040); DATE - DATE (a number of days, as
// the engine answers already) is not affected.
func TestDuckOnlyResultTypesRefused(t *testing.T) {
	db := open(t)
	wantRefused(t, db, `SELECT '2024-03-01 10:00'::TIMESTAMP - '2024-03-01 09:00'::TIMESTAMP`, "type INTERVAL")
	if got := queryOne(t, db, `SELECT '2024-03-01'::DATE - '2024-02-01'::DATE`); got != "29" {
		t.Errorf("DATE - DATE = %q, want 29", got)
	}
}
