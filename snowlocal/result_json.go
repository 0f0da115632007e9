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

// declaredSemiType is OBJECT or ARRAY for a JSON column whose DuckDB comment
// records that declared type (rewrite/funcs_types.go), else "".
func declaredSemiType(duckType, comment string) string {
	if duckType != "JSON" {
		return ""
	}
	for _, sf := range []string{"OBJECT", "ARRAY"} {
		if comment == rewrite.SemiTypeComment(sf) {
			return sf
		}
	}
	return ""
}

// semiColumnTypes names the OBJECT and ARRAY result columns of a query, by
// their static type (result_semitype.go); nil when the query's columns
// cannot be typed (all stay VARIANT).
func (s *Session) semiColumnTypes(ctx context.Context, text string, n int) map[int]string {
	all, err := sqllex.Tokenize(text)
	if err != nil {
		return nil
	}
	var toks []sqllex.Token
	for _, t := range all {
		if t.Significant() && !t.IsOp(";") {
			toks = append(toks, t)
		}
	}
	st := s.semiTyper(ctx) // result_semitype.go
	cols, ok := st.query(toks)
	if !ok || len(cols) != n {
		return nil
	}
	types := map[int]string{}
	for k, c := range cols {
		if c.typ == semiObject || c.typ == semiArray {
			types[k] = strings.ToLower(c.typ)
		}
	}
	return types
}

// semiFuncTypes are functions whose result Snowflake types as OBJECT or ARRAY.
var semiFuncTypes = map[string]string{
	"OBJECT_CONSTRUCT": "OBJECT", "OBJECT_CONSTRUCT_KEEP_NULL": "OBJECT", "OBJECT_INSERT": "OBJECT",
	"OBJECT_AGG": "OBJECT", "TO_OBJECT": "OBJECT",
	"ARRAY_CONSTRUCT": "ARRAY", "ARRAY_CONSTRUCT_COMPACT": "ARRAY", "ARRAY_AGG": "ARRAY", "ARRAY_APPEND": "ARRAY",
	"ARRAY_PREPEND": "ARRAY", "ARRAY_INSERT": "ARRAY", "ARRAY_CAT": "ARRAY", "ARRAY_COMPACT": "ARRAY",
	"ARRAY_SLICE": "ARRAY", "ARRAY_DISTINCT": "ARRAY", "ARRAY_INTERSECTION": "ARRAY", "ARRAY_EXCEPT": "ARRAY",
	"ARRAY_FLATTEN": "ARRAY", "ARRAY_GENERATE_RANGE": "ARRAY", "TO_ARRAY": "ARRAY", "SPLIT": "ARRAY",
	"STRTOK_TO_ARRAY": "ARRAY", "OBJECT_KEYS": "ARRAY", "ARRAY_REMOVE": "ARRAY", "ARRAY_REMOVE_AT": "ARRAY",
	"ARRAY_REVERSE": "ARRAY", "ARRAY_SORT": "ARRAY", "ARRAY_UNION_AGG": "ARRAY", "ARRAY_UNIQUE_AGG": "ARRAY",
	"ARRAYS_ZIP": "ARRAY", "REGEXP_SUBSTR_ALL": "ARRAY", "REGEXP_EXTRACT_ALL": "ARRAY",
	"ARRAYS_TO_OBJECT": "OBJECT", "OBJECT_DELETE": "OBJECT", "OBJECT_PICK": "OBJECT", "ARRAYAGG": "ARRAY",
	"PARSE_IP": "OBJECT", "PARSE_URL": "OBJECT",
}

// declaredSemiResult reports the VARIANT result columns of a simple query
// that read a declared OBJECT or ARRAY column with that type, as Snowflake's
// rowtype does.
func (s *Session) declaredSemiResult(ctx context.Context, text string, res *Result) {
	s.semiTypeCreated(ctx, text) // result_semitype.go
	if res == nil {
		return
	}
	some := false
	for _, c := range res.Columns {
		some = some || c.Type == "variant"
	}
	if !some {
		return
	}
	for k, t := range s.semiColumnTypes(ctx, text, len(res.Columns)) {
		if res.Columns[k].Type == "variant" {
			res.Columns[k].Type = t
		}
	}
}
