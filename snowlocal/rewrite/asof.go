package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// ASOF JOIN (https://docs.snowflake.com/en/sql-reference/constructs/asof-join).
//
//	FROM l ASOF JOIN r MATCH_CONDITION (l.t <op> r.t) [ON l.c = r.c [AND …] | USING (c, …)]
//
// For each left row the join picks the one right row that is closest by the
// match condition among those of equal ON columns, and null-pads the right
// columns when there is none: DuckDB's ASOF LEFT JOIN with the same
// inequality (>=, >, <=, <) and equalities. Ties in the right table are
// answered by one of the tying rows, which the docs call non-deterministic.
//
// What the page shows as errors is answered with its errors (010001,
// 010002, 010004, 010010); what it does not settle — a match condition over
// anything but a column of a DATE, TIME, timestamp or NUMBER type, columns
// of different kinds, a column the rewriter cannot place on one side,
// expressions in the ON clause, a right-hand table function — is refused.

const (
	asofMatchOperatorMsg = "SQL compilation error:\nMATCH_CONDITION clause is invalid: Only comparison operators '>=', '>', '<=' and '<' are allowed. Keywords such as AND and OR are not allowed."
	asofMatchSidesMsg    = "SQL compilation error:\nMATCH_CONDITION clause is invalid: The left side allows only column references from the left side table, and the right side allows only column references from the right side table."
	asofLateralMsg       = "SQL compilation error:\nASOF JOIN is not supported for joins with LATERAL table functions or LATERAL views."
	asofOnMsg            = "SQL compilation error:\nON clause for ASOF JOIN must contain conjunctions of equality conditions only. Disjunctions are not allowed. Each side of an equality condition must only refer to either the left table or the right table. %s is invalid."
)

// asofRight checks the right-hand relation of an ASOF JOIN, starting at
// token start, before it is rewritten.
func (p *parser) asofRight(start int) error {
	t := p.toks[start]
	switch {
	case t.IsWord("LATERAL"):
		return &Error{Code: "010004", Line: t.Line, Col: t.Col, Message: asofLateralMsg}
	case t.IsWord("TABLE") && start+1 < len(p.toks) && p.toks[start+1].IsOp("("):
		return p.unsupported(t, "ASOF JOIN with a table function")
	}
	return nil
}

// asofCondition reads an ASOF JOIN's MATCH_CONDITION and its optional ON or
// USING clause after its right relation, the k-th item of the FROM list,
// and renders DuckDB's ON condition.
func (p *parser) asofCondition(k int) (string, error) {
	mc := p.peek()
	if !mc.IsWord("MATCH_CONDITION") || !p.peekN(1).IsOp("(") {
		return "", p.unexpected(mc)
	}
	p.i += 2
	open := p.i - 1
	closeAt := p.matching(open)
	if closeAt < 0 {
		return "", p.unexpected(p.peek())
	}
	match, err := p.asofMatch(k, open+1, closeAt)
	if err != nil {
		return "", err
	}
	p.i = closeAt + 1

	var eqs []string
	switch {
	case p.isWord("ON"):
		onAt := p.next()
		end := p.conditionEnd(p.i)
		if err := p.asofCheckOn(k, onAt, p.i, end); err != nil {
			return "", err
		}
		cond, err := p.seq(fromStop)
		if err != nil {
			return "", err
		}
		eqs = append(eqs, "("+cond+")")
	case p.isWord("USING"):
		usingAt := p.next()
		from := p.i
		cols, err := p.identList()
		if err != nil {
			return "", err
		}
		sql, err := p.asofUsing(k, usingAt, p.toks[from:p.i], len(cols))
		if err != nil {
			return "", err
		}
		eqs = append(eqs, sql...)
	}
	return strings.Join(append(eqs, match), " AND "), nil
}

// unparen drops the parentheses around the whole of tokens a to b
// (exclusive), as often as they are written.
func (p *parser) unparen(a, b int) (int, int) {
	for a < b && p.toks[a].IsOp("(") && p.matching(a) == b-1 {
		a, b = a+1, b-1
	}
	return a, b
}

// conditionEnd is the index after an ON condition starting at i (where
// fromStop ends it at depth 0).
func (p *parser) conditionEnd(i int) int {
	depth := 0
	for j := i; j < len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			if depth == 0 {
				return j
			}
			depth--
		case depth == 0 && (t.IsOp(";") || fromStop(t, true)):
			return j
		}
	}
	return len(p.toks)
}

var asofOperators = map[string]bool{">=": true, ">": true, "<=": true, "<": true}

// asofMatch renders the match condition between tokens a and b (exclusive).
func (p *parser) asofMatch(k, a, b int) (string, error) {
	op := -1
	depth := 0
	for j := a; j < b; j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth > 0:
		case t.IsWord("AND") || t.IsWord("OR") || t.IsWord("NOT") || t.IsWord("BETWEEN"):
			return "", &Error{Code: "010001", Line: t.Line, Col: t.Col, Message: asofMatchOperatorMsg}
		case t.Kind == sqllex.Op && (asofOperators[t.Text] || t.Text == "=" || t.Text == "!=" || t.Text == "<>" || t.Text == "=="):
			if op >= 0 || !asofOperators[t.Text] {
				return "", &Error{Code: "010001", Line: t.Line, Col: t.Col, Message: asofMatchOperatorMsg}
			}
			op = j
		}
	}
	if op < 0 {
		return "", &Error{Code: "010001", Line: p.toks[a].Line, Col: p.toks[a].Col, Message: asofMatchOperatorMsg}
	}
	left, lok := columnParts(p.toks[a:op])
	right, rok := columnParts(p.toks[op+1 : b])
	if !lok || !rok {
		return "", p.unsupported(p.toks[a], "ASOF JOIN's MATCH_CONDITION comparing an expression (the docs name columns)")
	}
	ls, lt, lknown := p.asofSide(k, left)
	rs, rt, rknown := p.asofSide(k, right)
	if !lknown || !rknown {
		return "", p.unsupported(p.toks[a], "ASOF JOIN's MATCH_CONDITION on a column whose table the local engine cannot tell")
	}
	if ls == 1 || rs == 0 {
		return "", &Error{Code: "010002", Line: p.toks[a].Line, Col: p.toks[a].Col, Message: asofMatchSidesMsg}
	}
	lsql, rsql := renderName(left), renderName(right)
	if ls == 0 && rs == 1 {
		lk, rk := asofKind(lt), asofKind(rt)
		if lk == "" || rk == "" || lk != rk {
			return "", p.unsupported(p.toks[a], "ASOF JOIN's MATCH_CONDITION on columns of types "+describeDuck(lt)+" and "+describeDuck(rt))
		}
		if lk == "tz" {
			// TIMESTAMP_TZ values compare by instant (tz.go).
			lsql = "struct_extract(" + lsql + ", 'sf_tz_utc')"
			rsql = "struct_extract(" + rsql + ", 'sf_tz_utc')"
		}
	}
	// A column no relation of the join has: DuckDB names it in its error.
	return lsql + " " + p.toks[op].Text + " " + rsql, nil
}

// columnParts returns the name parts of a column reference (name, or
// qualifier.name with up to three qualifiers).
func columnParts(toks []tok) ([]tok, bool) {
	if len(toks) == 0 || len(toks)%2 == 0 || len(toks) > 7 {
		return nil, false
	}
	var parts []tok
	for i, t := range toks {
		if i%2 == 1 {
			if !t.IsOp(".") {
				return nil, false
			}
			continue
		}
		if t.Kind != sqllex.QuotedIdent && (t.Kind != sqllex.Word || keywords[strings.ToUpper(t.Text)]) {
			return nil, false
		}
		parts = append(parts, t)
	}
	return parts, true
}

// asofSide places the column reference parts on the left (0) or right (1)
// side of the ASOF JOIN whose right relation is the k-th FROM item of the
// current scope, with its DuckDB type ("" when unknown); side -1 when no
// relation of the join has it (or more than one: ambiguous), which DuckDB
// reports. known is false when the scope cannot tell.
func (p *parser) asofSide(k int, parts []tok) (side int, duck string, known bool) {
	sc := p.scope
	if sc == nil || sc.unknown || len(sc.rels) <= k {
		return 0, "", false
	}
	col := identKey(parts[len(parts)-1])
	if len(parts) >= 2 {
		q := identKey(parts[len(parts)-2])
		side = -1
		for i, r := range sc.rels[:k+1] {
			if r.name != q {
				continue
			}
			if side != -1 {
				return -1, "", true
			}
			if i < k {
				side = 0
			} else {
				side = 1
			}
			r.load(p)
			if !r.failed && !r.dup[col] {
				duck = r.raw[col]
			}
		}
		return side, duck, true
	}
	side = -1
	found := 0
	for i, r := range sc.rels[:k+1] {
		r.load(p)
		if r.failed {
			return 0, "", false
		}
		if _, ok := r.cols[col]; ok {
			found++
			duck = r.raw[col]
			side = 0
			if i == k {
				side = 1
			}
		}
	}
	if found != 1 {
		return -1, "", true
	}
	return side, duck, true
}

// asofKind is the class of a match condition column's DuckDB type whose
// comparison the docs describe: "" for any other.
func asofKind(duck string) string {
	switch {
	case duck == "DATE", duck == "TIME":
		return strings.ToLower(duck)
	case duck == "TIMESTAMP", duck == "TIMESTAMP_NS", duck == "TIMESTAMP_MS", duck == "TIMESTAMP_S":
		return "ntz"
	case duck == "TIMESTAMP WITH TIME ZONE", duck == "TIMESTAMPTZ":
		return "ltz"
	case strings.HasPrefix(duck, "STRUCT(") && strings.Contains(duck, "sf_tz_utc"):
		return "tz"
	case duck == "BIGINT", duck == "INTEGER", duck == "SMALLINT", duck == "TINYINT", duck == "HUGEINT",
		strings.HasPrefix(duck, "DECIMAL("):
		return "number"
	}
	return ""
}

func describeDuck(duck string) string {
	if duck == "" {
		return "unknown to the local engine"
	}
	return duck
}

// asofCheckOn checks an ASOF JOIN's ON condition, tokens a to b
// (exclusive): conjunctions of equalities between a column of each side.
func (p *parser) asofCheckOn(k int, onAt tok, a, b int) error {
	a, b = p.unparen(a, b) // ON(l.c1=r.c1 and l.c2=r.c2)
	var conj [][2]int
	depth, from := 0, a
	for j := a; j < b; j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsWord("AND"):
			conj = append(conj, [2]int{from, j})
			from = j + 1
		}
	}
	conj = append(conj, [2]int{from, b})
	for _, c := range conj {
		x, y := p.unparen(c[0], c[1])
		if x >= y {
			return p.unexpected(onAt)
		}
		if msg, bad := p.asofBadConjunct(x, y); bad {
			t := p.toks[x]
			return &Error{Code: "010010", Line: t.Line, Col: t.Col, Message: strings.Replace(asofOnMsg, "%s", msg, 1)}
		}
		eq := -1
		for j := x; j < y; j++ {
			if p.toks[j].IsOp("=") {
				eq = j
				break
			}
		}
		l, lok := columnParts(p.toks[x:eq])
		r, rok := columnParts(p.toks[eq+1 : y])
		if !lok || !rok {
			return p.unsupported(p.toks[x], "ASOF JOIN's ON condition comparing an expression (the docs name columns)")
		}
		ls, _, lknown := p.asofSide(k, l)
		rs, _, rknown := p.asofSide(k, r)
		if !lknown || !rknown {
			return p.unsupported(p.toks[x], "ASOF JOIN's ON condition on a column whose table the local engine cannot tell")
		}
		if ls >= 0 && rs >= 0 && ls == rs {
			return &Error{Code: "010010", Line: p.toks[x].Line, Col: p.toks[x].Col,
				Message: strings.Replace(asofOnMsg, "%s", p.asofRender(x, y), 1)}
		}
	}
	return nil
}

// asofBadConjunct reports a conjunct (tokens x to y) that is not one
// equality: an OR of conditions, or another comparison. msg renders it as
// Snowflake's error does: upper-cased, the OR's operands parenthesized.
func (p *parser) asofBadConjunct(x, y int) (string, bool) {
	depth := 0
	var ors []int
	eqs, others := 0, 0
	for j := x; j < y; j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth > 0:
		case t.IsWord("OR"):
			ors = append(ors, j)
		case t.IsOp("="):
			eqs++
		case t.Kind == sqllex.Op && (asofOperators[t.Text] || t.Text == "!=" || t.Text == "<>"),
			t.IsWord("NOT") || t.IsWord("LIKE") || t.IsWord("ILIKE") || t.IsWord("IN") || t.IsWord("BETWEEN") || t.IsWord("IS"):
			others++
		}
	}
	if len(ors) > 0 {
		var parts []string
		from := x
		for _, o := range append(ors, y) {
			a, b := p.unparen(from, o)
			parts = append(parts, "("+p.asofRender(a, b)+")")
			from = o + 1
		}
		return strings.Join(parts, " OR "), true
	}
	if eqs != 1 || others > 0 {
		return p.asofRender(x, y), true
	}
	return "", false
}

// asofRender writes tokens a to b (exclusive) as Snowflake's messages print
// a condition: names upper-cased (quoted ones as written), one space around
// each comparison operator, none around dots.
func (p *parser) asofRender(a, b int) string {
	var s strings.Builder
	for j := a; j < b; j++ {
		t := p.toks[j]
		op := t.Kind == sqllex.Op && (asofOperators[t.Text] || t.Text == "=" || t.Text == "!=" || t.Text == "<>")
		switch {
		case op:
			s.WriteString(" " + t.Text + " ")
			continue
		case t.IsOp(".") || t.IsOp("(") || t.IsOp(")"):
		case j > a && !p.toks[j-1].IsOp(".") && !p.toks[j-1].IsOp("(") &&
			!(p.toks[j-1].Kind == sqllex.Op && (asofOperators[p.toks[j-1].Text] || p.toks[j-1].Text == "=")):
			s.WriteByte(' ')
		}
		switch t.Kind {
		case sqllex.QuotedIdent, sqllex.String, sqllex.Number:
			s.WriteString(t.Text)
		default:
			s.WriteString(strings.ToUpper(t.Text))
		}
	}
	return s.String()
}

// asofUsing renders USING (cols) as equalities between the left relation
// that has each column and the right one. Snowflake projects a USING column
// once; DuckDB's ON keeps both, so a query naming such a column without a
// qualifier, or selecting *, is refused.
func (p *parser) asofUsing(k int, usingAt tok, list []tok, n int) ([]string, error) {
	sc := p.scope
	if sc == nil || sc.unknown || len(sc.rels) <= k {
		return nil, p.unsupported(usingAt, "ASOF JOIN … USING over relations whose columns the local engine cannot tell")
	}
	names := map[string]bool{}
	var out []string
	for _, t := range list {
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			continue
		}
		col := identKey(t)
		names[col] = true
		left := ""
		for _, r := range sc.rels[:k] {
			r.load(p)
			if r.failed {
				return nil, p.unsupported(usingAt, "ASOF JOIN … USING over relations whose columns the local engine cannot tell")
			}
			if _, ok := r.cols[col]; ok {
				if left != "" {
					return nil, p.unsupported(usingAt, "ASOF JOIN … USING a column of more than one left relation")
				}
				left = r.name
			}
		}
		right := sc.rels[k]
		right.load(p)
		if left == "" || right.failed {
			return nil, p.unsupported(usingAt, "ASOF JOIN … USING a column the local engine cannot find on both sides")
		}
		c := identSQL(t)
		out = append(out, quoteIdent(left)+"."+c+" = "+quoteIdent(right.name)+"."+c)
	}
	// Every mention of a USING column without a qualifier, and a bare *,
	// would mean something else in DuckDB.
	for j, t := range p.toks {
		prevDot := j > 0 && p.toks[j-1].IsOp(".")
		nextDot := j+1 < len(p.toks) && p.toks[j+1].IsOp(".")
		inList := len(list) > 0 && t.Pos >= list[0].Pos && t.Pos <= list[len(list)-1].Pos
		if inList || prevDot || nextDot {
			continue
		}
		if (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && names[identKey(t)] {
			return nil, p.unsupported(t, "a USING column of an ASOF JOIN named without its table")
		}
		if t.IsOp("*") && j > 0 && (p.toks[j-1].IsWord("SELECT") || p.toks[j-1].IsWord("DISTINCT") || p.toks[j-1].IsOp(",")) {
			return nil, p.unsupported(t, "SELECT * over an ASOF JOIN … USING")
		}
	}
	return out, nil
}
