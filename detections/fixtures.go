package detections

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/flurry-dev/flurry/internal/textexec"
)

// TestFile is a detection's fixture test file, <tests dir>/<id>.yaml:
//
//	cases:
//	  - name: burst of 408s from one client
//	    fixtures:
//	      logs: |
//	        {{ago "5m"}}	s3.apache.access	{"host":"203.0.113.7","code":408,...}
//	    expect:
//	      - {host: 203.0.113.7, timeouts: 25}
//	  - name: a handful of timeouts is normal
//	    fixtures: ...
//	    expect: []
//
// The file is a Go text/template evaluated before YAML parsing, so fixture
// timestamps can be relative to the moment the test runs (see TemplateFuncs).
type TestFile struct {
	Path  string
	Cases []Case
	// Now is the moment the relative times ({{ago}}, {{now}}) were
	// rendered from.
	Now time.Time
}

// Case is one fixture test case.
type Case struct {
	Name string `yaml:"name"`
	// Fixtures maps a lake table to its rows in the format the pipeline lands
	// them in (see LoadFixture).
	Fixtures map[string]string `yaml:"fixtures"`
	// Expect lists the rows the detection must return, each naming only the
	// columns that matter; every returned row must be listed. Empty: the
	// detection must return nothing.
	Expect []map[string]any `yaml:"expect"`
	// Lookback, when set, widens the window the case runs in (default the
	// detection's first-run lookback): fixture rows arrive at their event
	// time, so a case about event times further back needs a wider window.
	Lookback string `yaml:"lookback"`
	Line     int    `yaml:"-"`
	lookback time.Duration
}

// Time is a fixture timestamp. It prints as RFC 3339 in UTC
// (2024-05-01T13:45:00Z); its methods give the other formats log sources use.
type Time struct{ time.Time }

func (t Time) String() string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// Unix is seconds since the epoch (VPC flow log start/end).
func (t Time) Unix() int64 { return t.Time.Unix() }

// Epoch is seconds.milliseconds since the epoch (go-audit's "timestamp").
func (t Time) Epoch() string {
	return fmt.Sprintf("%d.%03d", t.Time.Unix(), t.Time.Nanosecond()/1e6)
}

// S3 is the S3 server access log time, without its brackets (06/Feb/2019:00:00:38 +0000).
func (t Time) S3() string { return t.UTC().Format("02/Jan/2006:15:04:05 -0700") }

// Fluentd is Fluentd's default time format in out_file/out_s3 output (2024-05-01T13:45:00+0000).
func (t Time) Fluentd() string { return t.UTC().Format("2006-01-02T15:04:05-0700") }

// SQL is a Snowflake timestamp literal body (2024-05-01 13:45:00).
func (t Time) SQL() string { return t.UTC().Format(time.DateTime) }

// StartOfHour is the start of the UTC hour holding t, for cases about hour
// boundaries: {{(ago "1h").StartOfHour}}.
func (t Time) StartOfHour() Time { return Time{t.UTC().Truncate(time.Hour)} }

// Plus is t plus a duration in the units of ago: {{(now).Plus "2m"}}.
func (t Time) Plus(s string) (Time, error) {
	d, err := ParseDuration(s)
	if err != nil {
		return Time{}, err
	}
	return Time{t.Time.Add(d)}, nil
}

// Minus is t minus a duration in the units of ago.
func (t Time) Minus(s string) (Time, error) {
	d, err := ParseDuration(s)
	if err != nil {
		return Time{}, err
	}
	return Time{t.Time.Add(-d)}, nil
}

// Format formats with a Go layout.
func (t Time) Format(layout string) string { return t.UTC().Format(layout) }

// TemplateFuncs are the functions available in test files:
//
//	{{ago "2h"}}          now minus a duration (s, m, h, d, w units)
//	{{now}}               the time the test started, truncated to the second
//	{{(ago "1d").Unix}}   epoch seconds; also .Epoch, .S3, .Fluentd, .SQL, .Format "layout"
//	{{((ago "1h").StartOfHour).Plus "2m"}}   the hour's start; .Plus/.Minus a duration
//	{{range seq 20}}...{{end}}   repeat a line (the dot is 1..20)
//	{{add 1 2}}           integer arithmetic for generated values
func TemplateFuncs(now time.Time) template.FuncMap {
	now = now.UTC().Truncate(time.Second)
	return template.FuncMap{
		"now": func() Time { return Time{now} },
		"ago": func(s string) (Time, error) {
			d, err := ParseDuration(s)
			if err != nil {
				return Time{}, err
			}
			return Time{now.Add(-d)}, nil
		},
		"seq": func(n int) []int {
			out := make([]int, n)
			for i := range out {
				out[i] = i + 1
			}
			return out
		},
		"add": func(a, b int) int { return a + b },
	}
}

// ReadTestFile reads, templates and parses a test file.
func ReadTestFile(fsys fs.FS, name string, now time.Time) (*TestFile, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	tmpl, err := textexec.Parse(name, string(src), TemplateFuncs(now))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := tmpl.Execute(&out, nil); err != nil {
		return nil, err
	}
	var doc struct {
		Cases []yaml.Node `yaml:"cases"`
	}
	dec := yaml.NewDecoder(&out)
	dec.KnownFields(true)
	expanded := ""
	if out.String() != string(src) {
		expanded = " (YAML line numbers count the template's output)"
	}
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%s: %w%s", name, err, expanded)
	}
	starts := caseStarts(string(src))
	tf := &TestFile{Path: name, Now: now}
	for i := range doc.Cases {
		n := &doc.Cases[i]
		line := n.Line
		if len(starts) == len(doc.Cases) {
			line = starts[i]
		}
		var c Case
		if err := decodeStrict(n, &c); err != nil {
			return nil, fmt.Errorf("%s:%d: case %d: %w", name, line, i+1, err)
		}
		c.Line = line
		if c.Lookback != "" {
			d, err := ParseDuration(c.Lookback)
			if err != nil || d <= 0 {
				return nil, fmt.Errorf("%s:%d: case %d: lookback %q: want a positive duration such as 3h", name, line, i+1, c.Lookback)
			}
			c.lookback = d
		}
		if c.Name == "" {
			c.Name = "case " + strconv.Itoa(i+1)
		}
		tf.Cases = append(tf.Cases, c)
	}
	if len(tf.Cases) == 0 {
		return nil, fmt.Errorf("%s: no cases (want a top-level 'cases:' list)", name)
	}
	return tf, nil
}

var caseStart = regexp.MustCompile(`^\s*- `)

// caseStarts returns the source lines of the items of the top-level
// "cases:" list, so that messages point into the file as written rather
// than into the template's output, where repeated lines shift everything.
func caseStarts(src string) []int {
	var starts []int
	in, indent := false, -1
	for i, l := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(l)
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		lead := len(l) - len(strings.TrimLeft(l, " "))
		switch {
		case lead == 0 && strings.HasPrefix(l, "cases:"):
			in = true
		case lead == 0:
			in = false
		case in && caseStart.MatchString(l) && (indent < 0 || lead == indent):
			indent = lead
			starts = append(starts, i+1)
		}
	}
	return starts
}

// decodeStrict decodes a node rejecting unknown fields (yaml.Node.Decode
// has no KnownFields switch, so the node is re-encoded and decoded strictly).
func decodeStrict(n *yaml.Node, v any) error {
	b, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	return dec.Decode(v)
}

// Harness runs detections' fixture tests, each case on a fresh warehouse.
type Harness struct {
	// Fresh starts an empty warehouse holding the lake schema (created by the
	// migrations) and returns it with a function that disposes of it.
	Fresh func(ctx context.Context) (*sql.DB, func() error, error)
	// Schema is the lake's DATABASE.SCHEMA the detections' unqualified names
	// resolve against. Default SECURITY_LAKE.PUBLIC.
	Schema string
	// Tests holds the test files, <detection id>.yaml.
	Tests fs.FS
	// Parallel bounds concurrent cases (default 2).
	Parallel int
	// Now is the moment relative fixture times count back from.
	Now time.Time
	// Timeout bounds each case (default 2m).
	Timeout time.Duration
}

// CaseResult is the outcome of one test case.
type CaseResult struct {
	Detection string
	Case      string
	// Where names the test file and line of the case.
	Where string
	// Err is set when the case could not run or its result differs; Diff
	// shows a mismatch row by row (-want +got, see diffRows).
	Err  error
	Diff string
}

// Passed reports whether the case passed.
func (c CaseResult) Passed() bool { return c.Err == nil }

func (c CaseResult) String() string {
	if c.Passed() {
		return fmt.Sprintf("ok   %s / %s", c.Detection, c.Case)
	}
	msg := fmt.Sprintf("FAIL %s / %s (%s): %v", c.Detection, c.Case, c.Where, c.Err)
	if c.Diff != "" {
		msg += "\n" + indent(c.Diff, "    ")
	}
	return msg
}

func indent(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n")
}

func (h *Harness) schema() string {
	if h.Schema == "" {
		return "SECURITY_LAKE.PUBLIC"
	}
	return h.Schema
}

// Plan reads each detection's test file and checks it has at least one
// positive and one negative case. Problems are returned as failed results.
func (h *Harness) Plan(dets []*Detection) (map[*Detection]*TestFile, []CaseResult) {
	plan := map[*Detection]*TestFile{}
	var bad []CaseResult
	now := h.Now
	if now.IsZero() {
		now = time.Now()
	}
	for _, d := range dets {
		name := d.ID + ".yaml"
		tf, err := ReadTestFile(h.Tests, name, now)
		if errors.Is(err, fs.ErrNotExist) {
			bad = append(bad, CaseResult{Detection: d.ID, Case: "(test file)", Where: name,
				Err: fmt.Errorf("no test file %s: every detection needs at least one positive and one negative case", name)})
			continue
		}
		if err != nil {
			bad = append(bad, CaseResult{Detection: d.ID, Case: "(test file)", Where: name, Err: err})
			continue
		}
		var pos, neg bool
		for _, c := range tf.Cases {
			if len(c.Expect) > 0 {
				pos = true
			} else {
				neg = true
			}
		}
		if !pos || !neg {
			missing := "positive (non-empty expect)"
			if pos {
				missing = "negative (expect: [])"
			}
			bad = append(bad, CaseResult{Detection: d.ID, Case: "(test file)", Where: name,
				Err: fmt.Errorf("needs at least one %s case", missing)})
		}
		plan[d] = tf
	}
	return plan, bad
}

// Run runs every case of every detection and returns the results in order.
func (h *Harness) Run(ctx context.Context, dets []*Detection) []CaseResult {
	plan, results := h.Plan(dets)
	type job struct {
		d  *Detection
		tf *TestFile
		c  Case
		i  int
	}
	var jobs []job
	for _, d := range dets {
		if tf := plan[d]; tf != nil {
			for _, c := range tf.Cases {
				jobs = append(jobs, job{d: d, tf: tf, c: c, i: len(jobs)})
			}
		}
	}
	out := make([]CaseResult, len(jobs))
	parallel := h.Parallel
	if parallel <= 0 {
		parallel = 2
	}
	sem := make(chan struct{}, parallel)
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			out[j.i] = h.RunCase(ctx, j.d, j.tf, j.c)
		}()
	}
	wg.Wait()
	return append(results, out...)
}

// RunCase loads one case's fixtures into a fresh warehouse, runs the
// detection and compares its rows with the expected findings.
//
// Detections bucket by the warehouse clock's hour and day, fixtures by the
// moment the file was rendered: a case rendered in one hour and queried in
// the next sees its rows one bucket further back than written. Such a
// failure is not the detection's, so the case is rendered again from the
// current time and run once more.
func (h *Harness) RunCase(ctx context.Context, d *Detection, tf *TestFile, c Case) CaseResult {
	res := h.runCase(ctx, d, tf, c)
	if res.Passed() || !crossedHour(tf.Now, time.Now()) || ctx.Err() != nil {
		return res
	}
	again, err := ReadTestFile(h.Tests, tf.Path, time.Now())
	if err != nil {
		return res
	}
	for _, c2 := range again.Cases {
		if c2.Name == c.Name && c2.Line == c.Line {
			return h.runCase(ctx, d, again, c2)
		}
	}
	return res
}

// crossedHour reports whether an hour boundary lies between from and to.
func crossedHour(from, to time.Time) bool {
	return !from.UTC().Truncate(time.Hour).Equal(to.UTC().Truncate(time.Hour))
}

func (h *Harness) runCase(ctx context.Context, d *Detection, tf *TestFile, c Case) CaseResult {
	res := CaseResult{Detection: d.ID, Case: c.Name, Where: fmt.Sprintf("%s:%d", tf.Path, c.Line)}
	timeout := h.Timeout
	if timeout <= 0 {
		timeout = 2 * time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	db, closeDB, err := h.Fresh(ctx)
	if err != nil {
		res.Err = fmt.Errorf("start warehouse: %w", err)
		return res
	}
	defer closeDB()
	conn, err := db.Conn(ctx)
	if err != nil {
		res.Err = err
		return res
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "use schema "+h.schema()); err != nil {
		res.Err = fmt.Errorf("use schema %s: %w", h.schema(), err)
		return res
	}
	tables := make([]string, 0, len(c.Fixtures))
	for t := range c.Fixtures {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	for _, t := range tables {
		if err := LoadFixture(ctx, conn, t, c.Fixtures[t]); err != nil {
			res.Err = fmt.Errorf("fixture %s: %w", t, err)
			return res
		}
	}
	// Fixture rows arrive as the case loads them: the window reaches back
	// over the detection's lookback (or the case's) and ends a minute after
	// the load.
	lookback := d.firstLookback()
	if c.lookback > 0 {
		lookback = c.lookback
	}
	w := Window{After: tf.Now.Add(-lookback), Until: time.Now().Add(time.Minute)}
	sqlText, err := BindWindow(d.SQL, w)
	if err != nil {
		res.Err = fmt.Errorf("%s:%d: %w", d.Path, d.Line, err)
		return res
	}
	rs, err := Query(ctx, conn, sqlText)
	if err != nil {
		res.Err = fmt.Errorf("query failed (%s:%d): %w", d.Path, d.Line, err)
		return res
	}
	// Rows with a NULL key never alert: the expectations see what the
	// runner would alert on.
	if _, _, _, err := keyRows(d, rs); err != nil {
		res.Err = err
		return res
	}
	rs = alertable(d, rs)
	want, got, err := project(c.Expect, rs)
	if err != nil {
		res.Err = err
		return res
	}
	if diff := diffRows(want, got); diff != "" {
		res.Err = fmt.Errorf("returned %d rows, want %d: findings differ (-want +got)", len(rs.Rows), len(c.Expect))
		res.Diff = diff
	}
	return res
}

// project canonicalises expected and actual rows onto the columns the
// expectations name (all columns when nothing is expected) and sorts both.
// Column names match case-insensitively, as unquoted Snowflake identifiers.
func project(expect []map[string]any, rs *ResultSet) (want, got []map[string]string, err error) {
	var cols []string
	seen := map[string]bool{}
	for _, e := range expect {
		for k := range e {
			c, ok := lookupColumn(rs.Columns, normalizeIdent(k))
			if !ok {
				return nil, nil, fmt.Errorf("expected column %s is not returned by the query (returns %s)", k, strings.Join(rs.Columns, ", "))
			}
			if !seen[c] {
				seen[c] = true
				cols = append(cols, c)
			}
		}
	}
	if len(expect) == 0 {
		cols = rs.Columns
	}
	want = []map[string]string{}
	for i, e := range expect {
		m := map[string]string{}
		for k, v := range e {
			c, _ := lookupColumn(rs.Columns, normalizeIdent(k))
			m[c] = canonString(v)
		}
		if len(m) != len(cols) {
			return nil, nil, fmt.Errorf("expected row %d names %d columns, others name %d: every expected row must name the same columns (%s)", i+1, len(m), len(cols), strings.Join(cols, ", "))
		}
		want = append(want, m)
	}
	got = []map[string]string{}
	for _, r := range rs.Rows {
		m := map[string]string{}
		for _, c := range cols {
			m[c] = canonString(r[c])
		}
		got = append(got, m)
	}
	sortRows(want)
	sortRows(got)
	return want, got, nil
}

func sortRows(rows []map[string]string) {
	slices.SortFunc(rows, func(a, b map[string]string) int {
		x, _ := json.Marshal(a)
		y, _ := json.Marshal(b)
		return strings.Compare(string(x), string(y))
	})
}

// canonString renders expected (YAML) and actual (warehouse) values alike:
// numbers without trailing zeros, times as RFC 3339 UTC, JSON compact with
// sorted keys, NULL as "NULL".
func canonString(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return string(x)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case uint64:
		return strconv.FormatUint(x, 10)
	case float64:
		n, err := number(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(n)
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case Time:
		return x.String()
	}
	v2, err := canonicalJSON(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	s, _ := marshalJSON(v2)
	return s
}

// alertable keeps the rows of rs without a NULL key column: those the
// runner can alert on.
func alertable(d *Detection, rs *ResultSet) *ResultSet {
	out := &ResultSet{Columns: rs.Columns}
rows:
	for _, row := range rs.Rows {
		for _, k := range d.Key {
			if c, ok := lookupColumn(rs.Columns, k); ok && row[c] == nil {
				continue rows
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}
