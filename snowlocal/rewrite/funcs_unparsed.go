package rewrite

// Snowflake functions the engine does not implement whose arguments have a
// syntax of their own, refused at the call's name before the arguments are
// read: otherwise a documented call fails as a syntax error at a token
// Snowflake accepts, not as the unsupported function it is.
//   - FILTER, TRANSFORM, REDUCE take a lambda, typed (`a INT -> a * 2`) or
//     with a parenthesized argument list (`(acc, val) -> acc + val`)
//     (docs: functions/filter, functions/transform, functions/reduce).
//
// SEARCH and SEARCH_IP, whose search data may be `*`, `t.*` or `* ILIKE '…'`,
// are parsed by funcs_search_data.go.
var unparsedArgFuncs = toSet(`FILTER TRANSFORM REDUCE`)

// refuseUnparsedArgs refuses a call of one of unparsedArgFuncs with 002040
// naming it, unless the name is a user-defined function's.
func (p *parser) refuseUnparsedArgs(c *call) error {
	if !unparsedArgFuncs[c.name] || (p.opts.UserFunction != nil && p.opts.UserFunction(c.name)) {
		return nil
	}
	return p.unsupported(c.t, "function "+c.name)
}
