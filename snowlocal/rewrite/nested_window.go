package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A window function in the argument of CONDITIONAL_TRUE_EVENT or
// CONDITIONAL_CHANGE_EVENT (docs: conditional_true_event,
// CONDITIONAL_TRUE_EVENT(LAG(o) OVER (PARTITION BY p ORDER BY o) > 1) OVER
// (PARTITION BY p ORDER BY o) is 0 0 1 2 3 4 | 0 1 2 3 4 | 0 | 0). DuckDB
// cannot nest a window function in another's argument, so before the
// statement is rewritten the inner window is computed in a derived table of
// the block's one relation, over the rows its WHERE clause keeps, as
// Snowflake computes it:
//
//	SELECT … CONDITIONAL_TRUE_EVENT(LAG(o) OVER (…) > 1) OVER (…) FROM t [alias] [WHERE w] rest
//	SELECT … CONDITIONAL_TRUE_EVENT("_SF_W1" > 1) OVER (…) AS "<its name>"
//	  FROM (SELECT *, LAG(o) OVER (…) AS "_SF_W1" FROM t [alias] [WHERE w]) AS alias rest
//
// Only that shape is written: a block with a star select item (which would
// show the helper column), a join, a GROUP BY or HAVING (the inner window
// would run before the grouping) or a named window is left as it is, and the
// conditional function refuses it (002040). An item without an alias keeps
// its name, its text.

// nestedWindowMax bounds the blocks written in one statement.
const nestedWindowMax = 8

// desugarNestedWindow returns stmt with its conditional event functions'
// inner windows computed in derived tables, where the block's shape allows.
func desugarNestedWindow(stmt string, opts Options) (string, error) {
	if !containsWordFold(stmt, "CONDITIONAL_TRUE_EVENT") && !containsWordFold(stmt, "CONDITIONAL_CHANGE_EVENT") {
		return stmt, nil
	}
	for n := 0; n < nestedWindowMax; n++ {
		p, err := newParser(stmt, opts)
		if err != nil {
			return stmt, nil // the parser reports it
		}
		next, ok := p.nestedWindowBlock()
		if !ok {
			return stmt, nil
		}
		stmt = next
	}
	return stmt, nil
}

// nestedWindowBlock writes the first block holding a conditional event
// function with a window in its argument; false when there is none it can
// write.
func (p *parser) nestedWindowBlock() (string, bool) {
	for i := 0; i+1 < len(p.toks); i++ {
		t := p.toks[i]
		if !(t.IsWord("CONDITIONAL_TRUE_EVENT") || t.IsWord("CONDITIONAL_CHANGE_EVENT")) || !p.toks[i+1].IsOp("(") {
			continue
		}
		argEnd := p.matching(i + 1)
		if argEnd < 0 {
			return "", false
		}
		var overs []int
		for k := i + 2; k < argEnd; k++ {
			if p.toks[k].IsWord("OVER") {
				overs = append(overs, k)
			}
		}
		if len(overs) == 0 {
			continue
		}
		return p.writeNestedWindow(i, overs)
	}
	return "", false
}

// writeNestedWindow writes the block of the conditional function at token
// fn whose argument holds OVER at the indexes overs.
func (p *parser) writeNestedWindow(fn int, overs []int) (string, bool) {
	// The block: from its SELECT to the end of its parenthesis or
	// statement, or a set operator.
	sel, depth := -1, 0
	for k := fn - 1; k >= 0 && sel < 0; k-- {
		switch t := p.toks[k]; {
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth++
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			if depth == 0 {
				return "", false
			}
			depth--
		case depth == 0 && t.IsWord("SELECT"):
			sel = k
		}
	}
	if sel < 0 {
		return "", false
	}
	// The block's top-level clauses.
	from, where, rest, itemStart := -1, -1, len(p.toks), sel+1
	item := [2]int{-1, -1} // the select item holding fn
	depth = 0
	for k := sel + 1; k < len(p.toks) && rest == len(p.toks); k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
			continue
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth == 0 {
				rest = k
			}
			depth--
			continue
		}
		if depth != 0 {
			continue
		}
		switch {
		case t.IsOp(";") || t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS"):
			rest = k
		case t.IsWord("GROUP") || t.IsWord("HAVING") || t.IsWord("WINDOW") || t.IsWord("CONNECT") || t.IsWord("START"):
			return "", false
		case t.IsOp("*") && (p.toks[k-1].IsWord("SELECT") || p.toks[k-1].IsWord("DISTINCT") || p.toks[k-1].IsWord("ALL") ||
			p.toks[k-1].IsOp(",") || p.toks[k-1].IsOp(".")) && from < 0:
			return "", false
		case from < 0 && (t.IsOp(",") || t.IsWord("FROM")):
			if itemStart <= fn && fn < k {
				item = [2]int{itemStart, k - 1}
			}
			itemStart = k + 1
			if t.IsWord("FROM") {
				from = k
			}
		case from >= 0 && where < 0 && t.IsWord("WHERE"):
			where = k
		case from >= 0 && (t.IsWord("QUALIFY") || t.IsWord("ORDER") || t.IsWord("LIMIT") || t.IsWord("OFFSET") || t.IsWord("FETCH")):
			rest = k
		}
	}
	if from < 0 || item[0] < 0 || fn > item[1] {
		return "", false
	}
	// An item without an alias is named by its text (columnName).
	named := item[1]-item[0] >= 2 && (p.toks[item[1]].Kind == sqllex.QuotedIdent || p.toks[item[1]].Kind == sqllex.Word) &&
		(p.toks[item[1]-1].IsWord("AS") || p.toks[item[1]-1].IsOp(")"))
	if named && fn > item[1]-2 {
		return "", false
	}
	// The relation: name [[AS] alias].
	relEnd := rest
	if where >= 0 {
		relEnd = where
	}
	alias, ok := nestedWindowRelation(p.toks[from+1 : relEnd])
	if !ok {
		return "", false
	}
	// The inner windows: each a call (name (args) [IGNORE|RESPECT NULLS])
	// OVER (…), replaced by a helper column.
	type span struct{ a, b int }
	var inner []span
	for _, o := range overs {
		if !p.toks[o+1].IsOp("(") {
			return "", false // a named window
		}
		b := p.matching(o + 1)
		k := o - 1
		if p.toks[k].IsWord("NULLS") {
			k -= 2
		}
		if k < 0 || !p.toks[k].IsOp(")") {
			return "", false
		}
		a := k
		for d := 0; a > fn; a-- {
			if p.toks[a].IsOp(")") {
				d++
			} else if p.toks[a].IsOp("(") {
				if d--; d == 0 {
					break
				}
			}
		}
		if a <= fn+1 || p.toks[a-1].Kind != sqllex.Word {
			return "", false
		}
		a--
		if len(inner) > 0 && a <= inner[len(inner)-1].b {
			return "", false // a window inside another
		}
		inner = append(inner, span{a, b})
	}
	src := func(a, b int) string { return p.src[p.toks[a].Pos : p.toks[b].Pos+len(p.toks[b].Text)] }
	var out, cols strings.Builder
	out.WriteString(p.src[:p.toks[item[0]].Pos])
	last := item[0]
	for n, s := range inner {
		helper := fmt.Sprintf(`"_SF_W%d"`, n+1)
		out.WriteString(p.src[p.toks[last].Pos:p.toks[s.a].Pos])
		out.WriteString(helper)
		fmt.Fprintf(&cols, ", %s AS %s", src(s.a, s.b), helper)
		last = s.b + 1
	}
	out.WriteString(p.src[p.toks[last].Pos : p.toks[item[1]].Pos+len(p.toks[item[1]].Text)])
	if !named {
		out.WriteString(` AS "` + strings.ReplaceAll(p.columnName(item[0], item[1]), `"`, `""`) + `"`)
	}
	out.WriteString(p.src[p.toks[item[1]].Pos+len(p.toks[item[1]].Text) : p.toks[from].Pos])
	inside := src(from+1, relEnd-1)
	if where >= 0 {
		inside = src(from+1, rest-1)
	}
	fmt.Fprintf(&out, "FROM (SELECT *%s FROM %s) AS %s ", cols.String(), inside, alias)
	if rest < len(p.toks) {
		out.WriteString(p.src[p.toks[rest].Pos:])
	}
	return out.String(), true
}

// nestedWindowRelation reads a FROM clause of one named relation, name
// [[AS] alias], and returns the name the block reads it by; false when the
// clause is anything else.
func nestedWindowRelation(rel []tok) (string, bool) {
	isName := func(t tok) bool {
		return t.Kind == sqllex.QuotedIdent || t.Kind == sqllex.Word && !keywords[strings.ToUpper(t.Text)]
	}
	k := 0
	for k < len(rel) && isName(rel[k]) && k+2 < len(rel) && rel[k+1].IsOp(".") {
		k += 2
	}
	if k >= len(rel) || !isName(rel[k]) {
		return "", false
	}
	switch tail := rel[k+1:]; {
	case len(tail) == 0 && k == 0:
		return rel[k].Text, true
	case len(tail) == 1 && isName(tail[0]):
		return tail[0].Text, true
	case len(tail) == 2 && tail[0].IsWord("AS") && isName(tail[1]):
		return tail[1].Text, true
	}
	return "", false // a qualified name without alias, a join, a modifier…
}
