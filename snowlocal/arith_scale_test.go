package snowlocal_test

import (
	"errors"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestProductScaleThroughDriver checks the scale of a product of two NUMBERs
// against the rule the docs give (Arithmetic operators, "Scale and precision
// in arithmetic operations"): min(S1 + S2, max(S1, S2, 12)), with L1 + L2
// leading digits, so precision min(L1 + L2 + S, 38). The expected values are
// the exact products, worked out by hand, at that scale.
func TestProductScaleThroughDriver(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database arith",
		"create table t (a number(10,7), b number(10,7), c number(5,2), d number(14,13), i int, e number(10,7))",
		"insert into t values (0.5000001, 0.2000000, 1.25, 0.0000000000001, 3, 999.9999999)")
	for _, tc := range []struct {
		q     string
		prec  int64 // 0: not checked (the literal's or quotient's own precision is not the point here)
		scale int64
		want  string
	}{
		{"select a * b from t", 18, 12, "0.100000020000"},       // S 7 + 7 = 14 > 12: max(7, 7, 12); L 3 + 3
		{"select -a * b from t", 18, 12, "-0.100000020000"},     // sign kept
		{"select c * d from t", 17, 13, "0.0000000000001"},      // 2 + 13: max(2, 13, 12) = 13; L 3 + 1; 1.25e-13
		{"select c * c from t", 10, 4, "1.5625"},                // 2 + 2 <= 12: S1 + S2
		{"select i * a from t", 0, 7, "1.5000003"},              // an integer has scale 0
		{"select a * 3 from t", 0, 7, "1.5000003"},              // an integer literal too
		{"select a * b * c from t", 21, 12, "0.125000025000"},   // (a * b) has scale 12; 12 + 2 > 12; L 6 + 3
		{"select (a + c) * b from t", 19, 12, "0.350000020000"}, // a + c has scale max(7, 2) = 7, L 3 + 1
		{"select a / c * b from t", 0, 12, "0.080000016000"},    // a / c: scale max(7, min(13, 12)) = 12
		{"select a * b from (select a, b from t) s", 18, 12, "0.100000020000"},
		{"select a * b from t union all select a * b from t", 18, 12, "0.100000020000"},
		{"select e * e from t", 18, 12, "999999.999800000000"}, // (1000 - 10^-7)^2 = 999999.99980000000001: 20 digits
		{"select d * c from t", 17, 13, "0.0000000000001"},     // operands the other way round
	} {
		rows, err := db.Query(tc.q)
		if err != nil {
			t.Fatalf("%s: %v", tc.q, err)
		}
		cts, _ := rows.ColumnTypes()
		prec, scale, ok := cts[0].DecimalSize()
		var got string
		for rows.Next() {
			if err := rows.Scan(&got); err != nil {
				t.Fatalf("%s: %v", tc.q, err)
			}
		}
		rows.Close()
		if !ok || scale != tc.scale || got != tc.want || tc.prec != 0 && prec != tc.prec {
			t.Errorf("%s: precision %d scale %d (%v) value %q, want precision %d scale %d value %q",
				tc.q, prec, scale, ok, got, tc.prec, tc.scale, tc.want)
		}
	}
	// The docs do not say whether the digits beyond the scale are rounded or
	// truncated: where the two differ the engine refuses instead of guessing.
	// A product DuckDB cannot hold exactly (scales adding up to more than 38)
	// is refused too.
	for _, q := range []string{
		"select 0.1234567 * 0.1234567", // 0.01524155677489: 0.015241556774|89
		"select 1::number(38,20) * 1::number(38,20)",
	} {
		_, err := db.Exec(q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 2040 {
			t.Errorf("%s: want error 002040, got %v", q, err)
		}
	}
}
