package rewrite

// LEFT(s, n) and RIGHT(s, n) as documented: SUBSTR(s, 1, n) and the last n
// characters, an empty string for a negative n (DuckDB's left/right take a
// negative n as "all but |n|": LEFT(email, POSITION('@' IN email) - 1) of
// an address without '@' would answer it less its last character).

// SUBSTR/SUBSTRING as Snowflake documents them: 1-based start, 0 treated as
// 1, a negative start counted from the end (outside the value: empty), a
// negative length an empty value, NULL in → NULL out. DuckDB's substring
// differs on 0 and on negative lengths, so it is never passed through.

func init() {
	registerFuncs(map[string]funcHandler{"SUBSTR": substrCall, "SUBSTRING": substrCall, "LEFT": leftRightCall("_SF_LEFT"),
		"RIGHT": leftRightCall("_SF_RIGHT")})
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_SUBSTR(s, p, n) AS CASE
		WHEN s IS NULL OR p IS NULL OR n IS NULL THEN NULL
		WHEN n < 0 OR (p < 0 AND -p > length(s)) THEN ''
		WHEN p = 0 THEN substring(s, 1, n)
		WHEN p < 0 THEN substring(s, length(s) + p + 1, n)
		ELSE substring(s, p, n) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_SUBSTR2(s, p) AS _SF_SUBSTR(s, p, 2147483647)`,
		`CREATE OR REPLACE TEMP MACRO _SF_LEFT(s, n) AS CASE WHEN s IS NULL OR n IS NULL THEN NULL WHEN n < 0 THEN '' ELSE left(s, n) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_RIGHT(s, n) AS CASE WHEN s IS NULL OR n IS NULL THEN NULL WHEN n < 0 THEN '' ELSE right(s, n) END`,
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

// leftRightCall renders LEFT or RIGHT of two arguments as macro m.
func leftRightCall(m string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 2); err != nil {
			return expr{}, err
		}
		return expr{sql: m + "(" + c.args[0].str() + ", " + c.args[1].num() + ")", typ: "VARCHAR"}, nil
	}
}
