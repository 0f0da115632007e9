package snowlocal_test

import "testing"

// TestStarOverRepeatedNames: a star over a derived table or CTE whose items
// repeat a name answered with DuckDB's renamed column (SELECT * FROM
// (SELECT 1 AS a, 2 AS a) had columns A and A_1), a name no Snowflake
// source gives it (fid-hunt6a found it; the docs show no such renaming).
// Refused now (002040); the columns by name, and stars without repeats,
// answer.
func TestStarOverRepeatedNames(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select * from (select 1 as a, 2 as a)",
		"with c as (select 1 a, 2 a) select * from c",
		"select x.* from (select 1 a, 2 a) x",
	} {
		wantRefused(t, db, q, "repeat a name")
	}
	for _, tc := range []struct{ q, want string }{
		{"select b from (select * from (select 1 as a, 2 as b))", "2"},
		{"select count(*) from (select * from (select 1 as a, 2 as a))", "1"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}
