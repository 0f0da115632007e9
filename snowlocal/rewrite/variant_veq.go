package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Equality of VARIANT values inside arrays. DuckDB holds a VARIANT as JSON
// text, so its list functions compared elements by their text: 1 and 1.0,
// or one OBJECT's keys written in two orders, were two values. Snowflake's
// VARIANT equality is by value: "PARSE_JSON('1') = PARSE_JSON('1.0') and
// {"a":1,"b":2} = {"b":2,"a":1} are TRUE, 1 = "1" is FALSE" (mlorek/frostlake
// docs/functions.md, "How VARIANT values order and compare", an independent
// reference, live-verified): the equality _SF_VEQK keys (variant_order.go).
// ARRAY_CONTAINS, ARRAY_POSITION and ARRAYS_OVERLAP compare by it.
//
// Where a result shows one of two equal values written differently (which
// of 1 and 1.0 ARRAY_DISTINCT keeps, or ARRAY_INTERSECTION returns), no
// source says which: such a call is refused (002040) when its arrays hold
// two equal values of different texts, a "collision". Without one, equal
// texts are exactly equal values, and the call answers as before.
//
// The SQL is written here rather than as prelude macros: _SF_VEQK reaches a
// Go function (_SF_GO_TO_JSON) that DuckDB binds when a macro calling it is
// created, before the engine registers it.

// arrayContainsCall is ARRAY_CONTAINS(value, array): a SQL NULL value or
// array gives NULL; a JSON null finds a JSON null (docs: array_contains).
func arrayContainsCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("list_contains(%s, _SF_VEQK(to_json(%s)))", variantKeys(c.args[1].sql), c.args[0].sql), typ: "BOOLEAN"}, nil
}

// variantKeys is the list of the _SF_VEQK keys of ARRAY a's elements.
func variantKeys(a string) string {
	return "list_transform(" + jsonElements(a) + ", _sf_e -> _SF_VEQK(_sf_e))"
}

// jsonElements is the list of ARRAY a's elements. DuckDB's cast of a JSON
// value to JSON[] makes a JSON null element a SQL NULL: it is kept a JSON
// null, which ARRAY_CONTAINS finds (docs: array_contains).
func jsonElements(a string) string {
	return "list_transform(CAST(" + a + " AS JSON[]), _sf_n -> coalesce(_sf_n, CAST('null' AS JSON)))"
}

// variantCollision is the condition that the list of JSON values l (a
// lambda parameter: it is named twice) holds a collision: more distinct
// printed texts than distinct values. An OBJECT's or ARRAY's printed text is
// its _SF_VEQK text (keys sorted, numbers as Snowflake prints them), so two
// OBJECTs whose keys were written in different orders are no collision:
// whichever the call keeps prints the same (docs: array_intersection, whose
// "objects contain the same values, but in different order" intersect).
func variantCollision(l string) string {
	return fmt.Sprintf("len(list_distinct(list_transform(%[1]s, _sf_c -> CASE WHEN json_type(_sf_c) IN ('OBJECT', 'ARRAY') "+
		"THEN _SF_GO_TO_JSON(CAST(_sf_c AS VARCHAR)) ELSE CAST(_sf_c AS VARCHAR) END))) > len(list_distinct(list_transform(%[1]s, _sf_c -> _SF_VEQK(_sf_c))))", l)
}

// collisionRefusal refuses fn's collision in the list l, as a JSON value.
func collisionRefusal(fn, l string) string {
	return fmt.Sprintf("CAST(_SF_REFUSE('%s of an ARRAY holding equal VARIANT values written differently (such as 1 and 1.0)', %s) AS JSON)", fn, l)
}

// arrayPositionCall is ARRAY_POSITION(value, array): "0-based index of the
// first array element equal to value" (mlorek/frostlake docs/functions.md,
// ARRAY_POSITION), equal as VARIANTs.
func arrayPositionCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("CAST(list_position(%s, _SF_VEQK(to_json(%s))) - 1 AS BIGINT)", variantKeys(c.args[1].sql), c.args[0].sql)}, nil
}

// arraysOverlapCall is ARRAYS_OVERLAP(a, b): whether an element of a equals
// one of b; the function "treats NULLs as known values for comparing
// equality" (docs: arrays_overlap), here VARIANT equality.
func arraysOverlapCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("(len(list_intersect(%s, %s)) > 0)", variantKeys(c.args[0].sql), variantKeys(c.args[1].sql)), typ: "BOOLEAN"}, nil
}

// arrayDistinctCall is ARRAY_DISTINCT(a): each element's first occurrence,
// in order, equal as VARIANTs; refused on a collision (which of 1 and 1.0
// it keeps).
func arrayDistinctCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("list_transform([%s], _sf_l -> CASE WHEN %s THEN %s "+
		"ELSE list_transform([%s], _sf_k -> to_json(list_filter(_sf_l, lambda x, i: list_position(_sf_k, _sf_k[i]) = i)))[1] END)[1]",
		jsonElements(c.args[0].sql), variantCollision("_sf_l"), collisionRefusal("ARRAY_DISTINCT", "_sf_l"), variantKeys("_sf_l")), typ: "JSON"}, nil
}

// arrayIntersectionCall is ARRAY_INTERSECTION(a, b) with bag semantics: an
// element of a is kept while its copies so far do not outnumber its copies
// in b (a's order), compared as VARIANTs. Refused on a collision across
// both arrays: which of 1 in a and 1.0 in b it returns no source says.
func arrayIntersectionCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("list_transform([{'a': %s, 'b': %s}], _sf_s -> CASE "+
		"WHEN _sf_s.a IS NULL OR _sf_s.b IS NULL THEN NULL WHEN %s THEN %s "+
		"ELSE list_transform([{'ka': %s, 'kb': %s}], _sf_k -> to_json(list_filter(_sf_s.a, lambda x, i: "+
		"len(list_filter(_sf_k.ka[1 : i], lambda y: y = _sf_k.ka[i])) <= len(list_filter(_sf_k.kb, lambda z: z = _sf_k.ka[i])))))[1] END)[1]",
		jsonElements(c.args[0].sql), jsonElements(c.args[1].sql), variantCollision("list_concat(_sf_s.a, _sf_s.b)"),
		collisionRefusal("ARRAY_INTERSECTION", "_sf_s.a"), variantKeys("_sf_s.a"), variantKeys("_sf_s.b")), typ: "JSON"}, nil
}

// arrayExceptCall is ARRAY_EXCEPT(a, b) with bag semantics: an element of a
// is dropped while its copies so far do not outnumber its copies in b,
// compared as VARIANTs (1.0 in b drops 1 from a). Refused on a collision
// in a: which of its copies it drops no source says.
func arrayExceptCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("list_transform([{'a': %s, 'b': %s}], _sf_s -> CASE "+
		"WHEN _sf_s.a IS NULL OR _sf_s.b IS NULL THEN NULL WHEN %s THEN %s "+
		"ELSE list_transform([{'ka': %s, 'kb': %s}], _sf_k -> to_json(list_filter(_sf_s.a, lambda x, i: "+
		"len(list_filter(_sf_k.ka[1 : i], lambda y: y = _sf_k.ka[i])) > len(list_filter(_sf_k.kb, lambda z: z = _sf_k.ka[i])))))[1] END)[1]",
		jsonElements(c.args[0].sql), jsonElements(c.args[1].sql), variantCollision("_sf_s.a"), collisionRefusal("ARRAY_EXCEPT", "_sf_s.a"),
		variantKeys("_sf_s.a"), variantKeys("_sf_s.b")), typ: "JSON"}, nil
}

// IN and BETWEEN of VARIANTs. x IN (a, b) is x = a OR x = b, and x BETWEEN
// a AND b is x >= a AND x <= b: "its equality answers =, IN, DISTINCT,
// GROUP BY and the set operations", the same order "the comparison
// operators" (mlorek/frostlake docs/functions.md, "How VARIANT values
// order and compare"). Where x and every element of the list, or x, a and
// b, are VARIANTs, they compare by their _SF_VEQK or _SF_VSORT keys, as = and
// < of two VARIANTs do (expr.go). A list holding another value (a text or
// a number, which Snowflake compares by converting the VARIANT) or a
// subquery compares as before.

// variantInList is the list of x IN (list) between token indices a and e
// (the brackets included) with each element keyed by _SF_VEQK, where every
// element is a VARIANT.
func (p *parser) variantInList(a, e int) (string, bool) {
	if e-a < 3 || !p.toks[a].IsOp("(") || !p.toks[e-1].IsOp(")") || p.toks[a+1].IsWord("SELECT") || p.toks[a+1].IsWord("WITH") {
		return "", false
	}
	var elems []string
	depth, from := 0, a+1
	for k := a + 1; k < e; k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case depth > 0 && (t.IsOp(")") || t.IsOp("]") || t.IsOp("}")):
			depth--
		case depth == 0 && (t.IsOp(",") || k == e-1):
			s, ok := p.renderVariant(from, k)
			if !ok {
				return "", false
			}
			elems = append(elems, "_SF_VEQK("+s+")")
			from = k + 1
		}
	}
	return "(" + strings.Join(elems, ", ") + ")", true
}

// startsExpression reports whether the operand at token index i begins an
// expression (so that it is the whole left side of an IN or BETWEEN that
// follows it, not the last operand of x || v).
func (p *parser) startsExpression(i int) bool {
	if i == 0 {
		return true
	}
	t := p.toks[i-1]
	if t.IsOp("(") || t.IsOp(",") || t.IsOp("->") { // -> starts a lambda's body (funcs_lambda.go)
		return true
	}
	if t.Kind != sqllex.Word {
		return false
	}
	switch strings.ToUpper(t.Text) {
	case "AND", "OR", "NOT", "WHERE", "SELECT", "WHEN", "THEN", "ELSE", "ON", "HAVING", "QUALIFY", "DISTINCT", "ALL":
		return true
	}
	return false
}

// variantBetween follows x [NOT] BETWEEN a AND b through a seq: stage 1
// once x, a VARIANT, is written; 2 once a is.
type variantBetween struct {
	stage int
	x, a  variantOperand
}

// operand takes the VARIANT operand s (rendered, at token index opStart;
// next is the token after it) of a BETWEEN under way, and returns it as it
// is to be written. At b the BETWEEN, written so far in b, is rewritten as
// [NOT] (x >= a AND x <= b) of the operands' keys, inside a lambda: DuckDB
// has no BETWEEN of the keys' structs, and its optimizer turns the two
// comparisons of one x into a BETWEEN (the lambda also binds x once).
func (v *variantBetween) operand(b *strings.Builder, s string, opStart int, toks []tok, next tok) string {
	prev := toks[opStart-1]
	switch {
	case v.stage == 1 && prev.IsWord("BETWEEN"):
		v.stage = 2
		v.a = variantOperand{ok: true, start: b.Len(), sql: s}
		if b.Len() > 0 {
			v.a.start++ // the space add writes
		}
		return s
	case v.stage == 2 && prev.IsWord("AND") && (next.Kind != sqllex.Op || next.IsOp(")") || next.IsOp(",") || next.IsOp(";")):
		v.stage = 0
		full := b.String()
		xEnd, aEnd := v.x.start+len(v.x.sql), v.a.start+len(v.a.sql)
		if aEnd > len(full) || !strings.HasPrefix(full[v.x.start:], v.x.sql) || !strings.HasPrefix(full[v.a.start:], v.a.sql) ||
			strings.TrimSpace(full[aEnd:]) != "AND" {
			return s
		}
		not := ""
		switch op := strings.ToUpper(strings.Join(strings.Fields(full[xEnd:v.a.start]), " ")); op {
		case "NOT BETWEEN":
			not = "NOT "
		case "BETWEEN":
		default:
			return s
		}
		b.Reset()
		b.WriteString(full[:v.x.start] + not + "list_transform([{'x': _SF_VSORT(" + v.x.sql + "), 'a': _SF_VSORT(" + v.a.sql + "), 'b':")
		return "_SF_VSORT(" + s + ")}], _sf_btw -> _sf_btw.x >= _sf_btw.a AND _sf_btw.x <= _sf_btw.b)[1]"
	}
	v.stage = 0
	return s
}

// GROUP BY and SELECT DISTINCT of VARIANTs. DuckDB groups a VARIANT by its
// JSON text: 1 and 1.0 are two groups, one in Snowflake ("its equality
// answers … DISTINCT, GROUP BY", mlorek/frostlake docs/functions.md), which
// shows one of the two values, which one no source says. A query block
// grouping by a VARIANT key, or DISTINCT over a VARIANT item, that the
// rewriter sees gets a QUALIFY that refuses (002040) the rows when two of
// its keys' values are equal but written differently: a window over the
// groups (or rows) with the same _SF_VEQK key whose least and greatest text
// differ. Without such values the groups are Snowflake's, at the cost of
// the window over the result.

// variantKeyCheck is the QUALIFY condition of the query block whose tail
// (WHERE …) begins at token index from, "" where it groups by no VARIANT
// (also inside ROLLUP, CUBE or GROUPING SETS, or an item under GROUP BY
// ALL) and is no DISTINCT over one.
func (p *parser) variantKeyCheck(from int) (check, having string, err error) {
	var keys []string
	seen := map[string]bool{}
	addKey := func(x string) {
		if !seen[x] {
			seen[x] = true
			keys = append(keys, x)
		}
	}
	depth, group, groupAll := 0, -1, false
	end := len(p.toks)
scan:
	for k := from; k < len(p.toks); k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth == 0 {
				end = k
				break scan
			}
			depth--
		case depth == 0 && (t.IsOp(";") || t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS")):
			end = k
			break scan
		case depth == 0 && t.IsWord("GROUP") && k+1 < len(p.toks) && p.toks[k+1].IsWord("BY"):
			group = k + 2
		}
	}
	if group >= 0 {
		depth, a := 0, group
		for k := group; k <= end; k++ {
			var t tok
			if k < end {
				t = p.toks[k]
			}
			switch {
			case k < end && (t.IsOp("(") || t.IsOp("[") || t.IsOp("{")):
				depth++
			case k < end && (t.IsOp(")") || t.IsOp("]") || t.IsOp("}")):
				depth--
			case k == end || depth == 0 && (t.IsOp(",") || isClause(t)):
				if k == a {
					return "", having, nil
				}
				switch w := p.toks[a]; {
				case w.IsWord("ALL") && k == a+1:
					groupAll = true
				case w.IsWord("ROLLUP") || w.IsWord("CUBE") || w.IsWord("GROUPING"):
					// The keys inside ROLLUP (…), CUBE (…), GROUPING SETS
					// ((…), …): a subtotal row's NULL is a group of its own.
					for _, r := range p.groupingElements(a, k) {
						if x, ok := p.groupKeyVariant(r[0], r[1]); ok {
							addKey(x)
						}
					}
				default:
					if x, ok := p.groupKeyVariant(a, k); ok {
						addKey(x)
					} else if x, ok := p.groupKeyUnknown(a, k); ok {
						// A column whose type only DuckDB sees: refused as it
						// binds the statement if it is a VARIANT
						// (setops_variant.go).
						if having != "" {
							having += " AND "
						}
						having += "_SF_NOTV_OK(" + x + ")"
					}
				}
				if k == end || !t.IsOp(",") {
					k = end
				}
				a = k + 1
			}
		}
	}
	if p.blockDistinct || groupAll {
		// (GROUP BY ALL groups by the items that hold no aggregate: with
		// a VARIANT item it is refused below.)
		for _, r := range p.itemExprs {
			if r[0] < 0 || p.hasWordIn(r[0], r[1], "OVER") {
				continue // (a window's value: DuckDB nests no window in another)
			}
			if x, ok := p.renderVariant(r[0], r[1]); ok {
				addKey(x)
			}
		}
	}
	if len(keys) == 0 {
		return "", having, nil
	}
	if groupAll {
		// DuckDB combines no QUALIFY with GROUP BY ALL.
		return "", "", p.unsupported(p.toks[group], "GROUP BY ALL of a VARIANT (equal values written differently, such as 1 and 1.0, are one group in Snowflake; name the keys)")
	}
	var conds []string
	for _, x := range keys {
		w := "OVER (PARTITION BY _SF_VEQK(" + x + "))"
		conds = append(conds, "min(CAST("+x+" AS VARCHAR)) "+w+" <> max(CAST("+x+" AS VARCHAR)) "+w)
	}
	return "CAST(CASE WHEN " + strings.Join(conds, " OR ") + " THEN _SF_REFUSE('GROUP BY or DISTINCT of equal VARIANT values written differently (such as 1 and 1.0)', " +
		keys[0] + ") ELSE 'true' END AS BOOLEAN)", having, nil
}

// groupingElements are the token ranges of the expressions inside the
// ROLLUP (…), CUBE (…) or GROUPING SETS (…) between token indices a and e,
// a parenthesized set's elements each.
func (p *parser) groupingElements(a, e int) [][2]int {
	open := a + 1
	if p.toks[a].IsWord("GROUPING") {
		open = a + 2
	}
	if open >= e || !p.toks[open].IsOp("(") || p.matching(open) != e-1 {
		return nil
	}
	var out [][2]int
	for _, r := range p.topLevelRanges(open+1, e-1) { // setops.go
		if r[1] > r[0] && p.toks[r[0]].IsOp("(") && p.matching(r[0]) == r[1]-1 {
			out = append(out, p.topLevelRanges(r[0]+1, r[1]-1)...)
			continue
		}
		out = append(out, r)
	}
	var keys [][2]int
	for _, r := range out {
		if r[1] > r[0] {
			keys = append(keys, r)
		}
	}
	return keys
}

// groupKeyUnknown is the GROUP BY item between token indices a and e
// rewritten, where it is a column whose type the rewriter does not see (a
// position naming such an item too).
func (p *parser) groupKeyUnknown(a, e int) (string, bool) {
	if e == a+1 && p.toks[a].Kind == sqllex.Number && isInteger(p.toks[a].Text) && len(p.toks[a].Text) <= 4 {
		n := 0
		for _, c := range p.toks[a].Text {
			n = n*10 + int(c-'0')
		}
		if n < 1 || n > len(p.itemExprs) || p.itemExprs[n-1][0] < 0 {
			return "", false
		}
		a, e = p.itemExprs[n-1][0], p.itemExprs[n-1][1]
	} else if r, ok := p.aliasItems[identKey(p.toks[a])]; ok && e == a+1 {
		if r[0] < 0 {
			return "", false
		}
		a, e = r[0], r[1] // an alias names the item's column
	}
	if !p.unknownColumn(a, e) {
		return "", false
	}
	q := *p
	q.i, q.setDepth = a, p.setDepth+1
	s, err := q.seq(func(tok, bool) bool { return q.i >= e })
	return s, err == nil && q.i == e
}

// groupKeyVariant is the GROUP BY item between token indices a and e
// rewritten, where it is a VARIANT: a position or an alias names a select
// item.
func (p *parser) groupKeyVariant(a, e int) (string, bool) {
	if e == a+1 && p.toks[a].Kind == sqllex.Number {
		return p.positionVariant(p.toks[a].Text)
	}
	if x, ok := p.aliasVariant(a, e); ok {
		return x, true
	}
	if p.isPlainColumn(a, e-1) && p.plainVariant(a, e) {
		// (A column of this block's relations: the block's own scope.)
		q := *p
		q.i, q.setDepth = a, p.setDepth+1
		s, err := q.seq(func(tok, bool) bool { return q.i >= e })
		return s, err == nil && q.i == e
	}
	return p.renderVariant(a, e)
}

// seqWithChecks is seq(stop) of a query block's tail with where added to
// its WHERE (written before GROUP BY, HAVING, WINDOW, QUALIFY, ORDER BY,
// LIMIT, OFFSET or FETCH), having added to its HAVING (before WINDOW,
// QUALIFY, ORDER BY, LIMIT, OFFSET or FETCH) and qualify to its QUALIFY (before ORDER BY, LIMIT, OFFSET or
// FETCH), each "" for none; a WHERE, HAVING or QUALIFY of its own is kept,
// as check AND (its condition).
func (p *parser) seqWithChecks(where, having, qualify string, stop stopFunc) (string, error) {
	tail := func(t tok, operand bool) bool {
		return stop(t, operand) || t.IsWord("ORDER") || t.IsWord("LIMIT") || t.IsWord("OFFSET") || t.IsWord("FETCH")
	}
	var out []string
	add := func(check, clause string, before func(tok) bool) error {
		head, err := p.seq(func(t tok, operand bool) bool { return tail(t, operand) || t.IsWord(clause) || before(t) })
		if err != nil {
			return err
		}
		out = append(out, head, clause+" "+check)
		if p.accept(clause) {
			own, err := p.seq(func(t tok, operand bool) bool { return tail(t, operand) || before(t) })
			if err != nil {
				return err
			}
			out = append(out, "AND ("+own+")")
		}
		return nil
	}
	if where != "" {
		if err := add(where, "WHERE", func(t tok) bool {
			return t.IsWord("GROUP") || t.IsWord("HAVING") || t.IsWord("QUALIFY") || t.IsWord("WINDOW")
		}); err != nil {
			return "", err
		}
	}
	if having != "" {
		if err := add(having, "HAVING", func(t tok) bool { return t.IsWord("QUALIFY") || t.IsWord("WINDOW") }); err != nil {
			return "", err
		}
	}
	if qualify != "" {
		if err := add(qualify, "QUALIFY", func(tok) bool { return false }); err != nil {
			return "", err
		}
	}
	rest, err := p.seq(stop)
	if err != nil {
		return "", err
	}
	out = append(out, rest)
	var parts []string
	for _, s := range out {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " "), nil
}

// A column whose type the rewriter does not know (a derived table's or
// CTE's, which may be a VARIANT) cast to an integer: DuckDB's JSON cast
// rounded a VARIANT's 2.5 half to even, where the cast of a VARIANT path or
// column rounds it half away from zero (_SF_JSON_INT, variant_order.go).
// _SF_ANY_INT casts a VARIANT so and any other value as before; DuckDB
// folds typeof() when it binds the macro, so only one branch is planned.
func init() {
	prelude = append(prelude, `CREATE OR REPLACE TEMP MACRO _SF_ANY_INT(x, try) AS CASE WHEN typeof(x) = 'JSON' THEN _SF_JSON_INT(x, try)
		WHEN try THEN TRY_CAST(_SF_TRY_NUM_TEXT(x) AS BIGINT) ELSE CAST(_SF_NUM_TEXT(x) AS BIGINT) END`)
}

// hasWordIn reports whether the word w is among the tokens between indices
// a and e.
func (p *parser) hasWordIn(a, e int, w string) bool {
	for k := a; k < e && k < len(p.toks); k++ {
		if p.toks[k].IsWord(w) {
			return true
		}
	}
	return false
}
