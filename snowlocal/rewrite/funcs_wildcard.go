package rewrite

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// OBJECT_CONSTRUCT(*) and the object constant {*}: Snowflake builds the
// object from the FROM clause's columns, their names as keys. The rewriter
// expands the wildcard into the key/value pairs a user would write out
// ('PROVINCE', "PROVINCE", ...), so each value converts exactly as in the
// explicit form. It does so only where it knows every column of the query
// block without doubt: base tables and views (read through
// Options.ColumnTypes, in the catalog's order) and VALUES lists (COLUMN1,
// COLUMN2, ...) of a query block. Anything else — a derived table, a CTE,
// FLATTEN or another table function, a stream, two columns of the same
// name, UPDATE/DELETE/MERGE — is refused with 002040 naming
// OBJECT_CONSTRUCT(*) rather than guessed.

// wildcard is the argument of OBJECT_CONSTRUCT(*) / {*} with its qualifier
// and ILIKE / EXCLUDE filter.
type wildcard struct {
	at      tok
	qual    string          // identKey of the qualifying table or alias; "" for *
	ilike   *regexp.Regexp  // ILIKE 'pattern' on the column names
	exclude map[string]bool // EXCLUDE: the excluded column names (exact)
	exclTok map[string]tok  // where each excluded name was written
}

// wildcardFuncs take a wildcard argument.
var wildcardFuncs = map[string]bool{"OBJECT_CONSTRUCT": true, "OBJECT_CONSTRUCT_KEEP_NULL": true,
	"OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED": true} // structured_construct.go

// wildcardCallArgs parses the wildcard forms (* ILIKE ..., * EXCLUDE ...,
// t.*) of a call's arguments. done reports that it consumed them (up to the
// closing parenthesis).
func (p *parser) wildcardCallArgs(c *call) (done bool, err error) {
	if !wildcardFuncs[c.name] || !p.startsWildcard() {
		return false, nil
	}
	w, err := p.wildcardSpec()
	if err != nil {
		return true, err
	}
	if !p.isOp(")") {
		return true, p.unexpected(p.peek())
	}
	c.star, c.wild = true, w
	return true, nil
}

// startsWildcard reports whether the tokens at p.i are `*` or `name.*`
// followed by the end of the argument or a modifier.
func (p *parser) startsWildcard() bool {
	k := 0
	for {
		t := p.peekN(k)
		if t.IsOp("*") {
			n := p.peekN(k + 1)
			return n.IsOp(")") || n.IsOp("}") || n.IsWord("ILIKE") || n.IsWord("EXCLUDE")
		}
		if (t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent) || !p.peekN(k+1).IsOp(".") {
			return false
		}
		k += 2
	}
}

// wildcardSpec parses [qualifier.]* [ILIKE 'pattern' | EXCLUDE names].
func (p *parser) wildcardSpec() (*wildcard, error) {
	w := &wildcard{at: p.peek()}
	var parts []tok
	for !p.isOp("*") {
		parts = append(parts, p.next())
		p.next() // .
	}
	p.next() // *
	if len(parts) > 1 {
		return nil, p.unsupported(w.at, "OBJECT_CONSTRUCT(*) with a database- or schema-qualified wildcard")
	}
	if len(parts) == 1 {
		w.qual = identKey(parts[0])
	}
	switch t := p.peek(); {
	case t.IsWord("ILIKE"):
		p.next()
		pat := p.next()
		if pat.Kind != sqllex.String {
			return nil, p.unexpected(pat)
		}
		re, ok := ilikeRegexp(snowflakeString(pat.Text))
		if !ok {
			return nil, p.unsupported(t, "OBJECT_CONSTRUCT(* ILIKE ...) with a backslash in the pattern")
		}
		w.ilike = re
	case t.IsWord("EXCLUDE"):
		p.next()
		w.exclude, w.exclTok = map[string]bool{}, map[string]tok{}
		paren := p.acceptOp("(")
		for {
			n := p.next()
			if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
				return nil, p.unexpected(n)
			}
			name := snowflakeName(n)
			w.exclude[name], w.exclTok[name] = true, n
			if !paren || !p.acceptOp(",") {
				break
			}
		}
		if paren {
			if err := p.expectOp(")"); err != nil {
				return nil, err
			}
		}
	}
	return w, nil
}

// snowflakeName is the stored name of an identifier: unquoted upper-cased,
// quoted exact.
func snowflakeName(t tok) string {
	if t.Kind == sqllex.QuotedIdent {
		return unquoteIdent(t.Text)
	}
	return strings.ToUpper(t.Text)
}

// ilikeRegexp turns an ILIKE pattern into a regular expression; ok is false
// for a pattern with a backslash (whose escaping is not modelled).
func ilikeRegexp(pat string) (*regexp.Regexp, bool) {
	if strings.Contains(pat, `\`) {
		return nil, false
	}
	return ILikePattern(pat), true
}

// ILikePattern is the case-insensitive regular expression of a LIKE pattern
// (% any run, _ one character, everything else literal), as ILIKE and
// SHOW … LIKE match names.
func ILikePattern(pat string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?is)^`)
	for _, r := range pat {
		switch r {
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

// countWildcardArgs parses COUNT(* ILIKE 'pattern') and COUNT(* EXCLUDE
// names) into the columns the wildcard selects: like COUNT(alias.*), it
// counts the rows none of whose selected columns is NULL (docs: count,
// COUNT(* ILIKE 'i_c%') and COUNT(* EXCLUDE i_col)), which is COUNT of
// those columns written out.
func (p *parser) countWildcardArgs(c *call) error {
	w, err := p.wildcardSpec()
	if err != nil {
		return err
	}
	if !p.isOp(")") {
		return p.unexpected(p.peek())
	}
	what := "COUNT(*) with ILIKE or EXCLUDE"
	cols, err := p.wildcardColumns(w, what)
	if err != nil {
		return err
	}
	if len(cols) == 0 {
		return p.unsupported(w.at, what+" selecting no column")
	}
	refs := make([]string, len(cols))
	for i, col := range cols {
		refs[i] = col.ref
	}
	if eof, err := p.parseCallArgs(c, strings.Join(refs, ", ")); err != nil || !eof {
		if err == nil {
			err = p.unsupported(w.at, what+" over these columns")
		}
		return err
	}
	return nil
}

// parseCallArgs parses src, SQL the rewriter wrote out, as c's arguments
// in the current scope; eof reports that it read src to its end.
func (p *parser) parseCallArgs(c *call, src string) (eof bool, err error) {
	sub, err := newParser(src, p.opts)
	if err != nil {
		return false, err
	}
	sub.scope, sub.ctes, sub.nalias = p.scope, p.ctes, p.nalias
	if err := sub.callArgs(c); err != nil {
		return false, err
	}
	p.nalias = sub.nalias
	return sub.eof(), nil
}

// expandWildcard replaces c's wildcard with the key/value arguments of the
// columns it stands for.
func (p *parser) expandWildcard(c *call) error {
	w := c.wild
	if w == nil {
		w = &wildcard{at: c.t}
	}
	refuse := func(why string) error {
		return p.unsupported(w.at, "OBJECT_CONSTRUCT(*) "+why)
	}
	cols, err := p.wildcardColumns(w, "OBJECT_CONSTRUCT(*)")
	if err != nil {
		return err
	}
	var src []string
	for _, col := range cols {
		src = append(src, sqlString(col.name)+", "+col.ref)
	}
	c.args, c.star, c.wild = nil, false, nil
	if len(src) == 0 {
		return nil
	}
	if eof, err := p.parseCallArgs(c, strings.Join(src, ", ")); err != nil || !eof {
		if err == nil {
			err = refuse("over these columns")
		}
		return err
	}
	return p.tzPassThrough(c) // as for the pairs written out (funcs_time.go)
}

// wildcardColumns are the columns w selects, in order: the FROM clause's
// (scopeColumns) that ILIKE matches or EXCLUDE keeps. what names the
// construct in a refusal.
func (p *parser) wildcardColumns(w *wildcard, what string) ([]scopeColumn, error) {
	cols, why := p.scopeColumns(w.qual)
	if why != "" {
		return nil, p.unsupported(w.at, what+" "+why)
	}
	for name, t := range w.exclTok {
		found := false
		for _, col := range cols {
			found = found || col.name == name
		}
		if !found {
			return nil, &Error{Code: CodeInvalidIdent, Line: t.Line, Col: t.Col,
				Message: fmt.Sprintf("SQL compilation error:\nerror line %d at position %d\ninvalid identifier '%s'", t.Line, t.Col-1, name)}
		}
	}
	var out []scopeColumn
	for _, col := range cols {
		if w.exclude[col.name] || (w.ilike != nil && !w.ilike.MatchString(col.name)) {
			continue
		}
		out = append(out, col)
	}
	return out, nil
}

// scopeColumn is a column of the current query block's FROM clause.
type scopeColumn struct {
	name string // stored name
	ref  string // DuckDB reference: "NAME", or "REL"."NAME" beside other relations
	raw  string // DuckDB type, "" when not known
}

// scopeColumns are the columns a wildcard (qualified by qual, an identKey,
// or "" for all) stands for, in order; why says what stops the rewriter
// knowing them without doubt ("" when it knows them).
func (p *parser) scopeColumns(qual string) (cols []scopeColumn, why string) {
	sc := p.scope
	if sc == nil || sc.unknown || len(sc.rels) == 0 {
		return nil, "over this FROM clause"
	}
	if sc.aliases == nil { // UPDATE/DELETE/MERGE scopes: not documented
		return nil, "outside a query"
	}
	seen := map[string]bool{}
	matched := false
	for _, r := range sc.rels {
		if qual != "" && r.name != qual {
			continue
		}
		matched = true
		if p.searchTyping {
			if derived, ok := p.searchDerivedColumns(r, len(sc.rels) > 1); ok { // funcs_search_derived.go
				for _, c := range derived {
					if seen[strings.ToUpper(c.name)] {
						return nil, "over two columns named " + c.name
					}
					seen[strings.ToUpper(c.name)] = true
				}
				cols = append(cols, derived...)
				continue
			}
		}
		names, err := p.relColumns(r)
		if err != nil {
			return nil, err.Error()
		}
		r.load(p)
		for _, n := range names {
			if seen[strings.ToUpper(n)] {
				return nil, "over two columns named " + n
			}
			seen[strings.ToUpper(n)] = true
			ref := quoteIdent(n)
			if len(sc.rels) > 1 {
				ref = quoteIdent(r.name) + "." + ref
			}
			cols = append(cols, scopeColumn{n, ref, r.raw[strings.ToUpper(n)]})
		}
	}
	if !matched {
		return nil, "qualified by a name the FROM clause does not define"
	}
	return cols, ""
}

// relColumns are the column names of a FROM item, in order.
func (p *parser) relColumns(r *scopeRel) ([]string, error) {
	switch {
	case r.values > 0:
		return strings.Split(valuesColumns(r.values), ", "), nil
	case r.fixed != nil:
		return nil, errText("over FLATTEN")
	case r.opaque || r.table == "" || p.opts.ColumnTypes == nil:
		return nil, errText("over a derived table, CTE or table function")
	}
	names, _, err := p.opts.ColumnTypes(r.table, nil)
	if err != nil {
		return nil, errText("over a relation whose columns are unknown")
	}
	for _, n := range names {
		if strings.HasPrefix(strings.ToUpper(n), "METADATA$") || strings.HasPrefix(strings.ToLower(n), "_sf_") {
			return nil, errText("over a stream or a relation with engine columns")
		}
	}
	return names, nil
}

type errText string

func (e errText) Error() string { return string(e) }

// scanValues reads the VALUES list at index j (bare or parenthesised) as a
// FROM item of columns COLUMN1... and returns the index after it.
func (p *parser) scanValues(rel *scopeRel, j int) int {
	paren := p.toks[j].IsOp("(")
	if paren {
		j++
	}
	j++ // VALUES
	rel.valuesAt = j
	first := true
	for j < len(p.toks) && p.toks[j].IsOp("(") {
		depth, n := 0, 1
		for ; j < len(p.toks); j++ {
			t := p.toks[j]
			if t.IsOp("(") || t.IsOp("[") || t.IsOp("{") {
				depth++
			} else if t.IsOp(")") || t.IsOp("]") || t.IsOp("}") {
				depth--
				if depth == 0 {
					j++
					break
				}
			} else if depth == 1 && t.IsOp(",") {
				n++
			}
		}
		if first {
			rel.values, first = n, false
		}
		if j+1 < len(p.toks) && p.toks[j].IsOp(",") && p.toks[j+1].IsOp("(") {
			j++
			continue
		}
		break
	}
	if paren && j < len(p.toks) && p.toks[j].IsOp(")") {
		j++
	}
	rel.name = "_SF_VALUES"
	rel.fixed = strings.Split(valuesColumns(rel.values), ", ")
	return j
}

// objectConstantWildcard is the object constant {*} (after the brace at t):
// the docs give it as equivalent to OBJECT_CONSTRUCT(*).
func (p *parser) objectConstantWildcard(t tok) (expr, error) {
	w, err := p.wildcardSpec()
	if err != nil {
		return expr{}, err
	}
	if err := p.expectOp("}"); err != nil {
		return expr{}, err
	}
	return objectConstructText(false)(p, &call{name: "OBJECT_CONSTRUCT", t: t, star: true, wild: w})
}
