package detections

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// LexicalColumns returns the names of the columns a query returns, read from
// its outermost SELECT list without an engine: "expr AS alias" and
// "expr alias" give the alias, "t.col" and "col" give the column, any other
// expression gives its text upper-cased (as Snowflake names it). ok is false
// when the list cannot be known lexically (SELECT *, t.*, EXCLUDE ...).
//
// The first branch of a UNION names the columns, as in Snowflake.
func LexicalColumns(query string) (cols []string, ok bool) {
	toks, err := sqllex.Tokenize(query)
	if err != nil {
		return nil, false
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	i := skipWith(sig, 0)
	// A parenthesised first branch: (select ...) union all (select ...).
	depth := 0
	for i < len(sig) && sig[i].IsOp("(") {
		depth++
		i++
		i = skipWith(sig, i)
	}
	if i >= len(sig) || !sig[i].IsWord("SELECT") {
		return nil, false
	}
	i++
	for i < len(sig) && (sig[i].IsWord("DISTINCT") || sig[i].IsWord("ALL")) {
		i++
	}
	if i+1 < len(sig) && sig[i].IsWord("TOP") {
		i += 2
	}
	var item []sqllex.Token
	level := 0
	flush := func() bool {
		name, ok := itemName(item)
		if !ok {
			return false
		}
		cols = append(cols, name)
		item = item[:0]
		return true
	}
	for ; i < len(sig); i++ {
		t := sig[i]
		if level == 0 {
			if t.IsOp(",") {
				if !flush() {
					return nil, false
				}
				continue
			}
			if t.IsOp(")") || endsSelectList(sig, i) {
				break
			}
		}
		switch {
		case t.IsOp("(") || t.IsOp("["):
			level++
		case t.IsOp(")") || t.IsOp("]"):
			level--
		}
		item = append(item, t)
	}
	if len(item) > 0 && !flush() {
		return nil, false
	}
	return cols, len(cols) > 0
}

// skipWith skips a WITH clause's common table expressions starting at i.
func skipWith(sig []sqllex.Token, i int) int {
	if i >= len(sig) || !sig[i].IsWord("WITH") {
		return i
	}
	i++
	if i < len(sig) && sig[i].IsWord("RECURSIVE") {
		i++
	}
	for i < len(sig) {
		// name [(cols)] AS ( ... )
		for i < len(sig) && !sig[i].IsWord("AS") {
			if sig[i].IsOp("(") {
				i = skipParens(sig, i)
				continue
			}
			i++
		}
		i++ // AS
		if i < len(sig) && sig[i].IsOp("(") {
			i = skipParens(sig, i)
		}
		if i < len(sig) && sig[i].IsOp(",") {
			i++
			continue
		}
		return i
	}
	return i
}

// skipParens returns the index after the parenthesis group opening at i.
func skipParens(sig []sqllex.Token, i int) int {
	depth := 0
	for ; i < len(sig); i++ {
		switch {
		case sig[i].IsOp("("):
			depth++
		case sig[i].IsOp(")"):
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return i
}

var selectListEnd = map[string]bool{
	"FROM": true, "WHERE": true, "GROUP": true, "HAVING": true, "QUALIFY": true, "ORDER": true,
	"LIMIT": true, "UNION": true, "INTERSECT": true, "EXCEPT": true, "MINUS": true, "INTO": true,
	"FETCH": true, "OFFSET": true, "WINDOW": true,
}

func endsSelectList(sig []sqllex.Token, i int) bool {
	t := sig[i]
	if t.Kind != sqllex.Word || !selectListEnd[strings.ToUpper(t.Text)] {
		return false
	}
	// WITHIN GROUP (ORDER BY ...) is part of an aggregate, not GROUP BY.
	if t.IsWord("GROUP") || t.IsWord("ORDER") {
		return i+1 < len(sig) && sig[i+1].IsWord("BY")
	}
	return true
}

// notAlias are words that end an expression without being its alias.
var notAlias = map[string]bool{
	"END": true, "NULL": true, "TRUE": true, "FALSE": true, "AND": true, "OR": true, "NOT": true,
	"IS": true, "IN": true, "THEN": true, "ELSE": true, "DESC": true, "ASC": true,
}

func itemName(item []sqllex.Token) (string, bool) {
	n := len(item)
	if n == 0 {
		return "", false
	}
	last := item[n-1]
	if last.IsOp("*") || (n >= 2 && item[n-2].IsWord("EXCLUDE")) || hasWord(item, "EXCLUDE") || hasWord(item, "ILIKE") && item[n-1].Kind == sqllex.String {
		return "", false
	}
	isIdent := last.Kind == sqllex.QuotedIdent || (last.Kind == sqllex.Word && !notAlias[strings.ToUpper(last.Text)])
	if n >= 2 && item[n-2].IsWord("AS") && isIdent {
		return normalizeIdent(last.Text), true
	}
	if n == 1 && isIdent {
		return normalizeIdent(last.Text), true
	}
	if isIdent && n >= 2 {
		prev := item[n-2]
		switch {
		case prev.IsOp("."):
			// t.col: the column's own name, unless the item continues a path.
			if n == 3 || (n > 3 && item[n-4].IsOp(".")) {
				return normalizeIdent(last.Text), true
			}
		case prev.Kind == sqllex.Op && prev.Text != ")" && prev.Text != "]":
			// an operator before the word: part of the expression (x::string, a + b)
		default:
			// expr alias
			return normalizeIdent(last.Text), true
		}
	}
	// Snowflake names an unaliased expression by its text, upper-cased
	// outside quotes, without whitespace.
	var b strings.Builder
	for _, t := range item {
		if t.Kind == sqllex.QuotedIdent || t.Kind == sqllex.String {
			b.WriteString(t.Text)
		} else {
			b.WriteString(strings.ToUpper(t.Text))
		}
	}
	return b.String(), true
}

func hasWord(item []sqllex.Token, w string) bool {
	for _, t := range item {
		if t.IsWord(w) {
			return true
		}
	}
	return false
}
