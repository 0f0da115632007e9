package sigma

import (
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flurry-dev/flurry/detections"
)

func TestSampleRegex(t *testing.T) {
	for re, want := range map[string]string{
		`^/api/v[0-9]+/(users|groups)$`: "/api/v0/users",
		`a{3}b?c*d+`:                    "aaad",
		`(^|\/)\.[^.\/]`:                ".a",
		`.{4}`:                          "xxxx",
		`[A-Z]_\d`:                      "A_0",
		`\bword\b`:                      "word",
	} {
		got, err := sampleRegex(re)
		if err != nil {
			t.Errorf("%s: %v", re, err)
			continue
		}
		if got != want {
			t.Errorf("%s: sample %q, want %q", re, got, want)
		}
		if !regexp.MustCompile(re).MatchString(got) {
			t.Errorf("%s: sample %q does not match", re, got)
		}
	}
}

func webRule(t *testing.T, det string) *Rule {
	t.Helper()
	src := "title: t\nid: 11111111-2222-3333-4444-555555555555\nlogsource:\n  category: webserver\ndetection:\n" + indentLines(det, "  ")
	r, err := ParseRule("t.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestTestCasesNotGenerated: what cannot be solved mechanically is named.
func TestTestCasesNotGenerated(t *testing.T) {
	ms, err := BuiltinMappings()
	if err != nil {
		t.Fatal(err)
	}
	for det, want := range map[string]string{
		"sel:\n  cs-referer|fieldref: c-useragent\ncondition: sel":               "fieldref",
		"sel:\n  cs-uri-query|re: 'a^b'\ncondition: sel":                         "found no row that satisfies the condition",
		"sel:\n  cs-method: GET\nf:\n  cs-method: GET\ncondition: sel and not f": "found no row that satisfies",
		"sel:\n  c-ip: null\ncondition: sel":                                     "client address",
	} {
		_, err := TestCases(webRule(t, det), ms)
		if !IsNoFixture(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want a NoFixtureError containing %q", det, err, want)
		}
	}
	// A user's mapping without a fixture format.
	user, err := LoadMappings("../../testdata/sigma/mappings")
	if err != nil {
		t.Fatal(err)
	}
	r := webRule(t, "sel:\n  c-uri|contains: x\ncondition: sel")
	r.LogSource = LogSource{Category: "proxy"}
	if _, err := TestCases(r, user); !IsNoFixture(err) || !strings.Contains(err.Error(), "names no fixture format") {
		t.Errorf("proxy mapping: got %v", err)
	}
}

// TestTestCasesTemplateSafe: rule text reaches the test file as text, not
// as template actions, and the file parses as `detect test` reads it.
func TestTestCasesTemplateSafe(t *testing.T) {
	ms, err := BuiltinMappings()
	if err != nil {
		t.Fatal(err)
	}
	r := webRule(t, "sel:\n  cs-uri-query|contains: '{{7\\*7}} }} \"q\" \\\\'\ncondition: sel")
	text, err := TestCases(r, ms)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := TestCases(r, ms)
	if again != text {
		t.Error("two generations of one rule differ")
	}
	tf, err := detections.ReadTestFile(fstest.MapFS{"t.yaml": {Data: []byte(text)}}, "t.yaml", time.Now())
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if len(tf.Cases) != 2 || !strings.Contains(tf.Cases[0].Name, `{{7\\*7}} }}`) {
		t.Fatalf("cases: %+v\n%s", tf.Cases, text)
	}
	line := tf.Cases[0].Fixtures["logs"]
	if !strings.Contains(line, `"path":"pre\u007b\u007b7*7\u007d\u007d \u007d\u007d \"q\" \\post"`) {
		t.Errorf("positive row:\n%s", line)
	}
	if len(tf.Cases[0].Expect) != 1 || len(tf.Cases[1].Expect) != 0 {
		t.Errorf("want one positive and one negative case: %+v", tf.Cases)
	}
}
