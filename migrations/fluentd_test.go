package migrations

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
)

// tdAgentLines are lines as td-agent's out_s3 writes them with its default
// out_file format: time, TAB, tag, TAB, then Yajl.dump(record)
// (fluentd lib/fluent/plugin/formatter_out_file.rb), whose JSON escapes
// quotes as \" and slashes as \/. Apache's own \" in a logged user agent
// becomes \\\" in the JSON.
var tdAgentLines = []string{
	`2026-11-30T09:15:02+00:00` + "\t" + `td.apache.access` + "\t" +
		`{"host":"203.0.113.9","user":"-","method":"GET","path":"\/search?q=\"union select\"","code":"403","size":"0","referer":"http:\/\/evil.example\/","agent":"Mozilla\/5.0 \\\"quoted\\\""}`,
	`2026-11-30T09:15:03+00:00` + "\t" + `td.apache.access` + "\t" +
		`{"host":"198.51.100.7","user":"-","method":"GET","path":"\/index.html","code":"200","size":"512","referer":"-","agent":"curl\/8.5.0"}`,
}

func gzipLines(t *testing.T, path string, lines []string) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(strings.Join(lines, "\n") + "\n"))
	zw.Close()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// The lake's FLUENTD_FORMAT loads td-agent's own files: the JSON keeps its
// escapes because ESCAPE_UNENCLOSED_FIELD = NONE. With the CSV default (a
// backslash escape character, which the local engine applies as Snowflake
// documents) the same file does not load.
func TestFluentdFormatLoadsTdAgentOutput(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	stages := t.TempDir()
	db, err := warehouse.OpenLocalConfig(ctx, snowlocal.Config{StageMap: map[string]string{
		"s3://acme-security-logs/": "file://" + filepath.ToSlash(stages)}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := InstallLake(ctx, db.DB, Options{Vars: lakeVars(t), Progress: testWriter{t}}); err != nil {
		t.Fatalf("install the lake: %v", err)
	}
	// The pipes would load the file too: this test loads it itself.
	for _, p := range []string{"FLUENTD_PIPE", "AUTOINGST_PARSEJSON", "GO_AUDIT_PIPE"} {
		if _, err := db.Exec("ALTER PIPE SECURITY_LAKE.PUBLIC." + p + " SET PIPE_EXECUTION_PAUSED = TRUE"); err != nil {
			t.Fatal(err)
		}
	}
	gzipLines(t, filepath.Join(stages, "logs", "2026", "11", "30", "td-agent.0.gz"), tdAgentLines)

	// LOGS also has the ingestion metadata columns (V7): name the file's three.
	if _, err := db.Exec(`COPY INTO SECURITY_LAKE.PUBLIC.LOGS (time, tag, record) FROM @SECURITY_LAKE.PUBLIC.FLUENTD_STAGE
  FILE_FORMAT = (FORMAT_NAME = SECURITY_LAKE.PUBLIC.FLUENTD_FORMAT)`); err != nil {
		t.Fatalf("COPY with FLUENTD_FORMAT: %v", err)
	}
	got := queryStrings(t, db.DB, `SELECT record:path::string || ' | ' || record:referer::string || ' | ' || record:agent::string
  FROM SECURITY_LAKE.PUBLIC.LOGS WHERE record:host = '203.0.113.9'`)
	want := `/search?q="union select" | http://evil.example/ | Mozilla/5.0 \"quoted\"`
	if len(got) != 1 || got[0] != want {
		t.Fatalf("loaded %q\nwant     %q", got, want)
	}
	if n := queryStrings(t, db.DB, "SELECT COUNT(*) FROM SECURITY_LAKE.PUBLIC.LOGS"); n[0] != "2" {
		t.Fatalf("%s rows, want 2", n[0])
	}

	// The guide's format without ESCAPE_UNENCLOSED_FIELD = NONE: the reader
	// drops the JSON's backslashes and the file fails to load.
	if _, err := db.Exec(`CREATE FILE FORMAT SECURITY_LAKE.PUBLIC.FLUENTD_DEFAULT_ESCAPE
  TYPE = CSV FIELD_DELIMITER = '\t' COMPRESSION = GZIP`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("CREATE TABLE SECURITY_LAKE.PUBLIC.LOGS_DEFAULT_ESCAPE (time DATETIME, tag STRING, record VARIANT)"); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`COPY INTO SECURITY_LAKE.PUBLIC.LOGS_DEFAULT_ESCAPE FROM @SECURITY_LAKE.PUBLIC.FLUENTD_STAGE
  FILE_FORMAT = (FORMAT_NAME = SECURITY_LAKE.PUBLIC.FLUENTD_DEFAULT_ESCAPE)`)
	if err == nil {
		rows := queryStrings(t, db.DB, "SELECT record:path::string FROM SECURITY_LAKE.PUBLIC.LOGS_DEFAULT_ESCAPE WHERE record:host = '203.0.113.9'")
		t.Fatalf("td-agent's file loaded with the default escape character: %q", rows)
	}
	if !strings.Contains(err.Error(), "td-agent.0.gz") {
		t.Fatalf("the load error does not name the file: %v", err)
	}
}
