package sfunc

import (
	"errors"
	"testing"
)

// TestStoredUndefinedForm: an array holding undefined elements is stored
// as the marked object and read back as it was; other values are stored
// and read as they are, and a text that only looks like the mark (no
// trailing comma) is not read as one.
func TestStoredUndefinedForm(t *testing.T) {
	for _, s := range []string{"[10,undefined,30]", "[-1,12,289,2188,false,undefined]", `["a\"undefined",undefined]`, "[[1,2],undefined]"} {
		enc, err := EncodeStoredUndefined(s)
		if err != nil {
			t.Fatalf("encode %s: %v", s, err)
		}
		if enc == s {
			t.Errorf("encode %s: stored as is", s)
		}
		dec, err := DecodeStoredUndefined(enc)
		if err != nil || dec != s {
			t.Errorf("decode(encode(%s)) = %q, %v", s, dec, err)
		}
	}
	for _, s := range []string{"[1,2]", "null", `"undefined"`, `{"a":1}`, `{"flurry:undefined":"[1,undefined]"}`} {
		enc, err := EncodeStoredUndefined(s)
		if err != nil || enc != s {
			t.Errorf("encode %s = %q, %v; want it as is", s, enc, err)
		}
		if dec, err := DecodeStoredUndefined(s); err != nil || dec != s {
			t.Errorf("decode %s = %q, %v; want it as is", s, dec, err)
		}
	}
	var u *UnsupportedError
	if _, err := EncodeStoredUndefined(`{"a":[1,undefined]}`); !errors.As(err, &u) {
		t.Errorf("encode of an OBJECT holding an undefined element: %v, want a refusal", err)
	}
}

// TestArrayCompact: undefined elements and JSON nulls removed, the other
// elements' text kept (docs: array_compact, [10, undefined, 30] gives
// [10, 30]).
func TestArrayCompact(t *testing.T) {
	for in, want := range map[string]string{
		"[10,undefined,30]":          "[10,30]",
		"[1,null,1.912e2,undefined]": "[1,1.912e2]",
		"[]":                         "[]",
		`[{"a":null},[null],"null"]`: `[{"a":null},[null],"null"]`,
		"[undefined,null,undefined]": "[]",
	} {
		if got, err := ArrayCompact(in); err != nil || got != want {
			t.Errorf("ArrayCompact(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
	var u *UnsupportedError
	for _, in := range []string{"5", `{"a":1}`, "[[1,undefined]]"} {
		if _, err := ArrayCompact(in); !errors.As(err, &u) {
			t.Errorf("ArrayCompact(%s): %v, want a refusal", in, err)
		}
	}
}

// TestUndefinedIntersection: bag semantics in the first array's order, an
// undefined element equal to an undefined one (docs: array_intersection,
// [undefined, 102, undefined] and [undefined, undefined, 103] give
// [undefined, undefined]).
func TestUndefinedIntersection(t *testing.T) {
	for _, c := range [][3]string{
		{"[undefined,102,undefined]", "[undefined,undefined,103]", "[undefined,undefined]"},
		{"[1,undefined,2]", "[2,3]", "[2]"},
		{"[1,undefined]", "[undefined]", "[undefined]"},
		{"[undefined,undefined]", "[undefined]", "[undefined]"},
		{`[{"a":1,"b":2},undefined]`, `[{"b":2,"a":1}]`, `[{"a":1,"b":2}]`},
	} {
		if got, err := UndefinedIntersection(c[0], c[1]); err != nil || got != c[2] {
			t.Errorf("UndefinedIntersection(%s, %s) = %q, %v; want %s", c[0], c[1], got, err, c[2])
		}
	}
	var u *UnsupportedError
	for _, c := range [][2]string{{"[undefined]", "[null]"}, {"[1,undefined]", "[1.0]"}, {"[[undefined]]", "[1]"}, {"5", "[undefined]"}} {
		if _, err := UndefinedIntersection(c[0], c[1]); !errors.As(err, &u) {
			t.Errorf("UndefinedIntersection(%s, %s): %v, want a refusal", c[0], c[1], err)
		}
	}
}
