package snowlocal

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHistoryMillisScale reads the scale the rowtype gives the times of the
// INFORMATION_SCHEMA history the engine serves (gosnowflake's ColumnTypes
// report none for a TIMESTAMP_LTZ) and their wire values. Expected:
// TIMESTAMP_LTZ(3) with whole milliseconds. No source measured these
// functions (the docs give TIMESTAMP_LTZ with no precision): the basis is
// the live-verified reference mlorek/frostlake, which types the times of
// the sibling INFORMATION_SCHEMA table functions it models,
// COMPLETE_TASK_GRAPHS and ALERT_HISTORY, as SHOW's created_on,
// TIMESTAMP_LTZ(3)
// (engine/src/main/java/dev/frostlake/functions/table/TaskGraphRuns.java,
// AlertHistoryFunction.java), and tables created in public repositories over
// COPY_HISTORY ("all columns from information_schema.copy_history":
// LAST_LOAD_TIME and PIPE_RECEIVED_TIME TIMESTAMP_LTZ(3)) and over
// ACCOUNT_USAGE.TASK_HISTORY (SCHEDULED_TIME, QUERY_START_TIME,
// COMPLETED_TIME TIMESTAMP_LTZ(3)); MIN and MAX return "the same data type
// as the input values" (docs: MIN / MAX).
func TestHistoryMillisScale(t *testing.T) {
	ctx := context.Background()
	e, s := openSession(t)
	dir := t.TempDir()
	if err := e.SetStageMap(map[string]string{"s3://hms/": "file://" + dir}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.csv"), []byte("1\n2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.csv"), []byte("3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"create database hms", "create table t (a int)", "create table u (a int)", "create stage st url = 's3://hms/'",
		"copy into t from @st/a.csv file_format = (type = csv)",
		"create pipe p as copy into u from @st/b.csv file_format = (type = csv)", "alter pipe p refresh",
		"create task tk schedule = '60 minute' as select 1", "execute task tk", "alter task tk resume"} {
		if _, err := s.Exec(ctx, q, nil); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	const copyHistory = " from table(information_schema.copy_history(table_name => 'T', start_time => dateadd(hour, -1, current_timestamp())))"
	const pipeHistory = " from table(information_schema.copy_history(table_name => 'U', start_time => dateadd(hour, -1, current_timestamp())))"
	const taskHistory = " from table(information_schema.task_history()) where state <> 'SCHEDULED'"
	const pipeUsage = " from table(information_schema.pipe_usage_history(date_range_start => dateadd(hour, -1, current_timestamp()), date_range_end => dateadd(minute, 5, current_timestamp()), pipe_name => 'HMS.PUBLIC.P'))"
	for _, tc := range []struct {
		q    string
		cols []string // the columns that are TIMESTAMP_LTZ(3)
	}{
		{"select *" + copyHistory, []string{"LAST_LOAD_TIME", "FIRST_COMMIT_TIME"}},
		{"select last_load_time, pipe_received_time, first_commit_time" + pipeHistory, []string{"LAST_LOAD_TIME", "PIPE_RECEIVED_TIME", "FIRST_COMMIT_TIME"}},
		{"select max(last_load_time) m" + copyHistory, []string{"M"}},
		{"select * from information_schema.load_history", []string{"LAST_LOAD_TIME"}},
		{"select * exclude (query_hash, query_hash_version, query_parameterized_hash, query_parameterized_hash_version)" + taskHistory,
			[]string{"SCHEDULED_TIME", "QUERY_START_TIME", "COMPLETED_TIME"}},
		{"select *" + pipeUsage, []string{"START_TIME", "END_TIME"}},
		{"select scheduled_time, query_start_time, completed_time" + taskHistory, []string{"SCHEDULED_TIME", "QUERY_START_TIME", "COMPLETED_TIME"}},
		{"select name, next_scheduled_time from table(information_schema.task_history()) where state = 'SCHEDULED'", []string{"NEXT_SCHEDULED_TIME"}},
		{"select start_time, end_time" + pipeUsage, []string{"START_TIME", "END_TIME"}},
	} {
		res := wantMillisColumns(ctx, t, s, tc.q, tc.cols) // millis_scale_test.go
		for _, c := range res.Columns {
			if c.Type == "text" && c.Length != 16777216 {
				// The texts: VARCHAR(16777216), as the reference declares
				// every text of the sibling functions (StringType.VARCHAR).
				t.Errorf("%s: %s is text length %d, want 16777216", tc.q, c.Name, c.Length)
			}
		}
	}
	// A cast to TIMESTAMP_LTZ is a TIMESTAMP_LTZ(9), the type's default
	// precision (docs: Date & time data types), of the same whole
	// milliseconds; flurry's console unions the pipe usage of each pipe so
	// (console/queries.go pipeUsage).
	for _, q := range []string{
		"select last_load_time::timestamp_ltz c, cast(pipe_received_time as timestamp_ltz(9)) p" + pipeHistory,
		"select 'A' as pipe, start_time::timestamp_ltz as c, end_time::timestamp_ltz as p, files_inserted::number as files_inserted" + pipeUsage +
			" union all select 'B' as pipe, start_time::timestamp_ltz as c, end_time::timestamp_ltz as p, files_inserted::number as files_inserted" + pipeUsage +
			" order by pipe, c",
	} {
		res, err := s.Exec(ctx, q, nil)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if len(res.Rows) == 0 {
			t.Fatalf("%s: no rows", q)
		}
		for k, c := range res.Columns {
			if c.Name != "C" && c.Name != "P" {
				continue
			}
			if c.Type != "timestamp_ltz" || c.Scale != 9 {
				t.Errorf("%s: %s is %s scale %d, want timestamp_ltz scale 9", q, c.Name, c.Type, c.Scale)
			}
			for _, row := range res.Rows {
				if v := row[k]; v == nil || !strings.HasSuffix(*v, "000000") {
					t.Errorf("%s: %s value %v, want whole milliseconds", q, c.Name, v)
				}
			}
		}
	}
}
