package rewrite

import (
	"fmt"
	"strings"
)

// Aggregates Snowflake has and DuckDB names or computes otherwise:
// BITAND_AGG / BITOR_AGG / BITXOR_AGG (and their aliases), BOOLXOR_AGG and
// GROUPING_ID (docs: bitand_agg, bitor_agg, bitxor_agg, boolxor_agg,
// grouping_id).

func init() {
	m := map[string]funcHandler{
		"BOOLXOR_AGG": boolxorAgg,
		"GROUPING_ID": func(p *parser, c *call) (expr, error) { // an alias of GROUPING
			d := *c
			d.name, d.sqlName = "GROUPING", "GROUPING"
			return defaultCall(&d), nil
		},
	}
	for fn, names := range map[string][]string{
		"bit_and": {"BITAND_AGG", "BITANDAGG", "BIT_AND_AGG", "BIT_ANDAGG"},
		"bit_or":  {"BITOR_AGG", "BITORAGG", "BIT_OR_AGG", "BIT_ORAGG"},
		"bit_xor": {"BITXOR_AGG", "BITXORAGG", "BIT_XOR_AGG", "BIT_XORAGG"},
	} {
		for _, n := range names {
			m[n] = bitAgg(fn)
		}
	}
	registerFuncs(m)
}

// bitAgg: the values are rounded to the nearest integer first (a string is
// read as a number; one that is not a number fails with 100038 as in the
// docs' example); DISTINCT "has no effect".
func bitAgg(fn string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		x := c.args[0].num()
		if u := strings.ToUpper(strings.TrimSpace(x)); strings.HasPrefix(u, "DISTINCT ") {
			x = strings.TrimSpace(x)[len("DISTINCT "):]
		}
		return expr{sql: fmt.Sprintf("%s(CAST(CAST(%s AS DECIMAL(38, 0)) AS HUGEINT))%s", fn, x, overSuffix(c))}, nil
	}
}

// boolxorAgg: TRUE when exactly one value is TRUE, NULL when all are NULL.
func boolxorAgg(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	x, over := c.args[0].sql, overSuffix(c)
	return expr{sql: fmt.Sprintf("(CASE WHEN count(%[1]s)%[2]s = 0 THEN NULL ELSE sum(CASE WHEN CAST(%[1]s AS BOOLEAN) THEN 1 ELSE 0 END)%[2]s = 1 END)", x, over), typ: "BOOLEAN"}, nil
}
