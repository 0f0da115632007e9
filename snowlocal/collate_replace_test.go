package snowlocal_test

import "testing"

// TestCollateReplace: REPLACE of a value under 'upper' or 'lower' replaces
// the substrings whose converted form is the converted pattern (the
// collation page, https://docs.snowflake.com/en/sql-reference/collation:
// LEN(REPLACE('abc\u0001' COLLATE 'upper', '\u0001')) is 3); a locale
// (whose ICU search the page shows leaving an ignorable code point in
// place under 'en-ci'), an empty pattern and a collated result carried
// further are refused.
func TestCollateReplace(t *testing.T) {
	db := open(t)
	for q, want := range map[string]string{
		"select len(replace('abc\\u0001' collate 'upper', '\\u0001'))::varchar": "3",
		"select replace('aBcAb' collate 'upper', 'ab', '-')":                    "-c-",
		"select replace('aBcAb' collate 'lower', 'AB')":                         "c",
		"select replace('Äa' collate 'upper', 'ä', 'x')":                        "xa",
		"select replace('aBc' collate 'utf8', 'B')":                             "ac",
		"select length(replace('a.b' collate 'upper', '.'))::varchar":           "2",
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", q, got, err, want)
		}
	}
	for q, part := range map[string]string{
		"select len(replace('abc\\u0001' collate 'en-ci', '\\u0001'))": "REPLACE under the collation 'en-ci'",
		"select replace('abc' collate 'upper', '')":                    "collated REPLACE of an empty pattern",
		"select replace('ß' collate 'upper', 's')":                     "COLLATE upper or lower",
		"select replace('ab' collate 'upper', 'a') = 'B'":              "REPLACE of a collated value in this form",
		"select upper(replace('ab' collate 'upper', 'a'))":             "REPLACE of a collated value in this form",
		"select replace('ab' collate 'upper', 'a' collate 'lower')":    "incompatible collations",
		"select replace('a b' collate 'trim', ' ')":                    "REPLACE under the collation 'trim'",
	} {
		wantRefused(t, db, q, part)
	}
}
