package snowlocal

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/scripting"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Stored procedures written in Snowflake Scripting (LANGUAGE SQL): the
// catalog keeps the body; CALL binds the arguments as variables and runs the
// body with the scripting interpreter. Procedures in other languages are
// refused with 002040.

// procArg is a procedure's argument; Out marks an output argument (OUT or
// OUTPUT before its type: docs, CREATE PROCEDURE), whose final value goes
// back to the variable the calling block passed for it.
type procArg struct {
	Name, Type string
	Out        bool `json:",omitempty"`
	// Default is the text of the argument's DEFAULT expression, evaluated
	// when a CALL leaves the argument out (docs: Calling a stored
	// procedure, "Specifying optional arguments").
	Default string `json:",omitempty"`
}

// blockCall is a CALL run by a Snowflake Scripting block (scripting_host.go):
// vars names the block's variable passed as each argument ("" for another
// expression); cmdCall fills out, the output arguments' final values by
// position.
type blockCall struct {
	vars []string
	out  map[int]scripting.Value
}

func cmdCreateProcedure(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "PROCEDURE")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	if !c.acceptOp("(") {
		return nil, syntaxError(c, "'(' opening the argument list")
	}
	var args []procArg
	for !c.acceptOp(")") {
		var a procArg
		if a.Name, err = c.ident(); err != nil {
			return nil, err
		}
		// arg_name [ { IN | INPUT | OUT | OUTPUT } ] arg_data_type (docs:
		// CREATE PROCEDURE; IN is the default).
		switch {
		case c.accept("IN"), c.accept("INPUT"):
		case c.accept("OUT"), c.accept("OUTPUT"):
			a.Out = true
		}
		a.Type = c.span(func(w string) bool { return w == "DEFAULT" })
		if a.Type == "" {
			return nil, syntaxError(c, "the type of argument "+a.Name)
		}
		if err := refuseStructuredSignature("argument "+a.Name, a.Type); err != nil { // structured_signature.go
			return nil, err
		}
		if c.accept("DEFAULT") {
			if a.Out {
				return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'a DEFAULT for the output argument %s': the local engine does not implement it.", a.Name)
			}
			if a.Default = c.span(nil); a.Default == "" {
				return nil, syntaxError(c, "the DEFAULT value of argument "+a.Name)
			}
		}
		if a.Default == "" && len(args) > 0 && args[len(args)-1].Default != "" {
			// "You must specify optional arguments after the required
			// arguments" (docs: Defining arguments for UDFs and stored
			// procedures); Snowflake's error is not shown.
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'the required argument %s after an optional one': the local engine does not implement it.", a.Name)
		}
		args = append(args, a)
		if c.acceptOp(",") {
			continue
		}
		if t, ok := c.peek(0); !ok || !t.IsOp(")") {
			return nil, syntaxError(c, "',' or ')' in the argument list")
		}
	}
	if !c.accept("RETURNS") {
		return nil, syntaxError(c, "RETURNS")
	}
	returns := "TABLE"
	if c.accept("TABLE") {
		c.value() // the column list: the returned RESULTSET's columns are the result
	} else if returns = c.span(func(w string) bool { return functionOptionWords[w] || w == "EXECUTE" }); returns == "" {
		return nil, syntaxError(c, "the return type")
	}
	if err := refuseStructuredSignature("the result", returns); err != nil {
		return nil, err
	}
	lang, executeAs := "", "OWNER" // owner's rights unless EXECUTE AS says (docs: CREATE PROCEDURE)
	for !c.done() && !c.accept("AS") {
		switch {
		case c.accept("LANGUAGE"):
			lang = c.word(0)
			c.pos++
		case c.accept("EXECUTE", "AS"):
			executeAs = c.word(0) // CALLER | OWNER | RESTRICTED CALLER
			c.pos++
			if c.accept("CALLER") {
				executeAs += " CALLER"
			}
		case c.accept("NOT", "NULL"), c.accept("NULL"), c.accept("STRICT"), c.accept("VOLATILE"), c.accept("IMMUTABLE"),
			c.accept("CALLED", "ON", "NULL", "INPUT"), c.accept("RETURNS", "NULL", "ON", "NULL", "INPUT"), c.accept("COPY", "GRANTS"):
		default:
			t, _ := c.peek(0)
			if t.Kind != sqllex.Word {
				return nil, syntaxError(c, "a procedure option or AS")
			}
			c.pos++
			if !c.acceptOp("=") {
				return nil, syntaxError(c, "'=' after "+strings.ToUpper(t.Text))
			}
			c.value()
		}
	}
	if lang != "" && lang != "SQL" {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'LANGUAGE %s procedures': the local engine runs Snowflake Scripting (LANGUAGE SQL) procedures only.", lang)
	}
	body := ""
	if t, ok := c.peek(0); ok && (t.Kind == sqllex.DollarString || t.Kind == sqllex.String) {
		body, _ = c.stringLit()
	} else {
		body = c.rest()
	}
	// Snowflake numbers a body's lines from the text after AS, so a body
	// opening with a line break ($$ on the AS line) has its DECLARE or
	// BEGIN on line 2 (docs: raise, "on line 5" for the fourth line of the
	// block); the line breaks trimmed here are added back at CALL.
	lead := strings.Count(body[:len(body)-len(strings.TrimLeft(body, " \t\r\n"))], "\n")
	body = strings.TrimSpace(body)
	if !scripting.IsBlock(body) {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: the body of procedure %s is not a Snowflake Scripting block (DECLARE ... BEGIN ... END)", n)
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return nil, err
	}
	if old, exists, err := s.e.GetObject(ctx, "PROCEDURE", db, schema, name); err != nil {
		return nil, err
	} else if exists {
		var oldArgs []procArg
		if err := json.Unmarshal([]byte(old.Props["ARGUMENTS"]), &oldArgs); err != nil {
			return nil, err
		}
		if err := checkOverload("PROCEDURE", name, procArgTypes(oldArgs), procArgTypes(args)); err != nil { // function.go
			return nil, err
		}
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
	}
	argsJSON, _ := json.Marshal(args)
	o := Object{Kind: "PROCEDURE", Database: db, Schema: schema, Name: name, SQL: c.text, Owner: s.Role,
		Props: map[string]string{"ARGUMENTS": string(argsJSON), "RETURNS": returns, "BODY": body, "BODY_LINE": strconv.Itoa(lead), "EXECUTE_AS": executeAs}}
	if err := s.e.PutObject(ctx, o); err != nil {
		return nil, err
	}
	return statusResult("Function " + name + " successfully created."), nil
}

func cmdDropProcedure(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "PROCEDURE")
	ifExists := c.accept("IF", "EXISTS")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return nil, err
	}
	return s.e.dropObject(ctx, "PROCEDURE", db, schema, name, ifExists,
		Errorf(CodeNotExist, "02000", "SQL compilation error:\nProcedure '%s' does not exist or not authorized.", name))
}

// cmdCall runs CALL name(args).
func cmdCall(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	// The block's CALL this is, if any; the procedure's own CALLs are not.
	call := s.blockCall
	s.blockCall = nil
	c.accept("CALL")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	if !c.acceptOp("(") {
		return nil, syntaxError(c, "'(' opening the argument list")
	}
	var argTexts, argNames []string
	for !c.acceptOp(")") {
		// name => value (docs: CALL, "You can either specify the input
		// arguments by name (arg_name => arg) or by position (arg)").
		argName := ""
		if t, ok := c.peek(0); ok && t.Kind == sqllex.Word {
			if op, ok := c.peek(1); ok && op.IsOp("=>") {
				argName = strings.ToUpper(t.Text)
				c.pos += 2
			}
		}
		a := c.span(nil)
		if a == "" {
			return nil, syntaxError(c, "an argument")
		}
		argTexts = append(argTexts, a)
		argNames = append(argNames, argName)
		c.acceptOp(",")
	}
	if !c.done() {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CALL ... %s': the local engine does not implement it.", c.word(0))
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return nil, err
	}
	o, ok, err := s.e.GetObject(ctx, "PROCEDURE", db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, Errorf(CodeNotExist, "42000", "SQL compilation error:\nUnknown user-defined function %s.%s.%s.", db, schema, name)
	}
	var params []procArg
	if err := json.Unmarshal([]byte(o.Props["ARGUMENTS"]), &params); err != nil {
		return nil, err
	}
	if argTexts, err = byParameterOrder(params, argNames, argTexts); err != nil {
		return nil, err
	}
	// Arguments left out by position take their defaults, when every one
	// left out has one.
	for len(argTexts) < len(params) && params[len(argTexts)].Default != "" {
		argTexts = append(argTexts, params[len(argTexts)].Default)
	}
	if len(params) != len(argTexts) {
		return nil, Errorf("001044", "42P13", "SQL compilation error: error line 1 at position 5\nInvalid argument types for function '%s': expected %d arguments, got %d", name, len(params), len(argTexts))
	}
	if err := checkOutArgs(params, call); err != nil {
		return nil, err
	}
	args := map[string]scripting.Value{}
	for i, p := range params {
		res, err := s.exec(ctx, "SELECT CAST(("+argTexts[i]+") AS "+p.Type+")", nil)
		if err != nil {
			return nil, err
		}
		t, err := tableFromResult(res)
		if err != nil {
			return nil, err
		}
		args[p.Name] = scripting.Value{Lit: t.Rows[0][0].Lit, Type: p.Type}
	}
	lead, _ := strconv.Atoi(o.Props["BODY_LINE"])
	if o.Props["EXECUTE_AS"] != "CALLER" {
		// "a caller's rights stored procedure can read the caller's session
		// variables"; an owner's rights one "can't access" them, with an
		// error the docs do not show (docs: Writing stored procedures in
		// Snowflake Scripting, "Using and setting SQL variables in a stored
		// procedure"). A restricted caller's rights one is not described.
		s.ownerRights++ // session_vars.go
		defer func() { s.ownerRights-- }()
	}
	res, final, err := s.runBlockArgs(ctx, strings.Repeat("\n", lead)+o.Props["BODY"], scripting.Options{Column: name, Returns: o.Props["RETURNS"], Args: args})
	if err != nil {
		return nil, err
	}
	for i, p := range params {
		if p.Out {
			if call.out == nil {
				call.out = map[int]scripting.Value{}
			}
			call.out[i] = final[p.Name]
		}
	}
	return res, nil
}

// procArgTypes are a procedure's argument types as its signature names
// them (checkOverload).
func procArgTypes(args []procArg) []argType {
	var out []argType
	for _, a := range args {
		out = append(out, argType{displayType(a.Type), a.Default != ""})
	}
	return out
}

// byParameterOrder puts arguments passed by name in the order of the
// procedure's parameters. "You must either specify all arguments by name or
// by position" (docs: CALL): a mix, a name no parameter has, a parameter
// named twice or left out (Snowflake's errors for these are not documented)
// and names passed to a procedure with output arguments are refused.
func byParameterOrder(params []procArg, names, texts []string) ([]string, error) {
	named := 0
	for _, n := range names {
		if n != "" {
			named++
		}
	}
	if named == 0 {
		return texts, nil
	}
	refuse := func(what string) error {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CALL with %s': the local engine does not implement it.", what)
	}
	if named != len(names) {
		return nil, refuse("arguments both by name and by position")
	}
	for _, p := range params {
		if p.Out {
			// a block's variables passed to output arguments are known by
			// position (blockCall)
			return nil, refuse("arguments by name to a procedure with output arguments")
		}
	}
	byName := map[string]string{}
	for i, n := range names {
		if _, dup := byName[n]; dup {
			return nil, refuse("the argument " + n + " named twice")
		}
		byName[n] = texts[i]
	}
	var out []string
	for _, p := range params {
		t, ok := byName[strings.ToUpper(p.Name)]
		if !ok && p.Default != "" {
			t, ok = p.Default, true // an optional argument left out
		}
		if !ok {
			return nil, refuse("the argument " + strings.ToUpper(p.Name) + " not passed")
		}
		out = append(out, t)
		delete(byName, strings.ToUpper(p.Name))
	}
	for n := range byName {
		return nil, refuse("an argument " + n + " the procedure does not have")
	}
	return out, nil
}

// checkOutArgs refuses the calls of a procedure with output arguments that
// the docs do not answer: the CALL must come from a Snowflake Scripting block
// (the docs' calling programs are blocks and procedures) and pass a variable
// of the block, a different one, for each output argument ("The same
// variable can't be used for multiple output arguments", "Session variables
// can't be passed to output arguments", and an expression such as :x + 2
// "returns an error" whose text the docs do not show: Writing stored
// procedures in Snowflake Scripting, "Using arguments passed to a stored
// procedure").
func checkOutArgs(params []procArg, call *blockCall) error {
	used := map[string]bool{}
	for i, p := range params {
		if !p.Out {
			continue
		}
		switch {
		case call == nil || len(call.vars) != len(params):
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CALL of a procedure with output arguments outside a Snowflake Scripting block': the local engine does not implement it.")
		case call.vars[i] == "":
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'an output argument (%s) passed something other than a variable of the calling block': the local engine does not implement it.", p.Name)
		case used[call.vars[i]]:
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'one variable (%s) passed to several output arguments': the local engine does not implement it.", call.vars[i])
		}
		used[call.vars[i]] = true
	}
	return nil
}
