package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// VARIANT values in set operations. DuckDB holds a VARIANT as JSON text, so
// UNION, INTERSECT and EXCEPT compared its text: 1 and 1.0, or one OBJECT's
// keys written in two orders, were two values. Snowflake's "equality answers
// =, IN, DISTINCT, GROUP BY and the set operations", and its order answers
// ORDER BY: numbers "by VALUE whatever their notation" (mlorek/frostlake
// docs/functions.md, "How VARIANT values order and compare", an independent
// reference, live-verified; docs: ORDER BY, "For numeric values, leading
// zeros before the decimal point and trailing zeros (0) after the decimal
// point have no effect on sort order",
// https://docs.snowflake.com/en/sql-reference/constructs/order-by).
//
// Per set operation (its chain of branches) whose columns the rewriter
// lists, a column is a VARIANT where any branch's item is one:
//   - INTERSECT or EXCEPT/MINUS with a VARIANT column: refused while the
//     statement is rewritten. Which rows they keep depends on the values of
//     both inputs (1 on one side, 1.0 on the other: DuckDB keeps no row of
//     INTERSECT, Snowflake one, showing which text no source says), which
//     a check over the result does not see.
//   - UNION (without ALL) with a VARIANT column: the operation is wrapped,
//     SELECT * FROM (…) AS _sf_set QUALIFY <check>, the check refusing
//     (002040) at run time where two rows are equal (their VARIANT columns
//     by _SF_VEQK, the others as DuckDB compares them) but their VARIANTs
//     are written differently (which of them Snowflake's one row shows no
//     source says; GROUP BY and DISTINCT are refused the same way,
//     variant_veq.go). UNION keeps every text it meets, so the
//     check over its result sees every value of the inputs. Without such
//     values the rows are Snowflake's.
//   - an ORDER BY (LIMIT, OFFSET, FETCH) after the operation is written
//     after the wrapper (the check sees every row before LIMIT), a VARIANT
//     column of it ordered by its _SF_VSORT key (DuckDB orders no
//     expression of a set operation's column). UNION ALL with such an ORDER
//     BY is wrapped for it too.
//   - a VARIANT column beside an item of another type or of one the
//     rewriter cannot see, where the wrapper is written: refused (which
//     type Snowflake makes of the column is not documented).
//   - an item of a type the rewriter cannot see, in a UNION, INTERSECT or
//     EXCEPT (or under an ORDER BY): written _SF_SETV(item), which DuckDB
//     folds to the item when it binds the macro unless the item is a JSON
//     (a VARIANT), refused then. No cost per row.
// The wrapper is refused inside a recursive CTE's statement (DuckDB's
// recursion needs the bare UNION) and where two of the first branch's
// columns share a name (DuckDB's SELECT * would rename one).

// setVariantRefusal is the refusal, as DuckDB binds the statement, of a
// VARIANT the rewriter did not see in a set operation (a struct key:
// setRefusalBind).
const setVariantRefusal = `unsupported: a set operation (union, intersect, except, or one under an order by) of a variant the local engine sees only as it runs the statement (equal variant values written differently, such as 1 and 1.0, are one value in snowflake)`

func init() {
	prelude = append(prelude,
		// _SF_SETV(x): an item of a set operation whose type the rewriter
		// does not see. Folds to x unless x is a VARIANT (DuckDB's JSON),
		// refused as DuckDB binds it.
		`CREATE OR REPLACE TEMP MACRO _SF_SETV(x) AS CASE WHEN typeof(x) = 'JSON'
		THEN struct_extract({'x': [x][1]}, CASE WHEN typeof(x) = 'JSON' THEN '`+setVariantRefusal+`' ELSE 'x' END)
		ELSE x END`)
}

// setVariantWrap is a set operation written inside SELECT * FROM (…): the
// token index of its first branch (where the wrapper opens) and of its
// tail (ORDER BY, LIMIT…, or the end of the operation: where it closes).
type setVariantWrap struct {
	first, close, end int
	check             string   // the QUALIFY condition, "" for none
	variant           []bool   // the columns that are VARIANTs
	names             []string // the first branch's column names (identKey), "" unknown
	opened, closed    bool
}

// setVariantChain decides how the set operation between start and end,
// split at splits into branches (nil: a branch whose items are not
// listed), treats its VARIANT columns.
func (p *parser) setVariantChain(start, end int, splits []int, branches [][]setItem, width int) error {
	distinct, interExcept := false, false
	var opTok tok
	for _, s := range splits {
		t := p.toks[s]
		switch {
		case t.IsWord("UNION"):
			if s+1 < len(p.toks) && p.toks[s+1].IsWord("ALL") {
				continue
			}
			distinct = true
		default:
			distinct, interExcept = true, true
		}
		if opTok.Text == "" || interExcept && !opTok.IsWord("INTERSECT") && !opTok.IsWord("EXCEPT") && !opTok.IsWord("MINUS") {
			opTok = t
		}
	}
	close := p.setTail(splits[len(splits)-1]+1, end)
	ordered := close < end && p.hasWordIn(close, end, "ORDER")
	variant := make([]bool, width)
	mixed := make([]bool, width)
	anyVariant := false
	for k := 0; k < width; k++ {
		for _, br := range branches {
			if br != nil && br[k].variant {
				variant[k], anyVariant = true, true
			}
		}
		for _, br := range branches {
			if br != nil && !br[k].variant && br[k].fam != setNull {
				mixed[k] = true
			}
		}
	}
	what := strings.ToUpper(opTok.Text)
	if what == "MINUS" {
		what = "EXCEPT"
	}
	if anyVariant && interExcept {
		return p.unsupported(opTok, what+" of VARIANT values (equal values written differently, such as 1 and 1.0, are one value in Snowflake, which the local engine does not compare across the inputs)")
	}
	if distinct || ordered {
		// Items whose type only DuckDB sees: refused if they are VARIANTs.
		for _, br := range branches {
			for k, it := range br {
				if variant[k] || it.fam != "" || it.variant || it.a < 0 || it.noGuard {
					continue
				}
				if w, ok := p.setWrap[it.a]; ok {
					p.setWrap[it.a] = strings.Replace(w, "%s", "_SF_SETV(%s)", 1)
				} else {
					p.setWrap[it.a] = "_SF_SETV(%s)"
				}
			}
		}
	}
	if !anyVariant || !distinct && !ordered {
		return nil
	}
	at := p.toks[splits[0]]
	for k := range variant {
		if variant[k] && mixed[k] {
			return p.unsupported(at, "a set operation of a VARIANT and another type, or one the local engine cannot work out, in one column under UNION or ORDER BY")
		}
	}
	if p.recursiveWith() {
		return p.unsupported(at, "a set operation of VARIANT values under UNION or ORDER BY in a statement with a recursive CTE")
	}
	first := p.setFirstToken(start, splits[0])
	if first < 0 {
		return p.unsupported(at, "a set operation of VARIANT values under UNION or ORDER BY in this form")
	}
	var names []string
	if branches[0] != nil {
		for _, it := range branches[0] {
			n := it.name
			if n == "" && it.a >= 0 {
				n = strings.ToUpper(p.columnName(it.a, it.e-1))
			}
			for _, m := range names {
				if n != "" && strings.EqualFold(m, n) {
					return p.unsupported(at, "a set operation of VARIANT values under UNION or ORDER BY whose first query names two columns alike")
				}
			}
			names = append(names, n)
		}
	} else {
		names = make([]string, width)
	}
	w := &setVariantWrap{first: first, close: close, end: end, variant: variant, names: names}
	if distinct {
		// Two rows equal as Snowflake compares them (each VARIANT column by
		// its _SF_VEQK key, the others as DuckDB does) whose VARIANT texts
		// differ.
		var keys, texts []string
		for k, v := range variant {
			x := fmt.Sprintf("struct_extract_at(_sf_set, %d)", k+1)
			if v {
				keys = append(keys, "_SF_VEQK("+x+")")
				texts = append(texts, "CAST("+x+" AS VARCHAR)")
			} else {
				keys = append(keys, x)
			}
		}
		win := "OVER (PARTITION BY " + strings.Join(keys, ", ") + ")"
		text := "[" + strings.Join(texts, ", ") + "]"
		w.check = "CAST(CASE WHEN min(" + text + ") " + win + " <> max(" + text + ") " + win +
			" THEN _SF_REFUSE('UNION of equal VARIANT values written differently (such as 1 and 1.0)', _sf_set) ELSE 'true' END AS BOOLEAN)"
	}
	if p.setVariantWraps == nil {
		p.setVariantWraps = map[int]*setVariantWrap{}
	}
	p.setVariantWraps[first] = w
	return nil
}

// setTail is the token index of the set operation's tail in its last
// branch between a and end: its first ORDER BY, LIMIT, OFFSET or FETCH at
// the branch's top level, which apply to the whole operation; end without
// one.
func (p *parser) setTail(a, end int) int {
	depth := 0
	for k := a; k < end; k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && (t.IsWord("ORDER") && k+1 < end && p.toks[k+1].IsWord("BY") || t.IsWord("LIMIT") || t.IsWord("OFFSET") || t.IsWord("FETCH")):
			return k
		}
	}
	return end
}

// setFirstToken is the token index where the first branch of the set
// operation between start and split begins: a parenthesized branch's
// opening bracket (as setBranch reads one), else its SELECT at the top
// level (after a WITH's CTEs, INSERT INTO t (…), CREATE … AS); -1 where
// none is found.
func (p *parser) setFirstToken(start, split int) int {
	if p.toks[start].IsOp("(") {
		if m := p.matching(start); m > start && m < split {
			return start
		}
		return -1
	}
	depth := 0
	for j := start; j < split; j++ {
		switch t := p.toks[j]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && t.IsWord("SELECT"):
			return j
		}
	}
	return -1
}

// setVariantOpen writes the wrapper's opening where a wrapped set
// operation's first branch begins at token index i, and returns it (nil
// elsewhere): the seq writing it closes it.
func (p *parser) setVariantOpen(i int) *setVariantWrap {
	w := p.setVariantWraps[i]
	if w == nil || w.opened {
		return nil
	}
	w.opened = true
	return w
}

// closing is the wrapper's closing, once the seq that opened it reaches
// its tail.
func (w *setVariantWrap) closing() string {
	w.closed = true
	s := ") AS _sf_set"
	if w.check != "" {
		s += " QUALIFY " + w.check
	}
	return s
}

// setVariantStop reports whether token index i is the tail of a wrapped
// set operation that is open: the last branch's query block stops there,
// so that the seq that opened the wrapper closes it before the tail.
func (p *parser) setVariantStop(i int) bool {
	for _, w := range p.setVariantWraps {
		if w.opened && !w.closed && w.close == i && w.close < w.end {
			return true
		}
	}
	return false
}

// setVariantOrderItem is the ORDER BY item between token indices a and e
// of a wrapped set operation's tail, rewritten: a column the item names
// (its position, or its name in the first branch) that is a VARIANT is
// ordered by its _SF_VSORT key; ok false outside such a tail, and for an
// expression (v:k, which any ORDER BY keys where it is a VARIANT).
func (p *parser) setVariantOrderItem(a, e int, s string) (string, bool) {
	for _, w := range p.setVariantWraps {
		if !w.closed || a < w.close || a >= w.end {
			continue
		}
		if e != a+1 {
			return s, false // an expression: a VARIANT one is keyed as any ORDER BY's
		}
		k := -1
		switch t := p.toks[a]; {
		case t.Kind == sqllex.Number && isInteger(t.Text) && len(t.Text) <= 4:
			n := 0
			for _, c := range t.Text {
				n = n*10 + int(c-'0')
			}
			k = n - 1
		case t.Kind == sqllex.Word || t.Kind == sqllex.QuotedIdent:
			for j, n := range w.names {
				if n != "" && n == identKey(t) {
					k = j
					break
				}
			}
		}
		if k >= 0 && k < len(w.variant) && w.variant[k] {
			return fmt.Sprintf("_SF_VSORT(struct_extract_at(_sf_set, %d))", k+1), true
		}
		return s, true
	}
	return s, false
}

// setColumnVariant reports whether the column col of the set operation
// between a and b (a CTE's or derived table's query; names its column
// list, nil without one) is a VARIANT: an item of one of its branches is.
func (p *parser) setColumnVariant(a, b int, names []string, col string) bool {
	items := p.setQueryItems(a, b)
	if names != nil && len(names) != len(items) {
		return false
	}
	k := -1
	for j, it := range items {
		n := it.name
		if names != nil {
			n = names[j]
		}
		if n == col {
			if k >= 0 {
				return false // named twice
			}
			k = j
		}
	}
	return k >= 0 && items[k].variant
}

// VARIANTs the rewriter does not see. A column of a relation whose columns
// it does not know (a table function's, FLATTEN's VALUE, a derived table's
// item it cannot type) may be a VARIANT, which DuckDB compares, groups and
// orders by its JSON text. Where such a column meets what compares
// VARIANTs by value, it is written so that DuckDB, binding the statement,
// either refuses it if it is a JSON (_SF_NOTV: a comparison with a
// VARIANT, a DISTINCT item) or orders it by value (_SF_VSORT_ANY: an
// ORDER BY item); any other type folds to the column as before, at no
// cost per row.

// variantUnseenRefusal is the refusal, as DuckDB binds the statement, of a
// column the rewriter did not see as a VARIANT where VARIANTs compare by
// value (a struct key: setRefusalBind).
const variantUnseenRefusal = `unsupported: a comparison, distinct or grouping of a variant the local engine sees only as it runs the statement (equal variant values written differently, such as 1 and 1.0, are one value in snowflake; cast it, for example to variant)`

func init() {
	prelude = append(prelude,
		// _SF_NOTV(x): x, refused as DuckDB binds it if it is a JSON.
		`CREATE OR REPLACE TEMP MACRO _SF_NOTV(x) AS CASE WHEN typeof(x) = 'JSON'
		THEN struct_extract({'x': [x][1]}, CASE WHEN typeof(x) = 'JSON' THEN '`+variantUnseenRefusal+`' ELSE 'x' END)
		ELSE x END`,
		// _SF_NOTV_OK(x): TRUE, refused as DuckDB binds it if x is a JSON.
		`CREATE OR REPLACE TEMP MACRO _SF_NOTV_OK(x) AS CASE WHEN typeof(x) = 'JSON'
		THEN struct_extract({'x': [x IS NULL OR true][1]}, CASE WHEN typeof(x) = 'JSON' THEN '`+variantUnseenRefusal+`' ELSE 'x' END)
		ELSE true END`)
}

// unknownColumn reports whether the tokens between a and e are a plain
// column reference whose type the rewriter does not see: not a VARIANT it
// sees, of no family it can work out (setExprFamily), and no alias of the
// block.
func (p *parser) unknownColumn(a, e int) bool {
	if e <= a || !p.isPlainColumn(a, e-1) || e-a != 1 && e-a != 3 {
		return false
	}
	if e == a+1 {
		if _, ok := p.aliasItems[identKey(p.toks[a])]; ok {
			return false
		}
	}
	if p.setExprFamily(a, e) != "" || p.plainVariant(a, e) {
		return false
	}
	// A base table's column is typed from the catalog (where it could not
	// be, the rewriter's tests, it is taken as typed).
	sc := p.scope
	if sc == nil || sc.unknown {
		return true
	}
	base := func(r *scopeRel) bool { return r.table != "" && !r.opaque && r.fixed == nil && !r.stage }
	if e == a+1 {
		for _, r := range sc.rels {
			if !base(r) {
				return true
			}
		}
		return false
	}
	for _, r := range sc.rels {
		if r.name == identKey(p.toks[a]) {
			return !base(r)
		}
	}
	return false // an outer query's relation
}

// blockOrderItem reports whether the ORDER BY item starting at token index
// start is one of a query block's ORDER BY, not a window's or a WITHIN
// GROUP's, whose ties a second key would split.
func (p *parser) blockOrderItem(start int) bool {
	depth, by := 0, false
	for k := start - 1; k >= 0; k-- {
		t := p.toks[k]
		switch {
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth++
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			if depth == 0 {
				return false
			}
			depth--
		case depth == 0 && !by && t.IsWord("BY") && k > 0 && p.toks[k-1].IsWord("ORDER"):
			by = true
		case depth == 0 && by && t.IsWord("SELECT"):
			return true
		case depth == 0 && by && t.IsWord("GROUP") && k+2 < len(p.toks) && p.toks[k+1].IsWord("BY") && p.toks[k+2].IsWord("ALL"):
			return false // DuckDB orders a GROUP BY ALL by no expression of its keys
		}
	}
	return false
}

// comparedWhole reports whether the operand just read is the whole right
// side of a comparison: no operator binding tighter follows it.
func (p *parser) comparedWhole() bool {
	n := p.peek()
	if n.Kind != sqllex.Op {
		return true
	}
	switch n.Text {
	case "+", "-", "*", "/", "%", "||", "::", "[", ":", ".":
		return false
	}
	return true
}

// variantInOther is the list of v IN (list) between token indices a and e,
// v a VARIANT, rendered as s, where variantInList does not key it: a
// subquery's values are refused as DuckDB binds the statement if they are
// VARIANTs (_SF_NOTV), which DuckDB would compare as text; a list holding a
// VARIANT beside another value is refused (how Snowflake compares v with
// each is not documented). ok false: s as it is.
func (p *parser) variantInOther(a, e int, s string) (string, bool, error) {
	if e-a < 3 || !p.toks[a].IsOp("(") || !p.toks[e-1].IsOp(")") {
		return "", false, nil
	}
	if p.toks[a+1].IsWord("SELECT") || p.toks[a+1].IsWord("WITH") {
		return "(SELECT _SF_NOTV(_sf_in) FROM " + s + " AS _sf_inq(_sf_in))", true, nil
	}
	for _, r := range p.topLevelRanges(a+1, e-1) {
		if r[1] > r[0] && p.exprVariant(r[0], r[1]) {
			return "", false, p.unsupported(p.toks[a], "IN of a VARIANT with a list holding a VARIANT beside another value")
		}
	}
	return "", false, nil
}

// orderDirection is the ASC/DESC and NULLS FIRST/LAST that follow the
// ORDER BY item just read, written for a key put before it.
func (p *parser) orderDirection() string {
	var b strings.Builder
	for k := p.i; k < len(p.toks); k++ {
		t := p.toks[k]
		if !t.IsWord("ASC") && !t.IsWord("DESC") && !t.IsWord("NULLS") && !(k > p.i && p.toks[k-1].IsWord("NULLS") && (t.IsWord("FIRST") || t.IsWord("LAST"))) {
			break
		}
		b.WriteString(" " + strings.ToUpper(t.Text))
	}
	return b.String()
}

// guardOperand rewrites the operand o written into b as _SF_NOTV(o).
func guardOperand(b *strings.Builder, o variantOperand) {
	full := b.String()
	if o.start+len(o.sql) > len(full) || !strings.HasPrefix(full[o.start:], o.sql) {
		return
	}
	b.Reset()
	b.WriteString(full[:o.start] + "_SF_NOTV(" + o.sql + ")" + full[o.start+len(o.sql):])
}

// unknownBetween follows x [NOT] BETWEEN a AND b where x is a column whose
// type the rewriter does not see: stage 1 once x is written, 2 once a is.
type unknownBetween struct {
	stage int
	x     variantOperand
}

// bound reports whether the operand at token index opStart is a bound of
// the BETWEEN under way (a after BETWEEN, b after AND), advancing it.
func (u *unknownBetween) bound(opStart int, toks []tok) bool {
	prev := toks[opStart-1]
	switch {
	case u.stage == 1 && prev.IsWord("BETWEEN"):
		u.stage = 2
		return true
	case u.stage == 2 && prev.IsWord("AND"):
		u.stage = 0
		return true
	}
	u.stage = 0
	return false
}

// inListVariant reports whether the list of x IN (list) between token
// indices a and e holds a VARIANT.
func (p *parser) inListVariant(a, e int) bool {
	if e-a < 3 || !p.toks[a].IsOp("(") || p.toks[a+1].IsWord("SELECT") || p.toks[a+1].IsWord("WITH") {
		return false
	}
	for _, r := range p.topLevelRanges(a+1, e-1) {
		if r[1] > r[0] && p.exprVariant(r[0], r[1]) {
			return true
		}
	}
	return false
}

// inListUnknown reports whether the list of x IN (list) between token
// indices a and e holds a column whose type the rewriter does not see.
func (p *parser) inListUnknown(a, e int) bool {
	if e-a < 3 || !p.toks[a].IsOp("(") || p.toks[a+1].IsWord("SELECT") || p.toks[a+1].IsWord("WITH") {
		return false
	}
	for _, r := range p.topLevelRanges(a+1, e-1) {
		if p.unknownColumn(r[0], r[1]) {
			return true
		}
	}
	return false
}

// unknownOrderItem reports whether the ORDER BY item between token indices
// a and e is a column whose type the rewriter does not see ("": the item
// as written) or an alias of the block naming one (its item rewritten,
// which DuckDB reuses in no expression).
func (p *parser) unknownOrderItem(a, e int) (string, bool) {
	if r, ok := p.aliasItems[identKey(p.toks[a])]; ok && e == a+1 {
		if r[0] < 0 || !p.unknownColumn(r[0], r[1]) {
			return "", false
		}
		q := *p
		q.i, q.scope, q.setDepth = r[0], p.scanScope(r[0]), p.setDepth+1
		q.blockAliases, q.aliasWidths, q.aliasItems, q.substAt, q.outerItems, q.setOpBlock = nil, nil, nil, nil, false, false
		s, err := q.seq(func(tok, bool) bool { return q.i >= r[1] })
		return s, err == nil && q.i == r[1]
	}
	if e == a+1 && (p.scope == nil || len(p.scope.rels) != 1) {
		// A bare name over several relations: an ORDER BY names the
		// output column, which DuckDB reads in no expression (ambiguous).
		return "", false
	}
	return "", p.unknownColumn(a, e) // the item itself
}
