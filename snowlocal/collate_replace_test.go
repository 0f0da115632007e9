package snowlocal_test

import "testing"

// TestCollateReplace: REPLACE of a value under 'upper' or 'lower' replaces
// the substrings whose converted form is the converted pattern (the
// collation page, https://docs.snowflake.com/en/sql-reference/collation:
// LEN(REPLACE('abc\u0001' COLLATE 'upper', '\u0001')) is 3); under a
// locale, a pattern the collation ignores is not removed (the page: under
// 'en-ci' the same LEN is 4, "because U+0001 is ignored"; the engine
// refused it before); another pattern under a locale, a locale with ai, an
// empty pattern and a collated result carried further are refused.
func TestCollateReplace(t *testing.T) {
	db := open(t)
	for q, want := range map[string]string{
		"select len(replace('abc\\u0001' collate 'upper', '\\u0001'))::varchar":    "3",
		"select replace('aBcAb' collate 'upper', 'ab', '-')":                       "-c-",
		"select replace('aBcAb' collate 'lower', 'AB')":                            "c",
		"select replace('Äa' collate 'upper', 'ä', 'x')":                           "xa",
		"select replace('aBc' collate 'utf8', 'B')":                                "ac",
		"select length(replace('a.b' collate 'upper', '.'))::varchar":              "2",
		"select len(replace('abc\\u0001' collate 'en-ci', '\\u0001'))::varchar":    "4",
		"select len(replace('abc\\u0001' collate 'en', '\\u0001', 'xy'))::varchar": "4",
		"select replace('a\\u0001b' collate 'es-ci', '\\u0001\\u0002')":            "a\u0001b",
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", q, got, err, want)
		}
	}
	for q, part := range map[string]string{
		"select len(replace('abc\\u0001' collate 'en-ci', 'b'))":    "REPLACE under the collation en-ci of a pattern it does not ignore",
		"select replace('abc' collate 'en-ci', '')":                 "collated REPLACE of an empty pattern",
		"select replace('abc' collate 'en-ci-ai', '\\u0001')":       "REPLACE under the collation 'en-ci-ai'",
		"select replace('abc' collate 'upper', '')":                 "collated REPLACE of an empty pattern",
		"select replace('ß' collate 'upper', 's')":                  "COLLATE upper or lower",
		"select replace('ab' collate 'upper', 'a') = 'B'":           "REPLACE of a collated value in this form",
		"select upper(replace('ab' collate 'upper', 'a'))":          "REPLACE of a collated value in this form",
		"select replace('ab' collate 'upper', 'a' collate 'lower')": "incompatible collations",
		"select replace('a b' collate 'trim', ' ')":                 "REPLACE under the collation 'trim'",
	} {
		wantRefused(t, db, q, part)
	}
}
