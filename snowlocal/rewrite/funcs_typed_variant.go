package rewrite

import (
	"fmt"
	"strings"
)

// DATE, TIME, TIMESTAMP and BINARY values in a VARIANT (sfunc/
// variant_typed.go states the model: a JSON string of the text Snowflake
// prints, its first k characters \u00XX escapes, k naming the type). A
// value cast to VARIANT is written so (_SF_TO_VARIANT, funcs_variant.go);
// the functions that ask for a VARIANT's type read the tag: TYPEOF
// (_SF_TYPEOF_V), IS_DATE / IS_DATE_VALUE, IS_TIME, IS_TIMESTAMP_NTZ /
// _LTZ / _TZ, IS_BINARY, IS_VARCHAR / IS_CHAR (FALSE for a tagged value),
// AS_DATE, AS_TIME, AS_TIMESTAMP_NTZ, AS_BINARY, AS_VARCHAR / AS_CHAR (NULL
// for a tagged value) (docs: is_date-value, is_time, is_timestamp,
// is_binary, as_date, as_time, as_timestamp, as_binary: TRUE or the value
// when the VARIANT holds that type, else FALSE or NULL; NULL for NULL).
// AS_TIMESTAMP_LTZ and AS_TIMESTAMP_TZ stay refused: the engine would read
// back an LTZ's text in the session's zone and a TIMESTAMP_TZ's offset,
// which no docs example shows. A tag is read only at the top of a value:
// a path into a document reads what DuckDB decodes, without the escapes.
// So a tagged value placed in an OBJECT or ARRAY is a string there, as a
// DATE, TIME or TIMESTAMP placed there directly is (variant_datetime.go),
// and a tagged BINARY is refused there as a BINARY is (_SF_VTEXT,
// _SF_NO_DOUBLE); the order and equality of a tagged value (ORDER BY,
// GROUP BY, DISTINCT, =) are refused (variant_order.go _SF_VKEY).

// variantTagValues are the tag numbers (sfunc.VariantTypeTags) of the
// types IS_* and AS_* ask for.
var variantTagValues = map[string]int{"BINARY": 1, "DATE": 2, "TIME": 3, "TIMESTAMP_NTZ": 4, "TIMESTAMP_LTZ": 5, "TIMESTAMP_TZ": 6}

// variantTimeCutTag is the tag of a TIME whose fraction of a second its
// text does not show (sfunc.VariantTypeTags): TYPEOF and IS_TIME read it as
// a TIME; AS_TIME and the casts that read its text (_SF_TO_VARCHAR, through
// which ::TIME, ::VARCHAR and TO_VARCHAR go) refuse it, as they would
// answer without the fraction Snowflake keeps.
const variantTimeCutTag = 7

// variantTimeCutText matches the text of a JSON value tagged
// variantTimeCutTag: seven escaped characters, then one that is not.
// (_SF_VTAG reads any tag, but names its argument four times: a test of
// every VARIANT string converted to text binds with the fewest copies.)
const variantTimeCutText = `'^"(\\u00[0-9a-f]{2}){7}[^\\]'`

// variantTimeCutRefusal is the refusal of a read of such a TIME.
const variantTimeCutRefusal = "a VARIANT holding a TIME with a fraction of a second, read back as a TIME or text"

func init() {
	is := func(tag string) funcHandler {
		return func(p *parser, c *call) (expr, error) {
			v, err := variantArg(p, c)
			if err != nil {
				return expr{}, err
			}
			if tag == "TIME" {
				return expr{sql: fmt.Sprintf("(_SF_VTAG(%s) IN (%d, %d))", v, variantTagValues[tag], variantTimeCutTag), typ: "BOOLEAN"}, nil
			}
			return expr{sql: fmt.Sprintf("(_SF_VTAG(%s) = %d)", v, variantTagValues[tag]), typ: "BOOLEAN"}, nil
		}
	}
	as := func(tag, conv, typ string) funcHandler {
		return func(p *parser, c *call) (expr, error) {
			v, err := variantArg(p, c)
			if err != nil {
				return expr{}, err
			}
			if tag == "TIME" {
				return expr{sql: fmt.Sprintf("CASE WHEN _SF_VTAG(%[1]s) = %[2]d THEN "+conv+" WHEN _SF_VTAG(%[1]s) = %[3]d THEN CAST(_SF_REFUSE('%[4]s', %[1]s) AS TIME) END",
					v, variantTagValues[tag], variantTimeCutTag, variantTimeCutRefusal), typ: typ}, nil
			}
			return expr{sql: fmt.Sprintf("CASE WHEN _SF_VTAG(%[1]s) = %[2]d THEN "+conv+" END", v, variantTagValues[tag]), typ: typ}, nil
		}
	}
	registerFuncs(map[string]funcHandler{
		"IS_DATE": is("DATE"), "IS_DATE_VALUE": is("DATE"), "IS_TIME": is("TIME"),
		"IS_TIMESTAMP_NTZ": is("TIMESTAMP_NTZ"), "IS_TIMESTAMP_LTZ": is("TIMESTAMP_LTZ"), "IS_TIMESTAMP_TZ": is("TIMESTAMP_TZ"),
		"IS_BINARY":        is("BINARY"),
		"AS_DATE":          as("DATE", "CAST(json_extract_string(%[1]s, '$') AS DATE)", "DATE"),
		"AS_TIME":          as("TIME", "CAST(json_extract_string(%[1]s, '$') AS TIME)", "TIME"),
		"AS_TIMESTAMP_NTZ": as("TIMESTAMP_NTZ", "CAST(json_extract_string(%[1]s, '$') AS TIMESTAMP)", "TIMESTAMP"),
		"AS_BINARY":        as("BINARY", "unhex(json_extract_string(%[1]s, '$'))", "BLOB"),
		// A tagged string is not a VARCHAR (docs: is_char-varchar).
		"IS_VARCHAR": untagged(jsonTypeIs("'VARCHAR'")), "IS_CHAR": untagged(jsonTypeIs("'VARCHAR'")),
		"AS_VARCHAR": untagged(asType("'VARCHAR'", "json_extract_string(%s, '$')", "VARCHAR")),
		"AS_CHAR":    untagged(asType("'VARCHAR'", "json_extract_string(%s, '$')", "VARCHAR")),
	})
	prelude = append(prelude,
		// _SF_VTAG(v): the tag of VARIANT v (0 for none, NULL for NULL).
		`CREATE OR REPLACE TEMP MACRO _SF_VTAG(v) AS CASE WHEN v IS NULL THEN NULL WHEN typeof(v) <> 'JSON' THEN 0
		WHEN NOT starts_with(CAST(v AS VARCHAR), '"\u00') THEN 0
		ELSE length(regexp_extract(CAST(v AS VARCHAR), '^"((\\u00(2d|3[0-9a]|4[1-6]))+)[^\\]', 1)) // 6 END`,
		// _SF_VTAG_NAME(v): TYPEOF of a tagged VARIANT, NULL for another.
		`CREATE OR REPLACE TEMP MACRO _SF_VTAG_NAME(v) AS ['BINARY', 'DATE', 'TIME', 'TIMESTAMP_NTZ', 'TIMESTAMP_LTZ', 'TIMESTAMP_TZ', 'TIME'][_SF_VTAG(v)]`,
		// _SF_VTYPED(x): a DATE, TIME, TIMESTAMP or BLOB x as a tagged
		// VARIANT. (The leading IS NULL test keeps DuckDB from resolving
		// the Go function when the macro is created.)
		`CREATE OR REPLACE TEMP MACRO _SF_VTYPED(x) AS CASE WHEN x IS NULL THEN NULL
		ELSE CAST(_SF_GO_VARIANT_TYPED(typeof(x), CAST(to_json(x) AS VARCHAR)) AS JSON) END`,
		// _SF_NO_TIME_CUT(x): x, refused where it is a VARIANT holding a
		// TIME whose fraction its text drops (variantTimeCutTag), before a
		// cast to TIME would read the text.
		`CREATE OR REPLACE TEMP MACRO _SF_NO_TIME_CUT(x) AS CASE
		WHEN typeof(x) = 'JSON' AND _SF_VTAG(x) = `+fmt.Sprint(variantTimeCutTag)+` THEN error('Unsupported feature ''`+variantTimeCutRefusal+`'': the local engine does not implement it.')
		ELSE x END`,
		// _SF_TIME_TEXT_VARIANT(s): TO_VARIANT(TO_TIME(s)) of a text s, read
		// from its normalized text so that nanoseconds, which the engine's
		// TIME cannot hold, reach the VARIANT, which prints whole seconds
		// (sfunc.VariantTypeTags, tag 7; docs: is_time). An integer is seconds
		// since the epoch, as TO_TIME reads it.
		`CREATE OR REPLACE TEMP MACRO _SF_TIME_TEXT_VARIANT(s) AS CASE WHEN s IS NULL THEN NULL
		WHEN regexp_full_match(s, '\s*[0-9]+\s*') THEN _SF_VTYPED(_SF_TIME_TEXT(s))
		ELSE CAST(_SF_GO_VARIANT_TIME(_SF_GO_TIME_NORM(s, 'Time')) AS JSON) END`,
	)
}

// timeTextVariant is the VARIANT of a TIME read from text by TO_TIME
// (funcs_time.go: _SF_TIME_TEXT), ok false for another TIME.
func timeTextVariant(sql string) (string, bool) {
	inner, ok := strings.CutPrefix(sql, "_SF_TIME_TEXT(")
	if !ok || !strings.HasSuffix(inner, ")") || !balanced(inner[:len(inner)-1]) {
		return "", false
	}
	return "_SF_TIME_TEXT_VARIANT(" + inner, true
}

// untagged is handler h of an IS_* (BOOLEAN) or AS_* function whose answer
// holds for an untagged VARIANT only: FALSE or NULL for a tagged one.
func untagged(h funcHandler) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		e, err := h(p, c)
		if err != nil {
			return e, err
		}
		if e.typ == "BOOLEAN" {
			e.sql = fmt.Sprintf("(%s AND _SF_VTAG(%s) = 0)", e.sql, c.args[0].sql)
		} else {
			e.sql = fmt.Sprintf("CASE WHEN _SF_VTAG(%s) = 0 THEN %s END", c.args[0].sql, e.sql)
		}
		return e, nil
	}
}

// variantArg is the single argument of call c, which must be a VARIANT
// (a column or expression the rewriter types as one); another (which
// Snowflake would cast to VARIANT) is refused.
func variantArg(p *parser, c *call) (string, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return "", err
	}
	if a := c.args[0]; a.typ() != "JSON" && (a.e == nil || a.e.path == nil) && p.columnRawType(a.toks) != "JSON" {
		return "", p.unsupported(c.t, c.name+" of an argument the engine does not know to be a VARIANT")
	}
	return c.args[0].sql, nil
}
