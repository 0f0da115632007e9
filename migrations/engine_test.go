package migrations

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/warehouse"
)

// These tests run migrations against the local engine through gosnowflake,
// the one client path flurry uses for Snowflake too.

func openLocal(t testing.TB) *sql.DB {
	t.Helper()
	// The engine serves until its context ends: not a timeout context.
	db, err := warehouse.OpenLocal(context.Background(), "")
	if err != nil {
		t.Fatalf("open local engine: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	return db.DB
}

// copyFixture copies testdata/migrations/<name> to a temporary directory
// the test may edit.
func copyFixture(t testing.TB, name string) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("..", "testdata", "migrations", name)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func newMigrator(t *testing.T, db *sql.DB, dir string, vars map[string]string, mod func(*Options)) (*Migrator, *bytes.Buffer) {
	t.Helper()
	v := NewVars()
	for k, s := range vars {
		v.Set(k, s, "test", false)
	}
	var out bytes.Buffer
	opts := Options{Vars: v, Progress: &out, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), LockTimeout: time.Minute}
	if mod != nil {
		mod(&opts)
	}
	m, err := New(db, os.DirFS(dir), opts)
	if err != nil {
		t.Fatal(err)
	}
	return m, &out
}

func scriptNames(res *UpResult) string {
	var s []string
	for _, r := range res.Scripts {
		s = append(s, r.Script)
	}
	return strings.Join(s, " ")
}

func queryStrings(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s.String)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestUpStatusDriftAndRepeatable(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := copyFixture(t, "basic")
	vars := map[string]string{"database": "BASIC_DB", "first_kind": "it's"}
	m, _ := newMigrator(t, db, dir, vars, nil)

	// Dry run on an empty account: everything planned, nothing created.
	dry, err := m.DryRun(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(dry.Plan.Scripts) != 5 {
		t.Fatalf("dry run plans %d scripts", len(dry.Plan.Scripts))
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.HistoryExists {
		t.Fatal("dry run created the history table")
	}

	res, err := m.Up(ctx)
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	if got := scriptNames(res); got != "V1__create_events.sql V2__seed_events.sql V3__add_run_log.sql R__events_view.sql A__always.sql" {
		t.Fatalf("first up applied %s", got)
	}
	if got := queryStrings(t, db, "SELECT kind FROM BASIC_DB.PUBLIC.EVENTS_VIEW ORDER BY id"); strings.Join(got, "|") != "it's|b;c" {
		t.Fatalf("EVENTS_VIEW = %q", got)
	}
	st, err = m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !st.Clean() {
		t.Fatalf("status after up is not clean: %s", states(st))
	}

	// Second run: only the always script.
	res, err = m.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := scriptNames(res); got != "A__always.sql" {
		t.Fatalf("second up applied %q", got)
	}

	// Editing the repeatable re-runs only it (and the always script).
	p := filepath.Join(dir, "R__events_view.sql")
	b, _ := os.ReadFile(p)
	if err := os.WriteFile(p, append(b, []byte("\n-- edited\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = m.Up(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := scriptNames(res); got != "R__events_view.sql A__always.sql" || res.Scripts[0].Reason != "changed" {
		t.Fatalf("after editing R: %q", got)
	}
	runs := queryStrings(t, db, "SELECT script FROM BASIC_DB.PUBLIC.RUN_LOG ORDER BY script")
	if strings.Join(runs, " ") != "A__always A__always A__always R__events_view R__events_view" {
		t.Fatalf("RUN_LOG = %q", runs)
	}

	// Editing an applied versioned script is drift: up refuses and runs nothing.
	p = filepath.Join(dir, "V2__seed_events.sql")
	b, _ = os.ReadFile(p)
	if err := os.WriteFile(p, bytes.Replace(b, []byte("SELECT 2"), []byte("SELECT 20"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = m.Up(ctx)
	var be *BlockedError
	if !errors.As(err, &be) || !strings.Contains(err.Error(), "V2__seed_events.sql was changed after it was applied") {
		t.Fatalf("want a drift error, got %v", err)
	}
	if len(res.Scripts) != 0 {
		t.Fatalf("drift still ran %s", scriptNames(res))
	}
	st, _ = m.Status(ctx)
	if st.Entries[1].State != StateDrifted || st.Clean() {
		t.Fatalf("status: %s", states(st))
	}
	// repair accepts the file as it is now.
	rep, err := m.Repair(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rep.Realigned, " ") != "V2__seed_events.sql" {
		t.Fatalf("repair: %+v", rep)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up after repair: %v", err)
	}

	// A new versioned script below the newest applied one is out of order.
	if err := os.WriteFile(filepath.Join(dir, "V2_5__late.sql"), []byte("SELECT 1;"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err == nil || !strings.Contains(err.Error(), "V2_5__late.sql is older than the newest applied version") {
		t.Fatalf("out of order: %v", err)
	}
	m.opts.OutOfOrder = true
	res, err = m.Up(ctx)
	if err != nil || !strings.HasPrefix(scriptNames(res), "V2_5__late.sql") {
		t.Fatalf("--out-of-order: %v %s", err, scriptNames(res))
	}
}

func TestFailedMigrationBlocksUntilRepair(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := copyFixture(t, "failing")
	m, out := newMigrator(t, db, dir, nil, nil)

	res, err := m.Up(ctx)
	var se *ScriptError
	if !errors.As(err, &se) {
		t.Fatalf("want a ScriptError, got %v", err)
	}
	if se.Script != "V2__fails_midway.sql" || se.Statement != 2 || se.Line != 4 ||
		!strings.Contains(err.Error(), "V2__fails_midway.sql: statement 2 (line 4)") ||
		!strings.Contains(err.Error(), "NO_SUCH_TABLE") {
		t.Fatalf("error does not name file, statement and line: %v", err)
	}
	if got := scriptNames(res); got != "V1__create_table.sql V2__fails_midway.sql" {
		t.Fatalf("ran %s", got)
	}
	if !strings.Contains(out.String(), "V2__fails_midway.sql: FAILED") {
		t.Fatalf("progress:\n%s", out)
	}
	// Not transactional: the first statement of V2 stays applied.
	if got := queryStrings(t, db, "SELECT id FROM FAILDB.PUBLIC.T ORDER BY id"); strings.Join(got, ",") != "1" {
		t.Fatalf("T = %v", got)
	}
	hist, _, err := readHistory(ctx, db, m.table)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != 2 || hist[1].Status != StatusFailed || !strings.Contains(hist[1].Error, "statement 2") {
		t.Fatalf("history: %+v", hist)
	}

	// The next up refuses, clearly.
	_, err = m.Up(ctx)
	if err == nil || !strings.Contains(err.Error(), "V2__fails_midway.sql failed") || !strings.Contains(err.Error(), "flurry migrate repair") {
		t.Fatalf("second up: %v", err)
	}
	// Fixing the file alone is not enough: the failure must be acknowledged.
	p := filepath.Join(dir, "V2__fails_midway.sql")
	if err := os.WriteFile(p, []byte("INSERT INTO FAILDB.PUBLIC.T (id) SELECT 3;\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err == nil {
		t.Fatal("up after fixing the file but before repair succeeded")
	}
	rep, err := m.Repair(ctx, false)
	if err != nil || strings.Join(rep.RemovedFailed, " ") != "V2__fails_midway.sql" {
		t.Fatalf("repair: %+v %v", rep, err)
	}
	res, err = m.Up(ctx)
	if err != nil || scriptNames(res) != "V2__fails_midway.sql V3__after.sql" {
		t.Fatalf("up after repair: %v %s", err, scriptNames(res))
	}
	if got := queryStrings(t, db, "SELECT id FROM FAILDB.PUBLIC.T ORDER BY id"); strings.Join(got, ",") != "1,3,4" {
		t.Fatalf("T = %v", got)
	}
}

func TestDollarBodies(t *testing.T) {
	t.Parallel()
	db := openLocal(t)
	m, _ := newMigrator(t, db, copyFixture(t, "dollar"), nil, nil)
	if _, err := m.Up(context.Background()); err != nil {
		skipIfUnsupported(t, err)
		t.Fatal(err)
	}
	if got := queryStrings(t, db, "SELECT body FROM DOLLARDB.PUBLIC.NOTES"); len(got) != 1 || got[0] != "a;b" {
		t.Fatalf("NOTES = %q", got)
	}
	if got := queryStrings(t, db, "SELECT TO_VARCHAR(DOLLARDB.PUBLIC.TWICE(21))"); len(got) != 1 || got[0] != "42" {
		t.Fatalf("TWICE(21) = %q", got)
	}
}

func TestBaselineAndTarget(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := copyFixture(t, "basic")
	vars := map[string]string{"database": "TARGET_DB", "first_kind": "a"}
	m, _ := newMigrator(t, db, dir, vars, func(o *Options) { o.Target = Version{1} })
	res, err := m.Up(ctx)
	if err != nil || scriptNames(res) != "V1__create_events.sql" {
		t.Fatalf("--target 1: %v %s", err, scriptNames(res))
	}
	// Baseline refuses once something was applied.
	if err := m.Baseline(ctx, Version{2}); err == nil {
		t.Fatal("baseline over applied versions succeeded")
	}

	db2 := openLocal(t)
	m2, _ := newMigrator(t, db2, dir, vars, nil)
	if _, err := db2.Exec("CREATE DATABASE TARGET_DB"); err != nil {
		t.Fatal(err)
	}
	if _, err := db2.Exec("CREATE TABLE TARGET_DB.PUBLIC.EVENTS (id INTEGER, kind STRING, record VARIANT)"); err != nil {
		t.Fatal(err)
	}
	if err := m2.Baseline(ctx, Version{2}); err != nil {
		t.Fatal(err)
	}
	res, err = m2.Up(ctx)
	if err != nil || scriptNames(res) != "V3__add_run_log.sql R__events_view.sql A__always.sql" {
		t.Fatalf("up after baseline 2: %v %s", err, scriptNames(res))
	}
	if got := queryStrings(t, db2, "SELECT COUNT(*) FROM TARGET_DB.PUBLIC.EVENTS"); got[0] != "0" {
		t.Fatalf("V2 ran below the baseline: %v", got)
	}
}

func TestLockWaitsAndSteals(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := copyFixture(t, "concurrent")
	m, out := newMigrator(t, db, dir, nil, func(o *Options) { o.LockTimeout = 2 * time.Second })
	if err := ensureTables(ctx, db, m.table); err != nil {
		t.Fatal(err)
	}
	lt := m.table.lockTable()
	// A live lock held by someone else: up waits, then gives up naming the holder.
	if _, err := db.Exec(fmt.Sprintf(`INSERT INTO %s (lock_name, owner, token, acquired_on, expires_at)
SELECT 'migrate', 'ci-job-7', 'x', CURRENT_TIMESTAMP(), DATEADD(second, 600, CURRENT_TIMESTAMP())`, lt)); err != nil {
		t.Fatal(err)
	}
	_, err := m.Up(ctx)
	var he *LockHeldError
	if !errors.As(err, &he) || he.Owner != "ci-job-7" || !strings.Contains(out.String(), "waiting for the migration lock held by ci-job-7") {
		t.Fatalf("want LockHeldError from ci-job-7, got %v\n%s", err, out)
	}
	// The same lock, expired (its holder was killed): it is taken over.
	if _, err := db.Exec(fmt.Sprintf("UPDATE %s SET expires_at = DATEADD(second, -1, CURRENT_TIMESTAMP())", lt)); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up over an expired lock: %v", err)
	}
	if got := queryStrings(t, db, "SELECT owner FROM "+lt.String()); len(got) != 0 {
		t.Fatalf("lock not released: %v", got)
	}
	// repair --unlock clears a live lock.
	if _, err := db.Exec(fmt.Sprintf(`INSERT INTO %s (lock_name, owner, token, acquired_on, expires_at)
SELECT 'migrate', 'ci-job-8', 'y', CURRENT_TIMESTAMP(), DATEADD(second, 600, CURRENT_TIMESTAMP())`, lt)); err != nil {
		t.Fatal(err)
	}
	rep, err := m.Repair(ctx, true)
	if err != nil || rep.Unlocked != 1 {
		t.Fatalf("repair --unlock: %+v %v", rep, err)
	}
}

func TestLockHeartbeatKeepsLockAlive(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	m, _ := newMigrator(t, db, copyFixture(t, "concurrent"), nil, nil)
	if err := ensureTables(ctx, db, m.table); err != nil {
		t.Fatal(err)
	}
	// The heartbeat extends every ttl/4: a TTL of 8 s leaves 6 s for one
	// extension to land on a loaded CI machine (4 s flaked under heavy load).
	ttl := 8 * time.Second
	a := &lock{db: db, table: m.table.lockTable(), owner: "a", token: newToken(), ttl: ttl, log: slog.Default()}
	runCtx, err := a.acquire(ctx, time.Second, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Past the TTL the lock is still held thanks to the heartbeat.
	time.Sleep(ttl + time.Second)
	b := &lock{db: db, table: m.table.lockTable(), owner: "b", token: newToken(), ttl: ttl, log: slog.Default()}
	if _, err := b.acquire(ctx, time.Second, nil); err == nil {
		t.Fatal("b took a lock that a kept alive")
	}
	// If the row disappears (stolen), the holder's context is cancelled.
	if _, err := forceUnlock(ctx, db, m.table.lockTable()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-runCtx.Done():
		if !errors.Is(context.Cause(runCtx), ErrLockLost) {
			t.Fatalf("cause: %v", context.Cause(runCtx))
		}
	case <-time.After(3 * ttl):
		t.Fatal("losing the lock did not cancel the run")
	}
	a.release()
}
