package rewrite

import (
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// SYSTEM$TYPEOF(x) (docs: system_typeof) names x's SQL type with its
// storage suffix: NULL[LOB], NUMBER(1,0)[SB1], VARCHAR(9)[LOB] for
// 'something'; the docs' pages show BOOLEAN[SB1] for TO_BOOLEAN(…)
// (data-types-logical) and VARCHAR(134217728)[LOB] for a concatenation
// holding a BOOLEAN (a value converted to text has no bound:
// result_length.go's maxText). The suffix of a NUMBER is the storage its
// values take, which the engine does not know for a NUMBER column or a
// computed value; so the engine answers, as a per-call-site constant, only
// a BOOLEAN expression, a NULL or string literal, a concatenation of string
// literals, text columns and at least one number or BOOLEAN, and the casts,
// columns, decimal literals and IFNULL calls of funcs_system_typeof_cast.go;
// anything else is refused.
func init() {
	registerFuncs(map[string]funcHandler{
		"SYSTEM$TYPEOF": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			if typ, ok := p.systemTypeof(c.args[0]); ok {
				return expr{sql: "'" + typ + "'", typ: "VARCHAR"}, nil
			}
			return expr{}, p.unsupported(c.t, "function SYSTEM$TYPEOF of an expression whose storage type the engine does not know")
		},
	})
}

// systemTypeof is SYSTEM$TYPEOF of argument a where the engine knows it.
func (p *parser) systemTypeof(a arg) (string, bool) {
	toks := a.toks
	for len(toks) > 2 && toks[0].IsOp("(") && matchingClose(toks) {
		toks = toks[1 : len(toks)-1]
	}
	switch {
	case len(toks) == 1 && toks[0].IsWord("NULL"):
		return "NULL[LOB]", true
	case (toks[0].IsOp("[") || toks[0].IsOp("{")) && matchingClose(toks):
		// An ARRAY or OBJECT constant: ARRAY[LOB], OBJECT[LOB] (docs:
		// data-types-structured, the semi-structured columns of its
		// SYSTEM$TYPEOF examples).
		return map[bool]string{true: "ARRAY[LOB]", false: "OBJECT[LOB]"}[toks[0].IsOp("[")], true
	case a.e != nil && a.e.path != nil:
		// An element or value of a semi-structured value is a VARIANT:
		// VARIANT[LOB] (docs: data-types-structured,
		// SYSTEM$TYPEOF(ARRAY_CONSTRUCT('San Mateo')[0])).
		return "VARIANT[LOB]", true
	case len(toks) == 1 && toks[0].Kind == sqllex.String && snowflakeString(toks[0].Text) != "":
		// (An empty literal's length the docs do not show.)
		return lengthTypeof(len([]rune(snowflakeString(toks[0].Text)))), true
	case a.typ() == "BOOLEAN", p.columnRawType(toks) == "BOOLEAN":
		return "BOOLEAN[SB1]", true
	case len(toks) == 1 && toks[0].Kind == sqllex.Number && isIntText(toks[0].Text):
		return literalTypeof(toks[0].Text)
	case floatCast(toks):
		// A FLOAT is a double-precision number (docs: Numeric data types,
		// "Snowflake uses double-precision (64 bit) IEEE 754 floating-point
		// numbers"), and the docs show SYSTEM$TYPEOF of a FLOAT variable
		// (which the scripting host holds as CAST('…' AS FLOAT)) as
		// FLOAT[DOUBLE] (Writing stored procedures in Snowflake Scripting,
		// "Using an output argument with a different data type than the
		// input value from a calling procedure").
		return "FLOAT[DOUBLE]", true
	}
	if typ, ok := p.typeofOf(toks, 0); ok { // funcs_system_typeof_cast.go
		return typ, true
	}
	// A concatenation a || b || …: every operand a string literal or a
	// text column, at least one a number or BOOLEAN (column or literal).
	parts := splitTopToks(toks, "||")
	if len(parts) < 2 {
		return "", false
	}
	unbounded := false
	for _, op := range parts {
		switch {
		case len(op) == 1 && op[0].Kind == sqllex.String:
		case len(op) == 1 && (op[0].Kind == sqllex.Number || op[0].IsWord("TRUE") || op[0].IsWord("FALSE")):
			unbounded = true
		default:
			switch raw := p.columnRawType(op); {
			case raw == "VARCHAR":
			case raw == "BOOLEAN" || raw == "BIGINT" || raw == "INTEGER" || raw == "DOUBLE" || raw == "FLOAT" ||
				strings.HasPrefix(raw, "DECIMAL("):
				unbounded = true
			default:
				return "", false
			}
		}
	}
	if !unbounded {
		return "", false // the sum of the operands' lengths, which a column does not give here
	}
	return lengthTypeof(134217728), true
}

// floatCast reports whether toks are CAST(x AS FLOAT) (or a synonym of
// FLOAT: docs, Numeric data types) of an x other than NULL, whose type
// (not only its value) the docs do not show.
func floatCast(toks []tok) bool {
	if !isCastCall(toks) {
		return false
	}
	x, typeToks, ok := castCallParts(toks)
	if !ok || (len(x) == 1 && x[0].IsWord("NULL")) {
		return false
	}
	var typ []string
	for _, t := range typeToks {
		if t.Kind != sqllex.Word {
			return false
		}
		typ = append(typ, strings.ToUpper(t.Text))
	}
	switch strings.Join(typ, " ") {
	case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL":
		return true
	}
	return false
}

// isIntText reports whether a numeric literal's value is an integer
// (intText).
func isIntText(text string) bool {
	_, ok := intText(text)
	return ok
}

func lengthTypeof(n int) string {
	return "VARCHAR(" + strconv.Itoa(n) + ")[LOB]"
}

// matchingClose reports whether toks' first token, an opening bracket
// ((, [ or {), is closed by its last.
func matchingClose(toks []tok) bool {
	depth := 0
	for k, t := range toks {
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
			if depth == 0 {
				return k == len(toks)-1
			}
		}
	}
	return false
}

// columnRawType is the DuckDB type of toks when they are a column
// reference (c or q.c) of known type, else "".
func (p *parser) columnRawType(toks []tok) string {
	name := func(t tok) bool { return t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent }
	switch {
	case len(toks) == 1 && name(toks[0]):
		_, raw := p.columnTypes(toks)
		return raw
	case len(toks) == 3 && name(toks[0]) && toks[1].IsOp(".") && name(toks[2]):
		_, raw := p.columnTypes([]tok{toks[0], toks[2]})
		return raw
	}
	return ""
}

// literalTypeof is SYSTEM$TYPEOF of an integer literal: its NUMBER(p, 0)
// (numlit.go) and the bytes its value takes, the fewest of 1, 2, 4, 8 and
// 16 whose signed range holds it (docs: system_typeof gives 1
// NUMBER(1,0)[SB1], 10000 NUMBER(5,0)[SB2] and 1e10 NUMBER(11,0)[SB8]; Numeric
// data types: "If a column contains only values between -128 and +127,
// each of the values consumes 1 byte"). A literal with a fraction:
// funcs_system_typeof_cast.go.
func literalTypeof(text string) (string, bool) {
	digits, ok := intText(text)
	if !ok {
		return "", false
	}
	v, ok := new(big.Int).SetString(digits, 10)
	if !ok {
		return "", false
	}
	bytes := 16
	for _, b := range []int{1, 2, 4, 8} {
		if v.BitLen() < 8*b {
			bytes = b
			break
		}
	}
	n, _ := parseNumLit(text)
	return fmt.Sprintf("NUMBER(%d,0)[SB%d]", n.prec(), bytes), true
}

// isCastCall reports whether toks are one CAST( ... ) call.
func isCastCall(toks []tok) bool {
	return len(toks) >= 6 && toks[0].IsWord("CAST") && toks[1].IsOp("(") && matchingClose(toks[1:])
}

// castCallParts splits a CAST(x AS type) call (isCastCall) at its last
// top-level AS; ok is false when x or the AS is missing.
func castCallParts(toks []tok) (x, typ []tok, ok bool) {
	inner := toks[2 : len(toks)-1]
	as, depth := -1, 0
	for k, t := range inner {
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsWord("AS"):
			as = k
		}
	}
	if as < 1 {
		return nil, nil, false
	}
	return inner[:as], inner[as+1:], true
}
