package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Undefined array elements. Snowflake's ARRAY can hold an undefined
// element, distinct from a JSON null: a SQL NULL given to ARRAY_CONSTRUCT
// or written in an ARRAY constant, a missing element in PARSE_JSON's text
// ('[1,,2]', '[1,]'), the gap ARRAY_INSERT leaves past the end. Snowflake
// prints it as undefined ([10, undefined, 30] in the docs' results).
//
// The local VARIANT is DuckDB JSON, which cannot hold it. The rewriter
// (rewrite/undefined.go) therefore builds such an array only where every
// consumer of it is known: the text then holds the bare token undefined
// in place of the element (not valid JSON, so a DuckDB JSON cast or
// function that meets it fails rather than answers), travels as VARCHAR,
// and is read only by the functions below and by the result (UndefinedDisplay).
// Everywhere else the array is built as before and refused (002040).

const undefinedToken = "undefined"

func undefinedFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_PARSE_JSON_U(text, parameter, try): PARSE_JSON keeping
		// missing array elements as undefined.
		"_SF_GO_PARSE_JSON_U": parseJSONScalar(true),
		// _SF_GO_UNDEF_REFUSE(text, what): text, refused (002040) when it
		// holds an undefined element.
		"_SF_GO_UNDEF_REFUSE": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			s := a[0].(string)
			if HasUndefined(s) {
				return nil, &UnsupportedError{What: a[1].(string) + " with an undefined (SQL NULL) element"}
			}
			return s, nil
		}},
		// _SF_GO_UNDEF_MAP(array text, mode): the array with its undefined
		// elements dropped ('drop'), made JSON null ('null') or made ""
		// ('empty'): valid JSON the engine's other functions read.
		"_SF_GO_UNDEF_MAP": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return UndefinedMap(a[0].(string), a[1].(string))
		}},
		// _SF_GO_UNDEF_HAS(array text): whether it holds an undefined element.
		"_SF_GO_UNDEF_HAS": {in: []duckdb.Type{text}, out: flag, fn: func(a []driver.Value) (any, error) {
			if !HasUndefined(a[0].(string)) {
				return false, nil
			}
			els, err := splitUndefined(a[0].(string))
			if err != nil {
				return nil, err
			}
			for _, e := range els {
				if e == nil {
					return true, nil
				}
			}
			return false, nil
		}},
		// _SF_GO_UNDEF_OVERLAP(array text, array text): TRUE when both hold
		// an undefined element (SQL NULLs are equal to each other, docs:
		// arrays_overlap), else FALSE; refused when one holds an undefined
		// element and the other a JSON null, whose equality the docs do not give.
		"_SF_GO_UNDEF_OVERLAP": {in: []duckdb.Type{text, text}, out: flag, fn: func(a []driver.Value) (any, error) {
			return UndefinedOverlap(a[0].(string), a[1].(string))
		}},
		// _SF_GO_UNDEF_SORT(array text, ascending, nulls_first).
		"_SF_GO_UNDEF_SORT": {in: []duckdb.Type{text, flag, flag}, out: text, fn: func(a []driver.Value) (any, error) {
			return UndefinedSort(a[0].(string), a[1].(bool), a[2].(bool))
		}},
		// _SF_GO_UNDEF_REMOVE(array text, value JSON text).
		"_SF_GO_UNDEF_REMOVE": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return UndefinedRemove(a[0].(string), a[1].(string))
		}},
		// _SF_GO_UNDEF_DISTINCT(array text).
		"_SF_GO_UNDEF_DISTINCT": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return UndefinedDistinct(a[0].(string))
		}},
		// _SF_GO_UNDEF_ARRAY_FLATTEN(array text): ARRAY_FLATTEN of an array
		// that may hold undefined elements.
		"_SF_GO_UNDEF_ARRAY_FLATTEN": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			out, ok, err := UndefinedArrayFlatten(a[0].(string))
			if !ok || err != nil {
				return nil, err
			}
			return out, nil
		}},
		// _SF_GO_UNDEF_POSITIONS(array text): the indexes of its undefined
		// elements as text ',1,3,' (',' when none), for FLATTEN to skip.
		"_SF_GO_UNDEF_POSITIONS": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return UndefinedPositions(a[0].(string))
		}},
		// _SF_GO_ARRAY_ELEMS(array text, what): the elements of an array
		// text that may hold undefined elements, each after the separator
		// U+001E (which JSON text cannot hold), an undefined one empty: ""
		// for [], "\x1e1\x1e" for [1, undefined]. One pass over the text,
		// each element's text kept (a DOUBLE's exponent form). what names
		// the function for a refusal.
		"_SF_GO_ARRAY_ELEMS": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return ArrayElements(a[0].(string), a[1].(string))
		}},
		// _SF_GO_UNDEF_INSERT(array text, pos, value JSON text).
		"_SF_GO_UNDEF_INSERT": {in: []duckdb.Type{text, i64, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return UndefinedInsert(a[0].(string), a[1].(int64), a[2].(string))
		}},
	}
}

// HasUndefined reports whether JSON text s holds the undefined token
// outside its strings.
func HasUndefined(s string) bool {
	if !strings.Contains(s, undefinedToken) {
		return false
	}
	inStr := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case !inStr && strings.HasPrefix(s[i:], undefinedToken):
			return true
		}
	}
	return false
}

// splitUndefined splits the text of an array into its elements' JSON text,
// nil for an undefined element.
func splitUndefined(s string) ([]json.RawMessage, error) {
	t := strings.TrimSpace(s)
	if len(t) < 2 || t[0] != '[' || t[len(t)-1] != ']' {
		return nil, fmt.Errorf("100000 (22000): not an ARRAY: %q", s)
	}
	body := t[1 : len(t)-1]
	if strings.TrimSpace(body) == "" {
		return []json.RawMessage{}, nil
	}
	var out []json.RawMessage
	err := eachTopLevel(body, func(part string) error {
		e := strings.TrimSpace(part)
		switch {
		case e == undefinedToken:
			out = append(out, nil)
		case e == "":
			return fmt.Errorf("100000 (22000): malformed array text %q", s)
		default:
			out = append(out, json.RawMessage(e))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// elementSeparator separates ArrayElements' elements.
const elementSeparator = "\x1e"

// ArrayElements is the text of the array s's elements, each after
// elementSeparator, an undefined element empty (_SF_GO_ARRAY_ELEMS).
// A value that is not an array, and an element holding an undefined
// element deeper inside, are refused (what names the function).
func ArrayElements(s, what string) (string, error) {
	if t := strings.TrimSpace(s); len(t) < 2 || t[0] != '[' {
		return "", &UnsupportedError{What: what + " of a value that is not an ARRAY"}
	}
	els, err := splitUndefined(s)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, e := range els {
		if e != nil && (HasUndefined(string(e)) || strings.Contains(string(e), elementSeparator)) {
			return "", &UnsupportedError{What: what + " of an array holding an array with an undefined element"}
		}
		b.WriteString(elementSeparator)
		b.Write(e)
	}
	return b.String(), nil
}

// eachTopLevel calls fn with each comma-separated part of body, the inside
// of a JSON array or object, splitting only outside strings and nested
// brackets; it stops at fn's first error.
func eachTopLevel(body string, fn func(part string) error) error {
	depth, inStr, start := 0, false, 0
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '[' || c == '{':
			depth++
		case c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			if err := fn(body[start:i]); err != nil {
				return err
			}
			start = i + 1
		}
	}
	return fn(body[start:])
}

// joinElements writes elements as array text (nil as undefined).
func joinElements(els []json.RawMessage) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range els {
		if i > 0 {
			b.WriteByte(',')
		}
		if e == nil {
			b.WriteString(undefinedToken)
		} else {
			b.Write(e)
		}
	}
	b.WriteByte(']')
	return b.String()
}

// definedElements are the elements of els that are not undefined, refused
// when one of them holds an undefined element deeper inside (what names
// the function).
func definedElements(els []json.RawMessage, what string) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, 0, len(els))
	for _, e := range els {
		if e == nil {
			continue
		}
		if HasUndefined(string(e)) {
			return nil, &UnsupportedError{What: what + " of an array holding an array with an undefined element"}
		}
		out = append(out, e)
	}
	return out, nil
}

// UndefinedMap is the array s with its undefined elements dropped
// (mode "drop"), JSON nulls ("null") or empty strings ("empty").
func UndefinedMap(s, mode string) (string, error) {
	if !HasUndefined(s) {
		return s, nil // as the function reading it always had it
	}
	if t := strings.TrimSpace(s); !strings.HasPrefix(t, "[") {
		// An OBJECT holding such an array ({"a": [1, undefined]}).
		return "", &UnsupportedError{What: "a value holding an array with an undefined element"}
	}
	els, err := splitUndefined(s)
	if err != nil {
		return "", err
	}
	out := make([]json.RawMessage, 0, len(els))
	for _, e := range els {
		if e != nil && HasUndefined(string(e)) {
			return "", &UnsupportedError{What: "an array holding an array with an undefined element"}
		}
		switch {
		case e != nil:
			out = append(out, e)
		case mode == "null":
			out = append(out, json.RawMessage("null"))
		case mode == "empty":
			out = append(out, json.RawMessage(`""`))
		case mode != "drop":
			return "", fmt.Errorf("_SF_GO_UNDEF_MAP: mode %q", mode)
		}
	}
	return joinElements(out), nil
}

// UndefinedOverlap: see _SF_GO_UNDEF_OVERLAP.
func UndefinedOverlap(a, b string) (bool, error) {
	if !HasUndefined(a) && !HasUndefined(b) {
		return false, nil
	}
	var undef, null [2]bool
	for i, s := range []string{a, b} {
		els, err := splitUndefined(s)
		if err != nil {
			return false, err
		}
		for _, e := range els {
			switch {
			case e == nil:
				undef[i] = true
			case string(e) == "null":
				null[i] = true
			}
		}
	}
	switch {
	case undef[0] && undef[1]:
		return true, nil
	case undef[0] && null[1] || undef[1] && null[0]:
		return false, &UnsupportedError{What: "ARRAYS_OVERLAP of an undefined (SQL NULL) element and a JSON null"}
	}
	return false, nil
}

// UndefinedSort is ARRAY_SORT(array, ascending, nulls_first) of an array
// that may hold undefined elements (the SQL NULLs nulls_first places; docs:
// array_sort): the other elements as ArraySort orders them, the undefined
// ones first or last.
func UndefinedSort(s string, asc, nullsFirst bool) (string, error) {
	if !HasUndefined(s) {
		return ArraySort(s, asc)
	}
	els, err := splitUndefined(s)
	if err != nil {
		return "", err
	}
	defined, err := definedElements(els, "ARRAY_SORT")
	if err != nil {
		return "", err
	}
	sorted, err := ArraySort(joinElements(defined), asc)
	if err != nil {
		return "", err
	}
	n := len(els) - len(defined)
	if n == 0 {
		return sorted, nil
	}
	undef := strings.TrimSuffix(strings.Repeat(undefinedToken+",", n), ",")
	inner := strings.TrimSuffix(strings.TrimPrefix(sorted, "["), "]")
	switch {
	case inner == "":
		return "[" + undef + "]", nil
	case nullsFirst:
		return "[" + undef + "," + inner + "]", nil
	default:
		return "[" + inner + "," + undef + "]", nil
	}
}

// UndefinedRemove is ARRAY_REMOVE(array, value) of an array that may hold
// undefined elements: they are kept where they are (docs: array_remove
// shows [1, "5", undefined]); the others as ArrayRemove compares them.
func UndefinedRemove(s, value string) (string, error) {
	if !HasUndefined(s) {
		return ArrayRemove(s, value)
	}
	els, err := splitUndefined(s)
	if err != nil {
		return "", err
	}
	if _, err := definedElements(els, "ARRAY_REMOVE"); err != nil {
		return "", err
	}
	want, err := canonicalJSON(value)
	if err != nil {
		return "", err
	}
	out := make([]json.RawMessage, 0, len(els))
	for _, e := range els {
		if e != nil {
			got, err := canonicalJSON(string(e))
			if err != nil {
				return "", err
			}
			if got == want {
				continue
			}
		}
		out = append(out, e)
	}
	return joinElements(out), nil
}

// UndefinedDistinct is ARRAY_DISTINCT of an array that may hold undefined
// elements: each element's first occurrence in order, the undefined
// element once (docs: array_distinct shows ["A", "B", undefined]). The
// engine's ARRAY_DISTINCT compares elements by their JSON text; two
// elements of equal value written differently (5 and 5.0) are refused
// rather than compared by a guess.
func UndefinedDistinct(s string) (string, error) {
	els, err := splitUndefined(s)
	if err != nil {
		return "", err
	}
	if _, err := definedElements(els, "ARRAY_DISTINCT"); err != nil {
		return "", err
	}
	seenText := map[string]bool{}
	seenValue := map[string]string{}
	undef := false
	out := make([]json.RawMessage, 0, len(els))
	for _, e := range els {
		if e == nil {
			if !undef {
				out = append(out, nil)
			}
			undef = true
			continue
		}
		canon, err := canonicalJSON(string(e))
		if err != nil {
			return "", err
		}
		if text, ok := seenValue[canon]; ok && text != string(e) {
			return "", &UnsupportedError{What: "ARRAY_DISTINCT of equal elements written differently (" + text + ", " + string(e) + ")"}
		}
		seenValue[canon] = string(e)
		if !seenText[string(e)] {
			out = append(out, e)
		}
		seenText[string(e)] = true
	}
	return joinElements(out), nil
}

// UndefinedInsert is ARRAY_INSERT(array, pos, value) where the array or
// the result holds undefined elements: pos is 0-based, a negative pos
// counts from the end; a pos past the end leaves the gap filled with
// undefined elements (docs: array_insert shows [0, 1, 2, 3, undefined,
// "hello"]). A negative pos before the start is refused (not documented).
func UndefinedInsert(s string, pos int64, value string) (string, error) {
	els, err := splitUndefined(s)
	if err != nil {
		return "", err
	}
	n := int64(len(els))
	at := pos
	if at < 0 {
		at += n
	}
	if at < 0 || at > n+1<<20 {
		return "", &UnsupportedError{What: fmt.Sprintf("ARRAY_INSERT at position %d of an array of %d elements", pos, n)}
	}
	if at >= n {
		for int64(len(els)) < at {
			els = append(els, nil)
		}
		return joinElements(append(els, json.RawMessage(value))), nil
	}
	out := append(append(append([]json.RawMessage{}, els[:at]...), json.RawMessage(value)), els[at:]...)
	return joinElements(out), nil
}

// UndefinedDisplay renders an array text that may hold undefined elements
// as Snowflake's result does (VariantDisplay), an undefined element as
// undefined.
func UndefinedDisplay(s string) (string, error) {
	return displayed(decodeUndefined(s))
}

// undefinedValue stands for an undefined element in a decoded value.
type undefinedValue struct{}

// decodeUndefined decodes JSON text in which arrays may hold undefined
// elements.
func decodeUndefined(s string) (any, error) {
	if !HasUndefined(s) {
		return decodeVariant(s)
	}
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}") {
		return decodeUndefinedObject(t)
	}
	els, err := splitUndefined(s)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(els))
	for i, e := range els {
		if e == nil {
			out[i] = undefinedValue{}
			continue
		}
		if out[i], err = decodeUndefined(string(e)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// decodeUndefinedObject decodes the text of an object whose values may
// hold arrays with undefined elements ({"a":[1,undefined]}, from
// PARSE_JSON('{"a":[1,,2]}')).
func decodeUndefinedObject(t string) (any, error) {
	body := t[1 : len(t)-1]
	out := map[string]any{}
	if strings.TrimSpace(body) == "" {
		return out, nil
	}
	member := func(m string) error {
		m = strings.TrimSpace(m)
		d := json.NewDecoder(strings.NewReader(m))
		var k string
		if err := d.Decode(&k); err != nil {
			return fmt.Errorf("100000 (22000): malformed object text %q", t)
		}
		rest := strings.TrimSpace(m[d.InputOffset():])
		if !strings.HasPrefix(rest, ":") {
			return fmt.Errorf("100000 (22000): malformed object text %q", t)
		}
		v, err := decodeUndefined(strings.TrimSpace(rest[1:]))
		if err != nil {
			return err
		}
		out[k] = v
		return nil
	}
	if err := eachTopLevel(body, member); err != nil {
		return nil, err
	}
	return out, nil
}

// UndefinedArrayFlatten is ARRAY_FLATTEN of the array s, whose elements
// and their elements may be undefined: not ok (SQL NULL) when an element
// is undefined or a JSON null, the inner arrays' elements concatenated
// (undefined ones kept) otherwise. Docs (array_flatten):
// ARRAY_FLATTEN([[1, 2, 3], NULL, [5, 6]]) is NULL and
// ARRAY_FLATTEN([[1, 2, 3], [NULL], [5, 6]]) is [1, 2, 3, undefined, 5, 6].
func UndefinedArrayFlatten(s string) (string, bool, error) {
	els, err := splitUndefined(s)
	if err != nil {
		return "", false, err
	}
	for _, e := range els {
		if e == nil || string(e) == "null" {
			return "", false, nil
		}
	}
	var out []json.RawMessage
	for _, e := range els {
		if !strings.HasPrefix(string(e), "[") {
			// As the macro _SF_ARRAY_FLATTEN says it (result.go: 100107).
			return "", false, fmt.Errorf("Not an array: 'Input argument to ARRAY_FLATTEN is not an array of arrays'")
		}
		inner, err := splitUndefined(string(e))
		if err != nil {
			return "", false, err
		}
		out = append(out, inner...)
	}
	if out == nil {
		out = []json.RawMessage{}
	}
	return joinElements(out), true, nil
}

// UndefinedPositions is the text ',i,j,' of the indexes of the undefined
// elements of the array s (',' when it holds none, or s is not an array).
func UndefinedPositions(s string) (string, error) {
	if !HasUndefined(s) || !strings.HasPrefix(strings.TrimSpace(s), "[") {
		return ",", nil
	}
	els, err := splitUndefined(s)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteByte(',')
	for i, e := range els {
		if e == nil {
			fmt.Fprintf(&b, "%d,", i)
		}
	}
	return b.String(), nil
}
