package sfunc

import (
	"strings"
	"testing"
)

// TestUnicodeTokensOfTheDocsTable: the UNICODE_ANALYZER column of the
// search page's table "How search terms are tokenized" (docs:
// functions/search), lower-cased as searches compare.
func TestUnicodeTokensOfTheDocsTable(t *testing.T) {
	for in, want := range map[string]string{
		"10.210.158.44":           "10.210.158.44",
		"192.0.2.0/24":            "192.0.2.0|24",
		"high-tech":               "high|tech",
		"Bob's Burgers":           "bob's|burgers",
		"Three spaces":            "three|spaces",
		"docs@snowflake.com":      "docs|snowflake.com",
		"/opt/homebrew/README.md": "opt|homebrew|readme.md",
		// UAX #29 beyond the table: a joiner needs the same kind on both
		// sides (WB6/WB7 letters, WB11/WB12 digits).
		"a1.b2 1,000 x.1 dogs' 'tis": "a1|b2|1,000|x|1|dogs|tis",
	} {
		toks, ok := UnicodeTokens(in)
		if got := strings.Join(toks, "|"); !ok || got != want {
			t.Errorf("UnicodeTokens(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"a:b", "a_b", "café"} {
		if _, ok := UnicodeTokens(in); ok {
			t.Errorf("UnicodeTokens(%q) answered; want refused", in)
		}
	}
}
