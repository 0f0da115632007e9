package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Functions on structured values (structured.go). A function that does not
// implement the structured rules (its result is a structured type, its
// errors differ: docs, data-types-structured) is refused when given a
// structured ARRAY, OBJECT or MAP value; those below answer.

type stHandler func(p *parser, c *call) (expr, error)

// structuredFuncs render a call that has a structured argument; those in
// alwaysStructured render every call.
var structuredFuncs = map[string]stHandler{
	"SYSTEM$TYPEOF":    stTypeof,
	"MAP_KEYS":         mapKeys,
	"MAP_ENTRIES":      mapEntries,
	"MAP_SIZE":         mapSize,
	"MAP_CONTAINS_KEY": mapContainsKey,
	"MAP_CAT":          mapCat,
	"MAP_DELETE":       mapDelete,
	"MAP_INSERT":       mapInsert,
	"MAP_PICK":         mapPick,
	"OBJECT_DELETE":    objectDelete,
	"OBJECT_INSERT":    objectInsert,
	"OBJECT_PICK":      objectPick,
	"ARRAY_CAT":        arrayCat,
}

// alwaysStructured are the functions that build or read only structured
// values, whatever their arguments.
var alwaysStructured = map[string]bool{
	"MAP_KEYS": true, "MAP_SIZE": true, "MAP_CONTAINS_KEY": true, "MAP_CAT": true, "MAP_DELETE": true,
	"MAP_INSERT": true, "MAP_PICK": true, "MAP_ENTRIES": true,
}

// structuredCall renders c when a structured function or argument decides
// it: ok is false for a call the usual handlers render.
func (p *parser) structuredCall(c *call) (expr, bool, error) {
	var at *arg
	for i := range c.args {
		if c.args[i].e != nil && c.args[i].e.st != nil {
			at = &c.args[i]
			break
		}
	}
	h, known := structuredFuncs[c.name]
	if at == nil && !(known && alwaysStructured[c.name]) {
		return expr{}, false, nil
	}
	if !known {
		if !at.e.st.container() {
			return expr{}, false, nil // an element: its scalar value
		}
		return expr{}, true, p.stRefuseArg(c, at.e.st)
	}
	if alwaysStructured[c.name] {
		p.noteStructured(c.t)
	}
	e, err := h(p, c)
	return e, true, err
}

// stRefuseArg refuses c, a function that does not implement the
// structured rules, given a value of the structured type st.
func (p *parser) stRefuseArg(c *call, st *stype) error {
	return p.unsupported(c.t, "function "+c.name+" of a value of a structured type ("+stName(st)+")")
}

// stArg is argument i when it is a structured value of kind.
func stArg(p *parser, c *call, i int, kind string) (*stype, string, error) {
	a := c.args[i]
	if a.e == nil || !a.e.st.container() || a.e.st.kind != kind {
		return nil, "", p.unsupported(c.t, "function "+c.name+" of an argument that is not a structured "+kind+" value")
	}
	return a.e.st, a.e.sql, nil
}

// stConstKey is argument a when it is a string literal (a key the
// structured OBJECT functions require to be constant).
func stConstKey(p *parser, c *call, a arg) (string, error) {
	if len(a.toks) != 1 || a.toks[0].Kind != sqllex.String {
		return "", p.unsupported(c.t, "function "+c.name+" of a structured OBJECT with a key that is not a string literal")
	}
	return snowflakeString(a.toks[0].Text), nil
}

// stTextArg is argument a as VARCHAR: a string literal or a VARCHAR value
// (a MAP's key "must match the type of the map's key": docs, map_delete).
func stTextArg(p *parser, c *call, a arg) (string, error) {
	switch {
	case len(a.toks) == 1 && (a.toks[0].Kind == sqllex.String || a.toks[0].IsWord("NULL")):
		return a.sql, nil
	case a.e != nil && a.e.typ == "VARCHAR" && a.e.path == nil && a.e.st == nil:
		return a.sql, nil
	}
	return "", p.unsupported(c.t, "function "+c.name+" with a key that is not a VARCHAR literal or value")
}

// mapSQL is the MAP m (JSON) as DuckDB's MAP(VARCHAR, JSON); jsonOfEntries
// turns a list of its entries back into the JSON, ordered by key ("The
// entries in the resulting map are ordered by key": docs, map_construct).
func mapSQL(m string) string { return "CAST(" + m + " AS MAP(VARCHAR, JSON))" }

func jsonOfEntries(entries string) string {
	return "CAST(to_json(map_from_entries(list_sort(" + entries + "))) AS JSON)"
}

// stTypeof is SYSTEM$TYPEOF of a structured value or element: its type as
// the docs print it, with the storage suffix [LOB] the docs show for every
// structured value (data-types-structured) and for a VARCHAR element of a
// structured ARRAY ("VARCHAR[LOB]", ibid., "Accessing values and elements
// from values of structured types"). The argument is evaluated, so that a
// cast that fails still fails.
func stTypeof(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	st := c.args[0].e.st
	name, ok := st.typeName()
	if !st.container() {
		ok = ok && st.scalar.kind == "string"
		name = strings.TrimSuffix(name, " NOT NULL")
	}
	if !ok {
		return expr{}, p.unsupported(c.t, "function SYSTEM$TYPEOF of a structured type whose name the docs do not show ("+stName(st)+")")
	}
	return expr{sql: "concat(" + sqlQuote(name+"[LOB]") + ", left(CAST(" + c.args[0].sql + " AS VARCHAR), 0))", typ: "VARCHAR"}, nil
}

// mapKeys is MAP_KEYS(m): an ARRAY of m's key type (docs: map_keys,
// data-types-structured), in key order.
func mapKeys(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	st, m, err := stArg(p, c, 0, "MAP")
	if err != nil {
		return expr{}, err
	}
	return expr{sql: "CAST(to_json(json_keys(" + m + ")) AS JSON)", typ: "JSON", st: &stype{kind: "ARRAY", elem: st.key}}, nil
}

// mapEntries is MAP_ENTRIES(m): an ARRAY of one OBJECT with the fields key
// and value per entry, NULL for a NULL MAP, [] for an empty one (docs:
// map_entries). The docs call the entries' order undefined and print them
// in key order, as the engine keeps a MAP. Left to refusals: a MAP with
// NUMBER keys (a cast to one is refused already) and an entry whose value
// is NULL, which no example shows. The result is tracked as a structured
// ARRAY of OBJECT(key, value) whose field types have no name, so that
// SYSTEM$TYPEOF of it, which the docs do not print, is refused.
func mapEntries(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	st, m, err := stArg(p, c, 0, "MAP")
	if err != nil {
		return expr{}, err
	}
	if st.key.scalar.kind != "string" {
		return expr{}, p.unsupported(c.t, "function MAP_ENTRIES of a MAP with NUMBER keys")
	}
	unnamed := func(t *stype) *stype { u := *t; u.display = ""; return &u }
	entry := &stype{kind: "OBJECT", fields: []sfield{{name: "key", t: unnamed(st.key)}, {name: "value", t: unnamed(st.elem)}}}
	return expr{sql: bindOnce(m, func(m string) string {
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL ELSE CAST(to_json(list_transform(list_sort(map_entries(%[2]s)), "+
			"_sf_me -> CASE WHEN _sf_me.value IS NULL OR json_type(_sf_me.value) = 'NULL' THEN %[3]s ELSE {'key': _sf_me.key, 'value': _sf_me.value} END)) AS JSON) END",
			m, mapSQL(m), stRefuse("MAP_ENTRIES of a MAP entry whose value is NULL", "STRUCT(key VARCHAR, value JSON)"))
	}), typ: "JSON", st: &stype{kind: "ARRAY", elem: entry}}, nil
}

// mapSize is MAP_SIZE(m), the number of its keys. The precision of its
// NUMBER no source gives: as a result column it is refused
// (types_intfn.go, intUnknown).
func mapSize(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	_, m, err := stArg(p, c, 0, "MAP")
	if err != nil {
		return expr{}, err
	}
	return expr{sql: "CAST(len(json_keys(" + m + ")) AS BIGINT)", typ: "BIGINT", intUnknown: "MAP_SIZE"}, nil
}

// mapContainsKey is MAP_CONTAINS_KEY(key, m).
func mapContainsKey(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	st, m, err := stArg(p, c, 1, "MAP")
	if err != nil {
		return expr{}, err
	}
	if st.key.scalar.kind != "string" {
		return expr{}, p.mapKeyMismatch(c, c.args[0], st)
	}
	k, err := stTextArg(p, c, c.args[0])
	if err != nil {
		return expr{}, err
	}
	return expr{sql: "list_contains(json_keys(" + m + "), " + k + ")", typ: "BOOLEAN"}, nil
}

// mapKeyMismatch is the compile-time error of a VARCHAR literal key looked
// up in a MAP with NUMBER keys: "001065 (22023): SQL compilation error:
// Function MAP_CONTAINS_KEY cannot be used with arguments of types
// VARCHAR(2) and MAP(NUMBER(38,0), VARCHAR(134217728))" for 'k1' (docs:
// map_contains_key): the literal's length, a VARCHAR value without a
// length as VARCHAR(134217728). Other keys and value types, whose names
// the docs do not show in the message, are refused.
func (p *parser) mapKeyMismatch(c *call, key arg, st *stype) error {
	val := ""
	switch {
	case st.elem.container() || st.elem.notNull:
	case st.elem.display == "VARCHAR":
		val = "VARCHAR(134217728)"
	case st.elem.scalar.kind == "number" && st.elem.display != "":
		val = st.elem.display
	}
	if len(key.toks) != 1 || key.toks[0].Kind != sqllex.String || val == "" || st.key.display == "" {
		return p.unsupported(c.t, "function "+c.name+" of a MAP with NUMBER keys")
	}
	n := len([]rune(snowflakeString(key.toks[0].Text)))
	return &Error{Code: "001065", Line: c.t.Line, Col: c.t.Col,
		Message: fmt.Sprintf("SQL compilation error:\nFunction %s cannot be used with arguments of types VARCHAR(%d) and MAP(%s, %s)", c.name, n, st.key.display, val)}
}

// mapCat is MAP_CAT(m1, m2): "If both map1 and map2 have a value with the
// same key, then the output map contains the value from map2"; a NULL
// argument gives NULL (docs: map_cat). Maps of different types (coerced
// to map1's) are refused.
func mapCat(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	st1, m1, err := stArg(p, c, 0, "MAP")
	if err != nil {
		return expr{}, err
	}
	st2, m2, err := stArg(p, c, 1, "MAP")
	if err != nil {
		return expr{}, err
	}
	if !st1.same(st2) {
		return expr{}, p.unsupported(c.t, "function MAP_CAT of MAP values of different types")
	}
	return expr{sql: bindOnce(m1, func(m1 string) string {
		return bindOnce(m2, func(m2 string) string {
			return fmt.Sprintf("CASE WHEN %[1]s IS NULL OR %[2]s IS NULL THEN NULL ELSE %[3]s END", m1, m2,
				jsonOfEntries("map_entries(map_concat("+mapSQL(m1)+", "+mapSQL(m2)+"))"))
		})
	}), typ: "JSON", st: st1}, nil
}

// mapDelete is MAP_DELETE(m, key, ...): "Key values that aren't found in
// the map are ignored" (docs: map_delete).
func mapDelete(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, -1); err != nil {
		return expr{}, err
	}
	st, m, err := stArg(p, c, 0, "MAP")
	if err != nil {
		return expr{}, err
	}
	var keys []string
	for _, a := range c.args[1:] {
		k, err := stTextArg(p, c, a)
		if err != nil {
			return expr{}, err
		}
		keys = append(keys, k)
	}
	return expr{sql: bindOnce(m, func(m string) string {
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL ELSE %[2]s END", m,
			jsonOfEntries("list_filter(map_entries("+mapSQL(m)+"), _sf_me -> NOT coalesce(list_contains(["+strings.Join(keys, ", ")+"]::VARCHAR[], _sf_me.key), false))"))
	}), typ: "JSON", st: st}, nil
}

// mapPick is MAP_PICK(m, key, ...) or MAP_PICK(m, array): the named keys'
// pairs; "If a specified key isn't present in the input map, the key is
// ignored" (docs: map_pick).
func mapPick(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, -1); err != nil {
		return expr{}, err
	}
	st, m, err := stArg(p, c, 0, "MAP")
	if err != nil {
		return expr{}, err
	}
	var keys string
	if a := c.args[1]; len(c.args) == 2 && len(a.toks) > 0 && (a.toks[0].IsOp("[") || a.e != nil && a.e.st.container()) {
		// An ARRAY of keys, semi-structured or structured ARRAY(VARCHAR).
		if a.e != nil && a.e.st.container() && (a.e.st.kind != "ARRAY" || a.e.st.elem.scalar.kind != "string") {
			return expr{}, p.unsupported(c.t, "function MAP_PICK with an ARRAY of keys that are not VARCHAR")
		}
		keys = "list_transform(CAST(" + a.sql + " AS JSON[]), _sf_mk -> CASE WHEN json_type(_sf_mk) = 'VARCHAR' THEN _sf_mk->>'$' ELSE " +
			stRefuse("MAP_PICK with an ARRAY of keys that are not VARCHAR", "VARCHAR") + " END)"
	} else {
		var ks []string
		for _, a := range c.args[1:] {
			k, err := stTextArg(p, c, a)
			if err != nil {
				return expr{}, err
			}
			ks = append(ks, k)
		}
		keys = "[" + strings.Join(ks, ", ") + "]::VARCHAR[]"
	}
	return expr{sql: bindOnce(m, func(m string) string {
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL ELSE %[2]s END", m,
			jsonOfEntries("list_filter(map_entries("+mapSQL(m)+"), _sf_me -> coalesce(list_contains("+keys+", _sf_me.key), false))"))
	}), typ: "JSON", st: st}, nil
}

// mapInsert is MAP_INSERT(m, key, value [, updateFlag]) (docs:
// map_insert): a NULL key leaves the map as it is, a NULL value is
// inserted as a JSON null, an existing key without updateFlag fails (an
// error the docs do not print: refused), the value converts to the map's
// value type.
func mapInsert(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 3, 4); err != nil {
		return expr{}, err
	}
	st, m, err := stArg(p, c, 0, "MAP")
	if err != nil {
		return expr{}, err
	}
	k, err := stTextArg(p, c, c.args[1])
	if err != nil {
		return expr{}, err
	}
	v, err := stValueJSON(p, c, c.args[2], st.elem)
	if err != nil {
		return expr{}, err
	}
	upd := "false"
	if len(c.args) == 4 {
		upd = c.args[3].sql
	}
	return expr{sql: bindOnce(m, func(m string) string {
		return bindOnce(k, func(k string) string {
			return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL WHEN (%[2]s) IS NULL THEN %[1]s WHEN NOT coalesce(%[3]s, false) AND list_contains(json_keys(%[1]s), %[2]s) THEN %[4]s ELSE %[5]s END",
				m, k, upd, stRefuse("MAP_INSERT of a key the MAP holds without updateFlag (the docs print no error)", "JSON"),
				jsonOfEntries("map_entries(map_concat("+mapSQL(m)+", map([CAST("+k+" AS VARCHAR)], [CAST("+v+" AS JSON)])))"))
		})
	}), typ: "JSON", st: st}, nil
}

// stValueJSON is argument a converted to the element type t, as JSON: a
// VARIANT as the cast from a VARIANT converts it, another value through
// the VARIANT holding it (_SF_TO_VARIANT). A structured value is refused.
func stValueJSON(p *parser, c *call, a arg, t *stype) (string, error) {
	if a.e != nil && a.e.st.container() || t.container() {
		return "", p.unsupported(c.t, "function "+c.name+" of a structured value as the inserted value")
	}
	v := a.sql
	if a.e == nil || (a.e.path == nil && a.e.typ != "JSON" && !isVariant(*a.e)) {
		v = "_SF_TO_VARIANT(" + a.sql + ")"
	}
	return bindOnce(v, func(v string) string { return stConvert(t, v, 0) }), nil
}
