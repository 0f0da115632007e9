package snowlocal_test

import "testing"

// ROUND(x, -k, 'HALF_TO_EVEN') "rounds half to even": a value exactly
// halfway between two multiples of 10^k goes to the even one (docs: ROUND,
// rounding_mode, https://docs.snowflake.com/en/sql-reference/functions/round).
// Of a NUMBER of 38 digits DuckDB failed with its DECIMAL overflow (x was
// multiplied by 10^-k first); a result past 38 digits is refused as
// ROUND's is (the docs say only that it is an error).
func TestRoundHalfToEvenNegativeScale(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select round(12345678901234567890123456789012345675, -1, 'HALF_TO_EVEN')", "12345678901234567890123456789012345680"},
		{"select round(12345678901234567890123456789012345665, -1, 'HALF_TO_EVEN')", "12345678901234567890123456789012345660"},
		{"select round(-12345678901234567890123456789012345665, -1, 'HALF_TO_EVEN')", "-12345678901234567890123456789012345660"},
		{"select round(50000000000000000000000000000000000000, -38, 'HALF_TO_EVEN')", "0"},
		{"select round(25, -1, 'HALF_TO_EVEN')", "20"},
		{"select round(35, -1, 'HALF_TO_EVEN')", "40"},
		{"select round(-25, -1, 'HALF_TO_EVEN')", "-20"},
		{"select round(25.01, -1, 'HALF_TO_EVEN')", "30"},
		{"select round(-24.99, -1, 'HALF_TO_EVEN')", "-20"},
		{"select round(1250, -2, 'HALF_TO_EVEN')", "1200"},
		{"select round(5, -1, 'HALF_TO_EVEN')", "0"},
		{"select round(5, -40, 'HALF_TO_EVEN')", "0"},
	} {
		if got := queryOne(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
	wantRefused(t, db, "select round(99999999999999999999999999999999999995, -1, 'HALF_TO_EVEN')", "ROUND with a result of more than 38 digits")
}
