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
	for _, ct := range cts {
		names = append(names, ct.Name())
		types = append(types, ct.DatabaseTypeName())
	}
	return names, types, nil
}
