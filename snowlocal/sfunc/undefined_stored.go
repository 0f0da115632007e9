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
