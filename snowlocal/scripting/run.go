package scripting

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Value is a scripting value as a SQL literal that reproduces it exactly
// (typed: CAST('10.00' AS NUMBER(38,2)), 'text', TRUE, NULL) and its
// Snowflake type.
type Value struct {
	Lit  string
	Type string
}

var null = Value{Lit: "NULL"}

// Table is the result of one statement as the host ran it.
type Table struct {
	Columns  []string
	Types    []string  // Snowflake SQL types (NUMBER(12,2), VARCHAR ...)
	Rows     [][]Value // values as literals
	Affected int64     // rows inserted/updated/deleted (DML)
	DML      bool
	Query    bool // a SELECT-like statement (ACTIVITY_COUNT counts its rows)
	Raw      any  // the host's own result, returned as is by RETURN TABLE(...)
}

// Host runs SQL for the interpreter.
type Host interface {
	// Run executes one Snowflake SQL statement (or a nested block).
	Run(ctx context.Context, sql string) (*Table, error)
	// ErrorInfo classifies an error the host returned: Snowflake's code,
	// SQLSTATE and message.
	ErrorInfo(err error) (code int, state, msg string)
	// Error makes the host's error for an uncaught exception.
	Error(code int, state, msg string) error
}

// Caller is a Host that runs a CALL knowing which of its arguments are the
// block's variables, so that the procedure's output arguments come back to
// them: "the stored procedure can return the current value of the output
// argument to a calling program" (docs: Writing stored procedures in
// Snowflake Scripting, "Using arguments passed to a stored procedure").
type Caller interface {
	// Call runs the CALL statement sql (its variables already replaced by
	// their values); vars names the variable passed as each argument, ""
	// where the argument is not one variable. out holds the final values of
	// the procedure's output arguments by argument position.
	Call(ctx context.Context, sql string, vars []string) (t *Table, out map[int]Value, err error)
}

// Options are a run's parameters.
type Options struct {
	// Column is the result column name: "anonymous block" or the procedure's.
	Column string
	// Returns is a procedure's return type ("" for an anonymous block);
	// "TABLE" when it returns a table.
	Returns string
	// Args are the procedure's arguments, bound as variables.
	Args map[string]Value
	// Function: the block is the body of a Snowflake Scripting UDF, which
	// returns a value; what Snowflake answers when it ends without RETURN
	// is not documented, so that is refused.
	Function bool
	// Src line offset: positions in messages are relative to the block.
}

// Result is what a block returns: a table (RETURN TABLE(...)) or one value
// computed by the host as the one-row result.
type Result struct {
	Table *Table
	// Args are the final values of the procedure's arguments (Options.Args
	// by name): an output argument's value goes back to the caller.
	Args map[string]Value
}

// Run parses and runs a block.
func Run(ctx context.Context, h Host, src string, opts Options) (*Result, error) {
	b, err := parseBlock(src)
	if err != nil {
		return nil, err
	}
	if err := checkAsyncWords(src, b.async); err != nil {
		return nil, err
	}
	in := &interp{h: h, opts: opts}
	global := newScope(nil)
	for _, n := range []string{"SQLCODE", "SQLERRM", "SQLSTATE", "SQLROWCOUNT", "SQLFOUND", "SQLNOTFOUND", "ACTIVITY_COUNT"} {
		global.vars[n] = &variable{kind: "VAR", val: null}
	}
	for k, v := range opts.Args {
		global.vars[strings.ToUpper(k)] = &variable{kind: "VAR", typ: v.Type, val: v}
	}
	err = in.runBlock(ctx, global, b)
	if len(in.jobs) > 0 {
		var un *Unsupported
		if !errors.As(err, &un) {
			// "if the stored procedure runs a child job that is still
			// running when the stored procedure completes, the child job is
			// canceled automatically" (docs: await): whether it had run is
			// timing.
			j := in.jobs[0]
			return nil, &Unsupported{What: "an ASYNC child job not awaited when the block ends (Snowflake cancels it)", Line: j.at.Line, Col: j.at.Col}
		}
	}
	var ret *returned
	switch {
	case errors.As(err, &ret):
		return &Result{Table: ret.res.Table, Args: finalArgs(global, opts.Args)}, nil
	case err != nil:
		var ex *exception
		if errors.As(err, &ex) {
			return nil, in.uncaught(ex)
		}
		return nil, err
	}
	if opts.Function {
		return nil, &Unsupported{What: "a Snowflake Scripting UDF ending without RETURN", Line: 1, Col: 1}
	}
	// No RETURN: the block returns NULL.
	t, err := in.value(ctx, global, "NULL")
	if err != nil {
		return nil, err
	}
	return &Result{Table: t, Args: finalArgs(global, opts.Args)}, nil
}

// finalArgs are the values the arguments' variables hold at the end.
func finalArgs(global *scope, args map[string]Value) map[string]Value {
	if len(args) == 0 {
		return nil
	}
	out := make(map[string]Value, len(args))
	for k := range args {
		if v := global.vars[strings.ToUpper(k)]; v != nil {
			out[k] = v.val
		}
	}
	return out
}

type variable struct {
	kind   string // VAR, CURSOR, RESULTSET, EXCEPTION, ROW
	typ    string
	val    Value
	fields map[string]Value // ROW: the loop record's columns
	// CURSOR / RESULTSET
	query string
	table *Table
	pos   int
	open  bool
	job   *job // RESULTSET: its ASYNC job, until AWAIT runs it
	// PROCEDURE: a nested procedure and the scope its body sees
	proc      *nestedProc
	procScope *scope
	// EXCEPTION
	code int
	msg  string
}

type scope struct {
	parent *scope
	vars   map[string]*variable
}

func newScope(parent *scope) *scope { return &scope{parent: parent, vars: map[string]*variable{}} }

func (s *scope) lookup(name string) *variable {
	for sc := s; sc != nil; sc = sc.parent {
		if v, ok := sc.vars[name]; ok {
			return v
		}
	}
	return nil
}

type interp struct {
	h    Host
	opts Options
	jobs []*job // ASYNC child jobs not yet awaited, in start order
}

// Control flow travels as errors.
type (
	returned  struct{ res *Result }
	breakLoop struct{ label string } // label: the loop to leave ("" the innermost)
	contLoop  struct{ label string } // label: the loop to continue ("" the innermost)
	exception struct {
		name      string // exception name (upper-cased), STATEMENT_ERROR, EXPRESSION_ERROR
		code      int
		state     string
		msg       string
		line, col int
	}
)

func (*returned) Error() string  { return "RETURN" }
func (*breakLoop) Error() string { return "BREAK outside a loop" }
func (*contLoop) Error() string  { return "CONTINUE outside a loop" }
func (e *exception) Error() string {
	s := fmt.Sprintf("Uncaught exception of type '%s' on line %d at position %d", e.name, e.line, e.col-1)
	if e.msg == "" {
		// An exception declared without a message (docs: raise).
		return s
	}
	return s + " : " + e.msg
}

func (in *interp) uncaught(ex *exception) error {
	return in.h.Error(ex.code, ex.state, ex.Error())
}

func (in *interp) runBlock(ctx context.Context, parent *scope, b *block) error {
	sc := newScope(parent)
	// The block's nested procedures can call one another (nested_proc.go).
	for _, d := range b.decls {
		if d.kind == "PROCEDURE" {
			sc.vars[d.name] = &variable{kind: d.kind, proc: d.proc}
		}
	}
	for _, d := range b.decls {
		if d.kind == "PROCEDURE" {
			// It sees the variables declared before it, not those after:
			// a copy of the names declared so far, sharing the variables.
			v := sc.vars[d.name]
			v.procScope = newScope(parent)
			for k, x := range sc.vars {
				v.procScope.vars[k] = x
			}
			continue
		}
		v := &variable{kind: d.kind, typ: d.typ, val: null, code: d.code, msg: d.msg, query: d.expr}
		sc.vars[d.name] = v
		switch d.kind {
		case "VAR":
			if d.expr != "" {
				val, err := in.eval(ctx, sc, d.expr, d.typ, d.at)
				if err == nil && d.typ == "" {
					val, err = in.inferred(ctx, val, d.at) // infer.go
				}
				if err != nil {
					return err
				}
				v.val = val
				if v.typ == "" {
					v.typ = val.Type
				}
			}
		case "RESULTSET":
			if d.async {
				if err := in.startJob(ctx, sc, d.expr, d.at, v); err != nil {
					return err
				}
				continue
			}
			if d.expr != "" && hasFlowOperator(d.expr) {
				return &Unsupported{What: flowDeclared, Line: d.at.Line, Col: d.at.Col}
			}
			if d.expr != "" {
				t, err := in.query(ctx, sc, d.expr, d.at)
				if err != nil {
					return err
				}
				v.table = t
			}
		case "CURSOR":
			// A cursor over a declared RESULTSET reads its rows.
			if rs := sc.lookup(strings.ToUpper(strings.TrimSpace(d.expr))); rs != nil && rs.kind == "RESULTSET" {
				if rs.job != nil {
					return pendingRead(d.expr, d.at)
				}
				v.table = rs.table
				v.query = ""
			}
		}
	}
	bodyScope := newScope(sc) // LET in the body is not visible to handlers
	err := in.runList(ctx, bodyScope, b.body, b.handlers, sc)
	var ex *exception
	if errors.As(err, &ex) {
		if h := matchHandler(b.handlers, ex); h != nil {
			return in.runHandler(ctx, sc, h, ex)
		}
	}
	return err
}

func matchHandler(hs []handler, ex *exception) *handler {
	for i := range hs {
		for _, n := range hs[i].names {
			if n == ex.name || n == "OTHER" {
				return &hs[i]
			}
		}
	}
	return nil
}

// runHandler runs an exception handler with SQLCODE/SQLERRM/SQLSTATE set.
func (in *interp) runHandler(ctx context.Context, sc *scope, h *handler, ex *exception) error {
	hs := newScope(sc)
	hs.vars["SQLCODE"] = &variable{kind: "VAR", val: Value{Lit: fmt.Sprint(ex.code), Type: "NUMBER(38,0)"}}
	hs.vars["SQLERRM"] = &variable{kind: "VAR", val: textValue(ex.msg)}
	hs.vars["SQLSTATE"] = &variable{kind: "VAR", val: textValue(ex.state)}
	hs.vars["$HANDLING"] = &variable{kind: "EXCEPTION", code: ex.code, msg: ex.msg, val: textValue(ex.state), query: ex.name}
	return in.runList(ctx, hs, h.body, nil, nil)
}

func textValue(s string) Value {
	return Value{Lit: "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'", Type: "VARCHAR"}
}

// runList runs statements; an exception with a CONTINUE handler of the
// enclosing block (handlers, declared in hscope) resumes after the statement.
func (in *interp) runList(ctx context.Context, sc *scope, list []*stmt, handlers []handler, hscope *scope) error {
	for _, s := range list {
		if err := ctx.Err(); err != nil {
			return err
		}
		err := in.runStmt(ctx, sc, s, handlers, hscope)
		if err == nil {
			continue
		}
		var ex *exception
		if errors.As(err, &ex) && hscope != nil {
			if h := matchHandler(handlers, ex); h != nil && h.cont {
				if err := in.runHandler(ctx, hscope, h, ex); err != nil {
					return err
				}
				continue
			}
		}
		return err
	}
	return nil
}

func (in *interp) runStmt(ctx context.Context, sc *scope, s *stmt, handlers []handler, hscope *scope) error {
	inner := func(sc *scope, list []*stmt) error { return in.runList(ctx, sc, list, handlers, hscope) }
	switch s.kind {
	case "BLOCK":
		return in.runBlock(ctx, sc, s.block)
	case "NULL":
		return nil
	case "LET", "ASSIGN":
		return in.assign(ctx, sc, s)
	case "LETCURSOR":
		v := &variable{kind: "CURSOR", query: s.text}
		if rs := sc.lookup(strings.ToUpper(strings.TrimSpace(s.text))); rs != nil && rs.kind == "RESULTSET" {
			if rs.job != nil {
				return pendingRead(s.text, s.at)
			}
			v.table, v.query = rs.table, ""
		}
		sc.vars[s.name] = v
		return nil
	case "IF":
		for i, c := range s.conds {
			ok, err := in.cond(ctx, sc, c, s.at)
			if err != nil {
				return err
			}
			if ok {
				return inner(newScope(sc), s.body[i])
			}
		}
		if len(s.body) > len(s.conds) {
			return inner(newScope(sc), s.body[len(s.conds)])
		}
		return nil
	case "CASE":
		for i, c := range s.conds {
			expr := c
			if s.text != "" {
				expr = "(" + s.text + ") = (" + c + ")"
			}
			ok, err := in.cond(ctx, sc, expr, s.at)
			if err != nil {
				return err
			}
			if ok {
				return inner(newScope(sc), s.body[i])
			}
		}
		if len(s.body) > len(s.conds) {
			return inner(newScope(sc), s.body[len(s.conds)])
		}
		return nil
	case "FOR":
		from, err := in.intValue(ctx, sc, s.from, s.at)
		if err != nil {
			return err
		}
		to, err := in.intValue(ctx, sc, s.to, s.at)
		if err != nil {
			return err
		}
		step, i := int64(1), from
		if s.reverse {
			step, i = -1, to
		}
		for ; (!s.reverse && i <= to) || (s.reverse && i >= from); i += step {
			ls := newScope(sc)
			ls.vars[s.name] = &variable{kind: "VAR", typ: "NUMBER(38,0)", val: Value{Lit: fmt.Sprint(i), Type: "NUMBER(38,0)"}}
			if stop, err := loopBody(inner(ls, s.body[0]), s.label); stop || err != nil {
				return err
			}
		}
		return nil
	case "FORCUR":
		src := sc.lookup(s.text)
		if src == nil || (src.kind != "CURSOR" && src.kind != "RESULTSET") {
			return &Unsupported{What: "FOR over " + s.text + " (not a cursor or RESULTSET)", Line: s.at.Line, Col: s.at.Col}
		}
		if src.job != nil {
			return pendingRead(s.text, s.at)
		}
		t := src.table
		if src.kind == "CURSOR" && src.query != "" {
			var err error
			if t, err = in.query(ctx, sc, src.query, s.at); err != nil {
				return err
			}
		}
		if t == nil {
			return in.statementError(fmt.Errorf("RESULTSET %s has no query", s.text), s.at)
		}
		for _, row := range t.Rows {
			ls := newScope(sc)
			rec := &variable{kind: "ROW", fields: map[string]Value{}}
			for i, c := range t.Columns {
				rec.fields[strings.ToUpper(c)] = row[i]
			}
			ls.vars[s.name] = rec
			if stop, err := loopBody(inner(ls, s.body[0]), s.label); stop || err != nil {
				return err
			}
		}
		return nil
	case "WHILE":
		for {
			ok, err := in.cond(ctx, sc, s.conds[0], s.at)
			if err != nil || !ok {
				return err
			}
			if stop, err := loopBody(inner(newScope(sc), s.body[0]), s.label); stop || err != nil {
				return err
			}
		}
	case "REPEAT":
		for {
			if stop, err := loopBody(inner(newScope(sc), s.body[0]), s.label); stop || err != nil {
				return err
			}
			ok, err := in.cond(ctx, sc, s.conds[0], s.at)
			if err != nil || ok {
				return err
			}
		}
	case "LOOP":
		for {
			if stop, err := loopBody(inner(newScope(sc), s.body[0]), s.label); stop || err != nil {
				return err
			}
		}
	case "BREAK":
		return &breakLoop{label: s.label}
	case "CONTINUE":
		return &contLoop{label: s.label}
	case "RETURN":
		return in.ret(ctx, sc, s)
	case "RAISE":
		if s.name == "" {
			h := sc.lookup("$HANDLING")
			if h == nil {
				return &Unsupported{What: "RAISE without an exception outside a handler", Line: s.at.Line, Col: s.at.Col}
			}
			return &exception{name: h.query, code: h.code, state: strings.Trim(h.val.Lit, "'"), msg: h.msg, line: s.at.Line, col: s.at.Col}
		}
		v := sc.lookup(s.name)
		if v == nil || v.kind != "EXCEPTION" {
			return in.h.Error(2003, "42000", fmt.Sprintf("SQL compilation error:\nerror line %d at position %d\ninvalid identifier '%s'", s.at.Line, s.at.Col-1, s.name))
		}
		return &exception{name: s.name, code: v.code, state: "P0001", msg: v.msg, line: s.at.Line, col: s.at.Col}
	case "OPEN":
		v := sc.lookup(s.name)
		if v == nil || v.kind != "CURSOR" {
			return in.statementError(fmt.Errorf("cursor '%s' does not exist", s.name), s.at)
		}
		if v.query != "" {
			q, err := in.bindPositional(sc, v.query, s.args, s.at)
			if err != nil {
				return err
			}
			if v.table, err = in.query(ctx, sc, q, s.at); err != nil {
				return err
			}
		}
		v.pos, v.open = 0, true
		return nil
	case "FETCH":
		v := sc.lookup(s.name)
		if v == nil || v.kind != "CURSOR" || !v.open || v.table == nil {
			return in.statementError(fmt.Errorf("cursor '%s' is not open", s.name), s.at)
		}
		var row []Value
		if v.pos < len(v.table.Rows) {
			row = v.table.Rows[v.pos]
			v.pos++
		}
		for i, name := range s.args {
			val := null
			if row != nil && i < len(row) {
				val = row[i]
			}
			if row != nil && i >= len(row) {
				// "If there are more variables than columns, Snowflake
				// leaves the remaining variables unset" (docs: Working
				// with cursors): whether a variable that holds a value
				// keeps it is not said; one that holds NULL stays NULL.
				if cur := sc.lookup(strings.ToUpper(name)); cur != nil && cur.kind == "VAR" && !strings.EqualFold(cur.val.Lit, "NULL") {
					return &Unsupported{What: "FETCH into more variables than the cursor's columns, one of them holding a value", Line: s.at.Line, Col: s.at.Col}
				}
				continue
			}
			if err := in.setVar(ctx, sc, name, val, s.at); err != nil {
				return err
			}
		}
		return nil
	case "CLOSE":
		if v := sc.lookup(s.name); v != nil && v.kind == "CURSOR" {
			v.open = false
		}
		return nil
	case "SQL":
		return in.sql(ctx, sc, s)
	case "ASYNC":
		return in.startJob(ctx, sc, s.text, s.at, nil)
	case "AWAIT":
		return in.await(ctx, sc, s)
	}
	return &Unsupported{What: s.kind, Line: s.at.Line, Col: s.at.Col}
}

// loopBody maps the outcome of one iteration of the loop labelled label: a
// BREAK without a label or naming this loop stops it without error, a
// CONTINUE without a label or naming this loop goes on; a BREAK or CONTINUE
// naming an enclosing loop stops this one and goes on to that loop (BREAK,
// CONTINUE: "exit out of not only the current loop, but also an enclosing
// loop").
func loopBody(err error, label string) (stop bool, _ error) {
	var b *breakLoop
	var c *contLoop
	switch {
	case err == nil:
		return false, nil
	case errors.As(err, &c):
		if c.label == "" || c.label == label {
			return false, nil
		}
	case errors.As(err, &b):
		if b.label == "" || b.label == label {
			return true, nil
		}
	}
	return true, err
}

func (in *interp) assign(ctx context.Context, sc *scope, s *stmt) error {
	if s.isQuery && s.kind == "LET" && hasFlowOperator(s.text) {
		return &Unsupported{What: flowDeclared, Line: s.at.Line, Col: s.at.Col}
	}
	if s.async {
		v := &variable{kind: "RESULTSET"}
		if s.kind == "LET" {
			sc.vars[s.name] = v
		} else if v = sc.lookup(s.name); v == nil || v.kind != "RESULTSET" {
			return &Unsupported{What: "ASYNC assigned to " + s.name + ", which is not a RESULTSET", Line: s.at.Line, Col: s.at.Col}
		}
		return in.startJob(ctx, sc, s.text, s.at, v)
	}
	if s.isQuery && s.kind == "LET" && s.text == "" {
		sc.vars[s.name] = &variable{kind: "RESULTSET"} // LET res RESULTSET;
		return nil
	}
	if s.isQuery {
		t, err := in.query(ctx, sc, s.text, s.at)
		if err != nil {
			return err
		}
		if s.kind == "LET" {
			sc.vars[s.name] = &variable{kind: "RESULTSET", table: t}
			return nil
		}
		v := sc.lookup(s.name)
		if v != nil && v.kind == "RESULTSET" {
			if v.job != nil {
				return &Unsupported{What: "assigning RESULTSET " + s.name + " whose ASYNC job has not been awaited", Line: s.at.Line, Col: s.at.Col}
			}
			v.table = t
			return nil
		}
		// A scalar subquery assigned to a value variable.
		s2 := *s
		s2.text, s2.isQuery = "("+s.text+")", false
		return in.assign(ctx, sc, &s2)
	}
	if s.kind == "LET" {
		val, err := in.eval(ctx, sc, s.text, s.typ, s.at)
		if err == nil && s.typ == "" {
			val, err = in.inferred(ctx, val, s.at) // infer.go
		}
		if err != nil {
			return err
		}
		typ := s.typ
		if typ == "" {
			typ = val.Type
		}
		sc.vars[s.name] = &variable{kind: "VAR", typ: typ, val: val}
		return nil
	}
	v := sc.lookup(s.name)
	if v == nil {
		return in.h.Error(2003, "42000", fmt.Sprintf("SQL compilation error:\nerror line %d at position %d\ninvalid identifier '%s'", s.at.Line, s.at.Col-1, s.name))
	}
	if v.kind != "VAR" {
		return &Unsupported{What: "assigning an expression to a " + v.kind, Line: s.at.Line, Col: s.at.Col}
	}
	val, err := in.eval(ctx, sc, s.text, v.typ, s.at)
	if err != nil {
		return err
	}
	v.val = val
	if v.typ == "" {
		v.typ = val.Type
	}
	return nil
}

// flowDeclared names a RESULTSET declared and assigned a query using the
// flow operator in one statement, which "returns an error" whose text the
// docs do not show (docs: Flow operators, Limitations: "you can't combine
// declaration and assignment of a RESULTSET if you use the pipe operator").
const flowDeclared = "a RESULTSET declared with a query using the flow operator ->> (Snowflake: an error)"

// hasFlowOperator reports whether text holds the flow operator ->>.
func hasFlowOperator(text string) bool {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return false
	}
	for _, t := range toks {
		if t.IsOp("->>") {
			return true
		}
	}
	return false
}

// setVar assigns an already computed value, cast to the variable's type.
func (in *interp) setVar(ctx context.Context, sc *scope, name string, val Value, at sqllex.Token) error {
	v := sc.lookup(strings.ToUpper(name))
	if v == nil || v.kind != "VAR" {
		return in.h.Error(2003, "42000", fmt.Sprintf("SQL compilation error:\nerror line %d at position %d\ninvalid identifier '%s'", at.Line, at.Col-1, strings.ToUpper(name)))
	}
	if v.typ != "" && !strings.EqualFold(v.typ, val.Type) {
		cast, err := in.evalLit(ctx, "CAST("+val.Lit+" AS "+v.typ+")", at)
		if err != nil {
			return err
		}
		val = cast
	}
	v.val = val
	if v.typ == "" {
		v.typ = val.Type
	}
	return nil
}

func (in *interp) ret(ctx context.Context, sc *scope, s *stmt) error {
	text := strings.TrimSpace(s.text)
	if text == "" {
		text = "NULL"
	}
	if inner, ok := tableArg(text); ok {
		name := strings.ToUpper(strings.TrimSpace(inner))
		if c, ok := tableArg2(inner, "RESULTSET_FROM_CURSOR"); ok {
			name = strings.ToUpper(strings.TrimSpace(c))
		}
		v := sc.lookup(name)
		if v != nil && v.job != nil {
			return pendingRead(name, s.at)
		}
		if v == nil || v.table == nil {
			return in.statementError(fmt.Errorf("RESULTSET %s has no rows to return", name), s.at)
		}
		return &returned{res: &Result{Table: v.table}}
	}
	if len(in.jobs) > 0 && readsState(text) {
		return in.whilePending("a RETURN expression reading a table", s.at)
	}
	t, err := in.value(ctx, sc, text)
	if err != nil {
		return in.exprError(err, s.at)
	}
	return &returned{res: &Result{Table: t}}
}

// tableArg matches TABLE(x) and returns x.
func tableArg(text string) (string, bool) { return tableArg2(text, "TABLE") }

func tableArg2(text, fn string) (string, bool) {
	t := strings.TrimSpace(text)
	if len(t) <= len(fn)+2 || !strings.EqualFold(t[:len(fn)], fn) {
		return "", false
	}
	rest := strings.TrimSpace(t[len(fn):])
	if !strings.HasPrefix(rest, "(") || !strings.HasSuffix(rest, ")") {
		return "", false
	}
	return rest[1 : len(rest)-1], true
}

// value computes the block's return value: one row, one column named as the
// options say, cast to the procedure's return type.
func (in *interp) value(ctx context.Context, sc *scope, expr string) (*Table, error) {
	e, err := in.substitute(sc, expr, true)
	if err != nil {
		return nil, err
	}
	if in.opts.Returns != "" && !strings.EqualFold(in.opts.Returns, "TABLE") {
		e = "CAST((" + e + ") AS " + in.opts.Returns + ")"
	}
	col := in.opts.Column
	if col == "" {
		col = "anonymous block"
	}
	return in.h.Run(ctx, "SELECT "+e+" AS "+quoteIdent(col))
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// pendingRead refuses reading a RESULTSET before its AWAIT: "the stored
// procedure can't access the query results until an AWAIT statement returns
// the results" (docs: await), and what it gets is not documented.
func pendingRead(name string, at sqllex.Token) error {
	return &Unsupported{What: "reading RESULTSET " + strings.ToUpper(strings.TrimSpace(name)) + " before AWAIT", Line: at.Line, Col: at.Col}
}

func (in *interp) sql(ctx context.Context, sc *scope, s *stmt) error {
	if err := in.whilePending("a SQL statement", s.at); err != nil {
		return err
	}
	text, into, err := splitInto(s.text)
	if err != nil {
		return &Unsupported{What: err.Error(), Line: s.at.Line, Col: s.at.Col}
	}
	if t, ok := executeImmediate(text); ok {
		expr, using := splitUsing(t)
		val, err := in.eval(ctx, sc, expr, "", s.at)
		if err != nil {
			return err
		}
		text = strings.Trim(val.Lit, "'")
		text = strings.ReplaceAll(text, "''", "'")
		if using != nil {
			if text, err = in.bindPositional(sc, text, using, s.at); err != nil {
				return err
			}
		}
	}
	q, err := in.substitute(sc, text, false)
	if err != nil {
		return err
	}
	if v, c, ok, err := lookupNested(sc, text); err != nil {
		return err
	} else if ok {
		return in.runNestedCall(ctx, sc, v, c) // nested_proc.go
	}
	if c, ok, _ := parseCall(text); ok && c.into != "" {
		// CALL ... INTO :var (docs: CALL): the INTO clause is the block's.
		text = text[:c.intoAt]
		if q, err = in.substitute(sc, text, false); err != nil {
			return err
		}
		t, err := in.callHost(ctx, sc, q, text, s.at)
		if err != nil {
			return err
		}
		return in.callInto(ctx, sc, t, c)
	}
	if _, err := in.callHost(ctx, sc, q, text, s.at); err != errNotCall {
		return err
	}
	t, err := in.h.Run(ctx, q)
	if err != nil {
		return in.statementError(err, s.at)
	}
	in.status(sc, t)
	if into != nil {
		if len(t.Rows) != 1 {
			return in.statementError(fmt.Errorf("SELECT INTO returned %d rows, want exactly one", len(t.Rows)), s.at)
		}
		for i, name := range into {
			if i < len(t.Rows[0]) {
				if err := in.setVar(ctx, sc, name, t.Rows[0][i], s.at); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// errNotCall: callHost was given a statement that is not a CALL.
var errNotCall = errors.New("not a CALL")

// callHost runs the CALL statement q (text before substitution) through the
// host's Caller and returns the procedure's result.
func (in *interp) callHost(ctx context.Context, sc *scope, q, text string, at sqllex.Token) (*Table, error) {
	vars, ok := callVariables(sc, text)
	c, isCaller := in.h.(Caller)
	if !ok || !isCaller {
		return nil, errNotCall
	}
	return in.call(ctx, sc, c, q, vars, at)
}

// call runs a CALL through the host's Caller and copies the procedure's
// output arguments back to the variables passed for them, each converted to
// its variable's type: "supported coercions are performed automatically",
// and a FLOAT variable passed to a NUMBER output argument holds a FLOAT
// again after the call (docs: Writing stored procedures in Snowflake
// Scripting, "Using an output argument with a different data type than the
// input value from a calling procedure").
func (in *interp) call(ctx context.Context, sc *scope, c Caller, q string, vars []string, at sqllex.Token) (*Table, error) {
	t, out, err := c.Call(ctx, q, vars)
	if err != nil {
		return nil, in.statementError(err, at)
	}
	in.status(sc, t)
	for i, val := range out {
		if i >= len(vars) || vars[i] == "" {
			return nil, in.statementError(fmt.Errorf("output argument %d of the CALL is not a variable", i+1), at)
		}
		if err := in.setVar(ctx, sc, vars[i], val, at); err != nil {
			return nil, err
		}
	}
	return t, nil
}

// callVariables reads a CALL name(arg, ...) statement: the variable each
// argument passes (:name of a variable of the block), "" for any other
// argument. ok is false when text is not such a CALL.
func callVariables(sc *scope, text string) (vars []string, ok bool) {
	if t := strings.TrimSpace(text); len(t) < 4 || !strings.EqualFold(t[:4], "CALL") {
		return nil, false // not a CALL (a comment before CALL is read as none)
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return nil, false
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	if len(sig) == 0 || !sig[0].IsWord("CALL") {
		return nil, false
	}
	open := -1
	for k, t := range sig {
		if t.IsOp("(") {
			open = k
			break
		}
	}
	if open < 0 {
		return nil, false
	}
	var arg []sqllex.Token
	depth := 0
	flush := func() {
		name := ""
		if len(arg) == 1 && arg[0].Kind == sqllex.Bind && strings.HasPrefix(arg[0].Text, ":") {
			if v := sc.lookup(strings.ToUpper(arg[0].Text[1:])); v != nil && v.kind == "VAR" {
				name = strings.ToUpper(arg[0].Text[1:])
			}
		}
		vars = append(vars, name)
		arg = nil
	}
	for k := open + 1; k < len(sig); k++ {
		t := sig[k]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case depth == 0 && t.IsOp(")"):
			if len(arg) > 0 || len(vars) > 0 {
				flush()
			}
			return vars, true
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsOp(","):
			flush()
			continue
		}
		arg = append(arg, t)
	}
	return nil, false
}

// executeImmediate matches EXECUTE IMMEDIATE <expr> inside a block.
func executeImmediate(text string) (string, bool) {
	f := strings.Fields(text)
	if len(f) >= 3 && strings.EqualFold(f[0], "EXECUTE") && strings.EqualFold(f[1], "IMMEDIATE") {
		rest := strings.TrimSpace(text[strings.Index(strings.ToUpper(text), "IMMEDIATE")+len("IMMEDIATE"):])
		if strings.HasPrefix(rest, "$$") {
			return "", false // a literal body: the host runs it
		}
		return rest, true
	}
	return "", false
}

// status sets the DML status variables after a SQL statement.
func (in *interp) status(sc *scope, t *Table) {
	set := func(n string, v Value) {
		if x := sc.lookup(n); x != nil {
			x.val = v
		}
	}
	count := int64(len(t.Rows))
	if t.DML {
		count = t.Affected
		set("SQLROWCOUNT", Value{Lit: fmt.Sprint(t.Affected), Type: "NUMBER(38,0)"})
		set("SQLFOUND", boolValue(t.Affected > 0))
		set("SQLNOTFOUND", boolValue(t.Affected == 0))
	} else {
		set("SQLROWCOUNT", null)
		set("SQLFOUND", null)
		set("SQLNOTFOUND", null)
	}
	if !t.DML && !t.Query {
		count = 0
	}
	set("ACTIVITY_COUNT", Value{Lit: fmt.Sprint(count), Type: "NUMBER(38,0)"})
}

func boolValue(b bool) Value {
	if b {
		return Value{Lit: "TRUE", Type: "BOOLEAN"}
	}
	return Value{Lit: "FALSE", Type: "BOOLEAN"}
}

// splitInto removes "INTO :a, :b" from a SELECT and returns the variables.
func splitInto(text string) (string, []string, error) {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, nil, nil
	}
	var sig []int
	for i, t := range toks {
		if t.Significant() {
			sig = append(sig, i)
		}
	}
	if len(sig) == 0 || !toks[sig[0]].IsWord("SELECT") {
		return text, nil, nil
	}
	depth := 0
	for k, i := range sig {
		t := toks[i]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsWord("INTO"):
			var vars []string
			j := k + 1
			for j < len(sig) {
				v := toks[sig[j]]
				if v.Kind == sqllex.Bind && strings.HasPrefix(v.Text, ":") {
					vars = append(vars, strings.ToUpper(v.Text[1:]))
				} else if v.Kind == sqllex.Word {
					vars = append(vars, strings.ToUpper(v.Text))
				} else {
					return "", nil, errors.New("SELECT INTO target")
				}
				j++
				if j < len(sig) && toks[sig[j]].IsOp(",") {
					j++
					continue
				}
				break
			}
			end := len(text)
			if j < len(sig) {
				end = toks[sig[j]].Pos
			}
			return text[:t.Pos] + " " + text[end:], vars, nil
		}
	}
	return text, nil, nil
}

func (in *interp) query(ctx context.Context, sc *scope, q string, at sqllex.Token) (*Table, error) {
	if err := in.whilePending("a query", at); err != nil {
		return nil, err
	}
	if t, ok := executeImmediate(q); ok {
		// (EXECUTE IMMEDIATE :sql [USING (a, b)])
		expr, using := splitUsing(t)
		val, err := in.eval(ctx, sc, expr, "", at)
		if err != nil {
			return nil, err
		}
		text := strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(val.Lit, "'"), "'"), "''", "'")
		text = strings.TrimSuffix(strings.TrimSpace(text), ";")
		if q, err = in.bindPositional(sc, text, using, at); err != nil {
			return nil, err
		}
		t, err := in.h.Run(ctx, q)
		if err != nil {
			return nil, in.statementError(err, at)
		}
		return t, nil
	}
	if v, c, ok, err := lookupNested(sc, q); err != nil {
		return nil, err
	} else if ok {
		if c.into != "" {
			return nil, &Unsupported{What: "CALL ... INTO as a RESULTSET's query", Line: at.Line, Col: at.Col}
		}
		return in.callNested(ctx, sc, v, c) // nested_proc.go
	}
	text, err := in.substitute(sc, q, false)
	if err != nil {
		return nil, err
	}
	t, err := in.h.Run(ctx, text)
	if err != nil {
		return nil, in.statementError(err, at)
	}
	in.status(sc, t)
	return t, nil
}

// splitUsing splits EXECUTE IMMEDIATE's operand "<expr> [USING (a, b)]"
// into the expression and the names of the variables bound to its
// placeholders (nil without USING).
func splitUsing(t string) (string, []string) {
	i := indexWordTop(t, "USING")
	if i < 0 {
		return t, nil
	}
	u := strings.TrimSpace(t[i+len("USING"):])
	u = strings.TrimSuffix(strings.TrimPrefix(u, "("), ")")
	var using []string
	for _, a := range strings.Split(u, ",") {
		using = append(using, strings.TrimSpace(a))
	}
	return strings.TrimSpace(t[:i]), using
}

func indexWordTop(s, w string) int {
	toks, err := sqllex.Tokenize(s)
	if err != nil {
		return -1
	}
	depth := 0
	for _, t := range toks {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		case depth == 0 && t.IsWord(w):
			return t.Pos
		}
	}
	return -1
}

// bindPositional replaces the placeholders of q with the USING variables:
// each ? takes the next one, and :n the nth, which a statement may reuse
// (docs: Bind variables, "numbering bind variables by position and reusing
// a bind variable in a SQL statement").
func (in *interp) bindPositional(sc *scope, q string, names []string, at sqllex.Token) (string, error) {
	toks, err := sqllex.Tokenize(q)
	if err != nil {
		return "", err
	}
	value := func(k int) (string, error) {
		if k >= len(names) {
			return "", in.statementError(fmt.Errorf("not enough USING values for the bind variables"), at)
		}
		v := sc.lookup(strings.ToUpper(strings.TrimPrefix(names[k], ":")))
		if v == nil || v.kind != "VAR" {
			return "", in.statementError(fmt.Errorf("invalid identifier '%s'", strings.ToUpper(names[k])), at)
		}
		return v.val.Lit, nil
	}
	var b strings.Builder
	n := 0
	for _, t := range toks {
		if t.Kind == sqllex.Bind && t.Text == "?" {
			lit, err := value(n)
			if err != nil {
				return "", err
			}
			b.WriteString(lit)
			n++
			continue
		}
		if t.Kind == sqllex.Bind && len(t.Text) > 1 && t.Text[0] == ':' {
			if k, err := strconv.Atoi(t.Text[1:]); err == nil && k >= 1 {
				lit, err := value(k - 1)
				if err != nil {
					return "", err
				}
				b.WriteString(lit)
				continue
			}
		}
		b.WriteString(t.Text)
	}
	return identifierLiterals(b.String()), nil
}

var identifierString = regexp.MustCompile(`(?i)\bIDENTIFIER\(\s*'((?:[A-Za-z_][A-Za-z0-9_$]*)(?:\.[A-Za-z_][A-Za-z0-9_$]*){0,2})'\s*\)`)

// identifierLiterals turns IDENTIFIER('name') — a bound variable used as an
// object name — into the name itself, as Snowflake resolves it.
func identifierLiterals(q string) string { return identifierString.ReplaceAllString(q, "$1") }

// eval computes an expression (cast to typ when given).
func (in *interp) eval(ctx context.Context, sc *scope, expr, typ string, at sqllex.Token) (Value, error) {
	if len(in.jobs) > 0 && readsState(expr) {
		return null, in.whilePending("an expression reading a table", at)
	}
	e, err := in.substitute(sc, expr, true)
	if err != nil {
		return null, err
	}
	if typ != "" {
		e = "CAST((" + e + ") AS " + typ + ")"
	}
	v, err := in.evalLit(ctx, e, at)
	if err != nil {
		return null, err
	}
	if typ != "" {
		v.Type = typ
	}
	return v, nil
}

func (in *interp) evalLit(ctx context.Context, e string, at sqllex.Token) (Value, error) {
	t, err := in.h.Run(ctx, "SELECT "+e)
	if err != nil {
		return null, in.exprError(err, at)
	}
	if len(t.Rows) != 1 || len(t.Rows[0]) != 1 {
		return null, in.exprError(fmt.Errorf("expression returned %d rows", len(t.Rows)), at)
	}
	return t.Rows[0][0], nil
}

func (in *interp) cond(ctx context.Context, sc *scope, expr string, at sqllex.Token) (bool, error) {
	v, err := in.eval(ctx, sc, expr, "", at)
	if err != nil {
		return false, err
	}
	return v.Lit == "TRUE", nil
}

func (in *interp) intValue(ctx context.Context, sc *scope, expr string, at sqllex.Token) (int64, error) {
	v, err := in.eval(ctx, sc, expr, "NUMBER(38,0)", at)
	if err != nil {
		return 0, err
	}
	var n int64
	lit := strings.TrimSuffix(strings.TrimPrefix(v.Lit, "CAST("), " AS NUMBER(38,0))")
	if _, err := fmt.Sscan(lit, &n); err != nil {
		return 0, in.exprError(fmt.Errorf("FOR bound %s is not an integer", v.Lit), at)
	}
	return n, nil
}

func (in *interp) statementError(err error, at sqllex.Token) error {
	var ex *exception
	var un *Unsupported
	if errors.As(err, &ex) || errors.As(err, &un) {
		return err
	}
	code, state, msg := in.h.ErrorInfo(err)
	if code == 2040 {
		return err // an unsupported construct stays a refusal
	}
	return &exception{name: "STATEMENT_ERROR", code: code, state: state, msg: msg, line: at.Line, col: at.Col}
}

func (in *interp) exprError(err error, at sqllex.Token) error {
	var ex *exception
	var un *Unsupported
	if errors.As(err, &ex) || errors.As(err, &un) {
		return err
	}
	code, state, msg := in.h.ErrorInfo(err)
	if code == 2040 {
		return err
	}
	return &exception{name: "EXPRESSION_ERROR", code: code, state: state, msg: msg, line: at.Line, col: at.Col}
}

// substitute replaces variable references with their literals: :name
// always, and in expressions (bare) also name and record.field.
func (in *interp) substitute(sc *scope, text string, bare bool) (string, error) {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	prevSig := sqllex.Token{}
	nextSig := func(i int) (int, sqllex.Token) {
		for j := i + 1; j < len(toks); j++ {
			if toks[j].Significant() {
				return j, toks[j]
			}
		}
		return len(toks), sqllex.Token{}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		name := ""
		switch {
		case t.Kind == sqllex.Bind && strings.HasPrefix(t.Text, ":"):
			name = strings.ToUpper(t.Text[1:])
		case bare && t.Kind == sqllex.Word && !prevSig.IsOp(".") && !prevSig.IsOp("::"):
			name = strings.ToUpper(t.Text)
		}
		if name != "" {
			if v := sc.lookup(name); v != nil {
				if v.kind == "VAR" && v.val.Type == unavailable {
					return "", &Unsupported{What: name + " after ASYNC or AWAIT ALL (the docs say it is not available)", Line: t.Line, Col: t.Col}
				}
				j, nt := nextSig(i)
				switch {
				case v.kind == "ROW" && nt.IsOp("."):
					k, ft := nextSig(j)
					if ft.Kind == sqllex.Word || ft.Kind == sqllex.QuotedIdent {
						f := strings.ToUpper(ft.Text)
						if ft.Kind == sqllex.QuotedIdent {
							f = strings.Trim(ft.Text, `"`)
						}
						val, ok := v.fields[f]
						if !ok {
							return "", &exception{name: "EXPRESSION_ERROR", code: 904, state: "42000", msg: fmt.Sprintf("invalid identifier '%s.%s'", name, f)}
						}
						b.WriteString("(" + val.Lit + ")")
						i, prevSig = k, ft
						continue
					}
				case v.kind == "VAR" && !nt.IsOp("(") && !nt.IsOp("."):
					if singleString(v.val.Lit) {
						// A text stands alone where a statement wants a
						// string literal, not an expression: COMMENT =
						// :comment (docs: Writing stored procedures in
						// Snowflake Scripting, "Example of using a bind
						// variable to set the value of a property").
						b.WriteString(v.val.Lit)
					} else {
						b.WriteString("(" + v.val.Lit + ")")
					}
					prevSig = t
					continue
				}
			} else if name == "SQLID" {
				// The query ID of the last query (docs: Getting the query ID
				// of the last query): the interpreter keeps none.
				return "", &Unsupported{What: "SQLID", Line: t.Line, Col: t.Col}
			} else if t.Kind == sqllex.Bind {
				return "", &exception{name: "STATEMENT_ERROR", code: 2003, state: "42000", msg: fmt.Sprintf("SQL compilation error:\ninvalid identifier '%s'", name), line: t.Line, col: t.Col}
			}
		}
		b.WriteString(t.Text)
		if t.Significant() {
			prevSig = t
		}
	}
	return identifierLiterals(b.String()), nil
}

// singleString reports whether lit is one string literal token.
func singleString(lit string) bool {
	toks, err := sqllex.Tokenize(lit)
	return err == nil && len(toks) == 1 && toks[0].Kind == sqllex.String
}
