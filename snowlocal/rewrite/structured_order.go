package rewrite

import "github.com/flurry-dev/flurry/snowlocal/sfunc"

// A structured OBJECT prints its fields in its type's order (docs:
// data-types-structured: the cast to OBJECT(state VARCHAR, city VARCHAR)
// prints "state" before "city"; object_pick prints OBJECT(state VARCHAR,
// city VARCHAR) the same way), where the engine prints every OBJECT's
// keys sorted (stFieldsUnsorted). The JSON holding a structured OBJECT
// keeps no type, so a select item of the statement's result whose
// structured type holds an OBJECT with unsorted fields tells the engine
// its column's key order (Options.ResultKeyOrder), which reprints the
// column's values with it (snowlocal/structured_order.go). Anywhere else
// (a set operation, a column after a star, a statement whose result does
// not go to the client) such an item is refused.

// keyOrder is the order the keys of a value of type t print in, nil when
// they print sorted throughout.
func keyOrder(t *stype) *sfunc.KeyOrder {
	if !stFieldsUnsorted(t) {
		return nil
	}
	switch t.kind {
	case "ARRAY", "MAP":
		return &sfunc.KeyOrder{Elem: keyOrder(t.elem)}
	}
	o := &sfunc.KeyOrder{Fields: make([]string, len(t.fields)), Values: make([]*sfunc.KeyOrder, len(t.fields))}
	for i, f := range t.fields {
		o.Fields[i], o.Values[i] = f.name, keyOrder(f.t)
	}
	return o
}

// noteKeyOrder tells the engine the key order of the select item of type
// t, or refuses the item at start when its column is not known.
func (p *parser) noteKeyOrder(t *stype, start int) error {
	o := keyOrder(t)
	if o == nil {
		return nil
	}
	column := len(p.itemExprs) // the items before this one
	for _, r := range p.itemExprs {
		if r[0] < 0 {
			column = -1 // a star's columns come before
		}
	}
	if column < 0 || !p.opts.UndefinedResult || p.opts.ResultKeyOrder == nil || !p.outerItems || p.setOpBlock {
		return p.unsupported(p.toks[start], "a structured OBJECT whose fields are not in alphabetical order here (Snowflake prints them in the type's order; the local engine does so only for a column of the statement's result after no star)")
	}
	p.opts.ResultKeyOrder(column, o)
	return nil
}
