package parse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/logs/*.golden.jsonl")

const logsDir = "../../testdata/logs"

type fixture struct {
	file   string
	parser string
	opts   Options
	// failures is how many lines of the file must fail to parse.
	failures int
	// skipped is how many lines carry no record (headers).
	skipped int
}

var fixtures = []fixture{
	{file: "apache_combined.log", parser: "apache2", failures: 5},
	{file: "apache_common.log", parser: "apache2", failures: 2},
	{file: "go-audit.log", parser: "json", opts: Options{TimeKey: "timestamp"}, failures: 3},
	{file: "teleport.log", parser: "json", failures: 1},
	{file: "s3_access.log", parser: "s3_access", failures: 3},
	{file: "vpc_flow.log", parser: "vpc_flow", failures: 2, skipped: 1},
}

// result is one line's outcome as stored in the golden files.
type result struct {
	Line   int             `json:"line"`
	Time   string          `json:"time,omitempty"`
	Record json.RawMessage `json:"record,omitempty"`
	Error  string          `json:"parse_error,omitempty"`
	Skip   bool            `json:"skipped,omitempty"`
}

func readLines(t *testing.T, name string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(logsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	var lines [][]byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		lines = append(lines, append([]byte(nil), sc.Bytes()...))
	}
	return lines
}

func runFixture(t *testing.T, f fixture) []result {
	t.Helper()
	p, err := New(f.parser, f.opts)
	if err != nil {
		t.Fatal(err)
	}
	var out []result
	for i, line := range readLines(t, f.file) {
		r := result{Line: i + 1}
		rec, ts, err := p.Parse(nil, line)
		switch {
		case err == ErrSkip:
			r.Skip = true
		case err != nil:
			r.Error = err.Error()
			rec = Failed(nil, line, err)
			r.Record = rec
		default:
			r.Record = rec
			if !ts.IsZero() {
				r.Time = ts.UTC().Format(time.RFC3339Nano)
			}
		}
		if r.Record != nil && !json.Valid(r.Record) {
			t.Fatalf("%s:%d: invalid JSON record %s", f.file, i+1, r.Record)
		}
		out = append(out, r)
	}
	return out
}

func TestFixturesGolden(t *testing.T) {
	for _, f := range fixtures {
		t.Run(f.file, func(t *testing.T) {
			got := runFixture(t, f)
			failures, skipped := 0, 0
			for _, r := range got {
				if r.Error != "" {
					failures++
				}
				if r.Skip {
					skipped++
				}
			}
			if failures != f.failures || skipped != f.skipped {
				t.Errorf("%d failed and %d skipped lines, want %d and %d", failures, skipped, f.failures, f.skipped)
			}
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false)
			for _, r := range got {
				if err := enc.Encode(r); err != nil {
					t.Fatal(err)
				}
			}
			golden := filepath.Join(logsDir, strings.TrimSuffix(f.file, ".log")+".golden.jsonl")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("records differ from %s (-want +got):\n%s", golden, diff)
			}
		})
	}
}

func decode(t *testing.T, rec []byte) map[string]any {
	t.Helper()
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(rec))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		t.Fatalf("record %s: %v", rec, err)
	}
	return m
}

func parseOne(t *testing.T, name string, opts Options, line string) (map[string]any, time.Time, error) {
	t.Helper()
	p, err := New(name, opts)
	if err != nil {
		t.Fatal(err)
	}
	rec, ts, err := p.Parse(nil, []byte(line))
	if err != nil {
		return nil, ts, err
	}
	return decode(t, rec), ts, nil
}

func TestApache2Fields(t *testing.T) {
	// Fluentd's own example (parser_apache2 docs and tests).
	rec, ts, err := parseOne(t, "apache2", Options{}, `192.168.0.1 - - [28/Feb/2013:12:00:00 +0900] "GET / HTTP/1.1" 200 777 "-" "Opera/12.0"`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"user": nil, "method": "GET", "code": json.Number("200"), "size": json.Number("777"),
		"host": "192.168.0.1", "path": "/", "referer": nil, "agent": "Opera/12.0",
	}
	if diff := cmp.Diff(want, rec); diff != "" {
		t.Errorf("record (-want +got):\n%s", diff)
	}
	if ts.Unix() != 1362020400 {
		t.Errorf("time %v, want 1362020400", ts)
	}

	// Common format: referer and agent are null; "-" size is null.
	rec, _, err = parseOne(t, "apache2", Options{}, `10.0.0.12 - - [18/Jan/2022:10:00:00 +0000] "GET /icons/ubuntu-logo.png HTTP/1.1" 304 -`)
	if err != nil {
		t.Fatal(err)
	}
	if rec["size"] != nil || rec["referer"] != nil || rec["agent"] != nil || rec["code"] != json.Number("304") {
		t.Errorf("common format record %v", rec)
	}

	// Escaped quotes in the user agent stay as logged.
	rec, _, err = parseOne(t, "apache2", Options{}, `192.0.2.48 - - [18/Jan/2022:10:00:11 +0000] "GET /quoted HTTP/1.1" 200 5 "-" "Mozilla/5.0 \"quoted\" agent"`)
	if err != nil {
		t.Fatal(err)
	}
	if rec["agent"] != `Mozilla/5.0 \"quoted\" agent` {
		t.Errorf("agent %q", rec["agent"])
	}

	for _, bad := range []string{
		"",
		"not a log line",
		`192.0.2.53 - - [31/Foo/2022:99:00:15 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/7.81.0"`,
		`192.0.2.52 - - [18/Jan/2022:10:00:15 +0000] "GET /index.html HTTP/1.1" 200 12 "-"`,
	} {
		if _, _, err := parseOne(t, "apache2", Options{}, bad); err == nil {
			t.Errorf("%q parsed without error", bad)
		}
	}
}

// TestApache2FastPathMatchesRegexp checks the hand-written path against
// Fluentd's expression on every fixture line and on generated variants.
func TestApache2FastPathMatchesRegexp(t *testing.T) {
	var lines []string
	for _, name := range []string{"apache_combined.log", "apache_common.log"} {
		for _, l := range readLines(t, name) {
			lines = append(lines, string(l))
		}
	}
	requests := []string{"GET / HTTP/1.1", "GET /a b c HTTP/1.1", "GET /x", "-", "GET", "GET  /two-spaces HTTP/1.1",
		"GET /tab\tx HTTP/1.1", `GET /e\"q HTTP/1.1`, "GET /trail ", " GET /lead", "GET /a HTTP/1.1 extra"}
	tails := []string{` 200 5`, ` 200 5 "-" "ua"`, ` 200 5 "r" "u a"`, ` 200 - "-"`, ` 200 5 "a"b" "c"`, ` abc 12x`, ` 200`, ` 200 5 "-" "ua" `, ` 1_000 0_1`}
	for _, req := range requests {
		for _, tail := range tails {
			lines = append(lines, `h - u [18/Jan/2022:10:00:00 +0000] "`+req+`"`+tail)
		}
	}
	checked := 0
	for _, l := range lines {
		f, ok := apache2Fast(l)
		if !ok {
			continue
		}
		checked++
		m := apache2Regexp.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("fast path accepted a line the regexp rejects: %q", l)
			continue
		}
		got := []string{f.host, f.user, f.time, f.method, f.path, f.code, f.size, f.referer, f.agent}
		if diff := cmp.Diff(m[1:], got); diff != "" {
			t.Errorf("%q (-regexp +fast):\n%s", l, diff)
		}
	}
	if checked < 30 {
		t.Fatalf("fast path took only %d lines", checked)
	}
}

func TestRubyToI(t *testing.T) {
	for in, want := range map[string]string{"200": "200", "-": "0", "abc": "0", "12x": "12", "1_000": "1000",
		"0_1": "1", "-5": "-5", "007": "7", "99999999999999999999": "99999999999999999999", "1__0": "1"} {
		if got := rubyToI(in); got != want {
			t.Errorf("rubyToI(%q) = %s, want %s", in, got, want)
		}
	}
}

// udtfPython is the seed's parse_s3_access_logs handler, verbatim.
const udtfPython = `
import re
class S3AccessLogParser:
    def clean(self,field):
        field = field.strip(' " " ')
        if field == '-':
            field = None
        return field
        
    def process(self, log):
        pattern = '([^ ]*) ([^ ]*) \\[(.*?)\\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) (\"[^\"]*\"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$'
        lines = re.findall(pattern,log,re.M)
        for line in lines:
            yield(tuple(map(self.clean,line)))
`

// TestS3AccessMatchesUDTF runs the seed's Python UDTF on the fixture and
// checks that every line yields the same values.
func TestS3AccessMatchesUDTF(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Fatal("python3 is needed to run the seed's UDTF: ", err)
	}
	script := udtfPython + `
import json, sys
p = S3AccessLogParser()
for raw in open(sys.argv[1], encoding='utf-8').read().split('\n')[:-1]:
    print(json.dumps([list(r) for r in p.process(raw)]))
`
	path := filepath.Join(logsDir, "s3_access.log")
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python: %v\n%s", err, out)
	}
	pyLines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	lines := readLines(t, "s3_access.log")
	if len(pyLines) != len(lines) {
		t.Fatalf("python printed %d lines for %d log lines", len(pyLines), len(lines))
	}
	p, _ := New("s3_access", Options{})
	for i, line := range lines {
		var rows [][]*string
		if err := json.Unmarshal([]byte(pyLines[i]), &rows); err != nil {
			t.Fatal(err)
		}
		rec, _, err := p.Parse(nil, line)
		if len(rows) == 0 {
			if err == nil {
				t.Errorf("line %d: UDTF yields no row, Go parsed %s", i+1, rec)
			}
			continue
		}
		if err != nil {
			t.Errorf("line %d: UDTF yields a row, Go: %v", i+1, err)
			continue
		}
		m := decode(t, rec)
		var got []*string
		for _, name := range S3AccessFields {
			switch v := m[name].(type) {
			case nil:
				got = append(got, nil)
			case string:
				got = append(got, &v)
			case json.Number:
				s := v.String()
				got = append(got, &s)
			default:
				t.Fatalf("line %d: %s has type %T", i+1, name, v)
			}
		}
		if diff := cmp.Diff(rows[0], got); diff != "" {
			t.Errorf("line %d (-udtf +go):\n%s", i+1, diff)
		}
	}
}

func TestS3AccessTypes(t *testing.T) {
	lines := readLines(t, "s3_access.log")
	rec, ts, err := parseOne(t, "s3_access", Options{}, string(lines[4]))
	if err != nil {
		t.Fatal(err)
	}
	if rec["objectsize"] != json.Number("4406583") || rec["bytessent"] != nil || rec["operation"] != "REST.PUT.OBJECT" ||
		rec["request_uri"] != "PUT /awsexamplebucket1/s3-dg.pdf HTTP/1.1" || rec["referrer"] != nil {
		t.Errorf("record %v", rec)
	}
	if want := time.Date(2019, 2, 6, 0, 1, 57, 0, time.UTC); !ts.Equal(want) {
		t.Errorf("time %v, want %v", ts, want)
	}
	// An anonymous request: requester is null (the seed's "anonymous
	// requests" query tests Requester IS NULL).
	rec, _, err = parseOne(t, "s3_access", Options{}, string(lines[6]))
	if err != nil {
		t.Fatal(err)
	}
	if rec["requester"] != nil || rec["httpstatus"] != "403" || rec["errorcode"] != "AccessDenied" {
		t.Errorf("record %v", rec)
	}
}

func TestVPCFlow(t *testing.T) {
	p, err := New("vpc_flow", Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, ts, err := p.Parse(nil, []byte("2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA"))
	if err != nil {
		t.Fatal(err)
	}
	m := decode(t, rec)
	if m["srcaddr"] != nil || m["log_status"] != "NODATA" || m["start"] != json.Number("1431280876") || m["account_id"] != "123456789010" || m["action"] != nil {
		t.Errorf("NODATA record %v", m)
	}
	if ts.Unix() != 1431280876 {
		t.Errorf("time %v", ts)
	}
	// A header with another field order is adopted for the lines after it.
	if _, _, err := p.Parse(nil, []byte("version vpc-id srcaddr dstaddr start")); err != ErrSkip {
		t.Fatalf("header: %v", err)
	}
	rec, _, err = p.Parse(nil, []byte("5 vpc-0a1b 10.0.0.1 10.0.0.2 1642500000"))
	if err != nil {
		t.Fatal(err)
	}
	if m := decode(t, rec); m["vpc_id"] != "vpc-0a1b" || m["version"] != json.Number("5") {
		t.Errorf("custom format record %v", m)
	}
	p2, err := New("vpc_flow", Options{Fields: []string{"${version}", "${vpc-id}"}})
	if err != nil {
		t.Fatal(err)
	}
	if rec, _, err := p2.Parse(nil, []byte("5 vpc-1")); err != nil || !strings.Contains(string(rec), `"vpc_id":"vpc-1"`) {
		t.Errorf("fields option: %s %v", rec, err)
	}
}

func TestJSONParser(t *testing.T) {
	lines := readLines(t, "go-audit.log")
	p, err := New("json", Options{TimeKey: "timestamp"})
	if err != nil {
		t.Fatal(err)
	}
	rec, ts, err := p.Parse(nil, lines[0])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(rec, lines[0]) {
		t.Errorf("go-audit record was rewritten")
	}
	if want := time.Unix(1637785575, 143000000); !ts.Equal(want) {
		t.Errorf("time %v, want %v", ts, want)
	}
	// Numeric timestamp.
	if _, ts, err := p.Parse(nil, lines[3]); err != nil || !ts.Equal(time.Unix(1637785577, 500000000)) {
		t.Errorf("numeric timestamp: %v %v", ts, err)
	}
	// Tabs between tokens are compacted away (they would split the
	// tab-separated fluentd format); the trailing \r is gone too.
	rec, _, err = p.Parse(nil, lines[len(lines)-1])
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(rec, "\t\r") {
		t.Errorf("record keeps tabs: %q", rec)
	}

	tp, _ := New("json", Options{})
	tl := readLines(t, "teleport.log")
	if _, ts, err := tp.Parse(nil, tl[2]); err != nil || !ts.Equal(time.Date(2022, 10, 11, 18, 32, 12, 345e6, time.UTC)) {
		t.Errorf("teleport time %v %v", ts, err)
	}
	// A bad time keeps the record (it is shipped whole) with no event time.
	if _, ts, err := tp.Parse(nil, tl[7]); err != nil || !ts.IsZero() {
		t.Errorf("bad time: %v %v", ts, err)
	}
	// Invalid UTF-8 inside a string is replaced, never shipped raw.
	rec, _, err = tp.Parse(nil, []byte("{\"user\":\"a\xffb\"}"))
	if err != nil || !json.Valid(rec) || !bytes.Contains(rec, []byte("a\uFFFDb")) {
		t.Errorf("invalid UTF-8: %q %v", rec, err)
	}
}

func TestRegexpParser(t *testing.T) {
	opts := Options{
		Expression: `/^\[(?<time>[^\]]*)\] \[(?<level>[^\]]*)\](?: \[pid (?<pid>[^\]]*)\])? \[client (?<client>[^\]]*)\] (?<message>.*)$/`,
		TimeFormat: "%a %b %d %H:%M:%S %Y",
		Types:      map[string]string{"pid": "integer"},
	}
	rec, ts, err := parseOne(t, "regexp", opts, `[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1] client denied by server configuration`)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"level": "error", "pid": nil, "client": "127.0.0.1", "message": "client denied by server configuration"}
	if diff := cmp.Diff(want, rec); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if ts.Unix() != 971274772 {
		t.Errorf("time %v (%d)", ts, ts.Unix())
	}
	rec, _, err = parseOne(t, "regexp", opts, `[Wed Oct 11 14:32:52 2000] [notice] [pid 42] [client ::1] up`)
	if err != nil || rec["pid"] != json.Number("42") {
		t.Errorf("pid: %v %v", rec, err)
	}
	if _, _, err := parseOne(t, "regexp", opts, `[yesterday] [error] [client ::1] x`); err == nil {
		t.Error("a bad time parsed (it would be lost from the record)")
	}
	opts.KeepTimeKey = true
	rec, ts, err = parseOne(t, "regexp", opts, `[yesterday] [error] [client ::1] x`)
	if err != nil || rec["time"] != "yesterday" || !ts.IsZero() {
		t.Errorf("keep_time_key: %v %v %v", rec, ts, err)
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	for _, c := range []struct {
		name string
		opts Options
		want string
	}{
		{"apache3", Options{}, "unknown parser"},
		{"", Options{}, "parser not set"},
		{"apache2", Options{TimeKey: "t"}, "takes no options"},
		{"regexp", Options{}, "needs expression"},
		{"regexp", Options{Expression: "(a"}, "missing closing"},
		{"regexp", Options{Expression: "a+"}, "no named groups"},
		{"regexp", Options{Expression: "(?P<a>x)", Types: map[string]string{"b": "integer"}}, `"b" is not a group`},
		{"regexp", Options{Expression: "(?P<a>x)", Types: map[string]string{"a": "int"}}, "unknown type"},
		{"json", Options{TimeFormat: "%Y-%Q"}, "unsupported directive %Q"},
		{"vpc_flow", Options{TimeKey: "start"}, "takes only fields"},
	} {
		_, err := New(c.name, c.opts)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New(%q, %+v) = %v, want error containing %q", c.name, c.opts, err, c.want)
		}
	}
}

func TestAppendString(t *testing.T) {
	for _, s := range []string{"", "plain", "quote\" back\\slash", "ctl\x00\x01\x1f\t\n\r", "é ü 日本", "bad\xff\xfe", "\u2028"} {
		got := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("%q -> %s: %v", s, got, err)
			continue
		}
		// encoding/json replaces each invalid byte, as AppendString does.
		std, _ := json.Marshal(s)
		var want string
		json.Unmarshal(std, &want)
		if back != want {
			t.Errorf("%q round-trips to %q", s, back)
		}
		if bytes.ContainsAny(got, "\t\n\r") {
			t.Errorf("%q -> %q keeps raw control characters", s, got)
		}
	}
}

func TestStrptimeLayout(t *testing.T) {
	for _, c := range []struct{ format, in, want string }{
		{"%d/%b/%Y:%H:%M:%S %z", "10/Oct/2000:13:55:36 -0700", "2000-10-10T20:55:36Z"},
		{"%Y-%m-%dT%H:%M:%S.%L%:z", "2022-01-18T10:00:00.250+01:00", "2022-01-18T09:00:00.25Z"},
		{"%F %T", "2022-01-18 10:00:00", "2022-01-18T10:00:00Z"},
		{"unix", "1637785575.143", "2021-11-24T20:26:15.143Z"},
		{"unix_ms", "1637785575143", "2021-11-24T20:26:15.143Z"},
	} {
		p, err := newTimeParser(c.format)
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		ts, err := p(c.in)
		if err != nil {
			t.Errorf("%s on %q: %v", c.format, c.in, err)
			continue
		}
		if got := ts.UTC().Format(time.RFC3339Nano); got != c.want {
			t.Errorf("%s on %q = %s, want %s", c.format, c.in, got, c.want)
		}
	}
}

func BenchmarkApache2(b *testing.B) {
	line := []byte(`203.0.113.7 - - [18/Jan/2022:10:00:01 +0000] "GET /favicon.ico HTTP/1.1" 404 196 "http://54.250.1.10/index.html" "Mozilla/5.0 (X11; Linux x86_64; rv:96.0) Gecko/20100101 Firefox/96.0"`)
	p := newApache2()
	var dst []byte
	b.SetBytes(int64(len(line)))
	for i := 0; i < b.N; i++ {
		var err error
		dst, _, err = p.Parse(dst[:0], line)
		if err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkApache2Regexp(b *testing.B) {
	line := `203.0.113.7 - - [18/Jan/2022:10:00:01 +0000] "GET /favicon.ico HTTP/1.1" 404 196 "http://54.250.1.10/index.html" "Mozilla/5.0 (X11; Linux x86_64; rv:96.0) Gecko/20100101 Firefox/96.0"`
	b.SetBytes(int64(len(line)))
	for i := 0; i < b.N; i++ {
		if apache2Regexp.FindStringSubmatchIndex(line) == nil {
			b.Fatal("no match")
		}
	}
}

// TestAppendStringEveryPosition puts each kind of byte that needs escaping
// (or UTF-8 decoding) at every position of strings around the 8-byte steps
// of AppendString's fast path; encoding/json is the reference.
func TestAppendStringEveryPosition(t *testing.T) {
	specials := []string{"\"", "\\", "\x00", "\x1f", "\n", "\x7f", "é", "\xff", "日", " ", "!", "#", "[", "]"}
	for n := 0; n <= 26; n++ {
		for pos := 0; pos < n; pos++ {
			for _, sp := range specials {
				s := strings.Repeat("a", pos) + sp + strings.Repeat("Z", n-pos-1)
				got := AppendString(nil, s)
				var back, want string
				if err := json.Unmarshal(got, &back); err != nil {
					t.Fatalf("%q -> %s: %v", s, got, err)
				}
				std, _ := json.Marshal(s)
				json.Unmarshal(std, &want)
				if back != want {
					t.Fatalf("%q -> %s round-trips to %q, want %q", s, got, back, want)
				}
			}
		}
	}
}
