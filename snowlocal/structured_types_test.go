package snowlocal_test

import (
	"database/sql"
	"errors"
	"fmt"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestStructuredTypes: structured ARRAY(type), OBJECT(key type, ...) and
// MAP(VARCHAR, type) values answer in queries as the docs print them (docs:
// data-types-structured, map_construct, map_insert, map_pick,
// array_construct_structured, object_construct_keep_null_structured). The
// engine refused every structured type before.
func TestStructuredTypes(t *testing.T) {
	t.Parallel()
	db := open(t)
	_, rows := queryRows(t, db, `SELECT SYSTEM$TYPEOF([1, 2, 3]::ARRAY(NUMBER)), SYSTEM$TYPEOF([1, 2, 3]),
		SYSTEM$TYPEOF({'str': 'test', 'num': 1}::OBJECT(str VARCHAR NOT NULL, num NUMBER)), SYSTEM$TYPEOF({'str': 'test'}),
		SYSTEM$TYPEOF({'a_key': 'a_val'}::MAP(VARCHAR, VARCHAR)), SYSTEM$TYPEOF([1,2,3]::VARIANT::ARRAY(NUMBER)),
		SYSTEM$TYPEOF(CAST(ARRAY_CONSTRUCT('San Mateo') AS ARRAY(VARCHAR))[0]), SYSTEM$TYPEOF(ARRAY_CONSTRUCT('San Mateo')[0])`)
	want := "ARRAY(NUMBER(38,0))[LOB],ARRAY[LOB],OBJECT(str VARCHAR NOT NULL, num NUMBER(38,0))[LOB],OBJECT[LOB]," +
		"MAP(VARCHAR, VARCHAR)[LOB],ARRAY(NUMBER(38,0))[LOB],VARCHAR[LOB],VARIANT[LOB]"
	if got := fmtRows(rows); got != want {
		t.Errorf("SYSTEM$TYPEOF:\n got %s\nwant %s", got, want)
	}

	// Values and the result columns' types: a structured ARRAY reaches the
	// client as an ARRAY, a structured OBJECT or MAP as an OBJECT (docs:
	// "Accessing structured types in applications using drivers").
	r, err := db.Query(`SELECT CAST([1,2,3] AS ARRAY(VARCHAR)) AS a, SYSTEM$TYPEOF(a),
		CAST({'city':'San Mateo','state':'CA'}::OBJECT(city VARCHAR, state VARCHAR) AS OBJECT(city_name VARCHAR, state_name VARCHAR) RENAME FIELDS) AS o,
		MAP_INSERT({'a':1,'b':2}::MAP(VARCHAR,NUMBER),'c',3) AS m,
		[1,2,NULL,3]::ARRAY(INTEGER)::VARIANT AS u`)
	if err != nil {
		t.Fatal(err)
	}
	cts, err := r.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	var types string
	for _, ct := range cts {
		types += ct.DatabaseTypeName() + " "
	}
	r.Close()
	if want := "ARRAY TEXT OBJECT OBJECT VARIANT "; types != want {
		t.Errorf("result column types: got %s, want %s", types, want)
	}
	_, rows = queryRows(t, db, `SELECT CAST([1,2,3] AS ARRAY(VARCHAR)) AS a, SYSTEM$TYPEOF(a),
		CAST({'city':'San Mateo','state':'CA'}::OBJECT(city VARCHAR, state VARCHAR) AS OBJECT(city_name VARCHAR, state_name VARCHAR) RENAME FIELDS) AS o,
		MAP_INSERT({'a':1,'b':2}::MAP(VARCHAR,NUMBER),'c',3) AS m,
		[1,2,NULL,3]::ARRAY(INTEGER)::VARIANT AS u`)
	want = "[\n  \"1\",\n  \"2\",\n  \"3\"\n],ARRAY(VARCHAR)[LOB]," +
		"{\n  \"city_name\": \"San Mateo\",\n  \"state_name\": \"CA\"\n},{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}," +
		"[\n  1,\n  2,\n  undefined,\n  3\n]"
	if got := fmtRows(rows); got != want {
		t.Errorf("values:\n got %q\nwant %q", got, want)
	}
	_, rows = queryRows(t, db, `SELECT ARRAY_CAT([1, 2, 3]::ARRAY(NUMBER NOT NULL), [5.5, NULL]::ARRAY(NUMBER(2, 1))) AS c,
		SYSTEM$TYPEOF(c), OBJECT_DELETE({'state':'CA'}::OBJECT(state VARCHAR), 'state') AS d, SYSTEM$TYPEOF(d),
		MAP_KEYS(MAP_CONSTRUCT('b', 2, 'a', 1)), ARRAY_CONSTRUCT_STRUCTURED(NULL, 'a', 'b')`)
	want = "[\n  1,\n  2,\n  3,\n  5.5,\n  undefined\n],ARRAY(NUMBER(38,1))[LOB],{},OBJECT()[LOB],[\n  \"a\",\n  \"b\"\n]," +
		"[\n  undefined,\n  \"a\",\n  \"b\"\n]"
	if got := fmtRows(rows); got != want {
		t.Errorf("functions:\n got %q\nwant %q", got, want)
	}

	// OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) and a structured OBJECT's
	// value by key (docs: object_construct_keep_null_structured, whose
	// table is (province, created_date): with its columns in that order the
	// type's order is not sorted, which is refused, see below).
	mustExec(t, db, "create database st", "create table demo(created_date date, province varchar)",
		"insert into demo values ('2024-01-18'::date, 'Manitoba'), ('2024-01-19'::date, 'Alberta')")
	_, rows = queryRows(t, db, `SELECT OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) AS oc FROM demo ORDER BY oc['PROVINCE']`)
	want = "{\n  \"CREATED_DATE\": \"2024-01-19\",\n  \"PROVINCE\": \"Alberta\"\n}|{\n  \"CREATED_DATE\": \"2024-01-18\",\n  \"PROVINCE\": \"Manitoba\"\n}"
	if got := fmtRows(rows); got != want {
		t.Errorf("OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*):\n got %q\nwant %q", got, want)
	}

	// The errors the docs print, with their codes and SQLSTATEs.
	for _, c := range []struct {
		query, code, state, msg string
	}{
		{`SELECT OBJECT_DELETE({'city':'San Mateo','state':'CA'}::OBJECT(city VARCHAR,state VARCHAR), 'zip_code')`,
			"093201", "23001", "Function OBJECT_DELETE: expected structured object to contain field zip_code but it did not."},
		{`SELECT OBJECT_INSERT({'city':'San Mateo','state':'CA'}::OBJECT(city VARCHAR,state VARCHAR), 'city', 'San Jose', false)`,
			"093202", "23001", "Function OBJECT_INSERT: expected structured object to not contain field city but it did."},
		{`SELECT MAP_CONSTRUCT('a', 1, 'a', 2)`, "100103", "22000", "Duplicate field key 'a'"},
		{`SELECT MAP_CONTAINS_KEY('k1', {'1':'va','2':'vb','3':'vc'}::MAP(NUMBER,VARCHAR))`, "001065", "22023",
			"SQL compilation error:\nFunction MAP_CONTAINS_KEY cannot be used with arguments of types VARCHAR(2) and MAP(NUMBER(38,0), VARCHAR(134217728))"},
	} {
		err := queryRowsErr(db, c.query)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || fmt.Sprintf("%06d", se.Number) != c.code || se.SQLState != c.state || se.Message != c.msg {
			t.Errorf("%s:\n got %v\nwant %s (%s): %s", c.query, err, c.code, c.state, c.msg)
		}
	}
}

// TestStructuredTypesRefused: what the engine cannot keep a structured
// type through is refused (002040): a table column (it would describe as
// a plain ARRAY or OBJECT and lose its element types), a structured value
// stored, in a view or set operation, given to an operator or a function
// that does not implement the structured rules, TRY_CAST (not supported
// for structured types, with an error the docs do not print), FLATTEN
// (whose KEY and VALUE take the structured type), MAP_SIZE as a result
// (its NUMBER's precision is not documented), a MAP with NUMBER keys,
// MAP_ENTRIES of a MAP holding a NULL value (no example shows one) and the
// SYSTEM$TYPEOF of its result (not printed by the docs), and a
// structured type in a function's or procedure's signature or a Snowflake
// Scripting block (the engine keeps none in a variable).
// The semi-structured types answer as before.
func TestStructuredTypesRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d", "create table ok(a array, o object, v variant)",
		"create table pc(province varchar, created_date date)")
	for q, what := range map[string]string{
		"create table t(a array(int))":                                                            "structured type",
		"create table t(o object(city varchar, zip number))":                                      "structured type",
		"create table t(m map(varchar, varchar))":                                                 "structured type",
		"alter table ok add column b array(varchar)":                                              "structured type",
		"select try_cast(parse_json('[1]') as array(number))":                                     "structured type",
		"insert into ok(a) select [1]::array(int)":                                                "outside a query",
		"create table c as select [1]::array(int) a":                                              "outside a query",
		"create view v as select {'a': 1}::map(varchar, int) m":                                   "outside a query",
		"select [1]::array(int) union all select [2]::array(int)":                                 "set operation",
		"select [[1]::array(int)]":                                                                "structured value in an ARRAY or OBJECT constant",
		"select case when true then [1, null]::array(int) end":                                    "structured value in a CASE expression",
		"select 1 order by [1]::array(int)":                                                       "on a structured ARRAY, OBJECT or MAP value",
		"select [1]::array(int) = [1]::array(int)":                                                "operator on a structured",
		"select array_size([1]::array(int))":                                                      "function ARRAY_SIZE of a value of a structured type",
		"select filter([1, 2]::array(int), a -> a > 1)":                                           "structured type",
		"select value from table(flatten(input => [1.5]::array(double)))":                         "table function FLATTEN of a structured ARRAY",
		"select map_size({'a': 1}::map(varchar, number))":                                         "MAP_SIZE as a result column",
		"select map_keys({'1': 'a'}::map(number, varchar))":                                       "a MAP with NUMBER keys",
		"select map_entries({'a': 1, 'b': null}::map(varchar, int))":                              "MAP_ENTRIES of a MAP entry whose value is NULL",
		"select system$typeof(map_entries({'a': 1}::map(varchar, int)))":                          "SYSTEM$TYPEOF of a structured type whose name the docs do not show",
		"select map_entries({'1': 'a'}::map(number, varchar))":                                    "a MAP with NUMBER keys",
		"select object_construct_keep_null_structured('a', 1) as s, s['b'] from ok":               "a key the structured OBJECT type lacks",
		"select object_construct_keep_null_structured(*) from ok":                                 "OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED",
		"select {'a': 1, 'b': 2}::object(a int)":                                                  "keys are not the type's",
		"select *, {'city': 'a', 'state': 'b'}::object(state varchar, city varchar) from pc":      "not in alphabetical order",
		"select cast([1,2,3] as array(varchar))[0]":                                               "element of a structured value as a result column",
		"create function f(x array(int)) returns int as 'array_size(x)'":                          "structured type array(int) of argument X",
		"create procedure p() returns map(varchar, int) language sql as 'begin return null; end'": "structured type map(varchar, int) of the result",
		"execute immediate $$ declare r array; begin r := [1]::array(int); return r; end $$":      "in a Snowflake Scripting block",
	} {
		wantRefused(t, db, q, what)
	}
	if got := queryValue(t, db, "select to_json(['1', 2.7]::array)"); got != `["1",2.7]` {
		t.Errorf("a cast to the semi-structured ARRAY: %s", got)
	}
}

// queryRowsErr runs query to its end and returns its error.
func queryRowsErr(db *sql.DB, query string) error {
	r, err := db.Query(query)
	if err != nil {
		return err
	}
	defer r.Close()
	for r.Next() {
	}
	return r.Err()
}
