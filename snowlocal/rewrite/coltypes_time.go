package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Column types of date and time columns. Snowflake decides what DATEADD,
// ADD_MONTHS, comparisons and the date-part functions return from the
// operand's type: a DATE column stays a DATE, two TIMESTAMP_TZ columns
// compare by instant. The rewriter learns the types of columns that a query
// block reads from base tables (Options.ColumnTypes) when it can resolve a
// reference without doubt; anything else keeps an unknown type, as before.
//
// A query block's scope is found by scanning its FROM clause ahead of the
// select list. A reference resolves when it is qualified by the alias of a
// base table of the block, or unqualified and found in exactly one relation
// of a block whose relations are all known (base tables, FLATTEN). Names a
// select list defines as aliases, CTE names and derived tables never resolve.
// Only DATE, TIME, TIMESTAMP_NTZ/LTZ/TZ types are handed out: other types
// keep the behaviour the rest of the rewriter expects of columns.

// scopeRel is one FROM item of a query block.
type scopeRel struct {
	name   string            // alias, or the table's last name part (upper-cased unless quoted)
	table  string            // rendered table name for ColumnTypes; "" when not a base table
	fixed  []string          // FLATTEN's columns (names only)
	opaque bool              // columns unknown (derived table, table function, stage...)
	cols   map[string]string // upper-cased column name -> rewriter type ("" for other types); nil until loaded
	raw    map[string]string // upper-cased column name -> DuckDB type
	dup    map[string]bool   // column names present twice (case-insensitively)
	coll   map[string]string // upper-cased column name -> collation ("" none); nil until read (collate_column.go)
	failed bool              // the column types could not be read

	values int // a VALUES list's number of columns (COLUMN1...): funcs_wildcard.go
	// valuesAt is the index of a VALUES list's first row's bracket, whose
	// integer literals type its columns (numlit.go); 0 for any other
	// relation. valuesNames: the alias's names of its columns, nil for
	// COLUMN1...
	valuesAt    int
	valuesNames []tok
	stage       bool // a staged file (@stage): its columns are "$1", "$2"... (positional.go)

	// The query a CTE reference (cte, its upper-cased name) or a derived
	// table (sub, the token range inside its parentheses) reads: what
	// setops.go types their columns from.
	cte string
	sub [2]int
	// renamed: the alias's column list of a derived table or CTE
	// reference (`(SELECT …) a(x, y)`), which names its columns.
	renamed []string
}

// scope is the FROM clause of the query block being rewritten.
type scope struct {
	rels    []*scopeRel
	aliases map[string]bool // select-list aliases (upper-cased)
	unknown bool            // the FROM clause was not understood: resolve nothing
	// using: the column names (identKey) a join's USING merges; natural:
	// a NATURAL join merges the names its relations share (types_intfn.go).
	using   map[string]bool
	natural bool
}

// flattenColumns are FLATTEN's output columns.
var flattenColumns = []string{"SEQ", "KEY", "PATH", "INDEX", "VALUE", "THIS"}

// pushScope scans the query block whose select list starts at p.i and makes
// its scope current; popScope restores the enclosing one.
func (p *parser) pushScope() func() {
	saved := p.scope
	p.scope = p.scanScope(p.i)
	return func() { p.scope = saved }
}

// pushDMLScope makes the target of UPDATE/DELETE (its relation starting at
// p.i) and the sources after the word sources (UPDATE's FROM, DELETE's
// USING) the current scope.
func (p *parser) pushDMLScope(sources string) func() {
	saved := p.scope
	if p.opts.ColumnTypes == nil {
		return func() {}
	}
	sc := &scope{}
	_, end := p.scanFromItems(sc, p.i)
	if end < 0 {
		sc.unknown = true
	} else {
		depth := 0
		for j := end; j < len(p.toks); j++ {
			t := p.toks[j]
			if t.IsOp("(") {
				depth++
			} else if t.IsOp(")") {
				depth--
			} else if depth == 0 && (t.IsWord("WHERE") || t.IsOp(";")) {
				break
			} else if depth == 0 && t.IsWord(sources) {
				if _, e := p.scanFromItems(sc, j+1); e < 0 {
					sc.unknown = true
				}
				break
			}
		}
	}
	p.scope = sc
	return func() { p.scope = saved }
}

// scanScope scans the select list from index i to its FROM clause.
func (p *parser) scanScope(i int) *scope {
	if p.opts.ColumnTypes == nil {
		return nil
	}
	sc := &scope{aliases: map[string]bool{}}
	depth := 0
	var prev tok
	for j := i; j < len(p.toks); j++ {
		t := p.toks[j]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
			if depth < 0 {
				return sc // a block without FROM
			}
		case depth > 0:
		case t.IsOp(";") || t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS"):
			return sc
		case t.IsWord("FROM") && !prev.IsWord("DISTINCT"):
			if _, end := p.scanFromItems(sc, j+1); end < 0 {
				sc.unknown = true
			}
			return sc
		case t.IsWord("AS") && j+1 < len(p.toks):
			sc.aliases[identKey(p.toks[j+1])] = true
		case (t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent) && j+1 < len(p.toks) &&
			(p.toks[j+1].IsOp(",") || p.toks[j+1].IsWord("FROM")) && endsOperand(prev):
			sc.aliases[identKey(t)] = true // `expr alias`
		}
		prev = t
	}
	return sc
}

// endsOperand reports whether t can end an operand (so that a name after it
// is an alias).
func endsOperand(t tok) bool {
	switch t.Kind {
	case sqllex.Number, sqllex.String, sqllex.QuotedIdent:
		return true
	case sqllex.Word:
		u := strings.ToUpper(t.Text)
		return !keywords[u] || termKeywords[u] || u == "END"
	case sqllex.Op:
		return t.Text == ")" || t.Text == "]" || t.Text == "}"
	}
	return false
}

// scanFromItems reads the FROM items starting at index i into sc. end is
// the index after the last item, or -1 when an item was not understood.
func (p *parser) scanFromItems(sc *scope, i int) (rels, end int) {
	at := func(j int) tok {
		if j < len(p.toks) {
			return p.toks[j]
		}
		return tok{}
	}
	isName := func(t tok) bool { return t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent }
	skipGroup := func(j int) int { // the index after the group opening at j
		if e := p.matching(j); e >= 0 {
			return e + 1
		}
		return len(p.toks)
	}
	// separator reports whether a FROM item ends before token t.
	separator := func(t tok) bool {
		return t.Kind == 0 || t.IsOp(",") || t.IsOp(")") || t.IsOp(";") || isJoin(t) || isClause(t) ||
			t.IsWord("ON") || t.IsWord("USING") || t.IsWord("OUTER") || t.IsWord("SET")
	}
	j := i
	for {
		rel := &scopeRel{}
		t := at(j)
		switch {
		case t.IsWord("LATERAL") || (t.IsWord("TABLE") && at(j+1).IsOp("(")):
			k := j + 1
			if t.IsWord("TABLE") {
				k = j + 2
			}
			if at(k).IsWord("FLATTEN") && at(k+1).IsOp("(") {
				rel.fixed = flattenColumns
				rel.name = "FLATTEN"
			} else {
				rel.opaque = true
			}
			if t.IsWord("TABLE") {
				j = skipGroup(j + 1)
			} else if at(k).IsOp("(") {
				j = skipGroup(k)
			} else {
				for isName(at(k)) && at(k+1).IsOp(".") {
					k += 2
				}
				j = skipGroup(k + 1)
			}
		case t.IsWord("VALUES") && at(j+1).IsOp("(") || t.IsOp("(") && at(j+1).IsWord("VALUES") && at(j+2).IsOp("("):
			j = p.scanValues(rel, j) // funcs_wildcard.go
		case t.IsOp("("):
			rel.opaque = true
			end := skipGroup(j)
			rel.sub = [2]int{j + 1, end - 1}
			j = end
		case t.IsOp("@"):
			// @stage[/path] [(FILE_FORMAT => …)], as stageRelation reads it.
			rel.opaque, rel.stage = true, true
			for j++; at(j).Kind != 0 && !at(j).sp && !at(j).IsOp("(") && !at(j).IsOp(",") && !at(j).IsOp(")"); j++ {
			}
			if at(j).IsOp("(") {
				j = skipGroup(j)
			}
		case isName(t) && !(t.Kind == sqllex.Word && keywords[strings.ToUpper(t.Text)]):
			var parts []tok
			k := j
			for {
				parts = append(parts, at(k))
				if !at(k+1).IsOp(".") || !isName(at(k+2)) {
					break
				}
				k += 2
			}
			j = k + 1
			if at(j).IsOp("(") { // a table function without TABLE()
				rel.opaque = true
				if parts[len(parts)-1].IsWord("FLATTEN") && len(parts) == 1 {
					rel.opaque, rel.fixed, rel.name = false, flattenColumns, "FLATTEN"
				}
				j = skipGroup(j)
				break
			}
			rel = p.tableRel(parts, tok{})
		default:
			return len(sc.rels), -1
		}
		// Alias.
		explicit := at(j).IsWord("AS")
		if explicit {
			j++
		}
		resample := func(j int) bool { return at(j).IsWord("RESAMPLE") && at(j+1).IsOp("(") && at(j+2).IsWord("USING") }
		if a := at(j); a.Kind == sqllex.QuotedIdent || (a.Kind == sqllex.Word && !keywords[strings.ToUpper(a.Text)] &&
			!isAliasStopper(strings.ToUpper(a.Text)) && !resample(j)) {
			rel.name = identKey(a)
			j++
			if at(j).IsOp("(") { // renamed columns
				end := skipGroup(j)
				if rel.valuesAt > 0 {
					rel.valuesNames = p.valuesNames(j+1, end-1, rel.values) // numlit.go
				}
				if rel.valuesNames == nil {
					rel.valuesAt = 0
				}
				if names := p.columnList(j+1, end-1); names != nil && (rel.cte != "" || rel.sub[1] > rel.sub[0]) {
					rel.renamed = names // relQuery
				} else {
					rel.cte, rel.sub = "", [2]int{}
				}
				rel.opaque, rel.table = true, ""
				j = end
			}
		} else if explicit {
			return len(sc.rels), -1
		}
		if at(j).IsWord("SAMPLE") || at(j).IsWord("TABLESAMPLE") {
			// A sample has its item's columns (sample.go).
			j++
			if w := at(j); w.IsWord("BERNOULLI") || w.IsWord("ROW") || w.IsWord("SYSTEM") || w.IsWord("BLOCK") {
				j++
			}
			if at(j).IsOp("(") {
				j = skipGroup(j)
			}
			if (at(j).IsWord("SEED") || at(j).IsWord("REPEATABLE")) && at(j+1).IsOp("(") {
				j = skipGroup(j + 1)
			}
		}
		if resample(j) {
			j = skipGroup(j + 1) // the table's columns (resample.go)
		}
		if at(j).IsWord("MATCH_CONDITION") && at(j+1).IsOp("(") {
			j = skipGroup(j + 1) // an ASOF JOIN's (asof.go)
		}
		if !separator(at(j)) {
			return len(sc.rels), -1 // modifiers (AT, SAMPLE, PIVOT...)
		}
		sc.rels = append(sc.rels, rel)
		// Join condition.
		switch {
		case at(j).IsWord("ON"):
			depth := 0
			for j++; j < len(p.toks); j++ {
				t := p.toks[j]
				if t.IsOp("(") {
					depth++
				} else if t.IsOp(")") {
					if depth == 0 {
						break
					}
					depth--
				} else if depth == 0 && (t.IsOp(",") || t.IsOp(";") || isJoin(t) || isClause(t)) {
					break
				}
			}
		case at(j).IsWord("USING") && at(j+1).IsOp("("):
			end := skipGroup(j + 1)
			for k := j + 2; k < end-1; k++ {
				if isName(at(k)) {
					if sc.using == nil {
						sc.using = map[string]bool{}
					}
					sc.using[identKey(at(k))] = true
				}
			}
			j = end
		}
		switch t := at(j); {
		case t.IsOp(","):
			j++
		case isJoin(t) || t.IsWord("OUTER"):
			for isJoin(at(j)) || at(j).IsWord("OUTER") {
				w := at(j)
				sc.natural = sc.natural || w.IsWord("NATURAL")
				j++
				if w.IsWord("JOIN") {
					break
				}
			}
		default:
			return len(sc.rels), j
		}
	}
}

// tableRel is a base table named by parts (a CTE's name is opaque).
func (p *parser) tableRel(parts []tok, alias tok) *scopeRel {
	rel := &scopeRel{name: identKey(parts[len(parts)-1]), table: renderName(parts)}
	if alias.Kind != 0 {
		rel.name = identKey(alias)
	}
	if len(parts) == 1 && p.cteNames()[identKey(parts[0])] {
		rel.opaque, rel.table, rel.cte = true, "", identKey(parts[0])
	}
	return rel
}

// cteNames are the names WITH clauses of the statement define (upper-cased).
func (p *parser) cteNames() map[string]bool {
	if p.ctes != nil {
		return p.ctes
	}
	p.ctes = map[string]bool{}
	for i := 1; i+2 < len(p.toks); i++ {
		t := p.toks[i]
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			continue
		}
		if b := p.toks[i-1]; !(b.IsWord("WITH") || b.IsWord("RECURSIVE") || b.IsOp(",")) {
			continue
		}
		j := i + 1
		if p.toks[j].IsOp("(") {
			depth := 0
			for ; j < len(p.toks); j++ {
				if p.toks[j].IsOp("(") {
					depth++
				} else if p.toks[j].IsOp(")") {
					depth--
					if depth == 0 {
						j++
						break
					}
				}
			}
		}
		if j+1 < len(p.toks) && p.toks[j].IsWord("AS") && p.toks[j+1].IsOp("(") {
			p.ctes[identKey(t)] = true
		}
	}
	return p.ctes
}

// identKey is the upper-cased name of an identifier token (DuckDB resolves
// names case-insensitively, so quoted names are compared the same way).
func identKey(t tok) string {
	if t.Kind == sqllex.QuotedIdent {
		return strings.ToUpper(unquoteIdent(t.Text))
	}
	return strings.ToUpper(t.Text)
}

// load reads the relation's column types once.
func (r *scopeRel) load(p *parser) {
	if r.cols != nil || r.failed {
		return
	}
	if r.fixed != nil {
		r.cols = map[string]string{}
		for _, c := range r.fixed {
			r.cols[c] = ""
		}
		return
	}
	if r.opaque || r.table == "" {
		r.failed = true
		return
	}
	names, types, err := p.opts.ColumnTypes(r.table, nil)
	if err != nil || len(names) != len(types) {
		r.failed = true
		return
	}
	r.cols, r.dup, r.raw = map[string]string{}, map[string]bool{}, map[string]string{}
	for i, n := range names {
		k := strings.ToUpper(n)
		if _, ok := r.cols[k]; ok {
			r.dup[k] = true
		}
		r.cols[k] = timeType(types[i])
		r.raw[k] = types[i]
	}
}

// timeType maps a DuckDB column type to the rewriter's type of a date or
// time value, of an INT column (BIGINT: Snowflake's NUMBER(38,0), whose
// precision a product or quotient's type counts, types_mul.go), or of a
// NUMBER(p,s) column (DECIMAL(p,s), as a cast to it is typed: the numeric
// aggregates write out their type from it, types_agg.go); "" for any other
// type.
func timeType(duck string) string {
	switch {
	case duck == "DATE", duck == "TIME", duck == "TIMESTAMP", duck == "BIGINT":
		return duck
	case strings.HasPrefix(duck, "DECIMAL("):
		return strings.ReplaceAll(duck, " ", "")
	case duck == "TIMESTAMP WITH TIME ZONE", duck == "TIMESTAMPTZ":
		return "TIMESTAMPTZ"
	case strings.HasPrefix(duck, "STRUCT(") && strings.Contains(duck, "sf_tz_utc"):
		return tzDuck
	}
	return ""
}

// columnTypes is the rewriter type and the DuckDB type of the
// column reference parts in the current scope, "" when unknown.
func (p *parser) columnTypes(parts []tok) (string, string) {
	r, col := p.columnRel(parts)
	if r == nil {
		return "", ""
	}
	return r.cols[col], r.raw[col]
}

// columnRel is the relation of the current scope that the column reference
// parts resolves to without doubt, and the column's key (identKey); nil when
// it does not resolve.
func (p *parser) columnRel(parts []tok) (*scopeRel, string) {
	sc := p.scope
	if sc == nil || sc.unknown || len(parts) == 0 || len(parts) > 2 {
		return nil, ""
	}
	col := identKey(parts[len(parts)-1])
	if len(parts) == 2 {
		q := identKey(parts[0])
		var match *scopeRel
		for _, r := range sc.rels {
			if r.name == q {
				if match != nil {
					return nil, ""
				}
				match = r
			}
		}
		if match == nil {
			return nil, ""
		}
		match.load(p)
		if match.failed || match.dup[col] {
			return nil, ""
		}
		return match, col
	}
	if sc.aliases[col] {
		return nil, ""
	}
	found := 0
	var rel *scopeRel
	for _, r := range sc.rels {
		r.load(p)
		if r.failed || r.dup[col] {
			return nil, ""
		}
		if _, ok := r.cols[col]; ok {
			found++
			rel = r
		}
	}
	if found != 1 {
		return nil, ""
	}
	return rel, col
}

// columnList is the names (identKey) between tokens a and b (exclusive) of
// an alias's column list, or nil where it is not a list of names.
func (p *parser) columnList(a, b int) []string {
	var names []string
	for k := a; k < b; k += 2 {
		t := p.toks[k]
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent || k+1 < b && !p.toks[k+1].IsOp(",") {
			return nil
		}
		names = append(names, identKey(t))
	}
	return names
}
