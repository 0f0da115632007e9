package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Ordering of VARIANT values. DuckDB holds a VARIANT as JSON text and so
// orders it as text (10 before 9); Snowflake orders VARIANT numbers by
// value: "For numeric values, leading zeros before the decimal point and
// trailing zeros (0) after the decimal point have no effect on sort order"
// and "The sort order isn't guaranteed to be consistent for values of
// different data types in semi-structured data" (docs: ORDER BY,
// https://docs.snowflake.com/en/sql-reference/constructs/order-by). An
// ORDER BY item and the argument of MIN/MAX that are VARIANTs sort by
// _SF_VSORT's key: the type's rank, then a number's value (as a DOUBLE,
// ties broken by an exact DECIMAL(38,18)) or a string's, boolean's text.
// The ranks across types, which the docs leave open, are the live-verified
// reference's: "BOOLEAN < NUMBER < STRING < OBJECT < ARRAY < JSON null",
// numbers "by VALUE whatever their notation", strings by code points; the
// same order answers the comparison operators (mlorek/frostlake
// docs/functions.md, "How VARIANT values order and compare", an
// independent reference, live-verified). ARRAYs compare "element by
// element in this same order, a prefix first", OBJECTs "member by member
// over their keys in sorted order, where at each position the LARGER key
// sorts first and equal keys compare their values, a prefix first"
// (ibid.); an ARRAY or OBJECT inside one is refused when a row holds one,
// and so is a DATE, TIME, TIMESTAMP or BINARY (funcs_typed_variant.go),
// whose order and equality beside other values no source gives.
// v1 < v2 (<=, >, >=) of two VARIANT operands compares their keys, and
// v1 = v2 (<>, !=) their values, as that reference's equality does:
// "PARSE_JSON('1') = PARSE_JSON('1.0') and {"a":1,"b":2} = {"b":2,"a":1}
// are TRUE, 1 = "1" is FALSE, a JSON null equals a JSON null" (ibid.).

func init() {
	prelude = append(prelude,
		// _SF_VKEY: a scalar's key; an ARRAY or OBJECT element is refused.
		`CREATE OR REPLACE TEMP MACRO _SF_VKEY(j) AS {
		'r': CASE json_type(j) WHEN 'BOOLEAN' THEN 1 WHEN 'BIGINT' THEN 2 WHEN 'UBIGINT' THEN 2 WHEN 'DOUBLE' THEN 2
			WHEN 'VARCHAR' THEN 3 WHEN 'OBJECT' THEN 4 WHEN 'ARRAY' THEN 5 ELSE 6 END,
		'n': CASE WHEN json_type(j) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN TRY_CAST(j AS DOUBLE) END,
		'd': CASE WHEN json_type(j) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN TRY_CAST(CAST(j AS VARCHAR) AS DECIMAL(38,18)) END,
		's': CASE WHEN json_type(j) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN NULL
			WHEN json_type(j) IN ('ARRAY', 'OBJECT') THEN _SF_REFUSE('the order of an ARRAY or OBJECT inside an ARRAY or OBJECT (ORDER BY, MIN, MAX, <, >)', j)
			WHEN _SF_VTAG(j) > 0 THEN _SF_REFUSE('the order or equality of a VARIANT holding a DATE, TIME, TIMESTAMP or BINARY (ORDER BY, GROUP BY, DISTINCT, =, <)', j)
			ELSE json_extract_string(j, '$') END}`,
		// _SF_VSORT: a VARIANT's key; an ARRAY's is its elements' keys, which
		// DuckDB's list order compares element by element, a prefix first; an
		// OBJECT's its members' in key order, each key's code points negated
		// and ended by 1, so that the larger key sorts first.
		`CREATE OR REPLACE TEMP MACRO _SF_VSORT_BODY(j) AS CASE WHEN j IS NULL THEN NULL
		WHEN json_type(j) = 'ARRAY' THEN {'k': {'r': 5, 'n': NULL, 'd': NULL, 's': NULL}, 'a': list_transform(CAST(j AS JSON[]), _sf_e -> _SF_VKEY(_sf_e)), 'o': NULL}
		WHEN json_type(j) = 'OBJECT' THEN {'k': {'r': 4, 'n': NULL, 'd': NULL, 's': NULL}, 'a': NULL,
			'o': list_transform(list_sort(map_entries(CAST(j AS MAP(VARCHAR, JSON)))), _sf_e -> {
				'k': list_append(list_transform(string_split(_sf_e.key, ''), _sf_c -> -unicode(_sf_c)), 1), 'v': _SF_VKEY(_sf_e.value)})}
		ELSE {'k': _SF_VKEY(j), 'a': NULL, 'o': NULL} END`,
		// (Bound once, by a lambda: a path's json_extract would parse the
		// whole record at each of the body's names of j.)
		`CREATE OR REPLACE TEMP MACRO _SF_VSORT(j) AS list_transform([j], lambda _l_sf_vsort: _SF_VSORT_BODY(_l_sf_vsort))[1]`,
		// _SF_VEQK: a VARIANT's key for equality: a scalar's order key (1
		// equals 1.0, "1" does not equal 1), an OBJECT's or ARRAY's JSON text
		// with its keys sorted and its numbers printed as Snowflake prints
		// them ({"a":1,"b":2} equals {"b":2,"a":1}); a struct, so that DuckDB
		// still joins on it by hash.
		`CREATE OR REPLACE TEMP MACRO _SF_VEQK_BODY(j) AS CASE WHEN j IS NULL THEN NULL
		WHEN json_type(j) IN ('OBJECT', 'ARRAY') THEN {'k': NULL, 't': _SF_GO_TO_JSON(CAST(j AS VARCHAR))}
		ELSE {'k': _SF_VKEY(j), 't': NULL} END`,
		`CREATE OR REPLACE TEMP MACRO _SF_VEQK(j) AS list_transform([j], lambda _l_sf_veqk: _SF_VEQK_BODY(_l_sf_veqk))[1]`,
		// _SF_VSORT_ANY(x): the first ORDER BY key of a column whose type
		// only DuckDB sees (setops_variant.go): its _SF_VSORT key if it is
		// a JSON, else NULL (a constant: x itself follows as the second key).
		`CREATE OR REPLACE TEMP MACRO _SF_VSORT_ANY(x) AS CASE WHEN typeof(x) = 'JSON' THEN _SF_VSORT(CAST(x AS JSON)) END`)
	// _SF_JSON_INT(j, try): a VARIANT cast to an integer type (INT,
	// BIGINT…, which DuckDB makes a BIGINT): "A fractional seed rounds half
	// away from zero: RANDOM(1.5) is RANDOM(2), and so are RANDOM('1.5') and
	// RANDOM(PARSE_JSON('1.5'))", converting "as a cast to FIXED does"
	// (mlorek/frostlake docs/functions.md, an independent reference,
	// live-verified), where DuckDB's JSON to BIGINT cast rounded 2.5 to 2.
	// A decimal goes through DECIMAL(38,0), which rounds so (as
	// ::NUMBER(10,0) of the same VARIANT answered 3); a DOUBLE (an exponent)
	// and any other value cast as before.
	// A JSON string is read as a text cast reads it (numcast.go): DuckDB
	// read "0x10" as 16 and "0b101" as 5, which Snowflake does not
	// recognize (100038; NULL under TRY_).
	// (j is bound once, by a lambda: a path's json_extract parses the
	// whole record each time the macro would name it. A JSON decimal is
	// told by its text, a string by its leading quote.)
	prelude = append(prelude, `CREATE OR REPLACE TEMP MACRO _SF_JSON_INT(j, try) AS list_transform([j], lambda _l_sf_json_int: CASE
		WHEN contains(CAST(_l_sf_json_int AS VARCHAR), '.') AND regexp_full_match(CAST(_l_sf_json_int AS VARCHAR), '-?[0-9]+\.[0-9]+')
		THEN CASE WHEN try THEN TRY_CAST(TRY_CAST(_l_sf_json_int AS DECIMAL(38,0)) AS BIGINT) ELSE CAST(CAST(_l_sf_json_int AS DECIMAL(38,0)) AS BIGINT) END
		WHEN starts_with(CAST(_l_sf_json_int AS VARCHAR), '"') AND regexp_matches(CAST(_l_sf_json_int AS VARCHAR), '[_xXbBoO]')
		THEN CASE WHEN try THEN NULL ELSE error('Numeric value ''' || json_extract_string(_l_sf_json_int, '$') || ''' is not recognized') END
		ELSE CASE WHEN try THEN TRY_CAST(_l_sf_json_int AS BIGINT) ELSE CAST(_l_sf_json_int AS BIGINT) END END)[1]`)
	registerFuncs(map[string]funcHandler{"MIN": variantMinMax("min_by"), "MAX": variantMinMax("max_by")})
}

// orderingOps compare by order.
var orderingOps = map[string]bool{"<": true, ">": true, "<=": true, ">=": true}

// variantOperand is a VARIANT operand written into a seq's output at start.
type variantOperand struct {
	ok    bool
	start int
	sql   string
}

// jsonRendered reports whether operand e, rendered as s, is a VARIANT in
// DuckDB's JSON (a path compared with a literal is read as its string or
// number instead).
func jsonRendered(e expr, s string) bool {
	if e.path != nil {
		return strings.HasPrefix(s, "_SF_JX(")
	}
	return isVariant(e)
}

// isVariant reports whether an operand is semi-structured: a path, a
// function returning a VARIANT, OBJECT or ARRAY, or such a column.
func isVariant(e expr) bool {
	return e.typ == "JSON" || e.path != nil || e.variant
}

// variantMinMax renders MIN/MAX of a VARIANT as the value with the least or
// greatest _SF_VSORT key; other arguments pass through as before.
func variantMinMax(by string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if len(c.args) == 1 && !c.star && c.args[0].e != nil && !argDistinct(c.args[0]) &&
			(isVariant(*c.args[0].e) || c.args[0].e.plain && p.partsVariant(nameParts(c.args[0].toks))) {
			x := c.args[0].e.render()
			return expr{sql: by + "(" + x + ", _SF_VSORT(" + x + "))" + overSuffix(c), typ: "JSON"}, nil
		}
		if err := p.allowedCall(c); err != nil {
			return expr{}, err
		}
		return defaultCall(c), nil
	}
}

// argDistinct reports whether an argument is written DISTINCT x.
func argDistinct(a arg) bool {
	return len(a.toks) > 0 && a.toks[0].IsWord("DISTINCT")
}

// orderItemEnd are the words that may follow an ORDER BY item.
var orderItemEnd = toSet(`ASC DESC NULLS LIMIT OFFSET FETCH UNION EXCEPT INTERSECT MINUS ROWS RANGE GROUPS`)

// orderItem reports whether the operand from token start to the current
// token is a whole ORDER BY item, of a query block, a window's OVER or a
// WITHIN GROUP.
func (p *parser) orderItem(start int) bool {
	switch n := p.peek(); {
	case p.eof(), n.IsOp(","), n.IsOp(")"), n.IsOp(";"):
	case n.Kind == sqllex.Word && orderItemEnd[strings.ToUpper(n.Text)]:
	default:
		return false
	}
	if start < 2 {
		return false
	}
	if prev := p.toks[start-1]; !prev.IsWord("BY") && !prev.IsOp(",") {
		return false
	}
	depth := 0
	for k := start - 1; k >= 1; k-- {
		t := p.toks[k]
		switch {
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth++
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			if depth == 0 {
				return false
			}
			depth--
		case depth == 0 && t.IsWord("BY"):
			return p.toks[k-1].IsWord("ORDER")
		case depth == 0 && (isClause(t) || t.IsWord("SELECT")):
			return false
		}
	}
	return false
}

// plainVariant reports whether the plain column reference between token
// indices a and e names a VARIANT: an alias of the block naming one, a
// VARIANT column of a table, or a derived table's or CTE's column whose
// select item is one.
func (p *parser) plainVariant(a, e int) bool {
	var parts []tok
	for k := a; k < e; k += 2 {
		parts = append(parts, p.toks[k])
	}
	return p.partsVariant(parts)
}

// aliasVariant is the expression of the block's alias named by the token
// range a..e, where it is a VARIANT.
func (p *parser) aliasVariant(a, e int) (string, bool) {
	if e != a+1 {
		return "", false
	}
	r, ok := p.aliasItems[identKey(p.toks[a])]
	if !ok || r[0] < 0 {
		return "", false
	}
	return p.renderVariant(r[0], r[1])
}

// partsVariant is plainVariant of a dotted name's parts.
func (p *parser) partsVariant(parts []tok) bool {
	if len(parts) == 0 || len(parts) > 2 || p.setDepth > 8 {
		return false
	}
	if r, ok := p.aliasItems[identKey(parts[0])]; ok && len(parts) == 1 {
		return r[0] >= 0 && p.exprVariant(r[0], r[1])
	}
	if _, raw := p.columnTypes(parts); raw != "" {
		return raw == "JSON"
	}
	sc := p.scope
	if sc == nil || sc.unknown {
		return false
	}
	var rel *scopeRel
	switch len(parts) {
	case 1:
		if len(sc.rels) != 1 || sc.aliases[identKey(parts[0])] {
			return false
		}
		rel = sc.rels[0]
	case 2:
		for _, r := range sc.rels {
			if r.name == identKey(parts[0]) {
				if rel != nil {
					return false
				}
				rel = r
			}
		}
	}
	qa, qb, names, ok := p.relQuery(rel) // types_intfn.go
	if !ok || qb <= qa {
		return false
	}
	if p.hasSetOp(qa, qb) {
		// A set operation's column is a VARIANT where a branch's item is
		// one (setops_variant.go).
		return p.setColumnVariant(qa, qb, names, identKey(parts[len(parts)-1]))
	}
	item := p.columnItem(qa, qb, names, identKey(parts[len(parts)-1])) // types_intfn.go
	if item == nil {
		return false
	}
	return p.exprVariant(item.a, item.e)
}

// exprVariant reports whether the expression between token indices a and
// e is a VARIANT, rewriting it apart as exprIntWidth does.
func (p *parser) exprVariant(a, e int) bool {
	_, ok := p.renderVariant(a, e)
	return ok
}

// renderVariant is the expression between token indices a and e rewritten,
// where it is a VARIANT.
func (p *parser) renderVariant(a, e int) (string, bool) {
	for j := a; j < e; j++ {
		if t := p.toks[j]; t.IsWord("SELECT") || t.Kind == sqllex.Bind || t.Kind == sqllex.Variable {
			return "", false
		}
	}
	q := *p
	q.i, q.scope, q.setDepth = a, p.scanScope(a), p.setDepth+1
	q.blockAliases, q.aliasWidths, q.aliasItems, q.substAt, q.outerItems, q.setOpBlock = nil, nil, nil, nil, false, false
	s, err := q.seq(func(tok, bool) bool { return q.i >= e })
	if err != nil || q.i != e || q.single == nil {
		return "", false
	}
	if q.single.plain {
		return s, q.plainVariant(a, e)
	}
	return s, jsonRendered(*q.single, s)
}

// positionVariant is the expression of the block's select item at position
// n (ORDER BY n) where it is a VARIANT, which DuckDB would order as text.
func (p *parser) positionVariant(n string) (string, bool) {
	if !isInteger(n) || len(n) > 4 {
		return "", false
	}
	k := 0
	for _, c := range n {
		k = k*10 + int(c-'0')
	}
	if k < 1 || k > len(p.itemExprs) {
		return "", false
	}
	r := p.itemExprs[k-1]
	if r[0] < 0 {
		return "", false
	}
	s, ok := p.renderVariant(r[0], r[1])
	return s, ok
}

// nameParts are the names of a dotted name's tokens.
func nameParts(toks []tok) []tok {
	var parts []tok
	for k := 0; k < len(toks); k += 2 {
		parts = append(parts, toks[k])
	}
	return parts
}
