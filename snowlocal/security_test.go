package snowlocal_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/flurry-dev/flurry/snowlocal"
)

// Finding 1 of issue 12: a logged-in client must not read host files
// through DuckDB's file functions, nor change DuckDB's configuration.
func TestClientSQLCannotReachHostFiles(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sec_files")
	secret := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(secret, []byte("k,v\nhost-secret,42\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	lit := "'" + secret + "'"
	for _, q := range []string{
		"select * from read_text(" + lit + ")",
		"select * from read_csv(" + lit + ")",
		"select * from read_blob(" + lit + ")",
		"select * from glob(" + lit + ")",
		`select * from "` + secret + `"`,
		"select * from " + lit,
		"copy (select 1) to " + quoteDir(t.TempDir()),
		"attach " + quoteDir(filepath.Join(t.TempDir(), "x.duckdb")) + " as x",
		"install httpfs",
		"load httpfs",
		"set enable_external_access = true",
		"set lock_configuration = false",
	} {
		rows, err := db.Query(q)
		if err == nil {
			var got []string
			cols, _ := rows.Columns()
			for rows.Next() {
				vals := make([]any, len(cols))
				ptrs := make([]any, len(cols))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				rows.Scan(ptrs...)
				for _, v := range vals {
					got = append(got, toString(v))
				}
			}
			err = rows.Err()
			rows.Close()
			if strings.Contains(strings.Join(got, " "), "host-secret") {
				t.Errorf("%s read the host file: %v", q, got)
				continue
			}
			if err == nil && !strings.HasPrefix(q, "set ") {
				t.Errorf("%s: want an error, got rows %v", q, got)
			}
		}
	}
	// A quoted path is a name Snowflake does not know: its error, not DuckDB's.
	_, err := db.Exec(`select * from "` + secret + `"`)
	if err == nil || !strings.Contains(err.Error(), "002003") || !strings.Contains(err.Error(), "does not exist or not authorized") {
		t.Errorf("quoted path: %v, want Snowflake's 002003", err)
	}
	// The SETs above changed nothing DuckDB enforces.
	var v string
	if err := db.QueryRow("select * from read_text(" + lit + ")").Scan(&v); err == nil {
		t.Errorf("after SET, read_text still reads the host file: %q", v)
	}
}

func quoteDir(p string) string { return "'" + strings.ReplaceAll(p, "'", "''") + "'" }

func toString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}

// Finding 2: on a served engine, creating a Python function (whose body
// runs as the server's user) needs AllowPython (`local serve --allow-python`).
func TestPythonFunctionsNeedAllowPython(t *testing.T) {
	const create = `create function d.public.probe(x varchar) returns table (v varchar) language python
runtime_version = '3.11' handler = 'Probe' as $$
import subprocess
class Probe:
    def process(self, x):
        yield (subprocess.run(["id"], capture_output=True, text=True).stdout,)
$$`
	for _, allow := range []bool{false, true} {
		srv, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "flurry", Password: "pw", AllowPython: allow})
		if err != nil {
			t.Fatal(err)
		}
		defer srv.Close()
		db := connect(t, srv)
		mustExec(t, db, "create database d")
		_, err = db.Exec(create)
		switch {
		case !allow && (err == nil || !strings.Contains(err.Error(), "--allow-python")):
			t.Errorf("without AllowPython: CREATE FUNCTION ... LANGUAGE PYTHON = %v, want refused", err)
		case allow && err != nil:
			t.Errorf("with AllowPython: %v", err)
		}
	}
}

// TestExternalAccessStaysOff: below the rewriter, on DuckDB itself, external
// access cannot be turned back on once the engine locked it down (the
// configuration is not locked as a whole: sessions set their TIMEZONE).
func TestExternalAccessStaysOff(t *testing.T) {
	srv, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "u", Password: "p"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db := srv.Engine().DB()
	if _, err := db.Exec("SET enable_external_access = true"); err == nil {
		t.Fatal("DuckDB turned external access back on")
	}
	if _, err := db.Exec("SET allowed_directories = ['/']"); err == nil {
		t.Fatal("DuckDB widened allowed_directories")
	}
	if _, err := db.Exec("SELECT * FROM read_text('/etc/hostname')"); err == nil {
		t.Fatal("DuckDB read a host file")
	}
}

// DuckDB's lock_configuration stays off because a session's TIMEZONE is a
// SET TimeZone on its DuckDB connection, which a locked configuration
// refuses (DuckDB exempts only schema and search_path). What it would add
// is held another way: no client statement reaches DuckDB's SET, RESET or
// PRAGMA (Snowflake's SET/UNSET set and drop session variables, kept by the
// engine's session, PRAGMA and RESET are not Snowflake syntax), and ALTER
// SESSION only sets Snowflake parameters, never DuckDB's settings.
func TestClientCannotChangeDuckDBSettings(t *testing.T) {
	srv, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "flurry", Password: "pw",
		Limits: snowlocal.Limits{MemoryLimit: "512MiB", Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	db := connect(t, srv)
	for q, code := range map[string]string{
		"pragma threads = 7":                "001003",
		"reset memory_limit":                "001003",
		"alter account set threads = 7":     "002040",
		"select current_setting('threads')": "002140",
		"select * from duckdb_settings()":   "",
		"call set_config('threads', '7')":   "",
	} {
		_, err := db.Exec(q)
		if err == nil || (code != "" && !strings.Contains(err.Error(), code)) {
			t.Errorf("%s: %v, want refused (%s)", q, err, code)
		}
	}
	// SET and UNSET are session variables: $THREADS is 7, DuckDB's threads
	// stay as configured (checked below).
	mustExec(t, db, "set threads = 7", "set (threads, memory_limit) = (7, '9GB')", "set enable_external_access = true")
	var v int
	if err := db.QueryRow("select $threads").Scan(&v); err != nil || v != 7 {
		t.Errorf("select $threads = %d, %v; want the session variable 7", v, err)
	}
	mustExec(t, db, "unset threads")
	for _, q := range []string{
		"alter session set threads = 7",
		"alter session set memory_limit = '9GB'",
		"alter session set enable_external_access = true",
		"alter session set allowed_directories = '/'",
		"alter session set lock_configuration = false",
	} {
		db.Exec(q) // whatever Snowflake answers, DuckDB must not see it
	}
	var threads, mem, external string
	if err := srv.Engine().DB().QueryRow(`select current_setting('threads')::varchar, current_setting('memory_limit'),
		current_setting('enable_external_access')::varchar`).Scan(&threads, &mem, &external); err != nil {
		t.Fatal(err)
	}
	if threads != "1" || mem != "512.0 MiB" || external != "false" {
		t.Errorf("DuckDB settings after client statements: threads %s, memory_limit %s, enable_external_access %s; want 1, 512.0 MiB, false",
			threads, mem, external)
	}
}
