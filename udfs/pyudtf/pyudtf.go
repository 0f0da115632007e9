// Package pyudtf runs Snowflake LANGUAGE PYTHON user-defined table functions
// for real, with the machine's python3, the way Snowflake runs them.
//
// One Run is one partition (Snowflake without PARTITION BY treats its input as
// one partition): a single python3 process executes the function body once,
// instantiates the handler class once, calls process(*args) for every input row
// in order, then end_partition() if the class defines it. Rows and results
// travel as JSON lines over the process's stdin and stdout (see harness.py), so
// the cost of starting Python is paid once per batch, not once per row.
package pyudtf

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"math/big"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

//go:embed harness.py
var harness string

// ErrNoPython reports that the Python interpreter cannot be found or run.
var ErrNoPython = errors.New("python3 interpreter not available")

// PythonEnv names the environment variable that overrides the interpreter
// used when UDTF.Python is empty.
const PythonEnv = "FLURRY_PYTHON"

// DefaultPython is the interpreter used when UDTF.Python is empty:
// $FLURRY_PYTHON if set, else "python3" looked up on PATH.
func DefaultPython() string {
	if p := os.Getenv(PythonEnv); p != "" {
		return p
	}
	return "python3"
}

// UDTF is one LANGUAGE PYTHON table function, as declared by CREATE FUNCTION.
type UDTF struct {
	// Name is the function name, used in errors and as the body's file name in tracebacks.
	Name string
	// Handler is the handler class (HANDLER = '...').
	Handler string
	// Body is the Python source between $$ and $$.
	Body string
	// Columns are the RETURNS TABLE column names, in order.
	Columns []string
	// Python is the interpreter to run; empty means DefaultPython().
	Python string
}

// OutputRow is one row produced by the handler.
type OutputRow struct {
	// Input is the index of the input row whose process call produced this row,
	// or -1 for rows produced by end_partition.
	Input int
	// Values holds one value per declared column: nil, string, bool, int64,
	// *big.Int (integers beyond int64) or float64.
	Values []any
}

// Error is a failure inside the function: a Python exception (Snowflake's
// "Python Interpreter Error") or a result the harness refuses, such as a row
// whose arity does not match the declared columns.
type Error struct {
	Function string
	Handler  string
	// Method is where it failed: "body" (executing the module source),
	// "__init__", "process" or "end_partition".
	Method string
	// Input is the index of the input row being processed, -1 if none.
	Input int
	// Type is the Python exception class ("ValueError"); empty for refused results.
	Type string
	// Message is the traceback's last line ("ValueError: boom") or the refusal.
	Message string
	// Traceback is Python's full traceback, empty for refused results.
	Traceback string
	// Line is the line of the function body where the exception was raised, 0 if unknown.
	Line int
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "function %s with handler %s: ", e.Function, e.Handler)
	if e.Type != "" {
		b.WriteString("Python Interpreter Error: ")
	}
	b.WriteString(e.Message)
	switch e.Method {
	case "body":
		b.WriteString(" (while executing the function body")
	default:
		fmt.Fprintf(&b, " (in %s.%s", e.Handler, e.Method)
	}
	if e.Input >= 0 {
		fmt.Fprintf(&b, ", input row %d", e.Input)
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, ", body line %d", e.Line)
	}
	b.WriteString(")")
	return b.String()
}

// Check reports whether python (empty means DefaultPython()) can run the
// harness: it must exist and be Python 3.8 or newer (Snowflake's oldest runtime).
func Check(ctx context.Context, python string) error {
	_, err := resolve(ctx, python)
	return err
}

// resolved maps an interpreter as configured ("python3") to the executable it
// runs (sys.executable), so that each batch starts Python directly rather than
// through a launcher such as a pyenv shim, which can cost more than the batch.
var resolved sync.Map

const probe = "import sys; print(sys.executable); sys.exit(0 if sys.version_info >= (3, 8) else 'Python 3.8+ required, found ' + sys.version)"

func resolve(ctx context.Context, python string) (string, error) {
	if python == "" {
		python = DefaultPython()
	}
	if exe, ok := resolved.Load(python); ok {
		return exe.(string), nil
	}
	path, err := exec.LookPath(python)
	if err != nil {
		return "", fmt.Errorf("%w: %q: %v (install Python 3.8+ or set %s)", ErrNoPython, python, err, PythonEnv)
	}
	probeCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(probeCtx, path, "-c", probe)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err() // the caller gave up; says nothing about Python
		}
		return "", fmt.Errorf("%w: %s: %v: %s", ErrNoPython, path, err, bytes.TrimSpace(stderr.Bytes()))
	}
	exe := strings.TrimSpace(string(out))
	if exe == "" || strings.ContainsRune(exe, '\n') {
		exe = path
	}
	resolved.Store(python, exe)
	return exe, nil
}

var available = sync.OnceValue(func() bool { return Check(context.Background(), "") == nil })

// Available reports whether the default interpreter is on PATH and runnable.
// The answer is computed once per process.
func Available() bool { return available() }

// Run runs the function over rows, one input row per process call, each row
// holding the call's arguments (nil, string, bool, any Go integer or float,
// json.Number or *big.Int). All rows form one partition. A failure in any row
// fails the whole batch, as in Snowflake: the result is all rows or an error.
func (u UDTF) Run(ctx context.Context, rows [][]any) ([]OutputRow, error) {
	var out []OutputRow
	if err := u.Each(ctx, rows, func(r OutputRow) error {
		out = append(out, r)
		return nil
	}); err != nil {
		return nil, err
	}
	return out, nil
}

// Each is Run without holding the output in memory: emit is called for every
// output row, in order, as Python produces it. If Each returns an error, rows
// already emitted must be discarded by the caller.
func (u UDTF) Each(ctx context.Context, rows [][]any, emit func(OutputRow) error) error {
	if err := u.check(); err != nil {
		return err
	}
	if err := u.checkRows(rows, 0); err != nil {
		return err
	}
	path, err := resolve(ctx, u.Python)
	if err != nil {
		return fmt.Errorf("pyudtf: function %s: %w", u.Name, err)
	}

	// procCtx also ends the process when we stop reading early.
	procCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	cmd, cleanup, err := harnessCommand(procCtx, path)
	if err != nil {
		return fmt.Errorf("pyudtf: function %s: %w", u.Name, err)
	}
	defer cleanup()
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fmt.Errorf("pyudtf: function %s: %w", u.Name, err)
	}
	pr, pw := io.Pipe()
	cmd.Stdout = pw
	stderr := &tail{max: 16 << 10}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pyudtf: function %s: %w: %s: %v", u.Name, ErrNoPython, path, err)
	}

	writeErr := make(chan error, 1)
	go func() {
		err := u.writeInput(stdin, rows)
		if cerr := stdin.Close(); err == nil && !errors.Is(cerr, os.ErrClosed) {
			err = cerr
		}
		writeErr <- err
	}()
	waitErr := make(chan error, 1)
	go func() {
		err := cmd.Wait()
		pw.Close()
		waitErr <- err
	}()

	pyErr, done, readErr := u.readOutput(pr, len(rows), emit)
	if readErr != nil || pyErr != nil {
		cancel()
	}
	io.Copy(io.Discard, pr) // let Wait's stdout copy finish
	werr := <-waitErr
	<-writeErr // a broken pipe after Python stopped reading says nothing new

	switch {
	case pyErr != nil:
		return pyErr
	case readErr != nil:
		return fmt.Errorf("pyudtf: function %s: %w", u.Name, readErr)
	case ctx.Err() != nil:
		return fmt.Errorf("pyudtf: function %s: %w", u.Name, ctx.Err())
	case !done:
		return fmt.Errorf("pyudtf: function %s: python exited before finishing the batch (%v)%s",
			u.Name, werr, stderr.suffix())
	case werr != nil:
		return fmt.Errorf("pyudtf: function %s: python: %v%s", u.Name, werr, stderr.suffix())
	}
	if s := stderr.String(); s != "" {
		slog.Debug("pyudtf: python stderr", "function", u.Name, "stderr", s)
	}
	return nil
}

// check reports a declaration the harness cannot run.
func (u UDTF) check() error {
	if u.Handler == "" {
		return fmt.Errorf("pyudtf: function %s: no handler class", u.Name)
	}
	if len(u.Columns) == 0 {
		return fmt.Errorf("pyudtf: function %s: no output columns declared", u.Name)
	}
	return nil
}

// checkRows reports the first argument the harness cannot carry; base is the
// partition index of rows[0], for the error.
func (u UDTF) checkRows(rows [][]any, base int) error {
	for i, row := range rows {
		for j, v := range row {
			if err := checkInput(v); err != nil {
				return fmt.Errorf("pyudtf: function %s: input row %d, argument %d: %w", u.Name, base+i, j+1, err)
			}
		}
	}
	return nil
}

// header is the harness's first input line.
func (u UDTF) header() ([]byte, error) {
	header, err := json.Marshal(map[string]any{
		"name": u.Name, "handler": u.Handler, "body": u.Body, "columns": u.Columns,
	})
	if err != nil {
		return nil, err
	}
	return append(header, '\n'), nil
}

func (u UDTF) writeInput(w io.Writer, rows [][]any) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	header, err := u.header()
	if err != nil {
		return err
	}
	bw.Write(header)
	if err := writeRows(bw, rows); err != nil {
		return err
	}
	return bw.Flush()
}

// writeRows writes one JSON array of arguments per row.
func writeRows(bw *bufio.Writer, rows [][]any) error {
	buf := make([]byte, 0, 512)
	for _, row := range rows {
		buf = append(buf[:0], '[')
		for j, v := range row {
			if j > 0 {
				buf = append(buf, ',')
			}
			buf = appendInput(buf, v)
		}
		buf = append(buf, ']', '\n')
		if _, err := bw.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

func checkInput(v any) error {
	switch x := v.(type) {
	case nil, string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64:
		return nil
	case *big.Int:
		if x == nil {
			return errors.New("nil *big.Int")
		}
		return nil
	case json.Number:
		if x == "" || (x[0] != '-' && (x[0] < '0' || x[0] > '9')) || !json.Valid([]byte(x)) {
			return fmt.Errorf("invalid json.Number %q", string(x))
		}
		return nil
	}
	return fmt.Errorf("unsupported value of type %T (supported: nil, string, bool, integers, floats, json.Number, *big.Int)", v)
}

// appendInput encodes one argument as Python will see it: floats always carry
// a '.' or exponent so that json.loads yields float, never int.
func appendInput(buf []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(buf, "null"...)
	case string:
		return appendString(buf, x)
	case bool:
		return strconv.AppendBool(buf, x)
	case int:
		return strconv.AppendInt(buf, int64(x), 10)
	case int8:
		return strconv.AppendInt(buf, int64(x), 10)
	case int16:
		return strconv.AppendInt(buf, int64(x), 10)
	case int32:
		return strconv.AppendInt(buf, int64(x), 10)
	case int64:
		return strconv.AppendInt(buf, x, 10)
	case uint:
		return strconv.AppendUint(buf, uint64(x), 10)
	case uint8:
		return strconv.AppendUint(buf, uint64(x), 10)
	case uint16:
		return strconv.AppendUint(buf, uint64(x), 10)
	case uint32:
		return strconv.AppendUint(buf, uint64(x), 10)
	case uint64:
		return strconv.AppendUint(buf, x, 10)
	case float32:
		return appendFloat(buf, float64(x), 32)
	case float64:
		return appendFloat(buf, x, 64)
	case *big.Int:
		return x.Append(buf, 10)
	case json.Number:
		return append(buf, x...)
	}
	panic(fmt.Sprintf("pyudtf: unchecked input type %T", v)) // checkInput guards this
}

func appendFloat(buf []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(buf, `{"$float":"NaN"}`...)
	case math.IsInf(f, 1):
		return append(buf, `{"$float":"Infinity"}`...)
	case math.IsInf(f, -1):
		return append(buf, `{"$float":"-Infinity"}`...)
	}
	start := len(buf)
	buf = strconv.AppendFloat(buf, f, 'g', -1, bits)
	if !bytes.ContainsAny(buf[start:], ".eE") {
		buf = append(buf, ".0"...)
	}
	return buf
}

// appendString is a JSON string encoder. Invalid UTF-8 bytes become U+FFFD,
// one per byte, exactly as encoding/json does, so Go twins can mirror it.
func appendString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c >= 0x20:
				buf = append(buf, c)
			case c == '\n':
				buf = append(buf, '\\', 'n')
			case c == '\r':
				buf = append(buf, '\\', 'r')
			case c == '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			buf = append(buf, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			buf = append(buf, `\u202`...)
			buf = append(buf, hex[r&0xF])
		default:
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}

// readOutput consumes the harness's stdout until EOF, an error record, or a
// protocol violation. done reports that the harness confirmed the whole batch.
func (u UDTF) readOutput(r io.Reader, nrows int, emit func(OutputRow) error) (pyErr *Error, done bool, err error) {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 64<<10))
	dec.UseNumber()
	for {
		var msg any
		if err := dec.Decode(&msg); err != nil {
			if err == io.EOF {
				return nil, done, nil
			}
			return nil, false, fmt.Errorf("reading python output: %w", err)
		}
		if done {
			return nil, false, errors.New("python output continued after the end of the batch")
		}
		switch m := msg.(type) {
		case []any:
			row, err := u.decodeRow(m, nrows)
			if err != nil {
				return nil, false, err
			}
			if err := emit(row); err != nil {
				return nil, false, err
			}
		case map[string]any:
			if e, ok := m["error"].(map[string]any); ok {
				return u.decodeError(e), false, nil
			}
			n, ok := m["done"].(json.Number)
			if !ok || n.String() != strconv.Itoa(nrows) {
				return nil, false, fmt.Errorf("unexpected python output %v (want done after %d rows)", m, nrows)
			}
			done = true
		default:
			return nil, false, fmt.Errorf("unexpected python output %v", m)
		}
	}
}

func (u UDTF) decodeRow(m []any, nrows int) (OutputRow, error) {
	if len(m) != 2 {
		return OutputRow{}, fmt.Errorf("malformed python output row %v", m)
	}
	n, _ := m[0].(json.Number)
	idx, err := strconv.Atoi(n.String())
	vals, ok := m[1].([]any)
	if err != nil || idx < -1 || idx >= nrows || !ok || len(vals) != len(u.Columns) {
		return OutputRow{}, fmt.Errorf("malformed python output row %v", m)
	}
	for i, v := range vals {
		switch x := v.(type) {
		case json.Number:
			vals[i], err = decodeNumber(x)
		case map[string]any:
			vals[i], err = decodeTaggedFloat(x)
		case nil, string, bool:
		default:
			err = fmt.Errorf("unexpected value %v", v)
		}
		if err != nil {
			return OutputRow{}, fmt.Errorf("python output for input row %d, column %s: %w", idx, u.Columns[i], err)
		}
	}
	return OutputRow{Input: idx, Values: vals}, nil
}

// decodeNumber restores Python's int/float distinction: Python writes floats
// with a '.' or an exponent, ints without.
func decodeNumber(n json.Number) (any, error) {
	s := n.String()
	if strings.ContainsAny(s, ".eE") {
		return strconv.ParseFloat(s, 64)
	}
	if i, err := strconv.ParseInt(s, 10, 64); err == nil {
		return i, nil
	}
	b, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, fmt.Errorf("bad integer %q", s)
	}
	return b, nil
}

func decodeTaggedFloat(m map[string]any) (any, error) {
	switch m["$float"] {
	case "NaN":
		return math.NaN(), nil
	case "Infinity":
		return math.Inf(1), nil
	case "-Infinity":
		return math.Inf(-1), nil
	}
	return nil, fmt.Errorf("unexpected value %v", m)
}

func (u UDTF) decodeError(m map[string]any) *Error {
	str := func(k string) string { s, _ := m[k].(string); return s }
	num := func(k string) int {
		n, ok := m[k].(json.Number)
		if !ok {
			return 0
		}
		i, _ := strconv.Atoi(n.String())
		return i
	}
	return &Error{
		Function:  u.Name,
		Handler:   u.Handler,
		Method:    str("method"),
		Input:     num("input"),
		Type:      str("type"),
		Message:   str("message"),
		Traceback: str("traceback"),
		Line:      num("line"),
	}
}

// tail keeps the last max bytes written to it (Python's stderr).
type tail struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}

func (t *tail) suffix() string {
	if s := t.String(); s != "" {
		return "; stderr: " + s
	}
	return ""
}
