package snowlocal_test

import (
	"database/sql"
	"testing"
)

// The rounding family's declared types, "What the rounding family
// DECLARES" (mlorek/frostlake docs/functions.md and
// engine/src/test/java/dev/frostlake/functions/RoundingFamilyWidthTest.java,
// live-verified): for an input NUMBER(p, si) and a target scale s (0 when
// none is written), the input type when s >= si, else NUMBER(min(38, p + 1
// + max(0, -s - (p - si))), max(s, 0)); for a scale that is no literal
// NUMBER(min(38, max(18, p + 1)), si). The table and values are the
// reference's: rw(n102 NUMBER(10,2) = 123.45, n54 NUMBER(5,4) = 0.1234,
// a10 NUMBER(1,0) = 1, i INT = 7).
func roundingFixture(t *testing.T, db string) *sql.DB {
	t.Helper()
	conn := open(t)
	mustExec(t, conn, "create database "+db,
		"create table rw (n102 number(10,2), n54 number(5,4), a10 number(1,0), i int, n3 number(3,0), s varchar)",
		"insert into rw values (123.45, 0.1234, 1, 7, 999, 'abc')")
	return conn
}

type roundingCase struct {
	q           string
	prec, scale int64
	want        string
}

func checkRounding(t *testing.T, db *sql.DB, cases []roundingCase) {
	t.Helper()
	for _, tc := range cases {
		prec, scale, ok, got := decimalResult(t, db, tc.q)
		if !ok || prec != tc.prec || scale != tc.scale || got != tc.want {
			t.Errorf("%s: NUMBER(%d,%d) %q (%v), want NUMBER(%d,%d) %q", tc.q, prec, scale, got, ok, tc.prec, tc.scale, tc.want)
		}
	}
}

// TestRoundingUnseenArgumentPrecision: where the argument's type is a
// set operation's column, an aggregate's or an expression's, the rounding
// declares what it declares of a column of that type. The engine reported
// DuckDB's precision p (CEIL of a UNION's NUMBER(10,2) column was a
// NUMBER(10,0), where the reference's CEIL(n102) is a NUMBER(11,0)).
// The argument types: a UNION ALL of one type is that type; MIN and MAX
// "the same data type as the input" (docs: min,
// https://docs.snowflake.com/en/sql-reference/functions/min); SUM
// NUMBER(p + 12, s) and AVG NUMBER(p + 18, s + 6) ("What the numeric
// aggregates DECLARE", mlorek/frostlake docs/functions.md); a sum of two
// NUMBER(10,2) a NUMBER(11,2) (docs: "Scale and precision in arithmetic
// operations", https://docs.snowflake.com/en/sql-reference/operators-arithmetic);
// COALESCE of a NUMBER(10,2) and a NUMBER(5,4) a NUMBER(12,4), IFF with a
// NULL branch the other's type ("What a conditional's fold presents",
// docs/functions.md); LENGTH a NUMBER(18,0) (the reference's
// IntegerResultWidths.java).
func TestRoundingUnseenArgumentPrecision(t *testing.T) {
	db := roundingFixture(t, "ruap")
	checkRounding(t, db, []roundingCase{
		// CEIL(n102) NUMBER(11,0) = 124, ROUND(n102, 1) NUMBER(11,1) = 123.5.
		{"select ceil(n) from (select n102 n from rw union all select n102 from rw)", 11, 0, "124"},
		{"select round(n, 1) from (select n102 n from rw union select n102 from rw)", 11, 1, "123.5"},
		{"with u as (select n102 n from rw union all select n102 from rw) select trunc(u.n) from u", 11, 0, "123"},
		{"select floor(n102) from rw union all select floor(n102) from rw", 11, 0, "123"},
		{"select floor(min(n102)) from rw", 11, 0, "123"},
		{"select round(max(n102), 1) from rw", 11, 1, "123.5"},
		{"select round(sum(n102)) from rw", 23, 0, "123"},
		{"select ceil(avg(n102)) from rw", 29, 0, "124"},
		{"select round(avg(n102), 1, 'HALF_TO_EVEN') from rw", 29, 1, "123.4"},
		{"select round(n102 + n102) from rw", 12, 0, "247"},
		{"select trunc(coalesce(n102, n54), 2) from rw", 13, 2, "123.45"},
		{"select floor(iff(true, n102, null)) from rw", 11, 0, "123"},
		{"select round(n102, 3) from (select n102 from rw union all select n102 from rw)", 10, 2, "123.45"},
		// A product of a NUMBER(10,2) and a NUMBER(1,0) is a NUMBER(11,2)
		// (docs: operators-arithmetic, as above), here in a PIVOT's
		// aggregate (MAX: the input's type).
		{"select * from (select 'a' k, n102 from rw) pivot (max(round(n102 * 2)) for k in ('a'))", 12, 0, "247"},
		{"select round(length(s)) from rw", 18, 0, "3"},
		{"select round(length(s), -1) from rw", 19, 0, "0"},
		// No literal: NUMBER(min(38, max(18, p + 1)), si), rounded at the
		// value's scale ("CEIL(n102, 1+0)" is NUMBER(18,2) = 123.50).
		{"select round(avg(n102), 1+0) from rw", 29, 8, "123.50000000"},
		{"select round(a10, 1+0) from rw", 18, 0, "1"},
		// An INT keeps its NUMBER(38,0): "CEIL(i)" is NUMBER(38,0) = 7.
		{"select round(i, 1, 'HALF_TO_EVEN') from rw", 38, 0, "7"},
	})
}

// TestRoundingScaleLiteral: the scale is read as a literal however it is
// spelled, signed included (RoundingFamilyWidthTest: "CEIL(n102, 2.0)" is
// NUMBER(10,2), "CEIL(n102, 1e0)" NUMBER(11,1), "CEIL(n102, -1)" and
// "CEIL(n102, -(1))" NUMBER(11,0), "CEIL(n102, -9)" NUMBER(12,0),
// "CEIL(n102, -36)" NUMBER(38,0); ROUND rounds half away from zero by
// default, docs/functions.md). The
// engine refused a signed scale and typed 2.0 and 1e0 as no literal
// (NUMBER(18,2)).
func TestRoundingScaleLiteral(t *testing.T) {
	db := roundingFixture(t, "rusl")
	checkRounding(t, db, []roundingCase{
		{"select round(n102, 2.0) from rw", 10, 2, "123.45"},
		{"select round(n102, 1e0) from rw", 11, 1, "123.5"},
		{"select round(n102, -1) from rw", 11, 0, "120"},
		{"select round(n102, -(1)) from rw", 11, 0, "120"},
		{"select trunc(n102, -2) from rw", 11, 0, "100"},
		{"select trunc(n102, -9) from rw", 12, 0, "0"},
		{"select round(n102, -36) from rw", 38, 0, "0"},
		{"select round(avg(n102), -2) from rw", 29, 0, "100"},
	})
	// Whether +1 is read as a literal no source shows.
	wantRefused(t, db, "select round(n102, +1) from rw", "signed scale")
}

// TestRoundingNegativeScaleValues: ROUND to a negative scale rounds half
// away from zero (its default mode, docs/functions.md) and TRUNC toward
// zero whatever the input's digits (a negative scale rounds to a power of
// ten, docs: floor, https://docs.snowflake.com/sql-reference/functions/floor;
// the reference's "CEIL(n54, -1)" NUMBER(6,0) = 10), and a NULL stays NULL (the reference's RoundedValue:
// "null when the input or the scale is null"). DuckDB answered a constant 0
// once the scale reached the type's integer digits (ROUND of a NUMBER(3,0)
// 999 to -3 was 0, a NULL was 0). A scale more than 38 digits below the
// input's own is "Invalid parameter value: -37. Reason: Scale too large" on
// a row (RoundingFamilyWidthTest: CEIL(n102, -37)), whose error code no
// source gives: refused (002040); the engine answered 0.
func TestRoundingNegativeScaleValues(t *testing.T) {
	db := roundingFixture(t, "runs")
	mustExec(t, db, "create table rn (n3 number(3,0))", "insert into rn values (null)")
	checkRounding(t, db, []roundingCase{
		{"select round(n3, -3) from rw", 4, 0, "1000"},
		{"select round(-n3, -3) from rw", 4, 0, "-1000"},
		{"select round(n54, -1) from rw", 6, 0, "0"},
		{"select trunc(n3, -2) from rw", 4, 0, "900"},
	})
	var got sql.NullString
	if err := db.QueryRow("select trunc(n3, -5) from rn").Scan(&got); err != nil || got.Valid {
		t.Errorf("trunc of a NULL to -5: %v %v, want NULL", got, err)
	}
	wantRefused(t, db, "select round(n102, -37) from rw", "more than 38 digits below")
	wantRefused(t, db, "select trunc(avg(n102), -31) from rw", "more than 38 digits below")
}
