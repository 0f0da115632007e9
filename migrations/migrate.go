package migrations

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Options configure a Migrator.
type Options struct {
	// HistoryTable is the history table, default DefaultHistoryTable.
	HistoryTable string
	// Vars are the template variables (nil means none).
	Vars *Vars
	// Target stops `up` after this version (nil: apply everything).
	Target Version
	// OutOfOrder allows applying a new versioned script older than the newest applied one.
	OutOfOrder bool
	// AllowIntegrationReplace lets CREATE OR REPLACE STORAGE INTEGRATION replace
	// an existing integration (changing its external ID).
	AllowIntegrationReplace bool
	// LockTTL is how long the lock lives without a heartbeat (default
	// DefaultLockTTL). Below DefaultLockTTL a killed runner's statement may
	// still be running when another runner takes the lock: only tests go lower.
	LockTTL time.Duration
	// LockTimeout is how long `up` waits for another run's lock (default 15m).
	LockTimeout time.Duration
	// PipeDrainTimeout is how long a paused pipe may take to load its
	// pending files before it is replaced (default 10m).
	PipeDrainTimeout time.Duration
	// Owner names this run in the lock table (default user@host:pid).
	Owner string
	// Progress receives one human-readable line per step; nil discards.
	Progress io.Writer
	// Log receives notices and warnings; nil uses slog.Default().
	Log *slog.Logger
}

// DefaultLockTTL is how long the migration lock outlives its holder's last
// heartbeat. Every migrate session sets ABORT_DETACHED_QUERY = TRUE, so
// Snowflake aborts the statement of a runner that was killed 5 minutes after
// it lost its connection. The holder's last heartbeat is at most TTL/4 before
// it died, so the lock expires at least 3/4 TTL = 6 minutes after: the
// killed runner's statement has been aborted before another runner can take
// the lock and run the script again.
const DefaultLockTTL = 8 * time.Minute

// Migrator applies a directory of migrations to one Snowflake connection.
type Migrator struct {
	db    *sql.DB
	fsys  fs.FS
	opts  Options
	table tableName
}

// New returns a Migrator for the scripts in fsys (see Load). db may be nil
// for Validate.
func New(db *sql.DB, fsys fs.FS, opts Options) (*Migrator, error) {
	if opts.HistoryTable == "" {
		opts.HistoryTable = DefaultHistoryTable
	}
	t, err := parseTableName(opts.HistoryTable)
	if err != nil {
		return nil, err
	}
	if opts.Vars == nil {
		opts.Vars = NewVars()
	}
	if opts.LockTTL <= 0 {
		opts.LockTTL = DefaultLockTTL
	}
	if opts.LockTTL < 4*time.Second {
		opts.LockTTL = 4 * time.Second
	}
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 15 * time.Minute
	}
	if opts.PipeDrainTimeout <= 0 {
		opts.PipeDrainTimeout = 10 * time.Minute
	}
	if opts.Owner == "" {
		opts.Owner = defaultOwner()
	}
	if opts.Progress == nil {
		opts.Progress = io.Discard
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	return &Migrator{db: db, fsys: fsys, opts: opts, table: t}, nil
}

func defaultOwner() string {
	host, _ := os.Hostname()
	user := os.Getenv("USER")
	if user == "" {
		user = "flurry"
	}
	return fmt.Sprintf("%s@%s:%d", user, host, os.Getpid())
}

func (m *Migrator) progress(format string, args ...any) {
	fmt.Fprintf(m.opts.Progress, format+"\n", args...)
}

// HistoryTable is the history table's name.
func (m *Migrator) HistoryTable() string { return m.table.String() }

// Prepare loads and renders every script. Any bad name, template or
// statement makes it fail before anything is sent.
func (m *Migrator) Prepare() ([]*Rendered, error) {
	scripts, err := Load(m.fsys)
	if err != nil {
		return nil, err
	}
	var out []*Rendered
	var errs []error
	for _, s := range scripts {
		r, err := Render(s, m.opts.Vars)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if len(r.Statements) == 0 {
			errs = append(errs, fmt.Errorf("%s: no SQL statements", s.Path))
			continue
		}
		out = append(out, r)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// ValidateResult is what `migrate validate` checked.
type ValidateResult struct {
	Scripts    int `json:"scripts"`
	Statements int `json:"statements"`
}

// Validate checks names, versions, templates (every variable set) and
// statement splitting without a connection.
func (m *Migrator) Validate() (*ValidateResult, error) {
	rs, err := m.Prepare()
	if err != nil {
		return nil, err
	}
	res := &ValidateResult{Scripts: len(rs)}
	for _, r := range rs {
		res.Statements += len(r.Statements)
	}
	return res, nil
}

// Status compares the scripts with the history table (read only).
func (m *Migrator) Status(ctx context.Context) (*Status, error) {
	rs, err := m.Prepare()
	if err != nil {
		return nil, err
	}
	return m.status(ctx, rs)
}

func (m *Migrator) status(ctx context.Context, rs []*Rendered) (*Status, error) {
	ctl, done, err := m.session(ctx, map[string]string{"step": "status"})
	if err != nil {
		return nil, err
	}
	defer done()
	return m.statusOn(ctx, ctl, rs)
}

func (m *Migrator) statusOn(ctx context.Context, db execer, rs []*Rendered) (*Status, error) {
	hist, exists, err := readHistory(ctx, db, m.table)
	if err != nil {
		return nil, err
	}
	for i := range hist {
		// Rows written by an older flurry may hold a secret in another case.
		hist[i].Error = m.opts.Vars.Redact(hist[i].Error)
	}
	st := compare(rs, hist, m.opts.Target)
	st.HistoryTable, st.HistoryExists = m.table.String(), exists
	if exists {
		if st.Lock, err = readLockHolder(ctx, db, m.table.lockTable()); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// PlannedScript is a script `up` would run, rendered with secrets redacted.
type PlannedScript struct {
	Type        Kind     `json:"type"`
	Version     string   `json:"version,omitempty"`
	Description string   `json:"description"`
	Script      string   `json:"script"`
	Reason      string   `json:"reason"`
	Checksum    string   `json:"checksum"`
	Statements  []string `json:"statements"`
}

// Plan is what `up` would do.
type Plan struct {
	HistoryTable string          `json:"history_table"`
	Scripts      []PlannedScript `json:"scripts"`
	// Blocked explains why `up` would refuse to run (failed or drifted scripts).
	Blocked string `json:"blocked,omitempty"`
}

// Plan reads the history and returns the scripts `up` would run.
func (m *Migrator) Plan(ctx context.Context) (*Plan, error) {
	rs, err := m.Prepare()
	if err != nil {
		return nil, err
	}
	st, err := m.status(ctx, rs)
	if err != nil {
		return nil, err
	}
	p := &Plan{HistoryTable: st.HistoryTable}
	if err := m.Check(st); err != nil {
		p.Blocked = err.Error()
	}
	for _, e := range st.Pending() {
		p.Scripts = append(p.Scripts, m.planned(e))
	}
	return p, nil
}

func (m *Migrator) planned(e *Entry) PlannedScript {
	ps := PlannedScript{Type: e.Type, Version: e.Version, Description: e.Description, Script: e.Script,
		Reason: e.Reason, Checksum: e.Checksum}
	for _, s := range e.rendered.Statements {
		ps.Statements = append(ps.Statements, m.opts.Vars.Redact(s.Text))
	}
	return ps
}

// BlockedError is returned when the history does not allow `up` to proceed.
type BlockedError struct{ Problems []string }

func (e *BlockedError) Error() string { return strings.Join(e.Problems, "\n") }

// Check returns a *BlockedError if up would refuse to run: failed or drifted
// scripts, or out-of-order ones unless allowed.
func (m *Migrator) Check(st *Status) error {
	var p []string
	for _, e := range st.Entries {
		switch e.State {
		case StateFailed:
			msg := fmt.Sprintf("%s failed on %s", e.Script, e.Applied.InstalledOn.Format(time.RFC3339))
			if e.Applied.Error != "" {
				// The recorded error already starts with the script's path.
				msg += ": " + strings.TrimPrefix(e.Applied.Error, e.Script+": ")
			}
			p = append(p, msg+"\n  Snowflake DDL is not transactional: the statements before the failing one were applied. "+
				"Fix the script and/or the database by hand, then run `flurry migrate repair` and `flurry migrate up` again.")
		case StateDrifted:
			p = append(p, fmt.Sprintf("%s was changed after it was applied on %s (checksum %s, now %s)\n"+
				"  Applied versioned scripts must not change: revert the file and put the change in a new V script, "+
				"or accept the file as applied with `flurry migrate repair`.",
				e.Script, e.Applied.InstalledOn.Format(time.RFC3339), short(e.Applied.Checksum), short(e.Checksum)))
		case StateOutOfOrder:
			if !m.opts.OutOfOrder {
				p = append(p, fmt.Sprintf("%s is older than the newest applied version and was never applied "+
					"(rename it to a newer version, or pass --out-of-order to apply it anyway)", e.Script))
			}
		}
	}
	if len(p) > 0 {
		return &BlockedError{Problems: p}
	}
	return nil
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

// ScriptResult is the outcome of one script in `up`.
type ScriptResult struct {
	Type        Kind     `json:"type"`
	Version     string   `json:"version,omitempty"`
	Description string   `json:"description"`
	Script      string   `json:"script"`
	Reason      string   `json:"reason"`
	Checksum    string   `json:"checksum"`
	Statements  int      `json:"statements"`
	ExecutionMS int64    `json:"execution_ms"`
	Status      string   `json:"status"`
	Error       string   `json:"error,omitempty"`
	Notices     []string `json:"notices,omitempty"`
}

// UpResult is what `up` did (or, with dry run, would do).
type UpResult struct {
	HistoryTable string          `json:"history_table"`
	DryRun       bool            `json:"dry_run"`
	Scripts      []*ScriptResult `json:"scripts"`
	Plan         *Plan           `json:"plan,omitempty"` // dry run only
}

// ScriptError is a statement of a script that failed.
type ScriptError struct {
	Script    string
	Statement int // 1-based, 0 when the failure was not in a statement
	Line      int
	Err       error
	msg       string
}

func (e *ScriptError) Error() string { return e.msg }
func (e *ScriptError) Unwrap() error { return e.Err }

// Up applies pending scripts under the migration lock.
func (m *Migrator) Up(ctx context.Context) (*UpResult, error) {
	rs, err := m.Prepare()
	if err != nil {
		return nil, err
	}
	res := &UpResult{HistoryTable: m.table.String()}
	// The history is kept on a session of its own, the lock on another: the
	// heartbeat runs while the history is written.
	ctl, closeCtl, err := m.session(ctx, nil)
	if err != nil {
		return res, err
	}
	defer closeCtl()
	if err := ensureTables(ctx, ctl, m.table); err != nil {
		return res, m.hint(err)
	}
	by := currentUser(ctx, ctl)
	l, closeLock, err := m.newLock(ctx)
	if err != nil {
		return res, err
	}
	defer closeLock()
	runCtx, err := l.acquire(ctx, m.opts.LockTimeout, func(h *LockHeldError) {
		m.progress("waiting for the migration lock held by %s (expires %s)", h.Owner, h.ExpiresAt.Format(time.RFC3339))
	})
	if err != nil {
		return res, err
	}
	defer func() {
		if rerr := l.release(); rerr != nil {
			m.opts.Log.Error(rerr.Error())
		}
	}()
	// The history is read under the lock: a run that waited sees what the
	// previous holder applied.
	st, err := m.statusOn(runCtx, ctl, rs)
	if err != nil {
		return res, err
	}
	if err := m.Check(st); err != nil {
		return res, err
	}
	for _, e := range st.Entries {
		if e.State == StateMissing {
			m.progress("warning: %s is recorded as applied but is not in the migrations directory", e.Script)
		}
	}
	pending := st.Pending()
	if len(pending) == 0 {
		m.progress("%s is up to date: nothing to apply", m.table)
		return res, nil
	}
	for _, e := range pending {
		sr, err := m.apply(runCtx, ctl, e.rendered, e.Reason, by)
		res.Scripts = append(res.Scripts, sr)
		if err != nil {
			if cause := context.Cause(runCtx); errors.Is(cause, ErrLockLost) {
				err = fmt.Errorf("%w (%w)", err, cause)
			}
			return res, err
		}
	}
	return res, nil
}

// newLock returns the migration lock on a session of its own.
func (m *Migrator) newLock(ctx context.Context) (*lock, func(), error) {
	conn, done, err := m.session(ctx, map[string]string{"step": "lock"})
	if err != nil {
		return nil, nil, err
	}
	return &lock{db: conn, table: m.table.lockTable(), owner: m.opts.Owner, token: newToken(), ttl: m.opts.LockTTL,
		log: m.opts.Log, fallback: func(ctx context.Context) (execer, func(), error) {
			return m.session(ctx, map[string]string{"step": "lock"})
		}}, done, nil
}

// session opens a session of its own for one script, the history or the
// lock, with the settings every migrate session needs whatever the account
// or user defaults are:
//
//   - AUTOCOMMIT = TRUE: with an account or user default of FALSE, DML
//     such as the history rows would stay uncommitted and vanish with the
//     session;
//   - ABORT_DETACHED_QUERY = TRUE: if the runner is killed, Snowflake
//     aborts its statement (5 minutes after the connection is lost) rather
//     than finishing it after another runner took the expired lock (see
//     DefaultLockTTL);
//   - QUERY_TAG: a JSON object naming flurry, the history table and, for a
//     script, its name and version, so QUERY_HISTORY shows what ran it.
//
// The returned func discards the session: USE and ALTER SESSION never leak
// into another script or back into the caller's pool.
func (m *Migrator) session(ctx context.Context, tag map[string]string) (*sql.Conn, func(), error) {
	conn, err := m.db.Conn(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("open a session: %w", err)
	}
	done := func() {
		// Returning ErrBadConn from Raw closes the session instead of pooling it.
		conn.Raw(func(any) error { return driver.ErrBadConn })
		conn.Close()
	}
	if _, err := conn.ExecContext(ctx, m.sessionSettings(tag)); err != nil {
		done()
		return nil, nil, fmt.Errorf("set up the session (AUTOCOMMIT, ABORT_DETACHED_QUERY, QUERY_TAG): %w", err)
	}
	return conn, done, nil
}

// QueryTag is the QUERY_TAG of a migrate session: {"flurry":"migrate",
// "history":..., and for a script "script" and "version"}.
func (m *Migrator) QueryTag(extra map[string]string) string {
	t := map[string]string{"flurry": "migrate", "history": m.table.String()}
	for k, v := range extra {
		t[k] = v
	}
	b, _ := json.Marshal(t) // sorted keys
	// QUERY_TAG holds up to 2000 characters.
	return truncate(string(b), 1990)
}

func (m *Migrator) sessionSettings(tag map[string]string) string {
	return "ALTER SESSION SET AUTOCOMMIT = TRUE, ABORT_DETACHED_QUERY = TRUE, QUERY_TAG = " + QuoteLiteral(m.QueryTag(tag))
}

func scriptTag(r *Rendered) map[string]string {
	t := map[string]string{"script": r.Name}
	if r.Kind == Versioned {
		t["version"] = r.Version.String()
	}
	return t
}

// DryRun returns the plan `up` would execute, without taking the lock or
// creating the history table.
func (m *Migrator) DryRun(ctx context.Context) (*UpResult, error) {
	p, err := m.Plan(ctx)
	if err != nil {
		return nil, err
	}
	res := &UpResult{HistoryTable: p.HistoryTable, DryRun: true, Plan: p}
	if p.Blocked != "" {
		return res, &BlockedError{Problems: []string{p.Blocked}}
	}
	return res, nil
}

// apply runs one script in a session of its own and records the outcome.
func (m *Migrator) apply(ctx context.Context, ctl execer, r *Rendered, reason, by string) (*ScriptResult, error) {
	sr := &ScriptResult{Type: r.Kind, Description: r.Description, Script: r.Name, Reason: reason,
		Checksum: r.Checksum, Statements: len(r.Statements), Status: StatusSuccess}
	if r.Kind == Versioned {
		sr.Version = r.Version.String()
	}
	m.progress("%s: applying %d statement(s) (%s)", r.Name, len(r.Statements), reason)
	start := time.Now()
	runErr := m.run(ctx, r, sr)
	sr.ExecutionMS = time.Since(start).Milliseconds()
	rec := Applied{Version: sr.Version, Description: r.Description, Script: r.Name, Type: r.Kind,
		Checksum: r.Checksum, RenderedChecksum: r.RenderedChecksum, RenderedSQL: m.opts.Vars.Redact(r.SQL), Vars: r.Vars,
		ExecutionMS: sr.ExecutionMS, Status: StatusSuccess, InstalledBy: by}
	if runErr != nil {
		// The error was built redacted; redact again, whatever wrapped it.
		msg := m.opts.Vars.Redact(runErr.Error())
		sr.Status, sr.Error = StatusFailed, msg
		rec.Status, rec.Error = StatusFailed, truncate(msg, 2000)
	}
	// Record even when the run was cancelled: the history must say what happened.
	recCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	err := insertHistory(recCtx, ctl, m.table, rec)
	if err != nil {
		// A cancelled statement may have broken the history session: the
		// outcome is recorded on a fresh one.
		if conn, done, serr := m.session(recCtx, map[string]string{"step": "history"}); serr == nil {
			err = insertHistory(recCtx, conn, m.table, rec)
			done()
		}
	}
	if err != nil {
		if runErr != nil {
			return sr, fmt.Errorf("%w; also: %w", runErr, err)
		}
		return sr, err
	}
	if runErr != nil {
		m.progress("%s: FAILED after %d ms", r.Name, sr.ExecutionMS)
		return sr, runErr
	}
	m.progress("%s: ok (%d ms)", r.Name, sr.ExecutionMS)
	return sr, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// run executes a script's statements one by one on a dedicated session,
// which is discarded afterwards so that USE, ALTER SESSION and the like
// never leak into the next script or into the history bookkeeping.
func (m *Migrator) run(ctx context.Context, r *Rendered, sr *ScriptResult) (err error) {
	conn, done, err := m.session(ctx, scriptTag(r))
	if err != nil {
		return &ScriptError{Script: r.Name, Err: err, msg: fmt.Sprintf("%s: %v", r.Path, m.opts.Vars.Redact(err.Error()))}
	}
	defer done()
	vars := m.opts.Vars
	fail := func(st sqllex.Statement, what string, err error) error {
		msg := fmt.Sprintf("%s: statement %d (line %d)%s: %s\n  %s%s", r.Path, st.Index, st.Line, what,
			vars.Redact(err.Error()), vars.Redact(firstLine(st.Text)), privilegeHint(err))
		return &ScriptError{Script: r.Name, Statement: st.Index, Line: st.Line, Err: err, msg: msg}
	}
	var tasks []string
	for _, st := range r.Statements {
		lc := classify(st.Text)
		switch {
		case lc.object == "STORAGE INTEGRATION" && lc.orReplace && !m.opts.AllowIntegrationReplace:
			exists, err := m.integrationExists(ctx, conn, lc)
			if err != nil {
				return fail(st, " checking whether the storage integration exists", err)
			}
			if exists {
				// Replacing it would change its external ID and break the IAM
				// role's trust policy: apply the new definition with ALTER.
				alters, err := alterIntegration(ctx, conn, lc)
				if err != nil {
					return fail(st, fmt.Sprintf(" (storage integration %s exists; flurry applies CREATE OR REPLACE of an existing "+
						"integration as ALTER STORAGE INTEGRATION ... SET to keep its external ID, and this change cannot be: "+
						"change it by hand, or pass --allow-integration-replace to replace it and then update the IAM role's trust policy "+
						"with the new external ID)", lc.name), err)
				}
				for _, q := range alters {
					if _, err := conn.ExecContext(ctx, q); err != nil {
						return fail(st, " applying it as "+firstLine(q), err)
					}
				}
				n := fmt.Sprintf("storage integration %s exists: applied CREATE OR REPLACE as ALTER STORAGE INTEGRATION ... SET, "+
					"which keeps its external ID (--allow-integration-replace would replace it)", lc.name)
				sr.Notices = append(sr.Notices, n)
				m.progress("  notice: %s", n)
				m.opts.Log.Debug(n, "script", r.Name, "statement", st.Index)
				continue
			}
		case lc.object == "PIPE" && lc.orReplace:
			notices, err := m.replacePipe(ctx, conn, lc.name, st.Text)
			if err != nil {
				return fail(st, " (replacing the pipe)", err)
			}
			for _, n := range notices {
				sr.Notices = append(sr.Notices, n)
				m.progress("  notice: %s", n)
			}
			continue
		case lc.object == "TASK":
			if lc.orReplace {
				if _, err := conn.ExecContext(ctx, "ALTER TASK IF EXISTS "+lc.name+" SUSPEND"); err != nil {
					return fail(st, " suspending the task before replacing it", err)
				}
			}
			tasks = append(tasks, lc.name)
		}
		if _, err := conn.ExecContext(ctx, st.Text); err != nil {
			return fail(st, "", err)
		}
	}
	if r.NoResumeTasks {
		return nil
	}
	// Children are created after their root (AFTER needs it), and Snowflake
	// wants children resumed before the root: resume in reverse order.
	for i := len(tasks) - 1; i >= 0; i-- {
		if _, err := conn.ExecContext(ctx, "ALTER TASK "+tasks[i]+" RESUME"); err != nil {
			return &ScriptError{Script: r.Name, Err: err, msg: fmt.Sprintf(
				"%s: resuming task %s (add -- flurry:no-resume-tasks to leave tasks suspended): %s",
				r.Path, tasks[i], vars.Redact(err.Error()))}
		}
	}
	return nil
}

func firstLine(s string) string {
	line, _, more := strings.Cut(s, "\n")
	line = strings.TrimSpace(line)
	if len(line) > 100 {
		line = line[:100]
		more = true
	}
	if more {
		line += " ..."
	}
	return line
}

func (m *Migrator) integrationExists(ctx context.Context, conn *sql.Conn, lc lifecycle) (bool, error) {
	rows, err := conn.QueryContext(ctx, "SHOW INTEGRATIONS LIKE "+lc.likePattern())
	if err != nil {
		return false, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return false, err
	}
	nameCol := -1
	for i, c := range cols {
		if strings.EqualFold(c, "name") {
			nameCol = i
		}
	}
	if nameCol < 0 {
		return false, errors.New("SHOW INTEGRATIONS returned no name column")
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	found := false
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return false, err
		}
		if lc.sameName(fmt.Sprint(vals[nameCol])) {
			found = true
		}
	}
	return found, rows.Err()
}

// Baseline records version as applied without running anything: versioned
// scripts up to and including it are treated as applied. It is meant for a
// lake built by hand from the guides; it refuses once anything was applied.
func (m *Migrator) Baseline(ctx context.Context, version Version) error {
	if _, err := m.Prepare(); err != nil {
		return err
	}
	return m.locked(ctx, nil, func(ctx context.Context, ctl execer) error {
		hist, _, err := readHistory(ctx, ctl, m.table)
		if err != nil {
			return err
		}
		for _, a := range hist {
			if (a.Type == Versioned || a.Type == Baseline) && a.Status == StatusSuccess {
				return fmt.Errorf("baseline: %s already records applied versions (%s %s): baseline only a lake with no history",
					m.table, a.Type, a.Script)
			}
		}
		rec := Applied{Version: version.String(), Description: "<< flurry baseline >>", Script: "<< baseline >>",
			Type: Baseline, Status: StatusSuccess, InstalledBy: currentUser(ctx, ctl)}
		if err := insertHistory(ctx, ctl, m.table, rec); err != nil {
			return err
		}
		m.progress("baselined %s at version %s: versioned scripts up to %s will not run", m.table, version, version)
		return nil
	})
}

// RepairResult is what `migrate repair` changed.
type RepairResult struct {
	RemovedFailed []string `json:"removed_failed"`
	Realigned     []string `json:"realigned"`
	Unlocked      int64    `json:"unlocked"`
}

// Repair removes failed rows from the history (their scripts become pending
// again) and realigns the checksums of drifted versioned scripts to the
// files as they are now. With unlock it first removes any migration lock,
// for a run that was killed (the lock would otherwise expire by itself).
func (m *Migrator) Repair(ctx context.Context, unlock bool) (*RepairResult, error) {
	rs, err := m.Prepare()
	if err != nil {
		return nil, err
	}
	res := &RepairResult{}
	var before func(context.Context, execer) error
	if unlock {
		before = func(ctx context.Context, ctl execer) error {
			n, err := forceUnlock(ctx, ctl, m.table.lockTable())
			if err != nil {
				return err
			}
			res.Unlocked = n
			if n > 0 {
				m.progress("removed the migration lock")
			}
			return nil
		}
	}
	err = m.locked(ctx, before, func(ctx context.Context, ctl execer) error {
		st, err := m.statusOn(ctx, ctl, rs)
		if err != nil {
			return err
		}
		for _, e := range st.Entries {
			switch e.State {
			case StateFailed:
				q := fmt.Sprintf("DELETE FROM %s WHERE status = %s AND installed_rank = %d",
					m.table, QuoteLiteral(StatusFailed), e.Applied.Rank)
				if _, err := ctl.ExecContext(ctx, q); err != nil {
					return fmt.Errorf("repair %s: %w", e.Script, err)
				}
				res.RemovedFailed = append(res.RemovedFailed, e.Script)
				m.progress("%s: removed the failed attempt from the history; it will run again on the next up", e.Script)
			case StateDrifted:
				q := fmt.Sprintf("UPDATE %s SET checksum = %s, rendered_checksum = %s WHERE installed_rank = %d",
					m.table, QuoteLiteral(e.Checksum), QuoteLiteral(e.rendered.RenderedChecksum), e.Applied.Rank)
				if _, err := ctl.ExecContext(ctx, q); err != nil {
					return fmt.Errorf("repair %s: %w", e.Script, err)
				}
				res.Realigned = append(res.Realigned, e.Script)
				m.progress("%s: accepted the changed file as applied (checksum %s -> %s)", e.Script,
					short(e.Applied.Checksum), short(e.Checksum))
			}
		}
		if len(res.RemovedFailed) == 0 && len(res.Realigned) == 0 {
			m.progress("nothing to repair")
		}
		return nil
	})
	return res, err
}

// locked runs f under the migration lock, on a history session. before,
// if set, runs on that session before the lock is taken.
func (m *Migrator) locked(ctx context.Context, before, f func(context.Context, execer) error) error {
	ctl, closeCtl, err := m.session(ctx, nil)
	if err != nil {
		return err
	}
	defer closeCtl()
	if err := ensureTables(ctx, ctl, m.table); err != nil {
		return m.hint(err)
	}
	if before != nil {
		if err := before(ctx, ctl); err != nil {
			return err
		}
	}
	l, closeLock, err := m.newLock(ctx)
	if err != nil {
		return err
	}
	defer closeLock()
	runCtx, err := l.acquire(ctx, m.opts.LockTimeout, func(h *LockHeldError) {
		m.progress("waiting for the migration lock held by %s (expires %s)", h.Owner, h.ExpiresAt.Format(time.RFC3339))
	})
	if err != nil {
		return err
	}
	ferr := f(runCtx, ctl)
	if err := l.release(); err != nil && ferr == nil {
		ferr = err
	}
	return ferr
}

// privilegeHint explains a Snowflake access-control error ("Insufficient
// privileges", or an object that "does not exist or not authorized") in
// terms of the lake's roles; "" for any other error.
func privilegeHint(err error) string {
	msg := strings.ToLower(err.Error())
	if !strings.Contains(msg, "insufficient privileges") && !strings.Contains(msg, "not authorized") {
		return ""
	}
	return "\n  The session's role may lack a privilege. The security lake splits its migrations by role: " +
		"an administrator applies `flurry migrate up --admin --role ACCOUNTADMIN` once (roles, database, warehouse, " +
		"storage integrations, grants), then CI applies the lake as `--role FLURRY_DEPLOYER` " +
		"(see the README, \"The same pipeline on Snowflake and S3\")."
}

// hint adds privilegeHint to err.
func (m *Migrator) hint(err error) error {
	if h := privilegeHint(err); h != "" {
		return fmt.Errorf("%w%s", err, h)
	}
	return err
}
