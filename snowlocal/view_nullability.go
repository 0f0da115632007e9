package snowlocal

import (
	"context"
	"regexp"
	"strings"
)

// viewsKeepingNotNull names ("db.schema.view") the views whose columns may
// carry a NOT NULL from what they read. Snowflake's view column keeps its
// source column's NOT NULL — INFORMATION_SCHEMA.COLUMNS' IS_NULLABLE reads
// NO for a view over a NOT NULL column, YES for an expression, and an outer
// join's null-extended side loses it (live-verified in the reference
// mlorek/frostlake, engine/src/main/java/dev/frostlake/system/SystemViews.java,
// columnRow) — while DuckDB reports every view column nullable. The engine
// does not follow a view's columns to their sources, so a view is counted
// here when its text names (as a word, in any case) a table with a NOT NULL
// column or another view counted here: a query reading such a view's
// IS_NULLABLE is refused rather than answered YES. A view naming no such
// relation reads YES, as Snowflake's does.
func (e *Engine) viewsKeepingNotNull(ctx context.Context) map[string]bool {
	out := map[string]bool{}
	var names []string
	rows, err := e.db.QueryContext(ctx, `SELECT DISTINCT c.table_name FROM duckdb_columns() c
		WHERE NOT c.internal AND NOT c.is_nullable AND c.database_name NOT IN `+internalCatalogs+`
		AND EXISTS (SELECT 1 FROM duckdb_tables() t WHERE t.database_name = c.database_name
			AND t.schema_name = c.schema_name AND t.table_name = c.table_name)`)
	if err != nil {
		return out
	}
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	rows.Close()
	if len(names) == 0 {
		return out
	}
	type view struct{ key, name, text string }
	var views []view
	rows, err = e.db.QueryContext(ctx, `SELECT database_name, schema_name, view_name, coalesce(sql, '') FROM duckdb_views()
		WHERE NOT internal AND database_name NOT IN `+internalCatalogs)
	if err != nil {
		return out
	}
	for rows.Next() {
		var db, schema, name, text string
		if rows.Scan(&db, &schema, &name, &text) == nil {
			views = append(views, view{db + "." + schema + "." + name, name, strings.ToUpper(text)})
		}
	}
	rows.Close()
	names = append([]string(nil), names...)
	// Until no view is added: a view over a counted view is counted too.
	for changed := true; changed; {
		changed = false
		var words []string
		for _, n := range names {
			words = append(words, regexp.QuoteMeta(strings.ToUpper(n)))
		}
		re, err := regexp.Compile(`(^|[^A-Z0-9_$])(` + strings.Join(words, "|") + `)($|[^A-Z0-9_$])`)
		if err != nil {
			return out
		}
		for _, v := range views {
			if !out[v.key] && re.MatchString(v.text) {
				out[v.key], changed = true, true
				names = append(names, v.name)
			}
		}
	}
	return out
}
