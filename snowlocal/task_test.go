package snowlocal_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
)

// openEngine is open that also returns the engine (for its task clock).
func openEngine(t *testing.T) (*sql.DB, *snowlocal.Engine) {
	t.Helper()
	db, err := warehouse.OpenLocal(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	return db.DB, db.Local.(*snowlocal.Server).Engine()
}

// history returns name/state/error rows of TASK_HISTORY, oldest first.
func history(t *testing.T, db *sql.DB, where string) [][]string {
	t.Helper()
	q := "select name, state, coalesce(error_message, '') from table(information_schema.task_history()) " + where + " order by scheduled_time, query_start_time nulls last"
	_, _, rows := queryAll(t, db, q)
	return rows
}

// TestSeedS3AccessLogTask runs the guide's pipeline: staging rows arrive,
// the task moves them through the stream and the UDTF into S3_ACCESS_LOGS
// exactly once, however often it runs.
func TestSeedS3AccessLogTask(t *testing.T) {
	t.Parallel()
	db := open(t)
	setupS3Guide(t, db)
	mustExec(t, db, seedS3Table, seedS3Task, seedS3TaskResume)
	_, _, rows := queryAll(t, db, "show tasks")
	if len(rows) != 1 || rows[0][1] != "S3_ACCESS_LOGS_TRANSFORMATION" || rows[0][10] != "started" || rows[0][8] != "10 minute" ||
		rows[0][7] != "SECURITY_QUICKSTART" || rows[0][12] != "system$stream_has_data('s3_access_logs_stream')" {
		t.Fatalf("show tasks: %q", rows)
	}

	lines := s3Lines(t)
	first, second := lines[:20], lines[20:]
	// Nothing staged yet: the run is skipped.
	mustExec(t, db, "execute task s3_access_logs_transformation")
	insertStaging(t, db, first)
	for i := 0; i < 3; i++ {
		mustExec(t, db, "execute task s3_access_logs_transformation")
	}
	want := len(twinRows(t, first))
	if got := queryOne(t, db, "select count(*) from s3_access_logs"); got != fmt.Sprint(want) {
		t.Fatalf("after the first batch: %s parsed rows, want %d", got, want)
	}
	insertStaging(t, db, second)
	mustExec(t, db, "execute task s3_access_logs_transformation", "execute task s3_access_logs_transformation")
	all := twinRows(t, lines)
	_, _, got := queryAll(t, db, "select * from s3_access_logs")
	if g := sortRows(got); fmt.Sprint(g) != fmt.Sprint(all) {
		t.Fatalf("s3_access_logs has %d rows, want the %d rows the twin parses", len(g), len(all))
	}
	if n := queryOne(t, db, "select count(*) from s3_access_logs_stream"); n != "0" {
		t.Fatalf("stream still has %s rows", n)
	}
	// The guide's queries over the parsed table.
	_, _, top := queryAll(t, db, "select count(*),REMOTEIP from s3_access_logs group by remoteip order by count(*) desc;")
	if len(top) == 0 {
		t.Fatal("no remote IPs")
	}

	wantHistory := [][]string{
		{"S3_ACCESS_LOGS_TRANSFORMATION", "SKIPPED", ""},
		{"S3_ACCESS_LOGS_TRANSFORMATION", "SUCCEEDED", ""},
		{"S3_ACCESS_LOGS_TRANSFORMATION", "SKIPPED", ""},
		{"S3_ACCESS_LOGS_TRANSFORMATION", "SKIPPED", ""},
		{"S3_ACCESS_LOGS_TRANSFORMATION", "SUCCEEDED", ""},
		{"S3_ACCESS_LOGS_TRANSFORMATION", "SKIPPED", ""},
		{"S3_ACCESS_LOGS_TRANSFORMATION", "SCHEDULED", ""}, // the next run, ten minutes out
	}
	wantRows(t, "task history", history(t, db, ""), wantHistory)
	var scheduled time.Time
	if err := db.QueryRow("select scheduled_time from table(information_schema.task_history(task_name => 'S3_ACCESS_LOGS_TRANSFORMATION')) where state = 'SCHEDULED'").Scan(&scheduled); err != nil {
		t.Fatal(err)
	}
	if d := time.Until(scheduled); d < 9*time.Minute || d > 10*time.Minute {
		t.Fatalf("next run in %v, want about 10 minutes", d)
	}
}

func TestTaskScheduleRunsWhenDue(t *testing.T) {
	t.Parallel()
	db, engine := openEngine(t)
	mustExec(t, db,
		"create database tasks",
		"create table ticks (at timestamp_ltz)",
		"create task tick schedule = '1 minute' as insert into ticks select current_timestamp()",
		"create task tick_cron schedule = 'USING CRON */5 * * * * UTC' as insert into ticks select current_timestamp()",
	)
	// count is the number of ticks once no run is executing.
	count := func() string {
		return queryOne(t, db, "select case when (select count(*) from table(information_schema.task_history()) where state = 'EXECUTING') = 0 then (select count(*) from ticks) end")
	}
	waitFor := func(want string) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for count() != want {
			if time.Now().After(deadline) {
				t.Fatalf("ticks = %s, want %s; history %q", count(), want, history(t, db, ""))
			}
			time.Sleep(20 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond) // the graph run returns just after recording its last task
	}
	// Suspended tasks do not run.
	engine.AdvanceTaskClock(2 * time.Minute)
	time.Sleep(100 * time.Millisecond)
	if count() != "0" {
		t.Fatal("a suspended task ran")
	}
	mustExec(t, db, "alter task tick resume")
	engine.AdvanceTaskClock(59 * time.Second)
	time.Sleep(100 * time.Millisecond)
	if count() != "0" {
		t.Fatal("ran before its interval")
	}
	engine.AdvanceTaskClock(2 * time.Second)
	waitFor("1")
	engine.AdvanceTaskClock(61 * time.Second)
	waitFor("2")
	mustExec(t, db, "alter task tick suspend", "alter task tick_cron resume")
	engine.AdvanceTaskClock(5*time.Minute + time.Second)
	waitFor("3") // tick_cron only
	time.Sleep(100 * time.Millisecond)
	if count() != "3" {
		t.Fatalf("ticks = %s after suspending tick", count())
	}
	rows := history(t, db, "where state <> 'SCHEDULED'")
	wantRows(t, "history", rows, [][]string{{"TICK", "SUCCEEDED", ""}, {"TICK", "SUCCEEDED", ""}, {"TICK_CRON", "SUCCEEDED", ""}})
	_, _, rows = queryAll(t, db, "select name from table(information_schema.task_history()) where state = 'SCHEDULED'")
	wantRows(t, "scheduled", rows, [][]string{{"TICK_CRON"}})
}

func TestTaskGraph(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database graph",
		"create table log (step string)",
		"create task root schedule = '60 minute' as insert into log values ('root')",
		"create task a after root as insert into log values ('a')",
		"create task b after a as insert into log values ('b')",
		"create task broken after root as insert into nosuch values (1)",
		"create task after_broken after broken as insert into log values ('after_broken')",
		"create task c after a, root as insert into log values ('c')",
		"create task idle after root as insert into log values ('idle')",
		"select system$task_dependents_enable('root')",
		"alter task idle suspend",
	)
	mustExec(t, db, "execute task root")
	_, _, rows := queryAll(t, db, "select step from log order by step")
	wantRows(t, "steps", rows, [][]string{{"a"}, {"b"}, {"c"}, {"root"}})
	rows = history(t, db, "where state <> 'SCHEDULED' and state <> 'SUCCEEDED'")
	if len(rows) != 1 || rows[0][0] != "BROKEN" || rows[0][1] != "FAILED" || !strings.Contains(rows[0][2], "NOSUCH") {
		t.Fatalf("failed runs: %q", rows)
	}
	_, err := db.Exec("execute task a")
	snowflakeError(t, err, 2040, "root task")

	// A root whose WHEN is false skips the whole graph.
	mustExec(t, db, "alter task root suspend", "alter task root modify when false", "execute task root")
	if n := queryOne(t, db, "select count(*) from log"); n != "4" {
		t.Fatalf("log has %s rows after a skipped root", n)
	}
	if rows := history(t, db, "where state = 'SKIPPED'"); len(rows) != 1 || rows[0][0] != "ROOT" {
		t.Fatalf("skipped: %q", rows)
	}
}

func TestTaskDDL(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database ddl",
		"create warehouse wh",
		`create or replace task t1
  warehouse = wh
  schedule = 'USING CRON 0 9 * * MON America/New_York'
  comment = 'weekly'
  allow_overlapping_execution = true
as
  select 1`,
		"create task t2 after t1 when 1 = 1 as select 2",
	)
	cols, _, rows := queryAll(t, db, "show tasks like 't%' in schema ddl.public")
	if cols[9] != "predecessors" || len(rows) != 2 {
		t.Fatalf("show tasks: %v %q", cols, rows)
	}
	if r := rows[0]; r[1] != "T1" || r[6] != "weekly" || r[8] != "USING CRON 0 9 * * MON America/New_York" || r[10] != "suspended" || r[11] != "select 1" || r[13] != "true" {
		t.Fatalf("t1: %q", r)
	}
	if r := rows[1]; r[9] != "[\n  \"DDL.PUBLIC.T1\"\n]" || r[12] != "1 = 1" || r[8] != "<null>" {
		t.Fatalf("t2: %q", r)
	}
	mustExec(t, db,
		"alter task t1 set schedule = '5 minute', comment = 'often'",
		"alter task t2 modify as select 3",
		"alter task t2 remove when",
		"alter task if exists nosuch resume",
	)
	_, _, rows = queryAll(t, db, "desc task t2")
	if rows[0][11] != "select 3" || rows[0][12] != "<null>" {
		t.Fatalf("desc t2: %q", rows)
	}
	for stmt, want := range map[string]string{
		"create task t3 schedule = '5 minute' after t1 as select 1": "both a SCHEDULE and predecessors",
		"create task t3 schedule = 'every day' as select 1":         "invalid schedule",
		"create task t3 after nosuch as select 1":                   "NOSUCH",
		"alter task t1 add after t2":                                "SCHEDULE",
		"create task t1 as select 1":                                "already exists",
		"create task t3 select 1":                                   "AS",
	} {
		if _, err := db.Exec(stmt); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: got %v, want an error containing %q", stmt, err, want)
		}
	}
	mustExec(t, db, "alter task t1 unset schedule", "create task t0 as select 0", "alter task t1 add after t0")
	_, err := db.Exec("alter task t0 add after t2")
	snowflakeError(t, err, 1003, "cycle")
	// Dropping a predecessor makes its children standalone.
	mustExec(t, db, "drop task t1", "drop task if exists t1")
	_, _, rows = queryAll(t, db, "desc task t2")
	if rows[0][9] != "[]" {
		t.Fatalf("t2 after dropping t1: %q", rows)
	}
	_, err = db.Exec("drop task t1")
	snowflakeError(t, err, 2003, "does not exist")
}

func TestTaskHistoryArguments(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db,
		"create database hist",
		"create task ok as select 1",
		"create task bad as select * from nosuch",
		"execute task ok", "execute task bad", "execute task ok",
	)
	q := func(args string) string {
		return queryOne(t, db, "select count(*) from table(information_schema.task_history("+args+"))")
	}
	for args, want := range map[string]string{
		"":                   "3",
		"task_name => 'ok'":  "2",
		"error_only => true": "1",
		"result_limit => 2":  "2",
		"scheduled_time_range_start => dateadd('hour', -1, current_timestamp())": "3",
		"scheduled_time_range_end => dateadd('hour', -1, current_timestamp())":   "0",
	} {
		if got := q(args); got != want {
			t.Errorf("task_history(%s): %s rows, want %s", args, got, want)
		}
	}
	var code, msg, from string
	if err := db.QueryRow("select error_code, error_message, scheduled_from from table(hist.information_schema.task_history(error_only => true))").Scan(&code, &msg, &from); err != nil {
		t.Fatal(err)
	}
	if code != "002003" || !strings.Contains(msg, "NOSUCH") || from != "EXECUTE_TASK" {
		t.Fatalf("failed run: %s %s %s", code, msg, from)
	}
	err := queryErr(db, "select * from table(information_schema.task_history(bogus => 1))")
	snowflakeError(t, err, 1044, "BOGUS")
}

// TestTaskSurvivesRestart checks a started task's schedule and history
// persist with the engine's data directory.
func TestTaskSurvivesRestart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	db, err := warehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db.DB, "create database keep", "create task t schedule = '1 minute' as select 1", "alter task t resume", "execute task t")
	db.Close()
	db, err = warehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	mustExec(t, db.DB, "use database keep")
	rows := history(t, db.DB, "")
	wantRows(t, "history after restart", rows, [][]string{{"T", "SUCCEEDED", ""}, {"T", "SCHEDULED", ""}})
	db.Local.(*snowlocal.Server).Engine().AdvanceTaskClock(2 * time.Minute)
	deadline := time.Now().Add(20 * time.Second)
	for len(history(t, db.DB, "where state = 'SUCCEEDED'")) < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("the restarted engine did not run the task: %q", history(t, db.DB, ""))
		}
		time.Sleep(20 * time.Millisecond)
	}
}
