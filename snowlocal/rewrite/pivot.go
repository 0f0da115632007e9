package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// pivot rewrites "<relation> PIVOT (agg(col) [AS a] FOR vcol IN (v [AS x], ...))"
// to DuckDB's PIVOT with Snowflake's output column names: a value's column
// is named by the value as a literal ('2023_Q1'), or by its alias; an
// aggregate alias is appended ('2023_Q1_TOTAL'). Dynamic pivots (IN (ANY
// ORDER BY ...) or a subquery) read their values ahead (pivot_dynamic.go);
// DEFAULT ON NULL (expr) replaces the pivot columns' NULLs with expr.
//
// table names the relation where it is a base table: the aggregate's
// operand then has the column's type, which types the aggregate (a SUM of a
// NUMBER(p,s) is a NUMBER(p + 12, s): types_agg.go).
func (p *parser) pivot(rel string, table []tok) (string, error) {
	atIndex := p.i
	at := p.next() // PIVOT
	if err := p.expectOp("("); err != nil {
		return "", err
	}
	saved := p.scope
	if table != nil && p.opts.ColumnTypes != nil {
		p.scope = &scope{rels: []*scopeRel{p.tableRel(table, tok{})}, aliases: map[string]bool{}}
	}
	p.pvt = true
	agg, err := p.seq(func(t tok, _ bool) bool { return t.IsWord("FOR") || t.IsWord("AS") })
	p.pvt = false
	p.scope = saved
	if err != nil {
		return "", err
	}
	aggAlias := ""
	if p.accept("AS") {
		a := p.next()
		if a.Kind != sqllex.Word && a.Kind != sqllex.QuotedIdent {
			return "", p.unexpected(a)
		}
		aggAlias = identName(a)
	}
	if err := p.expectWord("FOR"); err != nil {
		return "", err
	}
	colStart := p.i
	col, err := p.seq(func(t tok, _ bool) bool { return t.IsWord("IN") })
	if err != nil {
		return "", err
	}
	colSrc := p.text(colStart, p.i-1)
	if err := p.expectWord("IN"); err != nil {
		return "", err
	}
	if err := p.expectOp("("); err != nil {
		return "", err
	}
	var items []string
	dynamic := p.isWord("ANY") || p.isWord("SELECT") || p.isWord("WITH")
	if dynamic {
		// Dynamic pivot: the values are read ahead (pivot_dynamic.go).
		src := pivotSource{at: atIndex, table: table, col: colSrc}
		if items, err = p.dynamicPivotItems(at, rel, col, aggAlias, src); err != nil {
			return "", err
		}
	}
	for !dynamic {
		v := p.next()
		neg := ""
		if v.IsOp("-") {
			neg, v = "-", p.next()
		}
		var name string
		switch v.Kind {
		case sqllex.String:
			name = v.Text
		case sqllex.Number:
			name = neg + v.Text
		default:
			return "", p.unsupported(v, "PIVOT value "+v.Text+" (only literal values are supported)")
		}
		if aggAlias != "" {
			if v.Kind == sqllex.String {
				name = name[:len(name)-1] + "_" + aggAlias + "'"
			} else {
				name += "_" + aggAlias
			}
		}
		if p.accept("AS") || p.peek().Kind == sqllex.Word || p.peek().Kind == sqllex.QuotedIdent {
			a := p.next()
			if a.Kind != sqllex.Word && a.Kind != sqllex.QuotedIdent {
				return "", p.unexpected(a)
			}
			name = identName(a)
		}
		items = append(items, neg+v.Text+" AS "+quoteIdent(name))
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return "", err
	}
	star := "*"
	colSQL := func(n string) string { return n }
	if t := p.pivotCast[atIndex]; t != "" {
		// A set operation's fold of pivots (pivot_setops.go).
		colSQL = func(n string) string { return "CAST(" + n + " AS " + t + ")" }
		var repl []string
		for _, it := range items {
			n := it[strings.LastIndex(it, " AS ")+4:]
			repl = append(repl, colSQL(n)+" AS "+n)
		}
		star = "* REPLACE (" + strings.Join(repl, ", ") + ")"
	}
	if p.accept("DEFAULT") {
		// DEFAULT ON NULL (expr): each pivot column's NULL is expr.
		if err := p.expectWord("ON"); err != nil {
			return "", err
		}
		if err := p.expectWord("NULL"); err != nil {
			return "", err
		}
		if err := p.expectOp("("); err != nil {
			return "", err
		}
		d, err := p.seq(nil)
		if err != nil {
			return "", err
		}
		if err := p.expectOp(")"); err != nil {
			return "", err
		}
		var repl []string
		for _, it := range items {
			i := strings.LastIndex(it, " AS ")
			if i < 0 {
				return "", p.unsupported(at, "PIVOT ... DEFAULT ON NULL")
			}
			n := it[i+4:]
			repl = append(repl, colSQL("COALESCE("+n+", "+d+")")+" AS "+n)
		}
		star = "* REPLACE (" + strings.Join(repl, ", ") + ")"
	}
	if err := p.expectOp(")"); err != nil {
		return "", err
	}
	alias, err := p.alias()
	if err != nil {
		return "", err
	}
	if alias == "" {
		alias = " AS _sf_pivot"
	}
	if err := p.pivotNameClash(at, atIndex, rel, table, colSrc, agg, items); err != nil {
		return "", err
	}
	p.pivotCols = p.pivotCols[:0]
	for _, it := range items {
		n := it[strings.LastIndex(it, " AS ")+4:]
		p.pivotCols = append(p.pivotCols, strings.ReplaceAll(n[1:len(n)-1], `""`, `"`))
	}
	pivoted := rel + " PIVOT (" + agg + " FOR " + col + " IN (" + strings.Join(items, ", ") + "))"
	if star != "*" {
		pivoted = "(SELECT * FROM " + pivoted + ")"
	}
	return "(SELECT " + star + " FROM " + pivoted + ")" + alias, nil
}

// readsPivotColumns reports whether the statement, outside its tokens
// [a, b) (the pivots), selects a star or names one of cols, or a name
// DuckDB would give one of them when it repeats ("'2023_Q1'_1"): where
// neither, a repeated column name is never seen (pivotChain).
func (p *parser) readsPivotColumns(a, b int, cols []string) bool {
	for k, t := range p.toks {
		if k >= a && k < b {
			continue
		}
		if t.IsOp("*") && k > 0 {
			switch prev := p.toks[k-1]; {
			case prev.IsWord("SELECT") || prev.IsWord("DISTINCT") || prev.IsWord("ALL") || prev.IsOp(",") || prev.IsOp(".") || prev.IsOp("{"):
				return true
			case prev.IsOp("(") && !(k > 1 && p.toks[k-2].IsWord("COUNT")):
				return true
			}
		}
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			continue
		}
		name := identName(t)
		for _, c := range cols {
			if strings.EqualFold(name, c) || len(name) > len(c) && strings.EqualFold(name[:len(c)+1], c+"_") {
				return true
			}
		}
	}
	return false
}

// identName is an identifier's resolved name: unquoted upper-cased.
func identName(t tok) string {
	if t.Kind == sqllex.QuotedIdent {
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)
	}
	return strings.ToUpper(t.Text)
}

// unpivot rewrites "<relation> UNPIVOT [INCLUDE|EXCLUDE NULLS] (value FOR
// name IN (col [AS alias], ...))" to DuckDB's UNPIVOT; the name column holds
// each column's (or alias's) resolved name, as Snowflake fills it.
func (p *parser) unpivot(rel string) (string, error) {
	p.next() // UNPIVOT
	nulls := ""
	if p.accept("INCLUDE") {
		if err := p.expectWord("NULLS"); err != nil {
			return "", err
		}
		nulls = " INCLUDE NULLS"
	} else if p.accept("EXCLUDE") {
		if err := p.expectWord("NULLS"); err != nil {
			return "", err
		}
	}
	if err := p.expectOp("("); err != nil {
		return "", err
	}
	ident := func() (tok, error) {
		t := p.next()
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return t, p.unexpected(t)
		}
		return t, nil
	}
	value, err := ident()
	if err != nil {
		return "", err
	}
	if err := p.expectWord("FOR"); err != nil {
		return "", err
	}
	name, err := ident()
	if err != nil {
		return "", err
	}
	if err := p.expectWord("IN"); err != nil {
		return "", err
	}
	if err := p.expectOp("("); err != nil {
		return "", err
	}
	var items []string
	for {
		col, err := ident()
		if err != nil {
			return "", err
		}
		label := identName(col)
		if p.accept("AS") || p.peek().Kind == sqllex.Word || p.peek().Kind == sqllex.QuotedIdent {
			a, err := ident()
			if err != nil {
				return "", err
			}
			label = identName(a)
		}
		items = append(items, renderName([]tok{col})+" AS "+sqlString(label))
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return "", err
	}
	if err := p.expectOp(")"); err != nil {
		return "", err
	}
	alias, err := p.alias()
	if err != nil {
		return "", err
	}
	if alias == "" {
		alias = " AS _sf_unpivot"
	}
	return "(SELECT * FROM " + rel + " UNPIVOT" + nulls + " (" + renderName([]tok{value}) + " FOR " + renderName([]tok{name}) +
		" IN (" + strings.Join(items, ", ") + ")))" + alias, nil
}

// pivotNameClash refuses a PIVOT whose pivot column (its alias or value
// name) has the name of a column the pivot keeps: DuckDB renames the repeat
// (Q1 beside Q1_1), a name no Snowflake source gives. A column the
// aggregate reads or the FOR column is not kept. The input's columns are a
// base table's (Options.ColumnTypes), or those DuckDB describes for a
// derived table or CTE; input whose columns cannot be read is refused.
func (p *parser) pivotNameClash(at tok, atIndex int, rel string, table []tok, forCol, agg string, items []string) error {
	if p.pivotChained {
		return nil // a PIVOT of a PIVOT's result, read by position only (query.go)
	}
	names, ok := p.pivotInputColumns(atIndex, rel, table)
	if !ok {
		return p.unsupported(at, "PIVOT of an input whose columns the local engine cannot read ahead")
	}
	used := map[string]bool{}
	toks, err := sqllex.Tokenize(forCol + " " + agg)
	if err != nil {
		return p.unsupported(at, "PIVOT of an input whose columns the local engine cannot read ahead")
	}
	for _, t := range toks {
		if t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent {
			used[identKey(tok{Token: t})] = true
		}
	}
	kept := map[string]bool{}
	for _, n := range names {
		if !used[strings.ToUpper(n)] {
			kept[strings.ToUpper(n)] = true
		}
	}
	for _, it := range items {
		n := it[strings.LastIndex(it, " AS ")+4:]
		n = strings.ReplaceAll(n[1:len(n)-1], `""`, `"`)
		if kept[strings.ToUpper(n)] {
			return p.unsupported(at, "PIVOT column "+n+" named as a column the pivot keeps (DuckDB would rename one)")
		}
	}
	return nil
}

// pivotInputColumns names the columns of a PIVOT's input rel: a base
// table's from the catalog, a CTE's or a derived table's as DuckDB
// describes the query (with the CTEs the pivot sees).
func (p *parser) pivotInputColumns(atIndex int, rel string, table []tok) ([]string, bool) {
	cte := len(table) == 1 && p.cteNames()[identKey(table[0])]
	if table != nil && !cte && p.opts.ColumnTypes != nil {
		if names, _, err := p.opts.ColumnTypes(renderName(table), nil); err == nil {
			return names, true
		}
	}
	if p.opts.PivotValues == nil {
		return nil, false
	}
	query := "SELECT * FROM " + rel
	if cte {
		with, ok := p.pivotCTEs(atIndex, identKey(table[0]))
		if !ok {
			return nil, false
		}
		q, err := p.pivotValuesQuery(with + " SELECT * FROM " + identSQL(table[0]))
		if err != nil {
			return nil, false
		}
		query = q
	} else if table != nil {
		return nil, false
	}
	names, err := p.opts.PivotValues("SELECT column_name FROM (DESCRIBE (" + query + "))")
	return names, err == nil
}
