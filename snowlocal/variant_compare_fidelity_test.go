package snowlocal_test

import (
	"strings"
	"testing"
)

// VARIANT equality is by value: "PARSE_JSON('1') = PARSE_JSON('1.0') and
// {"a":1,"b":2} = {"b":2,"a":1} are TRUE, 1 = "1" is FALSE, a JSON null
// equals a JSON null … its equality answers =, IN, DISTINCT, GROUP BY and
// the set operations", and the same order answers "the comparison
// operators" (mlorek/frostlake docs/functions.md, "How VARIANT values order
// and compare", an independent reference, live-verified). The engine held
// VARIANTs as JSON text and compared the text in the places below.

// TestArrayFunctionsCompareVariantValues: ARRAY_CONTAINS "returns TRUE if
// value_expr is present in array", a JSON null finding a JSON null (docs:
// https://docs.snowflake.com/en/sql-reference/functions/array_contains);
// ARRAY_POSITION is the "0-based index of the first array element equal to
// value" (mlorek/frostlake docs/functions.md); ARRAYS_OVERLAP "treats NULLs
// as known values for comparing equality" (docs:
// https://docs.snowflake.com/en/sql-reference/functions/arrays_overlap);
// ARRAY_EXCEPT drops a's copies of b's values, bag semantics (docs:
// https://docs.snowflake.com/en/sql-reference/functions/array_except).
// ARRAY_CONTAINS(1::VARIANT, ARRAY_CONSTRUCT(1.0, 2)) was FALSE. Which of
// two equal values written differently ARRAY_DISTINCT keeps or
// ARRAY_INTERSECTION returns no source says: refused when met. Two OBJECTs
// whose keys were written in different orders print the same, so they are
// no such pair: they were refused, and now answer.
func TestArrayFunctionsCompareVariantValues(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select array_contains(1::variant, array_construct(1.0, 2))", "1"},
		{`select array_contains(parse_json('{"a":1,"b":2}'), parse_json('[{"b":2,"a":1}]'))`, "1"},
		{"select array_contains('1'::variant, array_construct(1))", "0"},
		{"select array_contains(parse_json('null'), parse_json('[1,null]'))", "1"},
		{"select array_contains(parse_json('null'), array_construct(1))", "0"},
		{"select array_contains('hello'::variant, array_construct('hello', 'hi'))", "1"}, // the docs' example
		{"select array_position(1.0::variant, array_construct(2, 1))", "1"},
		{"select array_position(parse_json('1e0'), array_construct(2, 1))", "1"},
		{"select array_position(3::variant, array_construct(1))", "NULL"},
		{"select arrays_overlap(array_construct(1.0), array_construct(3, 1))", "1"},
		{"select arrays_overlap(array_construct('1'), array_construct(1))", "0"},
		{"select arrays_overlap(array_construct(object_construct('a',1,'b',2), 1, 2), array_construct(object_construct('a',1,'b',2), 3, 4))", "1"}, // the docs' example
		{"select array_to_string(array_except(array_construct(1, 2, 2), array_construct(2.0)), ',')", "1,2"},
		{"select array_to_string(array_distinct(array_construct(1, 2, 2, 'a')), ',')", "1,2,a"},
		{"select array_to_string(array_intersection(array_construct('A', 'B', 'B'), array_construct('B', 'B', 'C')), ',')", "B,B"},
		// OBJECTs whose keys were written in different orders are one value
		// and print the same, whichever is kept (docs: array_intersection).
		{"select to_json(array_intersection(array_construct(object_construct('a',1, 'b',2, 'c',3)), array_construct(object_construct('c',3, 'b',2, 'a',1))))", `[{"a":1,"b":2,"c":3}]`},
		{"select to_json(array_distinct(array_construct(object_construct('a',1,'b',2), object_construct('b',2,'a',1), 1, 1)))", `[{"a":1,"b":2},1]`},
		{"select to_json(array_intersection(array_construct(object_construct('b',2,'a',1), 5), array_construct(object_construct('a',1,'b',2), object_construct('b',2,'a',1))))", `[{"a":1,"b":2}]`},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	for _, tc := range []struct{ q, fn string }{
		{"select array_distinct(array_construct(1, 1.0))", "ARRAY_DISTINCT"},
		{"select array_intersection(array_construct(1), array_construct(1.0))", "ARRAY_INTERSECTION"},
		{"select array_except(array_construct(1, 1.0), array_construct(1))", "ARRAY_EXCEPT"},
		{"select array_distinct(array_construct(object_construct('a',1,'b',2), object_construct('b',2,'a',1), 1, 1.0))", "ARRAY_DISTINCT"},
	} {
		wantRefused(t, db, tc.q, tc.fn+" of an ARRAY holding equal VARIANT values written differently")
	}
}

// TestVariantStringToNumberDecimalOnly: a text converted to a number is
// read as `[+-][digits][.digits][e[+-]digits]` (docs: Numeric data types,
// https://docs.snowflake.com/en/sql-reference/data-types-numeric, "Numeric
// constants"), and a VARIANT string converts as its text does. DuckDB read
// the VARIANT string "0x10" as 16 (parse_json('"0x10"')::INT), "0b101" as 5
// and "1_000" as 1000, where a text cast already failed with 100038.
func TestVariantStringToNumberDecimalOnly(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vn", "create table vt (v variant)",
		`insert into vt select parse_json('{"a":"0x1F","b":"1_000","c":"12"}')`)
	for _, tc := range []struct{ q, text string }{
		{`select parse_json('"0x10"')::int`, "0x10"},
		{`select parse_json('"0b101"')::integer`, "0b101"},
		{`select parse_json('"1_000"')::number`, "1_000"},
		{`select cast(parse_json('"1_000"') as number(10,0))`, "1_000"},
		{"select v:a::int from vt", "0x1F"},
		{"select v:b::number(10,2) from vt", "1_000"},
	} {
		wantError(t, db, tc.q, 100038, "Numeric value '"+tc.text+"' is not recognized")
	}
	for _, tc := range []struct{ q, want string }{
		{`select parse_json('"12"')::int`, "12"},
		{`select parse_json('"-3"')::number`, "-3"},
		{"select v:c::int from vt", "12"},
		{"select v:c::number(10,2) from vt", "12.00"},
		{"select parse_json('2.5')::int", "3"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestVariantInAndBetweenByValue: x IN (a, b) of VARIANTs answers by the
// equality of x = a, x BETWEEN a AND b by the order of x >= a AND x <= b
// (the reference above: 1 = 1.0, numbers "by VALUE whatever their
// notation", 9 before 10). The engine compared the JSON text: 1 was not in
// (1.0), and 9 was not between 8.5 and 10 ('9' > '10' as text).
func TestVariantInAndBetweenByValue(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vb", "create table vt (v variant)",
		`insert into vt select parse_json(column1) from values ('1'), ('1.0'), ('9'), ('10'), ('"x"')`)
	for _, tc := range []struct{ q, want string }{
		{"select parse_json('1') in (parse_json('1.0'), parse_json('3'))", "1"},
		{`select parse_json('{"a":1,"b":2}') in (parse_json('{"b":2,"a":1}'))`, "1"},
		{`select parse_json('"1"') in (parse_json('1'))`, "0"},
		{"select parse_json('1') not in (parse_json('1.0'))", "0"},
		{"select count(*) from vt where v in (parse_json('1'), parse_json('\"x\"'))", "3"},
		{"select parse_json('9') between parse_json('8.5') and parse_json('10')", "1"},
		{"select parse_json('9') not between parse_json('10') and parse_json('11')", "1"},
		{"select count(*) from vt where v between parse_json('2') and parse_json('9.5')", "1"},
		{"select count(*) from vt where v between parse_json('1.00') and parse_json('10')", "4"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestVariantGroupByDistinctEqualValues: GROUP BY and DISTINCT of VARIANTs
// group equal values (the reference above: COUNT(DISTINCT v) "over 1, 1.0,
// "1", 1e0 is 2"); which of 1 and 1.0 the one group shows no source says,
// so a GROUP BY or DISTINCT that meets two equal values written
// differently is refused. The engine grouped the JSON text: 1 and 1.0 were
// two groups. Values written one way answer as before.
func TestVariantGroupByDistinctEqualValues(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vg", "create table vt (v variant)", "create table ok (v variant)",
		`insert into vt select parse_json(column1) from values ('{"k":1}'), ('{"k":1.0}'), ('{"k":2}')`,
		`insert into ok select parse_json(column1) from values ('{"k":1}'), ('{"k":"1"}'), ('{"k":2}'), ('{"k":2}')`)
	const refusal = "GROUP BY or DISTINCT of equal VARIANT values written differently"
	for _, q := range []string{
		"select v:k, count(*) from vt group by v:k",
		"select count(*) from vt group by 1 + 0, v:k",
		"select k, count(*) from (select v:k k from vt) group by k",
		"select distinct v:k from vt",
		"select distinct v from (select parse_json(column1) v from values ('1'), ('1.0'))",
		`select distinct parse_json(column1) from values ('{"a":1,"b":2}'), ('{"b":2,"a":1}')`,
	} {
		wantRefused(t, db, q, refusal)
	}
	for _, tc := range []struct{ q, want string }{
		{"select count(*) from ok group by v:k order by v:k", "1,2,1"},
		{"select to_json(v:k) from ok group by v:k order by v:k", `1,2,"1"`},
		{"select to_json(k) from (select v:k k from ok) group by k having count(*) > 1 qualify row_number() over (order by k) = 1 order by k limit 1", "2"},
		{"select distinct to_json(v:k) from ok where v:k <> parse_json('2') order by 1", `"1",1`},
		{"select count(*) from (select distinct v:k from ok)", "3"},
	} {
		if got := strings.Join(firstColumn(t, db, tc.q), ","); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestVariantDerivedColumnToIntRounds: a VARIANT's decimal cast to INT
// rounds half away from zero, "as a cast to FIXED does" (mlorek/frostlake
// docs/functions.md: "RANDOM(1.5) is RANDOM(2), and so are … RANDOM(
// PARSE_JSON('1.5'))"), as a path or a table column's cast already did; a
// derived table's or CTE's VARIANT column rounded half to even (2.5 to 2).
func TestVariantDerivedColumnToIntRounds(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select v::int from (select parse_json('2.5') v)", "3"},
		{"with c as (select parse_json('-2.5') v) select v::integer from c", "-3"},
		{"select cast(v as bigint) from (select parse_json('0.5') v)", "1"},
		{"select s::int from (select '7' s)", "7"},
		{"select n::int from (select 3.5 n)", "4"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}
