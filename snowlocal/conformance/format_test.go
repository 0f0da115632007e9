package conformance

import (
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
		"=== a\nsource: u\nquery:\nselect 1\nexpect:\n| A |\n|---|\n| 1 | 2 |", // ragged
	} {
		if _, err := Parse("bad.sqltest", bad); err == nil {
			t.Errorf("Parse accepted %q", bad)
		}
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
