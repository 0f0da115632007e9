package snowlocal_test

import "testing"

// Empty matches and backreferences in the regex functions. The docs show
// one empty-match answer: REGEXP_REPLACE(body, '()', '*') puts '*' between
// every two characters and at both ends
// (https://docs.snowflake.com/en/sql-reference/functions/regexp_replace),
// which is what RE2 and Go do. They do not show an empty match right where
// a non-empty one ends (RE2 and Go skip it, "empty matches abutting a
// preceding match are ignored"; Perl-style engines take it, so
// REGEXP_REPLACE('aa', 'a*', '-') is '-' there and '--' here), whether
// REGEXP_SUBSTR of an empty match is '' or NULL, nor what a backreference
// to a group that takes no part in the match puts in a replacement (RE2:
// an empty text). Those are refused (002040); before, each answered as
// RE2 does.

func TestRegexpEmptyMatchesRefused(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, part string }{
		{"select regexp_replace('aa', 'a*', '-')", "empty string where a match ends"},
		{"select regexp_replace('baaac', 'a*', '-')", "empty string where a match ends"},
		{"select regexp_substr('bbcbb', 'b*', 1, 2)", "empty string where a match ends"},
		{"select regexp_instr('bbcbb', 'b*', 1, 2)", "empty string where a match ends"},
		{"select regexp_substr_all('bbc', 'b*')", "empty string where a match ends"},
		{"select regexp_substr('abc', 'x*')", "empty match"},
		{"select regexp_substr_all('abc', 'x*')", "empty match"},
		{"select regexp_replace('ab', '(x)?b', '[\\\\1]')", "backreference \\1"},
		{"select regexp_replace('ab', '(a)b', '[\\\\2]')", "backreference \\2"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
}

// TestRegexpEmptyMatchesAnswered: the documented empty matches, and those
// whose answer no rule changes, answer.
func TestRegexpEmptyMatchesAnswered(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want, source string }{
		{"select regexp_replace('Hellooo World', '()', '*')", "*H*e*l*l*o*o*o* *W*o*r*l*d*",
			"https://docs.snowflake.com/en/sql-reference/functions/regexp_replace"},
		{"select regexp_replace('abc', 'x*', '-')", "-a-b-c-",
			"https://docs.snowflake.com/en/sql-reference/functions/regexp_replace ('()': an empty match at every position)"},
		// The first match of b* on bbc is bb under any rule.
		{"select regexp_substr('bbc', 'b*')", "bb", "https://docs.snowflake.com/en/sql-reference/functions/regexp_substr"},
		{"select regexp_instr('bbc', 'b*')", "1", "https://docs.snowflake.com/en/sql-reference/functions/regexp_instr"},
		{"select regexp_replace('ab', '(a)(x)?b', '[\\\\1]')", "[a]",
			"https://docs.snowflake.com/en/sql-reference/functions/regexp_replace (backreferences)"},
	} {
		if got := queryOne(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q (%s)", tc.q, got, tc.want, tc.source)
		}
	}
}
