package snowlocal

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Change tracking and the CHANGES clause
// (https://docs.snowflake.com/en/sql-reference/constructs/changes).
//
// "At least one of the following must be true before change tracking
// metadata is recorded for a table: change tracking is enabled on the
// table ... for the interval queried by CHANGES; a stream is created for
// the table" (the page's usage notes). So the engine records a table's
// history from the moment ALTER TABLE ... SET CHANGE_TRACKING = TRUE, CREATE
// TABLE ... CHANGE_TRACKING = TRUE or CREATE STREAM ... ON TABLE enables it,
// and only then: a point before it is refused, never answered from history
// the engine did not keep.
//
// The history lives in the table's database (one DuckDB transaction writes
// one database, and it is written in the transaction of the statement that
// changes the table), schema _FLURRY:
//
//   - CT$<schema>$<table>$LOG: one row per change, written by each INSERT,
//     UPDATE, DELETE, MERGE and TRUNCATE of the table: the row's lineage
//     ("$LID", the identity an updated row keeps, as in stream_track.go), its
//     values before ("$OLD") or after the statement, whether the statement
//     inserted it ("$INS"), its METADATA$ROW_ID ("$ID"), the statement
//     ("$SEQ") and its commit time ("$T"). A row with "$NOTE" 'START' holds
//     the time tracking started and the table's creation time; other notes
//     name a statement whose changes the engine cannot give exactly (as the
//     streams' marks do), refusing any interval holding it.
//   - CT$<schema>$<table>$LIVE: the table's rows with their lineages.
//
// A statement the engine does not track (COPY INTO, INSERT OVERWRITE, a
// multi-table INSERT, a change of the table's columns) leaves LIVE different from the table:
// CHANGES is then refused, and the next tracked statement starts the
// history again (a point before it is refused).
//
// The changes between two points are those of the statements committed
// after the first and up to the second ("The results are inclusive of the
// end marker"), netted per lineage as a standard stream nets them (DEFAULT)
// or every row inserted as it was inserted (APPEND_ONLY): the same rules as
// streams (stream_track.go, streams-intro).

// ctTable is a table whose changes the engine records.
type ctTable struct {
	db, schema, name string
	table, log, live string // fully qualified and quoted
	columns          []string
}

func newCTTable(db, schema, name string) *ctTable {
	return &ctTable{db: db, schema: schema, name: name, table: qualified(db, schema, name),
		log: qualified(db, "_FLURRY", ctLogName(schema, name)), live: qualified(db, "_FLURRY", "CT$"+schema+"$"+name+"$LIVE")}
}

func (ct *ctTable) key() string { return ct.db + "." + ct.schema + "." + ct.name }

func (ct *ctTable) colList(prefix string) string { return columnList(ct.columns, prefix) } // stream_track.go

func (ct *ctTable) sameValues(a, b string) string { return sameColumnValues(ct.columns, a, b) }

func (ct *ctTable) work(suffix string) string {
	return qualified(ct.db, "_FLURRY", "CT$"+ct.schema+"$"+ct.name+"$"+suffix)
}

// trackedLogs is the set of change tracking logs the engine holds
// (database, log table name), read from the catalog on first use and added
// to as tracking starts, so that a statement on a table without tracking
// costs no catalog query. A log dropped later may stay in the set:
// trackedTable checks that it exists. ok is false when the catalog could
// not be read (then every table is looked up).
func (e *Engine) trackedLogs(ctx context.Context) (logs map[[2]string]bool, ok bool) {
	e.ctMu.Lock()
	defer e.ctMu.Unlock()
	if e.ctLogs == nil {
		rows, err := e.catalogDB.QueryContext(ctx, `SELECT database_name, table_name FROM duckdb_tables() WHERE schema_name = '_FLURRY' AND table_name LIKE 'CT$%$LOG'`)
		if err != nil {
			return nil, false
		}
		defer rows.Close()
		read := map[[2]string]bool{}
		for rows.Next() {
			var db, name string
			if rows.Scan(&db, &name) != nil {
				return nil, false
			}
			read[[2]string{db, name}] = true
		}
		if rows.Err() != nil {
			return nil, false
		}
		e.ctLogs = read
	}
	return e.ctLogs, true
}

// mayBeTracked reports whether db.schema.name may have change tracking:
// its log is in trackedLogs, or the set is not known.
func (e *Engine) mayBeTracked(ctx context.Context, db, schema, name string) bool {
	logs, ok := e.trackedLogs(ctx)
	e.ctMu.Lock()
	defer e.ctMu.Unlock()
	return !ok || logs[[2]string{db, ctLogName(schema, name)}]
}

// anyTracked reports whether any table may have change tracking.
func (e *Engine) anyTracked(ctx context.Context) bool {
	logs, ok := e.trackedLogs(ctx)
	e.ctMu.Lock()
	defer e.ctMu.Unlock()
	return !ok || len(logs) > 0
}

// noteTracked adds db.schema.name's log to trackedLogs once tracking started.
func (e *Engine) noteTracked(db, schema, name string) {
	e.ctMu.Lock()
	defer e.ctMu.Unlock()
	if e.ctLogs != nil { // else read from the catalog when first used
		e.ctLogs[[2]string{db, ctLogName(schema, name)}] = true
	}
}

// ctLogName is the name of the change tracking log of table schema.name in
// its database's _FLURRY schema.
func ctLogName(schema, name string) string { return "CT$" + schema + "$" + name + "$LOG" }

// trackedTableCreated is the table's creation time as TABLE_TIMES records it
// ("" for none, or a view).
func (e *Engine) trackedTableCreated(ctx context.Context, db, schema, name string) string {
	var created sql.NullString
	if e.db.QueryRowContext(ctx, `SELECT CAST(CREATED AS VARCHAR) FROM `+e.tableTimes()+
		` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ? AND DEFINITION IS NULL`, db, schema, name).Scan(&created) != nil {
		return ""
	}
	return created.String
}

// trackedTable is the change tracking of db.schema.name, if the engine
// records it (its log exists; whether it belongs to this table is checked
// by the log's START note).
func (e *Engine) trackedTable(ctx context.Context, db, schema, name string) (*ctTable, bool) {
	if db == "" || !e.mayBeTracked(ctx, db, schema, name) {
		return nil, false
	}
	var n int
	if e.catalogDB.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = '_FLURRY' AND table_name = ?`,
		db, ctLogName(schema, name)).Scan(&n) != nil || n == 0 {
		return nil, false
	}
	ct, err := e.ctTableOf(ctx, db, schema, name)
	if err != nil || len(ct.columns) == 0 {
		return nil, false
	}
	return ct, true
}

// ctTableOf is db.schema.name's change tracking with the table's columns.
func (e *Engine) ctTableOf(ctx context.Context, db, schema, name string) (*ctTable, error) {
	ct := newCTTable(db, schema, name)
	cols, err := e.columns(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		ct.columns = append(ct.columns, quoteIdent(c.name))
	}
	return ct, nil
}

// ctStart writes a fresh history: LIVE is the table's rows with new
// lineages and the log holds only its START note at time now.
func (ct *ctTable) startSQL(created string, now time.Time) []string {
	cols := ct.colList("")
	return []string{
		"CREATE SCHEMA IF NOT EXISTS " + quoteIdent(ct.db) + "._FLURRY",
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT 0::BIGINT AS "$SEQ", NULL::TIMESTAMPTZ AS "$T", 0::BIGINT AS "$LID", FALSE AS "$OLD",
	FALSE AS "$INS", ''::VARCHAR AS "$ID", ''::VARCHAR AS "$NOTE", %s FROM %s LIMIT 0`, ct.log, cols, ct.table),
		fmt.Sprintf(`INSERT INTO %s ("$SEQ", "$T", "$ID", "$NOTE") VALUES (0, %s, %s, 'START')`, ct.log, tsLiteral(now), sqlString(created)),
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT row_number() OVER () AS "$LID", md5(%s || CAST(row_number() OVER () AS VARCHAR)) AS "$ID", %s FROM %s`,
			ct.live, sqlString(ct.key()+"#"+now.UTC().Format(time.RFC3339Nano)+"#"), cols, ct.table),
	}
}

func tsLiteral(t time.Time) string {
	return "TIMESTAMPTZ '" + t.UTC().Format("2006-01-02 15:04:05.000000") + "+00'"
}

func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// enableChangeTracking starts recording the table's changes, unless it
// already does (its history is kept).
func (s *Session) enableChangeTracking(ctx context.Context, db, schema, name string) error {
	created := s.e.trackedTableCreated(ctx, db, schema, name)
	if created == "" {
		return nil
	}
	if ct, ok := s.e.trackedTable(ctx, db, schema, name); ok {
		if start, _, err := ct.start(ctx, s.e.db); err == nil && start.created == created {
			return nil
		}
	}
	ct, err := s.e.ctTableOf(ctx, db, schema, name)
	if err != nil {
		return err
	}
	now := time.Now()
	tx, err := s.e.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range ct.startSQL(created, now) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return duckError(err)
		}
	}
	// The statements recording changes compare, group and number rows by
	// their values: a table whose column types do not allow it is not
	// tracked (CHANGES stays refused) rather than failing its DML later.
	cols2 := ct.colList("")
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`SELECT (SELECT count(*) FROM (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s)),
	(SELECT count(*) FROM (SELECT %s, count(*) FROM %s GROUP BY ALL)), (SELECT count(*) FROM (SELECT row_number() OVER (PARTITION BY %s) FROM %s))`,
		cols2, ct.table, cols2, ct.live, cols2, ct.live, cols2, ct.live)); err != nil {
		return duckError(err)
	}
	if err := tx.Commit(); err != nil {
		return duckError(err)
	}
	s.e.noteTracked(db, schema, name)
	waitNextMilli(now)
	return nil
}

// disableChangeTracking drops the table's history.
func (s *Session) disableChangeTracking(ctx context.Context, db, schema, name string) {
	ct := newCTTable(db, schema, name)
	s.e.db.ExecContext(ctx, "DROP TABLE IF EXISTS "+ct.log)
	s.e.db.ExecContext(ctx, "DROP TABLE IF EXISTS "+ct.live)
}

// waitNextMilli returns once the clock is past t's millisecond: "the
// smallest time resolution for TIMESTAMP is milliseconds" (the page), so a
// point taken after a change (SET ts = CURRENT_TIMESTAMP()) falls in a later
// millisecond than the change, and the change is before it however the
// point is rounded.
func waitNextMilli(t time.Time) {
	time.Sleep(time.Until(t.Truncate(time.Millisecond).Add(time.Millisecond)))
}

// noteChangeTracking follows a successful ALTER TABLE ... SET
// CHANGE_TRACKING = TRUE | FALSE and CREATE TABLE ... CHANGE_TRACKING = TRUE.
func (s *Session) noteChangeTracking(ctx context.Context, words []string, text string) {
	if len(words) < 2 || !(words[0] == "ALTER" || words[0] == "CREATE") || words[1] != "TABLE" ||
		!strings.Contains(strings.ToUpper(text), "CHANGE_TRACKING") {
		return
	}
	toks, err := sqllex.TokenizeSignificant(text)
	if err != nil {
		return
	}
	value, depth := "", 0
scan:
	for i, t := range toks {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && words[0] == "CREATE" && t.IsWord("AS"):
			break scan // the query's words are not the table's properties
		case depth == 0 && t.IsWord("CHANGE_TRACKING") && i+2 < len(toks) && toks[i+1].IsOp("="):
			value = strings.ToUpper(toks[i+2].Text)
		}
	}
	if value == "" {
		return
	}
	n, ok := statementObject(words, text)
	if !ok {
		return
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil || db == "" {
		return
	}
	switch value {
	case "TRUE":
		s.e.writeMu.Lock()
		defer s.e.writeMu.Unlock()
		s.enableChangeTracking(ctx, db, schema, name)
	case "FALSE":
		s.e.writeMu.Lock()
		defer s.e.writeMu.Unlock()
		s.disableChangeTracking(ctx, db, schema, name)
	}
}

// ctStart is the START note of a history.
type ctStart struct {
	at      time.Time
	created string
}

func (ct *ctTable) start(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (ctStart, bool, error) {
	var st ctStart
	err := q.QueryRowContext(ctx, `SELECT "$T", "$ID" FROM `+ct.log+` WHERE "$NOTE" = 'START'`).Scan(&st.at, &st.created)
	if err == sql.ErrNoRows {
		return st, false, nil
	}
	return st, err == nil, err
}

// inSync reports whether LIVE holds the table's rows and columns: no
// statement the engine did not track changed the table since.
func (ct *ctTable) inSync(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (bool, error) {
	var liveCols, tableCols string
	if err := q.QueryRowContext(ctx, `SELECT
	(SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY column_index) FROM duckdb_columns() WHERE database_name = ? AND schema_name = '_FLURRY' AND table_name = ? AND column_index > 2),
	(SELECT string_agg(column_name || ' ' || data_type, ',' ORDER BY column_index) FROM duckdb_columns() WHERE database_name = ? AND schema_name = ? AND table_name = ?)`,
		ct.db, "CT$"+ct.schema+"$"+ct.name+"$LIVE", ct.db, ct.schema, ct.name).Scan(&liveCols, &tableCols); err != nil {
		return false, err
	}
	if liveCols != tableCols {
		return false, nil
	}
	cols := ct.colList("")
	var differ bool
	err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s) OR EXISTS (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s)`,
		cols, ct.table, cols, ct.live, cols, ct.live, cols, ct.table)).Scan(&differ)
	return !differ, err
}

// ctTarget is the tracked table a DML statement writes, if any.
func (s *Session) ctTarget(ctx context.Context, words []string, text string) *ctTable {
	if !s.e.anyTracked(ctx) {
		return nil
	}
	_, n, ok := dmlTarget(words, text) // stream_track.go
	if !ok {
		return nil
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return nil
	}
	ct, ok := s.e.trackedTable(ctx, db, schema, name)
	if !ok {
		return nil
	}
	return ct
}

// ctBefore runs in the statement's transaction before it: it starts the
// history again when the table is not the one tracking started on or an
// untracked statement changed it, and copies the rows with their rowids.
func (s *Session) ctBefore(ctx context.Context, ct *ctTable, kind string) error {
	st, ok, err := ct.start(ctx, s.conn)
	if err != nil {
		return err
	}
	created := s.e.trackedTableCreated(ctx, ct.db, ct.schema, ct.name)
	if !ok || st.created != created {
		// Another table of that name: its changes are not tracked.
		return execAll(ctx, s.conn, "DROP TABLE IF EXISTS "+ct.log, "DROP TABLE IF EXISTS "+ct.live)
	}
	sync, err := ct.inSync(ctx, s.conn)
	if err != nil {
		return err
	}
	if !sync {
		now := time.Now()
		if err := execAll(ctx, s.conn, ct.startSQL(created, now)...); err != nil {
			return err
		}
		waitNextMilli(now)
	}
	if kind == "INSERT" {
		return nil // its rows are the table's rows not in LIVE
	}
	return execAll(ctx, s.conn, fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT rowid AS "$RID", %s FROM %s`, ct.work("BEFORE"), ct.colList(""), ct.table))
}

// ctAfter records the statement's changes (the caller's transaction is
// still open). Inside an explicit transaction the commit time is not known
// yet: the rows get it at COMMIT (ctCommit).
func (s *Session) ctAfter(ctx context.Context, ct *ctTable, kind string, affected int64) error {
	var exists int
	if s.conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND schema_name = '_FLURRY' AND table_name = ?`,
		ct.db, "CT$"+ct.schema+"$"+ct.name+"$LOG").Scan(&exists); exists == 0 {
		return nil // ctBefore dropped a history of another table
	}
	now := time.Now()
	at := tsLiteral(now)
	if s.ext.inTx {
		at = "NULL::TIMESTAMPTZ"
		if s.ext.ctPending == nil {
			s.ext.ctPending = map[string]*ctTable{}
		}
		s.ext.ctPending[ct.key()] = ct
	}
	cols := ct.colList("")
	var n int64
	if err := s.conn.QueryRowContext(ctx, `SELECT max("$SEQ") + 1 FROM `+ct.log).Scan(&n); err != nil {
		return err
	}
	seq := fmt.Sprint(n)
	idPrefix := sqlString(ct.key() + "#" + now.UTC().Format(time.RFC3339Nano) + "#")
	nextLID := fmt.Sprintf(`greatest((SELECT coalesce(max("$LID"), 0) FROM %s), (SELECT coalesce(max("$LID"), 0) FROM %s))`, ct.log, ct.live)
	if kind == "INSERT" {
		// The rows inserted are, among the table's rows alike, those
		// beyond LIVE's count of them; new lineages follow the rows' order.
		err := execAll(ctx, s.conn,
			fmt.Sprintf(`INSERT INTO %s SELECT %s, %s, l."$LID", FALSE, TRUE, md5(%s || CAST(l."$LID" AS VARCHAR)), NULL, %s
FROM (SELECT %s + row_number() OVER (ORDER BY t."$RID") AS "$LID", t.*
  FROM (SELECT rowid AS "$RID", %s, row_number() OVER (PARTITION BY %s ORDER BY rowid) AS "$N" FROM %s) t
  LEFT JOIN (SELECT %s, count(*) AS "$C" FROM %s GROUP BY ALL) v ON %s
  WHERE t."$N" > coalesce(v."$C", 0)) l`,
				ct.log, seq, at, idPrefix, ct.colList("l."), nextLID, cols, cols, ct.table, cols, ct.live, ct.sameValues("t", "v")),
			fmt.Sprintf(`INSERT INTO %s SELECT "$LID", "$ID", %s FROM %s WHERE "$SEQ" = %s`, ct.live, cols, ct.log, seq))
		if err == nil && !s.ext.inTx {
			waitNextMilli(now)
		}
		return err
	}
	before, gone, added, lineage := ct.work("BEFORE"), ct.work("GONE"), ct.work("ADDED"), ct.work("LINEAGE")
	nowRows := fmt.Sprintf(`(SELECT rowid AS "$RID", %s FROM %s)`, cols, ct.table)
	differ := "NOT (" + ct.sameValues("b", "a") + ")"
	if err := execAll(ctx, s.conn,
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT b."$RID", %s
FROM %s b LEFT JOIN %s a ON a."$RID" = b."$RID" WHERE a."$RID" IS NULL OR %s`, gone, ct.colList("b."), before, nowRows, differ),
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT a."$RID", b."$RID" IS NULL AS "$INSERTED", %s
FROM %s a LEFT JOIN %s b ON a."$RID" = b."$RID" WHERE b."$RID" IS NULL OR %s`, added, ct.colList("a."), nowRows, before, differ),
		// Each row gone is a row of LIVE with its values (rows alike are
		// changed alike, so which one does not matter).
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS
WITH g AS (SELECT *, row_number() OVER (PARTITION BY %s ORDER BY "$RID") AS "$N" FROM %s),
v AS (SELECT *, row_number() OVER (PARTITION BY %s ORDER BY "$LID") AS "$N" FROM %s)
SELECT g."$RID", v."$LID", v."$ID", %s FROM g JOIN v ON g."$N" = v."$N" AND %s`, lineage, cols, gone, cols, ct.live, ct.colList("g."), ct.sameValues("g", "v")),
	); err != nil {
		return err
	}
	var nGone, nMatched, nUpdated, nInserted int64
	if err := s.conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT count(*) FROM %s), (SELECT count(*) FROM %s),
	(SELECT count(*) FILTER (WHERE NOT "$INSERTED") FROM %s), (SELECT count(*) FILTER (WHERE "$INSERTED") FROM %s)`, gone, lineage, added, added)).
		Scan(&nGone, &nMatched, &nUpdated, &nInserted); err != nil {
		return err
	}
	if nMatched != nGone {
		return fmt.Errorf("change tracking of %s: %d changed rows, %d of them tracked", ct.key(), nGone, nMatched)
	}
	// What the streams cannot give exactly (stream_track.go) CHANGES
	// cannot either.
	note := ""
	switch {
	case kind == "UPDATE" && nInserted > 0:
		note = "an UPDATE the local engine carried out by moving rows"
	case (kind == "UPDATE" || kind == "MERGE") && affected > nGone+nInserted:
		note = "an update that left rows as they were"
	}
	stmts := []string{
		fmt.Sprintf(`INSERT INTO %s SELECT %s, %s, "$LID", TRUE, FALSE, "$ID", NULL, %s FROM %s`, ct.log, seq, at, cols, lineage),
		fmt.Sprintf(`INSERT INTO %s SELECT %s, %s, l."$LID", FALSE, FALSE, l."$ID", NULL, %s FROM %s a JOIN %s l ON l."$RID" = a."$RID" WHERE NOT a."$INSERTED"`,
			ct.log, seq, at, ct.colList("a."), added, lineage),
		fmt.Sprintf(`INSERT INTO %s SELECT %s, %s, l."$LID", FALSE, TRUE, md5(%s || CAST(l."$LID" AS VARCHAR)), NULL, %s
FROM (SELECT %s + row_number() OVER (ORDER BY "$RID") AS "$LID", * FROM %s WHERE "$INSERTED") l`, ct.log, seq, at, idPrefix, ct.colList("l."), nextLID, added),
		fmt.Sprintf(`DELETE FROM %s WHERE "$LID" IN (SELECT "$LID" FROM %s)`, ct.live, lineage),
		fmt.Sprintf(`INSERT INTO %s SELECT "$LID", "$ID", %s FROM %s WHERE "$SEQ" = %s AND NOT "$OLD"`, ct.live, cols, ct.log, seq),
	}
	if note != "" {
		stmts = append(stmts, fmt.Sprintf(`INSERT INTO %s ("$SEQ", "$T", "$NOTE") VALUES (%s, %s, %s)`, ct.log, seq, at, sqlString(note)))
	}
	stmts = append(stmts, "DROP TABLE "+before, "DROP TABLE "+gone, "DROP TABLE "+added, "DROP TABLE "+lineage)
	if err := execAll(ctx, s.conn, stmts...); err != nil {
		return err
	}
	if !s.ext.inTx {
		waitNextMilli(now)
	}
	return nil
}

// ctCommit gives the changes of the explicit transaction being committed
// their commit time (in the transaction, right before COMMIT).
func (s *Session) ctCommit(ctx context.Context) error {
	if len(s.ext.ctPending) == 0 {
		return nil
	}
	now := time.Now()
	for _, ct := range s.ext.ctPending {
		if _, err := s.conn.ExecContext(ctx, `UPDATE `+ct.log+` SET "$T" = `+tsLiteral(now)+` WHERE "$T" IS NULL`); err != nil {
			return err
		}
	}
	waitNextMilli(now)
	return nil
}

// changes answers FROM t CHANGES(INFORMATION => information) AT(at)
// [END(end)] (rewrite/changes.go): the relation, or what it refuses.
func (s *Session) changes(parts []string, information string, at, end rewrite.ChangesPoint) (string, string, error) {
	ctx := context.Background()
	db, schema, name, ok := s.qualify(parts)
	if !ok || name == "" {
		return "", "of a table the engine cannot resolve", nil
	}
	if s.undefinedMarked(name) { // undefined_stored.go
		return "", "of a table whose column may hold arrays with undefined elements", nil
	}
	created := s.e.trackedTableCreated(ctx, db, schema, name)
	if created == "" {
		// A view (or no table): the engine keeps no view's history.
		return "", "of a view or a table the engine does not know", nil
	}
	// The error Snowflake gives without change tracking is documented only
	// for dynamic tables (091930, "representative" text, error-codes page):
	// refused rather than guessed.
	const notTracked = "of a table whose changes the engine did not record for that interval (change tracking not enabled then)"
	ct, ok := s.e.trackedTable(ctx, db, schema, name)
	if !ok {
		return "", notTracked, nil
	}
	start, ok, err := ct.start(ctx, s.e.db)
	if err != nil {
		return "", "", err
	}
	if !ok || start.created != created {
		return "", notTracked, nil
	}
	now := time.Now()
	var t1, t2 time.Time
	exact := []time.Time{}
	switch at.Kind {
	case "STREAM":
		st, refusal := s.changesStreamOffset(ctx, at.Expr, db, schema, name)
		if refusal != "" {
			return "", refusal, nil
		}
		t1 = st
	default:
		p, ok := s.resolvePoint(at.Kind, at.Expr)
		if !ok {
			return "", "AT(" + at.Kind + " => ...) of a value the engine cannot resolve to a point in time", nil
		}
		t1 = p
		exact = append(exact, p)
	}
	t2 = now
	if end.Kind != "" {
		p, ok := s.resolvePoint(end.Kind, end.Expr)
		if !ok {
			return "", "END(" + end.Kind + " => ...) of a value the engine cannot resolve to a point in time", nil
		}
		t2 = p
		exact = append(exact, p)
	}
	switch {
	case t1.After(now) || t2.After(now):
		return "", "with a point in the future", nil
	case t1.Before(start.at):
		return "", notTracked, nil
	case t2.Before(t1):
		return "", "with END before AT", nil
	}
	var pending int
	if err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM `+ct.log+` WHERE "$T" IS NULL`).Scan(&pending); err != nil {
		return "", "", err
	}
	if pending > 0 {
		return "", "of a table changed in the open transaction", nil
	}
	if sync, err := ct.inSync(ctx, s.conn); err != nil {
		return "", "", err
	} else if !sync {
		return "", "of a table changed by a statement the engine does not track (COPY INTO, INSERT OVERWRITE, a multi-table INSERT, a change of its columns)", nil
	}
	for _, p := range exact {
		// A change within the point's millisecond but not after it: which
		// side of the point Snowflake puts it is not said.
		var n int
		if err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM `+ct.log+` WHERE "$T" >= `+tsLiteral(p.Truncate(time.Millisecond))+
			` AND "$T" <= `+tsLiteral(p)).Scan(&n); err != nil {
			return "", "", err
		}
		if n > 0 {
			return "", "with a point within the millisecond of a change", nil
		}
	}
	in := `"$T" > ` + tsLiteral(t1) + ` AND "$T" <= ` + tsLiteral(t2)
	var note sql.NullString
	if err := s.conn.QueryRowContext(ctx, `SELECT min("$NOTE") FROM `+ct.log+` WHERE "$NOTE" <> 'START' AND `+in).Scan(&note); err != nil {
		return "", "", err
	}
	if note.Valid {
		return "", "over " + note.String, nil
	}
	cols := ct.colList("")
	if information == "APPEND_ONLY" {
		return fmt.Sprintf(`(SELECT %s, 'INSERT' AS "METADATA$ACTION", FALSE AS "METADATA$ISUPDATE", "$ID" AS "METADATA$ROW_ID"
FROM %s WHERE "$INS" AND %s ORDER BY "$LID")`, cols, ct.log, in), "", nil
	}
	// The first and the last change of each lineage in the interval: the
	// row at the start (an "$OLD" first change) and at the end (a new last
	// one). Within a statement the old row comes before the new one.
	with := fmt.Sprintf(`WITH e AS (SELECT * FROM %s WHERE "$NOTE" IS NULL AND %s),
f AS (SELECT DISTINCT ON ("$LID") * FROM e ORDER BY "$LID", "$SEQ", "$OLD" DESC),
l AS (SELECT DISTINCT ON ("$LID") * FROM e ORDER BY "$LID", "$SEQ" DESC, "$OLD")`, ct.log, in)
	var back bool
	if err := s.conn.QueryRowContext(ctx, with+` SELECT EXISTS (SELECT 1 FROM f JOIN l ON f."$LID" = l."$LID" WHERE f."$OLD" AND NOT l."$OLD" AND `+
		ct.sameValues("f", "l")+`)`).Scan(&back); err != nil {
		return "", "", err
	}
	if back {
		// The docs do not say whether Snowflake shows the pair
		// (stream_track.go refuses it too).
		return "", "over a row updated back to its values at the AT point", nil
	}
	return fmt.Sprintf(`(%s
SELECT %s, "METADATA$ACTION", "METADATA$ISUPDATE", "METADATA$ROW_ID" FROM (
SELECT %s, 'DELETE' AS "METADATA$ACTION", NOT l."$OLD" AS "METADATA$ISUPDATE", f."$ID" AS "METADATA$ROW_ID", f."$LID" AS "$L", 0 AS "$K"
FROM f JOIN l ON f."$LID" = l."$LID" WHERE f."$OLD"
UNION ALL
SELECT %s, 'INSERT', f."$OLD", l."$ID", l."$LID", 1
FROM l JOIN f ON f."$LID" = l."$LID" WHERE NOT l."$OLD") ORDER BY "$L", "$K")`, with, cols, ct.colList("f."), ct.colList("l.")), "", nil
}

// changesStreamOffset is the point in time of the offset of stream name
// (AT(STREAM => 'name')), on table db.schema.table: the stream's creation
// while its offset has not advanced (the offset is then the table as the
// stream was created, with change tracking recording since).
func (s *Session) changesStreamOffset(ctx context.Context, name, db, schema, table string) (time.Time, string) {
	toks, err := sqllex.TokenizeSignificant(name)
	if err != nil {
		return time.Time{}, "AT(STREAM => ...) of a name the engine cannot read"
	}
	var parts []string
	for i, t := range toks {
		switch {
		case i%2 == 0 && t.Kind == sqllex.Word:
			parts = append(parts, strings.ToUpper(t.Text))
		case i%2 == 0 && t.Kind == sqllex.QuotedIdent:
			parts = append(parts, strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`))
		case i%2 == 1 && t.IsOp("."):
		default:
			return time.Time{}, "AT(STREAM => ...) of a name the engine cannot read"
		}
	}
	sdb, sschema, sname, ok := s.qualify(parts)
	if !ok {
		return time.Time{}, "AT(STREAM => ...) of a name the engine cannot resolve"
	}
	st, ok, err := s.e.getStream(ctx, sdb, sschema, sname)
	if err != nil || !ok {
		return time.Time{}, "AT(STREAM => ...) of a stream that does not exist"
	}
	if st.Props["TABLE_DATABASE"] != db || st.Props["TABLE_SCHEMA"] != schema || st.Props["TABLE_NAME"] != table {
		return time.Time{}, "AT(STREAM => ...) of a stream on another table"
	}
	var comment sql.NullString
	if err := s.e.catalogDB.QueryRowContext(ctx, `SELECT comment FROM duckdb_tables() WHERE database_name = ? AND schema_name = '_FLURRY' AND table_name = ?`,
		st.Database, st.Props["SNAPSHOT"]).Scan(&comment); err != nil {
		return time.Time{}, "AT(STREAM => ...) of a stream the engine cannot read"
	}
	if st.Props["SHOW_INITIAL_ROWS"] == "true" || comment.String == streamOffsetMoved {
		return time.Time{}, "AT(STREAM => ...) of a stream whose offset is not its creation"
	}
	return st.CreatedOn, ""
}

// streamOffsetMoved is the comment of a stream's snapshot once its offset
// advanced (stream_consume.go).
const streamOffsetMoved = "flurry:offset-moved"

// dmlKind is the kind of a DML statement as dmlTarget gives it.
func dmlKind(words []string) string {
	if len(words) > 1 && words[0] == "INSERT" && words[1] == "OVERWRITE" {
		return "DELETE"
	}
	if len(words) > 0 {
		return words[0]
	}
	return ""
}
