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
