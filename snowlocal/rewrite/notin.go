package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// x NOT IN (list). The docs ([ NOT ] IN, usage notes): "NOT IN comparisons
// with NULL also return NULL if any value in the list is NULL" — `1 NOT IN
// (1, 2, NULL)` is NULL, where standard SQL (and DuckDB) answers FALSE. In
// subquery form NOT IN "is equivalent to <> ALL", standard SQL's, which
// DuckDB's NOT IN (subquery) is: a subquery is left alone, as is IN.
//
// The list is rewritten rather than the whole expression, so that x need
// not be delimited (`a + x NOT IN (…)`, `NOT (x NOT IN …)`, CASE WHEN, ON,
// HAVING…): where the list holds a NULL every element becomes NULL (of its
// own type, so that x still binds against it), and x NOT IN (NULL, …) is
// NULL whatever x is. A NULL literal decides that when the statement is
// rewritten; an element that is not a literal (a column, an expression) may
// be NULL per row, so each element is then NULL where any such element is.
// Lists of literals only, the common case, are unchanged.

// notInList rewrites the rendered list of x NOT IN list (first is its
// first token): as it is when it is a subquery or holds no element that
// can be NULL.
func (p *parser) notInList(first tok, list string) (string, error) {
	if !first.IsOp("(") {
		return list, nil
	}
	elems, ok := splitList(list)
	if !ok || len(elems) == 0 {
		return list, nil
	}
	if u := strings.ToUpper(strings.TrimLeft(elems[0], " (")); strings.HasPrefix(u, "SELECT") || strings.HasPrefix(u, "WITH") {
		return list, nil
	}
	var nullable []string
	always := false
	for _, e := range elems {
		switch kind := literalKind(e); kind {
		case "null":
			always = true
		case "row":
			// (a, b) NOT IN ((1, NULL), …): the docs do not say whether a
			// row holding a NULL counts as "a value in the list" that is NULL.
			if strings.Contains(strings.ToUpper(e), "NULL") || !rowOfLiterals(e) {
				return "", p.unsupported(first, "NOT IN of row constructors that may hold a NULL")
			}
		case "":
			nullable = append(nullable, "("+e+") IS NULL")
		}
	}
	cond := strings.Join(nullable, " OR ")
	if always {
		cond = "TRUE"
	}
	if cond == "" {
		return list, nil
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		out[i] = "CASE WHEN " + cond + " THEN NULL ELSE " + e + " END"
	}
	return "(" + strings.Join(out, ", ") + ")", nil
}

// splitList splits a rendered parenthesized list "(a, b, …)" into its
// elements; ok is false if list is not one.
func splitList(list string) ([]string, bool) {
	toks, err := sqllex.Tokenize(list)
	if err != nil {
		return nil, false
	}
	var elems []string
	depth, start := 0, -1
	closed := false
	for _, t := range toks {
		if !t.Significant() {
			continue
		}
		if closed {
			return nil, false // something after the list's ')'
		}
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
			if depth == 1 {
				start = t.Pos + 1
			}
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
			if depth == 0 {
				elems = append(elems, strings.TrimSpace(list[start:t.Pos]))
				closed = true
			}
		case depth == 1 && t.IsOp(","):
			elems = append(elems, strings.TrimSpace(list[start:t.Pos]))
			start = t.Pos + 1
		}
	}
	return elems, closed
}

// literalKind classifies a rendered list element: "null" for NULL, "lit"
// for a literal that cannot be NULL (a number, a string, TRUE/FALSE, a
// signed number), "row" for a parenthesized row (a, b), "" for anything
// else.
func literalKind(e string) string {
	sig, err := sqllex.TokenizeSignificant(e)
	if err != nil {
		return ""
	}
	switch {
	case len(sig) == 1 && sig[0].IsWord("NULL"):
		return "null"
	case len(sig) == 1 && (sig[0].Kind == sqllex.Number || sig[0].Kind == sqllex.String || sig[0].IsWord("TRUE") || sig[0].IsWord("FALSE")):
		return "lit"
	case len(sig) == 2 && (sig[0].IsOp("-") || sig[0].IsOp("+")) && sig[1].Kind == sqllex.Number:
		return "lit"
	case len(sig) > 2 && sig[0].IsOp("(") && sig[len(sig)-1].IsOp(")"):
		if elems, ok := splitList(e); ok && len(elems) > 1 {
			return "row"
		}
	}
	return ""
}

// rowOfLiterals reports whether the rendered row "(a, b, …)" holds only
// literals that cannot be NULL.
func rowOfLiterals(row string) bool {
	elems, ok := splitList(row)
	if !ok {
		return false
	}
	for _, e := range elems {
		if literalKind(e) != "lit" {
			return false
		}
	}
	return true
}
