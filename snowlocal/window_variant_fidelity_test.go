package snowlocal_test

import (
	"database/sql"
	"strings"
	"testing"
)

// Sources of the expected values below:
//   - docs: window function syntax,
//     https://docs.snowflake.com/en/sql-reference/functions-window-syntax:
//     "PARTITION BY expr1 Groups rows into partitions … then the function is
//     computed over each partition"; "ORDER BY expr2 Orders rows within each
//     partition".
//   - docs: ORDER BY, https://docs.snowflake.com/en/sql-reference/constructs/order-by:
//     "For numeric values, leading zeros before the decimal point and
//     trailing zeros (0) after the decimal point have no effect on sort
//     order".
//   - mlorek/frostlake docs/functions.md, "How VARIANT values order and
//     compare" (an independent reference, live-verified): numbers by value,
//     "1 equal to 1.0 and 1e0"; "PARSE_JSON('1') = PARSE_JSON('1.0') and
//     {"a":1,"b":2} = {"b":2,"a":1} are TRUE"; "its equality answers =, IN,
//     DISTINCT, GROUP BY and the set operations"; "COUNT(DISTINCT v) over
//     1, 1.0, "1", 1e0 is 2".
// So the rows of 1 and 1.0 (and of one OBJECT's keys in two orders) are one
// partition and tie in a window's order, as they are one group. DuckDB
// compared the VARIANTs' JSON texts: two partitions, text order (10 before
// 2).

// windowVariantTable makes table WV: ids 1..6 holding 1, 1.0, 2, 10 and an
// OBJECT with its keys in two orders.
func windowVariantTable(t *testing.T, db *sql.DB, name string) {
	t.Helper()
	mustExec(t, db, "create database "+name, "create table wv (id int, v variant)",
		`insert into wv select 1, parse_json('1') union all select 2, parse_json('1.0')
		union all select 3, parse_json('2') union all select 4, parse_json('10')
		union all select 5, parse_json('{"a":1,"b":2}') union all select 6, parse_json('{"b":2,"a":1}')`)
}

// columnList is the query's single column, its rows joined by commas.
func columnList(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	_, rows := queryRows(t, db, q)
	var out []string
	for _, r := range rows {
		out = append(out, r[0])
	}
	return strings.Join(out, ",")
}

// TestWindowPartitionByVariant: a window's PARTITION BY groups VARIANTs by
// value, of a VARIANT the rewriter sees (a column, a path), of a column
// whose type only DuckDB sees (FLATTEN's VALUE, a derived table's item) and
// of an expression around one (COALESCE). DuckDB made 1 and 1.0 two
// partitions: every count was 1.
func TestWindowPartitionByVariant(t *testing.T) {
	db := open(t)
	windowVariantTable(t, db, "wpv")
	const flat = "(select id, f.value as x from wv, lateral flatten(input => array_construct(v)) f)"
	for _, tc := range []struct{ q, want string }{
		{"select count(*) over (partition by v) from wv order by id", "2,2,1,1,2,2"},
		{"select count(*) over (partition by v:k) from (select id, object_construct('k', v) v from wv) order by id", "2,2,1,1,2,2"},
		{"select count(*) over (partition by coalesce(v, v)) from wv order by id", "2,2,1,1,2,2"},
		{"select count(*) over (partition by x) from " + flat + " order by id", "2,2,1,1,2,2"},
		{"select count(*) over (partition by wv2.x) from " + flat + " wv2 order by id", "2,2,1,1,2,2"},
		{"select count(*) over (partition by coalesce(x, x), id > 9) from " + flat + " order by id", "2,2,1,1,2,2"},
		{"select first_value(id) over (partition by x order by id) from " + flat + " order by id", "1,1,3,4,5,5"},
		{"select id from wv qualify count(*) over (partition by v) = 2 order by id", "1,2,5,6"},
		// Controls (answered so before too): keys that are not VARIANTs.
		{"select count(*) over (partition by x) from (select id, (id % 2)::varchar x from wv) order by id", "3,3,3,3,3,3"},
		{"select count(*) over (partition by id % 2) from wv order by id", "3,3,3,3,3,3"},
	} {
		if got := columnList(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
}

// TestWindowOrderByVariantUnseen: a window's ORDER BY orders a VARIANT by
// value where only DuckDB sees its type (FLATTEN's VALUE, a derived
// table's item, an expression around a VARIANT column), and so does a
// query's ORDER BY of such an expression: 1 and 1.0 tie (the next ORDER
// BY item orders them)
// (RANK, and the default RANGE frame's peers), 2 before 10, an OBJECT's
// keys in either order tie. DuckDB ordered their JSON texts: 1 before 1.0
// before 10 before 2.
func TestWindowOrderByVariantUnseen(t *testing.T) {
	db := open(t)
	windowVariantTable(t, db, "wov")
	const flat = "(select id, f.value as x from wv, lateral flatten(input => array_construct(v)) f)"
	for _, tc := range []struct{ q, want string }{
		{"select rank() over (order by x) from " + flat + " order by id", "1,1,3,4,5,5"},
		{"select rank() over (order by x desc) from " + flat + " order by id", "5,5,4,3,1,1"},
		{"select sum(id) over (order by x) from " + flat + " order by id", "3,3,6,10,21,21"},
		{"select rank() over (order by coalesce(v, v)) from wv order by id", "1,1,3,4,5,5"},
		{"select rank() over (order by iff(id > 0, x, x)) from " + flat + " order by id", "1,1,3,4,5,5"},
		// A query's ORDER BY of such an expression; of such a column (by
		// value already), its ties broken by the next item, not by text.
		{"select id from " + flat + " order by coalesce(x, x), id", "1,2,3,4,5,6"},
		{"select id from wv order by iff(id > 0, v, v) desc, id", "5,6,4,3,1,2"},
		{"select id from " + flat + " order by x desc, id", "5,6,4,3,1,2"},
		{"select id from " + flat + " order by x, id desc", "2,1,3,4,6,5"},
		// Controls (answered so before too): items that are not VARIANTs
		// (a text orders as text; a RANGE frame with an offset still reads
		// the number a key of unseen type folds to).
		{"select rank() over (order by x) from (select id, (10 - id)::varchar x from wv) order by id", "6,5,4,3,2,1"},
		{"select sum(id) over (order by x range between 1 preceding and current row) from (select id, id::number x from wv) order by id", "1,3,5,7,9,11"},
	} {
		if got := columnList(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
}

// TestWindowDistinctVariant: COUNT(DISTINCT v) OVER (…) counts VARIANT
// values as Snowflake compares them (the reference: over 1, 1.0, "1", 1e0
// it is 2), of a column of any relation; DuckDB counted texts (6 here, 4
// over the reference's values). ARRAY_AGG(DISTINCT v) OVER (…) keeps one of
// two equal values written differently, which one no source says: refused
// (002040) where a partition holds two, as ARRAY_AGG(DISTINCT v) is
// without OVER; DuckDB answered [1,1].
func TestWindowDistinctVariant(t *testing.T) {
	db := open(t)
	windowVariantTable(t, db, "wdv")
	const flat = "(select id, f.value as x from wv, lateral flatten(input => array_construct(v)) f)"
	for _, tc := range []struct{ q, want string }{
		{"select count(distinct v) over () from wv order by id", "4,4,4,4,4,4"},
		{"select count(distinct x) over (partition by id > 2) from " + flat + " order by id", "1,1,3,3,3,3"},
		{`select count(distinct v) over () from (select parse_json(column1) v from values ('1'), ('1.0'), ('"1"'), ('1e0'))`, "2,2,2,2"},
		// Controls (answered so before too): no partition holds two equal
		// values written differently.
		{"select array_agg(distinct v) over (partition by id) from wv where id < 3 order by id", "[1],[1]"},
		{"select array_agg(distinct x) over () from " + flat + " where id in (1, 3) order by id", "[1,2],[1,2]"},
	} {
		if got := strings.ReplaceAll(columnList(t, db, tc.q), "\n", ""); strings.ReplaceAll(got, " ", "") != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
	wantRefused(t, db, "select array_agg(distinct v) over () from wv where id < 3", "ARRAY_AGG(DISTINCT ...) of equal VARIANT values written differently")
	wantRefused(t, db, "select array_agg(distinct v) over (partition by id > 4) from wv", "ARRAY_AGG(DISTINCT ...) of equal VARIANT values written differently")
	wantRefused(t, db, "select array_agg(distinct x) over () from "+flat, "ARRAY_AGG(DISTINCT ...) of equal VARIANT values written differently")
}
