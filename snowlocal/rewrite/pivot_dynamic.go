package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Dynamic PIVOT: IN (ANY ORDER BY <value column> [ASC|DESC]) pivots on the
// distinct values of the value column, IN (SELECT DISTINCT ... ORDER BY ...)
// on the subquery's values (docs: PIVOT). The rewriter reads the values
// ahead through Options.PivotValues and writes the static pivot the user
// would have written ('2023_Q1', '2023_Q2', ...: columns named by the value
// as a literal, an aggregate alias appended). Where Snowflake's answer is
// not pinned down by the docs the pivot is refused (002040): no ORDER BY
// (column order unspecified), a NULL value (its column name), values that
// are not text or hold a quote or backslash, no values at all, and a
// dynamic pivot in a view definition (whose columns Snowflake computes
// when the view is queried, not when it is created).

// dynamicPivotItems reads the values of a dynamic pivot at p.i (ANY or a
// subquery) up to the closing parenthesis of IN (...), and renders them as
// the pivot's IN items.
func (p *parser) dynamicPivotItems(at tok, rel, col, aggAlias string) ([]string, error) {
	refuse := func(why string) error {
		return p.unsupported(at, "PIVOT ... IN (ANY | subquery) (dynamic pivot) "+why)
	}
	if p.opts.PivotValues == nil {
		return nil, refuse("here")
	}
	if p.inViewDefinition() {
		return nil, refuse("in a view definition")
	}
	var query string
	if p.accept("ANY") {
		if !p.accept("ORDER") {
			return nil, refuse("without ORDER BY")
		}
		if err := p.expectWord("BY"); err != nil {
			return nil, err
		}
		o := p.next()
		if (o.Kind != sqllex.Word && o.Kind != sqllex.QuotedIdent) || identSQL(o) != col {
			return nil, refuse("ordered by anything but its value column")
		}
		dir := "ASC"
		if p.accept("DESC") {
			dir = "DESC"
		} else {
			p.accept("ASC")
		}
		if !p.isOp(")") {
			return nil, refuse("with this ORDER BY")
		}
		query = "SELECT DISTINCT " + col + " AS _sf_pivot_value FROM " + rel + " ORDER BY _sf_pivot_value " + dir
	} else {
		if !p.isWord("SELECT") || !p.peekN(1).IsWord("DISTINCT") {
			return nil, refuse("over a subquery other than SELECT DISTINCT ... ORDER BY")
		}
		start := p.i
		s, err := p.seq(nil)
		if err != nil {
			return nil, err
		}
		if !topLevelOrderBy(p.toks[start:p.i]) {
			return nil, refuse("over a subquery without ORDER BY")
		}
		query = s
	}
	values, err := p.opts.PivotValues(query)
	if err != nil {
		return nil, refuse(err.Error())
	}
	if len(values) == 0 {
		return nil, refuse("over no values")
	}
	var items []string
	seen := map[string]bool{}
	for _, v := range values {
		if strings.ContainsAny(v, `'\`) {
			return nil, refuse("over a value holding a quote or backslash")
		}
		if seen[v] {
			continue
		}
		seen[v] = true
		name := v
		if aggAlias != "" {
			name += "_" + aggAlias
		}
		items = append(items, sqlString(v)+" AS "+quoteIdent("'"+name+"'"))
	}
	return items, nil
}

// topLevelOrderBy reports an ORDER BY outside parentheses in toks.
func topLevelOrderBy(toks []tok) bool {
	depth := 0
	for i, t := range toks {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsWord("ORDER") && i+1 < len(toks) && toks[i+1].IsWord("BY"):
			return true
		}
	}
	return false
}

// inViewDefinition reports a CREATE ... VIEW statement.
func (p *parser) inViewDefinition() bool {
	if len(p.toks) == 0 || !p.toks[0].IsWord("CREATE") {
		return false
	}
	for i := 1; i < len(p.toks) && i < 10; i++ {
		if p.toks[i].IsWord("VIEW") {
			return true
		}
		if p.toks[i].IsWord("AS") {
			return false
		}
	}
	return false
}
