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
// as a literal, an aggregate alias appended); over a CTE, or a subquery
// reading one, with the WITH clause the pivot sees. Where Snowflake's answer is
// not pinned down by the docs the pivot is refused (002040): no ORDER BY
// (column order unspecified), a NULL value (its column name), values that
// are not text or hold a quote or backslash, no values at all, and a
// dynamic pivot in a view definition (whose columns Snowflake computes
// when the view is queried, not when it is created).

// pivotSource is a dynamic pivot's source text: the PIVOT keyword's token
// index, the relation's name parts (nil where it is not a name) and the
// value column as written.
type pivotSource struct {
	at    int
	table []tok
	col   string
}

// dynamicPivotItems reads the values of a dynamic pivot at p.i (ANY or a
// subquery) up to the closing parenthesis of IN (...), and renders them as
// the pivot's IN items.
func (p *parser) dynamicPivotItems(at tok, rel, col, aggAlias string, src pivotSource) ([]string, error) {
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
		if len(src.table) == 1 && p.cteNames()[identKey(src.table[0])] {
			// Over a CTE (docs: PIVOT, "Exclude columns from a pivot
			// query with a CTE"), the values are read with the CTEs the
			// pivot sees.
			with, ok := p.pivotCTEs(src.at, identKey(src.table[0]))
			if !ok {
				return nil, refuse("over a CTE the engine cannot read ahead")
			}
			q, err := p.pivotValuesQuery(with + " SELECT DISTINCT " + src.col + " AS _sf_pivot_value FROM " +
				identSQL(src.table[0]) + " ORDER BY _sf_pivot_value " + dir)
			if err != nil {
				return nil, refuse("over a CTE the engine cannot read ahead")
			}
			query = q
		}
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
		for _, t := range p.toks[start:p.i] {
			if (t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent) || !p.cteNames()[identKey(t)] {
				continue
			}
			// A subquery reading a CTE: read with the CTEs the pivot sees.
			with, ok := p.pivotCTEs(src.at, identKey(t))
			if !ok {
				return nil, refuse("over a CTE the engine cannot read ahead")
			}
			if query, err = p.pivotValuesQuery(with + " " + p.text(start, p.i-1)); err != nil {
				return nil, refuse("over a CTE the engine cannot read ahead")
			}
			break
		}
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

// pivotCTEs is the WITH clause (Snowflake text) defining CTE name where the
// PIVOT at token index at reads it: the definitions of the innermost WITH
// whose statement holds the pivot, up to the last one ending before it.
// false: no such WITH defines name.
func (p *parser) pivotCTEs(at int, name string) (string, bool) {
	for w := at - 1; w >= 0; w-- {
		if !p.toks[w].IsWord("WITH") {
			continue
		}
		if end := p.enclosingEnd(w); end >= 0 && end < at {
			continue // a WITH in a subquery the pivot is not in
		}
		first := w + 1
		if p.toks[first].IsWord("RECURSIVE") {
			first++
		}
		last, found := -1, false
		for k := first; k < at; {
			n := p.toks[k]
			if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
				break
			}
			j := k + 1
			if j < at && p.toks[j].IsOp("(") {
				if j = p.matching(j); j < 0 {
					break
				}
				j++
			}
			if j+1 >= at || !p.toks[j].IsWord("AS") || !p.toks[j+1].IsOp("(") {
				break
			}
			end := p.matching(j + 1)
			if end < 0 || end >= at {
				break
			}
			last, found = end, found || identKey(n) == name
			if !p.toks[end+1].IsOp(",") {
				break
			}
			k = end + 2
		}
		if found {
			return p.text(w, last), true
		}
	}
	return "", false
}

// enclosingEnd is the index of the ')' closing the parenthesis that holds
// token i, -1 at the statement's top level.
func (p *parser) enclosingEnd(i int) int {
	d := 0
	for k := i + 1; k < len(p.toks); k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if d == 0 {
				return k
			}
			d--
		}
	}
	return -1
}

// pivotValuesQuery rewrites query (Snowflake SQL reading a dynamic pivot's
// values) as the statement's own text is: a refusal it would owe to the
// engine refuses the pivot instead.
func (p *parser) pivotValuesQuery(query string) (string, error) {
	opts := p.opts
	opts.RefuseIfSucceeds, opts.UndefinedResult = nil, false
	return Rewrite(query, opts)
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
