package rewrite

import "github.com/flurry-dev/flurry/snowlocal/sqllex"

// GET_DDL('<object_type>', '[<namespace>.]<object_name>') (docs: get_ddl,
// https://docs.snowflake.com/en/sql-reference/functions/get_ddl) returns
// the DDL text of an object, a VARCHAR; "object_type and object_name
// (including namespace if specified) must be enclosed in single quotes".
// The session's Options.GetDDL computes the text when the statement is
// rewritten; the third argument (use_fully_qualified_names_for_recreated_objects)
// and arguments other than string literals are refused.
func init() {
	registerFuncs(map[string]funcHandler{
		"GET_DDL": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 3); err != nil {
				return expr{}, err
			}
			if len(c.args) == 3 {
				return expr{}, p.unsupported(c.t, "function GET_DDL with use_fully_qualified_names_for_recreated_objects")
			}
			var lits [2]string
			for i, a := range c.args {
				if len(a.toks) != 1 || a.toks[0].Kind != sqllex.String {
					return expr{}, p.unsupported(c.t, "function GET_DDL of arguments other than string literals")
				}
				lits[i] = snowflakeString(a.toks[0].Text)
			}
			if p.opts.GetDDL == nil {
				return expr{}, p.unsupported(c.t, "function GET_DDL")
			}
			if p.inViewDefinition() { // pivot_dynamic.go
				// The text is computed now: a view would keep it after the
				// table changed (a SQL function's body is refused by the
				// engine: storedRewriteOptions).
				return expr{}, p.unsupported(c.t, "function GET_DDL in a view or function definition")
			}
			ddl, err := p.opts.GetDDL(lits[0], lits[1])
			if err != nil {
				return expr{}, err
			}
			return expr{sql: textLiteral(ddl), typ: "VARCHAR"}, nil
		},
	})
}
