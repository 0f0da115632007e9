package rewrite

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// OBJECT_DELETE, OBJECT_INSERT and OBJECT_PICK of a structured OBJECT, and
// ARRAY_CAT of structured ARRAYs (docs: data-types-structured,
// "Transforming values of structured types"). Their keys must be
// constants; the result is a structured OBJECT whose type follows the
// keys.

// field is the index of key among t's fields, or -1.
func (t *stype) field(key string) int {
	for i, f := range t.fields {
		if f.name == key {
			return i
		}
	}
	return -1
}

// objectOf is the JSON object of fields, each read from the JSON o
// (json_extract) or given by vals.
func objectOf(o string, fields []sfield, vals map[string]string) string {
	if len(fields) == 0 {
		return "CAST('{}' AS JSON)"
	}
	parts := make([]string, len(fields))
	for i, f := range fields {
		v, ok := vals[f.name]
		if !ok {
			v = "json_extract(" + o + ", " + sqlQuote(`$."`+f.name+`"`) + ")"
		}
		parts[i] = sqlQuote(f.name) + ", " + v
	}
	return "json_object(" + strings.Join(parts, ", ") + ")"
}

// stFailure is the SQL of Snowflake's error code: message, raised when
// evaluated (snowlocal/result.go maps it to its code).
func stFailure(code, message string) string {
	return "CAST(error(" + sqlQuote("Snowflake error "+code+": "+message) + ") AS JSON)"
}

// objectDelete is OBJECT_DELETE(o, key, ...): the OBJECT without the keys,
// of the type without them (OBJECT() when none is left); a key the type
// lacks fails with 093201 "Function OBJECT_DELETE: expected structured
// object to contain field zip_code but it did not." (docs:
// data-types-structured, "Removing key-value pairs").
func objectDelete(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, -1); err != nil {
		return expr{}, err
	}
	st, o, err := stArg(p, c, 0, "OBJECT")
	if err != nil {
		return expr{}, err
	}
	if st.namedOrder {
		return expr{}, p.unsupported(c.t, "function "+c.name+" of the OBJECT of OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) (its fields' order is not documented)")
	}
	gone := map[string]bool{}
	for _, a := range c.args[1:] {
		k, err := stConstKey(p, c, a)
		if err != nil {
			return expr{}, err
		}
		if st.field(k) < 0 {
			return expr{sql: stFailure("093201", "Function OBJECT_DELETE: expected structured object to contain field "+k+" but it did not."), typ: "JSON"}, nil
		}
		gone[k] = true
	}
	out := &stype{kind: "OBJECT"}
	for _, f := range st.fields {
		if !gone[f.name] {
			out.fields = append(out.fields, f)
		}
	}
	return expr{sql: bindOnce(o, func(o string) string {
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL ELSE %[2]s END", o, objectOf(o, out.fields, nil))
	}), typ: "JSON", st: out}, nil
}

// objectPick is OBJECT_PICK(o, key, ...): the keys' pairs, of the type
// with "the keys in the order in which they are specified" (docs:
// data-types-structured, "Selecting key-value pairs"). A key the type
// lacks fails with an error the docs do not print: refused.
func objectPick(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, -1); err != nil {
		return expr{}, err
	}
	st, o, err := stArg(p, c, 0, "OBJECT")
	if err != nil {
		return expr{}, err
	}
	out := &stype{kind: "OBJECT"}
	for _, a := range c.args[1:] {
		k, err := stConstKey(p, c, a)
		if err != nil {
			return expr{}, err
		}
		i := st.field(k)
		if i < 0 || out.field(k) >= 0 {
			return expr{}, p.unsupported(c.t, "function OBJECT_PICK of a key the structured OBJECT type lacks, or of a key twice")
		}
		out.fields = append(out.fields, st.fields[i])
	}
	return expr{sql: bindOnce(o, func(o string) string {
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL ELSE %[2]s END", o, objectOf(o, out.fields, nil))
	}), typ: "JSON", st: out}, nil
}

// objectInsert is OBJECT_INSERT(o, key, value [, updateFlag]) of a
// structured OBJECT (docs: data-types-structured, "Inserting key-value
// pairs and updating values"): without updateFlag a new key, whose type is
// the value's (94402::VARCHAR adds zip_code VARCHAR NOT NULL), and a key
// the type has fails with 093202 "Function OBJECT_INSERT: expected
// structured object to not contain field city but it did."; with it, the
// value of a key the type has, coerced to the key's type (a key it lacks
// fails with an error the docs do not print: refused). The flag must be a
// literal.
func objectInsert(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 3, 4); err != nil {
		return expr{}, err
	}
	st, o, err := stArg(p, c, 0, "OBJECT")
	if err != nil {
		return expr{}, err
	}
	if st.namedOrder {
		return expr{}, p.unsupported(c.t, "function "+c.name+" of the OBJECT of OBJECT_CONSTRUCT_KEEP_NULL_STRUCTURED(*) (its fields' order is not documented)")
	}
	k, err := stConstKey(p, c, c.args[1])
	if err != nil {
		return expr{}, err
	}
	update := false
	if len(c.args) == 4 {
		switch f := c.args[3].toks; {
		case len(f) == 1 && f[0].IsWord("TRUE"):
			update = true
		case len(f) == 1 && f[0].IsWord("FALSE"):
		default:
			return expr{}, p.unsupported(c.t, "function OBJECT_INSERT of a structured OBJECT with an updateFlag that is not TRUE or FALSE")
		}
	}
	i := st.field(k)
	if update {
		if i < 0 {
			return expr{}, p.unsupported(c.t, "function OBJECT_INSERT updating a key the structured OBJECT type lacks")
		}
		v, err := stValueJSON(p, c, c.args[2], st.fields[i].t)
		if err != nil {
			return expr{}, err
		}
		return expr{sql: bindOnce(o, func(o string) string {
			return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL ELSE %[2]s END", o, objectOf(o, st.fields, map[string]string{k: v}))
		}), typ: "JSON", st: st}, nil
	}
	if i >= 0 {
		return expr{sql: stFailure("093202", "Function OBJECT_INSERT: expected structured object to not contain field "+k+" but it did."), typ: "JSON"}, nil
	}
	ft, ok := insertedType(c.args[2])
	if !ok {
		return expr{}, p.unsupported(c.t, "function OBJECT_INSERT of a value whose type the engine does not know into a structured OBJECT")
	}
	v, err := stValueJSON(p, c, c.args[2], ft)
	if err != nil {
		return expr{}, err
	}
	out := &stype{kind: "OBJECT", fields: append(append([]sfield{}, st.fields...), sfield{name: k, t: ft})}
	return expr{sql: bindOnce(o, func(o string) string {
		return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN NULL ELSE %[2]s END", o, objectOf(o, out.fields, map[string]string{k: v}))
	}), typ: "JSON", st: out}, nil
}

// insertedType is the type of the value a inserted as a new key: a number
// or string literal cast to VARCHAR is VARCHAR NOT NULL (docs: 94402::VARCHAR
// adds "zip_code VARCHAR NOT NULL").
func insertedType(a arg) (*stype, bool) {
	t := a.toks
	if len(t) == 3 && t[1].IsOp("::") && t[2].IsWord("VARCHAR") && (t[0].Kind == sqllex.Number || t[0].Kind == sqllex.String) {
		return &stype{scalar: mapTypeName("VARCHAR"), display: "VARCHAR", notNull: true}, true
	}
	return nil, false
}

// arrayCat is ARRAY_CAT of two structured ARRAYs: the type "that can
// accommodate the types of both input values" (docs:
// data-types-structured: ARRAY(NUMBER NOT NULL) and ARRAY(NUMBER(2, 1))
// give ARRAY(NUMBER(38,1))). Elements both NUMBER or both VARCHAR answer;
// other pairs are refused, as is a structured ARRAY with a semi-structured
// one (which fails in Snowflake with an error the docs do not print).
func arrayCat(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	st1, a1, err := stArg(p, c, 0, "ARRAY")
	if err != nil {
		return expr{}, err
	}
	st2, a2, err := stArg(p, c, 1, "ARRAY")
	if err != nil {
		return expr{}, err
	}
	elem, ok := commonElement(st1.elem, st2.elem)
	if !ok {
		return expr{}, p.unsupported(c.t, "function ARRAY_CAT of structured ARRAYs of "+stName(st1)+" and "+stName(st2))
	}
	return expr{sql: bindOnce(a1, func(a1 string) string {
		return bindOnce(a2, func(a2 string) string {
			return fmt.Sprintf("CASE WHEN %[1]s IS NULL OR %[2]s IS NULL THEN NULL ELSE CAST(to_json(list_concat(CAST(%[1]s AS JSON[]), CAST(%[2]s AS JSON[]))) AS JSON) END", a1, a2)
		})
	}),
		typ: "JSON", st: &stype{kind: "ARRAY", elem: elem}}, nil
}

// commonElement is the element type of ARRAY_CAT's result: NUMBER(p1,s1)
// and NUMBER(p2,s2) give NUMBER(min(38, max(p1-s1, p2-s2)+max(s1,s2)),
// max(s1,s2)), which the docs' NUMBER(38,0) and NUMBER(2,1) giving
// NUMBER(38,1) shows; VARCHAR and VARCHAR give VARCHAR; NOT NULL only when
// both are.
func commonElement(a, b *stype) (*stype, bool) {
	nn := a.notNull && b.notNull
	if a.container() || b.container() {
		return nil, false
	}
	if a.scalar.kind == "string" && b.scalar.kind == "string" && a.display == "VARCHAR" && b.display == "VARCHAR" {
		return a.withNotNull(nn), true
	}
	pa, sa, ok1 := decimalOf(a.scalar.duck)
	pb, sb, ok2 := decimalOf(b.scalar.duck)
	if !ok1 || !ok2 {
		return nil, false
	}
	s := max(sa, sb)
	pr := min(38, max(pa-sa, pb-sb)+s)
	t := &stype{scalar: sqlType{sf: "NUMBER", duck: fmt.Sprintf("DECIMAL(%d,%d)", pr, s), kind: "number"}, notNull: nn}
	t.display = fmt.Sprintf("NUMBER(%d,%d)", pr, s)
	return t, true
}

// decimalOf reads DECIMAL(p,s).
func decimalOf(duck string) (int, int, bool) {
	in, ok := strings.CutPrefix(duck, "DECIMAL(")
	if !ok {
		return 0, 0, false
	}
	ps, ss, ok := strings.Cut(strings.TrimSuffix(in, ")"), ",")
	if !ok {
		return 0, 0, false
	}
	pr, err1 := strconv.Atoi(strings.TrimSpace(ps))
	sc, err2 := strconv.Atoi(strings.TrimSpace(ss))
	return pr, sc, err1 == nil && err2 == nil
}

// bindOnce is the SQL of body(v) where v stands for x evaluated once (a
// lambda's parameter): a structured value's SQL can be large (a converted
// constant), and DuckDB plans each copy of it.
func bindOnce(x string, body func(v string) string) string {
	// The parameter is named after x, so that a nested call's body, which
	// may name the outer one's, names another.
	h := fnv.New32a()
	h.Write([]byte(x))
	v := fmt.Sprintf("_sf_b%x", h.Sum32())
	return "list_transform([" + x + "], " + v + " -> " + body(v) + ")[1]"
}
