package snowlocal_test

import (
	"errors"
	"strings"
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

// TestStoredDefinitionsRefuseCatalogReads: GET_DDL and time travel read the
// catalog when a statement is rewritten; a view or SQL function stores its
// rewritten query, which then kept the DDL of its creation (a view of
// GET_DDL('table', 't') did not show a column added later). Refused there.
func TestStoredDefinitionsRefuseCatalogReads(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database stored_reads", "create table t (a int)")
	for _, q := range []string{
		"create view v1 as select get_ddl('table', 't') as d",
		"create view v2 as select * from t at(offset => -3600)",
	} {
		wantRefused(t, db, q, "")
	}
	if _, err := db.Exec("create function f() returns varchar as $$ get_ddl('table', 't') $$"); err == nil ||
		!strings.Contains(err.Error(), "GET_DDL") {
		t.Errorf("a function body's GET_DDL: want it refused, got %v", err)
	}
	// A CTAS computes it once, as Snowflake does.
	mustExec(t, db, "create table c as select get_ddl('table', 't') as d")
}
