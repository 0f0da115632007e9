package rewrite

// Snowflake functions the engine does not implement whose arguments have a
// syntax of their own, refused at the call's name before the arguments are
// read: otherwise a documented call fails as a syntax error at a token
// Snowflake accepts, not as the unsupported function it is.
//   - SEARCH and SEARCH_IP take `*`, `t.*` or `* ILIKE '…'` as their search
//     data (docs: functions/search, functions/search_ip).
var unparsedArgFuncs = toSet(`SEARCH SEARCH_IP`)

// refuseUnparsedArgs refuses a call of one of unparsedArgFuncs with 002040
// naming it, unless the name is a user-defined function's.
func (p *parser) refuseUnparsedArgs(c *call) error {
	if !unparsedArgFuncs[c.name] || (p.opts.UserFunction != nil && p.opts.UserFunction(c.name)) {
		return nil
	}
	return p.unsupported(c.t, "function "+c.name)
}
