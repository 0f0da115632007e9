package snowlocal

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// columnTypes tells the rewriter a table's column names and DuckDB types so
// that INSERT and UPDATE convert assigned values as Snowflake does
// (rewrite/assign.go). table is a rendered DuckDB name resolved in the
// session's current database and schema.
func (s *Session) columnTypes(table string, cols []string) (names, types []string, err error) {
	key := "columnTypes\x00" + s.Database + "\x00" + s.Schema + "\x00" + table + "\x00" + strings.Join(cols, "\x00")
	if v, ok := s.sessionMemo(key); ok { // catalog_memo.go
		ct := v.(colTypes)
		return append([]string(nil), ct.names...), append([]string(nil), ct.types...), nil
	}
	defer func() {
		if err == nil {
			s.keepSessionMemo(key, colTypes{names: append([]string(nil), names...), types: append([]string(nil), types...)})
		}
	}()
	list := "*"
	if len(cols) > 0 {
		list = strings.Join(cols, ", ")
	}
	rows, err := s.conn.QueryContext(context.Background(), "SELECT "+list+" FROM "+table+" LIMIT 0")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return nil, nil, err
	}
	lengths := false
	for _, ct := range cts {
		names = append(names, ct.Name())
		types = append(types, ct.DatabaseTypeName())
		lengths = lengths || ct.DatabaseTypeName() == "VARCHAR" || ct.DatabaseTypeName() == "BLOB" || ct.DatabaseTypeName() == "INTERVAL"
	}
	if lengths {
		s.declaredLengths(table, names, types)
	}
	return names, types, nil
}

// inSessionSchema is the database and schema of a one-, two- or three-part
// name: what it names, else the session's current ones.
func (s *Session) inSessionSchema(parts []string) (db, schema string) {
	db, schema = s.Database, s.Schema
	switch len(parts) {
	case 3:
		db, schema = parts[0], parts[1]
	case 2:
		schema = parts[0]
	}
	return db, schema
}

// declaredLengths reports a column declared VARCHAR(n) or BINARY(n) as
// VARCHAR(n) or BLOB(n) in types (DuckDB's type ignores n; its comment
// keeps it: rewrite/funcs_types.go), so that stored values are checked,
// and an interval column as its declared type (declaredInterval).
func (s *Session) declaredLengths(table string, names, types []string) {
	parts := renderedNameParts(table)
	if len(parts) == 0 || len(parts) > 3 {
		return
	}
	db, schema := s.inSessionSchema(parts)
	// A one-part name may be a temporary table, which DuckDB finds first.
	rows, err := s.conn.QueryContext(context.Background(), `SELECT column_name, data_type, coalesce(comment, '') FROM duckdb_columns()
		WHERE lower(table_name) = lower(?) AND ((lower(database_name) = lower(?) AND lower(schema_name) = lower(?)) OR (? AND database_name = 'temp'))
		ORDER BY database_name = 'temp' DESC, database_name, column_index`, parts[len(parts)-1], db, schema, len(parts) == 1)
	if err != nil {
		return
	}
	defer rows.Close()
	declared := map[string][2]string{} // name: DuckDB type, declared type
	for rows.Next() {
		var name, dt, comment string
		if rows.Scan(&name, &dt, &comment) != nil {
			return
		}
		if _, seen := declared[name]; seen {
			continue // the temporary table's column, found first
		}
		declared[name] = [2]string{dt, ""}
		if n, ok := declaredLength(dt, comment); ok { // result_json.go
			declared[name] = [2]string{dt, dt + "(" + n + ")"}
		}
		if iv := declaredInterval(dt, comment); iv != "" {
			declared[name] = [2]string{dt, iv}
		}
	}
	for i, n := range names {
		if d := declared[n]; d[1] != "" && types[i] == d[0] {
			types[i] = d[1]
		}
	}
}

// columnDefaults gives table's (a rendered DuckDB name) column defaults and
// NOT NULL flags by column name (rewrite.Options.ColumnDefaults).
func (s *Session) columnDefaults(table string) (defaults map[string]string, notNull map[string]bool, err error) {
	parts := renderedNameParts(table)
	if len(parts) == 0 || len(parts) > 3 {
		return nil, nil, fmt.Errorf("table name %q", table)
	}
	db, schema := s.inSessionSchema(parts)
	// A one-part name may be a temporary table, which DuckDB finds first.
	rows, err := s.conn.QueryContext(context.Background(), `SELECT column_name, coalesce(column_default, ''), NOT is_nullable FROM duckdb_columns()
		WHERE lower(table_name) = lower(?) AND ((lower(database_name) = lower(?) AND lower(schema_name) = lower(?)) OR (? AND database_name = 'temp'))
		ORDER BY database_name = 'temp' DESC, database_name, column_index`, parts[len(parts)-1], db, schema, len(parts) == 1)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	defaults, notNull = map[string]string{}, map[string]bool{}
	for rows.Next() {
		var name, dflt string
		var nn bool
		if err := rows.Scan(&name, &dflt, &nn); err != nil {
			return nil, nil, err
		}
		if _, seen := defaults[name]; seen {
			continue // the temporary table's column, found first
		}
		defaults[name], notNull[name] = dflt, nn
	}
	return defaults, notNull, rows.Err()
}

// columnComments gives table's (a rendered DuckDB name) column comments by
// column name, "" for none (rewrite.Options.ColumnComments; what they
// record: rewrite/colmeta.go).
func (s *Session) columnComments(table string) (map[string]string, error) {
	parts := renderedNameParts(table)
	if len(parts) == 0 || len(parts) > 3 {
		return nil, fmt.Errorf("table name %q", table)
	}
	db, schema := s.inSessionSchema(parts)
	// A one-part name may be a temporary table, which DuckDB finds first.
	rows, err := s.conn.QueryContext(context.Background(), `SELECT column_name, coalesce(comment, '') FROM duckdb_columns()
		WHERE lower(table_name) = lower(?) AND ((lower(database_name) = lower(?) AND lower(schema_name) = lower(?)) OR (? AND database_name = 'temp'))
		ORDER BY database_name = 'temp' DESC, database_name, column_index`, parts[len(parts)-1], db, schema, len(parts) == 1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, comment string
		if err := rows.Scan(&name, &comment); err != nil {
			return nil, err
		}
		if _, seen := out[name]; !seen { // else the temporary table's column, found first
			out[name] = comment
		}
	}
	return out, rows.Err()
}

// isBaseTable reports whether table (a rendered DuckDB name, a temporary
// table first for a one-part name) is a base table rather than a view
// (rewrite.Options.BaseTable).
func (s *Session) isBaseTable(table string) bool {
	parts := renderedNameParts(table)
	if len(parts) == 0 || len(parts) > 3 {
		return false
	}
	db, schema := s.inSessionSchema(parts)
	var n int
	err := s.conn.QueryRowContext(context.Background(), `SELECT count(*) FROM duckdb_tables()
		WHERE lower(table_name) = lower(?) AND ((lower(database_name) = lower(?) AND lower(schema_name) = lower(?)) OR (? AND database_name = 'temp'))`,
		parts[len(parts)-1], db, schema, len(parts) == 1).Scan(&n)
	return err == nil && n > 0
}

// tableComment is the comment of table (a rendered DuckDB name, a
// temporary table first for a one-part name), ok false for none
// (rewrite.Options.TableComment).
func (s *Session) tableComment(table string) (string, bool, error) {
	parts := renderedNameParts(table)
	if len(parts) == 0 || len(parts) > 3 {
		return "", false, fmt.Errorf("table name %q", table)
	}
	db, schema := s.inSessionSchema(parts)
	var c sql.NullString
	err := s.conn.QueryRowContext(context.Background(), `SELECT comment FROM duckdb_tables()
		WHERE lower(table_name) = lower(?) AND ((lower(database_name) = lower(?) AND lower(schema_name) = lower(?)) OR (? AND database_name = 'temp'))
		ORDER BY database_name = 'temp' DESC, database_name LIMIT 1`, parts[len(parts)-1], db, schema, len(parts) == 1).Scan(&c)
	if err == sql.ErrNoRows {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	return c.String, c.Valid, nil
}

// renderedNameParts splits a rendered DuckDB name (a.b."C") into its parts.
func renderedNameParts(name string) []string {
	toks, err := sqllex.Tokenize(name)
	if err != nil {
		return nil
	}
	var parts []string
	for _, t := range toks {
		if !t.Significant() {
			continue
		}
		switch {
		case t.IsOp("."):
			continue
		case t.Kind == sqllex.Word:
			parts = append(parts, t.Text)
		case t.Kind == sqllex.QuotedIdent:
			parts = append(parts, strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`))
		default:
			return nil
		}
	}
	return parts
}

// declaredInterval is the declared type ("INTERVAL YEAR(2) TO MONTH") an
// INTERVAL column's DuckDB comment records (rewrite/interval_columns.go),
// else "".
func declaredInterval(duckType, comment string) string {
	if t := rewrite.ParseColumnMeta(comment).Type; duckType == "INTERVAL" && strings.HasPrefix(t, "INTERVAL ") {
		return t
	}
	return ""
}
