package snowlocal_test

import "testing"

// TestArrayUnionAgg: ARRAY_UNION_AGG (docs: array_union_agg) takes the
// multiset union (a value as often as in the ARRAY holding it most often),
// ignores NULL inputs, gives [] for no input, per group and over a
// partition; elements whose equality the engine cannot give as Snowflake
// does (decimals, objects, JSON nulls) are refused. Refused before.
func TestArrayUnionAgg(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database aua", "create table t (g int, a array)",
		"insert into t select 1, ['x', 'y', 'x']",
		"insert into t select 1, ['x', 'x', 'x', 2]",
		"insert into t select 1, NULL",
		"insert into t select 2, [true, 2, 2]",
		"insert into t select 3, NULL")
	_, rows := queryRows(t, db, "select g, array_union_agg(a)::varchar from t group by g order by g")
	if got, want := fmtRows(rows), `1,[2,"x","x","x","y"]|2,[2,2,true]|3,[]`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	_, rows = queryRows(t, db, "select g, array_union_agg(a) over (partition by g)::varchar from t where g = 2")
	if got, want := fmtRows(rows), `2,[2,2,true]`; got != want {
		t.Errorf("window: got %s, want %s", got, want)
	}
	if got := queryValue(t, db, "select array_union_agg(a)::varchar from t where g > 5"); got != "[]" {
		t.Errorf("no rows: %s, want []", got)
	}
	wantRefused(t, db, "select array_union_agg(parse_json('[1.5]'))", "ARRAY_UNION_AGG of an ARRAY holding a value other than an integer, string or boolean")
	wantRefused(t, db, "select array_union_agg(parse_json('[null]'))", "ARRAY_UNION_AGG of an ARRAY holding a value other than an integer, string or boolean")
	wantRefused(t, db, "select array_union_agg(a) over (order by g) from t", "ARRAY_UNION_AGG with an ORDER BY or a frame in OVER")
}
