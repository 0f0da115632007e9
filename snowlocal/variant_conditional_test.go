package snowlocal_test

import "testing"

// TestGroupByConditionalOfVariants: a conditional whose results are
// VARIANTs (COALESCE, NVL, IFF, NVL2, DECODE, CASE) is a VARIANT, which
// GROUP BY and DISTINCT take by Snowflake's equality: 1 and 1.0 are one
// group ("its equality answers … DISTINCT, GROUP BY", mlorek/frostlake
// docs/functions.md, live-verified). DuckDB grouped the JSON texts: NVL(v,
// v) over 1 and 1.0 made two groups. Now as for a VARIANT column: refused
// (002040) where two equal values are written differently, grouped as
// usual otherwise.
func TestGroupByConditionalOfVariants(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database gcv", "create table t (v variant, id int)",
		"insert into t select parse_json('1'), 1 union all select parse_json('1.0'), 2",
		"create table u (v variant, id int)",
		"insert into u select parse_json('1'), 1 union all select parse_json('1'), 2 union all select parse_json('2'), 3")
	for _, q := range []string{
		"select nvl(v, v) k, count(*) from t group by k",
		"select coalesce(v, null) k, count(*) from t group by 1",
		"select distinct iff(id > 0, v, null) from t",
		"select nvl2(v, v, null) k, count(*) from t group by k",
		"select decode(id, 1, v, v) k, count(*) from t group by k",
		"select case when id > 0 then v end k, count(*) from t group by k",
	} {
		wantRefused(t, db, q, "written differently")
	}
	for _, tc := range []struct{ q, want string }{
		{"select count(*) from (select nvl(v, v) k from u group by k)", "2"},
		{"select count(*) from (select distinct case when id > 0 then v end from u)", "2"},
		{"select count(*) from (select iff(id > 0, 1, 2) k from t group by k)", "1"}, // not a VARIANT
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}
