package snowlocal_test

import "testing"

// TestCollateFullCaseMapping: the 'upper' and 'lower' collation
// specifications compare texts after Unicode's full case mapping, beyond
// Latin-1 too, and a search under them never matches part of the sequence
// one code point maps to. Expected values are the collation page's
// (https://docs.snowflake.com/en/sql-reference/collation: "Differences when
// changes to case result in multiple code points", the Greek iota and the
// dotless ı examples, the full-width letters' distinct counts) and its
// sentence "Even though ß and SS are equivalent".
func TestCollateFullCaseMapping(t *testing.T) {
	db := open(t)
	for q, want := range map[string]string{
		`select '\u03b9\u0308\u0301' = '\u0390' collate 'upper'`:                                "1",
		`select '\u03b9\u0308\u0301' = '\u0390' collate 'lower'`:                                "0",
		`select contains('\u03b9\u0308', '\u03b9' collate 'upper')`:                             "1",
		`select contains('\u03b9\u0308', '\u0308' collate 'upper')`:                             "1",
		`select contains('ß' , 's' collate 'upper')`:                                            "0",
		`select contains('ss', 's' collate 'upper')`:                                            "1",
		`select 'ß' collate 'upper' = 'SS'`:                                                     "1",
		`select collate('ı', 'lower') = collate('i', 'lower')`:                                  "0",
		`select collate('ı', 'upper') = collate('i', 'upper')`:                                  "1",
		`select count(distinct column1 collate 'upper') from values ('a'), ('A'), ('ａ'), ('Ａ')`: "2",
		`select count(distinct column1 collate 'lower') from values ('a'), ('A'), ('ａ'), ('Ａ')`: "2",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
	// Snowflake names the column by the full upper case of its text too.
	cols, _ := queryRows(t, db, `SELECT CONTAINS('ß' , 's' COLLATE 'upper')`)
	if len(cols) != 1 || cols[0] != `CONTAINS('SS' , 'S' COLLATE 'UPPER')` {
		t.Errorf("column name = %q, want the page's CONTAINS('SS' , 'S' COLLATE 'UPPER')", cols)
	}
}
