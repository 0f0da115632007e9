package rewrite

// SUBSTR/SUBSTRING as Snowflake documents them: 1-based start, 0 treated as
// 1, a negative start counted from the end (outside the value: empty), a
// negative length an empty value, NULL in → NULL out. DuckDB's substring
// differs on 0 and on negative lengths, so it is never passed through.

func init() {
	registerFuncs(map[string]funcHandler{"SUBSTR": substrCall, "SUBSTRING": substrCall})
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_SUBSTR(s, p, n) AS CASE
		WHEN s IS NULL OR p IS NULL OR n IS NULL THEN NULL
		WHEN n < 0 OR (p < 0 AND -p > length(s)) THEN ''
		WHEN p = 0 THEN substring(s, 1, n)
		WHEN p < 0 THEN substring(s, length(s) + p + 1, n)
		ELSE substring(s, p, n) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_SUBSTR2(s, p) AS _SF_SUBSTR(s, p, 2147483647)`,
	)
}

func substrCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 3); err != nil {
		return expr{}, err
	}
	if len(c.args) == 2 {
		return expr{sql: "_SF_SUBSTR2(" + c.args[0].str() + ", " + c.args[1].num() + ")", typ: "VARCHAR"}, nil
	}
	return expr{sql: "_SF_SUBSTR(" + c.args[0].str() + ", " + c.args[1].num() + ", " + c.args[2].num() + ")", typ: "VARCHAR"}, nil
}
