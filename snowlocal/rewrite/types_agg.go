package rewrite

import "fmt"

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
		// _SF_DEC_OF(x, p, s): a constant DECIMAL(p, s), for its type: a
		// DECIMAL(p, p) zero picked by the constant key p, and round() to a
		// constant s, which DuckDB types DECIMAL(p, s). (x is any parameter
		// of the caller: a struct field using it defers binding the key
		// until the macro is used, where p is a constant.)
		`CREATE OR REPLACE TEMP MACRO _SF_DEC_OF(x, p, s) AS round(struct_extract({'1': CAST(0 AS DECIMAL(1, 1)), '2': CAST(0 AS DECIMAL(2, 2)), '3': CAST(0 AS DECIMAL(3, 3)), '4': CAST(0 AS DECIMAL(4, 4)), '5': CAST(0 AS DECIMAL(5, 5)), '6': CAST(0 AS DECIMAL(6, 6)), '7': CAST(0 AS DECIMAL(7, 7)), '8': CAST(0 AS DECIMAL(8, 8)), '9': CAST(0 AS DECIMAL(9, 9)), '10': CAST(0 AS DECIMAL(10, 10)), '11': CAST(0 AS DECIMAL(11, 11)), '12': CAST(0 AS DECIMAL(12, 12)), '13': CAST(0 AS DECIMAL(13, 13)), '14': CAST(0 AS DECIMAL(14, 14)), '15': CAST(0 AS DECIMAL(15, 15)), '16': CAST(0 AS DECIMAL(16, 16)), '17': CAST(0 AS DECIMAL(17, 17)), '18': CAST(0 AS DECIMAL(18, 18)), '19': CAST(0 AS DECIMAL(19, 19)), '20': CAST(0 AS DECIMAL(20, 20)), '21': CAST(0 AS DECIMAL(21, 21)), '22': CAST(0 AS DECIMAL(22, 22)), '23': CAST(0 AS DECIMAL(23, 23)), '24': CAST(0 AS DECIMAL(24, 24)), '25': CAST(0 AS DECIMAL(25, 25)), '26': CAST(0 AS DECIMAL(26, 26)), '27': CAST(0 AS DECIMAL(27, 27)), '28': CAST(0 AS DECIMAL(28, 28)), '29': CAST(0 AS DECIMAL(29, 29)), '30': CAST(0 AS DECIMAL(30, 30)), '31': CAST(0 AS DECIMAL(31, 31)), '32': CAST(0 AS DECIMAL(32, 32)), '33': CAST(0 AS DECIMAL(33, 33)), '34': CAST(0 AS DECIMAL(34, 34)), '35': CAST(0 AS DECIMAL(35, 35)), '36': CAST(0 AS DECIMAL(36, 36)), '37': CAST(0 AS DECIMAL(37, 37)), '38': CAST(0 AS DECIMAL(38, 38)), 'x': [x][1]},
		CAST(p AS VARCHAR)), s)`,
		// _SF_INT_LEAD_T(t): the leading digits of Snowflake's type of an
		// operand of DuckDB type t where it is a DECIMAL or an integer (an
		// INT column, a NUMBER(38, 0)), else NULL.
		`CREATE OR REPLACE TEMP MACRO _SF_INT_LEAD_T(t) AS CASE WHEN starts_with(t, 'DECIMAL(') THEN _SF_DEC_LEAD_T(t)
		WHEN regexp_full_match(t, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') THEN 38 END`,
		// _SF_AGG_TYPED(v, x, dp, ds, maxs): aggregate value v of operand x
		// (of a NUMBER(p, s) with s <= maxs) as a NUMBER(min(p + dp, 38),
		// s + ds); v itself for any other operand (a FLOAT...).
		`CREATE OR REPLACE TEMP MACRO _SF_AGG_TYPED(v, x, dp, ds, maxs) AS cast_to_type(v, struct_extract({
		'd': _SF_DEC_OF(x, least(_SF_INT_LEAD_T(typeof(x)) + _SF_DEC_SCALE_T(typeof(x)) + dp, 38), _SF_DEC_SCALE_T(typeof(x)) + ds),
		'v': [v][1]}, CASE WHEN _SF_INT_LEAD_T(typeof(x)) IS NOT NULL AND _SF_DEC_SCALE_T(typeof(x)) <= maxs THEN 'd' ELSE 'v' END))`,
	)
}

// typedAgg renders aggregate value v (rendered) of operand x as Snowflake's
// NUMBER(min(p + dp, 38), s + ds) where x is a NUMBER(p, s) with s <= maxs
// (_SF_AGG_TYPED). x's type is read from any_value(x) in an aggregate (a
// bare column would not bind there; the unused aggregate is dropped), from x
// itself in a window.
func typedAgg(v, x string, over bool, dp, ds, maxs int) string {
	if !over {
		x = "any_value(" + x + ")"
	}
	return fmt.Sprintf("_SF_AGG_TYPED(%s, %s, %d, %d, %d)", v, x, dp, ds, maxs)
}
