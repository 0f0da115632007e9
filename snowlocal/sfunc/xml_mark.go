package sfunc

import "strings"

// Telling PARSE_XML's values apart. In Snowflake an XML value is its own
// kind of VARIANT: it prints as XML, while an OBJECT built otherwise
// (OBJECT_CONSTRUCT, PARSE_JSON, an object literal) with the same keys "@"
// and "$" is an ordinary OBJECT and prints as JSON. The local VARIANT is
// JSON text, so PARSE_XML and XMLGET begin theirs with xmlMark, whitespace
// that every JSON reader skips. DuckDB keeps a JSON text as written when
// it is stored or passed along, but writes a new text (without the mark)
// when it takes a value apart (a path, GET, OBJECT_INSERT), and the only
// producers that keep a user's text as written (TRY_PARSE_JSON, COPY of
// JSON) have its leading whitespace removed first, so no other producer
// can begin a text with the mark.
//
// An OBJECT of an XML element's shape without the mark may be an element
// taken out of a PARSE_XML value by a path (printed as XML in Snowflake)
// or an ordinary OBJECT (printed as JSON): printing or converting it as
// either would guess, so it is refused (refuseUnmarkedXML).
const xmlMark = "\r\t\r"

// markXML is the JSON text of an XML element as PARSE_XML and XMLGET
// return it.
func markXML(json string) string { return xmlMark + json }

// isMarkedXML reports whether JSON text s was written by PARSE_XML or
// XMLGET.
func isMarkedXML(s string) bool { return strings.HasPrefix(s, xmlMark) }

// refuseUnmarkedXML is the refusal of what would read an OBJECT of an XML
// element's shape not known to come from PARSE_XML or XMLGET.
func refuseUnmarkedXML(what string) error {
	return xmlUnsupported(what + " of an OBJECT of an XML element's shape not made by PARSE_XML or XMLGET (an element taken out of an XML value by a path, or an OBJECT built otherwise)")
}
