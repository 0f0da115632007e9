package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// ALTER SESSION SET and UNSET. The parameters, their validation and what
// query responses echo of them (data.parameters: the drivers render dates,
// times, timestamps and binary values with the *_OUTPUT_FORMAT ones, read
// integers as BigInt with JS_TREAT_INTEGER_AS_BIGINT, tune themselves with
// CLIENT_*) are one table (params_table.go) read through params.go.

func init() { extensions = append(extensions, installSessionParameters) }

func installSessionParameters(ctx context.Context, e *Engine) error {
	e.Register("ALTER SESSION SET", cmdAlterSessionSet)
	e.Register("ALTER SESSION UNSET", cmdAlterSessionUnset)
	return nil
}

// cmdAlterSessionSet: ALTER SESSION SET name = value [[,] name = value ...]
// (pairs separated by blank spaces, commas or new lines). The statement is
// all or nothing: every pair is checked before any is applied.
func cmdAlterSessionSet(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos += 3
	type pair struct{ name, value string }
	var pairs []pair
	for !c.done() {
		t, _ := c.peek(0)
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s", c.where())
		}
		name := t.Text
		if t.Kind == sqllex.QuotedIdent {
			name = unquoteIdent(t.Text)
		}
		c.pos++
		if !c.acceptOp("=") || c.done() {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: ALTER SESSION SET expects name = value, %s", c.where())
		}
		pairs = append(pairs, pair{name, c.value()})
		c.acceptOp(",")
	}
	if len(pairs) == 0 {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: ALTER SESSION SET expects name = value, %s", c.where())
	}
	type checked struct{ name, value string }
	var ok []checked
	for _, p := range pairs {
		name, v, err := checkParameter(p.name, p.value)
		if err != nil {
			return nil, err
		}
		ok = append(ok, checked{name, v})
	}
	for _, p := range ok {
		if err := s.storeParameter(ctx, p.name, p.value); err != nil {
			return nil, err
		}
	}
	return statusResult("Statement executed successfully."), nil
}

// cmdAlterSessionUnset: ALTER SESSION UNSET name [, name ...]; a value after
// a name is a syntax error, as the ALTER SESSION reference says.
func cmdAlterSessionUnset(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos += 3
	var names []string
	for !c.done() {
		t, _ := c.peek(0)
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s", c.where())
		}
		name := t.Text
		if t.Kind == sqllex.QuotedIdent {
			name = unquoteIdent(t.Text)
		}
		names = append(names, name)
		c.pos++
		if !c.done() && !c.acceptOp(",") {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s", c.where())
		}
	}
	if len(names) == 0 {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s", c.where())
	}
	for _, name := range names {
		if _, known := paramTable[strings.ToUpper(name)]; !known {
			return nil, Errorf("001006", "22023", "SQL compilation error:\ninvalid parameter '%s'", name)
		}
	}
	for _, name := range names {
		if err := s.unsetParameter(ctx, name); err != nil {
			return nil, err
		}
	}
	return statusResult("Statement executed successfully."), nil
}
