package snowlocal

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/stagefs"
)

// loading is the engine state behind stages, file formats, COPY and pipes.
type loading struct {
	e          *Engine
	log        *slog.Logger
	stagesRoot string // internal stages live here
	bootID     string // changes every time the engine opens (see loadhistory)
	seed       []byte // per-engine secret, persisted: integration ids derive from it

	mu       sync.Mutex
	envMap   map[string]string
	stageMap *stagefs.Map
	dirs     map[string]*stagefs.Dir
	// temps are the temp tables staged-file queries created, per session;
	// they are dropped by the session's next staged-file query.
	temps map[*Session][]string
	// copying is the file a COPY with a transformation is loading, per session.
	copying map[*Session]string
	pipes   map[string]*pipeState

	tmpSeq atomic.Int64
}

func init() { extensions = append(extensions, installLoading) }

func installLoading(ctx context.Context, e *Engine) error {
	l := &loading{e: e, log: slog.Default(), dirs: map[string]*stagefs.Dir{}, temps: map[*Session][]string{},
		copying: map[*Session]string{}, pipes: map[string]*pipeState{}}
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	l.bootID = hex.EncodeToString(b)
	if e.dir != "" {
		// stagefs wants an absolute root: an engine opened on a relative
		// directory (flurry sql's ./.flurry) would fail every stage access.
		root, err := filepath.Abs(filepath.Join(e.dir, "stages"))
		if err != nil {
			return fmt.Errorf("internal stage directory: %w", err)
		}
		l.stagesRoot = root
	} else {
		tmp, err := os.MkdirTemp("", "flurry-stages-")
		if err != nil {
			return fmt.Errorf("internal stage directory: %w", err)
		}
		l.stagesRoot = tmp
		e.OnClose(func() error { return os.RemoveAll(tmp) })
	}
	if err := os.MkdirAll(l.stagesRoot, 0o700); err != nil {
		return fmt.Errorf("internal stage directory: %w", err)
	}
	seed, err := l.engineSeed(ctx)
	if err != nil {
		return err
	}
	l.seed = seed
	env, err := stagefs.ParseMap(os.Getenv(stagefs.EnvStageMap))
	if err != nil {
		return fmt.Errorf("%s: %w", stagefs.EnvStageMap, err)
	}
	l.envMap = env
	if l.stageMap, err = stagefs.NewMap(env); err != nil {
		return fmt.Errorf("%s: %w", stagefs.EnvStageMap, err)
	}
	e.loading = l

	e.Register("CREATE STORAGE INTEGRATION", cmdCreateIntegration)
	e.Register("CREATE INTEGRATION", cmdCreateIntegration)
	e.Register("ALTER STORAGE INTEGRATION", cmdAlterIntegration)
	e.Register("ALTER INTEGRATION", cmdAlterIntegration)
	e.Register("DROP STORAGE INTEGRATION", cmdDropIntegration)
	e.Register("DROP INTEGRATION", cmdDropIntegration)
	e.Register("SHOW INTEGRATIONS", cmdShowIntegrations)
	e.Register("SHOW STORAGE INTEGRATIONS", cmdShowIntegrations)
	for _, d := range []string{"DESC", "DESCRIBE"} {
		e.Register(d+" INTEGRATION", cmdDescIntegration)
		e.Register(d+" STORAGE INTEGRATION", cmdDescIntegration)
		e.Register(d+" STAGE", cmdDescStage)
		e.Register(d+" FILE FORMAT", cmdDescFileFormat)
		e.Register(d+" PIPE", cmdDescPipe)
	}
	e.Register("CREATE STAGE", cmdCreateStage)
	e.Register("ALTER STAGE", cmdAlterStage)
	e.Register("DROP STAGE", cmdDropStage)
	e.Register("SHOW STAGES", cmdShowStages)
	e.Register("CREATE FILE FORMAT", cmdCreateFileFormat)
	e.Register("ALTER FILE FORMAT", cmdAlterFileFormat)
	e.Register("DROP FILE FORMAT", cmdDropFileFormat)
	e.Register("SHOW FILE FORMATS", cmdShowFileFormats)
	e.Register("LIST", cmdList)
	e.Register("LS", cmdList)
	e.Register("REMOVE", cmdRemove)
	e.Register("RM", cmdRemove)
	e.Register("PUT", cmdPut)
	e.Register("GET", cmdGet)
	e.Register("COPY INTO", cmdCopyInto)
	e.Register("CREATE PIPE", cmdCreatePipe)
	e.Register("ALTER PIPE", cmdAlterPipe)
	e.Register("DROP PIPE", cmdDropPipe)
	e.Register("SHOW PIPES", cmdShowPipes)
	e.SetStageRefHook(l.stageRefHook)
	e.AddSubstitution(l.substitute)
	e.AddWorker(l.pipeWorker)
	return nil
}

// SetLogger sends the engine's background logs (pipes, loads) to log.
func (e *Engine) SetLogger(log *slog.Logger) {
	if log == nil || e.loading == nil {
		return
	}
	e.loading.mu.Lock()
	defer e.loading.mu.Unlock()
	e.loading.log = log
}

// SetStageMap adds entries (s3 URL prefix -> target, see stagefs.Map) to the
// stage map read from FLURRY_LOCAL_STAGE_MAP; entries given here win.
func (e *Engine) SetStageMap(entries map[string]string) error {
	l := e.loading
	l.mu.Lock()
	defer l.mu.Unlock()
	merged := map[string]string{}
	for k, v := range l.envMap {
		merged[k] = v
	}
	for k, v := range entries {
		merged[k] = v
	}
	m, err := stagefs.NewMap(merged)
	if err != nil {
		return fmt.Errorf("local engine stage map: %w", err)
	}
	l.stageMap = m
	return nil
}

// engineSeed is a random secret kept in the catalog, so generated values
// (integration external ids) are stable across restarts of one engine and
// differ between engines.
func (l *loading) engineSeed(ctx context.Context) ([]byte, error) {
	o, ok, err := l.e.GetObject(ctx, "FLURRY_SEED", "", "", "SEED")
	if err != nil {
		return nil, fmt.Errorf("read engine seed: %w", err)
	}
	if ok {
		if b, err := hex.DecodeString(o.Props["seed"]); err == nil && len(b) > 0 {
			return b, nil
		}
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	if err := l.e.PutObject(ctx, Object{Kind: "FLURRY_SEED", Name: "SEED", Props: map[string]string{"seed": hex.EncodeToString(b)}}); err != nil {
		return nil, fmt.Errorf("store engine seed: %w", err)
	}
	return b, nil
}

// ---- stage references ----

type stageKind int

const (
	stageNamed stageKind = iota
	stageUser            // @~
	stageTable           // @%table
)

// stageRef is a parsed "@name/path" reference.
type stageRef struct {
	kind stageKind
	name objectName // named stage or table
	path string     // sub-path under the stage, cleaned ("" or "a/b" or "a/")
	text string     // as written
}

// parseStageRef parses "@db.schema.name/path", "@~/path", "@%table/path"
// (the leading @ is optional; quoted name parts keep their case).
func parseStageRef(text string) (stageRef, error) {
	ref := stageRef{text: text}
	s := strings.TrimSpace(text)
	s = strings.TrimPrefix(s, "@")
	bad := func(msg string) (stageRef, error) {
		return stageRef{}, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid stage location '%s': %s", text, msg)
	}
	if s == "" {
		return bad("no stage name")
	}
	if strings.HasPrefix(s, "~") {
		ref.kind = stageUser
		s = s[1:]
	} else {
		var parts []string
		for {
			if strings.HasPrefix(s, "%") && ref.kind == stageNamed {
				ref.kind = stageTable
				s = s[1:]
			}
			var part string
			if strings.HasPrefix(s, `"`) {
				end := 1
				var b strings.Builder
				for ; end < len(s); end++ {
					if s[end] == '"' {
						if end+1 < len(s) && s[end+1] == '"' {
							b.WriteByte('"')
							end++
							continue
						}
						break
					}
					b.WriteByte(s[end])
				}
				if end >= len(s) {
					return bad("unterminated quoted name")
				}
				part, s = b.String(), s[end+1:]
			} else {
				end := 0
				for end < len(s) && s[end] != '.' && s[end] != '/' {
					end++
				}
				part, s = strings.ToUpper(s[:end]), s[end:]
			}
			if part == "" {
				return bad("empty name part")
			}
			parts = append(parts, part)
			if strings.HasPrefix(s, ".") {
				s = s[1:]
				continue
			}
			break
		}
		if len(parts) > 3 {
			return bad("too many name parts")
		}
		ref.name = objectName{parts: parts}
	}
	if s != "" && !strings.HasPrefix(s, "/") {
		return bad("unexpected '" + s + "'")
	}
	p, err := stagefs.CleanPath(strings.TrimPrefix(s, "/"))
	if err != nil {
		return bad(err.Error())
	}
	ref.path = p
	return ref, nil
}

// readStageLocation reads a stage location at the cursor: @name/path written
// bare (it is taken from the statement text up to whitespace or one of
// ";,()") or quoted as a string literal '@name/path'.
func readStageLocation(c *cursor) (string, bool) {
	t, ok := c.peek(0)
	if !ok {
		return "", false
	}
	if s, ok := c.stringLit(); ok {
		if strings.HasPrefix(s, "@") {
			return s, true
		}
		c.pos--
		return "", false
	}
	if !(t.Text == "@") {
		return "", false
	}
	end := scanStageLocation(c.text, t.Pos)
	for !c.done() && c.toks[c.pos].Pos < end {
		c.pos++
	}
	return c.text[t.Pos:end], true
}

// scanStageLocation returns the end offset of a bare @location starting at pos.
func scanStageLocation(text string, pos int) int {
	i := pos + 1
	inQuote := false
	for ; i < len(text); i++ {
		ch := text[i]
		if inQuote {
			if ch == '"' {
				inQuote = false
			}
			continue
		}
		if ch == '"' {
			inQuote = true
			continue
		}
		if ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ';' || ch == ',' || ch == '(' || ch == ')' || ch == '\'' {
			break
		}
	}
	return i
}

// stageLoc is a resolved stage location.
type stageLoc struct {
	ref      stageRef
	store    stagefs.Store
	base     string // path of the stage root inside store ("" or "logs/")
	external bool
	// url is the stage's location as Snowflake names it in load history
	// (s3://bucket/logs/ for external stages, @DB.SCHEMA.STAGE/ otherwise).
	url string
	// display prefixes file names in LIST and COPY results (Snowflake shows
	// the URL for external stages and the lower-cased stage name otherwise).
	display string
	stage   *Object // the stage object (nil for user and table stages)
	dir     string  // the local directory of internal stages (PUT/GET)
	db      string  // database and schema the stage lives in
	schema  string
}

// prefix is the store path to list for the reference's sub-path.
func (sl *stageLoc) prefix() string { return sl.base + sl.ref.path }

// rel is a store path relative to the stage root.
func (sl *stageLoc) rel(p string) string { return strings.TrimPrefix(p, sl.base) }

func (l *loading) internalDir(parts ...string) (*stagefs.Dir, error) {
	segs := []string{l.stagesRoot}
	for _, p := range parts {
		segs = append(segs, strings.TrimSuffix(encodeDBFile(p), ".duckdb"))
	}
	dir := filepath.Join(segs...)
	l.mu.Lock()
	defer l.mu.Unlock()
	if d, ok := l.dirs[dir]; ok {
		return d, nil
	}
	d, err := stagefs.NewDir(dir)
	if err != nil {
		return nil, err
	}
	l.dirs[dir] = d
	return d, nil
}

// namedStageDir is where an internal named stage keeps its files.
func (l *loading) namedStageDir(db, schema, name string) string {
	return filepath.Join(l.stagesRoot, strings.TrimSuffix(encodeDBFile(db), ".duckdb"),
		strings.TrimSuffix(encodeDBFile(schema), ".duckdb"), strings.TrimSuffix(encodeDBFile(name), ".duckdb"))
}

func stageNotExist(name string) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nStage '%s' does not exist or not authorized.", name)
}

// resolveStage finds the stage a reference names and where its files are.
func (l *loading) resolveStage(ctx context.Context, s *Session, text string) (*stageLoc, error) {
	ref, err := parseStageRef(text)
	if err != nil {
		return nil, err
	}
	sl := &stageLoc{ref: ref}
	switch ref.kind {
	case stageUser:
		d, err := l.internalDir("~", strings.ToUpper(s.User))
		if err != nil {
			return nil, err
		}
		sl.store, sl.dir, sl.url, sl.display = d, d.Root(), "@~/", ""
		return sl, nil
	case stageTable:
		db, schema, name, err := s.Resolve(ref.name)
		if err != nil {
			return nil, err
		}
		cols, err := l.e.columns(ctx, db, schema, name)
		if err != nil {
			return nil, err
		}
		if len(cols) == 0 {
			return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nTable '%s' does not exist or not authorized.", ref.name)
		}
		d, err := l.internalDir(db, schema, "%"+name)
		if err != nil {
			return nil, err
		}
		sl.store, sl.dir, sl.db, sl.schema = d, d.Root(), db, schema
		sl.url = "@" + db + "." + schema + ".%" + name + "/"
		return sl, nil
	}
	db, schema, name, err := s.Resolve(ref.name)
	if err != nil {
		return nil, err
	}
	o, ok, err := l.e.GetObject(ctx, "STAGE", db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, stageNotExist(db + "." + schema + "." + name)
	}
	sl.stage, sl.db, sl.schema = &o, db, schema
	if u := o.Props["URL"]; u != "" {
		if err := l.checkIntegration(ctx, o.Props["STORAGE_INTEGRATION"], u, true); err != nil {
			return nil, err
		}
		l.mu.Lock()
		m := l.stageMap
		l.mu.Unlock()
		st, base, err := m.Resolve(ctx, u)
		if err != nil {
			var nm *stagefs.NotMappedError
			if errors.As(err, &nm) {
				return nil, Errorf("091003", "22000", "Failure using stage area. Cause: [%s]", err.Error())
			}
			return nil, Errorf("091003", "22000", "Failure using stage area. Cause: [%v]", err)
		}
		sl.store, sl.base, sl.external, sl.url, sl.display = st, base, true, u, u
		return sl, nil
	}
	d, err := l.internalDir(db, schema, name)
	if err != nil {
		return nil, err
	}
	sl.store, sl.dir = d, d.Root()
	sl.url = "@" + db + "." + schema + "." + name + "/"
	sl.display = strings.ToLower(name) + "/"
	return sl, nil
}

// stagedFile is a file in a stage, with its names.
type stagedFile struct {
	stagefs.File
	rel     string // relative to the stage root
	display string // as LIST and COPY show it
	key     string // load-metadata key: stage url + rel
}

// list lists the files under the reference's path, filtered by an anchored
// PATTERN regular expression (matched against the path relative to the stage
// root, as well as the displayed name).
func (l *loading) list(ctx context.Context, sl *stageLoc, pattern string) ([]stagedFile, error) {
	re, err := compilePattern(pattern)
	if err != nil {
		return nil, err
	}
	files, err := sl.store.List(ctx, sl.prefix())
	if err != nil {
		return nil, Errorf("091003", "22000", "Failure using stage area. Cause: [%v]", err)
	}
	var out []stagedFile
	for _, f := range files {
		rel := sl.rel(f.Path)
		sf := stagedFile{File: f, rel: rel, display: sl.display + rel, key: sl.url + rel}
		if re != nil && !re.MatchString(rel) && !re.MatchString(sf.display) && !re.MatchString(f.Path) {
			continue
		}
		out = append(out, sf)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, nil
}

// ---- CREATE / ALTER / DROP / SHOW / DESC STAGE ----

func cmdCreateStage(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "STAGE")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	if err := s.e.requireSchema(ctx, db, schema); err != nil {
		return nil, err
	}
	props := c.properties()
	l := s.e.loading
	if u := props["URL"]; u != "" {
		if !strings.Contains(u, "://") {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid URL '%s' for stage %s: expected s3://bucket/path/", u, name)
		}
		if err := l.checkIntegration(ctx, props["STORAGE_INTEGRATION"], u, false); err != nil {
			return nil, err
		}
	} else if props["STORAGE_INTEGRATION"] != "" {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nSTORAGE_INTEGRATION requires a URL for stage %s.", name)
	}
	if ff := props["FILE_FORMAT"]; ff != "" {
		if _, err := parseFileFormatSpec(ff); err != nil {
			return nil, err
		}
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	old, exists, err := s.e.GetObject(ctx, "STAGE", db, schema, name)
	if err != nil {
		return nil, err
	}
	if exists {
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
	}
	if exists && old.Props["URL"] == "" {
		// Replacing an internal stage drops its files, as in Snowflake.
		if err := os.RemoveAll(l.namedStageDir(db, schema, name)); err != nil {
			return nil, fmt.Errorf("replace stage %s: %w", name, err)
		}
		l.forgetDir(l.namedStageDir(db, schema, name))
	}
	if err := s.e.PutObject(ctx, Object{Kind: "STAGE", Database: db, Schema: schema, Name: name, Props: props, SQL: c.text, Owner: s.Role}); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Stage area %s successfully created.", name)), nil
}

func (l *loading) forgetDir(dir string) {
	l.mu.Lock()
	delete(l.dirs, dir)
	l.mu.Unlock()
}

// requireSchema gives Snowflake's error for a schema that does not exist.
func (e *Engine) requireSchema(ctx context.Context, db, schema string) error {
	ok, err := e.schemaExists(ctx, db, schema)
	if err != nil {
		return err
	}
	if !ok {
		if _, dbok, _ := e.lookupDatabase(ctx, db); !dbok {
			return Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", db)
		}
		return Errorf(CodeNotExist, "02000", "SQL compilation error:\nSchema '%s.%s' does not exist or not authorized.", db, schema)
	}
	return nil
}

func cmdAlterStage(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "STAGE")
	ifExists := c.accept("IF", "EXISTS")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	o, ok, err := s.e.GetObject(ctx, "STAGE", db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return alterMissing(ifExists, stageNotExist(db+"."+schema+"."+name))
	}
	switch {
	case c.accept("SET"):
		props := c.properties()
		if u := props["URL"]; u != "" {
			integ := props["STORAGE_INTEGRATION"]
			if integ == "" {
				integ = o.Props["STORAGE_INTEGRATION"]
			}
			if err := s.e.loading.checkIntegration(ctx, integ, u, false); err != nil {
				return nil, err
			}
		}
		if o.Props == nil {
			o.Props = map[string]string{}
		}
		for k, v := range props {
			o.Props[k] = v
		}
	case c.accept("RENAME", "TO"):
		_, ndb, nschema, nname, err := s.objectArg(c)
		if err != nil {
			return nil, err
		}
		if _, exists, _ := s.e.GetObject(ctx, "STAGE", ndb, nschema, nname); exists {
			return nil, Errorf(CodeAlreadyExists, "42710", "SQL compilation error:\nObject '%s' already exists.", nname)
		}
		if o.Props["URL"] == "" {
			from, to := s.e.loading.namedStageDir(db, schema, name), s.e.loading.namedStageDir(ndb, nschema, nname)
			if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
				return nil, err
			}
			if err := os.Rename(from, to); err != nil && !errors.Is(err, os.ErrNotExist) {
				return nil, fmt.Errorf("rename stage %s: %w", name, err)
			}
			s.e.loading.forgetDir(from)
		}
		if _, err := s.e.DeleteObject(ctx, "STAGE", db, schema, name); err != nil {
			return nil, err
		}
		o.Database, o.Schema, o.Name = ndb, nschema, nname
	default:
		// REFRESH (directory tables) and tags: nothing to do locally.
	}
	if err := s.e.PutObject(ctx, o); err != nil {
		return nil, err
	}
	return statusResult("Statement executed successfully."), nil
}

func cmdDropStage(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "STAGE")
	ifExists := c.accept("IF", "EXISTS")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	o, ok, err := s.e.GetObject(ctx, "STAGE", db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return dropMissing(name, ifExists, stageNotExist(db+"."+schema+"."+name))
	}
	if _, err := s.e.DeleteObject(ctx, "STAGE", db, schema, name); err != nil {
		return nil, err
	}
	if o.Props["URL"] == "" {
		dir := s.e.loading.namedStageDir(db, schema, name)
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("drop stage %s: %w", name, err)
		}
		s.e.loading.forgetDir(dir)
	}
	return dropped(name), nil
}

func cmdShowStages(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW", "STAGES")
	sc, err := parseShowScope(s, c, true)
	if err != nil {
		return nil, err
	}
	if err := sc.refuseStartsWith("STAGES"); err != nil {
		return nil, err
	}
	objs, err := s.e.showObjects(ctx, "STAGE", sc)
	if err != nil {
		return nil, err
	}
	t := newTable("created_on", "name", "database_name", "schema_name", "url", "has_credentials", "has_encryption_key",
		"owner", "comment", "region", "type", "cloud", "notification_channel", "storage_integration", "endpoint",
		"owner_role_type", "directory_enabled")
	for _, o := range objs {
		typ, cloud, region := "INTERNAL", any(nil), any(nil)
		if o.Props["URL"] != "" {
			typ, cloud, region = "EXTERNAL", "AWS", "local"
		}
		var integ any
		if v := o.Props["STORAGE_INTEGRATION"]; v != "" {
			integ = v
		}
		t.add(o.CreatedOn, o.Name, o.Database, o.Schema, o.Props["URL"], boolYN(o.Props["CREDENTIALS"] != "", "Y", "N"),
			boolYN(o.Props["ENCRYPTION"] != "", "Y", "N"), orDefault(o.Owner, "ACCOUNTADMIN"), o.Props["COMMENT"], region, typ, cloud,
			nil, integ, nil, "ROLE", "N")
	}
	return t.result(), nil
}

func cmdDescStage(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // DESC / DESCRIBE
	c.accept("STAGE")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	o, ok, err := s.e.GetObject(ctx, "STAGE", db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, stageNotExist(db + "." + schema + "." + name)
	}
	t := newTable("parent_property", "property", "property_type", "property_value", "property_default")
	spec, _ := parseFileFormatSpec(o.Props["FILE_FORMAT"])
	if spec.name != "" {
		t.add("STAGE_FILE_FORMAT", "FORMAT_NAME", "String", spec.name, "")
	} else {
		ff, err := newFileFormat(spec.options)
		if err != nil {
			return nil, err
		}
		for _, p := range ff.describe() {
			t.add("STAGE_FILE_FORMAT", p.name, p.typ, p.value, p.dflt)
		}
	}
	co := parseCopyOptionsText(o.Props["COPY_OPTIONS"])
	for _, p := range [][4]string{
		{"ON_ERROR", "String", "ABORT_STATEMENT"}, {"SIZE_LIMIT", "Long", ""}, {"PURGE", "Boolean", "false"},
		{"RETURN_FAILED_ONLY", "Boolean", "false"}, {"ENFORCE_LENGTH", "Boolean", "true"},
		{"TRUNCATECOLUMNS", "Boolean", "false"}, {"FORCE", "Boolean", "false"},
	} {
		v := co[p[0]]
		if v == "" {
			v = p[2]
		}
		t.add("STAGE_COPY_OPTIONS", p[0], p[1], strings.ToLower(v), p[2])
	}
	url := ""
	if u := o.Props["URL"]; u != "" {
		url = `["` + u + `"]`
	}
	t.add("STAGE_LOCATION", "URL", "String", url, "")
	t.add("STAGE_LOCATION", "AWS_ACCESS_POINT_ARN", "String", "", "")
	t.add("STAGE_INTEGRATION", "STORAGE_INTEGRATION", "String", o.Props["STORAGE_INTEGRATION"], "")
	t.add("STAGE_CREDENTIALS", "AWS_KEY_ID", "String", "", "")
	t.add("DIRECTORY", "ENABLE", "Boolean", "false", "false")
	return t.result(), nil
}

// parseCopyOptionsText reads a stage's COPY_OPTIONS = (...) property.
func parseCopyOptionsText(v string) map[string]string {
	v = strings.TrimSpace(v)
	if !strings.HasPrefix(v, "(") {
		return map[string]string{}
	}
	c, err := newCursor(strings.TrimSuffix(strings.TrimPrefix(v, "("), ")"))
	if err != nil {
		return map[string]string{}
	}
	return c.properties()
}

// listTime formats times as Snowflake's LIST does.
func listTime(t time.Time) string { return t.UTC().Format("Mon, 2 Jan 2006 15:04:05 GMT") }
