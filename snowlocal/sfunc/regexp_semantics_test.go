package sfunc

import (
	"strings"
	"testing"
)

// TestRegexpSemanticsAgree: where the three rules give one answer it is
// given, groups numbered as the pattern numbers them even where reversing
// the alternatives renumbers them in the rule that does.
func TestRegexpSemanticsAgree(t *testing.T) {
	for _, tc := range []struct {
		subject, pattern, params string
		group                    int64
		want                     string
	}{
		{"b", "(a)|(b)", "c", 2, "b"},
		{"xb", "(?:(a)|(b))(c)?", "c", 2, "b"},
		{"AB", "(a)(b)|x", "i", 2, "B"},
		{"Hellooo World", `\b(\S*)o(\S*)\b`, "c", 1, "Helloo"},
		{"a\nb", "^b", "m", 0, "b"},
		{"a.b", `a\.b|q`, "c", 0, "a.b"},
	} {
		got, ok, err := RegexpSubstr(tc.subject, tc.pattern, 1, 1, tc.params, tc.group)
		if err != nil || !ok || got != tc.want {
			t.Errorf("RegexpSubstr(%q, %q, %q, group %d) = %q, %v, %v, want %q", tc.subject, tc.pattern, tc.params, tc.group, got, ok, err, tc.want)
		}
	}
}

// TestRegexpSemanticsDiffer: answers that depend on the rule are refused.
func TestRegexpSemanticsDiffer(t *testing.T) {
	if _, _, err := RegexpSubstr("ab", "a|ab", 1, 1, "c", -1); err == nil || !strings.Contains(err.Error(), "leftmost-longest") {
		t.Errorf("RegexpSubstr(ab, a|ab) err = %v, want the rules' refusal", err)
	}
	if _, _, err := RegexpSubstr("abcd", "(a|ab)(c|bcd)(d*)", 1, 1, "c", 1); err == nil {
		t.Error("RegexpSubstr(abcd, (a|ab)(c|bcd)(d*), group 1): answered; RE2 cuts a, a POSIX engine ab")
	}
	if got, err := RegexpReplace("abcd", "(a|ab)(c|bcd)(d*)", `\3`, 1, 0, "c"); err == nil {
		t.Errorf("RegexpReplace with \\3 = %q, want refused", got)
	}
	if got, err := RegexpReplace("abcd", "(a|ab)(c|bcd)(d*)", `[\0]$`, 1, 0, "c"); err != nil || got != "[abcd]$" {
		t.Errorf("RegexpReplace with \\0 = %q, %v, want [abcd]$ (the whole match agrees)", got, err)
	}
	if n, err := RegexpCount("aaa", "a|aa", 1, "c"); err == nil {
		t.Errorf("RegexpCount(aaa, a|aa) = %d, want refused (3 or 2)", n)
	}
}
