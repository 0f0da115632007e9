package rewrite

import (
	"fmt"
	"strings"
)

// Numbers and types in a VARIANT (sfunc/variant_number.go states the
// model): a DOUBLE lives in the local VARIANT's JSON text with an exponent,
// a fixed-point number without. DuckDB's JSON functions re-print every
// real number they touch (1.912e2 becomes 191.2), so VARIANT values that
// carry a DOUBLE are built here as text, and a path that leads to a real
// number reads its text back with _SF_GO_JSON_AT.
func init() {
	registerFuncs(map[string]funcHandler{
		"ARRAY_CONSTRUCT": func(p *parser, c *call) (expr, error) {
			if len(c.args) == 0 {
				return expr{sql: "CAST('[]' AS JSON)", typ: "JSON"}, nil
			}
			var items []string
			for _, a := range c.args {
				items = append(items, fmt.Sprintf("CASE WHEN (%[1]s) IS NULL THEN error('Unsupported feature ''ARRAY_CONSTRUCT with a SQL NULL (undefined) element'': the local engine does not implement it.') ELSE _SF_VTEXT(%[1]s) END", elementSQL(a)))
			}
			return expr{sql: "CAST('[' || concat_ws(',', " + strings.Join(items, ", ") + ") || ']' AS JSON)", typ: "JSON"}, nil
		},
		"ARRAY_CONSTRUCT_COMPACT": func(p *parser, c *call) (expr, error) {
			if len(c.args) == 0 {
				return expr{sql: "CAST('[]' AS JSON)", typ: "JSON"}, nil
			}
			var items []string
			for _, a := range c.args {
				items = append(items, "_SF_VTEXT("+elementSQL(a)+")")
			}
			return expr{sql: "CAST('[' || array_to_string(list_filter([" + strings.Join(items, ", ") + "], _sf_x -> _sf_x IS NOT NULL AND _sf_x <> 'null'), ',') || ']' AS JSON)", typ: "JSON"}, nil
		},
		"ARRAY_AGG": arrayAggText, "ARRAYAGG": arrayAggText,
		"OBJECT_AGG": objectAggText, "OBJECTAGG": objectAggText,
		"TO_JSON": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "_SF_GO_TO_JSON(_SF_VTEXT(" + elementSQL(c.args[0]) + "))", typ: "VARCHAR"}, nil
		},
		"OBJECT_INSERT": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 3, 4); err != nil {
				return expr{}, err
			}
			update := "false"
			if len(c.args) == 4 {
				update = c.args[3].sql
			}
			return expr{sql: fmt.Sprintf("CAST(_SF_GO_OBJECT_INSERT(CAST(%s AS VARCHAR), CAST(%s AS VARCHAR), _SF_VTEXT(%s), %s) AS JSON)",
				c.args[0].sql, c.args[1].str(), elementSQL(c.args[2]), update), typ: "JSON"}, nil
		},
		"OBJECT_CONSTRUCT":           objectConstructText(false),
		"OBJECT_CONSTRUCT_KEEP_NULL": objectConstructText(true),
		// TYPEOF of a value cast to VARIANT names the value's own type
		// (TIMESTAMP_NTZ for a TIMESTAMP), which the local VARIANT, holding
		// a DATE/TIME/TIMESTAMP as a JSON string, cannot tell afterwards.
		"TYPEOF": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			a := c.args[0].sql
			if inner, ok := castToVariant(a); ok {
				return expr{sql: "_SF_TYPEOF2(" + inner + ")", typ: "VARCHAR"}, nil
			}
			return expr{sql: "_SF_TYPEOF_V(" + a + ")", typ: "VARCHAR"}, nil
		},
	})
	// Functions that take an ARRAY or OBJECT apart with DuckDB's JSON
	// functions re-print its numbers: an input holding a DOUBLE (a number
	// with an exponent, or a FLOAT value) is refused rather than answered
	// with the DOUBLE printed as a decimal. A BINARY argument, which they
	// would hold as a JSON string, is refused too (funcs_binary_variant.go).
	for _, name := range []string{"ARRAY_APPEND", "ARRAY_PREPEND", "ARRAY_INSERT", "ARRAY_CAT", "ARRAY_DISTINCT",
		"ARRAY_SLICE", "ARRAY_INTERSECTION", "ARRAY_EXCEPT", "ARRAY_FLATTEN", "TO_ARRAY", "TO_OBJECT", "GET_IGNORE_CASE"} {
		h, ok := funcs[name]
		if !ok {
			continue
		}
		funcs[name] = func(p *parser, c *call) (expr, error) {
			for i := range c.args {
				a := &c.args[i]
				w := fmt.Sprintf("_SF_NO_DOUBLE(%s, '%s')", argExpr(*a).render(), name)
				a.sql = w
				if a.e != nil {
					e := *a.e
					e.sql, e.path = w, nil
					a.e = &e
				}
			}
			return h(p, c)
		}
	}
	prelude = append(prelude,
		// (x bound once by the lambda: an aggregate argument is computed once.)
		`CREATE OR REPLACE TEMP MACRO _SF_NO_DOUBLE(x, fn) AS list_transform([x], _sf_x -> CASE
		WHEN _sf_x IS NOT NULL AND (typeof(_sf_x) = 'BLOB' OR _SF_VTAG(_sf_x) = 1)
		THEN error('Unsupported feature ''' || fn || ' of a BINARY value'': the local engine does not implement it.')
		WHEN _sf_x IS NOT NULL AND (typeof(_sf_x) IN ('DOUBLE', 'FLOAT') OR typeof(_sf_x) = 'JSON' AND regexp_matches(CAST(_sf_x AS VARCHAR), '[0-9][eE][-+]?[0-9]'))
		THEN error('Unsupported feature ''' || fn || ' of an ARRAY or OBJECT holding a DOUBLE'': the local engine does not implement it.')
		ELSE _sf_x END)[1]`,
		// _SF_DOUBLE_TEXT: a FLOAT as VARIANT JSON text, with an exponent
		// and 17 significant digits (every bit kept); Snowflake's JSON
		// cannot hold NaN or infinity as the local engine prints it.
		`CREATE OR REPLACE TEMP MACRO _SF_DOUBLE_TEXT(x) AS CASE
		WHEN regexp_full_match(printf('%.16e', x), '-?[0-9][.][0-9]+e[+-][0-9]+') THEN printf('%.16e', x)
		ELSE error('Unsupported feature ''a VARIANT holding an infinite or NaN DOUBLE'': the local engine does not implement it.') END`,
		// _SF_TO_VARIANT: a value cast to VARIANT. A FLOAT stays a DOUBLE
		// (its text has an exponent); a DATE, TIME, TIMESTAMP or BINARY
		// keeps its type as a tagged JSON string (funcs_typed_variant.go),
		// also when cast to VARIANT again (to_json would re-print the
		// string without the escapes that tag it).
		`CREATE OR REPLACE TEMP MACRO _SF_TO_VARIANT(x) AS CASE
		WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN CAST(_SF_DOUBLE_TEXT(x) AS JSON)
		WHEN typeof(x) = 'JSON' AND starts_with(CAST(x AS VARCHAR), '"\u00') THEN CAST(x AS JSON)
		WHEN typeof(x) IN ('DATE', 'BLOB', 'TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE') OR starts_with(typeof(x), 'STRUCT(sf_tz_utc') THEN _SF_VTYPED(x)
		WHEN x IS NOT NULL AND typeof(x) LIKE 'TIMESTAMP%' THEN error('Unsupported feature ''a TIMESTAMP of DuckDB type ' || typeof(x) || ' cast to VARIANT'': the local engine does not implement it.')
		ELSE to_json(x) END`,
		// _SF_JX: a path into a VARIANT. DuckDB's json_extract re-prints a
		// real number, losing whether it is a DOUBLE, so in a document that
		// holds a number with an exponent (a cheap scan of its text) a
		// value that is or holds a real number is read with its text
		// (_SF_GO_JSON_AT, slow). A fixed-point number json_extract
		// re-prints (5.000 as 5.0) prints the same once trailing zeros go.
		// A PARSE_XML or XMLGET value (or a part of one), its text
		// beginning with a carriage return, is read in Go (xmlPathCheck).
		`CREATE OR REPLACE TEMP MACRO _SF_JX(b, p) AS CASE WHEN b IS NULL THEN NULL
		WHEN ascii(CAST(b AS VARCHAR)) = 13 THEN CAST(_SF_GO_XML_AT(CAST(b AS VARCHAR), p) AS JSON)
		WHEN json_type(b, p) IN ('DOUBLE', 'OBJECT', 'ARRAY') AND regexp_matches(CAST(b AS VARCHAR), '[:,\[]\s*-?[0-9]+([.][0-9]+)?[eE][-+]?[0-9]')
		THEN CAST(_SF_GO_JSON_AT(CAST(b AS VARCHAR), p) AS JSON) ELSE json_extract(b, p) END`,
		// _SF_JE: a path's JSON value as DuckDB reads it, for a cast to a
		// non-JSON type or arithmetic (xmlPathCheck).
		`CREATE OR REPLACE TEMP MACRO _SF_JE(b, p) AS CASE `+xmlPathCheck+` ELSE json_extract(b, p) END`,
		// _SF_JXS: a path's string value (::VARCHAR, comparisons with text);
		// a real number without trailing zeros, as _SF_TO_VARCHAR prints it;
		// an OBJECT or ARRAY in a document holding a DOUBLE as sfunc writes
		// it. Views of the lake read most columns this way, and DuckDB binds
		// a view's every column for each query, so both the common case and
		// the expression's size matter: a string or an integer reads the
		// path once, in a lambda that captures nothing but the value (one
		// whose branches referred to b copied the document once per
		// reference: 5x slower); the rest (a decimal-looking string, an
		// OBJECT or ARRAY, a missing path) falls through to the CASE, which
		// coalesce evaluates for those rows only. (Its leading IS NULL keeps
		// DuckDB from looking the Go function up when the macro is created.)
		`CREATE OR REPLACE TEMP MACRO _SF_JXS(b, p) AS coalesce(
		CASE `+xmlPathCheck+` END,
		list_transform([json_extract_string(b, p)], _sf_s -> CASE
			WHEN regexp_full_match(_sf_s, '-?[0-9]+[.][0-9]+') OR left(_sf_s, 1) IN ('[', '{') THEN NULL
			ELSE _sf_s END)[1],
		CASE
		WHEN b IS NULL THEN NULL
		WHEN regexp_full_match(json_extract_string(b, p), '-?[0-9]+[.][0-9]+') AND json_type(b, p) = 'DOUBLE'
		THEN regexp_replace(regexp_replace(json_extract_string(b, p), '0+$', ''), '[.]$', '')
		WHEN left(json_extract_string(b, p), 1) IN ('[', '{') AND json_type(b, p) IN ('OBJECT', 'ARRAY') AND (regexp_matches(CAST(b AS VARCHAR), '[:,\[]\s*-?[0-9]+([.][0-9]+)?[eE][-+]?[0-9]')
			OR contains(CAST(b AS VARCHAR), '"@":'))
		THEN _SF_GO_DOCUMENT_VARCHAR(_SF_GO_JSON_AT(CAST(b AS VARCHAR), p))
		ELSE json_extract_string(b, p) END)`,
		// _SF_FLATTEN_VALUE: FLATTEN's VALUE v at fullkey k of input t,
		// read with its numbers' text as _SF_JX reads a path.
		`CREATE OR REPLACE TEMP MACRO _SF_FLATTEN_VALUE(v, t, k) AS CASE WHEN t IS NULL THEN NULL
		WHEN ascii(CAST(t AS VARCHAR)) = 13 THEN CAST(_SF_GO_XML_AT(CAST(t AS VARCHAR), k) AS JSON)
		WHEN regexp_matches(CAST(t AS VARCHAR), '[:,\[]\s*-?[0-9]+([.][0-9]+)?[eE][-+]?[0-9]') AND json_type(v) IN ('DOUBLE', 'OBJECT', 'ARRAY')
		THEN CAST(_SF_GO_JSON_AT(CAST(t AS VARCHAR), k) AS JSON) ELSE v END`,
		// TYPEOF of a VARIANT; a JSON number by its text (variant_number.go):
		// with an exponent DOUBLE, else INTEGER or DECIMAL.
		`CREATE OR REPLACE TEMP MACRO _SF_TYPEOF_V(v) AS CASE
		WHEN v IS NULL THEN NULL
		WHEN typeof(v) = 'JSON' AND json_type(to_json(v)) IN ('DOUBLE', 'BIGINT', 'UBIGINT') THEN CASE
			WHEN regexp_matches(CAST(v AS VARCHAR), '[eE]') THEN 'DOUBLE'
			WHEN regexp_matches(CAST(v AS VARCHAR), '[.]') THEN 'DECIMAL'
			ELSE 'INTEGER' END
		WHEN _SF_VTAG(v) > 0 THEN _SF_VTAG_NAME(v)
		WHEN typeof(v) = 'JSON' AND json_type(to_json(v)) = 'VARCHAR' AND regexp_matches(json_extract_string(to_json(v), '$'), '^\s*([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}:[0-9]{2})')
		THEN error('Unsupported feature ''TYPEOF of a VARIANT string that may hold a DATE, TIME or TIMESTAMP'': the local engine does not implement it.')
		ELSE _SF_TYPEOF2(v) END`,
	)
}

// arrayAggText is ARRAY_AGG / ARRAYAGG([DISTINCT] x) [WITHIN GROUP (ORDER BY
// ...)] [OVER (...)] built as JSON text, so that a DOUBLE keeps its form;
// NULLs are skipped, no rows give []. With DISTINCT the elements are
// DuckDB's values (their order may name x), and a DOUBLE is refused.
func arrayAggText(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	v := c.args[0].sql
	// Docs (array_agg, usage notes): "DISTINCT and WITHIN GROUP are
	// supported for window function calls only when there is no ORDER BY
	// clause within the OVER clause."
	if (strings.HasPrefix(strings.ToUpper(v), "DISTINCT ") || c.within != "") && strings.Contains(strings.ToUpper(c.over), "ORDER BY") {
		return expr{}, p.unsupported(c.t, c.name+" with DISTINCT or WITHIN GROUP and ORDER BY in OVER (Snowflake does not support them)")
	}
	bare := strings.TrimPrefix(v, "ALL ")
	over := overSuffix(c)
	if x, distinct := strings.CutPrefix(bare, "DISTINCT "); distinct {
		inner := "DISTINCT " + x
		if c.within != "" {
			inner += " " + c.within
		}
		agg := fmt.Sprintf("COALESCE(to_json(list(%s) FILTER (WHERE %s IS NOT NULL AND %s AND %s AND %s)%s), CAST('[]' AS JSON))",
			inner, x, refuseDouble(x, "ARRAY_AGG(DISTINCT ...)"), refuseDateTime(x, "ARRAY_AGG(DISTINCT ...)"), refuseBinary(x, "ARRAY_AGG(DISTINCT ...)"), over)
		if r := c.args[0].distinctToks; r[1] > r[0] {
			// Of VARIANTs, DISTINCT keeps one of the values Snowflake finds
			// equal (1 and 1.0, an OBJECT's keys in any order:
			// variant_order.go), which one no source says; DuckDB kept both
			// texts. Refused where two such values meet: a VARIANT the
			// rewriter sees (a path) always checked, any other operand
			// where DuckDB binds it as one (typeof folds, and the unused
			// counts are pruned). As a window function, in each partition
			// (the counts over the same window; its OVER holds no ORDER BY).
			const refusal = "THEN CAST(_SF_REFUSE('ARRAY_AGG(DISTINCT ...) of equal VARIANT values written differently (such as 1 and 1.0)', %[3]s) AS JSON) ELSE "
			rows, typed := "count(*)", "any_value(%[1]s)"
			if over != "" {
				rows, typed = "1", "%[1]s"
			}
			if v, ok := p.renderVariant(r[0], r[1]); ok {
				agg = fmt.Sprintf("CASE WHEN count(DISTINCT CAST(%[1]s AS VARCHAR))%[4]s <> count(DISTINCT _SF_VEQK(%[1]s))%[4]s "+refusal+"%[2]s END", v, agg, rows, over)
			} else if !strings.ContainsAny(x, "?$") {
				agg = fmt.Sprintf("CASE WHEN typeof("+typed+") = 'JSON' AND count(DISTINCT CAST(%[1]s AS VARCHAR))%[4]s <> count(DISTINCT _SF_VEQK(to_json(%[1]s)))%[4]s "+refusal+"%[2]s END", x, agg, rows, over)
			}
		}
		return expr{sql: agg, typ: "JSON"}, nil
	}
	inner := "_SF_VTEXT(" + elementSQL(arg{sql: bare}) + ")"
	if c.within != "" {
		inner += " " + c.within
	}
	return expr{sql: fmt.Sprintf("CAST(COALESCE('[' || array_to_string(list(%s) FILTER (WHERE %s IS NOT NULL)%s, ',') || ']', '[]') AS JSON)", inner, bare, over), typ: "JSON"}, nil
}

// objectAggText is OBJECT_AGG(key, value) [OVER (...)] built as JSON text:
// pairs whose key or value is SQL NULL are ignored (docs: OBJECT_AGG usage
// notes); a duplicate key, an error in Snowflake, is refused.
func objectAggText(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	k, v := c.args[0].str(), elementSQL(c.args[1])
	if strings.HasPrefix(k, "DISTINCT ") {
		return expr{}, p.unsupported(c.t, "OBJECT_AGG(DISTINCT ...)")
	}
	over := overSuffix(c)
	filter := fmt.Sprintf(" FILTER (WHERE (%s) IS NOT NULL AND (%s) IS NOT NULL)", k, v)
	pairs := fmt.Sprintf("list(CAST(to_json(CAST(%s AS VARCHAR)) AS VARCHAR) || ':' || _SF_VTEXT(%s))%s%s", k, v, filter, over)
	keys := fmt.Sprintf("list(CAST(%s AS VARCHAR))%s%s", k, filter, over)
	// Of no pair (no rows, or only NULL keys or values) no page gives the
	// value (ARRAY_AGG's documents an empty array; DuckDB's would be NULL):
	// refused as the group's value is read.
	return expr{sql: fmt.Sprintf("CAST(CASE WHEN %[2]s IS NULL "+
		"THEN error('Unsupported feature ''OBJECT_AGG of no key-value pair'': the local engine does not implement it.') "+
		"WHEN len(list_distinct(%[2]s)) < len(%[2]s) "+
		"THEN error('Unsupported feature ''OBJECT_AGG with a duplicate key'': the local engine does not implement it.') "+
		"ELSE '{' || array_to_string(%[1]s, ',') || '}' END AS JSON)", pairs, keys), typ: "JSON"}, nil
}

// refuseDouble is a condition, TRUE unless x is a FLOAT value, which the
// surrounding DuckDB JSON function would print as a decimal: that fails
// with 002040.
func refuseDouble(x, what string) string {
	return fmt.Sprintf("(CASE WHEN typeof(%[1]s) IN ('DOUBLE', 'FLOAT') AND (%[1]s) IS NOT NULL THEN error('Unsupported feature ''%[2]s of a DOUBLE'': the local engine does not implement it.') ELSE TRUE END)", x, what)
}

// refuseBinary is a condition, TRUE unless x is a BINARY value, which the
// surrounding DuckDB JSON function would hold as a JSON string: that fails
// with 002040.
func refuseBinary(x, what string) string {
	return fmt.Sprintf("(CASE WHEN typeof(%[1]s) = 'BLOB' AND (%[1]s) IS NOT NULL THEN error('Unsupported feature ''%[2]s of a BINARY value'': the local engine does not implement it.') ELSE TRUE END)", x, what)
}

// refuseDateTime is a condition, TRUE unless x is a TIME or TIMESTAMP
// value, which the surrounding DuckDB JSON function would print as DuckDB's
// text rather than as a VARIANT element (_SF_TS_VTEXT): that fails with
// 002040.
func refuseDateTime(x, what string) string {
	return fmt.Sprintf("(CASE WHEN _SF_IS_DT_T(typeof(%[1]s)) AND (%[1]s) IS NOT NULL THEN error('Unsupported feature ''%[2]s of a TIME or TIMESTAMP'': the local engine does not implement it.') ELSE TRUE END)", x, what)
}

// objectConstructText is OBJECT_CONSTRUCT[_KEEP_NULL](k, v, ...) built as
// JSON text (values keep their number text): a pair whose key is NULL is
// omitted, and so is one whose value is SQL NULL unless keepNull (then a
// JSON null).
func objectConstructText(keepNull bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		empty, err := objectConstructArgs(p, c)
		if err != nil {
			return expr{}, err
		}
		if empty {
			return expr{sql: "CAST('{}' AS JSON)", typ: "JSON"}, nil
		}
		var pairs []string
		for i := 0; i < len(c.args); i += 2 {
			v := "_SF_VTEXT(" + elementSQL(c.args[i+1]) + ")"
			if keepNull {
				v = "coalesce(" + v + ", 'null')"
			}
			pairs = append(pairs, fmt.Sprintf("{'k': CAST(%s AS VARCHAR), 'v': %s}", c.args[i].str(), v))
		}
		list := "list_filter([" + strings.Join(pairs, ", ") + "], _sf_kv -> _sf_kv.k IS NOT NULL AND _sf_kv.v IS NOT NULL)"
		return expr{sql: fmt.Sprintf("CAST(CASE WHEN len(list_distinct(list_transform(%[1]s, _sf_kv -> _sf_kv.k))) < len(%[1]s) "+
			"THEN error('Unsupported feature ''OBJECT_CONSTRUCT with a duplicate key'': the local engine does not implement it.') "+
			"ELSE '{' || array_to_string(list_transform(%[1]s, _sf_kv -> CAST(to_json(_sf_kv.k) AS VARCHAR) || ':' || _sf_kv.v), ',') || '}' END AS JSON)", list), typ: "JSON"}, nil
	}
}

// castToVariant returns x when sql is _SF_TO_VARIANT(x).
func castToVariant(sql string) (string, bool) {
	inner, ok := strings.CutPrefix(sql, "_SF_TO_VARIANT(")
	if !ok || !strings.HasSuffix(inner, ")") || !balanced(inner[:len(inner)-1]) {
		return "", false
	}
	return inner[:len(inner)-1], true
}

// elementSQL is an argument of an OBJECT/ARRAY constructor: a value cast
// to VARIANT enters as the value (_SF_VTEXT types it), so that a DATE or
// TIMESTAMP cast to VARIANT inside the constructor is not refused as a
// top-level one is; it becomes a JSON string, and TYPEOF of a string that
// reads as a date or time is refused (_SF_TYPEOF_V).
// arrayConstantElem renders an element of an ARRAY constant (json_array's
// argument, or a value of an OBJECT constant): a TIME or TIMESTAMP as its
// element text (_SF_TS_VTEXT),
// chosen by its type as DuckDB binds the call; bound once, as a lambda's
// parameter, so that nested constants do not grow.
func arrayConstantElem(it string) string {
	return fmt.Sprintf("list_transform([%s], _sf_e -> struct_extract({'t': CAST(to_json(_SF_TS_VTEXT(_sf_e)) AS JSON), "+
		"'x': CASE WHEN typeof(_sf_e) = 'BLOB' AND _sf_e IS NOT NULL THEN error('Unsupported feature ''a BINARY value in an OBJECT or ARRAY'': the local engine does not implement it.') ELSE _sf_e END}, "+
		"CASE WHEN _SF_IS_DT_T(typeof(_sf_e)) THEN 't' ELSE 'x' END))[1]", it)
}

func elementSQL(a arg) string {
	if inner, ok := castToVariant(a.sql); ok {
		return inner
	}
	return a.sql
}

// balanced reports whether the brackets of DuckDB SQL text s pair up
// outside string literals (so that a prefix "f(" and a final ")" enclose
// the whole of s).
func balanced(s string) bool {
	depth, inStr := 0, false
	for _, r := range s {
		switch {
		case r == '\'':
			inStr = !inStr
		case inStr:
		case r == '(':
			depth++
		case r == ')':
			depth--
			if depth < 0 {
				return false
			}
		}
	}
	return depth == 0 && !inStr
}

// xmlPathCheck is the CASE branch that refuses a path p into a PARSE_XML
// or XMLGET value b (or a part of one) reading the JSON form of an element
// no source shows: the "$" of an empty element, the position key of a lone
// child element (sfunc/xml_read.go). Only a text beginning with a carriage
// return (the first character of the XML marks, sfunc/xml_mark.go) reaches
// the Go function; the branch never matches, it refuses or passes. (The
// leading IS NULL test keeps DuckDB from resolving the Go function when
// the macro is created, before the Go functions are registered.)
const xmlPathCheck = `WHEN b IS NULL THEN NULL WHEN ascii(CAST(b AS VARCHAR)) = 13 AND NOT _SF_GO_XML_PATH_READABLE(CAST(b AS VARCHAR), p) THEN NULL`
