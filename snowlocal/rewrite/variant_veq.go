package rewrite

import "fmt"

// Equality of VARIANT values inside arrays. DuckDB holds a VARIANT as JSON
// text, so its list functions compared elements by their text: 1 and 1.0,
// or one OBJECT's keys written in two orders, were two values. Snowflake's
// VARIANT equality is by value: "PARSE_JSON('1') = PARSE_JSON('1.0') and
// {"a":1,"b":2} = {"b":2,"a":1} are TRUE, 1 = "1" is FALSE" (mlorek/frostlake
// docs/functions.md, "How VARIANT values order and compare", an independent
// reference, live-verified): the equality _SF_VEQK keys (variant_order.go).
// ARRAY_CONTAINS, ARRAY_POSITION and ARRAYS_OVERLAP compare by it.
//
// Where a result shows one of two equal values written differently (which
// of 1 and 1.0 ARRAY_DISTINCT keeps, or ARRAY_INTERSECTION returns), no
// source says which: such a call is refused (002040) when its arrays hold
// two equal values of different texts, a "collision". Without one, equal
// texts are exactly equal values, and the call answers as before.
//
// The SQL is written here rather than as prelude macros: _SF_VEQK reaches a
// Go function (_SF_GO_TO_JSON) that DuckDB binds when a macro calling it is
// created, before the engine registers it.

// arrayContainsCall is ARRAY_CONTAINS(value, array): a SQL NULL value or
// array gives NULL; a JSON null finds a JSON null (docs: array_contains).
func arrayContainsCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("list_contains(%s, _SF_VEQK(to_json(%s)))", variantKeys(c.args[1].sql), c.args[0].sql), typ: "BOOLEAN"}, nil
}

// variantKeys is the list of the _SF_VEQK keys of ARRAY a's elements.
func variantKeys(a string) string {
	return "list_transform(" + jsonElements(a) + ", _sf_e -> _SF_VEQK(_sf_e))"
}

// jsonElements is the list of ARRAY a's elements. DuckDB's cast of a JSON
// value to JSON[] makes a JSON null element a SQL NULL: it is kept a JSON
// null, which ARRAY_CONTAINS finds (docs: array_contains).
func jsonElements(a string) string {
	return "list_transform(CAST(" + a + " AS JSON[]), _sf_n -> coalesce(_sf_n, CAST('null' AS JSON)))"
}

// variantCollision is the condition that the list of JSON values l (a
// lambda parameter: it is named twice) holds a collision: more distinct
// texts than distinct values.
func variantCollision(l string) string {
	return fmt.Sprintf("len(list_distinct(list_transform(%[1]s, _sf_c -> CAST(_sf_c AS VARCHAR)))) > len(list_distinct(list_transform(%[1]s, _sf_c -> _SF_VEQK(_sf_c))))", l)
}

// collisionRefusal refuses fn's collision in the list l, as a JSON value.
func collisionRefusal(fn, l string) string {
	return fmt.Sprintf("CAST(_SF_REFUSE('%s of an ARRAY holding equal VARIANT values written differently (such as 1 and 1.0)', %s) AS JSON)", fn, l)
}

// arrayPositionCall is ARRAY_POSITION(value, array): "0-based index of the
// first array element equal to value" (mlorek/frostlake docs/functions.md,
// ARRAY_POSITION), equal as VARIANTs.
func arrayPositionCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("CAST(list_position(%s, _SF_VEQK(to_json(%s))) - 1 AS BIGINT)", variantKeys(c.args[1].sql), c.args[0].sql)}, nil
}

// arraysOverlapCall is ARRAYS_OVERLAP(a, b): whether an element of a equals
// one of b; the function "treats NULLs as known values for comparing
// equality" (docs: arrays_overlap), here VARIANT equality.
func arraysOverlapCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("(len(list_intersect(%s, %s)) > 0)", variantKeys(c.args[0].sql), variantKeys(c.args[1].sql)), typ: "BOOLEAN"}, nil
}

// arrayDistinctCall is ARRAY_DISTINCT(a): each element's first occurrence,
// in order; refused on a collision (which of 1 and 1.0 it keeps).
func arrayDistinctCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("list_transform([%s], _sf_l -> CASE WHEN %s THEN %s "+
		"ELSE to_json(list_filter(_sf_l, lambda x, i: list_position(_sf_l, x) = i)) END)[1]",
		jsonElements(c.args[0].sql), variantCollision("_sf_l"), collisionRefusal("ARRAY_DISTINCT", "_sf_l")), typ: "JSON"}, nil
}

// arrayIntersectionCall is ARRAY_INTERSECTION(a, b) with bag semantics: an
// element of a is kept while its copies so far do not outnumber its copies
// in b (a's order). Refused on a collision across both arrays: which of 1
// in a and 1.0 in b it returns no source says.
func arrayIntersectionCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("list_transform([{'a': %s, 'b': %s}], _sf_s -> CASE "+
		"WHEN _sf_s.a IS NULL OR _sf_s.b IS NULL THEN NULL WHEN %s THEN %s "+
		"ELSE to_json(list_filter(_sf_s.a, lambda x, i: "+
		"len(list_filter(_sf_s.a[1 : i], lambda y: CAST(y AS VARCHAR) = CAST(x AS VARCHAR))) "+
		"<= len(list_filter(_sf_s.b, lambda z: CAST(z AS VARCHAR) = CAST(x AS VARCHAR))))) END)[1]",
		jsonElements(c.args[0].sql), jsonElements(c.args[1].sql), variantCollision("list_concat(_sf_s.a, _sf_s.b)"),
		collisionRefusal("ARRAY_INTERSECTION", "_sf_s.a")), typ: "JSON"}, nil
}

// arrayExceptCall is ARRAY_EXCEPT(a, b) with bag semantics: an element of a
// is dropped while its copies so far do not outnumber its copies in b,
// compared as VARIANTs (1.0 in b drops 1 from a). Refused on a collision
// in a: which of its copies it drops no source says.
func arrayExceptCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("list_transform([{'a': %s, 'b': %s}], _sf_s -> CASE "+
		"WHEN _sf_s.a IS NULL OR _sf_s.b IS NULL THEN NULL WHEN %s THEN %s "+
		"ELSE list_transform([{'ka': %s, 'kb': %s}], _sf_k -> to_json(list_filter(_sf_s.a, lambda x, i: "+
		"len(list_filter(_sf_k.ka[1 : i], lambda y: y = _sf_k.ka[i])) > len(list_filter(_sf_k.kb, lambda z: z = _sf_k.ka[i])))))[1] END)[1]",
		jsonElements(c.args[0].sql), jsonElements(c.args[1].sql), variantCollision("_sf_s.a"), collisionRefusal("ARRAY_EXCEPT", "_sf_s.a"),
		variantKeys("_sf_s.a"), variantKeys("_sf_s.b")), typ: "JSON"}, nil
}
