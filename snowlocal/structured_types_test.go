package snowlocal_test

import "testing"

// TestStructuredTypesRefused: structured ARRAY(type) and OBJECT(field type)
// are refused wherever they are written (002040). The engine held them as
// the semi-structured type: DESCRIBE TABLE described an ARRAY(INT) column
// as ARRAY, and a cast did not convert the elements, where Snowflake's
// ['1', 2.7]::ARRAY(INT) holds the numbers 1 and 3 (docs:
// data-types-structured, converting to a structured type). The
// semi-structured types answer as before.
func TestStructuredTypesRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d", "create table ok(a array, o object, v variant)")
	for _, q := range []string{
		"create table t(a array(int))",
		"create table t(o object(city varchar, zip number))",
		"alter table ok add column b array(varchar)",
		"select ['1', 2.7]::array(int)",
		"select cast({'a': 1} as object(a int))",
		"select try_cast(parse_json('[1]') as array(number))",
	} {
		wantRefused(t, db, q, "structured type")
	}
	if got := queryValue(t, db, "select to_json(['1', 2.7]::array)"); got != `["1",2.7]` {
		t.Errorf("a cast to the semi-structured ARRAY: %s", got)
	}
}
