package sfunc

import "testing"

// TestParseJSONLenientForms: Snowflake's PARSE_JSON takes single-quoted
// strings and a comma before an object's closing brace (docs: Using
// Sequences, "Ingesting and Normalizing Denormalized Data", whose input
// loads and whose FLATTENed values the page prints).
func TestParseJSONLenientForms(t *testing.T) {
	for in, want := range map[string]string{
		`{firstName : 'John', lastName : 'Doe',}`: `{"firstName":"John","lastName":"Doe"}`,
		`[ { contactData : 'a"b', } ]`:            `[{"contactData":"a\"b"}]`,
		`{a: 1 , }`:                               `{"a":1}`,
	} {
		got, err := ParseJSON(in, "")
		if err != nil || got != want {
			t.Errorf("ParseJSON(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
}
