package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Window functions Snowflake has and DuckDB lacks: CONDITIONAL_TRUE_EVENT
// and CONDITIONAL_CHANGE_EVENT (docs: conditional_true_event,
// conditional_change_event).

func init() {
	registerFuncs(map[string]funcHandler{
		"CONDITIONAL_TRUE_EVENT":   conditionalEvent(false),
		"CONDITIONAL_CHANGE_EVENT": conditionalEvent(true),
		"INTERPOLATE_FFILL":        interpolateFill(false),
		"INTERPOLATE_BFILL":        interpolateFill(true),
		"INTERPOLATE_LINEAR":       interpolateLinear,
	})
}

// interpolateFill: INTERPOLATE_FFILL(x) "gap-fills rows based on the
// previously observed row", INTERPOLATE_BFILL(x) "based on the next
// observed row", "OVER ( [ PARTITION BY <expr1> ] ORDER BY <expr2> [ { ASC
// | DESC } ] [ NULLS { FIRST | LAST } ] )", returning "the same data type as
// the data type of the input expression" (docs: interpolate_bfill,
// https://docs.snowflake.com/en/sql-reference/functions/interpolate_bfill):
// the row's own value, else the last (first) non-NULL one before (after) it
// in the partition, NULL where none is — the docs' example fills 48 after
// 48 and 49 before 49, and FFILL is NULL on a partition's first row, BFILL
// past its last observation. Which of two rows whose ORDER BY values tie
// is the previous one no source says: a partition with such rows is
// refused (002040) when read, on every one of its rows. An explicit frame
// fails as the docs show, "002303 (0A000): SQL compilation error: error
// line 1 at position 111 / Sliding window frame unsupported for function
// INTERPOLATE_BFILL" (at the frame's first word), for a sliding frame (an
// offset PRECEDING or FOLLOWING); another frame, a missing ORDER BY and a
// named window, whose errors the docs do not give, are refused (002040).
func interpolateFill(next bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		if err := p.interpolateOver(c); err != nil {
			return expr{}, err
		}
		x := c.args[0].sql
		if strings.Contains(strings.ToUpper(x), " OVER (") || strings.Contains(strings.ToUpper(x), " OVER(") {
			return expr{}, p.unsupported(c.t, c.name+" with a window function in its argument")
		}
		base := c.over[:len(c.over)-1]
		fill := fmt.Sprintf("last_value(%s IGNORE NULLS) %s ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)", x, base)
		if next {
			fill = fmt.Sprintf("first_value(%s IGNORE NULLS) %s ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)", x, base)
		}
		partition := ""
		if len(c.win.partition) > 0 {
			partition = "PARTITION BY " + strings.Join(c.win.partition, ", ")
		}
		tie := fmt.Sprintf("count(*) OVER (%[1]s) <> count(DISTINCT row(%[2]s)) OVER (%[1]s)", partition, strings.Join(c.win.order, ", "))
		return expr{sql: fmt.Sprintf("CASE WHEN %s THEN error('Unsupported feature: %s over rows whose ORDER BY values tie in a partition (which of them is the previous row is not documented), in the local engine.') ELSE %s END",
			tie, c.name, fill)}, nil
	}
}

// interpolateLinear: INTERPOLATE_LINEAR "Gap-fills rows based on the linear
// interpolation of previous and next values" and returns the input's type
// (docs: interpolate_bfill), but the docs show no example, nor how an
// interpolated value is rounded to a NUMBER's scale: refused (002040).
func interpolateLinear(p *parser, c *call) (expr, error) {
	return expr{}, p.unsupported(c.t, c.name+" (the docs show no example of its values, nor how one is rounded to the input's type)")
}

// interpolateOver checks the OVER clause of an INTERPOLATE_BFILL/FFILL
// call c (interpolateFill).
func (p *parser) interpolateOver(c *call) error {
	if c.nulls != "" || c.within != "" {
		return p.unsupported(c.t, c.name+" with "+strings.TrimSpace(c.nulls+" WITHIN GROUP"))
	}
	if c.win == nil || !strings.HasPrefix(c.over, "OVER (") || len(c.win.order) == 0 {
		return p.unsupported(c.t, c.name+" without OVER (… ORDER BY …)")
	}
	if c.win.frame < 0 {
		return nil
	}
	t := p.toks[c.win.frame]
	sliding := false
	for j := c.win.frame; j+1 < len(p.toks) && !p.toks[j].IsOp(")"); j++ {
		if p.toks[j].Kind == sqllex.Number && (p.toks[j+1].IsWord("PRECEDING") || p.toks[j+1].IsWord("FOLLOWING")) {
			sliding = true
		}
	}
	if !sliding || !t.IsWord("ROWS") {
		return p.unsupported(t, c.name+" with a window frame")
	}
	return &Error{Code: "002303", Line: t.Line, Col: t.Col,
		Message: fmt.Sprintf("SQL compilation error: error line %d at position %d\nSliding window frame unsupported for function %s", t.Line, t.Col-1, c.name)}
}

// conditionalEvent: CONDITIONAL_TRUE_EVENT(x) counts the rows from the
// start of the partition up to the current one on which x is TRUE (NULL is
// not); CONDITIONAL_CHANGE_EVENT(x) counts the rows whose x differs from
// the previous row's (documented as CONDITIONAL_TRUE_EVENT(x != LAG(x))):
// the list of x up to the current row, compared pairwise, since DuckDB
// cannot nest LAG in the SUM.
func conditionalEvent(change bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		up := strings.ToUpper(c.over)
		if !strings.HasPrefix(up, "OVER (") || !strings.Contains(up, "ORDER BY") {
			return expr{}, p.unsupported(c.t, c.name+" without OVER (... ORDER BY ...)")
		}
		if frameClause(up) {
			return expr{}, p.unsupported(c.t, c.name+" with a window frame")
		}
		x := c.args[0].sql
		if strings.Contains(strings.ToUpper(x), " OVER (") || strings.Contains(strings.ToUpper(x), " OVER(") {
			return expr{}, p.unsupported(c.t, c.name+" with a window function in its argument")
		}
		over := c.over[:len(c.over)-1] + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
		if !change {
			return expr{sql: fmt.Sprintf("coalesce(sum(CASE WHEN CAST(%s AS BOOLEAN) THEN 1 ELSE 0 END) %s, 0)", x, over)}, nil
		}
		return expr{sql: fmt.Sprintf("list_transform([list(%s) %s], _sf_l -> coalesce(list_sum(list_transform(range(2, len(_sf_l) + 1), _sf_i -> CASE WHEN _sf_l[_sf_i] <> _sf_l[_sf_i - 1] THEN 1 ELSE 0 END)), 0))[1]", x, over)}, nil
	}
}

// frameClause reports whether an upper-cased OVER (...) has a window frame.
func frameClause(over string) bool {
	return strings.Contains(over, " ROWS ") || strings.Contains(over, " RANGE ") || strings.Contains(over, " GROUPS ")
}

// unreservedTableWord: words the rewriter treats as keywords that are not
// reserved in Snowflake and may name a table (the window syntax page's
// table "nulls").
var unreservedTableWord = toSet(`NULLS FIRST LAST NEXT`)

// partitionOnlyWindow: aggregates whose window form Snowflake documents as
// OVER ( [ PARTITION BY … ] ) alone — "When this function is called as a
// window function, it does not support: An ORDER BY clause within the OVER
// clause. Explicit window frames." (the LISTAGG, OBJECT_AGG, MEDIAN, CORR,
// COVAR_*, REGR_*, KURTOSIS, BOOLAND_AGG pages; the syntax of the MODE,
// BITAND_AGG, ANY_VALUE, PERCENTILE_CONT/DISC, APPROX_PERCENTILE and
// APPROX_COUNT_DISTINCT pages). DuckDB would answer a running or sliding
// aggregate where Snowflake fails the statement.
var partitionOnlyWindow = toSet(`LISTAGG OBJECT_AGG OBJECTAGG MEDIAN MODE CORR COVAR_POP COVAR_SAMP
REGR_AVGX REGR_AVGY REGR_COUNT REGR_INTERCEPT REGR_R2 REGR_SLOPE REGR_SXX REGR_SXY REGR_SYY KURTOSIS
BOOLAND_AGG BOOLOR_AGG BOOLXOR_AGG BITAND_AGG BITOR_AGG BITXOR_AGG ANY_VALUE
PERCENTILE_CONT PERCENTILE_DISC APPROX_PERCENTILE APPROX_COUNT_DISTINCT HLL`)

// orderedNoFrame: window functions whose OVER clause Snowflake documents as
// ( [ PARTITION BY … ] ORDER BY … ) with no window frame (the LAG and LEAD
// pages). DuckDB ignores a frame and answers LAG without an ORDER BY in
// whatever order the rows arrive.
var orderedNoFrame = toSet(`LAG LEAD`)

// partitionOnlyOver refuses an ORDER BY or a frame in the OVER clause of a
// partitionOnlyWindow aggregate, and a frame or a missing ORDER BY in that
// of an orderedNoFrame function.
func (p *parser) partitionOnlyOver(c *call) error {
	up := strings.ToUpper(c.over)
	switch {
	case c.over == "":
	case partitionOnlyWindow[c.name] && (strings.Contains(up, "ORDER BY") || frameClause(up)):
		return p.unsupported(c.t, c.name+" with ORDER BY or a window frame in OVER (Snowflake does not support them)")
	case orderedNoFrame[c.name] && strings.HasPrefix(up, "OVER (") && (frameClause(up) || !strings.Contains(up, "ORDER BY")):
		return p.unsupported(c.t, c.name+" with a window frame or without ORDER BY in OVER (Snowflake's takes ORDER BY and no frame)")
	}
	return nil
}
