package snowlocal

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/scripting"
	"github.com/flurry-dev/flurry/snowlocal/sfunc"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake Scripting: anonymous blocks, EXECUTE IMMEDIATE and stored
// procedures written in SQL (CREATE PROCEDURE ... LANGUAGE SQL, CALL). The
// interpreter lives in package scripting; this file is its host: it runs the
// block's statements through the session (without taking the session lock
// again) and turns results into typed SQL literals the interpreter can
// substitute for variables.

func init() { extensions = append(extensions, installScripting) }

func installScripting(ctx context.Context, e *Engine) error {
	e.Register("EXECUTE IMMEDIATE", cmdExecuteImmediate)
	e.Register("CREATE PROCEDURE", cmdCreateProcedure)
	e.Register("DROP PROCEDURE", cmdDropProcedure)
	e.Register("CALL", cmdCall)
	return nil
}

// scriptHost runs a block's statements in session s.
type scriptHost struct{ s *Session }

func (h scriptHost) Run(ctx context.Context, text string) (*scripting.Table, error) {
	res, err := h.s.exec(ctx, text, nil)
	if err != nil {
		return nil, err
	}
	return tableFromResult(res)
}

// Call runs a block's CALL statement: cmdCall takes the variables passed as
// arguments and leaves the output arguments' values (procedure.go).
func (h scriptHost) Call(ctx context.Context, text string, vars []string) (*scripting.Table, map[int]scripting.Value, error) {
	call := &blockCall{vars: vars}
	prev := h.s.blockCall
	h.s.blockCall = call
	defer func() { h.s.blockCall = prev }()
	t, err := h.Run(ctx, text)
	if err != nil {
		return nil, nil, err
	}
	return t, call.out, nil
}

func (h scriptHost) ErrorInfo(err error) (int, string, string) {
	var se *Error
	if errors.As(err, &se) {
		code, _ := strconv.Atoi(se.Code)
		return code, se.SQLState, se.Message
	}
	return 100000, "XX000", err.Error()
}

func (h scriptHost) Error(code int, state, msg string) error {
	c := fmt.Sprintf("%06d", code)
	if code < 0 {
		c = strconv.Itoa(code)
	}
	return Errorf(c, state, "%s", msg)
}

// runBlock runs a Snowflake Scripting block.
func (s *Session) runBlock(ctx context.Context, src string, opts scripting.Options) (*Result, error) {
	res, _, err := s.runBlockArgs(ctx, src, opts)
	return res, err
}

// runBlockArgs runs a block and returns its arguments' final values too.
func (s *Session) runBlockArgs(ctx context.Context, src string, opts scripting.Options) (*Result, map[string]scripting.Value, error) {
	s.blockDepth++
	out, err := scripting.Run(ctx, scriptHost{s}, src, opts)
	s.blockDepth--
	if err != nil {
		return nil, nil, scriptError(err)
	}
	res, _ := out.Table.Raw.(*Result)
	if res == nil {
		return nil, nil, Errorf("100000", "XX000", "the block returned no result")
	}
	return res, out.Args, nil
}

func scriptError(err error) error {
	var un *scripting.Unsupported
	var syn *scripting.SyntaxError
	var le *sqllex.Error
	var ii *scripting.InvalidIdentifier
	switch {
	case errors.As(err, &ii):
		return Errorf(CodeInvalidIdent, "42000", "SQL compilation error:\n%s", ii.Error())
	case errors.As(err, &un):
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\n%s", un.Error())
	case errors.As(err, &syn):
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\n%s", syn.Error())
	case errors.As(err, &le):
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error line %d at position %d: %s", le.Line, le.Col-1, le.Msg)
	}
	return err
}

// cmdExecuteImmediate runs EXECUTE IMMEDIATE '<sql>' | $$<sql>$$.
func cmdExecuteImmediate(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("EXECUTE", "IMMEDIATE")
	t, ok := c.peek(0)
	if !ok {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: EXECUTE IMMEDIATE needs a string")
	}
	var body string
	switch t.Kind {
	case sqllex.DollarString:
		body = t.Text[2 : len(t.Text)-2]
	case sqllex.String:
		body = unquoteString(t.Text)
	default:
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'EXECUTE IMMEDIATE %s': the local engine runs EXECUTE IMMEDIATE of a string or $$ literal only.", t.Text)
	}
	c.pos++
	if !c.done() {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'EXECUTE IMMEDIATE ... %s': the local engine does not implement it.", c.word(0))
	}
	// The body keeps its leading newline: Snowflake counts lines in error
	// positions from the $$ that opens it.
	if scripting.IsBlock(body) {
		return s.runBlock(ctx, body, scripting.Options{})
	}
	stmts, err := sqllex.Split(body)
	if err != nil {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
	}
	if len(stmts) != 1 {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'EXECUTE IMMEDIATE of %d statements': the local engine runs one statement or one block.", len(stmts))
	}
	return s.exec(ctx, stmts[0].Text, nil)
}

// tableFromResult converts a result to the interpreter's literals.
func tableFromResult(res *Result) (*scripting.Table, error) {
	t := &scripting.Table{Raw: res, Affected: res.RowsAffected}
	switch {
	case res.StatementTypeID == 0x1000:
		t.Query = true
	case res.StatementTypeID >= 0x3000 && res.StatementTypeID < 0x4000:
		t.DML = true
	}
	for _, c := range res.Columns {
		if c.Type == "decfloat" {
			return nil, decfloatHeld()
		}
		t.Columns = append(t.Columns, c.Name)
		t.Types = append(t.Types, sqlType(c))
	}
	for _, row := range res.Rows {
		vals := make([]scripting.Value, len(row))
		for i, v := range row {
			lit, err := literal(res.Columns[i], v)
			if err != nil {
				return nil, err
			}
			vals[i] = scripting.Value{Lit: lit, Type: t.Types[i]}
		}
		t.Rows = append(t.Rows, vals)
	}
	return t, nil
}

// sqlType is the Snowflake SQL type of a wire column.
func sqlType(c Column) string {
	switch c.Type {
	case "fixed":
		p := c.Precision
		if p == 0 {
			p = 38
		}
		return fmt.Sprintf("NUMBER(%d,%d)", p, c.Scale)
	case "real":
		return "FLOAT"
	case "text":
		return "VARCHAR"
	case "boolean":
		return "BOOLEAN"
	case "date":
		return "DATE"
	case "time":
		return "TIME"
	case "timestamp_ntz":
		return "TIMESTAMP_NTZ"
	case "timestamp_ltz":
		return "TIMESTAMP_LTZ"
	case "timestamp_tz":
		return "TIMESTAMP_TZ"
	case "variant":
		return "VARIANT"
	case "object":
		return "OBJECT"
	case "array":
		return "ARRAY"
	case "binary":
		return "BINARY"
	}
	return "VARCHAR"
}

func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", "''") + "'"
}

// decfloatHeld refuses to hold a DECFLOAT result column's values: the
// engine holds no DECFLOAT value (rewrite/decfloat.go).
func decfloatHeld() error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'a DECFLOAT value held by the local engine (a Snowflake Scripting variable, RESULT_SCAN, a flow operator)': the local engine does not implement it.")
}

// literal is SQL text that reproduces a wire value with its type.
func literal(c Column, v *string) (string, error) {
	typ := sqlType(c)
	if v == nil {
		return "CAST(NULL AS " + typ + ")", nil
	}
	s := *v
	switch c.Type {
	case "fixed":
		if c.Scale == 0 {
			return s, nil
		}
		return "CAST(" + s + " AS " + typ + ")", nil
	case "real":
		return "CAST(" + quoteLiteral(s) + " AS FLOAT)", nil
	case "text":
		return quoteLiteral(s), nil
	case "boolean":
		if s == "1" || strings.EqualFold(s, "true") {
			return "TRUE", nil
		}
		return "FALSE", nil
	case "date":
		days, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return "", fmt.Errorf("date %q: %w", s, err)
		}
		return "CAST('" + time.Unix(days*86400, 0).UTC().Format("2006-01-02") + "' AS DATE)", nil
	case "time", "timestamp_ntz", "timestamp_ltz":
		secs, nanos, err := epoch(s)
		if err != nil {
			return "", err
		}
		t := time.Unix(secs, nanos).UTC()
		switch c.Type {
		case "time":
			return "CAST('" + t.Format("15:04:05.000000000") + "' AS TIME)", nil
		case "timestamp_ltz":
			return "CAST('" + t.Format("2006-01-02 15:04:05.000000000") + " +00:00' AS TIMESTAMP_LTZ)", nil
		}
		return "CAST('" + t.Format("2006-01-02 15:04:05.000000000") + "' AS TIMESTAMP_NTZ)", nil
	case "variant", "object", "array":
		if sfunc.HasUndefined(s) {
			// An array holding undefined elements (rewrite/undefined.go),
			// which PARSE_JSON cannot read back.
			return "", Errorf(CodeUnsupported, "0A000", "Unsupported feature 'a Snowflake Scripting variable holding an array with an undefined element': the local engine does not implement it.")
		}
		return "CAST(PARSE_JSON(" + quoteLiteral(s) + ") AS " + typ + ")", nil
	case "binary":
		return "TO_BINARY('" + s + "', 'HEX')", nil
	case "decfloat":
		return "", decfloatHeld()
	}
	return "", fmt.Errorf("a %s value cannot be held in a Snowflake Scripting variable by the local engine", c.Type)
}

// epoch parses "seconds.fraction".
func epoch(s string) (int64, int64, error) {
	r, ok := new(big.Rat).SetString(strings.Fields(s)[0])
	if !ok {
		return 0, 0, fmt.Errorf("timestamp %q", s)
	}
	n := new(big.Int).Quo(new(big.Int).Mul(r.Num(), big.NewInt(1e9)), r.Denom())
	secs := new(big.Int)
	nanos := new(big.Int)
	secs.DivMod(n, big.NewInt(1e9), nanos)
	return secs.Int64(), nanos.Int64(), nil
}

// InTransaction reports an open explicit transaction: ASYNC inside one is
// refused (scripting/async.go).
func (h scriptHost) InTransaction() bool { return h.s.ext.inTx }

// ProcedureBody is the body of the procedure the CALL statement call names
// (scripting/async_overlap.go reads what concurrent ASYNC CALLs touch).
// The CALL itself still checks access when it runs.
func (h scriptHost) ProcedureBody(ctx context.Context, call string) (string, bool) {
	c, err := newCursor(call)
	if err != nil || !c.accept("CALL") {
		return "", false
	}
	n, err := c.objectName()
	if err != nil {
		return "", false
	}
	db, schema, name, err := h.s.Resolve(n)
	if err != nil {
		return "", false
	}
	o, ok, err := h.s.e.GetObject(ctx, "PROCEDURE", db, schema, name)
	if err != nil || !ok || o.Props["LANGUAGE"] != "" && !strings.EqualFold(o.Props["LANGUAGE"], "SQL") {
		return "", false
	}
	return o.Props["BODY"], true
}
