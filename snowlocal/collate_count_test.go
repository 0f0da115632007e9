package snowlocal_test

import "testing"

// TestCollateCountDistinct: COUNT(DISTINCT x COLLATE spec) counts the
// values that differ under the collation (the collation page's
// different_scripts example: 1 distinct value under 'en-ci', 6 under
// 'upper' and 'lower', https://docs.snowflake.com/en/sql-reference/collation).
// A NULL is not counted; COLLATE ” and 'utf8' compare code points. Another
// collated COUNT (no DISTINCT, a window) is refused.
func TestCollateCountDistinct(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ccd", "use database ccd",
		"create table w (c varchar)",
		"insert into w values ('a'), ('A'), ('b'), ('B '), (null)",
		"create table different_scripts (codepoint string)",
		"insert into different_scripts values ('1'), ('¹'), ('₁'), ('①'), ('੧'), ('௧')")
	for _, tc := range []struct{ q, want string }{
		{"select count(distinct c collate 'upper') from w", "3"},
		{"select count(distinct collate(c, 'lower')) from w", "3"},
		{"select count(distinct c collate 'upper-rtrim') from w", "2"},
		{"select count(distinct c collate 'en-ci') from w", "3"},
		{"select count(distinct c collate '') from w", "4"},
		{"select count(distinct c collate 'utf8') from w", "4"},
		{"select count(distinct c) from w", "4"},
		{"select count(distinct codepoint collate 'en-ci') from different_scripts", "1"},
		{"select count(distinct codepoint collate 'upper') from different_scripts", "6"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	// The count is a NUMBER(18,0), as COUNT's.
	r, err := db.Query("select count(distinct c collate 'upper') n from w")
	if err != nil {
		t.Fatal(err)
	}
	cts, err := r.ColumnTypes()
	r.Close()
	if err != nil || len(cts) != 1 {
		t.Fatalf("column types: %v", err)
	}
	if p, s, _ := cts[0].DecimalSize(); cts[0].DatabaseTypeName() != "FIXED" || p != 18 || s != 0 {
		t.Errorf("count type = %s(%d,%d), want FIXED(18,0)", cts[0].DatabaseTypeName(), p, s)
	}
	wantRefused(t, db, "select count(c collate 'upper') from w", "COLLATE")
	wantRefused(t, db, "select count(distinct c collate 'upper') over () from w", "COLLATE")
}
