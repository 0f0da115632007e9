package rewrite

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The structured constructors ARRAY_CONSTRUCT_STRUCTURED,
// OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED and MAP_CONSTRUCT. Their element,
// field and value types are "the common type" of the arguments (docs:
// array_construct_structured, map_construct), whose rules the docs do not
// give: the engine answers where every argument (but NULL) is an integer
// literal, every one a string literal, or every one a structured value of
// the same type, and leaves the type's name unknown where the docs do not
// show it (SYSTEM$TYPEOF of the result is refused).

func init() {
	structuredFuncs["ARRAY_CONSTRUCT_STRUCTURED"] = arrayConstructStructured
	structuredFuncs["OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED"] = objectConstructKeepNullStructured
	structuredFuncs["MAP_CONSTRUCT"] = mapConstruct
	for _, f := range []string{"ARRAY_CONSTRUCT_STRUCTURED", "OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED", "MAP_CONSTRUCT"} {
		alwaysStructured[f] = true
	}
}

// commonLiteralType is the element type of values all integer literals
// (NUMBER), all string literals (VARCHAR) or all structured values of one
// type, NULL literals aside; ok false otherwise or when all are NULL.
func commonLiteralType(vals []arg) (t *stype, ok bool) {
	kind := ""
	for _, a := range vals {
		k := ""
		switch {
		case len(a.toks) == 1 && a.toks[0].IsWord("NULL"):
			continue
		case len(a.toks) == 1 && a.toks[0].Kind == sqllex.Number && !strings.ContainsAny(a.toks[0].Text, ".eE"):
			k = "number"
		case len(a.toks) == 1 && a.toks[0].Kind == sqllex.String:
			k = "string"
		case a.e != nil && a.e.st.container():
			if t != nil && !t.same(a.e.st) {
				return nil, false
			}
			t, k = a.e.st, "st"
		default:
			return nil, false
		}
		if kind != "" && kind != k {
			return nil, false
		}
		kind = k
	}
	switch kind {
	case "number":
		// Which NUMBER(p, 0) the common type of the literals is, the
		// docs do not say: its name is left unknown.
		return &stype{scalar: mapTypeName("NUMBER")}, true
	case "string":
		return &stype{scalar: mapTypeName("VARCHAR")}, true
	case "st":
		return t, true
	}
	return nil, false
}

// stElementJSON is the value a as JSON of element type t.
func stElementJSON(a arg, t *stype) string {
	if t.container() {
		if len(a.toks) == 1 && a.toks[0].IsWord("NULL") {
			return "CAST(NULL AS JSON)"
		}
		return stNoNulls(a.sql, a.e.st) // a nested ARRAY cannot print an undefined element
	}
	return fmt.Sprintf("CAST(_SF_TO_VARIANT(%s) AS JSON)", a.sql)
}

// arrayConstructStructured is ARRAY_CONSTRUCT_STRUCTURED(x, ...): "NULL
// input values are retained as elements" (docs:
// array_construct_structured).
func arrayConstructStructured(p *parser, c *call) (expr, error) {
	if len(c.args) == 0 {
		return expr{}, p.unsupported(c.t, "function ARRAY_CONSTRUCT_STRUCTURED without arguments")
	}
	elem, ok := commonLiteralType(c.args)
	if !ok {
		return expr{}, p.unsupported(c.t, "function ARRAY_CONSTRUCT_STRUCTURED of arguments whose common type the engine does not know")
	}
	items := make([]string, len(c.args))
	for i, a := range c.args {
		items[i] = stElementJSON(a, elem)
	}
	return expr{sql: "CAST(to_json([" + strings.Join(items, ", ") + "]::JSON[]) AS JSON)", typ: "JSON", st: &stype{kind: "ARRAY", elem: elem}}, nil
}

// objectConstructKeepNullStructured is
// OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(key, value, ...): constant keys,
// a NULL value kept (docs: object_construct_keep_null_structured). A value
// must be an integer or string literal, a structured value, or NULL cast
// to VARCHAR or NUMBER; the * form is refused.
func objectConstructKeepNullStructured(p *parser, c *call) (expr, error) {
	if c.star {
		return objectConstructStructuredStar(p, c)
	}
	if len(c.args) == 0 || len(c.args)%2 != 0 {
		return expr{}, p.unsupported(c.t, "function OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED with an odd number of arguments or none")
	}
	t := &stype{kind: "OBJECT"}
	var parts []string
	for i := 0; i < len(c.args); i += 2 {
		k, err := stConstKey(p, c, c.args[i])
		if err != nil {
			return expr{}, err
		}
		if k == "" || t.field(k) >= 0 {
			return expr{}, p.unsupported(c.t, "function OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED with an empty or repeated key")
		}
		v := c.args[i+1]
		ft, ok := commonLiteralType([]arg{v})
		if !ok {
			ft, ok = typedNull(v)
		}
		if !ok {
			return expr{}, p.unsupported(c.t, "function OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED of a value whose type the engine does not know")
		}
		t.fields = append(t.fields, sfield{name: k, t: ft})
		val := stElementJSON(v, ft)
		if ft.container() {
			val = v.sql
		}
		parts = append(parts, sqlQuote(k)+", "+val)
	}
	return expr{sql: "json_object(" + strings.Join(parts, ", ") + ")", typ: "JSON", st: t}, nil
}

// objectConstructStructuredStar is OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*)
// (or with ILIKE, EXCLUDE, a qualifier): the FROM clause's columns, their
// names as keys, each value as OBJECT_CONSTRUCT_KEEP_NULL(*) holds it (the
// docs' example prints the DATE column's value "2024-01-19"); the field
// types are the columns' (VARCHAR and DATE columns answer; their names
// SYSTEM$TYPEOF does not print, the docs not showing them).
func objectConstructStructuredStar(p *parser, c *call) (expr, error) {
	w := c.wild
	if w == nil {
		w = &wildcard{at: c.t}
	}
	cols, err := p.wildcardColumns(w, "OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*)")
	if err != nil {
		return expr{}, err
	}
	t := &stype{kind: "OBJECT"}
	for _, col := range cols {
		var ft *stype
		switch {
		case col.raw == "VARCHAR":
			ft = &stype{scalar: mapTypeName("VARCHAR")}
		case col.raw == "DATE":
			ft = &stype{scalar: mapTypeName("DATE")}
		default:
			return expr{}, p.unsupported(w.at, "OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) of a column that is not VARCHAR or DATE")
		}
		t.fields = append(t.fields, sfield{name: col.name, t: ft})
	}
	if len(t.fields) == 0 {
		return expr{}, p.unsupported(w.at, "OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) selecting no column")
	}
	// The docs print the object of the table's columns (province,
	// created_date) with its keys sorted, CREATED_DATE first, where a
	// structured OBJECT prints its fields in its type's order
	// (structured_order.go): the type's fields are the columns sorted by
	// name.
	sort.SliceStable(t.fields, func(i, j int) bool { return t.fields[i].name < t.fields[j].name })
	t.namedOrder = true
	e, err := funcs["OBJECT_CONSTRUCT_KEEP_NULL"](p, c)
	if err != nil {
		return expr{}, err
	}
	e.typ, e.st = "JSON", t
	return e, nil
}

// typedNull is the type of NULL::VARCHAR or NULL::NUMBER.
func typedNull(a arg) (*stype, bool) {
	t := a.toks
	if len(t) == 3 && t[0].IsWord("NULL") && t[1].IsOp("::") {
		switch {
		case t[2].IsWord("VARCHAR"):
			return &stype{scalar: mapTypeName("VARCHAR"), display: "VARCHAR"}, true
		case t[2].IsWord("NUMBER"):
			return &stype{scalar: mapTypeName("NUMBER"), display: "NUMBER(38,0)"}, true
		}
	}
	return nil, false
}

// mapConstruct is MAP_CONSTRUCT(key, value, ...) (docs: map_construct):
// VARCHAR keys (string literals), a NULL key's pair omitted, a NULL value
// kept, the entries ordered by key, a repeated key failing with 100103
// "Duplicate field key 'a'".
func mapConstruct(p *parser, c *call) (expr, error) {
	if len(c.args) == 0 || len(c.args)%2 != 0 {
		return expr{}, p.unsupported(c.t, "function MAP_CONSTRUCT with an odd number of arguments or none")
	}
	var vals []arg
	for i := 1; i < len(c.args); i += 2 {
		vals = append(vals, c.args[i])
	}
	vt, ok := commonLiteralType(vals)
	if !ok {
		return expr{}, p.unsupported(c.t, "function MAP_CONSTRUCT of values whose common type the engine does not know")
	}
	var keys, items []string
	seen := map[string]bool{}
	for i := 0; i < len(c.args); i += 2 {
		a := c.args[i]
		if len(a.toks) == 1 && a.toks[0].IsWord("NULL") {
			continue // "If a key is NULL, the key-value pair is omitted"
		}
		if len(a.toks) != 1 || a.toks[0].Kind != sqllex.String {
			return expr{}, p.unsupported(c.t, "function MAP_CONSTRUCT with a key that is not a string literal")
		}
		k := snowflakeString(a.toks[0].Text)
		if seen[k] {
			return expr{sql: stFailure("100103", "Duplicate field key '"+k+"'"), typ: "JSON"}, nil
		}
		seen[k] = true
		keys = append(keys, sqlQuote(k))
		items = append(items, stElementJSON(c.args[i+1], vt))
	}
	t := &stype{kind: "MAP", key: &stype{scalar: mapTypeName("VARCHAR")}, elem: vt}
	if len(keys) == 0 {
		return expr{sql: "CAST('{}' AS JSON)", typ: "JSON", st: t}, nil
	}
	return expr{sql: jsonOfEntries("map_entries(map([" + strings.Join(keys, ", ") + "]::VARCHAR[], [" + strings.Join(items, ", ") + "]::JSON[]))"), typ: "JSON", st: t}, nil
}
