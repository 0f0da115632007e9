package snowlocal

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Streams (CREATE STREAM ... ON TABLE) track the changes made to a table
// since the stream's offset.
//
// DuckDB has no change tracking and its rowid is not stable (deleting rows
// and checkpointing renumbers them, and an emptied table starts again at 0),
// so a stream remembers its offset as a snapshot: a copy of the base table's
// rows as of the offset, kept in the _FLURRY schema of the stream's database.
// The stream itself is a DuckDB view, named like the stream, comparing the
// table with the snapshot (multiset difference, EXCEPT ALL): rows in the table
// and not in the snapshot are INSERTs, rows in the snapshot and no longer in
// the table are DELETEs (standard streams only). Reading the stream is plain
// SQL against that view, so streams work in joins, subqueries and views.
//
// That difference is exact while the table only receives inserts; an
// UPDATE, MERGE, DELETE or TRUNCATE records its changes by row in the
// stream's change table, which the view reads too (stream_track.go).
//
// A DML statement that reads a stream advances the offset (the snapshot is
// replaced by the table as of the statement's start) in the statement's own
// transaction: a failed statement leaves the offset where it was, and a plain
// SELECT never moves it (stream_consume.go).

func init() { extensions = append(extensions, installStreams) }

func installStreams(ctx context.Context, e *Engine) error {
	e.Register("CREATE STREAM", cmdCreateStream)
	e.Register("DROP STREAM", cmdDropStream)
	e.Register("ALTER STREAM", cmdAlterStream)
	e.Register("SHOW STREAMS", cmdShowStreams)
	e.Register("SHOW TERSE STREAMS", cmdShowStreams)
	e.Register("DESC STREAM", cmdDescStream)
	e.Register("DESCRIBE STREAM", cmdDescStream)
	e.AddSubstitution(substituteSystemFunctions)
	return nil
}

// stream is a stream's catalog entry.
type stream struct {
	Object
	table    string   // base table, fully qualified and quoted
	snapshot string   // snapshot table, fully qualified and quoted
	columns  []string // tracked columns, quoted
	// changes is the change table (stream_track.go), fully qualified and
	// quoted; "" for a stream on a table of another database, which keeps
	// the refusals of stream_changes.go.
	changes string
}

// key names the stream uniquely ("DB.SCHEMA.NAME").
func (st *stream) key() string { return st.Database + "." + st.Schema + "." + st.Name }

// view is the stream's DuckDB view, fully qualified and quoted.
func (st *stream) view() string { return qualified(st.Database, st.Schema, st.Name) }

func (st *stream) appendOnly() bool { return st.Props["MODE"] == "APPEND_ONLY" }

func qualified(db, schema, name string) string {
	return quoteIdent(db) + "." + quoteIdent(schema) + "." + quoteIdent(name)
}

func streamFromObject(o Object) *stream {
	st := &stream{Object: o}
	st.table = qualified(o.Props["TABLE_DATABASE"], o.Props["TABLE_SCHEMA"], o.Props["TABLE_NAME"])
	st.snapshot = qualified(o.Database, "_FLURRY", o.Props["SNAPSHOT"])
	if o.Props["CHANGES"] == "1" {
		st.changes = qualified(o.Database, "_FLURRY", o.Props["SNAPSHOT"]+"$CHANGES")
	}
	for _, c := range strings.Split(o.Props["COLUMNS"], "\x1f") {
		if c != "" {
			st.columns = append(st.columns, quoteIdent(c))
		}
	}
	return st
}

// snapshotName is the snapshot table of stream db.schema.name, in db._FLURRY.
func snapshotName(schema, name string) string { return "STREAM$" + schema + "$" + name }

// viewSQL is the body of the stream's view.
func (st *stream) viewSQL() string {
	cols := strings.Join(st.columns, ", ")
	meta := func(action string) string {
		// ROW_ID is derived from the row's content and its occurrence among
		// identical rows: stable while the row exists, the same for a row's
		// INSERT and its later DELETE.
		return fmt.Sprintf(`SELECT d.*, '%s' AS "METADATA$ACTION", FALSE AS "METADATA$ISUPDATE",
	md5(CAST(d AS VARCHAR) || '#' || CAST(row_number() OVER (PARTITION BY d) AS VARCHAR)) AS "METADATA$ROW_ID"`, action)
	}
	ins := fmt.Sprintf("%s\nFROM (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s) d", meta("INSERT"), cols, st.table, cols, st.snapshot)
	if st.appendOnly() {
		return ins + st.changesSQL()
	}
	del := fmt.Sprintf("%s\nFROM (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s) d", meta("DELETE"), cols, st.snapshot, cols, st.table)
	return ins + "\nUNION ALL\n" + del + st.changesSQL()
}

// changesSQL is the part of the view reading the change table: a row
// changed since the offset by a statement other than an INSERT
// (stream_track.go). A lineage keeps the ROW_ID its first row had, for its
// DELETE and its INSERT alike.
func (st *stream) changesSQL() string {
	if st.changes == "" {
		return ""
	}
	cols := make([]string, len(st.columns))
	for i, c := range st.columns {
		cols[i] = "c." + c
	}
	id := `c."$ID"`
	other := func(old bool) string {
		if st.appendOnly() {
			return "FALSE"
		}
		return fmt.Sprintf(`EXISTS (SELECT 1 FROM %s o WHERE o."$OLD" = %t AND o."$LID" = c."$LID")`, st.changes, old)
	}
	out := fmt.Sprintf(`
UNION ALL
SELECT %s, 'INSERT' AS "METADATA$ACTION", %s AS "METADATA$ISUPDATE", %s AS "METADATA$ROW_ID"
FROM %s c WHERE NOT c."$OLD"`, strings.Join(cols, ", "), other(true), id, st.changes)
	if !st.appendOnly() {
		out += fmt.Sprintf(`
UNION ALL
SELECT %s, 'DELETE', %s, %s
FROM %s c WHERE c."$OLD"`, strings.Join(cols, ", "), other(false), id, st.changes)
	}
	return out
}

// getStream finds a stream by resolved name.
func (e *Engine) getStream(ctx context.Context, db, schema, name string) (*stream, bool, error) {
	o, ok, err := e.GetObject(ctx, "STREAM", db, schema, name)
	if err != nil || !ok {
		return nil, ok, err
	}
	return streamFromObject(o), true, nil
}

func (e *Engine) listStreams(ctx context.Context, db, schema string) ([]*stream, error) {
	objs, err := e.ListObjects(ctx, "STREAM", db, schema)
	if err != nil {
		return nil, err
	}
	out := make([]*stream, len(objs))
	for i, o := range objs {
		out[i] = streamFromObject(o)
	}
	return out, nil
}

// relationKind reports whether db.schema.name is a DuckDB table or view ("" if neither).
func (e *Engine) relationKind(ctx context.Context, db, schema, name string) (string, error) {
	kind, _, err := e.relationComment(ctx, db, schema, name) // get_ddl.go
	return kind, err
}

func cmdCreateStream(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "STREAM")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	c.accept("COPY", "GRANTS")
	if !c.accept("ON") {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s; expected ON TABLE", c.where())
	}
	switch {
	case c.accept("TABLE"):
	case c.word(0) == "VIEW" || c.word(0) == "EXTERNAL" || c.word(0) == "STAGE" || c.word(0) == "DYNAMIC" || c.word(0) == "EVENT":
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nStreams on %s are not supported by the local engine (only streams on tables).", strings.ToLower(c.word(0))+"s")
	default:
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s; expected TABLE", c.where())
	}
	tn, tdb, tschema, tname, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	if c.word(0) == "AT" || c.word(0) == "BEFORE" {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nTime Travel (%s) is not supported by the local engine; a stream starts at its creation.", c.word(0))
	}
	if s.undefinedMarked(tname) { // undefined_stored.go
		return nil, refuseUndefinedRead("a stream", tname)
	}
	props := c.properties()
	appendOnly, err := boolProp(props, "APPEND_ONLY")
	if err != nil {
		return nil, err
	}
	initialRows, err := boolProp(props, "SHOW_INITIAL_ROWS")
	if err != nil {
		return nil, err
	}
	if _, ok := props["INSERT_ONLY"]; ok {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nINSERT_ONLY applies to streams on external tables, which the local engine does not support.")
	}

	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	if _, ok, err := s.e.lookupDatabase(ctx, db); err != nil {
		return nil, err
	} else if !ok {
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", db)
	}
	old, exists, err := s.e.getStream(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if exists {
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
	}
	if !exists {
		if kind, err := s.e.relationKind(ctx, db, schema, name); err != nil {
			return nil, err
		} else if kind != "" {
			return nil, Errorf(CodeAlreadyExists, "42710", "SQL compilation error:\nObject '%s' already exists as a %s.", name, strings.ToLower(kind))
		}
	}
	if kind, err := s.e.relationKind(ctx, tdb, tschema, tname); err != nil {
		return nil, err
	} else if kind == "VIEW" {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\n'%s' is a view; streams on views are not supported by the local engine.", tn)
	} else if kind == "" {
		return nil, Errorf(CodeNotExist, "42S02", "SQL compilation error:\nTable '%s' does not exist or not authorized.", tn)
	}
	cols, err := s.e.columns(ctx, tdb, tschema, tname)
	if err != nil {
		return nil, err
	}
	var colNames []string
	for _, col := range cols {
		colNames = append(colNames, col.name)
	}
	mode := "DEFAULT"
	if appendOnly {
		mode = "APPEND_ONLY"
	}
	st := streamFromObject(Object{Kind: "STREAM", Database: db, Schema: schema, Name: name, SQL: c.text, Owner: s.Role,
		Props: map[string]string{
			"TABLE_DATABASE": tdb, "TABLE_SCHEMA": tschema, "TABLE_NAME": tname,
			"SNAPSHOT": snapshotName(schema, name), "MODE": mode, "COMMENT": props["COMMENT"],
			"COLUMNS": strings.Join(colNames, "\x1f"), "SHOW_INITIAL_ROWS": fmt.Sprint(initialRows),
		}})
	if tdb == db {
		// The change table is written in the transaction of the statements
		// changing the base table: one DuckDB transaction writes one
		// database (stream_track.go).
		st.Props["CHANGES"] = "1"
		st = streamFromObject(st.Object)
	}

	// The view and the snapshot live in the stream's database: one DuckDB
	// transaction can write only one attached database.
	tx, err := s.e.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if exists {
		if err := dropStreamObjects(ctx, tx, old); err != nil {
			return nil, err
		}
	}
	cols2 := strings.Join(st.columns, ", ")
	from := st.table
	if initialRows {
		from += " LIMIT 0" // every existing row is a change not yet consumed
	}
	stmts := []string{
		"CREATE SCHEMA IF NOT EXISTS " + quoteIdent(db) + "._FLURRY",
		fmt.Sprintf("CREATE OR REPLACE TABLE %s AS SELECT %s FROM %s", st.snapshot, cols2, from),
	}
	if st.changes != "" {
		stmts = append(stmts, fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT 0::BIGINT AS "$LID", FALSE AS "$OLD", ''::VARCHAR AS "$ID", %s FROM %s LIMIT 0`, st.changes, cols2, st.table))
	}
	stmts = append(stmts,
		fmt.Sprintf("CREATE VIEW %s AS %s", st.view(), st.viewSQL()),
		fmt.Sprintf("COMMENT ON VIEW %s IS 'flurry:stream'", st.view()),
	)
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return nil, duckError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, duckError(err)
	}
	// "Change tracking can be enabled ... implicitly when a stream ... is
	// created" (CHANGES, usage notes): the table's history starts now
	// unless it already records it (changes.go).
	s.enableChangeTracking(ctx, tdb, tschema, tname) // a failure leaves CHANGES refused
	if err := s.e.PutObject(ctx, st.Object); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Stream %s successfully created.", name)), nil
}

// dropStreamObjects drops a stream's view and snapshot.
func dropStreamObjects(ctx context.Context, tx *sql.Tx, st *stream) error {
	for _, q := range []string{"DROP VIEW IF EXISTS " + st.view(), "DROP TABLE IF EXISTS " + st.snapshot,
		"DROP TABLE IF EXISTS " + qualified(st.Database, "_FLURRY", st.Props["SNAPSHOT"]+"$CHANGES")} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return duckError(err)
		}
	}
	return nil
}

func boolProp(props map[string]string, key string) (bool, error) {
	v, ok := props[key]
	if !ok {
		return false, nil
	}
	switch strings.ToUpper(v) {
	case "TRUE":
		return true, nil
	case "FALSE":
		return false, nil
	}
	return false, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid value '%s' for property '%s' (expected TRUE or FALSE)", v, key)
}

func cmdDropStream(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "STREAM")
	ifExists := c.accept("IF", "EXISTS")
	n, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	st, ok, err := s.e.getStream(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return dropMissing(name, ifExists, streamNotExist(n.String()))
	}
	tx, err := s.e.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if err := dropStreamObjects(ctx, tx, st); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, duckError(err)
	}
	if _, err := s.e.DeleteObject(ctx, "STREAM", db, schema, name); err != nil {
		return nil, err
	}
	return dropped(name), nil
}

func streamNotExist(name string) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nStream '%s' does not exist or not authorized.", name)
}

// cmdAlterStream supports SET/UNSET COMMENT; Snowflake's other stream
// properties cannot change after creation either.
func cmdAlterStream(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "STREAM")
	ifExists := c.accept("IF", "EXISTS")
	n, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	st, ok, err := s.e.getStream(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return alterMissing(ifExists, streamNotExist(n.String()))
	}
	switch {
	case c.accept("SET"):
		props := c.properties()
		if v, ok := props["COMMENT"]; ok {
			st.Props["COMMENT"] = v
		}
	case c.accept("UNSET"):
		if c.accept("COMMENT") {
			st.Props["COMMENT"] = ""
		}
	default:
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported ALTER STREAM action %s in the local engine.", c.where())
	}
	if err := s.e.PutObject(ctx, st.Object); err != nil {
		return nil, err
	}
	return statusResult("Statement executed successfully."), nil
}

var streamShowColumns = []string{"created_on", "name", "database_name", "schema_name", "owner", "comment", "table_name",
	"source_type", "base_tables", "type", "stale", "mode", "stale_after", "invalid_reason", "owner_role_type"}

func (e *Engine) streamRow(ctx context.Context, t *table, st *stream) error {
	base := st.Props["TABLE_DATABASE"] + "." + st.Props["TABLE_SCHEMA"] + "." + st.Props["TABLE_NAME"]
	invalid := "N/A"
	kind, err := e.relationKind(ctx, st.Props["TABLE_DATABASE"], st.Props["TABLE_SCHEMA"], st.Props["TABLE_NAME"])
	if err != nil {
		return err
	}
	stale := "false"
	if kind != "TABLE" {
		invalid, stale = "Base table '"+base+"' dropped", "true"
	}
	t.add(st.CreatedOn, st.Name, st.Database, st.Schema, st.Owner, st.Props["COMMENT"], base, "Table", base, "DELTA",
		stale, st.Props["MODE"], st.CreatedOn.Add(14*24*time.Hour).UTC().Format("2006-01-02 15:04:05.000 -0700"), invalid, "ROLE")
	return nil
}

func cmdShowStreams(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW")
	terse := c.accept("TERSE")
	c.accept("STREAMS")
	sc, err := parseShowScopeInDatabase(s, c)
	if err != nil {
		return nil, err
	}
	streams, err := s.e.listStreams(ctx, sc.database, sc.schema)
	if err != nil {
		return nil, err
	}
	t := newTable(streamShowColumns...)
	for _, st := range streams {
		if !sc.match(st.Name) {
			continue
		}
		if err := s.e.streamRow(ctx, t, st); err != nil {
			return nil, err
		}
	}
	if terse {
		// The five TERSE columns, kind DELTA, and tableOn, the stream's
		// table_name (mlorek/frostlake ShowModifierProfile, live-measured:
		// "TERSE adds a sixth column, tableOn, which carries what the
		// untrimmed listing calls table_name; kind reads DELTA").
		t = t.terse([]string{"created_on", "name", "kind", "database_name", "schema_name", "tableOn"},
			map[string]string{"tableOn": "table_name"}, map[string]string{"kind": "DELTA"})
	}
	return t.result(), nil
}

func cmdDescStream(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // DESC / DESCRIBE
	c.accept("STREAM")
	n, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	st, ok, err := s.e.getStream(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, streamNotExist(n.String())
	}
	t := newTable(streamShowColumns...)
	if err := s.e.streamRow(ctx, t, st); err != nil {
		return nil, err
	}
	return t.result(), nil
}

// parseShowScopeInDatabase is parseShowScope with Snowflake's default scope
// for schema objects: the current database (the account without one).
func parseShowScopeInDatabase(s *Session, c *cursor) (showScope, error) {
	hasIn := false
	for i := c.pos; i < len(c.toks); i++ {
		if c.toks[i].IsWord("IN") {
			hasIn = true
		}
	}
	sc, err := parseShowScope(s, c, false)
	if err == nil && !hasIn {
		sc.database = s.Database
	}
	return sc, err
}
