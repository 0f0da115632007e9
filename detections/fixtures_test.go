package detections

import (
	"os"
	"strings"
	"testing"
	"time"
)

// builtinTests holds the fixture tests of the built-in detections.
var builtinTests = os.DirFS("../testdata/detections")

func TestBuiltinTestFilesOffline(t *testing.T) {
	t.Parallel()
	dets, err := Load(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	h := &Harness{Tests: builtinTests}
	plan, bad := h.Plan(dets)
	for _, b := range bad {
		t.Error(b)
	}
	for d, tf := range plan {
		for _, c := range tf.Cases {
			if len(c.Fixtures) == 0 {
				t.Errorf("%s: case %q has no fixtures", tf.Path, c.Name)
			}
			for table, text := range c.Fixtures {
				if _, ok := FixtureFormats[strings.ToUpper(table)]; !ok {
					t.Errorf("%s: case %q: fixture table %s has no documented format", tf.Path, c.Name, table)
				}
				if _, err := fixtureInserts(table, text); err != nil {
					t.Errorf("%s: case %q: fixture %s: %v", tf.Path, c.Name, table, err)
				}
			}
			for _, e := range c.Expect {
				for col := range e {
					if cols, ok := LexicalColumns(d.SQL); ok && !contains(cols, normalizeIdent(col)) {
						t.Errorf("%s: case %q expects column %s, the query returns %v", tf.Path, c.Name, col, cols)
					}
				}
			}
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestTemplateFuncs(t *testing.T) {
	t.Parallel()
	now := time.Date(2024, 5, 1, 13, 45, 30, 250e6, time.UTC)
	fsys := mapFS(map[string]string{"x.yaml": `cases:
  - name: times
    fixtures:
      t: |
        {{ago "2h"}} {{now}} {{(ago "1d").Unix}} {{(ago "0s").Epoch}} {{(ago "1h").S3}} {{(ago "1h").Fluentd}} {{(ago "1w").SQL}}
        {{- range seq 2}} {{add . 10}}{{end}}
        {{(ago "1h").StartOfHour}} {{((ago "1h").StartOfHour).Minus "2m"}} {{(now).Plus "90s"}}
    expect: []
`})
	tf, err := ReadTestFile(fsys, "x.yaml", now)
	if err != nil {
		t.Fatal(err)
	}
	got := tf.Cases[0].Fixtures["t"]
	want := "2024-05-01T11:45:30Z 2024-05-01T13:45:30Z 1714484730 1714571130.000 01/May/2024:12:45:30 +0000 2024-05-01T12:45:30+0000 2024-04-24 13:45:30 11 12\n" +
		"2024-05-01T12:00:00Z 2024-05-01T11:58:00Z 2024-05-01T13:47:00Z\n"
	if got != want {
		t.Fatalf("got  %q\nwant %q", got, want)
	}
}

func TestReadTestFileErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"cases:\n  - name: x\n    fixture: {}\n":                    "field fixture not found",
		"cases:\n  - name: x\n    fixtures: {t: '{{ago \"x\"}}'}\n": `invalid duration "x"`,
		"cases:\n  - name: x\n    fixtures: {t: '{{nope}}'}\n":      `function "nope" not defined`,
		"cases: []\n": "no cases",
		"cases:\n  - name: x\n    lookback: soon\n    fixtures: {}\n": `x.yaml:2: case 1: lookback "soon"`,
	}
	for src, want := range cases {
		_, err := ReadTestFile(mapFS(map[string]string{"x.yaml": src}), "x.yaml", time.Now())
		if err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "x.yaml") {
			t.Errorf("ReadTestFile(%q) = %v, want an error naming x.yaml and containing %q", src, err, want)
		}
	}
}
