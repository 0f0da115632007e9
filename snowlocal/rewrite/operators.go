package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Nothing DuckDB-only gets through at the operator level either. seq hands
// an operator token to DuckDB only when it is one of Snowflake's documented
// operators with DuckDB's meaning (binaryOps), and a keyword only where
// Snowflake's grammar has it (seqWords). Anything else fails as Snowflake
// fails, with its syntax error at the token: DuckDB's `**` power, `^`, `<<`,
// `>>`, `&`, `|`, `~`, `!`, `==`, `~~`, `<=>`, `#n`, `IS TRUE`, `FILTER
// (WHERE …)`, list comprehensions, `x NOT NULL` … The Snowflake operators the
// engine does not implement — the spread operator `**`, the flow operator
// `->>`, the outer-join marker `(+)` — are refused with 002040 naming them.
// Sources: https://docs.snowflake.com/en/sql-reference/operators and the
// pages it links (arithmetic, comparison, expansion, flow, logical, set,
// subquery operators).

// binaryOps are Snowflake's arithmetic and comparison operators and ||;
// + and - are unary as well.
var binaryOps = toSet(`+ - * / % = != <> < <= > >= ||`)

var arithmeticOp = toSet(`+ - * / %`)

// seqWords are the keywords seq passes through: logical, comparison and
// subquery operators, set operators and the clauses that follow a FROM
// list (WHERE … LIMIT/FETCH), window specifications, and CTEs. A keyword
// that is not here (WINDOW, FILTER, FOR, INTERVAL without its string, TRIM's
// BOTH/LEADING, ON CONFLICT's ON …) is DuckDB's or belongs elsewhere.
var seqWords = toSet(`AND OR NOT IS IN BETWEEN ESCAPE EXISTS ANY SOME ALL DISTINCT FROM UNION INTERSECT EXCEPT
WHERE GROUP BY HAVING QUALIFY ORDER ASC DESC NULLS FIRST LAST LIMIT OFFSET FETCH NEXT ROW ROWS ONLY PARTITION
RANGE UNBOUNDED PRECEDING FOLLOWING CURRENT AS WITH RECURSIVE VALUES`)

// checkOp decides whether the operator token t, which seq is about to pass
// through, is Snowflake's; operand reports whether an operand precedes it.
func (p *parser) checkOp(t tok, operand bool) error {
	switch {
	case t.Text == ",":
		return nil
	case binaryOps[t.Text]:
		if !operand && t.Text != "+" && t.Text != "-" {
			return p.unexpected(t)
		}
		if arithmeticOp[t.Text] {
			if err := p.stringArithmetic(t, operand); err != nil {
				return err
			}
		}
		// An operand must follow: `1 = = 1` (DuckDB's ==), `1 < < 2`
		// (<<), `LIMIT 10 %` are Snowflake syntax errors at that token.
		if n := p.peekN(1); !startsOperandAfterOp(n) {
			return p.unexpected(n)
		}
		return nil
	case t.Text == "**":
		if prev := p.peekN(-1); !operand && (prev.IsOp("(") || prev.IsOp(",")) {
			return p.unsupported(t, "the spread operator **")
		}
	case t.Text == "->":
		// x -> expr: a lambda outside the arguments of FILTER, TRANSFORM
		// and REDUCE (funcs_lambda.go), which read theirs.
		if prev, before := p.peekN(-1), p.peekN(-2); operand && prev.Kind == sqllex.Word && (before.IsOp("(") || before.IsOp(",")) {
			return p.unsupported(t, "lambda expressions (->)")
		}
	case t.Text == "->>":
		// <statement> ->> <statement> chains statements.
		n := p.peekN(1)
		if u := strings.ToUpper(n.Text); n.Kind == sqllex.Word && (keywords[u] || isStatementWord(u)) {
			return p.unsupported(t, "the flow operator ->>")
		}
	}
	return p.unexpected(t)
}

// startsOperandAfterOp reports whether token n may follow a binary operator.
func startsOperandAfterOp(n tok) bool {
	switch n.Kind {
	case 0:
		return false
	case sqllex.Op:
		switch n.Text {
		case "(", "+", "-", "[", "{":
			return true
		}
		return false
	case sqllex.Word:
		return !clauseWords[strings.ToUpper(n.Text)]
	}
	return true
}

// stringArithmetic refuses arithmetic on a string literal operand ('5' + 1,
// -'3'): Snowflake reads the text as a number of a type the engine does not
// model (an independent, live-verified reference gives NUMBER(18, s) for a
// literal beside a NUMBER, a FLOAT elsewhere), where DuckDB fails or answers
// differently. A typed literal (DATE '…', INTERVAL '…') or a cast is fine.
func (p *parser) stringArithmetic(op tok, operand bool) error {
	if operand && p.i >= 1 && isStringLiteral(p.toks[p.i-1]) {
		if p.i < 2 || !typedLiteralWord(p.toks[p.i-2]) {
			return p.unsupported(p.toks[p.i-1], "arithmetic on a VARCHAR operand")
		}
	}
	k := 1
	for p.peekN(k).IsOp("+") || p.peekN(k).IsOp("-") {
		k++
	}
	if n := p.peekN(k); isStringLiteral(n) {
		after := p.peekN(k + 1)
		if !after.IsOp("::") && !after.IsOp("[") && !after.IsOp(":") {
			return p.unsupported(n, "arithmetic on a VARCHAR operand")
		}
	}
	return nil
}

func isStringLiteral(t tok) bool { return t.Kind == sqllex.String || t.Kind == sqllex.DollarString }

func typedLiteralWord(t tok) bool {
	u := strings.ToUpper(t.Text)
	return t.Kind == sqllex.Word && (typedLiterals[u] || u == "X")
}

// checkWord decides whether keyword t (upper-cased u), which seq is about to
// pass through, is Snowflake's there; operand reports whether an operand
// precedes it.
func (p *parser) checkWord(t tok, u string, operand bool) error {
	n := p.peekN(1)
	switch u {
	case "INTERVAL":
		// INTERVAL 1 DAY: Snowflake's interval constants are quoted.
		return p.unexpected(n)
	case "FILTER": // DuckDB's FILTER (WHERE …); FILTER( is a call (startsTerm)
		return p.unexpected(t)
	case "IS":
		// IS [NOT] NULL, IS [NOT] DISTINCT FROM; not IS TRUE/FALSE/UNKNOWN.
		if n.IsWord("NOT") {
			n = p.peekN(2)
		}
		if !n.IsWord("NULL") && !n.IsWord("DISTINCT") {
			return p.unexpected(n)
		}
	case "NOT":
		if operand && !(n.IsWord("IN") || n.IsWord("LIKE") || n.IsWord("ILIKE") || n.IsWord("BETWEEN")) {
			return p.unexpected(n) // x NOT NULL
		}
	case "FROM":
		if !p.peekN(-1).IsWord("DISTINCT") { // IS [NOT] DISTINCT FROM
			return p.unexpected(t)
		}
	case "IN", "EXISTS":
		if !n.IsOp("(") {
			return p.unexpected(n)
		}
	case "LIMIT", "OFFSET":
		// A non-negative integer constant, or NULL, '' or $$$$ for none
		// (https://docs.snowflake.com/en/sql-reference/constructs/limit):
		// not DuckDB's LIMIT ALL, LIMIT 10%, LIMIT 1, 2 or expressions.
		// A scripting variable (:n) reaches here as a parenthesized value.
		if !(n.Kind == sqllex.Number || n.Kind == sqllex.String || n.Kind == sqllex.DollarString ||
			n.Kind == sqllex.Bind || n.Kind == sqllex.Variable || n.IsWord("NULL") || n.IsOp("(")) {
			return p.unexpected(n)
		}
		if a := p.peekN(2); !n.IsOp("(") && a.Kind == sqllex.Op && !a.IsOp(")") && !a.IsOp(";") && !a.IsOp("->>") {
			return p.unexpected(a)
		}
	case "ANY", "SOME", "ALL":
		// x = ANY (subquery): Snowflake's quantifiers take a subquery only.
		if prev := p.peekN(-1); prev.Kind == sqllex.Op && binaryOps[prev.Text] {
			if !n.IsOp("(") {
				return p.unexpected(n)
			}
			if q := p.peekN(2); !q.IsWord("SELECT") && !q.IsWord("WITH") {
				return p.unexpected(q)
			}
		}
		if u != "ALL" {
			break
		}
		if p.peekN(-1).IsWord("BY") && p.peekN(-2).IsWord("ORDER") && p.selectHasAggregate() {
			// The docs: "You cannot specify ORDER BY ALL if a column in the
			// SELECT list uses an aggregate function"; DuckDB can.
			return p.unsupported(t, "ORDER BY ALL with an aggregate function in the SELECT list")
		}
	}
	if !seqWords[u] {
		return p.unexpected(t)
	}
	if n.Kind == 0 && !endWords[u] {
		return p.unexpected(n) // WHERE, GROUP BY, AND … at the end
	}
	return nil
}

// endWords may end a statement.
var endWords = toSet(`ASC DESC FIRST LAST ROW ROWS ONLY ALL`)

// aggregateNames are Snowflake's aggregate functions, for ORDER BY ALL.
var aggregateNames = toSet(`COUNT COUNT_IF SUM AVG MIN MAX ANY_VALUE MEDIAN MODE STDDEV STDDEV_SAMP STDDEV_POP
VARIANCE VAR_SAMP VAR_POP VARIANCE_SAMP VARIANCE_POP CORR COVAR_SAMP COVAR_POP KURTOSIS SKEW LISTAGG ARRAY_AGG
ARRAY_UNIQUE_AGG ARRAY_UNION_AGG OBJECT_AGG BOOLAND_AGG BOOLOR_AGG BOOLXOR_AGG BITAND_AGG BITOR_AGG BITXOR_AGG
APPROX_COUNT_DISTINCT APPROX_PERCENTILE HASH_AGG MIN_BY MAX_BY PERCENTILE_CONT PERCENTILE_DISC GROUPING
GROUPING_ID REGR_SLOPE REGR_INTERCEPT REGR_R2 REGR_COUNT REGR_AVGX REGR_AVGY REGR_SXX REGR_SYY REGR_SXY
REGR_VALX REGR_VALY HLL`)

// IsAggregate reports whether name (any case) is one of the aggregate
// functions the rewriter knows.
func IsAggregate(name string) bool { return aggregateNames[strings.ToUpper(name)] }

// selectHasAggregate reports whether the select list of the block being
// rewritten calls an aggregate function (as an aggregate or a window).
func (p *parser) selectHasAggregate() bool {
	for k := p.blockSelect[0]; k+1 < p.blockSelect[1] && k+1 < len(p.toks); k++ {
		if t := p.toks[k]; t.Kind == sqllex.Word && p.toks[k+1].IsOp("(") && aggregateNames[strings.ToUpper(t.Text)] {
			return true
		}
	}
	return false
}

// selectTail checks the token after a select list (and its FROM list): the
// end of the query block or a keyword that continues it. A literal or a
// name there is Snowflake's syntax error (`SELECT 'ab' glob 'a*'` reads
// glob as an alias), where DuckDB would parse it as its own syntax.
func (p *parser) selectTail() error {
	t := p.peek()
	switch {
	case t.Kind == 0, t.IsOp(")"), t.IsOp(";"), t.IsOp("->>"):
		return nil
	case t.Kind == sqllex.Word && keywords[strings.ToUpper(t.Text)]:
		return nil
	}
	return p.unexpected(t)
}

// outerJoinMarker refuses Oracle's (+), which Snowflake accepts in a WHERE
// clause (`t1.c = t2.c(+)`); DuckDB has no such operator.
func (p *parser) outerJoinMarker() error {
	if t := p.peek(); t.IsOp("(") && p.peekN(1).IsOp("+") && p.peekN(2).IsOp(")") {
		return p.unsupported(t, "the outer join operator (+)")
	}
	return nil
}
