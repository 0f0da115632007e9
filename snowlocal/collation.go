package snowlocal

import (
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
