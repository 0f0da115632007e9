package snowlocal_test

import (
	"strings"
	"testing"
)

// TestVariantPathAsVarchar: `v:path::VARCHAR` of a VARIANT column, the read
// every view of the lake makes, through the driver: strings lose their JSON
// quotes, numbers print as Snowflake's ::VARCHAR prints them, a missing path
// is NULL, and an OBJECT holding a DOUBLE (which the engine would print as a
// decimal) is refused with 002040 naming the construct rather than answered
// differently.
func TestVariantPathAsVarchar(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"create database vvdb",
		"create table vv (v variant)",
		`insert into vv select parse_json('{"s":"text","i":42,"d":1.50,"b":true,"n":null,"o":{"k":"x"},"l":"[not json","z":"0.10"}')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	for path, want := range map[string]any{
		"s": "text", "i": "42", "d": "1.5", "b": "true", "n": nil, "missing": nil,
		"o": `{"k":"x"}`, "l": "[not json", "z": "0.10",
	} {
		var got *string
		if err := db.QueryRow("select v:" + path + "::varchar from vv").Scan(&got); err != nil {
			t.Errorf("v:%s::varchar: %v", path, err)
			continue
		}
		switch {
		case want == nil && got != nil:
			t.Errorf("v:%s::varchar = %q, want NULL", path, *got)
		case want != nil && (got == nil || *got != want):
			t.Errorf("v:%s::varchar = %v, want %q", path, got, want)
		}
	}
	// VARCHAR(n) of a longer value: Snowflake's 100078 with the value.
	_, err := db.Exec("select v:s::varchar(2) from vv")
	if err == nil || !strings.Contains(err.Error(), "100078") || !strings.HasSuffix(err.Error(), "String 'text' is too long and would be truncated") {
		t.Errorf("v:s::varchar(2): err = %v, want 100078 String 'text' is too long and would be truncated", err)
	}
	var short string
	if err := db.QueryRow("select v:s::varchar(4) from vv").Scan(&short); err != nil || short != "text" {
		t.Errorf("v:s::varchar(4) = %q, %v; want text", short, err)
	}
	if _, err := db.Exec(`insert into vv select parse_json('{"o":{"k":1.5e3}}')`); err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec("select v:o::varchar from vv")
	if err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), "OBJECT or ARRAY holding a DOUBLE") {
		t.Errorf("::VARCHAR of an OBJECT holding a DOUBLE: err = %v, want 002040 naming the construct", err)
	}
}
