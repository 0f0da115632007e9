package snowlocal

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Dropped tables and UNDROP TABLE (docs:
// https://docs.snowflake.com/en/sql-reference/sql/undrop-table: "Restores
// the most recent version of a dropped table"; "If a table with the same
// name already exists, an error is returned"; an object "can be restored
// only if the object was deleted within the Data retention period. The
// default value is 24 hours", and the engine keeps a table's retention at 1
// day: rewrite/ddl.go refuses any other, or at 0, which keeps nothing:
// retention.go).
//
// DROP TABLE keeps a copy of the table's rows in its database's _FLURRY
// schema (which no listing shows) and records, in the engine's
// DROPPED_TABLES, what else makes the table: its DuckDB definition, its
// comments (the column metadata DESCRIBE reads, colmeta.go), its
// TABLE_TIMES row (times, transience, clustering) and its grants. The copy
// has the rows only, so that nothing (a sequence a DEFAULT draws from)
// depends on it. UNDROP TABLE makes the table again from the record, in
// its schema, and removes the copy. A version Snowflake keeps that the
// engine does not (a table dropped inside an explicit transaction, one
// with AUTOINCREMENT or change tracking, a table replaced by CREATE OR
// REPLACE) is recorded without a copy, and UNDROP refuses to pass it.
// Dropping a schema or database keeps its tables the same way
// (undrop_container.go).

// A DROPPED_TABLES row is one dropped version: COPY is "<key>|<copy>",
// the record's key and the name of the copy in the database's _FLURRY
// schema ("" for a version kept without one, whose DEFINITION then says
// why: "unkept: ..."), or in the engine's _FLURRY_HELD schema when HELD
// (its database was dropped); DEFINITION is DuckDB's CREATE TABLE
// statement, COMMENTS, TIMES and GRANTS are JSON. CONTAINER is the key of
// the dropped schema or database the version is in (NULL while its schema
// exists); RESTORE marks a table that schema's or database's UNDROP makes
// again (it was dropped with it), as against one dropped before it, which
// stays dropped.
func init() {
	extensions = append(extensions, func(ctx context.Context, e *Engine) error {
		if _, err := e.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+e.droppedTables()+` (
			DATABASE_NAME VARCHAR, SCHEMA_NAME VARCHAR, NAME VARCHAR, DROPPED_ON TIMESTAMPTZ,
			COPY VARCHAR, DEFINITION VARCHAR, COMMENTS VARCHAR, TIMES VARCHAR, GRANTS VARCHAR, CONFIRMED BOOLEAN)`); err != nil {
			return fmt.Errorf("create dropped tables record: %w", err)
		}
		for _, col := range []string{"CONTAINER VARCHAR", "RESTORE BOOLEAN", "HELD BOOLEAN"} {
			if _, err := e.db.ExecContext(ctx, `ALTER TABLE `+e.droppedTables()+` ADD COLUMN IF NOT EXISTS `+col); err != nil {
				return fmt.Errorf("add dropped tables record column %s: %w", col, err)
			}
		}
		e.Register("UNDROP TABLE", cmdUndropTable)
		return nil
	})
}

func (e *Engine) droppedTables() string { return e.meta + ".DROPPED_TABLES" }

// retention is how long a dropped table can be restored.
const retention = 24 * time.Hour

// noRetention is why a table with DATA_RETENTION_TIME_IN_DAYS = 0 is
// dropped without a copy: it has no retention period.
const noRetention = "with DATA_RETENTION_TIME_IN_DAYS = 0"

// droppedComments are a table's DuckDB comments: the table's and each
// column's.
type droppedComments struct {
	Table   *string            `json:"table"`
	Columns map[string]*string `json:"columns"`
}

// retainDropped runs before DROP TABLE of t: it records the table and
// copies its rows (or records a version without a copy, why says what for)
// and returns the record's key, which confirmDropped marks once the DROP
// succeeded. An unconfirmed record (the DROP failed) is never restored.
// container is the key of the schema or database being dropped with the
// table ("" for DROP TABLE): the table is then kept whatever its own
// retention (docs: data-time-travel, "Dropped containers and object
// retention inheritance": the child tables "are retained for the same
// period of time" as their schema or database), and keepContainer has
// checked what would stop keeping it.
func (s *Session) retainDropped(ctx context.Context, t *target, container string) (string, error) {
	if container == "" {
		s.e.purgeDropped(ctx)
	}
	key := fmt.Sprintf("DROPPED$%d", time.Now().UnixNano())
	unkept := ""
	switch {
	case container != "":
	case s.e.tableRetention(ctx, t.db, t.schema, t.name) == 0:
		// Snowflake keeps nothing either (retention.go): a record
		// without a copy, which stops UNDROP restoring an older version.
		unkept = noRetention
	case s.ext.inTx:
		unkept = "inside an explicit transaction"
	case s.e.mayBeTracked(ctx, t.db, t.schema, t.name):
		unkept = "with change tracking"
	}
	var def string
	var comment sql.NullString
	err := s.e.catalogDB.QueryRowContext(ctx, `SELECT sql, comment FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?`,
		t.db, t.schema, t.name).Scan(&def, &comment)
	if err != nil {
		return "", nil // not a table DuckDB lists: nothing to keep
	}
	if unkept == "" && container == "" && s.e.hasIdentity(ctx, t) {
		unkept = "with an AUTOINCREMENT column"
	}
	comments := droppedComments{Columns: map[string]*string{}}
	if comment.Valid {
		comments.Table = &comment.String
	}
	rows, err := s.e.catalogDB.QueryContext(ctx, `SELECT column_name, comment FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ?`,
		t.db, t.schema, t.name)
	if err != nil {
		return "", err
	}
	for rows.Next() {
		var col string
		var c sql.NullString
		if err := rows.Scan(&col, &c); err != nil {
			rows.Close()
			return "", err
		}
		if c.Valid {
			v := c.String
			comments.Columns[col] = &v
		}
	}
	rows.Close()
	times, err := s.e.tableTimesRow(ctx, t.db, t.schema, t.name)
	if err != nil {
		return "", err
	}
	var grants []grant
	for _, g := range s.e.allGrants() {
		if g.On == "TABLE" && g.Name == t.full {
			grants = append(grants, g)
		}
	}
	cj, _ := json.Marshal(comments)
	gj, _ := json.Marshal(grants)
	copyName := key
	if unkept != "" {
		copyName, def = "", "unkept: "+unkept
	} else {
		q := quoteIdent(t.db) + "._FLURRY." + quoteIdent(key)
		if _, err := s.e.catalogDB.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+quoteIdent(t.db)+"._FLURRY"); err != nil {
			return "", duckError(err)
		}
		if _, err := s.e.catalogDB.ExecContext(ctx, "CREATE TABLE "+q+" AS SELECT * FROM "+quoteIdent(t.db)+"."+quoteIdent(t.schema)+"."+quoteIdent(t.name)); err != nil {
			return "", duckError(err)
		}
	}
	var within any
	if container != "" {
		within = container
	}
	_, err = s.e.catalogDB.ExecContext(ctx, `INSERT INTO `+s.e.droppedTables()+` `+droppedColumns+` VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, FALSE)`,
		t.db, t.schema, t.name, time.Now(), key+"|"+copyName, def, string(cj), times, string(gj), within, container != "")
	return key, err
}

// droppedColumns are the columns of a DROPPED_TABLES row, as INSERT lists them.
const droppedColumns = `(DATABASE_NAME, SCHEMA_NAME, NAME, DROPPED_ON, COPY, DEFINITION, COMMENTS, TIMES, GRANTS, CONFIRMED, CONTAINER, RESTORE, HELD)`

// confirmDropped marks the record once its DROP TABLE succeeded.
func (e *Engine) confirmDropped(ctx context.Context, key string) error {
	_, err := e.catalogDB.ExecContext(ctx, `UPDATE `+e.droppedTables()+` SET CONFIRMED = TRUE WHERE split_part(COPY, '|', 1) = ?`, key)
	return err
}

// noteReplaced records a version CREATE OR REPLACE TABLE replaced, which
// Snowflake keeps and the engine does not.
func (e *Engine) noteReplaced(ctx context.Context, t *target) error {
	_, err := e.catalogDB.ExecContext(ctx, `INSERT INTO `+e.droppedTables()+` `+droppedColumns+` VALUES (?, ?, ?, ?, ?, 'unkept: replaced by CREATE OR REPLACE', NULL, NULL, NULL, TRUE, NULL, FALSE, FALSE)`,
		t.db, t.schema, t.name, time.Now(), fmt.Sprintf("DROPPED$%d|", time.Now().UnixNano()))
	return err
}

// forgetDropped removes the dropped versions of a database's (schema ""),
// or a schema's, tables, with their copies: the database or schema, and
// with it the schema or database those versions were in, was replaced. The
// versions of a dropped database of the name (HELD) are another
// database's.
func (e *Engine) forgetDropped(ctx context.Context, db, schema string) {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT split_part(COPY, '|', 2) FROM `+e.droppedTables()+`
		WHERE DATABASE_NAME = ? AND (? = '' OR SCHEMA_NAME = ?) AND HELD IS NOT TRUE`, db, schema, schema)
	if err != nil {
		return
	}
	var copies []string
	for rows.Next() {
		var c string
		if rows.Scan(&c) == nil && c != "" {
			copies = append(copies, c)
		}
	}
	rows.Close()
	for _, c := range copies {
		e.catalogDB.ExecContext(ctx, "DROP TABLE IF EXISTS "+quoteIdent(db)+"._FLURRY."+quoteIdent(c))
	}
	e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.droppedTables()+` WHERE DATABASE_NAME = ? AND (? = '' OR SCHEMA_NAME = ?) AND HELD IS NOT TRUE`, db, schema, schema)
	e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.droppedContainers()+` WHERE KIND = 'SCHEMA' AND DATABASE_NAME = ? AND (? = '' OR SCHEMA_NAME = ?) AND CONTAINER IS NULL`, db, schema, schema)
}

// purgeDropped removes the versions past the retention period and the
// records of DROP statements that failed, with their copies.
func (e *Engine) purgeDropped(ctx context.Context) {
	expired, failed := time.Now().Add(-retention), time.Now().Add(-time.Minute)
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT DATABASE_NAME, split_part(COPY, '|', 2), HELD IS TRUE FROM `+e.droppedTables()+`
		WHERE DROPPED_ON < ? OR (NOT CONFIRMED AND DROPPED_ON < ?)`, expired, failed)
	if err != nil {
		return
	}
	type old struct {
		db, copy string
		held     bool
	}
	var olds []old
	for rows.Next() {
		var o old
		if rows.Scan(&o.db, &o.copy, &o.held) == nil {
			olds = append(olds, o)
		}
	}
	rows.Close()
	for _, o := range olds {
		switch {
		case o.copy == "":
		case o.held:
			e.catalogDB.ExecContext(ctx, "DROP TABLE IF EXISTS "+e.held()+"."+quoteIdent(o.copy))
		default:
			if _, ok, _ := e.lookupDatabase(ctx, o.db); ok {
				e.catalogDB.ExecContext(ctx, "DROP TABLE IF EXISTS "+quoteIdent(o.db)+"._FLURRY."+quoteIdent(o.copy))
			}
		}
		e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.droppedTables()+` WHERE DATABASE_NAME = ? AND split_part(COPY, '|', 2) = ? AND (DROPPED_ON < ? OR NOT CONFIRMED)`,
			o.db, o.copy, expired)
	}
	e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.droppedContainers()+` WHERE DROPPED_ON < ? OR (NOT CONFIRMED AND DROPPED_ON < ?)`, expired, failed)
}

// hasIdentity reports an AUTOINCREMENT column (a DEFAULT drawing from a
// sequence of the table's own, rewrite/identity.go).
func (e *Engine) hasIdentity(ctx context.Context, t *target) bool {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT coalesce(column_default, '') FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ?`,
		t.db, t.schema, t.name)
	if err != nil {
		return true
	}
	defer rows.Close()
	for rows.Next() {
		var d string
		if rows.Scan(&d) != nil {
			return true
		}
		if _, _, _, _, ok := rewrite.IdentityOf(d); ok {
			return true
		}
	}
	return false
}

// tableTimesRow reads a table's TABLE_TIMES row as JSON ("" when it has none).
func (e *Engine) tableTimesRow(ctx context.Context, db, schema, name string) (string, error) {
	var j sql.NullString
	err := e.catalogDB.QueryRowContext(ctx, `SELECT to_json(m)::VARCHAR FROM `+e.tableTimes()+` m
		WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`, db, schema, name).Scan(&j)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return j.String, err
}

func undropUnsupported(what string) error {
	return undropRefused("TABLE", what)
}

func undropRefused(kind, what string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'UNDROP %s %s': the local engine does not implement it.", kind, what)
}

// droppedTable is a DROPPED_TABLES row to restore.
type droppedTable struct {
	db, schema, name            string
	key, copy                   string
	def, comments, times, grant string
	held                        bool
}

// droppedSelect reads droppedTable's columns (scanDropped).
const droppedSelect = `SELECT DATABASE_NAME, SCHEMA_NAME, NAME, COPY, DEFINITION, coalesce(COMMENTS, ''), coalesce(TIMES, ''), coalesce(GRANTS, ''), HELD IS TRUE FROM `

func scanDropped(sc interface{ Scan(...any) error }) (droppedTable, error) {
	var d droppedTable
	var copyKey string
	err := sc.Scan(&d.db, &d.schema, &d.name, &copyKey, &d.def, &d.comments, &d.times, &d.grant, &d.held)
	d.key, d.copy, _ = strings.Cut(copyKey, "|")
	return d, err
}

// restoreStatements make a dropped table again from its record and copy
// (in from, a schema), on a connection whose current schema is the
// table's: the definition names the table alone and the sequences its
// defaults draw from as written. A copy in the database's own _FLURRY is
// dropped with them; a held one is the caller's to drop, after (a
// transaction writes to one DuckDB database).
func (d droppedTable) restoreStatements(from string) []string {
	var cm droppedComments
	json.Unmarshal([]byte(d.comments), &cm)
	table := quoteIdent(d.db) + "." + quoteIdent(d.schema) + "." + quoteIdent(d.name)
	stmts := []string{d.def, "INSERT INTO " + table + " SELECT * FROM " + from + "." + quoteIdent(d.copy)}
	if cm.Table != nil {
		stmts = append(stmts, "COMMENT ON TABLE "+table+" IS "+quoteString(*cm.Table))
	}
	for col, text := range cm.Columns {
		stmts = append(stmts, "COMMENT ON COLUMN "+table+"."+quoteIdent(col)+" IS "+quoteString(*text))
	}
	if !d.held {
		stmts = append(stmts, "DROP TABLE "+from+"."+quoteIdent(d.copy))
	}
	return stmts
}

// savedGrants are the grants a record kept.
func savedGrants(j string) []grant {
	var saved []grant
	json.Unmarshal([]byte(j), &saved)
	return saved
}

// mayUndrop reports whether the roles owned the dropped object (its
// saved OWNERSHIP grant) or hold MANAGE GRANTS.
func (s *Session) mayUndrop(saved []grant) bool {
	z := s.authz()
	for _, g := range saved {
		if g.Privilege == "OWNERSHIP" && z.holds(g) {
			return true
		}
	}
	return z.account("MANAGE GRANTS")
}

// restoreTimes inserts a TABLE_TIMES row kept as JSON: its times,
// transience, clustering, managed access and retention. A row that cannot
// be written is backfilled as unknown (backfillMissedTableTimes).
func (e *Engine) restoreTimes(ctx context.Context, times string) {
	if times == "" {
		return
	}
	if _, err := e.catalogDB.ExecContext(ctx, `INSERT INTO `+e.tableTimes()+`
		(DATABASE_NAME, SCHEMA_NAME, NAME, CREATED, LAST_ALTERED, LAST_DDL, LAST_DDL_BY, TRANSIENT, DEFINITION, CREATED_UNKNOWN, CLUSTER_BY, AUTO_CLUSTERING, MANAGED_ACCESS, RETENTION_TIME)
		SELECT j->>'DATABASE_NAME', j->>'SCHEMA_NAME', j->>'NAME', (j->>'CREATED')::TIMESTAMPTZ, (j->>'LAST_ALTERED')::TIMESTAMPTZ,
			(j->>'LAST_DDL')::TIMESTAMPTZ, j->>'LAST_DDL_BY', (j->>'TRANSIENT')::BOOLEAN, j->>'DEFINITION', (j->>'CREATED_UNKNOWN')::BOOLEAN,
			j->>'CLUSTER_BY', (j->>'AUTO_CLUSTERING')::BOOLEAN, (j->>'MANAGED_ACCESS')::BOOLEAN, (j->>'RETENTION_TIME')::INTEGER
		FROM (SELECT ?::JSON AS j)`, times); err != nil {
		e.tableTimesMissed.Store(true)
	}
}

// restoredTables finishes restoring tables once their DuckDB statements
// committed: their records go, their TABLE_TIMES rows and grants come back.
func (e *Engine) restoredTables(ctx context.Context, ds []droppedTable) error {
	for _, d := range ds {
		if _, err := e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.droppedTables()+` WHERE split_part(COPY, '|', 1) = ?`, d.key); err != nil {
			return err
		}
		if d.held {
			e.catalogDB.ExecContext(ctx, "DROP TABLE IF EXISTS "+e.held()+"."+quoteIdent(d.copy))
		}
		e.restoreTimes(ctx, d.times)
		if err := e.addGrants(ctx, savedGrants(d.grant)...); err != nil {
			return err
		}
	}
	return nil
}

// cmdUndropTable restores the most recent dropped version of a table.
func cmdUndropTable(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("UNDROP", "TABLE")
	if c.word(0) == "IDENTIFIER" {
		if t, ok := c.peek(2); ok && t.Kind == sqllex.Number {
			return nil, undropUnsupported("IDENTIFIER(<table id>)")
		}
	}
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return nil, err
	}
	if ok, err := s.e.schemaExists(ctx, db, schema); err != nil {
		return nil, err
	} else if !ok {
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nSchema '%s.%s' does not exist or not authorized.", db, schema)
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	if _, ok := s.e.grantKind(ctx, db, schema, name); ok {
		return nil, undropUnsupported("of a name an existing object has")
	}
	d, err := scanDropped(s.e.catalogDB.QueryRowContext(ctx, droppedSelect+s.e.droppedTables()+`
		WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ? AND CONFIRMED AND CONTAINER IS NULL AND DROPPED_ON >= ?
		ORDER BY DROPPED_ON DESC LIMIT 1`, db, schema, name, time.Now().Add(-retention)))
	if err == sql.ErrNoRows {
		return nil, undropUnsupported("of a table the engine keeps no dropped version of")
	}
	if err != nil {
		return nil, err
	}
	if d.def == "unkept: "+noRetention {
		// Snowflake's error for a table past its retention period is
		// not printed by the docs.
		return nil, undropUnsupported("of a table dropped with DATA_RETENTION_TIME_IN_DAYS = 0, which keeps no dropped version")
	}
	if u, ok := strings.CutPrefix(d.def, "unkept: "); ok {
		return nil, undropUnsupported("of a table whose most recent dropped version the engine did not keep (dropped " + u + ")")
	}
	if !s.mayUndrop(savedGrants(d.grant)) {
		return nil, undropUnsupported("by a role that did not own the table")
	}
	if _, err := s.conn.ExecContext(ctx, "USE "+quoteIdent(db)+"."+quoteIdent(schema)); err != nil {
		return nil, duckError(err)
	}
	err = execAllInTx(ctx, s.conn, d.restoreStatements(quoteIdent(db)+"._FLURRY"))
	if uerr := s.syncUse(ctx); err == nil {
		err = uerr
	}
	if err != nil {
		return nil, undropUnsupported(fmt.Sprintf("of this table, which the engine could not make again (%v)", duckError(err)))
	}
	if err := s.e.restoredTables(ctx, []droppedTable{d}); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Table %s successfully restored.", name)), nil
}
