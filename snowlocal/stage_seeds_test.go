package snowlocal_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The guides' statements about integrations, stages, file formats, COPY
// and pipes, verbatim (placeholders templated with the fixtures' values).

const fluentdBucket = "masaya-s3-northeast-1-external-stage"

var fluentdGuide = struct {
	integration, descIntegration, stage, list, fileFormat, table, copy, selectAll, pipe, showPipes, refresh, selectOrdered, usage string
}{
	integration: `use role accountadmin;
create STORAGE INTEGRATION s3_int_fluentd
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::xx:role/[RoleName]'
  STORAGE_ALLOWED_LOCATIONS = ('s3://masaya-s3-northeast-1-external-stage/logs/')
;`,
	descIntegration: `DESC INTEGRATION s3_int_fluentd;`,
	stage: `create stage fluentd_stage
  url = 's3://[BUCKET_NAME]/logs/'
  storage_integration = s3_int_fluentd
;`,
	list: `list @fluentd_stage;`,
	fileFormat: `create or replace file format fluentd_format
  type = csv
  field_delimiter = '\t'  
  compression=gzip
;`,
	table: `create table public.logs(
  time DATETIME,
  tag STRING,
  record VARIANT
);`,
	copy: `copy into public.logs
  from @fluentd_stage
  file_format = (format_name = fluentd_format);`,
	selectAll: `select * from public.logs;`,
	pipe: `create pipe fluentd.public.mypipe auto_ingest=true as
  copy into fluentd.public.logs
  from @fluentd.public.fluentd_stage
  file_format = fluentd.public.fluentd_format
;`,
	showPipes:     `show pipes;`,
	refresh:       `alter pipe mypipe refresh;`,
	selectOrdered: `select * from public.logs order by TIME DESC;`,
	usage: `select *
  from table(snowflake.information_schema.pipe_usage_history(
    date_range_start=>dateadd('day',-14,current_date()),
    date_range_end=>current_date(),
    pipe_name=>'fluentd.public.mypipe'));`,
}

// template replaces the guides' placeholders.
func template(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

func TestSeedFluentdStagesCopyPipe(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://" + fluentdBucket + "/": "file://" + filepath.Join(lake, "fluentd")})
	vars := map[string]string{"[BUCKET_NAME]": fluentdBucket, "[RoleName]": "fluentd-snowflake"}
	g := fluentdGuide
	run(t, db, "create database fluentd")
	run(t, db, strings.Split(template(g.integration, vars), ";\n")...)

	cols, rows := rowsOf(t, db, g.descIntegration)
	wantEqual(t, "DESC INTEGRATION columns", cols, []string{"property", "property_type", "property_value", "property_default"})
	props := byName(rows, 0, 2)
	if !strings.HasPrefix(props["STORAGE_AWS_IAM_USER_ARN"], "arn:aws:iam::") || !strings.Contains(props["STORAGE_AWS_EXTERNAL_ID"], "_SFCRole=") {
		t.Fatalf("DESC INTEGRATION: user arn %q, external id %q", props["STORAGE_AWS_IAM_USER_ARN"], props["STORAGE_AWS_EXTERNAL_ID"])
	}
	wantEqual(t, "role arn", props["STORAGE_AWS_ROLE_ARN"], "arn:aws:iam::xx:role/fluentd-snowflake")
	wantEqual(t, "allowed locations", props["STORAGE_ALLOWED_LOCATIONS"], "s3://masaya-s3-northeast-1-external-stage/logs/")

	run(t, db, template(g.stage, vars))
	_, rows = rowsOf(t, db, g.list)
	var names []string
	for _, r := range rows {
		names = append(names, r[0])
	}
	wantEqual(t, "list @fluentd_stage", names, []string{
		"s3://masaya-s3-northeast-1-external-stage/logs/2022011810_0.gz",
		"s3://masaya-s3-northeast-1-external-stage/logs/2022011810_1.gz",
		"s3://masaya-s3-northeast-1-external-stage/logs/2022011818_0.gz",
	})

	run(t, db, g.fileFormat, g.table)
	cols, rows = rowsOf(t, db, g.copy)
	wantEqual(t, "COPY columns", cols, []string{"file", "status", "rows_parsed", "rows_loaded", "error_limit", "errors_seen",
		"first_error", "first_error_line", "first_error_character", "first_error_column_name"})
	wantEqual(t, "COPY rows", rows, [][]string{
		{"s3://masaya-s3-northeast-1-external-stage/logs/2022011810_0.gz", "LOADED", "10", "10", "1", "0", "<null>", "<null>", "<null>", "<null>"},
		{"s3://masaya-s3-northeast-1-external-stage/logs/2022011810_1.gz", "LOADED", "4", "4", "1", "0", "<null>", "<null>", "<null>", "<null>"},
		{"s3://masaya-s3-northeast-1-external-stage/logs/2022011818_0.gz", "LOADED", "1", "1", "1", "0", "<null>", "<null>", "<null>", "<null>"},
	})
	// Loaded files are not loaded again.
	_, rows = rowsOf(t, db, g.copy)
	wantEqual(t, "second COPY", rows, [][]string{{"Copy executed with 0 files processed."}})

	cols, rows = rowsOf(t, db, g.selectAll)
	wantEqual(t, "logs columns", cols, []string{"TIME", "TAG", "RECORD"})
	if len(rows) != 15 {
		t.Fatalf("select * from public.logs: %d rows, want 15", len(rows))
	}
	// The wall-clock time of a timestamp with an offset is kept (TIMESTAMP_NTZ).
	_, rows = rowsOf(t, db, `select cast(time as varchar), tag, record from public.logs where time < '2020-01-01'`)
	if len(rows) != 1 || rows[0][0] != "2013-02-28 12:00:00" || rows[0][1] != "s3.apache.access" {
		t.Fatalf("JST record: %q", rows)
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(rows[0][2]), &rec); err != nil {
		t.Fatalf("record is not JSON: %q", rows[0][2])
	}
	wantEqual(t, "record", rec, map[string]any{"host": "192.168.0.1", "user": nil, "method": "GET", "path": "/", "code": 200.0,
		"size": 777.0, "referer": nil, "agent": "Opera/12.0"})

	// The pipe: new files arrive in the bucket; REFRESH and the watcher load them.
	run(t, db, g.pipe)
	cols, rows = rowsOf(t, db, g.showPipes)
	channel := column(t, cols, rows, "notification_channel")
	if len(rows) != 1 || !strings.HasPrefix(channel[0], "arn:aws:sqs:us-west-2:000000000000:sf-snowpipe-LOCAL-") {
		t.Fatalf("show pipes: %v %q", cols, rows)
	}
	wantEqual(t, "pipe name", column(t, cols, rows, "name"), []string{"MYPIPE"})
	_, rows = rowsOf(t, db, g.refresh)
	if len(rows) != 0 {
		t.Fatalf("refresh with nothing new: %q", rows)
	}
	_, rows = rowsOf(t, db, g.selectAll)
	if len(rows) != 15 {
		t.Fatalf("after refresh: %d rows", len(rows))
	}
	// A new hourly file from Fluentd lands in the bucket.
	newFile := filepath.Join(lake, "fluentd", "logs", "2022011819_0.gz")
	data, err := os.ReadFile(filepath.Join(lake, "fluentd", "logs", "2022011818_0.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(newFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pipe to load the new file", 15*time.Second, func() (bool, string) {
		n := scalar(t, db, "select count(*) from public.logs")
		return n == "16", n + " rows"
	})
	_, rows = rowsOf(t, db, g.selectOrdered)
	if len(rows) != 16 || !strings.HasPrefix(rows[0][0], "2022-01-18") {
		t.Fatalf("ordered: %d rows, first %q", len(rows), rows[0])
	}
	// The usage history, as the guide asks for it (today's loads end after
	// current_date(), so they show with an end of now).
	cols, _ = rowsOf(t, db, template(g.usage, nil))
	wantEqual(t, "pipe_usage_history columns", cols, []string{"PIPE_ID", "PIPE_NAME", "START_TIME", "END_TIME", "CREDITS_USED", "BYTES_INSERTED", "FILES_INSERTED"})
	_, rows = rowsOf(t, db, `select pipe_name, files_inserted, bytes_inserted from table(snowflake.information_schema.pipe_usage_history(
    date_range_start=>dateadd('day',-14,current_date()), date_range_end=>current_timestamp(), pipe_name=>'fluentd.public.mypipe'))`)
	if len(rows) != 1 || rows[0][0] != "FLUENTD.PUBLIC.MYPIPE" || rows[0][1] != "1" || rows[0][2] != itoa(len(data)) {
		t.Fatalf("pipe usage: %q", rows)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

