package sfunc

import (
	"fmt"
	"sort"
	"strings"
)

// KeyOrder is the order in which a structured value's OBJECT keys print.
// Snowflake prints a semi-structured OBJECT's keys sorted, a structured
// OBJECT's fields in its type's order (docs: data-types-structured, the
// cast to OBJECT(state VARCHAR, city VARCHAR) prints "state" first) and a
// MAP's keys sorted (docs: map_keys, map_insert).
type KeyOrder struct {
	// Fields are a structured OBJECT's fields in its type's order; nil
	// for an ARRAY or a MAP.
	Fields []string
	// Values are the orders within each field's value (nil: sorted).
	Values []*KeyOrder
	// Elem is the order within an ARRAY's elements or a MAP's values.
	Elem *KeyOrder
}

// ReorderDisplay reprints display, a value as a result shows it
// (VariantDisplay, UndefinedDisplay), with the keys of its structured
// OBJECTs in the order o gives; its numbers and strings keep their text.
// An OBJECT whose keys are not the type's fields is an error.
func ReorderDisplay(display string, o *KeyOrder) (string, error) {
	v, err := decodeUndefined(display)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	if err := writeOrdered(&b, v, "\n", o); err != nil {
		return "", err
	}
	return b.String(), nil
}

func keepNumber(s string) (string, error) { return s, nil }

// writeOrdered writes v pretty-printed as writeJSON does, the keys of each
// OBJECT in the order o gives.
func writeOrdered(b *strings.Builder, v any, nl string, o *KeyOrder) error {
	return writeJSONOrdered(b, v, nl, true, keepNumber, o)
}

// objectKeyOrder is the order x's keys print in under o, and the order
// within each key's value: a structured OBJECT's fields (an error when x's
// keys are not they), else the keys sorted, their values ordered by o's
// Elem (a MAP's) or sorted throughout (o nil).
func objectKeyOrder(x map[string]any, o *KeyOrder) ([]string, []*KeyOrder, error) {
	if o != nil && o.Fields != nil {
		if len(o.Fields) != len(x) {
			return nil, nil, fmt.Errorf("structured OBJECT %s: its keys are not the fields %v", compactOf(x), o.Fields)
		}
		return o.Fields, o.Values, nil
	}
	keys := make([]string, 0, len(x))
	for k := range x {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	orders := make([]*KeyOrder, len(keys))
	if o != nil {
		for i := range orders {
			orders[i] = o.Elem
		}
	}
	return keys, orders, nil
}

// compactOf is a decoded OBJECT as compact JSON, for an error message.
func compactOf(v any) string {
	var b strings.Builder
	_ = writeJSON(&b, v, "", false, keepNumber)
	return b.String()
}
