package snowlocal

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// Limits bound the share of the machine the engine's DuckDB may use.
type Limits struct {
	// MemoryLimit is DuckDB's memory_limit ("2GB", "512MiB"); empty means a
	// quarter of the machine's memory (DuckDB's own default is 80%).
	MemoryLimit string
	// Threads is DuckDB's worker thread count; 0 means half the cores (at least 1).
	Threads int
}

// lockdown confines DuckDB to the engine's own files before any client SQL
// runs: whatever SQL reaches DuckDB (read_text('/etc/passwd'), glob, COPY TO,
// ATTACH, INSTALL/LOAD, SET), it cannot touch a file outside the engine's
// databases, stages, scratch directory and the directories stage URLs are
// mapped to (extra), and cannot load extensions; DuckDB refuses to turn
// external access back on while the database runs. The extensions the engine
// needs (json, parquet, icu) are built in and already loaded; the prelude's
// session settings become global defaults.
func (e *Engine) lockdown(ctx context.Context, limits Limits, extra []string) error {
	mem, err := e.memoryLimit(ctx, limits.MemoryLimit)
	if err != nil {
		return err
	}
	threads := limits.Threads
	if threads <= 0 {
		threads = max(1, runtime.NumCPU()/2)
	}
	allowed := []string{e.scratch}
	if e.dir != "" {
		allowed = append(allowed, filepath.Join(e.dir, "databases"))
	}
	if e.loading != nil {
		allowed = append(allowed, e.loading.stagesRoot)
	}
	allowed = append(allowed, extra...)
	list := make([]string, 0, len(allowed))
	for _, d := range allowed {
		if d == "" {
			continue
		}
		// A trailing separator keeps "/x/stages" from also allowing "/x/stages2".
		list = append(list, quoteString(strings.TrimSuffix(filepath.Clean(d), string(filepath.Separator))+string(filepath.Separator)))
	}
	var stmts []string
	for _, s := range rewrite.Prelude() {
		if rest, ok := strings.CutPrefix(s, "SET "); ok {
			stmts = append(stmts, "SET GLOBAL "+rest)
		}
	}
	stmts = append(stmts,
		"SET temp_directory = "+quoteString(e.scratch),
		"SET memory_limit = "+quoteString(mem),
		"SET threads = "+strconv.Itoa(threads),
		"SET allowed_directories = ["+strings.Join(list, ", ")+"]",
		"SET autoinstall_known_extensions = false",
		"SET autoload_known_extensions = false",
		"SET allow_community_extensions = false",
		"SET allow_persistent_secrets = false",
		// Once off, DuckDB refuses to turn external access (or the allowed
		// directories) back on while the database runs. The rest of the
		// configuration is not locked (lock_configuration): a session's
		// TIMEZONE is a SET TimeZone on its own connection (params.go), and a
		// locked configuration refuses every SET but schema/search_path.
		// Clients cannot send SET, RESET or PRAGMA themselves (the rewriter
		// refuses them; TestClientCannotChangeDuckDBSettings).
		"SET enable_external_access = false",
	)
	for _, s := range stmts {
		if _, err := e.db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("lock down engine (%s): %w", s, err)
		}
	}
	e.locked.Store(true)
	return nil
}

// memoryLimit validates a configured limit, or derives the default from
// DuckDB's (80% of the memory it sees, cgroup limits included): a quarter of it.
func (e *Engine) memoryLimit(ctx context.Context, configured string) (string, error) {
	if configured != "" {
		if _, err := parseByteSize(configured); err != nil {
			return "", fmt.Errorf("memory limit %q: %w", configured, err)
		}
		return configured, nil
	}
	var def string
	if err := e.db.QueryRowContext(ctx, "SELECT current_setting('memory_limit')").Scan(&def); err != nil {
		return "", fmt.Errorf("read DuckDB memory limit: %w", err)
	}
	n, err := parseByteSize(def)
	if err != nil {
		return "", fmt.Errorf("DuckDB memory limit %q: %w", def, err)
	}
	quarter := int64(float64(n) / 0.8 * 0.25)
	return strconv.FormatInt(max(quarter, 256<<20)/(1<<20), 10) + "MiB", nil
}

// parseByteSize reads sizes as DuckDB writes and accepts them: "18.8 GiB",
// "2GB", "512MiB", "1000 bytes".
func parseByteSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num, err := strconv.ParseFloat(t[:i], 64)
	if err != nil || num <= 0 {
		return 0, fmt.Errorf("want a positive size such as 2GB or 512MiB")
	}
	units := map[string]float64{
		"": 1, "B": 1, "BYTE": 1, "BYTES": 1,
		"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
		"KIB": 1 << 10, "MIB": 1 << 20, "GIB": 1 << 30, "TIB": 1 << 40,
	}
	mult, ok := units[strings.ToUpper(strings.TrimSpace(t[i:]))]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q (want B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)", strings.TrimSpace(t[i:]))
	}
	return int64(num * mult), nil
}

// stageMapDirs lists the local directories stage URLs are mapped to
// (file:///dir targets), which DuckDB reads Parquet files from.
func stageMapDirs(entries ...map[string]string) []string {
	var dirs []string
	for _, m := range entries {
		for _, to := range m {
			u, err := url.Parse(to)
			if err != nil || u.Scheme != "file" {
				continue
			}
			if p := filepath.FromSlash(u.Path); filepath.IsAbs(p) {
				dirs = append(dirs, p)
			}
		}
	}
	return dirs
}

// makeScratch creates the engine's private scratch directory (DuckDB spill
// files, temporary copies of staged objects): <dir>/tmp, or a fresh
// temporary directory for an in-memory engine.
func makeScratch(dir string) (path string, cleanup func() error, err error) {
	if dir == "" {
		p, err := os.MkdirTemp("", "flurry-engine-")
		if err != nil {
			return "", nil, fmt.Errorf("engine scratch directory: %w", err)
		}
		return p, func() error { return os.RemoveAll(p) }, nil
	}
	p := filepath.Join(dir, "tmp")
	if err := os.MkdirAll(p, 0o700); err != nil {
		return "", nil, fmt.Errorf("engine scratch directory: %w", err)
	}
	return p, func() error { return nil }, nil
}

// pythonRefused refuses to run or create a Python function body on an engine
// served without AllowPython: the body would run as the server's user.
func pythonRefused(ctx context.Context, name string) error {
	s, _ := ctx.Value(sessionKey{}).(*Session)
	if s == nil || !s.e.refusePython {
		return nil
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nPython function %s: Python function bodies are disabled on this local engine "+
		"(they would run as the server's user); start it with `flurry local serve --allow-python` to enable them.", name)
}

// privateFiles makes the engine directory 0700 and the DuckDB files DuckDB
// created 0600 (it creates them 0644): they hold every table, and the
// catalog holds stage credentials. Later files (WAL) sit inside the private
// directory.
func privateFiles(dir string) error {
	if dir == "" {
		return nil
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("engine dir %s: %w", dir, err)
	}
	for _, pattern := range []string{"*.duckdb*", filepath.Join("databases", "*.duckdb*")} {
		files, err := filepath.Glob(filepath.Join(dir, pattern))
		if err != nil {
			return err
		}
		for _, f := range files {
			if err := os.Chmod(f, 0o600); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("engine file %s: %w", f, err)
			}
		}
	}
	return nil
}

// Environment variables that set the engine's Limits when Config leaves
// them empty (the embedded engine has no flags of its own).
const (
	EnvMemoryLimit = "FLURRY_LOCAL_MEMORY_LIMIT"
	EnvThreads     = "FLURRY_LOCAL_THREADS"
)

// withEnv fills unset limits from the environment.
func (l Limits) withEnv() (Limits, error) {
	if l.MemoryLimit == "" {
		l.MemoryLimit = os.Getenv(EnvMemoryLimit)
	}
	if v := os.Getenv(EnvThreads); l.Threads == 0 && v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return l, fmt.Errorf("%s=%q: want a positive number of threads", EnvThreads, v)
		}
		l.Threads = n
	}
	return l, nil
}

var reFileAccess = regexp.MustCompile(`Cannot access (?:file|directory) "([^"]*)"`)

// permissionError is Snowflake's answer where the lockdown stopped DuckDB
// from touching a file: the name used as a relation does not exist for it.
func permissionError(msg string) error {
	if m := reFileAccess.FindStringSubmatch(msg); m != nil {
		return Errorf(CodeNotExist, "42S02", "SQL compilation error:\nObject '\"%s\"' does not exist or not authorized.", m[1])
	}
	return Errorf(CodeNotExist, "42S02", "SQL compilation error:\nObject does not exist or not authorized.")
}
