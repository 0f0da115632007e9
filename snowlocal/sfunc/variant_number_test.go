package sfunc

import "testing"

// Expected forms from Snowflake's documentation: PARSE_JSON/TYPEOF
// (1.912e2 is a DOUBLE printed 1.912000000000000e+02, 123.12 a DECIMAL,
// -17 an INTEGER), data type conversion (5.000 in a VARIANT casts to '5').
func TestVariantNumbers(t *testing.T) {
	for _, c := range []struct {
		in      string
		double  bool
		display string
		varchar string
	}{
		{"1.912e2", true, "1.912000000000000e+02", "191.2"},
		{"123.12", false, "123.12", "123.12"},
		{"-17", false, "-17", "-17"},
		{"5.000", false, "5", "5"},
		{"3.0000000000000000e+00", true, "3.000000000000000e+00", "3"},
	} {
		if got := NumberIsDouble(c.in); got != c.double {
			t.Errorf("NumberIsDouble(%s) = %v", c.in, got)
		}
		if got, err := FormatVariantNumber(c.in); err != nil || got != c.display {
			t.Errorf("FormatVariantNumber(%s) = %q, %v; want %q", c.in, got, err, c.display)
		}
		if got, err := VarcharOfNumber(c.in); err != nil || got != c.varchar {
			t.Errorf("VarcharOfNumber(%s) = %q, %v; want %q", c.in, got, err, c.varchar)
		}
	}
}

func TestJSONAtKeepsNumberText(t *testing.T) {
	doc := `{"a": {"b c": [1, 1.912e2]}, "n": 5.000}`
	for path, want := range map[string]string{
		`$."a"."b c"[1]`: "1.912e2",
		`$.n`:            "5.000",
		`$."a"`:          `{"b c":[1,1.912e2]}`,
	} {
		got, ok, err := JSONAt(doc, path)
		if err != nil || !ok || got != want {
			t.Errorf("JSONAt(%s) = %q, %v, %v; want %q", path, got, ok, err, want)
		}
	}
	if _, ok, err := JSONAt(doc, `$."missing"`); ok || err != nil {
		t.Errorf("JSONAt(missing) = %v, %v; want not found", ok, err)
	}
	if got, err := VariantDisplay(`{"b":1.5e0,"a":[]}`); err != nil || got != "{\n  \"a\": [],\n  \"b\": 1.500000000000000e+00\n}" {
		t.Errorf("VariantDisplay = %q, %v", got, err)
	}
}

// An OBJECT/ARRAY cast to VARCHAR is its JSON document as TO_JSON writes it
// (docs: TO_VARCHAR usage notes); other text is no document (the engine may
// call the function on a folded constant of another type).
func TestVarcharOfDocument(t *testing.T) {
	for in, want := range map[string]string{
		` {"b": 1.912e2, "a": [2.5e0, 1.50, "x"]}`: `{"a":[2.500000000000000e+00,1.5,"x"],"b":1.912000000000000e+02}`,
		`[]`: `[]`,
	} {
		if got, ok, err := VarcharOfDocument(in); !ok || err != nil || got != want {
			t.Errorf("VarcharOfDocument(%s) = %q, %v, %v; want %q", in, got, ok, err, want)
		}
	}
	for _, in := range []string{"5", `"s"`, "2020-01-01", ""} {
		if got, ok, err := VarcharOfDocument(in); ok || err != nil {
			t.Errorf("VarcharOfDocument(%q) = %q, %v, %v; want not a document", in, got, ok, err)
		}
	}
}
