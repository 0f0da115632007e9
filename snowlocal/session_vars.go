package snowlocal

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Session variables (https://docs.snowflake.com/en/sql-reference/session-variables):
//
//	SET v = <expr>;  SET (a, b) = (<expr>, <expr>);  UNSET v;  SELECT $v;
//
// SET evaluates its expressions as one query, all of them before any
// variable changes (the SET page: SET (min, max) = (50, 2 * $min) uses the
// old $min), and keeps each value as a Snowflake literal of the value's
// type. A statement naming $v is run with the literal in place of $v, so
// the value keeps its type ("the data type of the variable is derived from
// the data type of the result of the evaluated expression"). The rewriter
// names an unaliased select item after the variable as written ($V), as
// Snowflake does, from a marker comment put before the literal.
//
// Snowflake Scripting's variables (DECLARE, LET, :name) are the
// interpreter's (scripting/) and are unrelated to these.
//
// flurry's detections write $loaded_after and $loaded_until; the detection
// runner replaces them with literals before it sends a query
// (detections/window.go), so those queries never reach this code with a
// variable in them.

// sessionVar is one variable's value: lit is a Snowflake SQL literal of
// the value with its type (one token, or one parenthesized group), typ the
// value's wire type and value its text for SHOW VARIABLES.
type sessionVar struct {
	lit   string
	typ   string
	value string
}

// varLimit is the largest string value a variable holds. The SET page has
// said 256 bytes and, later, 16 KB; a longer value is refused rather than
// answered by either limit.
const varLimit = 256

// reservedVarNames are the names the SET page reserves for Snowflake.
var reservedVarNames = map[string]bool{"CURRENT": true, "PUBLIC": true}

func cmdSetVariables(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	if s.ownerRights > 0 {
		return nil, varUnsupported("SET in an owner's rights stored procedure")
	}
	c.accept("SET")
	names, tuple, err := varNames(c)
	if err != nil {
		return nil, err
	}
	if !c.acceptOp("=") {
		return nil, setSyntaxError(c)
	}
	rest := c.rest()
	if tuple {
		// (expr, ...): the query selects what the parentheses hold.
		t, ok := c.peek(0)
		last := c.toks[len(c.toks)-1]
		if !ok || !t.IsOp("(") || !last.IsOp(")") || matchingParen(c.toks, c.pos) != len(c.toks)-1 {
			return nil, setSyntaxError(c)
		}
		rest = c.text[t.Pos+1 : last.Pos]
	}
	if strings.TrimSpace(rest) == "" {
		return nil, setSyntaxError(c)
	}
	res, err := s.exec(ctx, "SELECT "+rest, nil)
	if err != nil {
		return nil, err
	}
	if len(res.Columns) != len(names) {
		return nil, varUnsupported("SET of %d variables to %d values", len(names), len(res.Columns))
	}
	if len(res.Rows) != 1 {
		return nil, varUnsupported("SET to a query of %d rows", len(res.Rows))
	}
	vals := make([]sessionVar, len(names))
	for i, col := range res.Columns {
		v, err := varValue(names[i], col, res.Rows[0][i])
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	if s.vars == nil {
		s.vars = map[string]sessionVar{}
	}
	for i, n := range names {
		s.vars[n] = vals[i]
	}
	return statusResult("Statement executed successfully."), nil
}

func cmdUnsetVariables(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	if s.ownerRights > 0 {
		return nil, varUnsupported("UNSET in an owner's rights stored procedure")
	}
	c.accept("UNSET")
	names, _, err := varNames(c)
	if err != nil {
		return nil, err
	}
	if !c.done() {
		return nil, setSyntaxError(c)
	}
	for _, n := range names {
		if _, ok := s.vars[n]; !ok {
			// The UNSET page does not say what unsetting an undefined
			// variable answers.
			return nil, varUnsupported("UNSET of the undefined variable %s", n)
		}
	}
	for _, n := range names {
		delete(s.vars, n)
	}
	return statusResult("Statement executed successfully."), nil
}

// varNames reads `name` or `(name, ...)`: unquoted identifiers, upper-cased
// ("Snowflake stores variables with all uppercase letters").
func varNames(c *cursor) (names []string, tuple bool, err error) {
	tuple = c.acceptOp("(")
	for {
		t, ok := c.peek(0)
		if !ok {
			return nil, false, setSyntaxError(c)
		}
		switch {
		case t.Kind == sqllex.QuotedIdent:
			return nil, false, varUnsupported("a double-quoted variable name %s", t.Text)
		case t.Kind != sqllex.Word:
			return nil, false, setSyntaxError(c)
		}
		n := strings.ToUpper(t.Text)
		if reservedVarNames[n] {
			return nil, false, varUnsupported("the reserved variable name %s", n)
		}
		if len(n) > 256 {
			return nil, false, varUnsupported("a variable name longer than 256 characters")
		}
		for _, m := range names {
			if m == n {
				return nil, false, varUnsupported("the variable %s named twice", n)
			}
		}
		names = append(names, n)
		c.pos++
		if !tuple || !c.acceptOp(",") {
			break
		}
	}
	if tuple && !c.acceptOp(")") {
		return nil, false, setSyntaxError(c)
	}
	return names, tuple, nil
}

// matchingParen is the index of the ")" closing the "(" at toks[i], or -1.
func matchingParen(toks []sqllex.Token, i int) int {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch {
		case toks[j].IsOp("("):
			depth++
		case toks[j].IsOp(")"):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

func setSyntaxError(c *cursor) error {
	t, ok := c.peek(0)
	if !ok {
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: unexpected end of statement")
	}
	return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error line %d at position %d unexpected '%s'.", t.Line, t.Col-1, t.Text)
}

func varUnsupported(format string, args ...any) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s in the local engine.", fmt.Sprintf(format, args...))
}

// varValue turns one evaluated SET expression (a result column and its
// wire value) into the variable's literal. Types whose literal could not
// give back the same value and type are refused.
func varValue(name string, col Column, v *string) (sessionVar, error) {
	if v == nil {
		// The value's type is lost with a NULL literal; NULL is NULL in
		// every type for the uses a literal constant has.
		return sessionVar{lit: "NULL", typ: col.Type, value: "NULL"}, nil
	}
	val := *v
	switch col.Type {
	case "fixed":
		lit := val
		if strings.HasPrefix(val, "-") {
			lit = "(" + val + ")"
		}
		return sessionVar{lit: lit, typ: col.Type, value: val}, nil
	case "real":
		return sessionVar{lit: "(" + snowflakeStringLit(val) + "::FLOAT)", typ: col.Type, value: val}, nil
	case "text":
		if len(val) > varLimit {
			return sessionVar{}, varUnsupported("a variable %s of %d bytes (Snowflake documents a limit of 256 bytes and of 16 KB)", name, len(val))
		}
		return sessionVar{lit: snowflakeStringLit(val), typ: col.Type, value: val}, nil
	case "boolean":
		lit := "FALSE"
		if val == "1" {
			lit = "TRUE"
		}
		return sessionVar{lit: lit, typ: col.Type, value: strings.ToLower(lit)}, nil
	case "date":
		days, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return sessionVar{}, fmt.Errorf("variable %s: date %q: %w", name, val, err)
		}
		d := time.Unix(days*86400, 0).UTC().Format("2006-01-02")
		return sessionVar{lit: "(" + snowflakeStringLit(d) + "::DATE)", typ: col.Type, value: d}, nil
	case "timestamp_ntz", "timestamp_ltz":
		sec, frac, _ := strings.Cut(val, ".")
		secs, err1 := strconv.ParseInt(sec, 10, 64)
		nanos, err2 := strconv.ParseInt(frac, 10, 64)
		if err1 != nil || err2 != nil || len(frac) != 9 {
			return sessionVar{}, fmt.Errorf("variable %s: timestamp %q", name, val)
		}
		if nanos%1000 != 0 {
			return sessionVar{}, varUnsupported("a variable %s holding nanoseconds", name)
		}
		t := time.Unix(secs, nanos).UTC()
		if col.Type == "timestamp_ntz" {
			text := t.Format("2006-01-02 15:04:05.000000")
			return sessionVar{lit: "(" + snowflakeStringLit(text) + "::TIMESTAMP_NTZ)", typ: col.Type, value: text}, nil
		}
		// An instant: the offset makes the literal independent of the
		// session's time zone.
		text := t.Format("2006-01-02 15:04:05.000000") + " +00:00"
		return sessionVar{lit: "(" + snowflakeStringLit(text) + "::TIMESTAMP_LTZ)", typ: col.Type, value: text}, nil
	}
	return sessionVar{}, varUnsupported("a variable %s of type %s", name, strings.ToUpper(col.Type))
}

// snowflakeStringLit quotes s as a Snowflake string literal, where a
// backslash starts an escape sequence.
func snowflakeStringLit(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return `'` + strings.ReplaceAll(s, `'`, `''`) + `'`
}

// varStatements are the statements whose session variables are replaced by
// their values: queries, DML, SET itself, CALL and EXECUTE IMMEDIATE. A
// variable elsewhere (a view, task or procedure definition, whose body
// Snowflake may keep with the variable in it) is refused.
var varStatements = map[string]bool{"SELECT": true, "WITH": true, "VALUES": true, "INSERT": true, "UPDATE": true,
	"DELETE": true, "MERGE": true, "SET": true, "CALL": true, "EXECUTE": true}

// bindVariables replaces the session variables $name in text with their
// literals, each preceded by rewrite.VarMarker naming the variable as
// written. An undefined variable is Snowflake's error.
func (s *Session) bindVariables(text string, words []string) (string, error) {
	if upper := strings.ToUpper(text); !strings.Contains(text, "$") && !strings.Contains(upper, "GETVARIABLE") &&
		!strings.Contains(upper, "IS_ROLE_IN_SESSION") && !strings.Contains(upper, "SESSION_CONTEXT") {
		return text, nil
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, nil // the statement's own parse reports it
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	if len(words) > 1 && words[0] == "CREATE" && words[1] == "PROCEDURE" {
		// A procedure's body reads variables when it runs, not when it is
		// created (an unquoted Snowflake Scripting body is tokens here).
		sig = sig[:procedureBodyStart(sig)]
	}
	var b strings.Builder
	last := 0
	for k, t := range sig {
		if isLiteralCall(sig, k, "GETVARIABLE") || isLiteralCall(sig, k, "SESSION_CONTEXT") || isLiteralCall(sig, k, "IS_ROLE_IN_SESSION") {
			var lit string
			var err error
			if !t.IsWord("IS_ROLE_IN_SESSION") {
				// SESSION_CONTEXT('NAME') reads a variable as GETVARIABLE
				// does (the getvariable page: both "must pass the
				// uppercase version" of the name, and print the same).
				lit, err = s.getVariable(strings.ToUpper(t.Text), sig[k+2], words)
			} else {
				lit, err = s.roleInSession(sig[k+2], words)
			}
			if err != nil {
				return "", err
			}
			end := sig[k+3]
			call := text[t.Pos : end.Pos+len(end.Text)]
			b.WriteString(text[last:t.Pos])
			b.WriteString(rewrite.VarMarker(call))
			b.WriteString(lit)
			last = end.Pos + len(end.Text)
			continue
		}
		if t.Kind != sqllex.Variable || isAllDigits(t.Text[1:]) || k > 0 && sig[k-1].IsOp(".") {
			continue
		}
		name := strings.ToUpper(t.Text[1:])
		v, ok := s.vars[name]
		if !ok {
			return "", Errorf("002211", "02000", "SQL compilation error: error line %d at position %d\nSession variable '$%s' does not exist", t.Line, t.Col-1, name)
		}
		if s.ownerRights > 0 {
			// A caller's rights procedure reads the caller's variables, an
			// owner's rights one does not (procedure.go).
			return "", varUnsupported("session variable %s in an owner's rights stored procedure", t.Text)
		}
		identArg := k >= 2 && k+1 < len(sig) && sig[k-1].IsOp("(") && sig[k-2].IsWord("IDENTIFIER") && sig[k+1].IsOp(")")
		if !allowsVariables(words) && !(identArg && len(words) > 0 && (words[0] == "USE" || words[0] == "DROP")) {
			// USE and DROP keep nothing: IDENTIFIER($name) names their
			// object (the identifier-literal page's USE SCHEMA).
			kind := words
			if len(kind) > 2 {
				kind = kind[:2]
			}
			return "", varUnsupported("session variable %s in a %s statement", t.Text, strings.Join(kind, " "))
		}
		if k >= 2 && k+1 < len(sig) && sig[k-1].IsOp("(") && sig[k-2].IsWord("TABLE") && sig[k+1].IsOp(")") {
			// FROM TABLE($name) is FROM IDENTIFIER($name) (the
			// session-variables page).
			if v.typ != "text" {
				return "", varUnsupported("TABLE(%s) of a variable of type %s", t.Text, strings.ToUpper(v.typ))
			}
			tbl := sig[k-2]
			b.WriteString(text[last:tbl.Pos])
			b.WriteString("IDENTIFIER")
			last = tbl.Pos + len(tbl.Text)
		}
		b.WriteString(text[last:t.Pos])
		b.WriteString(rewrite.VarMarker(t.Text))
		b.WriteString(v.lit)
		last = t.Pos + len(t.Text)
	}
	if last == 0 {
		return text, nil
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// procedureBodyStart is the index of the first token of a CREATE
// PROCEDURE statement's body: the one after the AS (not EXECUTE AS) that
// follows the argument list; len(sig) when there is none.
func procedureBodyStart(sig []sqllex.Token) int {
	depth := 0
	for k, t := range sig {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsWord("AS") && !(k > 0 && sig[k-1].IsWord("EXECUTE")):
			return k + 1
		}
	}
	return len(sig)
}

// isLiteralCall reports fn('text') starting at sig[k] (not a qualified
// function of that name): GETVARIABLE('name'), IS_ROLE_IN_SESSION('role').
func isLiteralCall(sig []sqllex.Token, k int, fn string) bool {
	return sig[k].IsWord(fn) && k+3 < len(sig) && sig[k+1].IsOp("(") &&
		sig[k+2].Kind == sqllex.String && sig[k+3].IsOp(")") && (k == 0 || !sig[k-1].IsOp(".")) &&
		!strings.Contains(sig[k+2].Text, "*/")
}

// getVariable is the value of GETVARIABLE('name'): the session variable's
// value as a string, NULL for a name no variable has; the name is matched
// as written ("the output is NULL because Snowflake stores variables with
// all uppercase letters": the session-variables page). A variable of
// another type than text is refused: the page says the value is returned
// as a string without saying how a number or date is written.
func (s *Session) getVariable(fn string, arg sqllex.Token, words []string) (string, error) {
	if s.ownerRights > 0 {
		return "", varUnsupported("%s in an owner's rights stored procedure", fn)
	}
	if !allowsVariables(words) {
		kind := words
		if len(kind) > 2 {
			kind = kind[:2]
		}
		return "", varUnsupported("%s in a %s statement", fn, strings.Join(kind, " "))
	}
	v, ok := s.vars[unquoteString(arg.Text)]
	switch {
	case !ok || v.lit == "NULL":
		return "(CAST(NULL AS VARCHAR))", nil
	case v.typ != "text":
		return "", varUnsupported("%s of a variable of type %s", fn, strings.ToUpper(v.typ))
	}
	return "(CAST(" + v.lit + " AS VARCHAR))", nil
}

// roleInSession is the value of IS_ROLE_IN_SESSION('role'): TRUE when the
// role, named with the casing it is stored with, is the primary role, an
// active secondary role or a role below one of them (docs:
// is_role_in_session). Like GETVARIABLE it is replaced by its value when
// the statement runs, so a definition that keeps it (a view, a policy) and
// an owner's rights procedure, whose active roles the page says differ,
// are refused; a role given by an expression or a column is refused by
// the rewriter as the function is.
func (s *Session) roleInSession(arg sqllex.Token, words []string) (string, error) {
	if s.ownerRights > 0 {
		return "", varUnsupported("IS_ROLE_IN_SESSION in an owner's rights stored procedure")
	}
	if !allowsVariables(words) {
		kind := words
		if len(kind) > 2 {
			kind = kind[:2]
		}
		return "", varUnsupported("IS_ROLE_IN_SESSION in a %s statement", strings.Join(kind, " "))
	}
	if s.e.closure(s.activeRoles()...)[unquoteString(arg.Text)] {
		return "TRUE", nil
	}
	return "FALSE", nil
}

func allowsVariables(words []string) bool {
	if len(words) == 0 {
		return false
	}
	if words[0] == "EXECUTE" {
		return len(words) > 1 && words[1] == "IMMEDIATE"
	}
	if words[0] == "CREATE" {
		// CREATE TABLE ... AS SELECT keeps the values, not the variables.
		return len(words) > 1 && words[1] == "TABLE"
	}
	return varStatements[words[0]]
}

func isAllDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
