package rewrite

import "strings"

// Time travel: a base table read AT or BEFORE a point
// (https://docs.snowflake.com/en/sql-reference/constructs/at-before). The
// local engine keeps no history, but one answer needs none: a point before
// the table was created, where Snowflake fails with 000707 ("Time travel
// data is not available for table TT1. The requested time is either beyond
// the allowed time travel period or before the object creation time.", the
// page's own example). Options.TimeTravel decides that from the point; any
// other point, and the STATEMENT and STREAM forms, are refused.

// timeTravel reads AT | BEFORE ( TIMESTAMP => expr | OFFSET => expr | … )
// after the base table parts and returns the engine's error for it.
func (p *parser) timeTravel(parts []tok) error {
	kw := p.next() // AT or BEFORE
	clause := strings.ToUpper(kw.Text)
	refuse := func() error { return p.unsupported(kw, clause+" (time travel / change queries)") }
	p.next() // (
	kind := p.peek()
	if !(kind.IsWord("TIMESTAMP") || kind.IsWord("OFFSET")) || !p.peekN(1).IsOp("=>") || p.opts.TimeTravel == nil ||
		p.inViewDefinition() { // a view would keep the answer of its creation (pivot_dynamic.go)
		return refuse()
	}
	p.i += 2
	point, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(")") })
	if err != nil {
		return err
	}
	if !p.isOp(")") {
		return p.unexpected(p.peek())
	}
	p.next()
	if err := p.opts.TimeTravel(nameStrings(parts), clause, strings.ToUpper(kind.Text), point); err != nil {
		return err
	}
	return refuse()
}
