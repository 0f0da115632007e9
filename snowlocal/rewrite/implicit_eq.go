package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The comparisons a construct makes without an operator: a simple CASE
// (`CASE x WHEN v`, x = v: docs, functions/case), NULLIF (NULL "if expr1
// is equal to expr2": functions/nullif), DECODE (its search expressions
// "match" the select expression: functions/decode) and EQUAL_NULL. A text
// compared so with a DATE, TIME, TIMESTAMP_NTZ or TIMESTAMP_LTZ converts
// as it does in `=` (datetime_textcol.go, varchar_unseen_cmp.go): DuckDB
// read '2019/01/02' as a date there too, where Snowflake's AUTO fails.

// eqSide is one side of such a comparison, as `=` would classify it
// (numTextCmp.operand).
type eqSide struct {
	sql    string
	text   bool   // a text whose type the rewriter knows (textOperand)
	dt     string // a date/time type the rewriter knows (dateTimeOperand)
	unseen bool   // a side whose type only DuckDB sees (parser.unseenSide)
	wall   bool   // the session's zone has transitions (wallclock_cmp.go)
}

// eqSideOf classifies the side rendered s, of tokens toks (a subslice of
// p.toks), e the side when it is one operand (nil otherwise). A string
// literal is numTextCall's (numtext.go), as in `=`.
func (p *parser) eqSideOf(s string, toks []tok, e *expr) eqSide {
	side := eqSide{sql: s, wall: p.opts.WallClockZone != ""}
	if len(toks) == 0 {
		return side
	}
	if len(toks) == 1 && (toks[0].Kind == sqllex.String || toks[0].Kind == sqllex.DollarString) {
		return side
	}
	if e != nil {
		side.text = textOperand(*e, toks[0])
		if e.path == nil && dateTimeOperand(e.typ) {
			side.dt = e.typ
		}
	}
	if side.text || side.dt != "" {
		return side
	}
	a := cap(p.toks) - cap(toks)
	if a < 0 || a >= len(p.toks) || &p.toks[a] != &toks[0] {
		return side
	}
	u := expr{sql: s}
	if e != nil {
		u = *e
	}
	side.unseen = p.unseenSide(a, a+len(toks), u, s)
	return side
}

// implicitEq renders sides x and y as `=` renders them (the cases of
// numTextCmp.operand, in the same order); changed is false where neither
// converts, and both are then as given.
func implicitEq(x, y eqSide) (xs, ys string, changed bool) {
	xs, ys, changed = implicitEqText(x, y)
	if x.wall {
		// A TIMESTAMP_NTZ or DATE beside a TIMESTAMP_LTZ (wallclock_cmp.go).
		wx, wy := wallSide(xs, x.dt, x.unseen, y.sql, y.dt, y.unseen), wallSide(ys, y.dt, y.unseen, x.sql, x.dt, x.unseen)
		changed = changed || wx != xs || wy != ys
		xs, ys = wx, wy
	}
	return xs, ys, changed
}

// implicitEqText is implicitEq's conversion of a text beside a date.
func implicitEqText(x, y eqSide) (xs, ys string, changed bool) {
	xs, ys = x.sql, y.sql
	switch {
	case x.text && y.dt != "":
		xs = textAsDateTime(x.sql, y.dt)
	case x.dt != "" && y.text:
		ys = textAsDateTime(y.sql, x.dt)
	case x.dt != "" && y.unseen:
		ys = txtCmp(y.sql, "", x.dt)
	case x.unseen && y.dt != "":
		xs = txtCmp(x.sql, "", y.dt)
	case x.unseen && y.unseen:
		xs, ys = txtCmp(x.sql, y.sql, ""), txtCmp(y.sql, x.sql, "")
	case x.unseen && y.text:
		ys = txtCmp(y.sql, x.sql, "")
	case x.text && y.unseen:
		xs = txtCmp(x.sql, y.sql, "")
	default:
		return xs, ys, false
	}
	return xs, ys, true
}

// argSide classifies call argument a.
func (p *parser) argSide(a arg) eqSide {
	return p.eqSideOf(a.sql, a.toks, a.e)
}

// implicitEqArgs renders call arguments x and y as `=` compares them: a
// string literal or a text beside a number as DECODE's operands
// (numtext.go: decodeOperands), otherwise a text beside a date
// (implicitEq). changed is false where both are as given.
func (p *parser) implicitEqArgs(x, y arg) (xs, ys string, changed bool) {
	xs, ys = decodeOperands(x, y, p.opts.WallClockZone != "")
	if xs != x.sql || ys != y.sql {
		return xs, ys, true
	}
	return implicitEq(p.argSide(x), p.argSide(y))
}

// implicitEqCase rewrites a simple CASE whose operand compared with a WHEN
// value converts (implicitEq) as the searched CASE of those comparisons
// (`CASE WHEN x' = v' THEN …`, the operand written once per WHEN, as a
// simple CASE compares it with each); parts are unchanged where no
// comparison converts. An operand holding a bind, which would be repeated,
// is refused there.
func (p *parser) implicitEqCase(parts []casePart) ([]casePart, error) {
	if len(parts) < 3 || parts[0].result || parts[0].sql == "WHEN" {
		return parts, nil
	}
	opE := parts[0].e
	op := p.eqSideOf(parts[0].sql, parts[0].toks, &opE)
	// The comparisons that do not convert compare as the simple CASE
	// would (numtext.go: numTextCaseOperand, on a copy).
	plain := numTextCaseOperand(append([]casePart(nil), parts...), p.opts.WallClockZone != "")
	var conds []string
	changed := false
	for i := 1; i+1 < len(parts); i++ {
		if parts[i].sql != "WHEN" {
			continue
		}
		w := parts[i+1]
		we := w.e
		xs, ws, ok := implicitEq(op, p.eqSideOf(w.sql, w.toks, &we))
		if !ok {
			xs, ws = plain[0].sql, plain[i+1].sql
		}
		changed = changed || ok
		conds = append(conds, xs+" = "+ws)
	}
	if !changed {
		return parts, nil
	}
	if strings.ContainsAny(op.sql, "?$") && len(parts[0].toks) > 0 {
		return nil, p.unsupported(parts[0].toks[0], "a simple CASE whose operand holds a bind, compared with a text and a date, time or timestamp")
	}
	out := []casePart{}
	k := 0
	for i := 1; i < len(parts); i++ {
		if parts[i].sql == "WHEN" && i+1 < len(parts) {
			out = append(out, parts[i], casePart{sql: conds[k]})
			k++
			i++
			continue
		}
		out = append(out, parts[i])
	}
	return out, nil
}

// implicitEqNullif renders NULLIF(x, y) whose comparison converts a side
// (implicitEq): the value is x's own (functions/nullif: "The data type of
// the returned value is the data type of expr1"), so a converted x is
// compared but not returned. ok is false where nothing converts.
func (p *parser) implicitEqNullif(c *call) (string, bool) {
	if len(c.args) != 2 || c.star || c.args[0].name != "" || c.args[1].name != "" {
		return "", false
	}
	xs, ys, changed := p.implicitEqArgs(c.args[0], c.args[1])
	if !changed {
		return "", false
	}
	if xs == c.args[0].sql {
		return "NULLIF(" + xs + ", " + ys + ")", true
	}
	return "CASE WHEN " + xs + " = " + ys + " THEN NULL ELSE " + c.args[0].sql + " END", true
}
