package snowlocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// authorize checks a statement against the session's active roles before
// it runs. after, when not nil, records what the statement changed in the
// grants (ownership of a new object, future grants, copied grants) once it
// succeeded.
func (s *Session) authorize(ctx context.Context, words []string, text string) (res *Result, after func(context.Context) error, err error) {
	if len(words) == 0 {
		return nil, nil, nil
	}
	switch words[0] {
	case "SELECT", "WITH", "VALUES", "TABLE", "FROM", "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE":
		return nil, nil, s.checkQuery(ctx, s.authz(), text)
	case "CREATE":
		return s.authorizeCreate(ctx, words, text)
	case "DROP":
		return s.authorizeDrop(ctx, words, text)
	case "ALTER":
		return s.authorizeAlter(ctx, words, text)
	case "USE":
		return s.authorizeUse(ctx, words, text)
	case "DESC", "DESCRIBE":
		return nil, nil, s.authorizeDescribe(ctx, words, text)
	case "EXECUTE":
		if len(words) > 1 && words[1] == "TASK" {
			return nil, nil, s.authorizeTaskRun(ctx, text, "EXECUTE")
		}
	case "COPY":
		return nil, nil, s.authorizeCopy(ctx, s.authz(), text)
	case "PUT", "REMOVE", "RM":
		return nil, nil, s.checkStages(ctx, s.authz(), text, "WRITE")
	case "GET", "LIST", "LS":
		return nil, nil, s.checkStages(ctx, s.authz(), text, "READ")
	}
	if strings.HasPrefix(strings.TrimSpace(text), "(") {
		return nil, nil, s.checkQuery(ctx, s.authz(), text)
	}
	return nil, nil, nil
}

// objectKind maps the kind words of CREATE/DROP/ALTER/DESC to a grant
// object type and the number of words it takes.
func objectKind(words []string) (on string, n int) {
	if len(words) < 2 {
		return "", 0
	}
	switch words[1] {
	case "TABLE", "VIEW", "STAGE", "PIPE", "STREAM", "TASK", "FUNCTION", "PROCEDURE", "SEQUENCE",
		"SCHEMA", "DATABASE", "WAREHOUSE", "ROLE", "USER", "INTEGRATION":
		return words[1], 1
	case "FILE":
		return "FILE_FORMAT", 2
	case "STORAGE", "NOTIFICATION", "API", "SECURITY":
		return "INTEGRATION", 2
	case "EXTERNAL", "DYNAMIC":
		return "TABLE", 2
	case "MATERIALIZED":
		return "VIEW", 2
	}
	return "", 0
}

// catalogKinds are the object types the engine keeps in its own catalog
// (the others are DuckDB objects).
var catalogKinds = map[string]string{"STAGE": "STAGE", "FILE_FORMAT": "FILE_FORMAT", "PIPE": "PIPE", "STREAM": "STREAM",
	"TASK": "TASK", "FUNCTION": "FUNCTION", "WAREHOUSE": "WAREHOUSE", "INTEGRATION": "INTEGRATION", "ROLE": "ROLE", "USER": "USER"}

// target is the object a DDL statement names, qualified against the session.
type target struct {
	on       string // object type
	db       string
	schema   string
	name     string // the object's own name
	full     string // qualified name as grants name it
	exists   bool
	orRepl   bool
	ifNotEx  bool
	copy     bool // COPY GRANTS
	afterPos int  // cursor position after the name
}

// parseTarget reads the object a CREATE/DROP/ALTER/DESC statement acts on.
func (s *Session) parseTarget(ctx context.Context, words []string, text string) (*target, bool) {
	on, n := objectKind(words)
	if on == "" {
		return nil, false
	}
	c, err := newCursor(text)
	if err != nil {
		return nil, false
	}
	t := &target{on: on}
	c.pos++ // CREATE / DROP / ALTER / DESC
	for !c.done() {
		if c.accept("OR", "REPLACE") {
			t.orRepl = true
			continue
		}
		if createModifiers[c.word(0)] {
			c.pos++
			continue
		}
		break
	}
	c.pos += n
	t.ifNotEx = c.accept("IF", "NOT", "EXISTS")
	c.accept("IF", "EXISTS")
	name, err := c.objectName()
	if err != nil {
		return nil, false
	}
	t.afterPos = c.pos
	for i := c.pos; i+1 < len(c.toks); i++ {
		if c.toks[i].IsWord("COPY") && c.toks[i+1].IsWord("GRANTS") {
			t.copy = true
		}
	}
	switch on {
	case "DATABASE", "WAREHOUSE", "ROLE", "USER", "INTEGRATION":
		t.name, t.full = name.last(), name.last()
	case "SCHEMA":
		t.db, t.name = s.Database, name.last()
		if len(name.parts) == 2 {
			t.db = name.parts[0]
		}
		t.full = t.db + "." + t.name
	default:
		db, schema, nm, err := s.Resolve(name)
		if err != nil {
			return nil, false
		}
		t.db, t.schema, t.name = db, schema, nm
		t.full = db + "." + schema + "." + nm
	}
	t.exists = s.e.objectExists(ctx, t)
	return t, true
}

// objectExists reports whether the target exists (and, for tables and
// views, which of the two it is).
func (e *Engine) objectExists(ctx context.Context, t *target) bool {
	switch t.on {
	case "DATABASE":
		_, ok, _ := e.lookupDatabase(ctx, t.name)
		return ok
	case "SCHEMA":
		ok, _ := e.schemaExists(ctx, t.db, t.name)
		return ok
	case "ROLE":
		if isSystemRole(t.name) {
			return true
		}
	case "TABLE", "VIEW":
		kind, ok := e.grantKind(ctx, t.db, t.schema, t.name)
		if ok && kind != "STREAM" {
			t.on = kind
		}
		return ok && kind != "STREAM"
	case "INTEGRATION":
		_, ok, _ := e.GetObject(ctx, "INTEGRATION", "", "", t.name)
		return ok
	}
	kind := catalogKinds[t.on]
	if kind == "" {
		return false
	}
	_, ok, _ := e.GetObject(ctx, kind, t.db, t.schema, t.name)
	return ok
}

// grantKind finds a table, view or stream (a view the engine keeps for
// it) by its exact name: TABLE, VIEW or STREAM.
func (e *Engine) grantKind(ctx context.Context, db, schema, name string) (string, bool) {
	var kind string
	err := e.catalogDB.QueryRowContext(ctx, `SELECT k FROM (
		SELECT 'TABLE' AS k FROM duckdb_tables() WHERE database_name=? AND schema_name=? AND table_name=?
		UNION ALL SELECT CASE WHEN coalesce(comment,'')='flurry:stream' THEN 'STREAM' ELSE 'VIEW' END FROM duckdb_views()
		WHERE NOT internal AND database_name=? AND schema_name=? AND view_name=?) LIMIT 1`,
		db, schema, name, db, schema, name).Scan(&kind)
	if err == sql.ErrNoRows || err != nil {
		return "", false
	}
	return kind, true
}

// checkContainers requires USAGE on the database and schema an object
// lives in; without any privilege on them they do not exist for the role.
func (s *Session) checkContainers(ctx context.Context, z authz, db, schema string) error {
	if db == "" {
		return nil
	}
	if _, ok, _ := s.e.lookupDatabase(ctx, db); !ok {
		return nil // the statement fails on its own, as for anyone
	}
	if schema != "" && !strings.EqualFold(schema, "INFORMATION_SCHEMA") {
		if ok, _ := s.e.schemaExists(ctx, db, schema); !ok {
			schema = ""
		}
	}
	return containerUsage(z, db, schema)
}

// containerUsage requires USAGE on an existing database and schema.
func containerUsage(z authz, db, schema string) error {
	if !z.has("USAGE", "DATABASE", db) {
		if !z.sees("DATABASE", db) {
			return errDatabaseHidden(db)
		}
		return errInsufficient("database", db)
	}
	if schema == "" || strings.EqualFold(schema, "INFORMATION_SCHEMA") {
		return nil
	}
	full := db + "." + schema
	if !z.has("USAGE", "SCHEMA", full) {
		if !z.sees("SCHEMA", full) {
			return errSchemaHidden(db, schema)
		}
		return errInsufficient("schema", schema)
	}
	return nil
}

// checkObject requires priv (or ownership) on an object.
func checkObject(z authz, priv, on, full string) error {
	if z.has(priv, on, full) {
		return nil
	}
	if !z.sees(on, full) {
		return hiddenError(on, full)
	}
	return errInsufficient(kindWord(on), lastPart(full))
}

// hiddenError is the error for an object the roles cannot see: the one
// the engine gives when it does not exist.
func hiddenError(on, full string) error {
	switch on {
	case "STAGE":
		return stageNotExist(full)
	case "FILE_FORMAT":
		return Errorf(CodeNotExist, "02000", "SQL compilation error:\nFile format '%s' does not exist or not authorized.", full)
	case "FUNCTION":
		return Errorf("002140", "42601", "SQL compilation error:\nUnknown function %s", full)
	case "TABLE", "VIEW", "STREAM":
		return errObjectHidden(full)
	}
	return notExistError(on, lastPart(full))
}

// checkQuery authorizes the relations a query or DML statement reads and
// writes and the user functions it calls. A view is checked for the
// caller alone: it reads its base tables with its owner's rights.
func (s *Session) checkQuery(ctx context.Context, z authz, text string) error {
	rels, calls, err := rewrite.References(text)
	if err != nil {
		return nil // the rewriter reports the syntax error
	}
	for _, r := range rels {
		db, schema, name, ok := s.qualify(r.Parts)
		if !ok {
			continue
		}
		if strings.EqualFold(schema, "INFORMATION_SCHEMA") {
			// Its views need USAGE on their database (and list only what the roles see).
			if err := s.checkContainers(ctx, z, db, ""); err != nil {
				return err
			}
			continue
		}
		kind := s.e.knownKind(db + "." + schema + "." + name)
		if kind == "" {
			var exists bool
			if kind, exists = s.e.grantKind(ctx, db, schema, name); !exists {
				continue // DuckDB reports the missing object
			}
		}
		// The relation exists, so do its database and schema.
		if err := containerUsage(z, db, schema); err != nil {
			return err
		}
		priv := "SELECT"
		if r.Write != "" {
			priv = r.Write
		}
		if priv == "MERGE" {
			priv = "UPDATE"
			if !z.has(priv, kind, db+"."+schema+"."+name) {
				priv = "INSERT"
			}
		}
		full := db + "." + schema + "." + name
		if err := checkObject(z, priv, kind, full); err != nil {
			return err
		}
		if kind == "VIEW" {
			if err := s.checkViewOwner(ctx, db, schema, name, 0); err != nil {
				return err
			}
		}
		if kind == "STREAM" {
			// Querying a stream also needs SELECT on its source table.
			if o, ok, _ := s.e.GetObject(ctx, "STREAM", db, schema, name); ok {
				if o.Props["TABLE_NAME"] != "" {
					src := o.Props["TABLE_DATABASE"] + "." + o.Props["TABLE_SCHEMA"] + "." + o.Props["TABLE_NAME"]
					if err := checkObject(z, "SELECT", "TABLE", src); err != nil {
						return err
					}
				}
			}
		}
	}
	if err := s.checkCalls(ctx, z, calls); err != nil {
		return err
	}
	if err := s.checkPipeStatus(ctx, z, text); err != nil {
		return err
	}
	return s.checkStages(ctx, z, text, "READ")
}

// checkViewOwner checks, at use, that a view's owner may still read what
// the view reads (views run with their owner's rights, never the caller's).
func (s *Session) checkViewOwner(ctx context.Context, db, schema, name string, depth int) error {
	if depth > 8 {
		return nil
	}
	// The answer depends on the view and its owner's grants only, not on
	// the session: kept until the catalog changes (catalog_memo.go).
	err, _ := s.e.memo(fmt.Sprintf("viewOwner\x00%s\x00%s\x00%s\x00%d", db, schema, name, depth), func() any {
		return s.checkViewOwnerNow(ctx, db, schema, name, depth)
	}).(error)
	return err
}

func (s *Session) checkViewOwnerNow(ctx context.Context, db, schema, name string, depth int) error {
	var body string
	if err := s.e.db.QueryRowContext(ctx, `SELECT sql FROM duckdb_views() WHERE database_name=? AND schema_name=? AND view_name=?`,
		db, schema, name).Scan(&body); err != nil {
		return nil
	}
	rels, _, err := rewrite.References(body)
	if err != nil {
		return nil
	}
	oz := authz{e: s.e, roles: s.e.closure(s.e.ownerOf("VIEW", db+"."+schema+"."+name))}
	for _, r := range rels {
		var rdb, rschema, rname string
		switch p := r.Parts; len(p) {
		case 1:
			rdb, rschema, rname = db, schema, p[0]
		case 2:
			rdb, rschema, rname = db, p[0], p[1]
		case 3:
			rdb, rschema, rname = p[0], p[1], p[2]
		default:
			continue
		}
		kind, exists := s.e.grantKind(ctx, rdb, rschema, rname)
		if !exists {
			continue
		}
		err := s.checkContainers(ctx, oz, rdb, rschema)
		if err == nil {
			err = checkObject(oz, "SELECT", kind, rdb+"."+rschema+"."+rname)
		}
		if err == nil && kind == "VIEW" {
			err = s.checkViewOwner(ctx, rdb, rschema, rname, depth+1)
		}
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				return Errorf(e.Code, e.SQLState, "SQL compilation error:\nFailure during expansion of view '%s': %s", name, e.Message)
			}
			return err
		}
	}
	return nil
}

// pipeStatusRe finds SYSTEM$PIPE_STATUS('pipe') calls.
var pipeStatusRe = regexp.MustCompile(`(?i)SYSTEM\$PIPE_STATUS\s*\(\s*'([^']+)'`)

// checkPipeStatus: SYSTEM$PIPE_STATUS needs MONITOR or OPERATE on the pipe.
func (s *Session) checkPipeStatus(ctx context.Context, z authz, text string) error {
	for _, m := range pipeStatusRe.FindAllStringSubmatch(text, -1) {
		c, err := newCursor(m[1])
		if err != nil {
			continue
		}
		n, err := c.objectName()
		if err != nil {
			continue
		}
		db, schema, name, ok := s.qualify(n.parts)
		if !ok {
			continue
		}
		if _, exists, _ := s.e.GetObject(ctx, "PIPE", db, schema, name); !exists {
			continue
		}
		full := db + "." + schema + "." + name
		if err := s.checkContainers(ctx, z, db, schema); err != nil {
			return err
		}
		if !z.has("MONITOR", "PIPE", full) && !z.has("OPERATE", "PIPE", full) {
			return hiddenOrInsufficient(z, "PIPE", full, notExistError("PIPE", full))
		}
	}
	return nil
}

// qualify resolves name parts against the session; ok is false when they
// cannot be (no current database).
func (s *Session) qualify(parts []string) (db, schema, name string, ok bool) {
	db, schema, name, err := s.Resolve(objectName{parts: parts})
	return db, schema, name, err == nil && db != ""
}

// checkCalls requires USAGE on the user functions a statement calls.
func (s *Session) checkCalls(ctx context.Context, z authz, calls [][]string) error {
	var names [][3]string
	seen := map[[3]string]bool{}
	for _, parts := range calls {
		if len(parts) > 3 {
			continue
		}
		if db, schema, name, ok := s.qualify(parts); ok && !seen[[3]string{db, schema, name}] {
			seen[[3]string{db, schema, name}] = true
			names = append(names, [3]string{db, schema, name})
		}
	}
	exists := s.e.userFunctionsAmong(ctx, names) // access_calls.go
	for _, parts := range calls {
		if len(parts) > 3 {
			continue
		}
		db, schema, name, ok := s.qualify(parts)
		if !ok || !exists[[3]string{db, schema, name}] {
			continue
		}
		if err := s.checkContainers(ctx, z, db, schema); err != nil {
			return err
		}
		if err := checkObject(z, "USAGE", "FUNCTION", db+"."+schema+"."+name); err != nil {
			return err
		}
	}
	return nil
}

// stageRefs lists the @stage references of a statement (not in strings,
// except a string that is only a stage location, as LIST '@s' allows).
func stageRefs(text string) []string {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return nil
	}
	var out []string
	for _, t := range toks {
		switch {
		case t.IsOp("@"):
			rest := text[t.Pos:]
			end := strings.IndexAny(rest, " \t\r\n),;'")
			if end < 0 {
				end = len(rest)
			}
			out = append(out, rest[:end])
		case t.Kind == sqllex.String && strings.HasPrefix(t.Text, "'@"):
			out = append(out, unquoteString(t.Text))
		}
	}
	return out
}

// checkStages requires, on every named stage a statement uses, READ or
// WRITE for an internal stage and USAGE for an external one. The user
// stage is always the user's; a table stage needs the table's ownership.
func (s *Session) checkStages(ctx context.Context, z authz, text, access string) error {
	for _, ref := range stageRefs(text) {
		if err := s.checkStage(ctx, z, ref, access); err != nil {
			return err
		}
	}
	return nil
}

func (s *Session) checkStage(ctx context.Context, z authz, text, access string) error {
	ref, err := parseStageRef(text)
	if err != nil {
		return nil
	}
	switch ref.kind {
	case stageUser:
		return nil
	case stageTable:
		db, schema, name, ok := s.qualify(ref.name.parts)
		if !ok {
			return nil
		}
		kind, exists := s.e.grantKind(ctx, db, schema, name)
		if !exists {
			return nil
		}
		if err := s.checkContainers(ctx, z, db, schema); err != nil {
			return err
		}
		return checkObject(z, "OWNERSHIP", kind, db+"."+schema+"."+name)
	}
	db, schema, name, ok := s.qualify(ref.name.parts)
	if !ok {
		return nil
	}
	o, exists, _ := s.e.GetObject(ctx, "STAGE", db, schema, name)
	if !exists {
		return nil
	}
	if err := s.checkContainers(ctx, z, db, schema); err != nil {
		return err
	}
	priv := access
	if o.Props["URL"] != "" {
		priv = "USAGE"
	} else if access == "READ" && z.has("WRITE", "STAGE", db+"."+schema+"."+name) {
		priv = "WRITE" // WRITE on an internal stage needs (and implies holding) READ
	}
	return checkObject(z, priv, "STAGE", db+"."+schema+"."+name)
}

// authorizeCopy checks COPY INTO <table>: INSERT on the table, READ (or
// USAGE) on the stage and USAGE on a named file format; a transformation's
// SELECT is checked like a query.
func (s *Session) authorizeCopy(ctx context.Context, z authz, text string) error {
	c, err := newCursor(text)
	if err != nil {
		return nil
	}
	c.accept("COPY", "INTO")
	if t, ok := c.peek(0); ok && t.IsOp("@") {
		return s.checkStages(ctx, z, text, "WRITE")
	}
	n, err := c.objectName()
	if err != nil {
		return nil
	}
	if db, schema, name, ok := s.qualify(n.parts); ok {
		if kind, exists := s.e.grantKind(ctx, db, schema, name); exists {
			if err := s.checkContainers(ctx, z, db, schema); err != nil {
				return err
			}
			if err := checkObject(z, "INSERT", kind, db+"."+schema+"."+name); err != nil {
				return err
			}
		}
	}
	if err := s.checkStages(ctx, z, text, "READ"); err != nil {
		return err
	}
	for i := c.pos; i+2 < len(c.toks); i++ {
		if c.toks[i].IsWord("FORMAT_NAME") && c.toks[i+1].IsOp("=") {
			cc := &cursor{text: c.text, toks: c.toks, pos: i + 2}
			if ff, err := cc.objectName(); err == nil {
				if err := s.checkFileFormat(ctx, z, ff); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func (s *Session) checkFileFormat(ctx context.Context, z authz, n objectName) error {
	db, schema, name, ok := s.qualify(n.parts)
	if !ok {
		return nil
	}
	if _, exists, _ := s.e.GetObject(ctx, "FILE_FORMAT", db, schema, name); !exists {
		return nil
	}
	if err := s.checkContainers(ctx, z, db, schema); err != nil {
		return err
	}
	return checkObject(z, "USAGE", "FILE_FORMAT", db+"."+schema+"."+name)
}
