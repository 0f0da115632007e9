package snowlocal_test

import (
	"testing"
)

// TestMonthsBetweenNumber27And6: MONTHS_BETWEEN is a NUMBER(27, 6): "The
// result carries Snowflake's NUMBER(27,6) scale" (the independent
// reference, live-verified: mlorek/frostlake docs/functions.md,
// MONTHS_BETWEEN, and engine/src/main/java/dev/frostlake/functions/scalar/
// datetime/MonthsBetween.java, "Snowflake's result type is NUMBER(27,6)");
// the docs print its 6 decimals (1.000000, 0.548387, 0.549731, 1.064516,
// -1.000000; https://docs.snowflake.com/en/sql-reference/functions/months_between).
// As a result column the call was refused (its precision was taken for
// undocumented); it answers now with that type, and so do the shapes
// built on it, typed as a NUMBER(27, 6) is: a sign, brackets, a
// conditional, MAX, a derived table's or CTE's column, a created table's
// column, a product or quotient with a NUMBER (docs: Arithmetic operators,
// https://docs.snowflake.com/en/sql-reference/operators-arithmetic).
func TestMonthsBetweenNumber27And6(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database mbn")
	const mb = "months_between('2019-03-01'::date, '2019-02-15'::date)"
	for _, tc := range []struct {
		q           string
		prec, scale int64
		want        string
	}{
		// The docs' examples, uncast.
		{"select months_between('2019-03-15'::date, '2019-02-15'::date)", 27, 6, "1.000000"},
		{"select months_between('2019-03-31'::date, '2019-02-28'::date)", 27, 6, "1.000000"},
		{"select " + mb, 27, 6, "0.548387"},
		{"select months_between('2019-03-01 02:00:00'::timestamp, '2019-02-15 01:00:00'::timestamp)", 27, 6, "0.549731"},
		{"select months_between('2019-02-15 02:00:00'::timestamp, '2019-02-15 01:00:00'::timestamp)", 27, 6, "0.000000"},
		{"select months_between('2019-03-30'::date, '2019-02-28'::date)", 27, 6, "1.064516"},
		{"select months_between('2019-02-01'::date, '2019-03-01'::date)", 27, 6, "-1.000000"},
		// "A negated NUMBER keeps its type" (docs: Arithmetic operators).
		{"select -" + mb, 27, 6, "-0.548387"},
		{"select (" + mb + ")", 27, 6, "0.548387"},
		{"select max(" + mb + ")", 27, 6, "0.548387"},
		{"select m from (select " + mb + " as m)", 27, 6, "0.548387"},
		{"with c as (select " + mb + " as m) select m from c", 27, 6, "0.548387"},
		{"select iff(true, " + mb + ", 0)", 27, 6, "0.548387"},
		// A sum: max(L1, L2) + 1 leading digits; a product: L1 + L2.
		{"select " + mb + " + 1", 28, 6, "1.548387"},
		{"select " + mb + " * 2", 28, 6, "1.096774"},
	} {
		p, s, ok, got := decimalResult(t, db, tc.q)
		if !ok || p != tc.prec || s != tc.scale || got != tc.want {
			t.Errorf("%s: NUMBER(%d, %d) %v %q, want NUMBER(%d, %d) %q", tc.q, p, s, ok, got, tc.prec, tc.scale, tc.want)
		}
	}
	mustExec(t, db, "create table ctas as select "+mb+" as m")
	if got := queryValue(t, db, "select data_type || ' ' || numeric_precision || ' ' || numeric_scale from information_schema.columns where table_name = 'CTAS'"); got != "NUMBER 27 6" {
		t.Errorf("CTAS column: %q, want NUMBER 27 6", got)
	}
	// The run-time refusal of a value whose rounding and cutting differ
	// stays (TestMonthsBetweenRoundOrTruncateRefused).
	wantRefused(t, db, "select months_between('2024-03-15'::date, '2024-02-01'::date)",
		"MONTHS_BETWEEN whose value is not surely the same rounded or truncated")
}

// TestRoundingNumberOfKnownScale: ROUND, TRUNC, CEIL and FLOOR of a NUMBER(p,
// si) declare, for a target scale s (0 when none is written), the input
// type when s >= si, else NUMBER(min(38, p + 1 + max(0, -s - (p - si))),
// max(s, 0)), and NUMBER(min(38, max(18, p + 1)), si) for a scale that is
// no literal ("What the rounding family DECLARES": mlorek/frostlake
// docs/functions.md, live-verified). Over MONTHS_BETWEEN, a NUMBER(27, 6),
// DuckDB's kept 27 digits (ROUND of it was a NUMBER(27, 0)). The docs'
// ROUND(MONTHS_BETWEEN(…)) example prints 1
// (https://docs.snowflake.com/en/sql-reference/functions/months_between).
func TestRoundingNumberOfKnownScale(t *testing.T) {
	db := open(t)
	const mb = "months_between('2019-03-01'::date, '2019-02-15'::date)"
	for _, tc := range []struct {
		q           string
		prec, scale int64
		want        string
	}{
		{"select round(months_between('2019-03-31 12:00:00'::timestamp, '2019-02-28 00:00:00'::timestamp))", 28, 0, "1"},
		{"select round(" + mb + ")", 28, 0, "1"},
		{"select round((" + mb + "))", 28, 0, "1"},
		{"select trunc(" + mb + ")", 28, 0, "0"},
		{"select ceil(" + mb + ")", 28, 0, "1"},
		{"select floor(" + mb + ")", 28, 0, "0"},
		{"select round(" + mb + ", 2)", 28, 2, "0.55"},
		{"select trunc(" + mb + ", 3)", 28, 3, "0.548"},
		{"select round(" + mb + ", 7)", 27, 6, "0.548387"},
		{"select round(" + mb + ", 2, 'HALF_TO_EVEN')", 28, 2, "0.55"},
		{"select round(expr => " + mb + ", scale => 1)", 28, 1, "0.5"},
		// A signed scale is a literal: CEIL(n102, -1) and CEIL(n102, -(1))
		// are NUMBER(11,0) (mlorek/frostlake RoundingFamilyWidthTest,
		// live-verified).
		{"select round(" + mb + ", -1)", 28, 0, "0"},
	} {
		p, s, ok, got := decimalResult(t, db, tc.q)
		if !ok || p != tc.prec || s != tc.scale || got != tc.want {
			t.Errorf("%s: NUMBER(%d, %d) %v %q, want NUMBER(%d, %d) %q", tc.q, p, s, ok, got, tc.prec, tc.scale, tc.want)
		}
	}
}

// TestInterpolateFill: INTERPOLATE_FFILL "gap-fills rows based on the
// previously observed row", INTERPOLATE_BFILL "based on the next observed
// row", over ( [ PARTITION BY … ] ORDER BY … ) with no explicit frame; an
// explicit one fails "002303 (0A000): SQL compilation error: error line 1
// at position 111 / Sliding window frame unsupported for function
// INTERPOLATE_BFILL" (docs: interpolate_bfill, the example's table and
// output, https://docs.snowflake.com/en/sql-reference/functions/interpolate_bfill).
// The engine answered 002140 Unknown function. Rows whose ORDER BY values
// tie in a partition (which is the previous one no source says) and
// INTERPOLATE_LINEAR (no documented example) are refused.
func TestInterpolateFill(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ipf",
		"create table m (observed timestamp, temperature number, city varchar, county varchar)",
		`insert into m values
		('2025-03-15 09:45:00', NULL, 'Big Bear City', 'San Bernardino'),
		('2025-03-15 09:49:00', 48, 'Big Bear City', 'San Bernardino'),
		('2025-03-15 09:50:00', NULL, 'Big Bear City', 'San Bernardino'),
		('2025-03-15 09:50:00', 44, 'South Lake Tahoe', 'El Dorado'),
		('2025-03-15 09:55:00', 49, 'Big Bear City', 'San Bernardino'),
		('2025-03-15 09:55:00', 46, 'South Lake Tahoe', 'El Dorado'),
		('2025-03-15 10:00:00', NULL, 'Big Bear City', 'San Bernardino'),
		('2025-03-15 10:00:00', NULL, 'South Lake Tahoe', 'El Dorado'),
		('2025-03-15 10:05:00', NULL, 'Big Bear City', 'San Bernardino'),
		('2025-03-15 10:05:00', NULL, 'South Lake Tahoe', 'El Dorado'),
		('2025-03-15 10:10:00', 51, 'Big Bear City', 'San Bernardino'),
		('2025-03-15 10:10:00', 52, 'South Lake Tahoe', 'El Dorado'),
		('2025-03-15 10:15:00', NULL, 'Big Bear City', 'San Bernardino'),
		('2025-03-15 10:15:00', 54, 'South Lake Tahoe', 'El Dorado'),
		('2025-03-15 10:18:00', 54, 'Big Bear City', 'San Bernardino')`)
	_, rows := queryRows(t, db, `select to_varchar(observed, 'HH24:MI'), city,
		interpolate_bfill(temperature) over (partition by city, county order by observed) bfill_temp,
		interpolate_ffill(temperature) over (partition by city, county order by observed) ffill_temp
		from m order by observed, city`)
	// The docs' BFILL_TEMP and FFILL_TEMP (NULL reads as "").
	want := [][]string{
		{"09:45", "Big Bear City", "48", ""}, {"09:49", "Big Bear City", "48", "48"},
		{"09:50", "Big Bear City", "49", "48"}, {"09:50", "South Lake Tahoe", "44", "44"},
		{"09:55", "Big Bear City", "49", "49"}, {"09:55", "South Lake Tahoe", "46", "46"},
		{"10:00", "Big Bear City", "51", "49"}, {"10:00", "South Lake Tahoe", "52", "46"},
		{"10:05", "Big Bear City", "51", "49"}, {"10:05", "South Lake Tahoe", "52", "46"},
		{"10:10", "Big Bear City", "51", "51"}, {"10:10", "South Lake Tahoe", "52", "52"},
		{"10:15", "Big Bear City", "54", "51"}, {"10:15", "South Lake Tahoe", "54", "54"},
		{"10:18", "Big Bear City", "54", "54"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %v", len(rows), len(want), rows)
	}
	for i := range want {
		for j := range want[i] {
			if rows[i][j] != want[i][j] {
				t.Errorf("row %d: %v, want %v", i, rows[i], want[i])
				break
			}
		}
	}
	// "These functions return the same data type as the data type of the
	// input expression": NUMBER(38,0).
	if p, s, ok, got := decimalResult(t, db, "select interpolate_ffill(temperature) over (partition by city order by observed) from m order by observed desc limit 1"); !ok || p != 38 || s != 0 || got != "54" {
		t.Errorf("type: NUMBER(%d, %d) %v %q, want NUMBER(38, 0) 54", p, s, ok, got)
	}
	wantError(t, db, `select interpolate_bfill(temperature)
      over (partition by city, county order by observed rows between 1 preceding and 1 following) from m`,
		2303, "SQL compilation error: error line 2 at position 56\nSliding window frame unsupported for function INTERPOLATE_BFILL")
	for _, q := range []string{
		// 09:50 in both cities: which row is the previous one?
		"select interpolate_ffill(temperature) over (order by observed) from m",
		"select * from (select observed, interpolate_bfill(temperature) over (order by observed) b from m) where observed = '2025-03-15 10:18:00'",
	} {
		wantRefused(t, db, q, "over rows whose ORDER BY values tie in a partition")
	}
	wantRefused(t, db, "select interpolate_linear(temperature) over (partition by city order by observed) from m", "INTERPOLATE_LINEAR")
	wantRefused(t, db, "select interpolate_ffill(temperature) over (partition by city) from m", "INTERPOLATE_FFILL without OVER")
	wantRefused(t, db, "select interpolate_ffill(temperature) over (partition by city order by observed rows between unbounded preceding and current row) from m",
		"INTERPOLATE_FFILL with a window frame")
}
