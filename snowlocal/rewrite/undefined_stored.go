package rewrite

import (
	"fmt"
	"sort"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Stored undefined elements. An array holding undefined elements
// (undefined.go) may be stored into a VARIANT or ARRAY column by
// INSERT ... SELECT, where the statement writes one in a literal: a NULL
// item of ARRAY_CONSTRUCT or of an ARRAY constant, a PARSE_JSON whose text
// (or a string literal of the statement, such as a VALUES list's) lacks an
// element. The column stores it in a form only the engine's decoding reads
// (sfunc/undefined_stored.go), and its DuckDB comment marks it ("|ud",
// colmeta.go), set before the INSERT runs (Options.StoreUndefined).
//
// A statement naming a table with such a column (Options.UndefinedTables)
// then reads it only through the rewriter:
//
//   - a reference resolved to the column reads the decoded value with the
//     rendering that refuses an undefined element (002040), and records the
//     decoded value as the alternative undefined.go's consumers read: the
//     statement's own result column, TYPEOF, IS_*, AS_* and the functions
//     undefined.go wraps then answer as Snowflake does, every other use
//     answers for a row without an undefined element and refuses one with;
//   - a reference the rewriter cannot resolve to a relation's column, by a
//     name such a column has, is refused, as is one resolved to a table
//     function (which may be IDENTIFIER('t') naming the table);
//   - a star over the table replaces the column by that reference
//     (* REPLACE), and is refused with ILIKE, EXCLUDE, REPLACE or RENAME, over
//     a join or a table function, and as a function's argument (COUNT(*)
//     aside);
//   - PIVOT, UNPIVOT, a positional reference ($2), a NATURAL join, a
//     JOIN ... USING such a name, CREATE TABLE ... CLONE of the table and an
//     ALTER TABLE changing a column's type are refused.
//
// The statement names the table also in a string literal (IDENTIFIER('t'),
// TABLE('t')). The engine refuses the INSERT where a view, a stream or a
// SQL function reads the table or its changes are tracked, and refuses
// streams and CHANGES of a marked table (snowlocal/undefined_stored.go),
// which would read the stored form without the rewriter.

// storedUndefinedWhat names a reference to a marked column in its
// refusal.
const storedUndefinedWhat = "column %s in this use, an array"

// undefinedTable reports whether t names a table with a marked column.
func (p *parser) undefinedTable(t tok) bool {
	if len(p.opts.UndefinedTables) == 0 || t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
		return false
	}
	_, ok := p.opts.UndefinedTables[identKey(t)]
	return ok
}

// undefinedNamed reports whether the statement names a table with a
// marked column (read once), also in a string literal, as IDENTIFIER('t')
// and TABLE('t') do (a session variable is a literal by now).
func (p *parser) undefinedNamed() bool {
	if p.undefNamed == 0 {
		p.undefNamed = 1
		for _, t := range p.toks {
			if p.undefinedTable(t) {
				p.undefNamed = 2
				break
			}
			if t.Kind != sqllex.String || len(p.opts.UndefinedTables) == 0 {
				continue
			}
			if parts, err := identifierParts(t); err == nil && len(parts) > 0 && p.undefinedTable(parts[len(parts)-1]) {
				p.undefNamed = 2
				break
			}
		}
	}
	return p.undefNamed == 2
}

// undefinedColumnName reports whether t is the name of a marked column.
func (p *parser) undefinedColumnName(t tok) bool {
	if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
		return false
	}
	k := identKey(t)
	for _, cols := range p.opts.UndefinedTables {
		if cols[k] {
			return true
		}
	}
	return false
}

// storedUndefinedColumn renders the column reference parts (just parsed)
// in a statement naming a table with a marked column: ok false for a
// reference to another column, which renders as usual.
func (p *parser) storedUndefinedColumn(parts []tok) (expr, bool, error) {
	last := parts[len(parts)-1]
	if !p.undefinedNamed() || !p.undefinedColumnName(last) && !p.undefinedTable(last) {
		return expr{}, false, nil
	}
	refuse := func() (expr, bool, error) {
		return expr{}, false, p.unsupported(parts[0], "a reference to "+strings.ToUpper(last.Text)+
			", the name of a column that may hold arrays with undefined elements, that the local engine cannot resolve")
	}
	r, _ := p.columnRel(parts)
	switch {
	case r == nil:
		return refuse()
	case r.table == "" && rewrittenRel(r):
		// A derived table's, CTE's or VALUES list's column: what it
		// holds was read through this rendering where the rewriter
		// wrote it.
		return expr{}, false, nil
	case r.table == "":
		return refuse()
	}
	metas, ok := p.columnMetas(r.table)
	if !ok {
		return refuse()
	}
	_, m, found := metaOf(metas, last)
	if !found {
		return refuse()
	}
	if !m.Undefined {
		return expr{}, false, nil
	}
	return p.storedUndefinedRef(renderName(parts), strings.ToUpper(last.Text)), true, nil
}

// storedUndefinedRef is the rendering of a reference (ref, DuckDB SQL) to
// a marked column, with its alternative recorded.
func (p *parser) storedUndefinedRef(ref, name string) expr {
	alt := "_SF_GO_UNDEF_STORED(CAST(" + ref + " AS VARCHAR))"
	sql := refusedUndefined(alt, fmt.Sprintf(storedUndefinedWhat, strings.ReplaceAll(name, "'", "''")))
	p.noteUndefined(sql, undefAlt{sql: alt, result: true})
	return expr{sql: sql, variant: true}
}

// storedUndefinedStar is the REPLACE list of a select item * or q.* (qual:
// its qualifier) over a table with marked columns, "" when it reads none;
// refused where the rewriter cannot tell which relations it reads, or
// would have to combine the list with a modifier or a join's columns.
func (p *parser) storedUndefinedStar(qual []tok, at tok) (string, error) {
	if !p.undefinedNamed() {
		return "", nil
	}
	refuse := func(why string) (string, error) {
		return "", p.unsupported(at, why+" of a table whose column may hold arrays with undefined elements")
	}
	sc := p.scope
	if sc == nil || sc.unknown || len(qual) > 1 {
		return refuse("a star")
	}
	var marked []string
	for _, r := range sc.rels {
		if len(qual) == 1 && r.name != identKey(qual[0]) {
			continue
		}
		if r.table == "" {
			if rewrittenRel(r) {
				continue
			}
			return refuse("a star over a table function or IDENTIFIER()")
		}
		metas, ok := p.columnMetas(r.table)
		if !ok {
			return refuse("a star")
		}
		for k, m := range metas {
			if m.Undefined {
				marked = append(marked, k)
			}
		}
		if len(marked) > 0 && len(sc.rels) > 1 {
			return refuse("a star over a join")
		}
	}
	if len(marked) == 0 {
		return "", nil
	}
	if t := p.peek(); t.IsWord("ILIKE") || t.IsWord("EXCLUDE") || t.IsWord("REPLACE") || t.IsWord("RENAME") {
		return refuse("a star with " + strings.ToUpper(t.Text))
	}
	sort.Strings(marked)
	var items []string
	for _, k := range marked {
		e := p.storedUndefinedRef(quoteIdent(k), k)
		s := e.sql
		if !p.orderNames(k) {
			s = p.undefinedItem(s, nil)
		}
		items = append(items, s+" AS "+quoteIdent(k))
	}
	return " REPLACE (" + strings.Join(items, ", ") + ")", nil
}

// storedUndefinedItem is the select item s, a plain reference to a marked
// column (its name's token at end), as the statement's result column:
// the array printed as Snowflake does where undefinedItem allows and no
// ORDER BY names the column (DuckDB would sort by the printed form).
func (p *parser) storedUndefinedItem(s string, end int) (string, bool) {
	if _, ok := p.undefinedOf(s); !ok {
		return s, false
	}
	k := identKey(p.toks[end])
	if !p.orderNames(k) {
		s = p.undefinedItem(s, nil)
	}
	return s + " AS " + identSQL(p.toks[end]), true
}

// orderNames reports whether the rest of the statement has an ORDER BY
// (at any level) naming k.
func (p *parser) orderNames(k string) bool {
	order := false
	for j := p.i; j < len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsWord("ORDER"):
			order = true
		case t.IsWord("LIMIT") || t.IsWord("OFFSET") || t.IsWord("FETCH"):
			order = false
		case order && (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && identKey(t) == k:
			return true
		}
	}
	return false
}

// storedUndefinedStatement refuses, in a statement naming a table with a
// marked column, PIVOT, UNPIVOT and positional references ($2), a NATURAL
// join and a join USING a marked column's name (DuckDB reads or compares
// the columns as stored), and an ALTER TABLE of such a
// table that changes a column's type (DuckDB would convert the stored
// form).
func (p *parser) storedUndefinedStatement() error {
	if !p.undefinedNamed() {
		return nil
	}
	if len(p.toks) > 2 && p.toks[0].IsWord("ALTER") && p.toks[1].IsWord("TABLE") {
		for _, t := range p.toks {
			if t.IsWord("TYPE") {
				return unsupportedAt(t.Token, "changing the type of a column of a table whose column may hold arrays with undefined elements")
			}
		}
	}
	for i, t := range p.toks {
		// PIVOT's FOR column, UNPIVOT's IN list and a positional
		// reference ($2) read columns without a reference the rewriter
		// resolves.
		if t.IsWord("PIVOT") || t.IsWord("UNPIVOT") {
			return unsupportedAt(t.Token, strings.ToUpper(t.Text)+" in a statement reading a table whose column may hold arrays with undefined elements")
		}
		if t.Kind == sqllex.Variable && len(t.Text) > 1 && isInteger(t.Text[1:]) {
			return unsupportedAt(t.Token, "a positional column reference in a statement reading a table whose column may hold arrays with undefined elements")
		}
		if t.IsWord("NATURAL") {
			return unsupportedAt(t.Token, "NATURAL JOIN in a statement reading a table whose column may hold arrays with undefined elements")
		}
		if t.IsWord("USING") && i+1 < len(p.toks) && p.toks[i+1].IsOp("(") {
			for j := i + 2; j < len(p.toks) && !p.toks[j].IsOp(")"); j++ {
				if p.undefinedColumnName(p.toks[j]) {
					return unsupportedAt(p.toks[j].Token, "JOIN ... USING a column that may hold arrays with undefined elements")
				}
			}
		}
	}
	return nil
}

// refuseUndefinedWildcard refuses a wildcard argument (f(*), f(t.*),
// OBJECT_CONSTRUCT(* ...), {*}) in a statement naming a table with a
// marked column: the call would read the column as stored. COUNT(*) reads
// no column.
func (p *parser) refuseUndefinedWildcard(name string, at tok) error {
	if !p.undefinedNamed() || name == "COUNT" && p.isOp("*") && p.peekN(1).IsOp(")") {
		return nil
	}
	return p.unsupported(at, "a wildcard argument in a statement reading a table whose column may hold arrays with undefined elements")
}

// insertStore is the target of an INSERT whose query's select items may
// store arrays with undefined elements.
type insertStore struct {
	name  string   // the table, rendered
	cols  []string // the target columns as written (rendered), nil for all
	items int      // the statement's select items seen
	star  bool     // one of them is a star
}

// storeUndefinedItem is select item s (the idx'th of an INSERT's query),
// stored in the form a marked column keeps when it is an array that may
// hold undefined elements written in the statement (Options.StoreUndefined
// then marks the column); otherwise s.
func (p *parser) storeUndefinedItem(s string, idx int) (string, error) {
	st := p.insertStore
	if st == nil || !p.outerItems || p.setOpBlock || p.opts.StoreUndefined == nil || p.opts.ColumnTypes == nil {
		return s, nil
	}
	alt, ok := p.undefinedOf(s)
	if !ok || !alt.result && !p.lacksElementLiteral() || st.star {
		return s, nil
	}
	names, types, err := p.opts.ColumnTypes(st.name, unquotedCols(st.cols))
	if err != nil || idx >= len(names) || idx >= len(types) || types[idx] != "JSON" {
		return s, nil
	}
	metas, ok := p.columnMetas(st.name)
	if !ok {
		return s, nil
	}
	m, ok := metas[names[idx]]
	if !ok || m.Type != "" && m.Type != "ARRAY" { // VARIANT or ARRAY, not OBJECT
		return s, nil
	}
	if !m.Undefined {
		m.Undefined = true
		if err := p.opts.StoreUndefined(commentSQL(st.name, quoteIdent(names[idx]), m)); err != nil {
			return "", err
		}
	}
	return "CAST(_SF_GO_UNDEF_STORE(" + alt.sql + ") AS JSON)", nil
}

// unquotedCols are the column names of an INSERT's column list (rendered
// identifiers) as ColumnTypes takes them.
func unquotedCols(cols []string) []string {
	var out []string
	for _, c := range cols {
		if strings.HasPrefix(c, `"`) {
			c = strings.ReplaceAll(c[1:len(c)-1], `""`, `"`)
		}
		out = append(out, c)
	}
	return out
}

// lacksElementLiteral reports whether a string literal of the statement is
// JSON text with a missing array element ('[1,]'): a PARSE_JSON of a
// column may then read it.
func (p *parser) lacksElementLiteral() bool {
	for _, t := range p.toks {
		if t.Kind == sqllex.String && jsonLacksElement(snowflakeString(t.Text)) {
			return true
		}
	}
	return false
}

func init() {
	// ARRAY_COMPACT(array): in Go on the array's text (sfunc.ArrayCompact),
	// which keeps its elements' text; of an array that may hold undefined
	// elements, on its alternative. A value that is not a VARIANT or ARRAY
	// (a structured ARRAY, whose result the docs type as the input's
	// structured type) is refused.
	funcs["ARRAY_COMPACT"] = func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		if a, ok := p.undefinedOf(firstArg(c)); ok {
			return expr{sql: "CAST(_SF_GO_ARRAY_COMPACT(" + a.sql + ") AS JSON)", typ: "JSON"}, nil
		}
		x := c.args[0].sql
		return expr{sql: fmt.Sprintf("CASE WHEN typeof(%[1]s) <> 'JSON' THEN CAST(_SF_REFUSE('ARRAY_COMPACT of a value that is not a VARIANT or ARRAY', %[1]s) AS JSON) "+
			"ELSE CAST(_SF_GO_ARRAY_COMPACT(CAST(%[1]s AS VARCHAR)) AS JSON) END", x), typ: "JSON"}, nil
	}
	// ARRAY_INTERSECTION of an array that may hold undefined elements: in
	// Go (sfunc.UndefinedIntersection), its result an alternative in turn.
	if h, ok := funcs["ARRAY_INTERSECTION"]; ok {
		funcs["ARRAY_INTERSECTION"] = func(p *parser, c *call) (expr, error) {
			altA, okA := p.undefinedArg(c, 0)
			altB, okB := p.undefinedArg(c, 1)
			if !okA && !okB || len(c.args) != 2 {
				return h(p, c)
			}
			text := func(i int, alt string, ok bool) string {
				if ok {
					return alt
				}
				return fmt.Sprintf("CASE WHEN typeof(%[1]s) <> 'JSON' THEN _SF_REFUSE('ARRAY_INTERSECTION of a value that is not a VARIANT or ARRAY', %[1]s) ELSE CAST(%[1]s AS VARCHAR) END", c.args[i].sql)
			}
			out := fmt.Sprintf("_SF_GO_UNDEF_INTERSECTION(%s, %s)", text(0, altA, okA), text(1, altB, okB))
			e := expr{sql: refusedUndefined(out, "ARRAY_INTERSECTION"), typ: "JSON"}
			p.noteUndefined(e.sql, undefAlt{sql: out, result: true})
			return e, nil
		}
	}
	wrap := func(name string, f func(h funcHandler) funcHandler) {
		if h, ok := funcs[name]; ok {
			funcs[name] = f(h)
		}
	}
	// Type predicates and strict casts: their answer for an array does not
	// depend on its elements, so they read it with its undefined elements
	// as JSON nulls (AS_ARRAY, which returns the array, is not among them).
	for _, name := range []string{"TYPEOF", "IS_ARRAY", "IS_OBJECT", "IS_BOOLEAN", "IS_INTEGER", "IS_DECIMAL",
		"IS_DOUBLE", "IS_REAL", "IS_VARCHAR", "IS_CHAR", "IS_NULL_VALUE", "IS_BINARY", "IS_DATE", "IS_DATE_VALUE",
		"IS_TIME", "IS_TIMESTAMP_LTZ", "IS_TIMESTAMP_NTZ", "IS_TIMESTAMP_TZ", "AS_BOOLEAN", "AS_CHAR", "AS_VARCHAR",
		"AS_DECIMAL", "AS_NUMBER", "AS_DOUBLE", "AS_REAL", "AS_INTEGER", "AS_OBJECT", "AS_BINARY", "AS_DATE", "AS_TIME",
		"AS_TIMESTAMP_LTZ", "AS_TIMESTAMP_NTZ", "AS_TIMESTAMP_TZ"} {
		wrap(name, func(h funcHandler) funcHandler {
			return func(p *parser, c *call) (expr, error) {
				if a, ok := p.undefinedOf(firstArg(c)); ok && a.result {
					d, _ := p.mappedArgs(c, "null", 0)
					return h(p, d)
				}
				return h(p, c)
			}
		})
	}
}

// firstArg is the SQL of c's first positional argument, "" without one.
func firstArg(c *call) string {
	if len(c.args) == 0 || c.args[0].name != "" {
		return ""
	}
	return c.args[0].sql
}

// rewrittenRel reports whether r, a relation that is not a base table, is
// one whose columns the rewriter wrote (a derived table, a CTE, a VALUES
// list, FLATTEN, a staged file), unlike a table function, which may be
// IDENTIFIER('t') or TABLE('t') naming a table.
func rewrittenRel(r *scopeRel) bool {
	return r.sub != [2]int{} || r.cte != "" || r.fixed != nil || r.stage || r.valuesAt > 0 || r.values > 0
}
