package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"sort"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// xmlFunctions are the XML functions: PARSE_XML, CHECK_XML, XMLGET and
// TO_XML (xml_parse.go, xml_print.go).
func xmlFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_PARSE_XML(text, disable_auto_convert): the OBJECT as JSON text.
		"_SF_GO_PARSE_XML": {in: []duckdb.Type{text, flag}, out: text, nullsIn: true, fn: func(a []driver.Value) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			if a[1] == nil { // the docs give no answer for it
				return nil, xmlUnsupported("PARSE_XML with a NULL DISABLE_AUTO_CONVERT")
			}
			return ParseXML(a[0].(string), a[1].(bool))
		}},
		// _SF_GO_PARSE_XML_STORED(text, disable_auto_convert): as
		// _SF_GO_PARSE_XML, refusing a DOUBLE (ParseXMLStored).
		"_SF_GO_PARSE_XML_STORED": {in: []duckdb.Type{text, flag}, out: text, nullsIn: true, fn: func(a []driver.Value) (any, error) {
			if a[0] == nil {
				return nil, nil
			}
			if a[1] == nil {
				return nil, xmlUnsupported("PARSE_XML with a NULL DISABLE_AUTO_CONVERT")
			}
			return ParseXMLStored(a[0].(string), a[1].(bool))
		}},
		// _SF_GO_CHECK_XML(text): CHECK_XML's message, NULL when valid.
		"_SF_GO_CHECK_XML": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			msg, err := CheckXML(a[0].(string))
			if err != nil || msg == "" {
				return nil, err
			}
			return msg, nil
		}},
		// _SF_GO_XMLGET(JSON text, tag, instance): the element as JSON text.
		"_SF_GO_XMLGET": {in: []duckdb.Type{text, text, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			out, ok, err := XMLGet(a[0].(string), a[1].(string), a[2].(int64))
			if !ok || err != nil {
				return nil, err
			}
			return out, nil
		}},
		// Reads of an XML value or a part of one (xml_read.go).
		// _SF_GO_XML_AT(JSON text, JSONPath): the value there, NULL when absent.
		"_SF_GO_XML_AT": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			out, ok, err := XMLAt(a[0].(string), a[1].(string))
			if !ok || err != nil {
				return nil, err
			}
			return out, nil
		}},
		// _SF_GO_XML_PATH_READABLE(JSON text, JSONPath): true or a refusal.
		"_SF_GO_XML_PATH_READABLE": {in: []duckdb.Type{text, text}, out: flag, fn: func(a []driver.Value) (any, error) {
			if err := XMLPathReadable(a[0].(string), a[1].(string)); err != nil {
				return nil, err
			}
			return true, nil
		}},
		// _SF_GO_XML_READABLE(JSON text, deep): true or a refusal.
		"_SF_GO_XML_READABLE": {in: []duckdb.Type{text, flag}, out: flag, fn: func(a []driver.Value) (any, error) {
			if err := XMLReadable(a[0].(string), a[1].(bool)); err != nil {
				return nil, err
			}
			return true, nil
		}},
		// _SF_GO_TO_XML(JSON text): TO_XML's text.
		"_SF_GO_TO_XML": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return ToXML(a[0].(string))
		}},
	}
}

// XMLGet is XMLGET(doc, tag, instance) on JSON text doc: the instance-th
// (0-based) child element named tag of XML element doc as JSON text; ok is
// false when there is none (docs: xmlget, "If the tag instance isn't
// found", NULL).
func XMLGet(doc, tag string, instance int64) (out string, ok bool, err error) {
	v, err := decodeVariant(doc)
	if err != nil {
		return "", false, err
	}
	if !isXMLElement(v) {
		return "", false, xmlUnsupported("XMLGET of a value that is not an XML element")
	}
	if !isMarkedXML(doc) {
		return "", false, refuseUnmarkedXML("XMLGET")
	}
	if instance < 0 {
		return "", false, xmlUnsupported("XMLGET with a negative instance number")
	}
	var items []any
	switch c := v.(map[string]any)["$"].(type) {
	case []any:
		items = c
	case nil:
	default:
		items = []any{c}
	}
	for _, it := range items {
		e, isObj := it.(map[string]any)
		if !isObj || e["@"] != tag {
			continue
		}
		if instance == 0 {
			var b strings.Builder
			writeSorted(&b, e)
			return markXML(b.String()), true, nil
		}
		instance--
	}
	return "", false, nil
}

// ToXML is TO_XML of VARIANT JSON text: an XML element as its compact XML
// text (docs: to_xml, TO_XML(x) of PARSE_XML's OBJECT); an OBJECT or ARRAY
// of other origin as the XML the page shows, each value tagged with its
// type: <SnowflakeData type="OBJECT"><key1 type="VARCHAR">value1</key1>...
// </SnowflakeData>, an ARRAY's elements as <e type="VARCHAR">v1</e>. Only
// the types the page shows (OBJECT, ARRAY, VARCHAR) are written: the tags
// of numbers, booleans and nulls, of empty containers and of a scalar at
// the top are not documented and are refused.
func ToXML(doc string) (string, error) {
	v, err := decodeVariant(doc)
	if err != nil {
		return "", err
	}
	if isXMLElement(v) {
		if !isMarkedXML(doc) {
			return "", refuseUnmarkedXML("TO_XML")
		}
		return xmlText(v, false)
	}
	switch v.(type) {
	case map[string]any, []any:
	default:
		return "", xmlUnsupported("TO_XML of a value that is not an OBJECT or ARRAY")
	}
	var b strings.Builder
	if err := writeSnowflakeData(&b, "SnowflakeData", v); err != nil {
		return "", err
	}
	return b.String(), nil
}

func writeSnowflakeData(b *strings.Builder, tag string, v any) error {
	switch x := v.(type) {
	case string:
		t, err := xmlScalarText(x, false)
		if err != nil {
			return err
		}
		b.WriteString("<" + tag + ` type="VARCHAR">` + t + "</" + tag + ">")
	case map[string]any:
		if len(x) == 0 {
			return xmlUnsupported("TO_XML of an empty OBJECT")
		}
		if isXMLElement(x) {
			return xmlUnsupported("TO_XML of an XML element inside other data")
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			if !isXMLName(k) {
				return xmlUnsupported("TO_XML of an OBJECT key that is not an XML name")
			}
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteString("<" + tag + ` type="OBJECT">`)
		for _, k := range keys {
			if err := writeSnowflakeData(b, k, x[k]); err != nil {
				return err
			}
		}
		b.WriteString("</" + tag + ">")
	case []any:
		if len(x) == 0 {
			return xmlUnsupported("TO_XML of an empty ARRAY")
		}
		b.WriteString("<" + tag + ` type="ARRAY">`)
		for _, e := range x {
			if err := writeSnowflakeData(b, "e", e); err != nil {
				return err
			}
		}
		b.WriteString("</" + tag + ">")
	case json.Number:
		return xmlUnsupported("TO_XML of a number inside an OBJECT or ARRAY (its type tag)")
	default:
		return xmlUnsupported("TO_XML of a boolean, null or undefined value (its type tag)")
	}
	return nil
}
