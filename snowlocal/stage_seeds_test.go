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
	// The wall-clock time of a timestamp with an offset is kept (TIMESTAMP_NTZ),
	// as text in the default TIMESTAMP_NTZ_OUTPUT_FORMAT (docs: TO_CHAR).
	_, rows = rowsOf(t, db, `select cast(time as varchar), tag, record from public.logs where time < '2020-01-01'`)
	if len(rows) != 1 || rows[0][0] != "2013-02-28 12:00:00.000" || rows[0][1] != "s3.apache.access" {
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
	wantEqual(t, "pipe_usage_history columns", cols, []string{"START_TIME", "END_TIME", "PIPE_NAME", "CREDITS_USED", "BYTES_INSERTED", "FILES_INSERTED", "BYTES_BILLED"})
	_, rows = rowsOf(t, db, `select pipe_name, files_inserted, bytes_inserted from table(snowflake.information_schema.pipe_usage_history(
    date_range_start=>dateadd('day',-14,current_date()), date_range_end=>current_timestamp(), pipe_name=>'fluentd.public.mypipe'))`)
	if len(rows) != 1 || rows[0][0] != "FLUENTD.PUBLIC.MYPIPE" || rows[0][1] != "1" || rows[0][2] != itoa(len(data)) {
		t.Fatalf("pipe usage: %q", rows)
	}
	// Without PIPE_NAME each period holds the totals of all pipes under a
	// NULL pipe name, and a 12-hour range comes in 1-hour periods
	// (https://docs.snowflake.com/en/sql-reference/functions/pipe_usage_history:
	// the PIPE_NAME argument and the "last 12 hours, in 1-hour periods" example).
	_, rows = rowsOf(t, db, `select pipe_name, files_inserted, bytes_inserted, datediff('minute', start_time, end_time)
    from table(snowflake.information_schema.pipe_usage_history(
    date_range_start=>dateadd('hour',-12,current_timestamp()), date_range_end=>dateadd('minute', 1, current_timestamp())))`)
	if len(rows) != 1 || rows[0][0] != "<null>" || rows[0][1] != "1" || rows[0][2] != itoa(len(data)) || rows[0][3] != "60" {
		t.Fatalf("pipe usage of all pipes over 12 hours (1-hour periods): %q", rows)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Teleport's blog post (001): note the stray backtick the post leaves after
// the integration, and that it creates the stage before the database the
// pipe then names; the test creates LOGS_DB first so the stage lands there.
var teleportGuide = struct {
	integration, descIntegration, stage, list, table, fileFormat, pipe, showPipes, failed string
}{
	integration:     "CREATE OR REPLACE STORAGE INTEGRATION S3_TELEPORT_INTEGRTN\n    TYPE = external_stage\n    STORAGE_PROVIDER = s3\n    ENABLED = true\n    STORAGE_AWS_ROLE_ARN = '<YOUR_ROLE_ARN>'\n    STORAGE_ALLOWED_LOCATIONS = ('s3://<YOUR_BUCKET_NAME>/<YOUR_LOG_DATA_FOLDER>/')`",
	descIntegration: `DESC INTEGRATION S3_TELEPORT_INTEGRTN`,
	stage: `CREATE OR REPLACE STAGE TELEPORT_LANDING_STAGE
    STORAGE_INTEGRATION = S3_TELEPORT_INTEGRTN
    URL = 's3://<YOUR_BUCKET_NAME>/<YOUR_LOG_DATA_FOLDER_NAME>/'`,
	list:  `LIST @TELEPORT_LANDING_STAGE;`,
	table: `create Table PARSEJSON_RAW(raw_data Variant);`,
	fileFormat: `create or Replace File Format JSON_FORMAT
    type = JSON
    strip_outer_array = TRUE ;`,
	pipe: `create PIPE LOGS_DB.Public.AUTOINGST_PARSEJSON
        AUTO_INGEST = TRUE
AS
    Copy INTO LOGS_DB.Public.PARSEJSON_RAW
    From @LOGS_DB.Public.TELEPORT_LANDING_STAGE
    File_Format = (Format_Name = JSON_FORMAT)
;`,
	showPipes: `SHOW PIPES;`,
	failed: `select RAW_DATA
    from PARSEJSON_RAW
    where RAW_DATA['success']='false';`,
}

func TestSeedTeleportStagesPipe(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://fluentd-snowflake-demo/logs/": "file://" + filepath.Join(lake, "teleport", "logs")})
	vars := map[string]string{"<YOUR_ROLE_ARN>": "arn:aws:iam::123456789012:role/snowflake-teleport", "<YOUR_BUCKET_NAME>": "fluentd-snowflake-demo",
		"<YOUR_LOG_DATA_FOLDER>": "logs", "<YOUR_LOG_DATA_FOLDER_NAME>": "logs"}
	g := teleportGuide
	run(t, db, "create database LOGS_DB")
	run(t, db, template(g.integration, vars))
	_, rows := rowsOf(t, db, g.descIntegration)
	props := byName(rows, 0, 2)
	ext1 := props["STORAGE_AWS_EXTERNAL_ID"]
	wantEqual(t, "allowed", props["STORAGE_ALLOWED_LOCATIONS"], "s3://fluentd-snowflake-demo/logs/")
	// Replacing the integration changes its external id (the trust policy must follow).
	run(t, db, template(g.integration, vars))
	_, rows = rowsOf(t, db, g.descIntegration)
	if ext2 := byName(rows, 0, 2)["STORAGE_AWS_EXTERNAL_ID"]; ext2 == ext1 || ext2 == "" {
		t.Fatalf("external id after CREATE OR REPLACE: %q (was %q)", ext2, ext1)
	}

	run(t, db, template(g.stage, vars))
	_, rows = rowsOf(t, db, g.list)
	wantEqual(t, "LIST", column(t, []string{"name", "size", "md5", "last_modified"}, rows, "name"), []string{
		"s3://fluentd-snowflake-demo/logs/2022/10/11/202210111832_0.gz",
		"s3://fluentd-snowflake-demo/logs/2022/10/11/events-1830.json",
	})
	for _, r := range rows {
		if len(r[2]) != 32 || !strings.HasSuffix(r[3], " GMT") {
			t.Fatalf("LIST row %q: want an md5 and an HTTP date", r)
		}
	}
	run(t, db, g.table, g.fileFormat, g.pipe)
	cols, rows := rowsOf(t, db, g.showPipes)
	if len(rows) != 1 || column(t, cols, rows, "definition")[0] == "" {
		t.Fatalf("SHOW PIPES: %q", rows)
	}
	// The files were there before the pipe: Snowpipe loads them on REFRESH.
	if n := scalar(t, db, "select count(*) from PARSEJSON_RAW"); n != "0" {
		t.Fatalf("pipe loaded pre-existing files by itself: %s rows", n)
	}
	_, rows = rowsOf(t, db, "alter pipe LOGS_DB.Public.AUTOINGST_PARSEJSON refresh")
	wantEqual(t, "refresh", rows, [][]string{{"2022/10/11/202210111832_0.gz", "SENT"}, {"2022/10/11/events-1830.json", "SENT"}})
	// 4 events from the JSON array (STRIP_OUTER_ARRAY) and 4 NDJSON events.
	wantEqual(t, "events", scalar(t, db, "select count(*) from PARSEJSON_RAW"), "8")
	// The post's query runs (how a VARIANT compares to 'false' is the
	// rewriter's business); the failed events are there to find.
	rowsOf(t, db, g.failed)
	_, rows = rowsOf(t, db, `select raw_data:user::string, raw_data:event::string from PARSEJSON_RAW where raw_data:success::string = 'false' order by 1`)
	wantEqual(t, "failed events", rows, [][]string{{"bob", "db.session.query"}, {"root", "user.login"}})
	// SYSTEM$PIPE_STATUS reports the last ingested file.
	var st map[string]any
	if err := json.Unmarshal([]byte(scalar(t, db, "select system$pipe_status('LOGS_DB.PUBLIC.AUTOINGST_PARSEJSON')")), &st); err != nil {
		t.Fatal(err)
	}
	if st["executionState"] != "RUNNING" || st["pendingFileCount"] != 0.0 || st["lastIngestedTimestamp"] == nil ||
		!strings.HasPrefix(st["notificationChannelName"].(string), "arn:aws:sqs:") {
		t.Fatalf("pipe status: %v", st)
	}
}

// The S3 access log guide (002).
var s3AccessGuide = struct {
	integration, desc, fileFormat, stage, list, staging, copy, verify, pipe, showPipes, refresh, usage string
}{
	integration: `create STORAGE INTEGRATION s3_int_s3_access_logs
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::<AWS_ACCOUNT_NUMBER>:role/<RoleName>'
  STORAGE_ALLOWED_LOCATIONS = ('s3://<BUCKET_NAME>/<PREFIX>/');`,
	desc: `DESC INTEGRATION s3_int_s3_access_logs;`,
	fileFormat: `CREATE FILE FORMAT IF NOT EXISTS TEXT_FORMAT 
TYPE = 'CSV' 
FIELD_DELIMITER = NONE
SKIP_BLANK_LINES = TRUE
ESCAPE_UNENCLOSED_FIELD = NONE;`,
	stage: `create stage s3_access_logs
  url = 's3://<BUCKET_NAME>/<PREFIX>/'
  storage_integration = s3_int_s3_access_logs
;`,
	list: `list @s3_access_logs;`,
	staging: `create table s3_access_logs_staging(
    raw TEXT,
    timestamp DATETIME
);`,
	copy: `copy into s3_access_logs_staging from (
SELECT 
  STG.$1,
  current_timestamp() as timestamp 
FROM @s3_access_logs (FILE_FORMAT => TEXT_FORMAT) STG
);`,
	verify: `select * from public.s3_access_logs_staging limit 5;`,
	pipe: `create pipe public.s3_access_logs_pipe auto_ingest=true as
  copy into s3_access_logs_staging from (
    SELECT 
      STG.$1,
      current_timestamp() as timestamp 
  FROM @s3_access_logs (FILE_FORMAT => TEXT_FORMAT) STG
)
;`,
	showPipes: `show pipes;`,
	refresh:   `alter pipe s3_access_logs_pipe refresh;`,
	usage: `select *
  from table(snowflake.information_schema.pipe_usage_history(
    date_range_start=>dateadd('day',-14,current_date()),
    date_range_end=>current_date(),
    pipe_name=>'public.s3_access_logs_pipe));`,
}

func TestSeedS3AccessLogsStagesPipe(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://s3-access-logs-bucket/": "file://" + filepath.Join(lake, "s3_access")})
	vars := map[string]string{"<AWS_ACCOUNT_NUMBER>": "123456789012", "<RoleName>": "snowflake-s3-access", "<BUCKET_NAME>": "s3-access-logs-bucket", "<PREFIX>": "logs"}
	g := s3AccessGuide
	run(t, db, "create database security_lake")
	run(t, db, template(g.integration, vars))
	_, rows := rowsOf(t, db, g.desc)
	if byName(rows, 0, 2)["STORAGE_AWS_ROLE_ARN"] != "arn:aws:iam::123456789012:role/snowflake-s3-access" {
		t.Fatalf("desc: %q", rows)
	}
	run(t, db, g.fileFormat, g.fileFormat) // IF NOT EXISTS: the second run succeeds
	run(t, db, template(g.stage, vars))
	_, rows = rowsOf(t, db, g.list)
	if len(rows) != 2 || rows[0][0] != "s3://s3-access-logs-bucket/logs/2019-02-06-00-00-38-5B6EB4AB3A8D6E5D" {
		t.Fatalf("list: %q", rows)
	}
	// The stage shares its name with the table created later in the guide.
	run(t, db, g.staging, `create or replace table s3_access_logs(bucketowner STRING, bucket_name STRING)`)
	// The guide's stream sees what COPY and the pipe load.
	run(t, db, `create stream s3_access_logs_stream on table s3_access_logs_staging;`)

	cols, rows := rowsOf(t, db, g.copy)
	wantEqual(t, "copy status", column(t, cols, rows, "status"), []string{"LOADED", "LOADED"})
	// One line per record: 5 + 8 lines (the trailing blank line is skipped).
	wantEqual(t, "rows_loaded", column(t, cols, rows, "rows_loaded"), []string{"5", "8"})
	if n := scalar(t, db, `select count(*) from s3_access_logs_stream where metadata$action = 'INSERT'`); n != "13" {
		t.Fatalf("stream after COPY: %s rows", n)
	}
	_, rows = rowsOf(t, db, g.verify)
	if len(rows) != 5 {
		t.Fatalf("verify: %d rows", len(rows))
	}
	_, rows = rowsOf(t, db, `select raw from s3_access_logs_staging where raw like '%security-logs-prod%' and raw like '%10:15:42%'`)
	if len(rows) != 1 || !strings.HasPrefix(rows[0][0], "3c1a5e5b1f0d4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d security-logs-prod [18/Jan/2022:10:15:42 +0000] 203.0.113.50 ") {
		t.Fatalf("raw line: %q", rows)
	}
	if n := scalar(t, db, `select count(*) from s3_access_logs_staging where timestamp > dateadd(minute, -5, current_timestamp())`); n != "13" {
		t.Fatalf("load timestamps: %s rows stamped in the last 5 minutes", n)
	}

	run(t, db, g.pipe)
	cols, rows = rowsOf(t, db, g.showPipes)
	if len(rows) != 1 || !strings.Contains(column(t, cols, rows, "definition")[0], "FROM @s3_access_logs (FILE_FORMAT => TEXT_FORMAT) STG") {
		t.Fatalf("show pipes: %q", rows)
	}
	// A new access log object arrives: the watcher loads it with the pipe's transformation.
	obj := filepath.Join(lake, "s3_access", "logs", "2022-01-18-10-30-00-ABCDEF0123456789")
	line := `3c1a5e5b1f0d4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d security-logs-prod [18/Jan/2022:10:30:00 +0000] 198.51.100.201 - 5E6F708192031425 REST.GET.OBJECT secret.txt "GET /security-logs-prod/secret.txt HTTP/1.1" 403 AccessDenied 243 - 9 - "-" "curl/7.81.0" - Yq0= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader security-logs-prod.s3.amazonaws.com TLSv1.2 - -` + "\n"
	if err := os.WriteFile(obj, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pipe to load the new object", 15*time.Second, func() (bool, string) {
		n := scalar(t, db, "select count(*) from s3_access_logs_staging")
		return n == "14", n
	})
	_, rows = rowsOf(t, db, g.refresh)
	if len(rows) != 0 {
		t.Fatalf("refresh re-sent loaded files: %q", rows)
	}
	if n := scalar(t, db, `select count(*) from s3_access_logs_stream`); n != "14" {
		t.Fatalf("stream after the pipe: %s rows", n)
	}
	// The guide's query has an unterminated string: a clear syntax error...
	if se := execErr(t, db, g.usage); se.Number != 1003 {
		t.Fatalf("unterminated pipe_name: %v", se)
	}
	// ...and once closed, it runs.
	fixed := strings.Replace(g.usage, "'public.s3_access_logs_pipe))", "'public.s3_access_logs_pipe'))", 1)
	cols, _ = rowsOf(t, db, fixed)
	wantEqual(t, "usage columns", cols, []string{"START_TIME", "END_TIME", "PIPE_NAME", "CREDITS_USED", "BYTES_INSERTED", "FILES_INSERTED", "BYTES_BILLED"})
	_, rows = rowsOf(t, db, strings.Replace(fixed, "date_range_end=>current_date()", "date_range_end=>current_timestamp()", 1))
	if len(rows) != 1 || rows[0][2] != "SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS_PIPE" || rows[0][5] != "1" || rows[0][4] != strconv.Itoa(len(line)) || rows[0][6] != rows[0][4] {
		t.Fatalf("usage: %q", rows)
	}
	// copy_history shows the bulk loads and the pipe's.
	_, rows = rowsOf(t, db, `select file_name, status, row_count, pipe_name from table(information_schema.copy_history(table_name=>'S3_ACCESS_LOGS_STAGING', start_time=> dateadd(hours, -1, current_timestamp()))) order by file_name`)
	wantEqual(t, "copy_history", rows, [][]string{
		{"2019-02-06-00-00-38-5B6EB4AB3A8D6E5D", "Loaded", "5", "<null>"},
		{"2022-01-18-10-21-00-1F2E3D4C5B6A7980", "Loaded", "8", "<null>"},
		{"2022-01-18-10-30-00-ABCDEF0123456789", "Loaded", "1", "S3_ACCESS_LOGS_PIPE"},
	})
}

// The VPC flow log guide (003).
var vpcGuide = struct {
	integration, desc, stage, list, table, copy, selectLimit, pipe, showPipes, refresh, selectAll string
}{
	integration: `create STORAGE INTEGRATION s3_int_vpc_flow
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::<AWS_ACCOUNT_NUMBER>:role/<RoleName>'
  STORAGE_ALLOWED_LOCATIONS = ('s3://<BUCKET_NAME>/<PREFIX>/');`,
	desc: `DESC INTEGRATION s3_int_vpc_flow;`,
	stage: `create stage vpc_flow_stage
  url = 's3://<BUCKET_NAME>/<PREFIX>/'
  storage_integration = s3_int_vpc_flow
;`,
	list: `list @vpc_flow_stage;`,
	table: `create table public.vpc_flow(
  record VARIANT
);`,
	copy: `copy into public.vpc_flow
  from @vpc_flow_stage
  file_format = (type = parquet);`,
	selectLimit: `select * from public.vpc_flow limit 10;`,
	pipe: `create pipe public.vpc_flow_pipe auto_ingest=true as
  copy into public.vpc_flow
  from @public.vpc_flow_stage
  file_format = (type = parquet)
;`,
	showPipes: `show pipes;`,
	refresh:   `alter pipe vpc_flow_pipe refresh;`,
	selectAll: `select * from public.vpc_flow;`,
}

func TestSeedVPCFlowParquetPipe(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://vpc-flow-bucket/": "file://" + filepath.Join(lake, "vpc_flow")})
	vars := map[string]string{"<AWS_ACCOUNT_NUMBER>": "123456789012", "<RoleName>": "snowflake-vpc", "<BUCKET_NAME>": "vpc-flow-bucket", "<PREFIX>": "AWSLogs"}
	g := vpcGuide
	run(t, db, "create database security_lake")
	run(t, db, template(g.integration, vars), g.desc, template(g.stage, vars))
	_, rows := rowsOf(t, db, g.list)
	if len(rows) != 1 || !strings.HasSuffix(rows[0][0], "_0a1b2c3d.log.parquet") || !strings.HasPrefix(rows[0][0], "s3://vpc-flow-bucket/AWSLogs/123456789010/vpcflowlogs/") {
		t.Fatalf("list: %q", rows)
	}
	run(t, db, g.table)
	cols, rows := rowsOf(t, db, g.copy)
	wantEqual(t, "copy", [][]string{column(t, cols, rows, "status"), column(t, cols, rows, "rows_loaded")}, [][]string{{"LOADED"}, {"8"}})
	_, rows = rowsOf(t, db, g.selectLimit)
	if len(rows) != 8 {
		t.Fatalf("select: %d rows", len(rows))
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(rows[0][0]), &rec); err != nil {
		t.Fatal(err)
	}
	wantEqual(t, "first flow record", rec, map[string]any{"version": 2.0, "account_id": "123456789010", "interface_id": "eni-1235b8ca123456789",
		"srcaddr": "172.31.16.139", "dstaddr": "172.31.16.21", "srcport": 20641.0, "dstport": 22.0, "protocol": 6.0, "packets": 20.0,
		"bytes": 4249.0, "start": 1418530010.0, "end": 1418530070.0, "action": "ACCEPT", "log_status": "OK"})
	// NODATA records have NULL fields.
	if n := scalar(t, db, `select count(*) from public.vpc_flow where record:log_status::string = 'NODATA' and record:srcaddr::string is null`); n != "1" {
		t.Fatalf("NODATA records: %s", n)
	}
	run(t, db, g.pipe)
	_, rows = rowsOf(t, db, g.showPipes)
	if len(rows) != 1 {
		t.Fatalf("show pipes: %q", rows)
	}
	_, rows = rowsOf(t, db, g.refresh)
	if len(rows) != 0 {
		t.Fatalf("refresh: the COPY loaded these files already: %q", rows)
	}
	// A new parquet object arrives.
	src := filepath.Join(lake, "vpc_flow", "source", "flows.txt")
	writeVPCParquet(t, src, filepath.Join(lake, "vpc_flow", "AWSLogs", "123456789010", "vpcflowlogs", "us-east-1", "2014", "12", "14", "second.log.parquet"))
	waitFor(t, "the pipe to load the new parquet file", 15*time.Second, func() (bool, string) {
		n := scalar(t, db, "select count(*) from public.vpc_flow")
		return n == "16", n
	})
	_, rows = rowsOf(t, db, g.selectAll)
	if len(rows) != 16 {
		t.Fatalf("select all: %d", len(rows))
	}
}
