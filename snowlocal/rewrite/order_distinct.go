package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// dropOrderByDistinctArgs handles a query block (its SELECT at index sel)
// that aggregates without GROUP BY and is ordered by the argument of one of
// its DISTINCT aggregates, `SELECT ARRAY_AGG(DISTINCT c) … FROM t ORDER BY
// c`: Snowflake accepts it (docs: ARRAY_AGG's examples), DuckDB's binder
// rejects c as neither grouped nor aggregated. The block answers one row,
// which any ORDER BY leaves as it is, so those ORDER BY items are removed
// from the tokens (and ORDER BY itself when none is left) before the block
// is rendered. Blocks with a window function, a GROUP BY, or a set
// operation (whose ORDER BY orders the whole result) are left alone.
func (p *parser) dropOrderByDistinctArgs(sel int) {
	if sel > 0 {
		switch prev := p.toks[sel-1]; {
		case prev.IsWord("UNION"), prev.IsWord("ALL"), prev.IsWord("DISTINCT"), prev.IsWord("EXCEPT"),
			prev.IsWord("INTERSECT"), prev.IsWord("MINUS"):
			return
		}
	}
	var args [][]tok
	order, end := -1, len(p.toks)
	depth := 0
	for j := sel + 1; j < len(p.toks) && end == len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") && j+1 < len(p.toks) && (p.toks[j+1].IsWord("SELECT") || p.toks[j+1].IsWord("WITH")):
			j = p.closing(j) // a subquery: its own block
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			if p.toks[j-1].Kind == sqllex.Word && j+1 < len(p.toks) && p.toks[j+1].IsWord("DISTINCT") {
				if arg := p.singleArg(j + 2); arg != nil {
					args = append(args, arg)
				}
			}
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
			if depth < 0 {
				end = j
			}
		case t.IsWord("OVER"):
			return
		case depth > 0:
		case t.IsOp(";"):
			end = j
		case t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS") ||
			t.IsWord("GROUP") && j+1 < len(p.toks) && p.toks[j+1].IsWord("BY"):
			return
		case t.IsWord("ORDER") && j+1 < len(p.toks) && p.toks[j+1].IsWord("BY"):
			order = j
		}
	}
	if order < 0 || len(args) == 0 {
		return
	}
	var kept [][]tok
	dropped := false
	j := order + 2
	for {
		k := p.itemEnd(j, end)
		item := p.toks[j:k]
		if matchesAny(orderExpr(item), args) {
			dropped = true
		} else {
			kept = append(kept, item)
		}
		j = k
		if j >= end || !p.toks[j].IsOp(",") {
			break
		}
		j++
	}
	if !dropped {
		return
	}
	var out []tok
	out = append(out, p.toks[:order]...)
	for i, item := range kept {
		if i == 0 {
			out = append(out, p.toks[order], p.toks[order+1])
		} else {
			out = append(out, tok{Token: sqllex.Token{Kind: sqllex.Op, Text: ","}})
		}
		out = append(out, item...)
	}
	removed := j - len(out)
	p.toks = append(out, p.toks[j:]...)
	if len(p.substAt) > 0 { // token indices after the cut move
		moved := map[int]string{}
		for k, v := range p.substAt {
			switch {
			case k >= j:
				moved[k-removed] = v
			case k < order:
				moved[k] = v
			}
		}
		p.substAt = moved
	}
}

// closing returns the index of the bracket closing the one at index i (the
// last index when it is not closed).
func (p *parser) closing(i int) int {
	depth := 0
	for j := i; j < len(p.toks); j++ {
		switch t := p.toks[j]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth--; depth == 0 {
				return j
			}
		}
	}
	return len(p.toks) - 1
}

// singleArg returns the tokens from index i to the parenthesis closing the
// call they are in, or nil when the call has more than one argument.
func (p *parser) singleArg(i int) []tok {
	depth := 0
	for j := i; j < len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth == 0 {
				if j == i {
					return nil
				}
				return p.toks[i:j]
			}
			depth--
		case depth == 0 && t.IsOp(","):
			return nil
		}
	}
	return nil
}

// itemEnd returns the index of the comma or clause word ending the ORDER BY
// item that starts at index i (end at the latest).
func (p *parser) itemEnd(i, end int) int {
	depth := 0
	for j := i; j < end; j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth > 0:
		case t.IsOp(",") || t.IsWord("LIMIT") || t.IsWord("OFFSET") || t.IsWord("FETCH"):
			return j
		}
	}
	return end
}

// orderExpr strips an ORDER BY item's ASC/DESC and NULLS FIRST/LAST.
func orderExpr(item []tok) []tok {
	n := len(item)
	if n >= 2 && item[n-2].IsWord("NULLS") && (item[n-1].IsWord("FIRST") || item[n-1].IsWord("LAST")) {
		n -= 2
	}
	if n >= 1 && (item[n-1].IsWord("ASC") || item[n-1].IsWord("DESC")) {
		n--
	}
	return item[:n]
}

// matchesAny reports whether expression x is, token for token, one of args
// (names compared as Snowflake resolves them).
func matchesAny(x []tok, args [][]tok) bool {
	for _, a := range args {
		if len(a) != len(x) || len(x) == 0 {
			continue
		}
		same := true
		for i := range a {
			if !sameToken(a[i], x[i]) {
				same = false
				break
			}
		}
		if same {
			return true
		}
	}
	return false
}

func sameToken(a, b tok) bool {
	key := func(t tok) string {
		switch t.Kind {
		case sqllex.Word:
			return strings.ToUpper(t.Text)
		case sqllex.QuotedIdent:
			return unquoteIdent(t.Text)
		}
		return t.Text
	}
	ident := func(t tok) bool { return t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent }
	return (a.Kind == b.Kind || ident(a) && ident(b)) && key(a) == key(b)
}

// An ORDER BY expression may use a select-list alias (`OBJECT_CONSTRUCT(*)
// AS oc … ORDER BY oc['PROVINCE']`). DuckDB resolves such a name to the
// alias's expression only where no FROM column has it, and refuses to when
// the expression may raise an error, as the engine's VARIANT builders do
// ("Alias referenced - but the expression has side effects"). The rewriter
// therefore writes the alias's rendered expression in its place itself,
// under the same condition: every FROM column of the block is known and
// none has the name. A bare `ORDER BY oc` is left to DuckDB, which orders
// by the select-list column.

// noteAlias records the rendered expression s of select-list alias a of the
// block being rewritten (an alias given twice is not substituted).
func (p *parser) noteAlias(a tok, s string) {
	if p.blockAliases == nil {
		return
	}
	k := identKey(a)
	if _, twice := p.blockAliases[k]; twice {
		s = ""
	}
	p.blockAliases[k] = s
	if s != "" {
		p.markListAliases(k, s)
	}
}

// markListAliases records where the rest of the select list (from p.i to
// its FROM) uses alias k inside an expression: in a call's arguments or as
// the base of a path (`oc:PROVINCE`, `oc['PROVINCE']`). A name that is a
// whole select item is left to DuckDB, which names the column after it.
func (p *parser) markListAliases(k, s string) {
	depth := 0
	for j := p.i; j < len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") && j+1 < len(p.toks) && (p.toks[j+1].IsWord("SELECT") || p.toks[j+1].IsWord("WITH")):
			j = p.closing(j)
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth--; depth < 0 {
				return
			}
		case depth == 0 && (isClause(t) || t.IsOp(";")):
			return
		case (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && identKey(t) == k && j+1 < len(p.toks):
			prev, next := p.toks[j-1], p.toks[j+1]
			inExpr := depth > 0 || next.IsOp("[") || next.IsOp(":")
			if inExpr && !prev.IsOp(".") && !prev.IsWord("AS") && !next.IsOp(".") && !next.IsOp("(") && p.noColumn(k) {
				if p.substAt == nil {
					p.substAt = map[int]string{}
				}
				p.substAt[j] = s
			}
		}
	}
}

// markOrderAliases finds, from index i to the end of the block, the alias
// references of its ORDER BY that are part of a larger expression, and
// records the expression to render at their token (p.substAt).
func (p *parser) markOrderAliases(i int) {
	if len(p.blockAliases) == 0 {
		return
	}
	order, end := -1, len(p.toks)
	depth := 0
	for j := i; j < len(p.toks) && end == len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") && j+1 < len(p.toks) && (p.toks[j+1].IsWord("SELECT") || p.toks[j+1].IsWord("WITH")):
			j = p.closing(j)
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth--; depth < 0 {
				end = j
			}
		case depth > 0:
		case t.IsOp(";"):
			end = j
		case t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS"):
			return // the ORDER BY orders the set operation's result
		case order < 0 && t.IsWord("ORDER") && j+1 < len(p.toks) && p.toks[j+1].IsWord("BY"):
			order = j + 2
		case order >= 0 && (t.IsWord("LIMIT") || t.IsWord("OFFSET") || t.IsWord("FETCH")):
			end = j
		}
	}
	if order < 0 {
		return
	}
	depth = 0
	for j := order; j < end; j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") && j+1 < end && (p.toks[j+1].IsWord("SELECT") || p.toks[j+1].IsWord("WITH")):
			j = p.closing(j)
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent:
			s := p.blockAliases[identKey(t)]
			if s == "" || p.toks[j-1].IsOp(".") || j+1 < end && (p.toks[j+1].IsOp(".") || p.toks[j+1].IsOp("(")) ||
				depth == 0 && p.bareOrderItem(j, order, end) || !p.noColumn(identKey(t)) {
				continue
			}
			if p.substAt == nil {
				p.substAt = map[int]string{}
			}
			p.substAt[j] = s
		}
	}
}

// bareOrderItem reports whether the name at index j is a whole ORDER BY item
// (the list runs from index order to end).
func (p *parser) bareOrderItem(j, order, end int) bool {
	if j > order && !p.toks[j-1].IsOp(",") {
		return false
	}
	if j+1 >= end {
		return true
	}
	n := p.toks[j+1]
	return n.IsOp(",") || n.IsWord("ASC") || n.IsWord("DESC") || n.IsWord("NULLS")
}

// noColumn reports whether no FROM column of the current block is named
// col, with every FROM item's columns known.
func (p *parser) noColumn(col string) bool {
	sc := p.scope
	if sc == nil || sc.unknown {
		return false
	}
	for _, r := range sc.rels {
		if r.load(p); r.failed {
			return false
		}
		if _, ok := r.cols[col]; ok {
			return false
		}
	}
	return true
}
