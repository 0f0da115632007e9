package snowlocal

import (
	"testing"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// TestAllowedFunctionResultTypes walks the rewriter's function allow-list:
// every function must be in the docs table (rewrite.FunctionResultType: a
// function added to the allow-list must be classified from its docs
// page), and the result-set type the engine reports for a call
// (semiFuncClass) must be the documented one, so that no OBJECT- or
// ARRAY-returning function is reported as VARIANT.
func TestAllowedFunctionResultTypes(t *testing.T) {
	for _, fn := range rewrite.AllowedFunctions() {
		want, ok := rewrite.FunctionResultType(fn)
		if !ok {
			t.Errorf("%s: allowed but not in the docs table: classify it from its Returns section", fn)
			continue
		}
		switch want {
		case "NUMBER", "NUMERIC", "FLOAT", "VARCHAR", "BOOLEAN", "DATE", "TIME", "TIMESTAMP", "BINARY", "DECFLOAT":
			want = "" // not semi-structured
		}
		got, builtin := semiFuncClass(fn)
		if !builtin || got != want {
			t.Errorf("%s: result typed %q (built-in %v), docs say %q", fn, got, builtin, want)
		}
	}
}
