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
	plan.types = map[int]string{}
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
// query — SELECT [DISTINCT] items FROM one table [alias] [WHERE|GROUP
// BY|ORDER BY|LIMIT ...] whose items are plain column references or * —
// from the columns' declared types (DESCRIBE's). Any other query (joins,
// subqueries, set operations, expressions) keeps VARIANT for all JSON
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
	if len(toks) < 4 || !toks[0].IsWord("SELECT") {
		return nil
	}
	i := 1
	if toks[i].IsWord("DISTINCT") {
		i++
	}
	// Items: "*" or [qualifier.]column [[AS] alias].
	type item struct {
		star bool
		col  string
	}
	var items []item
	for {
		var it item
		switch {
		case i < len(toks) && toks[i].IsOp("*"):
			it.star = true
			i++
		default:
			c, ok := name(toks[i])
			if !ok {
				return nil
			}
			i++
			if i+1 < len(toks) && toks[i].IsOp(".") {
				if c, ok = name(toks[i+1]); !ok {
					return nil
				}
				i += 2
			}
			it.col = c
			if i < len(toks) && toks[i].IsWord("AS") {
				i++
			}
			if i < len(toks) && !toks[i].IsOp(",") && !toks[i].IsWord("FROM") {
				if _, ok := name(toks[i]); !ok {
					return nil
				}
				i++ // alias
			}
		}
		items = append(items, it)
		if i >= len(toks) {
			return nil
		}
		if toks[i].IsOp(",") {
			i++
			continue
		}
		if !toks[i].IsWord("FROM") {
			return nil
		}
		i++
		break
	}
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
	if i < len(toks) && toks[i].Kind == sqllex.Word && !semiTailWords[strings.ToUpper(toks[i].Text)] || i < len(toks) && toks[i].Kind == sqllex.QuotedIdent {
		i++ // alias
	}
	if i < len(toks) && !(toks[i].Kind == sqllex.Word && semiTailWords[strings.ToUpper(toks[i].Text)]) {
		return nil
	}
	for _, t := range toks[i:] {
		if t.IsWord("SELECT") || t.IsWord("UNION") || t.IsWord("JOIN") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS") {
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
	cols, err := s.e.columns(ctx, db, schema, parts[len(parts)-1])
	if err != nil || len(cols) == 0 {
		return nil
	}
	var out []string // each result column's declared type
	for _, it := range items {
		if it.star {
			for _, c := range cols {
				out = append(out, c.sfType)
			}
			continue
		}
		found := ""
		for _, c := range cols {
			if c.name == it.col {
				found = c.sfType
			}
		}
		if found == "" {
			return nil
		}
		out = append(out, found)
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

// semiTailWords may follow the table of a simple query.
var semiTailWords = map[string]bool{"WHERE": true, "GROUP": true, "ORDER": true, "LIMIT": true, "HAVING": true, "QUALIFY": true}

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
