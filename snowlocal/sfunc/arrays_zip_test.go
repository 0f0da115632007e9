package sfunc

import "testing"

func TestArraysZip(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`[[1,2],["a"]]`, `[{"$1":1,"$2":"a"},{"$1":2,"$2":null}]`},
		// Number text kept as written (a DOUBLE's exponent form).
		{`[[1.500000000000000e+00]]`, `[{"$1":1.500000000000000e+00}]`},
		{`[[],[]]`, `[{}]`},
		{`[[[1,2]],[{"k":null}]]`, `[{"$1":[1,2],"$2":{"k":null}}]`},
	} {
		got, err := ArraysZip(c.in)
		if err != nil || got != c.want {
			t.Errorf("ArraysZip(%s) = %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	if _, err := ArraysZip(`[[1],{"a":1}]`); !isUnsupported(err) {
		t.Errorf("an OBJECT argument: want an unsupported error, got %v", err)
	}
}
