package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A bare NULL as a column of a recursive CTE's anchor clause. DuckDB types
// a recursive CTE's columns from its anchor, where a NULL is an INTEGER the
// recursive clause's values must then fit (a title failed to convert);
// Snowflake types the column from both clauses (docs: Working with CTEs,
// https://docs.snowflake.com/en/user-guide/queries-cte: the anchor's
// "NULL AS mgr_title" beside the recursive clause's
// "managers.employee_title AS mgr_title" answers the titles). The NULL is
// written as a NULL of the recursive clause's column type where the
// rewriter reads that type: a column of a table the recursive clause joins,
// or of the CTE itself whose anchor item is a table's column. Anything else
// stays refused (002040).

// recursiveNullType is the DuckDB type of column i of the recursive clause
// that follows the anchor clause whose select list holds token at (a bare
// NULL, its item i); "" where the rewriter cannot read it.
func (p *parser) recursiveNullType(at, i int) string {
	if !p.recursiveWith() {
		return ""
	}
	// The anchor's SELECT and the enclosing CTE: name [(cols)] AS ( SELECT.
	sel, open := -1, -1
	for k, d := at-1, 0; k >= 0 && open < 0; k-- {
		switch t := p.toks[k]; {
		case t.IsOp(")"):
			d++
		case t.IsOp("("):
			if d == 0 {
				open = k
			}
			d--
		case d == 0 && t.IsWord("SELECT") && sel < 0:
			sel = k
		}
	}
	if sel < 0 || open < 1 || !p.toks[open-1].IsWord("AS") || open+1 != sel {
		return ""
	}
	var cteName tok
	var cteCols []string
	if k := open - 2; k >= 0 && p.toks[k].IsOp(")") {
		start := k
		for start > 0 && !p.toks[start].IsOp("(") {
			start--
		}
		for _, t := range p.toks[start+1 : k] {
			if !t.IsOp(",") {
				cteCols = append(cteCols, identKey(t))
			}
		}
		cteName = p.toks[start-1]
	} else if k >= 0 {
		cteName = p.toks[k]
	}
	if cteName.Kind != sqllex.Word && cteName.Kind != sqllex.QuotedIdent {
		return ""
	}
	anchorItems, anchorFrom := p.selectListAt(sel)
	if anchorFrom < 0 {
		return ""
	}
	// The recursive clause: UNION [ALL] SELECT after the anchor.
	end := p.matching(open)
	u := -1
	for k, d := anchorFrom, 0; k < end && u < 0; k++ {
		switch t := p.toks[k]; {
		case t.IsOp("("):
			d++
		case t.IsOp(")"):
			d--
		case d == 0 && t.IsWord("UNION"):
			u = k
		}
	}
	if u < 0 {
		return ""
	}
	rsel := u + 1
	if p.toks[rsel].IsWord("ALL") || p.toks[rsel].IsWord("DISTINCT") {
		rsel++
	}
	if !p.toks[rsel].IsWord("SELECT") {
		return ""
	}
	items, from := p.selectListAt(rsel)
	if from < 0 || i >= len(items) {
		return ""
	}
	rels := p.fromNames(from+1, end)
	qual, col, ok := columnRef(items[i])
	if !ok || qual == "" {
		return ""
	}
	rel, ok := rels[qual]
	if !ok {
		return ""
	}
	if rel.cte != "" { // the CTE: its anchor's item of that column
		if rel.cte != identKey(cteName) {
			return ""
		}
		j := -1
		for k, c := range cteCols {
			if c == col {
				j = k
			}
		}
		if j < 0 || j >= len(anchorItems) {
			return ""
		}
		aq, ac, ok := columnRef(anchorItems[j])
		anchorRels := p.fromNames(anchorFrom+1, u)
		if !ok || len(anchorRels) != 1 {
			return ""
		}
		for name, r := range anchorRels {
			if aq != "" && aq != name || r.cte != "" {
				return ""
			}
			rel, col = r, ac
		}
	}
	rel.load(p)
	if rel.failed || rel.dup[col] {
		return ""
	}
	return rel.raw[col]
}

// selectListAt splits the select list of the SELECT at token sel into its
// items' tokens, and returns the index of its FROM (-1 without one).
func (p *parser) selectListAt(sel int) ([][]tok, int) {
	var items [][]tok
	start := sel + 1
	for k, d := sel+1, 0; k < len(p.toks); k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if d--; d < 0 {
				return nil, -1
			}
		case d == 0 && (t.IsOp(",") || t.IsWord("FROM")):
			items = append(items, p.toks[start:k])
			start = k + 1
			if t.IsWord("FROM") {
				return items, k
			}
		}
	}
	return nil, -1
}

// fromNames reads a FROM clause between a and b made of named relations
// (joined with JOIN … ON or commas) and returns them by the name the block
// reads them by.
func (p *parser) fromNames(a, b int) map[string]*scopeRel {
	out := map[string]*scopeRel{}
	expect := true
	for k, d := a, 0; k < b; k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("("):
			d++
			continue
		case t.IsOp(")"):
			d--
			continue
		}
		if d != 0 {
			continue
		}
		if t.IsWord("WHERE") || t.IsWord("UNION") || t.IsWord("GROUP") || t.IsWord("ORDER") {
			break
		}
		if t.IsWord("JOIN") || t.IsOp(",") {
			expect = true
			continue
		}
		if !expect {
			continue
		}
		expect = false
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return nil
		}
		parts := []tok{t}
		for k+2 < b && p.toks[k+1].IsOp(".") {
			parts = append(parts, p.toks[k+2])
			k += 2
		}
		var alias tok
		if k+1 < b && p.toks[k+1].IsWord("AS") && k+2 < b {
			alias = p.toks[k+2]
			k += 2
		} else if n := p.toks[k+1]; k+1 < b && (n.Kind == sqllex.QuotedIdent || n.Kind == sqllex.Word && !keywords[strings.ToUpper(n.Text)]) {
			alias = n
			k++
		}
		rel := p.tableRel(parts, alias)
		out[rel.name] = rel
	}
	return out
}

// columnRef reads a select item that is a column, [q.]c [[AS] alias], as
// its qualifier ("" without one) and column (upper-cased).
func columnRef(item []tok) (qual, col string, ok bool) {
	if n := len(item); n >= 2 && item[n-2].IsWord("AS") {
		item = item[:n-2]
	} else if n == 2 || n == 4 {
		item = item[:n-1]
	}
	name := func(t tok) bool { return t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent }
	switch {
	case len(item) == 1 && name(item[0]):
		return "", identKey(item[0]), true
	case len(item) == 3 && name(item[0]) && item[1].IsOp(".") && name(item[2]):
		return identKey(item[0]), identKey(item[2]), true
	}
	return "", "", false
}
