package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Columns declared with a collation (docs: collation, "Specifying collation
// for a column"; CREATE TABLE ... COLLATE 'spec'). The column keeps its
// specification in its DuckDB comment (colmeta.go: "|co="), and a value read
// from it carries that collation, as a column-level one: a COLLATE of the
// value outranks it, and two different column-level collations compared
// are Snowflake's error (refused, as collate.go refuses two function-level
// ones). The engine answers a reference to such a column where the
// collated value is used up on the spot, as collate.go does the COLLATE
// function's value:
//
//   - an operand of a comparison, an ORDER BY key, an argument of
//     CONTAINS, STARTSWITH, ENDSWITH, COLLATION, UPPER, LOWER, MIN or MAX
//     (collate.go, collate_calls.go), the first argument of COLLATE;
//   - the value itself, or REVERSE of it ("The collation of the result is
//     the same as the collation of the input": docs, reverse) or LISTAGG
//     of it, as a whole result column of a top-level query that nothing
//     groups, and that no ORDER BY names by its position or an alias;
//   - * of a top-level query so formed.
//
// Any other reference (GROUP BY, DISTINCT, a function, a subquery, a view,
// CTAS, INSERT ... SELECT, a reference the rewriter cannot resolve to a base
// table's column) is refused, as are DESCRIBE, SHOW COLUMNS, GET_DDL and
// INFORMATION_SCHEMA.COLUMNS' COLLATION_NAME of the column (no documented
// output: snowlocal/collation.go). COLLATION of a column declared with no
// collation (or COLLATE '') is NULL (the collation page's collation_demo2).

// collColumnRef is a reference to a column with a collation that
// collOperand takes: tokens [start, end) and the column's specification.
type collColumnRef struct {
	start, end int
	spec       string
}

// collatedName reports whether t names a column with a collation or a
// table having one (Options.CollatedNames).
func (p *parser) collatedName(t tok) bool {
	if len(p.opts.CollatedNames) == 0 || t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
		return false
	}
	return p.opts.CollatedNames[identKey(t)]
}

// columnCollation is the collation specification of the base table column
// parts names (as columnTypes resolves it) and whether the column was found
// with its comments read; spec is "" for a column with none.
func (p *parser) columnCollation(parts []tok) (spec string, known bool) {
	r, col := p.columnRel(parts)
	if r == nil || r.table == "" || r.raw[col] == "" {
		return "", false
	}
	if r.coll == nil {
		metas, ok := p.columnMetas(r.table)
		if !ok {
			return "", false
		}
		r.coll = map[string]string{}
		for k, m := range metas {
			r.coll[strings.ToUpper(k)] = m.Collation
		}
	}
	spec, known = r.coll[col]
	return spec, known
}

// collatedColumnRef checks a reference (parts, just parsed) whose last name
// is in Options.CollatedNames: a column with no collation passes; one with a
// collation passes where it is an operand collOperand takes (recorded in
// p.collRef) or a whole result value (collatedWholeValue); anything else,
// an unresolved reference included, is refused.
func (p *parser) collatedColumnRef(parts []tok) error {
	start := p.i - (2*len(parts) - 1)
	name := parts[len(parts)-1].Text
	spec, known := p.columnCollation(parts)
	switch {
	case known && spec == "":
		return nil
	case !known:
		return p.unsupported(parts[0], "a reference to "+name+", the name of a column with a collation, that the local engine cannot resolve")
	case p.collAllow == start+1:
		p.collRef = &collColumnRef{start: start, end: p.i, spec: spec}
		return nil
	case p.collatedWholeValue(start, p.i-1):
		return nil
	}
	return p.unsupported(parts[0], "column "+name+" with the collation '"+spec+"' in this form")
}

// collatedWholeValue reports whether tokens [a, b] (a column reference)
// are a whole result column of the statement's top-level query, or the one
// argument of REVERSE, or the first of LISTAGG (but DISTINCT), whose call
// is one.
func (p *parser) collatedWholeValue(a, b int) bool {
	if p.collatedResultColumn(a, b, false, true) {
		return true
	}
	if a < 2 || !p.toks[a-1].IsOp("(") || b+1 >= len(p.toks) {
		return false
	}
	fn := p.toks[a-2]
	end := p.enclosingEnd(a - 1)
	if end < 0 {
		return false
	}
	switch {
	case fn.IsWord("REVERSE") && p.toks[b+1].IsOp(")"):
		return p.collatedResultColumn(a-2, end, false, true)
	case fn.IsWord("LISTAGG") && (p.toks[b+1].IsOp(",") || p.toks[b+1].IsOp(")")):
		if end+2 < len(p.toks) && p.toks[end+1].IsWord("WITHIN") && p.toks[end+2].IsWord("GROUP") && end+3 < len(p.toks) && p.toks[end+3].IsOp("(") {
			if end = p.enclosingEnd(end + 3); end < 0 {
				return false
			}
		}
		return p.collatedResultColumn(a-2, end, true, true)
	}
	return false
}

// collatedStars refuses, in a statement naming a table with a collated
// column (Options.CollatedNames), a NATURAL join, a join USING such a
// column, and a * (or t.*) select item unless the item is
// in the select list of the statement's top-level query, one nothing groups
// and no ORDER BY names by position (collatedResultColumn; EXCLUDE, RENAME,
// REPLACE or ILIKE after it too are refused): * passes the columns'
// collated values on.
func (p *parser) collatedStars() error {
	named := false
	for _, t := range p.toks {
		if p.collatedName(t) {
			named = true
			break
		}
	}
	if !named {
		return nil
	}
	for i, t := range p.toks {
		// A join's USING list or NATURAL join compares the columns it
		// names or shares with plain equality in DuckDB.
		if t.IsWord("NATURAL") {
			return unsupportedAt(t.Token, "NATURAL JOIN in a statement reading a table with a collated column")
		}
		if t.IsWord("USING") && i+1 < len(p.toks) && p.toks[i+1].IsOp("(") {
			for j := i + 2; j < len(p.toks) && !p.toks[j].IsOp(")"); j++ {
				if p.collatedName(p.toks[j]) {
					return unsupportedAt(p.toks[j].Token, "JOIN ... USING a column with a collation")
				}
			}
		}
	}
	for i, t := range p.toks {
		if !t.IsOp("*") || i == 0 {
			continue
		}
		prev := p.toks[i-1]
		item := prev.IsWord("SELECT") || prev.IsWord("DISTINCT") || prev.IsWord("ALL") || prev.IsOp(",")
		a := i
		if prev.IsOp(".") && i >= 2 {
			a = i - 2 // t.*
			if b := p.toks[i-2]; a >= 1 {
				pp := p.toks[a-1]
				item = (b.Kind == sqllex.Word || b.Kind == sqllex.QuotedIdent) && (pp.IsWord("SELECT") || pp.IsWord("DISTINCT") || pp.IsOp(","))
			}
		}
		if !item {
			continue
		}
		if !p.collatedResultColumn(a, i, false, true) {
			return unsupportedAt(t.Token, "* of a table with a collated column in this form")
		}
	}
	return nil
}

// orderedByPosition reports whether the statement's top-level ORDER BY has
// an item that is an integer literal (a select item's position).
func (p *parser) orderedByPosition() bool {
	depth := 0
	for i, t := range p.toks {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsWord("BY") && i > 0 && p.toks[i-1].IsWord("ORDER"):
			for j := i + 1; j < len(p.toks); j++ {
				if (j == i+1 || p.toks[j-1].IsOp(",")) && p.toks[j].Kind == sqllex.Number {
					return true
				}
			}
		}
	}
	return false
}

// collatedInsertValue answers, after the opening parenthesis, COLLATE(x,
// 'spec') as a whole value of an INSERT ... VALUES row whose target column
// has that collation: the value stored is x, unchanged ("The string itself
// is unchanged": docs, collate), in a column that gives it the same
// collation (the REVERSE page's INSERT INTO strings ... COLLATE('dzsa',
// 'hu') into a column declared COLLATE 'hu'). ok is false, with nothing
// consumed, for anything else.
func (p *parser) collatedInsertValue(nameAt int) (e expr, ok bool, err error) {
	start := p.i
	restore := func() (expr, bool, error) { p.i = start; return expr{}, false, nil }
	col, ok := p.insertValuesTarget(nameAt)
	if !ok {
		return restore()
	}
	inner, err := p.seq(func(t tok, operand bool) bool { return t.IsOp(",") })
	if err != nil {
		return expr{}, false, err
	}
	if !p.acceptOp(",") {
		return restore()
	}
	specTok := p.next()
	if specTok.Kind != sqllex.String || !p.acceptOp(")") || !(p.isOp(",") || p.isOp(")")) {
		return restore()
	}
	spec := parseCollSpec(snowflakeString(specTok.Text))
	if !spec.valid || col == "" && spec.text != "" || col != "" && parseCollSpec(col).text != spec.text {
		return restore()
	}
	return expr{sql: "_sf_coll_text(" + inner + ")", typ: "VARCHAR"}, true, nil
}

// insertValuesTarget is the collation of the column an INSERT ... VALUES
// row's value starting with the token at i goes to (the value a whole item
// of a row of the statement's own VALUES list); ok is false where that is
// not so or the column is not known.
func (p *parser) insertValuesTarget(i int) (coll string, ok bool) {
	if len(p.toks) < 4 || !p.toks[0].IsWord("INSERT") || !p.toks[1].IsWord("INTO") || i < 1 || !(p.toks[i-1].IsOp("(") || p.toks[i-1].IsOp(",")) {
		return "", false
	}
	// The row's opening parenthesis, and the value's position in the row.
	pos, depth, open := 0, 0, -1
	for k := i - 1; k >= 0 && open < 0; k-- {
		switch t := p.toks[k]; {
		case t.IsOp(")") || t.IsOp("]"):
			depth++
		case t.IsOp("(") || t.IsOp("["):
			if depth == 0 {
				open = k
			}
			depth--
		case depth == 0 && t.IsOp(","):
			pos++
		}
	}
	if open < 2 || !(p.toks[open-1].IsWord("VALUES") || p.toks[open-1].IsOp(",") && p.toks[open-2].IsOp(")")) || p.enclosingEnd(open-1) >= 0 {
		return "", false
	}
	// The table's name, then its column list, up to VALUES.
	k := 2
	var parts []tok
	for k < len(p.toks) && (p.toks[k].Kind == sqllex.Word || p.toks[k].Kind == sqllex.QuotedIdent) && !p.toks[k].IsWord("VALUES") {
		parts = append(parts, p.toks[k])
		if k+1 < len(p.toks) && p.toks[k+1].IsOp(".") {
			k += 2
			continue
		}
		k++
		break
	}
	if len(parts) == 0 || k >= len(p.toks) {
		return "", false
	}
	table := renderName(parts)
	metas, ok := p.columnMetas(table)
	if !ok {
		return "", false
	}
	var target tok
	switch {
	case p.toks[k].IsOp("("):
		names := p.columnList(k+1, p.enclosingEnd(k+1))
		if pos >= len(names) {
			return "", false
		}
		n := 0
		for j := k + 1; j < len(p.toks) && !p.toks[j].IsOp(")"); j += 2 {
			if n == pos {
				target = p.toks[j]
				break
			}
			n++
		}
	case p.toks[k].IsWord("VALUES") && p.opts.ColumnTypes != nil:
		names, _, err := p.opts.ColumnTypes(table, nil)
		if err != nil || pos >= len(names) {
			return "", false
		}
		target = tok{Token: sqllex.Token{Kind: sqllex.QuotedIdent, Text: `"` + strings.ReplaceAll(names[pos], `"`, `""`) + `"`}}
	default:
		return "", false
	}
	if target.Text == "" {
		return "", false
	}
	_, m, found := metaOf(metas, target)
	return m.Collation, found
}
