package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A derived table's or CTE's select item may name a lateral alias of its
// own block (`SELECT LENGTH(s) AS e, e AS x FROM t`): DuckDB reads the
// aliased expression there, and its column x keeps that expression's type
// ("a conditional or derived column keeps its expression's type": the
// reference's DerivedItemTypeTest, derivedIntWidth), so an outer query
// reading x reads a NUMBER(18,0) where DuckDB's BIGINT reported
// NUMBER(38,0). When the rewriter types such an item alone (exprIntType),
// the alias resolves to the expression it names (lateralIntType).

// lateralBlock is the select list an item typed alone (exprIntType)
// belongs to: the index of its block's SELECT and the token range of the
// item itself, which its own alias does not name.
type lateralBlock struct {
	sel, self int
}

// blockSelectOf is the index of the SELECT whose select list holds the item
// starting at token a, or -1 where a is not in a select list's top level.
func (p *parser) blockSelectOf(a int) int {
	depth := 0
	for j := a - 1; j >= 0; j-- {
		switch t := p.toks[j]; {
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth++
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			if depth--; depth < 0 {
				return -1
			}
		case depth > 0:
		case t.IsWord("SELECT"):
			return j
		case isClause(t) || t.IsOp(";"):
			return -1
		}
	}
	return -1
}

// aliasedItem is the token range [a, e) of the expression of the one item
// of the select list after SELECT at index sel whose alias (AS k, or a
// name after the expression) is k, skipping the item at token self; ok
// false where none or several are.
func (p *parser) aliasedItem(sel, self int, k string) (a, e int, ok bool) {
	i := sel + 1
	if i < len(p.toks) && (p.toks[i].IsWord("DISTINCT") || p.toks[i].IsWord("ALL")) {
		i++
	}
	if i+1 < len(p.toks) && p.toks[i].IsWord("TOP") && p.toks[i+1].Kind == sqllex.Number {
		i += 2
	}
	found := 0
	item := func(s, b int) {
		if b-s < 2 || s == self {
			return
		}
		last := p.toks[b-1]
		if (last.Kind != sqllex.Word && last.Kind != sqllex.QuotedIdent) || identKey(last) != k {
			return
		}
		x := b - 1
		if p.toks[x-1].IsWord("AS") {
			x--
		} else if !endsOperand(p.toks[x-1]) || p.toks[x-1].IsOp(".") || p.toks[x-1].IsOp("::") ||
			last.Kind == sqllex.Word && keywords[strings.ToUpper(last.Text)] {
			return
		}
		if x > s {
			a, e = s, x
			found++
		}
	}
	depth, start := 0, i
	for j := i; j <= len(p.toks); j++ {
		if j == len(p.toks) {
			item(start, j)
			break
		}
		t := p.toks[j]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
			continue
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth--; depth >= 0 {
				continue
			}
		case depth > 0:
			continue
		case t.IsOp(","):
			item(start, j)
			start = j + 1
			continue
		case !isClause(t) && !t.IsOp(";"):
			continue
		}
		item(start, j)
		break
	}
	return a, e, found == 1
}

// lateralIntType is the precision (or intUnknown) of name, a select-list
// alias of the block of the item being typed alone (p.lateral), where it
// names another item of that list: that item's, where no FROM column of
// the block has the name (DuckDB reads the column first, and Snowflake's
// choice between the two is not documented). Where a column may have the
// name and the aliased item is an integer the rewriter types, its
// precision is not known: intUnknown. ok false where name is no such
// alias.
func (p *parser) lateralIntType(name tok) (w int, unknown string, ok bool) {
	if p.lateral == nil || p.setDepth > 8 {
		return 0, "", false
	}
	k := identKey(name)
	a, e, ok := p.aliasedItem(p.lateral.sel, p.lateral.self, k)
	if !ok {
		return 0, "", false
	}
	w, unknown = p.exprIntType(a, e)
	if (w > 0 || unknown != "") && !p.noFromColumn(k) {
		return 0, name.Text + " (a select-list alias a column may also be named)", true
	}
	return w, unknown, true
}

// noFromColumn reports whether no relation of the block's FROM clause has
// a column named col, every relation's columns being known
// (relColumnNames: a base table's, a derived table's or CTE's items).
func (p *parser) noFromColumn(col string) bool {
	sc := p.scope
	if sc == nil || sc.unknown {
		return false
	}
	for _, r := range sc.rels {
		names, ok := p.relColumnNames(r)
		if !ok {
			return false
		}
		for _, n := range names {
			if n == col {
				return false
			}
		}
	}
	return true
}
