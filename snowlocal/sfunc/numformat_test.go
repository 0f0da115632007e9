package sfunc

import "testing"

// Expected values: the tables of docs "SQL format models" (sign position,
// fill mode, output examples) and TO_CHAR's number examples (the
// '>'/'<' literals show where spaces go), TO_DECIMAL's input examples.
func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		num, format string
		float       bool
		want        string
	}{
		{"12", "99", false, " 12"}, {"-7", "99", false, " -7"},
		{"12", "S99", false, "+12"}, {"-7", "S99", false, " -7"},
		{"12", "99S", false, "12+"}, {"-7", "99S", false, " 7-"},
		{"12", "MI99", false, " 12"}, {"-7", "MI99", false, "- 7"},
		{"12", "99MI", false, "12 "}, {"-7", "99MI", false, " 7-"},
		{"12", "$99", false, " $12"}, {"-7", "$99", false, " -$7"},
		{"12", "FM99", false, "12"}, {"-7", "FM99", false, "-7"},
		{"-123.45", "999.99MI", false, "123.45-"},
		{"12", `">"99"<"`, false, "> 12<"},
		{"-12.391", `">"$99.0"<"`, false, ">-$12.4<"},
		{"0.000", `">"$99.0"<"`, false, ">  $0.0<"},
		{"-1.000", `">"$99.0"<"`, false, "> -$1.0<"},
		{"0.010", `">"$99.0"<"`, false, ">  $0.0<"},
		{"3987.000", `">"$99.0"<"`, false, "> $##.#<"},
		{"-12.391", `">"B9,999.0"<"`, false, ">   -12.4<"},
		{"0.000", `">"B9,999.0"<"`, false, ">      .0<"},
		{"0.100", `">"B9,999.0"<"`, false, ">      .1<"},
		{"3987.000", `">"B9,999.0"<"`, false, "> 3,987.0<"},
		{"-12.391", `">"TME"<"`, false, ">-1.2391E1<"},
		{"0.000", `">"TME"<"`, false, ">0E0<"},
		{"0.100", `">"TME"<"`, false, ">1E-1<"},
		{"0.010", `">"TME"<"`, false, ">1E-2<"},
		{"3987.000", `">"TME"<"`, false, ">3.987E3<"},
		{"-12.391", `">"TM9"<"`, false, ">-12.391<"},
		{"-12.391", `">"0XXX"<"`, false, ">FFF4<"},
		{"3987.000", `">"0XXX"<"`, false, ">0F93<"},
		{"-12.391", `">"S0XXX"<"`, false, ">-000C<"},
		{"0.000", `">"S0XXX"<"`, false, ">+0000<"},
		{"1.2", "999,999.999", true, "       1.2  "},
		{"1234.56", "999,999.999", true, "   1,234.56 "},
		{"-123456.789", "999,999.999", true, "-123,456.789"},
		{"1.2", "S000,000.000", true, "+000,001.200"},
		{"1.2", "S999,999.999", true, "      +1.2  "},
		{"1234.56", "FM999,999.999", true, "1,234.56"},
	} {
		got, err := FormatNumber(c.num, c.format, c.float)
		if err != nil || got != c.want {
			t.Errorf("FormatNumber(%s, %q) = %q, %v; want %q", c.num, c.format, got, err, c.want)
		}
	}
	for _, f := range []string{"9d999EE", "TM", "99%"} {
		if _, err := FormatNumber("1", f, false); !isUnsupported(err) {
			t.Errorf("format %q: want a refusal, got %v", f, err)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, c := range []struct {
		s, format string
		scale     int
		want      string // "" = no match
	}{
		{"012,345.67", "999,999.99", 2, "12345.67"},
		{"12,345.67", "999,999.99", 2, "12345.67"},
		{" 12,345.67", "999,999.99", 2, "12345.67"},
		{"012,345.67", "000,000.00", 2, "12345.67"},
		{"12,345.67", "000,000.00", 2, ""},
		{" 12,345.67", "000,000.00", 2, ""},
		{"-101", "MI999|999MI", 0, "-101"},
		{"102-", "MI999|999MI", 0, "-102"},
		{"103", "MI999|999MI", 0, "103"},
		{"1.0", "99.9", 0, "1"}, {"-12.3", "99.9", 5, "-12.30000"}, {"- 0.1", "99.9", 0, "0"},
		{"- 0.1", "TM9", 5, "-0.10000"},
		{"3,741.72", "9,999.99", 2, "3741.72"},
		{"$3,741.72", "$9,999.99", 2, "3741.72"},
		{"ae5", "XXX", 0, "2789"},
		{"ae5", "XX", 0, ""},
	} {
		got, err := ParseNumber(c.s, c.format, c.scale)
		if c.want == "" {
			if err == nil {
				t.Errorf("ParseNumber(%q, %q) = %v, want an error", c.s, c.format, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseNumber(%q, %q) = %v, %v; want %s", c.s, c.format, got, err, c.want)
		}
	}
}
