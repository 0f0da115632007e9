package rewrite

import (
	"fmt"
	"strings"
)

// Variance and standard deviation of a fixed-point NUMBER. Snowflake's
// VAR_POP/VAR_SAMP/VARIANCE return "NUMBER(<precision>, <scale>). The scale
// depends upon the values being processed" (docs: var_pop, Returns); its
// example over a DECIMAL(10,2) prints 54.6875000000, scale 10. The
// independent reference mlorek/frostlake (docs/functions.md, live-verified)
// gives the rule: NUMBER(38, min(12, 2s + 6)) over a NUMBER(p, s), the
// variance rounded to that scale. The standard deviation is the square root
// of that rounded variance: the docs' STDDEV_POP of the INTEGERs 6, 10, 14
// is 3.265986375, the root of 10.666667, not of 10.666666... (docs:
// stddev_pop). DuckDB's var_pop and stddev_pop compute in DOUBLE, so both
// the type and, for the deviation, the value differed.
//
// The rounded variance is computed exactly, in 128-bit integers: with X
// the value times 10^s, n·ΣX² − (ΣX)² over n² (n(n−1) for a sample) times
// 10^2s, rounded half up to the result's scale. A sum past 128 bits fails
// with DuckDB's overflow error instead of answering.
//
// Where the rewriter does not know the argument's type (an expression it
// does not type), DuckDB's DOUBLE functions answer only when the argument
// turns out to be a FLOAT (or a text or VARIANT, which Snowflake reads on
// the FLOAT tier: "The computing aggregates (SUM, AVG, the variance family)
// take the same input on the FLOAT tier", mlorek/frostlake
// docs/functions.md, an independent reference, live-verified). Where it
// turns out to be an integer or a DECIMAL, a NUMBER whose Snowflake scale
// the rewriter does not know (and so neither the result's scale nor the
// rounded variance a deviation is the root of), the statement is refused
// as DuckDB binds it (_SF_VAR_ARG: typeof() is a constant there, no cost
// per row).

// varRefusal is the refusal of a variance or deviation of a number whose
// type only DuckDB sees (a struct key: no double quote; DuckDB's error
// lower-cases it).
const varRefusal = `unsupported: var_pop, var_samp, variance or stddev of a number expression whose type the local engine sees only as it runs the statement (cast it, for example to number(38, 2) or float)`

func init() {
	prelude = append(prelude,
		// _SF_VAR_ARG(x): x, unless its type is an integer or a DECIMAL,
		// where the key the struct lacks refuses the statement while DuckDB
		// binds it (result.go reads it as 002040). ([x][1]: see
		// _SF_MUL_PICK.)
		`CREATE OR REPLACE TEMP MACRO _SF_VAR_FIXED_T(t) AS
		regexp_full_match(t, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') OR starts_with(t, 'DECIMAL(')`,
		`CREATE OR REPLACE TEMP MACRO _SF_VAR_ARG(x) AS CASE WHEN _SF_VAR_FIXED_T(typeof(x))
		THEN struct_extract({'x': [x][1]}, CASE WHEN _SF_VAR_FIXED_T(typeof(x)) THEN '`+varRefusal+`' ELSE 'x' END)
		ELSE x END`,
	)
	for name, kind := range map[string]string{
		"VAR_POP": "pop", "VARIANCE_POP": "pop", "VAR_SAMP": "samp", "VARIANCE": "samp", "VARIANCE_SAMP": "samp",
		"STDDEV_POP": "sdpop", "STDDEV": "sdsamp", "STDDEV_SAMP": "sdsamp",
	} {
		registerFuncs(map[string]funcHandler{name: varianceFunc(kind)})
	}
}

// varianceFunc renders a variance (kind pop or samp) or a standard
// deviation (sdpop, sdsamp).
func varianceFunc(kind string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		a := c.args[0]
		x := a.num()
		s, ok := fixedScale(a)
		if !ok || c.within != "" || c.nulls != "" {
			// DuckDB's DOUBLE function, by its name for the two aliases
			// DuckDB does not have, of an argument checked as DuckDB binds
			// it (unless the rewriter knows it is no NUMBER).
			switch c.name {
			case "VARIANCE_POP":
				c.sqlName = "VAR_POP"
			case "VARIANCE_SAMP":
				c.sqlName = "VAR_SAMP"
			}
			if !notFixed(a) {
				d := ""
				if rest, isDistinct := strings.CutPrefix(x, "DISTINCT "); isDistinct {
					d, x = "DISTINCT ", rest
				}
				c.args[0] = arg{sql: d + "_SF_VAR_ARG(" + x + ")"}
			}
			return defaultCall(c), nil
		}
		if strings.HasPrefix(strings.ToUpper(strings.TrimSpace(x)), "DISTINCT ") || p.pvt {
			// DuckDB's DISTINCT aggregates and PIVOT take the one DOUBLE
			// call, whose type and rounding are not Snowflake's.
			return expr{}, p.unsupported(c.t, c.name+" of a NUMBER with DISTINCT or in a PIVOT")
		}
		if s > 15 {
			// 10^2s would pass DuckDB's 128-bit integers.
			return expr{}, p.unsupported(c.t, c.name+" of a NUMBER with a scale above 15")
		}
		scale := min(12, 2*s+6)
		over := overSuffix(c)
		big := fmt.Sprintf("CAST(%s AS HUGEINT)", x)
		if s > 0 {
			big = fmt.Sprintf("CAST((%s) * %s AS HUGEINT)", x, pow10(s))
		}
		n := fmt.Sprintf("CAST(count(%s)%s AS HUGEINT)", x, over)
		num := fmt.Sprintf("(%[1]s * sum(%[2]s * %[2]s)%[3]s - sum(%[2]s)%[3]s * sum(%[2]s)%[3]s)", n, big, over)
		den := fmt.Sprintf("nullif(%s * %s * %s, 0)", n, n, pow10(2*s))
		if kind == "samp" || kind == "sdsamp" {
			den = fmt.Sprintf("nullif(%s * (%s - 1) * %s, 0)", n, n, pow10(2*s))
		}
		// Rounded half up to scale digits: the whole part, then the
		// remainder's digits, so that no intermediate value needs more
		// than the remainder times 10^scale.
		unscaled := fmt.Sprintf("(%[1]s // %[2]s * %[3]s + (%[1]s %% %[2]s * %[3]s * 2 + %[2]s) // (2 * %[2]s))", num, den, pow10(scale))
		v := fmt.Sprintf("CAST(CAST(%s AS DECIMAL(38, 0)) * 0.%s1 AS DECIMAL(38, %d))", unscaled, strings.Repeat("0", scale-1), scale)
		if kind == "sdpop" || kind == "sdsamp" {
			return expr{sql: "sqrt(CAST(" + v + " AS DOUBLE))", typ: "DOUBLE"}, nil
		}
		return expr{sql: v, typ: fmt.Sprintf("DECIMAL(38,%d)", scale)}, nil
	}
}

// fixedScale is the scale of argument a when the rewriter knows it is a
// fixed-point NUMBER: an INT column (DuckDB BIGINT) or a DECIMAL(p,s).
func fixedScale(a arg) (int, bool) {
	if a.e == nil || a.e.path != nil {
		return 0, false
	}
	switch t := a.e.typ; {
	case t == "BIGINT":
		return 0, true
	case duckDecimal(t).ok: // types_mul.go
		return duckDecimal(t).s, true
	}
	return 0, false
}

// pow10 is 10^n as an integer literal.
func pow10(n int) string {
	return "1" + strings.Repeat("0", n)
}

// notFixed reports that the rewriter knows argument a is no fixed-point
// NUMBER: a FLOAT, or a path into a VARIANT (read as a DOUBLE).
func notFixed(a arg) bool {
	return a.e != nil && (a.e.path != nil || a.e.typ == "DOUBLE" || a.e.typ == "FLOAT")
}
