package snowlocal

import (
	"context"
	"strings"
)

// columnTypes tells the rewriter a table's column names and DuckDB types so
// that INSERT and UPDATE convert assigned values as Snowflake does
// (rewrite/assign.go). table is a rendered DuckDB name resolved in the
// session's current database and schema.
func (s *Session) columnTypes(table string, cols []string) (names, types []string, err error) {
	cached, ok, key := s.cachedColumnTypes(table, cols) // coltype_cache.go
	if ok {
		return append([]string(nil), cached.names...), append([]string(nil), cached.types...), nil
	}
	gen := s.colTypes.gen
	defer func() {
		if err == nil && s.e.catalogGen.Load() == gen {
			s.colTypes.entries[key] = colTypes{names: append([]string(nil), names...), types: append([]string(nil), types...)}
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
	for _, ct := range cts {
		names = append(names, ct.Name())
		types = append(types, ct.DatabaseTypeName())
	}
	return names, types, nil
}
