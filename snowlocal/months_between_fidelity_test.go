package snowlocal_test

import (
	"testing"
)

// MONTHS_BETWEEN is a NUMBER of 6 decimals: the docs' examples print
// 1.000000, 0.548387, 0.549731, 0.000000, 1.064516, -1.000000 (a FLOAT 1
// prints as 1; https://docs.snowflake.com/en/sql-reference/functions/months_between)
// and the Snowpark doctest answers Decimal('-3.629452') for 2020-05-01
// 13:11:20 and 2020-08-21 01:30:05
// (https://docs.snowflake.com/en/developer-guide/snowpark/reference/python/latest/api/snowflake.snowpark.functions.months_between),
// although "Returns" says a FLOAT. The engine answered a DOUBLE with all
// its digits (0.5483870967741935).

// TestMonthsBetweenSixDecimals: the documented values, exact, cast (as a
// result column the call is a NUMBER(27, 6): TestMonthsBetweenNumber27And6),
// and inside a comparison, where the docs' 0.548387 matches.
func TestMonthsBetweenSixDecimals(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select months_between('2019-03-15'::date, '2019-02-15'::date)::number(38, 6)", "1.000000"},
		{"select months_between('2019-03-31'::date, '2019-02-28'::date)::number(38, 6)", "1.000000"},
		{"select months_between('2019-03-01'::date, '2019-02-15'::date)::number(38, 6)", "0.548387"},
		{"select months_between('2019-03-01 02:00:00'::timestamp, '2019-02-15 01:00:00'::timestamp)::number(38, 6)", "0.549731"},
		{"select months_between('2019-02-15 02:00:00'::timestamp, '2019-02-15 01:00:00'::timestamp)::number(38, 6)", "0.000000"},
		{"select months_between('2019-03-30'::date, '2019-02-28'::date)::number(38, 6)", "1.064516"},
		{"select months_between('2019-02-01'::date, '2019-03-01'::date)::number(38, 6)", "-1.000000"},
		{"select months_between('2020-05-01 13:11:20'::timestamp, '2020-08-21 01:30:05'::timestamp)::number(38, 6)", "-3.629452"},
		// The 6-decimal NUMBER, not the DOUBLE 0.5483870967741935.
		{"select months_between('2019-03-01'::date, '2019-02-15'::date)::float", "0.548387"},
		{"select months_between('2019-03-01'::date, '2019-02-15'::date) || ''", "0.548387"},
		{"select (months_between('2019-03-01'::date, '2019-02-15'::date) + 1)::number(38, 6)", "1.548387"},
		{"select count(*) from (select 1) where months_between('2019-03-01'::date, '2019-02-15'::date) = 0.548387", "1"},
		{"select iff(months_between('2019-03-01 02:00:00'::timestamp, '2019-02-15 01:00:00'::timestamp) <= 0.549731, 'y', 'n')", "y"},
		{"select months_between(null, '2019-02-15'::date)::number(38, 6)", "NULL"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	// The cast's type is the NUMBER(38, 6) it names.
	if p, s, ok, got := decimalResult(t, db, "select months_between('2019-03-01'::date, '2019-02-15'::date)::number(38, 6)"); !ok || p != 38 || s != 6 || got != "0.548387" {
		t.Errorf("cast: NUMBER(%d, %d) %v %q, want NUMBER(38, 6) 0.548387", p, s, ok, got)
	}
	// A table's NUMBER(38, 6) column takes the value as it is.
	mustExec(t, db, "create database mb", "create table m (v number(38, 6))",
		"insert into m select months_between('2019-03-01'::date, '2019-02-15'::date)")
	if got := queryValue(t, db, "select v from m"); got != "0.548387" {
		t.Errorf("stored: %q, want 0.548387", got)
	}
}

// TestMonthsBetweenRoundOrTruncateRefused: whether Snowflake rounds or cuts
// to 6 decimals no example settles (each one's seventh decimal on is below
// half a millionth; -3.6294522849… printed -3.629452 rules out flooring,
// 0.5483870967… printed 0.548387 ceiling), so a value where the two differ
// is refused when met: 2024-03-15 and 2024-02-01 are 1 + 14/31 =
// 1.4516129032… (1.451613 rounded, 1.451612 cut); the engine answered
// 1.4516129032258065. So is a value just past an exact sixth decimal,
// which a FLOAT computed first could hold just below (0.1 month: 3 days
// 2:24 hours), as in a WHERE clause; a date pair cut below half answers.
func TestMonthsBetweenRoundOrTruncateRefused(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select months_between('2024-03-15'::date, '2024-02-01'::date)::number(38, 6)",
		"select months_between('2024-03-15'::date, '2024-02-01'::date)::float",
		"select months_between('2024-02-01'::date, '2024-03-15'::date)::number(38, 6)",
		"select count(*) from (select 1) where months_between('2024-03-15'::date, '2024-02-01'::date) > 1",
		"select months_between('2019-03-04 02:24:00'::timestamp, '2019-03-01 00:00:00'::timestamp)::float",
	} {
		wantRefused(t, db, q, "MONTHS_BETWEEN whose value is not surely the same rounded or truncated")
	}
	// 2024-03-08 and 2024-02-01: 1 + 7/31 = 1.2258064516…, cut and rounded alike.
	if got := queryValue(t, db, "select months_between('2024-03-08'::date, '2024-02-01'::date)::number(38, 6)"); got != "1.225806" {
		t.Errorf("got %q, want 1.225806", got)
	}
}
