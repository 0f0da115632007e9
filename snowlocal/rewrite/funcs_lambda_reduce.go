package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// REDUCE with a scalar accumulator (docs: functions/reduce). The page
// prints its number results right-aligned and its text results unquoted
// (6, 16, " a b c", "Business Printer\nUHD Monitor\n"): a number and a
// text, not a VARIANT. Which ones its usage note gives: "Type checking
// enforces that the initial value of the accumulator, the accumulator
// lambda argument, and the return value of the lambda execution all have
// the same logical and physical types. If casting is used to meet this
// requirement, the largest physical type of the three is used."
//
// The physical types are the storage suffixes SYSTEM$TYPEOF prints
// (docs: system_typeof; funcs_system_typeof.go): an integer literal is a
// NUMBER(p,0) of SB1, SB2, SB4, SB8 or SB16 (one to sixteen bytes, by its
// value), a FLOAT a DOUBLE (eight bytes: "Snowflake uses double-precision
// (64 bit) IEEE 754 floating-point numbers", docs: data-types-numeric), a
// text a LOB. An untyped lambda argument over a semi-structured array is
// a VARIANT (docs: transform), and a VARIANT in arithmetic makes a FLOAT
// (live-verified by mlorek/frostlake, engine/src/main/java/dev/frostlake/
// executor/expressions/LambdaExpression.java: TRANSFORM([1,2], a -> a * 2)
// is [2.000000000000000e+00,4.000000000000000e+00]; the engine's
// expr.asNumber). So:
//
//   - an integer literal of at most four bytes (SB1, SB2, SB4) with a
//     lambda whose result is a FLOAT: the FLOAT is the largest, and REDUCE
//     returns a FLOAT (6 for the page's sum of [1,2,3]);
//   - a string literal with a lambda whose result is a text built from
//     the array's element: a VARIANT converted to text has no bound
//     (result_length.go's maxText), so that text is the largest, and
//     REDUCE returns a VARCHAR of the engine's maximum length.
//
// DuckDB's list_reduce holds its accumulator in the list's element type
// (a JSON here), so the elements and the accumulator travel together as a
// struct of both (acc, elem), the lambda arguments reading their fields
// (scalarField). Which type the lambda's result has shows as DuckDB binds
// the statement: the lambda body is typed once with the accumulator
// argument the initial value as written (a probe that typeof folds to a
// constant, never run), and a result of another type is refused then
// (002040), as a remainder of unmeasured type is (types_rem.go). A body
// that divides is refused while the statement compiles: DuckDB's quotient
// of integers is a DOUBLE where Snowflake's is a NUMBER, so the probe
// would not tell them apart. Any other accumulator (an integer of eight
// bytes or more, which ties or passes the DOUBLE; a decimal; an
// expression) is refused: no source gives its result type.

// scalarAcc is how a kind of scalar accumulator is rendered.
type scalarAcc struct {
	duck    string // the DuckDB type the accumulator is held in
	varType string // expr.typ of the accumulator argument in the body
	what    string // Snowflake's result type, for refusals
}

// scalarAccumulators are the scalar accumulator kinds reduceAccumulator
// returns.
var scalarAccumulators = map[string]scalarAcc{
	"FLOAT":   {duck: "DOUBLE", what: "a FLOAT"},
	"VARCHAR": {duck: "VARCHAR", varType: "VARCHAR", what: "a text"},
	// Over a structured ARRAY of integers (structured_lambda.go).
	"NUMBER": {duck: "DECIMAL(38,0)", varType: "DECIMAL(38,0)", what: "a NUMBER(38,0)"},
}

// scalarAccumulator is the kind of REDUCE's initial value toks when it is
// one whose result type the docs' rule gives (see above).
func scalarAccumulator(toks []tok) (string, bool) {
	for len(toks) > 2 && toks[0].IsOp("(") && matchingClose(toks) {
		toks = toks[1 : len(toks)-1]
	}
	if len(toks) != 1 {
		return "", false
	}
	switch t := toks[0]; t.Kind {
	case sqllex.Number:
		typ, ok := literalTypeof(t.Text)
		if ok && (strings.HasSuffix(typ, "[SB1]") || strings.HasSuffix(typ, "[SB2]") || strings.HasSuffix(typ, "[SB4]")) {
			return "FLOAT", true
		}
	case sqllex.String:
		return "VARCHAR", true
	}
	return "", false
}

// reduceScalar renders REDUCE into the scalar accumulator acc: params are
// the lambda's parameters, ducks their DuckDB names, elems the array's
// elements (a JSON list), body the rendered lambda body, bodyToks its
// tokens.
func (p *parser) reduceScalar(c *call, acc scalarAcc, params []lambdaParam, ducks []string, elems, body string, bodyToks []tok) (expr, error) {
	reads := false
	for _, t := range bodyToks {
		if acc.duck == "DOUBLE" && t.IsOp("/") {
			return expr{}, p.unsupported(t, "REDUCE into a number whose lambda divides (its result type)")
		}
		if (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && lambdaKey(t) == lambdaKey(params[1].name) {
			reads = true
		}
	}
	if acc.duck == "VARCHAR" && !reads {
		return expr{}, p.unsupported(c.t, "REDUCE into a text whose lambda does not read the array's element (its result type)")
	}
	init := c.args[1].sql
	pair := func(acc, elem string) string { return fmt.Sprintf("{'acc': %s, 'elem': %s}", acc, elem) }
	nullElem := "CAST(NULL AS JSON)"
	probe := fmt.Sprintf("list_transform([%s], lambda %s: list_transform([%s], lambda %s: %s))",
		pair("CAST(NULL AS "+acc.duck+")", nullElem), ducks[1], pair(init, nullElem), ducks[0], body)
	want := acc.duck + "[][]"
	refusal := "unsupported: REDUCE into " + acc.what + " whose lambda result is of another type (its result type)"
	pairs := fmt.Sprintf("list_transform(%s, lambda _sf_re: %s)", elems, pair("CAST(NULL AS "+acc.duck+")", "_sf_re"))
	reduce := fmt.Sprintf("list_reduce(%s, lambda %s, %s: %s, %s)",
		pairs, ducks[0], ducks[1], pair(body, nullElem), pair(fmt.Sprintf("CAST(%s AS %s)", init, acc.duck), nullElem))
	sql := fmt.Sprintf("struct_extract(struct_extract({'ok': %s}, CASE WHEN typeof(%s) = '%s' THEN 'ok' ELSE '%s' END), 'acc')",
		reduce, probe, want, refusal)
	return expr{sql: sql, typ: acc.varType}, nil
}

// scalarField is the field of REDUCE's struct (see above) that lambda
// argument k (0 the accumulator, 1 the element) reads from duck.
func scalarField(duck string, k int) string {
	if k == 0 {
		return "(" + duck + ".acc)"
	}
	return "(" + duck + ".elem)"
}
