package rewrite

// Text to DATE, TIME and TIMESTAMP reads only the formats the AUTO input
// format recognizes (docs: "Date and time input and output formats",
// "Supported formats for AUTO detection"); sfunc/datetime_auto.go rewrites
// each to a canonical text DuckDB reads as Snowflake does, NULL (or, given
// the kind, Snowflake's conversion error) for other text.
func init() {
	prelude = append(prelude,
		// (In a CASE: a macro whose body is a bare call is checked when it
		// is created, before the engine registers the _SF_GO_ functions.)
		// An ISO date or timestamp with every part at full width, which
		// DuckDB reads as Snowflake does, skips the Go call (a cast per row
		// stays as fast as DuckDB's).
		// what: 'Timestamp' or 'Date', the error's first word (result.go
		// gives it Snowflake's code); '' gives NULL for text in no format.
		`CREATE OR REPLACE TEMP MACRO _SF_DT_NORM_OR_FAIL(s, what) AS CASE WHEN s IS NULL THEN NULL
		WHEN regexp_full_match(s, '[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})? ?(Z|[+-][0-9]{2}(:?[0-9]{2})?)?)?') THEN s ELSE _SF_GO_DT_NORM(s, what) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_DT_NORM(s) AS _SF_DT_NORM_OR_FAIL(s, '')`,
		// The offset in minutes of a timestamp text, NULL for none (a
		// TIMESTAMP_TZ keeps it; tz.go).
		`CREATE OR REPLACE TEMP MACRO _SF_DT_OFFSET(s) AS CASE WHEN s IS NULL THEN NULL ELSE _SF_GO_DT_OFFSET(s) END`,
	)
}
