package snowlocal_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"testing"
)

// The times of the INFORMATION_SCHEMA history the engine serves
// (TASK_HISTORY, COPY_HISTORY, the LOAD_HISTORY view, PIPE_USAGE_HISTORY) are
// TIMESTAMP_LTZ(3), as the live-verified reference mlorek/frostlake types
// those of the sibling table functions it models (COMPLETE_TASK_GRAPHS,
// ALERT_HISTORY: engine/src/main/java/dev/frostlake/functions/table/
// TaskGraphRuns.java, AlertHistoryFunction.java) and as tables created over
// COPY_HISTORY and ACCOUNT_USAGE.TASK_HISTORY in public repositories declare
// them; no source measured these functions themselves (the docs give
// TIMESTAMP_LTZ with no precision). TestHistoryMillisScale, in the package,
// reads the scale; here the values gosnowflake reads, and the refusals.

func setupHistory(t *testing.T) *sql.DB {
	t.Helper()
	dir := t.TempDir()
	_, db := startLake(t, "", map[string]string{"s3://hmv/": "file://" + dir})
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("1\n2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, db, "create database hmv", "create table t (a int)", "create stage st url = 's3://hmv/'",
		"copy into t from @st/a.csv file_format = (type = csv)",
		"create task tk schedule = '60 minute' as select 1", "execute task tk")
	return db
}

const (
	histCopy = " from table(information_schema.copy_history(table_name => 'T', start_time => dateadd(hour, -1, current_timestamp())))"
	histTask = " from table(information_schema.task_history()) where state <> 'SCHEDULED'"
)

func TestHistoryMillisValues(t *testing.T) {
	t.Parallel()
	db := setupHistory(t)
	for _, q := range []string{
		"select last_load_time, first_commit_time, last_load_time" + histCopy,
		"select last_load_time, last_load_time, last_load_time from information_schema.load_history",
		"select scheduled_time, query_start_time, completed_time" + histTask,
	} {
		wantRecentMillis(t, db, q)
	}
	// Numbers computed from them are computed from the milliseconds.
	var us int64
	if err := db.QueryRow("select datediff(microsecond, query_start_time, completed_time)" + histTask).Scan(&us); err != nil || us%1000 != 0 {
		t.Errorf("DATEDIFF in microseconds of TASK_HISTORY's times: %d, %v; want whole milliseconds", us, err)
	}
	if err := db.QueryRow("select date_part(nanosecond, last_load_time)::number(38, 0)" + histCopy).Scan(&us); err != nil || us%1000000 != 0 {
		t.Errorf("the nanoseconds of COPY_HISTORY's LAST_LOAD_TIME: %d, %v; want whole milliseconds", us, err)
	}
}

// TestHistoryMillisRefused: a timestamp computed from one of those times,
// and a table or view created over one, have a fractional precision no
// source gives (or one the engine cannot declare): refused, as for the
// views' CREATED; reading the text of one, a number computed from one,
// filtering on one, or a cast of one to TIMESTAMP_LTZ answers.
func TestHistoryMillisRefused(t *testing.T) {
	t.Parallel()
	db := setupHistory(t)
	for _, q := range []string{
		"select dateadd(day, 1, last_load_time)" + histCopy,
		"select last_load_time::timestamp_ntz" + histCopy,
		"select date_trunc('hour', scheduled_time)" + histTask,
		"select last_load_time from information_schema.load_history union all select current_timestamp()",
		"create table c1 as select completed_time" + histTask,
		"create view c2 as select last_load_time from information_schema.load_history",
	} {
		wantRefused(t, db, q, "INFORMATION_SCHEMA's TIMESTAMP_LTZ(3) times")
	}
	for _, q := range []string{
		"select to_varchar(last_load_time)" + histCopy,
		"select datediff(second, scheduled_time, completed_time)" + histTask,
		"select name" + histTask + " and completed_time <= current_timestamp()",
		"select file_name" + histCopy + " where last_load_time <= current_timestamp()",
		"create table c3 as select name, state" + histTask,
		// A cast to TIMESTAMP_LTZ: the type's default precision, 9, of
		// the same milliseconds (TestHistoryMillisScale reads it).
		"select last_load_time::timestamp_ltz" + histCopy,
		"create table c4 as select last_load_time::timestamp_ltz x" + histCopy,
		"select created::timestamp_ltz from information_schema.tables where table_schema = 'PUBLIC'",
	} {
		mustExec(t, db, q)
	}
}
