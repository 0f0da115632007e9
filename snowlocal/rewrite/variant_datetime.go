package rewrite

// TIME and TIMESTAMP values as elements of a VARIANT, OBJECT or ARRAY
// (funcs_variant.go builds those as JSON text).
func init() {
	prelude = append(prelude,
		// _SF_IS_DT_T: whether DuckDB type t is a TIME or a TIMESTAMP
		// (NTZ, LTZ, or the engine's TIMESTAMP_TZ struct, tz.go), the types
		// whose element text _SF_TS_VTEXT writes. (A DATE's JSON text,
		// "2024-02-24", is already Snowflake's.)
		`CREATE OR REPLACE TEMP MACRO _SF_IS_DT_T(t) AS t IN ('TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIME') OR starts_with(t, 'STRUCT(sf_tz_utc')`,
		// _SF_VTEXT: the JSON text of a value as an element of a VARIANT,
		// OBJECT or ARRAY (NULL for SQL NULL); a TIME or TIMESTAMP as
		// _SF_TS_VTEXT writes it.
		// The value is bound once (a lambda's parameter): the body names it
		// six times, and a value that is itself a macro's expansion (a
		// converted timestamp) bound six copies of that, in every
		// OBJECT_CONSTRUCT/ARRAY_CONSTRUCT element (68 s to bind one
		// OBJECT_CONSTRUCT('k', '…'::TIMESTAMP)::VARCHAR).
		`CREATE OR REPLACE TEMP MACRO _SF_VTEXT_BODY(x) AS CASE WHEN x IS NULL THEN NULL
		WHEN typeof(x) = 'JSON' AND _SF_VTAG(x) = 1 THEN _SF_REFUSE('a BINARY value in an OBJECT or ARRAY', x)
		WHEN typeof(x) = 'JSON' THEN CAST(x AS VARCHAR)
		WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN _SF_DOUBLE_TEXT(x)
		WHEN _SF_IS_DT_T(typeof(x)) THEN CAST(to_json(_SF_TS_VTEXT(x)) AS VARCHAR)
		WHEN typeof(x) = 'BLOB' THEN _SF_REFUSE('a BINARY value in an OBJECT or ARRAY', x)
		ELSE CAST(to_json(x) AS VARCHAR) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_VTEXT(x) AS list_transform([x], lambda _sf_vtext: _SF_VTEXT_BODY(_sf_vtext))[1]`,
		// _SF_TS_VTEXT: a TIME's or TIMESTAMP's text as an element, as a
		// VARIANT prints it in the docs (sfunc/datetime_element.go); NULL
		// for other types. Built from the value's JSON text (an LTZ in the
		// session's zone, a TIMESTAMP_TZ's instant and offset) so that it
		// binds for a value of any type: the callers choose it by typeof,
		// folded as DuckDB binds the call. (The leading IS NULL test keeps
		// DuckDB from resolving the Go function when the macro is created.)
		`CREATE OR REPLACE TEMP MACRO _SF_TS_VTEXT(x) AS CASE WHEN x IS NULL OR NOT _SF_IS_DT_T(typeof(x)) THEN NULL
		ELSE _SF_GO_DT_VTEXT(typeof(x), CAST(to_json(x) AS VARCHAR)) END`,
	)
}
