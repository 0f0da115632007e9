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

// infixPattern reads the pattern after the RLIKE or REGEXP operator t. A
// string literal on its own is checked now (sfunc.RegexpUnsupported) and
// left to the caller (ok false); any other pattern — the operand with what
// || or arithmetic joins to it — is rewritten here, checked row by row by
// _SF_GO_REGEXP_PATTERN as the functions' patterns are.
func (p *parser) infixPattern(t tok) (pattern string, ok bool, err error) {
	pt := p.peek()
	if pt.Kind == sqllex.String && !p.peekN(1).IsOp("||") {
		if what := sfunc.RegexpUnsupported(snowflakeString(pt.Text)); what != "" {
			return "", false, p.unsupported(t, strings.ToUpper(t.Text)+" with a "+what)
		}
		return "", false, nil
	}
	s, err := p.seq(func(n tok, operand bool) bool {
		return operand && !(n.Kind == sqllex.Op && (n.Text == "||" || arithmeticOps[n.Text]))
	})
	if err != nil {
		return "", false, err
	}
	return "_SF_GO_REGEXP_PATTERN(CAST((" + s + ") AS VARCHAR))", true, nil
}

// regexpSubstrGo is REGEXP_SUBSTR run in Go (sfunc.RegexpSubstr), which
// refuses where RE2's leftmost-first match and a POSIX engine's
// leftmost-longest one differ, and a group that takes no part in the match.
func regexpSubstrGo(c *call) expr {
	args := []string{c.args[0].str(), c.args[1].str(), bigintArg(c, 2, "1"), bigintArg(c, 3, "1"),
		strArg(c, 4, "'c'"), bigintArg(c, 5, "-1")}
	return expr{sql: "_SF_GO_REGEXP_SUBSTR(" + strings.Join(args, ", ") + ")", typ: "VARCHAR"}
}

// regexpCountGo is REGEXP_COUNT run in Go (sfunc.RegexpCount), which
// refuses where the two matching rules count differently or an empty match
// would be counted.
func regexpCountGo(c *call) expr {
	args := []string{c.args[0].str(), c.args[1].str(), bigintArg(c, 2, "1"), strArg(c, 3, "'c'")}
	return expr{sql: "_SF_GO_REGEXP_COUNT(" + strings.Join(args, ", ") + ")"}
}

// provenPattern returns argument i of c when it is a literal pattern that
// matches alike under leftmost-first and leftmost-longest rules
// (regexpAmbiguity) under the literal parameters of argument params, if
// c has one; ok is false otherwise (the call then runs in Go).
func provenPattern(c *call, i, params int) (pattern, flags string, ok bool) {
	pattern, ok = c.args[i].literal()
	if !ok {
		return "", "", false
	}
	if len(c.args) > params {
		if flags, ok = c.args[params].literal(); !ok {
			return "", "", false
		}
	}
	return pattern, flags, regexpAmbiguity(pattern, flags) == ""
}

// existenceTest reports whether the call c just parsed is the left operand
// of "> 0" and nothing else: REGEXP_COUNT(…) > 0 says whether there is a
// match, which does not depend on which match a rule chooses (the Sigma
// compiler's searches, detections/sigma/compile.go).
func (p *parser) existenceTest(c *call) bool {
	at := -1
	for i := p.i - 1; i >= 0; i-- {
		if p.toks[i].Pos == c.t.Pos && p.toks[i].Text == c.t.Text {
			at = i
			break
		}
	}
	if at < 0 || !p.peek().IsOp(">") || p.peekN(1).Kind != sqllex.Number || p.peekN(1).Text != "0" {
		return false
	}
	switch n := p.peekN(2); {
	case n.Kind == sqllex.Op && (arithmeticOps[n.Text] || n.Text == "||" || n.Text == "::" || n.Text == "." || n.Text == "[" || n.Text == ":" || n.Text == "("):
		return false
	case n.IsWord("COLLATE"):
		return false
	}
	if at == 0 {
		return true
	}
	prev := p.toks[at-1]
	if prev.IsOp("(") || prev.IsOp(",") {
		return true
	}
	for _, w := range []string{"AND", "OR", "NOT", "WHERE", "WHEN", "THEN", "ELSE", "ON", "HAVING", "QUALIFY", "SELECT"} {
		if prev.IsWord(w) {
			return true
		}
	}
	return false
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
