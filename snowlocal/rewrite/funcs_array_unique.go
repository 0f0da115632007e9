package rewrite

import "strings"

// ARRAY_UNIQUE_AGG(x) [OVER (PARTITION BY ...)] (docs: array_unique_agg):
// "an array containing the distinct values in the specified column", NULLs
// ignored, [] for no rows or only NULLs; "The values in the array are in no
// particular order, and the order is not deterministic". That is
// ARRAY_AGG(DISTINCT x) (funcs_variant.go), whose order is as undetermined.
// A VARIANT operand is refused: which of two values Snowflake finds equal
// (1 and 1.0) it keeps no source says, and ARRAY_AGG(DISTINCT ...) checks
// that only from the tokens after DISTINCT. As a window function it "does
// not support explicit window frames".
func init() {
	registerFuncs(map[string]funcHandler{
		"ARRAY_UNIQUE_AGG": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			if c.within != "" {
				return expr{}, p.unsupported(c.t, "ARRAY_UNIQUE_AGG WITHIN GROUP")
			}
			if u := strings.ToUpper(c.over); strings.Contains(u, "ORDER BY") || strings.Contains(u, " ROWS ") || strings.Contains(u, " RANGE ") {
				return expr{}, p.unsupported(c.t, "ARRAY_UNIQUE_AGG with an ORDER BY or a frame in OVER")
			}
			a := c.args[0]
			if u := strings.ToUpper(a.sql); strings.HasPrefix(u, "DISTINCT ") || strings.HasPrefix(u, "ALL ") {
				return expr{}, p.unsupported(c.t, "ARRAY_UNIQUE_AGG(DISTINCT ...)")
			}
			known := a.e != nil && (a.e.typ != "" || a.e.textColumn || a.e.intWidth > 0)
			if !known || a.e.typ == "JSON" || a.e.variant || a.e.path != nil {
				return expr{}, p.unsupported(c.t, "ARRAY_UNIQUE_AGG of a VARIANT or of an operand whose type the local engine does not know")
			}
			d := *c
			d.args = []arg{{sql: "DISTINCT " + a.sql, e: a.e, distinct: a.e, toks: a.toks}}
			return arrayAggText(p, &d)
		},
	})
}
