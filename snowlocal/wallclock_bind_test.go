package snowlocal_test

import (
	"strings"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestWallClockBinds: a TIMESTAMP_NTZ or DATE bind (gosnowflake's typed
// time.Time argument) whose wall clock is in a gap or an overlap of the
// session's zone is refused in a session whose zone has transitions,
// wherever it would be read as a TIMESTAMP_LTZ: compared with one, among
// a conditional function's or CASE's values or an IN list beside one,
// cast to one. The docs give no instant for it (wallclock_test.go); DuckDB
// took one silently. America/Los_Angeles skips 2024-03-10 02:00 to 03:00
// and lives 2024-11-03 01:00 to 02:00 twice; America/Havana skips
// 2024-03-10 00:00 to 01:00 (IANA tzdata), so a DATE's midnight is in its
// gap. In UTC the same statements answer; a wall clock outside a gap or
// an overlap, and a DATE whose midnight is no gap, bind as before.
func TestWallClockBinds(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database wcb", "use database wcb", "alter session set timezone = 'America/Los_Angeles'",
		"create table t (l timestamp_ltz, n timestamp_ntz)",
		"insert into t values ('2024-03-10 01:00:00', '2024-03-10 02:30:00')")
	gap := time.Date(2024, 3, 10, 2, 30, 0, 0, time.UTC)
	overlap := time.Date(2024, 11, 3, 1, 30, 0, 0, time.UTC)
	queries := []string{
		"select count(*) from t where l < ?",
		"select count(*) from t where ? > l",
		"select count(*) from t where l in (?, l)",
		"select count(*) from t where ? in (l)",
		"select count(*) from (select l x from t) where x < ?",
		"select to_varchar(coalesce(?, l)) from t",
		"select to_varchar(iff(true, ?, l)) from t",
		"select to_varchar(case when true then ? else l end) from t",
		"select to_varchar(?::timestamp_ltz)",
	}
	const la = "exists twice in time zone America/Los_Angeles"
	for _, q := range queries {
		for _, w := range []time.Time{gap, overlap} {
			var s string
			err := db.QueryRow(q, sf.DataTypeTimestampNtz, w).Scan(&s)
			if err == nil || !containsAll(err.Error(), "002040", la, "TIMESTAMP_NTZ bind (:1)") {
				t.Errorf("%s with TIMESTAMP_NTZ %v: got %q, %v; want refused (%s)", q, w, s, err, la)
			}
		}
	}
	// A text bind without an offset is such a wall clock too (DuckDB read
	// it beside l as 03:30 -0700); with its offset it is one instant.
	for _, q := range queries {
		for _, w := range []string{"2024-03-10 02:30:00", "2024-11-03 01:30:00"} {
			var s string
			err := db.QueryRow(q, w).Scan(&s)
			if err == nil || !containsAll(err.Error(), "002040", la, "text bind (:1)") {
				t.Errorf("%s with text %s: got %q, %v; want refused (%s)", q, w, s, err, la)
			}
		}
	}
	var txt string
	if err := db.QueryRow("select to_varchar(coalesce(?, l)) from t", "2024-11-03 01:30:00-07:00").Scan(&txt); err != nil || txt != "2024-11-03 01:30:00.000 -0700" {
		t.Errorf("text bind with its offset: %q, %v", txt, err)
	}
	// An array bind (several rows at once) is checked row by row.
	stamps := []time.Time{time.Date(2024, 3, 10, 3, 30, 0, 0, time.UTC), gap}
	if _, err := db.Exec("insert into t (l) values (?)", sf.Array(&stamps, sf.TimestampNTZType)); err == nil || !containsAll(err.Error(), "002040", la) {
		t.Errorf("array bind of TIMESTAMP_NTZ into a TIMESTAMP_LTZ column: %v; want refused (%s)", err, la)
	}
	// Not in a gap or an overlap: answered.
	var n int
	if err := db.QueryRow("select count(*) from t where n = ?", sf.DataTypeTimestampNtz, time.Date(2024, 3, 10, 3, 30, 0, 0, time.UTC)).Scan(&n); err != nil || n != 0 {
		t.Errorf("03:30 NTZ bind: %d, %v; want 0", n, err)
	}
	if err := db.QueryRow("select count(*) from t where n::date = ?", sf.DataTypeDate, time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)).Scan(&n); err != nil || n != 1 {
		t.Errorf("DATE bind in Los Angeles: %d, %v; want 1", n, err)
	}
	// A DATE's midnight in Havana's gap.
	mustExec(t, db, "alter session set timezone = 'America/Havana'")
	var s string
	err := db.QueryRow("select count(*) from t where l < ?", sf.DataTypeDate, time.Date(2024, 3, 10, 0, 0, 0, 0, time.UTC)).Scan(&s)
	if err == nil || !containsAll(err.Error(), "002040", "exists twice in time zone America/Havana", "DATE bind (:1)") {
		t.Errorf("DATE bind in Havana's gap: got %q, %v; want refused", s, err)
	}
	// In UTC (no transitions) they answer.
	mustExec(t, db, "alter session set timezone = 'UTC'")
	for _, q := range queries {
		if q == "select count(*) from t where l in (?, l)" {
			continue // fails as before this check (the rewritten IN list names the bind twice)
		}
		if err := db.QueryRow(q, sf.DataTypeTimestampNtz, gap).Scan(&s); err != nil {
			t.Errorf("UTC: %s: %v", q, err)
		}
	}
	if err := db.QueryRow("select to_varchar(?::timestamp_ltz)", sf.DataTypeTimestampNtz, gap).Scan(&s); err != nil || s != "2024-03-10 02:30:00.000 +0000" {
		t.Errorf("UTC: cast of the bind = %q, %v", s, err)
	}
}

// containsAll reports whether s holds each of parts.
func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// TestWallClockSubqueryAndLongValues: a scalar subquery or an expression
// longer than 300 characters among a conditional function's or CASE's
// values or an IN list's items beside a TIMESTAMP_LTZ is not converted by
// the engine's checked reading (its macro would repeat it), so in a
// session whose zone has transitions it is refused; DuckDB's common type
// took the TIMESTAMP_NTZ 2024-03-10 02:30 as 03:30 -0700. Beside values
// that are no timestamps, and in UTC, they answer as before.
func TestWallClockSubqueryAndLongValues(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database wcs", "use database wcs", "alter session set timezone = 'America/Los_Angeles'",
		"create table t (l timestamp_ltz, n timestamp_ntz, i int)",
		"insert into t values ('2024-03-10 01:00:00', '2024-03-10 02:30:00', 1)",
		"create table o (l timestamp_ltz, n timestamp_ntz)",
		"insert into o values ('2024-11-03 00:30:00', '2024-11-03 01:30:00')")
	// An expression of n longer than 300 characters.
	long := strings.Repeat("dateadd(day, 0, ", 21) + "n" + strings.Repeat(")", 21)
	queries := []string{
		"select to_varchar(coalesce((select n from t), l)) from t",
		"select to_varchar(nvl(l, (select n from o))) from o",
		"select to_varchar(greatest(l, (select n from t))) from t",
		"select to_varchar(iff(i = 1, (select n from t), l)) from t",
		"select to_varchar(case when i = 1 then (select n from t) else l end) from t",
		"select to_varchar(coalesce(" + long + ", l)) from t",
		"select to_varchar(case when i = 1 then " + long + " else l end) from t",
		"select count(*) from t where (select n from t) in (l)",
		"select count(*) from o where l in (" + long + ")",
		// The subquery's type is not seen: it may be a TIMESTAMP_LTZ the
		// TIMESTAMP_NTZ beside it is read as.
		"select to_varchar(coalesce((select n from t), n)) from t",
	}
	for _, q := range queries {
		wantRefused(t, db, q, "beside a TIMESTAMP_LTZ")
	}
	for q, want := range map[string]string{
		"select to_varchar(coalesce((select i from t), 2)) from t":             "1",
		"select to_varchar(count(*)) from t where (select i from t) in (1, 2)": "1",
		"select to_varchar(count(*)) from t where i in ((select i from t), 2)": "1",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	// In UTC (no transitions) they answer.
	mustExec(t, db, "alter session set timezone = 'UTC'")
	if got := queryValue(t, db, queries[0]); got != "2024-03-10 02:30:00.000 +0000" {
		t.Errorf("UTC: %s = %q", queries[0], got)
	}
	for _, q := range queries[1:] {
		queryRows(t, db, q)
	}
}
