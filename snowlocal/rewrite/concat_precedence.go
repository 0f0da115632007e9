package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A concatenation beside an arithmetic operator with no brackets between
// them ('a' || 1 + 2, x - 1 || 'y') is refused (002040): its value depends on
// how tightly || binds beside + - * / %, which Snowflake's documentation does
// not give (its operator pages list the operators, not their precedence:
// https://docs.snowflake.com/en/sql-reference/operators), and the sources
// disagree — DuckDB binds the arithmetic first ('a' || 3, "a3"), the
// independent reference mlorek/frostlake's grammar binds || first
// (engine/src/main/antlr4/dev/frostlake/parser/Frostlake.g4 lists ConcatExpr
// before MultiplicativeExpr and AdditiveExpr: ('a' || 1) + 2, which fails
// to read 'a1' as a number). Brackets settle it, so the bracketed forms
// answer.

// concatBesideArithmetic returns the 002040 error for stmt's first operator
// that joins a || and an arithmetic operator in one unbracketed run of
// operands, or nil.
func concatBesideArithmetic(stmt string) *Error {
	if !strings.Contains(stmt, "||") {
		return nil // the common case, without tokenizing again
	}
	toks, err := sqllex.TokenizeSignificant(stmt)
	if err != nil {
		return nil // the parser reports it
	}
	type run struct{ concat, arith bool }
	runs := []run{{}}
	var prev sqllex.Token
	for k, t := range toks {
		cur := &runs[len(runs)-1]
		afterOperand := k > 0 && operandEnds(prev)
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			runs = append(runs, run{})
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if len(runs) > 1 {
				runs = runs[:len(runs)-1]
			}
		case t.IsOp("||") && afterOperand:
			cur.concat = true
		case t.Kind == sqllex.Op && arithmeticOps[t.Text] && afterOperand:
			cur.arith = true
		case t.IsOp(".") || t.IsOp(":") || t.IsOp("::"):
			// within an operand (a path, a qualified name, a cast)
		case t.Kind == sqllex.Op || (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && afterOperand:
			// Any other operator, and a word after an operand (a keyword:
			// AND, IS, THEN, AS, FROM...), ends the run.
			*cur = run{}
		}
		if cur := runs[len(runs)-1]; cur.concat && cur.arith {
			return unsupportedAt(t, "|| beside an arithmetic operator without brackets "+
				"(the precedence of || is not documented; bracket one side, for example 'a' || (1 + 2))")
		}
		prev = t
	}
	return nil
}

// operandEnds reports whether an operand can end with t, so that an
// operator after it is binary (not a sign) and a word after it is a keyword.
func operandEnds(t sqllex.Token) bool {
	switch t.Kind {
	case sqllex.Word, sqllex.QuotedIdent, sqllex.Number, sqllex.String, sqllex.DollarString, sqllex.Variable:
		return true
	}
	return t.IsOp(")") || t.IsOp("]") || t.IsOp("}")
}
