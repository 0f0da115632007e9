package snowlocal

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/udfs"
	"github.com/flurry-dev/flurry/udfs/pyudtf"
)

// Table functions: TABLE(fn(args)) in a FROM or JOIN clause.
//
// A Python UDTF call becomes a lateral subquery over the engine's DuckDB
// scalar function __flurry_udtf, which DuckDB calls with a vector of input
// rows at a time (correlated arguments are decorrelated into batches), so the
// handler runs in one long-lived python3 process per partition (one per
// DuckDB thread that evaluates the call) for the whole statement, never one
// process per row. __flurry_udtf returns each input row's output rows as a
// list of lists of text, which the subquery unnests and casts to the declared
// RETURNS TABLE types:
//
//	LATERAL (SELECT CAST(_u[1] AS VARCHAR) AS "BUCKETOWNER", ..., CAST(_u[12] AS BIGINT) AS "BYTESSENT", ...
//	         FROM (SELECT unnest(__flurry_udtf('<call id>', CAST(t.raw AS VARCHAR))) AS _u))
//
// Without python3 (or with FLURRY_PYTHON=off) the function's Go twin from
// package udfs runs instead, if it implements exactly this body.

// tableFunctions are the engine's own table functions
// (INFORMATION_SCHEMA.TASK_HISTORY, ...), by upper-case name; qualifier is
// the name's qualifier as written (e.g. [SNOWFLAKE INFORMATION_SCHEMA]).
var tableFunctions = map[string]func(s *Session, qualifier []string, args []string) (string, error){}

// informationSchemaTableFunctions are Snowflake's INFORMATION_SCHEMA table
// functions (docs: functions-table, "List of system-defined table
// functions"): one the engine does not serve is refused with 002040, not
// reported as an unknown user-defined function.
var informationSchemaTableFunctions = upperSet(`QUERY_HISTORY QUERY_HISTORY_BY_SESSION QUERY_HISTORY_BY_USER
QUERY_HISTORY_BY_WAREHOUSE LOGIN_HISTORY LOGIN_HISTORY_BY_USER QUERY_ACCELERATION_HISTORY
DATABASE_STORAGE_USAGE_HISTORY WAREHOUSE_LOAD_HISTORY WAREHOUSE_METERING_HISTORY STAGE_STORAGE_USAGE_HISTORY
STORAGE_LIFECYCLE_POLICY_HISTORY POLICY_REFERENCES TAG_REFERENCES TAG_REFERENCES_ALL_COLUMNS
REPLICATION_GROUP_REFRESH_HISTORY REPLICATION_GROUP_REFRESH_PROGRESS REPLICATION_GROUP_USAGE_HISTORY
ALERT_HISTORY SERVERLESS_ALERT_HISTORY BIND_VALUES DATABASE_REFRESH_HISTORY DATABASE_REFRESH_PROGRESS
DATABASE_REPLICATION_USAGE_HISTORY COPY_HISTORY DATA_TRANSFER_HISTORY PIPE_USAGE_HISTORY
STAGE_DIRECTORY_FILE_REGISTRATION_HISTORY VALIDATE_PIPE_LOAD AUTOMATIC_CLUSTERING_HISTORY DYNAMIC_TABLES
DYNAMIC_TABLE_GRAPH_HISTORY DYNAMIC_TABLE_REFRESH_HISTORY EXTERNAL_FUNCTIONS_HISTORY
AUTO_REFRESH_REGISTRATION_HISTORY EXTERNAL_TABLE_FILES EXTERNAL_TABLE_FILE_REGISTRATION_HISTORY
ICEBERG_TABLE_FILES ICEBERG_TABLE_SNAPSHOT_REFRESH_HISTORY MATERIALIZED_VIEW_REFRESH_HISTORY
NOTIFICATION_HISTORY REST_EVENT_HISTORY SEARCH_OPTIMIZATION_HISTORY TASK_HISTORY TASK_DEPENDENTS
CURRENT_TASK_GRAPHS COMPLETE_TASK_GRAPHS SERVERLESS_TASK_HISTORY`)

func upperSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[strings.ToUpper(w)] = true
	}
	return m
}

func tableFunctionHook(s *Session, name string, args []string, alias string) (string, error) {
	ctx := context.Background()
	parts := strings.Split(name, ".")
	last, qualifier := parts[len(parts)-1], parts[:len(parts)-1]
	builtin, isBuiltin := tableFunctions[strings.ToUpper(last)]
	if isBuiltin && len(qualifier) > 0 && strings.EqualFold(qualifier[len(qualifier)-1], "INFORMATION_SCHEMA") {
		return builtin(s, qualifier, args)
	}
	if !isBuiltin && len(qualifier) > 0 && strings.EqualFold(qualifier[len(qualifier)-1], "INFORMATION_SCHEMA") &&
		informationSchemaTableFunctions[strings.ToUpper(last)] {
		return "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'table function %s': the local engine does not implement it.", name)
	}
	unknown := Errorf("002140", "42601", "SQL compilation error:\nUnknown user-defined table function %s", name)
	if len(parts) > 3 {
		return "", unknown
	}
	db, schema, fname, err := s.Resolve(objectName{parts: parts})
	if err != nil {
		return "", err
	}
	f, ok, err := s.e.getFunction(ctx, db, schema, fname)
	if err != nil {
		return "", err
	}
	if !ok {
		if isBuiltin {
			return builtin(s, qualifier, args)
		}
		return "", unknown
	}
	if !f.isTable() {
		return "", Errorf("002140", "42601", "SQL compilation error:\nFunction %s is a scalar function, not a table function", name)
	}
	bound, err := s.bindArguments(f, args)
	if err != nil {
		return "", err
	}
	if f.language() == "SQL" {
		return "LATERAL (SELECT * FROM " + f.macro() + "(" + strings.Join(bound, ", ") + "))", nil
	}
	return s.pythonUDTFRelation(ctx, f, bound)
}

// bindArguments orders a call's arguments as declared (named arguments
// arrive as "NAME := expr") and fills in defaults.
func (s *Session) bindArguments(f *function, args []string) ([]string, error) {
	named := map[string]string{}
	var positional []string
	for _, a := range args {
		if i := strings.Index(a, " := "); i > 0 && isIdentifierText(a[:i]) {
			named[strings.ToUpper(strings.Trim(a[:i], `"`))] = a[i+4:]
			continue
		}
		positional = append(positional, a)
	}
	if len(positional) > len(f.args) {
		return nil, Errorf("001044", "42P13", "SQL compilation error:\nfunction %s takes %d arguments, %d given", f.Name, len(f.args), len(args))
	}
	out := make([]string, len(f.args))
	for i, a := range f.args {
		switch v, ok := named[strings.ToUpper(a.Name)]; {
		case i < len(positional):
			out[i] = positional[i]
		case ok:
			out[i] = v
			delete(named, strings.ToUpper(a.Name))
		case a.Default != "":
			d, err := rewriteExpr(s, a.Default)
			if err != nil {
				return nil, err
			}
			out[i] = d
		default:
			return nil, Errorf("001044", "42P13", "SQL compilation error:\nfunction %s: missing argument %s", f.Name, a.Name)
		}
	}
	for n := range named {
		return nil, Errorf("001044", "42P13", "SQL compilation error:\nfunction %s has no argument %s", f.Name, n)
	}
	return out, nil
}

var identifierText = regexp.MustCompile(`^(?:[A-Za-z_][A-Za-z0-9_$]*|"[^"]+")$`)

func isIdentifierText(s string) bool { return identifierText.MatchString(s) }

// hasEndPartition reports whether a handler body defines end_partition.
var hasEndPartition = regexp.MustCompile(`\bdef\s+end_partition\s*\(`).MatchString

func (f *function) pyUDTF() pyudtf.UDTF {
	cols := make([]string, len(f.columns))
	for i, c := range f.columns {
		cols[i] = c.Name
	}
	return pyudtf.UDTF{Name: strings.ToLower(f.Name), Handler: f.Props["HANDLER"], Body: f.Props["BODY"], Columns: cols}
}

// checkPythonUDTF validates a Python table function at CREATE, as Snowflake
// does: with python3, the body must run and the handler class instantiate;
// without it the function is accepted and fails when called, unless it has a
// Go twin.
func (s *Session) checkPythonUDTF(ctx context.Context, f *function) error {
	if err := pythonRefused(withSession(ctx, s), f.Name); err != nil {
		return err
	}
	if f.Props["HANDLER"] == "" {
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\nPython function %s needs a HANDLER", f.Name)
	}
	if strings.TrimSpace(f.Props["BODY"]) == "" {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nPython function %s has no inline body; handlers imported from stages are not supported by the local engine", f.Name)
	}
	for _, c := range f.columns {
		if _, err := castSQL("NULL", c.Type); err != nil {
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nfunction %s, column %s: %v", f.Name, c.Name, err)
		}
	}
	if pyudtf.Check(ctx, "") != nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if _, err := f.pyUDTF().Run(ctx, nil); err != nil {
		// A package Snowflake provides (PACKAGES, _snowflake) may be missing
		// here: keep the function, whose calls will report the import error.
		var pe *pyudtf.Error
		if errors.As(err, &pe) && (pe.Type == "ModuleNotFoundError" || pe.Type == "ImportError") {
			slog.Warn("snowlocal: Python function imports a module python3 does not have here; calls will fail",
				"function", f.Name, "error", pe.Message)
			return nil
		}
		return udtfError(f.Name, err)
	}
	return nil
}

// udtfRunner runs a Python UDTF over batches of input rows.
type udtfRunner interface {
	process(ctx context.Context, rows [][]any) ([]pyudtf.OutputRow, error)
	close()
}

// runner picks how a Python UDTF runs: its body with python3 when available,
// else its Go twin.
func runnerFor(ctx context.Context, f *function) (udtfRunner, error) {
	u := f.pyUDTF()
	if err := pythonRefused(ctx, f.Name); err != nil {
		if twin, terr := udfs.Resolve(ctx, u); terr == nil {
			return twinRunner(twin), nil // the Go twin runs no user code
		}
		return nil, err
	}
	if err := pyudtf.Check(ctx, ""); err == nil {
		c := &pythonRunner{u: u}
		c.ctx, c.cancel = context.WithCancel(context.Background())
		return c, nil
	}
	u.Python = pyudtf.DefaultPython() // as configured now, not as first probed
	twin, err := udfs.Resolve(ctx, u)
	if err != nil {
		return nil, Errorf("100357", "P0000", "Python table function %s cannot run in the local engine: %s", f.Name, strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	return twinRunner(twin), nil
}

type twinRunner udfs.TwinFunc

func (t twinRunner) process(ctx context.Context, rows [][]any) ([]pyudtf.OutputRow, error) {
	return t(ctx, rows)
}
func (twinRunner) close() {}

// pythonRunner keeps one python3 partition per concurrent DuckDB caller for
// the duration of a statement.
type pythonRunner struct {
	u      pyudtf.UDTF
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	idle   []*pyudtf.Stream
	all    []*pyudtf.Stream
	closed bool
}

func (c *pythonRunner) process(ctx context.Context, rows [][]any) ([]pyudtf.OutputRow, error) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil, fmt.Errorf("function %s: the statement has ended", c.u.Name)
	}
	var st *pyudtf.Stream
	if n := len(c.idle); n > 0 {
		st, c.idle = c.idle[n-1], c.idle[:n-1]
	} else {
		var err error
		if st, err = c.u.Start(c.ctx); err != nil {
			c.mu.Unlock()
			return nil, err
		}
		c.all = append(c.all, st)
	}
	c.mu.Unlock()
	stop := context.AfterFunc(ctx, c.cancel) // a cancelled query kills Python
	defer stop()
	out, err := st.Process(rows)
	c.mu.Lock()
	c.idle = append(c.idle, st)
	c.mu.Unlock()
	return out, err
}

func (c *pythonRunner) close() {
	c.mu.Lock()
	c.closed = true
	all := c.all
	c.mu.Unlock()
	for _, st := range all {
		if rows, err := st.Close(); err == nil && len(rows) > 0 {
			slog.Warn("snowlocal: rows yielded by end_partition of a laterally joined UDTF were dropped", "function", c.u.Name, "rows", len(rows))
		}
	}
	c.cancel()
}

type sessionKey struct{}

// withSession makes the session running a statement known to the engine's
// DuckDB functions, which DuckDB calls with the statement's context.
func withSession(ctx context.Context, s *Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// udtfCall returns the statement's runner of a Python UDTF, starting it at
// the function's first call in the statement; it ends with the statement.
func (s *Session) udtfCall(ctx context.Context, key string) (*udtfCall, error) {
	s.ext.udtfMu.Lock()
	defer s.ext.udtfMu.Unlock()
	if c, ok := s.ext.udtfCalls[key]; ok {
		return c, nil
	}
	var parts []string
	if err := json.Unmarshal([]byte(key), &parts); err != nil || len(parts) != 3 {
		return nil, fmt.Errorf("__flurry_udtf: bad function reference %q", key)
	}
	f, ok, err := s.e.getFunction(ctx, parts[0], parts[1], parts[2])
	if err != nil {
		return nil, err
	}
	if !ok || !f.isTable() || f.language() != "PYTHON" {
		return nil, fmt.Errorf("Python table function %s.%s.%s does not exist (dropped since the query or view was written)", parts[0], parts[1], parts[2])
	}
	run, err := runnerFor(ctx, f)
	if err != nil {
		return nil, err
	}
	c := &udtfCall{name: f.Name, runner: run, intCols: make([]bool, len(f.columns))}
	for j, col := range f.columns {
		c.intCols[j] = isIntegerType(col.Type)
	}
	if s.ext.udtfCalls == nil {
		s.ext.udtfCalls = map[string]*udtfCall{}
	}
	s.ext.udtfCalls[key] = c
	return c, nil
}

// endUDTFCalls stops the statement's UDTF runners.
func (s *Session) endUDTFCalls() {
	s.ext.udtfMu.Lock()
	calls := s.ext.udtfCalls
	s.ext.udtfCalls = nil
	s.ext.udtfMu.Unlock()
	for _, c := range calls {
		c.runner.close()
	}
}

// pythonUDTFRelation builds the lateral subquery for a Python UDTF call
// whose arguments are the DuckDB expressions args.
func (s *Session) pythonUDTFRelation(ctx context.Context, f *function, args []string) (string, error) {
	casted := make([]string, len(args))
	for i, a := range args {
		c, err := castSQL(a, f.args[i].Type)
		if err != nil {
			return "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nfunction %s, argument %s: %v", f.Name, f.args[i].Name, err)
		}
		casted[i] = c
	}
	outs := make([]string, len(f.columns))
	intCols := make([]bool, len(f.columns))
	for j, col := range f.columns {
		c, err := castSQL(fmt.Sprintf("_u[%d]", j+1), col.Type)
		if err != nil {
			return "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nfunction %s, column %s: %v", f.Name, col.Name, err)
		}
		outs[j] = c + " AS " + quoteIdent(columnName(col))
		intCols[j] = isIntegerType(col.Type)
	}
	var source string
	if hasEndPartition(f.Props["BODY"]) {
		// end_partition's rows belong to no input row, so they cannot be
		// joined laterally: run the call now, with its constant arguments,
		// as one partition, and inline the rows.
		lit, err := s.runConstantUDTF(ctx, f, casted, intCols)
		if err != nil {
			return "", err
		}
		source = lit
	} else {
		// Fail now, at compile time, if the function cannot run here.
		run, err := runnerFor(ctx, f)
		if err != nil {
			return "", err
		}
		run.close()
		// The function is named, not bound to this statement: the text also
		// works in a view, and a replaced function takes effect there.
		key, _ := json.Marshal([]string{f.Database, f.Schema, f.Name})
		source = "__flurry_udtf(" + quoteString(string(key))
		for _, a := range casted {
			source += ", " + a
		}
		source += ")"
	}
	return "LATERAL (SELECT " + strings.Join(outs, ", ") + " FROM (SELECT unnest(" + source + ") AS _u))", nil
}

// runConstantUDTF runs a call whose arguments are constants and returns its
// output rows as a DuckDB list literal.
func (s *Session) runConstantUDTF(ctx context.Context, f *function, args []string, intCols []bool) (string, error) {
	vals := make([]any, len(args))
	ptrs := make([]any, len(args))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if len(args) > 0 {
		if err := s.conn.QueryRowContext(ctx, "SELECT "+strings.Join(args, ", ")).Scan(ptrs...); err != nil {
			return "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nfunction %s defines end_partition, so the local engine runs it only with constant arguments (one partition), not joined to the rows of another table: %v", f.Name, duckError(err))
		}
	}
	row := make([]any, len(vals))
	for i, v := range vals {
		row[i] = pythonArg(v)
	}
	run, err := runnerFor(ctx, f)
	if err != nil {
		return "", err
	}
	defer run.close()
	var out []pyudtf.OutputRow
	if pr, ok := run.(*pythonRunner); ok {
		out, err = pr.u.Run(ctx, [][]any{row})
	} else {
		out, err = run.process(ctx, [][]any{row})
	}
	if err != nil {
		return "", udtfError(f.Name, err)
	}
	var b strings.Builder
	b.WriteString("CAST([")
	for i, r := range out {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("[")
		for j, v := range r.Values {
			if j > 0 {
				b.WriteString(", ")
			}
			if t := outputText(v, intCols[j]); t == nil {
				b.WriteString("NULL")
			} else {
				b.WriteString(quoteString(t.(string)))
			}
		}
		b.WriteString("]")
	}
	b.WriteString("] AS VARCHAR[][])")
	return b.String(), nil
}

func udtfError(name string, err error) error {
	var pe *pyudtf.Error
	if errors.As(err, &pe) {
		msg := pe.Error()
		if pe.Traceback != "" {
			msg += "\n" + strings.TrimRight(pe.Traceback, "\n")
		}
		return Errorf("100357", "P0000", "%s", msg)
	}
	return Errorf("100357", "P0000", "function %s: %v", name, err)
}

var integerTypes = regexp.MustCompile(`(?i)^\s*(INT|INTEGER|BIGINT|SMALLINT|TINYINT|BYTEINT|NUMBER|NUMERIC|DECIMAL)\s*(\(\s*\d+\s*(,\s*0\s*)?\))?\s*$`)

func isIntegerType(t string) bool { return integerTypes.MatchString(t) }

// pythonArg converts a DuckDB value to what the handler receives.
func pythonArg(v any) any {
	switch x := v.(type) {
	case nil, string, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, *big.Int:
		return x
	case int:
		return int64(x)
	case duckdb.Decimal:
		return json.Number(formatDecimal(x.Value, int(x.Scale)))
	case time.Time:
		return x.Format("2006-01-02 15:04:05.999999999")
	case []byte:
		return hex.EncodeToString(x)
	}
	if b, err := json.Marshal(v); err == nil {
		return string(b)
	}
	return fmt.Sprint(v)
}

// outputText renders a handler's output value as text for the cast to the
// declared column type; a float for an integer column rounds half away from
// zero, as Snowflake's conversion does.
func outputText(v any, intCol bool) any {
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case *big.Int:
		return x.String()
	case float64:
		switch {
		case math.IsNaN(x):
			return "nan"
		case math.IsInf(x, 1):
			return "inf"
		case math.IsInf(x, -1):
			return "-inf"
		case intCol:
			return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// udtfCall is one TABLE(fn(...)) occurrence in a running statement.
type udtfCall struct {
	name    string
	runner  udtfRunner
	intCols []bool
	mu      sync.Mutex
	err     error // the function's first failure
}

func (c *udtfCall) fail(err error) error {
	c.mu.Lock()
	if c.err == nil {
		c.err = err
	}
	c.mu.Unlock()
	return err
}

// statementError explains a failed statement by its Python UDTF's failure
// (DuckDB reports it as an invalid input wrapped in driver prefixes).
func (s *Session) statementError(err error) error {
	if err == nil {
		return nil
	}
	if serr := s.takeScriptUDFError(); serr != nil {
		return serr
	}
	s.ext.udtfMu.Lock()
	defer s.ext.udtfMu.Unlock()
	for _, c := range s.ext.udtfCalls {
		c.mu.Lock()
		cerr := c.err
		c.mu.Unlock()
		if cerr != nil {
			return udtfError(c.name, cerr)
		}
	}
	return err
}

// udtfExecutor is the DuckDB scalar function __flurry_udtf(call_id, args...).
type udtfExecutor struct{}

func registerUDTFExecutor(ctx context.Context, e *Engine) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := duckdb.RegisterScalarUDF(conn, "__flurry_udtf", &udtfExecutor{}); err != nil {
		return fmt.Errorf("register the UDTF executor: %w", err)
	}
	return nil
}

func (*udtfExecutor) Config() duckdb.ScalarFuncConfig {
	text, _ := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	row, _ := duckdb.NewListInfo(text)
	rows, _ := duckdb.NewListInfo(row)
	anyType, _ := duckdb.NewTypeInfo(duckdb.TYPE_ANY)
	return duckdb.ScalarFuncConfig{
		InputTypeInfos:      []duckdb.TypeInfo{text},
		VariadicTypeInfo:    anyType,
		ResultTypeInfo:      rows,
		Volatile:            true,
		SpecialNullHandling: true, // a NULL argument reaches the handler as None
	}
}

func (*udtfExecutor) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{ChunkContextExecutor: executeUDTFChunk}
}

func executeUDTFChunk(ctx context.Context, chunk *duckdb.ChunkIteratorState) error {
	in := chunk.GetInputChunk()
	n := in.GetSize()
	if n == 0 {
		return nil
	}
	s, _ := ctx.Value(sessionKey{}).(*Session)
	if s == nil {
		return errors.New("__flurry_udtf: called outside a local engine session")
	}
	key, err := in.GetValue(0, 0)
	if err != nil {
		return err
	}
	k, _ := key.(string)
	call, err := s.udtfCall(ctx, k)
	if err != nil {
		return err
	}
	rows := make([][]any, n)
	for r := 0; r < n; r++ {
		row := make([]any, in.ColumnCount()-1)
		for c := range row {
			x, err := in.GetValue(c+1, r)
			if err != nil {
				return err
			}
			row[c] = pythonArg(x)
		}
		rows[r] = row
	}
	out, err := call.runner.process(ctx, rows)
	if err != nil {
		return call.fail(err)
	}
	results := make([][]any, n)
	for _, o := range out {
		if o.Input < 0 || o.Input >= n {
			continue
		}
		vals := make([]any, len(o.Values))
		for j, x := range o.Values {
			vals[j] = outputText(x, call.intCols[j])
		}
		results[o.Input] = append(results[o.Input], vals)
	}
	i := 0
	for st, err := range chunk.Rows() {
		if err != nil {
			return err
		}
		res := results[i]
		if res == nil {
			res = []any{}
		}
		if err := st.SetResult(res); err != nil {
			return err
		}
		i++
	}
	return nil
}

// rewriteExpr rewrites one Snowflake expression for DuckDB.
func rewriteExpr(s *Session, expr string) (string, error) {
	out, err := rewrite.Rewrite(expr, s.rewriteOptions())
	if err != nil {
		var re *rewrite.Error
		if errors.As(err, &re) {
			return "", Errorf(re.Code, rewriteSQLState(re.Code), "%s", re.Message)
		}
		return "", err
	}
	return out, nil
}
