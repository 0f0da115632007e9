package snowlocal_test

import (
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestWallClockBindInSessionZone: a TIMESTAMP_NTZ or DATE bind is a wall
// clock. Read as a TIMESTAMP_LTZ or TIMESTAMP_TZ (cast to one, stored into
// one, compared with one) it is that wall clock in the session's zone, as
// every conversion of an NTZ to an LTZ is ("TIMESTAMP_NTZ … is converted
// to TIMESTAMP_LTZ using the current session time zone": Snowflake docs,
// data-types-datetime, "Date and time conversions"; CONVERT_TIMEZONE's
// two-argument form). Stored into or cast to a TIMESTAMP_NTZ it keeps its
// wall clock. Earlier the engine read the wall clock in UTC, so 12:00 in
// America/Los_Angeles became 04:00 -0800.
func TestWallClockBindInSessionZone(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database wbz", "use database wbz", "alter session set timezone = 'America/Los_Angeles'",
		"create table t (l timestamp_ltz, n timestamp_ntz, z timestamp_tz, d date)",
		"insert into t values ('2024-01-15 12:00:00', '2024-01-15 12:00:00', '2024-01-15 12:00:00 -0800', '2024-01-15')")
	noon := time.Date(2024, 1, 15, 12, 0, 0, 0, time.UTC)
	day := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		q    string
		typ  any
		v    time.Time
		want string
	}{
		{"select to_varchar(?::timestamp_ltz)", sf.DataTypeTimestampNtz, noon, "2024-01-15 12:00:00.000 -0800"},
		{"select to_varchar(?::timestamp_tz)", sf.DataTypeTimestampNtz, noon, "2024-01-15 12:00:00.000 -0800"},
		{"select to_varchar(?::timestamp_ntz)", sf.DataTypeTimestampNtz, noon, "2024-01-15 12:00:00.000"},
		{"select to_varchar(?)", sf.DataTypeTimestampNtz, noon, "2024-01-15 12:00:00.000"},
		{"select to_varchar(?::timestamp_ltz)", sf.DataTypeDate, day, "2024-01-15 00:00:00.000 -0800"},
		{"select to_varchar(?::date)", sf.DataTypeDate, day, "2024-01-15"},
		{"select count(*)::varchar from t where l = ?", sf.DataTypeTimestampNtz, noon, "1"},
		{"select count(*)::varchar from t where z = ?", sf.DataTypeTimestampNtz, noon, "1"},
		{"select count(*)::varchar from t where n = ?", sf.DataTypeTimestampNtz, noon, "1"},
		{"select count(*)::varchar from t where d = ?", sf.DataTypeDate, day, "1"},
		{"select count(*)::varchar from t where l > ?", sf.DataTypeDate, day, "1"},
		{"select datediff(hour, ?, l)::varchar from t", sf.DataTypeTimestampNtz, noon.Add(-3 * time.Hour), "3"},
		// A TIMESTAMP_LTZ bind is an instant (20:00 UTC is 12:00 in Los
		// Angeles); read as an NTZ or a DATE it is its wall clock in the
		// session's zone.
		{"select to_varchar(?::timestamp_ntz)", sf.DataTypeTimestampLtz, noon.Add(8 * time.Hour), "2024-01-15 12:00:00.000"},
		{"select to_varchar(?)", sf.DataTypeTimestampLtz, noon.Add(8 * time.Hour), "2024-01-15 12:00:00.000 -0800"},
		{"select count(*)::varchar from t where n = ?", sf.DataTypeTimestampLtz, noon.Add(8 * time.Hour), "1"},
		{"select count(*)::varchar from t where l = ?", sf.DataTypeTimestampLtz, noon.Add(8 * time.Hour), "1"},
		{"select to_varchar(?::date)", sf.DataTypeTimestampLtz, time.Date(2024, 1, 15, 6, 0, 0, 0, time.UTC), "2024-01-14"},
		// A bind is a value of its type wherever it stands: DATEADD and
		// DATE_TRUNC of a DATE are DATEs, of a TIMESTAMP_LTZ a
		// TIMESTAMP_LTZ (docs: dateadd, "If date_or_time_expr is a date,
		// then the return value is a date"; date_trunc, "The returned value
		// is the same type as the input value"). Before, the engine took
		// DATE 2024-01-15 + 1 day for 2024-01-16 00:00:00.000.
		{"select to_varchar(dateadd(day, 1, ?))", sf.DataTypeDate, day, "2024-01-16"},
		{"select to_varchar(date_trunc(month, ?))", sf.DataTypeDate, day, "2024-01-01"},
		{"select typeof(to_variant(?))", sf.DataTypeDate, day, "DATE"},
		{"select typeof(to_variant(?))", sf.DataTypeTimestampNtz, noon, "TIMESTAMP_NTZ"},
		{"select to_varchar(date_trunc(month, ?))", sf.DataTypeTimestampLtz, noon.Add(8 * time.Hour), "2024-01-01 00:00:00.000 -0800"},
		{"select to_varchar(dateadd(hour, 1, ?))", sf.DataTypeTime, time.Date(1970, 1, 1, 12, 0, 0, 0, time.UTC), "13:00:00"},
		// A TIMESTAMP_TZ bind whose offset is the session zone's.
		{"select to_varchar(?::timestamp_tz)", sf.DataTypeTimestampTz, noon.Add(8 * time.Hour).In(time.FixedZone("", -8*3600)), "2024-01-15 12:00:00.000 -0800"},
		{"select count(*)::varchar from t where n = ?", sf.DataTypeTimestampTz, noon.Add(8 * time.Hour).In(time.FixedZone("", -8*3600)), "1"},
	} {
		var got string
		if err := db.QueryRow(c.q, c.typ, c.v).Scan(&got); err != nil || got != c.want {
			t.Errorf("%s with %v: %q, %v; want %q", c.q, c.v, got, err, c.want)
		}
	}
	// A TIMESTAMP_TZ bind keeps its offset in Snowflake; the engine cannot
	// bind one whose offset is not the session zone's, and refuses it.
	var got string
	ist := time.Date(2024, 1, 15, 12, 0, 0, 0, time.FixedZone("IST", 5*3600+1800))
	if err := db.QueryRow("select to_varchar(?::timestamp_tz)", sf.DataTypeTimestampTz, ist).Scan(&got); err == nil || !containsAll(err.Error(), "002040", "TIMESTAMP_TZ bind (:1) whose offset (+0530)") {
		t.Errorf("TIMESTAMP_TZ bind at +0530: %q, %v; want refused", got, err)
	}
	// Stored: into an NTZ column the wall clock, into an LTZ or a TZ column
	// the wall clock in the session's zone.
	mustExec(t, db, "create table s (l timestamp_ltz, n timestamp_ntz, z timestamp_tz)")
	if _, err := db.Exec("insert into s values (?, ?, ?)", sf.DataTypeTimestampNtz, noon, sf.DataTypeTimestampNtz, noon, sf.DataTypeTimestampNtz, noon); err != nil {
		t.Fatal(err)
	}
	stamps := []time.Time{noon.Add(time.Hour)}
	if _, err := db.Exec("insert into s (l, n, z) select column1, column1, column1 from values (?)", sf.Array(&stamps, sf.TimestampNTZType)); err != nil {
		t.Fatal(err)
	}
	_, stored := queryRows(t, db, "select to_varchar(l), to_varchar(n), to_varchar(z) from s order by n")
	want := [][]string{
		{"2024-01-15 12:00:00.000 -0800", "2024-01-15 12:00:00.000", "2024-01-15 12:00:00.000 -0800"},
		{"2024-01-15 13:00:00.000 -0800", "2024-01-15 13:00:00.000", "2024-01-15 13:00:00.000 -0800"},
	}
	if !equalRows(stored, want) {
		t.Errorf("stored binds: %v; want %v", stored, want)
	}
}

// TestBindWrittenTwice: the rewriter writes some operands twice (an IN
// list's items beside a timestamp, GREATEST's values) or in another order
// (TIMESTAMPADD's timestamp before its count); a ? among them is still the
// argument the client sent for it, and the binds after it keep their
// places. Before, DuckDB asked for more arguments than were sent
// ("incorrect argument count"), or gave TIMESTAMPADD's count to its
// timestamp.
func TestBindWrittenTwice(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database bwt", "use database bwt",
		"create table t (l timestamp_ltz, n timestamp_ntz)",
		"insert into t values ('2024-01-14 22:30:00', '2024-01-14 22:30:00'), ('2024-01-16 08:00:00', '2024-01-16 08:00:00')")
	later := time.Date(2024, 1, 15, 1, 0, 0, 0, time.UTC)
	var got string
	if err := db.QueryRow("select to_varchar(min(greatest(l, ?))::timestamp_ntz) from t", sf.DataTypeTimestampNtz, later).Scan(&got); err != nil || got != "2024-01-15 01:00:00.000" {
		t.Errorf("greatest(l, ?): %q, %v; want 2024-01-15 01:00:00.000", got, err)
	}
	if err := db.QueryRow("select to_varchar(timestampadd(minute, ?, ?))", 5, sf.DataTypeTimestampNtz, later).Scan(&got); err != nil || got != "2024-01-15 01:05:00.000" {
		t.Errorf("timestampadd(minute, ?, ?): %q, %v; want 2024-01-15 01:05:00.000", got, err)
	}
	if err := db.QueryRow("select count(*)::varchar from t where l in (?, l) and n < ?", sf.DataTypeTimestampNtz, later, sf.DataTypeTimestampNtz, later).Scan(&got); err != nil || got != "1" {
		t.Errorf("l in (?, l) and n < ?: %q, %v; want 1", got, err)
	}
}

// TestBindBesideMatchRecognizeQuantifier: a MATCH_RECOGNIZE pattern's ?
// is a quantifier (docs: match_recognize, "? : 0 or 1"), not a bind: a
// statement holding one and a bind answers with the bind as sent.
func TestBindBesideMatchRecognizeQuantifier(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database bmr", "use database bmr",
		"create table e (usr varchar, ts int, ok boolean)",
		"insert into e values ('u1', 1, false), ('u1', 2, false), ('u1', 3, true), ('u2', 1, true)")
	var got string
	err := db.QueryRow(`select listagg(usr || ':' || n, ',') within group (order by usr) from e match_recognize(
		partition by usr order by ts measures count(*) as n one row per match
		pattern (fail fail? success) define fail as not ok, success as ok) where usr = ?`, "u1").Scan(&got)
	if err != nil || got != "u1:3" {
		t.Errorf("got %q, %v; want u1:3", got, err)
	}
}
