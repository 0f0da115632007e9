package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The CHANGES clause (https://docs.snowflake.com/en/sql-reference/constructs/changes):
//
//	FROM t CHANGES ( INFORMATION => { DEFAULT | APPEND_ONLY } )
//	  AT ( { TIMESTAMP => <ts> | OFFSET => <diff> | STREAM => '<name>' } )
//	  [ END ( { TIMESTAMP => <ts> | OFFSET => <diff> } ) ]
//
// returns the table's changes between the two points, as a stream would
// show them. The engine answers it from the change tracking history it
// keeps for the table (Options.Changes); the STATEMENT => forms, BEFORE,
// and a view's definition (which would keep the answer of its creation)
// are refused.

// ChangesPoint is one end of a CHANGES interval: Kind is TIMESTAMP or
// OFFSET (Expr is DuckDB SQL) or STREAM (Expr is the stream's name as
// written in its string literal); Kind "" is an absent END.
type ChangesPoint struct {
	Kind, Expr string
}

// changesRelation parses CHANGES ( ... ) AT ( ... ) [ END ( ... ) ] after
// the base table parts and returns the relation with its alias.
func (p *parser) changesRelation(parts []tok) (string, error) {
	kw := p.next() // CHANGES
	refuse := func(what string) error { return p.unsupported(kw, "CHANGES"+what) }
	p.next() // (
	if !p.isWord("INFORMATION") || !p.peekN(1).IsOp("=>") {
		return "", refuse(" without INFORMATION =>")
	}
	p.i += 2
	info := strings.ToUpper(p.peek().Text)
	if !(p.isWord("DEFAULT") || p.isWord("APPEND_ONLY")) {
		return "", p.unexpected(p.peek())
	}
	p.next()
	if err := p.expectOp(")"); err != nil {
		return "", err
	}
	if p.opts.Changes == nil || p.inViewDefinition() {
		return "", refuse(" (change queries)")
	}
	point := func(clause string) (ChangesPoint, error) {
		at := p.next() // AT or END
		if !p.isOp("(") {
			return ChangesPoint{}, p.unexpected(p.peek())
		}
		p.next()
		kind := p.peek()
		if !p.peekN(1).IsOp("=>") {
			return ChangesPoint{}, p.unexpected(p.peekN(1))
		}
		k := strings.ToUpper(kind.Text)
		switch {
		case kind.IsWord("TIMESTAMP"), kind.IsWord("OFFSET"):
			p.i += 2
			expr, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(")") })
			if err != nil {
				return ChangesPoint{}, err
			}
			if err := p.expectOp(")"); err != nil {
				return ChangesPoint{}, err
			}
			return ChangesPoint{Kind: k, Expr: expr}, nil
		case kind.IsWord("STREAM") && clause == "AT" && p.peekN(2).Kind == sqllex.String && p.peekN(3).IsOp(")"):
			name := StringValue(p.peekN(2).Text)
			p.i += 4
			return ChangesPoint{Kind: k, Expr: name}, nil
		}
		return ChangesPoint{}, refuse(" " + strings.ToUpper(at.Text) + "(" + k + " => ...)")
	}
	if p.isWord("BEFORE") && p.peekN(1).IsOp("(") {
		return "", refuse(" BEFORE(...)")
	}
	if !(p.isWord("AT") && p.peekN(1).IsOp("(")) {
		// The AT | BEFORE clause is required (the page's usage notes).
		return "", refuse(" without AT(...)")
	}
	at, err := point("AT")
	if err != nil {
		return "", err
	}
	var end ChangesPoint
	if p.isWord("END") && p.peekN(1).IsOp("(") {
		if end, err = point("END"); err != nil {
			return "", err
		}
	}
	rel, refusal, err := p.opts.Changes(nameStrings(parts), info, at, end)
	if err != nil {
		return "", err
	}
	if refusal != "" {
		return "", refuse(" " + refusal)
	}
	alias, err := p.alias()
	if err != nil {
		return "", err
	}
	if alias == "" {
		alias = " AS " + identSQL(parts[len(parts)-1])
	}
	if err := p.relationModifiers(); err != nil {
		return "", err
	}
	if t := p.peek(); isSampleWord(t) || t.IsWord("PIVOT") || t.IsWord("UNPIVOT") {
		return "", p.unsupported(t, strings.ToUpper(t.Text)+" of CHANGES")
	}
	return rel + alias, nil
}
