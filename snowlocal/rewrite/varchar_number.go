package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A text that is not a literal (a VARCHAR column, UPPER(s), s || 'x')
// compared with a number. Snowflake reads the text as a number (docs: Data
// type conversion; "a string is read as the number … it is compared with",
// the independent, live-verified reference mlorek/frostlake
// docs/operators.md), but neither says at which scale: as the other
// operand's type, as the NUMBER(18,5) text reads as in arithmetic (that
// reference), or exactly. DuckDB casts the text to the other operand's type,
// rounding '17.5' to 18 against an INTEGER. The readings agree where the
// text's fraction, without trailing zeros, fits min(scale, 5) digits of the
// number's scale (integer text against an INTEGER: the common case of
// digits kept as text); elsewhere (a fraction beyond that, an exponent) the
// comparison is refused per value, at run time.
//
// (DuckDB refuses to bind a VARCHAR against a number in < <= > >= and
// BETWEEN, and a VARCHAR column against a number literal: those fail with
// 002020, no answer.)
//
// The rewriter does not know a column's type, so each side of a comparison
// (= != <> < > <= >=, [NOT] IN lists) that is not a literal is written
// _SF_TXTNUM(side, other side): DuckDB folds typeof() as it binds the
// macro, so where the side is not a VARCHAR or the other not an integer or
// a DECIMAL the macro is the side itself, at no cost per row (a join keeps
// its hash join).
func init() {
	prelude = append(prelude,
		// The scale a text compared with a value of DuckDB type t is exact
		// at whatever the reading: NULL where t is no integer or DECIMAL.
		`CREATE OR REPLACE TEMP MACRO _SF_TXTNUM_SCALE_T(t) AS CASE
		WHEN regexp_full_match(t, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 0
		WHEN starts_with(t, 'DECIMAL(') THEN least(_SF_DEC_SCALE_T(t), 5) END`,
		// Whether text x reads as a number whose fraction needs more than s
		// digits, or has an exponent. (A cheap test first: most texts
		// compared with numbers are digits.)
		`CREATE OR REPLACE TEMP MACRO _SF_TXTNUM_BAD(x, s) AS (contains(x, '.') OR contains(x, 'e') OR contains(x, 'E'))
		AND regexp_full_match(x, '\s*[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?\s*')
		AND (regexp_matches(x, '[eE]') OR length(rtrim(regexp_extract(x, '[.]([0-9]*)', 1), '0')) > s)`,
		// (A text DuckDB would read as a hexadecimal, binary or octal
		// number or with underscores is not recognized: numcast.go.)
		`CREATE OR REPLACE TEMP MACRO _SF_TXTNUM(x, n) AS CASE
		WHEN typeof(x) = 'VARCHAR' AND _SF_TXTNUM_SCALE_T(typeof(n)) IS NOT NULL AND regexp_matches(CAST(x AS VARCHAR), '[_xXbBoO]')
		THEN error('Numeric value ''' || CAST(x AS VARCHAR) || ''' is not recognized')
		WHEN typeof(x) = 'VARCHAR' AND _SF_TXTNUM_SCALE_T(typeof(n)) IS NOT NULL AND _SF_TXTNUM_BAD(CAST(x AS VARCHAR), _SF_TXTNUM_SCALE_T(typeof(n)))
		THEN error('Unsupported feature: a text with a fraction or an exponent compared with an integer, or with a NUMBER of a smaller scale (the docs do not say at which scale Snowflake reads the text: ' || CAST(x AS VARCHAR) || '), in the local engine.')
		ELSE x END`,
	)
}

// textNumCmp follows the comparisons of a seq (expr.go) and wraps their
// sides in _SF_TXTNUM once a comparison's right side is complete.
type textNumCmp struct {
	exprStart int  // where the current expression (since the last boundary) begins in b, or -1
	boundary  bool // a boundary came last: the next operand starts an expression
	pending   bool // a comparison's sides are being read
	leftStart int  // the pending comparison's left side in b
	leftText  string
	opText    string // the left side and what follows it up to the right side
	rightAt   int    // where the right side begins in b, or -1
	inLeft    [2]int // x of x [NOT] IN (list): its start and end in b, or -1
	inText    string // x as written there (numtext.go may rewrite a literal x)
	order     bool   // the pending comparison is < <= > >=
	// The static types of the current expression's operands ("" unknown)
	// and how many it has; a side that is one operand of a known type
	// other than VARCHAR is no text.
	exprTyp, leftTyp, rightTyp string
	exprN, leftN, rightN       int
}

func newTextNumCmp() textNumCmp {
	return textNumCmp{exprStart: -1, boundary: true, rightAt: -1, inLeft: [2]int{-1, -1}}
}

// operandAt is called with the start in b of each operand the seq wrote,
// and its static type ("" unknown).
func (c *textNumCmp) operandAt(start int, typ string) {
	if c.boundary {
		c.exprStart, c.boundary = start, false
		c.exprTyp, c.exprN = typ, 0
	}
	c.exprN++
	if c.pending && c.rightAt < 0 {
		c.rightAt = start
		c.rightTyp, c.rightN = typ, 0
	}
	if c.pending {
		c.rightN++
	}
}

// knownNotText reports whether a side of n operands, the first of type
// typ, is certainly not a VARCHAR.
func knownNotText(typ string, n int) bool {
	return n == 1 && typ != "" && typ != "VARCHAR" && typ != "JSON"
}

// knownNotNumber reports whether a side is certainly not a number.
func knownNotNumber(typ string, n int) bool {
	if n != 1 {
		return false
	}
	switch typ {
	case "VARCHAR", "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE", "BOOLEAN", "BLOB", tzDuck:
		return true
	}
	return false
}

// other is called with each token that is not an operand, before it is
// written; after says whether an operand came just before it.
func (c *textNumCmp) other(b *strings.Builder, t tok, after bool, next tok) {
	switch {
	case t.Kind == sqllex.Op && (t.Text == "+" || t.Text == "-" || t.Text == "*" || t.Text == "/" || t.Text == "%" || t.Text == "||"):
		return // within an expression
	case after && isComparison(t) && !c.pending && c.exprStart >= 0 && !next.IsWord("ANY") && !next.IsWord("ALL") && !next.IsWord("SOME"):
		c.pending, c.leftStart, c.rightAt = true, c.exprStart, -1
		c.leftText = b.String()[c.exprStart:]
		c.order = t.Text == "<" || t.Text == ">" || t.Text == "<=" || t.Text == ">="
		c.leftTyp, c.leftN = c.exprTyp, c.exprN
		c.boundary = true
		return
	case after && (t.IsWord("IN") || t.IsWord("NOT") && next.IsWord("IN")) && c.exprStart >= 0:
		c.finish(b)
		c.inLeft = [2]int{c.exprStart, b.Len()}
		c.inText = b.String()[c.exprStart:]
		c.boundary = true
		return
	case t.IsWord("IN") && c.inLeft[0] >= 0:
		return // NOT IN
	}
	c.finish(b)
	c.boundary = true
}

// finish wraps the pending comparison's sides, if both are complete.
func (c *textNumCmp) finish(b *strings.Builder) {
	if !c.pending {
		return
	}
	c.pending = false
	full := b.String()
	if c.rightAt < 0 || c.rightAt > len(full) || !strings.HasPrefix(full[c.leftStart:], c.leftText) {
		return
	}
	left := strings.TrimSpace(c.leftText)
	between := full[c.leftStart+len(c.leftText) : c.rightAt]
	right := strings.TrimSpace(full[c.rightAt:])
	wrap := textNumWrap
	if c.order {
		// < <= > >=: only a side beside a number literal is read as a
		// number (varchar_number_order.go); two other sides (a time
		// range on a table) keep their filter pushdown, DuckDB refusing
		// a text against a number among them.
		if textNumSide(left) == textNumSide(right) {
			return
		}
		wrap = textNumOrdWrap
	}
	// A side that is a number literal is no text, but the witness of the
	// other side's type (`v = 18`).
	wl, wr := textNumSide(left), textNumSide(right)
	if !wl && !wr || !wl && !numberLiteral(left) || !wr && !numberLiteral(right) {
		return
	}
	// A side known not to be text needs no guard, nor one compared with a
	// side known not to be a number.
	wl = wl && !knownNotText(c.leftTyp, c.leftN) && !knownNotNumber(c.rightTyp, c.rightN)
	wr = wr && !knownNotText(c.rightTyp, c.rightN) && !knownNotNumber(c.leftTyp, c.leftN)
	if !wl && !wr {
		return
	}
	l, r := left, right
	if wl {
		l = wrap(left, right)
	}
	if wr {
		r = wrap(right, left)
	}
	left, right = l, r
	b.Reset()
	b.WriteString(full[:c.leftStart] + left + strings.TrimRight(between, " ") + " " + right)
}

// inList wraps x of x [NOT] IN list and the list's elements that are not
// literals; list is the rendered list, written next.
func (c *textNumCmp) inList(b *strings.Builder, list string) string {
	at := c.inLeft
	c.inLeft = [2]int{-1, -1}
	if at[0] < 0 {
		return list
	}
	full := b.String()
	if at[1] > len(full) || full[at[0]:at[1]] != c.inText {
		return list
	}
	x := strings.TrimSpace(full[at[0]:at[1]])
	elems, ok := splitList(list)
	if !ok || len(elems) == 0 || !textNumSide(x) {
		return list
	}
	if u := strings.ToUpper(strings.TrimLeft(elems[0], " (")); strings.HasPrefix(u, "SELECT") || strings.HasPrefix(u, "WITH") {
		return list
	}
	witness := ""
	for i, e := range elems {
		k := literalKind(e)
		if k == "row" || k == "null" || len(e) > 300 || strings.Contains(strings.ToUpper(e), "SELECT") || txtCmpWrapped(e) {
			continue
		}
		if witness == "" && (k == "" || !strings.HasPrefix(strings.TrimSpace(e), "'")) {
			witness = e
		}
		if k == "" {
			elems[i] = textNumWrap(e, x)
		}
	}
	if witness != "" {
		b.Reset()
		b.WriteString(full[:at[0]] + textNumWrap(x, witness) + full[at[1]:])
	}
	return "(" + strings.Join(elems, ", ") + ")"
}

// textNumSide reports whether the rendered side of a comparison is worth
// wrapping: not a literal (a string literal is numtext.go's, a number or
// NULL is no text), not a subquery or a bind, and short enough to repeat.
func textNumSide(s string) bool {
	// (A bind, ? or $n, is not repeated: that would change the binds'
	// count or order.)
	if txtCmpWrapped(s) {
		return false // (varchar_unseen_cmp.go: the wrap checks it)
	}
	if inlineWitness(s) {
		return true // (numtext.go; textNumWrap binds it once)
	}
	if s == "" || len(s) > 300 || strings.Contains(strings.ToUpper(s), "SELECT") || strings.HasPrefix(s, "_SF_NUMTEXT") ||
		strings.ContainsAny(s, "?$") {
		return false
	}
	switch literalKind(s) {
	case "lit", "null":
		return false
	}
	return true
}

// numberLiteral reports whether the rendered s is a number literal.
func numberLiteral(s string) bool {
	return literalKind(s) == "lit" && !strings.HasPrefix(s, "'") && !strings.EqualFold(s, "TRUE") && !strings.EqualFold(s, "FALSE")
}

// textNumWrap renders _SF_TXTNUM(x, n). A scalar subquery x, or one too
// long to repeat (inlineWitness), is bound once
// by a lambda (the macro names x several times; DuckDB still folds
// typeof() of the lambda's parameter as it binds): `18 = (SELECT '17.5')`
// was TRUE, DuckDB casting the text to the INTEGER. A subquery n is named
// only in typeof(), which runs nothing.
func textNumWrap(x, n string) string {
	if inlineWitness(x) {
		return "list_transform([" + x + "], _sf_tn -> _SF_TXTNUM(_sf_tn, " + n + "))[1]"
	}
	return "_SF_TXTNUM(" + x + ", " + n + ")"
}
