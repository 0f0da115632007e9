package snowlocal_test

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fluentd-bad/logs/2022011812_0.gz holds five records: a good one, one whose
// JSON has an Apache \x escape (which Snowflake's default
// ESCAPE_UNENCLOSED_FIELD turns into invalid JSON), one with an impossible
// timestamp, one with two fields instead of three, and a good one.

func setupBadFluentd(t *testing.T) (string, func(string) [][]string, *sql.DB) {
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://bad-bucket/": "file://" + filepath.Join(lake, "fluentd-bad")})
	run(t, db, "create database fluentd",
		"create stage bad_stage url = 's3://bad-bucket/logs/'",
		`create file format fluentd_format type = csv field_delimiter = '\t' compression = gzip`,
		"create table logs(time DATETIME, tag STRING, record VARIANT)")
	q := func(s string) [][]string { _, r := rowsOf(t, db, s); return r }
	return lake, q, db
}

func TestCopyMalformedLinesAbortByDefault(t *testing.T) {
	t.Parallel()
	_, q, db := setupBadFluentd(t)
	se := execErr(t, db, "copy into logs from @bad_stage file_format = (format_name = fluentd_format)")
	for _, want := range []string{"Error parsing JSON", "File '2022011812_0.gz', line 2, character 44", `column "LOGS"["RECORD":3]`, "ON_ERROR"} {
		if !strings.Contains(se.Message, want) {
			t.Fatalf("abort error %q does not mention %q", se.Message, want)
		}
	}
	if se.Number != 100069 {
		t.Fatalf("error code %d, want 100069 (JSON parse)", se.Number)
	}
	// Nothing was loaded, and the failure is in the copy history.
	wantEqual(t, "rows after abort", q("select count(*) from logs"), [][]string{{"0"}})
	wantEqual(t, "history", q(`select file_name, status, row_count, row_parsed, error_count, first_error_line_number, first_error_column_name
		from table(information_schema.copy_history(table_name=>'LOGS', start_time=>dateadd(hours, -1, current_timestamp())))`),
		[][]string{{"2022011812_0.gz", "Load failed", "0", "5", "3", "2", `"LOGS"["RECORD":3]`}})
	// The failed file is not "loaded": a later COPY tries it again.
	se = execErr(t, db, "copy into logs from @bad_stage file_format = (format_name = fluentd_format)")
	if !strings.Contains(se.Message, "Error parsing JSON") {
		t.Fatalf("second COPY: %v", se)
	}
}

func TestCopyMalformedLinesContinueReportsEveryRejectedRecord(t *testing.T) {
	t.Parallel()
	_, q, _ := setupBadFluentd(t)
	rows := q("copy into logs from @bad_stage file_format = (format_name = fluentd_format) on_error = continue")
	wantEqual(t, "COPY result", rows, [][]string{{"s3://bad-bucket/logs/2022011812_0.gz", "PARTIALLY_LOADED", "5", "2", "5", "3",
		rows[0][6], "2", "44", `"LOGS"["RECORD":3]`}})
	if rows[0][6] != "Error parsing JSON: invalid character 'x' in string escape code" {
		t.Fatalf("first_error: %q", rows[0][6])
	}
	wantEqual(t, "loaded hosts", q("select record:host::string from logs order by time"), [][]string{{"203.0.113.7"}, {"203.0.113.7"}})
	// Every rejected record, with its line, column and text (VALIDATE).
	v := q(`select line, column_name, error, rejected_record from table(validate(logs, job_id => '_last')) order by line`)
	if len(v) != 3 {
		t.Fatalf("validate: %q", v)
	}
	wantEqual(t, "rejected lines", [][]string{{v[0][0], v[0][1]}, {v[1][0], v[1][1]}, {v[2][0], v[2][1]}},
		[][]string{{"2", `"LOGS"["RECORD":3]`}, {"3", `"LOGS"["TIME":1]`}, {"4", "<null>"}})
	if v[1][2] != "Timestamp '2022-13-45T99:00:00+00:00' is not recognized" {
		t.Fatalf("timestamp error: %q", v[1][2])
	}
	if !strings.HasPrefix(v[2][2], "Number of columns in file (2) does not match that of the corresponding table (3)") {
		t.Fatalf("column count error: %q", v[2][2])
	}
	if !strings.Contains(v[0][3], `185.220.101.4`) || v[2][3] != "2022-01-18T10:00:20+00:00\ts3.apache.access" {
		t.Fatalf("rejected records: %q", v)
	}
	// A partially loaded file counts as loaded.
	wantEqual(t, "again", q("copy into logs from @bad_stage file_format = (format_name = fluentd_format) on_error = continue"),
		[][]string{{"Copy executed with 0 files processed."}})
	// FORCE reloads it.
	rows = q("copy into logs from @bad_stage file_format = (format_name = fluentd_format) on_error = continue force = true")
	if rows[0][1] != "PARTIALLY_LOADED" || q("select count(*) from logs")[0][0] != "4" {
		t.Fatalf("force: %q", rows)
	}
	// The LOAD_HISTORY view lists the bulk loads.
	lh := q(`select table_name, status, row_count, error_count from information_schema.load_history order by last_load_time`)
	wantEqual(t, "load_history", lh, [][]string{{"LOGS", "PARTIALLY_LOADED", "2", "3"}, {"LOGS", "PARTIALLY_LOADED", "2", "3"}})
}

func TestCopySkipFileVariants(t *testing.T) {
	t.Parallel()
	_, q, _ := setupBadFluentd(t)
	rows := q("copy into logs from @bad_stage file_format = (format_name = fluentd_format) on_error = skip_file")
	if rows[0][1] != "LOAD_FAILED" || rows[0][3] != "0" || rows[0][4] != "1" || rows[0][5] != "3" {
		t.Fatalf("skip_file: %q", rows)
	}
	rows = q("copy into logs from @bad_stage file_format = (format_name = fluentd_format) on_error = 'skip_file_4'")
	if rows[0][1] != "PARTIALLY_LOADED" || rows[0][3] != "2" || rows[0][4] != "4" {
		t.Fatalf("skip_file_4: %q", rows)
	}
}

func TestCopyBadFileFormat(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://b/": "file://" + lake})
	run(t, db, "create database d", "create stage fluentd url='s3://b/fluentd/logs/'", "create table raw(v variant)")
	// Tab-separated lines read as JSON: every record is a parse error; nothing is lost.
	se := execErr(t, db, "copy into raw from @fluentd file_format = (type = json)")
	if !strings.Contains(se.Message, "Error parsing JSON") || !strings.Contains(se.Message, "File '2022011810_0.gz', line 1") {
		t.Fatalf("json over tsv: %v", se)
	}
	_, rows := rowsOf(t, db, "copy into raw from @fluentd file_format = (type = json) on_error = continue")
	for _, r := range rows {
		if r[1] != "LOAD_FAILED" || r[2] != r[5] {
			t.Fatalf("each record is an error: %q", rows)
		}
	}
	// A named format that does not exist, an option that does not exist, a bad value.
	for q, want := range map[string]string{
		"copy into raw from @fluentd file_format = (format_name = nosuch)": "File format 'NOSUCH' does not exist or not authorized.",
		"create file format f type = csv compression = lz4":                "invalid value ['LZ4'] for parameter 'COMPRESSION'",
		"create file format f type = csv strip_outer_array = true":         "File format option 'STRIP_OUTER_ARRAY' is not valid for file format type CSV.",
		"create file format f type = csv field_dlimiter = ','":             "invalid file format option 'FIELD_DLIMITER'",
		"copy into raw from @fluentd file_format = (type = xml)":           "Unsupported feature: loading XML files",
		"create table two(a int, b int)":                                   "",
	} {
		if want == "" {
			run(t, db, q)
			continue
		}
		if se := execErr(t, db, q); !strings.Contains(se.Message, want) {
			t.Fatalf("%s: %q does not say %q", q, se.Message, want)
		}
	}
	// JSON records go to one VARIANT column.
	if se := execErr(t, db, "copy into two from @fluentd file_format = (type = json)"); !strings.Contains(se.Message, "one and only one column of type variant") {
		t.Fatalf("json into two columns: %v", se)
	}
}

func TestCopyMissingStageAndUnmappedURL(t *testing.T) {
	t.Parallel()
	_, db := startLake(t, "", nil)
	run(t, db, "create database d", "create table t(v variant)")
	for q, want := range map[string]string{
		"copy into t from @nosuch":                                    "Stage 'D.PUBLIC.NOSUCH' does not exist or not authorized.",
		"list @nosuch":                                                "Stage 'D.PUBLIC.NOSUCH' does not exist or not authorized.",
		"copy into nosuch from @~":                                    "Table 'D.PUBLIC.NOSUCH' does not exist or not authorized.",
		"create pipe p as copy into t from @nosuch":                   "Stage 'D.PUBLIC.NOSUCH' does not exist or not authorized.",
		"create stage s storage_integration = nosuch url = 's3://x/'": "Integration 'NOSUCH' does not exist or not authorized.",
	} {
		if se := execErr(t, db, q); !strings.Contains(se.Message, want) {
			t.Fatalf("%s: %q does not say %q", q, se.Message, want)
		}
	}
	run(t, db, "create stage unmapped url = 's3://unmapped-bucket/logs/'")
	se := execErr(t, db, "list @unmapped")
	for _, want := range []string{"s3://unmapped-bucket/logs/", "FLURRY_LOCAL_STAGE_MAP", "s3://unmapped-bucket/=file:///"} {
		if !strings.Contains(se.Message, want) {
			t.Fatalf("unmapped: %q does not say %q", se.Message, want)
		}
	}
	// An integration only reaches its allowed locations.
	run(t, db, "create storage integration i type = external_stage storage_provider = s3 enabled = true storage_aws_role_arn = 'arn:aws:iam::1:role/r' storage_allowed_locations = ('s3://ok/logs/')")
	if se := execErr(t, db, "create stage s2 url = 's3://other/logs/' storage_integration = i"); !strings.Contains(se.Message, "URL 's3://other/logs/' is not allowed by integration 'I'") {
		t.Fatalf("allowed locations: %v", se)
	}
}

func TestPipeMalformedFileIsRecordedAndRecoverable(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://tp/": "file://" + filepath.Join(lake, "teleport")})
	run(t, db, "create database logs_db", "create stage landing url = 's3://tp/logs/'",
		"create table parsejson_raw(raw_data variant)",
		"create file format json_format type = json strip_outer_array = true",
		"create pipe p auto_ingest = true as copy into parsejson_raw from @landing file_format = (format_name = json_format)")
	// Fluentd ships a chunk that was cut short: the pipe skips the file (its
	// default ON_ERROR = SKIP_FILE), records why, and goes on with the next one.
	bad, err := os.ReadFile(filepath.Join("..", "testdata", "lake", "teleport-bad", "logs", "2022", "10", "11", "202210111850_0.gz"))
	if err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(filepath.Join(lake, "teleport", "logs", "2022", "10", "11", "202210111832_0.gz"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(lake, "teleport", "logs", "2022", "10", "12")
	os.MkdirAll(dir, 0o755)
	if err := os.WriteFile(filepath.Join(dir, "202210121850_0.gz"), bad, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "202210121900_0.gz"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	hist := `select file_name, status, row_count, error_count, first_error_message, first_error_line_number, pipe_name
		from table(information_schema.copy_history(table_name=>'PARSEJSON_RAW', start_time=>dateadd(hours, -1, current_timestamp()))) order by file_name`
	waitFor(t, "the pipe to handle both files", 15*time.Second, func() (bool, string) {
		_, rows := rowsOf(t, db, hist)
		return len(rows) == 2, strings.Join(column(t, []string{"f", "s", "r", "e", "m", "l", "p"}, rows, "s"), ",")
	})
	_, rows := rowsOf(t, db, hist)
	wantEqual(t, "pipe history", rows, [][]string{
		{"2022/10/12/202210121850_0.gz", "Load failed", "0", "1", "Error parsing JSON: unexpected end of JSON input", "2", "P"},
		{"2022/10/12/202210121900_0.gz", "Loaded", "4", "0", "<null>", "<null>", "P"},
	})
	var st map[string]any
	json.Unmarshal([]byte(scalar(t, db, "select system$pipe_status('p')")), &st)
	if st["executionState"] != "RUNNING" || st["lastIngestedFilePath"] != "2022/10/12/202210121900_0.gz" {
		t.Fatalf("pipe status: %v", st)
	}
	// Its text is sized by nothing: the 128MB fallback (result_length.go),
	// where the engine reported the default 16777216.
	if l := resultLengths(t, db, "select system$pipe_status('p')"); !equalLengths(l, []int64{134217728}) {
		t.Errorf("SYSTEM$PIPE_STATUS length %v, want 134217728", l)
	}
	// The pipe does not retry the failed file by itself...
	time.Sleep(2500 * time.Millisecond)
	_, rows = rowsOf(t, db, hist)
	if len(rows) != 2 {
		t.Fatalf("pipe retried a failed file: %q", rows)
	}
	// ...and its rejected record is kept; loading the file's good records is one COPY away.
	_, v := rowsOf(t, db, "select line, rejected_record from table(validate(parsejson_raw, job_id => '_last'))")
	if len(v) != 1 || v[0][0] != "2" || !strings.Contains(v[0][1], `"user":"dave",`) {
		t.Fatalf("validate: %q", v)
	}
	_, rows = rowsOf(t, db, "copy into parsejson_raw from @landing/2022/10/12/ file_format = (format_name = json_format) on_error = continue")
	wantEqual(t, "recover", [][]string{{rows[0][0], rows[0][1], rows[0][3]}}, [][]string{{"s3://tp/logs/2022/10/12/202210121850_0.gz", "PARTIALLY_LOADED", "1"}})
	wantEqual(t, "events", scalar(t, db, "select count(*) from parsejson_raw"), "5")

	// Drop the table under the pipe: its status says why it stopped.
	run(t, db, "drop table parsejson_raw")
	if err := os.WriteFile(filepath.Join(dir, "202210121910_0.gz"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the pipe to report the missing table", 10*time.Second, func() (bool, string) {
		var st map[string]any
		s := scalar(t, db, "select system$pipe_status('p')")
		json.Unmarshal([]byte(s), &st)
		return st["executionState"] == "STOPPED_MISSING_TABLE" && strings.Contains(st["error"].(string), "PARSEJSON_RAW"), s
	})
}

// SIZE_LIMIT (docs: COPY INTO <table>, copy options): loading stops once the
// data loaded exceeds the limit, and at least one file is loaded — of files
// of 10 MB each, a 25 MB limit loads three per COPY.
func TestCopySizeLimitStopsAfterTheFileThatExceedsIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for i := 1; i <= 5; i++ {
		// Each file is 10 bytes: "a,bbbbbbb\n" plus its digit.
		name := filepath.Join(dir, "f"+strconv.Itoa(i)+".csv")
		if err := os.WriteFile(name, []byte(strconv.Itoa(i)+",bbbbbbb\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, db := startLake(t, "", map[string]string{"s3://sized/": "file://" + dir})
	run(t, db, "create database sized", "create stage s url = 's3://sized/'", "create table t(i int, s string)")
	q := func(s string) [][]string { _, r := rowsOf(t, db, s); return r }
	if got := q("copy into t from @s size_limit = 25"); len(got) != 3 {
		t.Fatalf("first COPY with SIZE_LIMIT = 25 of 10-byte files loaded %d files, want 3: %v", len(got), got)
	}
	if got := q("copy into t from @s size_limit = 1"); len(got) != 1 {
		t.Fatalf("SIZE_LIMIT below one file's size loaded %d files, want 1 (at least one file): %v", len(got), got)
	}
	wantEqual(t, "rows after two limited COPYs", q("select count(*) from t"), [][]string{{"4"}})
	if got := q("copy into t from @s"); len(got) != 1 {
		t.Fatalf("unlimited COPY after them loaded %d files, want the 1 left: %v", len(got), got)
	}
	se := execErr(t, db, "copy into t from @s size_limit = 0 force = true")
	if se.Number != 2023 || !strings.Contains(se.Message, "SIZE_LIMIT") {
		t.Fatalf("SIZE_LIMIT = 0: want 002023 naming SIZE_LIMIT, got %v", se)
	}
}

// With a transformation, a record whose expression fails is an error of its
// own: ON_ERROR = CONTINUE loads the other records (PARTIALLY_LOADED, docs:
// COPY INTO <table>, ON_ERROR), SKIP_FILE_<n> skips the file only at n
// errors, and the default ABORT_STATEMENT loads nothing.
func TestCopyTransformationRecordErrorsAreRowLevel(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	lines := "1,a\nx,b\n3,c\n4,d\ny,e\n6,f\n"
	if err := os.WriteFile(filepath.Join(dir, "n.csv"), []byte(lines), 0o600); err != nil {
		t.Fatal(err)
	}
	_, db := startLake(t, "", map[string]string{"s3://rows/": "file://" + dir})
	run(t, db, "create database rows", "create stage s url = 's3://rows/'", "create table t(i int, s string)")
	q := func(s string) [][]string { _, r := rowsOf(t, db, s); return r }

	se := execErr(t, db, "copy into t from (select $1::int, $2 from @s)")
	if !strings.Contains(se.Message, "'x'") {
		t.Fatalf("ABORT_STATEMENT: want the first bad value named, got %v", se)
	}
	wantEqual(t, "rows after the aborted COPY", q("select count(*) from t"), [][]string{{"0"}})

	got := q("copy into t from (select $1::int, $2 from @s) on_error = skip_file_3")
	if len(got) != 1 || got[0][1] != "PARTIALLY_LOADED" || got[0][2] != "6" || got[0][3] != "4" || got[0][5] != "2" || got[0][7] != "2" {
		t.Fatalf("SKIP_FILE_3 with 2 bad records: want PARTIALLY_LOADED, 6 parsed, 4 loaded, 2 errors, first on line 2; got %v", got)
	}
	wantEqual(t, "rows loaded", q("select i, s from t order by i"), [][]string{{"1", "a"}, {"3", "c"}, {"4", "d"}, {"6", "f"}})

	run(t, db, "truncate table t")
	got = q("copy into t from (select $1::int, $2 from @s) on_error = skip_file_2 force = true")
	if len(got) != 1 || got[0][1] != "LOAD_FAILED" || got[0][3] != "0" {
		t.Fatalf("SKIP_FILE_2 with 2 bad records: want LOAD_FAILED, 0 loaded; got %v", got)
	}
	got = q("copy into t from (select $1::int, $2 from @s) on_error = continue force = true")
	if len(got) != 1 || got[0][1] != "PARTIALLY_LOADED" || got[0][3] != "4" || got[0][5] != "2" {
		t.Fatalf("CONTINUE with 2 bad records: want PARTIALLY_LOADED, 4 loaded, 2 errors; got %v", got)
	}
	wantEqual(t, "rows after CONTINUE", q("select count(*), sum(i) from t"), [][]string{{"4", "14"}})
}
