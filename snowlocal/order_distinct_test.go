package snowlocal_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestOrderByDistinctArgument: an aggregate query without GROUP BY ordered
// by the argument of its DISTINCT aggregate answers its one row, as the
// docs' ARRAY_AGG example shows (Snowflake accepts it; DuckDB's binder
// rejected the ORDER BY). Other ORDER BYs keep their meaning.
func TestOrderByDistinctArgument(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database od",
		"create table o (k int, s varchar, p number(12,2))",
		"insert into o values (1, 'O', 10), (2, 'F', 20), (3, 'O', 30), (4, 'F', 40)")
	for _, tc := range []struct{ q, want string }{
		{"select to_json(array_agg(distinct s) within group (order by s desc)) from o order by s desc nulls last", `[[["O","F"]]]`},
		{"select count(distinct s), max(k) from o where p > 15 order by s", `[[2 4]]`},
		{"select count(distinct o.s) from o order by o.s, count(*)", `[[2]]`},
		// A GROUP BY, a set operation and a window keep DuckDB's ORDER BY.
		{"select s, count(distinct k) from o group by s order by s", `[[F 2] [O 2]]`},
		{"select 'Z' union all select min(distinct s) from o order by 1", `[[F] [Z]]`},
		{"select k, count(distinct s) over (partition by s) from o order by k desc limit 1", `[[4 1]]`},
	} {
		_, rows := queryRows(t, db, tc.q)
		if got := fmt.Sprint(rows); got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.q, got, tc.want)
		}
	}
	// Ordering by another column is still an error, as in Snowflake.
	if _, err := db.Exec("select count(distinct s) from o order by k"); err == nil {
		t.Error("order by a column neither grouped nor a DISTINCT argument: want an error")
	}
}

// TestOrderByAliasExpression: an ORDER BY expression using the alias of an
// OBJECT_CONSTRUCT (the docs' OBJECT_CONSTRUCT(*) AS oc … ORDER BY
// oc['PROVINCE']) orders by it; DuckDB refused to reuse the alias of an
// expression holding the engine's run-time checks.
func TestOrderByAliasExpression(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database oa",
		"create table demo (province varchar, created_date date)",
		"insert into demo values ('Manitoba', '2024-01-18'), ('Alberta', '2024-01-19'), ('Yukon', '2024-01-17')")
	for _, tc := range []struct{ q, want string }{
		{"select object_construct(*):PROVINCE::string from demo order by object_construct(*)['PROVINCE']", "[[Alberta] [Manitoba] [Yukon]]"},
		{"select object_construct(*) as oc, oc:PROVINCE::string p from demo order by oc['PROVINCE'] desc limit 2", "Yukon Manitoba"},
		{"select object_construct('d', created_date) as oc, province from demo order by get(oc, 'd')::date, oc", "Yukon Manitoba Alberta"},
	} {
		_, rows := queryRows(t, db, tc.q)
		got := fmt.Sprint(rows)
		if len(rows) > 0 && len(rows[0]) == 2 {
			var ps []string
			for _, r := range rows {
				ps = append(ps, r[1])
			}
			got = strings.Join(ps, " ")
		}
		if got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.q, got, tc.want)
		}
	}
	// Over a derived table the rewriter cannot tell the alias from a column
	// of the same name: still refused.
	_, err := db.Exec("select object_construct('p', province) as oc from (select * from demo) s order by oc['p']")
	snowflakeError(t, err, 2040, "column alias OC")
}
