package snowlocal_test

import "testing"

// The wall clocks of TestWallClockGapAndOverlapRefused (wallclock_test.go)
// met on the paths where DuckDB still chose an instant silently: a view or
// SQL function made while the session's zone had no transitions, read in
// one that has them, and DATEADD of a value whose type only DuckDB sees.
// America/Los_Angeles skips 2024-03-10 02:00 to 03:00 and lives 2024-11-03
// 01:00 to 02:00 twice; America/Havana skips 2024-03-10 00:00 to 01:00
// (IANA tzdata, as Go's time package reads it), so a DATE's midnight is
// in a gap there. The docs give no instant for either (wallclock_test.go);
// times next to them answer with the zone's documented offsets.

// TestWallClockStoredViewsAndFunctions: a view or function made in UTC
// and read in Los Angeles refuses the wall clock in a gap or an overlap,
// as the same query does when written in the session (DuckDB took 02:30
// as 03:30 -0700); in UTC it answers as before.
func TestWallClockStoredViewsAndFunctions(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database wcv", "use database wcv", "alter session set timezone = 'UTC'",
		"create table t (d date, s varchar)",
		"insert into t values ('2024-03-10', '2024-03-10 02:30')",
		"create view v_cast as select d::timestamp_ltz x from t",
		"create view v_fmt as select to_timestamp_ltz(s, 'YYYY-MM-DD HH24:MI') x from t",
		"create view v_tzfmt as select to_timestamp_tz(s, 'YYYY-MM-DD HH24:MI') x from t",
		"create view v_parts as select timestamp_ltz_from_parts(2024, 3, 10, 2, 30, 0) x",
		"create view v_tzparts as select timestamp_tz_from_parts(2024, 11, 3, 1, 30, 0) x",
		"create view v_dateadd as select dateadd(day, 1, '2024-03-09 02:30:00 -0800'::timestamp_ltz) x",
		"create view v_addmonths as select add_months('2024-02-10 02:30:00 -0800'::timestamp_ltz, 1) x",
		"create view v_trunc as select date_trunc('hour', '2024-11-03 01:30:00 -0700'::timestamp_ltz) x",
		"create view v_ok as select dateadd(day, 1, '2024-03-09 03:30:00 -0800'::timestamp_ltz) x",
		"create function f_parts() returns timestamp_ltz as 'timestamp_ltz_from_parts(2024, 3, 10, 2, 30, 0)'",
		"create function f_dateadd(x timestamp_ltz) returns timestamp_ltz as 'dateadd(month, 8, x)'",
	)
	// In UTC (no transitions) they answer.
	for q, want := range map[string]string{
		"select to_varchar(x) from v_parts":                   "2024-03-10 02:30:00.000 +0000",
		"select to_varchar(x) from v_fmt":                     "2024-03-10 02:30:00.000 +0000",
		"select to_varchar(x) from v_cast":                    "2024-03-10 00:00:00.000 +0000",
		"select to_varchar(f_parts())":                        "2024-03-10 02:30:00.000 +0000",
		"select to_varchar(x) from v_dateadd":                 "2024-03-10 10:30:00.000 +0000",
		"select to_varchar(f_dateadd('2024-03-03 01:30:00'))": "2024-11-03 01:30:00.000 +0000",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("UTC: %s = %q, want %q", q, got, want)
		}
	}
	mustExec(t, db, "alter session set timezone = 'America/Los_Angeles'")
	const la = "exists twice in time zone America/Los_Angeles"
	for _, q := range []string{
		"select x from v_fmt",
		"select x from v_tzfmt",
		"select x from v_parts",
		"select x from v_tzparts",
		"select x from v_dateadd",
		"select x from v_addmonths",
		"select x from v_trunc",
		"select f_parts()",
		"select f_dateadd('2024-03-03 01:30:00 -0800'::timestamp_ltz)",
	} {
		wantRefused(t, db, q, la)
	}
	for q, want := range map[string]string{
		"select to_varchar(x) from v_ok":   "2024-03-10 03:30:00.000 -0700",
		"select to_varchar(x) from v_cast": "2024-03-10 00:00:00.000 -0800",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("Los Angeles: %s = %q, want %q", q, got, want)
		}
	}
	// A DATE's midnight in Havana's gap.
	mustExec(t, db, "alter session set timezone = 'America/Havana'")
	wantRefused(t, db, "select x from v_cast", "exists twice in time zone America/Havana")
}

// TestWallClockDateaddUnseen: DATEADD of days or larger to a derived
// table's TIMESTAMP_LTZ column (a type the rewriter does not see) moves
// the wall clock, which is checked as for a column it sees; a DATE and a
// TIMESTAMP_NTZ answer as before.
func TestWallClockDateaddUnseen(t *testing.T) {
	db := open(t)
	mustExec(t, db, "alter session set timezone = 'America/Los_Angeles'")
	const la = "exists twice in time zone America/Los_Angeles"
	for _, q := range []string{
		"select dateadd(day, 1, x) from (select '2024-03-09 02:30:00'::timestamp_ltz x)",
		"select dateadd(month, 8, x) from (select '2024-03-03 01:30:00'::timestamp_ltz x)",
		"with c as (select '2024-11-02 01:30:00'::timestamp_ltz x) select dateadd(day, 1, x) from c",
	} {
		wantRefused(t, db, q, la)
	}
	for q, want := range map[string]string{
		"select to_varchar(dateadd(day, 1, x)) from (select '2024-03-09 03:30:00'::timestamp_ltz x)":  "2024-03-10 03:30:00.000 -0700",
		"select to_varchar(dateadd(hour, 1, x)) from (select '2024-03-10 01:30:00'::timestamp_ltz x)": "2024-03-10 03:30:00.000 -0700",
		"select to_varchar(dateadd(day, 1, x)) from (select '2024-03-09'::date x)":                    "2024-03-10",
		"select to_varchar(dateadd(day, 1, x)) from (select '2024-03-09 02:30:00'::timestamp_ntz x)":  "2024-03-10 02:30:00.000",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
}

// TestWallClockComparisons: a TIMESTAMP_LTZ compared with a string literal
// (canonical or in another AUTO format), a TIMESTAMP_NTZ or a DATE reads
// the other side as a wall clock in the session's zone: in a gap or an
// overlap it is refused, in every comparison form (operators, BETWEEN, IN
// of a list or a subquery, ANY and ALL, a simple CASE, DECODE, NULLIF,
// EQUAL_NULL), where a conditional function's or a CASE's values take
// one type and in DATEDIFF, whether the rewriter sees the
// types (base table columns) or only DuckDB does (a derived table's
// column); DuckDB's implicit cast took 02:30 as 03:30 -0700. Values beside
// them, and comparisons without a TIMESTAMP_LTZ, answer as before.
func TestWallClockComparisons(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database wcc2", "use database wcc2",
		"alter session set timezone = 'America/Los_Angeles'",
		"create table t (l timestamp_ltz, n timestamp_ntz, o timestamp_ntz, d date)",
		"insert into t values ('2024-03-10 01:00:00', '2024-03-10 02:30:00', '2024-11-03 01:30:00', '2024-03-10')")
	const la = "exists twice in time zone America/Los_Angeles"
	for _, q := range []string{
		"select count(*) from t where l < '2024-03-10 02:30:00'",
		"select count(*) from t where '2024-11-03 01:30:00' > l",
		"select count(*) from t where l < '03/10/2024 02:30:00'",
		"select count(*) from t where l in ('2024-11-03 01:30:00', '2024-03-10 01:00:00')",
		"select count(*) from t where l between '2024-03-10 00:00:00' and '2024-03-10 02:30:00'",
		"select count(*) from t where l < n",
		"select count(*) from t where o > l",
		"select count(*) from t where l between n and o",
		"select count(*) from t where l in (n, o)",
		"select count(*) from t where n in (l)",
		"select case l when n then 1 else 2 end from t",
		"select decode(l, o, 1, 2) from t",
		"select nullif(n, l) from t",
		"select equal_null(l, o) from t",
		"select count(*) from (select n x from t), t where l < x",
		"select count(*) from (select l x from t), t where n = x",
		"select count(*) from (select n x from t), (select l y from t) where x < y",
		"select count(*) from (select l x from t) where x = '2024-03-10 02:30:00'",
		"select count(*) from t where n in (select l from t)",
		"select count(*) from t where l in (select o from t)",
		"select count(*) from t where l = any (select n from t)",
		"select count(*) from t where n > all (select l from t)",
		"select count(*) from (select n x from t), t where x in (select l from t)",
		// The values of a conditional function or a CASE take one type.
		"select coalesce(null, n, l) from t",
		"select iff(true, n, l) from t",
		"select case when l is null then l else o end from t",
		"select coalesce(x, l) from (select n x from t), t",
		// DATEDIFF of a TIMESTAMP_NTZ and a TIMESTAMP_LTZ.
		"select datediff(hour, n, l) from t",
		"select timestampdiff(minute, l, o) from t",
	} {
		wantRefused(t, db, q, la)
	}
	for q, want := range map[string]string{
		"select count(*) from t where l = '2024-03-10 01:00:00'":                   "1",
		"select count(*) from t where l < '2024-03-10 03:00:00'":                   "1",
		"select count(*) from t where l = '2024-03-10 09:00:00 +0000'":             "1",
		"select count(*) from t where l > d":                                       "1",
		"select count(*) from t where n = '2024-03-10 02:30:00'":                   "1",
		"select count(*) from t where n between '2024-03-10' and o":                "1",
		"select count(*) from t where d = '2024-03-10'":                            "1",
		"select count(*) from (select n x from t) where x = '2024-03-10 02:30:00'": "1",
		"select count(*) from t where n < o":                                       "1",
		"select count(*) from t where d = any (select l from t)":                   "0",
		"select count(*) from t where l in (select l from t)":                      "1",
		"select to_varchar(coalesce(l, n)) from t":                                 "2024-03-10 01:00:00.000 -0800",
		"select to_varchar(greatest(l, d)) from t":                                 "2024-03-10 01:00:00.000 -0800",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
}

// TestWallClockIntervalSum: an interval constant of days or larger parts
// added to (or subtracted from) a TIMESTAMP_LTZ moves its wall clock
// (DuckDB adds months and days on the calendar of the session's zone, as
// DATEADD does), which is checked: a sum landing in the gap or the overlap
// is refused, whether the rewriter sees the type (a column) or only DuckDB
// does (a derived table's column); DuckDB took 2024-03-10 02:30 as 03:30
// -0700. Time parts move the instant (23 hours after 2024-03-09 02:30
// -0800 is 01:30 -0800), and other types answer as before.
func TestWallClockIntervalSum(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database wci", "use database wci",
		"alter session set timezone = 'America/Los_Angeles'",
		"create table t (l timestamp_ltz, o timestamp_ltz, n timestamp_ntz, d date)",
		"insert into t values ('2024-03-09 02:30:00', '2024-10-03 01:30:00', '2024-03-09 02:30:00', '2024-03-09')")
	const la = "exists twice in time zone America/Los_Angeles"
	for _, q := range []string{
		"select l + interval '1 day' from t",
		"select l + interval '1 day, 2 hours' from t",
		"select o + interval '1 month' from t",
		"select o - interval '-31 days' from t",
		"select x + interval '1 day' from (select l x from t)",
		"select count(*) from t where l + interval '1 day' > current_timestamp()",
	} {
		wantRefused(t, db, q, la)
	}
	for q, want := range map[string]string{
		"select to_varchar(l + interval '23 hours') from t":                 "2024-03-10 01:30:00.000 -0800",
		"select to_varchar(l + interval '2 days') from t":                   "2024-03-11 02:30:00.000 -0700",
		"select to_varchar(l - interval '1 month') from t":                  "2024-02-09 02:30:00.000 -0800",
		"select to_varchar(o + interval '2 months') from t":                 "2024-12-03 01:30:00.000 -0800",
		"select to_varchar(x + interval '2 days') from (select l x from t)": "2024-03-11 02:30:00.000 -0700",
		"select to_varchar(n + interval '1 day') from t":                    "2024-03-10 02:30:00.000",
		"select to_varchar(x + interval '1 day') from (select n x from t)":  "2024-03-10 02:30:00.000",
		"select to_varchar(d + interval '1 day') from t":                    "2024-03-10",
		"select to_varchar(x + interval '1 day') from (select d x from t)":  "2024-03-10",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
}

// TestWallClockSetOperations: a set operation's column takes DuckDB's
// common type, which makes a TIMESTAMP_NTZ beside a TIMESTAMP_LTZ an
// instant of the session's zone (02:30 as 03:30 -0700). In a zone with
// transitions a column of timestamps is answered where every item is
// known to be of one kind, and refused otherwise; in UTC as before.
func TestWallClockSetOperations(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database wcs", "use database wcs",
		"alter session set timezone = 'America/Los_Angeles'",
		"create table t (l timestamp_ltz, n timestamp_ntz)",
		"insert into t values ('2024-03-10 01:00:00', '2024-03-10 02:30:00')")
	const refusal = "of timestamps not all known to be of one of TIMESTAMP_NTZ and TIMESTAMP_LTZ"
	for _, q := range []string{
		"select l from t union all select n from t",
		"select n from t union select l from t",
		"select l from t union all select '2024-03-10 02:30:00'::timestamp_ntz",
		"select l from t union all select y from (select n y from t)",
	} {
		wantRefused(t, db, q, refusal)
	}
	for q, want := range map[string]string{
		"select count(*) from (select l from t union all select l from t)":                                         "2",
		"select to_varchar(min(x)) from (select n x from t union all select '2024-03-10 02:30:00'::timestamp_ntz)": "2024-03-10 02:30:00.000",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	mustExec(t, db, "alter session set timezone = 'UTC'")
	if got, want := queryValue(t, db, "select count(*) from (select l from t union all select n from t)"), "2"; got != want {
		t.Errorf("UTC: %q, want %q", got, want)
	}
}
