package snowlocal_test

import "testing"

// TestDerivedIntColumnProducts: a table's INT column is a NUMBER(38, 0)
// (docs: Numeric data types, "INT ... synonymous with NUMBER, except that
// precision and scale cannot be specified"), and a derived table's, CTE's
// or view's column that is one keeps that type, so its product with a
// decimal has the type the column's own product has: L1 + L2 leading
// digits and scale min(S1 + S2, max(S1, S2, 12)) (docs: Arithmetic
// operators, "Scale and precision in arithmetic operations"), here
// NUMBER(38, 1) for a product with 1.5 and NUMBER(38, 2) with 1.10. Before,
// the engine refused a product with a derived INT column as an integer
// expression of unknown precision: the `bytes * 1.0` idiom over a CTE.
func TestDerivedIntColumnProducts(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database dip_db",
		"create table p (d int, price int, label varchar)",
		"insert into p values (1, 10, 'a')",
		"create view vp as select price from p")
	for _, tc := range []struct {
		q           string
		prec, scale int64
		want        string
	}{
		{"with x as (select price from p) select price * 1.5 from x", 38, 1, "15.0"},
		{"with x as (select price from p) select 1.5 * price from x", 38, 1, "15.0"},
		{"select q * 1.5 from (select price q from p)", 38, 1, "15.0"},
		{"select x.price * 1.5 from (select d, price from p) x", 38, 1, "15.0"},
		{"with y as (select price from p), x as (select price from y) select price * 1.10 from x", 38, 2, "11.00"},
		{"with x (amount) as (select price from p) select amount * 1.5 from x", 38, 1, "15.0"},
		{"select price * 1.5 from vp", 38, 1, "15.0"},
	} {
		prec, scale, ok, got := decimalResult(t, db, tc.q) // arith_scale_test.go
		if !ok || prec != tc.prec || scale != tc.scale || got != tc.want {
			t.Errorf("%s: NUMBER(%d,%d) %s, want NUMBER(%d,%d) %s", tc.q, prec, scale, got, tc.prec, tc.scale, tc.want)
		}
	}
	// A derived column that is not an INT column is not typed as one.
	wantRefused(t, db, "with x as (select price + d as s from p) select s * 1.5 from x", "integer expression")
}
