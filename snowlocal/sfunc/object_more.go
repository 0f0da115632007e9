package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// OBJECT_DELETE, OBJECT_PICK (docs: object_delete, object_pick) and
// ARRAY_SORT (docs: array_sort) on JSON text. Keys arrive as a JSON array
// of the key arguments; OBJECT_PICK's one ARRAY argument is its keys.
// ARRAY_SORT orders arrays whose elements are all numbers, all strings or
// all booleans, JSON nulls after them (before them when descending); any
// other mix is refused rather than ordered by a guess of Snowflake's
// cross-type VARIANT order.

func objectMoreFunctions() map[string]*scalar {
	return map[string]*scalar{
		"_SF_GO_OBJECT_DELETE": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return ObjectDelete(a[0].(string), a[1].(string))
		}},
		"_SF_GO_OBJECT_PICK": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return ObjectPick(a[0].(string), a[1].(string))
		}},
		"_SF_GO_ARRAY_MAX": {in: []duckdb.Type{text, flag}, out: text, fn: func(a []driver.Value) (any, error) {
			v, ok, err := arrayExtreme(a[0].(string), a[1].(bool))
			if err != nil || !ok {
				return nil, err
			}
			return v, nil
		}},
		"_SF_GO_ARRAY_REMOVE": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return ArrayRemove(a[0].(string), a[1].(string))
		}},
		"_SF_GO_ARRAYS_TO_OBJECT": {in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			return ArraysToObject(a[0].(string), a[1].(string))
		}},
		"_SF_GO_ARRAY_SORT": {in: []duckdb.Type{text, flag}, out: text, fn: func(a []driver.Value) (any, error) {
			return ArraySort(a[0].(string), a[1].(bool))
		}},
	}
}

func decodeObject(fn, obj string) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(obj), &m); err != nil || m == nil {
		return nil, fmt.Errorf("100000 (22000): %s: the first argument is not an OBJECT", fn)
	}
	return m, nil
}

// keyList reads the JSON array of key arguments; a single array argument
// (OBJECT_PICK's second form) is the list itself.
func keyList(fn, keys string, arrayForm bool) ([]string, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(keys), &raw); err != nil {
		return nil, fmt.Errorf("%s: bad keys: %w", fn, err)
	}
	if arrayForm && len(raw) == 1 && strings.HasPrefix(strings.TrimSpace(string(raw[0])), "[") {
		var inner []json.RawMessage
		if err := json.Unmarshal(raw[0], &inner); err != nil {
			return nil, fmt.Errorf("%s: bad keys: %w", fn, err)
		}
		raw = inner
	}
	var out []string
	for _, r := range raw {
		var k *string
		if err := json.Unmarshal(r, &k); err != nil {
			return nil, &UnsupportedError{What: fmt.Sprintf("%s with a key that is not a string (%s)", fn, r)}
		}
		if k != nil {
			out = append(out, *k)
		}
	}
	return out, nil
}

func encodeObject(m map[string]json.RawMessage) (string, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(quote(k) + ":")
		b.Write(m[k])
	}
	b.WriteByte('}')
	return b.String(), nil
}

// ObjectDelete is OBJECT_DELETE(obj, key...).
func ObjectDelete(obj, keys string) (string, error) {
	m, err := decodeObject("OBJECT_DELETE", obj)
	if err != nil {
		return "", err
	}
	ks, err := keyList("OBJECT_DELETE", keys, false)
	if err != nil {
		return "", err
	}
	for _, k := range ks {
		delete(m, k)
	}
	return encodeObject(m)
}

// ObjectPick is OBJECT_PICK(obj, key...) and OBJECT_PICK(obj, array).
func ObjectPick(obj, keys string) (string, error) {
	m, err := decodeObject("OBJECT_PICK", obj)
	if err != nil {
		return "", err
	}
	ks, err := keyList("OBJECT_PICK", keys, true)
	if err != nil {
		return "", err
	}
	out := map[string]json.RawMessage{}
	for _, k := range ks {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return encodeObject(out)
}

// ArraySort is ARRAY_SORT(array, ascending) for arrays without undefined
// elements (the local engine has none).
func ArraySort(arr string, asc bool) (string, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(arr), &raw); err != nil {
		return "", fmt.Errorf("100000 (22000): ARRAY_SORT: the argument is not an ARRAY")
	}
	type elem struct {
		raw  json.RawMessage
		num  *big.Rat
		str  string
		b    bool
		null bool
	}
	kind := ""
	var els []elem
	for _, r := range raw {
		var v any
		d := json.NewDecoder(strings.NewReader(string(r)))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return "", err
		}
		e := elem{raw: r}
		k := ""
		switch x := v.(type) {
		case nil:
			e.null = true
		case json.Number:
			n, ok := new(big.Rat).SetString(string(x))
			if !ok {
				return "", &UnsupportedError{What: "ARRAY_SORT of the number " + string(x)}
			}
			e.num, k = n, "number"
		case string:
			e.str, k = x, "string"
		case bool:
			e.b, k = x, "boolean"
		default:
			return "", &UnsupportedError{What: "ARRAY_SORT of an array holding OBJECT or ARRAY elements"}
		}
		if k != "" {
			if kind != "" && kind != k {
				return "", &UnsupportedError{What: "ARRAY_SORT of an array mixing " + kind + " and " + k + " elements"}
			}
			kind = k
		}
		els = append(els, e)
	}
	less := func(a, b elem) bool { // ascending; JSON null is the greatest
		switch {
		case a.null || b.null:
			return !a.null && b.null
		case a.num != nil:
			return a.num.Cmp(b.num) < 0
		case kind == "string":
			return a.str < b.str
		default:
			return !a.b && b.b
		}
	}
	sort.SliceStable(els, func(i, j int) bool {
		if asc {
			return less(els[i], els[j])
		}
		return less(els[j], els[i])
	})
	var b strings.Builder
	b.WriteByte('[')
	for i, e := range els {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(e.raw)
	}
	b.WriteByte(']')
	return b.String(), nil
}

// arrayExtreme is ARRAY_MAX (max) or ARRAY_MIN: the greatest or least
// element in ARRAY_SORT's order (a JSON null is the greatest); ok is false
// for an empty array (NULL).
func arrayExtreme(arr string, max bool) (string, bool, error) {
	sorted, err := ArraySort(arr, true)
	if err != nil {
		return "", false, err
	}
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(sorted), &raw); err != nil || len(raw) == 0 {
		return "", false, err
	}
	if max {
		return string(raw[len(raw)-1]), true, nil
	}
	return string(raw[0]), true, nil
}

// ArrayRemove is ARRAY_REMOVE(array, value): the elements equal to value
// dropped (numbers equal by value: 5, 5.00 and 5e0 are one value).
func ArrayRemove(arr, value string) (string, error) {
	var raw []json.RawMessage
	if err := json.Unmarshal([]byte(arr), &raw); err != nil {
		return "", fmt.Errorf("100000 (22000): ARRAY_REMOVE: the first argument is not an ARRAY")
	}
	want, err := canonicalJSON(value)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteByte('[')
	n := 0
	for _, r := range raw {
		got, err := canonicalJSON(string(r))
		if err != nil {
			return "", err
		}
		if got == want {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		b.Write(r)
		n++
	}
	b.WriteByte(']')
	return b.String(), nil
}

// canonicalJSON renders a JSON value with sorted keys and numbers in one
// exact form, so equal VARIANT values render alike.
func canonicalJSON(s string) (string, error) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", err
	}
	var canon func(v any) any
	canon = func(v any) any {
		switch x := v.(type) {
		case json.Number:
			if r, ok := new(big.Rat).SetString(string(x)); ok {
				return json.Number(r.RatString())
			}
		case []any:
			for i := range x {
				x[i] = canon(x[i])
			}
		case map[string]any:
			for k := range x {
				x[k] = canon(x[k])
			}
		}
		return v
	}
	var b strings.Builder
	writeSorted(&b, canon(v))
	return b.String(), nil
}

// ArraysToObject is ARRAYS_TO_OBJECT(keys, values) (docs:
// arrays_to_object): a JSON null key drops its pair, a JSON null value is
// kept; keys that are not strings and arrays of unequal length are errors.
func ArraysToObject(keys, values string) (string, error) {
	var ks, vs []json.RawMessage
	if err := json.Unmarshal([]byte(keys), &ks); err != nil {
		return "", fmt.Errorf("100000 (22000): ARRAYS_TO_OBJECT: the first argument is not an ARRAY")
	}
	if err := json.Unmarshal([]byte(values), &vs); err != nil {
		return "", fmt.Errorf("100000 (22000): ARRAYS_TO_OBJECT: the second argument is not an ARRAY")
	}
	if len(ks) != len(vs) {
		return "", fmt.Errorf("215001 (22000): Key array and value array had unequal lengths in ARRAYS_TO_OBJECT")
	}
	m := map[string]json.RawMessage{}
	for i, kr := range ks {
		var k any
		if err := json.Unmarshal(kr, &k); err != nil {
			return "", err
		}
		switch x := k.(type) {
		case nil:
			continue
		case string:
			if _, dup := m[x]; dup {
				return "", &UnsupportedError{What: "ARRAYS_TO_OBJECT with a key given twice (" + x + ")"}
			}
			m[x] = vs[i]
		default:
			return "", fmt.Errorf("215002 (22000): Key supplied for ARRAYS_TO_OBJECT does not have string type")
		}
	}
	return encodeObject(m)
}
