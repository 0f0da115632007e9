package snowlocal

import (
	"context"
	"sort"
	"strings"
)

// materializedSQL is a SQL condition on the DuckDB view row alias (of
// duckdb_views()) that holds for the materialized views: INFORMATION_SCHEMA.VIEWS
// "does not show materialized views. Materialized views are shown by
// INFORMATION_SCHEMA.TABLES" (docs: views-materialized).
func (s *Session) materializedSQL(alias string) string {
	mvs := s.materializedViews(context.Background())
	if len(mvs) == 0 {
		return "FALSE"
	}
	names := make([]string, 0, len(mvs))
	for full := range mvs {
		names = append(names, quoteString(full))
	}
	sort.Strings(names)
	return "(" + alias + ".database_name || '.' || " + alias + ".schema_name || '.' || " + alias + ".view_name IN (" + strings.Join(names, ", ") + "))"
}
