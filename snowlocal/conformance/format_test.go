package conformance

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseBoxAndTabTables(t *testing.T) {
	cases, err := Parse("x.sqltest", strings.Join([]string{
		"=== a",
		"source: https://docs.snowflake.com/x",
		"setup:",
		"create table t (a int);",
		"query:",
		"select 1 as a, null as b",
		"expect:",
		"+---+------+",
		"| A | B    |",
		"|---+------|",
		"| 1 | NULL |",
		"+---+------+",
		"query:",
		"select 'x' as a",
		"rows:",
		"x",
		"query:",
		"select foo()",
		"refused: 002140 FOO",
		"options: unordered",
	}, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := cases[0]
	if len(c.Checks) != 3 || c.Setup != "create table t (a int);" {
		t.Fatalf("%+v", c)
	}
	if e := c.Checks[0].Expect; strings.Join(e.Columns, ",") != "A,B" || e.Rows[0][1] != "NULL" {
		t.Fatalf("box table %+v", e)
	}
	if e := c.Checks[1].Expect; e.Columns != nil || e.Rows[0][0] != "x" {
		t.Fatalf("rows %+v", e)
	}
	if ch := c.Checks[2]; !ch.Refused || ch.ErrCode != "002140" || ch.ErrText != "FOO" || !ch.Unordered {
		t.Fatalf("refused %+v", ch)
	}
	for _, bad := range []string{
		"=== a\nquery:\nselect 1\nexpect:\n| A |\n|---|\n| 1 |",                // no source
		"=== a\nsource: u\nquery:\nselect 1",                                   // no expectation
		"=== a\nsource: u\nquery:\nselect 1\nerror: 12 x",                      // short code
		"=== a\nsource: u\nquery:\nselect 1\nerror: ?",                         // any code without the docs' text
		"=== a\nsource: u\nquery:\nselect 1\nrefused: ? x",                     // a refusal names its code
		"=== a\nsource: u\nquery:\nselect 1\nexpect:\n| A |\n|---|\n| 1 | 2 |", // ragged
	} {
		if _, err := Parse("bad.sqltest", bad); err == nil {
			t.Errorf("Parse accepted %q", bad)
		}
	}
}

// TestAnyCodeErrorTakesTheDocumentedTextAndNoRefusal: "error: ? text"
// (a failure the docs print without its code) matches any code but a
// refusal's.
func TestAnyCodeErrorTakesTheDocumentedTextAndNoRefusal(t *testing.T) {
	cases, err := Parse("x.sqltest", "=== a\nsource: u\nquery:\nselect chr(-1)\nerror: ? Invalid character code -1 in the CHR input")
	if err != nil {
		t.Fatal(err)
	}
	if ch := cases[0].Checks[0]; ch.Refused || ch.ErrCode != AnyCode || ch.ErrText != "Invalid character code -1 in the CHR input" {
		t.Fatalf("error: ? parsed as %+v", ch)
	}
	for code, want := range map[string]bool{"100000": true, "100038": true, "002040": false, "002140": false} {
		if got := codeMatches(code, AnyCode); got != want {
			t.Errorf("codeMatches(%s, ?) = %v, want %v", code, got, want)
		}
	}
	if codeMatches("100000", "100038") || !codeMatches("100038", "100038") {
		t.Error("a named code must match exactly")
	}
}

func TestEqualIsStrictAboutValuesLenientAboutDisplay(t *testing.T) {
	for _, c := range []struct {
		typ, got, want string
		eq             bool
	}{
		{"FIXED", "1.50", "1.50", true},
		{"FIXED", "1.5", "1.50", false},
		{"REAL", "1.4142135623730951", "1.414213562", true},
		{"REAL", "1.4142", "1.414213562", false},
		{"BOOLEAN", "True", "TRUE", true},
		{"TIMESTAMP_NTZ", "2024-01-02 03:04:05.000", "2024-01-02 03:04:05", true},
		{"TIMESTAMP_NTZ", "2024-01-02 03:04:06.000", "2024-01-02 03:04:05", false},
		{"TIMESTAMP_NTZ", "2024-01-02 03:04:05.100", "2024-01-02 03:04:05.000", false},
		{"TIMESTAMP_TZ", "2024-01-02 03:04:05.000 -0800", "2024-01-02 03:04:05.000 -0800", true},
		{"TIMESTAMP_TZ", "2024-01-02 11:04:05.000 +0000", "2024-01-02 03:04:05.000 -0800", false},
		{"VARIANT", `{"a":1,"b":[1,2]}`, `{ "b": [1, 2], "a": 1 }`, true},
		{"VARIANT", `"x"`, `x`, false},
		{"VARIANT", `null`, `NULL`, false},
		{"TEXT", `"x"`, `x`, false},
		{"TEXT", "1, ", "1,", true},
		{"TEXT", "1,", "1, ", false},
		{"TEXT", " 1", "1", false},
		// A box hides the blank that ends a line of a multi-line text.
		{"TEXT", "timing out \nand aborting", "timing out\nand aborting", true},
		{"TEXT", "timing out\nand aborting", "timing out \nand aborting", false},
		{"TEXT", "timing out \n and aborting", "timing out\nand aborting", false},
		// An undefined array element is printed as the bare word undefined.
		{"ARRAY", "[\n  10,\n  undefined,\n  30\n]", `[ 10, undefined, 30 ]`, true},
		{"ARRAY", `[10,null,30]`, `[ 10, undefined, 30 ]`, false},
		{"ARRAY", `[10,"undefined",30]`, `[ 10, undefined, 30 ]`, false},
		{"ARRAY", `[10,30]`, `[ 10, undefined, 30 ]`, false},
	} {
		if got := Equal(c.typ, c.got, c.want); got != c.eq {
			t.Errorf("Equal(%s, %q, %q) = %v", c.typ, c.got, c.want, got)
		}
	}
}

// TestParseTableRawCells: a box table's text keeps its leading space in the
// raw cell (SYS_CONNECT_BY_PATH prints " -> President"); the trimmed cell
// stays what every other comparison reads.
func TestParseTableRawCells(t *testing.T) {
	tb, err := parseTable([]string{
		"+---------------+----+",
		"| P             |  N |",
		"|---------------+----|",
		"|  -> President |  1 |",
		"+---------------+----+",
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Rows[0][0] != "-> President" || tb.Raw[0][0] != " -> President" || tb.Raw[0][1] != " 1" {
		t.Errorf("rows %q raw %q", tb.Rows, tb.Raw)
	}
}

// TestParseMultiLineHeader: a box whose header spans lines above the
// "|---" separator (a column named by a call written over several lines,
// docs: udf-calling-sql) is one header whose names keep the line breaks and
// the indentation of the lines after the first.
func TestParseMultiLineHeader(t *testing.T) {
	tb, err := parseTable([]string{
		"+--------------------------+---+",
		"| F(                       | N |",
		"|   A => 'ONE',            |   |",
		"|   B => 'TWO')            |   |",
		"|--------------------------+---|",
		"| onetwo                   | 1 |",
		"+--------------------------+---+",
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	if want := "F(\n  A => 'ONE',\n  B => 'TWO')"; tb.Columns[0] != want || tb.Columns[1] != "N" {
		t.Errorf("columns %q", tb.Columns)
	}
	if len(tb.Rows) != 1 || tb.Rows[0][0] != "onetwo" || len(tb.Raw) != 1 {
		t.Errorf("rows %q raw %q", tb.Rows, tb.Raw)
	}
}

// TestSubsetOption: "options: subset" accepts any sub-multiset of the
// documented rows (none, some, all, in any order) and fails on a row
// outside them or one returned more often than listed.
func TestSubsetOption(t *testing.T) {
	cases, err := Parse("x.sqltest", strings.Join([]string{
		"=== s",
		"source: https://docs.snowflake.com/en/sql-reference/constructs/sample",
		"query:",
		"select * from t sample (10)",
		"options: subset",
		"expect:",
		"+----+",
		"| C1 |",
		"|----|",
		"|  1 |",
		"|  2 |",
		"|  3 |",
		"+----+",
	}, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	ch := cases[0].Checks[0]
	if !ch.Subset {
		t.Fatalf("options: subset not applied: %+v", ch)
	}
	cols, types := []string{"C1"}, []string{"FIXED"}
	for _, c := range []struct {
		rows [][]string
		ok   bool
	}{
		{nil, true},
		{[][]string{{"2"}}, true},
		{[][]string{{"3"}, {"1"}}, true},
		{[][]string{{"1"}, {"2"}, {"3"}}, true},
		{[][]string{{"4"}}, false},
		{[][]string{{"1"}, {"4"}}, false},
		{[][]string{{"2"}, {"2"}}, false},
		{[][]string{{"1"}, {"2"}, {"3"}, {"1"}}, false},
	} {
		if msg := diff(ch, cols, types, c.rows); (msg == "") != c.ok {
			t.Errorf("rows %q: diff = %q, want ok=%v", c.rows, msg, c.ok)
		}
	}
	if msg := diff(ch, []string{"C2"}, types, [][]string{{"1"}}); msg == "" {
		t.Error("a different column name passed")
	}
}

// TestMultilineXMLCells: with "options: multiline", a cell whose first
// line starts with '<' (an OBJECT PARSE_XML read, which SnowSQL prints as
// XML, docs: parse_xml) goes on while an element is open, and its lines
// join with newlines, indentation kept; a JSON cell still joins with
// spaces while a bracket is open.
func TestMultilineXMLCells(t *testing.T) {
	cases, err := Parse("x.sqltest", `=== xml
source: https://docs.snowflake.com/en/sql-reference/functions/parse_xml
options: multiline
query:
SELECT 1;
expect:
+------------------------+------+
| V                      | J    |
|------------------------+------|
| <a></a>                | [    |
|                        |   1  |
|                        | ]    |
| <a>                    | 2    |
|   <b>X</b>             |      |
|   <b>Y</b>             |      |
| </a>                   |      |
| <a attr="123">text</a> | 3    |
+------------------------+------+
`)
	if err != nil {
		t.Fatal(err)
	}
	got := cases[0].Checks[0].Expect.Rows
	want := [][]string{{"<a></a>", "[ 1 ]"}, {"<a>\n  <b>X</b>\n  <b>Y</b>\n</a>", "2"}, {`<a attr="123">text</a>`, "3"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}

func TestTextLinesOption(t *testing.T) {
	text := `=== c
source: https://docs.snowflake.com/en/sql-reference/functions/reduce
query:
select 1;
options: textlines
expect:
+----+-------+
| ID | T     |
|----+-------|
|  1 | a     |
|    | b     |
|    |       |
|  2 | c     |
+----+-------+
`
	cases, err := Parse("t.sqltest", text)
	if err != nil {
		t.Fatal(err)
	}
	got := cases[0].Checks[0].Expect.Rows
	want := [][]string{{"1", "a\nb\n"}, {"2", "c"}}
	if len(got) != len(want) {
		t.Fatalf("rows %q, want %q", got, want)
	}
	for i := range want {
		for j := range want[i] {
			if got[i][j] != want[i][j] {
				t.Fatalf("rows %q, want %q", got, want)
			}
		}
	}
}

// TestTextLinesKeepIndent: a later line of a left-aligned text keeps the
// blanks that indent it (the docs' dollar-quoted constant on the text data
// types page prints "a" and then lines indented by 34 blanks).
func TestTextLinesKeepIndent(t *testing.T) {
	text := `=== c
source: https://docs.snowflake.com/en/sql-reference/data-types-text
query:
select 1;
options: textlines
expect:
+------+---------+
| $1   | $2      |
|------+---------|
| row1 | a       |
|      |    b \t |
+------+---------+
`
	cases, err := Parse("t.sqltest", text)
	if err != nil {
		t.Fatal(err)
	}
	got := cases[0].Checks[0].Expect.Rows
	want := [][]string{{"row1", "a\n   b \\t"}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows %q, want %q", got, want)
	}
}

// TestTabRowKeepsTrailingEmptyCell: a tab-separated row ending in a tab has
// an empty last cell (a value that is the empty string), not one cell less.
func TestTabRowKeepsTrailingEmptyCell(t *testing.T) {
	cases, err := Parse("x.sqltest", strings.Join([]string{
		"=== a",
		"source: https://docs.snowflake.com/x",
		"query:",
		"select 'a||b' as a, '' as b",
		"expect:",
		"A\tB",
		"a||b\t",
	}, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := cases[0].Checks[0].Expect
	if len(e.Rows) != 1 || len(e.Rows[0]) != 2 || e.Rows[0][0] != "a||b" || e.Rows[0][1] != "" {
		t.Fatalf("rows %q", e.Rows)
	}
}

// TestLinePairsOption: with "options: linepairs" every two box lines are
// one row, so a first-column value that holds a newline reads as one cell.
func TestLinePairsOption(t *testing.T) {
	cases, err := Parse("x.sqltest", strings.Join([]string{
		"=== a",
		"source: https://docs.snowflake.com/x",
		"query:",
		"select 1",
		"options: linepairs",
		"expect:",
		"+----------+---------+",
		"| ORIGINAL | TRIMMED |",
		"|----------+---------|",
		"| >ABC     | >ABC<   |",
		"| <        |         |",
		"| x        | y       |",
		"|          | z       |",
		"+----------+---------+",
	}, "\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%q", cases[0].Checks[0].Expect.Rows)
	if want := `[[">ABC\n<" ">ABC<"] ["x" "y\nz"]]`; got != want {
		t.Fatalf("rows %s, want %s", got, want)
	}
}

// TestEqualExpandsTabs: a text holding a tab matches the docs' box, which
// prints the tab as blanks up to the next multiple of eight characters.
func TestEqualExpandsTabs(t *testing.T) {
	for _, tc := range []struct {
		got, want string
		ok        bool
	}{
		{"Hello\tWorld", "Hello   World", true},
		{"a\tb", "a       b", true},
		{"abcdefgh\tx", "abcdefgh        x", true},
		{"x\ny\tz", "x\ny       z", true},
		{"Hello\tWorld", "Hello    World", false},
		{"Hello\tWorld", "Hello World", false},
	} {
		if got := Equal("TEXT", tc.got, tc.want); got != tc.ok {
			t.Errorf("Equal(%q, %q) = %v, want %v", tc.got, tc.want, got, tc.ok)
		}
	}
}
