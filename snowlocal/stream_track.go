package snowlocal

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Change tracking for UPDATE, MERGE, DELETE and TRUNCATE.
//
// A stream's snapshot comparison (stream.go) is exact while its base table
// only receives inserts: the rows in the table and not in the snapshot are
// the inserted rows. Statements that change or remove rows need row
// identity, which Snowflake streams have and a multiset difference has not:
// "a standard (i.e. delta) table stream tracks all DML changes to the source
// object, including inserts, updates, and deletes"; an update is a DELETE
// and an INSERT with METADATA$ISUPDATE = TRUE; the stream "returns the net
// changes", so a row inserted and then updated since the offset is one
// INSERT with its new values, and a row inserted and then deleted is
// nothing; an append-only stream "tracks row inserts only", keeping an
// inserted row that was later updated or deleted as it was inserted
// (https://docs.snowflake.com/en/user-guide/streams-intro,
// .../streams-examples).
//
// So each such statement on a table with streams runs, in its transaction,
// between a copy of the table's rows with their DuckDB rowids (stable within
// the transaction) and a look at them afterwards: rowids gone are deleted
// rows, new rowids inserted rows, rowids whose values changed updated rows.
// The changes go to the stream's change table as lineages ("$LID"): the row
// a lineage had at the offset ("$OLD" = TRUE) and the row it has now
// ("$OLD" = FALSE), each present when it exists. Before the statement, the
// rows inserted since the last such statement (the snapshot difference)
// become lineages of their own; after it the snapshot is the table again,
// so that inserts stay the cheap snapshot difference. Advancing the offset
// empties the change table.
//
// What the docs do not say is refused when the stream is read (002040,
// until its offset advances): an update that leaves a row's values as they
// were, a row updated back to its values at the offset, an UPDATE DuckDB
// carries out by moving rows, and a change to the table in a transaction
// after a statement of that transaction consumed the stream.

// streamsOnTarget lists the streams on the table a statement updates,
// merges into, deletes from, truncates or overwrites, with the kind of the
// statement (dmlTarget).
func (s *Session) streamsOnTarget(ctx context.Context, words []string, text string) (string, []*stream) {
	kind, n, ok := dmlTarget(words, text)
	if !ok || kind == "INSERT" {
		return kind, nil
	}
	return kind, s.streamsOn(ctx, n)
}

// withChanges keeps the streams that have a change table.
func withChanges(streams []*stream) []*stream {
	var out []*stream
	for _, st := range streams {
		if st.changes != "" {
			out = append(out, st)
		}
	}
	return out
}

// dmlTarget is the kind of a DML statement and the table it writes:
// UPDATE, MERGE, DELETE, TRUNCATE, DELETE for INSERT OVERWRITE (it deletes
// the table's rows), INSERT.
func dmlTarget(words []string, text string) (string, objectName, bool) {
	if len(words) == 0 {
		return "", objectName{}, false
	}
	kind := words[0]
	c, err := newCursor(text)
	if err != nil {
		return "", objectName{}, false
	}
	switch kind {
	case "UPDATE":
		c.pos++
	case "MERGE":
		c.accept("MERGE", "INTO")
	case "DELETE":
		c.accept("DELETE", "FROM")
	case "TRUNCATE":
		c.accept("TRUNCATE")
		c.accept("TABLE")
		c.accept("IF", "EXISTS")
	case "INSERT":
		if len(words) > 1 && words[1] == "OVERWRITE" {
			kind = "DELETE"
			c.accept("INSERT", "OVERWRITE")
		} else {
			c.accept("INSERT")
		}
		c.accept("INTO")
	default:
		return "", objectName{}, false
	}
	n, err := c.objectName()
	return kind, n, err == nil
}

// execTracked runs a DML statement, recording its changes in the change
// tables of streams (the caller holds a transaction open on s.conn).
func (s *Session) execTracked(ctx context.Context, duck string, words []string, binds []any, streams []*stream) (sql.Result, []streamMark, error) {
	ct := s.ext.ctTarget
	s.ext.ctTarget = nil
	if len(streams) == 0 && ct == nil {
		r, err := s.execDML(ctx, duck, words, binds)
		return r, nil, err
	}
	kind := ""
	if ct != nil {
		kind = dmlKind(words)
		if err := s.ctBefore(ctx, ct, kind); err != nil { // changes.go
			return nil, nil, err
		}
	}
	for _, st := range streams {
		if err := st.beforeChange(ctx, s.conn); err != nil {
			return nil, nil, err
		}
	}
	r, err := s.execDML(ctx, duck, words, binds)
	if err != nil {
		return nil, nil, err
	}
	affected, _ := r.RowsAffected()
	if ct != nil {
		if err := s.ctAfter(ctx, ct, kind, affected); err != nil {
			return nil, nil, err
		}
	}
	var marks []streamMark
	for _, st := range streams {
		reason, err := st.afterChange(ctx, s.conn, words[0], affected)
		if err != nil {
			return nil, nil, err
		}
		if _, ok := s.ext.pending[st.key()]; ok && reason == "" {
			reason = "a change to its table after a statement of the same transaction consumed it"
		}
		if reason != "" {
			marks = append(marks, streamMark{st, reason})
		}
	}
	return r, marks, nil
}

// streamMark is a stream whose changes cannot be given exactly, and why.
type streamMark struct {
	st     *stream
	reason string
}

// markInexact records marks on the streams (stream_changes.go refuses to
// read them until their offsets advance).
func (s *Session) markInexact(ctx context.Context, marks []streamMark) {
	for _, m := range marks {
		cur, ok, err := s.e.getStream(ctx, m.st.Database, m.st.Schema, m.st.Name)
		if err != nil || !ok || cur.Props[streamChangeProp] != "" {
			continue
		}
		o := cur.Object
		o.Props = copyProps(o.Props)
		o.Props[streamChangeProp] = m.reason
		if s.e.PutObject(ctx, o) == nil {
			s.e.addMarked(ctx, 1)
		}
	}
}

// work names the stream's scratch tables in its _FLURRY schema.
func (st *stream) work(suffix string) string {
	return qualified(st.Database, "_FLURRY", st.Props["SNAPSHOT"]+"$"+suffix)
}

func (st *stream) colList(prefix string) string { return columnList(st.columns, prefix) }

// sameValues is the NULL-safe equality of the columns of a and b.
func (st *stream) sameValues(a, b string) string { return sameColumnValues(st.columns, a, b) }

// columnList is the (quoted) column names cols, each after prefix, comma-separated.
func columnList(cols []string, prefix string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = prefix + c
	}
	return strings.Join(out, ", ")
}

// sameColumnValues is the NULL-safe equality of the columns cols of
// relations a and b.
func sameColumnValues(cols []string, a, b string) string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = a + "." + c + " IS NOT DISTINCT FROM " + b + "." + c
	}
	return strings.Join(out, " AND ")
}

func execAll(ctx context.Context, conn *sql.Conn, stmts ...string) error {
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// contentID is the ROW_ID of an inserted row d of the snapshot difference
// (stream.go's viewSQL): its content and its occurrence among rows alike.
const contentID = `md5(CAST(d AS VARCHAR) || '#' || CAST(row_number() OVER (PARTITION BY d) AS VARCHAR))`

// beforeChange turns the rows inserted since the last tracked statement
// into lineages and copies the table's rows with their rowids.
func (st *stream) beforeChange(ctx context.Context, conn *sql.Conn) error {
	cols := st.colList("")
	err := execAll(ctx, conn,
		fmt.Sprintf(`INSERT INTO %s SELECT (SELECT coalesce(max("$LID"), 0) FROM %s) + row_number() OVER (), FALSE, %s, d.*
FROM (SELECT %s FROM %s EXCEPT ALL SELECT %s FROM %s) d`, st.changes, st.changes, contentID, cols, st.table, cols, st.snapshot),
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT rowid AS "$RID", %s FROM %s`, st.work("BEFORE"), cols, st.table))
	return streamError(st, err)
}

// afterChange records the statement's changes as lineages and returns why
// the stream cannot give them exactly ("" when it can).
func (st *stream) afterChange(ctx context.Context, conn *sql.Conn, kind string, affected int64) (string, error) {
	cols := st.colList("")
	before, gone, added := st.work("BEFORE"), st.work("GONE"), st.work("ADDED")
	now := fmt.Sprintf(`(SELECT rowid AS "$RID", %s FROM %s)`, cols, st.table)
	differ := "NOT (" + st.sameValues("b", "a") + ")"
	// gone: the rows' values before the statement (deleted or updated);
	// added: their values after it (inserted or updated).
	if err := execAll(ctx, conn,
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT b."$RID", a."$RID" IS NULL AS "$DELETED", %s
FROM %s b LEFT JOIN %s a ON a."$RID" = b."$RID" WHERE a."$RID" IS NULL OR %s`, gone, st.colList("b."), before, now, differ),
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS SELECT a."$RID", b."$RID" IS NULL AS "$INSERTED", %s
FROM %s a LEFT JOIN %s b ON a."$RID" = b."$RID" WHERE b."$RID" IS NULL OR %s`, added, st.colList("a."), now, before, differ),
	); err != nil {
		return "", streamError(st, err)
	}
	var nGone, nUpdated, nInserted int64
	if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT (SELECT count(*) FROM %s), (SELECT count(*) FILTER (WHERE NOT "$INSERTED") FROM %s),
		(SELECT count(*) FILTER (WHERE "$INSERTED") FROM %s)`, gone, added, added)).Scan(&nGone, &nUpdated, &nInserted); err != nil {
		return "", err
	}
	reason := ""
	switch {
	case kind == "UPDATE" && nInserted > 0:
		reason = "an UPDATE the local engine carried out by moving rows"
	case (kind == "UPDATE" || kind == "MERGE") && affected > nGone+nInserted:
		reason = "an update that left rows as they were"
	}
	inserted := fmt.Sprintf(`INSERT INTO %s SELECT (SELECT coalesce(max("$LID"), 0) FROM %s) + row_number() OVER (), FALSE, %s, d.*
FROM (SELECT %s FROM %s WHERE "$INSERTED") d`, st.changes, st.changes, contentID, cols, added)
	var stmts []string
	if st.appendOnly() {
		stmts = append(stmts, inserted)
	} else {
		lineage := st.work("LINEAGE")
		stmts = append(stmts,
			// Each changed row continues the lineage of a row changed since
			// the offset with the same values, if any (rows alike are changed
			// alike, so which one does not matter); otherwise it is a row of
			// the offset, and a new lineage starts at its values.
			// A new lineage's ROW_ID is its offset row's, by content as the
			// row had it when inserted.
			fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS
WITH g AS (SELECT *, row_number() OVER (PARTITION BY %s ORDER BY "$RID") AS "$N" FROM %s),
c AS (SELECT "$LID", "$ID", %s, row_number() OVER (PARTITION BY %s ORDER BY "$LID") AS "$N" FROM %s WHERE NOT "$OLD"),
m AS (SELECT g."$RID", c."$LID", c."$ID" FROM g JOIN c ON g."$N" = c."$N" AND %s)
SELECT g."$RID", m."$LID" IS NULL AS "$FRESH",
  coalesce(m."$LID", (SELECT coalesce(max("$LID"), 0) FROM %s) + row_number() OVER (PARTITION BY m."$LID" IS NULL ORDER BY g."$RID")) AS "$LID",
  coalesce(m."$ID", %s) AS "$ID"
FROM g LEFT JOIN m ON m."$RID" = g."$RID" CROSS JOIN LATERAL (SELECT %s) d`, lineage, cols, gone, cols, cols, st.changes,
				st.sameValues("g", "c"), st.changes, contentID, st.colList("g.")),
			fmt.Sprintf(`INSERT INTO %s SELECT l."$LID", TRUE, l."$ID", %s FROM %s g JOIN %s l ON l."$RID" = g."$RID" WHERE l."$FRESH"`,
				st.changes, st.colList("g."), gone, lineage),
			fmt.Sprintf(`DELETE FROM %s WHERE NOT "$OLD" AND "$LID" IN (SELECT "$LID" FROM %s WHERE NOT "$FRESH")`, st.changes, lineage),
			fmt.Sprintf(`INSERT INTO %s SELECT l."$LID", FALSE, l."$ID", %s FROM %s a JOIN %s l ON l."$RID" = a."$RID" WHERE NOT a."$INSERTED"`,
				st.changes, st.colList("a."), added, lineage),
			inserted,
			"DROP TABLE "+lineage)
	}
	stmts = append(stmts,
		"DELETE FROM "+st.snapshot,
		fmt.Sprintf("INSERT INTO %s SELECT %s FROM %s", st.snapshot, cols, st.table),
		"DROP TABLE "+before, "DROP TABLE "+gone, "DROP TABLE "+added)
	if err := execAll(ctx, conn, stmts...); err != nil {
		return "", streamError(st, err)
	}
	if reason == "" && !st.appendOnly() {
		// A row updated back to its values at the offset: the docs do not
		// say whether Snowflake shows the pair.
		var back bool
		if err := conn.QueryRowContext(ctx, fmt.Sprintf(`SELECT EXISTS (SELECT 1 FROM %s o JOIN %s n ON o."$LID" = n."$LID" AND o."$OLD" AND NOT n."$OLD" WHERE %s)`,
			st.changes, st.changes, st.sameValues("o", "n"))).Scan(&back); err != nil {
			return "", err
		}
		if back {
			reason = "a row updated back to its values at the offset"
		}
	}
	return reason, nil
}
