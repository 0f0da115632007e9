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

// TestVariantDocumentTextAndConcat: an OBJECT converted to text (::VARCHAR,
// TO_VARCHAR, an operand of || or CONCAT) is its JSON document as TO_JSON
// writes it — the engine's results and TO_JSON write keys sorted, as the
// docs' TO_JSON example `{"e":2.71,"pi":3.14}` shows
// (https://docs.snowflake.com/en/sql-reference/functions/to_json) — where
// ::VARCHAR kept the keys as written (`{"b":1,"a":2}`), so one OBJECT had
// two texts. A VARIANT operand of || converted as DuckDB casts JSON: a
// string kept its quotes (`k="s"`) and a number its trailing zeros, where
// the same value read through a path (`v:a`) converted as ::VARCHAR does
// ("17 || '76'" coerces as a cast: https://docs.snowflake.com/en/sql-reference/data-type-conversion).
func TestVariantDocumentTextAndConcat(t *testing.T) {
	db := open(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT PARSE_JSON('{"b":1,"a":2}')::VARCHAR`, `{"a":2,"b":1}`},
		{`SELECT TO_VARCHAR(OBJECT_CONSTRUCT('b', 1, 'a', [{'d': 1, 'c': 2}]))`, `{"a":[{"c":2,"d":1}],"b":1}`},
		{`SELECT PARSE_JSON('[3,{"z":1,"y":"s"}]')::VARCHAR`, `[3,{"y":"s","z":1}]`},
		{`SELECT 'k=' || OBJECT_CONSTRUCT('b', 1, 'a', 2)`, `k={"a":2,"b":1}`},
		{`SELECT CONCAT('k=', PARSE_JSON('{"b":1,"a":2}'))`, `k={"a":2,"b":1}`},
		{`SELECT 'k=' || PARSE_JSON('"s"')`, "k=s"},
		{`SELECT 'k=' || PARSE_JSON('1.50')`, "k=1.5"},
		{`SELECT 'k=' || v || '|' || v:a FROM (SELECT PARSE_JSON('{"a":"s"}') AS v)`, `k={"a":"s"}|s`},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}
