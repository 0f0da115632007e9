package snowlocal_test

import (
	"errors"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestTimeTravelBeforeCreation: a table read AT or BEFORE a point before
// its creation fails with Snowflake's 000707 (docs: at-before, "Time travel
// data is not available for table TT1. The requested time is either beyond
// the allowed time travel period or before the object creation time.");
// the engine keeps no history, so a later point is refused (002040), as is
// a view (whose time travel the page does not show) — never an answer.
func TestTimeTravelBeforeCreation(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database tt", "create table tt1 (c1 int)", "insert into tt1 values (1)",
		"create view v1 as select * from tt1")
	const msg = "Time travel data is not available for table TT1. The requested time is either beyond the allowed time travel period or before the object creation time."
	for _, q := range []string{
		"select * from tt1 at(offset => -3600)",
		"select * from tt1 at(timestamp => '2000-01-01'::timestamp_ntz)",
		"select * from tt1 before(timestamp => '2000-01-01 00:00:00 +0000'::timestamp_tz)",
		"select * from tt1 at(timestamp => dateadd(day, -1, current_timestamp())) where c1 = 1",
	} {
		_, err := db.Exec(q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 707 || se.Message != msg {
			t.Errorf("%s: want 000707 %q, got %v", q, msg, err)
		}
	}
	for _, tc := range []struct{ q, part string }{
		{"select * from tt1 at(offset => 0)", "AT"},
		{"select * from tt1 at(timestamp => dateadd(day, 1, current_timestamp()))", "AT"},
		{"select * from tt1 before(statement => '8e5d0ca9-005e-44e6-b858-a8f5b37c5726')", "BEFORE"},
		{"select * from v1 at(offset => -3600)", "AT"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
}
