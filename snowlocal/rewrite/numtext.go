package rewrite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A string compared with a fixed-point number is converted to a number
// (docs: Data type conversion, usage notes: "a value of type NUMBER(18,5)";
// a string literal is a NUMBER(18, s) of its own scale s, by the independent,
// live-verified reference mlorek/frostlake docs/operators.md): 18 = '17.5' is
// FALSE. DuckDB instead casts the string to the other operand's type, so
// against an INTEGER '17.5' would round to 18. A string literal that reads
// as a number with a fraction or an exponent, compared (= != <> < > <= >=)
// with another operand, is written _SF_NUMTEXT(other, 'literal', number):
// the literal as that NUMBER where the other operand is an integer or
// decimal (its type is known when DuckDB binds the macro), else unchanged (a
// string comparison as between two strings, a FLOAT comparison as DuckDB's
// cast of the literal to DOUBLE). Literals of whole numbers convert exactly
// either way and are left alone.

func init() {
	prelude = append(prelude,
		// (The key is a macro of typeof of a lambda's parameter: DuckDB
		// folds it to a constant per call site; at the macro's creation a
		// key of typeof(x) is refused as not constant.)
		`CREATE OR REPLACE TEMP MACRO _SF_NUMTEXT_KEY(t) AS CASE WHEN regexp_full_match(t,
			'TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\([0-9]+,[0-9]+\)')
			THEN 'n' ELSE 's' END`,
		"CREATE OR REPLACE TEMP MACRO _SF_NUMTEXT(x, l, n) AS list_transform([x], _sf_x -> "+fmt.Sprintf(numTextBody, "_sf_x", "l", "n")+")[1]",
		// A literal only DuckDB reads as a number (duckNumText) beside a
		// number: Snowflake does not recognize it. (Beside a number it is a
		// DOUBLE that fails when read, so that < and BETWEEN bind.)
		"CREATE OR REPLACE TEMP MACRO _SF_NUMTEXT_BAD(x, l) AS list_transform([x], _sf_x -> "+fmt.Sprintf(numTextBadBody, "_sf_x", "l")+")[1]",
	)
}

// numTextBody and numTextBadBody are _SF_NUMTEXT's and _SF_NUMTEXT_BAD's
// bodies over the compared operand (%[1]s, named only inside typeof()),
// the literal (%[2]s) and, for the first, its number (%[3]s): the macros
// bind the operand to a lambda's parameter, numTextCall writes a body
// inline around a subquery or a long operand (inlineWitness).
const (
	numTextBody    = `struct_extract({'n': %[3]s, 's': %[2]s}, _SF_NUMTEXT_KEY(typeof(%[1]s)))`
	numTextBadBody = `struct_extract({'n': CAST(CASE WHEN _SF_NUMTEXT_KEY(typeof(%[1]s)) = 'n' THEN error('Numeric value ''' || %[2]s || ''' is not recognized') END AS DOUBLE), 's': %[2]s}, _SF_NUMTEXT_KEY(typeof(%[1]s)))`
)

// A string literal that DuckDB's cast reads as a number and Snowflake does
// not (a hexadecimal '0x10', a binary '0b101', digits grouped by
// underscores '1_000': numcast.go) compared with a number: Snowflake
// converts the text to a number (docs: Data type conversion; the
// live-verified reference mlorek/frostlake docs/operators.md) and fails as
// "Numeric value '0x10' is not recognized", where DuckDB's cast answered
// ('0x10' = 16 was TRUE). Such a literal is told apart when the statement
// is rewritten, so no other comparison pays for it: it is written
// _SF_NUMTEXT_BAD(other operand, 'literal'), which fails where the other
// operand is a number (its type is known when DuckDB binds the macro) and
// is the literal otherwise (a comparison of two texts).
var reDuckNumText = regexp.MustCompile(`^\s*[+-]?(0[xXbBoO][0-9a-fA-F_]+|[0-9][0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?|\.[0-9_]+([eE][+-]?[0-9_]+)?)\s*$`)

// duckNumText reports whether string value v is such a literal's: it reads
// as a number only to DuckDB (a Snowflake number holds none of the letters
// x, b, o nor an underscore).
func duckNumText(v string) bool {
	return strings.ContainsAny(v, "_xXbBoO") && reDuckNumText.MatchString(v)
}

// reNumText matches the text of a number with a fraction or an exponent.
var reNumText = regexp.MustCompile(`^\s*[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+(\.[0-9]*)?[eE][+-]?[0-9]+)\s*$`)

// numTextCmp follows a seq's operands around comparison operators.
type numTextCmp struct {
	// wall: the session's zone has transitions (Options.WallClockZone):
	// a TIMESTAMP_LTZ's comparisons check wall clocks (wallclock_cmp.go);
	// quantified: the operand next is x op ANY|ALL|SOME's subquery.
	wall, quantified bool
	// wallRefuse names the construct the statement is refused for in such
	// a session (wallclock_cmp.go), "" when none.
	wallRefuse string
	prev       string // the operand just written (rendered), when it may be compared
	prevTyped  bool   // prev is an operand whose type decides (not a path or string)
	afterCmp   bool   // a comparison operator follows prev
	litStart   int    // where a pending literal operand begins in the output, or -1
	litText    string // the pending literal as written
	litPending bool   // the literal came before the operator: patched after the next operand
	between    int    // bounds of a [NOT] BETWEEN after prev still to come
	betweenX   string // the operand a BETWEEN tests
	notAfter   bool   // NOT followed an operand (NOT BETWEEN)
	inX        string // the operand an [NOT] IN list tests, "" when none is next
	// The pending literal is the operand an [NOT] IN list or a [NOT]
	// BETWEEN tests: patched once the list or the first bound shows the
	// type it is compared with.
	litIn, litBetween bool
	// A text or date operand compared with the other (datetime_textcol.go):
	// prev's start in the output, whether it is a whole text or date side
	// (prevText, prevDT: its type), whether an arithmetic operator came
	// last, and a BETWEEN's or an IN list's tested operand as such.
	prevStart    int
	prevText     bool
	prevDT       string
	afterArith   bool
	betweenStart int
	betweenText  bool
	betweenDT    string
	inStart      int
	inText       bool
	inDT         string
	// The same for a side whose type only DuckDB sees
	// (varchar_unseen_cmp.go).
	prevUnseen, betweenUnseen, inUnseen bool
	// isDistinct follows x IS [NOT] DISTINCT FROM y, which Snowflake
	// compares as x != y or x = y where neither is NULL (docs:
	// is-distinct-from): 1 after IS, 2 after DISTINCT.
	isDistinct int
	// listVariant: the IN list being read holds a VARIANT, whose
	// comparison setops_variant.go guards (no text or date to convert).
	listVariant bool
}

// patchLiteral rewrites the pending literal, already written to b, as
// compared with x.
func (c *numTextCmp) patchLiteral(b *strings.Builder, x string) {
	full := b.String()
	if c.litStart >= 0 && c.litStart <= len(full) && strings.HasPrefix(full[c.litStart:], c.litText) {
		b.Reset()
		b.WriteString(full[:c.litStart] + numTextCall(x, c.litText, c.wall) + full[c.litStart+len(c.litText):])
	}
}

// listWitness is the first element of the rendered list `(a, b, …)` that
// is not a string literal nor NULL, the type its string literals are
// compared with; "" when there is none (or the list is a subquery).
func listWitness(list string) string {
	elems, ok := splitList(list)
	if !ok || len(elems) == 0 {
		return ""
	}
	if u := strings.ToUpper(strings.TrimLeft(elems[0], " (")); strings.HasPrefix(u, "SELECT") || strings.HasPrefix(u, "WITH") {
		return ""
	}
	for _, e := range elems {
		k := literalKind(e)
		if k == "null" || k == "row" || k == "lit" && strings.HasPrefix(strings.TrimSpace(e), "'") ||
			len(e) > 300 || strings.Contains(strings.ToUpper(e), "SELECT") {
			continue
		}
		return e
	}
	return ""
}

// pendingLiteral is where a literal that may yet be patched begins in the
// output, or -1.
func (c *numTextCmp) pendingLiteral() int {
	if !c.litPending {
		return -1
	}
	return c.litStart
}

// isComparison reports whether t is a comparison operator.
func isComparison(t tok) bool {
	switch t.Text {
	case "=", "!=", "<>", "<", ">", "<=", ">=":
		return t.Kind == sqllex.Op
	}
	return false
}

// operand is called with each operand s (rendered as e, starting with token
// first) before it is written to b; it returns what to write instead.
//
// unseen reports whether the operand is a side whose type only DuckDB sees
// (parser.unseenSide), asked only beside a comparison.
func (c *numTextCmp) operand(b *strings.Builder, s string, e expr, first tok, next tok, space bool, unseen func() bool) string {
	start := b.Len()
	if space {
		start++
	}
	whole := !c.afterArith && !bindsTighter(next)
	c.afterArith = false
	isText := whole && textOperand(e, first)
	dt := ""
	if whole && e.path == nil && dateTimeOperand(e.typ) {
		dt = e.typ
	}
	compared := c.afterCmp || c.between > 0 || c.inX != "" || isComparison(next) || next.IsWord("BETWEEN") || next.IsWord("IN") || next.IsWord("NOT") || next.IsWord("IS")
	isUnseen := whole && !isText && dt == "" && compared && unseen()
	numText := first.Kind == sqllex.String && e.typ == "VARCHAR" &&
		cmpTextLiteral(StringValue(first.Text), c.wall)
	typed := e.path == nil && e.typ != "JSON" && e.typ != "VARCHAR" && (len(s) <= 300 && !strings.Contains(strings.ToUpper(s), "SELECT") || inlineWitness(s))
	out := s
	if c.quantified {
		c.quantified = false
		out = c.wallQuantified(b, s) // wallclock_cmp.go
		c.afterCmp, c.litPending, c.prevTyped = false, false, false
		return out
	}
	if c.litIn {
		// 'lit' [NOT] IN (…)
		if w := listWitness(s); w != "" {
			c.patchLiteral(b, w)
		} else if scalarSubquery(s) {
			// 'lit' [NOT] IN (SELECT …): the subquery's column is the
			// type, named only in typeof(), where it runs no row.
			c.patchLiteral(b, s)
		}
		c.litIn = false
		c.afterCmp, c.litPending, c.prevTyped = false, false, false
		return out
	}
	if c.inX != "" {
		// x [NOT] IN ('lit', …): each such literal of the list.
		out = c.dateTimeList(b, c.inX, numTextList(c.inX, s, c.wall)) // varchar_datetime_in.go
		if c.wall {
			out = c.wallList(b, out, s) // wallclock_cmp.go
		}
		c.inX = ""
		c.afterCmp, c.litPending, c.prevTyped = false, false, false
		return out
	}
	if c.between > 0 {
		// x [NOT] BETWEEN 'lit' AND 'lit'
		if numText && c.betweenX != "" {
			out = numTextCall(c.betweenX, s, c.wall)
		}
		if c.litBetween && c.between == 2 && typed {
			// 'lit' [NOT] BETWEEN x AND …
			c.patchLiteral(b, s)
		}
		switch {
		case c.betweenText && dt != "":
			// text [NOT] BETWEEN date AND …: the text converts.
			x := c.betweenX
			if patchAt(b, c.betweenStart, x, func(x string) string { return textAsDateTime(x, dt) }) {
				c.betweenText, c.betweenDT = false, dt
			}
		case c.betweenDT != "" && isText:
			// date [NOT] BETWEEN text AND text
			out = textAsDateTime(s, c.betweenDT)
		case c.betweenDT != "" && isUnseen:
			// date [NOT] BETWEEN unseen AND …: varchar_unseen_cmp.go
			out = txtCmp(s, "", c.betweenDT)
		case c.betweenUnseen && dt != "":
			// unseen [NOT] BETWEEN date AND …
			patchAt(b, c.betweenStart, c.betweenX, func(x string) string { return txtCmp(x, "", dt) })
		case c.betweenUnseen && isUnseen:
			patchAt(b, c.betweenStart, c.betweenX, func(x string) string { return txtCmp(x, s, "") })
			out = txtCmp(s, c.betweenX, "")
		case c.betweenUnseen && isText:
			out = txtCmp(s, c.betweenX, "")
		case c.betweenText && isUnseen:
			patchAt(b, c.betweenStart, c.betweenX, func(x string) string { return txtCmp(x, s, "") })
		}
		if c.wall { // wallclock_cmp.go
			if w := wallSide(c.betweenX, c.betweenDT, c.betweenUnseen, s, dt, isUnseen); w != c.betweenX {
				patchAt(b, c.betweenStart, c.betweenX, func(string) string { return w })
			}
			out = wallSide(out, dt, isUnseen, c.betweenX, c.betweenDT, c.betweenUnseen)
		}
		c.between--
		if c.between == 0 {
			c.litBetween, c.betweenText, c.betweenDT, c.betweenUnseen = false, false, "", false
		}
		c.afterCmp, c.litPending, c.prevTyped = false, false, false
		return out
	}
	switch {
	case c.afterCmp && numText && c.prevTyped:
		// x op 'lit'
		out = numTextCall(c.prev, s, c.wall)
	case c.afterCmp && c.litPending && typed:
		// 'lit' op x: rewrite the literal written before the operator.
		c.patchLiteral(b, s)
	case c.afterCmp && c.prevText && dt != "":
		// text op date: the text converts (datetime_textcol.go).
		patchAt(b, c.prevStart, c.prev, func(x string) string { return textAsDateTime(x, dt) })
	case c.afterCmp && c.prevDT != "" && isText:
		// date op text
		out = textAsDateTime(s, c.prevDT)
	case c.afterCmp && c.prevDT != "" && isUnseen:
		// date op unseen: the unseen side converts if it is a text
		// (varchar_unseen_cmp.go).
		out = txtCmp(s, "", c.prevDT)
	case c.afterCmp && c.prevUnseen && dt != "":
		// unseen op date
		patchAt(b, c.prevStart, c.prev, func(x string) string { return txtCmp(x, "", dt) })
	case c.afterCmp && c.prevUnseen && isUnseen:
		// unseen op unseen: either may be the text, the other the date.
		patchAt(b, c.prevStart, c.prev, func(x string) string { return txtCmp(x, s, "") })
		out = txtCmp(s, c.prev, "")
	case c.afterCmp && c.prevUnseen && isText:
		// unseen op text: the text converts if the unseen side is a date.
		out = txtCmp(s, c.prev, "")
	case c.afterCmp && c.prevText && isUnseen:
		patchAt(b, c.prevStart, c.prev, func(x string) string { return txtCmp(x, s, "") })
	}
	if c.wall && c.afterCmp { // wallclock_cmp.go
		if w := wallSide(c.prev, c.prevDT, c.prevUnseen, s, dt, isUnseen); w != c.prev {
			patchAt(b, c.prevStart, c.prev, func(string) string { return w })
		}
		out = wallSide(out, dt, isUnseen, c.prev, c.prevDT, c.prevUnseen)
	}
	c.afterCmp, c.litPending = false, false
	c.prev, c.prevTyped = s, typed
	c.prevStart, c.prevText, c.prevDT, c.prevUnseen = start, isText, dt, isUnseen
	if numText {
		c.litStart, c.litText, c.litPending = b.Len(), s, true
		if space {
			c.litStart++
		}
	}
	return out
}

// other is called with each token that is not an operand; after says
// whether an operand came just before it.
func (c *numTextCmp) other(t tok, after bool) {
	switch {
	case after && isComparison(t):
		c.afterCmp = true
		return
	case c.wall && c.afterCmp && !c.quantified && (t.IsWord("ANY") || t.IsWord("ALL") || t.IsWord("SOME")):
		c.quantified = true // x op ANY (subquery): wallclock_cmp.go
		return
	case after && t.IsWord("IS") && c.between == 0:
		c.isDistinct = 1
		return
	case c.isDistinct == 1 && t.IsWord("NOT"):
		return
	case c.isDistinct == 1 && t.IsWord("DISTINCT"):
		c.isDistinct = 2
		return
	case c.isDistinct == 2 && t.IsWord("FROM"):
		c.isDistinct, c.afterCmp = 0, true
		return
	case after && t.IsWord("NOT") && (c.prevTyped || c.litPending):
		c.notAfter = true
		return
	case (after || c.notAfter) && t.IsWord("IN") && c.litPending && !c.prevTyped:
		c.litIn, c.notAfter = true, false
		return
	case (after || c.notAfter) && t.IsWord("BETWEEN") && c.litPending && !c.prevTyped:
		c.between, c.betweenX, c.litBetween, c.notAfter = 2, "", true, false
		return
	case (after || c.notAfter) && t.IsWord("BETWEEN") && c.prevTyped:
		c.between, c.betweenX, c.notAfter = 2, c.prev, false
		c.betweenStart, c.betweenText, c.betweenDT, c.betweenUnseen = c.prevStart, c.prevText, c.prevDT, c.prevUnseen
		return
	case (after || c.notAfter) && t.IsWord("IN") && c.prevTyped:
		c.inX, c.notAfter = c.prev, false
		c.inStart, c.inText, c.inDT, c.inUnseen = c.prevStart, c.prevText, c.prevDT, c.prevUnseen
		return
	case c.between == 1 && t.IsWord("AND"):
		return // between the bounds
	}
	c.afterCmp, c.litPending, c.prevTyped, c.between, c.notAfter = false, false, false, 0, false
	c.litIn, c.litBetween, c.isDistinct = false, false, 0
	c.prevText, c.prevDT, c.betweenText, c.betweenDT = false, "", false, ""
	c.prevUnseen, c.betweenUnseen = false, false
	c.afterArith = arithOperator(t)
}

// numTextCall renders _SF_NUMTEXT of operand x and string literal lit (as
// rendered): the literal's number is a DECIMAL(18, s) of its s fraction
// digits, or DECIMAL(18, 5) for one with an exponent (the docs' NUMBER(18,5)).
func numTextCall(x, lit string, wall bool) string {
	inline := inlineWitness(x)
	if duckNumText(StringValue(lit)) {
		if inline {
			return fmt.Sprintf(numTextBadBody, x, lit)
		}
		return "_SF_NUMTEXT_BAD(" + x + ", " + lit + ")"
	}
	if dtTextLiteral(StringValue(lit)) {
		return dtTextCall(x, lit, wall) // datetime_cmp.go
	}
	if wall && wallTextLiteral(StringValue(lit)) {
		return wallTextCall(x, lit) // wallclock_cmp.go
	}
	text := strings.TrimSpace(StringValue(lit))
	scale := 5
	if !strings.ContainsAny(text, "eE") {
		if i := strings.IndexByte(text, '.'); i >= 0 {
			scale = min(len(text)-i-1, 17)
		}
	}
	if inline {
		return fmt.Sprintf(numTextBody, x, lit, fmt.Sprintf("TRY_CAST(%s AS DECIMAL(18, %d))", lit, scale))
	}
	return fmt.Sprintf("_SF_NUMTEXT(%s, %s, TRY_CAST(%s AS DECIMAL(18, %d)))", x, lit, lit, scale)
}

// inlineWitness reports whether operand x, compared with a string
// literal, is written inside typeof() (scalarSubquery) rather than passed to
// the _SF_NUMTEXT macros: a scalar subquery, or an expression too long to
// repeat in their lambda, that holds no bind (a bind named twice would
// change the binds' count) nor subquery.
func inlineWitness(x string) bool {
	return scalarSubquery(x) || len(x) > 300 && !strings.ContainsAny(x, "?$") && !strings.Contains(strings.ToUpper(x), "SELECT")
}

// scalarSubquery reports whether the rendered operand s is one bracketed
// subquery holding no bind. Beside a string literal such an operand is
// named only inside typeof(), which DuckDB folds to its type as it binds
// the statement without running the subquery, so it is written there
// directly rather than through the _SF_NUMTEXT macros, whose lambda would
// run it once more per row. ('17.5' = (SELECT 18) was TRUE: DuckDB cast
// the literal to the subquery's INTEGER.)
func scalarSubquery(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "(") || closingParen(s, 0) != len(s)-1 || strings.ContainsAny(s, "?$") {
		return false
	}
	u := strings.ToUpper(strings.TrimLeft(s, "( \t\n"))
	return strings.HasPrefix(u, "SELECT") || strings.HasPrefix(u, "WITH")
}

// inQuery reports whether token i follows a query or DML keyword, where
// numTextCmp follows comparisons (a view's or CTAS's query included), not
// the `NAME = 'value'` options of other DDL (RUNTIME_VERSION = '3.8').
func (p *parser) inQuery(i int) bool {
	for _, t := range p.toks[:min(i, len(p.toks))] {
		if t.Kind != sqllex.Word {
			continue
		}
		switch strings.ToUpper(t.Text) {
		case "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "WHERE":
			return true
		}
	}
	return false
}

// numTextList rewrites the string literals of fractional numbers that are
// elements of the rendered list (`('17.5', 3)`) as compared with x; a
// subquery or anything else is returned as it is.
func numTextList(x, list string, wall bool) string {
	toks, err := sqllex.Tokenize(list)
	if err != nil {
		return list
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	if len(sig) < 3 || !sig[0].IsOp("(") || sig[1].IsWord("SELECT") || sig[1].IsWord("WITH") {
		return list
	}
	var b strings.Builder
	last, depth := 0, 0
	for i, t := range sig {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 1 && t.Kind == sqllex.String && cmpTextLiteral(StringValue(t.Text), wall) &&
			(sig[i-1].IsOp("(") || sig[i-1].IsOp(",")) && i+1 < len(sig) && (sig[i+1].IsOp(",") || sig[i+1].IsOp(")")):
			b.WriteString(list[last:t.Pos] + numTextCall(x, t.Text, wall))
			last = t.Pos + len(t.Text)
		}
	}
	b.WriteString(list[last:])
	return b.String()
}

// resultArgs are the arguments of the conditional functions whose values
// one of them returns, by function (nil: all).
var resultArgs = map[string][]int{"COALESCE": nil, "NVL": nil, "IFNULL": nil, "GREATEST": nil, "LEAST": nil,
	"IFF": {1, 2}, "NVL2": {1, 2}}

// numTextResults gives a string literal of a fractional number among a
// conditional function's results the type Snowflake gives it beside a
// number, a NUMBER of its scale (COALESCE('2.5', 1) is 2.5, where DuckDB
// would cast '2.5' to the INTEGER of 1 and answer 3): _SF_NUMTEXT with
// another result that is not a string literal as the witness of the type.
func numTextResults(c *call) {
	idx, ok := resultArgs[c.name]
	if !ok || c.star {
		return
	}
	if idx == nil {
		for i := range c.args {
			idx = append(idx, i)
		}
	}
	isLit := func(a arg) bool { return len(a.toks) == 1 && a.toks[0].Kind == sqllex.String }
	witness := ""
	for _, i := range idx {
		if i < len(c.args) && !isLit(c.args[i]) && c.args[i].name == "" && len(c.args[i].sql) <= 300 &&
			!strings.Contains(strings.ToUpper(c.args[i].sql), "SELECT") && strings.TrimSpace(c.args[i].sql) != "NULL" {
			witness = c.args[i].sql
			break
		}
	}
	if witness == "" {
		return
	}
	for _, i := range idx {
		if i < len(c.args) && isLit(c.args[i]) && reNumText.MatchString(StringValue(c.args[i].toks[0].Text)) {
			c.args[i].sql = numTextCall(witness, c.args[i].sql, false)
			c.args[i].e = nil
		}
	}
}

// casePart is a keyword or an expression of a CASE.
type casePart struct {
	sql    string
	result bool   // a THEN or ELSE result
	lit    string // the result's string literal as written, when it is one
	// e and intWidth: the result when a single operand, and its precision
	// when an integer of known precision (types_intfn.go: intFold).
	e        expr
	intWidth int
	toks     []tok // the part's tokens (types_fold.go)
}

// numTextCase does for a CASE's results what numTextResults does for a
// conditional function's.
func numTextCase(parts []casePart) []casePart {
	witness := ""
	for _, part := range parts {
		if part.result && part.lit == "" && strings.TrimSpace(part.sql) != "NULL" && len(part.sql) <= 300 &&
			!strings.Contains(strings.ToUpper(part.sql), "SELECT") {
			witness = part.sql
			break
		}
	}
	if witness == "" {
		return parts
	}
	for i, part := range parts {
		if part.result && part.lit != "" && reNumText.MatchString(StringValue(part.lit)) {
			parts[i].sql = numTextCall(witness, part.sql, false)
		}
	}
	return parts
}

// cmpTextLiteral reports whether a string literal of value v compared with
// another operand is written through numTextCall: a number's text, or a
// date or time's (dtTextLiteral, datetime_cmp.go).
func cmpTextLiteral(v string, wall bool) bool {
	return reNumText.MatchString(v) || dtTextLiteral(v) || duckNumText(v) || wall && wallTextLiteral(v)
}

// numTextCaseOperand does for a simple CASE (`CASE x WHEN v THEN …`),
// which compares its operand with each WHEN value as `x = v` does, what
// numTextCmp and textNumCmp (varchar_number.go) do for `=`: a WHEN value
// that is a string literal of a number is read as compared with the
// operand, a string literal operand as compared with the first WHEN value
// that is no string literal, and an operand that may be a text (a column)
// is checked against that value's type (_SF_TXTNUM: a text DuckDB alone
// reads as a number fails, as in `s = 16`). (DuckDB's CASE x WHEN 16
// answered for '0x10', and CASE 16 WHEN '0x10' matched.)
func numTextCaseOperand(parts []casePart, wall bool) []casePart {
	if len(parts) < 3 || parts[0].result || parts[0].sql == "WHEN" {
		return parts
	}
	op := parts[0]
	short := func(s string) bool {
		return len(s) <= 300 && !strings.Contains(strings.ToUpper(s), "SELECT") && strings.TrimSpace(s) != "NULL"
	}
	witness := ""
	for i := 1; i+1 < len(parts); i++ {
		if parts[i].sql == "WHEN" && parts[i+1].lit == "" && short(parts[i+1].sql) {
			witness = parts[i+1].sql
			break
		}
	}
	opTyped := op.lit == "" && op.e.path == nil && op.e.typ != "VARCHAR" && op.e.typ != "JSON" && short(op.sql)
	for i := 1; i+1 < len(parts); i++ {
		if parts[i].sql == "WHEN" && parts[i+1].lit != "" && opTyped && cmpTextLiteral(StringValue(parts[i+1].lit), wall) {
			parts[i+1].sql = numTextCall(op.sql, parts[i+1].sql, wall)
		}
	}
	switch {
	case witness == "":
	case op.lit != "" && cmpTextLiteral(StringValue(op.lit), wall):
		parts[0].sql = numTextCall(witness, op.sql, wall)
	case op.lit == "" && textNumSide(op.sql) && !knownNotText(op.e.typ, 1) && short(op.sql):
		parts[0].sql = textNumWrap(op.sql, witness)
	}
	return parts
}

// decodeOperands renders DECODE's expression x and one search value s as
// `=` compares them (DECODE compares as a simple CASE does, the
// live-verified reference mlorek/frostlake docs/operators.md: a text is read
// as the number it is compared with): a string literal of a number, or one
// only DuckDB reads as a number, as compared with the other operand
// (numTextCall), and an operand that may be a text beside a number literal
// checked (_SF_TXTNUM). (DECODE(16, '0x10', 'y') answered 'y'.)
func decodeOperands(x, s arg, wall bool) (string, string) {
	isString := func(a arg) bool { return len(a.toks) == 1 && a.toks[0].Kind == sqllex.String }
	numLit := func(a arg) bool { return isString(a) && cmpTextLiteral(StringValue(a.toks[0].Text), wall) }
	typed := func(a arg) bool {
		return !isString(a) && len(a.sql) <= 300 && !strings.Contains(strings.ToUpper(a.sql), "SELECT") &&
			(a.e == nil || a.e.path == nil && a.e.typ != "VARCHAR" && a.e.typ != "JSON")
	}
	known := ""
	if x.e != nil {
		known = x.e.typ
	}
	switch {
	case numLit(s) && typed(x):
		return x.sql, numTextCall(x.sql, s.sql, wall)
	case numLit(x) && typed(s):
		return numTextCall(s.sql, x.sql, wall), s.sql
	case !isString(x) && textNumSide(x.sql) && numberLiteral(s.sql) && !knownNotText(known, 1):
		return textNumWrap(x.sql, s.sql), s.sql
	}
	return x.sql, s.sql
}
