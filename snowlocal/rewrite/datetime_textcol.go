package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A text that is not a literal (a VARCHAR column, a function returning
// text) compared with a DATE, TIME, TIMESTAMP_NTZ or TIMESTAMP_LTZ operand
// (= != <> < <= > >=, BETWEEN, IN: varchar_datetime_in.go). Snowflake
// coerces VARCHAR to each of these types (docs: data-type-conversion, the
// table of castable and coercible types: VARCHAR to DATE, TIME and
// TIMESTAMP are coercible) and converts the
// text, not the date: date-time-examples compares a VARCHAR column holding
// 'Fri, 05 Apr 2013 00:00:00 -0700' with '2014-01-01'::DATE and returns the
// rows before 2014, which a comparison of texts would not ('F' sorts after
// '2'). DuckDB refuses to bind the comparison (or, for =, casts the text
// its own way). Where the rewriter knows both operands' types (a column of
// a base table, a cast), the text is converted as its cast to the other
// operand's type converts it: text in no format AUTO reads fails with
// Snowflake's conversion error, as the cast does. Elsewhere DuckDB's
// refusal stays (result.go: 002040).

// textOperand reports whether operand e (starting with token first) is a
// text whose type the rewriter knows, other than a literal (a string
// literal beside a date is numtext.go's).
func textOperand(e expr, first tok) bool {
	if e.path != nil || first.Kind == sqllex.String || first.Kind == sqllex.DollarString {
		return false
	}
	return e.textColumn || e.typ == "VARCHAR"
}

// dateTimeOperand reports whether a rewriter type is one whose comparison
// with a text converts the text (TIMESTAMP_TZ, a struct here, is not
// handled: its comparisons go by tz.go).
func dateTimeOperand(typ string) bool {
	switch typ {
	case "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ":
		return true
	}
	return false
}

// textAsDateTime renders text operand x (as rendered) converted to the
// rewriter type typ (dateTimeOperand) as its cast converts it.
func textAsDateTime(x, typ string) string {
	switch typ {
	case "TIME":
		// (castExpr leaves a text's ::TIME to DuckDB's cast; the engine's
		// TO_TIME reads it as Snowflake does: funcs_time.go.)
		return "_SF_TIME_TEXT(" + x + ")"
	case "TIMESTAMP":
		return castExpr(expr{sql: x, typ: "VARCHAR"}, mapTypeName("TIMESTAMP_NTZ"), false).sql
	case "TIMESTAMPTZ":
		return castExpr(expr{sql: x, typ: "VARCHAR"}, mapTypeName("TIMESTAMP_LTZ"), false).sql
	}
	return castExpr(expr{sql: x, typ: "VARCHAR"}, mapTypeName("DATE"), false).sql
}

// bindsTighter reports whether t, following an operand, makes the operand
// part of a larger one than a comparison's side.
func bindsTighter(t tok) bool {
	if t.Kind != sqllex.Op {
		return t.IsWord("COLLATE")
	}
	switch t.Text {
	case "+", "-", "*", "/", "%", "||", "::", "[", ".", ":":
		return true
	}
	return false
}

// arithOperator reports whether t is an operator after which an operand is
// part of a larger one (or a sign's).
func arithOperator(t tok) bool {
	if t.Kind != sqllex.Op {
		return false
	}
	switch t.Text {
	case "+", "-", "*", "/", "%", "||":
		return true
	}
	return false
}

// patchAt rewrites x, written to b at start, as conv(x); false where b no
// longer holds x there.
func patchAt(b *strings.Builder, start int, x string, conv func(string) string) bool {
	full := b.String()
	if start < 0 || start > len(full) || !strings.HasPrefix(full[start:], x) {
		return false
	}
	b.Reset()
	b.WriteString(full[:start] + conv(x) + full[start+len(x):])
	return true
}
