package conformance

import "testing"

// TestRenderVector: a VECTOR's JSON text shown as SnowSQL prints the list
// the Python connector reads (json.loads): floats by Python's repr, the
// docs' [5.0, 7.0, 9.0] and [1.5, 2.5, 3.2] (docs: vector_sum, vector_min),
// integers as they are ([1, 3]).
func TestRenderVector(t *testing.T) {
	for in, want := range map[string]string{
		"[5.000000,7.000000,9.000000]":    "[5.0, 7.0, 9.0]",
		"[1.500000,2.500000,3.200000]":    "[1.5, 2.5, 3.2]",
		"[10.000000,10.000000,14.000000]": "[10.0, 10.0, 14.0]",
		"[-1.200000,5.100000,15.870000]":  "[-1.2, 5.1, 15.87]",
		"[0.000010,123456.000000]":        "[1e-05, 123456.0]",
		"[1,3]":                           "[1, 3]",
		"[-2147483648,2147483647]":        "[-2147483648, 2147483647]",
		"not a list":                      "not a list",
	} {
		if got := Render("VECTOR", in); got != want {
			t.Errorf("Render(VECTOR, %q) = %q, want %q", in, got, want)
		}
	}
	if got := pythonFloat(1e16); got != "1e+16" {
		t.Errorf("pythonFloat(1e16) = %q, want 1e+16", got)
	}
}
