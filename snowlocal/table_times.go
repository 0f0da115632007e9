package snowlocal

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Table and view metadata DuckDB's catalog does not keep: when a table or
// view was created, last altered (DDL or DML, as Snowflake's LAST_ALTERED),
// last changed by DDL and by whom, and whether a table is transient. The
// INFORMATION_SCHEMA views and SHOW read them (Snowflake never answers NULL
// for a table's CREATED). Every statement that makes a table, view, schema
// or database records its time as it succeeds (noteTableChange; CREATE
// TABLE … CLONE is a CREATE TABLE, and a database's or schema's CLONE is
// refused: commands.go). An object the bookkeeping has no row for — made by
// a flurry older than it, or whose bookkeeping write failed — gets a row
// whose times are unknown (backfillTableTimes): its CREATED is marked
// unknown (CREATED_UNKNOWN; the column keeps a stamp of when the engine
// first saw the object, which change tracking uses to tell one table from
// another of the same name, changes.go) and its LAST_ALTERED, LAST_DDL and
// LAST_DDL_BY are NULL until a statement changes the object. A time a
// failed update could not record is lost as well: it becomes NULL
// (loseTimes). A result that would hold an unknown time is refused
// (recordedSQL, createdOn).

func init() { extensions = append(extensions, installTableTimes) }

func (e *Engine) tableTimes() string { return e.meta + ".TABLE_TIMES" }

func installTableTimes(ctx context.Context, e *Engine) error {
	tt := e.tableTimes()
	_, err := e.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+tt+` (
		DATABASE_NAME VARCHAR, SCHEMA_NAME VARCHAR, NAME VARCHAR, CREATED TIMESTAMPTZ, LAST_ALTERED TIMESTAMPTZ,
		LAST_DDL TIMESTAMPTZ, LAST_DDL_BY VARCHAR, TRANSIENT BOOLEAN, DEFINITION VARCHAR, CREATED_UNKNOWN BOOLEAN)`)
	if err != nil {
		return fmt.Errorf("create table metadata: %w", err)
	}
	// A flurry before CREATED_UNKNOWN backfilled an object it had no row
	// for with the time it opened, CREATED and LAST_ALTERED alike, and no
	// LAST_DDL: a made-up time, which a row recorded by a statement never
	// looks like (its CREATE sets LAST_DDL). Those rows become unknown, once;
	// a LAST_ALTERED a later statement set is kept. One such object altered
	// by DDL since has a LAST_DDL and cannot be told from a recorded one.
	if _, err := e.db.ExecContext(ctx, `ALTER TABLE `+tt+` ADD COLUMN IF NOT EXISTS CREATED_UNKNOWN BOOLEAN`); err != nil {
		return fmt.Errorf("add table metadata column CREATED_UNKNOWN: %w", err)
	}
	// A table's clustering key and Automatic Clustering (clustering.go).
	// A schema's managed access (schema_managed.go).
	// A table's DATA_RETENTION_TIME_IN_DAYS, NULL for the default (retention.go).
	for _, col := range []string{"CLUSTER_BY VARCHAR", "AUTO_CLUSTERING BOOLEAN", "MANAGED_ACCESS BOOLEAN", "RETENTION_TIME INTEGER"} {
		if _, err := e.db.ExecContext(ctx, `ALTER TABLE `+tt+` ADD COLUMN IF NOT EXISTS `+col); err != nil {
			return fmt.Errorf("add table metadata column %s: %w", col, err)
		}
	}
	if _, err := e.db.ExecContext(ctx, `UPDATE `+tt+` SET CREATED_UNKNOWN = TRUE,
		LAST_ALTERED = CASE WHEN LAST_ALTERED = CREATED THEN NULL ELSE LAST_ALTERED END
		WHERE CREATED_UNKNOWN IS NULL AND LAST_DDL IS NULL`); err != nil {
		return fmt.Errorf("mark made-up table metadata times unknown: %w", err)
	}
	e.backfillTableTimes(ctx)
	return nil
}

// backfillTableTimes gives every database, schema, table and view the
// bookkeeping has no row for a row whose times are unknown: its creation
// time is lost (made by a flurry older than the bookkeeping, or a failed
// bookkeeping write), and reporting the time the engine saw it instead would
// be a made-up answer. CREATED holds that time as a stamp only, with
// CREATED_UNKNOWN set; LAST_ALTERED, LAST_DDL and LAST_DDL_BY are NULL until
// a statement changes the object. It is bookkeeping: a failure is ignored.
func (e *Engine) backfillTableTimes(ctx context.Context) {
	tt := e.tableTimes()
	objects := `(SELECT database_name AS d, schema_name AS s, table_name AS n FROM duckdb_tables()
			WHERE NOT internal AND database_name NOT IN ` + internalCatalogs + ` AND schema_name <> '_FLURRY'
		UNION ALL SELECT database_name, schema_name, view_name FROM duckdb_views()
			WHERE NOT internal AND database_name NOT IN ` + internalCatalogs + ` AND schema_name <> '_FLURRY'
		UNION ALL SELECT database_name, schema_name, '' FROM duckdb_schemas()
			WHERE NOT internal AND database_name NOT IN ` + internalCatalogs + `
			AND schema_name NOT IN ('main', 'pg_catalog', 'information_schema', '_FLURRY')
		UNION ALL SELECT database_name, '', '' FROM duckdb_databases()
			WHERE NOT internal AND database_name NOT IN ` + internalCatalogs + `) o
		WHERE NOT EXISTS (SELECT 1 FROM ` + tt + ` m WHERE m.DATABASE_NAME = o.d AND m.SCHEMA_NAME = o.s AND m.NAME = o.n)`
	// Count first: the write (and a conflict with a statement recording
	// its own change) happens only when something is missing.
	var missing int
	if err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM `+objects).Scan(&missing); err != nil {
		e.tableTimesMissed.Store(true) // try again when next read
		return
	}
	if missing == 0 {
		return
	}
	now := time.Now()
	if _, err := e.db.ExecContext(ctx, `INSERT INTO `+tt+` (DATABASE_NAME, SCHEMA_NAME, NAME, CREATED, CREATED_UNKNOWN)
		SELECT o.d, o.s, o.n, ?, TRUE FROM `+objects, now); err != nil {
		e.tableTimesMissed.Store(true)
	}
}

// backfillMissedTableTimes runs backfillTableTimes only after a bookkeeping
// write failed (a conflict with another session's write): the readers of
// the times (INFORMATION_SCHEMA, SHOW) then pay no catalog scan. The times
// a failed update left stale (lostTimes) become unknown (NULL) too: the
// real ones are lost.
func (e *Engine) backfillMissedTableTimes(ctx context.Context) {
	if !e.tableTimesMissed.CompareAndSwap(true, false) {
		return
	}
	e.backfillTableTimes(ctx)
	e.lostTimesMu.Lock()
	defer e.lostTimesMu.Unlock()
	for o, cols := range e.lostTimes {
		var set []string
		for c := range cols {
			set = append(set, c+" = NULL")
		}
		sort.Strings(set)
		if _, err := e.db.ExecContext(ctx, `UPDATE `+e.tableTimes()+` SET `+strings.Join(set, ", ")+
			` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`, o[0], o[1], o[2]); err != nil {
			e.tableTimesMissed.Store(true) // try again when next read
			continue
		}
		delete(e.lostTimes, o)
	}
}

// loseTimes notes that a failed bookkeeping write left columns cols of
// object db.schema.name stale (backfillMissedTableTimes).
func (e *Engine) loseTimes(db, schema, name string, cols ...string) {
	e.lostTimesMu.Lock()
	defer e.lostTimesMu.Unlock()
	if e.lostTimes == nil {
		e.lostTimes = map[[3]string]map[string]bool{}
	}
	o := [3]string{db, schema, name}
	if e.lostTimes[o] == nil {
		e.lostTimes[o] = map[string]bool{}
	}
	for _, c := range cols {
		e.lostTimes[o][c] = true
	}
	e.tableTimesMissed.Store(true)
}

// noteTableChange records what a successful statement did to a table or
// view: CREATE (a new row), ALTER (DDL time; RENAME moves the row), DROP
// (row removed) and DML (LAST_ALTERED, "even when no rows are affected").
// It is bookkeeping: a failure never fails the user's statement.
func (s *Session) noteTableChange(ctx context.Context, words []string, text string) {
	if len(words) < 2 {
		return
	}
	now := time.Now()
	tt := s.e.tableTimes()
	exec := func(q string, args ...any) bool {
		if _, err := s.e.catalogDB.ExecContext(ctx, q, args...); err != nil {
			s.e.tableTimesMissed.Store(true) // backfillMissedTableTimes
			return false
		}
		return true
	}
	switch words[0] {
	case "CREATE", "ALTER", "DROP":
		n, ok := statementObject(words, text)
		if !ok {
			return
		}
		var db, schema, name string
		switch words[1] {
		case "TABLE", "VIEW":
			if db, schema, name, ok = s.qualify(n.parts); !ok {
				return
			}
		case "SCHEMA": // a schema's row has NAME ''
			db, schema = s.Database, n.last()
			if len(n.parts) == 2 {
				db = n.parts[0]
			}
			if db == "" || len(n.parts) > 2 {
				return
			}
		case "DATABASE": // a database's row has SCHEMA_NAME and NAME ''
			if len(n.parts) != 1 {
				return
			}
			db = n.parts[0]
		default:
			return
		}
		where := ` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`
		switch words[0] {
		case "CREATE":
			transient := createsTransient(text)
			if !transient && (words[1] == "TABLE" || words[1] == "SCHEMA") && !createsTemporaryObject(text) {
				transient = s.e.inTransientContainer(ctx, db, schema, words[1] == "TABLE")
			}
			var definition any
			if words[1] == "VIEW" {
				definition = text
			}
			if len(words) > 2 && words[2] == "IF" {
				// CREATE … IF NOT EXISTS of an existing object changes
				// nothing (docs: CREATE TABLE, "IF NOT EXISTS"): it keeps
				// its times, and a schema's or database's contents theirs.
				exec(`INSERT INTO `+tt+` `+recordedColumns+` SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE WHERE NOT EXISTS (SELECT 1 FROM `+tt+where+`)`,
					db, schema, name, now, now, now, s.User, transient, definition, db, schema, name)
				if words[1] == "DATABASE" {
					exec(`INSERT INTO `+tt+` `+recordedColumns+` SELECT ?, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE WHERE NOT EXISTS (SELECT 1 FROM `+tt+where+`)`,
						db, "PUBLIC", "", now, now, now, s.User, transient, db, "PUBLIC", "")
				}
				return
			}
			switch words[1] { // OR REPLACE replaces what was inside too
			case "DATABASE":
				exec(`DELETE FROM `+tt+` WHERE DATABASE_NAME = ?`, db)
			case "SCHEMA":
				exec(`DELETE FROM `+tt+` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?`, db, schema)
			default:
				exec(`DELETE FROM `+tt+where, db, schema, name)
			}
			exec(`INSERT INTO `+tt+` `+recordedColumns+` VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)`, db, schema, name, now, now, now, s.User, transient, definition)
			if words[1] == "DATABASE" {
				exec(`INSERT INTO `+tt+` `+recordedColumns+` VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, FALSE)`, db, "PUBLIC", "", now, now, now, s.User, transient)
			}
		case "DROP":
			switch words[1] {
			case "DATABASE": // and everything in it
				exec(`DELETE FROM `+tt+` WHERE DATABASE_NAME = ?`, db)
			case "SCHEMA":
				exec(`DELETE FROM `+tt+` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?`, db, schema)
			default:
				exec(`DELETE FROM `+tt+where, db, schema, name)
			}
		case "ALTER":
			ddl := []string{"LAST_ALTERED", "LAST_DDL", "LAST_DDL_BY"}
			lost := !exec(`UPDATE `+tt+` SET LAST_ALTERED = ?, LAST_DDL = ?, LAST_DDL_BY = ?`+where, now, now, s.User, db, schema, name)
			if lost {
				s.e.loseTimes(db, schema, name, ddl...)
			}
			if with, ok := swappedWith(text); ok && words[1] == "TABLE" { // table_swap.go
				// Each table keeps its times under the other's name (the
				// two are of one schema); both were changed by DDL.
				if _, _, other, ok := s.qualify(with.parts); ok {
					lost = !exec(`UPDATE `+tt+` SET NAME = CASE WHEN NAME = ? THEN ? ELSE ? END, LAST_ALTERED = ?, LAST_DDL = ?, LAST_DDL_BY = ?
						WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME IN (?, ?)`, name, other, name, now, now, s.User, db, schema, name, other)
					if lost {
						s.e.loseTimes(db, schema, name, ddl...)
						s.e.loseTimes(db, schema, other, ddl...)
					}
				}
			}
			if to, ok := renamedTo(text); ok && (words[1] == "TABLE" || words[1] == "VIEW") {
				if ndb, nschema, nname, ok := s.qualify(to.parts); ok {
					exec(`UPDATE `+tt+` SET DATABASE_NAME = ?, SCHEMA_NAME = ?, NAME = ?`+where, ndb, nschema, nname, db, schema, name)
					if lost {
						s.e.loseTimes(ndb, nschema, nname, ddl...) // the row may have moved
					}
				}
			}
		}
	case "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "COPY":
		for _, n := range dmlTargets(words[0], text) {
			if db, schema, name, ok := s.qualify(n.parts); ok && name != "" {
				if !exec(`UPDATE `+tt+` SET LAST_ALTERED = ? WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`, now, db, schema, name) {
					s.e.loseTimes(db, schema, name, "LAST_ALTERED")
				}
			}
		}
	}
}

// recordedColumns are the bookkeeping columns a statement's CREATE writes.
const recordedColumns = `(DATABASE_NAME, SCHEMA_NAME, NAME, CREATED, LAST_ALTERED, LAST_DDL, LAST_DDL_BY, TRANSIENT, DEFINITION, CREATED_UNKNOWN)`

// createsTransient reports CREATE [OR REPLACE] TRANSIENT TABLE.
func createsTransient(text string) bool {
	c, err := newCursor(text)
	if err != nil {
		return false
	}
	for i := 0; i < 6 && !c.done(); i++ {
		switch c.word(0) {
		case "TRANSIENT":
			return true
		case "TABLE", "VIEW", "SCHEMA", "DATABASE":
			return false
		}
		c.pos++
	}
	return false
}

// renamedTo finds ALTER ... RENAME TO <name>.
func renamedTo(text string) (objectName, bool) {
	c, err := newCursor(text)
	if err != nil {
		return objectName{}, false
	}
	for !c.done() {
		if c.accept("RENAME", "TO") {
			n, err := c.objectName()
			return n, err == nil
		}
		c.pos++
	}
	return objectName{}, false
}

// dmlTargets names the tables a DML statement writes: INSERT [ALL] INTO
// (every INTO), UPDATE t, DELETE FROM t, MERGE INTO t, TRUNCATE [TABLE] t,
// COPY INTO t (not an unload to a stage).
func dmlTargets(verb, text string) []objectName {
	c, err := newCursor(text)
	if err != nil {
		return nil
	}
	c.pos++
	var out []objectName
	read := func() {
		if n, err := c.objectName(); err == nil {
			out = append(out, n)
		}
	}
	switch verb {
	case "INSERT":
		for !c.done() {
			if c.accept("INTO") {
				read()
				continue
			}
			c.pos++
		}
	case "UPDATE":
		read()
	case "DELETE":
		if c.accept("FROM") {
			read()
		}
	case "MERGE", "COPY":
		if c.accept("INTO") {
			if t, ok := c.peek(0); ok && !strings.HasPrefix(t.Text, "@") {
				read()
			}
		}
	case "TRUNCATE":
		c.accept("TABLE")
		c.accept("IF", "EXISTS")
		read()
	}
	return out
}

// tablesView is INFORMATION_SCHEMA.TABLES for database db (a quoted string
// literal): the columns of Snowflake's view, in its order. ROW_COUNT is an
// exact count (DuckDB's estimated_size keeps deleted rows). A base table's
// BYTES is the engine's own measure of its data, as SHOW TABLES shows it
// (table_bytes.go), 0 for an empty table as Snowflake's. A view's
// IS_TRANSIENT, CLUSTERING_KEY, ROW_COUNT and BYTES are NULL: "Live leaves
// IS_TRANSIENT, CLUSTERING_KEY and the size columns empty for these"
// (mlorek/frostlake, engine/src/main/java/dev/frostlake/system/SystemViews.java,
// tableShapedRow, verified against a live account). The INFORMATION_SCHEMA's
// own views are rows a query cannot see without refusal
// (informationSchemaOwnRows, info_schema.go).
//
// The view ends with ROW_TIMESTAMP_ON (bundle 2026_02, bcr-2168: TEXT, YES or
// NO), ERROR_LOGGING (bundle 2026_03, bcr-2185) and IS_INTERACTIVE, in the
// order and with the YES/NO text of the reference mlorek/frostlake
// (live-verified, SystemViews.queryTables). Bundles through 2026_05 are in
// effect today: 2026_05 became enabled by default in July 2026
// (https://docs.snowflake.com/en/release-notes/bcr-bundles/2026_05_bundle),
// each bundle generally enabled a release cycle or two after that. bcr-2185
// calls ERROR_LOGGING "BOOLEAN", as bcr-1732 calls IS_HYBRID, whose values
// are YES and NO; the reference reads 'NO' text live. AUTO_CLUSTERING_ON is
// YES/NO text too (the reference). A view's row has no transience, row count,
// bytes or retention time (NULL), and IS_INSERTABLE_INTO and IS_TYPED YES, as
// a table's (the reference). A table's RETENTION_TIME is its
// DATA_RETENTION_TIME_IN_DAYS, 0 or 1 (retention.go), by default 1, a
// transient one's too (bcr-928: the default is 1 day, a transient object's
// maximum 1).
func (s *Session) tablesView(db string) string {
	s.e.backfillMissedTableTimes(context.Background())
	counts := s.rowCountsSQL(db)
	tt := s.e.tableTimes()
	tableName := "t.database_name || '.' || t.schema_name || '.' || t.table_name"
	viewName := "v.database_name || '.' || v.schema_name || '.' || v.view_name"
	// A materialized view's row: "The TABLE_TYPE column shows
	// MATERIALIZED VIEW. The IS_INSERTABLE column is always NO" (docs:
	// views-materialized); what else it shows is not documented, and is
	// refused when read (materialized_view_info.go).
	mv := s.materializedSQL("v")
	mvUnknown := func(col, typ string, view ...string) string {
		other := "NULL"
		if len(view) > 0 {
			other = view[0]
		}
		return "CASE WHEN " + mv + " THEN CAST(error('Unsupported feature: INFORMATION_SCHEMA.TABLES'' " + col +
			" of materialized view ' || " + viewName + " || ' in the local engine.') AS " + typ + ") ELSE " + other + " END"
	}
	return `(SELECT t.database_name AS TABLE_CATALOG, t.schema_name AS TABLE_SCHEMA, ` + s.e.caseNameSQL("t.table_name") + ` AS TABLE_NAME,
		` + s.e.ownerSQL("TABLE", tableName) + ` AS TABLE_OWNER, 'BASE TABLE' AS TABLE_TYPE, CASE WHEN m.TRANSIENT THEN 'YES' ELSE 'NO' END AS IS_TRANSIENT,
		m.CLUSTER_BY AS CLUSTERING_KEY, rc.n::BIGINT AS ROW_COUNT,
		rc.b::BIGINT AS BYTES,
		coalesce(m.RETENTION_TIME, 1)::BIGINT AS RETENTION_TIME,
		NULL::VARCHAR AS SELF_REFERENCING_COLUMN_NAME, NULL::VARCHAR AS REFERENCE_GENERATION,
		NULL::VARCHAR AS USER_DEFINED_TYPE_CATALOG, NULL::VARCHAR AS USER_DEFINED_TYPE_SCHEMA, NULL::VARCHAR AS USER_DEFINED_TYPE_NAME,
		'YES' AS IS_INSERTABLE_INTO, 'YES' AS IS_TYPED, NULL::VARCHAR AS COMMIT_ACTION,
		` + timesSQL("m", "TABLES", "table", tableName) + `,
		CASE WHEN m.AUTO_CLUSTERING THEN 'YES' ELSE 'NO' END AS AUTO_CLUSTERING_ON, CASE WHEN t.comment LIKE 'flurry:%' THEN NULL ELSE t.comment END AS COMMENT,
		'NO' AS IS_TEMPORARY, 'NO' AS IS_ICEBERG, 'NO' AS IS_DYNAMIC, 'NO' AS IS_IMMUTABLE, 'NO' AS IS_HYBRID,
		'NO' AS ROW_TIMESTAMP_ON, 'NO' AS ERROR_LOGGING, 'NO' AS IS_INTERACTIVE
		FROM duckdb_tables() t
		LEFT JOIN ` + tt + ` m ON m.DATABASE_NAME = t.database_name AND m.SCHEMA_NAME = t.schema_name AND m.NAME = t.table_name
		LEFT JOIN ` + counts + ` rc ON rc.s = t.schema_name AND rc.t = t.table_name
		WHERE NOT t.internal AND t.database_name = ` + db + ` AND t.schema_name <> '_FLURRY'
		UNION ALL SELECT v.database_name, v.schema_name, ` + s.e.caseNameSQL("v.view_name") + `,
		` + s.e.ownerSQL("VIEW", viewName) + `, CASE WHEN ` + mv + ` THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END,
		` + mvUnknown("IS_TRANSIENT", "VARCHAR") + `, ` + mvUnknown("CLUSTERING_KEY", "VARCHAR") + `,
		` + mvUnknown("ROW_COUNT", "BIGINT") + `, ` + mvUnknown("BYTES", "BIGINT") + `, ` + mvUnknown("RETENTION_TIME", "BIGINT") + `,
		NULL, NULL, NULL, NULL, NULL, CASE WHEN ` + mv + ` THEN 'NO' ELSE 'YES' END, ` + mvUnknown("IS_TYPED", "VARCHAR", "'YES'") + `, NULL,
		` + timesSQL("m", "TABLES", "view", viewName) + `, ` + mvUnknown("AUTO_CLUSTERING_ON", "VARCHAR", "'NO'") + `,
		CASE WHEN v.comment LIKE 'flurry:%' THEN NULL ELSE v.comment END, 'NO', 'NO', 'NO', 'NO', 'NO', 'NO', 'NO', 'NO'
		FROM duckdb_views() v
		LEFT JOIN ` + tt + ` m ON m.DATABASE_NAME = v.database_name AND m.SCHEMA_NAME = v.schema_name AND m.NAME = v.view_name
		WHERE NOT v.internal AND coalesce(v.comment, '') <> 'flurry:stream' AND v.database_name = ` + db + `
		` + informationSchemaOwnRows(db, tablesColumns, map[string]string{"TABLE_TYPE": "'VIEW'",
		// A view's, as above.
		"IS_TRANSIENT": "NULL", "CLUSTERING_KEY": "NULL", "ROW_COUNT": "NULL", "BYTES": "NULL"}) + `)`
}

// timesSQL is CREATED, LAST_ALTERED, LAST_DDL and LAST_DDL_BY of an object
// of the INFORMATION_SCHEMA view named view, read from the bookkeeping row
// m (a LEFT JOIN); kind and the SQL expression name name the object.
func timesSQL(m, view, kind, name string) string {
	return strings.Join([]string{recordedSQL(m, "CREATED", "TIMESTAMPTZ", view, kind, name),
		recordedSQL(m, "LAST_ALTERED", "TIMESTAMPTZ", view, kind, name), recordedSQL(m, "LAST_DDL", "TIMESTAMPTZ", view, kind, name),
		recordedSQL(m, "LAST_DDL_BY", "VARCHAR", view, kind, name)}, ", ")
}

// recordedSQL is the bookkeeping column col (of SQL type typ) of row m, as
// column col of the INFORMATION_SCHEMA view named view. A time the engine
// does not know — no row (its bookkeeping write failed, and so did the
// backfill after it), a CREATED marked unknown, a NULL time or LAST_DDL_BY
// of an object created before this flurry recorded creation times — is
// refused, row by row: a query whose filter rules the row out answers.
func recordedSQL(m, col, typ, view, kind, name string) string {
	unknown := m + ".DATABASE_NAME IS NULL OR " + m + "." + col + " IS NULL"
	if col == "CREATED" {
		unknown += " OR " + m + ".CREATED_UNKNOWN"
	}
	value := m + "." + col
	if typ == "TIMESTAMPTZ" {
		// Whole milliseconds, as the account keeps them: the column is
		// TIMESTAMP_LTZ(3) (info_schema_scale.go).
		value = "date_trunc('millisecond', " + value + ")"
	}
	return "CASE WHEN " + unknown + " THEN CAST(error('Unsupported feature: INFORMATION_SCHEMA." + view +
		"'' " + col + " of " + kind + " ' || " + name + " || '" + unknownTimesWhy + " in the local engine.') AS " +
		typ + ") ELSE " + value + " END AS " + col
}

// unknownTimesWhy says why the engine does not know an object's times, and
// what gives it them.
const unknownTimesWhy = `, whose time the local engine does not know: it was created before this flurry version recorded creation times, or a bookkeeping write failed; recreating it records its times,`

// unknownCreation refuses a SHOW listing that would hold the created_on of
// an object whose creation time the engine does not know.
func unknownCreation(kind, name string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: SHOW's created_on of %s %s%s in the local engine.", kind, name, unknownTimesWhy)
}

// rowCountsSQL is a relation (s, t, n, b) with the exact row count and the
// bytes (table_bytes.go) of every table of database db (a quoted string
// literal), built when the query is. A query that reads no BYTES does not
// measure them: DuckDB drops the unused aggregates.
func (s *Session) rowCountsSQL(db string) string {
	parts := []string{`(SELECT NULL::VARCHAR AS s, NULL::VARCHAR AS t, NULL::BIGINT AS n, NULL::BIGINT AS b WHERE FALSE`}
	dbName := strings.ReplaceAll(strings.Trim(db, "'"), "''", "'")
	tables, err := s.e.tableColumnTypes(context.Background(), dbName)
	if err != nil {
		return strings.Join(parts, "") + ")"
	}
	keys := make([]string, 0, len(tables))
	for k := range tables {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		schema, table, _ := strings.Cut(k, "\x00")
		if schema == "_FLURRY" {
			continue
		}
		cols := tables[k]
		parts = append(parts, fmt.Sprintf(`SELECT %s, %s, count(*), %s FROM %s.%s.%s`, quoteString(schema), quoteString(table),
			tableBytesSQL(cols[0], cols[1]), quoteIdent(dbName), quoteIdent(schema), quoteIdent(table)))
	}
	return strings.Join(parts, "\n\t\tUNION ALL ") + ")"
}

// tableCreated maps "db.schema.name" to the creation time of the tables and
// views the engine saw created (SHOW TABLES/VIEWS/OBJECTS created_on), an
// unknown one (CREATED_UNKNOWN) to the zero time. A schema's key has an
// empty name ("db.schema."), a database's an empty schema and name ("db..").
func (e *Engine) tableCreated(ctx context.Context) map[string]time.Time {
	e.backfillMissedTableTimes(ctx)
	out := map[string]time.Time{}
	rows, err := e.db.QueryContext(ctx, `SELECT DATABASE_NAME, SCHEMA_NAME, NAME, CASE WHEN CREATED_UNKNOWN THEN NULL ELSE CREATED END FROM `+e.tableTimes())
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var db, schema, name string
		var created sql.NullTime
		if rows.Scan(&db, &schema, &name, &created) == nil {
			out[db+"."+schema+"."+name] = created.Time
		}
	}
	return out
}

// viewDefinitions is the text of the CREATE VIEW statement of every view
// (db.schema.name) whose creation the bookkeeping recorded: SHOW VIEWS'
// text ("The text of the command that created the view") and
// INFORMATION_SCHEMA.VIEWS' VIEW_DEFINITION.
func (e *Engine) viewDefinitions(ctx context.Context) map[string]string {
	e.backfillMissedTableTimes(ctx)
	out := map[string]string{}
	rows, err := e.db.QueryContext(ctx, `SELECT DATABASE_NAME, SCHEMA_NAME, NAME, DEFINITION FROM `+e.tableTimes()+` WHERE DEFINITION IS NOT NULL`)
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var db, schema, name, def string
		if rows.Scan(&db, &schema, &name, &def) == nil {
			out[db+"."+schema+"."+name] = def
		}
	}
	return out
}

// createdOn is the created_on SHOW lists for the object of key (tableCreated)
// named kind and name, or its refusal when the engine does not know it.
func createdOn(created map[string]time.Time, key, kind, name string) (time.Time, error) {
	on := created[key]
	if on.IsZero() {
		return on, unknownCreation(kind, name)
	}
	return on, nil
}

// inTransientContainer reports whether a table made in db.schema (table)
// or a schema made in db (!table) is transient because its container is:
// "All tables created in a transient schema, as well as all schemas created
// in a transient database, are transient by definition" (docs:
// user-guide/tables-temp-transient).
func (e *Engine) inTransientContainer(ctx context.Context, db, schema string, table bool) bool {
	if !table {
		schema = "" // the database's own row
	}
	var n int
	err := e.catalogDB.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+e.tableTimes()+
		` WHERE TRANSIENT AND DATABASE_NAME = ? AND NAME = '' AND (SCHEMA_NAME = '' OR SCHEMA_NAME = ?)`, db, schema).Scan(&n)
	return err == nil && n > 0
}

// transientTables is the set of tables (db.schema.name) created TRANSIENT.
func (e *Engine) transientTables(ctx context.Context) map[string]bool {
	out := map[string]bool{}
	rows, err := e.db.QueryContext(ctx, `SELECT DATABASE_NAME, SCHEMA_NAME, NAME FROM `+e.tableTimes()+` WHERE TRANSIENT`)
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var db, schema, name string
		if rows.Scan(&db, &schema, &name) == nil {
			out[db+"."+schema+"."+name] = true
		}
	}
	return out
}
