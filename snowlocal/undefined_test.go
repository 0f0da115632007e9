package snowlocal_test

import "testing"

// TestUndefinedElementsInResults: an ARRAY holding undefined elements (a
// SQL NULL given to ARRAY_CONSTRUCT or an ARRAY constant, a missing element
// in PARSE_JSON's text, ARRAY_INSERT past the end) reaches the query's
// result as Snowflake prints it (docs: array_compact shows
// ARRAY_CONSTRUCT(10, NULL, 30) as [10, undefined, 30]; array_to_string,
// array_sort), also through the functions that handle it.
func TestUndefinedElementsInResults(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database u", "create table t (n int, s varchar)",
		"insert into t values (2, '[1, ]'), (1, '[, 1]')")
	for q, want := range map[string]string{
		"select array_construct(10, null, 30)":                             "[\n  10,\n  undefined,\n  30\n]",
		"select [10, null, 30] as a":                                       "[\n  10,\n  undefined,\n  30\n]",
		"select parse_json('[10,,30]')":                                    "[\n  10,\n  undefined,\n  30\n]",
		"select parse_json('{\"a\": [1,]}')":                               "{\n  \"a\": [\n    1,\n    undefined\n  ]\n}",
		"select array_sort(array_construct(3, null, 1))":                   "[\n  1,\n  3,\n  undefined\n]",
		"select array_insert([1], 2, 'x')":                                 "[\n  1,\n  undefined,\n  \"x\"\n]",
		"select array_to_string(array_sort([1, null]), ',')":               "1,",
		"select array_to_string(array_construct('a', null, 'b'), '-')":     "a--b",
		"select array_size(array_distinct([1, 1]))":                        "1",
		"select array_contains(null, [1, null])":                           "1",
		"select array_contains(null, [1, parse_json('null')]) is null":     "1",
		"select array_max(array_construct(null, 2, 1))":                    "2",
		"select array_construct(10, null, 30) x from t where n = 1":        "[\n  10,\n  undefined,\n  30\n]",
		"select array_construct(10, null, n) x from t where n = 1":         "[\n  10,\n  undefined,\n  1\n]",
		"select array_construct(10, null) x from t where n = 2 order by n": "[\n  10,\n  undefined\n]",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	// SQL NULL stays NULL.
	for _, q := range []string{
		"select array_insert(null, 5, 'x')",
		"select array_insert([1], null, 'x')",
		"select try_parse_json('[1,,')",
		"select array_sort([1, null], null)",
		"select array_distinct(iff(1 = 0, [1, null], null))",
	} {
		if got := queryValue(t, db, q); got != "NULL" {
			t.Errorf("%s = %q, want NULL", q, got)
		}
	}
	// A column read from a table: ARRAY_TO_STRING of PARSE_JSON of it.
	_, rows := queryRows(t, db, "select array_to_string(parse_json(s), ', ') from t order by n")
	if len(rows) != 2 || rows[0][0] != ", 1" || rows[1][0] != "1, " {
		t.Errorf("ARRAY_TO_STRING(PARSE_JSON(s)) = %q, want [\", 1\" \"1, \"]", rows)
	}
}

// TestUndefinedElementsRefusedElsewhere: where the engine does not
// implement how a consumer treats an undefined element, it refuses (002040)
// rather than answer with a JSON null, a shorter array or the internal
// text: casts and TO_JSON, paths and GET, array functions other than the
// handled ones, comparisons, storing it by UPDATE or CTAS (INSERT ... SELECT
// stores it: TestStoredUndefined), a select item read by
// ORDER BY, DISTINCT, a set operation or another item, a Snowflake
// Scripting variable.
func TestUndefinedElementsRefusedElsewhere(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database u", "create table t (v variant, a array)", "insert into t (v) select 1",
		"create view w as select array_construct(1, null) a")
	// Elements of equal value written differently: ARRAY_DISTINCT's
	// comparison of them is not the engine's (refused).
	wantRefused(t, db, "select array_distinct([5, 5.0, null])", "ARRAY_DISTINCT of equal elements")
	for _, q := range []string{
		"select array_construct(1, null)::varchar",
		"select to_varchar(parse_json('[1,,2]'))",
		"select to_json(array_construct(1, null))",
		"select array_construct(1, null)[1]",
		"select get(parse_json('[1,,2]'), 1)",
		"select parse_json('[1,,2]')[0]",
		"select array_sort([3, 1, null])[0]",
		"select array_to_string(array_construct(array_construct(1, null)), ',')",
		"select array_sort(parse_json('[[1,,2]]'))",
		"select array_slice([1, null, 3], 0, 1)",
		"select array_cat([1, null], [2])",
		"select object_construct('a', array_construct(1, null))",
		"select parse_json('[1,,2]') = parse_json('[1,,2]')",
		"select array_construct(1, null) is null",
		"select * from table(flatten(input => [1, null]))",
		"select * from table(flatten(input => parse_json('[1, ,77]')))",
		"select array_construct(1, null) a order by 1",
		"select array_construct(1, null) a order by a",
		"select distinct array_construct(1, null)",
		"select array_construct(1, null) union all select array_construct(2)",
		"select array_construct(1, null) a, a::varchar",
		"select x from (select array_construct(1, null) x)",
		"with w as (select [1, null] x) select x from w",
		"select arrays_overlap([null], [parse_json('null')])",
		"select array_insert(array_insert([], 2, 1), 0, null)",
		"select array_insert([1], -3, 'x')",
		"update t set v = array_construct(1, null)",
		"create table t2 as select array_construct(1, null) a",
		"select * from w",
		"select a from w",
		"execute immediate $$ declare x variant; begin x := (select array_construct(1, null)); return x::varchar; end; $$",
		"execute immediate $$ declare c cursor for select array_construct(1, null) a; begin for r in c do return r.a; end for; end; $$",
	} {
		wantRefused(t, db, q, "undefined")
	}
}
