package rewrite

import (
	"fmt"
	"strconv"
	"strings"
)

// Aggregate and window functions whose Snowflake semantics differ from
// DuckDB's same-named ones, and GROUP BY GROUPING SETS / ROLLUP / CUBE.

func init() {
	registerFuncs(map[string]funcHandler{
		"MEDIAN":          median,
		"PERCENTILE_CONT": percentile("quantile_cont", true),
		"PERCENTILE_DISC": percentile("quantile_disc", false),
		"RATIO_TO_REPORT": ratioToReport,
		"FIRST_VALUE":     wholePartitionFrame,
		"LAST_VALUE":      wholePartitionFrame,
		"NTH_VALUE":       wholePartitionFrame,
	})
}

// median: Snowflake returns a fixed-point input's median with three more
// decimal places (MEDIAN of NUMBER(10,2) is NUMBER(13,5)); multiplying by
// 1.000 gives DuckDB's decimal the same scale, and leaves floats floats;
// the median then has Snowflake's precision, p + 3 (types_agg.go).
func median(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	x := c.args[0].num()
	if p.pvt {
		if x, ok := pivotAggOperand(x, c.args[0], "MEDIAN"); !ok {
			return expr{sql: "median((" + x + ") * 1.000)"}, nil
		}
	}
	return expr{sql: typedAgg("median(("+x+") * 1.000)"+overSuffix(c), c.args[0], c.over != "", 3, 3, 38)}, nil
}

// percentile rewrites PERCENTILE_CONT/DISC(p) WITHIN GROUP (ORDER BY x [ASC|DESC]).
//
// The docs define both over the ordered values: PERCENTILE_DISC is the
// first value whose cumulative distribution reaches p, PERCENTILE_CONT the
// linear interpolation at position p * (n - 1). They are computed so over
// the group's sorted list (_SF_PCT_DISC, _SF_PCT_CONT), with p an exact
// decimal: DuckDB's quantile_cont interpolates in a DOUBLE and truncates
// the product (PERCENTILE_CONT(0.3) of 1, 2, 3, 4 was 1.899, not 1.900),
// and quantile_disc(1 - p) is not the descending percentile where p * n is
// whole (PERCENTILE_DISC(0.5) ... DESC of 1, 2, 3, 4 was 2, not 3).
func percentile(fn string, rescale bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		w := strings.TrimSpace(c.within)
		if !strings.HasPrefix(strings.ToUpper(w), "ORDER BY ") {
			return expr{}, p.unsupported(c.t, c.name+" without WITHIN GROUP (ORDER BY ...)")
		}
		x := strings.TrimSpace(w[len("ORDER BY "):])
		frac := strings.TrimSpace(c.args[0].sql)
		up := strings.ToUpper(x)
		desc := false
		switch {
		case strings.HasSuffix(up, " DESC"):
			x = strings.TrimSpace(x[:len(x)-len(" DESC")])
			desc = true
		case strings.HasSuffix(up, " ASC"):
			x = strings.TrimSpace(x[:len(x)-len(" ASC")])
		}
		if strings.Contains(up, " NULLS ") || strings.Contains(x, ",") {
			return expr{}, p.unsupported(c.t, c.name+" with this WITHIN GROUP ordering")
		}
		f, err := strconv.ParseFloat(frac, 64)
		if err != nil {
			return expr{}, p.unsupported(c.t, c.name+" with a non-constant percentile")
		}
		// The percentile as an exact decimal literal from 0 to 1 (outside,
		// Snowflake fails; its text is not documented). Over NUMBER(p, s)
		// values the interpolation is exact at the result's s + 3 decimals
		// when p has at most three; past that Snowflake's rounding is
		// undocumented.
		digits := strings.TrimLeft(frac, "0123456789")
		if f < 0 || f > 1 || (digits != "" && (digits[0] != '.' || strings.TrimLeft(digits[1:], "0123456789") != "")) {
			return expr{}, p.unsupported(c.t, c.name+"("+frac+")")
		}
		if rescale && len(digits) > 4 {
			return expr{}, p.unsupported(c.t, c.name+" with a percentile of more than three decimals")
		}
		if strings.HasPrefix(frac, ".") {
			frac = "0" + frac
		}
		if !rescale {
			// Of a text, Snowflake's PERCENTILE_DISC converts the values
			// to numbers (mlorek/frostlake docs/functions.md, an
			// independent reference, live-verified: NUMBER(9,0)), which
			// DuckDB's would order and answer as texts: refused as each
			// text is read. typeof() folds, so a number costs nothing.
			x = "CASE WHEN typeof(" + x + ") = 'VARCHAR' AND (" + x + ") IS NOT NULL THEN error('Unsupported feature ''" + c.name +
				" of a text'': the local engine does not implement it.') ELSE " + x + " END"
			if p.pvt {
				if desc {
					return expr{}, p.unsupported(c.t, c.name+" ... DESC in a PIVOT")
				}
				return expr{sql: fn + "(" + x + ", " + frac + ")"}, nil
			}
			v := "_SF_PCT_DISC(" + sortedList(x, desc) + overSuffix(c) + ", " + frac + ")"
			if k := c.withinKey; k != nil && k.path == nil && k.intWidth > 0 {
				// The input's type unchanged (mlorek/frostlake
				// docs/functions.md): an integer of known precision (a
				// VALUES column of literals) is a NUMBER(w, 0), whatever
				// DuckDB holds it as.
				v = fmt.Sprintf("CAST(%s AS DECIMAL(%d, 0))", v, k.intWidth)
			}
			return expr{sql: v}, nil
		}
		// PERCENTILE_CONT is typed as MEDIAN (types_agg.go).
		if p.pvt {
			if desc {
				frac = "1 - (" + frac + ")"
			}
			x, _ = pivotAggOperand(x, arg{sql: x}, c.name)
			return expr{sql: fn + "((" + x + ") * 1.000, " + frac + ")"}, nil
		}
		v := "_SF_PCT_CONT(" + sortedList("("+x+") * 1.000", desc) + overSuffix(c) + ", " + frac + ")"
		key := arg{sql: x}
		if k := c.withinKey; k != nil && k.path == nil {
			key.e = k // its type, an integer's precision included (types_agg.go)
		}
		return expr{sql: typedAgg(v, key, c.over != "", 3, 3, 38)}, nil
	}
}

// sortedList is the aggregate list of x's non-NULL values in order.
func sortedList(x string, desc bool) string {
	dir := ""
	if desc {
		dir = " DESC"
	}
	return "list(" + x + " ORDER BY " + x + dir + ") FILTER (WHERE " + x + " IS NOT NULL)"
}

func init() {
	prelude = append(prelude,
		// _SF_PCT_DISC(sorted, p): the first value whose cumulative
		// distribution (i / n) reaches p; NULL over no values.
		`CREATE OR REPLACE TEMP MACRO _SF_PCT_DISC(l, q) AS l[greatest(1, CAST(ceil(q * len(l)) AS BIGINT))]`,
		// _SF_PCT_CONT(sorted, p): the interpolation at position p * (n - 1)
		// (0-based), in the values' own (decimal) arithmetic.
		`CREATE OR REPLACE TEMP MACRO _SF_PCT_CONT(l, q) AS l[CAST(floor(q * (len(l) - 1)) AS BIGINT) + 1]
		+ (l[CAST(ceil(q * (len(l) - 1)) AS BIGINT) + 1] - l[CAST(floor(q * (len(l) - 1)) AS BIGINT) + 1])
		* (q * (len(l) - 1) - floor(q * (len(l) - 1)))`,
	)
}

// ratioToReport is expr / SUM(expr) over the partition (an ORDER BY in the
// window does not change it, as Snowflake documents).
func ratioToReport(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	over := c.over
	if over == "" {
		return expr{}, p.unsupported(c.t, "RATIO_TO_REPORT without OVER")
	}
	if i := strings.Index(strings.ToUpper(over), " ORDER BY "); i >= 0 {
		over = over[:i] + ")"
	} else if strings.HasPrefix(strings.ToUpper(over), "OVER (ORDER BY ") {
		over = "OVER ()"
	}
	x := c.args[0].num()
	return expr{sql: "((" + x + ") / NULLIF(SUM(" + x + ") " + over + ", 0))"}, nil
}

// wholePartitionFrame: with ORDER BY and no frame, Snowflake's FIRST_VALUE,
// LAST_VALUE and NTH_VALUE look at the whole partition (ROWS BETWEEN
// UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), not up to the current row.
func wholePartitionFrame(p *parser, c *call) (expr, error) {
	d := defaultCall(c)
	up := strings.ToUpper(c.over)
	if strings.Contains(up, "ORDER BY") && !strings.Contains(up, " ROWS ") && !strings.Contains(up, " RANGE ") &&
		!strings.Contains(up, " GROUPS ") && strings.HasSuffix(c.over, ")") {
		over := c.over[:len(c.over)-1] + " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
		d.sql = strings.TrimSuffix(d.sql, c.over) + over
	}
	return d, nil
}

// groupingSets rewrites GROUPING SETS (...), ROLLUP (...) and CUBE (...) at
// the current token; ok is false when none starts here.
func (p *parser) groupingSets() (string, bool, error) {
	t := p.peek()
	var head string
	switch {
	case t.IsWord("GROUPING") && p.peekN(1).IsWord("SETS") && p.peekN(2).IsOp("("):
		head = "GROUPING SETS"
		p.i += 3
	case (t.IsWord("ROLLUP") || t.IsWord("CUBE")) && p.peekN(1).IsOp("(") && p.peekN(-1).IsWord("BY"):
		head = strings.ToUpper(t.Text)
		p.i += 2
	default:
		return "", false, nil
	}
	var items []string
	for !p.isOp(")") {
		if p.acceptOp("(") {
			inner, err := p.listUntil(")")
			if err != nil {
				return "", true, err
			}
			items = append(items, "("+strings.Join(inner, ", ")+")")
		} else {
			s, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") })
			if err != nil {
				return "", true, err
			}
			items = append(items, s)
		}
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(")"); err != nil {
		return "", true, err
	}
	return head + " (" + strings.Join(items, ", ") + ")", true, nil
}
