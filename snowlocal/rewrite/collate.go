package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Collation (https://docs.snowflake.com/en/sql-reference/collation).
//
// The engine answers the COLLATE function and its infix form where a
// collated value is used up on the spot, so that no collation has to be
// carried along an expression:
//
//   - an operand of a comparison (=, <>, !=, <, <=, >, >=, [NOT] BETWEEN)
//     standing alone between lower-precedence boundaries:
//     COLLATE(x, 'upper') = 'ABC', 'm' BETWEEN COLLATE('A', 'lower') AND …;
//   - an ORDER BY item (of a query, a window or WITHIN GROUP): ORDER BY
//     COLLATE(x, 'es') DESC (collate_calls.go);
//   - a simple CASE's operand or WHEN value (collate_case.go), and the
//     operand of COUNT(DISTINCT ...) (collate_count.go);
//   - an argument of CONTAINS, STARTSWITH, ENDSWITH and COLLATION, and of
//     REPLACE as LEN's argument or a whole result column (collate_calls.go);
//   - a whole result column of a top-level query nothing compares, sorts or
//     groups: the collated value itself, UPPER/LOWER/MIN/MAX of it
//     (collate_calls.go).
//
// 'upper' and 'lower' convert both strings before comparing them; 'trim',
// 'ltrim' and 'rtrim' remove leading and/or trailing spaces first; 'utf8'
// (Unicode code point order, the default) changes nothing but takes part in
// precedence; '' is no collation. A locale (one DuckDB's ICU collates, with
// optional cs/ci and, after ci, as/ai) compares ICU sort keys: Snowflake's
// locale collations are ICU's (the page's "Character weights"), cs/as is
// ICU's default tertiary strength, ci "considers only the primary and
// secondary weights" (secondary strength) and ci-ai the primary weights.
// DuckDB's ICU gives every answer the page and the CONTAINS, ENDSWITH and
// COLLATE pages show ('\u0001' = '' and the +/- and ❄ orders under en-ci,
// the width, space and script examples, piñata under es-ai, the es and
// utf8 sort orders). cs-ai (the ICU spelling of which the docs do not
// give), pi/ps, fl/fu, 'bin', a locale with upper/lower and a collated
// value anywhere else (GROUP BY, DISTINCT, other functions, subqueries)
// are refused: Snowflake carries a collation along an expression and
// applies it to every comparison the value meets, which this rewriter does
// not track. A column declared with a collation gives its values one at
// column level, answered in the same places (collate_column.go).
//
// Snowflake's case conversion for 'upper'/'lower' is Unicode's full case
// mapping (the page: U+0390 and U+03B9 U+0308 U+0301 are equal under
// 'upper', ß and SS are equivalent); DuckDB's upper()/lower() map one code
// point to one, so the keys come from sfunc's _SF_GO_CASE_FULL
// (sfunc/case_full.go).

// collSpec is a parsed collation specification.
type collSpec struct {
	written string // as written
	text    string // lower-cased: precedence compares these
	trim    string // "", "trim", "ltrim", "rtrim"
	conv    string // "", "upper", "lower"
	locale  string // an ICU locale (icuLocales), or ""
	ci, ai  bool   // case- and accent-insensitive (with a locale)
	valid   bool   // a specification the engine applies exactly
}

// icuLocales are the locales DuckDB's ICU has collation rules for (its
// pragma_collations() less nocase, noaccent, icu_noaccent and nfc), each
// also in Snowflake's list (https://docs.snowflake.com/en/sql-reference/
// collation-locales). Another locale Snowflake accepts is refused rather
// than collated by rules ICU would pick for it.
var icuLocales = toSet(`af am ar ar_sa as az be bg bn bo br bs ca ceb chr cs cy da de de_at dsb dz ee el en en_us
eo es et fa fa_af ff fi fil fo fr fr_ca ga gl gu ha haw he he_il hi hr hsb hu hy id id_id ig is it ja ka kk kl km kn
ko kok ku ky lb lkt ln lo lt lv mk ml mn mr ms mt my nb nb_no ne nl nn om or pa pa_in pl ps pt ro ru sa se si sk sl
smn sq sr sr_ba sr_me sr_rs sv sw ta te th tk to tr ug uk ur uz vi wae wo xh yi yo yue yue_cn zh zh_cn zh_hk zh_mo
zh_sg zh_tw zu`)

// parseCollSpec reads a specification; valid is false for one the engine
// does not apply exactly.
func parseCollSpec(s string) collSpec {
	c := collSpec{written: s, text: strings.ToLower(s), valid: true}
	if c.text == "" {
		return c
	}
	var cs, as bool
	for i, part := range strings.Split(c.text, "-") {
		switch {
		case part == "utf8":
			if i != 0 {
				c.valid = false // a locale comes first
			}
		case i == 0 && icuLocales[part]:
			c.locale = part
		case part == "upper", part == "lower":
			if c.conv != "" {
				c.valid = false
			}
			c.conv = part
		case part == "trim", part == "ltrim", part == "rtrim":
			if c.trim != "" {
				c.valid = false
			}
			c.trim = part
		case part == "ci", part == "cs":
			if c.ci || cs {
				c.valid = false
			}
			c.ci, cs = part == "ci", part == "cs"
		case part == "ai", part == "as":
			if c.ai || as {
				c.valid = false
			}
			c.ai, as = part == "ai", part == "as"
		default:
			c.valid = false
		}
	}
	if (c.ci || cs || c.ai || as) && c.locale == "" || c.ai && !c.ci || c.locale != "" && c.conv != "" {
		c.valid = false
	}
	return c
}

// icu is the ICU locale ID icu_sort_key collates by: the locale and the
// strength its case- and accent-sensitivity give.
func (c *collSpec) icu() string {
	switch {
	case c.ai:
		return c.locale + "@colStrength=primary"
	case c.ci:
		return c.locale + "@colStrength=secondary"
	}
	return c.locale
}

// collOperand is one operand of a collated comparison: its DuckDB SQL and
// the collation it was given (nil: none).
type collOperand struct {
	sql      string
	spec     *collSpec
	collated bool // given a collation (COLLATE '' too) by this operand's own COLLATE
	// column: spec is the column-level collation of a column the operand
	// reads (collate_column.go); plainColumn: the operand is a base
	// table's column declared with no collation.
	column, plainColumn bool
}

// cmpBefore are the tokens after which an operand starts a comparison of
// its own (nothing of higher precedence binds it on the left).
var cmpBefore = toSet(`SELECT WHERE AND OR NOT ON HAVING WHEN THEN ELSE QUALIFY`)

// cmpAfterStop are the words after a comparison that would bind it into a
// larger expression (or that this parse does not take).
var cmpAfterStop = toSet(`IS NOT LIKE ILIKE RLIKE REGEXP IN BETWEEN COLLATE ESCAPE`)

// collatedComparison rewrites, at an operand position, a comparison one of
// whose operands is collated (see above). ok is false, with nothing
// consumed, when the tokens are not such a comparison: the caller parses
// them as usual (and refuses the COLLATE).
func (p *parser) collatedComparison() (sql string, ok bool, err error) {
	start := p.i
	if !p.hasCollate || !p.collatedAhead() {
		return "", false, nil
	}
	if start > 0 {
		prev := p.toks[start-1]
		if !(prev.IsOp("(") || prev.IsOp(",") || prev.Kind == sqllex.Word && cmpBefore[strings.ToUpper(prev.Text)]) {
			return "", false, nil
		}
	}
	restore := func() (string, bool, error) { p.i = start; return "", false, nil }
	a, ok, err := p.collOperand()
	if err != nil {
		return "", false, err
	}
	if !ok {
		return restore()
	}
	op := p.peek()
	var out string
	collated := a.collated || a.column
	switch {
	case op.Kind == sqllex.Op && (op.Text == "=" || op.Text == "<>" || op.Text == "!=" || op.Text == "<" || op.Text == "<=" || op.Text == ">" || op.Text == ">="):
		p.next()
		b, ok, err := p.collOperand()
		if err != nil {
			return "", false, err
		}
		if !ok {
			return restore()
		}
		collated = collated || b.collated || b.column
		out, err = collCompare(a, op.Text, b)
		if err != nil {
			return "", false, p.unsupported(op, err.Error())
		}
	case op.IsWord("BETWEEN") || op.IsWord("NOT") && p.peekN(1).IsWord("BETWEEN"):
		not := p.accept("NOT")
		p.next()
		x, ok, err := p.collOperand()
		if err != nil {
			return "", false, err
		}
		if !ok || !p.accept("AND") {
			return restore()
		}
		y, ok, err := p.collOperand()
		if err != nil {
			return "", false, err
		}
		if !ok {
			return restore()
		}
		collated = collated || x.collated || y.collated || x.column || y.column
		// A BETWEEN X AND Y is A >= X AND A <= Y, each comparison with
		// its own collation (the BETWEEN page's collation details).
		lo, err := collCompare(a, ">=", x)
		if err != nil {
			return "", false, p.unsupported(op, err.Error())
		}
		hi, err := collCompare(a, "<=", y)
		if err != nil {
			return "", false, p.unsupported(op, err.Error())
		}
		out = "(" + lo + " AND " + hi + ")"
		if not {
			out = "(NOT " + out + ")"
		}
	default:
		return restore()
	}
	if n := p.peek(); !p.eof() && !(n.IsOp(")") || n.IsOp(",") || n.Kind == sqllex.Word && !cmpAfterStop[strings.ToUpper(n.Text)]) {
		return restore()
	}
	if !collated {
		return restore() // no collated operand: the usual parse
	}
	return out, true, nil
}

// collatedAhead reports a COLLATE before the end of the comparison that may
// start here (before the next AND/OR/THEN... at this bracket depth), so the
// common case costs no second parse.
func (p *parser) collatedAhead() bool {
	depth := 0
	for i := p.i; i < len(p.toks); i++ {
		t := p.toks[i]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			if depth--; depth < 0 {
				return false
			}
		case t.IsWord("COLLATE") || p.collatedName(t):
			return true
		case depth == 0 && (t.IsOp(",") || t.IsWord("OR") || t.IsWord("THEN") || t.IsWord("FROM") || t.IsWord("WHERE") ||
			t.IsWord("ELSE") || t.IsWord("WHEN") || t.IsWord("END")):
			return false
		case depth == 0 && t.IsWord("AND") && !(i > p.i && p.collBetweenBefore(i)):
			return false
		}
	}
	return false
}

// collBetweenBefore reports a BETWEEN at the current depth between p.i and
// the AND at i (the AND is BETWEEN's).
func (p *parser) collBetweenBefore(i int) bool {
	depth := 0
	for j := i - 1; j >= p.i; j-- {
		t := p.toks[j]
		switch {
		case t.IsOp(")"):
			depth++
		case t.IsOp("("):
			depth--
		case depth == 0 && t.IsWord("BETWEEN"):
			return true
		case depth == 0 && t.IsWord("AND"):
			return false
		}
	}
	return false
}

// collOperand parses one comparison operand: COLLATE(x, 'spec'), x COLLATE
// 'spec' or a plain operand. ok is false for a shape this parse does not
// take.
func (p *parser) collOperand() (collOperand, bool, error) {
	if p.isWord("COLLATE") && p.peekN(1).IsOp("(") {
		p.i += 2
		innerStart := p.i
		saved := p.collAllow
		p.collAllow, p.collRef = innerStart+1, nil
		inner, err := p.seq(func(t tok, operand bool) bool { return t.IsOp(",") })
		p.collAllow = saved
		if err != nil {
			return collOperand{}, false, err
		}
		if r := p.collRef; r != nil && (r.start != innerStart || r.end != p.i) {
			// A column with a collation inside a larger first argument.
			return collOperand{}, false, p.unsupported(p.toks[r.start], "COLLATE of an expression reading a column with a collation")
		}
		if !p.acceptOp(",") {
			return collOperand{}, false, nil
		}
		spec := p.next()
		if spec.Kind != sqllex.String || !p.acceptOp(")") {
			return collOperand{}, false, nil
		}
		return p.collated(inner, spec)
	}
	if !p.startsTerm() || p.isWord("NOT") {
		return collOperand{}, false, nil
	}
	start := p.i
	saved := p.collAllow
	p.collAllow, p.collRef = start+1, nil
	s, _, err := p.operand()
	p.collAllow = saved
	if err != nil {
		return collOperand{}, false, err
	}
	var colSpec *collSpec
	if r := p.collRef; r != nil {
		if r.start != start || r.end != p.i {
			return collOperand{}, false, nil // the usual parse refuses it
		}
		cs := parseCollSpec(r.spec)
		if !cs.valid {
			return collOperand{}, false, p.unsupported(p.toks[start], "COLLATE '"+r.spec+"'")
		}
		colSpec = &cs
	}
	if p.isWord("COLLATE") {
		p.next()
		spec := p.next()
		if spec.Kind != sqllex.String {
			return collOperand{}, false, nil
		}
		return p.collated(s, spec)
	}
	if p.isOp("::") || p.isOp("||") || p.isOp("+") || p.isOp("-") || p.isOp("*") || p.isOp("/") || p.isOp("%") {
		return collOperand{}, false, nil
	}
	if colSpec != nil {
		return collOperand{sql: s, spec: colSpec, column: true}, true, nil
	}
	return collOperand{sql: s, plainColumn: p.plainTextColumn(start, p.i)}, true, nil
}

// plainTextColumn reports whether tokens [a, b) are a reference to a base
// table's VARCHAR column declared with no collation.
func (p *parser) plainTextColumn(a, b int) bool {
	if len(p.opts.CollatedNames) == 0 || b-a != 1 && b-a != 3 || b-a == 3 && !p.toks[a+1].IsOp(".") {
		return false
	}
	parts := []tok{p.toks[a]}
	if b-a == 3 {
		parts = append(parts, p.toks[a+2])
	}
	for _, t := range parts {
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return false
		}
	}
	if r, col := p.columnRel(parts); r == nil || r.raw[col] != "VARCHAR" {
		return false
	}
	spec, known := p.columnCollation(parts)
	return known && spec == ""
}

// collated is x given the collation spec (a string token); an inner
// operand that is itself collated was parsed by the usual path and refused.
func (p *parser) collated(x string, specTok tok) (collOperand, bool, error) {
	spec := parseCollSpec(snowflakeString(specTok.Text))
	if !spec.valid {
		return collOperand{}, false, p.unsupported(specTok, "COLLATE "+specTok.Text)
	}
	if spec.text == "" {
		return collOperand{sql: x, collated: true}, true, nil // '': no collation
	}
	return collOperand{sql: x, spec: &spec, collated: true}, true, nil
}

// errCollations names two collations of the same precedence that differ:
// Snowflake fails the comparison (002322, Incompatible collations), in an
// operand order its docs do not give.
type errCollations struct{ a, b string }

func (e errCollations) Error() string {
	return "comparison of the incompatible collations '" + e.a + "' and '" + e.b + "'"
}

// collPick is the collation precedence gives two operands (function level
// beats column level, which beats none; two different collations of one
// level are Snowflake's error); nil is none. COLLATE ” (no collation at
// function level) against a column's collation is refused: the docs do
// not say which wins.
func collPick(a, b collOperand) (*collSpec, error) {
	switch {
	case a.collated && !b.collated:
		if a.spec == nil && b.spec != nil {
			return nil, errNoCollation{b.spec.text}
		}
		return a.spec, nil
	case b.collated && !a.collated:
		if b.spec == nil && a.spec != nil {
			return nil, errNoCollation{a.spec.text}
		}
		return b.spec, nil
	}
	if a.spec != nil && b.spec != nil && a.spec.text != b.spec.text {
		return nil, errCollations{a.spec.text, b.spec.text}
	}
	if a.spec != nil {
		return a.spec, nil
	}
	return b.spec, nil
}

// errNoCollation: COLLATE ” compared with a column's collation.
type errNoCollation struct{ spec string }

func (e errNoCollation) Error() string {
	return "comparison of COLLATE '' with a column with the collation '" + e.spec + "'"
}

// collCompare renders a op b under the collation precedence gives them.
func collCompare(a collOperand, op string, b collOperand) (string, error) {
	spec, err := collPick(a, b)
	if err != nil {
		return "", err
	}
	if op == "!=" {
		op = "<>"
	}
	if spec == nil {
		spec = &collSpec{} // COLLATE '': text compared as text
	}
	return "(" + collKey(a.sql, spec) + " " + op + " " + collKey(b.sql, spec) + ")", nil
}

// collKey is the DuckDB expression x compares as under spec. A non-text
// operand is refused (Snowflake's conversions around a collation are not
// documented).
func collKey(x string, spec *collSpec) string {
	k := "_sf_coll_text(" + x + ")"
	switch spec.trim {
	case "trim":
		k = "trim(" + k + ", ' ')"
	case "ltrim":
		k = "ltrim(" + k + ", ' ')"
	case "rtrim":
		k = "rtrim(" + k + ", ' ')"
	}
	if spec.conv != "" {
		k = "_sf_go_case_full(" + k + ", " + sqlString(spec.conv) + ")"
	}
	if spec.locale != "" {
		k = "icu_sort_key(" + k + ", " + sqlString(spec.icu()) + ")"
	}
	return k
}
