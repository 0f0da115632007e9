package snowlocal_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
)

// DuckDB's execution errors reach the user as the Snowflake error the same
// statement gets there (codes and texts from Snowflake's docs: CAST,
// "Binary input and output", DIV0).
func TestRuntimeErrorsAreSnowflakes(t *testing.T) {
	db := open(t)
	cases := []struct {
		sql    string
		number int
		text   string
	}{
		{"select 'abc'::number", 100038, "Numeric value 'abc' is not recognized"},
		{"select '2024-13-45'::date", 100040, "is not recognized"},
		{"select 'not a time'::timestamp_ntz", 100035, "Timestamp 'not a time' is not recognized"},
		{"select 1/0", 100051, "Division by zero"},
		{"select 1.5/0.0", 100051, "Division by zero"},
		{"select 99999999999999999999999999999999999999::number(38,0) * 10", 100046, "Number out of representable range"},
		{"select cast('9.8765' as varchar(4))", 100078, "String '9.8765' is too long and would be truncated"},
		{"select to_binary('HELP', 'HEX')", 100115, "The following string is not a legal hex-encoded value: 'HELP'"},
	}
	for _, tc := range cases {
		_, err := db.Exec(tc.sql)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) {
			t.Errorf("%s: want SnowflakeError %d, got %v", tc.sql, tc.number, err)
			continue
		}
		if se.Number != tc.number || !strings.Contains(se.Message, tc.text) {
			t.Errorf("%s: got %d %q, want %d containing %q", tc.sql, se.Number, se.Message, tc.number, tc.text)
		}
	}
	// A NULL dividend stays NULL; DIV0 returns 0 (documented).
	var v any
	if err := db.QueryRow("select null/0").Scan(&v); err != nil || v != nil {
		t.Errorf("null/0 = %v, %v; want NULL", v, err)
	}
}

// The session time zone: ALTER SESSION SET TIMEZONE changes how
// TIMESTAMP_LTZ values show and what TIMESTAMP_TZ values take as offset,
// SHOW PARAMETERS reports it, UNSET returns to the engine default
// (Config.TimeZone). Expected values: Snowflake's docs
// (data-types-datetime: '2024-01-01 12:00:00'::TIMESTAMP_TZ in
// America/Los_Angeles is -0800; a TIMESTAMP_TZ keeps its offset).
func TestSessionTimeZone(t *testing.T) {
	ctx := context.Background()
	db, err := warehouse.OpenLocalConfig(ctx, snowlocal.Config{TimeZone: "America/Los_Angeles"})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	param := func() string {
		t.Helper()
		rows, err := db.Query("show parameters like 'TIMEZONE'")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if !rows.Next() {
			t.Fatal("SHOW PARAMETERS LIKE 'TIMEZONE': no row")
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		return vals[1].(string)
	}
	offset := func(q string) int {
		t.Helper()
		var ts time.Time
		if err := db.QueryRow(q).Scan(&ts); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		_, off := ts.Zone()
		return off / 60
	}
	if got := param(); got != "America/Los_Angeles" {
		t.Fatalf("default TIMEZONE = %q, want the configured America/Los_Angeles", got)
	}
	if got := offset("select '2024-01-01 12:00:00'::timestamp_tz"); got != -480 {
		t.Errorf("TIMESTAMP_TZ offset in Los Angeles = %d minutes, want -480", got)
	}
	if got := offset("select '2024-01-02 16:00:00 +00:00'::timestamp_tz"); got != 0 {
		t.Errorf("TIMESTAMP_TZ with +00:00 keeps offset %d, want 0", got)
	}
	mustExec(t, db.DB, "alter session set timezone = 'America/New_York'")
	if got := param(); got != "America/New_York" {
		t.Errorf("TIMEZONE after ALTER SESSION = %q", got)
	}
	if got := offset("select '2024-01-01 16:00:00 +00:00'::timestamp_ltz"); got != -300 {
		t.Errorf("TIMESTAMP_LTZ shown with offset %d in New York, want -300", got)
	}
	var hour int
	if err := db.QueryRow("select hour('2024-01-01 16:00:00 +00:00'::timestamp_ltz)").Scan(&hour); err != nil || hour != 11 {
		t.Errorf("HOUR of an LTZ value in New York = %d, %v; want 11", hour, err)
	}
	mustExec(t, db.DB, "alter session unset timezone")
	if got := param(); got != "America/Los_Angeles" {
		t.Errorf("TIMEZONE after UNSET = %q, want the default", got)
	}
	if _, err := db.Exec("alter session set timezone = 'Not/AZone'"); err == nil {
		t.Error("an unknown time zone was accepted")
	}
}
