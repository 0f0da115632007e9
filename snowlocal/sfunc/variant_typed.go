package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// A DATE, TIME, TIMESTAMP or BINARY value cast to VARIANT keeps its type in
// Snowflake (docs: is_date-value, TYPEOF of such a value is DATE, TIME,
// TIMESTAMP_NTZ, TIMESTAMP_LTZ or TIMESTAMP_TZ; is_binary, a BINARY prints
// as its hex digits, "736E6F77"). The local VARIANT is JSON text: such a
// value is held as a JSON string of the text Snowflake prints, whose first
// k characters are written as \u00XX escapes, k naming the type
// (VariantTypeTags). A JSON string means the same whatever its escapes, so
// whatever reads the value as JSON (the result's display, ::VARCHAR, a
// cast to DATE) reads the printed text; only the functions that ask for
// the type (rewrite/variant_typed.go) read the escapes.
//
// The escaped characters are digits, the letters A-F, '-' and ':', which no
// other writer of the engine's VARIANT text escapes: PARSE_JSON re-writes
// every string (quote: Go's encoder, HTML escaping off, escapes only
// quotes, backslashes and control characters), DuckDB's to_json escapes
// the same. (A JSON file loaded by COPY whose top-level value is such a
// string written with those escapes would read as tagged.)

// VariantTypeTags are the types a tagged VARIANT string holds, by the
// number of its leading escaped characters.
// Tag 7 is a TIME whose fraction of a second the text does not show
// (variantTime).
var VariantTypeTags = []string{1: "BINARY", 2: "DATE", 3: "TIME", 4: "TIMESTAMP_NTZ", 5: "TIMESTAMP_LTZ", 6: "TIMESTAMP_TZ", 7: "TIME"}

// A TIME in a VARIANT prints without its fraction (docs: is_time, the
// VARIANT of TO_TIME('20:57:01.123456789+07:00') prints "20:57:01"). One
// with a fraction is held as its printed text tagged 7 rather than 3: its
// type and text are Snowflake's, and the functions that would read the
// lost fraction back (AS_TIME, a cast to TIME or VARCHAR) refuse a value
// tagged 7 (rewrite/funcs_typed_variant.go).

func variantTypedFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_VARIANT_TYPED(duckdb type, to_json of the value): the
		// tagged JSON text of a DATE, TIME, TIMESTAMP or BLOB.
		"_SF_GO_VARIANT_TYPED": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return variantTyped(a[0].(string), a[1].(string))
		}},
		// _SF_GO_VARIANT_TIME(text): the tagged JSON text of a TIME given
		// as normalized text (HH:MI:SS with a fraction of any length, from
		// _SF_GO_TIME_NORM), nanoseconds included: TO_VARIANT(TO_TIME(text)).
		"_SF_GO_VARIANT_TIME": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return variantTime(a[0].(string))
		}},
	}
}

var reVariantDate = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

// variantTyped is the tagged JSON text of a value of DuckDB type typ whose
// to_json text is j.
func variantTyped(typ, j string) (string, error) {
	if strings.HasPrefix(typ, "STRUCT(sf_tz_utc") {
		s, err := dateTimeElement(typ, j)
		if err != nil {
			return "", err
		}
		return tagged(s, 6), nil
	}
	var s string
	if err := json.Unmarshal([]byte(j), &s); err != nil {
		return "", err
	}
	switch typ {
	case "DATE":
		// A year outside 0001-9999 prints otherwise (no docs example).
		if !reVariantDate.MatchString(s) || s < "0001" {
			return "", &UnsupportedError{What: "a DATE outside the years 1 to 9999 cast to VARIANT"}
		}
		return tagged(s, 2), nil
	case "TIME":
		return variantTime(s)
	case "TIMESTAMP", "TIMESTAMP WITH TIME ZONE":
		e, err := dateTimeElement(typ, j)
		if err != nil {
			return "", err
		}
		if typ == "TIMESTAMP" {
			return tagged(e, 4), nil
		}
		return tagged(e, 5), nil
	case "BLOB":
		hex, err := blobHex(s)
		if err != nil {
			return "", err
		}
		if hex == "" {
			return "", &UnsupportedError{What: "an empty BINARY value cast to VARIANT"}
		}
		return tagged(hex, 1), nil
	}
	return "", fmt.Errorf("_SF_GO_VARIANT_TYPED of a %s", typ)
}

// variantTime is the tagged JSON text of a TIME whose text is s: its
// whole seconds, tagged 3, or 7 where a fraction is dropped (VariantTypeTags).
// A fraction of half a second or more is refused as in an OBJECT or ARRAY
// (datetime_element.go): no docs example shows whether it rounds.
func variantTime(s string) (string, error) {
	m := reElemTime.FindStringSubmatch(s)
	if m == nil {
		return "", &UnsupportedError{What: "a TIME of this form cast to VARIANT"}
	}
	if strings.Trim(m[3], "0") == "" {
		return tagged(m[1], 3), nil
	}
	if m[3][0] >= '5' {
		return "", &UnsupportedError{What: "a TIME with a fraction of half a second or more cast to VARIANT"}
	}
	return tagged(m[1], 7), nil
}

// tagged is s (digits, A-F, '-', ':', '.', '+' and spaces) as a JSON
// string whose first k characters (digits, A-F, '-' or ':') are \u00XX
// escapes.
func tagged(s string, k int) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if i < k {
			fmt.Fprintf(&b, `\u%04x`, s[i])
		} else {
			b.WriteByte(s[i])
		}
	}
	b.WriteByte('"')
	return b.String()
}

// blobHex is the upper-case hex of a BLOB from DuckDB's text of it
// (printable ASCII bytes as themselves, others as \xHH).
func blobHex(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				return "", fmt.Errorf("BLOB text %q: %w", s, err)
			}
			c = byte(v)
			i += 3
		}
		fmt.Fprintf(&b, "%02X", c)
	}
	return b.String(), nil
}
