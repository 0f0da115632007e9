package detections

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestBuiltinDetectionsParse(t *testing.T) {
	t.Parallel()
	dets, err := Load(Builtin())
	if err != nil {
		t.Fatalf("built-in detections have problems:\n%v", err)
	}
	if len(dets) < 20 {
		t.Fatalf("got %d built-in detections, want at least 20", len(dets))
	}
	for _, d := range dets {
		if d.Title == "" || d.Description == "" || d.Runbook == "" || len(d.Key) == 0 || d.Schedule == 0 || d.Lookback == 0 {
			t.Errorf("%s: header incomplete: %+v", d.Path, d)
		}
		if d.Line < 10 {
			t.Errorf("%s: SQL starts at line %d, want after the header", d.Path, d.Line)
		}
		if strings.HasSuffix(strings.TrimSpace(d.SQL), ";") || strings.HasPrefix(d.SQL, "--") {
			t.Errorf("%s: SQL not trimmed: %q", d.Path, d.SQL)
		}
	}
}

func TestBuiltinLintLexical(t *testing.T) {
	t.Parallel()
	probs, err := (&Linter{}).Lint(context.Background(), Builtin())
	if err != nil || len(probs) > 0 {
		t.Fatalf("lint: %v\n%v", err, probs)
	}
}

const goodHeader = `-- id: x
-- title: X
-- severity: high
-- schedule: 15m
-- lookback: 1h
-- key: [host]
`

func TestParseProblems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, src string
		want      []string // substrings of the problems, in order
	}{
		{"no header", "select 1;", []string{"x.sql:1: missing YAML header"}},
		{"unknown field", strings.Replace(goodHeader, "-- title: X\n", "-- title: X\n-- severty: high\n", 1) + "select host from logs;",
			[]string{`x.sql:3: unknown header field "severty"`}},
		{"bad severity", strings.Replace(goodHeader, "high", "urgent", 1) + "select host from logs;",
			[]string{`x.sql:3: header field severity: unknown severity "urgent"`}},
		{"missing key", strings.Replace(goodHeader, "-- key: [host]\n", "", 1) + "select host from logs;",
			[]string{`header is missing required field "key"`}},
		{"bad duration", strings.Replace(goodHeader, "15m", "often", 1) + "select host from logs;",
			[]string{`x.sql:4: header field schedule: invalid duration "often"`}},
		{"bad mitre", goodHeader + "-- mitre: [T99]\nselect host from logs;",
			[]string{`x.sql:7: header field mitre: "T99" is not a MITRE ATT&CK`}},
		{"id mismatch", strings.Replace(goodHeader, "id: x", "id: y", 1) + "select host from logs;",
			[]string{`id "y" does not match the file name "x.sql"`}},
		{"two statements", goodHeader + "select host from logs;\nselect 2;", []string{"x.sql:8: a detection holds exactly one query, found 2"}},
		{"unterminated string", goodHeader + "\nselect 'abc from logs;", []string{"x.sql:8: SQL cannot be split into statements: unterminated string"}},
		{"not a query", goodHeader + "delete from logs;", []string{`x.sql:7: the SQL must be a query`}},
		{"bad yaml", goodHeader + "-- tags: [a\nselect host from logs;", []string{"header is not valid YAML"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, probs := Parse("x.sql", c.src)
			if len(probs) != len(c.want) {
				t.Fatalf("got %d problems, want %d:\n%v", len(probs), len(c.want), probs)
			}
			for i, w := range c.want {
				if !strings.Contains(probs[i].String(), w) {
					t.Errorf("problem %d = %q, want it to contain %q", i, probs[i], w)
				}
			}
		})
	}
}

func TestParseHeader(t *testing.T) {
	t.Parallel()
	src := `
-- id: x
-- title: Something bad
-- description: |
--   Two
--   lines.
-- severity: Critical
-- schedule: 1d
-- lookback: 2w
-- mitre: [T1110.001, TA0006]
-- tags: [a, b]
-- key: [host, '"Mixed"']
-- dedup: 1d12h
-- enabled: false
-- runbook: https://example.com/rb

-- a comment before the query
select host, 1 as "Mixed" from logs; -- trailing
`
	d, probs := Parse("dir/x.sql", src)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	want := &Detection{ID: "x", Title: "Something bad", Description: "Two\nlines.", Severity: Critical,
		Schedule: 24 * time.Hour, ScheduleText: "1d", Lookback: 14 * 24 * time.Hour, Mitre: []string{"T1110.001", "TA0006"},
		Tags: []string{"a", "b"}, Key: []string{"HOST", "Mixed"}, Dedup: 36 * time.Hour, Enabled: false,
		Runbook: "https://example.com/rb", SQL: `select host, 1 as "Mixed" from logs`, Path: "dir/x.sql", Line: 18}
	if diff := cmp.Diff(want, d, cmp.AllowUnexported(Detection{}), cmp.FilterPath(func(p cmp.Path) bool {
		return p.Last().String() == ".keyLine"
	}, cmp.Ignore())); diff != "" {
		t.Fatalf("(-want +got)\n%s", diff)
	}
}

func TestLexicalColumns(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sql  string
		want []string
		ok   bool
	}{
		{"select a, b as c, count(*) n, t.d, record:host, x::string from t", []string{"A", "C", "N", "D", "RECORD:HOST", "X::STRING"}, true},
		{`select distinct "Quoted" , f(a, b) as "x y" from t`, []string{"Quoted", "x y"}, true},
		{"with a as (select 1 as z), b as (select 2) select z as y from a", []string{"Y"}, true},
		{"(select distinct srcaddr as internal_addr, dstaddr as external_addr from v) union (select 1, 2)", []string{"INTERNAL_ADDR", "EXTERNAL_ADDR"}, true},
		{"select * from t", nil, false},
		{"select d.* from t d", nil, false},
		{"select case when a then 1 else 2 end from t", []string{"CASEWHENATHEN1ELSE2END"}, true},
		{"select case when a then 1 else 2 end as k, array_agg(x) within group (order by x) as arr from t", []string{"K", "ARR"}, true},
	}
	for _, c := range cases {
		got, ok := LexicalColumns(c.sql)
		if ok != c.ok || !cmp.Equal(got, c.want) {
			t.Errorf("LexicalColumns(%q) = %q, %v; want %q, %v", c.sql, got, ok, c.want, c.ok)
		}
	}
}

func TestParseDuration(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{
		"15m": 15 * time.Minute, "1d": 24 * time.Hour, "2w": 14 * 24 * time.Hour, "1d6h": 30 * time.Hour, "90s": 90 * time.Second,
	} {
		got, err := ParseDuration(in)
		if err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
		if back, _ := ParseDuration(FormatDuration(got)); back != got {
			t.Errorf("FormatDuration(%v) = %q does not parse back", got, FormatDuration(got))
		}
	}
	for _, bad := range []string{"", "d", "1x", "soon"} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) succeeded", bad)
		}
	}
}

func TestDiffByKey(t *testing.T) {
	t.Parallel()
	before := map[string]Row{"a": {"N": "1"}, "b": {"N": "2"}, "c": {"N": "3", "M": map[string]any{"x": []any{"1"}}}}
	after := map[string]Row{"b": {"N": "2"}, "c": {"N": "3", "M": map[string]any{"x": []any{"2"}}}, "d": {"N": "4"}}
	added, removed, changed := diffByKey(before, after)
	if !cmp.Equal(added, []string{"d"}) || !cmp.Equal(removed, []string{"a"}) || !cmp.Equal(changed, []string{"c"}) {
		t.Fatalf("added %v removed %v changed %v", added, removed, changed)
	}
}

func mapFS(files map[string]string) fstest.MapFS {
	m := fstest.MapFS{}
	for name, data := range files {
		m[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return m
}

func TestLoadDuplicateIDs(t *testing.T) {
	t.Parallel()
	fsys := fstest.MapFS{
		"x.sql":            {Data: []byte(goodHeader + "select host from logs;")},
		"sub/x.sql":        {Data: []byte(goodHeader + "select host from logs;")},
		"testdata/bad.sql": {Data: []byte("not a detection")},
	}
	_, err := Load(fsys)
	if err == nil || !strings.Contains(err.Error(), `id "x" is already used by`) || strings.Contains(err.Error(), "bad.sql") {
		t.Fatalf("got %v", err)
	}
}

func TestSelect(t *testing.T) {
	t.Parallel()
	dets := []*Detection{
		{ID: "a", Tags: []string{"s3"}, Enabled: true},
		{ID: "b", Tags: []string{"vpc"}, Enabled: true},
		{ID: "c", Tags: []string{"s3"}, Enabled: false},
	}
	ids := func(ds []*Detection) (out []string) {
		for _, d := range ds {
			out = append(out, d.ID)
		}
		return out
	}
	if got, _ := Select(dets, nil, nil, false); !cmp.Equal(ids(got), []string{"a", "b"}) {
		t.Errorf("default: %v", ids(got))
	}
	if got, _ := Select(dets, nil, []string{"s3"}, true); !cmp.Equal(ids(got), []string{"a", "c"}) {
		t.Errorf("tag s3 incl disabled: %v", ids(got))
	}
	if got, _ := Select(dets, []string{"c"}, nil, false); !cmp.Equal(ids(got), []string{"c"}) {
		t.Errorf("by id: %v", ids(got))
	}
	if _, err := Select(dets, []string{"zz"}, nil, false); err == nil {
		t.Error("unknown id accepted")
	}
}
