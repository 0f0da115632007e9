package rewrite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Numbers: numeric format models in TO_CHAR / TO_VARCHAR and TO_NUMBER /
// TO_DECIMAL / TO_NUMERIC and their TRY_ forms (docs: "SQL format models";
// the Go functions _SF_GO_TO_CHAR_NUM and _SF_GO_TO_NUMBER of package
// sfunc), and functions whose Snowflake values the local engine cannot
// reproduce (HASH), which are refused instead of answering differently.
// The division operator's NUMBER scale is the "/" macro in types.go.

func init() {
	registerFuncs(map[string]funcHandler{
		"TO_CHAR": toCharNumber, "TO_VARCHAR": toCharNumber,
		"TO_NUMBER": toNumberFormat, "TO_DECIMAL": toNumberFormat, "TO_NUMERIC": toNumberFormat,
		"TRY_TO_NUMBER": toNumberFormat, "TRY_TO_DECIMAL": toNumberFormat, "TRY_TO_NUMERIC": toNumberFormat,
		"TRUNC": truncFunc, "TRUNCATE": truncFunc,
		"AVG":  avgFunc,
		"CEIL": roundingFunc("ceil"), "FLOOR": roundingFunc("floor"),
		// SQUARE returns FLOAT (docs: square).
		"SQUARE": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "power(CAST(" + c.args[0].num() + " AS DOUBLE), 2)"}, nil
		},
		// HASH's values come from Snowflake's own hash function, which is
		// not published: any local value would be a different answer.
		"HASH": func(p *parser, c *call) (expr, error) {
			return expr{}, p.unsupported(c.t, "function HASH (Snowflake's hash values cannot be reproduced locally)")
		},
		// HASH_AGG likewise, except over no rows: "empty input hashes to 0"
		// (docs: hash_agg, HASH_AGG(NULL) WHERE 0 = 1). A group with rows
		// is refused when it is aggregated.
		"HASH_AGG": func(p *parser, c *call) (expr, error) {
			if c.over != "" {
				return expr{}, p.unsupported(c.t, "function HASH_AGG (Snowflake's hash values cannot be reproduced locally)")
			}
			return expr{sql: "CASE WHEN count(*) = 0 THEN CAST(0 AS DECIMAL(19,0)) ELSE error('Unsupported feature ''function HASH_AGG of rows (Snowflake hash values cannot be reproduced locally)'': the local engine does not implement it.') END"}, nil
		},
	})
}

// numericFormat reports whether a TO_CHAR format is a numeric format model:
// outside double-quoted literals only numeric elements, with at least one
// digit element (0, 9, X) or a text-minimal element (TM…). Date formats
// (YYYY, HH24:MI, …) have letters no numeric model has.
func numericFormat(f string) bool {
	u := strings.ToUpper(f)
	digits := false
	for i := 0; i < len(u); {
		switch c := u[i]; {
		case c == '"':
			j := strings.IndexByte(u[i+1:], '"')
			if j < 0 {
				return false
			}
			i += j + 2
			continue
		case strings.HasPrefix(u[i:], "FM"), strings.HasPrefix(u[i:], "FX"), strings.HasPrefix(u[i:], "MI"):
			i += 2
			continue
		case strings.HasPrefix(u[i:], "TM"):
			digits = true
			i += 2
			continue
		case c == '9' || c == '0' || c == 'X':
			digits = true
		case strings.ContainsRune("$.,DGSBE_%;:-=/() ", rune(c)):
		default:
			return false
		}
		i++
	}
	return digits
}

// toCharNumber: TO_CHAR(number, 'numeric format'); every other form is the
// date/time and binary handlers' (funcs_binary.go, datetime.go).
func toCharNumber(p *parser, c *call) (expr, error) {
	if len(c.args) == 2 {
		if f, ok := c.args[1].literal(); ok && numericFormat(f) {
			x := c.args[0].num()
			return expr{sql: fmt.Sprintf("_SF_GO_TO_CHAR_NUM(CAST(%[1]s AS VARCHAR), %[2]s, typeof(%[1]s) IN ('DOUBLE', 'FLOAT'))",
				x, sqlString(f)), typ: "VARCHAR"}, nil
		}
	}
	return toCharBinary(p, c)
}

// toNumberFormat: TO_NUMBER(expr, 'format' [, precision [, scale]]) parses
// with the format model; without a format it is the cast of funcs.go.
func toNumberFormat(p *parser, c *call) (expr, error) {
	if len(c.args) < 2 {
		return toNumber(p, c)
	}
	f, ok := c.args[1].literal()
	if !ok {
		return toNumber(p, c)
	}
	if err := c.arity(p, 2, 4); err != nil {
		return expr{}, err
	}
	prec, scale := 38, 0
	for i, a := range c.args[2:] {
		n, err := strconv.Atoi(strings.TrimSpace(a.sql))
		if err != nil {
			return expr{}, p.unsupported(c.t, c.name+" with a non-constant precision or scale")
		}
		if i == 0 {
			prec = n
		} else {
			scale = n
		}
	}
	if prec < 1 || prec > 38 || scale < 0 || scale >= prec && !(scale == 0 && prec == 1) {
		return expr{}, &Error{Code: "001044", Line: c.t.Line, Col: c.t.Col,
			Message: fmt.Sprintf("SQL compilation error:\nInvalid precision or scale for %s: %d, %d", c.name, prec, scale)}
	}
	try := strings.HasPrefix(c.name, "TRY_")
	cast := "CAST"
	if try {
		cast = "TRY_CAST"
	}
	return expr{sql: fmt.Sprintf("%s(_SF_GO_TO_NUMBER(CAST(%s AS VARCHAR), %s, %d, %t) AS DECIMAL(%d, %d))",
		cast, c.args[0].str(), sqlString(f), scale, try, prec, scale)}, nil
}

// truncFunc: TRUNC(number [, scale]) rounds toward zero; a FLOAT stays a
// FLOAT and a NUMBER keeps its scale up to the one asked for (DuckDB's
// trunc types it the same way). TRUNC(date_or_time, 'part') is
// DATE_TRUNC('part', date_or_time).
func truncFunc(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	if len(c.args) == 2 {
		if _, ok := c.args[1].literal(); ok {
			d := *c
			d.args = []arg{c.args[1], c.args[0]}
			return dateTrunc(p, &d)
		}
	}
	x := c.args[0].num()
	if len(c.args) == 1 {
		return expr{sql: "trunc(" + x + ")"}, nil
	}
	s := "CAST(" + c.args[1].num() + " AS INTEGER)"
	d := fmt.Sprintf("trunc(%s, %s)", x, s)
	if n, literal, _ := roundedScale(&c.args[1]); literal && n < 0 {
		d = fixedNegativeScale(x, -n, false, func(v string) string { return fmt.Sprintf("trunc(%s, %s)", v, s) }) // types_round.go
	}
	// A FLOAT already integral at that scale (|x| * 10^s beyond 2^52) is
	// returned as it is: multiplying it out would show binary noise.
	return expr{sql: fmt.Sprintf(`struct_extract({'f': CASE WHEN abs(%[1]s) * pow(10, %[2]s) >= 4503599627370496 THEN %[1]s ELSE trunc(%[1]s, %[2]s) END, 'd': %[3]s}, CASE WHEN typeof(%[1]s) IN ('DOUBLE', 'FLOAT') THEN 'f' ELSE 'd' END)`, x, s, d)}, nil
}

// roundingFunc: CEIL/FLOOR(x [, scale]). With a scale, a FLOAT is rounded
// at 10^-scale in FLOAT arithmetic (the docs' FLOAT examples), a FLOAT
// already integral at that scale stays as it is; a NUMBER with a scale is
// refused (its result scale rules are not implemented).
func roundingFunc(fn string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 2); err != nil {
			return expr{}, err
		}
		if len(c.args) == 1 {
			return defaultCall(c), nil
		}
		x, sc := c.args[0].num(), "CAST("+c.args[1].num()+" AS INTEGER)"
		f := fmt.Sprintf("CASE WHEN abs(%[1]s) * pow(10, %[2]s) >= 4503599627370496 THEN %[1]s ELSE divide(%[3]s(%[1]s * pow(10, %[2]s)), pow(10, %[2]s)) END", x, sc, fn)
		return expr{sql: fmt.Sprintf("struct_extract({'f': %s}, CASE WHEN typeof(%s) IN ('DOUBLE', 'FLOAT') THEN 'f' ELSE 'unsupported: %s of a NUMBER with a scale argument' END)",
			f, x, c.name)}, nil
	}
}

// avgFunc: AVG of a NUMBER is a NUMBER — as an aggregate SUM / COUNT with
// the division's scale (scale + 6: AVG of INT is 1.800000), as a window
// function with scale + 3 (the docs' AVG(int_col) OVER (...) is 1.000, and
// with a ROWS frame 10.000), but + 6 with an ORDER BY and the default
// cumulative RANGE frame (the window syntax page: 10.000000), truncated,
// not rounded (the same page's RANGE BETWEEN example: 19/6 is 3.16666);
// of anything else a FLOAT. A NUMBER is told apart when DuckDB binds the
// call (typeof folds to a constant); a non-NUMBER sums zeros in the unused
// branch so that it still binds.
func avgFunc(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	x := c.args[0].num()
	dist := "" // AVG(DISTINCT x): the same quotient of the distinct values
	if t := strings.TrimSpace(x); strings.HasPrefix(strings.ToUpper(t), "DISTINCT ") {
		if c.over != "" || c.within != "" || c.nulls != "" {
			return expr{}, p.unsupported(c.t, "AVG(DISTINCT …) over a window")
		}
		x, dist = strings.TrimSpace(t[len("DISTINCT "):]), "DISTINCT "
	}
	if c.within != "" || c.nulls != "" {
		return defaultCall(c), nil
	}
	x = refuseBooleanSum(x, "AVG")
	fixed := "_SF_FIXED_TYPE(typeof(" + x + "))"
	if c.over == "" {
		fixed = "_SF_FIXED_TYPE(typeof(any_value(" + x + ")))"
	}
	// Of a NUMBER with a scale above 6 the reference gives scale s + 6
	// (types_agg.go), which the quotient's max(s, 12) is not: refused
	// (002040), where the operand's type is known when the rewriter reads
	// it, else when DuckDB binds it (a constant key: a row refuses).
	if a := c.args[0]; a.e != nil {
		if d := duckDecimal(a.e.typ); d.ok && d.s > 6 { // types_mul.go
			return expr{}, p.unsupported(c.t, "AVG of a NUMBER with a scale above 6")
		}
	}
	if p.pvt {
		return expr{sql: pivotAvg(dist + x)}, nil
	}
	num := fmt.Sprintf("struct_extract({'x': %[1]s, 'z': 0, 'r': CAST(CASE WHEN _SF_FIXED_TYPE(typeof(%[1]s)) AND _SF_DEC_SCALE_T(typeof(%[1]s)) > 6 AND (%[1]s) IS NOT NULL THEN error('Unsupported feature ''AVG of a NUMBER with a scale above 6'': the local engine does not implement it.') END AS INTEGER)}, "+
		"CASE WHEN _SF_FIXED_TYPE(typeof(%[1]s)) AND _SF_DEC_SCALE_T(typeof(%[1]s)) > 6 THEN 'r' WHEN _SF_FIXED_TYPE(typeof(%[1]s)) THEN 'x' ELSE 'z' END)", x)
	over := overSuffix(c)
	d := fmt.Sprintf("(sum(%[4]s%[1]s)%[2]s / nullif(count(%[4]s%[3]s)%[2]s, 0))", num, over, x, dist)
	// Snowflake's type (types_agg.go): NUMBER(p + 18, s + 6), or over a
	// window with a frame NUMBER(p + 15, s + 3); typed for a scale of at
	// most 6, where the quotient's scale is s + 6 (above, it is 12).
	dp, ds := 18, 6
	if c.over != "" {
		plus := 3
		if up := strings.ToUpper(c.over); strings.Contains(up, "ORDER BY") && !frameClause(up) {
			plus = 6 // funcs_window.go
		}
		d = fmt.Sprintf("trunc(%s, CAST(_SF_SCALE_T(typeof(%s)) + %d AS INTEGER))", d, x, plus)
		if plus == 3 {
			dp, ds = 15, 3
		}
	}
	d = typedAgg(d, c.args[0], c.over != "", dp, ds, 6)
	return expr{sql: fmt.Sprintf("struct_extract({'d': %s, 'f': avg(%sCAST(%s AS DOUBLE))%s}, CASE WHEN %s THEN 'd' ELSE 'f' END)",
		d, dist, x, over, fixed)}, nil
}

// pivotAvg is AVG(x) as a PIVOT's aggregate, where DuckDB takes an
// expression of exactly one aggregate call ("Pivot expression must contain
// exactly one aggregate") and no lambda outside it ("Columns can only be
// referenced within the aggregate"): avgFunc's SUM / COUNT, typed NUMBER(p
// + 18, s + 6), is computed from the group's list(x) by a macro
// (_SF_PIVOT_AVG). The docs' PIVOT(AVG(amount) ...) of an INT column is
// 9633.333333 (PIVOT, "Dynamic pivot with multiple aggregations using
// UNION"), its AVG(discount_percent) 1.333333 ("Exclude columns from a
// pivot query with a CTE").
func pivotAvg(x string) string {
	return "_SF_PIVOT_AVG(list(" + x + "))"
}

func init() {
	prelude = append(prelude,
		// _SF_DEC_SCALE_T(t) and _SF_DEC_LEAD_T(t): the scale and the
		// leading digits (precision - scale) of DuckDB type t (a typeof()
		// text) when it is a DECIMAL, else 0 (products, types_mul.go, and
		// quotients, types.go).
		`CREATE OR REPLACE TEMP MACRO _SF_DEC_SCALE_T(t) AS CASE WHEN starts_with(t, 'DECIMAL(')
		THEN CAST(split_part(split_part(t, ',', 2), ')', 1) AS INTEGER) ELSE 0 END`,
		`CREATE OR REPLACE TEMP MACRO _SF_DEC_LEAD_T(t) AS CASE WHEN starts_with(t, 'DECIMAL(')
		THEN CAST(split_part(split_part(t, '(', 2), ',', 1) AS INTEGER) - _SF_DEC_SCALE_T(t) ELSE 0 END`,
		// Whether a value is a fixed-point number, and its scale, from its
		// DuckDB type (typeof folds to a constant when a macro is bound).
		// (t is a typeof() text, used once so that an operand is expanded
		// once per use).
		`CREATE OR REPLACE TEMP MACRO _SF_FIXED_TYPE(t) AS regexp_full_match(t,
		'TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|"NULL"|DECIMAL\([0-9]+,[0-9]+\)')`,
		// _SF_PIVOT_AVG(l): AVG of the values of list l (pivotAvg). The
		// element type tells a NUMBER apart when DuckDB binds the lambda
		// (typeof folds to a constant), as in avgFunc: a NUMBER with a
		// scale above 6 is refused as its group is read; anything else is
		// averaged as a FLOAT.
		`CREATE OR REPLACE TEMP MACRO _SF_PIVOT_AVG(l) AS list_transform([l], _sf_l -> struct_extract({
		'd': _SF_AGG_TYPED(list_sum(struct_extract({'x': _sf_l, 'z': [0]}, CASE WHEN _SF_FIXED_TYPE(typeof(_sf_l[1])) THEN 'x' ELSE 'z' END))
			/ nullif(len(list_filter(_sf_l, _sf_v -> _sf_v IS NOT NULL)), 0), _sf_l[1], 18, 6, 6),
		'f': list_avg(list_transform(_sf_l, _sf_v -> CAST(_sf_v AS DOUBLE))),
		'r': CAST(CASE WHEN _SF_FIXED_TYPE(typeof(_sf_l[1])) AND _SF_DEC_SCALE_T(typeof(_sf_l[1])) > 6 AND len(list_filter(_sf_l, _sf_v -> _sf_v IS NOT NULL)) > 0 THEN error('Unsupported feature ''AVG of a NUMBER with a scale above 6'': the local engine does not implement it.') END AS INTEGER)},
		CASE WHEN _SF_FIXED_TYPE(typeof(_sf_l[1])) AND _SF_DEC_SCALE_T(typeof(_sf_l[1])) > 6 THEN 'r' WHEN _SF_FIXED_TYPE(typeof(_sf_l[1])) THEN 'd' ELSE 'f' END))[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_SCALE_T(t) AS CAST(coalesce(nullif(regexp_extract(t, ',([0-9]+)\)$', 1), ''), '0') AS INTEGER)`,
	)
}

// roundedDecimal types call c of CEIL, FLOOR, ROUND or TRUNC, rendered as
// e, as Snowflake declares it (types_round.go): where the rewriter knows
// the argument's NUMBER type, as a CAST; where it does not, as DuckDB binds
// the call (roundedBound). DuckDB's keep p (ROUND of a DECIMAL(27,6) was a
// DECIMAL(27,0) where Snowflake's is a NUMBER(28,0)). Whether a scale
// written with a '+' sign is read as a literal no source shows: refused.
// CEIL and FLOOR with a scale of a NUMBER are refused (roundingFunc), and
// TRUNC with a string is a DATE_TRUNC.
func (p *parser) roundedDecimal(c *call, e expr) (expr, error) {
	var x, scale *arg
	mode := false
	for i := range c.args {
		a := &c.args[i]
		switch {
		case a.name == "EXPR" || a.name == "" && i == 0:
			x = a
		case a.name == "SCALE" || a.name == "" && i == 1:
			scale = a
		default:
			mode = true // ROUND's rounding mode
		}
	}
	if x == nil || scale != nil && (c.name == "CEIL" || c.name == "FLOOR") {
		return e, nil
	}
	if scale != nil && (c.name == "TRUNC" || c.name == "TRUNCATE") {
		if _, ok := scale.literal(); ok {
			return e, nil // DATE_TRUNC
		}
	}
	kind, prec, si := p.roundedArg(x)
	if kind == roundedNotNumber {
		return e, nil
	}
	s, literal, plus := roundedScale(scale)
	if plus {
		return expr{}, p.unsupported(c.t, c.name+" of a NUMBER with a signed scale (whether Snowflake reads +n as a literal, which decides the result's type, is not documented)")
	}
	switch kind {
	case roundedUnknown:
		e.sql = roundedBound(c.name, e.sql, x.num(), s, literal)
		return e, nil
	case roundedIntArg:
		if prec == 38 && !mode {
			return e, nil // DuckDB's integer: a NUMBER(38,0), as Snowflake's
		}
	}
	tp, ts := roundedType(prec, si, s, literal)
	e.sql = fmt.Sprintf("CAST(%s AS DECIMAL(%d, %d))", e.sql, tp, ts)
	e.typ = fmt.Sprintf("DECIMAL(%d,%d)", tp, ts)
	return e, nil
}

// derivedDecimalType is the rewriter's DECIMAL(p,s) type of the select item
// of a derived table or CTE that the column reference toks names (as
// derivedIntWidth resolves one: not a set operation's column), or "".
func (p *parser) derivedDecimalType(toks []tok) string {
	var parts []tok
	for k, t := range toks {
		switch {
		case k%2 == 1 && t.IsOp("."):
		case k%2 == 0 && (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent):
			parts = append(parts, t)
		default:
			return ""
		}
	}
	if len(parts) == 0 || len(parts) > 2 || len(toks) != 2*len(parts)-1 {
		return ""
	}
	rel := p.derivedRel(parts)
	if rel == nil {
		return ""
	}
	a, b, names, ok := p.relQuery(rel)
	if !ok || p.hasSetOp(a, b) {
		return ""
	}
	item := p.columnItem(a, b, names, identKey(parts[len(parts)-1]))
	if item == nil {
		return ""
	}
	for j := item.a; j < item.e; j++ {
		if t := p.toks[j]; t.Kind == sqllex.Bind || t.Kind == sqllex.Variable {
			return ""
		}
	}
	// The item parsed again, as exprIntType (types_intfn.go) reads it.
	q, ok := p.reparsedItem(item.a, item.e)
	if !ok || q.single == nil {
		return ""
	}
	if !strings.HasPrefix(q.single.typ, "DECIMAL(") {
		return ""
	}
	return q.single.typ
}
