package sfunc

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// Printing an XML OBJECT. Snowflake shows the OBJECT PARSE_XML returns, and
// an element XMLGET returns, as XML text (docs: parse_xml, xmlget,
// semistructured-data-formats): in a result pretty-printed, an element whose
// content is one text or number on one line ('<a attr="123">text</a>'), any
// other content one item a line, indented two spaces ('<a>', '  <b>X</b>',
// '  <b>Y</b>', '</a>'), an empty element as '<a></a>'; cast to VARCHAR and
// by TO_XML compact ('<note><body>Sample XML</body></note>', docs: to_xml).
// A DOUBLE prints as a VARIANT prints it (2.225700000000000e+115, docs:
// parse_xml). Inside an ARRAY printed as JSON an element stays a JSON
// object (xmlget: GET(XMLGET(..), '$') shows {"$": "3A", "@": "level3"}).
//
// The local VARIANT is JSON text, so an OBJECT is printed as XML when it
// has the shape PARSE_XML writes (isXMLElement) and PARSE_XML or XMLGET
// wrote it (xml_mark.go); another of that shape is refused. An attribute
// value escapes <, > and ' (docs: bcr-1862, myattr="&lt;&gt;&apos;").
// Where the docs do not fix the printing, it is refused: more than one
// attribute (their order), an empty string, a text holding <, >, &, " or '
// and an attribute value holding & or ", a boolean or a fixed-point number
// with a fraction, and compact text of mixed content.

// isXMLElement reports whether v is an OBJECT of the shape PARSE_XML
// writes: "@" a tag name; "@name" attribute values that are strings or
// numbers; "$" absent, a scalar, one element, or an ARRAY of scalars and
// elements; and, for each child element name, its position in "$" (an
// ARRAY of positions when the name repeats), no other key.
func isXMLElement(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	name, ok := m["@"].(string)
	if !ok || !isXMLName(name) {
		return false
	}
	var items []any
	if c, has := m["$"]; has {
		if a, isArr := c.([]any); isArr {
			items = a
		} else {
			items = []any{c}
		}
	}
	want := map[string][]int{}
	for i, it := range items {
		switch x := it.(type) {
		case map[string]any:
			if !isXMLElement(x) {
				return false
			}
			n := x["@"].(string)
			want[n] = append(want[n], i)
		case string, json.Number, bool:
		default:
			return false
		}
	}
	children := 0
	for k, val := range m {
		switch {
		case k == "@" || k == "$":
		case strings.HasPrefix(k, "@"):
			if n := k[1:]; n == "" || xmlAttrNameRE.FindString(n) != n {
				return false
			}
			switch val.(type) {
			case string, json.Number:
			default:
				return false
			}
		default:
			pos, ok := want[k]
			if !ok || !samePositions(val, pos) {
				return false
			}
			children++
		}
	}
	return children == len(want)
}

func isXMLName(s string) bool {
	return s != "" && xmlNameRE.FindString(s) == s
}

func samePositions(v any, pos []int) bool {
	if len(pos) == 1 {
		n, ok := v.(json.Number)
		return ok && string(n) == strconv.Itoa(pos[0])
	}
	a, ok := v.([]any)
	if !ok || len(a) != len(pos) {
		return false
	}
	for i, e := range a {
		n, ok := e.(json.Number)
		if !ok || string(n) != strconv.Itoa(pos[i]) {
			return false
		}
	}
	return true
}

// writeXMLElement writes XML element m; indent is the current indentation
// of a pretty print, pretty false for the compact text.
func writeXMLElement(b *strings.Builder, m map[string]any, indent string, pretty bool) error {
	name := m["@"].(string)
	b.WriteString("<" + name)
	var attrs []string
	for k := range m {
		if len(k) > 1 && k[0] == '@' {
			attrs = append(attrs, k)
		}
	}
	if len(attrs) > 1 {
		return xmlUnsupported("printing an XML element with more than one attribute (their order)")
	}
	sort.Strings(attrs)
	for _, k := range attrs {
		t, err := xmlScalarText(m[k], true)
		if err != nil {
			return err
		}
		b.WriteString(" " + k[1:] + `="` + t + `"`)
	}
	b.WriteByte('>')
	c, has := m["$"]
	var items []any
	switch x := c.(type) {
	case nil:
		if has {
			return xmlUnsupported("printing an XML element whose content is a JSON null")
		}
	case []any:
		items = x
	case map[string]any:
		items = []any{x}
	default:
		t, err := xmlScalarText(x, false)
		if err != nil {
			return err
		}
		b.WriteString(t)
	}
	if len(items) > 0 {
		mixed := false
		for _, it := range items {
			if _, isObj := it.(map[string]any); !isObj {
				mixed = true
			}
		}
		if !pretty && mixed {
			return xmlUnsupported("XML text of an element mixing text and elements")
		}
		inner := indent + "  "
		for _, it := range items {
			if pretty {
				b.WriteString("\n" + inner)
			}
			if e, isObj := it.(map[string]any); isObj {
				if err := writeXMLElement(b, e, inner, pretty); err != nil {
					return err
				}
				continue
			}
			t, err := xmlScalarText(it, false)
			if err != nil {
				return err
			}
			b.WriteString(t)
		}
		if pretty {
			b.WriteString("\n" + indent)
		}
	}
	b.WriteString("</" + name + ">")
	return nil
}

// xmlAttrEscapes are the escapes of an attribute value the docs show
// (bcr-1862: the value <>' prints as myattr="&lt;&gt;&apos;").
var xmlAttrEscapes = strings.NewReplacer("<", "&lt;", ">", "&gt;", "'", "&apos;")

// xmlScalarText is a text or (attr) attribute value as XML text.
func xmlScalarText(v any, attr bool) (string, error) {
	switch x := v.(type) {
	case string:
		special := `<>&"'`
		if attr {
			special = `&"`
		}
		if x == "" || strings.ContainsAny(x, special) || strings.ContainsAny(x, "\t\r\n") {
			return "", xmlUnsupported("printing an XML text or attribute value that is empty or holds a character whose escape the docs do not show")
		}
		if attr {
			return xmlAttrEscapes.Replace(x), nil
		}
		return x, nil
	case json.Number:
		t := string(x)
		if !NumberIsDouble(t) && strings.Contains(t, ".") {
			return "", xmlUnsupported("printing a number with a fraction in XML (trailing zeros)")
		}
		if attr && NumberIsDouble(t) {
			return "", xmlUnsupported("printing a DOUBLE attribute value in XML")
		}
		return FormatVariantNumber(t)
	}
	return "", xmlUnsupported("printing a boolean or null value in XML")
}

// xmlText is the XML text of element v, pretty-printed or compact.
func xmlText(v any, pretty bool) (string, error) {
	var b strings.Builder
	if err := writeXMLElement(&b, v.(map[string]any), "", pretty); err != nil {
		return "", err
	}
	return b.String(), nil
}

// xmlShapeUnknown refuses writing as JSON (a result, a cast to VARCHAR,
// TO_JSON) a value holding an XML element whose JSON form no source shows:
// an empty element (whether Snowflake gives it a "$") and a child element
// its parent holds once (whether the parent keeps its position key, as in
// {"$": {"@": "b"}, "@": "a", "b": 0}). The docs show elements with
// content and no children, and an ARRAY of positions of a repeated child
// (xmlget: GET(XMLGET(object_col, 'level2'), '$')).
func xmlShapeUnknown(v any) error {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if err := xmlShapeUnknown(e); err != nil {
				return err
			}
		}
	case map[string]any:
		if isXMLElement(x) {
			if err := elementShapeUnknown(x); err != nil {
				return err
			}
		}
		for _, e := range x {
			if err := xmlShapeUnknown(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// elementShapeUnknown is xmlShapeUnknown of XML element m itself, not of
// the elements it holds.
func elementShapeUnknown(m map[string]any) error {
	if _, has := m["$"]; !has {
		return xmlUnsupported("the JSON form of an empty XML element (whether it has a \"$\")")
	}
	var lone []string
	for k, pos := range m {
		if _, one := pos.(json.Number); one && k != "$" && k[0] != '@' {
			lone = append(lone, k)
		}
	}
	if len(lone) > 0 {
		sort.Strings(lone)
		return xmlUnsupported("the JSON form of an XML element holding one child element named " + lone[0] + " (whether it keeps the position key)")
	}
	return nil
}
