package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A path compared for equality with a column (events.rv = value:rv). The
// rewriter reads such a column as a VARCHAR, whose comparison with a
// VARIANT is by the VARIANT's string value (columnCtx). When the column is
// a VARIANT itself (a column of a table created with a ::VARIANT item),
// Snowflake compares the two values as VARIANTs, by value: the string
// value of "8070.52,..." cast back to JSON failed to parse (docs: Tutorial:
// JSON basics for Snowflake, whose events.rv = value:rv keeps the inserted
// row out of the table), and 1.0 = 1 is TRUE ("PARSE_JSON('1') =
// PARSE_JSON('1.0') ... are TRUE", mlorek/frostlake docs/functions.md, "How
// VARIANT values order and compare"). Only DuckDB sees the column's type,
// so the path is written for both, the choice folded as DuckDB binds the
// statement (as veqkAny does): against a JSON column, the column's own
// value where the two are equal VARIANTs (so that = and != answer by
// value), else the path's JSON value; against any other column, the path's
// string value as before.

// comparedColumn is the SQL of the plain column (a dotted name, no call,
// path or cast) that the path starting at token start is compared with by
// =, != or <> (on either side), if it is one.
func (p *parser) comparedColumn(start int) (string, bool) {
	n := p.peek()
	if n.Kind == sqllex.Op && equalityOps[n.Text] {
		return p.columnAt(p.i+1, 1)
	}
	if start >= 2 {
		if prev := p.toks[start-1]; prev.Kind == sqllex.Op && equalityOps[prev.Text] {
			return p.columnAt(start-2, -1)
		}
	}
	return "", false
}

// columnAt is the SQL of the dotted name that starts (dir 1) or ends (dir
// -1) at token i and stands alone as an operand.
func (p *parser) columnAt(i, dir int) (string, bool) {
	isName := func(k int) bool {
		return k >= 0 && k < len(p.toks) && (p.toks[k].Kind == sqllex.Word || p.toks[k].Kind == sqllex.QuotedIdent)
	}
	if !isName(i) {
		return "", false
	}
	first, last := i, i
	if dir > 0 {
		for isName(last+2) && p.toks[last+1].IsOp(".") {
			last += 2
		}
	} else {
		for isName(first-2) && p.toks[first-1].IsOp(".") {
			first -= 2
		}
	}
	if first >= 1 {
		if b := p.toks[first-1]; b.IsOp("::") || b.IsOp(":") || b.IsOp(".") {
			return "", false
		}
	}
	if last+1 < len(p.toks) {
		if a := p.toks[last+1]; a.IsOp("(") || a.IsOp("::") || a.IsOp(":") || a.IsOp("[") || a.IsOp(".") {
			return "", false
		}
	}
	for k := first; k <= last; k += 2 {
		t := p.toks[k]
		u := strings.ToUpper(t.Text)
		if t.Kind == sqllex.Word && (keywords[u] || niladic[u]) {
			return "", false
		}
	}
	if u := strings.ToUpper(p.toks[last].Text); p.toks[last].Kind == sqllex.Word && (u == "VALUE" || u == "THIS") {
		return "", false // FLATTEN's columns: semi-structured, compared as such (columnCtx)
	}
	var names []string
	for k := first; k <= last; k += 2 {
		names = append(names, p.toks[k].Text)
	}
	return strings.Join(names, "."), true
}

// againstColumn renders the path e compared with column col (SQL).
func (e expr) againstColumn(col string) string {
	jx := e.render()
	return fmt.Sprintf("struct_extract({'j': CASE WHEN typeof(%[1]s) = 'JSON' THEN "+
		"CASE WHEN _SF_VEQK(to_json(%[1]s)) = _SF_VEQK(%[2]s) THEN to_json(%[1]s) ELSE %[2]s END END, "+
		"'s': CASE WHEN typeof(%[1]s) = 'JSON' THEN NULL ELSE %[3]s END}, "+
		"CASE WHEN typeof(%[1]s) = 'JSON' THEN 'j' ELSE 's' END)", col, jx, e.asString())
}
