package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// Stored undefined array elements (rewrite/undefined_stored.go states the
// model). An INSERT storing an array that holds undefined elements marks
// its column first ("|ud" in the column's DuckDB comment); every statement
// naming the column's table then reads it through the rewriter. What would
// read the stored form without the rewriter is refused: a view or stream
// or a SQL function made before the mark (the INSERT is refused), a table
// whose changes are tracked (likewise), and streams, CHANGES and CLONE of a
// marked table.

// undefinedTables are the tables having a marked column, by upper-cased
// name, with their marked columns' upper-cased names
// (rewrite.Options.UndefinedTables); nil when there are none or the
// catalog cannot be read. Kept for the catalog's generation.
func (s *Session) undefinedTables() map[string]map[string]bool {
	const key = "undefinedTables"
	if v, ok := s.sessionMemo(key); ok {
		tables, _ := v.(map[string]map[string]bool)
		return tables
	}
	rows, err := s.conn.QueryContext(context.Background(), `SELECT table_name, column_name, comment FROM duckdb_columns() WHERE comment LIKE 'flurry:%|ud%'`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var tables map[string]map[string]bool
	for rows.Next() {
		var table, column, comment string
		if rows.Scan(&table, &column, &comment) != nil {
			return nil
		}
		if !rewrite.ParseColumnMeta(comment).Undefined {
			continue
		}
		if tables == nil {
			tables = map[string]map[string]bool{}
		}
		t := strings.ToUpper(table)
		if tables[t] == nil {
			tables[t] = map[string]bool{}
		}
		tables[t][strings.ToUpper(column)] = true
	}
	if rows.Err() != nil {
		return nil
	}
	s.keepSessionMemo(key, tables)
	return tables
}

// undefinedMarked reports whether a table named name (any database or
// schema) has a marked column.
func (s *Session) undefinedMarked(name string) bool {
	_, ok := s.undefinedTables()[strings.ToUpper(name)]
	return ok
}

// refuseUndefinedRead is the refusal of what (a stream, CHANGES) of a
// marked table.
func refuseUndefinedRead(what, name string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s of table %s, whose column may hold arrays with undefined elements': the local engine does not implement it.", what, name)
}

// markUndefinedStores runs the marks an INSERT's rewrite asked for
// (rewrite.Options.StoreUndefined) before the INSERT runs, after checking
// that nothing reads the target table without the rewriter: a view or a
// stream naming it, or the tracking of its changes (ct).
func (s *Session) markUndefinedStores(ctx context.Context, words []string, text string, marks []string, ct *ctTable) error {
	if len(marks) == 0 {
		return nil
	}
	_, n, ok := dmlTarget(words, text) // stream_track.go
	refuse := func(why string) error {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'storing an array with an undefined (SQL NULL) element in a table %s': the local engine does not implement it.", why)
	}
	if !ok {
		return refuse("it cannot resolve")
	}
	if ct != nil {
		return refuse("whose changes are tracked")
	}
	// A view, a stream (a view) or a SQL function (a macro) rewritten
	// before the mark reads the column as stored.
	if reads, err := s.definitionsName(ctx, n.last()); err != nil || reads {
		return refuse("that a view, a stream or a function may read")
	}
	for _, m := range marks {
		if _, err := s.conn.ExecContext(ctx, m); err != nil {
			return duckError(err)
		}
	}
	s.e.catalogGen.Add(1)
	return nil
}

// definitionsName reports whether the DuckDB SQL of a view or of a macro
// names name (case-insensitively, as a whole word: a superset of the ones
// that read a table so named).
func (s *Session) definitionsName(ctx context.Context, name string) (bool, error) {
	rows, err := s.conn.QueryContext(ctx, `SELECT sql FROM duckdb_views() WHERE NOT internal AND sql IS NOT NULL
		UNION ALL SELECT macro_definition FROM duckdb_functions() WHERE NOT internal AND macro_definition IS NOT NULL
		AND NOT (database_name = 'temp' AND starts_with(upper(function_name), '_SF_'))`)
	if err != nil {
		return false, err
	}
	defer rows.Close()
	want := strings.ToUpper(name)
	for rows.Next() {
		var def string
		if err := rows.Scan(&def); err != nil {
			return false, err
		}
		if namesWord(strings.ToUpper(def), want) {
			return true, nil
		}
	}
	return false, rows.Err()
}

// namesWord reports whether text holds word with no identifier character
// (a letter, digit, _ or $) right before or after it.
func namesWord(text, word string) bool {
	ident := func(c byte) bool {
		return c == '_' || c == '$' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= 0x80
	}
	for i := 0; word != ""; {
		j := strings.Index(text[i:], word)
		if j < 0 {
			return false
		}
		at := i + j
		end := at + len(word)
		if (at == 0 || !ident(text[at-1])) && (end == len(text) || !ident(text[end])) {
			return true
		}
		i = at + 1
	}
	return false
}
