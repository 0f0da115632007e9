package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The search data of SEARCH and SEARCH_IP (docs: functions/search,
// search_data; functions/search_ip): one item or a parenthesized list of
// items — a column, a path into a VARIANT, a string literal — or, alone in
// the list or bare with ILIKE / EXCLUDE, the wildcard `*` / `t.*` with
// ILIKE or EXCLUDE. VARCHAR, VARIANT, OBJECT and ARRAY data is searched; a
// column of another type is ignored. What the rewriter cannot type without
// doubt (another expression, a wildcard over a derived table) is refused.

// searchItem is one value of the search data.
type searchItem struct {
	sql  string // DuckDB text of the value: VARCHAR, or JSON as VARCHAR
	kind byte   // 't' text, 'j' JSON text, 0 a column of a type not searched
}

// searchData parses the search data up to the comma after it. wild
// reports a wildcard.
func (p *parser) searchData(c *call) (items []searchItem, wild bool, err error) {
	fn := c.name
	if p.starAhead() {
		if !p.startsWildcard() || p.peekN(p.starOffset()+1).IsOp(")") {
			// docs: parentheses are required around * and table.*.
			return nil, false, p.unsupported(p.peek(), fn+"(*) without parentheses around the wildcard")
		}
		items, err := p.searchWildcard(fn)
		return items, true, err
	}
	if !p.isOp("(") || !p.parenListAhead() {
		it, err := p.searchOperand(fn)
		return []searchItem{it}, false, err
	}
	p.next() // (
	if p.starAhead() {
		items, err := p.searchWildcard(fn)
		if err == nil && !p.acceptOp(")") {
			err = p.unsupported(c.t, fn+" over a wildcard and other search data")
		}
		return items, true, err
	}
	for {
		if p.starAhead() {
			return nil, false, p.unsupported(c.t, fn+" over a wildcard and other search data")
		}
		it, err := p.searchOperand(fn)
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
	k := p.closingBracket(p.i + 1) // funcs.go
	return k+1 < len(p.toks) && p.toks[k+1].IsOp(",")
}

// searchWildcard reads [qualifier.]* [ILIKE 'pattern' | EXCLUDE names]
// into the columns it selects.
func (p *parser) searchWildcard(fn string) ([]searchItem, error) {
	w, err := p.wildcardSpec()
	if err != nil {
		return nil, err
	}
	if p.isWord("ILIKE") || p.isWord("EXCLUDE") {
		// docs: ILIKE and EXCLUDE "can't be combined in a single function call".
		return nil, p.unsupported(p.peek(), fn+"(* ...) with both ILIKE and EXCLUDE")
	}
	p.searchTyping = true
	cols, err := p.wildcardColumns(w, fn+"(*)")
	p.searchTyping = false
	if err != nil {
		return nil, err
	}
	var items []searchItem
	for _, col := range cols {
		kind, ok := searchKind(col.raw)
		if !ok {
			return nil, p.unsupported(w.at, fn+"(*) over column "+col.name+" of a type the local engine does not search")
		}
		items = append(items, searchItem{sql: searchValue(col.ref, kind), kind: kind})
	}
	return items, nil
}

// searchOperand reads one item of the search data up to a comma or the
// closing parenthesis.
func (p *parser) searchOperand(fn string) (searchItem, error) {
	start := p.i
	s, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") })
	if err != nil {
		return searchItem{}, err
	}
	toks := p.toks[start:p.i]
	if len(toks) == 0 {
		return searchItem{}, p.unexpected(p.peek())
	}
	switch e := p.single; {
	case len(toks) == 1 && toks[0].Kind == sqllex.String:
		return searchItem{sql: s, kind: 't'}, nil
	case e != nil && e.path != nil:
		// A path's value is a VARIANT (docs: SEARCH_IP((ip1:"ipv1"), ...)).
		return searchItem{sql: searchValue(e.render(), 'j'), kind: 'j'}, nil
	case e != nil && e.plain:
		raw := p.columnRawType(toks)
		kind, ok := searchKind(raw)
		if !ok {
			return searchItem{}, p.unsupported(toks[0], fn+" over column "+p.text(start, p.i-1)+" of a type the local engine does not know")
		}
		return searchItem{sql: searchValue(e.sql, kind), kind: kind}, nil
	}
	return searchItem{}, p.unsupported(toks[0], fn+" over an expression other than a column, a VARIANT path or a string literal")
}

// searchKind is the item kind of a column of DuckDB type raw: ok is false
// when the type is not known.
func searchKind(raw string) (kind byte, ok bool) {
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

// searchValue renders a value of kind for _SF_GO_SEARCH_IP and _SF_GO_SEARCH.
func searchValue(sql string, kind byte) string {
	if kind == 'j' {
		return "CAST(" + sql + " AS VARCHAR)"
	}
	return sql
}

// searchGoCall is the call of Go function fn (sfunc) for SEARCH or
// SEARCH_IP: its leading arguments, then a string of the searched items'
// kinds, one byte each, then the items that are searched (kind not 0).
func searchGoCall(fn string, items []searchItem, lead ...string) expr {
	var kinds strings.Builder
	var values []string
	for _, it := range items {
		if it.kind != 0 {
			kinds.WriteByte(it.kind)
			values = append(values, it.sql)
		}
	}
	args := append(append(lead, sqlString(kinds.String())), values...)
	return expr{sql: fn + "(" + strings.Join(args, ", ") + ")", typ: "BOOLEAN"}
}
