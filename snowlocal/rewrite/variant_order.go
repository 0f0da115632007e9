package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Ordering of VARIANT values. DuckDB holds a VARIANT as JSON text and so
// orders it as text (10 before 9); Snowflake orders VARIANT numbers by
// value: "For numeric values, leading zeros before the decimal point and
// trailing zeros (0) after the decimal point have no effect on sort order"
// and "The sort order isn't guaranteed to be consistent for values of
// different data types in semi-structured data" (docs: ORDER BY,
// https://docs.snowflake.com/en/sql-reference/constructs/order-by). An
// ORDER BY item and the argument of MIN/MAX that are VARIANTs sort by
// _SF_VSORT's key: the type's rank, then a number's value (as a DOUBLE,
// ties broken by an exact DECIMAL(38,18)) or a string's, boolean's text.
// The order of ARRAYs and OBJECTs is not documented: refused when a row
// holds one.

func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_VSORT(j) AS CASE WHEN j IS NULL THEN NULL ELSE {
		'r': CASE json_type(j) WHEN 'BIGINT' THEN 1 WHEN 'UBIGINT' THEN 1 WHEN 'DOUBLE' THEN 1
			WHEN 'VARCHAR' THEN 2 WHEN 'BOOLEAN' THEN 3 WHEN 'NULL' THEN 4 ELSE 5 END,
		'n': TRY_CAST(j AS DOUBLE),
		'd': TRY_CAST(CAST(j AS VARCHAR) AS DECIMAL(38,18)),
		's': CASE WHEN json_type(j) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN NULL
			WHEN json_type(j) IN ('ARRAY', 'OBJECT') THEN _SF_REFUSE('the order of ARRAY or OBJECT values (ORDER BY, MIN, MAX)', j)
			ELSE json_extract_string(j, '$') END} END`)
	registerFuncs(map[string]funcHandler{"MIN": variantMinMax("min_by"), "MAX": variantMinMax("max_by")})
}

// isVariant reports whether an operand is semi-structured: a path, a
// function returning a VARIANT, OBJECT or ARRAY, or such a column.
func isVariant(e expr) bool {
	return e.typ == "JSON" || e.path != nil || e.variant
}

// variantMinMax renders MIN/MAX of a VARIANT as the value with the least or
// greatest _SF_VSORT key; other arguments pass through as before.
func variantMinMax(by string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if len(c.args) == 1 && !c.star && c.args[0].e != nil && isVariant(*c.args[0].e) && !argDistinct(c.args[0]) {
			x := c.args[0].e.render()
			return expr{sql: by + "(" + x + ", _SF_VSORT(" + x + "))" + overSuffix(c), typ: "JSON"}, nil
		}
		if err := p.allowedCall(c); err != nil {
			return expr{}, err
		}
		return defaultCall(c), nil
	}
}

// argDistinct reports whether an argument is written DISTINCT x.
func argDistinct(a arg) bool {
	return len(a.toks) > 0 && a.toks[0].IsWord("DISTINCT")
}

// orderItemEnd are the words that may follow an ORDER BY item.
var orderItemEnd = toSet(`ASC DESC NULLS LIMIT OFFSET FETCH UNION EXCEPT INTERSECT MINUS ROWS RANGE GROUPS`)

// orderItem reports whether the operand from token start to the current
// token is a whole ORDER BY item, of a query block, a window's OVER or a
// WITHIN GROUP.
func (p *parser) orderItem(start int) bool {
	switch n := p.peek(); {
	case p.eof(), n.IsOp(","), n.IsOp(")"), n.IsOp(";"):
	case n.Kind == sqllex.Word && orderItemEnd[strings.ToUpper(n.Text)]:
	default:
		return false
	}
	if start < 2 {
		return false
	}
	if prev := p.toks[start-1]; !prev.IsWord("BY") && !prev.IsOp(",") {
		return false
	}
	depth := 0
	for k := start - 1; k >= 1; k-- {
		t := p.toks[k]
		switch {
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth++
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			if depth == 0 {
				return false
			}
			depth--
		case depth == 0 && t.IsWord("BY"):
			return p.toks[k-1].IsWord("ORDER")
		case depth == 0 && (isClause(t) || t.IsWord("SELECT")):
			return false
		}
	}
	return false
}
