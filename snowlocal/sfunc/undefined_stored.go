package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Stored undefined elements (rewrite/undefined_stored.go states the model).
// A VARIANT or ARRAY column keeps an array holding undefined elements as
// the JSON text
//
//	{"flurry:undefined":"[10,undefined,30]",}
//
// an object with a trailing comma: DuckDB's JSON accepts it, and no
// producer of the engine writes one (every JSON the engine makes is written
// by DuckDB's or the engine's own serializer), so it cannot be mistaken for
// a value stored otherwise. A column holding one is marked in its DuckDB
// comment ("|ud"), and every reference the rewriter resolves to such a
// column reads it through _SF_GO_UNDEF_STORED.

const storedUndefinedKey = "flurry:undefined"

func undefinedStoredFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_UNDEF_STORE(array text): the JSON text a column stores
		// for an array text that may hold undefined elements.
		"_SF_GO_UNDEF_STORE": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return EncodeStoredUndefined(a[0].(string))
		}},
		// _SF_GO_UNDEF_STORED(stored JSON text): the value as array text
		// with undefined elements as the token undefined (the alternative
		// rewrite/undefined.go's consumers read); any other value as is.
		"_SF_GO_UNDEF_STORED": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return DecodeStoredUndefined(a[0].(string))
		}},
		// _SF_GO_UNDEF_INTERSECTION(array text, array text).
		"_SF_GO_UNDEF_INTERSECTION": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return UndefinedIntersection(a[0].(string), a[1].(string))
		}},
		// _SF_GO_ARRAY_COMPACT(array text): ARRAY_COMPACT (ArrayCompact).
		"_SF_GO_ARRAY_COMPACT": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			return ArrayCompact(a[0].(string))
		}},
	}
}

// EncodeStoredUndefined is the text a column stores for s (array text
// that may hold the undefined token): s itself when it holds no undefined
// element, else the marked object.
func EncodeStoredUndefined(s string) (string, error) {
	if !HasUndefined(s) {
		return s, nil
	}
	if t := strings.TrimSpace(s); !strings.HasPrefix(t, "[") {
		// Its readers (TYPEOF, IS_...) read arrays only.
		return "", &UnsupportedError{What: "storing an OBJECT holding an array with an undefined element"}
	}
	if _, err := decodeUndefined(s); err != nil {
		return "", err
	}
	key, _ := json.Marshal(storedUndefinedKey)
	val, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	return "{" + string(key) + ":" + string(val) + ",}", nil
}

// DecodeStoredUndefined is the value a column's stored text s holds, as
// array text with undefined elements as the token undefined; text that is
// not the marked object is returned as it is.
func DecodeStoredUndefined(s string) (string, error) {
	t := strings.TrimSpace(s)
	if !strings.HasSuffix(t, ",}") || !strings.HasPrefix(t, `{"`+storedUndefinedKey+`":`) {
		return s, nil
	}
	var m map[string]string
	if err := json.Unmarshal([]byte(t[:len(t)-2]+"}"), &m); err != nil || len(m) != 1 {
		return s, nil
	}
	v, ok := m[storedUndefinedKey]
	if !ok {
		return s, nil
	}
	return v, nil
}

// ArrayCompact is ARRAY_COMPACT of the array text s, whose elements may be
// undefined: the array without its undefined elements and JSON nulls
// ("Returns a compacted array with missing and null values removed": docs,
// array_compact), the other elements' text kept. A value that is not an
// array, and an element holding an undefined element deeper inside, are
// refused (the docs show neither).
func ArrayCompact(s string) (string, error) {
	if t := strings.TrimSpace(s); len(t) < 2 || t[0] != '[' {
		return "", &UnsupportedError{What: "ARRAY_COMPACT of a value that is not an ARRAY"}
	}
	els, err := splitUndefined(s)
	if err != nil {
		return "", err
	}
	kept, err := definedElements(els, "ARRAY_COMPACT")
	if err != nil {
		return "", err
	}
	out := make([]json.RawMessage, 0, len(kept))
	for _, e := range kept {
		if string(e) != "null" {
			out = append(out, e)
		}
	}
	return joinElements(out), nil
}

// UndefinedIntersection is ARRAY_INTERSECTION(a, b) of arrays that may
// hold undefined elements, as the engine's ARRAY_INTERSECTION answers
// others (rewrite/variant_veq.go): an element of a is kept while its
// copies so far do not outnumber its copies in b, in a's order. An
// undefined element equals an undefined one ("The function is NULL-safe,
// meaning it treats NULLs as known values": docs, array_intersection,
// whose NULLs-overlap row gives [undefined, undefined]). Refused: an
// undefined element beside a JSON null (their equality is not
// documented), equal values written differently (which copy is returned
// no source says), an element holding an undefined element deeper inside.
func UndefinedIntersection(a, b string) (string, error) {
	const what = "ARRAY_INTERSECTION"
	var keys [2][]string // each element's canonical form, "" for undefined
	var els [2][]json.RawMessage
	undef, null := false, false
	texts := map[string]string{}
	for i, s := range []string{a, b} {
		if t := strings.TrimSpace(s); len(t) < 2 || t[0] != '[' {
			return "", &UnsupportedError{What: what + " of a value that is not an ARRAY"}
		}
		e, err := splitUndefined(s)
		if err != nil {
			return "", err
		}
		if _, err := definedElements(e, what); err != nil {
			return "", err
		}
		els[i] = e
		for _, x := range e {
			if x == nil {
				undef = true
				keys[i] = append(keys[i], "")
				continue
			}
			k, err := canonicalJSON(string(x))
			if err != nil {
				return "", err
			}
			// OBJECTs whose keys only are in another order are one
			// value, as the engine's ARRAY_INTERSECTION has them; 1 and
			// 1.0 are refused.
			sorted, err := sortedJSON(string(x))
			if err != nil {
				return "", err
			}
			if t, ok := texts[k]; ok && t != sorted {
				return "", &UnsupportedError{What: what + " of equal elements written differently (" + t + ", " + sorted + ")"}
			}
			texts[k] = sorted
			null = null || k == "null"
			keys[i] = append(keys[i], k)
		}
	}
	if undef && null {
		return "", &UnsupportedError{What: what + " of an undefined (SQL NULL) element and a JSON null"}
	}
	inB := map[string]int{}
	for _, k := range keys[1] {
		inB[k]++
	}
	seen := map[string]int{}
	out := make([]json.RawMessage, 0, len(els[0]))
	for i, k := range keys[0] {
		seen[k]++
		if seen[k] <= inB[k] {
			out = append(out, els[0][i])
		}
	}
	return joinElements(out), nil
}

// sortedJSON renders a JSON value with its objects' keys sorted and its
// numbers as written.
func sortedJSON(s string) (string, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", err
	}
	var b strings.Builder
	writeSorted(&b, v)
	return b.String(), nil
}
