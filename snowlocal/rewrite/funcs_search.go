package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// SEARCH(search_data, 'search_string' [, ANALYZER => '…'] [, SEARCH_MODE
// => '…']) (docs: functions/search). The search data is read by
// searchData (funcs_search_data.go); the search is _SF_GO_SEARCH (package
// sfunc) with the DEFAULT_ANALYZER in modes OR (the default), AND and
// PHRASE and EXACT, the UNICODE_ANALYZER (sfunc.UnicodeTokens) in modes OR,
// AND and PHRASE, or the NO_OP_ANALYZER in any mode. Refused (002040): the
// UNICODE_ANALYZER with EXACT ("exact-match semantics aren't supported",
// in an error the docs do not print), a search string with a character
// outside printable ASCII (with the UNICODE_ANALYZER also a colon or an
// underscore) or without a token, and the documented errors outside their
// documented form.

// searchAnalyzers and searchModes are the values SEARCH answers.
var (
	searchAnalyzers = map[string]bool{"DEFAULT_ANALYZER": true, "UNICODE_ANALYZER": true, "NO_OP_ANALYZER": true}
	searchModes     = map[string]bool{"OR": true, "AND": true, "PHRASE": true, "EXACT": true}
)

// searchCall parses and rewrites SEARCH's arguments (after its opening
// parenthesis) and its closing parenthesis.
func (p *parser) searchCall(c *call) (expr, error) {
	if p.isOp(")") {
		return expr{}, p.unsupported(c.t, "SEARCH with fewer than two arguments")
	}
	dataAt := p.i
	items, wild, err := p.searchData(c)
	if err != nil {
		return expr{}, err
	}
	if !p.acceptOp(",") {
		return expr{}, p.unsupported(c.t, "SEARCH with fewer than two arguments")
	}
	stAt := p.i
	st := p.next()
	if !p.isOp(",") && !p.isOp(")") {
		return expr{}, p.unsupported(st, "SEARCH with a search string other than a string literal")
	}
	named := map[string]string{}
	positional := 2
	for p.acceptOp(",") {
		n := p.peek()
		if n.Kind != sqllex.Word || !p.peekN(1).IsOp("=>") {
			if v := p.peekN(1); n.Kind == sqllex.String && v.IsOp(")") && positional == 2 && len(named) == 0 {
				// docs: SEARCH('docs@snowflake.com', 'careers@snowflake.com', '@').
				return expr{}, &Error{Code: "001881", Line: c.t.Line, Col: c.t.Col,
					Message: "SQL compilation error: Expected 1 named argument(s), found 0"}
			}
			if e := p.searchTooManyArgs(c, p.toks[dataAt:stAt-1], stAt); e != nil {
				return expr{}, e
			}
			return expr{}, p.unsupported(c.t, "SEARCH with more than two arguments before its named ones")
		}
		name := strings.ToUpper(n.Text)
		p.i += 2
		v := p.next()
		if _, dup := named[name]; dup || v.Kind != sqllex.String || (name != "ANALYZER" && name != "SEARCH_MODE") {
			return expr{}, p.unsupported(n, "SEARCH argument "+name+" in this form")
		}
		named[name] = snowflakeString(v.Text)
	}
	if err := p.expectOp(")"); err != nil {
		return expr{}, err
	}
	if t := p.peek(); t.IsWord("OVER") || t.IsWord("WITHIN") || (t.IsWord("IGNORE") || t.IsWord("RESPECT")) && p.peekN(1).IsWord("NULLS") {
		return expr{}, p.unsupported(t, "SEARCH with "+strings.ToUpper(t.Text))
	}
	analyzer, mode := "DEFAULT_ANALYZER", "OR"
	if a, ok := named["ANALYZER"]; ok {
		analyzer = a
	}
	if m, ok := named["SEARCH_MODE"]; ok {
		mode = m
	}
	if !searchAnalyzers[analyzer] || !searchModes[mode] || analyzer == "UNICODE_ANALYZER" && mode == "EXACT" {
		return expr{}, p.unsupported(c.t, fmt.Sprintf("SEARCH with ANALYZER => '%s' and SEARCH_MODE => '%s'", analyzer, mode))
	}
	searched := false
	for _, it := range items {
		searched = searched || it.kind != 0
	}
	valid := st.Kind == sqllex.String && searchStringValid(snowflakeString(st.Text), analyzer)
	switch {
	case !searched && (wild || !valid):
		// Which of two errors Snowflake reports first is not documented.
		return expr{}, p.unsupported(c.t, "SEARCH with no searched column and this search string")
	case !searched:
		// docs: SEARCH(line_id, 'dream') over a NUMBER column.
		return expr{}, &Error{Code: "001173", Line: c.t.Line, Col: c.t.Col,
			Message: fmt.Sprintf("SQL compilation error: error line %d at position %d: Expected non-empty set of columns supporting full-text search.", c.t.Line, c.t.Col-1)}
	case st.Kind == sqllex.Number:
		// docs: SEARCH(line, 5) is 001045 "argument needs to be a string: '1'".
		return expr{}, &Error{Code: "001045", Line: st.Line, Col: st.Col,
			Message: "SQL compilation error:\nargument needs to be a string: '1'"}
	case st.Kind == sqllex.Word || st.Kind == sqllex.QuotedIdent:
		// docs: SEARCH(line, character) over table lines is 001015
		// "argument 2 to function SEARCH needs to be constant, found
		// 'LINES.CHARACTER'".
		if col, ok := p.soleTableColumn(p.toks[stAt : stAt+1]); ok && len(named) == 0 {
			return expr{}, &Error{Code: "001015", Line: st.Line, Col: st.Col,
				Message: fmt.Sprintf("SQL compilation error:\nargument 2 to function SEARCH needs to be constant, found '%s'", col)}
		}
		return expr{}, p.unsupported(st, "SEARCH with a search string other than a string literal")
	case st.Kind != sqllex.String:
		return expr{}, p.unsupported(st, "SEARCH with a search string other than a string literal")
	}
	search := snowflakeString(st.Text)
	if !searchStringValid(search, analyzer) {
		return expr{}, p.unsupported(st, "SEARCH search string '"+search+"' (empty, without a token or with a character other than printable ASCII; with the UNICODE_ANALYZER also a colon or underscore)")
	}
	return searchGoCall("_SF_GO_SEARCH", items, sqlString(search), sqlString(analyzer), sqlString(mode)), nil
}

// searchStringValid reports whether SEARCH answers search string s: with
// the DEFAULT_ANALYZER, printable ASCII text with a token; with the
// UNICODE_ANALYZER, the same without a colon or underscore; with the
// NO_OP_ANALYZER, any text but the empty string.
func searchStringValid(s, analyzer string) bool {
	if analyzer == "NO_OP_ANALYZER" {
		return s != ""
	}
	toks, ok := sfunc.DefaultTokens(s)
	if analyzer == "UNICODE_ANALYZER" {
		toks, ok = sfunc.UnicodeTokens(s)
	}
	return ok && len(toks) > 0
}
