package rewrite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Semi-structured, string, conditional and numeric functions checked against
// Snowflake's documented examples (snowlocal/conformance testdata semi,
// string, conditional, numeric, parse_ip). _SF_GO_* functions are Go
// functions the engine registers in DuckDB (package sfunc).
func init() {
	registerFuncs(map[string]funcHandler{
		"PARSE_JSON":     parseJSON(false),
		"TRY_PARSE_JSON": parseJSON(true),
		"TO_JSON": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "_SF_GO_TO_JSON(CAST(to_json(" + c.args[0].sql + ") AS VARCHAR))", typ: "VARCHAR"}, nil
		},
		"PARSE_IP": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 3); err != nil {
				return expr{}, err
			}
			permissive := "0"
			if len(c.args) == 3 {
				permissive = c.args[2].num()
			}
			return expr{sql: fmt.Sprintf("CAST(_SF_GO_PARSE_IP(%s, %s, CAST(%s AS BIGINT)) AS JSON)", c.args[0].str(), c.args[1].str(), permissive), typ: "JSON"}, nil
		},
		"INITCAP": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 2); err != nil {
				return expr{}, err
			}
			if len(c.args) == 2 {
				return expr{sql: "_SF_GO_INITCAP2(" + c.args[0].str() + ", " + c.args[1].str() + ")", typ: "VARCHAR"}, nil
			}
			return expr{sql: "_SF_GO_INITCAP(" + c.args[0].str() + ")", typ: "VARCHAR"}, nil
		},
		"SOUNDEX": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "_SF_GO_SOUNDEX(" + c.args[0].str() + ")", typ: "VARCHAR"}, nil
		},
		"ROUND": roundFunc,
		"STRTOK": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 3); err != nil {
				return expr{}, err
			}
			d, n := "' '", "1"
			if len(c.args) >= 2 {
				d = c.args[1].str()
			}
			if len(c.args) == 3 {
				n = c.args[2].num()
			}
			return expr{sql: fmt.Sprintf("_SF_GO_STRTOK(%s, %s, CAST(%s AS BIGINT))", c.args[0].str(), d, n), typ: "VARCHAR"}, nil
		},
		// BOOLAND and friends round their numeric arguments; non-zero is true.
		"BOOLAND":        boolFunc(2, "(%s AND %s)"),
		"BOOLOR":         boolFunc(2, "(%s OR %s)"),
		"BOOLXOR":        boolFunc(2, "(%s <> %s)"),
		"BOOLNOT":        boolFunc(1, "(NOT %s)"),
		"LPAD":           padFunc("lpad"),
		"RPAD":           padFunc("rpad"),
		"ARRAY_CONTAINS": arrayContainsCall, // variant_veq.go
		// ARRAY_CONSTRUCT keeps a SQL NULL argument as an undefined element,
		// which the local engine's JSON cannot hold: refused when it happens.
		"ARRAY_CONSTRUCT": func(p *parser, c *call) (expr, error) {
			if len(c.args) == 0 {
				return expr{sql: "CAST('[]' AS JSON)", typ: "JSON"}, nil
			}
			var items []string
			for _, a := range c.args {
				items = append(items, fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN error('Unsupported feature ''ARRAY_CONSTRUCT with a SQL NULL (undefined) element'': the local engine does not implement it.') ELSE %[1]s END", a.sql))
			}
			return expr{sql: "json_array(" + strings.Join(items, ", ") + ")", typ: "JSON"}, nil
		},
		"TYPEOF": macroN("_SF_TYPEOF2", 1, 1, "VARCHAR", false),
	})
	prelude = append(prelude,
		// TYPEOF names the type a value has as a VARIANT: a JSON number is
		// DOUBLE when written with an exponent (or too large for a NUMBER),
		// else INTEGER or DECIMAL; a SQL value keeps its own type's name.
		`CREATE OR REPLACE TEMP MACRO _SF_TYPEOF2(v) AS CASE
		WHEN v IS NULL THEN NULL
		WHEN typeof(v) = 'JSON' THEN CASE json_type(to_json(v))
			WHEN 'OBJECT' THEN 'OBJECT' WHEN 'ARRAY' THEN 'ARRAY' WHEN 'VARCHAR' THEN 'VARCHAR'
			WHEN 'BOOLEAN' THEN 'BOOLEAN' WHEN 'NULL' THEN 'NULL_VALUE'
			WHEN 'BIGINT' THEN 'INTEGER' WHEN 'UBIGINT' THEN 'INTEGER'
			ELSE CASE WHEN regexp_matches(CAST(v AS VARCHAR), '[eE]') THEN 'DOUBLE'
				WHEN regexp_matches(CAST(v AS VARCHAR), '^-?[0-9]+$') THEN CASE WHEN length(ltrim(CAST(v AS VARCHAR), '-')) > 38 THEN 'DOUBLE' ELSE 'INTEGER' END
				ELSE 'DECIMAL' END END
		WHEN typeof(v) IN ('DOUBLE', 'FLOAT') THEN 'DOUBLE'
		WHEN typeof(v) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT') THEN 'INTEGER'
		WHEN typeof(v) LIKE 'DECIMAL(%,0)' THEN 'INTEGER'
		WHEN typeof(v) LIKE 'DECIMAL%' THEN 'DECIMAL'
		WHEN typeof(v) = 'VARCHAR' THEN 'VARCHAR'
		WHEN typeof(v) = 'BOOLEAN' THEN 'BOOLEAN'
		WHEN typeof(v) = 'DATE' THEN 'DATE'
		WHEN typeof(v) = 'TIME' THEN 'TIME'
		WHEN typeof(v) = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ'
		WHEN typeof(v) = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ'
		WHEN typeof(v) = 'BLOB' THEN 'BINARY'
		ELSE error('TYPEOF: unsupported argument type ' || typeof(v)) END`,
	)
}

// parseJSON is PARSE_JSON / TRY_PARSE_JSON(expr [, 'd' | 's']).
func parseJSON(try bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 2); err != nil {
			return expr{}, err
		}
		params := "'s'"
		if len(c.args) == 2 {
			params = c.args[1].str()
		}
		return expr{sql: fmt.Sprintf("CAST(_SF_GO_PARSE_JSON(CAST(%s AS VARCHAR), %s, %t) AS JSON)", c.args[0].str(), params, try), typ: "JSON"}, nil
	}
}

// roundFunc is ROUND(expr [, scale [, 'HALF_AWAY_FROM_ZERO' | 'HALF_TO_EVEN']]),
// also with EXPR =>, SCALE =>, ROUNDING_MODE => named arguments.
func roundFunc(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 3); err != nil {
		return expr{}, err
	}
	var x, scale string
	var scaleArg *arg
	var mode arg
	hasMode := false
	for i, a := range c.args {
		name := a.name
		if name == "" {
			name = []string{"EXPR", "SCALE", "ROUNDING_MODE"}[i]
		}
		switch name {
		case "EXPR":
			x = a.num()
		case "SCALE":
			scale, scaleArg = a.num(), &c.args[i]
		case "ROUNDING_MODE":
			mode, hasMode = a, true
		default:
			return expr{}, p.unsupported(c.t, "ROUND argument "+name)
		}
	}
	if x == "" {
		return expr{}, c.arity(p, -1, -1)
	}
	fn := "round"
	if hasMode {
		m, ok := mode.literal()
		switch strings.ToUpper(m) {
		case "HALF_AWAY_FROM_ZERO":
		case "HALF_TO_EVEN":
			fn = "round_even"
		default:
			if !ok {
				return expr{}, p.unsupported(c.t, "ROUND with a non-literal rounding mode")
			}
			return expr{}, &Error{Code: "100096", Line: c.t.Line, Col: c.t.Col,
				Message: fmt.Sprintf("Invalid rounding mode '%s'", m)}
		}
		if scale == "" {
			scale = "0"
		}
	}
	if fn == "round_even" {
		n, err := strconv.Atoi(scale)
		if err != nil {
			return expr{}, p.unsupported(c.t, "ROUND HALF_TO_EVEN with a non-constant scale")
		}
		if n < 0 {
			return expr{sql: roundEvenNegative(x, -n)}, nil
		}
		// Exactly on the fixed-point value: a tie (x * 10^n ends in .5)
		// goes to the even neighbour. FLOAT input is an error in Snowflake.
		m := "1" + strings.Repeat("0", max(n, 0))
		if n < 0 {
			m = "0." + strings.Repeat("0", -n-1) + "1"
		}
		y := fmt.Sprintf("(%s * %s)", x, m)
		return expr{sql: fmt.Sprintf("CASE WHEN typeof(%[1]s) IN ('DOUBLE', 'FLOAT') THEN error('ROUND: the rounding mode requires a fixed-point number') "+
			"ELSE CAST((CASE WHEN abs(%[2]s - trunc(%[2]s)) = 0.5 THEN 2 * round(%[2]s / 2) ELSE round(%[2]s) END) / %[3]s AS DECIMAL(38, %[4]d)) END",
			x, y, m, max(n, 0))}, nil
	}
	if scale == "" {
		return expr{sql: fn + "(" + x + ")"}, nil
	}
	r := fn + "(" + x + ", CAST(" + scale + " AS INTEGER))"
	if n, err := strconv.Atoi(strings.TrimSpace(scale)); err == nil && n >= 0 {
		return expr{sql: r}, nil // no carry past 38 digits (_SF_ROUND_FIT)
	}
	if n, literal, _ := roundedScale(scaleArg); literal && n < 0 {
		// x bound once (types_round.go), _SF_ROUND_FIT inside.
		return expr{sql: fixedNegativeScale(x, -n, true, func(v string) string {
			s := "CAST(" + scale + " AS INTEGER)"
			return "_SF_ROUND_FIT(" + fn + "(" + v + ", " + s + "), " + v + ", " + s + ")"
		})}, nil
	}
	return expr{sql: "_SF_ROUND_FIT(" + r + ", " + x + ", CAST(" + scale + " AS INTEGER))"}, nil
}

// ROUND to a negative (or a non-constant) scale of a NUMBER of 38 digits
// and scale 0 can carry into a 39th digit (ROUND(99…9, -1) is 10^38),
// which no NUMBER holds ("Numbers up to 38 digits", docs: Numeric data
// types, https://docs.snowflake.com/en/sql-reference/data-types-numeric);
// DuckDB answered 10^38 (and 0 for ROUND(5 * 10^37, -38)). The docs do not
// give Snowflake's error, so such a value is refused (002040) when a row
// reaches it. Only such an operand pays for the test: a scale of a
// non-negative constant cannot carry past 38 digits (a NUMBER(38, s) has at
// most 38 - s whole digits), and over a narrower type the typeof() test
// folds when DuckDB binds the macro. (CEIL and FLOOR with a scale of a
// NUMBER are refused, TRUNC does not carry: funcs_num.go.)
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_ROUND_FIT(r, x, s) AS CASE
		WHEN NOT regexp_full_match(typeof(x), 'U?HUGEINT|DECIMAL\(38,0\)') THEN r
		WHEN abs(CAST(r AS HUGEINT)) > CAST('99999999999999999999999999999999999999' AS HUGEINT)
		OR s <= -38 AND abs(CAST(x AS HUGEINT)) >= CAST('50000000000000000000000000000000000000' AS HUGEINT)
		THEN error('Unsupported feature: ROUND with a result of more than 38 digits (a NUMBER holds 38; the docs do not give Snowflake''s error), in the local engine.')
		ELSE r END`,
	)
}

func boolFunc(n int, format string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, n, n); err != nil {
			return expr{}, err
		}
		var ops []any
		for _, a := range c.args {
			ops = append(ops, "(round("+a.num()+") <> 0)")
		}
		return expr{sql: fmt.Sprintf(format, ops...), typ: "BOOLEAN"}, nil
	}
}

// flattenSeq is FLATTEN's SEQ column: a number unique to the input record.
// A constant INPUT is one record, numbered 1 as Snowflake numbers it; for a
// correlated input the local engine has no record number (NULL, a known gap).
func flattenSeq(c *call) string {
	for _, a := range c.args {
		if a.name != "" && a.name != "INPUT" {
			continue
		}
		for i, t := range a.toks {
			if t.Kind == sqllex.QuotedIdent || t.Kind == sqllex.Variable {
				return "CAST(NULL AS BIGINT)"
			}
			if t.Kind == sqllex.Word && !termKeywords[strings.ToUpper(t.Text)] &&
				!(i+1 < len(a.toks) && a.toks[i+1].IsOp("(")) {
				return "CAST(NULL AS BIGINT)"
			}
		}
		return "CAST(1 AS BIGINT)"
	}
	return "CAST(NULL AS BIGINT)"
}

// padFunc is LPAD/RPAD(base, length [, pad]): the pad defaults to a blank;
// an empty pad pads nothing but still truncates to length.
func padFunc(name string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 3); err != nil {
			return expr{}, err
		}
		base, n, pad := c.args[0].str(), c.args[1].num(), "' '"
		if len(c.args) == 3 {
			pad = c.args[2].str()
		}
		return expr{sql: fmt.Sprintf("CASE WHEN %[3]s = '' THEN left(%[1]s, CAST(%[2]s AS INTEGER)) ELSE %[4]s(%[1]s, CAST(%[2]s AS INTEGER), %[3]s) END",
			base, n, pad, name), typ: "VARCHAR"}, nil
	}
}

// distinctFrom reports whether t is the FROM of IS [NOT] DISTINCT FROM
// (an operator, not the start of a FROM clause).
func (p *parser) distinctFrom(t tok) bool {
	if !t.IsWord("FROM") {
		return false
	}
	for i := range p.toks {
		if p.toks[i].Pos == t.Pos {
			return i > 0 && p.toks[i-1].IsWord("DISTINCT") && i > 1 && (p.toks[i-2].IsWord("IS") || p.toks[i-2].IsWord("NOT"))
		}
	}
	return false
}

// roundEvenNegative renders ROUND(x, -k, 'HALF_TO_EVEN') for k >= 1 in
// 128-bit integers: the remainder r of x's whole part by q = 10^k decides
// (past half of q away from zero; at exactly half, with no fraction, to
// the even multiple), so that a NUMBER of 38 digits does not overflow as
// x * 10^-k did in DuckDB's DECIMAL (a cast error). A result of more than
// 38 digits is refused as ROUND's is (_SF_ROUND_FIT). (Every NUMBER's
// whole part fits a HUGEINT; past 10^38 every value rounds to 0.)
func roundEvenNegative(x string, k int) string {
	guard := "CASE WHEN typeof(" + x + ") IN ('DOUBLE', 'FLOAT') THEN error('ROUND: the rounding mode requires a fixed-point number') ELSE "
	if k > 38 {
		return guard + "CAST(0 AS DECIMAL(38, 0)) END"
	}
	q := "CAST('1" + strings.Repeat("0", k) + "' AS HUGEINT)"
	half := "CAST('5" + strings.Repeat("0", k-1) + "' AS HUGEINT)"
	return guard + fmt.Sprintf(`list_transform([{'i': CAST(trunc(%[1]s) AS HUGEINT), 'z': %[1]s = trunc(%[1]s)}], _sf_re -> list_transform([{'i': _sf_re.i, 'r': _sf_re.i %% %[2]s, 'z': _sf_re.z}], _sf_rr -> list_transform([
		CASE WHEN abs(_sf_rr.r) > %[3]s OR abs(_sf_rr.r) = %[3]s AND (NOT _sf_rr.z OR ((_sf_rr.i - _sf_rr.r) // %[2]s) %% 2 <> 0)
		THEN _sf_rr.i - _sf_rr.r + sign(_sf_rr.i) * %[2]s ELSE _sf_rr.i - _sf_rr.r END], _sf_rv -> CAST(CASE
		WHEN abs(_sf_rv) > CAST('99999999999999999999999999999999999999' AS HUGEINT)
		THEN error('Unsupported feature: ROUND with a result of more than 38 digits (a NUMBER holds 38; the docs do not give Snowflake''s error), in the local engine.')
		ELSE _sf_rv END AS DECIMAL(38, 0)))[1])[1])[1] END`, x, q, half)
}
