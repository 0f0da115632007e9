package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A simple CASE whose operand or a WHEN value is collated (docs: case,
// "Collation details" and its examples CASE COLLATE('m', 'upper') WHEN 'M'
// and CASE 'm' WHEN COLLATE('M', 'lower')): each WHEN compares the operand
// with its value as the = of a comparison does, under the collation
// precedence picks for the two (collate.go), so the CASE is rewritten to
// its searched form, CASE WHEN x = v1 THEN ... , with each comparison
// collated. The operand is repeated in every WHEN, so it must be a
// constant or a column, collated or not: a function call in it (RANDOM(),
// which Snowflake evaluates once) is refused.

// collatedCaseOperand parses, just after CASE, the operand of a simple
// CASE that a collation takes part in. It returns nil, with nothing
// consumed, for a searched CASE or one without a collation in its operand
// or WHEN values: the usual parse takes it.
func (p *parser) collatedCaseOperand() (*collOperand, error) {
	if !p.hasCollate || p.isWord("WHEN") || !p.collatedCaseAhead() {
		return nil, nil
	}
	start := p.i
	a, ok, err := p.collOperand()
	if err != nil {
		return nil, err
	}
	if !ok || !p.isWord("WHEN") {
		p.i = start
		return nil, nil // the usual parse refuses the COLLATE
	}
	if t, ok := p.caseOperandCall(start, p.i); ok {
		return nil, p.unsupported(t, "a simple CASE with a collation whose operand calls a function")
	}
	return &a, nil
}

// collatedCaseWhen parses, after a WHEN of such a CASE, the value compared
// with the operand a, and returns the collated comparison.
func (p *parser) collatedCaseWhen(a collOperand) (casePart, error) {
	start := p.i
	b, ok, err := p.collOperand()
	if err != nil {
		return casePart{}, err
	}
	if !ok || !p.isWord("THEN") {
		return casePart{}, p.unsupported(p.toks[start], "a simple CASE with a collation whose WHEN value is not a comparison operand")
	}
	cond, err := collCompare(a, "=", b)
	if err != nil {
		return casePart{}, p.unsupported(p.toks[start], err.Error())
	}
	return casePart{sql: cond, e: expr{sql: cond}, toks: p.toks[start:p.i]}, nil
}

// collatedCaseAhead reports a COLLATE (or a column declared with a
// collation) in the operand or a WHEN value of the CASE whose operand
// starts at p.i: not in its results, nor in a nested CASE or bracket.
func (p *parser) collatedCaseAhead() bool {
	depth, compared := 0, true
	for i := p.i; i < len(p.toks); i++ {
		t := p.toks[i]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsWord("CASE"):
			depth++
		case t.IsOp(")") || t.IsOp("]"):
			if depth--; depth < 0 {
				return false
			}
		case t.IsWord("END"):
			if depth == 0 {
				return false
			}
			depth--
		case depth > 0:
		case t.IsWord("WHEN"):
			compared = true
		case t.IsWord("THEN") || t.IsWord("ELSE"):
			compared = false
		case compared && (t.IsWord("COLLATE") || p.collatedName(t)):
			return true
		}
	}
	return false
}

// caseOperandCall reports a function call among tokens [a, b) other than
// COLLATE's own: a word followed by an opening bracket.
func (p *parser) caseOperandCall(a, b int) (tok, bool) {
	for i := a; i+1 < b; i++ {
		t := p.toks[i]
		if t.Kind == sqllex.Word && p.toks[i+1].IsOp("(") && !strings.EqualFold(t.Text, "COLLATE") {
			return t, true
		}
	}
	return tok{}, false
}
