package rewrite

// Snowflake's types of the numeric aggregates over a NUMBER(p, s), where
// DuckDB's differ. The docs say only "NUMBER" (or "FLOAT or DECIMAL"); the
// precisions are from an independent reference, live-verified (mlorek/
// frostlake docs/functions.md, "What the numeric aggregates DECLARE"):
//
//	SUM     NUMBER(min(38, p + 12), s)      DuckDB: DECIMAL(38, s)
//	AVG     NUMBER(min(38, p + 18), s + 6)  DuckDB: the quotient's 38
//	MEDIAN  NUMBER(min(38, p + 3), s + 3)   DuckDB: x * 1.000's p + 4
//
// over a window as well, except AVG: NUMBER(p + 15, s + 3) there, but
// the aggregate's type with an ORDER BY and the default frame. An INT
// column is a NUMBER(38, 0). The counts are typed in funcs_agg_docs.go.
//
// The type is chosen when DuckDB binds the call, from the operand's
// typeof() text, and given to the aggregate's value through its decimal
// text (as _SF_MUL2 does: a CAST would need the type written out). It is
// one conversion per group (per row of a window), and none where DuckDB's
// type already is Snowflake's.
func init() {
	prelude = append(prelude,
		// _SF_TYPED(v, ty): v given the type ty, a JSON type text for
		// json_transform_strict, or v itself where ty is NULL. (ty is a
		// constant per call site; the field not taken folds to NULL.)
		`CREATE OR REPLACE TEMP MACRO _SF_TYPED(v, ty) AS struct_extract({'v': v,
		'j': json_transform_strict(CASE WHEN ty IS NOT NULL THEN to_json(CAST(v AS VARCHAR)) END, coalesce(ty, '"DECIMAL(1,0)"'))},
		CASE WHEN ty IS NULL THEN 'v' ELSE 'j' END)`,
		// _SF_DEC_TYPE_TEXT(p, s): '"DECIMAL(p,s)"'.
		`CREATE OR REPLACE TEMP MACRO _SF_DEC_TYPE_TEXT(p, s) AS '"DECIMAL(' || CAST(p AS VARCHAR) || ',' || CAST(s AS VARCHAR) || ')"'`,
		// _SF_SUM_TYPE_T(t): SUM's type over an operand of DuckDB type t
		// where it is not DuckDB's DECIMAL(38, s), else NULL.
		`CREATE OR REPLACE TEMP MACRO _SF_SUM_TYPE_T(t) AS CASE WHEN starts_with(t, 'DECIMAL(') AND _SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) + 12 < 38
		THEN _SF_DEC_TYPE_TEXT(_SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) + 12, _SF_DEC_SCALE_T(t)) END`,
		// _SF_AVG_SUM_TYPE_T(t): the type AVG's sum is given so that the
		// quotient by the count (types.go: L1 + S2 + S digits, S = s + 6)
		// has precision p + 18: SUM's, where the scale is at most 6 (above,
		// the quotient's scale is 12, not s + 6, and its precision is left
		// at 38).
		`CREATE OR REPLACE TEMP MACRO _SF_AVG_SUM_TYPE_T(t) AS CASE WHEN _SF_DEC_SCALE_T(t) <= 6 THEN _SF_SUM_TYPE_T(t) END`,
		// _SF_AVG_WIN3_TYPE_T(t), _SF_AVG_WIN6_TYPE_T(t): AVG's type as a
		// window function, NUMBER(p + 15, s + 3), and with an ORDER BY and
		// the default frame NUMBER(p + 18, s + 6) (the reference: AVG's
		// width forks on the OVER clause), for a scale of at most 6 (the
		// one the reference's examples show), else NULL.
		`CREATE OR REPLACE TEMP MACRO _SF_AVG_WIN3_TYPE_T(t) AS CASE WHEN starts_with(t, 'DECIMAL(') AND _SF_DEC_SCALE_T(t) <= 6
		AND _SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) + 15 < 38 THEN _SF_DEC_TYPE_TEXT(_SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) + 15, _SF_DEC_SCALE_T(t) + 3) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_AVG_WIN6_TYPE_T(t) AS CASE WHEN starts_with(t, 'DECIMAL(') AND _SF_DEC_SCALE_T(t) <= 6
		AND _SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) + 18 < 38 THEN _SF_DEC_TYPE_TEXT(_SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) + 18, _SF_DEC_SCALE_T(t) + 6) END`,
		// _SF_MEDIAN_TYPE_T(t): MEDIAN's type over an operand of DuckDB
		// type t (a DECIMAL, or a BIGINT: an INT column), where DuckDB's
		// median of x * 1.000 has another, else NULL.
		`CREATE OR REPLACE TEMP MACRO _SF_MEDIAN_TYPE_T(t) AS CASE
		WHEN starts_with(t, 'DECIMAL(') AND _SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) + 3 < 38
		THEN _SF_DEC_TYPE_TEXT(_SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) + 3, _SF_DEC_SCALE_T(t) + 3)
		WHEN t = 'BIGINT' THEN '"DECIMAL(38,3)"' END`,
	)
}

// typedAgg renders aggregate value v (rendered) with the type that macro
// typeMacro (_SF_SUM_TYPE_T...) gives for operand x: x's type is read from
// any_value(x) in an aggregate, from x itself in a window (over).
func typedAgg(v, typeMacro, x string, over bool) string {
	t := "typeof(any_value(" + x + "))"
	if over {
		t = "typeof(" + x + ")"
	}
	return "_SF_TYPED(" + v + ", " + typeMacro + "(" + t + "))"
}
