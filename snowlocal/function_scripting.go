package snowlocal

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/scripting"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake Scripting UDFs: SQL functions whose body is a block (docs:
// developer-guide/udf/sql/udf-sql-procedural-functions). Such a function is
// a DuckDB macro like any SQL function, whose expression is the Go scalar
// function __flurry_script_udf: per row it runs the block through the
// scripting interpreter that runs procedures, with the row's arguments
// bound as the block's variables. The interpreter evaluates each expression
// as a query, which cannot run on the connection whose statement is calling
// the function, so the rows of a chunk are run in a second session of the
// same user, role, current schema, parameters and session variables.
//
// The docs limit these functions to blocks, variables, RETURN, conditional
// logic, loops and exceptions over the numeric, string, date-time and
// logical types, without SQL statements, cursors, RESULTSETs, asynchronous
// child jobs, user-defined functions, aggregate or window functions
// (scripting.CheckFunction and checkScriptingExpr refuse them, as the docs
// do not give Snowflake's errors). The local engine takes the argument and
// return types it can carry exactly between DuckDB and the interpreter.

// scriptingTypes are the argument and return types (as displayType names
// them) a Snowflake Scripting UDF runs with in the local engine.
var scriptingTypes = map[string]bool{"NUMBER": true, "FLOAT": true, "VARCHAR": true, "BOOLEAN": true, "DATE": true}

// scriptingFunctionMacro builds the CREATE MACRO statement of a Snowflake
// Scripting UDF after checking that its body is what such a function holds.
func (s *Session) scriptingFunctionMacro(ctx context.Context, f *function) (string, error) {
	refuse := func(what string) error {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'Snowflake Scripting UDF %s' (function %s): the local engine does not implement it.", what, strings.ToUpper(f.Name))
	}
	if f.isTable() {
		// "Snowflake Scripting UDFs can't be defined as table functions."
		return "", refuse("defined as a table function (the docs do not support it)")
	}
	if _, ok := f.Props["MEMOIZABLE"]; ok || memoizable.MatchString(f.SQL) {
		// "Snowflake Scripting UDFs can't be memoizable."
		return "", refuse("declared MEMOIZABLE (the docs do not support it)")
	}
	for _, a := range f.args {
		if !scriptingTypes[displayType(a.Type)] {
			return "", refuse("with an argument of type " + strings.ToUpper(a.Type))
		}
	}
	if !scriptingTypes[displayType(f.Props["RETURNS"])] {
		return "", refuse("returning " + strings.ToUpper(f.Props["RETURNS"]))
	}
	if err := s.checkScriptingBody(ctx, f); err != nil {
		return "", err
	}
	head, err := s.macroHead(f)
	if err != nil {
		return "", err
	}
	key, _ := json.Marshal([]string{f.Database, f.Schema, f.Name})
	call := []string{quoteString(string(key))}
	for _, a := range f.args {
		arg, err := castSQL(quoteIdent(a.Name), a.Type)
		if err != nil {
			return "", err
		}
		call = append(call, "CAST(("+arg+") AS VARCHAR)")
	}
	ret, err := castSQL("__flurry_script_udf("+strings.Join(call, ", ")+")", f.Props["RETURNS"])
	if err != nil {
		return "", err
	}
	return head + "(" + ret + ")", nil
}

// memoizable finds the MEMOIZABLE option in a CREATE FUNCTION statement
// (parseCreateFunction takes it without recording it).
var memoizable = regexp.MustCompile(`(?is)^[^$']*\bMEMOIZABLE\b`)

// checkScriptingBody refuses a body that is not a Snowflake Scripting UDF's.
func (s *Session) checkScriptingBody(ctx context.Context, f *function) error {
	err := scripting.CheckFunction(f.Props["BODY"], func(expr string, at sqllex.Token) error {
		return s.checkScriptingExpr(expr, at)
	})
	return scriptError(err)
}

// checkScriptingExpr refuses an expression of a Snowflake Scripting UDF
// that the docs rule out: a query, a user-defined function, an aggregate
// or window function.
func (s *Session) checkScriptingExpr(expr string, at sqllex.Token) error {
	sig, err := sqllex.TokenizeSignificant(expr)
	if err != nil {
		return err
	}
	refuse := func(what string) error {
		return &scripting.Unsupported{What: what + " in a Snowflake Scripting UDF (the docs do not support it there)", Line: at.Line, Col: at.Col}
	}
	for i, t := range sig {
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			continue
		}
		call := i+1 < len(sig) && sig[i+1].IsOp("(")
		switch u := strings.ToUpper(t.Text); {
		case t.Kind == sqllex.Word && u == "SELECT":
			return refuse("a query")
		case t.Kind == sqllex.Word && u == "OVER":
			return refuse("a window function")
		case t.Kind == sqllex.Word && sessionBoundFunctions[u] && (i == 0 || !sig[i-1].IsOp(".")):
			// The block's expressions run in a second session, in
			// statements of their own.
			return refuse("the function " + u + " (the local engine would answer from another statement)")
		case call && t.Kind == sqllex.Word && (i == 0 || !sig[i-1].IsOp(".")) && rewrite.IsAggregate(u):
			return refuse("the aggregate function " + u)
		case call:
			name := identText(t)
			for j := i - 2; j >= 0 && sig[j+1].IsOp(".") && (sig[j].Kind == sqllex.Word || sig[j].Kind == sqllex.QuotedIdent); j -= 2 {
				name = identText(sig[j]) + "." + name
			}
			if s.isUserFunction(name) {
				return refuse("the user-defined function " + name)
			}
		}
	}
	return nil
}

// sessionBoundFunctions answer from the statement or session that calls
// them (its start time, its query ID, the session): a Snowflake Scripting
// UDF's expressions would call them from another.
var sessionBoundFunctions = map[string]bool{"CURRENT_DATE": true, "CURRENT_TIME": true, "CURRENT_TIMESTAMP": true,
	"LOCALTIME": true, "LOCALTIMESTAMP": true, "GETDATE": true, "SYSDATE": true, "SYSTIMESTAMP": true,
	"LAST_QUERY_ID": true, "CURRENT_SESSION": true, "CURRENT_STATEMENT": true, "CURRENT_TRANSACTION": true}

// scriptUDFExecutor is the DuckDB scalar function
// __flurry_script_udf(function_key, args...): the arguments come as text
// (their declared types' DuckDB values cast to VARCHAR), the result too,
// cast by the macro to the return type.
type scriptUDFExecutor struct{}

func registerScriptUDFExecutor(ctx context.Context, e *Engine) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := duckdb.RegisterScalarUDF(conn, "__flurry_script_udf", &scriptUDFExecutor{}); err != nil {
		return fmt.Errorf("register the Snowflake Scripting UDF executor: %w", err)
	}
	return nil
}

func (*scriptUDFExecutor) Config() duckdb.ScalarFuncConfig {
	text, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	return duckdb.ScalarFuncConfig{
		InputTypeInfos:      []duckdb.TypeInfo{text},
		VariadicTypeInfo:    text,
		ResultTypeInfo:      text,
		Volatile:            true, // run per row at execution, never folded while planning
		SpecialNullHandling: true, // a NULL argument reaches the block as NULL
	}
}

func (*scriptUDFExecutor) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{ChunkContextExecutor: executeScriptUDFChunk}
}

func executeScriptUDFChunk(ctx context.Context, chunk *duckdb.ChunkIteratorState) error {
	in := chunk.GetInputChunk()
	n := in.GetSize()
	if n == 0 {
		return nil
	}
	s, _ := ctx.Value(sessionKey{}).(*Session)
	if s == nil {
		return errors.New("__flurry_script_udf: called outside a local engine session")
	}
	out, err := s.runScriptUDFChunk(ctx, in, n)
	if err != nil {
		return s.scriptUDFFail(err)
	}
	i := 0
	for st, err := range chunk.Rows() {
		if err != nil {
			return err
		}
		var v any
		if out[i] != nil {
			v = *out[i]
		}
		if err := st.SetResult(v); err != nil {
			return err
		}
		i++
	}
	return nil
}

// scriptingUDFCalled names a Snowflake Scripting UDF that Snowflake SQL
// text calls, "" when it calls none.
func (s *Session) scriptingUDFCalled(text string) string {
	toks, err := sqllex.TokenizeSignificant(text)
	if err != nil {
		return ""
	}
	for i, t := range toks {
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent || i+1 >= len(toks) || !toks[i+1].IsOp("(") {
			continue
		}
		name := identText(t)
		for j := i - 2; j >= 0 && toks[j+1].IsOp(".") && (toks[j].Kind == sqllex.Word || toks[j].Kind == sqllex.QuotedIdent); j -= 2 {
			name = identText(toks[j]) + "." + name
		}
		if f, ok := s.userScalarFunction(name); ok && f.language() == "SQL" && scriptingBody.MatchString(f.Props["BODY"]) {
			return strings.ToUpper(name)
		}
	}
	return ""
}

// runScriptUDFChunk runs the function named by the chunk's first column on
// each of its n rows.
func (s *Session) runScriptUDFChunk(ctx context.Context, in *duckdb.DataChunk, n int) ([]*string, error) {
	key, err := in.GetValue(0, 0)
	if err != nil {
		return nil, err
	}
	var parts []string
	if k, _ := key.(string); json.Unmarshal([]byte(k), &parts) != nil || len(parts) != 3 {
		return nil, fmt.Errorf("__flurry_script_udf: bad function reference %v", key)
	}
	f, ok, err := s.e.getFunction(ctx, parts[0], parts[1], parts[2])
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nFunction '%s' does not exist or not authorized.", parts[2])
	}
	// DuckDB runs chunks on several threads at once: the caller's session
	// is only read here (its memo is not), the rest is the second
	// session's.
	sub, err := s.expressionSession(ctx)
	if err != nil {
		return nil, err
	}
	defer sub.Close()
	// A user-defined function the body calls may have been created since.
	if err := sub.checkScriptingBody(ctx, f); err != nil {
		return nil, err
	}
	out := make([]*string, n)
	for r := 0; r < n; r++ {
		args := map[string]scripting.Value{}
		for i, a := range f.args {
			x, err := in.GetValue(i+1, r)
			if err != nil {
				return nil, err
			}
			text, _ := x.(string)
			args[a.Name] = scriptingArg(a.Type, text, x == nil)
		}
		ran, err := scripting.Run(ctx, functionHost{scriptHost{sub}}, f.Props["BODY"], scripting.Options{Column: f.Name, Returns: f.Props["RETURNS"], Args: args, Function: true})
		if err != nil {
			return nil, scriptError(err)
		}
		res, _ := ran.Table.Raw.(*Result)
		if res == nil {
			return nil, fmt.Errorf("function %s: its block returned no result", f.Name)
		}
		if len(res.Rows) != 1 || len(res.Columns) != 1 {
			return nil, fmt.Errorf("function %s: its block returned %d rows", f.Name, len(res.Rows))
		}
		if out[r], err = scriptingResultText(res.Columns[0], res.Rows[0][0]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// functionHost runs a Snowflake Scripting UDF's block. An exception the
// block does not handle ends the calling statement with an error whose
// text for a function the docs do not give (a procedure's names the line
// of the CALL), so it is refused.
type functionHost struct{ scriptHost }

func (h functionHost) Error(code int, state, msg string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'an exception a Snowflake Scripting UDF does not handle (%s)': the local engine does not know Snowflake's error for it.", msg)
}

// scriptingArg is the variable an argument of declared type typ holding
// the DuckDB text of its value becomes (as scripting_host.go's literal
// writes values of those types).
func scriptingArg(typ, text string, null bool) scripting.Value {
	v := scripting.Value{Type: typ}
	switch {
	case null:
		v.Lit = "CAST(NULL AS " + typ + ")"
	case displayType(typ) == "VARCHAR":
		v.Lit = quoteLiteral(text)
	case displayType(typ) == "BOOLEAN":
		v.Lit = strings.ToUpper(text)
	default: // NUMBER, FLOAT, DATE: DuckDB's text of the value parses back exactly
		v.Lit = "CAST(" + quoteLiteral(text) + " AS " + typ + ")"
	}
	return v
}

// scriptingResultText is the text of a block's return value (a wire value
// of one of scriptingTypes) that DuckDB casts to the return type.
func scriptingResultText(c Column, v *string) (*string, error) {
	if v == nil {
		return nil, nil
	}
	s := *v
	switch c.Type {
	case "fixed", "text":
	case "real":
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("float %q: %w", s, err)
		}
		switch {
		case math.IsNaN(f):
			s = "NaN"
		case math.IsInf(f, 1):
			s = "inf"
		case math.IsInf(f, -1):
			s = "-inf"
		}
	case "boolean":
		s = strconv.FormatBool(s == "1")
	case "date":
		days, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("date %q: %w", s, err)
		}
		s = time.Unix(days*86400, 0).UTC().Format("2006-01-02")
	default:
		return nil, fmt.Errorf("a Snowflake Scripting UDF returned a %s value", c.Type)
	}
	return &s, nil
}

// expressionSession opens a session like s (user, role, secondary roles,
// current database and schema, parameters, session variables) on another
// connection, for the expressions of a function s's statement is running.
func (s *Session) expressionSession(ctx context.Context) (*Session, error) {
	sub, err := s.e.NewSession(ctx, s.User, s.Database, s.Schema, s.Role, s.Warehouse)
	if err != nil {
		return nil, err
	}
	for name, v := range s.params.snapshot() {
		if err := sub.storeParameter(ctx, name, v); err != nil {
			sub.Close()
			return nil, err
		}
	}
	sub.secondaryAll, sub.secondary = s.secondaryAll, s.secondary
	sub.vars = s.vars
	return sub, nil
}

// scriptUDFFail records the first failure of a Snowflake Scripting UDF in
// the running statement, which DuckDB reports wrapped in its own words
// (statementError gives it back).
func (s *Session) scriptUDFFail(err error) error {
	s.ext.scriptMu.Lock()
	defer s.ext.scriptMu.Unlock()
	if s.ext.scriptErr == nil {
		s.ext.scriptErr = err
	}
	return err
}

// takeScriptUDFError returns and clears the statement's recorded failure.
func (s *Session) takeScriptUDFError() error {
	s.ext.scriptMu.Lock()
	defer s.ext.scriptMu.Unlock()
	err := s.ext.scriptErr
	s.ext.scriptErr = nil
	return err
}

// scriptUDFState is the per-statement state of the Snowflake Scripting
// UDFs a statement runs (sessionExt).
type scriptUDFState struct {
	scriptMu  sync.Mutex
	scriptErr error
}
