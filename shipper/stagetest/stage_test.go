// Package stagetest ships logs into Snowflake internal stages of the local
// engine through gosnowflake (PUT, then COPY INTO or ALTER PIPE ... REFRESH)
// and queries the loaded rows. It is its own package so that the shipper's
// own tests do not link the engine.
package stagetest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/shipper"
	"github.com/flurry-dev/flurry/warehouse"
)

func openLocal(t *testing.T) *warehouse.DB {
	t.Helper()
	// The engine serves until Close (or ctx ends).
	db, err := warehouse.OpenLocal(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func queryInt(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

func run(t *testing.T, db *sql.DB, config string) {
	t.Helper()
	cfg, err := shipper.ParseConfig("stage.toml", []byte(config))
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	err = shipper.Run(ctx, cfg, shipper.RunOptions{
		Once:   true,
		Logger: log,
		Snowflake: func(ctx context.Context, target string) (*sql.DB, error) {
			if target != "" {
				return nil, fmt.Errorf("unknown target %q", target)
			}
			return db, nil
		},
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestTeleportIntoStageWithCopy is the Teleport guide without S3: events
// are PUT into an internal stage and loaded with COPY INTO.
func TestTeleportIntoStageWithCopy(t *testing.T) {
	db := openLocal(t)
	exec(t, db.DB,
		"CREATE DATABASE LOGS_DB",
		"CREATE TABLE LOGS_DB.PUBLIC.PARSEJSON_RAW(raw_data VARIANT)",
		"CREATE FILE FORMAT LOGS_DB.PUBLIC.JSON_FORMAT TYPE = JSON STRIP_OUTER_ARRAY = TRUE",
		"CREATE STAGE LOGS_DB.PUBLIC.TELEPORT_STAGE",
	)
	logs, _ := filepath.Abs("../../testdata/logs/teleport.log")
	dir := t.TempDir()
	run(t, db.DB, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "teleport.events"
parser = "json"
[[output]]
url = "snowflake://@LOGS_DB.PUBLIC.TELEPORT_STAGE/events/"
timekey = "1h"
[output.snowflake]
copy_into = "LOGS_DB.PUBLIC.PARSEJSON_RAW"
file_format = "LOGS_DB.PUBLIC.JSON_FORMAT"
`, filepath.Join(dir, "spool"), logs))

	// 9 lines: 8 events and one truncated line shipped with parse_error.
	if n := queryInt(t, db.DB, "SELECT COUNT(*) FROM LOGS_DB.PUBLIC.PARSEJSON_RAW"); n != 9 {
		t.Errorf("%d rows loaded, want 9", n)
	}
	if n := queryInt(t, db.DB, "SELECT COUNT(*) FROM LOGS_DB.PUBLIC.PARSEJSON_RAW WHERE raw_data['success']='false'"); n != 2 {
		t.Errorf("%d failed events (the guide's query), want 2", n)
	}
	if n := queryInt(t, db.DB, "SELECT COUNT(*) FROM LOGS_DB.PUBLIC.PARSEJSON_RAW WHERE raw_data:parse_error IS NOT NULL"); n != 1 {
		t.Errorf("%d rows with parse_error, want 1", n)
	}
	rows, err := db.QueryContext(context.Background(), "LIST @LOGS_DB.PUBLIC.TELEPORT_STAGE")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	files := 0
	for rows.Next() {
		var name, md5, modified string
		var size int64
		if err := rows.Scan(&name, &size, &md5, &modified); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(name, "events/") || !strings.HasSuffix(name, ".gz") {
			t.Errorf("staged file %q", name)
		}
		files++
	}
	if files == 0 {
		t.Error("nothing staged")
	}
}

// TestApacheIntoStageWithPipe is the Fluentd guide without S3 and SQS:
// time<TAB>tag<TAB>record files are PUT into a stage and the guide's pipe is
// refreshed.
func TestApacheIntoStageWithPipe(t *testing.T) {
	db := openLocal(t)
	exec(t, db.DB,
		"CREATE DATABASE FLUENTD",
		"CREATE STAGE FLUENTD.PUBLIC.FLUENTD_STAGE",
		`CREATE FILE FORMAT FLUENTD.PUBLIC.FLUENTD_FORMAT TYPE = CSV FIELD_DELIMITER = '\t' ESCAPE_UNENCLOSED_FIELD = NONE COMPRESSION = GZIP`,
		"CREATE TABLE FLUENTD.PUBLIC.LOGS(time DATETIME, tag STRING, record VARIANT)",
		`CREATE PIPE FLUENTD.PUBLIC.MYPIPE AUTO_INGEST = TRUE AS
  COPY INTO FLUENTD.PUBLIC.LOGS FROM @FLUENTD.PUBLIC.FLUENTD_STAGE FILE_FORMAT = FLUENTD.PUBLIC.FLUENTD_FORMAT`,
	)
	logs, _ := filepath.Abs("../../testdata/logs/apache_combined.log")
	dir := t.TempDir()
	run(t, db.DB, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "s3.apache.access"
parser = "apache2"
[[output]]
url = "snowflake://@FLUENTD.PUBLIC.FLUENTD_STAGE/logs"
format = "fluentd"
[output.snowflake]
pipe = "FLUENTD.PUBLIC.MYPIPE"
`, filepath.Join(dir, "spool"), logs))

	if n := queryInt(t, db.DB, "SELECT COUNT(*) FROM FLUENTD.PUBLIC.LOGS"); n != 21 {
		t.Errorf("%d rows, want the fixture's 21 lines", n)
	}
	// The guide's dashboard query fields.
	if n := queryInt(t, db.DB, "SELECT COUNT(*) FROM FLUENTD.PUBLIC.LOGS WHERE RECORD:code = 404 AND tag = 's3.apache.access'"); n != 2 {
		t.Errorf("%d rows with code 404, want 2", n)
	}
	if n := queryInt(t, db.DB, "SELECT COUNT(*) FROM FLUENTD.PUBLIC.LOGS WHERE time = '2013-02-28 03:00:00'::timestamp_ntz"); n != 1 {
		t.Errorf("the 28/Feb/2013:12:00:00 +0900 line: %d rows at 2013-02-28 03:00:00 UTC", n)
	}
	// Backslashes survive the CSV reader (the lake's format reads them as
	// data: ESCAPE_UNENCLOSED_FIELD = NONE).
	var agent, method string
	err := db.QueryRowContext(context.Background(), `SELECT RECORD:agent::string FROM FLUENTD.PUBLIC.LOGS WHERE RECORD:path = '/quoted'`).Scan(&agent)
	if err != nil || agent != `Mozilla/5.0 \"quoted\" agent` {
		t.Errorf("agent %q, %v", agent, err)
	}
	err = db.QueryRowContext(context.Background(), `SELECT RECORD:method::string FROM FLUENTD.PUBLIC.LOGS WHERE RECORD:host = '185.220.101.4'`).Scan(&method)
	if err != nil || method != `\x16\x03\x01\x02` {
		t.Errorf("method %q, %v", method, err)
	}
}

// TestZstdIntoStageWithCopy ships zstd objects (compression = "zstd") and
// loads them with a file format left at COMPRESSION = AUTO, as Snowflake
// detects ZSTD; the staged files end in .zst.
func TestZstdIntoStageWithCopy(t *testing.T) {
	db := openLocal(t)
	exec(t, db.DB,
		"CREATE DATABASE LOGS_DB",
		"CREATE TABLE LOGS_DB.PUBLIC.RAW(raw_data VARIANT)",
		"CREATE FILE FORMAT LOGS_DB.PUBLIC.JSON_AUTO TYPE = JSON COMPRESSION = AUTO",
		"CREATE STAGE LOGS_DB.PUBLIC.ZSTD_STAGE",
	)
	logs, _ := filepath.Abs("../../testdata/logs/teleport.log")
	dir := t.TempDir()
	run(t, db.DB, fmt.Sprintf(`
spool_dir = %q
compression = "zstd"
compression_level = 3
[[source]]
paths = [%q]
tag = "teleport.events"
parser = "json"
[[output]]
url = "snowflake://@LOGS_DB.PUBLIC.ZSTD_STAGE/events/"
[output.snowflake]
copy_into = "LOGS_DB.PUBLIC.RAW"
file_format = "LOGS_DB.PUBLIC.JSON_AUTO"
`, filepath.Join(dir, "spool"), logs))
	if n := queryInt(t, db.DB, "SELECT COUNT(*) FROM LOGS_DB.PUBLIC.RAW"); n != 9 {
		t.Errorf("%d rows loaded from zstd objects, want the fixture's 9 lines", n)
	}
	if n := queryInt(t, db.DB, "SELECT COUNT(*) FROM LOGS_DB.PUBLIC.RAW WHERE raw_data['success']='false'"); n != 2 {
		t.Errorf("%d failed events, want 2", n)
	}
	rows, err := db.QueryContext(context.Background(), "LIST @LOGS_DB.PUBLIC.ZSTD_STAGE")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, md5, modified string
		var size int64
		if err := rows.Scan(&name, &size, &md5, &modified); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(name, ".zst") {
			t.Errorf("staged file %q: want .zst", name)
		}
	}
}
