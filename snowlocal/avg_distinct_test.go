package snowlocal_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAvgDistinctTyped: AVG( [ DISTINCT ] expr ) (docs: avg) returns for a
// NUMBER the type the engine gives AVG (NUMBER(p + 18, s + 6)); with
// DISTINCT it fell through to DuckDB's avg, a FLOAT (AVG(DISTINCT n) of 1,
// 2, 2 answered 1.5 as a FLOAT, of 1, 2, 4 the FLOAT 2.3333333333333335
// where Snowflake answers 2.333333). Also inside a PIVOT. A window's
// AVG(DISTINCT …) is refused.
func TestAvgDistinctTyped(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database avgd",
		"create table av (g int, n int, d number(10,2), f float)",
		"insert into av values (1, 1, 1.25, 1.5), (1, 2, 1.25, 1.5), (1, 4, 2.5, 2.5), (2, null, null, null)")
	_, rows := queryRows(t, db, "select avg(distinct n), avg(distinct d), avg(distinct f), avg(n) from av where g = 1")
	if diff := cmp.Diff([][]string{{"2.333333", "1.87500000", "2", "2.333333"}}, rows); diff != "" {
		t.Errorf("AVG(DISTINCT …) (-want +got):\n%s", diff)
	}
	_, rows = queryRows(t, db, "select * from (select g, n, 'x' as k from av) pivot (avg(distinct n) for k in ('x')) order by g")
	if diff := cmp.Diff([][]string{{"1", "2.333333"}, {"2", ""}}, rows); diff != "" {
		t.Errorf("PIVOT's AVG(DISTINCT …) (-want +got):\n%s", diff)
	}
	wantRefused(t, db, "select avg(distinct n) over (partition by g) from av", "AVG(DISTINCT …) over a window")
}
