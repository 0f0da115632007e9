package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Column DEFAULTs. CREATE TABLE and ALTER TABLE … ADD COLUMN take any
// DEFAULT DuckDB can hold; DESCRIBE TABLE, SHOW COLUMNS and
// INFORMATION_SCHEMA.COLUMNS show it in Snowflake's text where the docs give
// that text, and refuse it otherwise (snowlocal/show.go: snowflakeDefault).
// Refusing the other forms where they are declared would also refuse
// documented examples that never show the default (the Snowflake Scripting
// loops page's loaded BOOLEAN DEFAULT FALSE).

// spelledDefault is the DuckDB DEFAULT d written as toks. A string literal
// whose text DuckDB's would not spell as written — dollar-quoted, or holding
// an escape — is wrapped in a cast, a form snowflakeDefault does not show:
// DuckDB keeps 'q' for $$q$$ and a tab for \t, and which spelling Snowflake
// shows is not documented.
func spelledDefault(toks []tok, d string) string {
	if len(toks) == 1 && (toks[0].Kind == sqllex.DollarString || toks[0].Kind == sqllex.String && strings.Contains(toks[0].Text, `\`)) {
		return "CAST(" + d + " AS VARCHAR)"
	}
	return d
}

// checkSetDefault refuses (002040) ALTER TABLE … ALTER COLUMN col SET
// DEFAULT of tokens a..b of table (a rendered name) where Snowflake does
// not allow it: only a sequence's NEXTVAL, and only for a column whose
// default is a sequence already ("Change the default sequence for a
// column … Use only for columns that have a sequence already"; changing
// another default and adding one are unsupported:
// https://docs.snowflake.com/en/sql-reference/sql/alter-table-column).
// Snowflake's error for the others is not documented.
func (p *parser) checkSetDefault(table string, col tok, a, b int) error {
	if a > b || b >= len(p.toks) {
		return nil // an empty DEFAULT is a syntax error elsewhere
	}
	if !sequenceNextval(p.toks[a : b+1]) {
		return p.unsupported(p.toks[a], "ALTER TABLE ... ALTER COLUMN ... SET DEFAULT other than a sequence's NEXTVAL")
	}
	if p.opts.ColumnDefaults == nil {
		return nil
	}
	defaults, _, err := p.opts.ColumnDefaults(table)
	if err != nil {
		return nil // the ALTER fails on the missing table
	}
	for name, d := range defaults {
		if !sameColumn(name, col) {
			continue
		}
		if _, _, _, _, identity := IdentityOf(d); !strings.HasPrefix(d, "nextval(") || identity {
			return p.unsupported(p.toks[a], "ALTER TABLE ... ALTER COLUMN ... SET DEFAULT of a column whose default is not a sequence")
		}
	}
	return nil
}

// sequenceNextval reports whether toks are [db.][schema.]seq.NEXTVAL.
func sequenceNextval(toks []tok) bool {
	n := len(toks)
	if n < 3 || n > 7 || n%2 == 0 || !toks[n-1].IsWord("NEXTVAL") {
		return false
	}
	for i, t := range toks[:n-1] {
		name := t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent
		if i%2 == 0 && !name || i%2 == 1 && !t.IsOp(".") {
			return false
		}
	}
	return true
}

// sameColumn reports whether the catalog's column name is the column token
// c: its rendered name, or case-insensitively for an unquoted one.
func sameColumn(name string, c tok) bool {
	if c.Kind == sqllex.QuotedIdent {
		return name == strings.ReplaceAll(c.Text[1:len(c.Text)-1], `""`, `"`)
	}
	return strings.EqualFold(name, c.Text)
}
