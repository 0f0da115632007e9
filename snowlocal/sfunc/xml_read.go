package sfunc

import (
	"encoding/json"
	"strings"
)

// Reading PARSE_XML's values by a path, GET, OBJECT_KEYS or FLATTEN. Two
// forms of an XML element have a JSON form no source shows (xml_print.go,
// xmlShapeUnknown): an empty element (whether it has a "$") and an element
// holding a lone child element (whether it keeps the child's position key,
// as in {"$": {"@": "b"}, "@": "a", "b": 0}). A read that depends on one
// of them is refused; the documented reads ("@", "@attr", "$" of an element
// with content, a repeated child's positions, FLATTEN over "$") answer.
//
// A part of an XML value that a path or FLATTEN takes out and that holds
// an element begins with xmlPartMark, so that a later read of it is
// checked the same way. It is not xmlMark: such a part is not known to
// print as XML, and printing it stays refused (refuseUnmarkedXML). The SQL
// calls these functions only for a text beginning with a carriage return,
// the first character of both marks, so other VARIANTs read as before.
const xmlPartMark = "\r\n\r"

// isXMLText reports whether JSON text s is an XML value or a part of one.
func isXMLText(s string) bool {
	return isMarkedXML(s) || strings.HasPrefix(s, xmlPartMark)
}

// XMLAt is JSONAt for an XML value or part doc: the value at JSONPath path,
// refused when the path reads what xmlShapeUnknown names (the "$" of an
// empty element, the position key of a lone child element), and marked
// with xmlPartMark when it holds an element.
func XMLAt(doc, path string) (out string, ok bool, err error) {
	if !isXMLText(doc) {
		return JSONAt(doc, path)
	}
	v, err := decodeVariant(doc)
	if err != nil {
		return "", false, err
	}
	if v, ok, err = walkJSONPath(v, path, xmlKeyStep); !ok || err != nil {
		return "", false, err
	}
	var b strings.Builder
	if holdsXMLElement(v) {
		b.WriteString(xmlPartMark)
	}
	writeSorted(&b, v)
	return b.String(), true, nil
}

// XMLPathReadable reports, as an error, a path into doc that XMLAt refuses.
func XMLPathReadable(doc, path string) error {
	if !isXMLText(doc) {
		return nil
	}
	v, err := decodeVariant(doc)
	if err != nil {
		return err
	}
	_, _, err = walkJSONPath(v, path, xmlKeyStep)
	return err
}

// XMLReadable reports, as an error, an XML value or part doc holding an
// element of unknown JSON form: its whole tree (deep) or its top element
// only (a reader of its keys: OBJECT_KEYS, FLATTEN without RECURSIVE).
func XMLReadable(doc string, deep bool) error {
	if !isXMLText(doc) {
		return nil
	}
	v, err := decodeVariant(doc)
	if err != nil {
		return err
	}
	if deep {
		return xmlShapeUnknown(v)
	}
	if m, ok := v.(map[string]any); ok && isXMLElement(m) {
		return elementShapeUnknown(m)
	}
	return nil
}

// xmlKeyStep refuses a path step reading the "$" of an empty element or
// the position key of a child element its parent holds once.
func xmlKeyStep(in map[string]any, key string) error {
	if !isXMLElement(in) || key == "@" || strings.HasPrefix(key, "@") {
		return nil
	}
	if key == "$" {
		if _, has := in["$"]; !has {
			return elementShapeUnknown(in)
		}
		return nil
	}
	if _, one := in[key].(json.Number); one {
		return xmlUnsupported("the JSON form of an XML element holding one child element named " + key + " (whether it keeps the position key)")
	}
	return nil
}

// holdsXMLElement reports whether v is or holds an XML element.
func holdsXMLElement(v any) bool {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			if holdsXMLElement(e) {
				return true
			}
		}
	case map[string]any:
		if isXMLElement(x) {
			return true
		}
		for _, e := range x {
			if holdsXMLElement(e) {
				return true
			}
		}
	}
	return false
}
