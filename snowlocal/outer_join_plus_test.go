package snowlocal_test

import (
	"reflect"
	"testing"
)

// The (+) outer join operator in WHERE
// (https://docs.snowflake.com/en/sql-reference/constructs/where): the docs'
// equivalent queries answer alike, and the forms the docs call invalid or
// do not show are refused.
func TestOuterJoinOperator(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database ojp",
		"create table t1 (c1 int, c3 int)",
		"insert into t1 values (1, 10), (2, 20), (3, 30), (4, 40)",
		"create table t2 (c2 int, c4 int)",
		"insert into t2 values (1, 10), (3, 31)",
		"create table t3 (c3 int)",
		"insert into t3 values (3)")
	// The docs' sample output of both the LEFT OUTER JOIN and the (+) query.
	leftJoin := [][]string{{"1", "1"}, {"2", ""}, {"3", "3"}, {"4", ""}}
	for _, c := range []struct {
		name, q string
		want    [][]string
	}{
		{"from clause", "select t1.c1, t2.c2 from t1 left outer join t2 on t1.c1 = t2.c2 order by 1", leftJoin},
		{"adjacent", "select t1.c1, t2.c2 from t1, t2 where t1.c1 = t2.c2(+) order by 1", leftJoin},
		{"spaced", "select t1.c1, t2.c2 from t1, t2 where t1.c1 = t2.c2 (+) order by 1", leftJoin},
		{"marked side first", "select t1.c1, t2.c2 from t1, t2 where t2.c2(+) = t1.c1 order by 1", leftJoin},
		// The outer table listed second: a RIGHT OUTER JOIN of the list.
		{"right", "select t1.c1, t2.c2 from t2, t1 where t2.c2(+) = t1.c1 order by 1", leftJoin},
		// "use the (+) notation on each column in the inner table".
		{"two columns", "select t1.c1, t2.c4 from t1, t2 where t1.c1 = t2.c2 (+) and t1.c3 = t2.c4 (+) order by 1",
			[][]string{{"1", "10"}, {"2", ""}, {"3", ""}, {"4", ""}}},
		// t2 inner of t1, t3 inner of t2: the docs' valid three-table form.
		{"chain", "select t1.c1, t2.c2, t3.c3 from t1, t2, t3 where t1.c1 = t2.c2 (+) and t2.c2 = t3.c3 (+) order by 1",
			[][]string{{"1", "1", ""}, {"2", "", ""}, {"3", "3", "3"}, {"4", "", ""}}},
		// Other predicates filter the rows the join returns.
		{"filter after the join", "select t1.c1 from t1, t2 where t1.c1 = t2.c2(+) and t2.c2 is null order by 1",
			[][]string{{"2"}, {"4"}}},
		{"aliases", "select a.c1, b.c2 from t1 a, t2 as b where a.c1 = b.c2(+) and a.c1 between 2 and 3 order by 1",
			[][]string{{"2", ""}, {"3", "3"}}},
		{"subquery", "select count(*), count(c2) from (select t1.c1, t2.c2 from t1, t2 where t1.c1 = t2.c2(+))",
			[][]string{{"4", "2"}}},
	} {
		if _, got := queryRows(t, db, c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %s\n got %v\nwant %v", c.name, c.q, got, c.want)
		}
	}
	for _, q := range []string{
		// The docs' invalid forms: a cycle, a table inner to two tables.
		"select t1.c1 from t1, t2 where t1.c1 (+) = t2.c2 (+)",
		"select t1.c1 from t1, t2, t3 where t1.c1 (+) = t2.c2 and t1.c1 (+) = t3.c3",
		"select t1.c1 from t1, t2 where t1.c1 (+) = t2.c2 and t2.c4 (+) = t1.c3",
		// Forms the docs do not show.
		"select t1.c1 from t1, t2 where t1.c1 = t2.c2 (+) or t1.c1 = 1",
		"select t1.c1 from t1, t2 where t1.c1 < t2.c2 (+)",
		"select t1.c1 from t1, t2 where t1.c1 = t2.c2 + 1 (+)",
		"select t1.c1 from t1, t2 where t2.c2 (+) = 1",
		"select t1.c1 from t1, t2 where (t1.c1 = t2.c2 (+))",
		"select t1.c1 from t1 join t2 on t1.c1 = t2.c2 (+)",
		"select t1.c1 from t1, (select c2 from t2) s where t1.c1 = s.c2 (+)",
		"select t1.c1 from t1, t2 where t1.c1 = c2 (+)",
		"select * from t2, t1 where t2.c2 (+) = t1.c1",
	} {
		wantRefused(t, db, q, "the outer join operator (+)")
	}
}
