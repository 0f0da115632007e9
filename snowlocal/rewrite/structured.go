package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Structured ARRAY(type), OBJECT(key type, ...) and MAP(key type, value
// type) (docs: data-types-structured,
// https://docs.snowflake.com/en/sql-reference/data-types-structured).
//
// Representation: a structured value is held as the same DuckDB JSON a
// semi-structured ARRAY or OBJECT is (a MAP as a JSON object keyed by its
// VARCHAR keys), and its structured type is tracked statically by the
// rewriter on the expression (expr.st). This keeps everything that reads a
// result unchanged: the docs say drivers receive structured values "as
// semi-structured type values" ("The values in a structured ARRAY column
// are returned as semi-structured ARRAY values ... The values in a
// structured OBJECT or MAP column are returned as semi-structured OBJECT
// values", section "Accessing structured types in applications using
// drivers"), which is what the JSON result path already prints. DuckDB's
// LIST/STRUCT/MAP types would have needed a conversion at every edge and
// every semi-structured function.
//
// What the static type cannot keep is refused (002040): a table column, a
// view's or derived table's column, or a UDF argument of a structured type
// (the type would be lost where the value is read back), a structured value
// given to an operator or to a function that does not implement the
// structured rules (their result types and errors differ), TRY_CAST (not
// supported for structured types, with an error the docs do not print).

// stype is a structured type or, as an element, key or value type, a
// scalar one.
type stype struct {
	kind    string // ARRAY, OBJECT, MAP, or "" for a scalar type
	scalar  sqlType
	display string // a scalar's name as SYSTEM$TYPEOF prints it, "" when the docs do not show it
	elem    *stype // ARRAY's element, MAP's value
	key     *stype // MAP's key
	fields  []sfield
	notNull bool // the element, value or field may not be NULL
	// cast is RENAME or ADD for a cast's target written with RENAME
	// FIELDS or ADD FIELDS.
	cast string
	// namedOrder: the OBJECT's field order is its names' order, inferred
	// from how the docs print it, not declared
	// (OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*): structured_construct.go);
	// what reads the fields by position is refused.
	namedOrder bool
}

type sfield struct {
	name string
	t    *stype
}

func (t *stype) container() bool { return t != nil && t.kind != "" }

// typeName is t as SYSTEM$TYPEOF prints it (without the storage suffix),
// or ok false where the docs do not show how a part prints. The docs show
// ARRAY(NUMBER(38,0)), OBJECT(str VARCHAR NOT NULL, num NUMBER(38,0)),
// MAP(VARCHAR, VARCHAR), OBJECT() and ARRAY(NUMBER(38,1))
// (data-types-structured; SYSTEM$TYPEOF results).
func (t *stype) typeName() (string, bool) {
	nn := ""
	if t.notNull {
		nn = " NOT NULL"
	}
	switch t.kind {
	case "":
		return t.display + nn, t.display != ""
	case "ARRAY":
		e, ok := t.elem.typeName()
		return "ARRAY(" + e + ")" + nn, ok
	case "MAP":
		k, ok1 := t.key.typeName()
		v, ok2 := t.elem.typeName()
		return "MAP(" + k + ", " + v + ")" + nn, ok1 && ok2
	}
	parts := make([]string, len(t.fields))
	for i, f := range t.fields {
		s, ok := f.t.typeName()
		if !ok {
			return "", false
		}
		parts[i] = f.name + " " + s
	}
	return "OBJECT(" + strings.Join(parts, ", ") + ")" + nn, true
}

// same reports whether t and u are the same type.
func (t *stype) same(u *stype) bool {
	a, ok1 := t.typeName()
	b, ok2 := u.typeName()
	return ok1 && ok2 && a == b && t.scalar.duck == u.scalar.duck
}

// withNotNull is a copy of t with notNull set to nn.
func (t *stype) withNotNull(nn bool) *stype {
	c := *t
	c.notNull = nn
	return &c
}

// parseStructured parses the parenthesized part of ARRAY(...), OBJECT(...)
// or MAP(...) after the opening bracket, through the closing one.
func (p *parser) parseStructured(at tok, name string) (*stype, error) {
	t := &stype{kind: name}
	switch name {
	case "ARRAY":
		e, err := p.parseElementType()
		if err != nil {
			return nil, err
		}
		t.elem = e
	case "MAP":
		k, err := p.parseElementType()
		if err != nil {
			return nil, err
		}
		numberKey := k.kind == "" && strings.HasPrefix(k.scalar.duck, "DECIMAL(") && strings.HasSuffix(k.scalar.duck, ",0)")
		if k.kind != "" || k.scalar.kind != "string" && !numberKey || k.notNull {
			return nil, p.unsupported(at, "data type MAP with a key type other than VARCHAR or NUMBER with scale 0")
		}
		if err := p.expectOp(","); err != nil {
			return nil, err
		}
		v, err := p.parseElementType()
		if err != nil {
			return nil, err
		}
		t.key, t.elem = k, v
	case "OBJECT":
		seen := map[string]bool{}
		for !p.isOp(")") {
			k := p.next()
			if k.Kind != sqllex.Word {
				return nil, p.unsupported(k, "a structured OBJECT key that is not a plain name")
			}
			if seen[k.Text] {
				return nil, p.unsupported(k, "a structured OBJECT type with a repeated key")
			}
			seen[k.Text] = true
			v, err := p.parseElementType()
			if err != nil {
				return nil, err
			}
			t.fields = append(t.fields, sfield{name: k.Text, t: v})
			if !p.acceptOp(",") {
				break
			}
		}
	}
	if err := p.expectOp(")"); err != nil {
		return nil, err
	}
	return t, nil
}

// parseElementType parses an element, key, value or field type with its
// NOT NULL.
func (p *parser) parseElementType() (*stype, error) {
	start := p.peek()
	ty, err := p.parseType()
	if err != nil {
		return nil, err
	}
	var t *stype
	if ty.st != nil {
		t = ty.st
	} else {
		t = &stype{scalar: ty}
		switch {
		case ty.kind == "number" && strings.HasPrefix(ty.duck, "DECIMAL("):
			t.display = "NUMBER(" + strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(ty.duck, "DECIMAL("), ")"), " ", "") + ")"
		case ty.duck == "BIGINT":
			// INT and its synonyms are NUMBER(38,0) (docs: Numeric data types).
			t.display = "NUMBER(38,0)"
			t.scalar = mapTypeName("NUMBER")
		case ty.kind == "string" && ty.length == "":
			t.display = "VARCHAR"
		}
		switch {
		case ty.kind == "number", ty.kind == "string", ty.duck == "BOOLEAN":
		case ty.kind == "json" && ty.sf == "VARIANT":
		default:
			// How a date, time, BINARY or semi-structured ARRAY/OBJECT
			// element converts and prints the engine does not model.
			return nil, p.unsupported(start, "a structured type with "+ty.sf+" elements")
		}
	}
	if p.isWord("NOT") && p.peekN(1).IsWord("NULL") {
		p.i += 2
		t = t.withNotNull(true)
	}
	return t, nil
}

// stName names t for an error message.
func stName(t *stype) string {
	if s, ok := t.typeName(); ok {
		return s
	}
	return t.kind
}

// stRefuse is the SQL of a run-time 002040 naming what, of DuckDB type duck.
func stRefuse(what, duck string) string {
	return "CAST(error('Unsupported feature: " + strings.ReplaceAll(what, "'", "''") + ", in the local engine.') AS " + duck + ")"
}

// stConvert is the SQL converting the JSON value v (a semi-structured
// VARIANT, ARRAY or OBJECT) to the structured type t, as JSON, the way the
// docs describe the cast ("Casting semi-structured ARRAY and VARIANT values
// to structured ARRAY values" and the OBJECT and MAP sections): each
// element, value or field converted to its type, a JSON null to NULL
// (but for a VARIANT), an OBJECT with other keys than the type's failing,
// a NULL where NOT NULL is declared failing. Failures the docs print no
// error for are refused when they happen (002040). depth names the lambda
// parameters of nested conversions apart.
func stConvert(t *stype, v string, depth int) string {
	x := fmt.Sprintf("_sf_s%d", depth)
	switch t.kind {
	case "":
		if t.scalar.kind == "json" {
			return v // a VARIANT element keeps the value, JSON null included
		}
		conv := castExpr(expr{sql: v, typ: "JSON"}, t.scalar, false)
		val := "_SF_TO_VARIANT(" + conv.sql + ")"
		if t.scalar.kind == "string" {
			val = "to_json(" + conv.sql + ")"
		}
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL OR json_type(%[1]s) = 'NULL' THEN NULL ELSE %[2]s END", v, val)
	case "ARRAY":
		elem := stConvert(t.elem, x, depth+1)
		conv := fmt.Sprintf("CAST(to_json(list_transform(CAST(%s AS JSON[]), %s -> %s)) AS JSON)", v, x, stNotNull(t.elem, elem, x))
		if depth > 0 {
			conv = stNoNulls(conv, t)
		}
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL WHEN json_type(%[1]s) <> 'ARRAY' THEN %[2]s ELSE %[3]s END",
			v, stRefuse("a cast to "+stName(t)+" of a value that is not an ARRAY", "JSON"), conv)
	case "MAP":
		if t.key.scalar.kind != "string" {
			// A NUMBER key ("NUMBER with the scale 0") is converted to
			// and from text in ways the engine does not model; only the
			// compile-time type check of MAP_CONTAINS_KEY answers.
			return stRefuse("a MAP with NUMBER keys", "JSON")
		}
		val := stConvert(t.elem, x+".value", depth+1)
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL WHEN json_type(%[1]s) <> 'OBJECT' THEN %[2]s ELSE %[3]s END",
			v, stRefuse("a cast to "+stName(t)+" of a value that is not an OBJECT", "JSON"),
			jsonOfEntries(fmt.Sprintf("list_transform(map_entries(%s), %s -> {'key': %[2]s.key, 'value': %s})", mapSQL(v), x, stNotNull(t.elem, val, x+".value"))))
	}
	// OBJECT: exactly the type's keys, in the type's order.
	keys := make([]string, len(t.fields))
	parts := make([]string, len(t.fields))
	for i, f := range t.fields {
		keys[i] = sqlQuote(f.name)
		fv := "json_extract(" + v + ", " + sqlQuote(`$."`+f.name+`"`) + ")"
		parts[i] = sqlQuote(f.name) + ", " + stNotNull(f.t, stConvert(f.t, fv, depth+1), fv)
	}
	obj := "json_object(" + strings.Join(parts, ", ") + ")"
	if len(parts) == 0 {
		obj = "CAST('{}' AS JSON)"
	}
	return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL WHEN json_type(%[1]s) <> 'OBJECT' THEN %[2]s WHEN list_sort(json_keys(%[1]s)) <> list_sort([%[3]s]::VARCHAR[]) THEN %[4]s ELSE %[5]s END",
		v, stRefuse("a cast to "+stName(t)+" of a value that is not an OBJECT", "JSON"), strings.Join(keys, ", "),
		stRefuse("a cast to "+stName(t)+" of an OBJECT whose keys are not the type's (the docs print no error)", "JSON"), obj)
}

// stNotNull wraps the converted element conv of source src: a NULL fails
// where t is NOT NULL.
func stNotNull(t *stype, conv, src string) string {
	if !t.notNull {
		return conv
	}
	return fmt.Sprintf("CASE WHEN (%s) IS NULL THEN %s ELSE %s END", conv, stRefuse("a NULL where the structured type declares NOT NULL (the docs print no error)", "JSON"), conv)
}

func sqlQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// stCast renders x::t for a structured t (castExpr's structured case).
func stCast(e expr, ty sqlType, try bool) expr {
	t := ty.st
	out := expr{typ: "JSON", st: t}
	if try {
		out.sql = stRefuse("TRY_CAST to a structured type (not supported: docs, data-types-structured)", "JSON")
		return out
	}
	if e.st.container() {
		out.sql = stRecast(e, t)
		return out
	}
	if strings.EqualFold(strings.TrimSpace(e.sql), "NULL") && e.path == nil {
		// NULL::MAP(VARCHAR, INT) is a NULL of the type (docs: map_entries
		// of it returns NULL).
		out.sql = "CAST(NULL AS JSON)"
		return out
	}
	if e.path == nil && e.typ != "JSON" && !e.variant && !isVariant(e) {
		out.sql = stRefuse("a cast to "+stName(t)+" of a value that is not a VARIANT, OBJECT or ARRAY", "JSON")
		return out
	}
	out.sql = "list_transform([" + e.render() + "], _sf_v -> " + stConvert(t, "_sf_v", 0) + ")[1]"
	return out
}

// stRecast renders a cast of the structured value e to the structured type
// t (docs: "Casting from one structured type to another"): an ARRAY's
// elements, a MAP's values and an OBJECT's values convert to their new
// types, an OBJECT's keys take the target's order (or, with RENAME FIELDS,
// its names by position; with ADD FIELDS, its added keys hold NULL). The
// value's JSON converts as a semi-structured value of the same content
// does; a FLOAT element, whose text as a VARIANT and as a FLOAT may differ,
// is refused.
func stRecast(e expr, t *stype) string {
	from := e.st
	if floatParts(from) {
		return stRefuse("a cast of a structured value with FLOAT elements to another structured type", "JSON")
	}
	switch {
	case t.kind == "ARRAY" && from.kind != "ARRAY", t.kind != "ARRAY" && from.kind == "ARRAY":
		return stRefuse("a cast of "+stName(from)+" to "+stName(t), "JSON")
	}
	src := e.sql
	switch t.cast {
	case "RENAME":
		if from.namedOrder {
			return stRefuse("RENAME FIELDS of the OBJECT of OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) (its fields' order is not documented)", "JSON")
		}
		if from.kind != "OBJECT" || t.kind != "OBJECT" || len(from.fields) != len(t.fields) {
			return stRefuse("RENAME FIELDS of "+stName(from)+" to "+stName(t)+" (the docs print no error)", "JSON")
		}
		parts := make([]string, len(t.fields))
		for i, f := range from.fields {
			parts[i] = sqlQuote(t.fields[i].name) + ", json_extract(_sf_r, " + sqlQuote(`$."`+f.name+`"`) + ")"
		}
		src = "list_transform([" + src + "], _sf_r -> CASE WHEN _sf_r IS NULL THEN NULL ELSE json_object(" + strings.Join(parts, ", ") + ") END)[1]"
	case "ADD":
		if from.kind != "OBJECT" || t.kind != "OBJECT" || len(from.fields) > len(t.fields) {
			return stRefuse("ADD FIELDS of "+stName(from)+" to "+stName(t)+" (the docs print no error)", "JSON")
		}
		have := map[string]bool{}
		for _, f := range from.fields {
			have[f.name] = true
		}
		parts := make([]string, 0, len(t.fields))
		for _, f := range t.fields {
			if have[f.name] {
				parts = append(parts, sqlQuote(f.name)+", json_extract(_sf_r, "+sqlQuote(`$."`+f.name+`"`)+")")
			} else {
				parts = append(parts, sqlQuote(f.name)+", CAST('null' AS JSON)")
			}
		}
		src = "list_transform([" + src + "], _sf_r -> CASE WHEN _sf_r IS NULL THEN NULL ELSE json_object(" + strings.Join(parts, ", ") + ") END)[1]"
	}
	return "list_transform([" + src + "], _sf_v -> " + stConvert(t, "_sf_v", 0) + ")[1]"
}

// floatParts reports whether t has a FLOAT element, value or field.
func floatParts(t *stype) bool {
	if t == nil {
		return false
	}
	if t.kind == "" {
		return t.scalar.duck == "DOUBLE"
	}
	if floatParts(t.elem) || floatParts(t.key) {
		return true
	}
	for _, f := range t.fields {
		if floatParts(f.t) {
			return true
		}
	}
	return false
}

// stToSemi renders a cast of the structured value e to the semi-structured
// type ty (ARRAY, OBJECT, VARIANT): "CAST(col_structured_array AS ARRAY)
// returns a semi-structured ARRAY value", a structured OBJECT or MAP casts
// to OBJECT, any of them to VARIANT (docs: "Explicitly casting a structured
// type to a semi-structured type"); the JSON is the same value.
func (p *parser) stToSemi(e expr, ty sqlType) expr {
	out := expr{typ: "JSON"}
	switch {
	case ty.kind != "json":
		out.typ = ty.duck
		out.sql = stRefuse("a cast of "+stName(e.st)+" to "+ty.sf, ty.duck)
	case ty.sf == "ARRAY" && e.st.kind != "ARRAY", ty.sf == "OBJECT" && e.st.kind == "ARRAY":
		out.sql = stRefuse("a cast of "+stName(e.st)+" to "+ty.sf, "JSON")
	default:
		out.sql = p.stLeave(e.sql, e.st)
	}
	return out
}

// noteAliasST records the structured type of the select item aliased a, so
// that a later item naming the alias (SYSTEM$TYPEOF(varchar_array): docs,
// data-types-structured) reads it; an alias given twice is forgotten.
func (p *parser) noteAliasST(a tok, st *stype) {
	k := identKey(a)
	if p.aliasST == nil {
		p.aliasST = map[string]*stype{}
	}
	if _, twice := p.aliasST[k]; twice {
		st = nil
	}
	p.aliasST[k] = st
}

// stIndex parses [n] after the structured ARRAY e, or ['key'] after the
// structured OBJECT e: its element n or the key's value, of its type ("The returned values and elements have the type specified
// for the structured value, rather than VARIANT": docs,
// data-types-structured). A MAP's or OBJECT's key, or an index that is not
// a literal, is refused.
func (p *parser) stIndex(e expr) (expr, error) {
	open := p.next()
	n := p.next()
	if e.st.kind == "OBJECT" && n.Kind == sqllex.String && p.isOp("]") {
		// o['key']: the field's value, of the field's type; a key the
		// type lacks is a compile-time error the docs do not print
		// (data-types-structured: "if you use an OBJECT key or a path
		// that doesn't exist, a compile-time error occurs").
		p.next()
		k := snowflakeString(n.Text)
		i := e.st.field(k)
		if i < 0 {
			return expr{}, p.unsupported(open, "a key the structured OBJECT type lacks")
		}
		ft := e.st.fields[i].t
		at := "json_extract(" + e.sql + ", " + sqlQuote(`$."`+k+`"`) + ")"
		if ft.container() || ft.scalar.kind == "json" {
			return expr{sql: at, typ: "JSON", st: ft}, nil
		}
		out := castExpr(expr{sql: at, typ: "JSON"}, ft.scalar, false)
		out.st = ft
		return out, nil
	}
	if e.st.kind != "ARRAY" || n.Kind != sqllex.Number || strings.ContainsAny(n.Text, ".eE") || !p.isOp("]") {
		return expr{}, p.unsupported(open, "an index or key into a structured "+e.st.kind+" value other than an ARRAY's literal index")
	}
	p.next()
	elem := e.st.elem
	at := "json_extract(" + e.sql + ", '$[" + n.Text + "]')"
	if elem.container() || elem.scalar.kind == "json" {
		return expr{sql: at, typ: "JSON", st: elem}, nil
	}
	out := castExpr(expr{sql: at, typ: "JSON"}, elem.scalar, false)
	out.st = elem
	return out, nil
}

// A NULL element of a structured ARRAY prints as undefined
// ([1,2,NULL,3]::ARRAY(INTEGER)::VARIANT is [1, 2, undefined, 3]: docs,
// data-types-structured), which the JSON holding the ARRAY cannot tell
// from a JSON null. The JSON holds it as a JSON null while the value is a
// structured ARRAY of scalars (the only ARRAYs that may hold one: nested
// ARRAYs refuse a NULL element, stNoNulls); where it leaves the structured
// type (a result column, a cast to VARIANT or ARRAY), a NULL element is
// refused, but for a select item of the result, which prints it as
// undefined (undefined.go).

// stMayHoldNull reports whether a value of type t may hold a NULL element
// the JSON keeps as a JSON null: an ARRAY of scalars other than VARIANT.
func stMayHoldNull(t *stype) bool {
	return t.container() && t.kind == "ARRAY" && !t.elem.container() && t.elem.scalar.kind != "json"
}

// stNoNulls is the structured ARRAY value s, refused when it holds a NULL
// element.
func stNoNulls(s string, t *stype) string {
	return fmt.Sprintf("list_transform([%s], _sf_u -> CASE WHEN _sf_u IS NOT NULL AND list_bool_or(list_transform(CAST(_sf_u AS JSON[]), _sf_ue -> _sf_ue IS NULL)) THEN %s ELSE _sf_u END)[1]",
		s, stRefuse("a NULL (undefined) element of a structured "+stName(t)+" here", "JSON"))
}

// stLeave renders the structured value s of type t where it leaves the
// structured type: refusing a NULL element, with the alternative that
// prints it as undefined recorded for a select item.
func (p *parser) stLeave(s string, t *stype) string {
	if !stMayHoldNull(t) {
		return s
	}
	out := stNoNulls(s, t)
	alt := fmt.Sprintf("list_transform([%s], _sf_u -> '[' || array_to_string(list_transform(CAST(_sf_u AS JSON[]), _sf_ue -> coalesce(CAST(_sf_ue AS VARCHAR), 'undefined')), ',') || ']')[1]", s)
	p.noteUndefined(out, undefAlt{sql: alt, result: true})
	return out
}

// noteStructured records that the statement builds a structured value at t.
func (p *parser) noteStructured(t tok) {
	if p.stAt == nil {
		p.stAt = &t
	}
}

// structuredOutsideQuery refuses a structured value in a statement other
// than a query: stored in a table (INSERT, UPDATE, MERGE, CREATE TABLE AS)
// or defining a view or function, it would need the structured type the
// engine does not keep in its catalog, and "A structured type value can't
// be coerced to a semi-structured value" (docs: data-types-structured) where
// a semi-structured column would take it.
func (p *parser) structuredOutsideQuery() error {
	if p.stAt == nil || len(p.toks) == 0 {
		return nil
	}
	if p.opts.InBlock {
		return p.unsupported(*p.stAt, "a structured ARRAY, OBJECT or MAP value in a Snowflake Scripting block (the local engine keeps no structured type in a variable)")
	}
	if t := p.toks[0]; t.IsWord("SELECT") || t.IsWord("WITH") || t.IsOp("(") {
		return nil
	}
	return p.unsupported(*p.stAt, "a structured ARRAY, OBJECT or MAP value outside a query (the local engine keeps no structured type in a table, view or function)")
}

// stInConstant refuses the item just parsed (p.single) at t when it is a
// structured value: "You can't use a MAP, structured OBJECT, or
// structured ARRAY value in a VARIANT, semi-structured OBJECT, or
// semi-structured ARRAY value. An error occurs ..." in an OBJECT or ARRAY
// constant (docs: data-types-structured; the error is not printed).
func (p *parser) stInConstant(t tok) error {
	if p.single != nil && p.single.st.container() {
		return p.unsupported(t, "a structured value in an ARRAY or OBJECT constant or a list (an error in Snowflake the docs do not print)")
	}
	return nil
}

// stFieldsUnsorted reports whether t holds a structured OBJECT whose fields
// are not in the order the engine prints an OBJECT's keys (sorted by their
// bytes, as every OBJECT it prints). Snowflake prints a structured OBJECT's
// fields in its type's order: the cast to OBJECT(state VARCHAR, city
// VARCHAR) prints "state" first (docs: data-types-structured, "the order of
// the key-value pairs"); a MAP's keys it prints sorted (docs: map_keys,
// map_insert), as the engine does.
func stFieldsUnsorted(t *stype) bool {
	if !t.container() {
		return false
	}
	switch t.kind {
	case "OBJECT":
		for i, f := range t.fields {
			if i > 0 && t.fields[i-1].name > f.name || stFieldsUnsorted(f.t) {
				return true
			}
		}
	case "ARRAY", "MAP":
		return stFieldsUnsorted(t.elem)
	}
	return false
}
