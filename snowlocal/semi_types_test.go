package snowlocal_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSemiResultTypesThroughDriver: the result-set type of an OBJECT or
// ARRAY value is the static type of the expression, as Snowflake's rowtype
// reports it (docs: Semi-structured data types; OBJECT and ARRAY are types of
// their own, VARIANT holds any value): a column of a join, of a subquery or
// CTE, of a view or a table created from a query, CASE/COALESCE/IFF of
// ARRAYs, ARRAY_AGG (also WITHIN GROUP and as a window function),
// OBJECT_AGG, SPLIT, a cast; a path into one is a VARIANT.
func TestSemiResultTypesThroughDriver(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database semi2", "create table t (n int, v variant, o object, a array)",
		"create table u (n int, a2 array)",
		`insert into t select 1, parse_json('{"x": 1}'), object_construct('k', 1), array_construct(1, 2)`,
		`insert into u select 1, array_construct(3)`,
		"create view w as select o, a, v, array_agg(n) over () as agg from t",
		"create table c as select o, a, v from t",
		"create function fo() returns object as $$ object_construct('a', 1) $$",
		"create function fv() returns variant as $$ parse_json('[1]') $$",
		"create function ft() returns table (x array, y variant) as $$ select array_construct(1), parse_json('{}') $$")
	for q, want := range map[string]string{
		"select t.o, u.a2, t.v from t join u on t.n = u.n":                                    "OBJECT ARRAY VARIANT",
		"select o, a2 from t, u where t.n = u.n":                                              "OBJECT ARRAY",
		"select x.o, x.a from (select o, a from t) x":                                         "OBJECT ARRAY",
		"select * from (select o obj, a arr from t)":                                          "OBJECT ARRAY",
		"with q as (select o, a from t) select a, o from q":                                   "ARRAY OBJECT",
		"select case when n = 1 then a else a2 end from t join u using (n)":                   "ARRAY",
		"select case t.n when 1 then a end, coalesce(a, a2), iff(t.n = 1, a, null) from t, u": "ARRAY ARRAY ARRAY",
		"select coalesce(a, v), nvl(o, v) from t":                                             "VARIANT VARIANT",
		"select array_agg(n) within group (order by n), object_agg('k', n::variant) from t":   "ARRAY OBJECT",
		"select array_agg(n) over (partition by n) from t":                                    "ARRAY",
		"select split('a,b', ','), v::array, cast(v as object), a[0], o:k from t":             "ARRAY ARRAY OBJECT VARIANT VARIANT",
		"select max(o), any_value(a) from t":                                                  "OBJECT ARRAY",
		"select a from t union all select a2 from u":                                          "ARRAY",
		"select a from t union all select v from t":                                           "VARIANT",
		"select (select max(a2) from u) from t":                                               "ARRAY",
		"select o, a, v, agg from w":                                                          "OBJECT ARRAY VARIANT ARRAY",
		"select * from c":                                                                     "OBJECT ARRAY VARIANT",
		"select a as arr, arr from t":                                                         "ARRAY ARRAY",
		"select decode(n, 1, a, 2, a), decode(n, 1, a, v) from t":                             "ARRAY VARIANT",
		"select fo(), fv(), x, y from table(ft())":                                            "OBJECT VARIANT ARRAY VARIANT",
		"select object_keys(object_construct(1, 2)) as k order by 1":                          "ARRAY",
		"select f.value, f.this from t, lateral flatten(input => t.a) f":                      "VARIANT VARIANT",
	} {
		_, types, _ := queryAll(t, db, q)
		if got := strings.Join(types, " "); got != want {
			t.Errorf("%s: types %s, want %s", q, got, want)
		}
	}
	_, _, rows := queryAll(t, db, "desc view w")
	got := ""
	for _, r := range rows {
		got += r[0] + ":" + r[1] + " "
	}
	if got != "O:OBJECT A:ARRAY V:VARIANT AGG:ARRAY " {
		t.Errorf("desc view: %s", got)
	}
}

// TestSemiResultTypesOfPositionalPivotAndTableFunctions: `$n` takes the type
// of its column (of VALUES, a subquery, a table; a staged JSON file's `$1` is
// a VARIANT, docs: loading semi-structured data puts each record in one
// VARIANT column), a PIVOT column the type of the aggregate (docs: PIVOT),
// a table function's columns the types its docs declare (FLATTEN: VALUE and
// THIS VARIANT; SPLIT_TO_TABLE: SEQ, INDEX NUMBER, VALUE VARCHAR;
// TASK_HISTORY: BACKFILL_INFO OBJECT), and every OBJECT/ARRAY function of the
// allow-list its documented type (AS_OBJECT, AS_ARRAY; GREATEST "the first
// argument determines the return type").
func TestSemiResultTypesOfPositionalPivotAndTableFunctions(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database semi3", "create table t (n int, k varchar, o object, a array, v variant)",
		`insert into t select 1, 'x', object_construct('k', 1), array_construct(1, 2), parse_json('[1]')`,
		`insert into t select 2, 'y', object_construct('k', 2), array_construct(3), parse_json('{}')`,
		"create stream s on table t", "create schema other",
		"create function other.fa() returns array as $$ array_construct(1) $$", "use schema public")
	for q, want := range map[string]string{
		"select $1, $2 from (select o, a from t)":                                                 "OBJECT ARRAY",
		"select $3, $4, $5 from t":                                                                "OBJECT ARRAY VARIANT",
		"select $1, $2, $3 from values ({'a': 1}, [1], parse_json('1'))":                          "OBJECT ARRAY VARIANT",
		"select column1, column2 from (values (object_construct('a', 1), [1]))":                   "OBJECT ARRAY",
		"select x.c from values ([1]), ([2]) as x(c)":                                             "ARRAY",
		"select * from values ([1], {'a': 1})":                                                    "ARRAY OBJECT",
		"select * from (select n, k, a from t) pivot (max(a) for k in ('x', 'y')) p":              "FIXED ARRAY ARRAY",
		"select p.\"'x'\" from (select k, o from t) pivot (any_value(o) for k in ('x')) p":        "OBJECT",
		"select * from (select k, n from t) pivot (array_agg(n) for k in ('x', 'y'))":             "ARRAY ARRAY",
		"select * from (select n, k, a from t) pivot (max(a) for k in (any order by k))":          "FIXED ARRAY ARRAY",
		"select \"'y'\" from (select k, o from t) pivot (any_value(o) for k in (any order by k))": "OBJECT",
		"select x from (select o x from t) natural join (select o x from t)":                      "OBJECT",
		"select t.o, t2.a from (t join t t2 using (k))":                                           "OBJECT ARRAY",
		"select value, this from t, lateral flatten(input => t.a)":                                "VARIANT VARIANT",
		"select * from table(split_to_table('a.b', '.')), t where n = 1":                          "FIXED FIXED TEXT FIXED TEXT OBJECT ARRAY VARIANT",
		"select backfill_info from table(information_schema.task_history())":                      "OBJECT",
		"select as_object(v), as_array(v), greatest(a, a) from t":                                 "OBJECT ARRAY ARRAY",
		"select mode(v), mode(v) over (partition by n) from t group by n, v":                      "VARIANT VARIANT",
		"select * exclude (n, k) from t":                                                          "OBJECT ARRAY VARIANT",
		"select * rename (o as obj) from t":                                                       "FIXED TEXT OBJECT ARRAY VARIANT",
		"select * ilike '%o%' from t":                                                             "OBJECT",
		"select * replace (a as o) from t":                                                        "FIXED TEXT ARRAY ARRAY VARIANT",
		"select * from identifier('t')":                                                           "FIXED TEXT OBJECT ARRAY VARIANT",
		"select o, a, v from s":                                                                   "OBJECT ARRAY VARIANT",
		"select other.fa(), semi3.other.fa()":                                                     "ARRAY ARRAY",
	} {
		_, types, _ := queryAll(t, db, q)
		if got := strings.Join(types, " "); got != want {
			t.Errorf("%s: types %s, want %s", q, got, want)
		}
	}
}

// TestSemiResultTypeStagedJSON: `$1` of a staged JSON file is a VARIANT.
func TestSemiResultTypeStagedJSON(t *testing.T) {
	_, db := startLake(t, t.TempDir(), nil)
	src := filepath.Join(t.TempDir(), "r.json")
	if err := os.WriteFile(src, []byte(`{"a": [1]}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, db, "create database semi4", "create stage s", "create file format j type = json", "put file://"+src+" @s")
	for q, want := range map[string]string{
		"select $1, metadata$filename from @s (file_format => 'j')": "VARIANT TEXT",
		"select f.$1 from @s (file_format => 'j') f":                "VARIANT",
	} {
		_, types, _ := queryAll(t, db, q)
		if got := strings.Join(types, " "); got != want {
			t.Errorf("%s: types %s, want %s", q, got, want)
		}
	}
}

// TestSemiResultTypeRefused: a VARIANT-held column whose static type the
// engine cannot work out is refused with 002040 naming the construct, not
// reported as VARIANT where Snowflake could say OBJECT or ARRAY.
func TestSemiResultTypeRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database semi5", "create table t (k varchar, o object)",
		`insert into t select 'x', object_construct('k', 1)`)
	for q, what := range map[string]string{
		"select $2 from t, t t2": "$2 of several FROM items",
		"select x from (select k, o from t) pivot (any_value(o) for k in (any order by k)) p, lateral (select p.\"'x'\" x)": "column X",
	} {
		se := execErr(t, db, q)
		if se.Number != 2040 || !strings.Contains(se.Message, "'result type of "+what+"'") {
			t.Errorf("%s: %d %s, want 002040 naming %s", q, se.Number, se.Message, what)
		}
	}
}
