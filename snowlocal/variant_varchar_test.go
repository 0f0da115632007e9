package snowlocal_test

import "testing"

// TestVariantDoubleInObjectToVarchar: ::VARCHAR (and TO_VARCHAR, CAST AS
// STRING, ::TEXT, a path, an assignment into a VARCHAR column) of an OBJECT
// or ARRAY gives its JSON document (docs: TO_CHAR, TO_VARCHAR usage notes),
// in which Snowflake writes a DOUBLE as 1.912000000000000e+02 and object
// keys in order, as in results and TO_JSON (docs: PARSE_JSON,
// ARRAY_CONSTRUCT_COMPACT of 3::DOUBLE, TO_JSON). The engine used to print
// the DOUBLE as a decimal ({"b":191.2}) where the value's type is seen only
// at run time (a VARIANT column), and refused it elsewhere.
func TestVariantDoubleInObjectToVarchar(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vv", "create table t (v variant, s varchar)",
		`insert into t (v) select parse_json('{"b":1.912e2,"a":[2.5e0,1],"c":{"d":-1e-3}}')`)
	const doc = `{"a":[2.500000000000000e+00,1],"b":1.912000000000000e+02,"c":{"d":-1.000000000000000e-03}}`
	for q, want := range map[string]string{
		"select v::varchar from t":                           doc,
		"select to_varchar(v) from t":                        doc,
		"select to_char(v) from t":                           doc,
		"select cast(v as string) from t":                    doc,
		"select v::text from t":                              doc,
		"select try_cast(v as varchar) from t":               doc,
		"select v::varchar(200) from t":                      doc,
		"select x::varchar from (select v as x from t)":      doc,
		"select v:a::varchar from t":                         "[2.500000000000000e+00,1]",
		"select v:c::varchar from t":                         `{"d":-1.000000000000000e-03}`,
		"select v['c']::string from t":                       `{"d":-1.000000000000000e-03}`,
		"select v:b::varchar from t":                         "191.2",
		"select parse_json('[1.5e0, \"x\"]')::varchar":       `[1.500000000000000e+00,"x"]`,
		"select object_construct('a', 1.5::double)::varchar": `{"a":1.500000000000000e+00}`,
		"select to_varchar(array_construct(2.5::float, 3))":  "[2.500000000000000e+00,3]",
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %s, %v; want %s", q, got, err, want)
		}
	}
	mustExec(t, db, "update t set s = v", "insert into t (s) select v from t")
	if got := queryOne(t, db, "select count(*) from t where s = '"+doc+"'"); got != "2" {
		t.Errorf("VARIANT assigned into a VARCHAR column: %s rows hold %s, want 2", got, doc)
	}
}
