package snowlocal_test

import (
	"strconv"
	"testing"
	"time"
)

// TestTimestampLiteralsAndDatesAsLTZ: an ISO timestamp literal with an
// offset cast to TIMESTAMP_LTZ is that instant, and a date cast to
// TIMESTAMP_LTZ is its midnight in the session's time zone, whatever the
// session's time zone; the engine renders both as plain DuckDB casts (which
// DuckDB folds into table filters), so this pins that they mean the same.
// Expected instants come from Go's time package.
func TestTimestampLiteralsAndDatesAsLTZ(t *testing.T) {
	db := open(t)
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	for _, zone := range []string{"UTC", "America/Los_Angeles"} {
		mustExec(t, db, "alter session set timezone = '"+zone+"'")
		for _, lit := range []string{"2024-04-08T23:39:20.123-07:00", "2024-04-08 23:39:20.123456 +00:00", "2024-04-08T23:39:20Z", "2024-11-03 01:30:00 -08:00"} {
			want, err := time.Parse("2006-01-02 15:04:05.999999 -07:00", normalizeISO(lit))
			if err != nil {
				t.Fatal(err)
			}
			got := scalar(t, db, "select date_part(epoch_microsecond, '"+lit+"'::timestamp_ltz)::number(38, 0)")
			wantEqual(t, zone+" "+lit, got, strconv.FormatInt(want.UnixMicro(), 10))
		}
		loc := time.UTC
		if zone != "UTC" {
			loc = la
		}
		for _, d := range []string{"2024-04-08", "2024-11-03", "2024-12-31"} {
			day, _ := time.ParseInLocation(time.DateOnly, d, loc)
			got := scalar(t, db, "select date_part(epoch_second, '"+d+"'::date::timestamp_ltz)::number(38, 0)")
			wantEqual(t, zone+" "+d, got, strconv.FormatInt(day.Unix(), 10))
		}
	}
	// As a filter: strictly after the instant, in any session time zone.
	mustExec(t, db, "create database lit", "create table lit.public.t (ts timestamp_ltz)",
		"insert into lit.public.t select '2024-04-08 23:39:19.999999 +00:00'::timestamp_ltz union all select '2024-04-08 23:39:20 +00:00'::timestamp_ltz union all select '2024-04-08 23:39:20.000001 +00:00'::timestamp_ltz")
	wantEqual(t, "rows after", scalar(t, db, "select count(*) from lit.public.t where ts > '2024-04-08 16:39:20 -07:00'::timestamp_ltz"), "1")
	wantEqual(t, "rows up to", scalar(t, db, "select count(*) from lit.public.t where ts <= '2024-04-08T23:39:20Z'::timestamp_ltz"), "2")
	// A literal that is no timestamp is still refused, and TRY_CAST is NULL.
	if _, err := db.Exec("select '2024-02-30 10:00:00 +00:00'::timestamp_ltz"); err == nil {
		t.Error("February 30 was accepted")
	}
	wantEqual(t, "try_cast", scalar(t, db, "select iff(try_cast('2024-02-30 10:00:00 +00:00' as timestamp_ltz) is null, 'null', 'value')"), "null")
}

// normalizeISO turns the ISO forms above into one layout for time.Parse.
func normalizeISO(s string) string {
	b := []byte(s)
	if len(b) > 10 && b[10] == 'T' {
		b[10] = ' '
	}
	s = string(b)
	if s[len(s)-1] == 'Z' {
		return s[:len(s)-1] + " +00:00"
	}
	if s[len(s)-7] != ' ' {
		return s[:len(s)-6] + " " + s[len(s)-6:]
	}
	return s
}
