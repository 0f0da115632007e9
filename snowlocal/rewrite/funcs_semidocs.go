package rewrite

import (
	"fmt"
	"strings"
)

// Semi-structured functions checked against their documented examples
// (semi_docs conformance file): OBJECT_DELETE, OBJECT_PICK, ARRAY_SORT,
// ARRAY_MAX/MIN and ARRAY_REMOVE run in Go (sfunc/object_more.go);
// ARRAY_REVERSE is DuckDB's list_reverse.

func init() {
	registerFuncs(map[string]funcHandler{
		"OBJECT_DELETE": objectKeysCall("_SF_GO_OBJECT_DELETE"),
		"OBJECT_PICK":   objectKeysCall("_SF_GO_OBJECT_PICK"),
		"ARRAY_SORT":    arraySortCall,
		// IS_DECIMAL agrees with TYPEOF (funcs_sem.go): a VARIANT double
		// (TYPEOF DOUBLE) is not a fixed-point number (docs: is_decimal).
		"IS_DECIMAL": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "(_SF_TYPEOF2(" + c.args[0].sql + ") IN ('INTEGER', 'DECIMAL'))", typ: "BOOLEAN"}, nil
		},
		"ARRAY_MAX": arrayExtremeCall(true),
		"ARRAY_MIN": arrayExtremeCall(false),
		"ARRAY_REMOVE": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("CAST(_SF_GO_ARRAY_REMOVE(CAST(%s AS VARCHAR), CAST(to_json(%s) AS VARCHAR)) AS JSON)",
				c.args[0].sql, c.args[1].sql), typ: "JSON"}, nil
		},
		"ARRAYS_TO_OBJECT": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("CAST(_SF_GO_ARRAYS_TO_OBJECT(CAST(%s AS VARCHAR), CAST(%s AS VARCHAR)) AS JSON)",
				c.args[0].sql, c.args[1].sql), typ: "JSON"}, nil
		},
		"ARRAY_REVERSE": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("to_json(list_reverse(CAST(%s AS JSON[])))", c.args[0].sql), typ: "JSON"}, nil
		},
	})
}

// objectKeysCall: fn(object, key1 [, key2 ...]); the keys travel as one
// JSON array.
func objectKeysCall(fn string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if len(c.args) < 2 {
			return expr{}, c.arity(p, 2, 2)
		}
		keys := make([]string, 0, len(c.args)-1)
		for _, a := range c.args[1:] {
			keys = append(keys, "to_json("+a.sql+")")
		}
		return expr{sql: fmt.Sprintf("CAST(%s(CAST(%s AS VARCHAR), CAST(to_json([%s]) AS VARCHAR)) AS JSON)",
			fn, c.args[0].sql, strings.Join(keys, ", ")), typ: "JSON"}, nil
	}
}

// arraySortCall: ARRAY_SORT(array [, sort_ascending [, nulls_first]]);
// nulls_first places SQL NULL elements, which the local engine's arrays
// never hold, so only its NULL-ness matters.
func arraySortCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 3); err != nil {
		return expr{}, err
	}
	asc := "TRUE"
	if len(c.args) >= 2 {
		asc = "CAST(" + c.args[1].sql + " AS BOOLEAN)"
	}
	s := fmt.Sprintf("CAST(_SF_GO_ARRAY_SORT(CAST(%s AS VARCHAR), %s) AS JSON)", c.args[0].sql, asc)
	if len(c.args) == 3 {
		s = fmt.Sprintf("CASE WHEN %s IS NULL THEN NULL ELSE %s END", c.args[2].sql, s)
	}
	return expr{sql: s, typ: "JSON"}, nil
}

// arrayExtremeCall: ARRAY_MAX / ARRAY_MIN(array) as a VARIANT, NULL for an
// empty array.
func arrayExtremeCall(max bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		return expr{sql: fmt.Sprintf("CAST(_SF_GO_ARRAY_MAX(CAST(%s AS VARCHAR), %t) AS JSON)", c.args[0].sql, max), typ: "JSON"}, nil
	}
}
