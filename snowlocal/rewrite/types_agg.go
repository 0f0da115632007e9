package rewrite

import (
	"fmt"
)

// Snowflake's types of the numeric aggregates over a NUMBER(p, s), where
// DuckDB's differ. The docs say only "NUMBER"; the precisions are from an
// independent reference, live-verified (mlorek/frostlake docs/functions.md,
// "What the numeric aggregates DECLARE"):
//
//	SUM                     NUMBER(min(38, p + 12), s)      DuckDB: DECIMAL(38, s)
//	AVG                     NUMBER(min(38, p + 18), s + 6)  DuckDB: the quotient's 38
//	MEDIAN, PERCENTILE_CONT NUMBER(min(38, p + 3), s + 3)   DuckDB: x * 1.000's p + 4
//
// and the same over a window, except AVG, which "forks on the shape of its
// OVER clause": NUMBER(p + 15, s + 3), but the aggregate's type with a bare
// ORDER BY (the default frame). An INT column is a NUMBER(38, 0).
//
// The type is given by cast_to_type(v, template): DuckDB binds it as a plain
// CAST to the template's type and never evaluates the template, so the cost
// is one decimal-to-decimal cast per group (or row of a window). The template
// is built when DuckDB binds the call, from the operand's typeof() text,
// which folds to a constant there (_SF_DEC_OF). (A conversion through JSON
// text, as _SF_MUL2 does, costs a third more CPU for detect run --all.)
func init() {
	prelude = append(prelude,
		// _SF_PREC_T(t): the precision of Snowflake's type of an operand of
		// DuckDB type t where it is a DECIMAL or an integer (an INT column, a
		// NUMBER(38, 0)), else NULL.
		`CREATE OR REPLACE TEMP MACRO _SF_PREC_T(t) AS CASE WHEN starts_with(t, 'DECIMAL(') THEN CAST(split_part(split_part(t, '(', 2), ',', 1) AS INTEGER)
		WHEN t IN ('BIGINT', 'HUGEINT', 'INTEGER', 'SMALLINT', 'TINYINT', 'UBIGINT', 'UHUGEINT', 'UINTEGER', 'USMALLINT', 'UTINYINT') THEN 38 END`,
		// _SF_AGG_TYPED(v, x, dp, ds, maxs): aggregate value v of operand x
		// (of a NUMBER(p, s) with s <= maxs) as a NUMBER(min(p + dp, 38),
		// s + ds); v itself for any other operand (a FLOAT...). The template
		// is a DECIMAL(P, P) zero picked by the constant key P, or v, and
		// round() to a constant scale, which DuckDB types DECIMAL(P, scale)
		// (v's own scale for v). (The field holding v defers binding the key
		// until the macro is used, where it is a constant.)
		`CREATE OR REPLACE TEMP MACRO _SF_AGG_TYPED(v, x, dp, ds, maxs) AS cast_to_type(v, round(struct_extract({'1': CAST(0 AS DECIMAL(1, 1)), '2': CAST(0 AS DECIMAL(2, 2)), '3': CAST(0 AS DECIMAL(3, 3)), '4': CAST(0 AS DECIMAL(4, 4)), '5': CAST(0 AS DECIMAL(5, 5)), '6': CAST(0 AS DECIMAL(6, 6)), '7': CAST(0 AS DECIMAL(7, 7)), '8': CAST(0 AS DECIMAL(8, 8)), '9': CAST(0 AS DECIMAL(9, 9)), '10': CAST(0 AS DECIMAL(10, 10)), '11': CAST(0 AS DECIMAL(11, 11)), '12': CAST(0 AS DECIMAL(12, 12)), '13': CAST(0 AS DECIMAL(13, 13)), '14': CAST(0 AS DECIMAL(14, 14)), '15': CAST(0 AS DECIMAL(15, 15)), '16': CAST(0 AS DECIMAL(16, 16)), '17': CAST(0 AS DECIMAL(17, 17)), '18': CAST(0 AS DECIMAL(18, 18)), '19': CAST(0 AS DECIMAL(19, 19)), '20': CAST(0 AS DECIMAL(20, 20)), '21': CAST(0 AS DECIMAL(21, 21)), '22': CAST(0 AS DECIMAL(22, 22)), '23': CAST(0 AS DECIMAL(23, 23)), '24': CAST(0 AS DECIMAL(24, 24)), '25': CAST(0 AS DECIMAL(25, 25)), '26': CAST(0 AS DECIMAL(26, 26)), '27': CAST(0 AS DECIMAL(27, 27)), '28': CAST(0 AS DECIMAL(28, 28)), '29': CAST(0 AS DECIMAL(29, 29)), '30': CAST(0 AS DECIMAL(30, 30)), '31': CAST(0 AS DECIMAL(31, 31)), '32': CAST(0 AS DECIMAL(32, 32)), '33': CAST(0 AS DECIMAL(33, 33)), '34': CAST(0 AS DECIMAL(34, 34)), '35': CAST(0 AS DECIMAL(35, 35)), '36': CAST(0 AS DECIMAL(36, 36)), '37': CAST(0 AS DECIMAL(37, 37)), '38': CAST(0 AS DECIMAL(38, 38)), 'v': [v][1]},
		CASE WHEN _SF_PREC_T(typeof(x)) IS NULL OR _SF_DEC_SCALE_T(typeof(x)) > maxs THEN 'v' ELSE CAST(least(_SF_PREC_T(typeof(x)) + dp, 38) AS VARCHAR) END),
		CASE WHEN _SF_PREC_T(typeof(x)) IS NULL OR _SF_DEC_SCALE_T(typeof(x)) > maxs THEN _SF_DEC_SCALE_T(typeof(v)) ELSE _SF_DEC_SCALE_T(typeof(x)) + ds END))`,
	)
}

// typedAgg renders aggregate value v (rendered) of argument a as
// Snowflake's NUMBER(min(p + dp, 38), s + ds) where a is a NUMBER(p, s) with
// s <= maxs. Where the rewriter knows a's type (a column of a base table, a
// cast) the type is written out, a plain CAST per group; otherwise it is
// chosen when DuckDB binds the call (_SF_AGG_TYPED, which costs a few
// milliseconds of binding), from any_value(x) in an aggregate (a bare
// column would not bind there; the unused aggregate is dropped), from x
// itself in a window.
func typedAgg(v string, a arg, over bool, dp, ds, maxs int) string {
	if t, ok := staticAggType(v, a, dp, ds, maxs); ok {
		return t
	}
	x := a.num()
	if !over {
		x = "any_value(" + x + ")"
	}
	return fmt.Sprintf("_SF_AGG_TYPED(%s, %s, %d, %d, %d)", v, x, dp, ds, maxs)
}

// staticAggType is typedAgg's value where the rewriter knows a's type.
func staticAggType(v string, a arg, dp, ds, maxs int) (string, bool) {
	if a.e != nil && a.e.path == nil {
		switch t := a.e.typ; {
		case a.e.intWidth > 0:
			// An integer of known precision (types_intfn.go), a NUMBER(w,
			// 0) whatever DuckDB holds it as: AVG(LENGTH(s)) is a
			// NUMBER(36,6), MEDIAN(LENGTH(s)) a NUMBER(21,3).
			return fmt.Sprintf("CAST(%s AS DECIMAL(%d, %d))", v, min(a.e.intWidth+dp, 38), ds), true
		case t == "BIGINT": // an INT column, a NUMBER(38, 0)
			return fmt.Sprintf("CAST(%s AS DECIMAL(38, %d))", v, ds), true
		case duckDecimal(t).ok: // types_mul.go
			d := duckDecimal(t)
			if d.s > maxs {
				return v, true
			}
			return fmt.Sprintf("CAST(%s AS DECIMAL(%d, %d))", v, min(d.p+dp, 38), d.s+ds), true
		case t != "":
			return v, true // a FLOAT, a string, a date...: not a NUMBER
		}
	}
	return "", false
}

// pivotAggOperand renders operand x (argument a) of aggregate fn in a
// PIVOT, where DuckDB takes exactly one aggregate call (or a cast of it), so
// that the aggregate can be typed only where the rewriter knows a's type
// (staticAggType). Otherwise x is refused when evaluated where it is a
// NUMBER whose aggregate would have another type than Snowflake's: the
// condition is a constant per call site (typeof() folds), so x costs
// nothing more per row where it holds. (SUM: DuckDB's DECIMAL(38, s) is
// Snowflake's for a precision of 26 or more, and an integer's HUGEINT its
// NUMBER(38,0); MEDIAN and PERCENTILE_CONT: any NUMBER.)
func pivotAggOperand(x string, a arg, fn string) (string, bool) {
	if _, ok := staticAggType("", a, 0, 0, 38); ok {
		return x, true
	}
	cond := "_SF_PREC_T(typeof(" + x + ")) IS NOT NULL"
	if fn == "SUM" {
		cond = "starts_with(typeof(" + x + "), 'DECIMAL(') AND _SF_PREC_T(typeof(" + x + ")) < 26"
	}
	return fmt.Sprintf("CASE WHEN %s THEN error('Unsupported feature ''%s of a NUMBER in a PIVOT over a relation other than a table'': the local engine does not implement it.') ELSE %s END",
		cond, fn, x), false
}
