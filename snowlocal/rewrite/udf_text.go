package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// userFunctionText is "VARCHAR" for a call of a user-defined scalar
// function declared to return a text type, else "". The engine's macro
// casts the function's value to its declared type, so the call is a
// VARCHAR, which || and CONCAT take as it is. Left of unknown type, the
// call was converted by _SF_CAT_OPERAND, which names its operand in each
// branch of _SF_CAST_TEXT, and the macro's body (itself an expansion of
// _SF_CAST_TEXT around each argument) once per copy: DuckDB took seconds
// to bind s || f(s) in a UNION ALL and did not finish binding the docs'
// recursive CTE whose recursive clause appends skey(employee_ID) to the
// sort key (docs: Working with CTEs,
// https://docs.snowflake.com/en/user-guide/queries-cte).
func (p *parser) userFunctionText(name string) string {
	if p.opts.UserFunction == nil || p.opts.UserFunctionReturns == nil || !p.opts.UserFunction(name) {
		return ""
	}
	toks, err := sqllex.Tokenize(p.opts.UserFunctionReturns(name))
	if err != nil {
		return ""
	}
	for _, t := range toks {
		if !t.Significant() {
			continue
		}
		if t.Kind != sqllex.Word {
			return ""
		}
		if ty, ok := mapType(strings.ToUpper(t.Text), nil); ok && ty.kind == "string" {
			return "VARCHAR"
		}
		return ""
	}
	return ""
}
