package rewrite

// COT(0) is inf in Snowflake (docs: cot); DuckDB's cot refuses 0.

func init() {
	registerFuncs(map[string]funcHandler{
		"COT": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "_SF_COT(CAST(" + c.args[0].num() + " AS DOUBLE))"}, nil
		},
	})
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_COT(x) AS CASE WHEN x = 0 THEN CAST('inf' AS DOUBLE) ELSE cot(x) END`)
}
