package snowlocal_test

import (
	"errors"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestBareNowFunctions: CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_TIME,
// LOCALTIME and LOCALTIMESTAMP "can be called without parentheses" (docs:
// current_timestamp, https://docs.snowflake.com/en/sql-reference/functions/current_timestamp,
// usage notes; current_date and current_time say the same). The engine passed
// DuckDB a bare CURRENT_DATE named after itself (SELECT CURRENT_DATE AS
// "CURRENT_DATE"), which DuckDB read as a reference to that select item:
// "SELECT CURRENT_DATE" and "SELECT CURRENT_TIMESTAMP" failed with 002020.
// CURRENT_TIME, LOCALTIME and a TIMESTAMP_LTZ's cast to TIME failed with
// DuckDB's "Unimplemented type for cast (TIMESTAMP WITH TIME ZONE -> TIME)";
// a TIMESTAMP_LTZ's operations are "performed in the current session's time
// zone" (docs: data-types-datetime,
// https://docs.snowflake.com/en/sql-reference/data-types-datetime), so its
// TIME is its wall clock there.
func TestBareNowFunctions(t *testing.T) {
	db := open(t)
	for _, name := range []string{"CURRENT_DATE", "CURRENT_TIMESTAMP", "CURRENT_TIME", "LOCALTIME", "LOCALTIMESTAMP"} {
		cols, rows := queryRows(t, db, "select "+name)
		if len(cols) != 1 || cols[0] != name || len(rows) != 1 || rows[0][0] == "NULL" {
			t.Errorf("select %s: columns %v, rows %v", name, cols, rows)
		}
	}
	for _, q := range []string{
		"select iff(current_date = current_timestamp::date, 'y', 'n')",
		"select iff(hour(current_time) = hour(current_timestamp), 'y', 'n')",
	} {
		if got := queryValue(t, db, q); got != "y" {
			t.Errorf("%s = %q, want y", q, got)
		}
	}
	// SYSDATE "requires parentheses (SYSDATE())" (docs: sysdate,
	// https://docs.snowflake.com/en/sql-reference/functions/sysdate): bare,
	// it names a column. The engine answered the time.
	wantError(t, db, "select sysdate", 904, "SQL compilation error:\ninvalid identifier 'SYSDATE'")
	mustExec(t, db, "alter session set timezone = 'America/Los_Angeles'")
	for _, q := range []string{
		"select to_varchar('2024-01-01 10:00:00 +0000'::timestamp_ltz::time)",
		"select to_varchar(to_time('2024-01-01 10:00:00 +0000'::timestamp_ltz))",
	} {
		if got := queryValue(t, db, q); got != "02:00:00" {
			t.Errorf("%s = %q, want 02:00:00", q, got)
		}
	}
}

// TestNowFunctionPrecision: GETDATE, SYSTIMESTAMP and SYSDATE take no
// fractional-seconds precision (docs: current_timestamp, "The aliases
// SYSTIMESTAMP and GETDATE … do not support the fract_sec_precision
// argument"; sysdate,
// https://docs.snowflake.com/en/sql-reference/functions/sysdate, "It does
// not support a parameter to specify the precision of fractional
// seconds"): the engine answered GETDATE(3). CURRENT_TIMESTAMP(n) reports
// n fractional digits (current_timestamp: CURRENT_TIMESTAMP(2) prints
// 15:41:38.29 under the FF output format), which the engine's microsecond
// times with a scale of 9 do not: refused but for 9 (the default).
func TestNowFunctionPrecision(t *testing.T) {
	db := open(t)
	for _, q := range []string{"select getdate(3)", "select systimestamp(3)", "select sysdate(1)"} {
		_, err := db.Exec(q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 1044 {
			t.Errorf("%s: want error 001044 (argument count), got %v", q, err)
		}
	}
	for _, q := range []string{"select current_timestamp(3)", "select localtimestamp(0)", "select current_time(2)"} {
		wantRefused(t, db, q, "fractional-seconds precision other than 9")
	}
	if got := queryValue(t, db, "select iff(current_timestamp(9) is not null, 'y', 'n')"); got != "y" {
		t.Errorf("current_timestamp(9): %q", got)
	}
}
