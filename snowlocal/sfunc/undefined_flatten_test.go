package sfunc

import "testing"

// TestUndefinedArrayFlatten: docs (array_flatten,
// https://docs.snowflake.com/en/sql-reference/functions/array_flatten):
// a NULL element gives NULL, an inner array's NULL element is kept.
func TestUndefinedArrayFlatten(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"[[1,2,3],undefined,[5,6]]", "", false},
		{"[[1,2,3],null,[5,6]]", "", false},
		{"[[1,2,3],[undefined],[5,6]]", "[1,2,3,undefined,5,6]", true},
		{"[[1,[undefined]],[]]", "[1,[undefined]]", true},
		{"[]", "[]", true},
	} {
		got, ok, err := UndefinedArrayFlatten(tc.in)
		if err != nil || ok != tc.ok || got != tc.want {
			t.Errorf("UndefinedArrayFlatten(%s) = %q, %v, %v; want %q, %v", tc.in, got, ok, err, tc.want, tc.ok)
		}
	}
	if _, _, err := UndefinedArrayFlatten("[[1],4,[undefined]]"); err == nil {
		t.Errorf("a non-array element: want the Not an array error")
	}
}

// TestUndefinedPositions: the indexes FLATTEN skips.
func TestUndefinedPositions(t *testing.T) {
	for in, want := range map[string]string{
		"[1,undefined,77]":          ",1,",
		"[undefined,\"undefined\"]": ",0,",
		"[1,2]":                     ",",
		"{\"a\":1}":                 ",",
	} {
		if got, err := UndefinedPositions(in); err != nil || got != want {
			t.Errorf("UndefinedPositions(%s) = %q, %v; want %q", in, got, err, want)
		}
	}
}
