package snowlocal

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Table and view metadata DuckDB's catalog does not keep: when a table or
// view was created, last altered (DDL or DML, as Snowflake's LAST_ALTERED),
// last changed by DDL and by whom, and whether a table is transient. The
// INFORMATION_SCHEMA.TABLES view and SHOW TABLES read them (Snowflake never
// answers NULL for a table's CREATED). An object the bookkeeping has no row
// for — made by an engine older than it, or by a statement it does not
// follow (a clone's contents) — gets one when the engine opens and whenever
// these views or SHOW read them (backfillTableTimes).

func init() { extensions = append(extensions, installTableTimes) }

func (e *Engine) tableTimes() string { return e.meta + ".TABLE_TIMES" }

func installTableTimes(ctx context.Context, e *Engine) error {
	_, err := e.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+e.tableTimes()+` (
		DATABASE_NAME VARCHAR, SCHEMA_NAME VARCHAR, NAME VARCHAR, CREATED TIMESTAMPTZ, LAST_ALTERED TIMESTAMPTZ,
		LAST_DDL TIMESTAMPTZ, LAST_DDL_BY VARCHAR, TRANSIENT BOOLEAN, DEFINITION VARCHAR)`)
	if err != nil {
		return fmt.Errorf("create table metadata: %w", err)
	}
	e.backfillTableTimes(ctx)
	return nil
}

// backfillTableTimes gives every database, schema, table and view the
// bookkeeping has no row for one created and last altered now, the first
// time the engine sees it: the engine cannot know an older creation time,
// and Snowflake never shows a table's CREATED as NULL. LAST_DDL and
// LAST_DDL_BY stay NULL until a DDL statement, as Snowflake's are for
// objects older than those columns: "Last DDL data is not available for
// operations that occurred before the columns were added ... The new DDL
// fields contain null until a DDL operation is executed"
// (https://docs.snowflake.com/en/sql-reference/info-schema/tables, Usage
// notes). It is bookkeeping: a failure is ignored.
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
	if e.db.QueryRowContext(ctx, `SELECT count(*) FROM `+objects).Scan(&missing) != nil || missing == 0 {
		return
	}
	now := time.Now()
	e.db.ExecContext(ctx, `INSERT INTO `+tt+` (DATABASE_NAME, SCHEMA_NAME, NAME, CREATED, LAST_ALTERED)
		SELECT o.d, o.s, o.n, ?, ? FROM `+objects, now, now)
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
	exec := func(q string, args ...any) { s.e.catalogDB.ExecContext(ctx, q, args...) }
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
			var definition any
			if words[1] == "VIEW" {
				definition = text
			}
			switch words[1] { // OR REPLACE replaces what was inside too
			case "DATABASE":
				exec(`DELETE FROM `+tt+` WHERE DATABASE_NAME = ?`, db)
			case "SCHEMA":
				exec(`DELETE FROM `+tt+` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?`, db, schema)
			default:
				exec(`DELETE FROM `+tt+where, db, schema, name)
			}
			exec(`INSERT INTO `+tt+` VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, db, schema, name, now, now, now, s.User, createsTransient(text), definition)
			if words[1] == "DATABASE" {
				exec(`INSERT INTO `+tt+` VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)`, db, "PUBLIC", "", now, now, now, s.User, createsTransient(text))
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
			exec(`UPDATE `+tt+` SET LAST_ALTERED = ?, LAST_DDL = ?, LAST_DDL_BY = ?`+where, now, now, s.User, db, schema, name)
			if to, ok := renamedTo(text); ok && (words[1] == "TABLE" || words[1] == "VIEW") {
				if ndb, nschema, nname, ok := s.qualify(to.parts); ok {
					exec(`UPDATE `+tt+` SET DATABASE_NAME = ?, SCHEMA_NAME = ?, NAME = ?`+where, ndb, nschema, nname, db, schema, name)
				}
			}
		}
	case "INSERT", "UPDATE", "DELETE", "MERGE", "TRUNCATE", "COPY":
		for _, n := range dmlTargets(words[0], text) {
			if db, schema, name, ok := s.qualify(n.parts); ok && name != "" {
				exec(`UPDATE `+tt+` SET LAST_ALTERED = ? WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`, now, db, schema, name)
			}
		}
	}
}

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
// exact count (DuckDB's estimated_size keeps deleted rows); BYTES, Snowflake's
// compressed storage size, is only known for an empty table (0).
func (s *Session) tablesView(db string) string {
	s.e.backfillTableTimes(context.Background())
	counts := s.rowCountsSQL(db)
	tt := s.e.tableTimes()
	return `(SELECT t.database_name AS TABLE_CATALOG, t.schema_name AS TABLE_SCHEMA, t.table_name AS TABLE_NAME,
		` + s.e.ownerSQL("TABLE", "t.database_name || '.' || t.schema_name || '.' || t.table_name") + ` AS TABLE_OWNER, 'BASE TABLE' AS TABLE_TYPE, CASE WHEN m.TRANSIENT THEN 'YES' ELSE 'NO' END AS IS_TRANSIENT,
		NULL::VARCHAR AS CLUSTERING_KEY, rc.n::BIGINT AS ROW_COUNT, CASE WHEN rc.n = 0 THEN 0 END::BIGINT AS BYTES,
		CASE WHEN m.TRANSIENT THEN 0 ELSE 1 END::BIGINT AS RETENTION_TIME,
		NULL::VARCHAR AS SELF_REFERENCING_COLUMN_NAME, NULL::VARCHAR AS REFERENCE_GENERATION,
		NULL::VARCHAR AS USER_DEFINED_TYPE_CATALOG, NULL::VARCHAR AS USER_DEFINED_TYPE_SCHEMA, NULL::VARCHAR AS USER_DEFINED_TYPE_NAME,
		'YES' AS IS_INSERTABLE_INTO, 'YES' AS IS_TYPED, NULL::VARCHAR AS COMMIT_ACTION,
		m.CREATED AS CREATED, m.LAST_ALTERED AS LAST_ALTERED, m.LAST_DDL AS LAST_DDL, m.LAST_DDL_BY AS LAST_DDL_BY,
		FALSE AS AUTO_CLUSTERING_ON, CASE WHEN t.comment LIKE 'flurry:%' THEN NULL ELSE t.comment END AS COMMENT,
		'NO' AS IS_TEMPORARY, 'NO' AS IS_ICEBERG, 'NO' AS IS_DYNAMIC, 'NO' AS IS_IMMUTABLE, 'NO' AS IS_HYBRID
		FROM duckdb_tables() t
		LEFT JOIN ` + tt + ` m ON m.DATABASE_NAME = t.database_name AND m.SCHEMA_NAME = t.schema_name AND m.NAME = t.table_name
		LEFT JOIN ` + counts + ` rc ON rc.s = t.schema_name AND rc.t = t.table_name
		WHERE NOT t.internal AND t.database_name = ` + db + ` AND t.schema_name <> '_FLURRY'
		UNION ALL SELECT v.database_name, v.schema_name, v.view_name,
		` + s.e.ownerSQL("VIEW", "v.database_name || '.' || v.schema_name || '.' || v.view_name") + `, 'VIEW', 'NO', NULL, NULL, NULL, NULL,
		NULL, NULL, NULL, NULL, NULL, 'NO', 'NO', NULL, m.CREATED, m.LAST_ALTERED, m.LAST_DDL, m.LAST_DDL_BY, NULL,
		CASE WHEN v.comment LIKE 'flurry:%' THEN NULL ELSE v.comment END, 'NO', 'NO', 'NO', 'NO', 'NO'
		FROM duckdb_views() v
		LEFT JOIN ` + tt + ` m ON m.DATABASE_NAME = v.database_name AND m.SCHEMA_NAME = v.schema_name AND m.NAME = v.view_name
		WHERE NOT v.internal AND coalesce(v.comment, '') <> 'flurry:stream' AND v.database_name = ` + db + `)`
}

// rowCountsSQL is a relation (s, t, n) with the exact row count of every
// table of database db (a quoted string literal), built when the query is.
func (s *Session) rowCountsSQL(db string) string {
	rows, err := s.e.db.Query(`SELECT schema_name, table_name FROM duckdb_tables() WHERE NOT internal AND database_name = ` + db +
		` AND schema_name <> '_FLURRY' ORDER BY 1, 2`)
	parts := []string{`(SELECT NULL::VARCHAR AS s, NULL::VARCHAR AS t, NULL::BIGINT AS n WHERE FALSE`}
	if err == nil {
		defer rows.Close()
		dbName := strings.Trim(db, "'")
		dbName = strings.ReplaceAll(dbName, "''", "'")
		for rows.Next() {
			var schema, table string
			if rows.Scan(&schema, &table) != nil {
				continue
			}
			parts = append(parts, fmt.Sprintf(`SELECT %s, %s, count(*) FROM %s.%s.%s`, quoteString(schema), quoteString(table),
				quoteIdent(dbName), quoteIdent(schema), quoteIdent(table)))
		}
	}
	return strings.Join(parts, "\n\t\tUNION ALL ") + ")"
}

// tableCreated maps "db.schema.name" to the creation time of the tables and
// views the engine saw created (SHOW TABLES/VIEWS/OBJECTS created_on).
// A schema's key has an empty name ("db.schema."), a database's an empty
// schema and name ("db..").
func (e *Engine) tableCreated(ctx context.Context) map[string]time.Time {
	e.backfillTableTimes(ctx)
	out := map[string]time.Time{}
	rows, err := e.db.QueryContext(ctx, `SELECT DATABASE_NAME, SCHEMA_NAME, NAME, CREATED FROM `+e.tableTimes())
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var db, schema, name string
		var created time.Time
		if rows.Scan(&db, &schema, &name, &created) == nil {
			out[db+"."+schema+"."+name] = created
		}
	}
	return out
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

// exactRowCount counts a table's rows (SHOW TABLES rows): DuckDB's
// estimated_size still counts deleted rows.
func (e *Engine) exactRowCount(ctx context.Context, db, schema, name string) (int64, error) {
	var n int64
	err := e.db.QueryRowContext(ctx, `SELECT count(*) FROM `+quoteIdent(db)+"."+quoteIdent(schema)+"."+quoteIdent(name)).Scan(&n)
	return n, err
}
