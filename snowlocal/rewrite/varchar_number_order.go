package rewrite

import "strings"

// A text compared with an integer or a NUMBER by < <= > >= (and, through
// _SF_TXTCMP, by any comparison of a side whose type only DuckDB sees).
// Snowflake reads the text as a number (docs: Data type conversion; the
// live-verified reference mlorek/frostlake docs/operators.md), as it does
// for = (varchar_number.go), failing with 100038 "Numeric value '…' is not
// recognized" on text that is no number. DuckDB refused to bind a VARCHAR
// against a number in an ordered comparison (the engine answered 002040).
//
// _SF_TXTNUM_ORD(x, n) is side x read as such a number where x is a
// VARCHAR and n an integer (up to BIGINT) or a DECIMAL of scale up to 5,
// and x itself otherwise (DuckDB folds typeof() as it binds the macro, and
// cast_to_type to a value's own type is no cast). The text is checked as
// _SF_TXTNUM checks it for = (no fraction beyond the scale both readings
// agree on, no exponent, no DuckDB-only spelling) and read as a
// DECIMAL(38, s), s the number's scale, which holds every text that check
// lets through and compares with the number exactly; a text of more than
// 33 integer digits is refused (002040) rather than read. Other number
// types (FLOAT, HUGEINT, a scale above 5) keep DuckDB's refusal.
func init() {
	prelude = append(prelude,
		// Which field of _SF_TXTNUM_W's row x converts to: 1 (x's own
		// type) or 2 + the scale of the number n.
		`CREATE OR REPLACE TEMP MACRO _SF_TXTNUM_ORD_AT(x, n) AS CASE WHEN typeof(x) <> 'VARCHAR' THEN 1
		WHEN regexp_full_match(typeof(n), 'U?(TINYINT|SMALLINT|INTEGER|BIGINT)') THEN 2
		WHEN starts_with(typeof(n), 'DECIMAL(') AND _SF_DEC_SCALE_T(typeof(n)) <= 5 THEN 2 + _SF_DEC_SCALE_T(typeof(n))
		ELSE 1 END`,
		// A value of the type x converts to (only bound: cast_to_type's witness).
		// (The CASE keeps DuckDB from binding the key as the macro is
		// created, as _SF_TXTDT does.)
		`CREATE OR REPLACE TEMP MACRO _SF_TXTNUM_W(x, n) AS CASE WHEN x IS NULL AND n IS NULL AND FALSE THEN NULL ELSE
		struct_extract_at(row(x, CAST(NULL AS DECIMAL(38, 0)), CAST(NULL AS DECIMAL(38, 1)), CAST(NULL AS DECIMAL(38, 2)),
		CAST(NULL AS DECIMAL(38, 3)), CAST(NULL AS DECIMAL(38, 4)), CAST(NULL AS DECIMAL(38, 5))), _SF_TXTNUM_ORD_AT(x, n)) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_TXTNUM_ORD(x, n) AS CASE WHEN x IS NULL AND FALSE THEN NULL ELSE cast_to_type(
		CASE WHEN _SF_TXTNUM_ORD_AT(x, n) > 1 AND length(regexp_extract(CAST(x AS VARCHAR), '^\s*[+-]?0*([0-9]*)', 1)) > 33
		THEN error('Unsupported feature: a text of more than 33 integer digits compared with a number (' || CAST(x AS VARCHAR) || '), in the local engine.')
		ELSE _SF_TXTNUM(x, n) END, _SF_TXTNUM_W(x, n)) END`,
	)
}

// textNumOrdWrap renders _SF_TXTNUM_ORD(x, n). The macro names x many
// times, so an x with a call (a user function that runs a statement per
// value) or a subquery is bound once by a lambda, as textNumWrap binds
// one; a column stays bare, for its filter to reach the table scan.
func textNumOrdWrap(x, n string) string {
	if inlineWitness(x) || strings.Contains(x, "(") {
		return "list_transform([" + x + "], _sf_tn -> _SF_TXTNUM_ORD(_sf_tn, " + n + "))[1]"
	}
	return "_SF_TXTNUM_ORD(" + x + ", " + n + ")"
}
