package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Column DEFAULTs. DESCRIBE TABLE, SHOW COLUMNS and
// INFORMATION_SCHEMA.COLUMNS show a column's DEFAULT in Snowflake's text of
// it (snowlocal/show.go: snowflakeDefault renders it from the DuckDB default
// it became). The docs show that text for a few forms only:
//
//   - a string literal of a text column, as written: 'Not applicable' of a
//     VARCHAR(30) (https://docs.snowflake.com/en/sql-reference/sql/desc-table),
//     'abcde' of a VARCHAR(20);
//   - an integer literal of an integer NUMBER column, as written: 3 of a
//     NUMBER (https://docs.snowflake.com/en/sql-reference/sql/alter-table-column),
//     5 (https://docs.snowflake.com/en/sql-reference/sql/show-columns);
//   - a sequence's NEXTVAL, as the sequence's qualified name and NEXTVAL
//     (seq1.nextval is DB1.PUBLIC.SEQ1.NEXTVAL, alter-table-column);
//   - NULL, which is no default (CREATE TABLE's parquet_col example).
//
// A DEFAULT of any other form (CURRENT_TIMESTAMP(), an expression, a cast, a
// negative or decimal number, a literal of another type's column) is refused
// where it is declared: the engine would have to guess the text Snowflake
// shows for it. The show-columns page's n1+5, shown DT_TEST.N1 + 5, refers to
// another column, which DuckDB's defaults cannot.

// checkDefault refuses (002040) the DEFAULT written as tokens a..b of a
// column of type ty unless its text is documented.
func (p *parser) checkDefault(a, b int, ty sqlType) error {
	if a > b || b >= len(p.toks) {
		return nil // an empty DEFAULT is a syntax error elsewhere
	}
	toks := p.toks[a : b+1]
	if defaultKnown(toks, ty) {
		return nil
	}
	return p.unsupported(toks[0], "DEFAULT "+p.text(a, b)+" (Snowflake's text of it is not documented)")
}

// defaultKnown reports whether a DEFAULT of tokens toks, of a column of type
// ty, is one of the documented forms above.
func defaultKnown(toks []tok, ty sqlType) bool {
	if len(toks) == 1 {
		t := toks[0]
		switch {
		case t.IsWord("NULL"):
			return true
		case t.Kind == sqllex.String:
			// As written: a text holding a quote or an escape would be
			// shown in a spelling the docs do not give.
			body := t.Text[1 : len(t.Text)-1]
			return ty.kind == "string" && !strings.ContainsAny(body, `'\`)
		case t.Kind == sqllex.Number:
			return integerColumn(ty) && isInteger(t.Text) && (t.Text == "0" || t.Text[0] != '0')
		}
		return false
	}
	return integerColumn(ty) && sequenceNextval(toks)
}

// sequenceNextval reports whether toks are [db.][schema.]seq.NEXTVAL with
// unquoted names (a quoted name may need quotes in the shown text).
func sequenceNextval(toks []tok) bool {
	n := len(toks)
	if n < 3 || n > 7 || n%2 == 0 || !toks[n-1].IsWord("NEXTVAL") {
		return false
	}
	for i, t := range toks[:n-1] {
		if i%2 == 0 && t.Kind != sqllex.Word || i%2 == 1 && !t.IsOp(".") {
			return false
		}
	}
	return true
}

// integerColumn reports whether ty is a NUMBER of scale 0 (INT, BIGINT,
// NUMBER, NUMBER(p), NUMBER(p,0), ...).
func integerColumn(ty sqlType) bool {
	return ty.duck == "BIGINT" || strings.HasPrefix(ty.duck, "DECIMAL(") && strings.HasSuffix(ty.duck, ",0)")
}

// checkSetDefault refuses (002040) ALTER TABLE … ALTER COLUMN col SET
// DEFAULT of tokens a..b of table (a rendered name) where Snowflake does
// not allow it: only a sequence's NEXTVAL, and only for a column whose
// default is a sequence already ("Change the default sequence for a
// column … Use only for columns that have a sequence already"; changing
// another default or adding one is unsupported: alter-table-column).
// Snowflake's error for the others is not documented.
func (p *parser) checkSetDefault(table string, col tok, a, b int) error {
	if a > b || b >= len(p.toks) {
		return nil
	}
	what := "ALTER TABLE ... ALTER COLUMN ... SET DEFAULT other than a sequence's NEXTVAL"
	if !sequenceNextval(p.toks[a : b+1]) {
		return p.unsupported(p.toks[a], what)
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

// sameColumn reports whether the catalog's column name is the column token
// c: its rendered name, or case-insensitively for an unquoted one.
func sameColumn(name string, c tok) bool {
	if c.Kind == sqllex.QuotedIdent {
		return name == strings.ReplaceAll(c.Text[1:len(c.Text)-1], `""`, `"`)
	}
	return strings.EqualFold(name, c.Text)
}
