package snowlocal_test

import (
	"strings"
	"testing"
)

// TestVariantPathFastAndSlowReads: `v:path::VARCHAR` of a VARIANT column, the read
// every view of the lake makes (its fast path and its fall-backs), through
// the driver: strings lose their JSON quotes, numbers print as Snowflake's
// ::VARCHAR prints them, a missing path is NULL, text that looks like JSON
// stays text, and VARCHAR(n) refuses a longer value with 100078.
func TestVariantPathFastAndSlowReads(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"create database vpdb",
		"create table vp (v variant)",
		`insert into vp select parse_json('{"s":"text","i":42,"d":1.50,"b":true,"n":null,"o":{"k":"x"},"l":"[not json","z":"0.10"}')`,
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
		if err := db.QueryRow("select v:" + path + "::varchar from vp").Scan(&got); err != nil {
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
	_, err := db.Exec("select v:s::varchar(2) from vp")
	if err == nil || !strings.Contains(err.Error(), "100078") || !strings.HasSuffix(err.Error(), "String 'text' is too long and would be truncated") {
		t.Errorf("v:s::varchar(2): err = %v, want 100078 String 'text' is too long and would be truncated", err)
	}
	var short string
	if err := db.QueryRow("select v:s::varchar(4) from vp").Scan(&short); err != nil || short != "text" {
		t.Errorf("v:s::varchar(4) = %q, %v; want text", short, err)
	}
}
