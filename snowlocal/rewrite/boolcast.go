package rewrite

// Text to BOOLEAN (::BOOLEAN, CAST, TO_BOOLEAN, TRY_TO_BOOLEAN): "Strings
// converted to TRUE: 'true', 't', 'yes', 'y', 'on', '1'. Strings converted to
// FALSE: 'false', 'f', 'no', 'n', 'off', '0'. Conversion is case-insensitive.
// Other text strings can't be converted to BOOLEAN values."
// (https://docs.snowflake.com/en/sql-reference/data-types-logical, Explicit
// conversion). DuckDB's cast takes all of them but 'on' and 'off'. A VARIANT
// string converts as that text; any other VARIANT (a JSON boolean, a number:
// "Zero (0) is converted to FALSE. Any non-zero value is converted to TRUE")
// as DuckDB's cast of the JSON value does.
func init() {
	prelude = append(prelude,
		// _SF_TEXT_BOOL(s, try): s by the docs' list; NULL or the error
		// result.go reports as 100037 otherwise.
		`CREATE OR REPLACE TEMP MACRO _SF_TEXT_BOOL(s, try) AS CASE WHEN s IS NULL THEN NULL
		WHEN lower(s) IN ('true', 't', 'yes', 'y', 'on', '1') THEN TRUE
		WHEN lower(s) IN ('false', 'f', 'no', 'n', 'off', '0') THEN FALSE
		WHEN try THEN NULL
		ELSE error('Boolean value ''' || s || ''' is not recognized') END`,
		// _SF_JSON_BOOL(j, try): a VARIANT's value j, bound once (a path's
		// json_extract would otherwise parse the record at each use).
		`CREATE OR REPLACE TEMP MACRO _SF_JSON_BOOL(j, try) AS list_transform([j], _sf_j ->
		CASE WHEN json_type(_sf_j) = 'VARCHAR' THEN _SF_TEXT_BOOL(_sf_j ->> '$', try)
		WHEN try THEN TRY_CAST(_sf_j AS BOOLEAN) ELSE CAST(_sf_j AS BOOLEAN) END)[1]`,
	)
}

// boolCast renders e converted to BOOLEAN where it is a text or a VARIANT
// (ok), as the docs convert them.
func boolCast(e expr, try bool) (string, bool) {
	switch {
	case e.path != nil || e.typ == "JSON" || e.variant:
		return "_SF_JSON_BOOL(" + e.renderValue() + ", " + boolSQL(try) + ")", true
	case e.typ == "VARCHAR" || e.textColumn || looksText(e.sql, false):
		return "_SF_TEXT_BOOL(" + e.sql + ", " + boolSQL(try) + ")", true
	}
	return "", false
}

func boolSQL(b bool) string {
	if b {
		return "TRUE"
	}
	return "FALSE"
}
