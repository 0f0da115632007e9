package snowlocal_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// PUT goes through gosnowflake's own file transfer (the engine answers with
// a LOCAL_FS location, as Snowflake answers with a bucket).
func TestPutListCopyGetRemoveInternalStages(t *testing.T) {
	t.Parallel()
	engineDir := t.TempDir()
	_, db := startLake(t, engineDir, nil)
	src := t.TempDir()
	csvPath := filepath.Join(src, "people.csv")
	if err := os.WriteFile(csvPath, []byte("id,name\n1,alice\n2,bob\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, db, "create database d", "create stage int_stage comment = 'uploads'",
		"create file format csvf type = csv skip_header = 1", "create table people(id int, name string)")

	cols, rows := rowsOf(t, db, "PUT file://"+csvPath+" @int_stage/in/")
	wantEqual(t, "PUT columns", cols, []string{"source", "target", "source_size", "target_size", "source_compression", "target_compression", "status", "message"})
	if len(rows) != 1 || rows[0][0] != csvPath || rows[0][1] != "people.csv.gz" || rows[0][5] != "GZIP" || rows[0][6] != "UPLOADED" {
		t.Fatalf("PUT: %q", rows)
	}
	// Without OVERWRITE an existing file is skipped; with it, replaced.
	_, rows = rowsOf(t, db, "PUT file://"+csvPath+" @int_stage/in/")
	if rows[0][6] != "SKIPPED" {
		t.Fatalf("second PUT: %q", rows)
	}
	_, rows = rowsOf(t, db, "put 'file://"+csvPath+"' @int_stage/in/ overwrite = true auto_compress = true")
	if rows[0][6] != "UPLOADED" {
		t.Fatalf("PUT OVERWRITE: %q", rows)
	}
	_, rows = rowsOf(t, db, "list @int_stage")
	if len(rows) != 1 || rows[0][0] != "int_stage/in/people.csv.gz" || len(rows[0][2]) != 32 {
		t.Fatalf("LIST: %q", rows)
	}
	_, rows = rowsOf(t, db, "show stages")
	if len(rows) != 1 || rows[0][1] != "INT_STAGE" || rows[0][10] != "INTERNAL" || rows[0][8] != "uploads" {
		t.Fatalf("SHOW STAGES: %q", rows)
	}

	// Staged files can be queried, and loaded.
	_, rows = rowsOf(t, db, "select $1, $2, metadata$filename, metadata$file_row_number from @int_stage/in/ (file_format => 'csvf') order by 1")
	wantEqual(t, "query the stage", rows, [][]string{{"1", "alice", "in/people.csv.gz", "1"}, {"2", "bob", "in/people.csv.gz", "2"}})
	_, rows = rowsOf(t, db, "copy into people from @int_stage/in file_format = (format_name = csvf)")
	if len(rows) != 1 || rows[0][0] != "int_stage/in/people.csv.gz" || rows[0][3] != "2" {
		t.Fatalf("COPY: %q", rows)
	}
	_, rows = rowsOf(t, db, "select id, name from people order by id")
	wantEqual(t, "people", rows, [][]string{{"1", "alice"}, {"2", "bob"}})

	// GET: gosnowflake cannot download from a local stage; the error says
	// where the files are (under the engine's directory).
	se := execErr(t, db, "GET @int_stage/in/ file://"+t.TempDir()+"/")
	if !strings.Contains(se.Message, "GET from the local engine is not supported by gosnowflake") || !strings.Contains(se.Message, filepath.Join(engineDir, "stages", "D", "PUBLIC", "INT_STAGE", "in")) {
		t.Fatalf("GET: %v", se)
	}

	// User and table stages.
	run(t, db, "put file://"+csvPath+" @~/staged/ auto_compress = false")
	_, rows = rowsOf(t, db, "ls @~")
	if len(rows) != 1 || rows[0][0] != "staged/people.csv" {
		t.Fatalf("LIST @~: %q", rows)
	}
	run(t, db, "put file://"+csvPath+" @%people")
	_, rows = rowsOf(t, db, "copy into people file_format = (type = csv skip_header = 1)")
	if rows[0][1] != "LOADED" || scalar(t, db, "select count(*) from people") != "4" {
		t.Fatalf("COPY from the table stage: %q", rows)
	}

	// REMOVE with a pattern.
	_, rows = rowsOf(t, db, "remove @int_stage pattern = '.*people[.]csv[.]gz'")
	wantEqual(t, "REMOVE", rows, [][]string{{"int_stage/in/people.csv.gz", "removed"}})
	_, rows = rowsOf(t, db, "list @int_stage")
	if len(rows) != 0 {
		t.Fatalf("LIST after REMOVE: %q", rows)
	}
	// Dropping an internal stage drops its files.
	run(t, db, "put file://"+csvPath+" @int_stage", "drop stage int_stage", "create stage int_stage")
	if _, rows = rowsOf(t, db, "list @int_stage"); len(rows) != 0 {
		t.Fatalf("files survived DROP STAGE: %q", rows)
	}
}

func TestStagePathsCannotLeaveTheStage(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	bucket := filepath.Join(root, "bucket")
	secret := filepath.Join(root, "secret")
	os.MkdirAll(filepath.Join(bucket, "logs"), 0o755)
	os.MkdirAll(secret, 0o755)
	os.WriteFile(filepath.Join(secret, "passwd"), []byte("root:x:0:0\n"), 0o644)
	os.WriteFile(filepath.Join(bucket, "logs", "ok.txt"), []byte("hello\n"), 0o644)
	os.WriteFile(filepath.Join(bucket, "outside.txt"), []byte("not in the stage\n"), 0o644)
	// Links out of the mapped directory are not followed; a link inside is.
	if err := os.Symlink(filepath.Join(secret, "passwd"), filepath.Join(bucket, "logs", "passwd")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(bucket, "logs", "secretdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ok.txt", filepath.Join(bucket, "logs", "alias.txt")); err != nil {
		t.Fatal(err)
	}
	_, db := startLake(t, "", map[string]string{"s3://b/": "file://" + bucket})
	run(t, db, "create database d", "create stage s url = 's3://b/logs/'", "create stage internal", "create table t(line string)",
		"create file format lines type = csv field_delimiter = none")
	_, rows := rowsOf(t, db, "list @s")
	var names []string
	for _, r := range rows {
		names = append(names, r[0])
	}
	wantEqual(t, "LIST", names, []string{"s3://b/logs/alias.txt", "s3://b/logs/ok.txt"})
	for _, q := range []string{
		"list @s/../",
		"list @s/a/../../outside.txt",
		"copy into t from @s/../ file_format = (format_name = lines)",
		"copy into t from @s files = ('../outside.txt') file_format = (format_name = lines)",
		"copy into t from @s files = ('passwd') file_format = (format_name = lines)",
		"put file:///etc/hostname @internal/../../",
		"remove @s/../outside.txt",
		"select $1 from @s/../ (file_format => lines)",
	} {
		se := execErr(t, db, q)
		if !strings.Contains(se.Message, "'..' is not allowed") && !strings.Contains(se.Message, "was not found") {
			t.Fatalf("%s: %q", q, se.Message)
		}
	}
	_, rows = rowsOf(t, db, "copy into t from @s file_format = (format_name = lines)")
	if len(rows) != 2 || scalar(t, db, "select count(*) from t where line = 'root:x:0:0'") != "0" {
		t.Fatalf("COPY: %q", rows)
	}
	if b, _ := os.ReadFile(filepath.Join(bucket, "outside.txt")); !bytes.Equal(b, []byte("not in the stage\n")) {
		t.Fatal("a file outside the stage was changed")
	}
}

// An in-memory engine keeps internal stages in a temp dir it removes on Close.
func TestInMemoryEngineRemovesItsStagesOnClose(t *testing.T) {
	t.Parallel()
	srv, db := startLake(t, "", nil)
	src := filepath.Join(t.TempDir(), "f.csv")
	os.WriteFile(src, []byte("1\n"), 0o644)
	run(t, db, "create database d", "create stage s", "put file://"+src+" @s")
	se := execErr(t, db, "get @s file://"+t.TempDir())
	i := strings.Index(se.Message, "are in ")
	if i < 0 {
		t.Fatalf("GET: %v", se)
	}
	dir := strings.TrimSpace(se.Message[i+len("are in "):])
	if _, err := os.Stat(filepath.Join(dir, "f.csv.gz")); err != nil {
		t.Fatalf("staged file: %v", err)
	}
	db.Close()
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("%s survived Close: %v", dir, err)
	}
}
