package snowlocal_test

import "testing"

// TestRoundingDerivedColumnPrecision: CEIL/FLOOR/ROUND/TRUNC of a derived
// table's or CTE's NUMBER(p, s) column declare what they declare of the
// base column: for a target scale below s, NUMBER(p + 1, scale) ("What the
// rounding family DECLARES", mlorek/frostlake docs/functions.md,
// live-verified): ROUND of a NUMBER(10,2) is a NUMBER(11,0). The engine
// reported DuckDB's NUMBER(10,0) for the derived column before (a base
// table's column was right already).
func TestRoundingDerivedColumnPrecision(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database rdc", "create table rn (x number(10,2))", "insert into rn values (1.25)")
	for _, tc := range []struct {
		q           string
		prec, scale int64
		want        string
	}{
		{"select round(x) from rn", 11, 0, "1"},
		{"select round(x) from (select x from rn)", 11, 0, "1"},
		{"select round(s.x, 1) from (select x from rn) s", 11, 1, "1.3"},
		{"with c as (select x from rn) select floor(x) from c", 11, 0, "1"},
		{"with c as (select x as y from rn) select trunc(c.y) from c", 11, 0, "1"},
	} {
		prec, scale, ok, got := decimalResult(t, db, tc.q)
		if !ok || prec != tc.prec || scale != tc.scale || got != tc.want {
			t.Errorf("%s: NUMBER(%d,%d) %q (%v), want NUMBER(%d,%d) %q", tc.q, prec, scale, got, ok, tc.prec, tc.scale, tc.want)
		}
	}
}
