package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The outer join operator (+) in a WHERE clause
// (https://docs.snowflake.com/en/sql-reference/constructs/where, "Joins in
// the WHERE clause"): `t1.c1 = t2.c2(+)` makes t2 the inner table of a LEFT
// OUTER JOIN with t1, one `(+)` on each join column of the inner table.
// DuckDB has no such operator, so before the statement is parsed a query
// block of the documented form is written with OUTER JOIN keywords in its
// FROM clause, as the docs' equivalent queries do:
//
//	SELECT … FROM t1, t2 WHERE t1.c1 = t2.c2(+) AND t1.x > 0
//	SELECT … FROM t1 LEFT OUTER JOIN t2 ON t1.c1 = t2.c2 WHERE t1.x > 0
//
// The form taken is the one the docs show: a FROM clause that is a comma
// list of tables (with aliases), a WHERE clause that is a conjunction, and
// each `(+)` on one side of an equality between two columns of two of those
// tables. Every other conjunct stays in the WHERE clause, which "operates on
// the rows returned from the join". A table is the inner table of one other
// table at most, and the inner tables join after their outer ones, in the
// FROM clause's order where that allows.
//
// The docs' invalid forms (a predicate with `(+)` on both sides, a table
// outer joined to two tables) are refused with 002040: Snowflake answers
// them with errors whose texts the docs give but whose numbers they do not.
// So is every other place of a `(+)` (an OR, a NOT, a comparison other than
// =, an expression, an unqualified column, a FROM clause with joins or
// subqueries, a reordering of the tables under SELECT *): operators.go
// refuses a `(+)` left in the statement.

// outerJoinPlus rewrites the query blocks of stmt that use (+) in the
// documented form; the statement is returned unchanged when it has none.
func outerJoinPlus(stmt string) (string, error) {
	if !mayHaveMarker(stmt) {
		return stmt, nil
	}
	for range 64 { // one block per round, innermost first
		toks, err := sqllex.TokenizeSignificant(stmt)
		if err != nil {
			return stmt, nil // the parser reports lexing errors
		}
		b := innermostPlusBlock(toks)
		if b == nil {
			return stmt, nil
		}
		repl, err := b.rewrite(stmt)
		if err != nil {
			return "", err
		}
		stmt = stmt[:toks[b.from].Pos] + repl + stmt[end(toks[b.whereEnd-1]):]
	}
	return stmt, nil
}

// mayHaveMarker reports a '+' between '(' and ')' (spaces aside), so that
// statements without one skip the tokenizing.
func mayHaveMarker(s string) bool {
	for i := strings.IndexByte(s, '+'); i >= 0; {
		l := strings.TrimRight(s[:i], " \t\r\n")
		r := strings.TrimLeft(s[i+1:], " \t\r\n")
		if strings.HasSuffix(l, "(") && strings.HasPrefix(r, ")") {
			return true
		}
		k := strings.IndexByte(s[i+1:], '+')
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

func end(t sqllex.Token) int { return t.Pos + len(t.Text) }

func isMarker(toks []sqllex.Token, i int) bool {
	return i+2 < len(toks) && toks[i].IsOp("(") && toks[i+1].IsOp("+") && toks[i+2].IsOp(")")
}

// plusBlock is a query block whose WHERE clause has (+) at its own level.
type plusBlock struct {
	toks                       []sqllex.Token
	depth                      int
	sel, from, where, whereEnd int // token indices: SELECT, FROM, WHERE, the end of the WHERE clause
}

var whereEnders = toSet(`GROUP HAVING QUALIFY ORDER LIMIT OFFSET FETCH WINDOW UNION EXCEPT INTERSECT MINUS`)

// innermostPlusBlock finds the deepest query block with a (+) in its WHERE
// clause (not in a subquery of it).
func innermostPlusBlock(toks []sqllex.Token) *plusBlock {
	depth := make([]int, len(toks))
	d := 0
	for i, t := range toks {
		if t.IsOp(")") || t.IsOp("]") || t.IsOp("}") {
			d--
		}
		depth[i] = d
		if t.IsOp("(") || t.IsOp("[") || t.IsOp("{") {
			d++
		}
	}
	var best *plusBlock
	for s, t := range toks {
		if !t.IsWord("SELECT") {
			continue
		}
		b := &plusBlock{toks: toks, depth: depth[s], sel: s, from: -1, where: -1, whereEnd: len(toks)}
		for j := s + 1; j < len(toks); j++ {
			if depth[j] < b.depth || toks[j].IsOp(";") {
				b.whereEnd = j
				break
			}
			if depth[j] != b.depth || toks[j].Kind != sqllex.Word {
				continue
			}
			w := strings.ToUpper(toks[j].Text)
			switch {
			case w == "SELECT":
			case w == "FROM" && b.from < 0 && b.where < 0:
				b.from = j
			case w == "WHERE" && b.from >= 0 && b.where < 0:
				b.where = j
			case whereEnders[w]:
				if b.where >= 0 {
					b.whereEnd = j
					j = len(toks)
				}
				if w == "UNION" || w == "EXCEPT" || w == "INTERSECT" || w == "MINUS" {
					j = len(toks)
				}
			}
		}
		if b.where < 0 {
			continue
		}
		has := false
		for j := b.where + 1; j < b.whereEnd; j++ {
			if depth[j] == b.depth && isMarker(toks, j) {
				has = true
			}
		}
		if has && (best == nil || b.depth > best.depth) {
			best = b
		}
	}
	return best
}

// fromItem is a table of the FROM list: its text and the name columns
// qualify it with (its alias, or the table name's last part).
type fromItem struct {
	text, ref string
	at        sqllex.Token
}

// plusIdentKey is how an identifier compares: unquoted words upper-cased,
// quoted ones as written.
func plusIdentKey(t sqllex.Token) string {
	if t.Kind == sqllex.QuotedIdent {
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)
	}
	return strings.ToUpper(t.Text)
}

func isIdentTok(t sqllex.Token) bool {
	return t.Kind == sqllex.QuotedIdent || t.Kind == sqllex.Word && !keywords[strings.ToUpper(t.Text)]
}

func plusRefusal(at sqllex.Token, what string) *Error {
	return (&parser{}).unsupported(tok{Token: at}, "the outer join operator (+) "+what)
}

// split cuts tokens [a, b) at the block's level where sep is true.
func (b *plusBlock) split(a, z int, sep func(i int) bool) [][2]int {
	var out [][2]int
	start := a
	d := 0
	for i := a; i < z; i++ {
		t := b.toks[i]
		if d == 0 && sep(i) {
			out = append(out, [2]int{start, i})
			start = i + 1
		}
		if t.IsOp("(") || t.IsOp("[") || t.IsOp("{") {
			d++
		} else if t.IsOp(")") || t.IsOp("]") || t.IsOp("}") {
			d--
		}
	}
	return append(out, [2]int{start, z})
}

func (b *plusBlock) text(src string, r [2]int) string {
	if r[0] >= r[1] {
		return ""
	}
	return src[b.toks[r[0]].Pos:end(b.toks[r[1]-1])]
}

// column is a qualified column of an outer join predicate.
type plusColumn struct {
	item   int  // index of its table in the FROM list
	marked bool // followed by (+)
	text   string
}

// rewrite returns the block's new FROM and WHERE clauses.
func (b *plusBlock) rewrite(src string) (string, error) {
	toks := b.toks
	marker := toks[b.where+1]
	for j := b.where + 1; j < b.whereEnd; j++ {
		if isMarker(toks, j) {
			marker = toks[j]
			break
		}
	}
	if b.from < 0 || b.from+1 >= b.where {
		return "", plusRefusal(marker, "without a FROM list")
	}

	// The FROM list: tables, each [db.][schema.]name [[AS] alias].
	var items []fromItem
	for _, r := range b.split(b.from+1, b.where, func(i int) bool { return toks[i].IsOp(",") }) {
		it := toks[r[0]:r[1]]
		n := 0
		for n < len(it) && isIdentTok(it[n]) {
			if n+1 < len(it) && it[n+1].IsOp(".") {
				n += 2
				continue
			}
			n++
			break
		}
		ref := ""
		if n > 0 {
			ref = plusIdentKey(it[n-1])
		}
		rest := it[n:]
		if len(rest) > 0 && rest[0].IsWord("AS") {
			rest = rest[1:]
		}
		if len(rest) == 1 && isIdentTok(rest[0]) {
			ref, rest = plusIdentKey(rest[0]), nil
		}
		if n == 0 || n > 5 || len(rest) > 0 {
			at := marker
			if len(it) > 0 {
				at = it[0]
			}
			return "", plusRefusal(at, "with a FROM clause other than a list of tables")
		}
		for _, o := range items {
			if o.ref == ref {
				return "", plusRefusal(it[0], "with two tables named "+ref)
			}
		}
		items = append(items, fromItem{text: b.text(src, r), ref: ref, at: it[0]})
	}

	// The WHERE clause: a conjunction (the AND of a BETWEEN is not one).
	between := false
	conjuncts := b.split(b.where+1, b.whereEnd, func(i int) bool {
		t := toks[i]
		switch {
		case t.IsWord("OR"):
			between = false
		case t.IsWord("BETWEEN"):
			between = true
		case t.IsWord("AND") && between:
			between = false
		case t.IsWord("AND"):
			return true
		}
		return false
	})
	for _, r := range conjuncts {
		d := 0
		for i := r[0]; i < r[1]; i++ {
			t := toks[i]
			if t.IsOp("(") {
				d++
			} else if t.IsOp(")") {
				d--
			} else if d == 0 && t.IsWord("OR") {
				return "", plusRefusal(marker, "in a WHERE clause with OR")
			}
		}
	}

	column := func(a, z int) (plusColumn, bool) {
		c := plusColumn{item: -1}
		if z-a == 6 && isMarker(toks, z-3) {
			c.marked = true
			z -= 3
		}
		if z-a != 3 || !isIdentTok(toks[a]) || !toks[a+1].IsOp(".") || !(isIdentTok(toks[a+2]) || toks[a+2].Kind == sqllex.Word) {
			return c, false
		}
		q := plusIdentKey(toks[a])
		for i, it := range items {
			if it.ref == q {
				c.item = i
			}
		}
		c.text = src[toks[a].Pos:end(toks[a+2])]
		return c, c.item >= 0
	}

	outerOf := make([]int, len(items)) // the outer table of each inner table, or -1
	for i := range outerOf {
		outerOf[i] = -1
	}
	conds := make([][]string, len(items)) // ON conditions of each inner table
	var kept []string
	for _, r := range conjuncts {
		mark := -1
		for i := r[0]; i < r[1]; i++ {
			if isMarker(toks, i) {
				mark = i
				break
			}
		}
		if mark < 0 {
			kept = append(kept, b.text(src, r))
			continue
		}
		eq := -1
		for i := r[0]; i < r[1]; i++ {
			if toks[i].IsOp("=") {
				eq = i
				break
			}
		}
		if eq < 0 {
			return "", plusRefusal(toks[mark], "outside an equality of two columns")
		}
		l, lok := column(r[0], eq)
		rr, rok := column(eq+1, r[1])
		if !lok || !rok || l.item == rr.item {
			return "", plusRefusal(toks[mark], "outside an equality of two qualified columns of two tables of the FROM list")
		}
		if l.marked && rr.marked {
			// Snowflake: "Outer join predicates form a cycle between 'T1' and 'T2'."
			return "", plusRefusal(toks[mark], "on both sides of a predicate (Snowflake reports a cycle)")
		}
		inner, outer := rr.item, l.item
		if l.marked {
			inner, outer = l.item, rr.item
		}
		if outerOf[inner] >= 0 && outerOf[inner] != outer {
			// Snowflake: "Table 'T1' is outer joined to multiple tables: 'T3' and 'T2'."
			return "", plusRefusal(toks[mark], "making "+items[inner].ref+" the inner table of two tables (Snowflake reports it outer joined to multiple tables)")
		}
		outerOf[inner] = outer
		conds[inner] = append(conds[inner], l.text+" = "+rr.text)
	}
	for i := range items {
		seen := map[int]bool{}
		for j := i; j >= 0; j = outerOf[j] {
			if seen[j] {
				return "", plusRefusal(items[i].at, "with predicates that form a cycle (Snowflake reports one)")
			}
			seen[j] = true
		}
	}

	// Join order: the FROM list's, each inner table after its outer one.
	var order []int
	done := make([]bool, len(items))
	for len(order) < len(items) {
		for i := range items {
			if !done[i] && (outerOf[i] < 0 || done[outerOf[i]]) {
				done[i] = true
				order = append(order, i)
				break
			}
		}
	}
	for k, i := range order {
		if i != k && b.selectsStar() {
			return "", plusRefusal(items[i].at, "joining the tables in another order than the FROM list's under SELECT *")
		}
	}
	var out strings.Builder
	out.WriteString("FROM ")
	for k, i := range order {
		switch {
		case k == 0:
		case outerOf[i] >= 0:
			out.WriteString(" LEFT OUTER JOIN ")
		default:
			out.WriteString(" CROSS JOIN ")
		}
		out.WriteString(items[i].text)
		if outerOf[i] >= 0 {
			out.WriteString(" ON " + strings.Join(conds[i], " AND "))
		}
	}
	if len(kept) > 0 {
		out.WriteString(" WHERE " + strings.Join(kept, " AND "))
	}
	return out.String(), nil
}

// selectsStar reports a bare * in the block's select list, whose columns
// follow the order of the FROM list.
func (b *plusBlock) selectsStar() bool {
	d := 0
	for i := b.sel + 1; i < b.from; i++ {
		t := b.toks[i]
		switch {
		case t.IsOp("("):
			d++
		case t.IsOp(")"):
			d--
		case d == 0 && t.IsOp("*") && !b.toks[i-1].IsOp("."):
			return true
		}
	}
	return false
}
