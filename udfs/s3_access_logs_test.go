package udfs

import (
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/udfs/pyudtf"
	"github.com/google/go-cmp/cmp"
)

const fixture = "../testdata/udfs/s3_access.log"

// fixtureLines returns the fixture's lines as the staging table holds them:
// one row per line, a trailing "\r" kept (it is part of the raw text).
func fixtureLines(t testing.TB) []string {
	t.Helper()
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
}

// parityRows is the fixture, one line per row, plus inputs that only a
// multi-line raw string or odd bytes produce.
func parityRows(t testing.TB) [][]any {
	lines := fixtureLines(t)
	var rows [][]any
	for _, l := range lines {
		rows = append(rows, []any{l})
	}
	return append(rows,
		[]any{strings.Join(lines, "\n")},                                      // the whole file in one value: matches span lines
		[]any{lines[0] + "\n" + lines[17] + "\n"},                             // 26 fields then 18 fields
		[]any{lines[17] + "\n\n" + lines[0]},                                  // 18-field line swallows the next one
		[]any{strings.ReplaceAll(lines[5], " ", "\t")},                        // tabs are not separators
		[]any{strings.Replace(lines[5], "customers", "cust\xffomers\xc3", 1)}, // invalid UTF-8
		[]any{strings.Replace(lines[5], "customers", "cust\x00omers", 1)},
		[]any{`  "` + lines[0] + `"  `},
		[]any{"- - [] - - - - - - - - - - - - - - -"},
		[]any{`"" "" [x] "" "" "" "" "" "" 0 "" "" "" "" "" "" "" ""`},
		[]any{""},
	)
}

func runPython(t testing.TB, rows [][]any) ([]pyudtf.OutputRow, error) {
	t.Helper()
	if !pyudtf.Available() {
		t.Skipf("python3 is not available: %v", pyudtf.Check(context.Background(), ""))
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return ParseS3AccessLogsUDTF().Run(ctx, rows)
}

// TestParseS3AccessLogsTwinParity runs the guide's Python handler for real and
// its Go twin on the same input: they must return identical rows.
func TestParseS3AccessLogsTwinParity(t *testing.T) {
	t.Parallel()
	rows := parityRows(t)
	want, err := runPython(t, rows)
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseS3AccessLogs(context.Background(), rows)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Go twin differs from Python (-python +twin):\n%s", d)
	}
	if len(want) < 60 {
		t.Fatalf("only %d rows: the fixture no longer exercises the parser", len(want))
	}
}

// TestParseS3AccessLogsTwinParityMutated feeds both implementations thousands
// of randomly damaged log lines: quotes, brackets, spaces, newlines, dashes
// inserted and deleted where real-world corruption puts them.
func TestParseS3AccessLogsTwinParityMutated(t *testing.T) {
	t.Parallel()
	lines := fixtureLines(t)
	r := rand.New(rand.NewPCG(1, 2))
	rows := make([][]any, 3000)
	for i := range rows {
		rows[i] = []any{mutate(r, lines)}
	}
	want, err := runPython(t, rows)
	if err != nil {
		t.Fatal(err)
	}
	got, err := parseS3AccessLogs(context.Background(), rows)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("Go twin differs from Python (-python +twin):\n%s", d)
	}
}

// TestParseS3AccessLogsTwinErrorParity: a NULL or non-string log fails the
// batch in Python's re.findall; the twin fails the same row the same way.
func TestParseS3AccessLogsTwinErrorParity(t *testing.T) {
	t.Parallel()
	for _, bad := range []any{nil, int64(7)} {
		rows := [][]any{{fixtureLines(t)[0]}, {bad}}
		_, perr := runPython(t, rows)
		_, terr := parseS3AccessLogs(context.Background(), rows)
		var pe, te *pyudtf.Error
		if !errors.As(perr, &pe) || !errors.As(terr, &te) {
			t.Fatalf("python: %v\ntwin: %v", perr, terr)
		}
		if pe.Type != "TypeError" || te.Type != pe.Type || te.Input != pe.Input || te.Method != pe.Method ||
			te.Handler != pe.Handler || te.Function != pe.Function ||
			!strings.HasPrefix(pe.Message, "TypeError: expected string or bytes-like object") ||
			!strings.HasPrefix(te.Message, "TypeError: expected string or bytes-like object") {
			t.Errorf("input %v:\npython: %+v\ntwin:   %+v", bad, pe, te)
		}
	}
	rows := [][]any{{"a", "b"}}
	_, perr := runPython(t, rows)
	_, terr := parseS3AccessLogs(context.Background(), rows)
	var pe, te *pyudtf.Error
	if !errors.As(perr, &pe) || !errors.As(terr, &te) || pe.Type != "TypeError" || te.Type != "TypeError" {
		t.Fatalf("two arguments:\npython: %v\ntwin: %v", perr, terr)
	}
}

// TestParseS3AccessLogsTwin pins what the handler does with real records,
// without needing python3: these are the facts the views and detections use.
func TestParseS3AccessLogsTwin(t *testing.T) {
	t.Parallel()
	lines := fixtureLines(t)
	rows := make([][]any, len(lines))
	for i, l := range lines {
		rows[i] = []any{l}
	}
	out, err := parseS3AccessLogs(context.Background(), rows)
	if err != nil {
		t.Fatal(err)
	}
	byInput := map[int][]any{}
	for _, r := range out {
		if _, dup := byInput[r.Input]; dup {
			t.Fatalf("input %d produced two rows", r.Input)
		}
		byInput[r.Input] = r.Values
	}
	col := map[string]int{}
	for i, c := range ParseS3AccessLogColumns() {
		col[c.Name] = i
	}
	check := func(input int, want map[string]any) {
		t.Helper()
		vals, ok := byInput[input]
		if !ok {
			t.Errorf("line %d: no row; %q", input+1, lines[input])
			return
		}
		for name, w := range want {
			if got := vals[col[name]]; got != w {
				t.Errorf("line %d, %s = %#v, want %#v", input+1, name, got, w)
			}
		}
	}
	check(0, map[string]any{"requestdatetime": "06/Feb/2019:00:00:38 +0000", "operation": "REST.GET.VERSIONING", "key": nil,
		"request_uri": "GET /awsexamplebucket1?versioning HTTP/1.1", "httpstatus": "200", "errorcode": nil, "bytessent": "113",
		"objectsize": nil, "referrer": nil, "useragent": "S3Console/0.4", "tlsversion": "TLSV1.2"})
	check(4, map[string]any{"operation": "REST.PUT.OBJECT", "key": "s3-dg.pdf", "bytessent": nil, "objectsize": "4406583"})
	check(7, map[string]any{"operation": "REST.DELETE.OBJECT", "httpstatus": "204", "requester": "arn:aws:iam::123456789012:user/jdoe"})
	check(10, map[string]any{"operation": "REST.COPY.OBJECT", "key": "archive/2024/03/14/part-00000.parquet"})
	check(11, map[string]any{"requester": nil, "httpstatus": "403", "errorcode": "AccessDenied", "sigv": nil, "endpoint": "prod-data-lake.s3.amazonaws.com"})
	check(17, map[string]any{"versionid": nil, "hostid": "", "sigv": "", "tlsversion": ""}) // 18-field line: empty, not NULL
	check(19, map[string]any{"hostid": "", "sigv": ""})                                     // 20 fields: the optional group needs all six
	check(20, map[string]any{"remoteip": "2001:db8:85a3::8a2e:370:7334", "httpstatus": "206", "authtype": "QueryString"})
	check(26, map[string]any{"remoteip": nil, "requester": "AmazonS3", "request_uri": nil, "httpstatus": nil, "objectsize": "1945763"})
	check(33, map[string]any{"request_uri": "GET /contracts/résumé.pdf?versionId=Y.m9T4bL2lk_p3oVQj2zW0_8xPe3WQrG HTTP/1.1",
		"versionid": "Y.m9T4bL2lk_p3oVQj2zW0_8xPe3WQrG", "tlsversion": "TLSv1.2"}) // extra trailing fields ignored
	check(39, map[string]any{"bucketowner": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}) // garbage prefix skipped
	check(41, map[string]any{"tlsversion": "TLSv1.2"})                                                           // CRLF line
	// The guide's pattern drops these records: a referrer with a space, a user
	// agent with a double quote, a line that is not a log, one without [time], an empty line.
	for _, i := range []int{14, 15, 16, 36, 37, 38} {
		if v, ok := byInput[i]; ok {
			t.Errorf("line %d parsed: %q", i+1, v)
		}
	}
	if len(out) != len(lines)-6 {
		t.Errorf("%d rows from %d lines", len(out), len(lines))
	}
}

func TestParseS3AccessLogsTwinCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := parseS3AccessLogs(ctx, [][]any{{"x"}}); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
}

// benchRows is ~10k real-format log lines, one per row, as the staging table holds them.
func benchRows(b *testing.B) [][]any {
	lines := fixtureLines(b)
	rows := make([][]any, 0, 10000)
	for len(rows) < 10000 {
		for _, l := range lines {
			rows = append(rows, []any{l})
		}
	}
	return rows[:10000]
}

func BenchmarkParseS3AccessLogs(b *testing.B) {
	rows := benchRows(b)
	b.Run("twin", func(b *testing.B) {
		for b.Loop() {
			if _, err := parseS3AccessLogs(context.Background(), rows); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("python", func(b *testing.B) {
		if !pyudtf.Available() {
			b.Skip("python3 is not available")
		}
		u := ParseS3AccessLogsUDTF()
		for b.Loop() {
			if _, err := u.Run(context.Background(), rows); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(rows)*b.N)/b.Elapsed().Seconds(), "rows/s")
	})
}
