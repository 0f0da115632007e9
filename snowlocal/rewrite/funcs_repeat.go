package rewrite

import (
	"fmt"
	"strings"
)

// ARRAY_REPEAT(element, count) (docs: array_repeat): count copies of the
// element as VARIANT values; NULL for a NULL count, an empty array for a
// count of 0 or less. The element's JSON text is written once per row and
// repeated as text, the way ARRAY_CONSTRUCT builds its arrays.
func init() {
	registerFuncs(map[string]funcHandler{
		"ARRAY_REPEAT": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("_SF_ARRAY_REPEAT(_SF_VTEXT(%s), CAST(%s AS BIGINT))", elementSQL(c.args[0]), c.args[1].sql), typ: "JSON"}, nil
		},
	})
	prelude = append(prelude,
		// A NULL element: Snowflake's array holds count NULL values, which
		// the docs do not show as JSON nulls or undefined elements; refused
		// rather than guessed.
		`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_REPEAT(t, n) AS CASE WHEN n IS NULL THEN NULL
		WHEN n <= 0 THEN CAST('[]' AS JSON)
		WHEN t IS NULL THEN error('Unsupported feature ''ARRAY_REPEAT of a NULL element'': the local engine does not implement it.')
		ELSE CAST('[' || substr(repeat(',' || t, n), 2) || ']' AS JSON) END`,
	)
}

// ARRAYS_ZIP(array [, array ...]) (docs: arrays_zip) runs in Go
// (sfunc/arrays_zip.go) on the inputs' JSON text, NULL when any input is
// NULL.
func init() {
	registerFuncs(map[string]funcHandler{
		"ARRAYS_ZIP": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, -1); err != nil {
				return expr{}, err
			}
			texts := make([]string, len(c.args))
			for i, a := range c.args {
				texts[i] = "CAST(" + a.sql + " AS VARCHAR)"
			}
			return expr{sql: "CAST(_SF_GO_ARRAYS_ZIP('[' || " + strings.Join(texts, " || ',' || ") + " || ']') AS JSON)", typ: "JSON"}, nil
		},
	})
}

// AS_DECIMAL / AS_NUMBER(variant [, precision [, scale]]) (docs:
// as_decimal-number): a VARIANT holding a fixed-point number (TYPEOF
// INTEGER or DECIMAL) cast to NUMBER(precision, scale), default (38, 0);
// any other VARIANT, a DOUBLE included, gives NULL.
func asNumber(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 3); err != nil {
		return expr{}, err
	}
	var ps []string
	for _, a := range c.args[1:] {
		ps = append(ps, a.sql)
	}
	ty := mapTypeName("NUMBER")
	if len(ps) > 0 {
		ty, _ = mapType("NUMBER", ps)
	}
	e := castExpr(argExpr(c.args[0]), ty, false)
	e.sql = fmt.Sprintf("CASE WHEN _SF_TYPEOF2(%s) IN ('INTEGER', 'DECIMAL') THEN %s END", c.args[0].sql, e.sql)
	return e, nil
}

func init() {
	registerFuncs(map[string]funcHandler{"AS_NUMBER": asNumber, "AS_DECIMAL": asNumber})
}
