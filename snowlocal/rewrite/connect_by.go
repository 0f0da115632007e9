package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Hierarchical queries (docs: CONNECT BY). A query block
//
//	SELECT items FROM rel [alias] START WITH pred CONNECT BY col = PRIOR col [AND ...] [WHERE w] rest
//
// (CONNECT BY is a subclause of the FROM clause; START WITH and CONNECT BY
// may come in either order)
//
// is written as the recursive CTE the docs compare it with, before the
// statement is rewritten:
//
//	SELECT items' FROM (WITH RECURSIVE "_SF_CB" AS (
//	    SELECT alias.*, 1 AS "_SF_LEVEL", <roots>, <paths> FROM rel alias WHERE pred
//	    UNION ALL
//	    SELECT alias.*, level + 1, parent roots, parent paths || sep || col
//	      FROM rel alias JOIN "_SF_CB" AS "_SF_P" ON col = "_SF_P".col ...)
//	  SELECT * FROM "_SF_CB") AS alias WHERE w rest
//
// The docs' order of evaluation holds: the hierarchy is built first, and
// the WHERE clause's filters apply after it. LEVEL is the level (1 at the
// top), CONNECT_BY_ROOT col the top row's col, SYS_CONNECT_BY_PATH(col,
// sep) the values from the top down, each after sep (" -> President ->
// Vice President HR"); UNION ALL keeps a row reached along two paths twice,
// as the docs' parts explosion shows. What the docs do not pin is refused
// (002040): joins in the FROM clause, a data source other than a named
// table or view, conditions other than equalities of columns with one
// PRIOR each, PRIOR elsewhere, a missing START WITH, SYS_CONNECT_BY_PATH
// of a NULL value, and a hierarchy deeper than maxConnectByLevel (a cycle,
// which Snowflake follows until the statement times out).

// maxConnectByLevel bounds a hierarchy's depth: deeper, the statement is
// refused rather than looping on a cycle.
const maxConnectByLevel = 300

// connectByNames are the helper columns a hierarchical block adds.
const (
	cbLevel  = `"_SF_LEVEL"`
	cbCTE    = `"_SF_CB"`
	cbParent = `"_SF_P"`
)

// desugarConnectBy returns stmt with its first hierarchical query block
// (and, by recursion, the others) written as a recursive CTE; changed is
// false when stmt has none.
func desugarConnectBy(stmt string, opts Options) (out string, changed bool, err error) {
	if !containsWordFold(stmt, "CONNECT") {
		return stmt, false, nil // the common case, without tokenizing again
	}
	for n := 0; ; n++ {
		p, err := newParser(stmt, opts)
		if err != nil {
			return "", false, err
		}
		done := true
		for i := 0; i+1 < len(p.toks); i++ {
			if !p.toks[i].IsWord("CONNECT") || !p.toks[i+1].IsWord("BY") {
				continue
			}
			if n > 8 {
				return "", false, p.unsupported(p.toks[i], "more than 8 hierarchical (CONNECT BY) query blocks in one statement")
			}
			next, err := p.connectByBlock(i)
			if err != nil {
				return "", false, err
			}
			stmt, done = next, false
			break
		}
		if done {
			return stmt, n > 0, nil
		}
	}
}

// containsWordFold reports whether s holds w (upper-case ASCII) in any
// case, without allocating.
func containsWordFold(s, w string) bool {
	for i := 0; i+len(w) <= len(s); i++ {
		j := 0
		for j < len(w) && (s[i+j] == w[j] || s[i+j] == w[j]+'a'-'A') {
			j++
		}
		if j == len(w) {
			return true
		}
	}
	return false
}

// connectByBlock rewrites the query block holding the CONNECT BY at token
// at and returns the whole statement's new text.
func (p *parser) connectByBlock(at int) (string, error) {
	depth := make([]int, len(p.toks)+1) // depth[i]: brackets open before token i
	for i, t := range p.toks {
		depth[i+1] = depth[i]
		if t.IsOp("(") {
			depth[i+1]++
		} else if t.IsOp(")") {
			depth[i+1]--
		}
	}
	d := depth[at]
	refuse := func(i int, what string) error {
		return p.unsupported(p.toks[i], what+" in a hierarchical (CONNECT BY) query")
	}
	sel := -1
	for j := at - 1; j >= 0 && depth[j] >= d; j-- {
		if depth[j] == d && p.toks[j].IsWord("SELECT") {
			sel = j
			break
		}
	}
	if sel < 0 {
		return "", refuse(at, "CONNECT BY outside a SELECT")
	}
	end := len(p.toks)
	for j := at; j < len(p.toks); j++ {
		t := p.toks[j]
		if depth[j] < d || depth[j] == d && (t.IsOp(")") || t.IsOp(";") || t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("MINUS") || t.IsWord("INTERSECT")) {
			end = j
			break
		}
	}
	// The block's clauses at its own depth.
	from, where, start, connect, rest := -1, -1, -1, -1, end
	for j := sel + 1; j < end; j++ {
		if depth[j] != d {
			continue
		}
		t := p.toks[j]
		switch {
		case t.IsWord("FROM") && from < 0:
			from = j
		case from < 0:
		case t.IsWord("WHERE") && where < 0:
			where = j
		case t.IsWord("START") && p.toks[j+1].IsWord("WITH") && start < 0:
			start = j
		case t.IsWord("CONNECT") && p.toks[j+1].IsWord("BY") && connect < 0:
			connect = j
		case t.IsWord("GROUP") || t.IsWord("HAVING") || t.IsWord("QUALIFY") || t.IsWord("ORDER") ||
			t.IsWord("LIMIT") || t.IsWord("FETCH") || t.IsWord("OFFSET") || t.IsWord("WINDOW"):
			if j < rest {
				rest = j
			}
		}
		if rest < end {
			break
		}
	}
	switch {
	case from < 0:
		return "", refuse(at, "a block without FROM")
	case connect < 0:
		return "", refuse(at, "START WITH without CONNECT BY")
	case start < 0:
		return "", refuse(connect, "CONNECT BY without START WITH")
	}
	// Each clause runs to the next one.
	marks := []int{from, where, start, connect, rest}
	clauseEnd := func(c int) int {
		e := rest
		for _, m := range marks {
			if m > c && m < e {
				e = m
			}
		}
		return e
	}
	if where > 0 && (where < start || where < connect) {
		// CONNECT BY is a subclause of the FROM clause (docs): a WHERE
		// ahead of it is Oracle's order, which the docs do not show.
		return "", refuse(where, "WHERE before START WITH / CONNECT BY")
	}

	// The data source: one named table or view, with an optional alias.
	relEnd := clauseEnd(from)
	var nameToks []tok
	j := from + 1
	for ; j < relEnd; j += 2 {
		t := p.toks[j]
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return "", refuse(j, "a data source other than a table or view")
		}
		nameToks = append(nameToks, t)
		if j+1 >= relEnd || !p.toks[j+1].IsOp(".") {
			j++
			break
		}
	}
	if len(nameToks) == 0 || keywords[strings.ToUpper(nameToks[0].Text)] && nameToks[0].Kind == sqllex.Word {
		return "", refuse(from, "a data source other than a table or view")
	}
	alias := nameToks[len(nameToks)-1]
	if j < relEnd && p.toks[j].IsWord("AS") {
		j++
	}
	if j < relEnd {
		a := p.toks[j]
		if a.Kind != sqllex.Word && a.Kind != sqllex.QuotedIdent || keywords[strings.ToUpper(a.Text)] && a.Kind == sqllex.Word {
			return "", refuse(j, "a join or a data source other than a table or view")
		}
		alias = a
		j++
	}
	if j != relEnd {
		return "", refuse(j, "a join or a data source other than a table or view")
	}
	relText := p.text(from+1, relEnd-1)
	aliasSQL := quoteIdent(snowflakeName(alias))
	aliasKey := identKey(alias)

	// The table's own LEVEL column would meet the pseudo-column.
	if p.opts.ColumnTypes != nil {
		names, _, err := p.opts.ColumnTypes(nameString(nameToks), nil)
		if err != nil {
			return "", refuse(from+1, "a data source whose columns are unknown")
		}
		for _, n := range names {
			if strings.EqualFold(n, "LEVEL") {
				return "", refuse(from+1, "a table with a column named LEVEL")
			}
		}
	}

	// colRef reads a column reference, bare or qualified by the alias, at
	// i; it returns the column's SQL text and the index after it.
	colRef := func(i, stop int) (string, int, bool) {
		if i >= stop {
			return "", i, false
		}
		t := p.toks[i]
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return "", i, false
		}
		if i+2 < stop && p.toks[i+1].IsOp(".") {
			if identKey(t) != aliasKey {
				return "", i, false
			}
			i += 2
			t = p.toks[i]
			if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
				return "", i, false
			}
		}
		if t.Kind == sqllex.Word && keywords[strings.ToUpper(t.Text)] {
			return "", i, false
		}
		return t.Text, i + 1, true
	}

	// CONNECT BY: [PRIOR] col = [PRIOR] col, joined by AND or commas.
	var on []string
	cEnd := clauseEnd(connect)
	for i := connect + 2; i < cEnd; {
		leftPrior := p.toks[i].IsWord("PRIOR")
		if leftPrior {
			i++
		}
		l, ni, ok := colRef(i, cEnd)
		if !ok || ni >= cEnd || !p.toks[ni].IsOp("=") {
			return "", refuse(i, "a CONNECT BY condition other than an equality of columns")
		}
		i = ni + 1
		rightPrior := i < cEnd && p.toks[i].IsWord("PRIOR")
		if rightPrior {
			i++
		}
		r, ni, ok := colRef(i, cEnd)
		if !ok {
			return "", refuse(i, "a CONNECT BY condition other than an equality of columns")
		}
		if leftPrior == rightPrior {
			return "", refuse(i, "a CONNECT BY equality without exactly one PRIOR")
		}
		if leftPrior {
			l, r = r, l
		}
		on = append(on, aliasSQL+"."+l+" = "+cbParent+"."+r)
		i = ni
		if i < cEnd {
			if !p.toks[i].IsWord("AND") && !p.toks[i].IsOp(",") {
				return "", refuse(i, "a CONNECT BY condition other than an equality of columns")
			}
			i++
		}
	}
	if len(on) == 0 {
		return "", refuse(connect, "an empty CONNECT BY")
	}

	// The pseudo-columns and functions, in the items, WHERE and the rest.
	var anchorCols, stepCols, helpers []string
	var subErr error
	subst := func(a, b int) string { // tokens a..b-1 with the pseudo-columns replaced
		var s strings.Builder
		last := a
		flush := func(upto int) {
			if upto > last {
				s.WriteString(p.src[p.toks[last].Pos : p.toks[upto-1].Pos+len(p.toks[upto-1].Text)])
			}
		}
		for i := a; i < b; i++ {
			t := p.toks[i]
			prevDot := i > 0 && p.toks[i-1].IsOp(".")
			var repl string
			next := i + 1
			switch {
			case t.IsWord("PRIOR"):
				subErr = refuse(i, "PRIOR outside CONNECT BY")
				return ""
			case t.IsWord("LEVEL") && !prevDot && !(i+1 < b && p.toks[i+1].IsOp("(")) && !(i > 0 && p.toks[i-1].IsWord("AS")): // not an alias
				repl = aliasSQL + "." + cbLevel
			case t.IsWord("CONNECT_BY_ROOT") && !prevDot:
				c, ni, ok := colRef(i+1, b)
				if !ok {
					subErr = refuse(i, "CONNECT_BY_ROOT of an expression other than a column")
					return ""
				}
				h := fmt.Sprintf(`"_SF_ROOT_%d"`, len(helpers))
				helpers = append(helpers, h)
				anchorCols = append(anchorCols, aliasSQL+"."+c+" AS "+h)
				stepCols = append(stepCols, cbParent+"."+h)
				repl, next = aliasSQL+"."+h, ni
			case t.IsWord("SYS_CONNECT_BY_PATH") && !prevDot && i+1 < b && p.toks[i+1].IsOp("("):
				c, ni, ok := colRef(i+2, b)
				if !ok || ni+2 >= b || !p.toks[ni].IsOp(",") || p.toks[ni+1].Kind != sqllex.String || !p.toks[ni+2].IsOp(")") {
					subErr = refuse(i, "SYS_CONNECT_BY_PATH of other than a column and a string literal")
					return ""
				}
				sep := p.toks[ni+1].Text
				h := fmt.Sprintf(`"_SF_PATH_%d"`, len(helpers))
				helpers = append(helpers, h)
				anchorCols = append(anchorCols, fmt.Sprintf("_SF_CB_PATH('', %s || %s.%s) AS %s", sep, aliasSQL, c, h))
				stepCols = append(stepCols, fmt.Sprintf("_SF_CB_PATH(%s.%s, %s || %s.%s)", cbParent, h, sep, aliasSQL, c))
				repl, next = aliasSQL+"."+h, ni+3
			default:
				continue
			}
			flush(i)
			if i > a && (p.toks[i-1].Pos+len(p.toks[i-1].Text) < t.Pos) {
				s.WriteString(" ")
			}
			s.WriteString(repl)
			if next < b && p.toks[next].Pos > p.toks[next-1].Pos+len(p.toks[next-1].Text) {
				s.WriteString(" ")
			}
			last = next
			i = next - 1
		}
		flush(b)
		return s.String()
	}

	// Items, one by one: a bare star drops the helper columns, an
	// unaliased item that changed keeps its written name.
	var items []string
	itemsStart := sel + 1
	for itemsStart < from && (p.toks[itemsStart].IsWord("DISTINCT") || p.toks[itemsStart].IsWord("ALL")) {
		itemsStart++
	}
	var stars []int
	for a := itemsStart; a < from; {
		b := a
		for b < from && !(depth[b] == d && p.toks[b].IsOp(",")) {
			b++
		}
		if b == a {
			return "", p.unexpected(p.toks[a])
		}
		n := len(helpers)
		text := subst(a, b)
		if subErr != nil {
			return "", subErr
		}
		isStar := p.toks[b-1].IsOp("*") && (b-a == 1 || b-a == 3 && p.toks[a+1].IsOp("."))
		if isStar {
			stars = append(stars, len(items))
		} else {
			for k := a; k < b; k++ {
				if p.toks[k].IsOp("*") && (k == a || p.toks[k-1].IsOp(".")) {
					return "", refuse(k, "a star with modifiers")
				}
			}
		}
		if !isStar && (len(helpers) > n || text != p.text(a, b-1)) && !hasItemAlias(p, a, b) {
			text += " AS " + quoteIdent(p.columnName(a, b-1))
		}
		items = append(items, text)
		a = b + 1
	}
	whereText := ""
	if where > 0 {
		whereText = " WHERE " + subst(where+1, clauseEnd(where))
		if subErr != nil {
			return "", subErr
		}
	}
	restText := ""
	if rest < end {
		restText = " " + subst(rest, end)
		if subErr != nil {
			return "", subErr
		}
	}
	startText := subst(start+2, clauseEnd(start))
	if subErr != nil {
		return "", subErr
	}
	if startText != p.text(start+2, clauseEnd(start)-1) {
		// The anchor rows have no parent to read these from.
		return "", refuse(start, "LEVEL, CONNECT_BY_ROOT or SYS_CONNECT_BY_PATH in START WITH")
	}
	excl := append([]string{cbLevel}, helpers...)
	for _, k := range stars {
		items[k] += " EXCLUDE (" + strings.Join(excl, ", ") + ")"
	}

	head := p.text(sel, itemsStart-1)
	var b strings.Builder
	b.WriteString(head + " " + strings.Join(items, ", "))
	fmt.Fprintf(&b, " FROM (WITH RECURSIVE %s AS (SELECT %s.*, 1 AS %s", cbCTE, aliasSQL, cbLevel)
	for _, c := range anchorCols {
		b.WriteString(", " + c)
	}
	fmt.Fprintf(&b, " FROM %s WHERE %s UNION ALL SELECT %s.*, _SF_CB_LEVEL(%s.%s + 1)", relText, startText, aliasSQL, cbParent, cbLevel)
	for _, c := range stepCols {
		b.WriteString(", " + c)
	}
	fmt.Fprintf(&b, " FROM %s JOIN %s AS %s ON %s) SELECT * FROM %s) AS %s", relText, cbCTE, cbParent, strings.Join(on, " AND "), cbCTE, aliasSQL)
	b.WriteString(whereText + restText)
	prefix := p.src[:p.toks[sel].Pos]
	suffix := ""
	if end < len(p.toks) {
		suffix = " " + p.src[p.toks[end].Pos:]
	}
	return prefix + b.String() + suffix, nil
}

// hasItemAlias reports whether the select item at tokens a..b-1 ends in an
// alias (`expr AS name` or `expr name`).
func hasItemAlias(p *parser, a, b int) bool {
	if b-a < 2 {
		return false
	}
	last, prev := p.toks[b-1], p.toks[b-2]
	if last.Kind != sqllex.Word && last.Kind != sqllex.QuotedIdent {
		return false
	}
	if prev.IsWord("AS") {
		return true
	}
	if prev.IsWord("CONNECT_BY_ROOT") || prev.IsOp(".") || prev.Kind == sqllex.Op && !prev.IsOp(")") {
		return false
	}
	return !(last.Kind == sqllex.Word && keywords[strings.ToUpper(last.Text)])
}

func init() {
	// The result table (funcs_results.go): SYS_CONNECT_BY_PATH returns a
	// text ("returns a string that contains the path"), LEVEL a number.
	functionResults["_SF_CB_PATH"], functionResults["_SF_CB_LEVEL"] = "VARCHAR", "NUMBER"
	registerFuncs(map[string]funcHandler{
		// _SF_CB_PATH(prefix, piece): a SYS_CONNECT_BY_PATH step written by
		// desugarConnectBy; a NULL piece (a NULL value: its text in the
		// path is not documented) is refused when met.
		"_SF_CB_PATH": func(p *parser, c *call) (expr, error) {
			if !p.connectBy || len(c.args) != 2 {
				return expr{}, p.unknownFunction(c)
			}
			return expr{sql: fmt.Sprintf("CASE WHEN (%[2]s) IS NULL THEN error('Unsupported feature ''SYS_CONNECT_BY_PATH of a NULL value'': the local engine does not implement it.') ELSE CAST(%[1]s AS VARCHAR) || (%[2]s) END", c.args[0].str(), c.args[1].str())}, nil
		},
		// _SF_CB_LEVEL(level): a hierarchy's next level, refused past
		// maxConnectByLevel (a cycle).
		"_SF_CB_LEVEL": func(p *parser, c *call) (expr, error) {
			if !p.connectBy || len(c.args) != 1 {
				return expr{}, p.unknownFunction(c)
			}
			return expr{sql: fmt.Sprintf("CASE WHEN (%[1]s) > %[2]d THEN error('Unsupported feature ''CONNECT BY deeper than %[2]d levels (a cycle?)'': the local engine does not implement it.') ELSE (%[1]s) END", c.args[0].sql, maxConnectByLevel)}, nil
		},
	})
}
