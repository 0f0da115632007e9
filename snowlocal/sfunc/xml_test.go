package sfunc

import (
	"strings"
	"testing"
)

// TestParseXMLShape: the OBJECT PARSE_XML makes, as JSON text, and its XML
// printing (docs: xmlget, GET(XMLGET(object_col, 'level2'), '$') is
// [2, {"$": "3A", "@": "level3"}, {"$": "3B", "@": "level3"}]; parse_xml,
// xtab's rows).
func TestParseXMLShape(t *testing.T) {
	for _, c := range []struct{ in, json, pretty, compact string }{
		{"<a/>", `{"@":"a"}`, "<a></a>", "<a></a>"},
		{`<a attr="123">text</a>`, `{"$":"text","@":"a","@attr":123}`, `<a attr="123">text</a>`, `<a attr="123">text</a>`},
		{"<a><b>X</b><b>Y</b></a>", `{"$":[{"$":"X","@":"b"},{"$":"Y","@":"b"}],"@":"a","b":[0,1]}`,
			"<a>\n  <b>X</b>\n  <b>Y</b>\n</a>", "<a><b>X</b><b>Y</b></a>"},
		{"<level2> 2 <level3> 3A </level3> <level3> 3B </level3> </level2>",
			`{"$":[2,{"$":"3A","@":"level3"},{"$":"3B","@":"level3"}],"@":"level2","level3":[1,2]}`,
			"<level2>\n  2\n  <level3>3A</level3>\n  <level3>3B</level3>\n</level2>", ""},
		{"<note> <body>Sample XML</body> </note>", `{"$":{"$":"Sample XML","@":"body"},"@":"note","body":0}`,
			"<note>\n  <body>Sample XML</body>\n</note>", "<note><body>Sample XML</body></note>"},
	} {
		got, err := ParseXML(c.in, false)
		got = strings.TrimPrefix(got, xmlMark)
		if err != nil || got != c.json {
			t.Errorf("ParseXML(%q) = %s, %v; want %s", c.in, got, err, c.json)
			continue
		}
		v, _ := decodeVariant(got)
		if !isXMLElement(v) {
			t.Errorf("%s: not an XML element", got)
			continue
		}
		if p, err := xmlText(v, true); err != nil || p != c.pretty {
			t.Errorf("%s pretty = %q, %v; want %q", c.in, p, err, c.pretty)
		}
		if c.compact == "" {
			if _, err := xmlText(v, false); !isUnsupported(err) {
				t.Errorf("%s compact: want refused, got %v", c.in, err)
			}
		} else if p, err := xmlText(v, false); err != nil || p != c.compact {
			t.Errorf("%s compact = %q, %v; want %q", c.in, p, err, c.compact)
		}
	}
	// Not PARSE_XML's shape: printed as JSON.
	for _, s := range []string{`{"@":1}`, `{"@":"a","b":0}`, `{"$":"x"}`, `{"$":[{"@":"b"}],"@":"a"}`, `{"@":"a","x":"y"}`} {
		v, _ := decodeVariant(s)
		if isXMLElement(v) {
			t.Errorf("%s: taken for an XML element", s)
		}
	}
}
