package rewrite

import (
	"fmt"
	"strings"
)

// TRANSFORM and REDUCE of a structured ARRAY (docs: transform, reduce:
// "The array can be semi-structured or structured"). "If the input array
// is structured, the data type of the lambda argument is the data type of
// the array element", and TRANSFORM returns "a structured array of the
// lambda expression result type" (docs: transform, usage notes). The
// engine answers an ARRAY of NUMBER, VARCHAR or BOOLEAN elements: its JSON
// is read as a semi-structured ARRAY's is, the element argument converted
// to the element type. TRANSFORM's result is a structured ARRAY of the
// lambda's NUMBER, VARCHAR or BOOLEAN result (whose name SYSTEM$TYPEOF
// does not print, the docs not showing it). REDUCE answers with an integer
// literal accumulator over integer elements: the lambda's sum is a
// NUMBER(38,0) (docs: arithmetic operators, the precision of a sum of
// NUMBER(38,0)), and "the largest physical type of the three is used"
// (docs: reduce), so REDUCE returns that NUMBER(38,0). Another
// accumulator or element type is refused: no source gives its result type.

// lambdaStructuredArray reports whether the structured value st may be the
// array of the lambda function name.
func lambdaStructuredArray(name string, st *stype) bool {
	if name != "TRANSFORM" && name != "REDUCE" || st.kind != "ARRAY" || st.elem.container() {
		return false
	}
	k := st.elem.scalar
	return k.kind == "number" && strings.HasPrefix(k.duck, "DECIMAL(") || k.kind == "string" || k.duck == "BOOLEAN"
}

// lambdaElementParam is the index of the parameter of the lambda function
// name that takes the array's element.
func lambdaElementParam(name string) int {
	if name == "REDUCE" {
		return 1
	}
	return 0
}

// structuredAccumulator is the kind of REDUCE's scalar accumulator kind
// (scalarAccumulator) over the structured ARRAY st.
func (p *parser) structuredAccumulator(c *call, kind string, st *stype) (string, error) {
	if kind == "FLOAT" && st.elem.scalar.duck == "DECIMAL(38,0)" {
		return "NUMBER", nil
	}
	return "", p.unsupported(c.t, "REDUCE of a structured "+stName(st)+" with an accumulator other than an integer literal of at most four bytes over integer elements (its result type)")
}

// structuredTransform is TRANSFORM of a structured ARRAY: l the list of
// its elements' texts, probe the list of the lambda's results. The result
// type's kind shows in the body (a single term's type, a concatenation's
// text, another expression's number); DuckDB's type of the lambda's
// result, which typeof folds to a constant as the statement binds, must be
// of that kind (an integer for a number: a quotient or a FLOAT has a type
// the engine does not work out), or the statement is refused (002040).
func (p *parser) structuredTransform(c *call, l, probe string, single *expr, body []tok) (expr, error) {
	kind := "number"
	switch {
	case single != nil && single.typ == "VARCHAR", single == nil && hasOp(body, "||"):
		kind = "string"
	case single != nil && single.typ == "BOOLEAN":
		kind = "boolean"
	}
	elem := &stype{scalar: mapTypeName(map[string]string{"number": "NUMBER", "string": "VARCHAR", "boolean": "BOOLEAN"}[kind])}
	pattern := map[string]string{
		"number":  `^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|DECIMAL\(\d+,0\))\[\]$`,
		"string":  `^VARCHAR\[\]$`,
		"boolean": `^BOOLEAN\[\]$`,
	}[kind]
	e := p.lambdaArray(c, l)
	refusal := "unsupported: TRANSFORM of a structured ARRAY whose lambda result is not " + map[string]string{"number": "an integer NUMBER", "string": "a VARCHAR", "boolean": "a BOOLEAN"}[kind] + " (its result type)"
	e.sql = fmt.Sprintf("struct_extract({'ok': %s}, CASE WHEN regexp_matches(typeof(%s), '%s') THEN 'ok' ELSE '%s' END)", e.sql, probe, pattern, refusal)
	e.st = &stype{kind: "ARRAY", elem: elem}
	return e, nil
}

// hasOp reports whether toks hold the operator op.
func hasOp(toks []tok, op string) bool {
	for _, t := range toks {
		if t.IsOp(op) {
			return true
		}
	}
	return false
}
