package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Where Snowflake takes an ANY/ALL or a correlated EXISTS subquery
// (https://docs.snowflake.com/en/sql-reference/operators-subquery):
// "ANY/ALL subqueries are currently supported only in a WHERE clause" and
// "can't appear as an argument to an OR operator"; "Correlated EXISTS
// subqueries are currently supported only in a WHERE clause" and "cannot
// appear as an argument to an OR operator". DuckDB answers them anywhere;
// the error texts are not documented, so they are refused (002040).

// subqueryPlacement refuses the ANY/ALL/SOME or EXISTS subquery whose
// operator word is token op, whose "(" is token open and whose ")" is
// token close, where Snowflake does not support it.
func (p *parser) subqueryPlacement(op, open, close int) error {
	word := strings.ToUpper(p.toks[op].Text)
	switch word {
	case "ANY", "ALL", "SOME":
	case "EXISTS":
		if !p.correlatedSubquery(open+1, close) {
			return nil // an uncorrelated EXISTS: "anywhere that a Boolean expression is allowed"
		}
		word = "correlated EXISTS"
	default:
		return nil
	}
	clause, underOr := p.predicateContext(op, close)
	switch {
	case clause != "WHERE":
		return p.unsupported(p.toks[op], word+" subquery outside a WHERE clause (Snowflake supports it only in WHERE)")
	case underOr:
		return p.unsupported(p.toks[op], word+" subquery as an argument of OR (Snowflake does not support it)")
	}
	return nil
}

// quantifiedOperand reports whether token op (before a subquery's "(") is
// IN or EXISTS, or ANY/ALL/SOME after a comparison operator: not the ALL
// of UNION ALL.
func (p *parser) quantifiedOperand(op int) bool {
	switch w := strings.ToUpper(p.toks[op].Text); {
	case p.toks[op].Kind != sqllex.Word || !subqueryOperator[w]:
		return false
	case w == "IN" || w == "EXISTS":
		return true
	}
	if op == 0 {
		return false
	}
	switch prev := p.toks[op-1]; {
	case prev.Kind != sqllex.Op:
		return false
	default:
		switch prev.Text {
		case "=", "!=", "<>", "<", ">", "<=", ">=":
			return true
		}
	}
	return false
}

// predicateClause are the words that begin the clause an expression
// belongs to, read leftwards from it.
var predicateClause = toSet(`SELECT WHERE HAVING QUALIFY ON FROM BY SET VALUES USING DEFINE MEASURES WINDOW RETURN`)

// predicateEnd are the words after which an expression's clause is over,
// read rightwards from it.
var predicateEnd = toSet(`FROM WHERE GROUP HAVING QUALIFY ORDER LIMIT FETCH OFFSET UNION EXCEPT MINUS INTERSECT WINDOW`)

// predicateContext finds the clause of the expression holding tokens
// [l, r] (the first predicateClause word leftwards, through the brackets
// enclosing it) and whether an OR at any of those bracket levels joins it
// to another operand.
func (p *parser) predicateContext(l, r int) (clause string, underOr bool) {
	for {
		enclosing := -1
		depth := 0
	left:
		for k := l - 1; k >= 0; k-- {
			t := p.toks[k]
			switch {
			case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
				depth++
			case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
				if depth == 0 {
					enclosing = k
					break left
				}
				depth--
			case depth > 0:
			case t.IsOp(";"):
				break left
			case t.IsWord("OR"):
				underOr = true
			case predicateClause[strings.ToUpper(t.Text)] && isWordTok(t):
				clause = strings.ToUpper(t.Text)
				break left
			}
		}
		depth = 0
	right:
		for k := r + 1; k < len(p.toks); k++ {
			t := p.toks[k]
			switch {
			case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
				depth++
			case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
				if depth == 0 {
					break right
				}
				depth--
			case depth > 0:
			case t.IsOp(";"):
				break right
			case t.IsWord("OR"):
				underOr = true
			case isWordTok(t) && predicateEnd[strings.ToUpper(t.Text)]:
				break right
			}
		}
		if clause != "" || enclosing < 0 {
			return clause, underOr
		}
		if p.toks[enclosing+1].IsWord("SELECT") || p.toks[enclosing+1].IsWord("WITH") {
			return "", underOr // (not reached: a subquery's own clause comes first)
		}
		end := p.matching(enclosing)
		if end < 0 {
			return "", underOr
		}
		l, r = enclosing, end
	}
}

// isWordTok reports whether t is an unquoted word.
func isWordTok(t tok) bool {
	return t.Kind == sqllex.Word
}
