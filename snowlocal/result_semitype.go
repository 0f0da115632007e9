package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The static OBJECT / ARRAY / VARIANT type of a query's result columns, as
// Snowflake's rowtype reports it. DuckDB holds all three as JSON, so the type
// is worked out from the Snowflake text: through CTEs, subqueries, joins and
// set operations, for column references (the declared type of a table
// column), casts, OBJECT/ARRAY constants, functions that return an OBJECT or
// ARRAY, and expressions whose type is one of their operands' (CASE,
// COALESCE, IFF, MIN/MAX, window functions...). Where the type cannot be
// worked out the column stays VARIANT (result_json.go).

// Semi types of an expression: semiObject, semiArray, semiVariant, semiNull
// (a NULL literal, which takes the other branches' type), or semiUnknown.
const (
	semiObject  = "OBJECT"
	semiArray   = "ARRAY"
	semiVariant = "VARIANT"
	semiNull    = "NULL"
	semiUnknown = "?"
)

// semiCol is a result column: its name (as Snowflake folds it) and type.
type semiCol struct{ name, typ string }

// semiSource is a FROM item: what a column reference may qualify it with,
// and its columns (nil with known false when they cannot be listed).
type semiSource struct {
	alias string
	cols  []semiCol
	known bool
}

type semiTyper struct {
	// table lists a table's (or view's) columns with their declared types.
	table func(parts []string) ([]semiCol, bool)
	// function finds a user function: its declared return type (scalar)
	// or columns (table function).
	function func(name string) (ret string, cols []semiCol, ok bool)
	ctes     map[string][]semiCol
	depth    int
	lateral  []semiCol // the items before the one being typed
}

// semiWord is a Word's upper-cased text or a quoted identifier's name.
func semiWord(t sqllex.Token) (string, bool) {
	switch t.Kind {
	case sqllex.Word:
		return strings.ToUpper(t.Text), true
	case sqllex.QuotedIdent:
		return strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`), true
	}
	return "", false
}

func semiOpen(t sqllex.Token) bool  { return t.IsOp("(") || t.IsOp("[") || t.IsOp("{") }
func semiClose(t sqllex.Token) bool { return t.IsOp(")") || t.IsOp("]") || t.IsOp("}") }

// semiSplit splits toks at top-level tokens for which at is true (CASE ... END
// counts as a bracket pair).
func semiSplit(toks []sqllex.Token, at func(sqllex.Token) bool) [][]sqllex.Token {
	var out [][]sqllex.Token
	depth, start := 0, 0
	for i, t := range toks {
		switch {
		case semiOpen(t) || t.IsWord("CASE"):
			depth++
		case semiClose(t) || t.IsWord("END"):
			depth--
		}
		if depth == 0 && at(t) && !(t.IsWord("END")) {
			out = append(out, toks[start:i])
			start = i + 1
		}
	}
	return append(out, toks[start:])
}

// semiIndex is the index of the first top-level token for which at is true, or -1.
func semiIndex(toks []sqllex.Token, from int, at func(sqllex.Token) bool) int {
	depth := 0
	for i := from; i < len(toks); i++ {
		t := toks[i]
		if depth == 0 && at(t) {
			return i
		}
		switch {
		case semiOpen(t) || t.IsWord("CASE"):
			depth++
		case semiClose(t) || t.IsWord("END"):
			depth--
		}
	}
	return -1
}

// semiMatching is the index of the bracket closing toks[open], or -1.
func semiMatching(toks []sqllex.Token, open int) int {
	depth := 0
	for k := open; k < len(toks); k++ {
		switch {
		case semiOpen(toks[k]):
			depth++
		case semiClose(toks[k]):
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// query types a query: [WITH ...] select [set operator select ...].
func (st *semiTyper) query(toks []sqllex.Token) ([]semiCol, bool) {
	st.depth++
	defer func() { st.depth-- }()
	if st.depth > 32 || len(toks) == 0 {
		return nil, false
	}
	if toks[0].IsWord("WITH") {
		i := 1
		if i < len(toks) && toks[i].IsWord("RECURSIVE") {
			i++
		}
		for {
			if i >= len(toks) {
				return nil, false
			}
			name, ok := semiWord(toks[i])
			if !ok {
				return nil, false
			}
			i++
			var rename []string
			if i < len(toks) && toks[i].IsOp("(") {
				end := semiMatching(toks, i)
				if end < 0 {
					return nil, false
				}
				for _, part := range semiSplit(toks[i+1:end], func(t sqllex.Token) bool { return t.IsOp(",") }) {
					if len(part) != 1 {
						return nil, false
					}
					n, _ := semiWord(part[0])
					rename = append(rename, n)
				}
				i = end + 1
			}
			if i+1 >= len(toks) || !toks[i].IsWord("AS") || !toks[i+1].IsOp("(") {
				return nil, false
			}
			end := semiMatching(toks, i+1)
			if end < 0 {
				return nil, false
			}
			cols, ok := st.query(toks[i+2 : end])
			if !ok || (rename != nil && len(rename) != len(cols)) {
				cols, ok = nil, false
			}
			for k := range rename {
				if ok {
					cols[k].name = rename[k]
				}
			}
			if st.ctes == nil {
				st.ctes = map[string][]semiCol{}
			}
			if ok {
				st.ctes[name] = cols
			} else {
				st.ctes[name] = nil // known to be a CTE, columns unknown
			}
			i = end + 1
			if i < len(toks) && toks[i].IsOp(",") {
				i++
				continue
			}
			break
		}
		toks = toks[i:]
	}
	var out []semiCol
	for n, branch := range semiSplit(toks, func(t sqllex.Token) bool {
		return t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS")
	}) {
		if n > 0 && len(branch) > 0 && (branch[0].IsWord("ALL") || branch[0].IsWord("DISTINCT")) {
			branch = branch[1:]
		}
		for len(branch) > 0 && branch[0].IsOp("(") && semiMatching(branch, 0) == len(branch)-1 {
			branch = branch[1 : len(branch)-1]
		}
		if len(branch) > 0 && branch[0].IsOp("(") {
			// (select ...) ORDER BY ...: the parenthesised query.
			if end := semiMatching(branch, 0); end > 0 {
				branch = branch[1:end]
			}
		}
		cols, ok := st.selectCore(branch)
		if !ok {
			return nil, false
		}
		if n == 0 {
			out = cols
			continue
		}
		if len(cols) != len(out) {
			return nil, false
		}
		for k := range out {
			out[k].typ = unifySemi(out[k].typ, cols[k].typ)
		}
	}
	return out, true
}

var semiClauseEnd = map[string]bool{"WHERE": true, "GROUP": true, "HAVING": true, "QUALIFY": true, "ORDER": true,
	"LIMIT": true, "WINDOW": true, "OFFSET": true, "FETCH": true}

var semiJoinWords = map[string]bool{"JOIN": true, "INNER": true, "LEFT": true, "RIGHT": true, "FULL": true,
	"OUTER": true, "CROSS": true, "NATURAL": true, "ASOF": true}

// selectCore types SELECT [DISTINCT] [TOP n] items [FROM ...] ...
func (st *semiTyper) selectCore(toks []sqllex.Token) ([]semiCol, bool) {
	if len(toks) < 2 || !toks[0].IsWord("SELECT") {
		return nil, false
	}
	i := 1
	if toks[i].IsWord("DISTINCT") || toks[i].IsWord("ALL") {
		i++
	}
	if i+1 < len(toks) && toks[i].IsWord("TOP") && toks[i+1].Kind == sqllex.Number {
		i += 2
	}
	from := semiIndex(toks, i, func(t sqllex.Token) bool { return t.IsWord("FROM") })
	itemToks := toks[i:]
	if from < 0 {
		// No FROM: the items end at the first clause (ORDER BY 1...).
		if end := semiIndex(toks, i, func(t sqllex.Token) bool { w, _ := semiWord(t); return t.Kind == sqllex.Word && semiClauseEnd[w] }); end >= 0 {
			itemToks = toks[i:end]
		}
	}
	var sources []semiSource
	if from >= 0 {
		itemToks = toks[i:from]
		end := semiIndex(toks, from+1, func(t sqllex.Token) bool { w, _ := semiWord(t); return t.Kind == sqllex.Word && semiClauseEnd[w] })
		if end < 0 {
			end = len(toks)
		}
		var ok bool
		if sources, ok = st.fromList(toks[from+1 : end]); !ok {
			return nil, false
		}
	}
	var out []semiCol
	for _, item := range semiSplit(itemToks, func(t sqllex.Token) bool { return t.IsOp(",") }) {
		// An earlier item's alias may be referenced (a lateral column
		// alias) where no FROM item has the column.
		st.lateral = out
		cols, ok := st.item(item, sources)
		if !ok {
			return nil, false
		}
		out = append(out, cols...)
	}
	return out, true
}

// fromList reads the FROM items (comma- or JOIN-separated).
func (st *semiTyper) fromList(toks []sqllex.Token) ([]semiSource, bool) {
	var out []semiSource
	i := 0
	for i < len(toks) {
		// Skip join words and ON/USING conditions up to the next item.
		t := toks[i]
		if w, _ := semiWord(t); t.IsOp(",") || (t.Kind == sqllex.Word && semiJoinWords[w]) {
			i++
			continue
		}
		if t.IsWord("ON") || t.IsWord("USING") || t.IsWord("MATCH_CONDITION") {
			next := semiIndex(toks, i+1, func(t sqllex.Token) bool {
				w, _ := semiWord(t)
				return t.IsOp(",") || (t.Kind == sqllex.Word && semiJoinWords[w])
			})
			if next < 0 {
				break
			}
			i = next
			continue
		}
		src, n, ok := st.source(toks[i:])
		if !ok {
			return nil, false
		}
		out = append(out, src)
		i += n
	}
	return out, true
}

var semiNotAlias = map[string]bool{"ON": true, "USING": true, "LATERAL": true, "MATCH_CONDITION": true,
	"PIVOT": true, "UNPIVOT": true, "SAMPLE": true, "TABLESAMPLE": true, "AT": true, "BEFORE": true, "CHANGES": true}

// source reads one FROM item and its alias; n is the tokens it used.
func (st *semiTyper) source(toks []sqllex.Token) (semiSource, int, bool) {
	var src semiSource
	i := 0
	if toks[0].IsWord("LATERAL") {
		i++
	}
	if i >= len(toks) {
		return src, 0, false
	}
	switch {
	case toks[i].IsOp("("):
		end := semiMatching(toks, i)
		if end < 0 {
			return src, 0, false
		}
		src.cols, src.known = st.query(toks[i+1 : end])
		i = end + 1
	case toks[i].Kind == sqllex.Word && i+1 < len(toks) && toks[i+1].IsOp("("):
		// A table function: FLATTEN (directly or in TABLE(...)) has known columns.
		end := semiMatching(toks, i+1)
		if end < 0 {
			return src, 0, false
		}
		fn := strings.ToUpper(toks[i].Text)
		if fn == "TABLE" && i+3 < end && toks[i+2].IsWord("FLATTEN") {
			fn = "FLATTEN"
		}
		if fn == "FLATTEN" {
			src.known = true
			for _, c := range []string{"SEQ", "KEY", "PATH", "INDEX"} {
				src.cols = append(src.cols, semiCol{c, ""})
			}
			src.cols = append(src.cols, semiCol{"VALUE", semiVariant}, semiCol{"THIS", semiVariant})
		} else if fn == "TABLE" && i+3 < end && toks[i+2].Kind == sqllex.Word && toks[i+3].IsOp("(") && st.function != nil {
			// TABLE(udtf(...)): the columns its RETURNS TABLE declares.
			if _, cols, ok := st.function(strings.ToUpper(toks[i+2].Text)); ok && cols != nil {
				src.cols, src.known = cols, true
			}
		}
		i = end + 1
	default:
		var parts []string
		for i < len(toks) {
			p, ok := semiWord(toks[i])
			if !ok {
				return src, 0, false
			}
			parts = append(parts, p)
			i++
			if i < len(toks) && toks[i].IsOp(".") {
				i++
				continue
			}
			break
		}
		if len(parts) == 0 {
			return src, 0, false
		}
		src.alias = parts[len(parts)-1]
		if cols, isCTE := st.ctes[parts[0]]; isCTE && len(parts) == 1 {
			src.cols, src.known = cols, cols != nil
		} else {
			src.cols, src.known = st.table(parts)
		}
	}
	if i < len(toks) && toks[i].IsWord("AS") {
		i++
	}
	if i < len(toks) {
		if w, ok := semiWord(toks[i]); ok && (toks[i].Kind == sqllex.QuotedIdent || !(semiJoinWords[w] || semiClauseEnd[w] || semiNotAlias[w])) {
			src.alias = w
			i++
			if i < len(toks) && toks[i].IsOp("(") {
				// alias(c1, c2, ...) renames the columns.
				end := semiMatching(toks, i)
				if end < 0 {
					return src, 0, false
				}
				parts := semiSplit(toks[i+1:end], func(t sqllex.Token) bool { return t.IsOp(",") })
				if src.known && len(parts) <= len(src.cols) {
					cols := append([]semiCol(nil), src.cols...)
					for k, p := range parts {
						if len(p) == 1 {
							cols[k].name, _ = semiWord(p[0])
						}
					}
					src.cols = cols
				} else {
					src.known = false
				}
				i = end + 1
			}
		}
	}
	// Anything else before the next item (PIVOT, SAMPLE, ...): columns not known.
	if i < len(toks) {
		if w, _ := semiWord(toks[i]); !(toks[i].IsOp(",") || toks[i].IsWord("ON") || toks[i].IsWord("USING") || semiJoinWords[w]) {
			return src, 0, false
		}
	}
	return src, i, true
}

// item types one select item (several columns for *).
func (st *semiTyper) item(toks []sqllex.Token, sources []semiSource) ([]semiCol, bool) {
	if len(toks) == 0 {
		return nil, false
	}
	body, name := toks, ""
	if k := len(toks); k >= 2 {
		if w, ok := semiWord(toks[k-1]); ok && !(toks[k-1].IsWord("END") && toks[0].IsWord("CASE")) {
			prev := toks[k-2]
			if prev.IsWord("AS") || semiClose(prev) || prev.Kind == sqllex.Word || prev.Kind == sqllex.QuotedIdent || prev.Kind == sqllex.Number || prev.Kind == sqllex.String {
				if !(prev.IsOp(".") || prev.IsOp("::") || prev.IsOp(":")) {
					body, name = toks[:k-1], w
					if body[len(body)-1].IsWord("AS") {
						body = body[:len(body)-1]
					}
				}
			}
		}
	}
	// * and alias.*
	if len(body) == 1 && body[0].IsOp("*") || len(body) == 3 && body[1].IsOp(".") && body[2].IsOp("*") {
		var out []semiCol
		q := ""
		if len(body) == 3 {
			q, _ = semiWord(body[0])
		}
		for _, s := range sources {
			if q != "" && s.alias != q {
				continue
			}
			if !s.known {
				return nil, false
			}
			out = append(out, s.cols...)
		}
		return out, len(out) > 0
	}
	if len(body) > 0 && body[0].IsOp("*") {
		return nil, false // * EXCLUDE/RENAME/ILIKE...: columns not counted here
	}
	if name == "" && len(body) >= 1 {
		if w, ok := semiWord(body[len(body)-1]); ok {
			name = w
		}
	}
	return []semiCol{{name, st.expr(body, sources)}}, true
}

// semiPassThrough are functions whose result has the type of the arguments
// at the given indexes (-1: all).
var semiPassThrough = map[string][]int{
	"COALESCE": {-1}, "NVL": {-1}, "IFNULL": {-1}, "IFF": {1, 2}, "NVL2": {1, 2}, "NULLIF": {0},
	"ANY_VALUE": {0}, "MIN": {0}, "MAX": {0}, "MIN_BY": {0}, "MAX_BY": {0}, "FIRST_VALUE": {0},
	"LAST_VALUE": {0}, "NTH_VALUE": {0}, "LAG": {0, 2}, "LEAD": {0, 2},
}

// semiVariantFuncs return a VARIANT.
var semiVariantFuncs = map[string]bool{"PARSE_JSON": true, "TRY_PARSE_JSON": true, "GET": true, "GET_PATH": true,
	"TO_VARIANT": true, "GET_IGNORE_CASE": true, "PARSE_XML": true, "STRIP_NULL_VALUE": true, "ARRAY_MAX": true,
	"ARRAY_MIN": true}

// expr types an expression.
func (st *semiTyper) expr(toks []sqllex.Token, sources []semiSource) string {
	if len(toks) == 0 {
		return semiUnknown
	}
	// A cast at the top level decides: the last one applies last.
	if k := semiLastTop(toks, "::"); k >= 0 && k+1 < len(toks) {
		return semiTypeName(toks[k+1])
	}
	last := len(toks) - 1
	first := toks[0]
	switch {
	case len(toks) == 1 && first.IsWord("NULL"):
		return semiNull
	case first.IsOp("(") && semiMatching(toks, 0) == last:
		inner := toks[1:last]
		if len(inner) > 0 && (inner[0].IsWord("SELECT") || inner[0].IsWord("WITH")) {
			if cols, ok := st.query(inner); ok && len(cols) == 1 {
				return cols[0].typ
			}
			return semiUnknown
		}
		return st.expr(inner, sources)
	case first.IsOp("[") && semiMatching(toks, 0) == last:
		return semiArray
	case first.IsOp("{") && semiMatching(toks, 0) == last:
		return semiObject
	case first.IsWord("CASE") && toks[last].IsWord("END"):
		// The results: after each top-level THEN up to the next WHEN, ELSE
		// or END, and after ELSE.
		var branches []string
		depth, start := 0, -1
		for i := 1; i <= last; i++ {
			t := toks[i]
			if depth == 0 && (t.IsWord("WHEN") || t.IsWord("ELSE") || i == last) && start >= 0 {
				branches = append(branches, st.expr(toks[start:i], sources))
				start = -1
			}
			if depth == 0 && (t.IsWord("THEN") || t.IsWord("ELSE")) {
				start = i + 1
			}
			switch {
			case semiOpen(t) || t.IsWord("CASE"):
				depth++
			case semiClose(t) || t.IsWord("END"):
				depth--
			}
		}
		if len(branches) == 0 {
			return semiUnknown
		}
		return unifySemi(branches...)
	}
	// A path (v:a, v['a'], v[0]) is a VARIANT.
	if semiLastTop(toks, ":") >= 0 {
		return semiVariant
	}
	// A column reference: name, q.name, db.q.name.
	if ref, ok := semiColumnRef(toks); ok {
		typ := semiLookup(ref, sources)
		if typ == semiUnknown && len(ref) == 1 && semiLookup(ref, []semiSource{{cols: st.lateral, known: true}}) != semiUnknown {
			found := 0
			for _, src := range sources {
				for _, c := range src.cols {
					if c.name == ref[0] {
						found++
					}
				}
				if !src.known {
					found++
				}
			}
			if found == 0 {
				return semiLookup(ref, []semiSource{{cols: st.lateral, known: true}})
			}
		}
		return typ
	}
	if len(toks) >= 2 && toks[len(toks)-1].IsOp("]") && !first.IsOp("[") {
		if open := semiOpening(toks, last); open > 0 {
			return semiVariant // x[...]
		}
	}
	// A call: F(...) [WITHIN GROUP (...)] [OVER (...)].
	if first.Kind == sqllex.Word && len(toks) >= 3 && toks[1].IsOp("(") {
		end := semiMatching(toks, 1)
		if end < 0 {
			return semiUnknown
		}
		rest := toks[end+1:]
		if len(rest) >= 3 && rest[0].IsWord("WITHIN") && rest[1].IsWord("GROUP") && rest[2].IsOp("(") {
			e := semiMatching(rest, 2)
			if e < 0 {
				return semiUnknown
			}
			rest = rest[e+1:]
		}
		if len(rest) >= 2 && (rest[0].IsWord("IGNORE") || rest[0].IsWord("RESPECT")) && rest[1].IsWord("NULLS") {
			rest = rest[2:]
		}
		if len(rest) >= 1 && rest[0].IsWord("OVER") {
			if len(rest) == 2 {
				rest = nil // OVER w
			} else if len(rest) >= 2 && rest[1].IsOp("(") && semiMatching(rest, 1) == len(rest)-1 {
				rest = nil
			}
		}
		if len(rest) != 0 {
			return semiUnknown
		}
		fn := strings.ToUpper(first.Text)
		if fn == "CAST" || fn == "TRY_CAST" {
			if k := semiLastTopWord(toks[2:end], "AS"); k >= 0 && 2+k+1 < end {
				return semiTypeName(toks[2+k+1])
			}
			return semiUnknown
		}
		if t, ok := semiFuncTypes[fn]; ok {
			return t
		}
		if semiVariantFuncs[fn] {
			return semiVariant
		}
		if st.function != nil {
			if ret, _, ok := st.function(fn); ok && ret != "" {
				return semiTypeName(sqllex.Token{Kind: sqllex.Word, Text: ret})
			}
		}
		if fn == "DECODE" {
			// DECODE(expr, search1, result1, ..., [default]): the results.
			args := semiSplit(toks[2:end], func(t sqllex.Token) bool { return t.IsOp(",") })
			var ts []string
			for k := 2; k < len(args); k += 2 {
				ts = append(ts, st.expr(args[k], sources))
			}
			if len(args) >= 4 && len(args)%2 == 0 {
				ts = append(ts, st.expr(args[len(args)-1], sources))
			}
			if len(ts) == 0 {
				return semiUnknown
			}
			return unifySemi(ts...)
		}
		if idx, ok := semiPassThrough[fn]; ok {
			args := semiSplit(toks[2:end], func(t sqllex.Token) bool { return t.IsOp(",") })
			if len(args) > 0 && len(args[0]) > 0 && args[0][0].IsWord("DISTINCT") {
				args[0] = args[0][1:]
			}
			var ts []string
			for _, k := range idx {
				if k == -1 {
					for _, a := range args {
						ts = append(ts, st.expr(a, sources))
					}
				} else if k < len(args) {
					ts = append(ts, st.expr(args[k], sources))
				}
			}
			if len(ts) == 0 {
				return semiUnknown
			}
			return unifySemi(ts...)
		}
	}
	return semiUnknown
}

// semiColumnRef reads name, q.name or db.q.name.
func semiColumnRef(toks []sqllex.Token) ([]string, bool) {
	if len(toks)%2 == 0 || len(toks) > 5 {
		return nil, false
	}
	var parts []string
	for k, t := range toks {
		if k%2 == 1 {
			if !t.IsOp(".") {
				return nil, false
			}
			continue
		}
		w, ok := semiWord(t)
		if !ok || t.Kind == sqllex.Word && (t.IsWord("NULL") || t.IsWord("TRUE") || t.IsWord("FALSE")) {
			return nil, false
		}
		parts = append(parts, w)
	}
	return parts, true
}

// semiLookup finds a column reference in the FROM items.
func semiLookup(ref []string, sources []semiSource) string {
	name := ref[len(ref)-1]
	q := ""
	if len(ref) > 1 {
		q = ref[len(ref)-2]
	}
	found, typ := 0, semiUnknown
	for _, s := range sources {
		if q != "" && s.alias != q {
			continue
		}
		if !s.known {
			return semiUnknown
		}
		for _, c := range s.cols {
			if c.name == name {
				found++
				typ = c.typ
			}
		}
	}
	if found != 1 {
		return semiUnknown
	}
	return typ
}

// semiTypeName types a cast's target.
func semiTypeName(t sqllex.Token) string {
	switch strings.ToUpper(t.Text) {
	case "OBJECT":
		return semiObject
	case "ARRAY":
		return semiArray
	case "VARIANT":
		return semiVariant
	}
	return semiUnknown
}

// semiLastTop is the index of the last top-level operator op, or -1.
func semiLastTop(toks []sqllex.Token, op string) int {
	return semiLastTopWhere(toks, func(t sqllex.Token) bool { return t.IsOp(op) })
}

// semiLastTopWord is the index of the last top-level word w, or -1.
func semiLastTopWord(toks []sqllex.Token, w string) int {
	return semiLastTopWhere(toks, func(t sqllex.Token) bool { return t.IsWord(w) })
}

// semiLastTopWhere is the index of the last token outside brackets and
// CASE … END that is, or -1.
func semiLastTopWhere(toks []sqllex.Token, is func(sqllex.Token) bool) int {
	depth, at := 0, -1
	for i, t := range toks {
		switch {
		case semiOpen(t) || t.IsWord("CASE"):
			depth++
		case semiClose(t) || t.IsWord("END"):
			depth--
		case depth == 0 && is(t):
			at = i
		}
	}
	return at
}

// semiOpening is the index of the bracket that toks[close] closes, or -1.
func semiOpening(toks []sqllex.Token, close int) int {
	depth := 0
	for k := close; k >= 0; k-- {
		switch {
		case semiClose(toks[k]):
			depth++
		case semiOpen(toks[k]):
			depth--
			if depth == 0 {
				return k
			}
		}
	}
	return -1
}

// unifySemi is the type of an expression whose value is one of values of
// types ts: NULLs take the others' type, equal types stay, an unknown one
// leaves it unknown, and different semi-structured types are a VARIANT.
func unifySemi(ts ...string) string {
	out := semiNull
	for _, t := range ts {
		switch {
		case t == semiNull:
		case t == semiUnknown:
			return semiUnknown
		case out == semiNull:
			out = t
		case out != t:
			out = semiVariant
		}
	}
	return out
}

// semiTypeCreated records the OBJECT and ARRAY columns of a view or a table
// created from a query (CREATE VIEW ... AS / CREATE TABLE ... AS SELECT), as
// Snowflake types them from the query: the column comment that declared
// OBJECT/ARRAY columns carry (rewrite.SemiTypeComment), so that DESCRIBE and
// queries of the new object report them.
func (s *Session) semiTypeCreated(ctx context.Context, text string) {
	all, err := sqllex.Tokenize(text)
	if err != nil {
		return
	}
	var toks []sqllex.Token
	for _, t := range all {
		if t.Significant() && !t.IsOp(";") {
			toks = append(toks, t)
		}
	}
	if len(toks) < 4 || !toks[0].IsWord("CREATE") {
		return
	}
	i := 1
	for i < len(toks) && toks[i].Kind == sqllex.Word && !toks[i].IsWord("VIEW") && !toks[i].IsWord("TABLE") {
		i++ // OR REPLACE, SECURE, TRANSIENT, TEMPORARY, RECURSIVE...
	}
	if i >= len(toks) {
		return
	}
	view := toks[i].IsWord("VIEW")
	i++
	if i+2 < len(toks) && toks[i].IsWord("IF") && toks[i+1].IsWord("NOT") && toks[i+2].IsWord("EXISTS") {
		i += 3
	}
	var parts []string
	for i < len(toks) {
		p, ok := semiWord(toks[i])
		if !ok {
			return
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
		return
	}
	if i < len(toks) && toks[i].IsOp("(") {
		if !view {
			return // CREATE TABLE t (columns) AS ...: declared types
		}
		if i = semiMatching(toks, i); i < 0 {
			return
		}
		i++
	}
	as := semiIndex(toks, i, func(t sqllex.Token) bool { return t.IsWord("AS") })
	if as < 0 || as+1 >= len(toks) || !(toks[as+1].IsWord("SELECT") || toks[as+1].IsWord("WITH") || toks[as+1].IsOp("(")) {
		return
	}
	st := s.semiTyper(ctx)
	cols, ok := st.query(toks[as+1:])
	if !ok {
		return
	}
	db, schema := s.Database, s.Schema
	switch len(parts) {
	case 3:
		db, schema = parts[0], parts[1]
	case 2:
		schema = parts[0]
	}
	created, err := s.e.columns(ctx, db, schema, parts[len(parts)-1])
	if err != nil || len(created) != len(cols) {
		return
	}
	for k, c := range created {
		if (cols[k].typ == semiObject || cols[k].typ == semiArray) && c.sfType == "VARIANT" {
			stmt := "COMMENT ON COLUMN " + quoteIdent(c.database) + "." + quoteIdent(c.schema) + "." + quoteIdent(c.table) + "." +
				quoteIdent(c.name) + " IS '" + rewrite.SemiTypeComment(cols[k].typ) + "'"
			if _, err := s.conn.ExecContext(ctx, stmt); err != nil {
				return
			}
		}
	}
}

// semiTyper types queries with the session's tables and views.
func (s *Session) semiTyper(ctx context.Context) *semiTyper {
	return &semiTyper{table: func(parts []string) ([]semiCol, bool) {
		db, schema := s.Database, s.Schema
		switch len(parts) {
		case 3:
			db, schema = parts[0], parts[1]
		case 2:
			schema = parts[0]
		}
		cols, err := s.e.columns(ctx, db, schema, parts[len(parts)-1])
		if err != nil || len(cols) == 0 {
			return nil, false
		}
		var out []semiCol
		for _, c := range cols {
			typ := ""
			switch c.sfType {
			case "OBJECT", "ARRAY", "VARIANT":
				typ = c.sfType
			}
			out = append(out, semiCol{c.name, typ})
		}
		return out, true
	}, function: func(name string) (string, []semiCol, bool) {
		f, ok, err := s.e.getFunction(ctx, s.Database, s.Schema, name)
		if err != nil || !ok {
			return "", nil, false
		}
		if !f.isTable() {
			ret := strings.Fields(strings.ToUpper(f.Props["RETURNS"]) + " ")
			if len(ret) == 0 {
				return "", nil, false
			}
			return strings.SplitN(ret[0], "(", 2)[0], nil, true
		}
		var cols []semiCol
		for _, c := range f.columns {
			t := strings.ToUpper(strings.TrimSpace(c.Type))
			typ := ""
			if strings.HasPrefix(t, "OBJECT") || strings.HasPrefix(t, "ARRAY") || t == "VARIANT" {
				typ = strings.SplitN(t, "(", 2)[0]
			}
			cols = append(cols, semiCol{columnName(c), typ})
		}
		return "", cols, true
	}}
}
