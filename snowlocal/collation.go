package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// checkDDLCollation refuses DEFAULT_DDL_COLLATION set to a collation on a
// database, schema or table (CREATE or ALTER): Snowflake gives the columns
// later added there that collation, which every comparison, sort and
// grouping of them then follows; the engine keeps no column collation
// (COLLATE in a column definition is refused too, rewrite/ddl.go). An
// empty specification is no collation and is accepted.
func checkDDLCollation(words []string, text string) error {
	if len(words) == 0 || (words[0] != "CREATE" && words[0] != "ALTER") ||
		!strings.Contains(strings.ToUpper(text), "DEFAULT_DDL_COLLATION") {
		return nil
	}
	sig, err := sqllex.TokenizeSignificant(text)
	if err != nil {
		return nil // the statement's own parse reports it
	}
	for i, t := range sig {
		if !t.IsWord("DEFAULT_DDL_COLLATION") {
			continue
		}
		if i+2 < len(sig) && sig[i+1].IsOp("=") && sig[i+2].Kind == sqllex.String && unquoteString(sig[i+2].Text) == "" {
			continue
		}
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'DEFAULT_DDL_COLLATION' at line %d, position %d: the local engine does not implement it.", t.Line, t.Col-1)
	}
	return nil
}

// collatedColumnMetadata refuses what (SHOW COLUMNS) of a column declared
// with a collation: the docs show no SHOW COLUMNS output for one (its
// data_type's JSON with the collation).
func collatedColumnMetadata(what string, col columnInfo) error {
	if col.meta.Collation == "" {
		return nil
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s of column %s, which has the collation '%s', in the local engine.", what, col.name, col.meta.Collation)
}

// collatedNames are the upper-cased names of the columns declared with a
// collation, and of their tables, that this session can read
// (rewrite.Options.CollatedNames: references to them are checked,
// rewrite/collate_column.go); nil when there are none or the catalog cannot
// be read. Kept for the catalog's generation (catalog_memo.go).
func (s *Session) collatedNames() map[string]bool {
	const key = "collatedNames"
	if v, ok := s.sessionMemo(key); ok {
		names, _ := v.(map[string]bool)
		return names
	}
	rows, err := s.conn.QueryContext(context.Background(), `SELECT table_name, column_name FROM duckdb_columns() WHERE comment LIKE 'flurry:%|co=%'`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	var names map[string]bool
	for rows.Next() {
		var table, column string
		if rows.Scan(&table, &column) != nil {
			return nil
		}
		if names == nil {
			names = map[string]bool{}
		}
		names[strings.ToUpper(table)], names[strings.ToUpper(column)] = true, true
	}
	if rows.Err() != nil {
		return nil
	}
	s.keepSessionMemo(key, names)
	return names
}

// describedCollatedType is DESCRIBE TABLE's type of col: its type followed
// by COLLATE and the specification for a column declared with one (the
// collation page's DESC TABLE collation_demo2: VARCHAR(16777216) COLLATE
// 'fr'), in lower case as Snowflake shows it (the ALTER TABLE page: a column
// added with COLLATE 'en_US' is described as VARCHAR(16777216) COLLATE
// 'en_us').
func describedCollatedType(col columnInfo) string {
	spec := strings.ToLower(col.meta.Collation)
	if spec == "" {
		return col.sfType
	}
	return col.sfType + " COLLATE '" + spec + "'"
}
