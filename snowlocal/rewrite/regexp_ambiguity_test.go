package rewrite

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestRegexpAmbiguityProves: the patterns the detections and migrations
// run on every record, and the docs' examples that can be proved, match
// alike under leftmost-first and leftmost-longest rules, so they stay on
// DuckDB.
func TestRegexpAmbiguityProves(t *testing.T) {
	for _, tc := range []struct{ pattern, params string }{
		// detections/sigma/mappings/auditd.yaml, detections/rules/*.sql
		{`(^| )uid=([0-9]+)`, ""},
		{`(^| )syscall=([0-9]+)`, ""},
		{`(^| )a0="([^"]*)"`, ""},
		{`(^| )a0=([^ "]*)`, ""},
		{`(^|[ '])unit=([^ ']*)`, ""},
		{`(^| )proctitle="?([^" ]*)`, ""},
		{`(^| )success=([a-z]+)`, ""},
		{`(^| )nametype=([^ ]*)`, ""},
		{`exe="([^"]*)"`, ""},
		{` ppid=([0-9]+)`, ""},
		// testdata/sigma generator rules
		{`^(ba|z)?sh$`, "c"},
		{`^/api/v[0-9]+/(users|groups)/[a-f0-9]{8}$`, "c"},
		{`python-requests/[0-9.]+`, "i"},
		// docs examples (regexp_count, regexp_substr, regexp_replace)
		{`\bwas\b`, ""},
		{`[[:punct:]][[:alnum:]]+[[:punct:]]`, "i"},
		{`the\W+\w+`, ""},
		{`A\W+(\w+)`, ""},
		{`nevermore\d`, ""},
		{`()`, ""},
		{`\(|\)`, ""},
		{`[aeiou]`, "i"},
		// greedy to the end, or stopped by what cannot continue it
		{`a+`, ""},
		{`x(ab)?c`, ""},
		{`(a|)`, ""},
		{`[0-9]{2,4}-`, ""},
	} {
		if why := regexpAmbiguity(tc.pattern, tc.params); why != "" {
			t.Errorf("regexpAmbiguity(%q, %q) = %q, want proved", tc.pattern, tc.params, why)
		}
	}
}

// TestRegexpAmbiguityRefuses: patterns with a subject on which the
// text read does not decide the path through the pattern are not proved;
// where Go's leftmost-first and leftmost-longest matchers show the
// difference on the subject given, the case says so (the others differ
// only in how a POSIX engine would cut the groups, or not at all on that
// subject, and are refused because nothing proves them).
func TestRegexpAmbiguityRefuses(t *testing.T) {
	for _, tc := range []struct {
		pattern, params, subject string
		differs                  bool
	}{
		{`a|ab`, "", "ab", true},                        // README's example
		{`(|a)`, "", "a", true},                         // an empty first alternative
		{`a*(ab)?`, "", "aab", true},                    // a repetition giving back to what follows
		{`x(a?)?`, "", "x", false},                      // an optional part that can match empty: is the group empty or absent?
		{`A|Ab`, "i", "ab", true},                       // alike once case is folded
		{`(a|ab)(c|bcd)(d*)`, "", "abcd", false},        // same length; POSIX's groups are ab, c, d
		{`\b(\S*)o(\S*)\b`, "", "Hellooo World", false}, // the docs' REGEXP_REPLACE example
		{`(a*)(a*)`, "", "aa", false},
		{`[0-9]+[0-9]`, "", "123", false},
	} {
		if why := regexpAmbiguity(tc.pattern, tc.params); why == "" {
			t.Errorf("regexpAmbiguity(%q, %q) proved, want not", tc.pattern, tc.params)
		}
		pattern := tc.pattern
		if tc.params == "i" {
			pattern = "(?i)" + pattern
		}
		first := regexp.MustCompile(pattern)
		longest := regexp.MustCompile(pattern)
		longest.Longest()
		f, l := first.FindStringSubmatchIndex(tc.subject), longest.FindStringSubmatchIndex(tc.subject)
		if differs := !slices.Equal(f, l); differs != tc.differs {
			t.Errorf("%q on %q: leftmost-first %v, leftmost-longest %v, want differs = %v", tc.pattern, tc.subject, f, l, tc.differs)
		}
	}
}

// TestRegexpCanMatchEmpty and TestGroupAlwaysTakesPart: the shapes
// REGEXP_COUNT and REGEXP_SUBSTR send to Go.
func TestRegexpCanMatchEmpty(t *testing.T) {
	for pattern, want := range map[string]bool{
		`a*`: true, `()`: true, `\b`: true, `(^| )uid=([0-9]+)`: false, `a|b*`: true, `[0-9]+`: false, `x?y`: false,
	} {
		if got := regexpCanMatchEmpty(pattern, ""); got != want {
			t.Errorf("regexpCanMatchEmpty(%q) = %v, want %v", pattern, got, want)
		}
	}
}

func TestGroupAlwaysTakesPart(t *testing.T) {
	for _, tc := range []struct {
		pattern string
		g       int
		want    bool
	}{
		{`(^| )uid=([0-9]+)`, 1, true},
		{`(^| )uid=([0-9]+)`, 2, true},
		{`(a)?b`, 1, false},
		{`(a)|b`, 1, false},
		{`((a)|b)`, 1, true},
		{`((a)|b)`, 2, false},
		{`(a)*`, 1, false},
		{`(a)+`, 1, true},
		{`(a){2}`, 1, true},
		{`(a)`, 2, false},
		{`x`, 0, true},
	} {
		if got := groupAlwaysTakesPart(tc.pattern, tc.g); got != tc.want {
			t.Errorf("groupAlwaysTakesPart(%q, %d) = %v, want %v", tc.pattern, tc.g, got, tc.want)
		}
	}
}

// TestRegexpAmbiguitySound: every small pattern over a, b and a blank that
// regexpAmbiguity proves finds the same matches, and the same groups, with
// Go's leftmost-first and leftmost-longest matchers on every subject of up
// to five such characters.
func TestRegexpAmbiguitySound(t *testing.T) {
	atoms := []string{"a", "b", " ", "[ab]", "[^a]", ".", "^", "$", `\b`, "(a)", "(b|a)", "(a|)", "(|a)", "(ab|a)", "(^| )"}
	quants := []string{"", "*", "+", "?", "{1,2}"}
	var subjects []string
	var grow func(s string)
	grow = func(s string) {
		subjects = append(subjects, s)
		if len(s) < 5 {
			for _, c := range []string{"a", "b", " "} {
				grow(s + c)
			}
		}
	}
	grow("")
	proved := 0
	for _, a1 := range atoms {
		for _, q1 := range quants {
			for _, a2 := range atoms {
				for _, q2 := range quants {
					pattern := a1 + q1 + a2 + q2
					first, err := regexp.Compile(pattern)
					if err != nil || regexpAmbiguity(pattern, "") != "" {
						continue
					}
					proved++
					longest := regexp.MustCompile(pattern)
					longest.Longest()
					for _, s := range subjects {
						f, l := first.FindAllStringSubmatchIndex(s, -1), longest.FindAllStringSubmatchIndex(s, -1)
						same := len(f) == len(l)
						for i := 0; same && i < len(f); i++ {
							same = slices.Equal(f[i], l[i])
						}
						if !same {
							t.Fatalf("%q proved, but on %q leftmost-first %v, leftmost-longest %v", pattern, s, f, l)
						}
					}
				}
			}
		}
	}
	if proved == 0 {
		t.Fatal("no pattern proved")
	}
	t.Logf("%d patterns proved", proved)
}

// TestDetectionPatternsStayOnDuckDB: the regular expressions the detections
// run on every go-audit record and the Sigma compiler's searches render as
// DuckDB's own functions, with no per-row Go call.
func TestDetectionPatternsStayOnDuckDB(t *testing.T) {
	for _, q := range []string{
		`select regexp_substr(v:data::string, '(^| )uid=([0-9]+)', 1, 1, 'e', 2) from t`,
		`select regexp_substr(v:data::string, '(^| )a0="([^"]*)"', 1, 1, 'e', 2) from t`,
		`select regexp_substr(v:data::string, '(^|[ ''])unit=([^ '']*)', 1, 1, 'e', 2) from t`,
		`select regexp_substr(v:data::string, '(^| )proctitle="?([^" ]*)', 1, 1, 'e', 2) from t`,
		`select regexp_substr(s, 'exe="([^"]*)"', 1, 1, 'e', 1) from t`,
		`select regexp_substr(s, 'syscall=([0-9]+)', 1, 1, 'e', 1) = '59' from t`,
		`select regexp_like(s, '.*(/\\.env|/\\.git/|/wp-login\\.php|/phpmyadmin|/server-status|/\\.aws/credentials).*', 'is') from t`,
		`select * from t where regexp_count(s, '^(ba|z)?sh$', 1, 'c') > 0`,
		`select * from t where regexp_count(s, 'a|ab', 1, 'ci') > 0 and x = 1`,
		`select * from t where not regexp_count(s, 'python-requests/[0-9.]+', 1, 'i') > 0`,
	} {
		out, err := Rewrite(q, Options{})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if strings.Contains(out, "_SF_GO_REGEXP") {
			t.Errorf("%s\nrewrites to a Go call:\n%s", q, out)
		}
	}
	for _, q := range []string{
		`select regexp_substr(s, 'a|ab') from t`,
		`select regexp_count(s, 'a|ab') + 1 > 0 from t`,
		`select regexp_count(s, 'a|ab') > 0 + 1 from t`,
		`select regexp_count(s, 'x*', 1, 'c') > 0 from t`,
		`select regexp_substr(s, '(a)?b', 1, 1, 'e', 1) from t`,
	} {
		out, err := Rewrite(q, Options{})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if !strings.Contains(out, "_SF_GO_REGEXP") {
			t.Errorf("%s\nrewrites without the Go check:\n%s", q, out)
		}
	}
}
