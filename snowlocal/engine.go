package snowlocal

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// Engine is the local Snowflake-compatible engine. Each Snowflake database is
// a DuckDB database file under Dir/databases (attached under its Snowflake
// name), so three-part names resolve natively; engine metadata lives in the
// main DuckDB file's _FLURRY schema.
type Engine struct {
	dir string
	db  *sql.DB
	// catalogDB is a pool on the same DuckDB database whose connections
	// have the prelude's settings but not its macros (preludeConnector),
	// for the engine's own reads of its catalog, which name no macro: a
	// session holds one of db's connections for its life, so such a read
	// on db opened a second one and paid its prelude (≈ 0.2 s of CPU, a
	// quarter of a small test's; BENCHMARKS round 18).
	catalogDB *sql.DB
	// ctLogs is the set of change tracking logs (changes.go: trackedLogs),
	// nil until read; ctMu guards it.
	ctMu   sync.Mutex
	ctLogs map[[2]string]bool
	// home is the main catalog's main schema: where a connection points when
	// its session has no current database.
	home string
	// meta is the fully qualified schema of the engine's own metadata tables;
	// always qualified because sessions USE other catalogs on shared connections.
	meta string

	// writeMu serializes statements that write. DuckDB's optimistic
	// concurrency would let two "INSERT ... WHERE NOT EXISTS" both succeed;
	// Snowflake serializes DML on a table, and flurry's migration lock relies
	// on that.
	writeMu sync.Mutex
	// loginMu serializes the login bookkeeping's writes (user_logins.go).
	loginMu sync.Mutex
	// adminUser is the engine's configured user; adminHasPassword and
	// adminHasKey say how it authenticates, which SHOW USERS reports (set by the wire).
	adminUser                     string
	adminHasPassword, adminHasKey bool

	mu       sync.Mutex
	handlers []handler
	// Rewriter hooks set by engine extensions (user table functions, stages).
	tableFunction func(s *Session, name string, args []string, alias string) (string, error)
	stageRef      func(s *Session, stage string, params map[string]string) (string, error)

	// Background workers (pipe watchers, the task scheduler) registered by
	// extensions and run while a server is up.
	workers  []func(ctx context.Context)
	bgCancel context.CancelFunc
	bgDone   sync.WaitGroup

	// substitutions rewrite Snowflake SQL before the rewriter sees it
	// (extension functions such as SYSTEM$PIPE_STATUS); closers run on Close.
	substitutions []func(s *Session, text string) (string, error)
	closers       []func() error

	// catalogGen counts statements that may have changed the catalog;
	// catalogMemo keeps look-ups until it moves (catalog_memo.go).
	catalogGen  atomic.Uint64
	catalogMemo catalogMemo
	// infoSchemaCols: each INFORMATION_SCHEMA view's column names, which
	// no catalog change moves (info_schema_types.go).
	infoSchemaCols sync.Map
	// caseMangled: some table or view has a mangled name
	// (identcase_distinct.go).
	caseMangled atomic.Bool

	// tableTimesMissed is set when a statement's creation or alteration
	// time could not be recorded (table_times.go); lostTimes holds the
	// times of existing rows such a failure left stale, per object, until
	// they are marked unknown.
	tableTimesMissed atomic.Bool
	lostTimesMu      sync.Mutex
	lostTimes        map[[3]string]map[string]bool

	// loading is the state of stages, COPY and pipes (stage.go, pipe.go).
	loading *loading

	// acl is the grants catalog access control checks against (access.go).
	acl *acl
	// scratch is the engine's private directory for DuckDB spill files and
	// temporary copies of staged objects (lockdown.go).
	scratch string
	// locked is set once DuckDB's configuration is locked: new connections
	// then skip the prelude's SETs, which lockdown made global.
	locked *atomic.Bool
	// refusePython refuses Python function bodies (a served engine without
	// Config.AllowPython, lockdown.go).
	refusePython bool
	// timeZone is new sessions' default TIMEZONE (params.go); "" is UTC.
	timeZone string
	// secrets seals catalog secrets at rest (secrets.go).
	secrets *secretBox
}

// extensions install engine features that live in their own files (stages,
// COPY, pipes, ...); each appends itself from an init func.
var extensions []func(ctx context.Context, e *Engine) error

// AddSubstitution registers a pre-rewrite substitution of statement text.
func (e *Engine) AddSubstitution(fn func(s *Session, text string) (string, error)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.substitutions = append(e.substitutions, fn)
}

// OnClose registers a cleanup that runs when the engine closes.
func (e *Engine) OnClose(fn func() error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.closers = append(e.closers, fn)
}

// AddWorker registers a background loop that runs while the engine is served.
func (e *Engine) AddWorker(fn func(ctx context.Context)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.workers = append(e.workers, fn)
}

func (e *Engine) startBackground() {
	e.mu.Lock()
	defer e.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	e.bgCancel = cancel
	for _, w := range e.workers {
		e.bgDone.Add(1)
		go func() {
			defer e.bgDone.Done()
			w(ctx)
		}()
	}
}

func (e *Engine) stopBackground() {
	e.mu.Lock()
	cancel := e.bgCancel
	e.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	e.bgDone.Wait()
}

// SetTableFunctionHook routes `TABLE(fn(...))` references to an extension.
func (e *Engine) SetTableFunctionHook(fn func(s *Session, name string, args []string, alias string) (string, error)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.tableFunction = fn
}

// SetStageRefHook routes `@stage` relations to an extension.
func (e *Engine) SetStageRefHook(fn func(s *Session, stage string, params map[string]string) (string, error)) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stageRef = fn
}

// Open opens (or creates) an engine whose data lives in dir; "" keeps
// everything in memory. DuckDB is locked down (lockdown.go) with default limits.
func Open(ctx context.Context, dir string) (*Engine, error) {
	e, err := open(ctx, dir)
	if err != nil {
		return nil, err
	}
	if err := e.lockdown(ctx, Limits{}, nil); err != nil {
		e.Close()
		return nil, err
	}
	return e, nil
}

// open is Open before the lockdown, for Start to configure stage maps first.
func open(ctx context.Context, dir string) (*Engine, error) {
	mainPath := ""
	if dir != "" {
		if err := os.MkdirAll(filepath.Join(dir, "databases"), 0o700); err != nil {
			return nil, fmt.Errorf("create engine dir %s: %w", dir, err)
		}
		// The file stem becomes DuckDB's catalog name; keep it out of the way
		// of user databases (flurry's own history lives in a database FLURRY).
		mainPath = filepath.Join(dir, mainCatalog+".duckdb")
	}
	scratch, removeScratch, err := makeScratch(dir)
	if err != nil {
		return nil, err
	}
	secrets, err := openSecrets(dir)
	if err != nil {
		removeScratch()
		return nil, err
	}
	locked := new(atomic.Bool)
	// The prelude also sets the connection's time zone to UTC.
	connector, err := duckdb.NewConnector(mainPath, nil)
	if err != nil {
		removeScratch()
		return nil, fmt.Errorf("open duckdb %q: %w", mainPath, err)
	}
	catalog := "memory" // DuckDB's name for an in-memory main database
	if mainPath != "" {
		catalog = mainCatalog
	}
	e := &Engine{dir: dir, db: sql.OpenDB(&preludeConnector{base: connector, locked: locked, macros: true}),
		catalogDB: sql.OpenDB(&preludeConnector{base: connector, locked: locked}), home: quoteIdent(catalog) + ".main", meta: quoteIdent(catalog) + "._FLURRY",
		scratch: scratch, locked: locked, secrets: secrets}
	e.OnClose(removeScratch)
	e.registerCore()
	if err := e.init(ctx); err != nil {
		e.Close()
		return nil, err
	}
	if err := e.sealCatalog(ctx); err != nil {
		e.Close()
		return nil, err
	}
	if err := privateFiles(dir); err != nil {
		e.Close()
		return nil, err
	}
	for _, ext := range extensions {
		if err := ext(ctx, e); err != nil {
			e.Close()
			return nil, err
		}
	}
	return e, nil
}

// Close closes the engine's DuckDB databases.
func (e *Engine) Close() error {
	e.catalogDB.Close() // before e.db, which closes the DuckDB database
	err := e.db.Close()
	e.mu.Lock()
	closers := e.closers
	e.closers = nil
	e.mu.Unlock()
	for _, fn := range closers {
		if cerr := fn(); err == nil {
			err = cerr
		}
	}
	return err
}

// Dir is the engine's data directory ("" when in memory).
func (e *Engine) Dir() string { return e.dir }

// DB is the engine's DuckDB pool, for engine extensions (stages, pipes...).
func (e *Engine) DB() *sql.DB { return e.db }

func (e *Engine) init(ctx context.Context) error {
	stmts := []string{
		`CREATE SCHEMA IF NOT EXISTS ` + e.meta,
		`CREATE TABLE IF NOT EXISTS ` + e.meta + `.OBJECTS (
			KIND VARCHAR, DATABASE_NAME VARCHAR, SCHEMA_NAME VARCHAR, NAME VARCHAR,
			PROPERTIES JSON, SQL_TEXT VARCHAR, CREATED_ON TIMESTAMPTZ DEFAULT now(), OWNER VARCHAR)`,
	}
	for _, s := range stmts {
		if _, err := e.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("init engine catalog: %w", err)
		}
	}
	if e.dir == "" {
		return nil
	}
	files, err := filepath.Glob(filepath.Join(e.dir, "databases", "*.duckdb"))
	if err != nil {
		return err
	}
	for _, f := range files {
		name, err := decodeDBFile(filepath.Base(f))
		if err != nil {
			return fmt.Errorf("database file %s: %w", f, err)
		}
		if _, err := e.db.ExecContext(ctx, fmt.Sprintf("ATTACH %s AS %s", quoteString(f), quoteIdent(name))); err != nil {
			return fmt.Errorf("attach database %s from %s: %w", name, f, err)
		}
	}
	return nil
}

// mainCatalog is the engine's own DuckDB catalog when it has a data dir.
const mainCatalog = "__flurry_engine"

// internalCatalogs lists, as SQL, the DuckDB catalogs that are not
// Snowflake databases: the main catalog (in memory or on disk), temp, system.
const internalCatalogs = `('memory','` + mainCatalog + `','temp','system')`

// isInternalCatalog is internalCatalogs for Go code.
func isInternalCatalog(name string) bool {
	switch name {
	case "memory", mainCatalog, "temp", "system":
		return true
	}
	return false
}

// Database file names encode the Snowflake name so quoted, mixed-case names
// survive a restart: plain upper-case names are used as is, others are hex.
var plainDBName = regexp.MustCompile(`^[A-Z_][A-Z0-9_$]*$`)

func encodeDBFile(name string) string {
	if plainDBName.MatchString(name) {
		return name + ".duckdb"
	}
	return fmt.Sprintf("x%x.duckdb", name)
}

func decodeDBFile(base string) (string, error) {
	stem := strings.TrimSuffix(base, ".duckdb")
	if plainDBName.MatchString(stem) {
		return stem, nil
	}
	if strings.HasPrefix(stem, "x") {
		var b []byte
		if _, err := fmt.Sscanf(stem[1:], "%x", &b); err == nil {
			return string(b), nil
		}
	}
	return "", fmt.Errorf("not a flurry database file name")
}

// databases lists the Snowflake databases (attached DuckDB catalogs).
func (e *Engine) databases(ctx context.Context) ([]string, error) {
	out, err := e.catalogStrings(ctx, `SELECT database_name FROM duckdb_databases()
		WHERE NOT internal AND database_name NOT IN `+internalCatalogs)
	sort.Strings(out)
	return out, err
}

// catalogStrings runs a catalog query of one text column and returns its
// values in order.
func (e *Engine) catalogStrings(ctx context.Context, query string, args ...any) ([]string, error) {
	rows, err := e.catalogDB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// lookupDatabase returns the database's stored name (case as created) if it exists.
func (e *Engine) lookupDatabase(ctx context.Context, name string) (string, bool, error) {
	dbs, err := e.databases(ctx)
	if err != nil {
		return "", false, err
	}
	for _, d := range dbs {
		if d == name {
			return d, true, nil
		}
	}
	return "", false, nil
}

func (e *Engine) createDatabase(ctx context.Context, name string) error {
	target := ":memory:"
	if e.dir != "" {
		target = filepath.Join(e.dir, "databases", encodeDBFile(name))
	}
	if _, err := e.catalogDB.ExecContext(ctx, fmt.Sprintf("ATTACH %s AS %s", quoteString(target), quoteIdent(name))); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	if _, err := e.catalogDB.ExecContext(ctx, fmt.Sprintf("CREATE SCHEMA IF NOT EXISTS %s.PUBLIC", quoteIdent(name))); err != nil {
		return fmt.Errorf("create database %s: %w", name, err)
	}
	return privateFiles(e.dir)
}

func (e *Engine) dropDatabase(ctx context.Context, name string) error {
	if _, err := e.catalogDB.ExecContext(ctx, fmt.Sprintf("DETACH %s", quoteIdent(name))); err != nil {
		return fmt.Errorf("drop database %s: %w", name, err)
	}
	if e.dir != "" {
		f := filepath.Join(e.dir, "databases", encodeDBFile(name))
		for _, p := range []string{f, f + ".wal"} {
			if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("drop database %s: %w", name, err)
			}
		}
	}
	_, err := e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.meta+`.OBJECTS WHERE DATABASE_NAME = ?`, name)
	return err
}

func quoteIdent(s string) string  { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
func quoteString(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// preludeConnector opens connections to one DuckDB database and runs the
// rewriter's prelude on each: its settings always (until the lockdown makes
// them global defaults), its macros when macros is set. Only the pool with
// macros closes the database.
type preludeConnector struct {
	base   *duckdb.Connector
	locked *atomic.Bool
	macros bool
}

func (c *preludeConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	execer, ok := conn.(driver.ExecerContext)
	if !ok {
		conn.Close()
		return nil, errors.New("engine prelude: DuckDB connection cannot execute statements")
	}
	for _, stmt := range rewrite.Prelude() {
		set := strings.HasPrefix(stmt, "SET ")
		if set && c.locked.Load() || !set && !c.macros {
			continue // a global default since the lockdown, or a macro
		}
		if _, err := execer.ExecContext(context.Background(), stmt, nil); err != nil {
			conn.Close()
			return nil, fmt.Errorf("engine prelude %q: %w", firstLine(stmt), err)
		}
	}
	return conn, nil
}

func (c *preludeConnector) Driver() driver.Driver { return c.base.Driver() }

// Close closes the DuckDB database when the pool with macros closes.
func (c *preludeConnector) Close() error {
	if !c.macros {
		return nil
	}
	return c.base.Close()
}
