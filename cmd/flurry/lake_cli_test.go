package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// flurryLookup is flurry() with an environment that can hold variables set
// to "" (a CI secret that is missing), as the process environment can.
func flurryLookup(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	if _, ok := env["HOME"]; !ok {
		env["HOME"] = t.TempDir()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	app := newApp(strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
	app.Metadata[envLookupKey] = func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	code := 0
	if err := app.RunContext(ctx, append([]string{"flurry"}, args...)); err != nil {
		stderr.WriteString("flurry: " + err.Error() + "\n")
		code = 1
	}
	return result{code, stdout.String(), stderr.String()}
}

// A CI job whose SNOWFLAKE_ACCOUNT secret is missing, or that sets none,
// must fail instead of going green against a local engine on the runner.
func TestCIAndEmptyAccountRefuseTheLocalDefault(t *testing.T) {
	t.Parallel()
	r := flurryLookup(t, map[string]string{"SNOWFLAKE_ACCOUNT": "", "SNOWFLAKE_USER": "FLURRY_CI"}, "sql", "-q", "select 1")
	if r.code == 0 || !strings.Contains(r.stderr, "SNOWFLAKE_ACCOUNT is set but empty") {
		t.Errorf("empty SNOWFLAKE_ACCOUNT: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	ci := map[string]string{"CI": "true", "FLURRY_LOCAL_DIR": ":memory:"}
	for _, args := range [][]string{
		{"sql", "-q", "select 1"},
		{"migrate", "status", "--dir", fixtureDir(t, "basic"), "--var", "database=D", "--var", "first_kind=x"},
	} {
		r = flurryLookup(t, ci, args...)
		if r.code == 0 || !strings.Contains(r.stderr, "CI=true and no Snowflake target") || !strings.Contains(r.stderr, "--local") {
			t.Errorf("%v with CI=true: exit %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}
	// On purpose: --local or --local-dir.
	if r = flurryLookup(t, ci, "sql", "--local", "-q", "select 1 as one"); r.code != 0 {
		t.Errorf("--local with CI=true: exit %d\n%s", r.code, r.stderr)
	}
	if r = flurryLookup(t, ci, "sql", "--local-dir", ":memory:", "-q", "select 1 as one"); r.code != 0 {
		t.Errorf("--local-dir with CI=true: exit %d\n%s", r.code, r.stderr)
	}
	if r = flurryLookup(t, map[string]string{"CI": "true"}, "sql", "--local", "--account", "x", "-q", "select 1"); r.code == 0 ||
		!strings.Contains(r.stderr, "--local chooses the local engine but --account chooses Snowflake") {
		t.Errorf("--local with --account: exit %d\n%s", r.code, r.stderr)
	}
}

// Flags after the name are flags (urfave/cli stops at the first argument),
// and a flag without its value is one line, not the help page.
func TestNewAcceptsFlagsAfterTheName(t *testing.T) {
	t.Parallel()
	dir := fixtureDir(t, "basic")
	r := flurry(t, nil, "", "migrate", "new", "add", "okta", "table", "--dir", dir).ok(t)
	if strings.TrimSpace(r.stdout) != filepath.Join(dir, "V4__add_okta_table.sql") {
		t.Fatalf("migrate new NAME --dir: %s", r.stdout)
	}
	r = flurry(t, nil, "", "migrate", "new", "add_users", "--dir="+dir).ok(t)
	if strings.TrimSpace(r.stdout) != filepath.Join(dir, "V5__add_users.sql") {
		t.Fatalf("migrate new NAME --dir=: %s", r.stdout)
	}
	det := t.TempDir()
	flurry(t, nil, "", "detect", "new", "okta_admin_login", "--dir", det).ok(t)
	if _, err := os.Stat(filepath.Join(det, "okta_admin_login.sql")); err != nil {
		t.Fatalf("detect new NAME --dir: %v", err)
	}
	for _, args := range [][]string{
		{"migrate", "new", "x", "--dir"},
		{"migrate", "up", "--dir"},
		{"migrate", "status", "--history-table"},
		{"detect", "new", "x", "--dir"},
		{"detect", "new", "--dir"},
	} {
		r = flurry(t, nil, "", args...)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code == 0 || len(lines) != 1 || !strings.Contains(lines[0], "needs an argument") ||
			strings.Contains(r.stdout+r.stderr, "USAGE:") {
			t.Errorf("%v: exit %d, want one line naming the flag\nstdout:\n%s\nstderr:\n%s", args, r.code, r.stdout, r.stderr)
		}
	}
}

// status names the holder of the migration lock, and the variables that
// changed since a script was applied (which is not drift).
func TestStatusShowsLockAndChangedVariables(t *testing.T) {
	t.Parallel()
	local := t.TempDir()
	dir := fixtureDir(t, "basic")
	args := func(sub, kind string, extra ...string) []string {
		return append([]string{"migrate", sub, "--local-dir", local, "--dir", dir,
			"--var", "database=ST_DB", "--var", "first_kind=" + kind}, extra...)
	}
	flurry(t, nil, "", args("up", "x")...).ok(t)
	flurry(t, nil, "", "sql", "--local-dir", local, "-q",
		`INSERT INTO FLURRY.PUBLIC.MIGRATION_HISTORY_LOCK (lock_name, owner, token, acquired_on, expires_at)
		 VALUES ('migrate', 'runner@ci-42:7', 't', CURRENT_TIMESTAMP(), DATEADD(minute, 8, CURRENT_TIMESTAMP()))`).ok(t)
	r := flurry(t, nil, "", args("status", "y")...).ok(t)
	if !strings.Contains(r.stdout, "migration lock: held by runner@ci-42:7 since") {
		t.Errorf("status does not name the lock holder:\n%s", r.stdout)
	}
	if !strings.Contains(r.stdout, "applied (variables changed since: first_kind)") {
		t.Errorf("status does not name the changed variable:\n%s", r.stdout)
	}
}

// DuckDB's lock message, as a second process opening the engine's
// directory gets it, becomes "local engine in use".
func TestEngineInUse(t *testing.T) {
	t.Parallel()
	duck := errors.New(`start local engine in "/w/.flurry/local": open duckdb "/w/.flurry/local/__flurry_engine.duckdb": ` +
		`database/sql/driver: could not connect to database: IO Error: Could not set lock on file ` +
		`"/w/.flurry/local/__flurry_engine.duckdb": Conflicting lock is held in /usr/local/bin/flurry (PID 6051). ` +
		`See also https://duckdb.org/docs/stable/connect/concurrency`)
	err := engineInUse(".flurry/local", duck)
	if !strings.HasPrefix(err.Error(), "local engine in use: .flurry/local is open in another process (PID 6051, /usr/local/bin/flurry)") {
		t.Fatalf("got %v", err)
	}
	other := errors.New("permission denied")
	if engineInUse("d", other) != other {
		t.Fatal("other errors must pass unchanged")
	}
}
