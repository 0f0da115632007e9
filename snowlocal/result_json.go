package snowlocal

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"

	"github.com/duckdb/duckdb-go/v2"
	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Semi-structured result columns. The DuckDB driver decodes a JSON column
// with encoding/json before the engine sees it, so a JSON null at the top of
// a value (PARSE_JSON('null'), a VARIANT column holding null) would reach the
// engine as Go nil, indistinguishable from SQL NULL. Snowflake keeps the two
// apart: the JSON null is the text "null", SQL NULL is NULL. So a query whose
// result has JSON columns is run with those columns read as their JSON text
// (an outer projection casting them to VARCHAR), and the engine encodes the
// text itself (encodeValue).

// jsonResultPlan is how a query's result is read.
type jsonResultPlan struct {
	query string         // the DuckDB query to run (wrapped when JSON columns are read as text)
	types map[int]string // result column index => Snowflake wire type of a JSON column read as text
}

// planJSONResult prepares duck (without running it) to learn its result
// columns; when some are JSON it returns the query wrapped so those are read
// as text. A statement DuckDB cannot prepare alone is run as it is (running
// it reports the error).
func (s *Session) planJSONResult(ctx context.Context, duck string) jsonResultPlan {
	plan := jsonResultPlan{query: duck}
	var names []string
	var isJSON []bool
	sawJSON := false
	err := s.conn.Raw(func(dc any) error {
		pc, ok := dc.(driver.ConnPrepareContext)
		if !ok {
			return fmt.Errorf("no prepare")
		}
		st, err := pc.PrepareContext(ctx, duck)
		if err != nil {
			return err
		}
		defer st.Close()
		ds, ok := st.(*duckdb.Stmt)
		if !ok {
			return fmt.Errorf("not a DuckDB statement")
		}
		n, err := ds.ColumnCount()
		if err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			name, err := ds.ColumnName(i)
			if err != nil {
				return err
			}
			info, err := ds.ColumnTypeInfo(i)
			if err != nil {
				return err
			}
			j := info.Alias() == "JSON"
			sawJSON = sawJSON || j
			names = append(names, name)
			isJSON = append(isJSON, j)
		}
		return nil
	})
	if err != nil || !sawJSON {
		return plan
	}
	return jsonTextPlan(duck, names, isJSON)
}

// jsonTextPlan is the plan reading duck's JSON columns (isJSON) as text.
func jsonTextPlan(duck string, names []string, isJSON []bool) jsonResultPlan {
	plan := jsonResultPlan{query: duck, types: map[int]string{}}
	inner := make([]string, len(names))
	outer := make([]string, len(names))
	for i, name := range names {
		inner[i] = fmt.Sprintf(`"_sf_c%d"`, i+1)
		if isJSON[i] {
			outer[i] = fmt.Sprintf(`CAST(%s AS VARCHAR) AS %s`, inner[i], quoteIdent(name))
			plan.types[i] = "variant"
		} else {
			outer[i] = inner[i] + " AS " + quoteIdent(name)
		}
	}
	plan.query = "SELECT " + strings.Join(outer, ", ") + " FROM (" + duck + "\n) AS _sf_json_text(" + strings.Join(inner, ", ") + ")"
	return plan
}

// declaredType is the Snowflake type a column's DuckDB comment records
// (rewrite/funcs_types.go): OBJECT or ARRAY for a JSON column, VARCHAR(n)
// for a VARCHAR one, BINARY(n) for a BLOB one; else "".
func declaredType(duckType, comment string) string {
	if n, ok := declaredLength(duckType, comment); ok {
		return map[string]string{"VARCHAR": "VARCHAR(", "BLOB": "BINARY("}[duckType] + n + ")"
	}
	return declaredSemiType(duckType, comment)
}

// declaredLength is the n of a VARCHAR or BLOB column that its comment
// records as declared VARCHAR(n) or BINARY(n).
func declaredLength(duckType, comment string) (string, bool) {
	prefix := map[string]string{"VARCHAR": "VARCHAR(", "BLOB": "BINARY("}[duckType]
	if prefix == "" {
		return "", false
	}
	n, ok := strings.CutPrefix(rewrite.TypeMarker(comment), rewrite.SemiTypeComment(prefix))
	if !ok {
		return "", false
	}
	if n, ok = strings.CutSuffix(n, ")"); !ok || n == "" || strings.Trim(n, "0123456789") != "" {
		return "", false
	}
	return n, true
}

// declaredSemiType is OBJECT or ARRAY for a JSON column whose DuckDB comment
// records that declared type (rewrite/funcs_types.go), else "".
func declaredSemiType(duckType, comment string) string {
	if duckType != "JSON" {
		return ""
	}
	for _, sf := range []string{"OBJECT", "ARRAY"} {
		if rewrite.TypeMarker(comment) == rewrite.SemiTypeComment(sf) {
			return sf
		}
	}
	return ""
}

// typeResult types a query's result columns (result_semitype.go): ok is
// false, with why, when they cannot all be typed.
func (s *Session) typeResult(ctx context.Context, text string, width int) (cols []semiCol, ok bool, why string) {
	all, err := sqllex.Tokenize(text)
	if err != nil {
		return nil, false, ""
	}
	var toks []sqllex.Token
	for _, t := range all {
		if t.Significant() && !t.IsOp(";") {
			toks = append(toks, t)
		}
	}
	st := s.semiTyper(ctx) // result_semitype.go
	st.width = width
	cols, ok = st.query(toks)
	if ok && len(cols) != width {
		ok = st.fail("the select list")
	}
	return cols, ok, st.why
}

// semiColumnTypes types the VARIANT-held result columns of a query (isJSON)
// by their static types (cols, typeResult): the OBJECT and ARRAY ones by
// index. A JSON column whose type cannot be worked out is refused (002040
// naming the construct): Snowflake could report it as OBJECT or ARRAY.
func semiColumnTypes(cols []semiCol, ok bool, why string, isJSON []bool) (map[int]string, error) {
	types := map[int]string{}
	for k, j := range isJSON {
		if !j {
			continue
		}
		if !ok {
			return nil, errResultType(why)
		}
		switch c := cols[k]; {
		case semiIsUnknown(c.typ):
			return nil, errResultType(strings.TrimPrefix(c.typ, semiUnknown))
		case c.typ == semiObject || c.typ == semiArray:
			types[k] = strings.ToLower(c.typ)
		}
	}
	return types, nil
}

// semiQueryText reports whether text is a query (SELECT, WITH, VALUES or a
// parenthesized one).
func semiQueryText(text string) bool {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return false
	}
	for _, t := range toks {
		if t.Significant() {
			return t.IsWord("SELECT") || t.IsWord("WITH") || t.IsWord("VALUES") || t.IsOp("(")
		}
	}
	return false
}

// errResultType refuses a query with a VARIANT-held column whose static type
// (OBJECT, ARRAY or VARIANT) the engine cannot work out because of what.
func errResultType(what string) error {
	if what == "" {
		what = "this query"
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'result type of %s': "+
		"the local engine cannot tell whether Snowflake reports it as OBJECT, ARRAY or VARIANT.", what)
}

// semiFuncTypes are functions whose result Snowflake types as OBJECT or ARRAY.
var semiFuncTypes = map[string]string{
	// Structured values reach a client as semi-structured ones, a MAP as an
	// OBJECT (docs: data-types-structured, "Accessing structured types in
	// applications using drivers").
	"ARRAY_CONSTRUCT_STRUCTURED": "ARRAY", "OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED": "OBJECT", "MAP_CONSTRUCT": "OBJECT",
	"MAP_CAT": "OBJECT", "MAP_DELETE": "OBJECT", "MAP_INSERT": "OBJECT", "MAP_PICK": "OBJECT", "MAP_KEYS": "ARRAY",
	"MAP_ENTRIES": "ARRAY", "OBJECT_CONSTRUCT": "OBJECT", "OBJECT_CONSTRUCT_KEEP_NULL": "OBJECT", "OBJECT_INSERT": "OBJECT",
	"OBJECT_AGG": "OBJECT", "OBJECTAGG": "OBJECT", "TO_OBJECT": "OBJECT", "AS_OBJECT": "OBJECT",
	"ARRAY_CONSTRUCT": "ARRAY", "ARRAY_CONSTRUCT_COMPACT": "ARRAY", "ARRAY_AGG": "ARRAY", "ARRAY_APPEND": "ARRAY",
	"ARRAY_PREPEND": "ARRAY", "ARRAY_INSERT": "ARRAY", "ARRAY_CAT": "ARRAY", "ARRAY_COMPACT": "ARRAY",
	"ARRAY_SLICE": "ARRAY", "ARRAY_DISTINCT": "ARRAY", "ARRAY_INTERSECTION": "ARRAY", "ARRAY_EXCEPT": "ARRAY",
	"ARRAY_FLATTEN": "ARRAY", "ARRAY_GENERATE_RANGE": "ARRAY", "TO_ARRAY": "ARRAY", "AS_ARRAY": "ARRAY", "SPLIT": "ARRAY",
	"STRTOK_TO_ARRAY": "ARRAY", "OBJECT_KEYS": "ARRAY", "ARRAY_REMOVE": "ARRAY", "ARRAY_REMOVE_AT": "ARRAY",
	"ARRAY_REVERSE": "ARRAY", "ARRAY_SORT": "ARRAY", "ARRAY_UNION_AGG": "ARRAY", "ARRAY_UNIQUE_AGG": "ARRAY",
	"ARRAYS_ZIP": "ARRAY", "ARRAY_REPEAT": "ARRAY", "REGEXP_SUBSTR_ALL": "ARRAY", "REGEXP_EXTRACT_ALL": "ARRAY",
	"ARRAYS_TO_OBJECT": "OBJECT", "OBJECT_DELETE": "OBJECT", "OBJECT_PICK": "OBJECT", "ARRAYAGG": "ARRAY",
	"PARSE_IP": "OBJECT", "PARSE_URL": "OBJECT", "PARSE_XML": "OBJECT", "XMLGET": "OBJECT", "FILTER": "ARRAY", "TRANSFORM": "ARRAY",
}

// semiVariantFuncs return a VARIANT.
var semiVariantFuncs = map[string]bool{"PARSE_JSON": true, "TRY_PARSE_JSON": true, "GET": true, "GET_PATH": true,
	"TO_VARIANT": true, "GET_IGNORE_CASE": true, "STRIP_NULL_VALUE": true, "ARRAY_MAX": true,
	"ARRAY_MIN": true}

// semiPassThrough are functions whose result has the type of the arguments
// at the given indexes (rewrite.ResultArgs).
var semiPassThrough = rewrite.ResultArgs

// Classes of a built-in function's result (semiFuncClass).
const (
	semiFromArgs = "ARGS" // the type of (some of) its arguments
	semiScalar   = ""     // not OBJECT, ARRAY or VARIANT
)

// semiFuncClass is the result type of a call of the built-in function fn:
// OBJECT, ARRAY or VARIANT as documented, semiFromArgs, or semiScalar for
// any other function the rewriter renders (rewrite.Allowed), whose
// documented result is not semi-structured. ok is false for a name the
// rewriter does not render as a built-in (a user function).
func semiFuncClass(fn string) (class string, ok bool) {
	if t, ok := semiFuncTypes[fn]; ok {
		return t, true
	}
	if semiVariantFuncs[fn] {
		return semiVariant, true
	}
	if _, ok := semiPassThrough[fn]; ok {
		return semiFromArgs, true
	}
	if rewrite.Allowed(fn) {
		return semiScalar, true
	}
	return "", false
}

// declaredSemiResult reports the VARIANT result columns of a query with
// their static type, OBJECT or ARRAY where Snowflake's rowtype says so, or
// refuses the query when that type cannot be worked out; and its text and
// binary columns with the length their static type has (result_length.go).
func (s *Session) declaredSemiResult(ctx context.Context, text string, res *Result) error {
	if res == nil {
		return nil
	}
	isJSON := make([]bool, len(res.Columns))
	some, sized, stamped := false, false, false
	for k, c := range res.Columns {
		isJSON[k] = c.Type == "variant"
		some = some || isJSON[k]
		sized = sized || c.Type == "text" || c.Type == "binary"
		stamped = stamped || stampType(c.Type)
	}
	query := semiQueryText(text)
	// A timestamp of a query of the INFORMATION_SCHEMA may be one of its
	// TIMESTAMP_LTZ(3) columns (info_schema_scale.go).
	stamped = stamped && query && strings.Contains(strings.ToUpper(text), "INFORMATION_SCHEMA")
	if !some && !(sized && query) && !stamped {
		return nil
	}
	cols, ok, why := s.typeResult(ctx, text, len(res.Columns))
	if sized && ok {
		applyLengths(res, cols)
	}
	if stamped {
		if err := applyMillisScale(text, res, cols, ok); err != nil { // info_schema_scale.go
			return err
		}
	}
	if sized && query {
		if err := refuseUntracedResult(text, res, cols, ok); err != nil { // untraced_length.go
			return err
		}
	}
	if !some {
		return nil
	}
	types, err := semiColumnTypes(cols, ok, why, isJSON)
	if err != nil {
		if !query {
			return nil // not a query (CALL, SHOW...): the columns stay VARIANT
		}
		return err
	}
	for k, t := range types {
		res.Columns[k].Type = t
	}
	return nil
}
