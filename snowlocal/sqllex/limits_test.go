package sqllex

import (
	"strings"
	"testing"
)

func TestCheckLimits(t *testing.T) {
	deep := func(open, mid, close string, n int) string {
		return "select " + strings.Repeat(open, n) + mid + strings.Repeat(close, n)
	}
	for _, c := range []struct {
		name, src string
		bad       bool
	}{
		{"parens at the limit", deep("(", "1", ")", MaxDepth-1), false},
		{"parens past the limit", deep("(", "1", ")", MaxDepth+1), true},
		{"400 KB of parens", deep("(", "1", ")", 200_000), true},
		{"brackets", deep("[", "1", "]", MaxDepth+1), true},
		{"nested CASE", deep("case when true then ", "1", " end", MaxDepth+1), true},
		{"SELECT chain", strings.Repeat("select ", MaxDepth+1) + "1", true},
		{"cast chain", "select 1" + strings.Repeat("::number(10, 2)", MaxDepth+1), true},
		{"many sibling casts", "select " + strings.Repeat("a::int, b::number(3,1), ", 2*MaxDepth) + "1", false},
		{"long UNION ALL", strings.Repeat("select 1 union all ", 5*MaxDepth) + "select 1", false},
		{"many sibling subqueries", "select " + strings.Repeat("(select (1)), ", 5*MaxDepth) + "1", false},
		{"many sibling CASEs", "select " + strings.Repeat("case when a then (b) end, ", 5*MaxDepth) + "1", false},
		{"NUL", "select 1\x00, 2", true},
		{"NUL in a string", "select 'a\x00b'", true},
		{"over 1 MB", "select '" + strings.Repeat("x", MaxStatementBytes) + "'", true},
		{"just under 1 MB", "select '" + strings.Repeat("x", MaxStatementBytes-10) + "'", false},
	} {
		err := CheckLimits(c.src)
		if (err != nil) != c.bad {
			t.Errorf("%s: CheckLimits = %v, want error %v", c.name, err, c.bad)
		}
	}
	err := CheckLimits("select 1,\n  2\x00")
	if err == nil || err.Line != 2 || err.Col != 4 {
		t.Errorf("NUL position: %+v, want line 2 column 4", err)
	}
}

func FuzzCheckLimits(f *testing.F) {
	for _, s := range []string{"select ((1))", "select 1::int::varchar", "select case when 1 then (select 2) end", "select 1\x00", "((((", "))))", "end end case"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if err := CheckLimits(src); err != nil && (err.Line < 1 || err.Col < 1) {
			t.Fatalf("error without a position: %+v", err)
		}
	})
}
