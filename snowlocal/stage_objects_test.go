package snowlocal_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestIntegrationsShowAlterDrop(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://b/": "file://" + lake})
	run(t, db, "create database d",
		"create storage integration s3_int type = external_stage storage_provider = 's3' enabled = true storage_aws_role_arn = 'arn:aws:iam::1:role/r' storage_allowed_locations = ('s3://b/fluentd/', 's3://b/teleport/') storage_blocked_locations = ('s3://b/fluentd/private/') comment = 'lake'",
		"create stage s url = 's3://b/fluentd/logs/' storage_integration = s3_int")
	cols, rows := rowsOf(t, db, "show integrations")
	wantEqual(t, "SHOW INTEGRATIONS", [][]string{cols, rows[0][:5]}, [][]string{
		{"name", "type", "category", "enabled", "comment", "created_on"}, {"S3_INT", "EXTERNAL_STAGE", "STORAGE", "true", "lake"}})
	_, rows = rowsOf(t, db, "desc integration s3_int")
	props := byName(rows, 0, 2)
	wantEqual(t, "lists", []string{props["STORAGE_ALLOWED_LOCATIONS"], props["STORAGE_BLOCKED_LOCATIONS"]},
		[]string{"s3://b/fluentd/,s3://b/teleport/", "s3://b/fluentd/private/"})
	user := props["STORAGE_AWS_IAM_USER_ARN"]
	// The IAM user is the account's: the same for every integration.
	run(t, db, "create storage integration other type = external_stage storage_provider = s3 enabled = true storage_aws_role_arn = 'arn:aws:iam::1:role/r2' storage_allowed_locations = ('*')")
	_, rows = rowsOf(t, db, "describe storage integration other")
	if got := byName(rows, 0, 2); got["STORAGE_AWS_IAM_USER_ARN"] != user || got["STORAGE_AWS_EXTERNAL_ID"] == props["STORAGE_AWS_EXTERNAL_ID"] {
		t.Fatalf("second integration: %q", got)
	}
	if se := execErr(t, db, "create stage blocked url = 's3://b/fluentd/private/x/' storage_integration = s3_int"); !strings.Contains(se.Message, "is not allowed by integration") {
		t.Fatalf("blocked location: %v", se)
	}
	// A disabled integration cannot be used.
	run(t, db, "alter storage integration s3_int set enabled = false")
	if se := execErr(t, db, "list @s"); !strings.Contains(se.Message, "Integration 'S3_INT' is disabled") {
		t.Fatalf("disabled: %v", se)
	}
	run(t, db, "alter integration s3_int set enabled = true", "list @s")
	if se := execErr(t, db, "create storage integration s3_int type = external_stage storage_provider = s3 storage_allowed_locations = ('*')"); se.Number != 2002 {
		t.Fatalf("create existing: %v", se)
	}
	run(t, db, "drop integration other", "drop integration if exists other", "drop storage integration s3_int")
	if se := execErr(t, db, "desc integration s3_int"); !strings.Contains(se.Message, "Integration 'S3_INT' does not exist") {
		t.Fatalf("dropped: %v", se)
	}
	// The stage now names an integration that is gone.
	if se := execErr(t, db, "list @s"); !strings.Contains(se.Message, "Integration 'S3_INT' does not exist") {
		t.Fatalf("stage without its integration: %v", se)
	}
}

func TestFileFormatsShowDescDrop(t *testing.T) {
	t.Parallel()
	_, db := startLake(t, "", nil)
	run(t, db, "create database d", "create schema other",
		`create or replace file format public.fluentd_format type = csv field_delimiter = '\t' compression=gzip comment = 'fluentd out_s3'`,
		"create file format if not exists public.json_format type = json strip_outer_array = true",
		"create file format if not exists public.json_format type = csv", // exists: unchanged
		"create file format other.pq type = parquet")
	_, rows := rowsOf(t, db, "desc file format public.fluentd_format")
	props := byName(rows, 0, 2)
	wantEqual(t, "DESC FILE FORMAT", []string{props["TYPE"], props["FIELD_DELIMITER"], props["RECORD_DELIMITER"], props["COMPRESSION"],
		props["ESCAPE_UNENCLOSED_FIELD"], props["NULL_IF"], props["SKIP_HEADER"]}, []string{"CSV", `\t`, `\n`, "GZIP", `\\`, `[\\N]`, "0"})
	_, rows = rowsOf(t, db, "desc file format public.json_format")
	if p := byName(rows, 0, 2); p["TYPE"] != "JSON" || p["STRIP_OUTER_ARRAY"] != "true" || p["FIELD_DELIMITER"] != "" {
		t.Fatalf("json format: %q", rows)
	}
	// A backslash prints doubled, and a JSON or PARQUET format's NULL_IF
	// starts empty while its default column reads [\\N] (docs, DESCRIBE
	// FILE FORMAT and DESCRIBE STAGE; mlorek/frostlake's account-measured
	// FileFormatSurfaces.java).
	for _, name := range []string{"public.json_format", "other.pq"} {
		_, rows = rowsOf(t, db, "desc file format "+name)
		if v, d := byName(rows, 0, 2)["NULL_IF"], byName(rows, 0, 3)["NULL_IF"]; v != "[]" || d != `[\\N]` {
			t.Errorf("%s NULL_IF = %q default %q, want [] and [\\\\N]", name, v, d)
		}
	}
	cols, rows := rowsOf(t, db, "show file formats in schema public")
	wantEqual(t, "names", column(t, cols, rows, "name"), []string{"FLUENTD_FORMAT", "JSON_FORMAT"})
	var opts map[string]any
	if err := json.Unmarshal([]byte(column(t, cols, rows, "format_options")[0]), &opts); err != nil || opts["FIELD_DELIMITER"] != "\t" || opts["SKIP_HEADER"] != 0.0 {
		t.Fatalf("format_options: %v %v", opts, err)
	}
	wantEqual(t, "comment", column(t, cols, rows, "comment")[0], "fluentd out_s3")
	_, rows = rowsOf(t, db, "show file formats like '%PQ%' in database d")
	if len(rows) != 1 || rows[0][1] != "PQ" || rows[0][3] != "OTHER" || rows[0][4] != "PARQUET" {
		t.Fatalf("show like: %q", rows)
	}
	run(t, db, "alter file format public.json_format set strip_outer_array = false")
	_, rows = rowsOf(t, db, "desc file format public.json_format")
	if byName(rows, 0, 2)["STRIP_OUTER_ARRAY"] != "false" {
		t.Fatalf("after ALTER: %q", rows)
	}
	run(t, db, "drop file format public.json_format", "drop file format if exists public.json_format")
	if se := execErr(t, db, "drop file format public.json_format"); !strings.Contains(se.Message, "does not exist") {
		t.Fatalf("drop missing: %v", se)
	}
}

func TestStagesDescribeAndDefaultFileFormat(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://b/": "file://" + lake})
	run(t, db, "create database d",
		"create stage teleport url = 's3://b/teleport/logs/' file_format = (type = json strip_outer_array = true) comment = 'audit'",
		"create file format fluentd_format type = csv field_delimiter = '\t'",
		"create stage fluentd url = 's3://b/fluentd/logs' file_format = fluentd_format",
		"create table events(v variant)", "create table logs(time DATETIME, tag STRING, record VARIANT)")
	_, rows := rowsOf(t, db, "desc stage teleport")
	got := map[string]string{}
	for _, r := range rows {
		got[r[0]+"."+r[1]] = r[3]
	}
	wantEqual(t, "DESC STAGE", []string{got["STAGE_FILE_FORMAT.TYPE"], got["STAGE_FILE_FORMAT.STRIP_OUTER_ARRAY"], got["STAGE_LOCATION.URL"], got["STAGE_COPY_OPTIONS.ON_ERROR"]},
		[]string{"JSON", "true", `["s3://b/teleport/logs/"]`, "abort_statement"})
	// COPY without FILE_FORMAT uses the stage's (inline or named).
	_, rows = rowsOf(t, db, "copy into events from @teleport")
	if len(rows) != 2 || scalar(t, db, "select count(*) from events") != "8" {
		t.Fatalf("stage format: %q", rows)
	}
	// A URL without a trailing slash is a key prefix.
	_, rows = rowsOf(t, db, "copy into logs from @fluentd pattern = '.*10_[0-9][.]gz'")
	if len(rows) != 2 || scalar(t, db, "select count(*) from logs") != "14" {
		t.Fatalf("named stage format with pattern: %q", rows)
	}
	// FILES names files under the FROM path.
	_, rows = rowsOf(t, db, "copy into logs from @fluentd files = ('2022011818_0.gz')")
	if len(rows) != 1 || rows[0][3] != "1" {
		t.Fatalf("files: %q", rows)
	}
	if se := execErr(t, db, "copy into logs from @fluentd files = ('nosuch.gz')"); !strings.Contains(se.Message, "Remote file 's3://b/fluentd/logs/nosuch.gz' was not found") {
		t.Fatalf("missing FILES entry: %v", se)
	}
	_, rows = rowsOf(t, db, "show stages like 'TELE%'")
	if len(rows) != 1 || rows[0][4] != "s3://b/teleport/logs/" || rows[0][10] != "EXTERNAL" || rows[0][8] != "audit" {
		t.Fatalf("show stages: %q", rows)
	}
	run(t, db, "alter stage teleport set comment = 'changed'", "alter stage teleport rename to teleport2")
	if _, rows = rowsOf(t, db, "show stages like 'TELE%'"); len(rows) != 1 || rows[0][1] != "TELEPORT2" || rows[0][8] != "changed" {
		t.Fatalf("after ALTER: %q", rows)
	}
	run(t, db, "drop stage teleport2", "drop stage if exists teleport2")
	if se := execErr(t, db, "desc stage teleport2"); !strings.Contains(se.Message, "Stage 'D.PUBLIC.TELEPORT2' does not exist") {
		t.Fatalf("dropped: %v", se)
	}
}

func TestPipesDescribeAndValidate(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://b/": "file://" + filepath.Join(lake, "fluentd")})
	run(t, db, "create database d", "create stage s url = 's3://b/logs/'", "create table logs(time DATETIME, tag STRING, record VARIANT)",
		`create pipe p comment = 'fluentd' as copy into logs from @s file_format = (type = csv field_delimiter = '\t')`)
	cols, rows := rowsOf(t, db, "desc pipe p")
	if len(rows) != 1 || column(t, cols, rows, "notification_channel")[0] != "<null>" || column(t, cols, rows, "comment")[0] != "fluentd" ||
		!strings.HasPrefix(column(t, cols, rows, "definition")[0], "copy into logs from @s") {
		t.Fatalf("desc pipe (not auto-ingest): %q", rows)
	}
	for q, want := range map[string]string{
		"create pipe p2 as copy into logs from @s files = ('a')":        "Copy option FILES is not supported for pipes.",
		"create pipe p2 as select 1":                                    "must be a COPY INTO <table> statement",
		"create pipe p2 as copy into nosuch from @s":                    "Table 'D.PUBLIC.NOSUCH' does not exist",
		"create pipe p2 as copy into logs from @s file_format = nosuch": "File format 'NOSUCH' does not exist",
		"create pipe p as copy into logs from @s":                       "already exists",
		"alter pipe p set auto_ingest = true":                           "ALTER PIPE cannot set AUTO_INGEST",
		"alter pipe nosuch refresh":                                     "Pipe 'D.PUBLIC.NOSUCH' does not exist",
	} {
		if se := execErr(t, db, q); !strings.Contains(se.Message, want) {
			t.Fatalf("%s: %q does not say %q", q, se.Message, want)
		}
	}
	// A pipe without auto-ingest loads on REFRESH only.
	_, rows = rowsOf(t, db, "alter pipe p refresh")
	if len(rows) != 3 || scalar(t, db, "select count(*) from logs") != "15" {
		t.Fatalf("refresh: %q", rows)
	}
	run(t, db, "drop pipe p", "drop pipe if exists p")
	if _, rows = rowsOf(t, db, "show pipes"); len(rows) != 0 {
		t.Fatalf("show pipes after drop: %q", rows)
	}
}
