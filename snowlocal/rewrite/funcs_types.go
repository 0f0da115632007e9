package rewrite

import (
	"strings"
)

// OBJECT and ARRAY columns. DuckDB stores VARIANT, OBJECT and ARRAY alike as
// JSON; the declared Snowflake type of an OBJECT or ARRAY column is kept as
// the DuckDB column's comment (Snowflake column comments are not kept
// locally), which follows the column through renames. DESCRIBE, SHOW COLUMNS
// and INFORMATION_SCHEMA.COLUMNS report it (snowlocal/show.go).

// SemiTypeComment is the DuckDB column comment that marks a column declared
// with Snowflake type sf (OBJECT or ARRAY).
func SemiTypeComment(sf string) string { return "flurry:" + sf }

// semiTypeComments returns the statements (each starting with ";\n") that
// mark table's OBJECT and ARRAY columns, or "".
func semiTypeComments(table string, cols []column) string {
	var b strings.Builder
	for _, c := range cols {
		if c.sf == "OBJECT" || c.sf == "ARRAY" {
			b.WriteString(";\nCOMMENT ON COLUMN " + table + "." + c.name + " IS '" + SemiTypeComment(c.sf) + "'")
		}
	}
	return b.String()
}

// createdTableName is the rendered table name at the end of what
// createdName returned.
func createdTableName(head string) string {
	if i := strings.Index(head, " IF NOT EXISTS "); i >= 0 {
		return head[i+len(" IF NOT EXISTS "):]
	}
	if i := strings.Index(head, " TABLE "); i >= 0 {
		return head[i+len(" TABLE "):]
	}
	return head
}
