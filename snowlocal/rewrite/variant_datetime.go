package rewrite

// TIME and TIMESTAMP values as elements of a VARIANT, OBJECT or ARRAY
// (funcs_variant.go builds those as JSON text). Here, not in
// funcs_variant.go, because the macros use tz.go's, which must be created
// first (the prelude is created in the order of the files' init).
func init() {
	prelude = append(prelude,
		// _SF_VTEXT: the JSON text of a value as an element of a VARIANT,
		// OBJECT or ARRAY (NULL for SQL NULL); a TIME or TIMESTAMP as
		// _SF_TS_VTEXT writes it.
		`CREATE OR REPLACE TEMP MACRO _SF_VTEXT(x) AS CASE WHEN x IS NULL THEN NULL
		WHEN typeof(x) = 'JSON' THEN CAST(x AS VARCHAR)
		WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN _SF_DOUBLE_TEXT(x)
		WHEN _SF_IS_DT_T(typeof(x)) THEN CAST(to_json(_SF_TS_VTEXT(x)) AS VARCHAR)
		ELSE CAST(to_json(x) AS VARCHAR) END`,
		// _SF_IS_DT_T: whether DuckDB type t is a TIME or a TIMESTAMP
		// (NTZ, LTZ, or the engine's TIMESTAMP_TZ struct, tz.go), the types
		// whose element text _SF_TS_VTEXT writes. (A DATE's JSON text,
		// "2024-02-24", is already Snowflake's.)
		`CREATE OR REPLACE TEMP MACRO _SF_IS_DT_T(t) AS t IN ('TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIME') OR starts_with(t, 'STRUCT(sf_tz_utc')`,
		// _SF_TS_VTEXT: a TIME's or TIMESTAMP's text as an element, as a
		// VARIANT prints it in the docs' example (IS_TIMESTAMP_*, session
		// time zone US Pacific): DATE "2024-02-24", TIME "20:57:01" (of
		// 20:57:01.123456789), TIMESTAMP_NTZ "2023-02-24 12:00:00.456",
		// TIMESTAMP_LTZ "2022-02-24 04:00:00.123 -0800" (the session's
		// zone), TIMESTAMP_TZ "2020-02-24 15:00:00.123 +0100" (its own
		// offset); an NTZ also "1999-01-01 00:00:00.000" (ARRAY_MIN). The
		// docs show no timestamp with a fraction finer than milliseconds
		// (rounded or cut to FF3?) nor a TIME with half a second or more
		// (rounded or cut to whole seconds?): refused. Built from the
		// value's DuckDB text (LTZ: in the session's zone; a TIMESTAMP_TZ's
		// text and instant, joined by '|') so that it binds for a value of
		// any type: the callers choose it by typeof, folded as DuckDB binds
		// the call. (x, which may be a subquery, stays out of the lambda.)
		`CREATE OR REPLACE TEMP MACRO _SF_TS_VTEXT(x) AS list_transform([CASE WHEN starts_with(typeof(x), 'STRUCT(sf_tz_utc')
		THEN _SF_TSTZ_JSON_TEXT(to_json(x)) || '|' || (to_json(x)->>'sf_tz_utc') ELSE CAST(x AS VARCHAR) END], _sf_t -> CASE
		WHEN NOT _SF_IS_DT_T(typeof(x)) THEN NULL
		WHEN typeof(x) = 'TIME' THEN CASE
			WHEN regexp_full_match(_sf_t, '[0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-4][0-9]*)?') THEN left(_sf_t, 8)
			ELSE _SF_REFUSE('a TIME with a fraction of half a second or more in a VARIANT, OBJECT or ARRAY', _sf_t) END
		WHEN starts_with(typeof(x), 'STRUCT(sf_tz_utc') THEN CASE
			WHEN regexp_matches(split_part(_sf_t, '|', 2), '[.][0-9]{4}') THEN _SF_REFUSE('a TIMESTAMP with a fraction finer than milliseconds in a VARIANT, OBJECT or ARRAY', _sf_t)
			ELSE split_part(_sf_t, '|', 1) END
		WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN CASE
			WHEN regexp_matches(_sf_t, '[.][0-9]{4}') THEN _SF_REFUSE('a TIMESTAMP with a fraction finer than milliseconds in a VARIANT, OBJECT or ARRAY', _sf_t)
			WHEN NOT regexp_full_match(_sf_t, '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,3})?[+-][0-9]{2}(:[0-9]{2})?')
			THEN _SF_REFUSE('a TIMESTAMP_LTZ of this form in a VARIANT, OBJECT or ARRAY', _sf_t)
			ELSE left(_sf_t, 19) || '.' || rpad(regexp_extract(_sf_t, '^.{19}[.]([0-9]+)', 1), 3, '0') || ' '
				|| regexp_extract(_sf_t, '([+-][0-9]{2})(:[0-9]{2})?$', 1) || coalesce(nullif(regexp_extract(_sf_t, '[+-][0-9]{2}:([0-9]{2})$', 1), ''), '00') END
		WHEN strpos(_sf_t, '.') = 0 THEN _sf_t || '.000'
		WHEN length(_sf_t) - strpos(_sf_t, '.') <= 3 THEN rpad(_sf_t, CAST(strpos(_sf_t, '.') + 3 AS INTEGER), '0')
		ELSE _SF_REFUSE('a TIMESTAMP with a fraction finer than milliseconds in a VARIANT, OBJECT or ARRAY', _sf_t) END)[1]`,
	)
}
