package snowlocal_test

import "testing"

// TestStructuredLambdas: TRANSFORM and REDUCE of a structured ARRAY
// answer as the docs print them (docs: transform, "Multiply by Two
// (Structured)" is [2, 4, 6]; reduce, "sum_of_values_structured" is 6),
// the element argument of the element's type. TRANSFORM returns an ARRAY
// (a structured ARRAY reaches the client as one: docs, data-types-structured,
// "Accessing structured types in applications using drivers"); REDUCE a
// number, printed right-aligned by the docs: a NUMBER(38,0), the sum of
// the NUMBER(38,0) elements (rewrite/structured_lambda.go). The engine
// refused both before.
func TestStructuredLambdas(t *testing.T) {
	t.Parallel()
	db := open(t)
	for q, want := range map[string]string{
		`SELECT TRANSFORM([1, 2, 3]::ARRAY(INT), a INT -> a * 2)`:        "[2,4,6]",
		`SELECT REDUCE([1,2,3]::ARRAY(INT), 0, (acc, val) -> acc + val)`: "6",
	} {
		if got := compactJSON(queryValue(t, db, q)); got != want {
			t.Errorf("%s:\n got %s\nwant %s", q, got, want)
		}
	}
	wantColumnsTyped(t, db, `SELECT TRANSFORM([1, 2, 3]::ARRAY(INT), a INT -> a * 2)`, "ARRAY")
	wantColumnsTyped(t, db, `SELECT REDUCE([1,2,3]::ARRAY(INT), 0, (acc, val) -> acc + val)`, "FIXED")
	// A lambda result whose type the engine does not work out, and an
	// accumulator whose result type no source gives, are refused.
	wantRefused(t, db, `SELECT TRANSFORM([1, 2]::ARRAY(INT), a -> a / 3)`, "whose lambda result is not an integer number")
	wantRefused(t, db, `SELECT REDUCE([1, 2]::ARRAY(INT), '', (acc, val) -> acc || val)`, "REDUCE of a structured ARRAY(NUMBER(38,0))")
}
