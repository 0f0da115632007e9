package rewrite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// SEARCH_IP(search_data, 'search_string') (docs: functions/search_ip).
// The search data is one item or a parenthesized list of items: a column,
// a path into a VARIANT, a string literal, or (alone in the list, or bare
// with ILIKE / EXCLUDE) the wildcard `*` / `t.*` with ILIKE or EXCLUDE
// (docs: functions/search, search_data). VARCHAR, VARIANT, OBJECT and ARRAY
// data is searched; a column of another type is ignored, and a list of only
// such columns is error 001173. The search is _SF_GO_SEARCH_IP (package
// sfunc), which refuses a value where an address could be read in a way the
// docs do not give. What the rewriter cannot type without doubt (another
// expression, a wildcard over a derived table), a search string that is not
// a string literal and the documented errors outside their documented form
// are refused (002040).

// searchIPItem is one value of the search data.
type searchIPItem struct {
	sql  string // DuckDB text of the value: VARCHAR, or JSON as VARCHAR
	kind byte   // 't' text, 'j' JSON text, 0 a column of a type not searched
}

// searchIPCall parses and rewrites SEARCH_IP's arguments (after its
// opening parenthesis) and its closing parenthesis.
func (p *parser) searchIPCall(c *call) (expr, error) {
	if p.isOp(")") {
		return expr{}, p.unsupported(c.t, "SEARCH_IP with other than two arguments")
	}
	dataAt := p.i
	items, wild, err := p.searchIPData(c)
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
	var kinds strings.Builder
	args := []string{sqlString(search), ""}
	for _, it := range items {
		if it.kind != 0 {
			kinds.WriteByte(it.kind)
			args = append(args, it.sql)
		}
	}
	args[1] = sqlString(kinds.String())
	return expr{sql: "_SF_GO_SEARCH_IP(" + strings.Join(args, ", ") + ")", typ: "BOOLEAN"}, nil
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
	refuse := p.unsupported(st, "SEARCH_IP search string '"+search+"', which is no IP address, over this search data")
	end := p.i - 4 // the last token before the comma before the search string
	data := p.toks[dataAt : end+1]
	var col tok
	switch {
	case len(data) == 1:
		col = data[0]
	case len(data) == 3 && data[1].IsOp("."):
		col = data[2]
	default:
		return refuse
	}
	sc := p.scope
	if col.Kind != sqllex.Word || sc == nil || sc.unknown || len(sc.rels) != 1 || strings.ContainsAny(search, `'\`) {
		return refuse
	}
	r := sc.rels[0]
	if r.table == "" || r.opaque || r.fixed != nil || r.values > 0 {
		return refuse
	}
	parts := strings.Split(r.table, ".")
	table := parts[len(parts)-1]
	if strings.HasPrefix(table, `"`) {
		table = unquoteIdent(table)
	}
	if table != r.name || !simpleName.MatchString(table) || !simpleName.MatchString(strings.ToUpper(col.Text)) ||
		len(data) == 3 && identKey(data[0]) != r.name {
		return refuse
	}
	return &Error{Code: "000937", Line: st.Line, Col: st.Col,
		Message: fmt.Sprintf("SQL compilation error: error line %d at position %d\ninvalid argument for function [SEARCH_IP(%s.%s, '%s')] unexpected argument [%s] at position 1,",
			st.Line, st.Col-1, table, strings.ToUpper(col.Text), search, search)}
}

// searchIPData parses the search data up to the comma after it. wild
// reports a wildcard.
func (p *parser) searchIPData(c *call) (items []searchIPItem, wild bool, err error) {
	if p.starAhead() {
		if !p.startsWildcard() || p.peekN(p.starOffset()+1).IsOp(")") {
			// docs: parentheses are required around * and table.*.
			return nil, false, p.unsupported(p.peek(), "SEARCH_IP(*) without parentheses around the wildcard")
		}
		items, err := p.searchIPWildcard()
		return items, true, err
	}
	if !p.isOp("(") || !p.parenListAhead() {
		it, err := p.searchIPOperand()
		return []searchIPItem{it}, false, err
	}
	p.next() // (
	if p.starAhead() {
		items, err := p.searchIPWildcard()
		if err == nil && !p.acceptOp(")") {
			err = p.unsupported(c.t, "SEARCH_IP over a wildcard and other search data")
		}
		return items, true, err
	}
	for {
		if p.starAhead() {
			return nil, false, p.unsupported(c.t, "SEARCH_IP over a wildcard and other search data")
		}
		it, err := p.searchIPOperand()
		if err != nil {
			return nil, false, err
		}
		items = append(items, it)
		if !p.acceptOp(",") {
			break
		}
	}
	return items, false, p.expectOp(")")
}

// starAhead reports whether the tokens at p.i are `*` or `name.*`.
func (p *parser) starAhead() bool {
	return p.starOffset() >= 0
}

// starOffset is the offset from p.i of the `*` of a wildcard at p.i, or -1.
func (p *parser) starOffset() int {
	for k := 0; ; k += 2 {
		t := p.peekN(k)
		if t.IsOp("*") {
			return k
		}
		if (t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent) || !p.peekN(k+1).IsOp(".") {
			return -1
		}
	}
}

// parenListAhead reports whether the parenthesis at p.i encloses the whole
// search data (a comma follows its closing parenthesis).
func (p *parser) parenListAhead() bool {
	depth := 0
	for k := p.i; k < len(p.toks); k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
			if depth == 0 {
				return k+1 < len(p.toks) && p.toks[k+1].IsOp(",")
			}
		}
	}
	return false
}

// searchIPWildcard reads [qualifier.]* [ILIKE 'pattern' | EXCLUDE names]
// into the columns it selects.
func (p *parser) searchIPWildcard() ([]searchIPItem, error) {
	w, err := p.wildcardSpec()
	if err != nil {
		return nil, err
	}
	if p.isWord("ILIKE") || p.isWord("EXCLUDE") {
		// docs: ILIKE and EXCLUDE "can't be combined in a single function call".
		return nil, p.unsupported(p.peek(), "SEARCH_IP(* ...) with both ILIKE and EXCLUDE")
	}
	cols, err := p.wildcardColumns(w, "SEARCH_IP(*)")
	if err != nil {
		return nil, err
	}
	var items []searchIPItem
	for _, col := range cols {
		kind, ok := searchIPKind(col.raw)
		if !ok {
			return nil, p.unsupported(w.at, "SEARCH_IP(*) over column "+col.name+" of a type the local engine does not search")
		}
		items = append(items, searchIPItem{sql: searchIPValue(col.ref, kind), kind: kind})
	}
	return items, nil
}

// searchIPOperand reads one item of the search data up to a comma or the
// closing parenthesis.
func (p *parser) searchIPOperand() (searchIPItem, error) {
	start := p.i
	s, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") })
	if err != nil {
		return searchIPItem{}, err
	}
	toks := p.toks[start:p.i]
	if len(toks) == 0 {
		return searchIPItem{}, p.unexpected(p.peek())
	}
	switch e := p.single; {
	case len(toks) == 1 && toks[0].Kind == sqllex.String:
		return searchIPItem{sql: s, kind: 't'}, nil
	case e != nil && e.path != nil:
		// A path's value is a VARIANT (docs: SEARCH_IP((ip1:"ipv1"), ...)).
		return searchIPItem{sql: searchIPValue(e.render(), 'j'), kind: 'j'}, nil
	case e != nil && e.plain:
		raw := p.columnRawType(toks)
		kind, ok := searchIPKind(raw)
		if !ok {
			return searchIPItem{}, p.unsupported(toks[0], "SEARCH_IP over column "+p.text(start, p.i-1)+" of a type the local engine does not know")
		}
		return searchIPItem{sql: searchIPValue(e.sql, kind), kind: kind}, nil
	}
	return searchIPItem{}, p.unsupported(toks[0], "SEARCH_IP over an expression other than a column, a VARIANT path or a string literal")
}

// searchIPKind is the item kind of a column of DuckDB type raw: ok is false
// when the type is not known.
func searchIPKind(raw string) (kind byte, ok bool) {
	switch {
	case raw == "VARCHAR" || strings.HasPrefix(raw, "VARCHAR("):
		return 't', true
	case raw == "JSON":
		return 'j', true
	case nonTextType(raw):
		return 0, true // docs: data of other types is silently ignored
	}
	return 0, false
}

// searchIPValue renders a value of kind for _SF_GO_SEARCH_IP.
func searchIPValue(sql string, kind byte) string {
	if kind == 'j' {
		return "CAST(" + sql + " AS VARCHAR)"
	}
	return sql
}
