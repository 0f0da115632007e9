package rewrite

import (
	"fmt"
	"strings"
)

// ARRAY_UNION_AGG(a) [OVER (...)] (docs: array_union_agg): the union of the
// input ARRAYs with multiset semantics — "the maximum number of
// occurrences of an individual value in a single input ARRAY determines
// the number of occurrences of that value in the output ARRAY"; NULL
// inputs are ignored, and no input (or only NULLs) gives []. The order is
// "not deterministic" in Snowflake; the local one is ascending (numbers,
// then booleans, then strings), which is the docs' example's ([1, 1, 2, 3]).
//
// An element is the k-th occurrence of its value in its ARRAY; the union
// is the distinct (value, k) pairs. Values are compared as the local
// VARIANT's JSON text, which is Snowflake's equality for integers, strings
// and booleans only: an input holding another element (a decimal or
// DOUBLE, 1 and 1.0 being one value; an OBJECT, whose key order does not
// count; an ARRAY; a JSON null, which the docs' "ignores NULL values … in
// the ARRAYs" may or may not mean) is refused, as is an input that is not
// an ARRAY.
func init() {
	registerFuncs(map[string]funcHandler{
		"ARRAY_UNION_AGG": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			a := c.args[0].sql
			if c.within != "" {
				return expr{}, p.unsupported(c.t, "ARRAY_UNION_AGG WITHIN GROUP")
			}
			// As a window function it "does not support explicit window
			// frames"; an ORDER BY would make DuckDB's a running one.
			if u := strings.ToUpper(c.over); strings.Contains(u, "ORDER BY") || strings.Contains(u, " ROWS ") || strings.Contains(u, " RANGE ") {
				return expr{}, p.unsupported(c.t, "ARRAY_UNION_AGG with an ORDER BY or a frame in OVER")
			}
			return expr{sql: fmt.Sprintf("_SF_ARRAY_UNION(list(CAST(%[1]s AS JSON)) FILTER (WHERE %[1]s IS NOT NULL)%[2]s)", a, overSuffix(c)), typ: "JSON"}, nil
		},
	})
	prelude = append(prelude,
		// _SF_ARRAY_UNION(l): the multiset union of the JSON arrays in l.
		`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_UNION(l) AS CAST('[' || array_to_string(list_transform(list_sort(list_distinct(flatten(
		list_transform(coalesce(l, []), _sf_x -> list_transform(CAST(CASE WHEN json_type(_sf_x) = 'ARRAY' THEN _sf_x
				ELSE CAST(_SF_REFUSE('ARRAY_UNION_AGG of a value that is not an ARRAY', _sf_x) AS JSON) END AS JSON[]),
			(_sf_e, _sf_i) -> {'r': CASE json_type(_sf_e) WHEN 'BIGINT' THEN 0 WHEN 'UBIGINT' THEN 0 WHEN 'BOOLEAN' THEN 1 WHEN 'VARCHAR' THEN 2
					ELSE CAST(_SF_REFUSE('ARRAY_UNION_AGG of an ARRAY holding a value other than an integer, string or boolean', coalesce(CAST(_sf_e AS VARCHAR), 'null')) AS INTEGER) END,
				'n': TRY_CAST(_sf_e AS HUGEINT), 'v': CAST(_sf_e AS VARCHAR),
				'k': len(list_filter(CAST(_sf_x AS JSON[])[1:_sf_i - 1], _sf_y -> CAST(_sf_y AS VARCHAR) = CAST(_sf_e AS VARCHAR)))}))))),
		_sf_u -> _sf_u.v), ',') || ']' AS JSON)`,
	)
}
