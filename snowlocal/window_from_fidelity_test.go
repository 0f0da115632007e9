package snowlocal_test

import (
	"slices"
	"testing"
)

// TestNthValueFromFirstOrLast: NTH_VALUE( <expr> , <n> ) [ FROM { FIRST |
// LAST } ] (docs: https://docs.snowflake.com/en/sql-reference/functions/nth_value):
// "FROM FIRST starts from the beginning of the ordered list and moves
// forward ... Default: FROM FIRST", so it answers as the call without it
// (the page's first example: the 2nd of 10, 11, 12 is 11 in every row);
// FROM LAST is refused with 002040 naming it. Both were a syntax error
// (001003) before.
func TestNthValueFromFirstOrLast(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database nthfrom")
	q := `SELECT column1, column2, NTH_VALUE(column2, 2) FROM FIRST OVER (PARTITION BY column1 ORDER BY column2) AS column2_2nd
		FROM VALUES (1, 10), (1, 11), (1, 12), (2, 20), (2, 21), (2, 22) ORDER BY column1, column2`
	_, rows := queryRows(t, db, q)
	want := [][]string{{"1", "10", "11"}, {"1", "11", "11"}, {"1", "12", "11"}, {"2", "20", "21"}, {"2", "21", "21"}, {"2", "22", "21"}}
	if !slices.EqualFunc(rows, want, slices.Equal) {
		t.Errorf("%s: %v, want %v", q, rows, want)
	}
	wantRefused(t, db, "SELECT NTH_VALUE(column2, 2) FROM LAST OVER (ORDER BY column2) FROM VALUES (1, 10), (1, 11)", "NTH_VALUE … FROM LAST")
}

// TestLateralOuterConcatenationIsRefused: a concatenation of an outer FROM
// item's column inside a LATERAL table function (LATERAL
// SPLIT_TO_TABLE(t.s || ','), docs: split_to_table) is one DuckDB cannot
// bind; the engine refuses it with 002040 where DuckDB's binder text
// ("Need named argument for struct pack") reached the user.
func TestLateralOuterConcatenationIsRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database latcat", "create table sx (s varchar)", "insert into sx values ('a,b')")
	wantRefused(t, db, "select * from sx, lateral split_to_table(sx.s || ',c', ',')", "over a column of an outer FROM item inside LATERAL")
	wantRefused(t, db, "select * from sx, lateral flatten(split(sx.s || ',c', ','))", "over a column of an outer FROM item inside LATERAL")
}
