package rewrite

import (
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A SQL UDF whose body is a query acts as a subquery where it is called;
// called with a column (or any non-constant) argument it is a correlated
// subquery, which Snowflake answers with "Unsupported subquery type" unless
// the query returns one row by construction (docs: udf-sql-troubleshooting,
// subquery_like_udf and subquery_like_udf_2). DuckDB inlines the macro and
// answers every row, so such a call is refused.

// correlatedUserFunction refuses a call of a user-defined function whose
// body is a query that may return many rows (Options.UserFunctionManyRows)
// with an argument that is not a constant.
func (p *parser) correlatedUserFunction(c *call) error {
	if p.opts.UserFunctionManyRows == nil || !p.opts.UserFunctionManyRows(c.name) {
		return nil
	}
	for _, a := range c.args {
		if !constantTokens(a.toks) {
			return p.unsupported(c.t, "a call of "+c.name+" with a non-constant argument: its body is a query that is not one row by construction, a correlated subquery (Snowflake: Unsupported subquery type)")
		}
	}
	return nil
}

// constantTokens reports whether an argument is made of literals,
// operators and brackets only (NULL, TRUE and FALSE included).
func constantTokens(toks []tok) bool {
	for _, t := range toks {
		switch {
		case !t.Significant():
		case t.Kind == sqllex.Number, t.Kind == sqllex.String, t.Kind == sqllex.DollarString, t.Kind == sqllex.Op:
		case t.IsWord("NULL"), t.IsWord("TRUE"), t.IsWord("FALSE"):
		default:
			return false
		}
	}
	return true
}

// ManyRowsQuery reports whether body, a SELECT, may return more than one
// row: it is not one row by construction, a SELECT without FROM or an
// aggregate (not a window) in its select list, with no GROUP BY, LIMIT or
// set operation at its level.
func ManyRowsQuery(body string) bool {
	all, err := sqllex.Tokenize(body)
	if err != nil {
		return true
	}
	var toks []tok
	for _, t := range all {
		if t.Significant() {
			toks = append(toks, tok{Token: t})
		}
	}
	for len(toks) > 2 && toks[0].IsOp("(") && toks[len(toks)-1].IsOp(")") {
		toks = toks[1 : len(toks)-1]
	}
	if len(toks) == 0 || !toks[0].IsWord("SELECT") {
		return true
	}
	p := &parser{toks: toks}
	grouped, aggregate, hasFrom := p.selectShape(1, len(toks)) // expr.go
	return grouped || !aggregate && hasFrom
}
