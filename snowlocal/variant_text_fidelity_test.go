package snowlocal_test

import "testing"

// TestVariantIntegerText: "when parsing decimal numbers, PARSE_JSON
// attempts to preserve exactness of the representation by treating 123.45
// as NUMBER(5,2), not as a DOUBLE. However, numbers using scientific
// notation (for example, 1.2345e+02) or numbers which cannot be stored as
// fixed-point decimals due to range or scale limitations are stored as
// DOUBLE" (https://docs.snowflake.com/en/sql-reference/functions/parse_json,
// usage notes). An integer of 20 to 38 digits is a NUMBER, whose text is its
// digits: `::VARCHAR` of 10^23 answered '1' (its trailing zeros were
// dropped as if they were a fraction's). A DOUBLE's text follows the FLOAT
// rule (refused outside what the docs pin: numeric_fidelity_test.go).
func TestVariantIntegerText(t *testing.T) {
	db := open(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT PARSE_JSON('100000000000000000000000')::VARCHAR`, "100000000000000000000000"},
		{`SELECT TO_VARCHAR(PARSE_JSON('-120000000000000000000'))`, "-120000000000000000000"},
		{`SELECT PARSE_JSON('{"n": 100000000000000000000000}'):n::VARCHAR`, "100000000000000000000000"},
		{`SELECT PARSE_JSON('1.50')::VARCHAR`, "1.5"},
		{`SELECT PARSE_JSON('1.912e2')::VARCHAR`, "191.2"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	wantRefused(t, db, `SELECT PARSE_JSON('1234567890123456789012345678901234567890')::VARCHAR`, "the text of a FLOAT")
}
