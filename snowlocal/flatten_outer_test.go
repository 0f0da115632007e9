package snowlocal_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestFlattenOuterRow: FLATTEN(OUTER => TRUE) yields "exactly one row ...
// for zero-row expansions (with NULL in the KEY, INDEX, and VALUE
// columns)" (the FLATTEN page); for an empty ARRAY that page prints SEQ 1,
// an empty PATH (not NULL) and THIS []. The engine's LEFT JOIN gave NULL in
// all six. The PATH and
// THIS of other zero-row expansions are not documented: refused when read.
func TestFlattenOuterRow(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d",
		"create table t (id int, v variant)",
		`insert into t select 1, parse_json('[]') union all select 2, parse_json('[5]')
		   union all select 3, parse_json('{}') union all select 4, null union all select 5, parse_json('7')`)
	for _, c := range []struct {
		q    string
		rows [][]string
	}{
		{"select t.id, f.seq, f.key is null, f.path, f.index is null, f.value is null, f.this from t, lateral flatten(t.v, outer => true) f where t.id <= 3 order by 1",
			[][]string{{"1", "1", "1", "", "1", "1", "[]"}, {"2", "2", "1", "[0]", "0", "0", "[\n  5\n]"}, {"3", "3", "1", "", "1", "1", "{}"}}},
		// Every input row keeps one row; VALUE and INDEX are NULL.
		{"select t.id, f.seq, f.value, f.index is null from t, lateral flatten(t.v, outer => true) f order by 1",
			[][]string{{"1", "1", "", "1"}, {"2", "2", "5", "0"}, {"3", "3", "", "1"}, {"4", "4", "", "1"}, {"5", "5", "", "1"}}},
		{"select count(*) from t join lateral flatten(t.v, outer => true) f", [][]string{{"5"}}},
		{"select count(*) from t, lateral flatten(t.v) f", [][]string{{"1"}}},
	} {
		_, rows := queryRows(t, db, c.q)
		if diff := cmp.Diff(c.rows, rows); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.q, diff)
		}
	}
	for _, q := range []string{
		"select f.path from t, lateral flatten(t.v, outer => true) f where t.id = 4",
		"select f.this from t, lateral flatten(t.v, outer => true) f where t.id = 5",
		"select f.path from t, lateral flatten(t.v, path => 'a', outer => true) f where t.id = 1",
	} {
		wantRefused(t, db, q, "FLATTEN(OUTER => TRUE)")
	}
}
