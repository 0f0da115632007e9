package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// DECFLOAT (docs: data-types-numeric, "DECFLOAT"; functions to_decfloat,
// try_to_decfloat) is a decimal floating-point number of 38 digits whose
// exponent reaches past any DuckDB type. The engine holds no DECFLOAT: no
// column, variable or operand. TO_DECFLOAT and TRY_TO_DECFLOAT answer only
// where their value goes straight to the client: a whole select item of a
// query's own select list that nothing else reads (itemReadOnlyByClient).
// There the value is its printed text (sfunc/decfloat.go) in a
// STRUCT(sf_decfloat VARCHAR), which the engine sends as Snowflake's
// decfloat column (snowlocal/result.go). Everywhere else, and for the
// DECFLOAT data type itself, the engine refuses (002040).

// decfloatDuck is the DuckDB type of a DECFLOAT select item.
const decfloatDuck = "STRUCT(sf_decfloat VARCHAR)"

// markDecfloatItem notes the select item starting at token start when it
// is one TO_DECFLOAT or TRY_TO_DECFLOAT call whose value only the client
// reads: the call's handler then answers (decfloatCall).
func (p *parser) markDecfloatItem(start int) {
	p.decfloatCall = 0
	if !p.opts.UndefinedResult || p.opts.InBlock || !p.outerItems || p.setOpBlock || p.blockDistinct ||
		start+1 >= len(p.toks) || !p.toks[start+1].IsOp("(") ||
		!(p.toks[start].IsWord("TO_DECFLOAT") || p.toks[start].IsWord("TRY_TO_DECFLOAT")) {
		return
	}
	end := p.closeParen(start + 1)
	if end < 0 {
		return
	}
	after, aliasAt := end+1, -1
	if after < len(p.toks) {
		switch t := p.toks[after]; {
		case t.IsWord("AS"):
			aliasAt = after + 1
		case t.Kind == sqllex.QuotedIdent || t.Kind == sqllex.Word && !keywords[strings.ToUpper(t.Text)]:
			aliasAt = after
		}
		if aliasAt >= 0 {
			after = aliasAt + 1
		}
	}
	if after < len(p.toks) && !p.toks[after].IsOp(",") && !isClause(p.toks[after]) {
		return // the call is an operand (OVER, an operator, a cast)
	}
	if aliasAt >= len(p.toks) || !p.itemReadOnlyByClient(after, aliasAt) {
		return
	}
	p.decfloatCall = p.toks[start].Pos + 1
}

// toDecfloat renders TO_DECFLOAT(expr) and TRY_TO_DECFLOAT(expr) where the
// select item is the call (markDecfloatItem), and refuses them elsewhere
// and with a format argument.
func toDecfloat(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	if p.decfloatCall != c.t.Pos+1 {
		return expr{}, p.unsupported(c.t, "function "+c.name+" (a DECFLOAT anywhere but as a whole select item of a query's result: the local engine holds no DECFLOAT value)")
	}
	p.decfloatCall = 0
	if len(c.args) == 2 {
		return expr{}, p.unsupported(c.t, "function "+c.name+" with a format")
	}
	try := "false"
	if c.name == "TRY_TO_DECFLOAT" {
		try = "true"
	}
	v := c.args[0].sql
	return expr{sql: "{'sf_decfloat': _SF_GO_TO_DECFLOAT(CAST(" + v + " AS VARCHAR), typeof(" + v + "), " + try + ")}", typ: decfloatDuck}, nil
}

func init() {
	registerFuncs(map[string]funcHandler{"TO_DECFLOAT": toDecfloat, "TRY_TO_DECFLOAT": toDecfloat})
}
