package snowlocal

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Dropped schemas and databases, UNDROP SCHEMA and UNDROP DATABASE (docs:
// https://docs.snowflake.com/en/sql-reference/sql/undrop-schema and
// undrop-database: "Restore the most recent version of a dropped schema",
// "If a schema with the same name already exists, an error is returned",
// the same for a database; the examples answer "Schema MYSCHEMA
// successfully restored." and "Database MYTESTDB2 successfully restored.";
// https://docs.snowflake.com/en/user-guide/data-time-travel: restoring a
// schema or database restores "all the objects" in it, and when one is
// dropped its child tables "are retained for the same period of time" as
// it, whatever their own retention).
//
// DROP SCHEMA and DROP DATABASE keep every table in them as DROP TABLE
// keeps one (undrop.go), each record marked with the container's key and
// RESTORE, and record the container itself in DROPPED_CONTAINERS: its
// TABLE_TIMES rows (times, transience, managed access), the grants on it
// (and, for a database, on its schemas) and, for a database, its schemas.
// A dropped database's copies, which lived in its own _FLURRY schema, move
// to the engine's _FLURRY_HELD schema (HELD). Tables dropped before their
// schema or database are hidden under its key too (RESTORE false): the
// UNDROP brings them back as dropped tables, which UNDROP TABLE restores,
// and a new schema of the name does not see them; so is a dropped schema
// of a dropped database. The engine keeps only tables: a container
// holding anything else (a view, sequence, function, stage, pipe, stream,
// task...), a table with AUTOINCREMENT or change tracking, or one dropped
// inside an explicit transaction is recorded as unkept (UNKEPT says why),
// and its UNDROP is refused rather than restore it without them or an
// older version. So are an existing schema or database of the name and a
// name with no kept version, whose errors the docs do not print. Since
// ALTER SCHEMA and ALTER DATABASE (RENAME) are refused (commands.go), only
// a name's most recent dropped version can ever be restored.
func init() {
	extensions = append(extensions, func(ctx context.Context, e *Engine) error {
		for _, stmt := range []string{
			`CREATE TABLE IF NOT EXISTS ` + e.droppedContainers() + ` (
				KIND VARCHAR, DATABASE_NAME VARCHAR, SCHEMA_NAME VARCHAR, DROPPED_ON TIMESTAMPTZ, KEY VARCHAR,
				UNKEPT VARCHAR, SCHEMAS VARCHAR, TIMES VARCHAR, GRANTS VARCHAR, CONTAINER VARCHAR, CONFIRMED BOOLEAN)`,
			`CREATE SCHEMA IF NOT EXISTS ` + e.held(),
		} {
			if _, err := e.db.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("create dropped containers record: %w", err)
			}
		}
		e.Register("UNDROP SCHEMA", cmdUndropSchema)
		e.Register("UNDROP DATABASE", cmdUndropDatabase)
		return nil
	})
}

func (e *Engine) droppedContainers() string { return e.meta + ".DROPPED_CONTAINERS" }

// held is the schema of the engine's catalog that keeps the copies of a
// dropped database's tables.
func (e *Engine) held() string { return strings.TrimSuffix(e.meta, "._FLURRY") + "._FLURRY_HELD" }

// snowflakeSchemas is the SQL condition on duckdb_*() rows (schema_name)
// that keeps a database's Snowflake schemas.
const snowflakeSchemas = `schema_name NOT IN ('main', 'information_schema', 'pg_catalog', '_FLURRY')`

// containerUnkept says why the engine cannot keep the schema (or, schema
// "", the database) for UNDROP; "" when it can.
func (s *Session) containerUnkept(ctx context.Context, db, schema string) string {
	if s.ext.inTx {
		return "inside an explicit transaction"
	}
	in := ` WHERE database_name = ? AND (? = '' OR schema_name = ?) AND ` + snowflakeSchemas
	for _, q := range []struct{ what, sql string }{
		{"with a view", `SELECT count(*) FROM duckdb_views()` + in + ` AND NOT internal`},
		{"with a sequence", `SELECT count(*) FROM duckdb_sequences()` + in}, // it has no internal ones
		{"with a function", `SELECT count(*) FROM duckdb_functions()` + in + ` AND NOT internal`},
	} {
		var n int
		if err := s.e.catalogDB.QueryRowContext(ctx, q.sql, db, schema, schema).Scan(&n); err != nil || n > 0 {
			return q.what
		}
	}
	var kind string
	err := s.e.catalogDB.QueryRowContext(ctx, `SELECT KIND FROM `+s.e.meta+`.OBJECTS WHERE DATABASE_NAME = ? AND (? = '' OR SCHEMA_NAME = ?) LIMIT 1`,
		db, schema, schema).Scan(&kind)
	if err != sql.ErrNoRows {
		return "with a " + strings.ToLower(strings.ReplaceAll(kind, "_", " "))
	}
	tables, err := s.e.containerTables(ctx, db, schema)
	if err != nil {
		return "with a table the engine could not list"
	}
	for _, t := range tables {
		if s.e.hasIdentity(ctx, t) {
			return "with an AUTOINCREMENT column"
		}
		if s.e.mayBeTracked(ctx, t.db, t.schema, t.name) {
			return "with change tracking"
		}
	}
	return ""
}

// containerTables lists the tables of a schema (or, schema "", a database).
func (e *Engine) containerTables(ctx context.Context, db, schema string) ([]*target, error) {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT schema_name, table_name FROM duckdb_tables()
		WHERE database_name = ? AND NOT internal AND NOT temporary AND (? = '' OR schema_name = ?) AND `+snowflakeSchemas+` ORDER BY 1, 2`,
		db, schema, schema)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*target
	for rows.Next() {
		t := &target{on: "TABLE", db: db}
		if err := rows.Scan(&t.schema, &t.name); err != nil {
			return nil, err
		}
		t.full = db + "." + t.schema + "." + t.name
		out = append(out, t)
	}
	return out, rows.Err()
}

// containerSchemas lists the schemas of a database.
func (e *Engine) containerSchemas(ctx context.Context, db string) ([]string, error) {
	return e.catalogStrings(ctx, `SELECT schema_name FROM duckdb_schemas()
		WHERE database_name = ? AND NOT internal AND `+snowflakeSchemas+` ORDER BY 1`, db)
}

// keptContainer is a DROPPED_CONTAINERS row in the making (or restoring).
type keptContainer struct {
	kind, db, schema string // schema "" for a database
	key, unkept      string
	schemas          []string
	times            []string // TABLE_TIMES rows as JSON
	grants           []grant
}

// keepContainer runs before DROP SCHEMA or DROP DATABASE (schema ""),
// under writeMu: it keeps the container's tables, records the container
// unconfirmed, and returns it for confirmContainer (the DROP succeeded) or
// discardContainer (it failed).
func (s *Session) keepContainer(ctx context.Context, db, schema string) (*keptContainer, error) {
	s.e.purgeDropped(ctx)
	k := &keptContainer{kind: "SCHEMA", db: db, schema: schema, key: fmt.Sprintf("DROPPED$%d", time.Now().UnixNano())}
	if schema == "" {
		k.kind = "DATABASE"
	}
	k.unkept = s.containerUnkept(ctx, db, schema)
	if k.kind == "DATABASE" {
		var err error
		if k.schemas, err = s.e.containerSchemas(ctx, db); err != nil {
			return nil, err
		}
	} else {
		k.schemas = []string{schema}
	}
	rows, err := s.e.catalogDB.QueryContext(ctx, `SELECT to_json(m)::VARCHAR FROM `+s.e.tableTimes()+` m
		WHERE DATABASE_NAME = ? AND (? = '' OR SCHEMA_NAME = ?) AND NAME = ''`, db, schema, schema)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var j string
		if err := rows.Scan(&j); err != nil {
			rows.Close()
			return nil, err
		}
		k.times = append(k.times, j)
	}
	rows.Close()
	for _, g := range s.e.allGrants() {
		if k.kind == "DATABASE" && (g.On == "DATABASE" && g.Name == db || g.On == "SCHEMA" && strings.HasPrefix(g.Name, db+".")) ||
			k.kind == "SCHEMA" && g.On == "SCHEMA" && g.Name == db+"."+schema {
			k.grants = append(k.grants, g)
		}
	}
	if k.unkept == "" {
		if err := s.keepContainerTables(ctx, k); err != nil {
			// Keeping must not stop the DROP: the version is not kept.
			s.e.discardContainer(ctx, k)
			k.unkept = fmt.Sprintf("with a table the engine could not copy (%v)", err)
		}
	}
	sj, _ := json.Marshal(k.schemas)
	tj, _ := json.Marshal(k.times)
	gj, _ := json.Marshal(k.grants)
	if _, err := s.e.catalogDB.ExecContext(ctx, `INSERT INTO `+s.e.droppedContainers()+` VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE)`,
		k.kind, db, schema, time.Now(), k.key, k.unkept, string(sj), string(tj), string(gj)); err != nil {
		s.e.discardContainer(ctx, k)
		return nil, err
	}
	return k, nil
}

// keepContainerTables keeps each table of the container and, for a
// database, copies every copy of its dropped tables to _FLURRY_HELD
// (its _FLURRY schema goes with it).
func (s *Session) keepContainerTables(ctx context.Context, k *keptContainer) error {
	tables, err := s.e.containerTables(ctx, k.db, k.schema)
	if err != nil {
		return err
	}
	for _, t := range tables {
		if _, err := s.retainDropped(ctx, t, k.key); err != nil {
			return err
		}
	}
	if k.kind != "DATABASE" {
		return nil
	}
	for _, c := range s.e.databaseCopies(ctx, k.db) {
		if _, err := s.e.catalogDB.ExecContext(ctx, "CREATE TABLE "+s.e.held()+"."+quoteIdent(c)+" AS SELECT * FROM "+quoteIdent(k.db)+"._FLURRY."+quoteIdent(c)); err != nil {
			return duckError(err)
		}
	}
	return nil
}

// databaseCopies are the copies of the dropped tables of a database that
// exists (in its _FLURRY schema).
func (e *Engine) databaseCopies(ctx context.Context, db string) []string {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT split_part(COPY, '|', 2) FROM `+e.droppedTables()+`
		WHERE DATABASE_NAME = ? AND HELD IS NOT TRUE AND split_part(COPY, '|', 2) <> ''`, db)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if rows.Scan(&c) == nil {
			out = append(out, c)
		}
	}
	return out
}

// discardContainer undoes keepContainer when the DROP failed.
func (e *Engine) discardContainer(ctx context.Context, k *keptContainer) {
	if k.kind == "DATABASE" {
		for _, c := range e.databaseCopies(ctx, k.db) {
			e.catalogDB.ExecContext(ctx, "DROP TABLE IF EXISTS "+e.held()+"."+quoteIdent(c))
		}
	}
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT split_part(COPY, '|', 2) FROM `+e.droppedTables()+` WHERE CONTAINER = ?`, k.key)
	if err == nil {
		var copies []string
		for rows.Next() {
			var c string
			if rows.Scan(&c) == nil && c != "" {
				copies = append(copies, c)
			}
		}
		rows.Close()
		for _, c := range copies {
			e.catalogDB.ExecContext(ctx, "DROP TABLE IF EXISTS "+quoteIdent(k.db)+"._FLURRY."+quoteIdent(c))
		}
	}
	e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.droppedTables()+` WHERE CONTAINER = ?`, k.key)
	e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.droppedContainers()+` WHERE KEY = ?`, k.key)
}

// confirmContainer marks the records once the DROP succeeded, and hides
// under the container's key what was dropped in it before.
func (e *Engine) confirmContainer(ctx context.Context, k *keptContainer) error {
	dt, dc := e.droppedTables(), e.droppedContainers()
	var stmts []string
	var args [][]any
	add := func(q string, a ...any) { stmts, args = append(stmts, q), append(args, a) }
	add(`UPDATE `+dt+` SET CONFIRMED = TRUE WHERE CONTAINER = ?`, k.key)
	switch {
	case k.kind == "SCHEMA":
		add(`UPDATE `+dt+` SET CONTAINER = ?, RESTORE = FALSE
			WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND CONTAINER IS NULL AND HELD IS NOT TRUE`, k.key, k.db, k.schema)
	case k.unkept != "":
		// The copies went with the database's _FLURRY schema.
		add(`DELETE FROM `+dt+` WHERE DATABASE_NAME = ? AND HELD IS NOT TRUE`, k.db)
		add(`DELETE FROM `+dc+` WHERE KIND = 'SCHEMA' AND DATABASE_NAME = ? AND CONTAINER IS NULL`, k.db)
	default:
		add(`UPDATE `+dt+` SET HELD = TRUE WHERE DATABASE_NAME = ? AND HELD IS NOT TRUE`, k.db)
		add(`UPDATE `+dt+` SET CONTAINER = ?, RESTORE = FALSE WHERE DATABASE_NAME = ? AND CONTAINER IS NULL`, k.key, k.db)
		add(`UPDATE `+dc+` SET CONTAINER = ? WHERE KIND = 'SCHEMA' AND DATABASE_NAME = ? AND CONTAINER IS NULL AND KEY <> ?`, k.key, k.db, k.key)
	}
	add(`UPDATE `+dc+` SET CONFIRMED = TRUE WHERE KEY = ?`, k.key)
	for i, q := range stmts {
		if _, err := e.catalogDB.ExecContext(ctx, q, args[i]...); err != nil {
			return err
		}
	}
	return nil
}

// dropKept runs a DROP SCHEMA or DROP DATABASE (drop) with its container
// kept: drop's failure discards what was kept.
func (s *Session) dropKept(ctx context.Context, db, schema string, drop func() error) error {
	k, err := s.keepContainer(ctx, db, schema)
	if err != nil {
		return err
	}
	if err := drop(); err != nil {
		s.e.discardContainer(ctx, k)
		return err
	}
	return s.e.confirmContainer(ctx, k)
}

// lastDropped reads the most recent kept version of a dropped schema or
// database (visible: not itself in a dropped database).
func (e *Engine) lastDropped(ctx context.Context, kind, db, schema string) (*keptContainer, error) {
	k := &keptContainer{kind: kind, db: db, schema: schema}
	var sj, tj, gj string
	err := e.catalogDB.QueryRowContext(ctx, `SELECT KEY, UNKEPT, SCHEMAS, TIMES, GRANTS FROM `+e.droppedContainers()+`
		WHERE KIND = ? AND DATABASE_NAME = ? AND SCHEMA_NAME = ? AND CONFIRMED AND CONTAINER IS NULL AND DROPPED_ON >= ?
		ORDER BY DROPPED_ON DESC LIMIT 1`, kind, db, schema, time.Now().Add(-retention)).Scan(&k.key, &k.unkept, &sj, &tj, &gj)
	if err != nil {
		return nil, err
	}
	json.Unmarshal([]byte(sj), &k.schemas)
	json.Unmarshal([]byte(tj), &k.times)
	k.grants = savedGrants(gj)
	return k, nil
}

// undropCandidate finds what UNDROP SCHEMA or DATABASE restores, or the
// refusal.
func (s *Session) undropCandidate(ctx context.Context, kind, db, schema string) (*keptContainer, error) {
	k, err := s.e.lastDropped(ctx, kind, db, schema)
	what := strings.ToLower(kind)
	if err == sql.ErrNoRows {
		return nil, undropRefused(kind, "of a "+what+" the engine keeps no dropped version of")
	}
	if err != nil {
		return nil, err
	}
	if k.unkept != "" {
		return nil, undropRefused(kind, "of a "+what+" whose most recent dropped version the engine did not keep (dropped "+k.unkept+")")
	}
	if !s.mayUndrop(k.grants) {
		return nil, undropRefused(kind, "by a role that did not own the "+what)
	}
	return k, nil
}

// containerRecords lists the dropped tables a container's UNDROP brings
// back: those it restores (RESTORE) and the others hidden under it or
// under a dropped schema of a dropped database.
func (e *Engine) containerRecords(ctx context.Context, k *keptContainer) (restore, others []droppedTable, err error) {
	rows, err := e.catalogDB.QueryContext(ctx, droppedSelect+e.droppedTables()+` WHERE CONTAINER = ? AND RESTORE AND CONFIRMED ORDER BY DROPPED_ON`, k.key)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		d, err := scanDropped(rows)
		if err != nil {
			rows.Close()
			return nil, nil, err
		}
		restore = append(restore, d)
	}
	rows.Close()
	if k.kind != "DATABASE" {
		return restore, nil, nil
	}
	rows, err = e.catalogDB.QueryContext(ctx, droppedSelect+e.droppedTables()+` WHERE (CONTAINER = ? AND NOT RESTORE)
		OR CONTAINER IN (SELECT KEY FROM `+e.droppedContainers()+` WHERE CONTAINER = ?)`, k.key, k.key)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDropped(rows)
		if err != nil {
			return nil, nil, err
		}
		if d.copy != "" {
			others = append(others, d)
		}
	}
	return restore, others, rows.Err()
}

// restoreContainer makes the container's schemas and tables again, in one
// transaction of the session's connection (the database exists), and
// brings back its records and metadata.
func (s *Session) restoreContainer(ctx context.Context, k *keptContainer) error {
	restore, others, err := s.e.containerRecords(ctx, k)
	if err != nil {
		return err
	}
	from := quoteIdent(k.db) + "._FLURRY"
	if k.kind == "DATABASE" {
		from = s.e.held()
	}
	var stmts []string
	for _, sc := range k.schemas {
		stmts = append(stmts, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(k.db)+"."+quoteIdent(sc))
	}
	if len(others) > 0 {
		stmts = append(stmts, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(k.db)+"._FLURRY")
	}
	for _, d := range others {
		stmts = append(stmts, "CREATE TABLE "+quoteIdent(k.db)+"._FLURRY."+quoteIdent(d.copy)+" AS SELECT * FROM "+from+"."+quoteIdent(d.copy))
	}
	for _, d := range restore {
		stmts = append(stmts, "USE "+quoteIdent(d.db)+"."+quoteIdent(d.schema))
		stmts = append(stmts, d.restoreStatements(from)...)
	}
	err = execAllInTx(ctx, s.conn, stmts)
	if uerr := s.syncUse(ctx); err == nil {
		err = uerr
	}
	if err != nil {
		return err
	}
	for _, d := range others {
		s.e.catalogDB.ExecContext(ctx, "DROP TABLE IF EXISTS "+s.e.held()+"."+quoteIdent(d.copy))
		if _, err := s.e.catalogDB.ExecContext(ctx, `UPDATE `+s.e.droppedTables()+` SET HELD = FALSE WHERE split_part(COPY, '|', 1) = ?`, d.key); err != nil {
			return err
		}
	}
	if err := s.e.restoredTables(ctx, restore); err != nil {
		return err
	}
	for _, t := range k.times {
		s.e.restoreTimes(ctx, t)
	}
	if err := s.e.addGrants(ctx, k.grants...); err != nil {
		return err
	}
	dt, dc := s.e.droppedTables(), s.e.droppedContainers()
	for _, q := range []string{
		`UPDATE ` + dt + ` SET CONTAINER = NULL, RESTORE = NULL WHERE CONTAINER = ?`,
		`UPDATE ` + dc + ` SET CONTAINER = NULL WHERE CONTAINER = ?`,
		`DELETE FROM ` + dc + ` WHERE KEY = ?`,
	} {
		if _, err := s.e.catalogDB.ExecContext(ctx, q, k.key); err != nil {
			return err
		}
	}
	return nil
}

// refuseUndropID refuses UNDROP ... IDENTIFIER(<id>), a system-generated
// identifier the engine has none of.
func refuseUndropID(c *cursor, kind string) error {
	if c.word(0) == "IDENTIFIER" {
		if t, ok := c.peek(2); ok && t.Kind == sqllex.Number {
			return undropRefused(kind, "IDENTIFIER(<"+strings.ToLower(kind)+" id>)")
		}
	}
	return nil
}

// cmdUndropSchema restores the most recent dropped version of a schema,
// in the database it was dropped from (docs: "A schema can only be
// restored to the database that contained the schema at the time of its
// deletion").
func cmdUndropSchema(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("UNDROP", "SCHEMA")
	if err := refuseUndropID(c, "SCHEMA"); err != nil {
		return nil, err
	}
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	if len(n.parts) > 2 {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid name '%s' for a schema", n)
	}
	db := s.Database
	if len(n.parts) == 2 {
		db = n.parts[0]
	}
	if db == "" {
		return nil, Errorf("090105", "22000", "Cannot perform UNDROP SCHEMA. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.")
	}
	if _, ok, err := s.e.lookupDatabase(ctx, db); err != nil {
		return nil, err
	} else if !ok {
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", db)
	}
	schema := n.last()
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	if ok, err := s.e.schemaExists(ctx, db, schema); err != nil {
		return nil, err
	} else if ok {
		return nil, undropRefused("SCHEMA", "of a name an existing schema has")
	}
	k, err := s.undropCandidate(ctx, "SCHEMA", db, schema)
	if err != nil {
		return nil, err
	}
	if err := s.restoreContainer(ctx, k); err != nil {
		return nil, undropRefused("SCHEMA", fmt.Sprintf("of this schema, which the engine could not make again (%v)", duckError(err)))
	}
	return statusResult(fmt.Sprintf("Schema %s successfully restored.", schema)), nil
}

// cmdUndropDatabase restores the most recent dropped version of a database.
func cmdUndropDatabase(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("UNDROP", "DATABASE")
	if err := refuseUndropID(c, "DATABASE"); err != nil {
		return nil, err
	}
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	if _, ok, err := s.e.lookupDatabase(ctx, name); err != nil {
		return nil, err
	} else if ok {
		return nil, undropRefused("DATABASE", "of a name an existing database has")
	}
	k, err := s.undropCandidate(ctx, "DATABASE", name, "")
	if err != nil {
		return nil, err
	}
	if err := s.e.createDatabase(ctx, name); err != nil {
		return nil, err
	}
	err = s.restoreContainer(ctx, k)
	if err == nil && !containsString(k.schemas, "PUBLIC") {
		// createDatabase made a PUBLIC schema the dropped database had not.
		_, err = s.e.catalogDB.ExecContext(ctx, "DROP SCHEMA "+quoteIdent(name)+".PUBLIC")
	}
	if err != nil {
		s.e.dropDatabase(ctx, name)
		return nil, undropRefused("DATABASE", fmt.Sprintf("of this database, which the engine could not make again (%v)", duckError(err)))
	}
	return statusResult(fmt.Sprintf("Database %s successfully restored.", name)), nil
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
