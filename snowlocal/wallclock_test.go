package snowlocal_test

import (
	"os"
	"path/filepath"
	"testing"
)

// A wall-clock time in a gap (America/Los_Angeles skips 2024-03-10 02:00 to
// 03:00; Europe/Berlin 2024-03-31 02:00 to 03:00) or an overlap (Los
// Angeles lives 2024-11-03 01:00 to 02:00 twice; Berlin 2024-10-27 02:00 to
// 03:00) of a zone with daylight saving time has no documented instant in
// Snowflake (data-types-datetime, date-time-input-output, CONVERT_TIMEZONE,
// TO_TIMESTAMP_LTZ/TZ and the TIMEZONE parameter say nothing of either), so
// the engine refuses it wherever it is read as an instant, where DuckDB
// silently picked one (02:30 as 03:30 -0700, 01:30 as -0800). Times next to
// them keep the zone's documented offsets (-0800 in winter, -0700 in summer,
// as data-types-datetime's America/Los_Angeles examples print them; TIMESTAMP
// output format YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM); text with its offset is
// one instant and is answered; UTC has neither gap nor overlap.
func TestWallClockGapAndOverlapRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database wc", "use database wc",
		"create table t (a timestamp_ltz, b timestamp_tz, n timestamp_ntz, s varchar)",
		"insert into t values (null, null, '2024-11-03 01:30:00', '2024-03-10 02:30:00')",
		"alter session set timezone = 'America/Los_Angeles'")
	const la = "exists twice in time zone America/Los_Angeles"
	for _, q := range []string{
		"select '2024-03-10 02:30:00'::timestamp_ltz",
		"select '2024-11-03 01:30:00'::timestamp_ltz",
		"select cast('2024-11-03 01:59:59.999' as timestamp_ltz)",
		"select to_timestamp_ltz('2024-03-10 02:00:00')",
		"select try_to_timestamp_ltz('2024-03-10 02:30:00')",
		"select to_timestamp_tz('2024-11-03 01:30:00')",
		"select '2024-03-10 02:30:00'::timestamp_tz",
		"select '2024-11-03 01:30:00'::timestamp_ntz::timestamp_ltz",
		"select n::timestamp_ltz from t",
		"select s::timestamp_ltz from t",
		"select to_timestamp_ltz('2024-11-03 01:30', 'YYYY-MM-DD HH24:MI')",
		"select to_timestamp_tz('2024-03-10 02:30', 'YYYY-MM-DD HH24:MI')",
		"select timestamp_ltz_from_parts(2024, 3, 10, 2, 30, 0)",
		"select timestamp_tz_from_parts(2024, 11, 3, 1, 30, 0)",
		"select timestamp_tz_from_parts(2024, 3, 10, 2, 30, 0, 0, 'America/Los_Angeles')",
		"select convert_timezone('America/Los_Angeles', 'UTC', '2024-03-10 02:30:00'::timestamp_ntz)",
		"select convert_timezone('UTC', '2024-11-03 01:30:00'::timestamp_ntz)",
		"select dateadd(day, 1, '2024-03-09 02:30:00'::timestamp_ltz)",
		"select dateadd(month, 8, '2024-03-03 01:30:00'::timestamp_ltz)",
		"select date_trunc('hour', '2024-11-03 01:30:00 -0700'::timestamp_ltz)",
		"select add_months('2024-02-10 02:30:00 -0800'::timestamp_ltz, 1)",
		"insert into t (a) values ('2024-03-10 02:30:00')",
		"insert into t (b) values ('2024-11-03 01:30:00')",
		"insert into t (a) select n from t",
		"update t set a = s",
	} {
		wantRefused(t, db, q, la)
	}
	for q, want := range map[string]string{
		"select to_varchar('2024-03-10 01:59:59'::timestamp_ltz)":                                                 "2024-03-10 01:59:59.000 -0800",
		"select to_varchar('2024-03-10 03:00:00'::timestamp_ltz)":                                                 "2024-03-10 03:00:00.000 -0700",
		"select to_varchar('2024-11-03 00:59:59'::timestamp_ltz)":                                                 "2024-11-03 00:59:59.000 -0700",
		"select to_varchar('2024-11-03 02:00:00'::timestamp_ltz)":                                                 "2024-11-03 02:00:00.000 -0800",
		"select to_varchar('2024-11-03 01:30:00 -0700'::timestamp_ltz)":                                           "2024-11-03 01:30:00.000 -0700",
		"select to_varchar('2024-11-03 01:30:00 -0800'::timestamp_ltz)":                                           "2024-11-03 01:30:00.000 -0800",
		"select to_varchar('2024-11-03T01:30:00-07:00'::timestamp_ltz)":                                           "2024-11-03 01:30:00.000 -0700",
		"select to_varchar(to_timestamp_tz('2024-11-03 01:30:00 -0700'))":                                         "2024-11-03 01:30:00.000 -0700",
		"select to_varchar(timestamp_ltz_from_parts(2024, 3, 10, 3, 30, 0))":                                      "2024-03-10 03:30:00.000 -0700",
		"select to_varchar(dateadd(day, 1, '2024-03-09 03:30:00'::timestamp_ltz))":                                "2024-03-10 03:30:00.000 -0700",
		"select to_varchar(dateadd(hour, 1, '2024-03-10 01:30:00'::timestamp_ltz))":                               "2024-03-10 03:30:00.000 -0700",
		"select to_varchar(add_months('2024-01-31 01:30:00'::timestamp_ltz, 1))":                                  "2024-02-29 01:30:00.000 -0800",
		"select to_varchar(date_trunc('day', '2024-11-03 01:30:00 -0700'::timestamp_ltz))":                        "2024-11-03 00:00:00.000 -0700",
		"select to_varchar('2024-03-10'::date::timestamp_ltz)":                                                    "2024-03-10 00:00:00.000 -0800",
		"select to_varchar(convert_timezone('America/Los_Angeles', 'UTC', '2024-03-10 01:30:00'::timestamp_ntz))": "2024-03-10 09:30:00.000",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}

	// Europe/Berlin: 2024-03-31 02:30 does not exist, 2024-10-27 02:30
	// exists twice; a named zone is checked whatever the session's zone.
	const berlin = "exists twice in time zone Europe/Berlin"
	mustExec(t, db, "alter session set timezone = 'Europe/Berlin'")
	wantRefused(t, db, "select '2024-03-31 02:30:00'::timestamp_ltz", berlin)
	wantRefused(t, db, "select '2024-10-27 02:30:00'::timestamp_ltz", berlin)
	if got, want := queryValue(t, db, "select to_varchar('2024-10-27 03:00:00'::timestamp_ltz)"), "2024-10-27 03:00:00.000 +0100"; got != want {
		t.Errorf("Berlin 03:00 after the overlap = %q, want %q", got, want)
	}
	mustExec(t, db, "alter session set timezone = 'UTC'")
	wantRefused(t, db, "select timestamp_tz_from_parts(2024, 10, 27, 2, 30, 0, 0, 'Europe/Berlin')", berlin)
	wantRefused(t, db, "select convert_timezone('Europe/Berlin', 'UTC', '2024-03-31 02:30:00'::timestamp_ntz)", berlin)

	// UTC (flurry's default) has neither gap nor overlap.
	for q, want := range map[string]string{
		"select to_varchar('2024-03-10 02:30:00'::timestamp_ltz)":                                           "2024-03-10 02:30:00.000 +0000",
		"select to_varchar('2024-11-03 01:30:00'::timestamp_ltz)":                                           "2024-11-03 01:30:00.000 +0000",
		"select to_varchar(convert_timezone('UTC', 'Europe/Berlin', '2024-10-27 00:30:00'::timestamp_ntz))": "2024-10-27 02:30:00.000",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
}

// COPY of text into a TIMESTAMP_LTZ column reads it in the session's zone:
// a wall clock in a gap or an overlap is refused (no documented instant),
// one with its offset and one outside them load.
func TestWallClockCopyIntoLTZ(t *testing.T) {
	db := open(t)
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.csv", "2024-11-03 01:30:00-07:00\n2024-11-03 02:00:00\n")
	bad := write("bad.csv", "2024-11-03 01:30:00\n")
	mustExec(t, db, "create database wcc", "create schema wcc.s", "use schema wcc.s", "create stage st",
		"create table t (a timestamp_ltz)", "alter session set timezone = 'America/Los_Angeles'",
		"put file://"+good+" @st auto_compress = false", "put file://"+bad+" @st auto_compress = false",
		"copy into t from @st files = ('good.csv')")
	if got, want := queryValue(t, db, "select listagg(to_varchar(a), ',') within group (order by a) from t"),
		"2024-11-03 01:30:00.000 -0700,2024-11-03 02:00:00.000 -0800"; got != want {
		t.Errorf("loaded %q, want %q", got, want)
	}
	wantRefused(t, db, "copy into t from @st files = ('bad.csv')", "exists twice in time zone America/Los_Angeles")
}
