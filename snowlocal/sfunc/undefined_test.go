package sfunc

import (
	"errors"
	"testing"
)

// TestParseJSONUndefined: PARSE_JSON's missing array elements are
// undefined (docs: parse_json row 8, array_to_string's '[, 1]', '[1, ]',
// '[1, , ,2]'); the word undefined itself is not JSON.
func TestParseJSONUndefined(t *testing.T) {
	for in, want := range map[string]string{
		"[-1, 12, 289, 2188, false,]": "[-1,12,289,2188,false,undefined]",
		"[, 1]":                       "[undefined,1]",
		"[1, ]":                       "[1,undefined]",
		"[1, , ,2]":                   "[1,undefined,undefined,2]",
		`{"a":[1,,2]}`:                `{"a":[1,undefined,2]}`,
		`["undefined"]`:               `["undefined"]`,
		"[]":                          "[]",
	} {
		if got, err := parseJSON(in, "", true); err != nil || got != want {
			t.Errorf("parseJSON(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := parseJSON("[1, undefined]", "", true); err == nil || isUnsupported(err) {
		t.Errorf("parseJSON of the word undefined: %v, want a parse error", err)
	}
	if _, err := ParseJSON("[1,]", ""); !isUnsupported(err) {
		t.Errorf("ParseJSON([1,]) = %v, want the refusal", err)
	}
}

func TestUndefinedFunctions(t *testing.T) {
	check := func(name, got string, err error, want string) {
		t.Helper()
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", name, got, err, want)
		}
	}
	got, err := UndefinedSort(`[20,null,0,undefined,10]`, true, false)
	check("sort asc", got, err, `[0,10,20,null,undefined]`)
	got, err = UndefinedSort(`[20,null,0,undefined,10]`, false, true)
	check("sort desc", got, err, `[undefined,null,20,10,0]`)
	got, err = UndefinedSort(`[20,null,0,undefined,10]`, true, true)
	check("sort asc nulls first", got, err, `[undefined,0,10,20,null]`)
	got, err = UndefinedRemove(`[1,5,5.00,5.000000000000000e+00,"5",5,undefined]`, "5")
	check("remove", got, err, `[1,"5",undefined]`)
	got, err = UndefinedDistinct(`["A","A","B",undefined,undefined]`)
	check("distinct", got, err, `["A","B",undefined]`)
	got, err = UndefinedInsert(`[0,1,2,3]`, 5, `"hello"`)
	check("insert past the end", got, err, `[0,1,2,3,undefined,"hello"]`)
	got, err = UndefinedInsert(`[undefined,2]`, -1, `1`)
	check("insert from the end", got, err, `[undefined,1,2]`)
	got, err = UndefinedMap(`[undefined,1,"undefined"]`, "empty")
	check("map empty", got, err, `["",1,"undefined"]`)
	got, err = UndefinedMap(`[undefined,1]`, "drop")
	check("map drop", got, err, `[1]`)
	got, err = UndefinedMap(`{"a":1}`, "drop")
	check("map without undefined", got, err, `{"a":1}`)
	got, err = UndefinedDisplay(`{"b":[undefined],"a":1}`)
	check("display", got, err, "{\n  \"a\": 1,\n  \"b\": [\n    undefined\n  ]\n}")
	if ok, err := UndefinedOverlap(`[1,undefined]`, `[undefined,3]`); !ok || err != nil {
		t.Errorf("overlap of two undefined elements = %v, %v", ok, err)
	}
	var u *UnsupportedError
	for name, err := range map[string]error{
		"distinct of 5 and 5.0": func() error { _, err := UndefinedDistinct(`[5,5.0,undefined]`); return err }(),
		"sort of a nested one":  func() error { _, err := UndefinedSort(`[[undefined],1]`, true, false); return err }(),
		"map of a nested one":   func() error { _, err := UndefinedMap(`[[undefined],undefined]`, "null"); return err }(),
		"overlap with null":     func() error { _, err := UndefinedOverlap(`[undefined]`, `[null]`); return err }(),
		"insert before start":   func() error { _, err := UndefinedInsert(`[undefined]`, -3, `1`); return err }(),
	} {
		if !errors.As(err, &u) {
			t.Errorf("%s: %v, want UnsupportedError", name, err)
		}
	}
	if HasUndefined(`["undefined",{"undefined":1}]`) || !HasUndefined(`[1,[undefined]]`) {
		t.Error("HasUndefined reads strings")
	}
}

// TestArrayElements: _SF_GO_ARRAY_ELEMS splits an array text into its
// elements' texts as written (a DOUBLE's exponent form, a JSON null, a
// string holding a comma or a bracket), an undefined element empty; a
// value that is not an array, and an undefined element inside an element,
// are refused.
func TestArrayElements(t *testing.T) {
	for in, want := range map[string]string{
		"[]":                              "",
		"[1.500000000000000e+02, null]":   "\x1e1.500000000000000e+02\x1enull",
		`[1,undefined,"a,]",{"b":[1,2]}]`: "\x1e1\x1e\x1e\"a,]\"\x1e{\"b\":[1,2]}",
		"[undefined]":                     "\x1e",
	} {
		if got, err := ArrayElements(in, "FILTER"); err != nil || got != want {
			t.Errorf("ArrayElements(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`{"a":1}`, "[[1,undefined]]", "1"} {
		if _, err := ArrayElements(in, "FILTER"); !isUnsupported(err) {
			t.Errorf("ArrayElements(%q) = %v, want the refusal", in, err)
		}
	}
}
