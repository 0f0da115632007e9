package rewrite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// SEARCH_IP(search_data, 'search_string') (docs: functions/search_ip).
// The search data is read by searchData (funcs_search_data.go); a list of
// only columns of types not searched is error 001173. The search is
// _SF_GO_SEARCH_IP (package sfunc), which refuses a value where an address
// could be read in a way the docs do not give. A search string that is not
// a string literal and the documented errors outside their documented
// form are refused (002040).

// searchIPCall parses and rewrites SEARCH_IP's arguments (after its
// opening parenthesis) and its closing parenthesis.
func (p *parser) searchIPCall(c *call) (expr, error) {
	if p.isOp(")") {
		return expr{}, p.unsupported(c.t, "SEARCH_IP with other than two arguments")
	}
	dataAt := p.i
	items, wild, err := p.searchData(c)
	if err != nil {
		return expr{}, err
	}
	if !p.acceptOp(",") {
		return expr{}, p.unsupported(c.t, "SEARCH_IP with other than two arguments")
	}
	st := p.next()
	if !p.acceptOp(")") {
		if p.isOp(",") {
			return expr{}, p.unsupported(c.t, "SEARCH_IP with other than two arguments")
		}
		return expr{}, p.unsupported(c.t, "SEARCH_IP with a search string other than a string literal")
	}
	if t := p.peek(); t.IsWord("OVER") || t.IsWord("WITHIN") || (t.IsWord("IGNORE") || t.IsWord("RESPECT")) && p.peekN(1).IsWord("NULLS") {
		return expr{}, p.unsupported(t, "SEARCH_IP with "+strings.ToUpper(t.Text))
	}
	searched := false
	for _, it := range items {
		searched = searched || it.kind != 0
	}
	if !searched {
		if wild {
			return expr{}, p.unsupported(c.t, "SEARCH_IP over a wildcard that selects no VARCHAR, VARIANT, OBJECT or ARRAY column")
		}
		if st.Kind != sqllex.String || !validSearchIP(st) {
			// Which of two errors Snowflake reports first is not documented.
			return expr{}, p.unsupported(c.t, "SEARCH_IP with neither a searched column nor a valid search string")
		}
		// docs: SEARCH_IP(id, '192.0.2.146') over an INT column.
		return expr{}, &Error{Code: "001173", Line: c.t.Line, Col: c.t.Col,
			Message: fmt.Sprintf("SQL compilation error: error line %d at position %d: Expected non-empty set of columns supporting full-text search.", c.t.Line, c.t.Col-1)}
	}
	switch st.Kind {
	case sqllex.String:
	case sqllex.Number:
		// docs: SEARCH_IP(ipv4_source, 5) is 001045 "argument needs to be a
		// string: '1'".
		return expr{}, &Error{Code: "001045", Line: st.Line, Col: st.Col,
			Message: "SQL compilation error:\nargument needs to be a string: '1'"}
	default:
		return expr{}, p.unsupported(st, "SEARCH_IP with a search string other than a string literal")
	}
	search := snowflakeString(st.Text)
	switch _, v := sfunc.ParseSearchIP(search); v {
	case sfunc.SearchIPInvalid:
		return expr{}, p.searchIPInvalid(c, dataAt, st, search)
	case sfunc.SearchIPUnsupported:
		return expr{}, p.unsupported(st, "SEARCH_IP search string '"+search+"'")
	}
	return searchGoCall("_SF_GO_SEARCH_IP", items, sqlString(search)), nil
}

// validSearchIP reports whether string literal st is a search string
// SEARCH_IP reads.
func validSearchIP(st tok) bool {
	_, v := sfunc.ParseSearchIP(snowflakeString(st.Text))
	return v == sfunc.SearchIPValid
}

// simpleName is a name Snowflake prints as written, upper-cased.
var simpleName = regexp.MustCompile(`^[A-Z_][A-Z0-9_$]*$`)

// searchIPInvalid is error 000937 for a search string that is no address,
// in the form the docs give it (search data one column of the one table
// read, named by the table): SEARCH_IP(ipv4_source, '1925.0.2.146') over
// table ipt is "error line 1 at position 30\ninvalid argument for function
// [SEARCH_IP(IPT.IPV4_SOURCE, '1925.0.2.146')] unexpected argument
// [1925.0.2.146] at position 1,". How Snowflake prints other search data in
// the message is not documented: refused.
func (p *parser) searchIPInvalid(c *call, dataAt int, st tok, search string) error {
	end := p.i - 4 // the last token before the comma before the search string
	col, ok := p.soleTableColumn(p.toks[dataAt : end+1])
	if !ok || strings.ContainsAny(search, `'\`) {
		return p.unsupported(st, "SEARCH_IP search string '"+search+"', which is no IP address, over this search data")
	}
	return &Error{Code: "000937", Line: st.Line, Col: st.Col,
		Message: fmt.Sprintf("SQL compilation error: error line %d at position %d\ninvalid argument for function [SEARCH_IP(%s, '%s')] unexpected argument [%s] at position 1,",
			st.Line, st.Col-1, col, search, search)}
}

// soleTableColumn is how Snowflake names column reference toks (c or t.c)
// in an error message when the query block reads one base table under its
// own name, as the docs print it (IPT.IPV4_SOURCE, LINES.CHARACTER); ok is
// false for any other reference or FROM clause, whose naming the docs do
// not give.
func (p *parser) soleTableColumn(toks []tok) (string, bool) {
	var col tok
	switch {
	case len(toks) == 1:
		col = toks[0]
	case len(toks) == 3 && toks[1].IsOp("."):
		col = toks[2]
	default:
		return "", false
	}
	sc := p.scope
	if col.Kind != sqllex.Word || sc == nil || sc.unknown || len(sc.rels) != 1 {
		return "", false
	}
	r := sc.rels[0]
	if r.table == "" || r.opaque || r.fixed != nil || r.values > 0 {
		return "", false
	}
	parts := strings.Split(r.table, ".")
	table := parts[len(parts)-1]
	if strings.HasPrefix(table, `"`) {
		table = unquoteIdent(table)
	}
	name := strings.ToUpper(col.Text)
	if table != r.name || !simpleName.MatchString(table) || !simpleName.MatchString(name) ||
		len(toks) == 3 && identKey(toks[0]) != r.name {
		return "", false
	}
	if _, raw := p.columnTypes([]tok{col}); raw == "" {
		return "", false // not a column of the table
	}
	return table + "." + name, true
}
