package pyudtf_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/udfs/pyudtf"
	"github.com/google/go-cmp/cmp"
)

func requirePython(t *testing.T) {
	t.Helper()
	if !pyudtf.Available() {
		t.Skipf("python3 is not available: %v", pyudtf.Check(context.Background(), ""))
	}
}

func run(t *testing.T, u pyudtf.UDTF, rows [][]any) ([]pyudtf.OutputRow, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return u.Run(ctx, rows)
}

// pyError asserts err is a *pyudtf.Error and returns it.
func pyError(t *testing.T, err error) *pyudtf.Error {
	t.Helper()
	var pe *pyudtf.Error
	if !errors.As(err, &pe) {
		t.Fatalf("want *pyudtf.Error, got %T: %v", err, err)
	}
	return pe
}

const splitter = `
class Splitter:
    def __init__(self):
        self.rows = 0
        self.instances = getattr(Splitter, "instances", 0) + 1
        Splitter.instances = self.instances

    def process(self, text, sep):
        self.rows += 1
        for i, word in enumerate(text.split(sep)):
            yield (word, i)

    def end_partition(self):
        yield ("rows seen", self.rows)
        yield ("instances", self.instances)
`

func TestRunPartitionLifecycle(t *testing.T) {
	t.Parallel()
	requirePython(t)
	u := pyudtf.UDTF{Name: "split_words", Handler: "Splitter", Body: splitter, Columns: []string{"word", "pos"}}
	got, err := run(t, u, [][]any{{"a b", " "}, {"", ","}, {"x,y,z", ","}})
	if err != nil {
		t.Fatal(err)
	}
	want := []pyudtf.OutputRow{
		{Input: 0, Values: []any{"a", int64(0)}},
		{Input: 0, Values: []any{"b", int64(1)}},
		{Input: 1, Values: []any{"", int64(0)}},
		{Input: 2, Values: []any{"x", int64(0)}},
		{Input: 2, Values: []any{"y", int64(1)}},
		{Input: 2, Values: []any{"z", int64(2)}},
		{Input: -1, Values: []any{"rows seen", int64(3)}},
		{Input: -1, Values: []any{"instances", int64(1)}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("rows (-want +got):\n%s", d)
	}
}

func TestRunEmptyBatch(t *testing.T) {
	t.Parallel()
	requirePython(t)
	u := pyudtf.UDTF{Name: "split_words", Handler: "Splitter", Body: splitter, Columns: []string{"word", "pos"}}
	got, err := run(t, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	// end_partition still runs, as in Snowflake.
	if len(got) != 2 || got[0].Input != -1 || got[0].Values[1] != int64(0) {
		t.Fatalf("got %v", got)
	}
}

// TestRunValues checks that every supported type crosses into Python as the
// Python type Snowflake would pass, and comes back exactly.
func TestRunValues(t *testing.T) {
	t.Parallel()
	requirePython(t)
	body := `
class Echo:
    def process(self, v):
        yield (v, type(v).__name__)
`
	u := pyudtf.UDTF{Name: "echo", Handler: "Echo", Body: body, Columns: []string{"v", "type"}}
	huge, _ := new(big.Int).SetString("123456789012345678901234567890", 10)
	in := []any{
		nil, "", "héllo\n\"quoted\"\t\\ \u2028 \x00 end", "bad \xff byte", true, false,
		int64(math.MaxInt64), int64(math.MinInt64), int32(-7), uint64(math.MaxUint64), huge,
		1.0, float32(0.5), 1e300, -0.0, math.NaN(), math.Inf(1), math.Inf(-1),
	}
	rows := make([][]any, len(in))
	for i, v := range in {
		rows[i] = []any{v}
	}
	got, err := run(t, u, rows)
	if err != nil {
		t.Fatal(err)
	}
	maxU, _ := new(big.Int).SetString(strconv.FormatUint(math.MaxUint64, 10), 10)
	want := [][]any{
		{nil, "NoneType"}, {"", "str"}, {"héllo\n\"quoted\"\t\\ \u2028 \x00 end", "str"}, {"bad \ufffd byte", "str"},
		{true, "bool"}, {false, "bool"},
		{int64(math.MaxInt64), "int"}, {int64(math.MinInt64), "int"}, {int64(-7), "int"}, {maxU, "int"}, {huge, "int"},
		{1.0, "float"}, {0.5, "float"}, {1e300, "float"}, {-0.0, "float"},
		{math.NaN(), "float"}, {math.Inf(1), "float"}, {math.Inf(-1), "float"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d: %v", len(got), len(want), got)
	}
	opts := cmp.Options{cmp.Comparer(func(a, b *big.Int) bool { return a.Cmp(b) == 0 }), cmp.Comparer(func(a, b float64) bool {
		return a == b && math.Signbit(a) == math.Signbit(b) || math.IsNaN(a) && math.IsNaN(b)
	})}
	for i := range want {
		if got[i].Input != i {
			t.Errorf("row %d: input %d", i, got[i].Input)
		}
		if d := cmp.Diff(want[i], got[i].Values, opts); d != "" {
			t.Errorf("value %d (%#v) (-want +got):\n%s", i, in[i], d)
		}
	}
}

func TestRunReturnShapes(t *testing.T) {
	t.Parallel()
	requirePython(t)
	body := `
import sys
class Shapes:
    def process(self, kind):
        print("handler chatter on stdout", kind)          # must not corrupt the protocol
        sys.stdout.write('[0, ["forged"]]\n')
        assert sys.stdin.read() == ""                       # stdin is not the protocol either
        if kind == "none":
            return None
        if kind == "list":
            return [("l1",), ["l2"]]
        if kind == "empty":
            return ()
        return iter([("it",)])
`
	u := pyudtf.UDTF{Name: "shapes", Handler: "Shapes", Body: body, Columns: []string{"v"}}
	got, err := run(t, u, [][]any{{"none"}, {"list"}, {"empty"}, {"iter"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []pyudtf.OutputRow{{Input: 1, Values: []any{"l1"}}, {Input: 1, Values: []any{"l2"}}, {Input: 3, Values: []any{"it"}}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}
}

func TestRunLargeBatchKeepsOrder(t *testing.T) {
	t.Parallel()
	requirePython(t)
	body := `
class Twice:
    def process(self, n):
        yield (n * 2,)
`
	u := pyudtf.UDTF{Name: "twice", Handler: "Twice", Body: body, Columns: []string{"n"}}
	const n = 20000
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{i}
	}
	got, err := run(t, u, rows)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("got %d rows, want %d", len(got), n)
	}
	for i, r := range got {
		if r.Input != i || r.Values[0] != int64(2*i) {
			t.Fatalf("row %d: %v", i, r)
		}
	}
}

func TestPythonExceptionInProcess(t *testing.T) {
	t.Parallel()
	requirePython(t)
	body := `
class Fragile:
    def process(self, n):
        yield (n,)
        if n == 2:
            raise ValueError("cannot handle %d" % n)
`
	u := pyudtf.UDTF{Name: "fragile", Handler: "Fragile", Body: body, Columns: []string{"n"}}
	got, err := run(t, u, [][]any{{0}, {1}, {2}, {3}})
	if got != nil {
		t.Errorf("rows returned with an error: %v", got)
	}
	pe := pyError(t, err)
	if pe.Input != 2 || pe.Method != "process" || pe.Type != "ValueError" || pe.Message != "ValueError: cannot handle 2" || pe.Line != 6 {
		t.Errorf("error fields: %+v", pe)
	}
	if !strings.Contains(pe.Traceback, "Traceback (most recent call last)") ||
		!strings.Contains(pe.Traceback, `raise ValueError("cannot handle %d" % n)`) ||
		strings.Contains(pe.Traceback, "harness") {
		t.Errorf("traceback:\n%s", pe.Traceback)
	}
	const want = "function fragile with handler Fragile: Python Interpreter Error: ValueError: cannot handle 2 (in Fragile.process, input row 2, body line 6)"
	if err.Error() != want {
		t.Errorf("error:\n got %s\nwant %s", err, want)
	}
}

func TestPythonErrorsOutsideProcess(t *testing.T) {
	t.Parallel()
	requirePython(t)
	for _, tc := range []struct {
		name, body, handler string
		method, typ, msg    string
		line                int
	}{
		{"syntax", "class H:\n    def process(self x):\n        yield (1,)\n", "H", "body", "SyntaxError", "SyntaxError: invalid syntax", 2},
		{"import", "import no_such_module_xyz\nclass H:\n    pass\n", "H", "body", "ModuleNotFoundError", "ModuleNotFoundError: No module named 'no_such_module_xyz'", 1},
		{"no handler", "class Other:\n    pass\n", "H", "body", "", "the function body does not define handler class 'H'", 0},
		{"no process", "class H:\n    pass\n", "H", "__init__", "", "handler class 'H' has no process method", 0},
		{"init", "class H:\n    def __init__(self):\n        raise RuntimeError('no init')\n    def process(self, x):\n        yield (x,)\n", "H", "__init__", "RuntimeError", "RuntimeError: no init", 3},
		{"end_partition", "class H:\n    def process(self, x):\n        yield (x,)\n    def end_partition(self):\n        1/0\n", "H", "end_partition", "ZeroDivisionError", "ZeroDivisionError: division by zero", 5},
		{"exit", "import sys\nclass H:\n    def process(self, x):\n        sys.exit(4)\n", "H", "process", "SystemExit", "SystemExit: 4", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			u := pyudtf.UDTF{Name: "f", Handler: tc.handler, Body: tc.body, Columns: []string{"x"}}
			_, err := run(t, u, [][]any{{1}})
			pe := pyError(t, err)
			wantInput := -1
			if tc.method == "process" {
				wantInput = 0
			}
			if pe.Method != tc.method || pe.Type != tc.typ || pe.Message != tc.msg || pe.Line != tc.line || pe.Input != wantInput {
				t.Errorf("got %+v", pe)
			}
			if !strings.Contains(err.Error(), "handler "+tc.handler) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error message %q", err)
			}
		})
	}
}

func TestRefusedResults(t *testing.T) {
	t.Parallel()
	requirePython(t)
	body := `
import decimal
class H:
    def process(self, kind):
        if kind == "short":
            return [("a", "b")]
        if kind == "scalar":
            return ["abc"]
        if kind == "decimal":
            return [(1, 2, decimal.Decimal("1.5"))]
        if kind == "notiter":
            return 42
        return [(1, 2, 3)]
`
	for _, tc := range []struct{ kind, want string }{
		{"short", "process produced a row of 2 values but the function declares 3 output columns (a, b, c) (in H.process, input row 1)"},
		{"scalar", "process produced a str where a row tuple was expected (in H.process, input row 1)"},
		{"decimal", "process output column 3 (c) has unsupported Python type Decimal; supported: str, int, float, bool, None (in H.process, input row 1)"},
		{"notiter", "process returned int 42; it must return an iterable of tuples or None (in H.process, input row 1)"},
	} {
		t.Run(tc.kind, func(t *testing.T) {
			t.Parallel()
			u := pyudtf.UDTF{Name: "f", Handler: "H", Body: body, Columns: []string{"a", "b", "c"}}
			_, err := run(t, u, [][]any{{"ok"}, {tc.kind}})
			pe := pyError(t, err)
			if pe.Input != 1 || pe.Type != "" {
				t.Errorf("got %+v", pe)
			}
			if !strings.HasSuffix(err.Error(), tc.want) {
				t.Errorf("error:\n got %s\nwant suffix %s", err, tc.want)
			}
		})
	}
}

func TestPythonMissing(t *testing.T) {
	t.Parallel()
	for _, python := range []string{"/nonexistent/bin/python3", "flurry-no-such-python-xyz"} {
		u := pyudtf.UDTF{Name: "f", Handler: "H", Body: "class H: pass", Columns: []string{"x"}, Python: python}
		_, err := u.Run(context.Background(), [][]any{{1}})
		if !errors.Is(err, pyudtf.ErrNoPython) || !strings.Contains(err.Error(), python) || !strings.Contains(err.Error(), pyudtf.PythonEnv) {
			t.Errorf("Run with %s: %v", python, err)
		}
		if err := pyudtf.Check(context.Background(), python); !errors.Is(err, pyudtf.ErrNoPython) {
			t.Errorf("Check(%s) = %v", python, err)
		}
	}
	// Runnable, but not Python.
	if err := pyudtf.Check(context.Background(), "false"); !errors.Is(err, pyudtf.ErrNoPython) {
		t.Errorf("Check(false) = %v", err)
	}
}

func TestPythonFromEnv(t *testing.T) {
	t.Setenv(pyudtf.PythonEnv, "/nonexistent/python-from-env")
	if got := pyudtf.DefaultPython(); got != "/nonexistent/python-from-env" {
		t.Fatalf("DefaultPython() = %s", got)
	}
	u := pyudtf.UDTF{Name: "f", Handler: "H", Body: "", Columns: []string{"x"}}
	if _, err := u.Run(context.Background(), nil); !errors.Is(err, pyudtf.ErrNoPython) || !strings.Contains(err.Error(), "python-from-env") {
		t.Fatalf("Run: %v", err)
	}
}

func TestBadInput(t *testing.T) {
	t.Parallel()
	u := pyudtf.UDTF{Name: "f", Handler: "H", Body: "", Columns: []string{"x"}, Python: "/nonexistent/python3"}
	// Input is checked before any process starts: the bad interpreter is never reached.
	_, err := u.Run(context.Background(), [][]any{{1}, {"a", struct{}{}}})
	if err == nil || errors.Is(err, pyudtf.ErrNoPython) || !strings.Contains(err.Error(), "input row 1, argument 2: unsupported value of type struct {}") {
		t.Fatalf("Run: %v", err)
	}
	for _, u := range []pyudtf.UDTF{{Name: "f", Columns: []string{"x"}}, {Name: "f", Handler: "H"}} {
		if _, err := u.Run(context.Background(), nil); err == nil {
			t.Errorf("Run(%+v) succeeded", u)
		}
	}
}

func TestPythonDiesMidBatch(t *testing.T) {
	t.Parallel()
	requirePython(t)
	body := `
import os, sys
class H:
    def process(self, x):
        if x == 1:
            sys.stderr.write("about to die\n")
            sys.stderr.flush()
            os._exit(3)
        yield (x,)
`
	u := pyudtf.UDTF{Name: "f", Handler: "H", Body: body, Columns: []string{"x"}}
	_, err := run(t, u, [][]any{{0}, {1}, {2}})
	if err == nil || !strings.Contains(err.Error(), "python exited before finishing the batch (exit status 3); stderr: about to die") {
		t.Fatalf("Run: %v", err)
	}
}

// TestCancelKillsPython proves a cancelled context ends the python process.
func TestCancelKillsPython(t *testing.T) {
	t.Parallel()
	requirePython(t)
	// The body may write only its own private working directory (under
	// TMPDIR): it leaves its pid there under a name unique to this test.
	marker := fmt.Sprintf("sleeper-%d-%d.pid", os.Getpid(), time.Now().UnixNano())
	body := `
import os, time
class Sleeper:
    def process(self, name):
        with open(name, "w") as f:
            f.write(str(os.getpid()))
        time.sleep(120)
        yield (1,)
`
	u := pyudtf.UDTF{Name: "sleeper", Handler: "Sleeper", Body: body, Columns: []string{"x"}}
	ctx, cancel := context.WithCancel(context.Background())
	pid := make(chan int, 1)
	go func() {
		for ctx.Err() == nil {
			files, _ := filepath.Glob(filepath.Join(os.TempDir(), "flurry-pyudtf-*", marker))
			for _, f := range files {
				if b, err := os.ReadFile(f); err == nil && len(b) > 0 {
					n, _ := strconv.Atoi(string(b))
					pid <- n
					cancel()
					return
				}
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	start := time.Now()
	_, err := u.Run(ctx, [][]any{{marker}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Run: %v", err)
	}
	if d := time.Since(start); d > 30*time.Second {
		t.Errorf("Run took %v after cancel", d)
	}
	var p int
	select {
	case p = <-pid:
	default:
		t.Fatal("the body's pid file was not found")
	}
	if gone, err := processGone(p); !gone {
		t.Errorf("python pid %d still exists after Run returned (%v)", p, err)
	}
}

func TestEachStopsOnEmitError(t *testing.T) {
	t.Parallel()
	requirePython(t)
	body := `
class Forever:
    def process(self, x):
        while True:
            yield (x,)
`
	u := pyudtf.UDTF{Name: "forever", Handler: "Forever", Body: body, Columns: []string{"x"}}
	stop := errors.New("enough")
	n := 0
	err := u.Each(context.Background(), [][]any{{1}}, func(pyudtf.OutputRow) error {
		if n++; n == 1000 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("Each: %v", err)
	}
}

// TestHarnessIsPython38 parses the harness as Python 3.8 (Snowflake's oldest
// runtime, and the guide's RUNTIME_VERSION) with the machine's interpreter.
func TestHarnessIsPython38(t *testing.T) {
	t.Parallel()
	requirePython(t)
	src, err := os.ReadFile("harness.py")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(pyudtf.DefaultPython(), "-c", "import ast, sys; ast.parse(sys.stdin.read(), 'harness.py', feature_version=(3, 8))")
	cmd.Stdin = strings.NewReader(string(src))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("harness.py is not Python 3.8: %v\n%s", err, out)
	}
}

// BenchmarkRunStartup is the fixed cost of one batch: start python3, exec the
// body, instantiate the handler, one row in and out.
func BenchmarkRunStartup(b *testing.B) {
	if !pyudtf.Available() {
		b.Skip("python3 is not available")
	}
	u := pyudtf.UDTF{Name: "one", Handler: "One", Body: "class One:\n    def process(self, x):\n        yield (x,)\n", Columns: []string{"x"}}
	for b.Loop() {
		if _, err := u.Run(context.Background(), [][]any{{1}}); err != nil {
			b.Fatal(err)
		}
	}
}
