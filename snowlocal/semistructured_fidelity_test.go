package snowlocal_test

import (
	"database/sql"
	"strings"
	"testing"
)

// TestGetIndexOutOfBounds: "If the index points outside of the array
// boundaries, or if the indexed element does not exist (in a sparse
// array): If array is a semi-structured ARRAY, this function returns
// NULL" (docs: GET, https://docs.snowflake.com/en/sql-reference/functions/get).
// A negative index is outside the boundaries; the engine's DuckDB counted
// it from the end (GET(a, -1) and a[-1] answered the last element).
func TestGetIndexOutOfBounds(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database gi", "create table n (i int)", "insert into n values (-1)")
	for _, q := range []string{
		"select get(parse_json('[1,2,3]'), -1)",
		"select parse_json('[1,2,3]')[-1]",
		"select parse_json('{\"a\":[1,2]}'):a[-2]",
		"select get(parse_json('[1,2,3]'), i) from n",
		"select parse_json('[1,2,3]')[i] from n",
		"select parse_json('[1,2,3]')[i + 4] from n",
	} {
		if got := queryValue(t, db, q); got != "NULL" {
			t.Errorf("%s = %q, want NULL", q, got)
		}
	}
	if got := queryValue(t, db, "select parse_json('[1,2,3]')[i + 3] from n"); got != "3" {
		t.Errorf("a[i + 3] = %q, want 3", got)
	}
}

// TestGetKeyComputedAtRunTime: GET's field_name is "the key in a key-value
// pair" (docs: GET, https://docs.snowflake.com/en/sql-reference/functions/get),
// one key; a key computed at run time went to DuckDB's json_extract, which
// reads '$.a' as a JSONPath and '/a' as a JSON pointer (both answered the
// value of key "a"). A key of a type whose meaning the docs do not give
// (a VARIANT, a fraction) is refused.
func TestGetKeyComputedAtRunTime(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database gk", "create table k (k varchar)",
		"insert into k values ('$.a'), ('/a'), ('a.b'), ('a')")
	_, rows := queryRows(t, db, `select k, to_json(get(parse_json('{"a":1,"$.a":5,"a.b":7}'), k)), to_json(parse_json('{"a":1,"$.a":5,"a.b":7}')[k]) from k order by k`)
	want := [][]string{{"$.a", "5", "5"}, {"/a", "", ""}, {"a", "1", "1"}, {"a.b", "7", "7"}}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q, want %q", rows, want)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	wantRefused(t, db, "select parse_json('[5,6]')[parse_json('1')]", "GET or [] with a key of type")
	wantRefused(t, db, "select get(parse_json('[5,6]'), 1.5)", "GET or [] with a key of type")
}

// TestVariantNumbersOrderByValue: "For numeric values, leading zeros before
// the decimal point and trailing zeros (0) after the decimal point have no
// effect on sort order" (docs: ORDER BY,
// https://docs.snowflake.com/en/sql-reference/constructs/order-by): VARIANT
// numbers sort by value. The engine sorted their JSON text (10 before 9,
// -1 before -10's order reversed), in ORDER BY and MIN/MAX. The docs do not
// give the order of OBJECTs: the live-verified reference's is followed, and
// one holding an ARRAY or OBJECT refused.
func TestVariantNumbersOrderByValue(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vo", "create table vt (v variant, o object)",
		`insert into vt select parse_json('{"k":9}'), object_construct('a', 1)`,
		`insert into vt select parse_json('{"k":10}'), object_construct('a', 2)`,
		`insert into vt select parse_json('{"k":-10}'), object_construct('a', 3)`,
		`insert into vt select parse_json('{"k":2.5}'), object_construct('a', 4)`)
	for _, tc := range []struct{ q, want string }{
		{"select v:k from vt order by v:k", "-10,2.5,9,10"},
		{"select v:k from vt order by v:k desc", "10,9,2.5,-10"},
		{"select v['k'] from vt order by v['k']", "-10,2.5,9,10"},
		{"select get(v, 'k') from vt order by get(v, 'k')", "-10,2.5,9,10"},
		{"select v:k from vt order by o:a, v:k", "9,10,-10,2.5"},
		{"select row_number() over (order by v:k) from vt order by v:k", "1,2,3,4"},
		{"select v:k from vt where v:k > 0 order by v:k", "2.5,9,10"},
	} {
		if g := strings.Join(firstColumn(t, db, tc.q), ","); g != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, g, tc.want)
		}
	}
	mustExec(t, db, "create table nv (v variant)", "insert into nv select parse_json('9')", "insert into nv select parse_json('10')")
	for _, tc := range []struct{ q, want string }{
		{"select max(v:k) from vt", "10"},
		{"select min(v:k) from vt", "-10"},
		{"select max(v) from nv", "10"},
		{"select min(v) from nv", "9"},
		{"select to_varchar(max(v)) from nv", "10"},
		{"select max(v:k) over () from vt limit 1", "10"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	// OBJECTs member by member, the larger key first (mlorek/frostlake
	// docs/functions.md, "How VARIANT values order and compare", an
	// independent reference, live-verified).
	got := firstColumn(t, db, `select to_json(v) from (select parse_json(column1) v from values ('{"a":1,"b":0}'), ('{}'),
		('{"a":0,"b":1}'), ('{"b":0}'), ('{"a":0,"c":0}'), ('{"a":0}'), ('{"a":0,"b":0}')) order by v`)
	if g, want := strings.Join(got, " "), `{} {"b":0} {"a":0} {"a":0,"c":0} {"a":0,"b":0} {"a":0,"b":1} {"a":1,"b":0}`; g != want {
		t.Errorf("OBJECTs ordered %s, want %s", g, want)
	}
	wantRefused(t, db, `select v from (select parse_json('{"a":[1]}') v) order by v`, "the order of an ARRAY or OBJECT inside an ARRAY or OBJECT")
}

// TestVariantOrderThroughNames: the ORDER BY key of a VARIANT reached
// through a select alias, a derived table's or CTE's column, and MIN/MAX of
// one, order by value as TestVariantNumbersOrderByValue's paths do (docs:
// ORDER BY, https://docs.snowflake.com/en/sql-reference/constructs/order-by);
// v1 < v2 of two VARIANTs compares in the same order, across types
// BOOLEAN < NUMBER < STRING (mlorek/frostlake docs/functions.md, "How
// VARIANT values order and compare", an independent reference,
// live-verified), where the engine compared JSON text; so do ORDER BY the
// position of a VARIANT item and ARRAYs, element by element, a prefix
// first (ibid.). OBJECTs, whose order that reference gives member by
// member, are refused.
func TestVariantOrderThroughNames(t *testing.T) {
	db := open(t)
	src := `(select parse_json(column1) v from values ('{"k":9}'), ('{"k":10}'), ('{"k":-1}'))`
	for _, tc := range []struct{ q, want string }{
		{"select v:k as k from " + src + " order by k", "-1,9,10"},
		{"select v:k from " + src + " order by 1 desc", "10,9,-1"},
		{"select distinct v:k from " + src + " order by 1", "-1,9,10"},
		{"select to_json(a) from (select parse_json(column1) a from values ('[1,2]'), ('[10]'), ('[9]'), ('[]'), ('[\"a\"]')) order by a", `[],[1,2],[9],[10],["a"]`},
		{"select w:k from (select v w from " + src + ") order by w:k desc", "10,9,-1"},
		{"select x from (select v:k x from " + src + ") order by x", "-1,9,10"},
		{"with c as (select v:k x from " + src + ") select c.x from c order by c.x desc", "10,9,-1"},
		{"select max(x) from (select v:k x from " + src + ")", "10"},
		{"select min(x) from (select v:k x from " + src + ")", "-1"},
		{`select parse_json('9') < parse_json('10')`, "1"},
		{`select parse_json('{"a":10,"b":9}'):a > parse_json('{"a":10,"b":9}'):b`, "1"},
		{`select parse_json('"9"') < parse_json('"10"')`, "0"},
		{`select parse_json('true') < parse_json('0')`, "1"},
		{`select parse_json('1') < parse_json('"0"')`, "1"},
	} {
		if g := strings.Join(firstColumn(t, db, tc.q), ","); g != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, g, tc.want)
		}
	}
}

// TestVariantEquality: two VARIANTs compare equal by value: "PARSE_JSON('1')
// = PARSE_JSON('1.0') and {"a":1,"b":2} = {"b":2,"a":1} are TRUE, 1 = "1"
// is FALSE, a JSON null equals a JSON null" (mlorek/frostlake
// docs/functions.md, "How VARIANT values order and compare", an
// independent reference, live-verified; the docs' TO_JSON page shows an
// OBJECT's keys in sorted order whatever order PARSE_JSON read them in).
// The engine compared the JSON text as written: 1 and 1.0 differed, and so
// did one object's keys written in two orders, in WHERE and in a join.
func TestVariantEquality(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{`select parse_json('1') = parse_json('1.0')`, "1"},
		{`select parse_json('{"a":1,"b":2}') = parse_json('{"b":2,"a":1}')`, "1"},
		{`select parse_json('{"a":1,"b":2}') <> parse_json('{"b":2,"a":1}')`, "0"},
		{`select parse_json('1') = parse_json('"1"')`, "0"},
		{`select parse_json('null') = parse_json('null')`, "1"},
		{`select parse_json('{"k":[1.50]}'):k != parse_json('[1.5]')`, "0"},
		{`select count(*) from (select parse_json(column1) v from values ('{"id":1}'), ('{"id":2}')) a
			join (select parse_json(column1) w from values ('{"id":1.0}'), ('{"id":3}')) b on a.v:id = b.w:id`, "1"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestVariantDecimalToIntRounds: a VARIANT's decimal cast to INT rounds half
// away from zero, "as a cast to FIXED does" (mlorek/frostlake
// docs/functions.md: "RANDOM(1.5) is RANDOM(2), and so are RANDOM('1.5')
// and RANDOM(PARSE_JSON('1.5'))", an independent reference, live-verified),
// as ::NUMBER(10,0) of the same VARIANT already did; ::INT (DuckDB's
// BIGINT) rounded half to even, 2.5 to 2.
func TestVariantDecimalToIntRounds(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vi", "create table vt (v variant)", "insert into vt select parse_json('{\"a\":2.5}')")
	for _, tc := range []struct{ q, want string }{
		{"select parse_json('2.5')::int", "3"},
		{"select parse_json('-2.5')::integer", "-3"},
		{"select cast(parse_json('0.5') as bigint)", "1"},
		{"select try_cast(parse_json('2.5') as int)", "3"},
		{"select v:a::int from vt", "3"},
		{"select parse_json('2.4')::int", "2"},
		{"select parse_json('\"200\"')::int", "200"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// firstColumn runs query q and returns its rows' first cells, in order.
func firstColumn(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	_, rows := queryRows(t, db, q)
	var cells []string
	for _, r := range rows {
		cells = append(cells, r[0])
	}
	return cells
}
