package snowlocal_test

import "testing"

// TestValuesRowsOfDifferentLengths: a VALUES relation's column "is declared
// like a set operation's — the fold of its rows' expression types":
// (VALUES ('a'), ('bb')) is a VARCHAR(2), and a CTAS table over it too
// (mlorek/frostlake ValuesAndFlattenTypingTest, an independent reference,
// live-verified). The engine reported VARCHAR(16777216) for rows of
// different lengths.
func TestValuesRowsOfDifferentLengths(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vlen")
	for q, want := range map[string][]int64{
		"select column1 from values ('a'), ('bb')":                          {2},
		"select w from (values (1, 'x'), (22, 'yyy')) as t(v, w)":           {3},
		"select column1, column2 from values ('abc', 'x'), ('d', 'yy')":     {3, 2},
		"select column1 from values ('a'), (null), ('abcd')":                {4},
		"select column1 from values ('a'::varchar), ('bb')":                 {134217728},
		"select x from (values ('a'), ('bb')) as t(x) union all select 'c'": {2},
	} {
		if got := resultLengths(t, db, q); !equalLengths(got, want) {
			t.Errorf("%s: lengths %v, want %v", q, got, want)
		}
	}
	mustExec(t, db, "create table tv as select * from (values (1, 'a'), (100000, 'bb')) as t(v, w)")
	if got := describeTypes(t, db, "describe table tv"); got["W"] != "VARCHAR(2)" {
		t.Errorf("DESCRIBE TABLE tv W = %q, want VARCHAR(2)", got["W"])
	}
}
