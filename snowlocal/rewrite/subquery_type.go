package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake's error for a correlated scalar subquery it cannot evaluate.
// "If a correlated subquery violates the Snowflake rules for correlated
// subqueries, then the user gets the error message Unsupported subquery
// type" (docs: udf-sql-troubleshooting, whose first example is a scalar
// subquery SELECT city FROM stores WHERE stores.store_ID =
// employee_sales.store_ID in a select list). The full message and its
// position, "SQL compilation error:\nUnsupported subquery type cannot be
// evaluated at line 1, position 12" for SELECT id, (SELECT ... (the
// 0-based column of the subquery's SELECT), are live-verified by the
// independent reference mlorek/frostlake (engine/src/test/java/dev/
// frostlake/query/AliasedRelationOuterReferenceTest.java), whose
// executor/CorrelatedSubqueryRule.java measures when it is raised: a
// scalar subquery that is not an aggregate and has a FROM is always
// refused, one with GROUP BY too, except that live prunes a subquery over
// an empty table and evaluates one row by row over an outer relation of at
// most one row, where nothing is refused. The code and state, 002031
// (42601), are those public logs of live sessions print with that message
// (find_string "002031 (42601)": "SQL compilation error:\nUnsupported
// subquery type cannot be evaluated at line 5, position 126", the
// position again the subquery's SELECT).
//
// The rewriter answers that error only in the form it can judge alone: a
// scalar subquery in the select list of the statement's own SELECT, whose
// FROM lists base tables by name, reading the outer row through a column
// qualified by an outer table's name or alias, the subquery one SELECT
// over base tables by name with one select item. Its row counts, and that
// the statement binds (an unknown name is Snowflake's first error), are
// for the engine to check (Options.UnsupportedSubquery); every other form
// keeps the refusal (002040).

// CodeUnsupportedSubquery is Snowflake's error code for a subquery it
// cannot evaluate.
const CodeUnsupportedSubquery = "002031"

// UnsupportedSubquery is a correlated scalar subquery Snowflake refuses
// where its tables hold rows (see Options.UnsupportedSubquery).
type UnsupportedSubquery struct {
	// Err is Snowflake's error; Refusal the engine's 002040 where the
	// tables' rows do not settle it.
	Err, Refusal *Error
	// Inner are the base tables of the subquery's FROM, Outer those of the
	// statement's, each as name parts (unquoted ones upper-cased).
	Inner, Outer [][]string
}

// unsupportedSubquery reports whether the correlated scalar subquery whose
// SELECT is token sel and whose ")" is token end is in the form the engine
// judges (see above), handing it to Options.UnsupportedSubquery with
// refusal: it is then rendered as any subquery, and the engine fails the
// statement either way.
func (p *parser) unsupportedSubquery(sel, end int, refusal *Error) bool {
	if p.opts.UnsupportedSubquery == nil || len(p.toks) == 0 || !p.toks[0].IsWord("SELECT") || sel < 2 {
		return false
	}
	// The bracket is in the statement's own select list.
	from := p.atLevel(1, len(p.toks), func(k int) bool { return p.toks[k].IsWord("FROM") })
	if from < 0 || sel-1 > from {
		return false
	}
	if depth := p.depthAt(sel - 1); depth != 0 {
		return false
	}
	if p.atLevel(0, len(p.toks), func(k int) bool { return isSetOpWord(p.toks[k]) }) >= 0 {
		return false
	}
	outer, outerNames, ok := p.plainTables(from+1, len(p.toks))
	if !ok {
		return false
	}
	// The subquery: one SELECT, one item, a FROM of base tables.
	for k := sel + 1; k < end; k++ {
		t := p.toks[k]
		if t.IsWord("SELECT") || isSetOpWord(t) || t.IsOp(":") || t.IsOp("[") || t.IsOp("*") && !p.toks[k-1].IsOp("(") {
			return false
		}
	}
	innerFrom := p.atLevel(sel+1, end, func(k int) bool { return p.toks[k].IsWord("FROM") })
	if innerFrom < 0 || innerFrom == sel+1 || p.atLevel(sel+1, innerFrom, func(k int) bool { return p.toks[k].IsOp(",") }) >= 0 {
		return false
	}
	inner, innerNames, ok := p.plainTables(innerFrom+1, end)
	if !ok {
		return false
	}
	// Every qualified column names a relation of the subquery or of the
	// statement, and one names the statement's.
	readsOuter := false
	fromEnd := p.clauseEnd(innerFrom+1, end)
	for k := sel + 1; k+2 < end; k++ {
		if k > innerFrom && k < fromEnd {
			continue
		}
		t := p.toks[k]
		if !isName(t) || !p.toks[k+1].IsOp(".") || p.toks[k-1].IsOp(".") {
			continue
		}
		if k+3 < end && p.toks[k+3].IsOp(".") {
			return false // schema.table.column
		}
		q := exactKey(t)
		switch {
		case innerNames[q]:
		case outerNames[q]:
			readsOuter = true
		default:
			return false
		}
	}
	if !readsOuter {
		return false
	}
	at := p.toks[sel]
	p.opts.UnsupportedSubquery(UnsupportedSubquery{
		Err: &Error{Code: CodeUnsupportedSubquery, Line: at.Line, Col: at.Col,
			Message: fmt.Sprintf("SQL compilation error:\nUnsupported subquery type cannot be evaluated at line %d, position %d", at.Line, at.Col-1)},
		Refusal: refusal, Inner: inner, Outer: outer})
	return true
}

// depthAt is the bracket depth of token i in the statement.
func (p *parser) depthAt(i int) int {
	depth := 0
	for k := 0; k < i; k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		}
	}
	return depth
}

// clauseEnd is the index of the first token in [from, to) at their level
// that ends a FROM clause, or to.
func (p *parser) clauseEnd(from, to int) int {
	k := p.atLevel(from, to, func(k int) bool {
		switch strings.ToUpper(p.toks[k].Text) {
		case "WHERE", "GROUP", "HAVING", "QUALIFY", "ORDER", "LIMIT", "FETCH", "OFFSET", "WINDOW":
			return p.toks[k].Kind == sqllex.Word
		}
		return p.toks[k].IsOp(";")
	})
	if k < 0 {
		return to
	}
	return k
}

// plainTables reads the FROM clause starting at token from (ending at its
// level's next clause or to) when it lists tables by name, each with an
// optional alias, separated by commas: their name parts, and the names
// their columns are qualified by (the alias, else the table's own name).
func (p *parser) plainTables(from, to int) (tables [][]string, qualifiers map[string]bool, ok bool) {
	end := p.clauseEnd(from, to)
	qualifiers = map[string]bool{}
	k := from
	for k < end {
		var parts []tok
		for {
			if k >= end || !isName(p.toks[k]) {
				return nil, nil, false
			}
			parts = append(parts, p.toks[k])
			k++
			if k < end && p.toks[k].IsOp(".") && len(parts) < 3 {
				k++
				continue
			}
			break
		}
		qualifier := exactKey(parts[len(parts)-1])
		if k < end && p.toks[k].IsWord("AS") {
			k++
			if k >= end || !isName(p.toks[k]) {
				return nil, nil, false
			}
		}
		if k < end && isName(p.toks[k]) {
			qualifier = exactKey(p.toks[k])
			k++
		}
		tables = append(tables, nameStrings(parts))
		qualifiers[qualifier] = true
		if k == end {
			break
		}
		if !p.toks[k].IsOp(",") {
			return nil, nil, false
		}
		k++
	}
	return tables, qualifiers, len(tables) > 0 && k == end
}

// isName reports whether t is an identifier that is no keyword.
func isName(t tok) bool {
	return t.Kind == sqllex.QuotedIdent || t.Kind == sqllex.Word && !keywords[strings.ToUpper(t.Text)]
}

// exactKey is an identifier as Snowflake resolves it: unquoted ones
// upper-cased, quoted ones exact.
func exactKey(t tok) string {
	if t.Kind == sqllex.QuotedIdent {
		return unquoteIdent(t.Text)
	}
	return strings.ToUpper(t.Text)
}
