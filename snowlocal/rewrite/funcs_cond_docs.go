package rewrite

import "fmt"

// Conditional functions Snowflake has and DuckDB lacks or names otherwise
// (docs: greatest_ignore_nulls, least_ignore_nulls, regr_valx, regr_valy).

func init() {
	registerFuncs(map[string]funcHandler{
		// DuckDB's GREATEST/LEAST skip NULLs, which is what the
		// _IGNORE_NULLS forms do (NULL only when all are NULL).
		"GREATEST_IGNORE_NULLS": ignoreNulls("greatest"),
		"LEAST_IGNORE_NULLS":    ignoreNulls("least"),
		// REGR_VALX(y, x) is NULL when y is, else x; REGR_VALY(y, x) is NULL
		// when x is, else y; both FLOAT.
		"REGR_VALX": regrVal(true),
		"REGR_VALY": regrVal(false),
	})
}

func ignoreNulls(fn string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, -1); err != nil {
			return expr{}, err
		}
		d := *c
		d.sqlName = fn
		return defaultCall(&d), nil
	}
}

func regrVal(x bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 2); err != nil {
			return expr{}, err
		}
		y, v := c.args[0].num(), c.args[1].num()
		if !x {
			y, v = v, y
		}
		return expr{sql: fmt.Sprintf("(CASE WHEN (%s) IS NULL THEN NULL ELSE CAST(%s AS DOUBLE) END)", y, v)}, nil
	}
}
