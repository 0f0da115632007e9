package rewrite

import (
	"fmt"
	"strconv"
)

// positionalColumn names the column that $n (token t) refers to when the
// query block reads one staged file set or one base table, "" when it
// cannot tell; $n past the table's columns is an invalid identifier.
// DuckDB's own positional reference #n, the fallback, cannot be an argument
// of the prelude's macros (`$1::VARCHAR` is _SF_TO_VARCHAR(#1), `$1:a` is
// _SF_JX(#1, …)): its binder rejects it there.
func (p *parser) positionalColumn(t tok) (string, error) {
	n := t.Text[1:]
	sc := p.scope
	if sc == nil || sc.unknown || len(sc.rels) != 1 {
		return "", nil
	}
	rel := sc.rels[0]
	if rel.stage {
		return quoteIdent("$" + n), nil // stage relations name their columns $1, $2… (Options.StageRef)
	}
	if rel.table == "" || rel.opaque || p.opts.ColumnTypes == nil {
		return "", nil
	}
	k, err := strconv.Atoi(n)
	if err != nil || k < 1 {
		return "", nil
	}
	names, _, err := p.opts.ColumnTypes(rel.table, nil)
	if err != nil || len(names) == 0 {
		return "", nil
	}
	if k > len(names) {
		return "", &Error{Code: CodeInvalidIdent, Line: t.Line, Col: t.Col,
			Message: fmt.Sprintf("SQL compilation error:\nerror line %d at position %d\ninvalid identifier '%s'", t.Line, t.Col-1, t.Text)}
	}
	return quoteIdent(rel.name) + "." + quoteIdent(names[k-1]), nil
}

// positionalIntWidth is the precision of positional column t ($n) where it
// is a column of integer literals of the one VALUES relation the block
// reads (valuesIntWidth: VALUES (1), (22) is a NUMBER(2,0) read as $1 as
// by its name COLUMN1), or 0.
func (p *parser) positionalIntWidth(t tok) int {
	sc := p.scope
	k, err := strconv.Atoi(t.Text[1:])
	if p.setOpBlock || sc == nil || sc.unknown || len(sc.rels) != 1 || err != nil {
		return 0
	}
	rel := sc.rels[0]
	if rel.valuesAt <= 0 || k < 1 || k > rel.values {
		return 0
	}
	key := fmt.Sprintf("COLUMN%d", k)
	if rel.valuesNames != nil {
		key = identKey(rel.valuesNames[k-1])
	}
	return p.valuesIntWidth(rel, key) // numlit.go
}
