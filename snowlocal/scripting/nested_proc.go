package scripting

import (
	"context"
	"errors"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Nested stored procedures (docs: Writing stored procedures in Snowflake
// Scripting, "Using nested stored procedures"; DECLARE, "Nested stored
// procedure declaration syntax"):
//
//	DECLARE
//	  name PROCEDURE ( [ arg type, ... ] )
//	    RETURNS { type | TABLE ( ... ) }
//	    AS <block>
//
// A nested procedure sees the variables its block declared before it, and
// changes to them persist in the block; it is called by position with CALL
// name(...), as a statement, in CALL ... INTO :var or as a RESULTSET's
// query. The limitations the page lists (no declaration inside a control
// structure or another nested procedure, no named arguments) are refused:
// the page does not show Snowflake's errors for them.

// nestedProc is a nested procedure's declaration.
type nestedProc struct {
	name    string
	params  []nestedParam
	returns string // the return type, or TABLE
	body    *block
}

type nestedParam struct{ name, typ string }

// nestedProc reads the declaration after "name PROCEDURE".
func (p *parser) nestedProc(name string, at sqllex.Token) (*nestedProc, error) {
	if p.control > 0 {
		return nil, &Unsupported{What: "a nested procedure declared inside a control structure or another nested procedure", Line: at.Line, Col: at.Col}
	}
	np := &nestedProc{name: name}
	if err := p.expectOp("("); err != nil {
		return nil, err
	}
	for !p.acceptOp(")") {
		pn, err := p.ident()
		if err != nil {
			return nil, err
		}
		if p.isWord("OUT", "OUTPUT", "IN", "INPUT") {
			// "They don't support output (OUT) arguments."
			return nil, p.unsupported("an argument mode (IN/OUT) in a nested procedure")
		}
		typ, err := p.textUntil(func(t sqllex.Token) bool { return t.IsOp(",") || t.IsOp(")") || t.IsWord("DEFAULT") })
		if err != nil {
			return nil, err
		}
		if p.isWord("DEFAULT") {
			// "They don't support optional arguments with default values."
			return nil, p.unsupported("an optional argument of a nested procedure")
		}
		np.params = append(np.params, nestedParam{name: pn, typ: typ})
		p.acceptOp(",")
	}
	if err := p.expect("RETURNS"); err != nil {
		return nil, err
	}
	if p.accept("TABLE") {
		if _, err := p.parenText(); err != nil {
			return nil, err
		}
		np.returns = "TABLE"
	} else {
		typ, err := p.textUntil(func(t sqllex.Token) bool { return t.IsWord("AS") || t.IsWord("NOT") })
		if err != nil {
			return nil, err
		}
		np.returns = typ
	}
	if p.isWord("NOT") {
		// "Currently, NOT NULL isn't supported in the RETURNS parameter for
		// nested stored procedures."
		return nil, p.unsupported("NOT NULL in a nested procedure's RETURNS")
	}
	if err := p.expect("AS"); err != nil {
		return nil, err
	}
	if !p.isWord("DECLARE") && !p.isWord("BEGIN") {
		return nil, p.unsupported("a nested procedure body that is not a block")
	}
	p.control++
	body, err := p.block()
	p.control--
	if err != nil {
		return nil, err
	}
	if err := checkBlockLabels(body, nil); err != nil {
		return nil, err
	}
	np.body = body
	return np, nil
}

// nestedCall is a CALL statement's parts: the procedure's name, its
// argument texts and the variable after INTO ("" without INTO).
type nestedCall struct {
	name string
	args []string
	into string
	// intoAt is the offset of INTO in the statement's text
	intoAt int
	at     sqllex.Token
}

// parseCall reads CALL name(arg, ...) [INTO :var]. ok is false when text is
// not a CALL of an unqualified name with arguments by position.
func parseCall(text string) (c nestedCall, ok bool, err error) {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return c, false, nil
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	if len(sig) < 4 || !sig[0].IsWord("CALL") || (sig[1].Kind != sqllex.Word && sig[1].Kind != sqllex.QuotedIdent) || !sig[2].IsOp("(") {
		return c, false, nil
	}
	c.name, c.at = strings.ToUpper(sig[1].Text), sig[0]
	if sig[1].Kind == sqllex.QuotedIdent {
		c.name = strings.ReplaceAll(sig[1].Text[1:len(sig[1].Text)-1], `""`, `"`)
	}
	depth, start := 0, -1
	k := 3
	for ; k < len(sig); k++ {
		t := sig[k]
		if start < 0 {
			start = k
		}
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case depth == 0 && (t.IsOp(")") || t.IsOp(",")):
			if k > start {
				c.args = append(c.args, text[sig[start].Pos:sig[k-1].Pos+len(sig[k-1].Text)])
			} else if t.IsOp(",") || len(c.args) > 0 {
				return c, false, nil // an empty argument
			}
			start = -1
			if t.IsOp(")") {
				goto closed
			}
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsOp("=>"):
			return c, true, errors.New("named")
		}
	}
	return c, false, nil
closed:
	rest := sig[k+1:]
	switch {
	case len(rest) == 0:
	case len(rest) == 2 && rest[0].IsWord("INTO") && rest[1].Kind == sqllex.Bind && strings.HasPrefix(rest[1].Text, ":"):
		c.into, c.intoAt = strings.ToUpper(rest[1].Text[1:]), rest[0].Pos
	case len(rest) == 3 && rest[0].IsWord("INTO") && rest[1].IsOp(":") && rest[2].Kind == sqllex.Word:
		c.into, c.intoAt = strings.ToUpper(rest[2].Text), rest[0].Pos
	default:
		return c, false, nil
	}
	return c, true, nil
}

// lookupNested finds the nested procedure a CALL statement names.
func lookupNested(sc *scope, text string) (*variable, nestedCall, bool, error) {
	c, ok, err := parseCall(text)
	if !ok {
		return nil, c, false, nil
	}
	v := sc.lookup(c.name)
	if v == nil || v.kind != "PROCEDURE" {
		return nil, c, false, nil
	}
	if err != nil {
		// "They don't support named input arguments."
		return nil, c, false, &Unsupported{What: "named arguments to the nested procedure " + c.name, Line: c.at.Line, Col: c.at.Col}
	}
	return v, c, true, nil
}

// callNested runs a nested procedure with the CALL's arguments, evaluated
// in the caller's scope and cast to the parameters' types, and returns its
// result: the table it returned, or its value as a one-row table named
// after it.
func (in *interp) callNested(ctx context.Context, sc *scope, v *variable, c nestedCall) (*Table, error) {
	np := v.proc
	if len(c.args) != len(np.params) {
		return nil, &Unsupported{What: "a CALL of the nested procedure " + np.name + " with a different number of arguments than it declares", Line: c.at.Line, Col: c.at.Col}
	}
	if err := in.whilePending("a CALL of a nested procedure", c.at); err != nil {
		return nil, err
	}
	args := newScope(v.procScope)
	for i, p := range np.params {
		val, err := in.eval(ctx, sc, c.args[i], p.typ, c.at)
		if err != nil {
			return nil, err
		}
		args.vars[p.name] = &variable{kind: "VAR", typ: p.typ, val: val}
	}
	sub := &interp{h: in.h, opts: Options{Column: np.name, Returns: np.returns}}
	err := sub.runBlock(ctx, args, np.body)
	if len(sub.jobs) > 0 {
		j := sub.jobs[0]
		return nil, &Unsupported{What: "an ASYNC child job in a nested procedure", Line: j.at.Line, Col: j.at.Col}
	}
	var ret *returned
	switch {
	case errors.As(err, &ret):
		return ret.res.Table, nil
	case err != nil:
		return nil, err
	}
	return sub.value(ctx, args, "NULL")
}

// runNestedCall runs a CALL statement of a nested procedure, keeping its
// value in the INTO variable.
func (in *interp) runNestedCall(ctx context.Context, sc *scope, v *variable, c nestedCall) error {
	t, err := in.callNested(ctx, sc, v, c)
	if err != nil {
		return err
	}
	in.status(sc, t)
	return in.callInto(ctx, sc, t, c)
}

// callInto sets CALL ... INTO :var's variable to the procedure's value.
func (in *interp) callInto(ctx context.Context, sc *scope, t *Table, c nestedCall) error {
	if c.into == "" {
		return nil
	}
	if len(t.Rows) != 1 || len(t.Rows[0]) != 1 {
		return &Unsupported{What: "CALL ... INTO of a procedure that returns a table", Line: c.at.Line, Col: c.at.Col}
	}
	return in.setVar(ctx, sc, c.into, t.Rows[0][0], c.at)
}
