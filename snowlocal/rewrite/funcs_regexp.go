package rewrite

import (
	"regexp/syntax"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
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
	return expr{sql: "CAST(" + substrAllCall(c) + " AS JSON)", typ: "JSON"}, nil
}

// substrAllCall renders _SF_GO_REGEXP_SUBSTR_ALL of c's arguments, the
// omitted ones at their defaults.
func substrAllCall(c *call) string {
	args := []string{c.args[0].str(), c.args[1].str(), bigintArg(c, 2, "1"), bigintArg(c, 3, "1"),
		strArg(c, 4, "'c'"), bigintArg(c, 5, "-1")}
	return "_SF_GO_REGEXP_SUBSTR_ALL(" + strings.Join(args, ", ") + ")"
}

// checkedPattern renders the pattern argument of a regex function that runs
// on DuckDB's RE2: a literal pattern is checked now (sfunc.RegexpUnsupported:
// Snowflake's POSIX patterns "don't support non-greedy quantifiers", which
// RE2 runs lazily, and RE2 has no backreferences); any other is checked row
// by row by _SF_GO_REGEXP_PATTERN, the same check, which returns it.
func checkedPattern(p *parser, c *call, a arg) (string, error) {
	lit, ok := a.literal()
	if !ok {
		return "_SF_GO_REGEXP_PATTERN(" + a.str() + ")", nil
	}
	if what := sfunc.RegexpUnsupported(lit); what != "" {
		return "", p.unsupported(c.t, c.name+" with a "+what)
	}
	return a.str(), nil
}

// checkInfixPattern checks the pattern after the RLIKE or REGEXP operator t
// when it is a string literal on its own (sfunc.RegexpUnsupported).
func (p *parser) checkInfixPattern(t tok) error {
	pt := p.peek()
	if pt.Kind != sqllex.String || p.peekN(1).IsOp("||") {
		return nil
	}
	if what := sfunc.RegexpUnsupported(snowflakeString(pt.Text)); what != "" {
		return p.unsupported(t, strings.ToUpper(t.Text)+" with a "+what)
	}
	return nil
}

// regexpSubstrGo is REGEXP_SUBSTR run in Go: the first of the matches
// REGEXP_SUBSTR_ALL returns from occurrence on.
func regexpSubstrGo(c *call) expr {
	return expr{sql: "json_extract_string(" + substrAllCall(c) + ", '$[0]')", typ: "VARCHAR"}
}

// positiveLiteral reports whether a is an integer literal of at least 1.
func positiveLiteral(a arg) bool {
	n, err := strconv.Atoi(a.sql)
	return err == nil && n >= 1
}

// patternGroups counts the capture groups of a literal pattern; ok is
// false for any other.
func patternGroups(a arg) (n int, ok bool) {
	lit, ok := a.literal()
	if !ok {
		return 0, false
	}
	re, err := syntax.Parse(lit, syntax.Perl)
	if err != nil {
		return 0, false
	}
	return re.MaxCap(), true
}
