package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The higher-order functions FILTER, TRANSFORM and REDUCE (docs:
// functions/filter, functions/transform, functions/reduce; lambda
// expressions: user-guide/querying-semistructured, "Use lambda functions
// on data with Snowflake higher-order functions"):
//
//	FILTER( <array> , <arg> [ <datatype> ] -> <expr> )
//	TRANSFORM( <array> , <arg> [ <datatype> ] -> <expr> )
//	REDUCE( <array> , <init> , ( <acc> [ <datatype> ] , <value> [ <datatype> ] ) -> <expr> )
//
// The array (the local VARIANT's JSON) is taken apart into a DuckDB list
// of its elements as JSON (_SF_LAMBDA_ELEMS: a JSON null element stays a
// JSON null, an undefined one is a SQL NULL), the lambda runs as a DuckDB
// lambda over it, and the result is put back together as VARIANT text.
// A lambda parameter without a type is a VARIANT ("If the input array is
// semi-structured, the data type of the lambda argument is VARIANT",
// docs: transform); with one, "the array element is coerced into the
// specified type before lambda invocation" (a cast). The body may refer to
// the query's columns (the docs' "Reference a table column in a lambda
// expression" examples), which DuckDB's lambdas capture.
//
// Result types: FILTER and TRANSFORM return an ARRAY; REDUCE the type of
// its accumulator, whose initial value, lambda argument and result "all
// have the same logical and physical types ... the largest physical type
// of the three is used" (docs: reduce). An ARRAY or OBJECT accumulator is
// a type without parameters. A scalar one answers where that rule gives
// the type (funcs_lambda_reduce.go): a small integer literal with a lambda
// whose result is a FLOAT, a string literal with one whose result is a
// text holding the array's element; another is refused (002040).
// A structured array (ARRAY(INT)), whose untyped lambda parameter would
// have the element's type, cannot reach a lambda: a structured argument is
// refused (structured_funcs.go), as is a structured lambda parameter type
// (types.go refuseStructured).

// lambdaValueArgs is the number of arguments before each function's lambda.
var lambdaValueArgs = map[string]int{"FILTER": 1, "TRANSFORM": 1, "REDUCE": 2}

// lambdaParams is the number of parameters each function's lambda takes.
var lambdaParams = map[string]int{"FILTER": 1, "TRANSFORM": 1, "REDUCE": 2}

func init() {
	// The calls are parsed by lambdaCall before the function table is
	// consulted; the entries make the names known built-ins (Allowed).
	refuse := func(p *parser, c *call) (expr, error) {
		return expr{}, p.unsupported(c.t, "function "+c.name+" without a lambda expression")
	}
	registerFuncs(map[string]funcHandler{"FILTER": refuse, "TRANSFORM": refuse, "REDUCE": refuse})
	prelude = append(prelude,
		// _SF_LAMBDA_ARRAY(a, fn): the array argument of a higher-order
		// function as JSON; refused when it is not an ARRAY.
		`CREATE OR REPLACE TEMP MACRO _SF_LAMBDA_ARRAY(a, fn) AS CASE WHEN a IS NULL THEN NULL
		WHEN typeof(a) <> 'JSON' OR json_type(CAST(a AS JSON)) <> 'ARRAY'
		THEN error('Unsupported feature ''' || fn || ' of a value that is not an ARRAY'': the local engine does not implement it.')
		ELSE CAST(a AS JSON) END`,
		// _SF_LAMBDA_ELEMS_T(t, fn): the elements of the array text t as a
		// JSON list, an undefined element (undefined.go) as SQL NULL, each
		// element's text kept (sfunc: _SF_GO_ARRAY_ELEMS). (The leading IS
		// NULL test keeps DuckDB from resolving the Go function when the
		// macro is created.)
		`CREATE OR REPLACE TEMP MACRO _SF_LAMBDA_ELEMS_T(t, fn) AS CASE WHEN t IS NULL THEN NULL
		ELSE list_transform(string_split(_SF_GO_ARRAY_ELEMS(t, fn), chr(30))[2:],
		lambda _sf_le: CASE WHEN _sf_le = '' THEN NULL ELSE CAST(_sf_le AS JSON) END) END`,
		// _SF_LAMBDA_ELEMS(a, fn): the elements of the array a as a JSON
		// list. A cast to JSON[] reads the document in DuckDB, but turns a
		// JSON null into a SQL NULL (made a JSON null again: the array
		// holds no undefined element here) and re-prints a DOUBLE (1.5e2 as
		// 150.0): a document with a number in exponent notation (a cheap
		// scan of its text) is split in Go instead, which keeps the text.
		`CREATE OR REPLACE TEMP MACRO _SF_LAMBDA_ELEMS(a, fn) AS list_transform([_SF_LAMBDA_ARRAY(a, fn)], lambda _sf_la: CASE
		WHEN regexp_matches(CAST(_sf_la AS VARCHAR), '[0-9][eE]') THEN _SF_LAMBDA_ELEMS_T(CAST(_sf_la AS VARCHAR), fn)
		ELSE list_transform(CAST(_sf_la AS JSON[]), lambda _sf_le: coalesce(_sf_le, CAST('null' AS JSON))) END)[1]`,
		// _SF_LAMBDA_OUT(l, fn): the list l of element texts (SQL NULL for
		// an undefined element) as the ARRAY; refused when it holds an
		// undefined element (the result's alternative prints it:
		// _SF_LAMBDA_OUT_U).
		`CREATE OR REPLACE TEMP MACRO _SF_LAMBDA_OUT(l, fn) AS list_transform([l], lambda _sf_lo: CASE WHEN _sf_lo IS NULL THEN NULL
		WHEN len(list_filter(_sf_lo, lambda _sf_lx: _sf_lx IS NULL)) > 0
		THEN error('Unsupported feature ''' || fn || ' with an undefined (SQL NULL) element'': the local engine does not implement it.')
		ELSE CAST('[' || array_to_string(_sf_lo, ',') || ']' AS JSON) END)[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_LAMBDA_OUT_U(l) AS
		'[' || array_to_string(list_transform(l, lambda _sf_lx: coalesce(_sf_lx, 'undefined')), ',') || ']'`,
		// _SF_LAMBDA_ACC(x, kind, fn): a REDUCE lambda's result as the
		// accumulator of JSON type kind (ARRAY or OBJECT); refused when
		// it is of another type, which Snowflake would cast or reject.
		`CREATE OR REPLACE TEMP MACRO _SF_LAMBDA_ACC(x, kind, fn) AS CASE WHEN x IS NULL THEN NULL
		WHEN typeof(x) <> 'JSON' OR json_type(CAST(x AS JSON)) <> kind
		THEN error('Unsupported feature ''' || fn || ' whose lambda result is not an ' || kind || ' like its accumulator'': the local engine does not implement it.')
		ELSE CAST(x AS JSON) END`,
	)
}

// lambdaParam is a parameter of a lambda expression.
type lambdaParam struct {
	name tok
	ty   *sqlType // declared type, or nil
}

// lambdaCall parses and renders FILTER, TRANSFORM or REDUCE after its
// opening parenthesis; ok is false for another function (or a user
// function of that name).
func (p *parser) lambdaCall(c *call) (e expr, ok bool, err error) {
	nvals, isLambda := lambdaValueArgs[c.name]
	if !isLambda || (p.opts.UserFunction != nil && p.opts.UserFunction(c.name)) {
		return expr{}, false, nil
	}
	var stArray *stype // a structured ARRAY argument (structured_lambda.go)
	for k := 0; k < nvals; k++ {
		a, err := p.lambdaValueArg()
		if err != nil {
			return expr{}, true, err
		}
		if k == 0 && a.e != nil && a.e.st.container() && lambdaStructuredArray(c.name, a.e.st) {
			stArray = a.e.st
		} else if a.e != nil && a.e.st.container() {
			// The lambda's parameter would have the element's type and
			// the result a structured type (structured_funcs.go).
			return expr{}, true, p.stRefuseArg(c, a.e.st)
		}
		c.args = append(c.args, a)
		if err := p.expectOp(","); err != nil {
			return expr{}, true, err
		}
	}
	params, err := p.lambdaParamList(c)
	if err != nil {
		return expr{}, true, err
	}
	kind := ""
	if c.name == "REDUCE" {
		if kind, err = p.reduceAccumulator(c); err != nil {
			return expr{}, true, err
		}
		if stArray != nil {
			if kind, err = p.structuredAccumulator(c, kind, stArray); err != nil {
				return expr{}, true, err
			}
		}
	}
	if err := p.refuseLambdaInput(c, kind); err != nil {
		return expr{}, true, err
	}
	// The lambda's variables, visible in its body (nameRef); an inner
	// lambda's shadow the outer one's.
	outer := p.lambdaVars
	vars := map[string]expr{}
	for k, v := range outer {
		vars[k] = v
	}
	ducks := make([]string, len(params))
	for k, prm := range params {
		p.nlambda++
		ducks[k] = fmt.Sprintf("_sf_lambda%d", p.nlambda)
		// A path to the whole element: uncast, it converts as a VARIANT
		// path does where it is used (UPPER(a) reads its string value,
		// a > 1 its number), as Snowflake converts a VARIANT.
		v := expr{path: &jpath{base: ducks[k], jp: "$"}, typ: "JSON"}
		if acc, ok := scalarAccumulators[kind]; ok {
			// REDUCE into a scalar reads its arguments from a struct of
			// the accumulator and the element (funcs_lambda_reduce.go).
			if k == 0 && prm.ty != nil {
				return expr{}, true, p.unsupported(prm.name, "REDUCE with a declared type for a scalar accumulator")
			}
			v.path.base = scalarField(ducks[k], k)
			if k == 0 {
				v = expr{sql: scalarField(ducks[k], k), typ: acc.varType}
			}
		}
		if prm.ty != nil {
			v = castExpr(v, *prm.ty, false)
			v.sql = "(" + v.sql + ")"
		} else if stArray != nil && k == lambdaElementParam(c.name) {
			// The element of a structured ARRAY is of its type.
			v = castExpr(v, stArray.elem.scalar, false)
			v.sql = "(" + v.sql + ")"
		}
		vars[lambdaKey(prm.name)] = v
	}
	p.lambdaVars = vars
	bodyStart := p.i
	body, err := p.seq(func(t tok, operand bool) bool { return t.IsOp(",") })
	single := p.single
	p.lambdaVars = outer
	if err != nil {
		return expr{}, true, err
	}
	if single != nil {
		body = single.render()
	}
	if p.i == bodyStart {
		return expr{}, true, p.unexpected(p.peek())
	}
	bodyToks := p.toks[bodyStart:p.i]
	if err := p.refuseLambdaBody(bodyToks); err != nil {
		return expr{}, true, err
	}
	if err := p.expectOp(")"); err != nil {
		return expr{}, true, err
	}
	elems := p.lambdaElems(c)
	switch c.name {
	case "FILTER":
		// "If the filter condition evaluates to NULL, the corresponding
		// array element is filtered out" (docs: filter): list_filter's rule.
		l := fmt.Sprintf("list_transform(list_filter(%s, lambda %s: %s), lambda _sf_lx: CAST(_sf_lx AS VARCHAR))", elems, ducks[0], body)
		return p.lambdaArray(c, l), true, nil
	case "TRANSFORM":
		// A NULL result is an undefined element (docs: transform, "v + col2"
		// with col2 NULL gives [undefined, undefined, undefined]).
		l := fmt.Sprintf("list_transform(%s, lambda %s: _SF_VTEXT(%s))", elems, ducks[0], elementSQL(arg{sql: body}))
		if stArray != nil {
			// A structured ARRAY of the lambda's result type.
			e, err := p.structuredTransform(c, l, fmt.Sprintf("list_transform(%s, lambda %s: %s)", elems, ducks[0], body), single, bodyToks)
			return e, true, err
		}
		return p.lambdaArray(c, l), true, nil
	}
	// "If the input array is empty, then the function returns the initial
	// value of the accumulator"; NULL when the array or the initial value
	// is NULL (docs: reduce).
	init := c.args[1].sql
	if acc, ok := scalarAccumulators[kind]; ok {
		e, err := p.reduceScalar(c, acc, params, ducks, elems, body, bodyToks)
		return e, true, err
	}
	sql := fmt.Sprintf("CASE WHEN (%[4]s) IS NULL THEN NULL ELSE list_reduce(%[1]s, lambda %[2]s, %[3]s: _SF_LAMBDA_ACC(%[5]s, '%[6]s', 'REDUCE'), _SF_LAMBDA_ACC(%[4]s, '%[6]s', 'REDUCE')) END",
		elems, ducks[0], ducks[1], init, body, kind)
	return expr{sql: sql, typ: "JSON"}, true, nil
}

// lambdaValueArg parses an argument before the lambda (the array, REDUCE's
// initial value) as callArgs does.
func (p *parser) lambdaValueArg() (arg, error) {
	start := p.i
	s, err := p.seq(func(t tok, operand bool) bool { return t.IsOp(",") })
	if err != nil {
		return arg{}, err
	}
	a := arg{sql: s, intWidth: p.sumWidth}
	if p.single != nil {
		a.e = p.single
		a.sql = a.e.render()
		a.intWidth = a.e.intWidth
	}
	a.toks = p.toks[start:p.i]
	if len(a.toks) == 0 {
		return arg{}, p.unexpected(p.peek())
	}
	return a, nil
}

// lambdaParamList parses `arg [type] ->` or `(arg [type], ...) ->`.
func (p *parser) lambdaParamList(c *call) ([]lambdaParam, error) {
	paren := p.acceptOp("(")
	var params []lambdaParam
	for {
		t := p.next()
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return nil, p.unexpected(t)
		}
		prm := lambdaParam{name: t}
		if !p.isOp(",") && !p.isOp(")") && !p.isOp("->") {
			at := p.peek()
			ty, err := p.parseType()
			if err != nil {
				return nil, err
			}
			if err := p.refuseStructured(at, ty); err != nil {
				return nil, err
			}
			prm.ty = &ty
		}
		params = append(params, prm)
		if !paren || !p.acceptOp(",") {
			break
		}
	}
	if paren {
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	if err := p.expectOp("->"); err != nil {
		return nil, err
	}
	if len(params) != lambdaParams[c.name] {
		return nil, p.unsupported(c.t, fmt.Sprintf("%s with a lambda expression of %d arguments", c.name, len(params)))
	}
	return params, nil
}

// lambdaKey is the key of a lambda argument's name in parser.lambdaVars: a
// quoted name exactly, another upper-cased.
func lambdaKey(t tok) string {
	if t.Kind == sqllex.QuotedIdent {
		return unquoteIdent(t.Text)
	}
	return strings.ToUpper(t.Text)
}

// refuseLambdaBody refuses a lambda body the rendering cannot run as
// Snowflake does: a subquery (DuckDB's lambdas take none), an aggregate or
// window function (whose meaning inside a lambda no source gives).
func (p *parser) refuseLambdaBody(body []tok) error {
	for k, t := range body {
		switch {
		case t.IsWord("SELECT"):
			return p.unsupported(t, "a subquery in a lambda expression")
		case t.IsWord("OVER") || t.Kind == sqllex.Word && k+1 < len(body) && body[k+1].IsOp("(") && aggregateNames[strings.ToUpper(t.Text)]:
			return p.unsupported(t, "an aggregate or window function in a lambda expression")
		}
	}
	return nil
}

// refuseLambdaInput refuses what the rendering cannot answer as Snowflake
// does: a REDUCE into an ARRAY or OBJECT of an array written with
// undefined elements (a scalar accumulator reads an undefined element as
// the SQL NULL it is: the docs' "Skip NULL values in an array").
func (p *parser) refuseLambdaInput(c *call, kind string) error {
	if _, scalar := scalarAccumulators[kind]; c.name == "REDUCE" && !scalar {
		if a, ok := p.undefinedOf(c.args[0].sql); ok && a.result {
			return p.unsupported(c.t, "REDUCE of an array with an undefined (SQL NULL) element")
		}
	}
	return nil
}

// lambdaElems renders the elements of c's array argument as a JSON list:
// an array written with undefined elements (undefined.go) from its
// alternative, those elements SQL NULL.
func (p *parser) lambdaElems(c *call) string {
	if a, ok := p.undefinedOf(c.args[0].sql); ok && a.result {
		return fmt.Sprintf("_SF_LAMBDA_ELEMS_T(%s, '%s')", a.sql, c.name)
	}
	return fmt.Sprintf("_SF_LAMBDA_ELEMS(%s, '%s')", c.args[0].sql, c.name)
}

// lambdaArray is the ARRAY result built from the list l of element texts,
// with the alternative that prints its undefined elements (undefined.go).
func (p *parser) lambdaArray(c *call, l string) expr {
	e := expr{sql: fmt.Sprintf("_SF_LAMBDA_OUT(%s, '%s')", l, c.name), typ: "JSON"}
	p.noteUndefined(e.sql, undefAlt{sql: "_SF_LAMBDA_OUT_U(" + l + ")", result: true})
	return e
}

// reduceAccumulator is the JSON type (ARRAY or OBJECT) of REDUCE's initial
// value when the syntax shows it: an ARRAY or OBJECT constant, or a call of
// a function documented to return one (functionResults); or the kind of a
// scalar accumulator whose result type the docs' rule gives
// (funcs_lambda_reduce.go: scalarAccumulator). Another accumulator is
// refused: its result type is not documented (see above).
func (p *parser) reduceAccumulator(c *call) (string, error) {
	if kind, ok := scalarAccumulator(c.args[1].toks); ok {
		return kind, nil
	}
	toks := c.args[1].toks
	switch n := len(toks); {
	case n >= 2 && toks[0].IsOp("[") && toks[n-1].IsOp("]") && matchingClose(toks):
		return "ARRAY", nil
	case n >= 2 && toks[0].IsOp("{") && toks[n-1].IsOp("}") && matchingClose(toks):
		return "OBJECT", nil
	case n >= 3 && toks[0].Kind == sqllex.Word && toks[1].IsOp("(") && matchingClose(toks[1:]):
		if class := functionResults[strings.ToUpper(toks[0].Text)]; class == "ARRAY" || class == "OBJECT" {
			return class, nil
		}
	}
	return "", p.unsupported(c.t, "REDUCE with an accumulator that is not an ARRAY or OBJECT, nor an integer literal of at most four bytes or a string literal (its result type)")
}
