package sigma

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// testFields maps the Sigma fields x, y and z to columns X, Y and Z of a
// one-row derived table, and keyword searches to column K.
type testFields struct{}

func (testFields) Field(name string) (string, error) {
	switch name {
	case "x", "y", "z":
		return strings.ToUpper(name), nil
	}
	return "", fmt.Errorf("field %q is not mapped", name)
}
func (testFields) KeywordFields() []string { return []string{"K"} }
func (testFields) Placeholder(name string) ([]string, bool) {
	if name == "admins" {
		return []string{"root", "adm*"}, true
	}
	return nil, false
}

func compileDetection(t *testing.T, det string) (string, error) {
	t.Helper()
	var r Rule
	if err := yaml.Unmarshal([]byte("title: t\ndetection:\n"+indentLines(det, "  ")), &r); err != nil {
		t.Fatalf("bad test YAML: %v\n%s", err, det)
	}
	return Compile(&r, testFields{})
}

func indentLines(s, p string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		lines[i] = p + lines[i]
	}
	return strings.Join(lines, "\n") + "\n"
}

type row map[string]any // column (x, y, z, k) -> value; absent means NULL

// semanticCases: each detection with rows it must and must not match. The
// expectations are the Sigma specification's (sigma-specification,
// Sigma_specification.md and appendix "Modifiers"; pySigma's documented
// behaviour), written by hand.
var semanticCases = []struct {
	name    string
	det     string
	match   []row
	noMatch []row
}{
	{"plain value is case-insensitive equality", "sel:\n  x: foo\ncondition: sel",
		[]row{{"x": "foo"}, {"x": "FOO"}}, []row{{"x": "foobar"}, {"x": "xfoo"}, {}}},
	{"cased is case-sensitive", "sel:\n  x|cased: foo\ncondition: sel",
		[]row{{"x": "foo"}}, []row{{"x": "FOO"}}},
	{"contains keeps % and _ literal", "sel:\n  x|contains:\n    - 'o_b'\n    - '100%'\ncondition: sel",
		[]row{{"x": "foo_bar"}, {"x": "a 100% b"}, {"x": "FOO_BAR"}}, []row{{"x": "fooxbar"}, {"x": "1000"}}},
	{"startswith and endswith", "sel:\n  x|startswith: /admin\n  y|endswith: .php\ncondition: sel",
		[]row{{"x": "/ADMIN/x", "y": "a.PHP"}}, []row{{"x": "/x/admin", "y": "a.php"}, {"x": "/admin", "y": "a.php5"}}},
	{"wildcards * and ?", "sel:\n  x: 'a*c'\n  y: 'a?c'\ncondition: sel",
		[]row{{"x": "abbbc", "y": "abc"}, {"x": "ac", "y": "A-C"}}, []row{{"x": "abbbc", "y": "abbc"}, {"x": "abd", "y": "abc"}}},
	{"escaped wildcards are literal", `sel:
  x: 'a\*c'
  y: 'a\?c'
condition: sel`, []row{{"x": "a*c", "y": "a?c"}}, []row{{"x": "abc", "y": "a?c"}, {"x": "a*c", "y": "abc"}}},
	{"backslashes are literal unless escaping a wildcard", `sel:
  x|endswith: '\cmd.exe'
  y: 'C:\\Temp\\*'
condition: sel`, []row{{"x": `C:\Windows\cmd.exe`, "y": `C:\Temp\x`}}, []row{{"x": `C:\Windows/cmd.exe`, "y": `C:\Temp\x`}, {"x": `\cmd.exe`, "y": `C:Tempx`}}},
	{"hostile values: quotes, $$, newline, backslash-quote", "sel:\n  x:\n    - \"it's\"\n    - 'a$$b'\n    - \"l1\\nl2\"\n    - '\\'''\ncondition: sel",
		[]row{{"x": "it's"}, {"x": "A$$B"}, {"x": "l1\nl2"}, {"x": `\'`}}, []row{{"x": "its"}, {"x": "l1 l2"}, {"x": "'"}}},
	{"list values are alternatives, |all needs every one", "sel:\n  x|contains|all: [ab, cd]\n  y: [p, q]\ncondition: sel",
		[]row{{"x": "xxcdab", "y": "q"}}, []row{{"x": "ab", "y": "p"}, {"x": "abcd", "y": "r"}}},
	{"null means the field is absent", "sel:\n  x: null\n  y: a\ncondition: sel",
		[]row{{"y": "a"}}, []row{{"x": "", "y": "a"}, {"x": "b", "y": "a"}}},
	{"not of a missing field matches", "sel:\n  x: a\ncondition: not sel",
		[]row{{}, {"x": "b"}}, []row{{"x": "A"}}},
	{"re searches (unanchored), case-sensitive", "sel:\n  x|re: 'b+c'\ncondition: sel",
		[]row{{"x": "abbbcd"}}, []row{{"x": "ABC"}, {"x": "ac"}}},
	{"re|i is case-insensitive; anchors anchor", "sel:\n  x|re|i: '^a.c$'\ncondition: sel",
		[]row{{"x": "ABC"}}, []row{{"x": "xabc"}}},
	{"keywords search the raw text", "keywords:\n  - evil\n  - 'a*z'\ncondition: keywords",
		[]row{{"k": "xxEVILxx"}, {"k": "..a-to-z.."}}, []row{{"k": "good"}, {}}},
	{"keywords |all", "kw:\n  '|all':\n    - dd\n    - if=\ncondition: kw",
		[]row{{"k": "dd if=/dev/zero"}}, []row{{"k": "dd of=x"}}},
	{"1 of / all of patterns, them", "sel_a:\n  x: a\nsel_b:\n  y: b\nfilter:\n  z: z\ncondition: 1 of sel_* and not all of them",
		[]row{{"x": "a"}, {"y": "b", "z": "z"}}, []row{{"x": "a", "y": "b", "z": "z"}, {"z": "z"}}},
	{"precedence: not binds tighter than and, and tighter than or", "a:\n  x: a\nb:\n  y: b\nc:\n  z: c\ncondition: a or b and not c",
		[]row{{"x": "a", "z": "c"}, {"y": "b"}}, []row{{"y": "b", "z": "c"}, {}}},
	{"parentheses", "a:\n  x: a\nb:\n  y: b\nc:\n  z: c\ncondition: (a or b) and not c",
		[]row{{"y": "b"}}, []row{{"x": "a", "z": "c"}}},
	{"list of maps is OR", "sel:\n  - x: a\n  - y: b\ncondition: sel",
		[]row{{"x": "a"}, {"y": "b"}}, []row{{"x": "b", "y": "a"}}},
	{"condition list means any", "a:\n  x: a\nb:\n  y: b\ncondition:\n  - a\n  - b",
		[]row{{"y": "b"}}, []row{{"x": "b"}}},
	{"windash", "sel:\n  x|windash|contains: ' -enc '\ncondition: sel",
		[]row{{"x": "ps /enc abc"}, {"x": "ps \u2013enc abc"}, {"x": "ps -ENC abc"}}, []row{{"x": "ps enc abc"}}},
	{"base64", "sel:\n  x|base64: 'http://'\ncondition: sel",
		[]row{{"x": base64.StdEncoding.EncodeToString([]byte("http://"))}}, []row{{"x": "http://"}}},
	{"base64offset|contains finds the value at any byte offset", "sel:\n  x|base64offset|contains: '/bin/bash'\ncondition: sel",
		[]row{{"x": base64.StdEncoding.EncodeToString([]byte("/bin/bash -i"))}, {"x": base64.StdEncoding.EncodeToString([]byte("x /bin/bash"))}, {"x": base64.StdEncoding.EncodeToString([]byte("xy/bin/bashz"))}},
		[]row{{"x": base64.StdEncoding.EncodeToString([]byte("/bin/sh -i"))}}},
	{"numeric comparisons", "sel:\n  x|gt: 10\n  y|lte: 2.5\ncondition: sel",
		[]row{{"x": "11", "y": "2.5"}}, []row{{"x": "10", "y": "1"}, {"x": "abc", "y": "1"}, {"x": "11", "y": "3"}}},
	{"cidr", "sel:\n  x|cidr: 10.0.0.0/8\ncondition: sel",
		[]row{{"x": "10.1.2.3"}, {"x": "10.255.255.255"}}, []row{{"x": "11.0.0.1"}, {"x": "9.255.255.255"}}},
	{"exists", "sel:\n  x|exists: true\n  y|exists: false\ncondition: sel",
		[]row{{"x": ""}}, []row{{"x": "a", "y": "b"}, {}}},
	{"fieldref compares two fields", "sel:\n  x|fieldref: y\ncondition: sel",
		[]row{{"x": "Root", "y": "root"}}, []row{{"x": "a", "y": "b"}, {"x": "a"}}},
	{"expand with the mapping's placeholder values", "sel:\n  x|expand: '%admins%'\ncondition: sel",
		[]row{{"x": "root"}, {"x": "admin"}}, []row{{"x": "bob"}}},
	{"expand: \\% is a plain percent sign", "sel:\n  x|expand: '\\%plain%admins%'\ncondition: sel",
		[]row{{"x": "%plainroot"}, {"x": "%PLAINadmin"}}, []row{{"x": "plainroot"}, {"x": "\\%plainroot"}}},
	{"without expand, %name% is literal", "sel:\n  x: '%admins%'\ncondition: sel",
		[]row{{"x": "%admins%"}}, []row{{"x": "root"}}},
	{"numbers compare as text", "sel:\n  x: 200\ncondition: sel",
		[]row{{"x": "200"}}, []row{{"x": "2000"}}},

	// The rules specification, "Escaping": \\* is a backslash then a
	// wildcard, \\\* a backslash then a plain *, \\\\ two backslashes, and
	// three backslashes not before a wildcard are two.
	{"escaping: backslash before a wildcard", `sel:
  x: 'a\\*'
  y: 'b\\\*'
  z: 'c\\\\d\\\e'
condition: sel`, []row{{"x": `a\anything`, "y": `b\*`, "z": `c\\d\\e`}, {"x": `a\`, "y": `B\*`, "z": `C\\D\\E`}},
		[]row{{"x": "a", "y": `b\*`, "z": `c\\d\\e`}, {"x": `a\`, "y": `b\x`, "z": `c\\d\\e`}, {"x": `a\`, "y": `b\*`, "z": `c\d\e`}}},
	// "Special Field Values": an empty value is '', distinct from null.
	{"empty value is the empty string, not a missing field", "sel:\n  x: ''\ncondition: sel",
		[]row{{"x": ""}}, []row{{}, {"x": " "}}},
	// "Condition": 1 of them / all of them cover the search identifiers not
	// starting with an underscore.
	{"1 of them ignores _identifiers", "sel_a:\n  x: a\nsel_b:\n  y: b\n_hidden:\n  z: z\ncondition: 1 of them",
		[]row{{"x": "a"}, {"y": "b"}}, []row{{"z": "z"}, {}}},
	{"all of them ignores _identifiers", "sel_a:\n  x: a\nsel_b:\n  y: b\n_hidden:\n  z: z\ncondition: all of them",
		[]row{{"x": "a", "y": "b"}}, []row{{"x": "a", "z": "z"}, {"y": "b", "z": "z"}}},
	{"all of pattern", "selection_a:\n  x: a\nselection_b:\n  y: b\nother:\n  z: z\ncondition: all of selection_*",
		[]row{{"x": "a", "y": "b"}}, []row{{"x": "a", "z": "z"}}},
	// Precedence: "x of" binds tighter than not, not tighter than and.
	{"not 1 of pattern negates the whole quantifier", "sel:\n  x: a\nfilter_1:\n  y: b\nfilter_2:\n  z: c\ncondition: sel and not 1 of filter_*",
		[]row{{"x": "a"}, {"x": "a", "y": "x", "z": "x"}}, []row{{"x": "a", "z": "c"}, {"x": "a", "y": "b"}}},
	// Modifiers appendix: re is case-sensitive; |m makes ^ and $ match at
	// line starts and ends; |s lets . match a newline (so without it, it
	// does not).
	{"re without m: ^ and $ are the text's ends", "sel:\n  x|re: '^b$'\ncondition: sel",
		[]row{{"x": "b"}}, []row{{"x": "a\nb"}, {"x": "B"}}},
	{"re|m: ^ and $ match at lines", "sel:\n  x|re|m: '^b$'\ncondition: sel",
		[]row{{"x": "a\nb"}, {"x": "b\nc"}}, []row{{"x": "ab\nc"}}},
	{"re without s: . does not match a newline", "sel:\n  x|re: 'a.b'\ncondition: sel",
		[]row{{"x": "axb"}}, []row{{"x": "a\nb"}}},
	{"re|s: . matches a newline", "sel:\n  x|re|s: 'a.b'\ncondition: sel",
		[]row{{"x": "a\nb"}, {"x": "axb"}}, []row{{"x": "ab"}}},
	{"re|i|m combine", "sel:\n  x|re|i|m: '^B$'\ncondition: sel",
		[]row{{"x": "a\nb"}}, []row{{"x": "ab"}}},
	// windash: -, /, en dash, em dash and horizontal bar are interchangeable.
	{"windash covers all five dashes", "sel:\n  x|windash: '-f'\ncondition: sel",
		[]row{{"x": "-f"}, {"x": "/f"}, {"x": "\u2013f"}, {"x": "\u2014f"}, {"x": "\u2015f"}}, []row{{"x": "f"}, {"x": "_f"}, {"x": "--f"}}},
	// pySigma's windash expands a - or / with no word character before it
	// and one after (\B[-/]\b; its docstring: in -param-name the first dash
	// is expanded, the second left untouched).
	{"windash: only the dash starting a word", "sel:\n  x|windash: '-param-name'\ncondition: sel",
		[]row{{"x": "/param-name"}, {"x": "\u2014param-name"}}, []row{{"x": "-param/name"}, {"x": "/param/name"}}},
	{"windash: after a quote, and the second dash of --", "sel:\n  x|windash|contains: '\"-x --long'\ncondition: sel",
		[]row{{"x": "a \"/x -/long"}, {"x": "\"-x --long"}}, []row{{"x": "\"-x /-long"}}},
	{"numeric lt and gte", "sel:\n  x|lt: 5\n  y|gte: -1.5\ncondition: sel",
		[]row{{"x": "4.99", "y": "-1.5"}}, []row{{"x": "5", "y": "0"}, {"x": "1", "y": "-2"}}},
	// cased applies to modified values too.
	{"cased with contains", "sel:\n  x|contains|cased: Evil\ncondition: sel",
		[]row{{"x": "an Evil one"}}, []row{{"x": "an evil one"}}},
	{"fieldref|cased compares exactly", "sel:\n  x|fieldref|cased: y\ncondition: sel",
		[]row{{"x": "Root", "y": "Root"}}, []row{{"x": "Root", "y": "root"}}},
	// exists checks presence, not value: an empty value exists.
	{"exists false: the field is missing", "sel:\n  x|exists: false\ncondition: sel",
		[]row{{}}, []row{{"x": ""}, {"x": "a"}}},
	// Keywords (a list under a search identifier) search the whole event,
	// OR-ed; keyword values honour wildcards like field values.
	{"keyword list with startswith-like wildcard stays a substring search", "keywords:\n  - 'evil*'\ncondition: keywords",
		[]row{{"k": "an evilthing"}}, []row{{"k": "an ev il"}}},
}

// engineGaps names the semantic cases a known difference of the local
// engine from Snowflake's documented behaviour affects: such a case must
// disagree (it is reported), and the test fails once it agrees, so that the
// mark is removed. None is known today.
var engineGaps = map[string]string{}

func rowQuery(where string, r row) string {
	var cols []string
	for _, c := range []string{"x", "y", "z", "k"} {
		v, ok := r[c]
		if !ok {
			cols = append(cols, "null::varchar as "+strings.ToUpper(c))
			continue
		}
		cols = append(cols, Literal(fmt.Sprint(v))+" as "+strings.ToUpper(c))
	}
	return "select count(*) from (select " + strings.Join(cols, ", ") + ") where " + where
}

// TestSemanticsOnEngine evaluates compiled conditions over single rows on
// the local engine (through gosnowflake, as against Snowflake).
func TestSemanticsOnEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	db := engineDB(t)
	for _, c := range semanticCases {
		where, err := compileDetection(t, c.det)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		var diffs []string
		for want, rows := range map[int][]row{1: c.match, 0: c.noMatch} {
			for _, r := range rows {
				var got int
				q := rowQuery(where, r)
				if err := db.QueryRowContext(context.Background(), q).Scan(&got); err != nil {
					t.Errorf("%s: %v\n%s", c.name, err, q)
					continue
				}
				if got != want {
					diffs = append(diffs, fmt.Sprintf("%s: row %v: matched=%v, want %v\nwhere %s", c.name, r, got == 1, want == 1, where))
				}
			}
		}
		gap := engineGaps[c.name]
		switch {
		case gap == "":
			for _, d := range diffs {
				t.Error(d)
			}
		case len(diffs) == 0:
			t.Errorf("%s: marked as a known gap (%s), but the engine now answers as documented: remove the mark", c.name, gap)
		default:
			t.Logf("%s: known gap, %s (%d rows differ)", c.name, gap, len(diffs))
		}
	}
}

// TestLiteralRoundTrip sends hostile strings as literals and reads them back.
func TestLiteralRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	db := engineDB(t)
	for _, s := range []string{"it's", `back\slash`, `\'`, "$$ dollar $$", "new\nline\r\ttab", `\\\'\'`, "''", `'); drop table logs; --`, "unicode é \u2013", "\x01ctl", "nul\x0012"} {
		var got string
		q := "select " + Literal(s)
		if err := db.QueryRowContext(context.Background(), q).Scan(&got); err != nil {
			t.Errorf("%q: %v (%s)", s, err, q)
			continue
		}
		if got != s {
			t.Errorf("literal %s reads back %q, want %q", Literal(s), got, s)
		}
	}
}

func engineDB(t *testing.T) *sql.DB {
	t.Helper()
	db, closeDB, err := newLake(t).Fresh(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB() })
	return db
}

// TestUnsupportedConstructs: what Snowflake cannot express is refused with
// the construct named, never compiled into something else.
func TestUnsupportedConstructs(t *testing.T) {
	for det, want := range map[string]string{
		"sel:\n  x|re: 'a(?=b)'\ncondition: sel":           "lookahead",
		"sel:\n  x|re: '(?<!a)b'\ncondition: sel":          "lookbehind",
		"sel:\n  x|re: '(a)\\1'\ncondition: sel":           "backreference",
		"sel:\n  x|re: '(?i)abc'\ncondition: sel":          "inline flags",
		"sel:\n  x|re: 'a+?'\ncondition: sel":              "lazy quantifier",
		"sel:\n  x|re: '(?P<n>a)'\ncondition: sel":         "named group",
		"sel:\n  x: a\ncondition: sel | count() > 5":       "aggregation",
		"sel:\n  x|utf16le|base64: a\ncondition: sel":      "utf16le",
		"sel:\n  x|frobnicate: a\ncondition: sel":          "modifier frobnicate",
		"sel:\n  x|expand: '%nobody%'\ncondition: sel":     "placeholder %nobody%",
		"sel:\n  x|cidr: 'fe80::/10'\ncondition: sel":      "IPv6",
		"sel:\n  x|startswith|endswith: a\ncondition: sel": "modifiers startswith and endswith",
	} {
		_, err := compileDetection(t, det)
		if !IsUnsupported(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want unsupported construct %q", det, err, want)
		}
	}
	// Plain errors name the offending input.
	for det, want := range map[string]string{
		"sel:\n  w: a\ncondition: sel":        `field "w" is not mapped`,
		"sel:\n  x: a\ncondition: sel and b":  `unknown search identifier "b"`,
		"sel:\n  x: a\ncondition: (sel":       "missing closing parenthesis",
		"sel:\n  x: a\ncondition: 1 of nope*": `"nope*" matches no search identifier`,
	} {
		_, err := compileDetection(t, det)
		if err == nil || IsUnsupported(err) || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error containing %q", det, err, want)
		}
	}
}
