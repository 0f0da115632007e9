package snowlocal

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// Streams follow columns added to their base table.
//
// "Streams use the current table schema" (Introduction to streams): a
// column added to a table after a stream was created is a column of the
// stream, NULL (or its default) in the rows that existed before. A stream's
// snapshot and view are fixed to the columns of its creation, so ALTER TABLE
// ... ADD [COLUMN] extends them: the snapshot gets the column with the same
// type and default (the rows it shares with the table then still compare
// equal, as DuckDB fills existing rows the same way), and the view is
// recreated over the new column list. Other schema changes are left as they
// are: reading the stream then fails naming its base table (streamError).

// streamsFollowAddColumn runs after a successful ALTER TABLE.
func (s *Session) streamsFollowAddColumn(ctx context.Context, words []string, text string) {
	if len(words) < 2 || words[0] != "ALTER" || words[1] != "TABLE" {
		return
	}
	c, err := newCursor(text)
	if err != nil {
		return
	}
	c.accept("ALTER", "TABLE")
	c.accept("IF", "EXISTS")
	n, err := c.objectName()
	if err != nil || !c.accept("ADD") {
		return
	}
	for _, st := range s.streamsOn(ctx, n) {
		if err := s.e.extendStream(ctx, st); err != nil {
			// The table changed; the stream reports the mismatch when read.
			slog.Warn("stream does not follow the columns added to its table", "stream", st.key(), "err", err)
		}
	}
}

// extendStream adds the base table's columns the stream does not track yet.
func (e *Engine) extendStream(ctx context.Context, st *stream) error {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT column_name, data_type, coalesce(column_default, '') FROM duckdb_columns()
		WHERE database_name = ? AND schema_name = ? AND table_name = ? ORDER BY column_index`,
		st.Props["TABLE_DATABASE"], st.Props["TABLE_SCHEMA"], st.Props["TABLE_NAME"])
	if err != nil {
		return duckError(err)
	}
	tracked := map[string]bool{}
	for _, c := range strings.Split(st.Props["COLUMNS"], "\x1f") {
		tracked[c] = true
	}
	names := strings.Split(st.Props["COLUMNS"], "\x1f")
	var adds []string
	for rows.Next() {
		var col, typ, dflt string
		if err := rows.Scan(&col, &typ, &dflt); err != nil {
			rows.Close()
			return err
		}
		if tracked[col] {
			continue
		}
		add := fmt.Sprintf("ALTER TABLE %s ADD COLUMN %s %s", st.snapshot, quoteIdent(col), typ)
		if dflt != "" {
			add += " DEFAULT " + dflt
		}
		adds = append(adds, add)
		if st.changes != "" {
			// A lineage's rows take the column as the table's rows did.
			adds = append(adds, strings.Replace(add, st.snapshot, st.changes, 1))
		}
		names = append(names, col)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(adds) == 0 {
		return err
	}
	o := st.Object
	o.Props = copyProps(o.Props)
	o.Props["COLUMNS"] = strings.Join(names, "\x1f")
	next := streamFromObject(o)
	tx, err := e.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, q := range append(adds, fmt.Sprintf("CREATE OR REPLACE VIEW %s AS %s", next.view(), next.viewSQL()),
		fmt.Sprintf("COMMENT ON VIEW %s IS 'flurry:stream'", next.view())) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return duckError(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return duckError(err)
	}
	return e.PutObject(ctx, o)
}
