package rewrite

// COUNT(DISTINCT x) of a collated operand counts the values that differ
// under the collation (the collation page's different_widths,
// different_whitespaces and different_scripts examples: COUNT(DISTINCT
// codepoint COLLATE 'en-ci') is 1 where 'upper' and 'lower' find 2, 5
// and 6). Two values are equal under a collation exactly when their keys
// (collKey: the converted text, or the ICU sort key of a locale) are, so
// the rewrite counts the distinct keys; a NULL has no key and is not
// counted, as COUNT counts no NULL. The count is one number, so no
// collation is carried further. Any other collated aggregate argument is
// refused by the usual parse.

// collatedCountDistinct answers, after COUNT's opening parenthesis,
// DISTINCT of one collated operand. ok is false, with nothing consumed,
// for anything else (COUNT(x COLLATE ...) without DISTINCT, several
// operands, a window).
func (p *parser) collatedCountDistinct(c *call) (expr, bool, error) {
	start := p.i
	restore := func() (expr, bool, error) { p.i = start; return expr{}, false, nil }
	if !p.accept("DISTINCT") {
		return restore()
	}
	a, ok, err := p.collOperand()
	if err != nil {
		return expr{}, false, err
	}
	if !ok || !(a.collated || a.column) || !p.isOp(")") {
		return restore()
	}
	p.next() // )
	if p.isWord("OVER") || p.isWord("WITHIN") || p.isOp("::") || p.isOp(".") || p.isOp("[") || p.isOp(":") {
		return restore()
	}
	key := "_sf_coll_text(" + a.sql + ")"
	if a.spec != nil {
		key = collKey(a.sql, a.spec)
	}
	return countTyped(p, expr{sql: "count(DISTINCT " + key + ")"}, countPrecision), true, nil
}
