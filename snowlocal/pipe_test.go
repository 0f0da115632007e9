package snowlocal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/flurry-dev/flurry/internal/s3test"
)

// A file dropped into a piped stage is loaded within seconds; dropping the
// same file again loads nothing; a changed file is loaded again; files that
// arrive while the engine is down are loaded after it restarts, and only
// those.
func TestPipeAutoIngestOncePerFileAcrossRestarts(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	engineDir := t.TempDir()
	stageMap := map[string]string{"s3://fluentd-logs/": "file://" + filepath.Join(lake, "fluentd")}
	srv, db := startLake(t, engineDir, stageMap)
	run(t, db, "create database fluentd",
		"create stage fluentd_stage url = 's3://fluentd-logs/logs/'",
		`create file format fluentd_format type = csv field_delimiter = '\t' compression = gzip`,
		"create table logs(time DATETIME, tag STRING, record VARIANT)",
		"create pipe mypipe auto_ingest = true as copy into logs from @fluentd_stage file_format = (format_name = fluentd_format)")
	count := func() string { return scalar(t, db, "select count(*) from logs") }
	if n := count(); n != "0" {
		t.Fatalf("the pipe loaded files that were there before it: %s rows", n)
	}
	logs := filepath.Join(lake, "fluentd", "logs")
	one, _ := os.ReadFile(filepath.Join(logs, "2022011818_0.gz"))  // 1 record
	ten, _ := os.ReadFile(filepath.Join(logs, "2022011810_0.gz"))  // 10 records
	four, _ := os.ReadFile(filepath.Join(logs, "2022011810_1.gz")) // 4 records
	drop := func(name string, data []byte) {
		t.Helper()
		// Writers put files in place atomically (Fluentd uploads whole objects).
		tmp := filepath.Join(logs, ".tmp-"+name)
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, filepath.Join(logs, name)); err != nil {
			t.Fatal(err)
		}
	}
	waitRows := func(want string) {
		t.Helper()
		waitFor(t, "logs to have "+want+" rows", 15*time.Second, func() (bool, string) { n := count(); return n == want, n })
	}

	start := time.Now()
	drop("2022011900_0.gz", one)
	waitRows("1")
	t.Logf("a dropped file was loaded after %s", time.Since(start).Round(10*time.Millisecond))

	// The same file dropped again (new mtime, same content): not loaded again.
	drop("2022011900_0.gz", one)
	time.Sleep(3 * pipePoll)
	if n := count(); n != "1" {
		t.Fatalf("the same file was loaded twice: %s rows", n)
	}
	// A file whose content changed is a new version: loaded.
	drop("2022011900_0.gz", four)
	waitRows("5")

	// The engine stops; a file arrives meanwhile; the engine restarts.
	db.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	drop("2022011901_0.gz", ten)
	srv2, db2 := startLake(t, engineDir, stageMap)
	_ = srv2
	db = db2
	run(t, db, "use database fluentd")
	waitRows("15")
	time.Sleep(3 * pipePoll)
	if n := count(); n != "15" {
		t.Fatalf("after restart the pipe reloaded files: %s rows", n)
	}
	_, rows := rowsOf(t, db, `select file_name, row_count, pipe_name from table(information_schema.copy_history(table_name=>'LOGS', start_time=>dateadd(hours, -1, current_timestamp()))) order by last_load_time`)
	wantEqual(t, "history", rows, [][]string{{"2022011900_0.gz", "1", "MYPIPE"}, {"2022011900_0.gz", "4", "MYPIPE"}, {"2022011901_0.gz", "10", "MYPIPE"}})

	// Paused, the pipe leaves new files alone; resumed, it loads them.
	run(t, db, "alter pipe mypipe set pipe_execution_paused = true")
	var st map[string]any
	json.Unmarshal([]byte(scalar(t, db, "select system$pipe_status('fluentd.public.mypipe')")), &st)
	if st["executionState"] != "PAUSED" {
		t.Fatalf("status: %v", st)
	}
	drop("2022011902_0.gz", one)
	time.Sleep(3 * pipePoll)
	if n := count(); n != "15" {
		t.Fatalf("a paused pipe loaded a file: %s", n)
	}
	run(t, db, "alter pipe mypipe set pipe_execution_paused = false")
	waitRows("16")

	// Files that were in the stage before the pipe: REFRESH with a PREFIX.
	_, rows = rowsOf(t, db, "alter pipe mypipe refresh prefix = '2022011810'")
	wantEqual(t, "refresh", rows, [][]string{{"2022011810_0.gz", "SENT"}, {"2022011810_1.gz", "SENT"}})
	waitRows("30")
	run(t, db, "drop pipe mypipe")
	drop("2022011903_0.gz", one)
	time.Sleep(3 * pipePoll)
	if n := count(); n != "30" {
		t.Fatalf("a dropped pipe loaded a file: %s", n)
	}
}

const pipePoll = time.Second

// Replacing a table forgets what was loaded into the old one.
func TestCopyIntoReplacedTableLoadsAgain(t *testing.T) {
	t.Parallel()
	lake := lakeDir(t)
	_, db := startLake(t, "", map[string]string{"s3://b/": "file://" + filepath.Join(lake, "fluentd")})
	run(t, db, "create database d", "create stage s url = 's3://b/logs/'",
		"create table logs(time DATETIME, tag STRING, record VARIANT)")
	copyQ := `copy into logs from @s file_format = (type = csv field_delimiter = '\t')`
	if _, rows := rowsOf(t, db, copyQ); len(rows) != 3 {
		t.Fatalf("first load: %q", rows)
	}
	run(t, db, "alter table logs add column extra string")
	if _, rows := rowsOf(t, db, `copy into logs(time, tag, record) from @s file_format = (type = csv field_delimiter = '\t')`); len(rows) != 1 || rows[0][0] != "Copy executed with 0 files processed." {
		t.Fatalf("after ALTER TABLE the files are still loaded: %q", rows)
	}
	run(t, db, "create or replace table logs(time DATETIME, tag STRING, record VARIANT)")
	if _, rows := rowsOf(t, db, copyQ); len(rows) != 3 {
		t.Fatalf("after CREATE OR REPLACE TABLE: %q", rows)
	}
	wantEqual(t, "rows", scalar(t, db, "select count(*) from logs"), "15")
}

// External stages mapped to an S3-compatible server (versitygw), read with
// aws-sdk-go-v2: LIST, COPY and a pipe.
func TestStageMappedToS3Endpoint(t *testing.T) {
	t.Parallel()
	if _, err := s3test.Binary(); err != nil {
		t.Skip(err)
	}
	s3srv := s3test.Start(t, s3test.Options{})
	s3srv.CreateBucket(t, "teleport-audit")
	client := s3srv.Client()
	put := func(key string, body []byte) {
		t.Helper()
		if _, err := client.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String("teleport-audit"), Key: aws.String(key), Body: bytes.NewReader(body)}); err != nil {
			t.Fatal(err)
		}
	}
	lake := lakeDir(t)
	arr, _ := os.ReadFile(filepath.Join(lake, "teleport", "logs", "2022", "10", "11", "events-1830.json"))
	nd, _ := os.ReadFile(filepath.Join(lake, "teleport", "logs", "2022", "10", "11", "202210111832_0.gz"))
	put("logs/2022/10/11/events-1830.json", arr)
	put("other/ignored.json", arr)

	target := strings.Replace(s3srv.URL, "://", "://"+s3srv.AccessKey+":"+s3srv.SecretKey+"@", 1) + "/teleport-audit"
	_, db := startLake(t, "", map[string]string{"s3://fluentd-snowflake-demo/": target})
	run(t, db, "create database logs_db",
		"create storage integration s3_teleport type = external_stage storage_provider = s3 enabled = true storage_aws_role_arn = 'arn:aws:iam::1:role/r' storage_allowed_locations = ('s3://fluentd-snowflake-demo/logs/')",
		"create stage landing storage_integration = s3_teleport url = 's3://fluentd-snowflake-demo/logs/'",
		"create table parsejson_raw(raw_data variant)",
		"create file format json_format type = json strip_outer_array = true")
	_, rows := rowsOf(t, db, "list @landing")
	if len(rows) != 1 || rows[0][0] != "s3://fluentd-snowflake-demo/logs/2022/10/11/events-1830.json" || rows[0][1] != itoa(len(arr)) || len(rows[0][2]) != 32 {
		t.Fatalf("list: %q", rows)
	}
	_, rows = rowsOf(t, db, "copy into parsejson_raw from @landing file_format = (format_name = json_format)")
	if len(rows) != 1 || rows[0][1] != "LOADED" || rows[0][3] != "4" {
		t.Fatalf("copy: %q", rows)
	}
	run(t, db, "create pipe p auto_ingest = true as copy into parsejson_raw from @landing file_format = (format_name = json_format)")
	put("logs/2022/10/11/202210111832_0.gz", nd)
	waitFor(t, "the pipe to load the new object", 15*time.Second, func() (bool, string) {
		n := scalar(t, db, "select count(*) from parsejson_raw")
		return n == "8", n
	})
	// The server goes away: COPY and LIST fail with the endpoint in the message.
	s3srv.Stop(t)
	se := execErr(t, db, "list @landing")
	if !strings.Contains(se.Message, "Failure using stage area") || !strings.Contains(se.Message, s3srv.Addr) {
		t.Fatalf("S3 down: %v", se)
	}
}
