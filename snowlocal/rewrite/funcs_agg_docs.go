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
		"COUNT":       countFunc,
		"COUNT_IF":    countIf,
		"SUM":         sumFunc,
		// Snowflake's HyperLogLog estimates are its own: the docs' example
		// counts 1,024 distinct values as 1,007 (docs: hll,
		// https://docs.snowflake.com/en/sql-reference/functions/hll), where
		// DuckDB's approx_count_distinct answers 1,232. No local estimate
		// is Snowflake's, so both names are refused (002040).
		"APPROX_COUNT_DISTINCT": approxCountDistinct,
		"HLL":                   approxCountDistinct,
		"KURTOSIS":              kurtosis,
		"GROUPING_ID": func(p *parser, c *call) (expr, error) { // an alias of GROUPING
			d := *c
			d.name, d.sqlName = "GROUPING", "GROUPING"
			return defaultCall(&d), nil
		},
	}
	for _, n := range []string{"CORR", "REGR_SLOPE", "REGR_INTERCEPT", "REGR_R2"} {
		m[n] = nanRefused
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

// refuseBooleanSum is x, refused as a value is read when x is a BOOLEAN:
// Snowflake's SUM and AVG take no BOOLEAN (mlorek/frostlake
// docs/functions.md, an independent reference, live-verified: "SUM(b) is
// 'SUM': (BOOLEAN)", an argument-type error), where DuckDB's count the
// TRUEs. typeof() folds, so another type costs nothing; any row refuses
// (Snowflake's is a compilation error, NULLs or not).
func refuseBooleanSum(x, fn string) string {
	return "CASE WHEN typeof(" + x + ") = 'BOOLEAN' THEN error('Unsupported feature ''" + fn +
		" of a BOOLEAN'': the local engine does not implement it.') ELSE " + x + " END"
}

// nanRefused: over values of which one has no variance (all x equal, or
// a single pair), DuckDB's CORR and REGR_SLOPE answer NaN (0 / 0), which
// no Snowflake page shows (CORR is "COVAR_POP(y, x) / (STDDEV_POP(x) *
// STDDEV_POP(y))"); refused as the group's value is read.
func nanRefused(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	e := defaultCall(c)
	e.sql = fmt.Sprintf("(CASE WHEN isnan(%[1]s) THEN error('Unsupported feature ''%[2]s of values with no variance'': the local engine does not implement it.') ELSE %[1]s END)", e.sql, c.name)
	return e, nil
}

// boolxorAgg: TRUE when exactly one value is TRUE, NULL when all are NULL.
func boolxorAgg(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	x, over := c.args[0].sql, overSuffix(c)
	return expr{sql: fmt.Sprintf("(CASE WHEN count(%[1]s)%[2]s = 0 THEN NULL ELSE sum(CASE WHEN CAST(%[1]s AS BOOLEAN) THEN 1 ELSE 0 END)%[2]s = 1 END)", x, over), typ: "BOOLEAN"}, nil
}

// Snowflake's precision of a count: COUNT is a NUMBER(18,0), COUNT_IF a
// NUMBER(13,0). The docs say only NUMBER; the precisions are from an
// independent reference, live-verified (mlorek/frostlake: SYSTEM$TYPEOF of
// a COUNT(*) subquery, docs/functions.md for COUNT_IF; APPROX_COUNT_DISTINCT
// is refused above). DuckDB's counts are BIGINTs, which
// the engine reports as NUMBER(38,0) and whose precision a quotient or
// product of them cannot count (types.go, types_mul.go).
const (
	countPrecision   = 18
	countIfPrecision = 13
)

// countTyped gives a rendered count Snowflake's type, a DECIMAL(prec, 0):
// one cast per group (or row of a window, or pivot cell: DuckDB's PIVOT
// takes one aggregate call, and a cast of it), which keeps the value.
func countTyped(p *parser, e expr, prec int) expr {
	return expr{sql: fmt.Sprintf("CAST(%s AS DECIMAL(%d, 0))", e.sql, prec)}
}

// countIf is DuckDB's count_if, typed as Snowflake's (countTyped).
func countIf(p *parser, c *call) (expr, error) {
	e := defaultCall(c)
	e.sql = countOfNone(e.sql)
	return countTyped(p, e, countIfPrecision), nil
}

// countOfNone renders DuckDB count_if call s as a count: 0 where no row
// satisfies the condition (no rows, or only FALSE and NULL), as COUNT is,
// where DuckDB's count_if answers NULL. The count_if page's first line says
// NULL there, but it is 0 on an account (TestCountIfOfNoMatchIsZero cites
// two live tests).
func countOfNone(s string) string {
	return "COALESCE(" + s + ", 0)"
}

// countFunc: COUNT treats a JSON null like SQL NULL (docs: count,
// COUNT(v:Title)); COUNT(alias.*) (rows without any NULL) and the
// COUNT(* ILIKE ...) / COUNT(* EXCLUDE ...) filters are refused. The count
// has Snowflake's type (countTyped).
func countFunc(p *parser, c *call) (expr, error) {
	e, err := countCall(p, c)
	if err != nil {
		return expr{}, err
	}
	return countTyped(p, e, countPrecision), nil
}

func countCall(p *parser, c *call) (expr, error) {
	for _, a := range c.args {
		t := strings.TrimSpace(a.sql)
		if q := strings.TrimSuffix(t, ".*"); q != t && len(c.args) == 1 && c.over == "" && isASCIIIdentOrQuoted(q) {
			// COUNT(alias.*): the rows of alias without any NULL column
			// (its row as JSON has no null member).
			return expr{sql: countOfNone(fmt.Sprintf("count_if(len(list_filter(json_extract(to_json(%s), '$.*'), _sf_v -> json_type(_sf_v) = 'NULL')) = 0)", q))}, nil
		}
		if strings.HasPrefix(t, "*") || strings.HasSuffix(t, ".*") {
			return expr{}, p.unsupported(c.t, "COUNT("+t+")")
		}
	}
	if len(c.args) > 1 && !c.star && !p.pvt && c.within == "" {
		return countOfSeveral(c), nil
	}
	if c.star || len(c.args) != 1 || p.pvt { // DuckDB's PIVOT takes a plain aggregate
		return defaultCall(c), nil
	}
	x, distinct := strings.TrimSpace(c.args[0].sql), ""
	if u := strings.ToUpper(x); strings.HasPrefix(u, "DISTINCT ") {
		x, distinct = strings.TrimSpace(x[len("DISTINCT "):]), "DISTINCT "
	}
	d := *c
	if r := c.args[0].distinctToks; distinct != "" && r[1] > r[0] {
		if v, ok := p.renderVariant(r[0], r[1]); ok { // (a path, as the rewriter sees it)
			d.args = []arg{{sql: fmt.Sprintf("DISTINCT _SF_VEQK(CASE WHEN CAST(%[1]s AS VARCHAR) = 'null' THEN NULL ELSE %[1]s END)", v)}}
			return defaultCall(&d), nil
		}
	}
	if distinct != "" && !strings.ContainsAny(x, "?$") {
		// COUNT(DISTINCT v) of a VARIANT counts its values as Snowflake
		// compares them: "COUNT(DISTINCT v) over 1, 1.0, "1", 1e0 is 2"
		// (mlorek/frostlake docs/functions.md, How VARIANT values order and
		// compare, live-verified); DuckDB counted the four texts. Whether x
		// is a VARIANT shows as DuckDB binds the statement (typeof folds,
		// and each field is built only under its own key), so a column of
		// any relation is counted so, and any other type as before; also
		// as a window function (COUNT(DISTINCT v) OVER (…)).
		key := fmt.Sprintf("CASE WHEN typeof(%s) = 'JSON' THEN 'j' ELSE 'o' END", x)
		d.args = []arg{{sql: fmt.Sprintf("DISTINCT struct_extract({'j': CASE WHEN %[2]s = 'j' THEN _SF_VEQK(CASE WHEN CAST(to_json(%[1]s) AS VARCHAR) = 'null' THEN NULL ELSE to_json(%[1]s) END) END, 'o': CASE WHEN %[2]s = 'o' THEN %[1]s END}, %[2]s)", x, key)}}
		return defaultCall(&d), nil
	}
	d.args = []arg{{sql: fmt.Sprintf("%sCASE WHEN typeof(%[2]s) = 'JSON' AND CAST(%[2]s AS VARCHAR) = 'null' THEN NULL ELSE %[2]s END", distinct, x)}}
	return defaultCall(&d), nil
}

// countOfSeveral is COUNT(expr1, expr2, ...): the rows none of whose
// values is NULL (docs: aggregate functions, COUNT(x, y) counts only the row
// without NULLs), a JSON null counting as NULL as for one argument;
// COUNT(DISTINCT expr1, expr2, ...) the distinct combinations of such rows.
func countOfSeveral(c *call) expr {
	first, distinct := strings.TrimSpace(c.args[0].sql), false
	if u := strings.ToUpper(first); strings.HasPrefix(u, "DISTINCT ") {
		first, distinct = strings.TrimSpace(first[len("DISTINCT "):]), true
	}
	var conds, vals []string
	for i, a := range c.args {
		x := strings.TrimSpace(a.sql)
		if i == 0 {
			x = first
		}
		conds = append(conds, fmt.Sprintf("(CASE WHEN typeof(%[1]s) = 'JSON' AND CAST(%[1]s AS VARCHAR) = 'null' THEN NULL ELSE %[1]s END) IS NOT NULL", x))
		vals = append(vals, x)
	}
	d := *c
	if distinct {
		d.args = []arg{{sql: fmt.Sprintf("DISTINCT CASE WHEN %s THEN row(%s) END", strings.Join(conds, " AND "), strings.Join(vals, ", "))}}
	} else {
		d.args = []arg{{sql: fmt.Sprintf("CASE WHEN %s THEN 1 END", strings.Join(conds, " AND "))}}
	}
	return defaultCall(&d)
}

// kurtosis: the sample excess kurtosis by the docs' formula, computed in two
// passes over the group's values (DuckDB's own kurtosis sums powers in one
// pass and drifts in the 12th decimal); a DECIMAL with 12 decimals unless
// the input is a FLOAT (docs: KURTOSIS(k) of an INT column is 5.000000000000).
func kurtosis(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	x, over := c.args[0].num(), overSuffix(c)
	probe := "any_value(" + x + ")"
	if c.over != "" {
		probe = x
	}
	k := fmt.Sprintf("_SF_KURTOSIS(list(CAST(%s AS DOUBLE))%s)", x, over)
	return expr{sql: fmt.Sprintf("struct_extract({'f': %[1]s, 'd': CAST(round(%[1]s, 12) AS DECIMAL(38, 12))}, CASE WHEN typeof(%[2]s) IN ('DOUBLE', 'FLOAT') THEN 'f' ELSE 'd' END)", k, probe)}, nil
}

func init() {
	prelude = append(prelude,
		// _SF_KURTOSIS(values): NULL below four non-NULL values.
		`CREATE OR REPLACE TEMP MACRO _SF_KURT(l, n, m) AS CASE WHEN n < 4 THEN NULL ELSE
		(n * (n + 1)) / ((n - 1) * (n - 2) * (n - 3)) * list_sum(list_transform(l, _sf_v -> pow(_sf_v - m, 4)))
		/ pow(list_sum(list_transform(l, _sf_v -> pow(_sf_v - m, 2))) / (n - 1), 2)
		- 3 * pow(n - 1, 2) / ((n - 2) * (n - 3)) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_KURTOSIS(l) AS list_transform([list_filter(l, _sf_v -> _sf_v IS NOT NULL)],
		_sf_k -> _SF_KURT(_sf_k, CAST(len(_sf_k) AS DOUBLE), list_avg(_sf_k)))[1]`,
	)
}

func isASCIIIdentOrQuoted(s string) bool {
	if len(s) > 1 && s[0] == '"' && s[len(s)-1] == '"' {
		return true
	}
	return s != "" && isASCIIIdent(strings.ToUpper(s))
}

// sumFunc: SUM of a VARCHAR sums the values read as FLOAT (docs: sum, SUM(s1)
// is 23.2; a value that is not a number fails with 100038); of a number it
// is DuckDB's sum, of Snowflake's type (types_agg.go). The operand's type is
// told apart when DuckDB binds the call; the branch not taken sums an empty
// value so that it binds.
func sumFunc(p *parser, c *call) (expr, error) {
	if c.star || len(c.args) != 1 || c.within != "" || c.nulls != "" {
		return defaultCall(c), nil
	}
	if p.pvt {
		// DuckDB's PIVOT takes one aggregate call (or a cast of it): a
		// plain sum, typed where the operand's type is known.
		x, ok := pivotAggOperand(c.args[0].num(), c.args[0], "SUM")
		if !ok {
			return expr{sql: "sum(" + x + ")"}, nil
		}
		return expr{sql: typedAgg(defaultCall(c).sql, c.args[0], false, 12, 0, 38)}, nil
	}
	x, distinct := strings.TrimSpace(c.args[0].num()), ""
	if u := strings.ToUpper(x); strings.HasPrefix(u, "DISTINCT ") {
		x, distinct = strings.TrimSpace(x[len("DISTINCT "):]), "DISTINCT "
	}
	sumArg := c.args[0]
	if distinct != "" {
		// SUM(DISTINCT x) is typed as SUM(x) (the reference's
		// NUMBER(p + 12, s), mlorek/frostlake docs/functions.md), from x.
		sumArg = arg{sql: x}
		if d := c.args[0].distinct; d != nil && d.path == nil {
			sumArg.e = d
		}
	}
	x = refuseBooleanSum(x, "SUM")
	isText := "typeof(" + x + ") = 'VARCHAR'"
	num := fmt.Sprintf("struct_extract({'x': %[1]s, 'z': 0}, CASE WHEN %[2]s THEN 'z' ELSE 'x' END)", x, isText)
	str := fmt.Sprintf("CAST(struct_extract({'x': %[1]s, 'z': '0'}, CASE WHEN %[2]s THEN 'x' ELSE 'z' END) AS DOUBLE)", x, isText)
	probe := "typeof(any_value(" + x + ")) = 'VARCHAR'"
	if c.over != "" {
		probe = isText
	}
	over := overSuffix(c)
	n := typedAgg(fmt.Sprintf("sum(%s%s)%s", distinct, num, over), sumArg, c.over != "", 12, 0, 38)
	return expr{sql: fmt.Sprintf("struct_extract({'n': %[1]s, 's': sum(%[2]s%[3]s)%[4]s}, CASE WHEN %[5]s THEN 's' ELSE 'n' END)",
		n, distinct, str, over, probe)}, nil
}

// MAX_BY and MIN_BY with a count (`MAX_BY(v, k, n)`) return "an ARRAY
// containing the values of a column for the rows with the highest values"
// (docs: max_by, min_by, https://docs.snowflake.com/en/sql-reference/functions/max_by),
// the rows with a NULL key ignored. DuckDB's max_by left out a chosen row
// whose value is NULL ([10, 30] for the values 10, NULL, 30); the docs do
// not say how the ARRAY holds such a value (their examples have none), so
// it is refused (002040) when one is chosen. The value is carried in a
// STRUCT through the aggregate, which keeps a NULL member. The result is a
// VARIANT ARRAY (the docs print `[ 900, 2010, 1001 ]`), each element
// written as ARRAY_AGG writes it; DuckDB's LIST reached the client as
// `[2010 900 1001]` and TYPEOF of it as the element's type.
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_BY_VALUES(l, fn) AS list_transform([l], _sf_l -> CASE
		WHEN list_bool_or(list_transform(_sf_l, _sf_e -> _sf_e.v IS NULL))
		THEN error('Unsupported feature: ' || fn || ' with a count where a chosen row''s value is NULL (the docs do not say how the ARRAY holds it), in the local engine.')
		ELSE CAST('[' || array_to_string(list_transform(_sf_l, _sf_e -> _SF_VTEXT(_sf_e.v)), ',') || ']' AS JSON) END)[1]`,
	)
	byCount := func(p *parser, c *call) (expr, error) {
		if len(c.args) != 3 || c.star || c.args[0].name != "" {
			return defaultCall(c), nil
		}
		d := *c
		d.args = append([]arg(nil), c.args...)
		v, distinct := strings.TrimSpace(c.args[0].sql), ""
		if len(v) > len("DISTINCT ") && strings.EqualFold(v[:len("DISTINCT ")], "DISTINCT ") {
			v, distinct = strings.TrimSpace(v[len("DISTINCT "):]), "DISTINCT "
		}
		d.args[0].sql, d.args[0].e = distinct+"{'v': "+v+"}", nil
		return expr{sql: "_SF_BY_VALUES(" + defaultCall(&d).sql + ", '" + c.name + "')", typ: "JSON"}, nil
	}
	registerFuncs(map[string]funcHandler{"MAX_BY": byCount, "MIN_BY": byCount})
}

func approxCountDistinct(p *parser, c *call) (expr, error) {
	return expr{}, p.unsupported(c.t, "function "+c.name+" (Snowflake's HyperLogLog estimates cannot be reproduced locally)")
}
