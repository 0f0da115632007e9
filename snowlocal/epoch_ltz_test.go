package snowlocal_test

import (
	"os"
	"path/filepath"
	"testing"
)

// A number converted to a TIMESTAMP_LTZ counts from "the start of the Unix
// epoch (1970-01-01 00:00:00 UTC)" (docs: TO_TIMESTAMP / TO_TIMESTAMP_*,
// numeric_expr), with a scale as well as without, and an integer staged for
// a TIMESTAMP_LTZ column too (the same page's usage notes: an integer text
// is seconds, milliseconds, ... since the epoch): in America/Los_Angeles
// the epoch shows as 1969-12-31 16:00:00 -0800. The engine read a number
// with a scale, and a staged integer, as a wall clock in the session's zone
// (1970-01-01 00:00:00 -0800).
func TestEpochNumberToLTZIsUTC(t *testing.T) {
	db := open(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "epoch.csv")
	if err := os.WriteFile(p, []byte("0\n1000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "create database el", "create schema el.s", "use schema el.s", "create stage st",
		"create table t (a timestamp_ltz)", "alter session set timezone = 'America/Los_Angeles'",
		"put file://"+p+" @st auto_compress = false", "copy into t from @st")
	for q, want := range map[string]string{
		"select to_varchar(to_timestamp_ltz(0))":                    "1969-12-31 16:00:00.000 -0800",
		"select to_varchar(to_timestamp_ltz(0, 3))":                 "1969-12-31 16:00:00.000 -0800",
		"select to_varchar(to_timestamp_ltz(1500, 3))":              "1969-12-31 16:00:01.500 -0800",
		"select to_varchar(to_timestamp_tz(0, 3))":                  "1969-12-31 16:00:00.000 -0800",
		"select to_varchar(min(a)) from t":                          "1969-12-31 16:00:00.000 -0800",
		"select to_varchar(max(a)) from t":                          "1969-12-31 16:16:40.000 -0800",
		"select to_varchar(convert_timezone('UTC', min(a))) from t": "1970-01-01 00:00:00.000 +0000",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
}
