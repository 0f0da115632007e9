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
	if o == nil {
		return writeJSON(b, v, nl, true, keepNumber)
	}
	inner := nl + "  "
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			b.WriteString("{}")
			return nil
		}
		keys, orders := o.Fields, o.Values
		if keys == nil { // a MAP: its keys sorted
			keys = make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			orders = make([]*KeyOrder, len(keys))
			for i := range orders {
				orders[i] = o.Elem
			}
		} else if len(keys) != len(x) {
			return fmt.Errorf("structured OBJECT %s: its keys are not the fields %v", compactOf(x), keys)
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
			b.WriteString(inner + quote(k) + ": ")
			if err := writeOrdered(b, val, inner, orders[i]); err != nil {
				return err
			}
		}
		b.WriteString(nl + "}")
	case []any:
		if len(x) == 0 {
			b.WriteString("[]")
			return nil
		}
		b.WriteByte('[')
		for i, e := range x {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(inner)
			if err := writeOrdered(b, e, inner, o.Elem); err != nil {
				return err
			}
		}
		b.WriteString(nl + "]")
	default:
		return writeJSON(b, v, nl, true, keepNumber)
	}
	return nil
}

// compactOf is a decoded OBJECT as compact JSON, for an error message.
func compactOf(v any) string {
	var b strings.Builder
	_ = writeJSON(&b, v, "", false, keepNumber)
	return b.String()
}
