package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Undefined array elements (sfunc/undefined.go states the model). A
// Snowflake ARRAY can hold undefined elements, which the local engine's
// JSON cannot: ARRAY_CONSTRUCT(10, NULL, 30) is [10, undefined, 30].
//
// Each expression that can produce one is rendered as before — refusing
// the undefined element (002040) — and the parser also records, under that
// SQL text, an alternative that keeps it (VARCHAR text holding the token
// undefined). Only consumers that implement what the docs show use the
// alternative: the functions wrapped below, and a select item of the
// statement's own result (undefinedItem), which the engine prints as
// Snowflake does. Any other consumer sees the refusing rendering, so an
// undefined element never reaches code that would answer differently.
//
// The producers record an alternative only where an undefined element is
// written in the statement: a NULL item of an ARRAY constant or of
// ARRAY_CONSTRUCT, a PARSE_JSON (whose text may lack an element), an
// ARRAY_INSERT (which pads past the end). Queries that build arrays from
// columns keep their rendering and cost.

// undefAlt is the alternative rendering of an expression that may hold an
// undefined element.
type undefAlt struct {
	sql string // VARCHAR array text, undefined elements as the token undefined
	// result: the alternative is worth printing as a select item of the
	// statement's result (false for a PARSE_JSON whose text is not known to
	// lack an element: its result stays the JSON column it always was).
	result bool
}

// noteUndefined records alt as the alternative of the rendering def.
func (p *parser) noteUndefined(def string, alt undefAlt) {
	if p.undef == nil {
		p.undef = map[string]undefAlt{}
	}
	p.undef[def] = alt
}

// undefinedOf is the alternative recorded for the rendering s (also when
// bracketed, as an alias's expression is: order_distinct.go).
func (p *parser) undefinedOf(s string) (undefAlt, bool) {
	for {
		if a, ok := p.undef[s]; ok {
			return a, true
		}
		if !strings.HasPrefix(s, "(") || !strings.HasSuffix(s, ")") || !balanced(s[1:len(s)-1]) {
			return undefAlt{}, false
		}
		s = s[1 : len(s)-1]
	}
}

// undefinedItems renders ARRAY_CONSTRUCT / ARRAY constant items as the
// alternative's text: a SQL NULL as undefined, another value by text(item).
func undefinedItems(items []string, text func(string) string) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = fmt.Sprintf("CASE WHEN (%[1]s) IS NULL THEN 'undefined' ELSE %[2]s END", it, text(it))
	}
	return "'[' || concat_ws(',', " + strings.Join(parts, ", ") + ") || ']'"
}

// hasNullItem reports whether a call argument or constant item is the
// literal NULL.
func hasNullItem(items []string) bool {
	for _, it := range items {
		if strings.EqualFold(strings.TrimSpace(it), "NULL") {
			return true
		}
	}
	return false
}

// refusedUndefined is the rendering of an alternative's array outside the
// consumers that handle it: the JSON array, or 002040 when it holds an
// undefined element.
func refusedUndefined(alt, what string) string {
	return fmt.Sprintf("CAST(_SF_GO_UNDEF_REFUSE(%s, '%s') AS JSON)", alt, what)
}

// undefinedArg is the alternative of c's argument i, if any.
func (p *parser) undefinedArg(c *call, i int) (string, bool) {
	if i >= len(c.args) || c.args[i].name != "" {
		return "", false
	}
	a, ok := p.undefinedOf(c.args[i].sql)
	return a.sql, ok
}

// withArg is c with argument i rendered as sql.
func withArg(c *call, i int, sql string) *call {
	d := *c
	d.args = append([]arg(nil), c.args...)
	d.args[i] = arg{sql: sql}
	return &d
}

// mappedArgs is c with each argument in idx that has an alternative
// replaced by that array with its undefined elements mapped (mode of
// _SF_GO_UNDEF_MAP), and whether any was.
func (p *parser) mappedArgs(c *call, mode string, idx ...int) (*call, bool) {
	d, any := c, false
	for _, i := range idx {
		if alt, ok := p.undefinedArg(c, i); ok {
			d, any = withArg(d, i, fmt.Sprintf("CAST(_SF_GO_UNDEF_MAP(%s, '%s') AS JSON)", alt, mode)), true
		}
	}
	return d, any
}

func init() {
	wrap := func(name string, f func(h funcHandler) funcHandler) {
		h, ok := funcs[name]
		if !ok {
			panic("undefined.go: no handler for " + name)
		}
		funcs[name] = f(h)
	}
	// Producers.
	for _, name := range []string{"PARSE_JSON", "TRY_PARSE_JSON"} {
		try := name == "TRY_PARSE_JSON"
		wrap(name, func(h funcHandler) funcHandler {
			return func(p *parser, c *call) (expr, error) {
				e, err := h(p, c)
				if err != nil || len(c.args) < 1 || c.args[0].name != "" || len(c.args) == 2 && c.args[1].name != "" {
					return e, err
				}
				params := "'s'"
				if len(c.args) == 2 {
					params = c.args[1].str()
				}
				text, isLit := c.args[0].literal()
				lit := isLit && jsonLacksElement(text)
				p.noteUndefined(e.sql, undefAlt{sql: fmt.Sprintf("_SF_GO_PARSE_JSON_U(CAST(%s AS VARCHAR), %s, %t)", c.args[0].str(), params, try), result: lit})
				return e, nil
			}
		})
	}
	wrap("ARRAY_CONSTRUCT", func(h funcHandler) funcHandler {
		return func(p *parser, c *call) (expr, error) {
			e, err := h(p, c)
			if err != nil || !hasNullItem(c.sqls()) {
				return e, err
			}
			items := make([]string, len(c.args))
			for i, a := range c.args {
				items[i] = elementSQL(a)
			}
			p.noteUndefined(e.sql, undefAlt{sql: undefinedItems(items, func(it string) string { return "_SF_VTEXT(" + it + ")" }), result: true})
			return e, nil
		}
	})
	// ARRAY_INSERT(array, pos, value) at a pos past the end pads with
	// undefined elements; elsewhere the alternative is the usual result.
	wrap("ARRAY_INSERT", func(h funcHandler) funcHandler {
		return func(p *parser, c *call) (expr, error) {
			prev, undef := p.undefinedArg(c, 0) // before h rewrites the arguments (funcs_variant.go)
			e, err := h(p, c)
			if err != nil || len(c.args) != 3 {
				return e, err
			}
			if undef {
				// An array already holding undefined elements: in Go, the
				// result another alternative.
				// A SQL NULL new element is not documented: refused.
				alt := fmt.Sprintf("CASE WHEN (%[1]s) IS NULL OR (%[2]s) IS NULL THEN NULL WHEN (%[3]s) IS NULL THEN "+
					"error('Unsupported feature ''ARRAY_INSERT of a SQL NULL into an array with undefined elements'': the local engine does not implement it.') "+
					"ELSE _SF_GO_UNDEF_INSERT(%[1]s, CAST(%[2]s AS BIGINT), CAST(_SF_TO_VARIANT(%[3]s) AS VARCHAR)) END",
					prev, c.args[1].sql, c.args[2].sql)
				e = expr{sql: refusedUndefined(alt, "ARRAY_INSERT"), typ: "JSON"}
				p.noteUndefined(e.sql, undefAlt{sql: alt, result: true})
				return e, nil
			}
			a, i, v := c.args[0].sql, c.args[1].sql, c.args[2].sql
			alt := fmt.Sprintf("CASE WHEN (%[1]s) IS NOT NULL AND (%[2]s) IS NOT NULL AND (%[3]s) IS NOT NULL AND CAST(%[2]s AS BIGINT) > json_array_length(%[1]s)"+
				" THEN _SF_GO_UNDEF_INSERT(CAST(%[1]s AS VARCHAR), CAST(%[2]s AS BIGINT), CAST(_SF_TO_VARIANT(%[3]s) AS VARCHAR)) ELSE CAST(%[4]s AS VARCHAR) END", a, i, v, e.sql)
			p.noteUndefined(e.sql, undefAlt{sql: alt, result: true})
			return e, nil
		}
	})

	// Consumers whose result cannot hold an undefined element: the array
	// with its undefined elements mapped, then the usual function.
	for name, mode := range map[string]string{
		// ARRAY_MAX / ARRAY_MIN skip SQL NULL elements (docs: array_max).
		"ARRAY_MAX": "drop", "ARRAY_MIN": "drop",
		// ARRAY_TO_STRING prints an undefined element as an empty string
		// (docs: array_to_string, '[1, , ,2]' gives '1, , , 2').
		"ARRAY_TO_STRING": "empty",
		// ARRAYS_ZIP gives null for an undefined element (docs: arrays_zip,
		// [1, NULL, 3] gives "$1": null).
		"ARRAYS_ZIP": "null",
		// ARRAYS_TO_OBJECT drops the pair of an undefined key and keeps an
		// undefined value as null (docs: arrays_to_object); the engine's
		// function drops the pair of a null key.
		"ARRAYS_TO_OBJECT": "null",
	} {
		wrap(name, func(h funcHandler) funcHandler {
			return func(p *parser, c *call) (expr, error) {
				idx := []int{0}
				if name == "ARRAYS_ZIP" || name == "ARRAYS_TO_OBJECT" {
					idx = make([]int, len(c.args))
					for i := range idx {
						idx[i] = i
					}
				}
				d, _ := p.mappedArgs(c, mode, idx...)
				return h(p, d)
			}
		})
	}
	// ARRAY_SIZE counts undefined elements (reference, live-verified:
	// https://github.com/mlorek/frostlake/blob/main/docs/functions.md, "The
	// three nulls of the VARIANT layer"). Only for an array written with
	// them: a PARSE_JSON of a column keeps its usual rendering and cost.
	wrap("ARRAY_SIZE", func(h funcHandler) funcHandler {
		return func(p *parser, c *call) (expr, error) {
			if len(c.args) == 1 && c.args[0].name == "" {
				if a, ok := p.undefinedOf(c.args[0].sql); ok && a.result {
					return h(p, withArg(c, 0, fmt.Sprintf("CAST(_SF_GO_UNDEF_MAP(%s, 'null') AS JSON)", a.sql)))
				}
			}
			return h(p, c)
		}
	})
	// ARRAY_CONTAINS(NULL, array) is TRUE when the array holds a SQL NULL
	// element (docs: array_contains); another value is looked up among
	// the other elements.
	wrap("ARRAY_CONTAINS", func(h funcHandler) funcHandler {
		return func(p *parser, c *call) (expr, error) {
			alt, ok := p.undefinedArg(c, 1)
			if !ok || len(c.args) != 2 {
				return h(p, c)
			}
			d, _ := p.mappedArgs(c, "drop", 1)
			e, err := h(p, d)
			if err != nil {
				return e, err
			}
			e.sql = fmt.Sprintf("CASE WHEN (%[1]s) IS NULL AND (%[2]s) IS NOT NULL THEN CASE WHEN _SF_GO_UNDEF_HAS(%[2]s) THEN TRUE END ELSE %[3]s END", c.args[0].sql, alt, e.sql)
			return e, nil
		}
	})
	// ARRAYS_OVERLAP: SQL NULL elements are equal to each other (docs:
	// arrays_overlap); whether one equals a JSON null is not documented
	// (refused).
	wrap("ARRAYS_OVERLAP", func(h funcHandler) funcHandler {
		return func(p *parser, c *call) (expr, error) {
			altA, okA := p.undefinedArg(c, 0)
			altB, okB := p.undefinedArg(c, 1)
			if !okA && !okB || len(c.args) != 2 {
				return h(p, c)
			}
			text := func(i int, alt string, ok bool) string {
				if ok {
					return alt
				}
				return "CAST(" + c.args[i].sql + " AS VARCHAR)"
			}
			d, _ := p.mappedArgs(c, "drop", 0, 1)
			e, err := h(p, d)
			if err != nil {
				return e, err
			}
			e.sql = fmt.Sprintf("CASE WHEN (%[1]s) IS NULL OR (%[2]s) IS NULL THEN NULL WHEN _SF_GO_UNDEF_OVERLAP(%[1]s, %[2]s) THEN TRUE ELSE %[3]s END",
				text(0, altA, okA), text(1, altB, okB), e.sql)
			return e, nil
		}
	})

	// Consumers whose result keeps the undefined elements: run in Go
	// (sfunc/undefined.go), their result an alternative in turn.
	keep := func(name string, render func(p *parser, c *call, alt string, written bool) (string, error)) {
		wrap(name, func(h funcHandler) funcHandler {
			return func(p *parser, c *call) (expr, error) {
				alt, ok := p.undefinedArg(c, 0)
				if !ok {
					return h(p, c)
				}
				a, _ := p.undefinedOf(c.args[0].sql) // before h rewrites the arguments (funcs_variant.go)
				if _, err := h(p, c); err != nil {   // arity and argument errors as before
					return expr{}, err
				}
				out, err := render(p, c, alt, a.result)
				if err != nil {
					return expr{}, err
				}
				if out == "" { // render declined: the usual rendering
					return h(p, c)
				}
				e := expr{sql: refusedUndefined(out, name), typ: "JSON"}
				p.noteUndefined(e.sql, undefAlt{sql: out, result: true})
				return e, nil
			}
		})
	}
	// ARRAY_SORT places SQL NULL elements by nulls_first, by default last
	// when ascending and first when descending (docs: array_sort).
	keep("ARRAY_SORT", func(p *parser, c *call, alt string, written bool) (string, error) {
		asc := "TRUE"
		if len(c.args) >= 2 {
			asc = "CAST(" + c.args[1].sql + " AS BOOLEAN)"
		}
		nullsFirst := "NOT " + asc
		if len(c.args) == 3 {
			nullsFirst = "CAST(" + c.args[2].sql + " AS BOOLEAN)"
		}
		return fmt.Sprintf("_SF_GO_UNDEF_SORT(%s, %s, %s)", alt, asc, nullsFirst), nil
	})
	// ARRAY_FLATTEN: NULL when an element is undefined, the inner arrays'
	// undefined elements kept (docs: array_flatten). Only for an array
	// written with them: a PARSE_JSON of a column keeps its usual rendering.
	keep("ARRAY_FLATTEN", func(p *parser, c *call, alt string, written bool) (string, error) {
		if !written {
			return "", nil
		}
		return fmt.Sprintf("_SF_GO_UNDEF_ARRAY_FLATTEN(%s)", alt), nil
	})
	// ARRAY_REMOVE keeps SQL NULL elements (docs: array_remove).
	keep("ARRAY_REMOVE", func(p *parser, c *call, alt string, written bool) (string, error) {
		return fmt.Sprintf("_SF_GO_UNDEF_REMOVE(%s, CAST(to_json(%s) AS VARCHAR))", alt, c.args[1].sql), nil
	})
	// ARRAY_DISTINCT keeps one SQL NULL element (docs: array_distinct).
	keep("ARRAY_DISTINCT", func(p *parser, c *call, alt string, written bool) (string, error) {
		return fmt.Sprintf("_SF_GO_UNDEF_DISTINCT(%s)", alt), nil
	})
}

// jsonLacksElement reports whether JSON text s has an array with a
// missing element ('[1,,2]', '[1,]') outside its strings: PARSE_JSON of it
// holds an undefined element.
func jsonLacksElement(s string) bool {
	inStr := false
	prev := byte(0) // the last significant character outside strings
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case inStr && c == '\\':
			i++
		case c == '"':
			inStr = !inStr
			prev = '"'
		case inStr || c == ' ' || c == '\t' || c == '\n' || c == '\r':
		default:
			if (c == ',' || c == ']') && (prev == ',' || prev == '[' && c == ',') {
				return true
			}
			prev = c
		}
	}
	return false
}

// undefinedItem is the select item s of the statement's result written so
// that an array holding undefined elements reaches the result (the engine
// prints a STRUCT(sf_undef_json) column as Snowflake prints the array:
// snowlocal/result.go), or s. Only where nothing else reads the item:
// the statement's own select list, not in a set operation or after
// DISTINCT, in a block without GROUP BY, HAVING, QUALIFY or WINDOW, and
// an ORDER BY naming no item by position, quoted name or ALL (each would
// read the column), and whose alias, if any, is not named elsewhere but as
// an argument the rewriter writes out (order_distinct.go: substAt).
func (p *parser) undefinedItem(s string, alias *tok) string {
	if !p.opts.UndefinedResult || !p.outerItems || p.setOpBlock || p.blockDistinct || len(p.undef) == 0 {
		return s
	}
	alt, ok := p.undefinedOf(s)
	aliasAt := -1
	if alias != nil {
		aliasAt = p.i - 1
	}
	if !ok || !alt.result || !p.itemReadOnlyByClient(p.i, aliasAt) {
		return s
	}
	return "{'sf_undef_json': " + alt.sql + "}"
}

// itemReadOnlyByClient reports whether nothing but the client reads the
// select item ending before token from (its alias, if any, the token at
// aliasAt; -1 for none): no GROUP
// BY, HAVING, QUALIFY, WINDOW, set operation or DISTINCT follows, no ORDER
// BY names an item by position, quoted name or ALL, and the alias is named
// nowhere else but as an argument the rewriter writes out (substAt).
func (p *parser) itemReadOnlyByClient(from, aliasAt int) bool {
	depth, order := 0, false
	for j := from; j < len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsWord("ORDER"):
			order = true
		case depth == 0 && (t.IsWord("LIMIT") || t.IsWord("OFFSET") || t.IsWord("FETCH")):
			order = false
		case order && (t.Kind == sqllex.Number || t.Kind == sqllex.QuotedIdent || t.IsWord("ALL")):
			// ORDER BY 2, ORDER BY "PARSE_JSON(V)", ORDER BY ALL may
			// name the item; ORDER BY a column of the FROM clause does not.
			return false
		case depth == 0 && t.Kind == sqllex.Word:
			switch strings.ToUpper(t.Text) {
			case "GROUP", "HAVING", "QUALIFY", "WINDOW", "UNION", "EXCEPT", "INTERSECT", "MINUS", "DISTINCT":
				return false
			}
		}
	}
	if aliasAt >= 0 {
		k := identKey(p.toks[aliasAt])
		for j, t := range p.toks {
			if j == aliasAt || t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent || identKey(t) != k {
				continue
			}
			if _, sub := p.substAt[j]; !sub {
				return false
			}
		}
	}
	return true
}
