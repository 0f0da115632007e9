package rewrite

import (
	"fmt"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// FLATTEN's SEQ is "a unique sequence number associated with the input
// record; the sequence is not guaranteed to be gap-free or ordered" (docs:
// flatten). A constant input is one record (SEQ 1). For an input correlated
// with the one table before it in FROM (`FROM t, LATERAL FLATTEN(t.c)`),
// the table's row id numbers its records. Any other correlated input (a
// join, a view, a derived table, another FLATTEN before it) has no record
// number the engine can give: reading SEQ there fails with 002040, while
// the other columns stay usable (DuckDB never evaluates an unused column).

// seqUnsupported is the message of a SEQ that cannot be numbered; the
// engine reports it as 002040 (result.go).
const seqUnsupported = "Unsupported feature: FLATTEN SEQ of an input that is not one table's rows, in the local engine."

// flattenSeqColumn renders FLATTEN's SEQ column for call c.
func (p *parser) flattenSeqColumn(c *call) string {
	if s := flattenSeq(c); s != "CAST(NULL AS BIGINT)" {
		return s // a constant input: one record
	}
	if ref, ok := p.flattenSourceTable(c.t); ok {
		return "(" + ref + ".rowid + 1)"
	}
	return fmt.Sprintf("CAST(error(%s) AS BIGINT)", sqlString(seqUnsupported))
}

// flattenSourceTable finds the FROM item before the FLATTEN call whose name
// token is at: when it is the only one and a base table with row ids, ref is
// how the FLATTEN's subquery refers to it.
func (p *parser) flattenSourceTable(at tok) (ref string, ok bool) {
	k := -1
	for i, t := range p.toks {
		if t.Line == at.Line && t.Col == at.Col {
			k = i
			break
		}
	}
	j := k - 1
	if j >= 1 && p.toks[j].IsOp("(") && p.toks[j-1].IsWord("TABLE") {
		j -= 2
	}
	if j >= 0 && p.toks[j].IsWord("LATERAL") {
		j--
	}
	switch {
	case j < 0:
		return "", false
	case p.toks[j].IsOp(","):
		j--
	case p.toks[j].IsWord("JOIN"):
		j--
		for j >= 0 && (p.toks[j].IsWord("CROSS") || p.toks[j].IsWord("INNER") || p.toks[j].IsWord("LEFT") || p.toks[j].IsWord("OUTER")) {
			j--
		}
	default:
		return "", false
	}
	// name(.name)* [[AS] alias], preceded by FROM.
	isName := func(t tok) bool {
		return t.Kind == sqllex.QuotedIdent || (t.Kind == sqllex.Word && !keywords[identKey(t)])
	}
	end := j
	var alias *tok
	if j >= 2 && isName(p.toks[j]) && p.toks[j-1].IsWord("AS") {
		alias = &p.toks[j]
		j -= 2
	} else if j >= 1 && isName(p.toks[j]) && isName(p.toks[j-1]) {
		alias = &p.toks[j]
		j--
	}
	_ = end
	last := j
	for j >= 2 && p.toks[j-1].IsOp(".") && isName(p.toks[j-2]) {
		j -= 2
	}
	if j < 1 || !isName(p.toks[last]) || !p.toks[j-1].IsWord("FROM") {
		return "", false
	}
	var parts []tok
	for i := j; i <= last; i += 2 {
		parts = append(parts, p.toks[i])
	}
	if len(parts) == 1 && p.cteNames()[identKey(parts[0])] {
		return "", false
	}
	if p.opts.ColumnTypes == nil {
		return "", false
	}
	if _, _, err := p.opts.ColumnTypes(renderName(parts), []string{"rowid"}); err != nil {
		return "", false // a view or an object without row ids
	}
	if alias != nil {
		return identSQL(*alias), true
	}
	return renderName(parts), true
}
