package snowlocal_test

import "testing"

// TestBinaryVariant: a BINARY placed in an OBJECT or ARRAY is refused
// (Snowflake's keeps it typed: docs, is_binary prints it "736E6F77",
// TYPEOF BINARY), where the engine answered a JSON string "\\xAB" before;
// IS_BINARY of a VARIANT not cast from a BINARY is FALSE and AS_BINARY
// NULL (docs: is_binary, as_binary; NULL for NULL). A BINARY cast to
// VARIANT answers: typed_variant_test.go.
func TestBinaryVariant(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database bv", "create table t (id int, v variant, a array)",
		`insert into t select 1, parse_json('{"a": "736E6F77"}'), ['F0A5']`,
		"insert into t select 2, NULL, NULL")
	_, rows := queryRows(t, db, "select id, is_binary(v), as_binary(v) is null, is_binary(v:a), as_binary(a[0]) is null from t order by id")
	if got, want := fmtRows(rows), "1,0,1,0,1|2,,1,,1"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for q, part := range map[string]string{
		"select [to_binary('AB')]":                      "a BINARY value in an OBJECT or ARRAY",
		"select object_construct('a', to_binary('AB'))": "a BINARY value in an OBJECT or ARRAY",
		"select array_agg(to_binary('AB'))":             "a BINARY value in an OBJECT or ARRAY",
		"select array_agg(distinct to_binary('AB'))":    "ARRAY_AGG(DISTINCT ...) of a BINARY value",
		"select array_append([1], to_binary('AB'))":     "ARRAY_APPEND of a BINARY value",
		"select to_array(to_binary('AB'))":              "TO_ARRAY of a BINARY value",
		"select is_binary(to_binary('AB'))":             "IS_BINARY of an argument the engine does not know to be a VARIANT",
	} {
		wantRefused(t, db, q, part)
	}
}
