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

// semiColumnTypes names the OBJECT and ARRAY result columns of a simple
// query: SELECT [DISTINCT] items [FROM ...] without set operations, whose
// items are each a plain column reference or * of the one table in FROM
// (its declared type, as DESCRIBE shows it), a call of a function that
// returns an OBJECT or ARRAY (semiFuncTypes), an OBJECT or ARRAY constant,
// or anything else (left VARIANT). Other queries keep VARIANT for all
// columns: a documented gap rather than a guess.
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
	name := func(t sqllex.Token) (string, bool) {
		switch t.Kind {
		case sqllex.Word:
			return strings.ToUpper(t.Text), true
		case sqllex.QuotedIdent:
			return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`), true
		}
		return "", false
	}
	if len(toks) < 2 || !toks[0].IsWord("SELECT") {
		return nil
	}
	for _, t := range toks {
		if t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS") {
			return nil
		}
	}
	i := 1
	if toks[i].IsWord("DISTINCT") {
		i++
	}
	// Split the select list at top-level commas, up to FROM or the end.
	var items [][]sqllex.Token
	start, depth := i, 0
	for ; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		}
		if depth == 0 && (t.IsOp(",") || t.IsWord("FROM")) {
			items = append(items, toks[start:i])
			start = i + 1
			if t.IsWord("FROM") {
				break
			}
		}
	}
	if i >= len(toks) {
		items = append(items, toks[start:])
	} else {
		i++ // FROM
	}
	// Each item: its type ("OBJECT", "ARRAY", "" unknown), or a column name
	// to look up, or "*".
	type item struct{ typ, col string }
	var its []item
	needTable := false
	for _, it := range items {
		body := it
		// Drop a trailing [AS] alias.
		if k := len(body); k >= 2 {
			if _, ok := name(body[k-1]); ok && (body[k-2].IsWord("AS") || body[k-2].IsOp(")") || body[k-2].IsOp("]") ||
				body[k-2].IsOp("}") || body[k-2].Kind == sqllex.Word || body[k-2].Kind == sqllex.QuotedIdent) {
				body = body[:k-1]
				if body[len(body)-1].IsWord("AS") {
					body = body[:len(body)-1]
				}
			}
		}
		switch {
		case len(body) == 0:
			return nil
		case len(body) == 1 && body[0].IsOp("*"):
			its = append(its, item{col: "*"})
			needTable = true
		case len(body) == 1 || len(body) == 3 && body[1].IsOp("."):
			c, ok := name(body[len(body)-1])
			if !ok {
				its = append(its, item{})
				continue
			}
			its = append(its, item{col: c})
			needTable = true
		case body[0].IsOp("[") && body[len(body)-1].IsOp("]"):
			its = append(its, item{typ: "ARRAY"})
		case body[0].IsOp("{") && body[len(body)-1].IsOp("}") && !(len(body) > 1 && body[1].IsOp("*")):
			its = append(its, item{typ: "OBJECT"})
		case len(body) >= 3 && body[0].Kind == sqllex.Word && body[1].IsOp("(") && body[len(body)-1].IsOp(")") && closes(body, 1):
			its = append(its, item{typ: semiFuncTypes[strings.ToUpper(body[0].Text)]})
		default:
			its = append(its, item{})
		}
	}
	var cols []columnInfo
	if needTable {
		// One table, an optional alias, then only filtering/ordering clauses.
		var parts []string
		for i < len(toks) {
			p, ok := name(toks[i])
			if !ok {
				return nil
			}
			parts = append(parts, p)
			i++
			if i < len(toks) && toks[i].IsOp(".") {
				i++
				continue
			}
			break
		}
		if len(parts) == 0 || len(parts) > 3 {
			return nil
		}
		if i < len(toks) && toks[i].IsWord("AS") {
			i++
		}
		if i < len(toks) && (toks[i].Kind == sqllex.Word && !semiTailWords[strings.ToUpper(toks[i].Text)] || toks[i].Kind == sqllex.QuotedIdent) {
			i++ // alias
		}
		if i < len(toks) && !(toks[i].Kind == sqllex.Word && semiTailWords[strings.ToUpper(toks[i].Text)]) {
			return nil
		}
		for _, t := range toks[i:] {
			if t.IsWord("SELECT") || t.IsWord("JOIN") {
				return nil
			}
		}
		db, schema := s.Database, s.Schema
		switch len(parts) {
		case 3:
			db, schema = parts[0], parts[1]
		case 2:
			schema = parts[0]
		}
		var err error
		if cols, err = s.e.columns(ctx, db, schema, parts[len(parts)-1]); err != nil || len(cols) == 0 {
			return nil
		}
	}
	var out []string // each result column's type, "" when not known
	for _, it := range its {
		switch it.col {
		case "":
			out = append(out, it.typ)
		case "*":
			for _, c := range cols {
				out = append(out, c.sfType)
			}
		default:
			found := ""
			for _, c := range cols {
				if c.name == it.col {
					found = c.sfType
				}
			}
			out = append(out, found)
		}
	}
	if len(out) != n {
		return nil
	}
	types := map[int]string{}
	for k, t := range out {
		if t == "OBJECT" || t == "ARRAY" {
			types[k] = strings.ToLower(t)
		}
	}
	return types
}

// closes reports whether the bracket at toks[open] closes at the last token.
func closes(toks []sqllex.Token, open int) bool {
	depth := 0
	for k := open; k < len(toks); k++ {
		switch {
		case toks[k].IsOp("(") || toks[k].IsOp("[") || toks[k].IsOp("{"):
			depth++
		case toks[k].IsOp(")") || toks[k].IsOp("]") || toks[k].IsOp("}"):
			depth--
			if depth == 0 {
				return k == len(toks)-1
			}
		}
	}
	return false
}

// semiFuncTypes are functions whose result Snowflake types as OBJECT or ARRAY.
var semiFuncTypes = map[string]string{
	"OBJECT_CONSTRUCT": "OBJECT", "OBJECT_CONSTRUCT_KEEP_NULL": "OBJECT", "OBJECT_INSERT": "OBJECT",
	"OBJECT_AGG": "OBJECT", "TO_OBJECT": "OBJECT",
	"ARRAY_CONSTRUCT": "ARRAY", "ARRAY_CONSTRUCT_COMPACT": "ARRAY", "ARRAY_AGG": "ARRAY", "ARRAY_APPEND": "ARRAY",
	"ARRAY_PREPEND": "ARRAY", "ARRAY_INSERT": "ARRAY", "ARRAY_CAT": "ARRAY", "ARRAY_COMPACT": "ARRAY",
	"ARRAY_SLICE": "ARRAY", "ARRAY_DISTINCT": "ARRAY", "ARRAY_INTERSECTION": "ARRAY", "ARRAY_EXCEPT": "ARRAY",
	"ARRAY_FLATTEN": "ARRAY", "ARRAY_GENERATE_RANGE": "ARRAY", "TO_ARRAY": "ARRAY", "SPLIT": "ARRAY",
	"STRTOK_TO_ARRAY": "ARRAY", "OBJECT_KEYS": "ARRAY",
}

// declaredSemiResult reports the VARIANT result columns of a simple query
// that read a declared OBJECT or ARRAY column with that type, as Snowflake's
// rowtype does.
func (s *Session) declaredSemiResult(ctx context.Context, text string, res *Result) {
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

// semiTailWords may follow the table of a simple query.
var semiTailWords = map[string]bool{"WHERE": true, "GROUP": true, "ORDER": true, "LIMIT": true, "HAVING": true, "QUALIFY": true}
