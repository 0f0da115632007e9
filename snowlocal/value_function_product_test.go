package snowlocal_test

import "testing"

// TestValueFunctionProducts: MIN/MAX return "the same data type as the
// input values" (docs: MIN / MAX), FIRST_VALUE keeps its argument's
// declared type (mlorek/frostlake GroupedWindowArgumentTypeTest,
// live-verified), as do the other value functions (LAST_VALUE, NTH_VALUE,
// LAG, LEAD without a default, ANY_VALUE), and SUM of a NUMBER(38, 0) is a
// NUMBER(38, 0) ("What the numeric aggregates DECLARE", frostlake
// docs/functions.md). So a product of one over an INT column (a
// NUMBER(38, 0)) and a decimal has the same type as the column's own
// product, and answers; before, the engine refused it as a product with an
// integer expression of unknown precision. This is the shape of the
// MATCH_RECOGNIZE user guide's DEFINE conditions (LAG(price) * 0.90 >=
// price).
func TestValueFunctionProducts(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vfp_db",
		"create table p (d int, price int)",
		"insert into p values (1, 50), (2, 36), (3, 39)")
	// docs: Arithmetic operators, "Scale and precision in arithmetic
	// operations": a product has L1 + L2 leading digits and scale
	// min(S1 + S2, max(S1, S2, 12)); NUMBER(38, 0) * 0.90 (L 0, S 2) is a
	// NUMBER(38, 2) (38 + 0 + 2 digits, at most 38), as price * 0.90 is.
	const wantP, wantS = 38, 2
	if p, s, _, _ := decimalResult(t, db, "select price * 0.90 from p where d = 1"); p != wantP || s != wantS {
		t.Fatalf("price * 0.90: NUMBER(%d,%d), want NUMBER(%d,%d)", p, s, wantP, wantS)
	}
	for _, tc := range []struct{ q, want string }{
		{"select max(price) * 0.90 from p", "45.00"},
		{"select min(price) * 0.90 from p", "32.40"},
		{"select any_value(price) * 0.90 from p where d = 3", "35.10"},
		{"select lag(price) over (order by d) * 0.90 from p qualify d = 2", "45.00"},
		{"select lead(price, 2) over (order by d) * 0.90 from p qualify d = 1", "35.10"},
		{"select first_value(price) over (order by d) * 0.90 from p qualify d = 3", "45.00"},
		{"select last_value(price) over (order by d rows between unbounded preceding and unbounded following) * 0.90 from p qualify d = 1", "35.10"},
		{"select nth_value(price, 2) over (order by d rows between unbounded preceding and unbounded following) * 0.90 from p qualify d = 1", "32.40"},
	} {
		prec, scale, ok, got := decimalResult(t, db, tc.q)
		if !ok || prec != wantP || scale != wantS || got != tc.want {
			t.Errorf("%s: NUMBER(%d,%d) %s, want NUMBER(%d,%d) %s", tc.q, prec, scale, got, wantP, wantS, tc.want)
		}
	}
	// SUM of a NUMBER(38, 0) is a NUMBER(38, 0): the same product type.
	if prec, scale, _, got := decimalResult(t, db, "select sum(price) * 0.90 from p"); prec != wantP || scale != wantS || got != "112.50" {
		t.Errorf("sum: NUMBER(%d,%d) %s, want NUMBER(%d,%d) 112.50", prec, scale, got, wantP, wantS)
	}
}
