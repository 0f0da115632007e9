package sfunc

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Numbers in a VARIANT. Snowflake keeps a JSON number either as a
// fixed-point NUMBER or as a DOUBLE: PARSE_JSON reads a number written with
// an exponent, or one a NUMBER(38, s) cannot hold (more than 38 digits, or a
// scale above 37), as a DOUBLE, and any other as a NUMBER (docs: PARSE_JSON
// usage notes); a FLOAT value cast to VARIANT stays a DOUBLE. The local
// VARIANT is JSON text, so the kind rides on the number's text: a DOUBLE is
// always stored with an exponent (rewrite writes a FLOAT as '%.16e', which
// keeps every bit), a fixed-point number never.
//
// Snowflake prints a DOUBLE held in a VARIANT, OBJECT or ARRAY — in a
// result and in TO_JSON — with 16 significant digits and a two-digit
// exponent: 1.912000000000000e+02 (docs: PARSE_JSON, TYPEOF, TO_VARIANT of
// a FLOAT, ARRAY_CONSTRUCT_COMPACT of 3::DOUBLE). A fixed-point number
// prints without trailing fraction zeros: the docs' data type conversion
// page shows PARSE_JSON('{"Loan Number": 5.000}'):"Loan Number"::VARCHAR as
// 5. A DOUBLE cast to VARCHAR omits trailing zeros as a FLOAT does.

// NumberIsDouble reports whether the JSON number text t is a DOUBLE in
// Snowflake's VARIANT.
func NumberIsDouble(t string) bool {
	if strings.ContainsAny(t, "eE") {
		return true
	}
	digits := strings.TrimLeft(strings.TrimPrefix(t, "-"), "0")
	intPart, frac, _ := strings.Cut(digits, ".")
	if frac == "" {
		return len(intPart) > 38
	}
	return len(frac) > 37 || len(intPart)+len(frac) > 38
}

// errNotFinite is a DOUBLE the local JSON cannot print as Snowflake does.
var errNotFinite = &UnsupportedError{What: "a VARIANT holding an infinite or NaN DOUBLE"}

// FormatVariantNumber is how Snowflake prints the JSON number text t held
// in a VARIANT: a DOUBLE as 1.912000000000000e+02, a fixed-point number
// without trailing fraction zeros.
func FormatVariantNumber(t string) (string, error) {
	if NumberIsDouble(t) {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return "", errNotFinite
		}
		return strconv.FormatFloat(f, 'e', 15, 64), nil
	}
	return trimFixed(t), nil
}

// trimFixed drops trailing fraction zeros (and a bare point) of a decimal
// number's text; negative zero is zero.
func trimFixed(t string) string {
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	if strings.Trim(t, "-0") == "" {
		return "0"
	}
	return t
}

// VarcharOfNumber is a JSON number held in a VARIANT cast to VARCHAR: a
// DOUBLE as a FLOAT casts (no trailing zeros), a fixed-point number as
// FormatVariantNumber prints it.
func VarcharOfNumber(t string) (string, error) {
	if !NumberIsDouble(t) {
		return trimFixed(t), nil
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return "", errNotFinite
	}
	return FloatVarchar(f), nil
}

// FloatVarchar is a FLOAT cast to VARCHAR where the docs fix the form:
// integral values below 10^15 as an integer (5.000 prints 5), others in
// the shortest form that reads back as the same value.
func FloatVarchar(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		if f == 0 {
			return "0"
		}
		return strconv.FormatFloat(f, 'f', 0, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// VariantDisplay renders VARIANT JSON text as Snowflake's result set does:
// pretty-printed with two-space indents, object keys in order, numbers as
// FormatVariantNumber prints them.
// An XML element (isXMLElement) prints as XML text (xml_print.go) when
// PARSE_XML or XMLGET wrote it (xml_mark.go); otherwise it is refused.
func VariantDisplay(s string) (string, error) {
	v, err := decodeVariant(s)
	if err == nil && isXMLElement(v) {
		if !isMarkedXML(s) {
			return "", refuseUnmarkedXML("printing")
		}
		return xmlText(v, true)
	}
	return displayed(v, err)
}

// displayed renders decoded value v (or returns the decoder's err) as a
// result shows it: pretty-printed, two-space indents (writeVariant).
func displayed(v any, err error) (string, error) {
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := writeVariant(&b, v, "\n", true); err != nil {
		return "", err
	}
	return b.String(), nil
}

// VarcharOfDocument is an OBJECT or ARRAY held as JSON text cast to
// VARCHAR: its JSON document (docs: TO_VARCHAR usage notes), written as
// TO_JSON writes it, a DOUBLE as 1.912000000000000e+02. ok is false for
// text that is not a JSON object or array: DuckDB folds a constant
// argument in a CASE branch its condition rules out, so such text reaches
// the function and must not fail the query.
func VarcharOfDocument(s string) (out string, ok bool, err error) {
	v, err := decodeVariant(s)
	if err != nil {
		return "", false, nil
	}
	switch v.(type) {
	case map[string]any, []any:
	default:
		return "", false, nil
	}
	if isXMLElement(v) { // its compact XML text (docs: to_xml, TO_VARCHAR(x))
		if !isMarkedXML(s) {
			return "", false, refuseUnmarkedXML("a cast to VARCHAR")
		}
		out, err := xmlText(v, false)
		return out, err == nil, err
	}
	var b strings.Builder
	if err := writeVariant(&b, v, "", false); err != nil {
		return "", false, err
	}
	return b.String(), true, nil
}

// variantJSON is TO_JSON of VARIANT JSON text: compact, object keys in
// order, numbers as FormatVariantNumber prints them.
func variantJSON(s string) (string, error) {
	v, err := decodeVariant(s)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := writeVariant(&b, v, "", false); err != nil {
		return "", err
	}
	return b.String(), nil
}

func decodeVariant(s string) (any, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, fmt.Errorf("VARIANT value %q: %w", s, err)
	}
	return v, nil
}

// writeVariant writes v with its numbers as FormatVariantNumber prints
// them; nl is "" for compact output, else the newline plus the current
// indentation.
func writeVariant(b *strings.Builder, v any, nl string, pretty bool) error {
	if err := xmlShapeUnknown(v); err != nil {
		return err
	}
	return writeJSON(b, v, nl, pretty, FormatVariantNumber)
}

// writeJSON writes v as JSON text with object keys in order, each number's
// text as num renders it.
func writeJSON(b *strings.Builder, v any, nl string, pretty bool, num func(string) (string, error)) error {
	return writeJSONOrdered(b, v, nl, pretty, num, nil)
}

// writeJSONOrdered is writeJSON with the keys of structured OBJECTs in the
// order o gives (key_order.go); o nil sorts every OBJECT's keys, a
// KeyOrder without Fields (a MAP) sorts its keys and orders its values by
// Elem.
func writeJSONOrdered(b *strings.Builder, v any, nl string, pretty bool, num func(string) (string, error), o *KeyOrder) error {
	inner := nl
	sep := ":"
	if pretty {
		inner = nl + "  "
		sep = ": "
	}
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			b.WriteString("{}")
			return nil
		}
		keys, orders, err := objectKeyOrder(x, o)
		if err != nil {
			return err
		}
		b.WriteByte('{')
		for i, k := range keys {
			val, ok := x[k]
			if !ok {
				return fmt.Errorf("structured OBJECT %s: no field %q", compactOf(x), k)
			}
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(inner)
			b.WriteString(quote(k) + sep)
			if err := writeJSONOrdered(b, val, inner, pretty, num, orders[i]); err != nil {
				return err
			}
		}
		b.WriteString(nl)
		b.WriteByte('}')
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return nil
		}
		var elem *KeyOrder
		if o != nil {
			elem = o.Elem
		}
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(inner)
			if err := writeJSONOrdered(b, e, inner, pretty, num, elem); err != nil {
				return err
			}
		}
		b.WriteString(nl)
		b.WriteByte(']')
	case string:
		b.WriteString(quote(x))
	case json.Number:
		n, err := num(string(x))
		if err != nil {
			return err
		}
		b.WriteString(n)
	case bool:
		b.WriteString(strconv.FormatBool(x))
	case nil:
		b.WriteString("null")
	case undefinedValue: // undefined.go
		b.WriteString(undefinedToken)
	}
	return nil
}

// JSONAt is the value at a JSONPath ($, ."key", .key, [n]) of JSON text, as
// compact JSON text whose numbers keep their text (DuckDB's json_extract
// re-prints a real number, losing whether it was a DOUBLE); ok is false
// when the path leads nowhere.
func JSONAt(doc, path string) (out string, ok bool, err error) {
	v, err := decodeVariant(doc)
	if err != nil {
		return "", false, err
	}
	if v, ok, err = walkJSONPath(v, path, nil); !ok || err != nil {
		return "", false, err
	}
	var b strings.Builder
	writeSorted(&b, v)
	return b.String(), true, nil
}

// walkJSONPath is the value at JSONPath path ($."k"[0] as the rewriter
// writes it) in decoded value v; ok is false when the path leads nowhere.
// keyStep, if not nil, is told of each key step before it is taken, with
// the object it is taken in.
func walkJSONPath(v any, path string, keyStep func(in map[string]any, key string) error) (out any, ok bool, err error) {
	p := strings.TrimPrefix(path, "$")
	if len(p) == len(path) {
		return nil, false, fmt.Errorf("JSON path %q: not starting with $", path)
	}
	for p != "" {
		switch {
		case strings.HasPrefix(p, `."`):
			end := strings.IndexByte(p[2:], '"')
			if end < 0 {
				return nil, false, fmt.Errorf("JSON path %q: unterminated key", path)
			}
			m, isObj := v.(map[string]any)
			if isObj && keyStep != nil {
				if err := keyStep(m, p[2:2+end]); err != nil {
					return nil, false, err
				}
			}
			if v, ok = m[p[2:2+end]]; !isObj || !ok {
				return nil, false, nil
			}
			p = p[3+end:]
		case strings.HasPrefix(p, "."):
			end := strings.IndexAny(p[1:], ".[")
			if end < 0 {
				end = len(p) - 1
			}
			m, isObj := v.(map[string]any)
			if isObj && keyStep != nil {
				if err := keyStep(m, p[1:1+end]); err != nil {
					return nil, false, err
				}
			}
			if v, ok = m[p[1:1+end]]; !isObj || !ok {
				return nil, false, nil
			}
			p = p[1+end:]
		case strings.HasPrefix(p, "["):
			end := strings.IndexByte(p, ']')
			if end < 0 {
				return nil, false, fmt.Errorf("JSON path %q: unterminated index", path)
			}
			n, err := strconv.Atoi(p[1:end])
			if err != nil {
				return nil, false, fmt.Errorf("JSON path %q: index %q", path, p[1:end])
			}
			a, isArr := v.([]any)
			if !isArr || n < 0 || n >= len(a) {
				return nil, false, nil
			}
			v, p = a[n], p[end+1:]
		default:
			return nil, false, fmt.Errorf("JSON path %q: unexpected %q", path, p)
		}
	}
	return v, true, nil
}
