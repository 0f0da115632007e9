package rewrite

import (
	"fmt"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// clauseWords end a select list or a FROM item.
var clauseWords = toSet(`FROM WHERE GROUP HAVING QUALIFY ORDER LIMIT OFFSET FETCH UNION EXCEPT INTERSECT MINUS
WINDOW INTO`)

// joinWords start a join.
var joinWords = toSet(`JOIN INNER LEFT RIGHT FULL CROSS NATURAL ASOF`)

func isClause(t tok) bool { return t.Kind == sqllex.Word && clauseWords[strings.ToUpper(t.Text)] }

func isJoin(t tok) bool { return t.Kind == sqllex.Word && joinWords[strings.ToUpper(t.Text)] }

// selectCore rewrites SELECT ... up to the end of its query block.
func (p *parser) selectCore() (string, error) {
	if err := p.analyzeSetOps(); err != nil { // setops.go
		return "", err
	}
	p.dropOrderByDistinctArgs(p.i) // order_distinct.go
	selectAt := p.i
	selectTok := p.next()                         // SELECT
	defer p.pushScope()()                         // column types of this block (coltypes_time.go)
	usingCheck, err := p.usingTextDate(selectTok) // using_text_date.go
	if err != nil {
		return "", err
	}
	saved, savedSelect, savedOuter, savedWidths := p.blockAliases, p.blockSelect, p.outerItems, p.aliasWidths
	savedSetOp, savedItems, savedExprs, savedLateral := p.setOpBlock, p.aliasItems, p.itemExprs, p.lateral
	p.lateral = nil // a nested block's names are its own (types_lateral.go)
	p.blockAliases, p.aliasWidths, p.aliasItems, p.itemExprs = map[string]string{}, map[string]int{}, map[string][2]int{}, nil
	savedST := p.aliasST
	p.aliasST = nil
	defer func() { p.aliasST = savedST }()
	p.outerItems = p.outermost(p.i - 1)
	p.setOpBlock = p.inSetOp(p.i - 1) // types_intfn.go
	defer func() {
		p.blockAliases, p.blockSelect, p.outerItems, p.aliasWidths = saved, savedSelect, savedOuter, savedWidths
		p.setOpBlock, p.aliasItems, p.itemExprs, p.lateral = savedSetOp, savedItems, savedExprs, savedLateral
	}()
	p.blockSelect[0] = p.i
	var b strings.Builder
	b.WriteString("SELECT")
	savedDistinct := p.blockDistinct
	defer func() { p.blockDistinct = savedDistinct }()
	p.blockDistinct = p.isWord("DISTINCT") // undefined.go
	if p.accept("DISTINCT") {
		b.WriteString(" DISTINCT")
	} else if p.accept("ALL") {
		b.WriteString(" ALL")
	}
	top := ""
	if t := p.peek(); t.IsWord("TOP") {
		p.next()
		n := p.next()
		if n.Kind != sqllex.Number {
			return "", p.unexpected(n)
		}
		top = n.Text
	}
	var nullItem *tok // a bare NULL select item (recursiveNullAnchor)
	for i := 0; ; i++ {
		nullType := ""
		if t := p.peek(); t.IsWord("NULL") && nullItem == nil {
			if n := p.peekN(1); n.IsOp(",") || n.IsWord("AS") || n.IsWord("FROM") || n.Kind == sqllex.QuotedIdent ||
				(n.Kind == sqllex.Word && !keywords[strings.ToUpper(n.Text)]) {
				nullItem = &t
				nullType = p.recursiveNullType(p.i, i) // recursive_null.go
			}
		}
		n := len(p.itemExprs)
		item, err := p.selectItem()
		if err != nil {
			return "", err
		}
		if rest, ok := strings.CutPrefix(item, "NULL"); ok && nullType != "" {
			// Typed as the recursive clause's column (recursive_null.go).
			item, nullItem = "CAST(NULL AS "+nullType+")"+rest, nil
		}
		if len(p.itemExprs) == n {
			p.itemExprs = append(p.itemExprs, [2]int{-1, -1}) // a star
		}
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(" " + item)
		if !p.acceptOp(",") {
			break
		}
	}
	p.blockSelect[1] = p.i
	if len(p.seqSources) > 0 && selectAt == 0 && !p.isWord("FROM") {
		// Several NEXTVALs of one sequence draw from one derived table (sequence.go).
		b.WriteString(" FROM " + strings.Join(p.seqSources, " CROSS JOIN "))
		p.seqSources = nil
	}
	if p.isWord("INTO") {
		return "", p.unsupported(p.peek(), "SELECT ... INTO")
	}
	if p.accept("FROM") {
		from, err := p.fromList()
		if err != nil {
			return "", err
		}
		b.WriteString(" FROM " + from)
	}
	if err := p.selectTail(); err != nil { // operators.go
		return "", err
	}
	p.markOrderAliases(p.i) // order_distinct.go
	setOp := func(t tok, _ bool) bool {
		return t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS") ||
			p.setVariantStop(p.i) // the tail of a wrapped set operation (setops_variant.go)
	}
	var rest string
	check, having, err := p.variantKeyCheck(p.i)
	if err != nil {
		return "", err
	}
	if check != "" || having != "" || usingCheck != "" {
		// GROUP BY or DISTINCT of VARIANTs: a QUALIFY refuses equal values
		// written differently, a HAVING a key only DuckDB sees is a VARIANT
		// (variant_veq.go); a USING join's WHERE refuses a text beside a
		// date (using_text_date.go).
		rest, err = p.seqWithChecks(usingCheck, having, check, setOp)
	} else {
		rest, err = p.seq(setOp)
	}
	if err != nil {
		return "", err
	}
	if rest != "" {
		b.WriteString(" " + rest)
	}
	if nullItem != nil && p.isWord("UNION") && p.recursiveWith() {
		// A recursive CTE's anchor types its columns in DuckDB, where a
		// bare NULL is an INTEGER the recursive clause's values must then
		// fit; Snowflake types the column from both clauses.
		return "", p.unsupported(*nullItem, "NULL as a column of a recursive CTE's anchor clause")
	}
	if top != "" {
		b.WriteString(" LIMIT " + top)
	}
	return b.String(), nil
}

// recursiveWith reports a WITH RECURSIVE in the statement.
func (p *parser) recursiveWith() bool {
	for i := 1; i < len(p.toks); i++ {
		if p.toks[i].IsWord("RECURSIVE") && p.toks[i-1].IsWord("WITH") {
			return true
		}
	}
	return false
}

// selectItem rewrites one select-list item. An unaliased expression that is
// not a plain column gets Snowflake's column name as its alias.
func (p *parser) selectItem() (string, error) {
	start := p.i
	// * and t.* with Snowflake's modifiers.
	if p.isOp("*") || p.isQualifiedStar() {
		if any, _ := p.blockGenerator(); any {
			// GENERATOR's rows have no columns; the local one has its
			// row index (generator.go).
			return "", p.unsupported(p.peek(), "a star over GENERATOR")
		}
		var b strings.Builder
		for !p.isOp("*") {
			b.WriteString(identSQL(p.next()))
			p.next() // .
			b.WriteByte('.')
		}
		p.next()
		b.WriteString("*")
		var qual []tok // the star's qualifier
		for _, t := range p.toks[start : p.i-1] {
			if !t.IsOp(".") {
				qual = append(qual, t)
			}
		}
		if what := p.starIntUnknown(qual); what != "" { // types_intfn.go
			return "", p.unsupported(p.toks[start], unknownPrecisionRefusal(what))
		}
		if p.starRepeatsName(qual) {
			return "", p.unsupported(p.toks[start], "a star over a derived table or CTE whose columns repeat a name (the local engine would rename the repeat, A_1; select the columns by name)")
		}
		var typed []typedColumn // the star's integer columns of known precision (types_intfn.go)
		if p.outerItems && !p.setOpBlock {
			var why string
			if typed, why = p.typedStarColumns(qual); why != "" {
				return "", p.unsupported(p.toks[start], why)
			}
		}
		if p.insertStore != nil && p.outerItems && !p.setOpBlock {
			p.insertStore.star = true // undefined_stored.go
		}
		rep, err := p.storedUndefinedStar(qual, p.toks[start]) // undefined_stored.go
		if err != nil {
			return "", err
		}
		if rep != "" {
			return b.String() + rep, nil
		}
		if err := p.starModifiers(&b, start, typed); err != nil {
			return "", err
		}
		return b.String(), nil
	}
	if p.eof() || isClause(p.peek()) || p.isOp(")") {
		return "", p.unexpected(p.peek())
	}
	p.markDecfloatItem(start) // decfloat.go

	single := p.startsTerm()
	storeIdx := -1 // the item's position in an INSERT's query (undefined_stored.go)
	if p.insertStore != nil && p.outerItems && !p.setOpBlock {
		storeIdx = p.insertStore.items
		p.insertStore.items++
	}
	s, err := p.seq(func(t tok, operand bool) bool {
		if t.IsOp(",") || (isClause(t) && !p.distinctFrom(t)) {
			return true
		}
		return operand && (t.IsWord("AS") || t.Kind == sqllex.QuotedIdent ||
			(t.Kind == sqllex.Word && !keywords[strings.ToUpper(t.Text)]))
	})
	if err != nil {
		return "", err
	}
	end := p.i - 1
	if s == "" {
		return "", p.unexpected(p.peek())
	}
	raw := s // a later item naming the alias reads the BIGINT (typedItem)
	w := p.sumWidth
	var itemST *stype // the item's structured type (structured.go)
	if p.single != nil {
		w, itemST = p.single.intWidth, p.single.st
	}
	if itemST != nil && !itemST.container() {
		// An element of a structured value: its type, which the result
		// column would describe, the engine does not work out.
		return "", p.unsupported(p.toks[start], "an element of a structured value as a result column")
	}
	if itemST.container() && p.setOpBlock {
		// Set operations coerce one structured type to the other (docs:
		// data-types-structured), which the JSON does not.
		return "", p.unsupported(p.toks[start], "a structured value in a set operation")
	}
	if err := p.noteKeyOrder(itemST, start); err != nil { // structured_order.go
		return "", err
	}
	if itemST.container() {
		s = p.stLeave(s, itemST) // structured.go
	}
	p.itemExprs = append(p.itemExprs, [2]int{start, end + 1}) // variant_order.go
	// checked: s is written inside a check of its type (types_rem.go).
	checked := false
	if p.blockDistinct && p.unknownColumn(start, end+1) {
		// DISTINCT over a column whose type only DuckDB sees: refused as
		// it binds the statement if it is a VARIANT (setops_variant.go).
		if w, ok := p.setWrap[start]; ok {
			p.setWrap[start] = strings.Replace(w, "%s", "_SF_NOTV(%s)", 1)
		} else {
			p.setWrap[start] = "_SF_NOTV(%s)"
		}
	}
	if typed, ok := p.nanosTyped(s); ok { // nanos_item.go
		s = typed
	} else if typed, ok := p.dateDiffTyped(s); ok { // types_intfn.go
		s = typed
	} else if typed, ok := p.remainderTyped(s); ok { // types_rem.go
		s, checked = typed, true
	} else if err := p.checkUnknownIntItem(p.single, p.toks[start]); err != nil { // types_intfn.go
		return "", err
	}
	typed := p.typedItem(s)
	if typed == s {
		typed = p.typedLiteralItem(s, start, end+1) // numlit.go
	}
	cast := typed != s || checked // the item is written as a cast (a derived table's column: types_intfn.go)
	s = typed
	if p.accept("AS") || p.peek().Kind == sqllex.QuotedIdent || (p.peek().Kind == sqllex.Word && !keywords[strings.ToUpper(p.peek().Text)]) {
		a := p.next()
		if a.Kind != sqllex.Word && a.Kind != sqllex.QuotedIdent {
			return "", p.unexpected(a)
		}
		p.noteAlias(a, raw) // order_distinct.go
		p.noteAliasST(a, itemST)
		if p.aliasItems != nil {
			k, r := identKey(a), [2]int{start, end + 1}
			if _, twice := p.aliasItems[k]; twice {
				r = [2]int{-1, -1}
			}
			p.aliasItems[k] = r // variant_order.go
		}
		if k := identKey(a); w > 0 && p.aliasWidths != nil {
			if _, twice := p.aliasWidths[k]; twice {
				w = 0
			}
			p.aliasWidths[k] = w // a later item naming it reads its precision (types_intfn.go)
		}
		s, wrapped := p.setWrapItem(start, s, "") // setops.go
		if !wrapped && !cast {
			if s, err = p.storeUndefinedItem(s, storeIdx); err != nil { // undefined_stored.go
				return "", err
			}
			s = p.undefinedItem(s, &a) // undefined.go
		}
		return s + " AS " + identSQL(a), nil
	}
	if single && p.isPlainColumn(start, end) && !cast {
		// A reference to a column holding stored undefined elements
		// (undefined_stored.go).
		if stored, ok := p.storedUndefinedItem(s, end); ok {
			if _, wrapped := p.setWrapItem(start, s, identSQL(p.toks[end])); !wrapped {
				return stored, nil
			}
		}
	}
	if single && p.isPlainColumn(start, end) {
		if end > start && p.toks[end].IsWord("NEXTVAL") {
			s, _ = p.setWrapItem(start, s, "")
			return s + ` AS "NEXTVAL"`, nil // seq.NEXTVAL (sequence.go)
		}
		var wrapped bool
		s, wrapped = p.setWrapItem(start, s, identSQL(p.toks[end]))
		if cast && !wrapped {
			s += " AS " + identSQL(p.toks[end]) // the cast keeps the column's name
		}
		return s, nil
	}
	if a, b := p.unbracketed(start, end); single && a > start && p.isPlainColumn(a, b) && !p.toks[b].IsWord("NEXTVAL") {
		// A bracketed column is named as the column: SELECT DISTINCT(play)
		// prints PLAY (docs: functions/search, its lines example).
		s, _ = p.setWrapItem(start, s, identSQL(p.toks[b]))
		return s + " AS " + identSQL(p.toks[b]), nil
	}
	s, wrapped := p.setWrapItem(start, s, "")
	if !wrapped && !cast {
		if s, err = p.storeUndefinedItem(s, storeIdx); err != nil { // undefined_stored.go
			return "", err
		}
		s = p.undefinedItem(s, nil) // undefined.go
	}
	return s + " AS " + quoteIdent(p.columnName(start, end)), nil
}

// unbracketed is a..b without the brackets that enclose all of it:
// ((t.a)) is t.a.
func (p *parser) unbracketed(a, b int) (int, int) {
	for a < b && p.toks[a].IsOp("(") && p.toks[b].IsOp(")") {
		depth := 0
		for k := a; k <= b; k++ {
			switch {
			case p.toks[k].IsOp("("):
				depth++
			case p.toks[k].IsOp(")"):
				depth--
			}
			if depth == 0 && k < b {
				return a, b // the first bracket closes before the end: (a) + (b)
			}
		}
		a, b = a+1, b-1
	}
	return a, b
}

func (p *parser) isQualifiedStar() bool {
	for k := 0; ; k += 2 {
		t := p.peekN(k)
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return false
		}
		if !p.peekN(k + 1).IsOp(".") {
			return false
		}
		if p.peekN(k + 2).IsOp("*") {
			return true
		}
	}
}

// starModifiers rewrites ILIKE / EXCLUDE / REPLACE / RENAME after * or t.*.
// typed are the star's integer columns of known precision, which a
// REPLACE of its own types as a star without modifiers does
// (typedStarColumns) unless they are excluded or replaced; one ILIKE
// matches or RENAME names is refused (DuckDB's COLUMNS and RENAME take no
// REPLACE of the same column).
func (p *parser) starModifiers(b *strings.Builder, start int, typed []typedColumn) error {
	// DuckDB wants EXCLUDE, REPLACE, RENAME in this order.
	mods := map[string]string{}
	// What DuckDB cannot say — ILIKE (its COLUMNS(lambda)) with REPLACE or
	// RENAME, a column both replaced and renamed (which Snowflake allows:
	// the replaced value under the new name) — is written out column by
	// column where the FROM clause's columns are known (starList).
	st := starSpec{at: p.toks[start], replace: map[string]string{}, rename: map[string]tok{}}
	var modTok tok // the first REPLACE or RENAME
	for {
		t := p.peek()
		switch {
		case t.IsWord("ILIKE"):
			p.next()
			pat := p.next()
			if pat.Kind != sqllex.String {
				return p.unexpected(pat)
			}
			if !p.toks[start].IsOp("*") {
				return p.unsupported(t, "t.* ILIKE")
			}
			st.ilike, st.ilikeTok = snowflakeString(pat.Text), t
			s := b.String()
			b.Reset()
			b.WriteString(strings.TrimSuffix(s, "*") + "COLUMNS(c -> c ILIKE " + sqlString(st.ilike) + ")")
		case t.IsWord("EXCLUDE"):
			p.next()
			from := p.i
			cols, err := p.identList()
			if err != nil {
				return err
			}
			for _, x := range p.toks[from:p.i] {
				switch {
				case x.IsOp("."):
					st.qualifiedExclude = true
				case x.Kind == sqllex.Word || x.Kind == sqllex.QuotedIdent:
					st.exclude = append(st.exclude, x)
				}
			}
			mods["EXCLUDE"] = " EXCLUDE (" + strings.Join(cols, ", ") + ")"
		case t.IsWord("RENAME"), t.IsWord("REPLACE"):
			if modTok.Text == "" {
				modTok = t
			}
			p.next()
			paren := p.acceptOp("(")
			var items []string
			for {
				var left string
				var leftTok tok
				var err error
				if t.IsWord("RENAME") {
					leftTok = p.next()
					if leftTok.Kind != sqllex.Word && leftTok.Kind != sqllex.QuotedIdent {
						return p.unexpected(leftTok)
					}
					left = identSQL(leftTok)
				} else {
					at := p.peek()
					left, err = p.seq(func(t tok, operand bool) bool { return operand && t.IsWord("AS") })
					if err != nil {
						return err
					}
					// A replacement is a result column (types_intfn.go).
					if err := p.checkUnknownIntItem(p.single, at); err != nil {
						return err
					}
					if !p.setOpBlock {
						left = p.typedItem(left)
					}
				}
				if err := p.expectWord("AS"); err != nil {
					return err
				}
				n := p.next()
				if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
					return p.unexpected(n)
				}
				if t.IsWord("REPLACE") {
					if _, twice := st.replace[snowflakeName(n)]; twice {
						return p.unsupported(n, "a column replaced twice in * REPLACE")
					}
					st.replace[snowflakeName(n)] = left
				} else {
					if _, twice := st.rename[snowflakeName(leftTok)]; twice {
						return p.unsupported(leftTok, "a column renamed twice in * RENAME")
					}
					st.rename[snowflakeName(leftTok)] = n
				}
				items = append(items, left+" AS "+identSQL(n))
				if !paren || !p.acceptOp(",") {
					break
				}
			}
			if paren {
				if err := p.expectOp(")"); err != nil {
					return err
				}
			}
			mods[strings.ToUpper(t.Text)] = " " + strings.ToUpper(t.Text) + " (" + strings.Join(items, ", ") + ")"
		default:
			reps, err := p.typedStarModified(st, typed)
			if err != nil {
				return err
			}
			if st.ilikeTok.Text != "" && modTok.Text != "" || st.replacedAndRenamed() {
				list, err := p.starList(start, st)
				if err != nil {
					return err
				}
				b.Reset()
				b.WriteString(list)
				return nil
			}
			if len(reps) > 0 && mods["REPLACE"] == "" {
				mods["REPLACE"] = " REPLACE (" + strings.Join(reps, ", ") + ")"
			} else if len(reps) > 0 {
				mods["REPLACE"] = strings.TrimSuffix(mods["REPLACE"], ")") + ", " + strings.Join(reps, ", ") + ")"
			}
			for _, m := range []string{"EXCLUDE", "REPLACE", "RENAME"} {
				b.WriteString(mods[m])
			}
			return nil
		}
	}
}

// starSpec is a star's modifiers, by stored column name.
type starSpec struct {
	at               tok
	ilike            string // ILIKE's pattern ("" without ILIKE)
	ilikeTok         tok
	exclude          []tok
	qualifiedExclude bool
	replace          map[string]string // column -> its rewritten replacement
	rename           map[string]tok    // column -> its new name
}

// typedStarModified is the REPLACE list typing the star's integer
// columns of known precision (typed) that its modifiers st keep as they
// are: not excluded, not replaced. One that ILIKE may select or RENAME
// names is refused, and so is any with a qualified EXCLUDE.
func (p *parser) typedStarModified(st starSpec, typed []typedColumn) ([]string, error) {
	if len(typed) == 0 {
		return nil, nil
	}
	dropped := map[string]bool{}
	for _, x := range st.exclude {
		dropped[identKey(x)] = true
	}
	for c := range st.replace {
		dropped[strings.ToUpper(c)] = true
	}
	renamed := map[string]bool{}
	for c := range st.rename {
		renamed[strings.ToUpper(c)] = true
	}
	refusal := func(how string) error {
		return p.unsupported(st.at, "a star "+how+" reading a derived table's or CTE's integer column of known precision (its NUMBER's precision would be lost; select the columns by name)")
	}
	var keep []typedColumn
	for _, c := range typed {
		switch {
		case st.qualifiedExclude:
			return nil, refusal("with a qualified EXCLUDE")
		case dropped[c.key]:
		case st.ilikeTok.Text != "":
			return nil, refusal("with ILIKE")
		case renamed[c.key]:
			return nil, refusal("with RENAME")
		default:
			keep = append(keep, c)
		}
	}
	return typedStarReplace(keep), nil
}

func (st starSpec) replacedAndRenamed() bool {
	for c := range st.replace {
		if _, ok := st.rename[c]; ok {
			return true
		}
	}
	return false
}

// starList writes a star with modifiers out as the select items it stands
// for, `expr AS "NAME", ...`, in the FROM clause's column order: the
// columns ILIKE matches or EXCLUDE keeps, each replaced by its REPLACE
// expression and named by its RENAME. A star whose columns the rewriter
// does not know without doubt, or a modifier naming a column the star does
// not select (Snowflake's error is not documented), is refused.
func (p *parser) starList(start int, st starSpec) (string, error) {
	what := "* with ILIKE and REPLACE or RENAME"
	if st.ilikeTok.Text == "" {
		what = "the same column in * REPLACE and RENAME"
	}
	var qual string
	if !p.toks[start].IsOp("*") {
		if !p.toks[start+1].IsOp(".") || !p.toks[start+2].IsOp("*") {
			return "", p.unsupported(st.at, what+" with a database- or schema-qualified star")
		}
		qual = identKey(p.toks[start])
	}
	if st.qualifiedExclude {
		return "", p.unsupported(st.at, what+" with a qualified EXCLUDE")
	}
	cols, why := p.scopeColumns(qual)
	if why != "" {
		return "", p.unsupported(st.at, what+" "+why)
	}
	excluded := map[string]bool{}
	for _, x := range st.exclude {
		excluded[snowflakeName(x)] = true
	}
	var re *regexp.Regexp
	if st.ilikeTok.Text != "" {
		var ok bool
		if re, ok = ilikeRegexp(st.ilike); !ok {
			return "", p.unsupported(st.ilikeTok, what+" with a backslash in the pattern")
		}
	}
	used := map[string]bool{}
	var items []string
	for _, c := range cols {
		if excluded[c.name] || re != nil && !re.MatchString(c.name) {
			continue
		}
		used[c.name] = true
		expr, name := c.ref, c.name
		if r, ok := st.replace[c.name]; ok {
			expr = r
		}
		if n, ok := st.rename[c.name]; ok {
			name = snowflakeName(n)
		}
		items = append(items, expr+" AS "+quoteIdent(name))
	}
	for c := range st.replace {
		if !used[c] {
			return "", p.unsupported(st.at, what+" naming a column the star does not select ("+c+")")
		}
	}
	for c := range st.rename {
		if !used[c] {
			return "", p.unsupported(st.at, what+" naming a column the star does not select ("+c+")")
		}
	}
	if len(items) == 0 {
		return "", p.unsupported(st.at, what+" selecting no column")
	}
	return strings.Join(items, ", "), nil
}

// identList parses `(a, b)` or a single identifier.
func (p *parser) identList() ([]string, error) {
	paren := p.acceptOp("(")
	var out []string
	for {
		n := p.next()
		if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
			return nil, p.unexpected(n)
		}
		parts := []tok{n}
		for p.isOp(".") {
			p.next()
			parts = append(parts, p.next())
		}
		out = append(out, renderName(parts))
		if !paren || !p.acceptOp(",") {
			break
		}
	}
	if paren {
		if err := p.expectOp(")"); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// isPlainColumn reports whether tokens a..b are a plain, possibly qualified, column.
func (p *parser) isPlainColumn(a, b int) bool {
	return a <= b && plainColumnToks(p.toks[a:b+1])
}

// plainColumnToks reports whether toks are a column reference: a name or
// names joined by dots (a session variable as a part), not a keyword or
// niladic function first, nor a bare $1 (positional: Snowflake names the
// column $1).
func plainColumnToks(toks []tok) bool {
	for i, t := range toks {
		if i%2 == 1 {
			if !t.IsOp(".") {
				return false
			}
			continue
		}
		switch t.Kind {
		case sqllex.QuotedIdent, sqllex.Variable:
		case sqllex.Word:
			if i == 0 && (keywords[strings.ToUpper(t.Text)] || niladic[strings.ToUpper(t.Text)]) {
				return false
			}
		default:
			return false
		}
	}
	if len(toks) == 1 && toks[0].Kind == sqllex.Variable {
		return false
	}
	return len(toks)%2 == 1
}

// columnName is Snowflake's name for an unaliased select expression: its
// text with everything but quoted identifiers upper-cased, comments removed.
func (p *parser) columnName(a, b int) string {
	var s strings.Builder
	for i := a; i <= b; i++ {
		t := p.toks[i]
		if i > a {
			gap := p.src[p.toks[i-1].Pos+len(p.toks[i-1].Text) : t.Pos]
			if name, ok := p.varNames[i]; ok {
				gap = strings.Replace(gap, VarMarker(name), "", 1)
			}
			if strings.Contains(gap, "--") || strings.Contains(gap, "/*") || strings.Contains(gap, "//") {
				gap = " "
			}
			s.WriteString(gap)
		}
		if name, ok := p.varNames[i]; ok {
			// A session variable's literal: named as the variable.
			s.WriteString(strings.ToUpper(name))
			i = p.varSpanEnd(i)
			continue
		}
		if t.Kind == sqllex.QuotedIdent {
			s.WriteString(t.Text)
		} else {
			s.WriteString(upperFull(t.Text))
		}
	}
	return s.String()
}

// upperFull is s upper-cased by Unicode's full case mapping, as Snowflake
// names a column: the collation page's CONTAINS('ß' , 's' COLLATE 'upper')
// is headed CONTAINS('SS' , 'S' COLLATE 'UPPER'); strings.ToUpper maps one
// code point to one and leaves ß as it is.
func upperFull(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return cases.Upper(language.Und).String(s)
		}
	}
	return strings.ToUpper(s)
}

// fromStop ends an ON condition or a FROM list.
func fromStop(t tok, _ bool) bool {
	return t.IsOp(",") || isJoin(t) || isClause(t) || t.IsWord("SET") || t.IsWord("WHEN") ||
		t.IsWord("USING") || t.IsWord("ON")
}

// fromList rewrites FROM items and joins.
func (p *parser) fromList() (string, error) {
	var b strings.Builder
	first := true
	join := ""        // pending join keywords for the next relation; "," for a comma
	directed := false // the pending join is DIRECTED: it may name a read order
	var asofAt tok    // the pending join is an ASOF JOIN (asof.go)
	items := 0        // FROM items read so far
	for {
		p.innerLateral = false
		if asofAt.Kind != 0 {
			if err := p.asofRight(p.i); err != nil {
				return "", err
			}
		}
		rel, err := p.relationOf(true)
		if err != nil {
			return "", err
		}
		if t := p.peek(); isSampleWord(t) {
			// After a FROM item sample.go does not sample (VALUES, a table
			// function's alias, PIVOT's result).
			return "", p.unsupported(t, strings.ToUpper(t.Text)+" of this kind of FROM item")
		}
		items++
		if asofAt.Kind != 0 {
			cond, err := p.asofCondition(items - 1)
			if err != nil {
				return "", err
			}
			b.WriteString(" ASOF LEFT JOIN " + rel + " ON " + cond)
			asofAt = tok{}
			join = ""
			first = false
		}
		if p.innerLateral && (join == "LEFT JOIN" || join == "LEFT OUTER JOIN") {
			join = "JOIN" // split_table.go
		}
		switch {
		case join == "" && !first: // an ASOF JOIN, written above
		case first:
			b.WriteString(rel)
		case join == ",":
			b.WriteString(", " + rel)
		default:
			b.WriteString(" " + join + " " + rel)
		}
		first = false
		if join != "" && join != "," {
			switch {
			case p.accept("ON"):
				stop := fromStop
				if directed {
					stop = func(t tok, operand bool) bool { return fromStop(t, operand) || operand && p.readOrderAt(t) }
				}
				cond, err := p.seq(stop)
				if err != nil {
					return "", err
				}
				b.WriteString(" ON " + cond)
			case p.isWord("USING"):
				usingAt := p.next()
				from := p.i
				cols, err := p.identList()
				if err != nil {
					return "", err
				}
				if strings.HasPrefix(join, "FULL") || strings.HasPrefix(join, "RIGHT") {
					if err := p.usingFoldCut(usingAt, p.toks[from:p.i]); err != nil { // types_fold.go
						return "", err
					}
				}
				b.WriteString(" USING (" + strings.Join(cols, ", ") + ")")
				if directed && p.readOrderAt(p.peek()) {
					p.i += 4
				}
			case strings.HasPrefix(join, "CROSS") || strings.HasPrefix(join, "NATURAL"):
			default:
				// Snowflake allows JOIN TABLE(udtf(...)) without a condition.
				b.WriteString(" ON TRUE")
			}
		}
		if directed && p.readOrderAt(p.peek()) {
			p.i += 4 // FIRST(alias) / LAST(alias) after the ON condition
		}
		directed = false
		switch {
		case p.acceptOp(","):
			join = ","
		case isJoin(p.peek()) || p.isWord("DIRECTED") && p.peekN(1).IsWord("JOIN"):
			var words []string
			for isJoin(p.peek()) || p.isWord("OUTER") || p.isWord("DIRECTED") {
				t := p.next()
				w := strings.ToUpper(t.Text)
				if w == "ASOF" {
					if len(words) > 0 || !p.peek().IsWord("JOIN") {
						return "", p.unexpected(t)
					}
					p.next()
					asofAt = t
					words = append(words, "JOIN")
					break
				}
				if w == "DIRECTED" {
					// A directed join only fixes the order in which
					// Snowflake scans the two sides: the same rows.
					directed = true
					continue
				}
				words = append(words, w)
				if w == "JOIN" {
					break
				}
			}
			if words[len(words)-1] != "JOIN" {
				return "", p.unexpected(p.peek())
			}
			join = strings.Join(words, " ")
		default:
			return b.String(), nil
		}
	}
}

// readOrderAt reports a directed join's read-order clause, FIRST(alias) or
// LAST(alias), starting at t, the next token.
func (p *parser) readOrderAt(t tok) bool {
	if !(t.IsWord("FIRST") || t.IsWord("LAST")) || t != p.peek() {
		return false
	}
	a := p.peekN(2)
	return p.peekN(1).IsOp("(") && (a.Kind == sqllex.Word || a.Kind == sqllex.QuotedIdent) && p.peekN(3).IsOp(")")
}

// relation rewrites one FROM item with its alias. (A FLATTEN(... OUTER =>
// TRUE) yields its own row for a zero-row expansion, so every item joins as
// written: flatten.) A SAMPLE clause is refused: the item is written to
// (UPDATE, DELETE, MERGE) or is MERGE's source.
func (p *parser) relation() (string, error) { return p.relationOf(false) }

// relationOf rewrites one FROM item, sampled by its SAMPLE clause when
// sampling is set (sample.go).
func (p *parser) relationOf(sampling bool) (string, error) {
	t := p.peek()
	var rel string
	var pivotTable []tok // a base table's name, whose column types a PIVOT's aggregate reads
	target := sampleNothing
	unnamed := "" // the alias a derived table gets if written without one (using_text_date.go)
	var err error
	switch {
	case t.IsOp("(") && p.peekN(1).IsWord("VALUES"):
		p.i += 2
		rows, n, err := p.valuesRows()
		if err != nil {
			return "", err
		}
		if !p.peek().IsOp(")") {
			// (VALUES ... AS t(c1, c2)) [alias]: the alias inside the
			// parentheses (docs: array_min's example).
			inner, err := p.valuesRelation(rows, n)
			if err != nil {
				return "", err
			}
			if err := p.expectOp(")"); err != nil {
				return "", err
			}
			alias, err := p.alias()
			if err != nil {
				return "", err
			}
			return "(SELECT * FROM " + inner + ")" + alias, nil
		}
		if err := p.expectOp(")"); err != nil {
			return "", err
		}
		return p.valuesRelation(rows, n)
	case t.IsOp("("):
		open := p.i
		p.next()
		var inner string
		if n := p.peek(); n.IsWord("SELECT") || n.IsWord("WITH") || n.IsOp("(") {
			unnamed = p.usingAliases[open]
			inner, err = p.seq(nil)
			target = sampleQuery
		} else {
			inner, err = p.fromList()
		}
		if err != nil {
			return "", err
		}
		if err := p.expectOp(")"); err != nil {
			return "", err
		}
		rel = "(" + inner + ")"
	case t.IsOp("@"):
		return p.stageRelation()
	case t.IsWord("IDENTIFIER") && p.peekN(1).IsOp("(") && p.peekN(2).Kind == sqllex.String && p.peekN(3).IsOp(")"):
		// IDENTIFIER('name'): the string is an object name (identifier.go).
		p.i += 4
		if rel, err = identifierName(p.toks[p.i-2]); err != nil {
			return "", err
		}
	case t.IsWord("TABLE") && p.peekN(1).IsOp("("):
		p.i += 2
		return p.tableFunction(true)
	case t.IsWord("LATERAL"):
		p.next()
		switch n := p.peek(); {
		case n.IsOp("("):
			p.next()
			inner, err := p.seq(nil)
			if err != nil {
				return "", err
			}
			if err := p.expectOp(")"); err != nil {
				return "", err
			}
			rel = "LATERAL (" + inner + ")"
		case n.IsWord("TABLE") && p.peekN(1).IsOp("("):
			p.i += 2
			return p.tableFunction(true)
		case n.Kind == sqllex.Word && p.peekN(1).IsOp("("):
			return p.tableFunction(false)
		default:
			return "", p.unexpected(n)
		}
	case t.IsWord("VALUES"):
		p.next()
		rows, n, err := p.valuesRows()
		if err != nil {
			return "", err
		}
		return p.valuesRelation(rows, n)
	case t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent:
		// A table name, or a table function written without TABLE().
		k := 0
		for {
			if p.peekN(k + 1).IsOp(".") {
				k += 2
				continue
			}
			break
		}
		if p.peekN(k + 1).IsOp("(") {
			return p.tableFunction(false)
		}
		if t.Kind == sqllex.Word && keywords[strings.ToUpper(t.Text)] && !unreservedTableWord[strings.ToUpper(t.Text)] {
			return "", p.unexpected(t)
		}
		var parts []tok
		for {
			parts = append(parts, p.next())
			if !p.acceptOp(".") {
				break
			}
			if n := p.peek(); n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
				return "", p.unexpected(n)
			}
		}
		if len(parts) == 1 && parts[0].Kind == sqllex.QuotedIdent && fileLikeName(unquoteIdent(parts[0].Text)) {
			return "", &Error{Code: CodeNotExist, Line: t.Line, Col: t.Col,
				Message: fmt.Sprintf("SQL compilation error:\nObject '%s' does not exist or not authorized.", parts[0].Text)}
		}
		if err := p.checkRelation(parts); err != nil { // assign.go
			return "", err
		}
		rel = renderName(parts)
		pivotTable = parts
		target = sampleTable
		if (p.isWord("AT") || p.isWord("BEFORE")) && p.peekN(1).IsOp("(") {
			return "", p.timeTravel(parts) // timetravel.go
		}
		if p.isWord("CHANGES") && p.peekN(1).IsOp("(") {
			return p.changesRelation(parts) // changes.go
		}
	default:
		return "", p.unexpected(t)
	}
	var sample *sampleClause
	if sampling && isSampleWord(p.peek()) { // t SAMPLE (...), unaliased
		if sample, err = p.parseSample(); err != nil {
			return "", err
		}
	}
	if sample == nil && p.isResample() { // t RESAMPLE (...), unaliased: resample.go
		rs, err := p.parseResample()
		if err != nil {
			return "", err
		}
		return p.resampleRelation(rs, pivotTable, rel, "")
	}
	if err := p.relationModifiers(); err != nil {
		return "", err
	}
	alias, err := p.alias()
	if err != nil {
		return "", err
	}
	if alias == "" && unnamed != "" {
		alias = " AS " + unnamed
	}
	if sample == nil && p.isResample() { // t [AS] a RESAMPLE (...)
		rs, err := p.parseResample()
		if err != nil {
			return "", err
		}
		return p.resampleRelation(rs, pivotTable, rel, alias)
	}
	if sampling && sample == nil && isSampleWord(p.peek()) { // t [AS] a SAMPLE (...)
		if sample, err = p.parseSample(); err != nil {
			return "", err
		}
	}
	if sample != nil {
		if err := p.relationModifiers(); err != nil {
			return "", err
		}
		if n := p.peek(); n.IsWord("PIVOT") || n.IsWord("UNPIVOT") {
			return "", p.unsupported(n, strings.ToUpper(n.Text)+" of a sample")
		}
		return p.sampleRelation(sample, target, pivotTable, rel, alias)
	}
	if p.isWord("PIVOT") { // pivot.go
		start := p.i
		rel, err := p.pivot(rel+alias, pivotTable)
		if err != nil || !p.isWord("PIVOT") {
			return rel, err
		}
		// Snowflake pivots a pivot's result again (docs: PIVOT, "Run a
		// multidimensional pivot query", which reads the columns as $1 ...
		// $8), whose columns may repeat names, which DuckDB renames
		// ('2023_Q1'_1): answered where the statement neither selects a
		// star nor names a pivot's column.
		at := p.peek()
		cols := append([]string(nil), p.pivotCols...)
		p.pivotChained = true // its names may repeat: read by position only (below)
		for err == nil && p.isWord("PIVOT") {
			rel, err = p.pivot(rel, nil)
			cols = append(cols, p.pivotCols...)
		}
		p.pivotChained = false
		if err == nil && p.readsPivotColumns(start, p.i, cols) {
			return "", p.unsupported(at, "PIVOT of a PIVOT's result read by * or by a column's name")
		}
		return rel, err
	}
	if p.isWord("UNPIVOT") { // pivot.go
		rel, err := p.unpivot(rel + alias)
		return rel, err
	}
	if err := p.relationModifiers(); err != nil {
		return "", err
	}
	return rel + alias, nil
}

// valuesRows parses VALUES rows (after the VALUES keyword) and returns
// them rendered, with the number of columns of the first row.
func (p *parser) valuesRows() (string, int, error) {
	var rows [][]string
	var ranges [][][2]int // each row's items' token ranges
	for {
		if err := p.expectOp("("); err != nil {
			return "", 0, err
		}
		start := p.i
		items, err := p.list()
		if err != nil {
			return "", 0, err
		}
		rows = append(rows, items)
		ranges = append(ranges, p.topLevelRanges(start, p.i))
		if err := p.expectOp(")"); err != nil {
			return "", 0, err
		}
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.valuesLiteralColumns(rows, ranges); err != nil {
		return "", 0, err
	}
	out := make([]string, len(rows))
	for k, items := range rows {
		out[k] = "(" + strings.Join(items, ", ") + ")"
	}
	return strings.Join(out, ", "), len(rows[0]), nil
}

// valuesLiteralColumns types each VALUES column whose items are all numeric
// literals (or NULL), one at least with a fraction, as Snowflake folds it:
// "A VALUES relation's column is declared like a set operation's — the fold
// of its rows' expression types" (mlorek/frostlake engine/src/test/java/
// dev/frostlake/functions/ValuesAndFlattenTypingTest.java, an independent
// reference, live-verified: VALUES (1.5), (2) is a NUMBER(2,1), (1.5),
// (200.25) a NUMBER(5,2), (1), (100000) a NUMBER(6,0)), the most integer
// digits and the largest scale. DuckDB's fold counts an integer literal as
// ten digits (VALUES (1), (1.5) was a NUMBER(11,1)) and, past 38 digits,
// drops scale where Snowflake keeps it: the docs' VALUES page shows
// (3.469446951953614e-18), (115898.73), a NUMBER(38,33), failing with 100039
// "Numeric value '115898.73' is out of range" where DuckDB answered
// 115898.73 and a truncated 0.00000000000000000346944695195361. So each
// literal is written as the fold's DECIMAL(p, s); one that does not fit a
// fold of more than 38 digits as the text Snowflake names, whose cast fails
// with that error (result.go), where it is the only one (which of several
// Snowflake names is not documented: refused). A column of integers keeps
// DuckDB's integers, which an outer LEFT, SUBSTR or REPEAT takes as a
// length (DuckDB's take no DECIMAL: README, Known gaps). Rows (items, and
// their token ranges) are rewritten in place.
func (p *parser) valuesLiteralColumns(rows [][]string, ranges [][][2]int) error {
	for col := range rows[0] {
		lits := make([]numLit, len(rows))
		is := make([]bool, len(rows))
		whole, scale, any := 0, 0, false
		for k := range rows {
			if col >= len(ranges[k]) || len(ranges[k]) != len(rows[k]) {
				any = false
				break
			}
			r := ranges[k][col]
			if r[1]-r[0] == 1 && p.toks[r[0]].IsWord("NULL") {
				continue
			}
			n, ok := p.literalType(r[0], r[1])
			if !ok {
				any = false
				break
			}
			lits[k], is[k], any = n, true, true
			whole, scale = max(whole, n.intDigits), max(scale, n.scale)
		}
		if !any || scale == 0 {
			continue
		}
		prec := min(whole+scale, 38)
		var misfit []int
		for k := range rows {
			if is[k] && lits[k].intDigits > prec-scale {
				misfit = append(misfit, k)
			}
		}
		if len(misfit) > 1 {
			r := ranges[misfit[1]][col]
			return p.unsupported(p.toks[r[0]], "a VALUES column of numeric literals more than one of which does not fit the NUMBER(38, "+
				strconv.Itoa(scale)+") of its fold (which one Snowflake reports is not documented)")
		}
		for k := range rows {
			if !is[k] {
				continue
			}
			r := ranges[k][col]
			sign := ""
			if r[1]-r[0] == 2 && p.toks[r[0]].IsOp("-") {
				sign = "-"
			}
			v := sign + lits[k].plain
			if len(misfit) == 1 && misfit[0] == k {
				if t := p.toks[r[1]-1]; r[1]-r[0] != 1 || t.Text != lits[k].plain {
					return p.unsupported(t, "a VALUES column of numeric literals one of which, "+p.text(r[0], r[1]-1)+
						", does not fit the NUMBER(38, "+strconv.Itoa(scale)+") of its fold (how Snowflake spells it in the error is not documented)")
				}
				v = sqlString(v) // cast from a text: DuckDB's error names it (result.go)
			}
			rows[k][col] = "CAST(" + v + " AS " + decimalType(prec, scale) + ")"
		}
	}
	return nil
}

// valuesRelation names VALUES columns COLUMN1, COLUMN2... as Snowflake does,
// unless the alias names them.
func (p *parser) valuesRelation(rows string, n int) (string, error) {
	alias, err := p.alias()
	if err != nil {
		return "", err
	}
	if alias == "" {
		alias = " AS _sf_values"
	}
	if !strings.HasSuffix(alias, ")") {
		alias += "(" + valuesColumns(n) + ")"
	}
	return "(VALUES " + rows + ")" + alias, nil
}

func valuesColumns(n int) string {
	var cols []string
	for i := 1; i <= n; i++ {
		cols = append(cols, fmt.Sprintf("COLUMN%d", i))
	}
	return strings.Join(cols, ", ")
}

// relationModifiers refuses Snowflake relation modifiers DuckDB cannot express.
func (p *parser) relationModifiers() error {
	t := p.peek()
	u := strings.ToUpper(t.Text)
	if t.Kind != sqllex.Word {
		return nil
	}
	switch u {
	case "PIVOT", "UNPIVOT":
		if n := p.peekN(1); n.IsOp("(") || n.IsWord("INCLUDE") || n.IsWord("EXCLUDE") {
			return nil // relation() rewrites it (pivot.go)
		}
		return p.unsupported(t, u)
	case "SAMPLE", "TABLESAMPLE", "MATCH_RECOGNIZE":
		return p.unsupported(t, u)
	case "AT", "BEFORE", "CHANGES":
		if p.peekN(1).IsOp("(") {
			return p.unsupported(t, u+" (time travel / change queries)")
		}
	case "RESAMPLE":
		// FROM t [[AS] a] RESAMPLE(USING col INCREMENT BY ...) generates
		// rows for a time series' gaps (docs: RESAMPLE,
		// https://docs.snowflake.com/en/sql-reference/constructs/resample).
		// Unread, RESAMPLE would be taken for t's alias and the clause
		// for its column list: a syntax error, not Snowflake's answer.
		if p.peekN(1).IsOp("(") && p.peekN(2).IsWord("USING") {
			return p.unsupported(t, "RESAMPLE (time-series gap filling)")
		}
	}
	return nil
}

// alias parses an optional relation alias with optional column aliases.
func (p *parser) alias() (string, error) {
	explicit := p.accept("AS")
	t := p.peek()
	isAlias := t.Kind == sqllex.QuotedIdent || (t.Kind == sqllex.Word && !keywords[strings.ToUpper(t.Text)] &&
		!isAliasStopper(strings.ToUpper(t.Text)) && !(t.IsWord("DIRECTED") && p.peekN(1).IsWord("JOIN"))) ||
		// "you must use AS before the alias or double-quote the alias" (asof.go)
		explicit && (t.IsWord("ASOF") || t.IsWord("MATCH_CONDITION"))
	if !isAlias {
		if explicit {
			return "", p.unexpected(t)
		}
		return "", nil
	}
	p.next()
	s := " AS " + identSQL(t)
	if p.isOp("(") {
		cols, err := p.identList()
		if err != nil {
			return "", err
		}
		s += "(" + strings.Join(cols, ", ") + ")"
	}
	return s, nil
}

func isAliasStopper(u string) bool {
	switch u {
	case "SAMPLE", "TABLESAMPLE", "PIVOT", "UNPIVOT", "MATCH_RECOGNIZE", "AT", "BEFORE", "CHANGES", "CLUSTER":
		return true
	}
	return false
}

// unimplementedTableFunctions are Snowflake's system table functions
// (docs: functions-table, "List of system-defined table functions") that
// are called by their bare name and that the engine does not implement:
// refused with 002040 rather than looked up as a user-defined function.
var unimplementedTableFunctions = toSet(`TO_QUERY INFER_SCHEMA VALIDATE GET_OBJECT_REFERENCES
CUMULATIVE_PRIVACY_LOSSES GET_QUERY_OPERATOR_STATS BIND_VALUES`)

// tableFunction rewrites name(args) used as a relation (after TABLE( when
// wrapped is set): FLATTEN is built in, anything else goes to the engine.
func (p *parser) tableFunction(wrapped bool) (string, error) {
	start := p.peek()
	var parts []tok
	for {
		n := p.next()
		if n.Kind != sqllex.Word && n.Kind != sqllex.QuotedIdent {
			return "", p.unexpected(n)
		}
		parts = append(parts, n)
		if !p.acceptOp(".") {
			break
		}
	}
	if err := p.expectOp("("); err != nil {
		return "", err
	}
	name := nameString(parts)
	c := &call{name: name, t: start}
	if err := p.callArgs(c); err != nil {
		return "", err
	}
	for _, a := range c.args {
		if a.e != nil && a.e.st.container() {
			// FLATTEN of a structured value types its KEY and VALUE
			// columns by the structured type (docs:
			// data-types-structured, "Using the FLATTEN function with
			// values of structured types"), which the columns here do not.
			return "", p.unsupported(start, "table function "+name+" of a structured "+a.e.st.kind+" value")
		}
	}
	if err := p.expectOp(")"); err != nil {
		return "", err
	}
	if wrapped {
		if err := p.expectOp(")"); err != nil {
			return "", err
		}
	}
	if err := p.relationModifiers(); err != nil {
		return "", err
	}
	alias, err := p.alias()
	if err != nil {
		return "", err
	}
	if name == "FLATTEN" {
		return p.flatten(c, alias)
	}
	if name == "SPLIT_TO_TABLE" || name == "STRTOK_SPLIT_TO_TABLE" {
		return p.splitToTable(c, alias) // split_table.go
	}
	if name == "GENERATOR" {
		if !wrapped {
			return "", p.unsupported(start, "GENERATOR outside TABLE(...)")
		}
		return p.generator(c, alias) // generator.go
	}
	switch name {
	case "GENERATOR", "RESULT_SCAN", "SPLIT_TO_TABLE", "STRTOK_SPLIT_TO_TABLE", "IDENTIFIER":
		if p.opts.TableFunction == nil {
			return "", p.unsupported(start, "table function "+name)
		}
	}
	if unimplementedTableFunctions[name] {
		return "", p.unsupported(start, "table function "+name)
	}
	if p.opts.TableFunction == nil {
		return "", p.unsupported(start, "table function "+name)
	}
	var args []string
	for _, a := range c.args {
		if a.name != "" {
			args = append(args, a.name+" := "+a.sql)
		} else {
			args = append(args, a.sql)
		}
	}
	rel, err := p.opts.TableFunction(name, args, strings.TrimPrefix(alias, " AS "))
	if err != nil {
		return "", err
	}
	return rel + alias, nil
}

// flatten builds Snowflake's FLATTEN as a lateral DuckDB subquery over
// json_each/json_tree with FLATTEN's columns SEQ, KEY, PATH, INDEX, VALUE, THIS.
func (p *parser) flatten(c *call, alias string) (string, error) {
	var input, path, mode string
	outer, recursive := false, false
	for i, a := range c.args {
		name := a.name
		if name == "" {
			name = []string{"INPUT", "PATH", "OUTER", "RECURSIVE", "MODE"}[min(i, 4)]
		}
		switch name {
		case "INPUT":
			input = a.sql
		case "PATH":
			if len(a.toks) != 1 || a.toks[0].Kind != sqllex.String {
				return "", p.unsupported(c.t, "FLATTEN with a non-literal PATH")
			}
			path = snowflakeString(a.toks[0].Text)
		case "OUTER", "RECURSIVE":
			v := len(a.toks) == 1 && a.toks[0].IsWord("TRUE")
			if !v && !(len(a.toks) == 1 && a.toks[0].IsWord("FALSE")) {
				return "", p.unsupported(c.t, "FLATTEN with a non-literal "+name)
			}
			if name == "OUTER" {
				outer = v
			} else {
				recursive = v
			}
		case "MODE":
			if len(a.toks) != 1 || a.toks[0].Kind != sqllex.String {
				return "", p.unsupported(c.t, "FLATTEN with a non-literal MODE")
			}
			mode = strings.ToUpper(snowflakeString(a.toks[0].Text))
		default:
			return "", p.unsupported(c.t, "FLATTEN argument "+name)
		}
	}
	if input == "" {
		return "", &Error{Code: CodeSyntax, Line: c.t.Line, Col: c.t.Col,
			Message: "SQL compilation error:\nFLATTEN requires an INPUT argument."}
	}
	// An input written with undefined elements (undefined.go): FLATTEN
	// skips them and keeps the other elements' INDEX (docs: flatten,
	// PARSE_JSON('[1, ,77]') gives the rows of INDEX 0 and 2). The elements
	// are read from the array with the undefined ones as JSON nulls, the
	// skipped indexes from skip; THIS, which would print the undefined
	// elements, is refused when read. With other arguments the input
	// keeps its rendering, which refuses an undefined element.
	skip, thisUndef := "", ""
	if alt, ok := p.undefinedOf(input); ok && alt.result && path == "" && !recursive && !outer && mode != "OBJECT" {
		input = fmt.Sprintf("CAST(_SF_GO_UNDEF_MAP(%s, 'null') AS JSON)", alt.sql)
		skip = fmt.Sprintf(", _SF_GO_UNDEF_POSITIONS(%s) AS u", alt.sql)
		thisUndef = refusedUndefined(alt.sql, "FLATTEN''s THIS")
	}
	this := input
	if path != "" {
		jp, err := snowflakePath(path)
		if err != nil {
			return "", p.unsupported(c.t, "FLATTEN path "+path)
		}
		this = fmt.Sprintf("_SF_JX(%s, %s)", input, sqlString(jp)) // keeps an XML part's mark
	}
	// The keys of an XML element whose JSON form no source shows, or of
	// any element under it when RECURSIVE, are refused (prelude.go).
	if recursive {
		this = "_SF_XML_READ(" + this + ")"
	} else {
		this = "_SF_XML_NODE(" + this + ")"
	}
	fn, thisCol, where := "json_each", "_sf_src.t", "json_type(_sf_src.t) IN ('ARRAY', 'OBJECT')"
	if recursive {
		fn, thisCol = "json_tree", "json_extract(_sf_src.t, _sf_each.path)"
		where += " AND _sf_each.parent IS NOT NULL"
	}
	switch mode {
	case "", "BOTH":
	case "OBJECT", "ARRAY":
		where += fmt.Sprintf(" AND json_type(%s) = '%s'", thisCol, mode)
	default:
		return "", p.unsupported(c.t, "FLATTEN mode "+mode)
	}
	if thisUndef != "" {
		thisCol = thisUndef
		where += ` AND NOT contains(_sf_src.u, ',' || regexp_extract(_sf_each.fullkey, '\[([0-9]+)\]$', 1) || ',')`
	}
	const arrayElem = `regexp_matches(_sf_each.fullkey, '\[[0-9]+\]$')`
	pathCol := `regexp_replace(_sf_each.fullkey, '^\$\.?', '')`
	if path != "" {
		pathCol = sqlString(path) + ` || regexp_replace(_sf_each.fullkey, '^\$', '')`
	}
	if alias == "" {
		p.nalias++
		alias = " AS FLATTEN"
		if p.nalias > 1 {
			alias = fmt.Sprintf(" AS FLATTEN_%d", p.nalias)
		}
	}
	elems := fmt.Sprintf("SELECT _sf_src.s AS SEQ, "+
		"CASE WHEN %[1]s THEN NULL ELSE _sf_each.\"key\" END AS \"KEY\", "+
		"%[2]s AS \"PATH\", "+
		"CASE WHEN %[1]s THEN CAST(regexp_extract(_sf_each.fullkey, '\\[([0-9]+)\\]$', 1) AS BIGINT) END AS \"INDEX\", "+
		"_SF_FLATTEN_VALUE(_sf_each.\"value\", _sf_src.t, _sf_each.fullkey) AS \"VALUE\", %[3]s AS \"THIS\" "+ // funcs_variant.go
		"FROM (SELECT %[4]s AS t, %[7]s AS s%[8]s) AS _sf_src, %[5]s(_sf_src.t) AS _sf_each WHERE %[6]s ORDER BY _sf_each.id",
		arrayElem, pathCol, thisCol, this, fn, where, p.flattenSeqColumn(c), skip) // flatten_seq.go
	if !outer {
		return "LATERAL (" + elems + ")" + alias, nil
	}
	// OUTER => TRUE: "exactly one row is generated for zero-row expansions
	// (with NULL in the KEY, INDEX, and VALUE columns)" (docs: flatten).
	// The FLATTEN itself yields that row, so a plain lateral join keeps
	// it: an empty ARRAY or OBJECT flattened without PATH, RECURSIVE or
	// MODE has the documented SEQ, PATH '' and THIS (`[]`); the PATH and
	// THIS of any other zero-row expansion (a NULL, missing or scalar
	// input, a PATH argument...) are not documented and are refused when
	// read (DuckDB drops a column no one reads).
	const refuseOuter = "error('Unsupported feature: the PATH and THIS of FLATTEN(OUTER => TRUE)''s row for an input other than an empty ARRAY or OBJECT, in the local engine.')"
	outerPath, outerThis := "''", "_sf_src.t"
	if path != "" || recursive || (mode != "" && mode != "BOTH") {
		outerPath, outerThis = refuseOuter, "CAST("+refuseOuter+" AS JSON)"
	}
	rel := fmt.Sprintf("LATERAL (SELECT * FROM (%[1]s) UNION ALL "+
		"SELECT _sf_src.s, NULL, CASE WHEN json_type(_sf_src.t) IN ('ARRAY', 'OBJECT') THEN %[2]s ELSE %[5]s END, NULL, NULL, "+
		"CASE WHEN json_type(_sf_src.t) IN ('ARRAY', 'OBJECT') THEN %[3]s ELSE CAST(%[5]s AS JSON) END "+
		"FROM (SELECT %[4]s AS t, %[6]s AS s) AS _sf_src WHERE NOT EXISTS (SELECT 1 FROM %[7]s(_sf_src.t) AS _sf_each WHERE %[8]s))%[9]s",
		elems, outerPath, outerThis, this, refuseOuter, p.flattenSeqColumn(c), fn, where, alias)
	return rel, nil
}

// snowflakePath converts a Snowflake path string (a.b[0]."c d"['e']) to a JSONPath.
func snowflakePath(s string) (string, error) {
	jp := "$"
	key := func(k string) error {
		if k == "" || strings.ContainsAny(k, `"\`) {
			return fmt.Errorf("bad key %q in path %q", k, s)
		}
		jp += `."` + k + `"`
		return nil
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return "", fmt.Errorf("unclosed [ in path %q", s)
			}
			in := strings.TrimSpace(s[i+1 : i+j])
			switch {
			case isInteger(in):
				jp += "[" + in + "]"
			case len(in) >= 2 && (in[0] == '\'' || in[0] == '"') && in[len(in)-1] == in[0]:
				if err := key(in[1 : len(in)-1]); err != nil {
					return "", err
				}
			default:
				return "", fmt.Errorf("bad index %q in path %q", in, s)
			}
			i += j + 1
		case c == '.' || c == ':' || i == 0:
			// ':' separates path steps as '.' does (GET_PATH(v, 'a:b')).
			if c == '.' || c == ':' {
				i++
			}
			if i < len(s) && s[i] == '"' {
				j := strings.IndexByte(s[i+1:], '"')
				if j < 0 {
					return "", fmt.Errorf("unclosed quote in path %q", s)
				}
				if err := key(s[i+1 : i+1+j]); err != nil {
					return "", err
				}
				i += j + 2
				continue
			}
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' && s[j] != ':' {
				j++
			}
			if err := key(s[i:j]); err != nil {
				return "", err
			}
			i = j
		default:
			return "", fmt.Errorf("unexpected %q in path %q", c, s)
		}
	}
	return jp, nil
}

// stageRelation rewrites @stage[/path] [(FILE_FORMAT => ..., PATTERN => ...)] [alias].
func (p *parser) stageRelation() (string, error) {
	at := p.next()
	start := p.i
	for !p.eof() {
		t := p.peek()
		if p.i > start && t.sp {
			break
		}
		if t.IsOp("(") || t.IsOp(",") || t.IsOp(")") {
			break
		}
		p.next()
	}
	if p.i == start {
		return "", p.unexpected(p.peek())
	}
	raw := p.text(start, p.i-1)
	name, path := raw, ""
	if k := strings.IndexByte(raw, '/'); k >= 0 {
		name, path = raw[:k], raw[k:]
	}
	stage := stageName(name) + path
	params := map[string]string{}
	if p.acceptOp("(") {
		for !p.isOp(")") {
			k := p.next()
			if k.Kind != sqllex.Word {
				return "", p.unexpected(k)
			}
			if err := p.expectOp("=>"); err != nil {
				return "", err
			}
			v := p.next()
			var val string
			switch v.Kind {
			case sqllex.String:
				val = snowflakeString(v.Text)
			case sqllex.Word, sqllex.QuotedIdent:
				parts := []tok{v}
				for p.acceptOp(".") {
					parts = append(parts, p.next())
				}
				val = nameString(parts)
			default:
				return "", p.unexpected(v)
			}
			params[strings.ToUpper(k.Text)] = val
			if !p.acceptOp(",") {
				break
			}
		}
		if err := p.expectOp(")"); err != nil {
			return "", err
		}
	}
	alias, err := p.alias()
	if err != nil {
		return "", err
	}
	if p.opts.StageRef == nil {
		return "", p.unsupported(at, "stage reference @"+raw)
	}
	rel, err := p.opts.StageRef(stage, params)
	if err != nil {
		return "", err
	}
	return rel + alias, nil
}

// stageName upper-cases the unquoted parts of a stage name.
func stageName(s string) string {
	toks, err := sqllex.Tokenize(s)
	if err != nil {
		return s
	}
	var b strings.Builder
	for _, t := range toks {
		switch t.Kind {
		case sqllex.QuotedIdent:
			b.WriteString(unquoteIdent(t.Text))
		default:
			b.WriteString(strings.ToUpper(t.Text))
		}
	}
	return b.String()
}

// starRepeatsName reports whether the statement's own select item `*` or
// `q.*` (qual: its qualifier) reads a derived table or CTE two of whose
// columns have one name: DuckDB names the second A_1 (SELECT * FROM
// (SELECT 1 AS a, 2 AS a) answered columns A and A_1), a name no
// Snowflake source gives the repeat (found by the docs hunt: fid-hunt6a).
func (p *parser) starRepeatsName(qual []tok) bool {
	sc := p.scope
	if sc == nil || sc.unknown || !p.outerItems || p.stmtInserts() {
		return false
	}
	for _, rel := range sc.rels {
		if len(qual) == 1 && rel.name != identKey(qual[0]) {
			continue
		}
		if _, _, _, ok := p.relQuery(rel); !ok {
			continue // a base table, VALUES, a table function: no repeats
		}
		names, ok := p.relColumnNames(rel)
		if !ok {
			continue
		}
		seen := map[string]bool{}
		for _, n := range names {
			if seen[n] {
				return true
			}
			seen[n] = true
		}
	}
	return false
}
