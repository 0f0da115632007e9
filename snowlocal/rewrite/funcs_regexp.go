package rewrite

import (
	"fmt"
	"strings"
)

// REGEXP_INSTR and REGEXP_SUBSTR_ALL (alias REGEXP_EXTRACT_ALL) with every
// argument Snowflake documents (position, occurrence, option, parameters,
// group number) run in Go: sfunc.RegexpInstr and sfunc.RegexpSubstrAll.

func init() {
	registerFuncs(map[string]funcHandler{
		"REGEXP_INSTR":       regexpInstr,
		"REGEXP_SUBSTR_ALL":  regexpSubstrAll,
		"REGEXP_EXTRACT_ALL": regexpSubstrAll,
	})
}

// bigintArg renders argument i as a BIGINT, or def when it is absent.
func bigintArg(c *call, i int, def string) string {
	if len(c.args) <= i {
		return def
	}
	return "CAST(" + c.args[i].num() + " AS BIGINT)"
}

// strArg renders argument i as text, or def when it is absent.
func strArg(c *call, i int, def string) string {
	if len(c.args) <= i {
		return def
	}
	return c.args[i].str()
}

func regexpInstr(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 7); err != nil {
		return expr{}, err
	}
	args := []string{c.args[0].str(), c.args[1].str(), bigintArg(c, 2, "1"), bigintArg(c, 3, "1"),
		bigintArg(c, 4, "0"), strArg(c, 5, "'c'"), bigintArg(c, 6, "-1")}
	return expr{sql: "_SF_GO_REGEXP_INSTR(" + strings.Join(args, ", ") + ")"}, nil
}

func regexpSubstrAll(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 6); err != nil {
		return expr{}, err
	}
	args := []string{c.args[0].str(), c.args[1].str(), bigintArg(c, 2, "1"), bigintArg(c, 3, "1"),
		strArg(c, 4, "'c'"), bigintArg(c, 5, "-1")}
	return expr{sql: fmt.Sprintf("CAST(_SF_GO_REGEXP_SUBSTR_ALL(%s) AS JSON)", strings.Join(args, ", ")), typ: "JSON"}, nil
}
