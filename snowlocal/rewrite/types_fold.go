package rewrite

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The scale of a conditional's fold of fixed-point numbers (CASE,
// COALESCE, NVL, IFNULL, IFF, NVL2, DECODE, GREATEST, LEAST, ZEROIFNULL).
//
// Snowflake presents the chosen result "converted to the fold", an exact
// NUMBER beside a wider one "at the folded scale": COALESCE(i, n) over an
// INT and a NUMBER(10,2) is 1.00 (mlorek/frostlake docs/functions.md, "What
// a conditional's fold presents", an independent reference, live-verified),
// so the fold keeps the widest scale even where the widest integer digits
// plus that scale pass 38 digits (an INT is a NUMBER(38,0)). DuckDB's fold
// keeps the integer digits there and cuts the scale: beside a
// DECIMAL(38,0), 1.5 became 2 and 1.25 became 1, a different answer.
//
// Where the rewriter knows every result's DuckDB type (literals, base-table
// columns, typed expressions), such a fold is written with each number cast
// to DECIMAL(38, S), S the widest scale: Snowflake's value. Where a result's
// type shows only as DuckDB binds the statement, the fold is checked then
// (typeof() folds to a constant per call site, so no row pays for it): one
// that would cut the scale is refused (002040) when a row reads it.

// foldRefusal is the refusal of a fold whose scale DuckDB would cut.
const foldRefusal = `Unsupported feature: a conditional (CASE, COALESCE, IFF, NVL, DECODE, GREATEST, LEAST...) or a remainder (MOD, %) of NUMBERs whose widest integer digits and widest scale add up to more than 38 (Snowflake keeps the scale; cast the results to one NUMBER(p,s)), in the local engine.`

// setCutRefusal is the refusal of a set operation's column whose scale
// DuckDB's fold would cut.
const setCutRefusal = `Unsupported feature: a set operation (UNION, INTERSECT, EXCEPT) of NUMBERs whose widest integer digits and widest scale add up to more than 38, or of NUMBERs with a scale beside NUMBERs whose types the local engine sees only as it runs the statement (Snowflake keeps the scale; cast them to one NUMBER(p,s)), in the local engine.`

func init() {
	prelude = append(prelude,
		// _SF_FOLD_LEAD_T(t): the integer digits DuckDB's fold counts for
		// a value of DuckDB type t: a DECIMAL's, an integer type's as the
		// DECIMAL it widens to; 0 otherwise.
		`CREATE OR REPLACE TEMP MACRO _SF_FOLD_LEAD_T(t) AS CASE WHEN starts_with(t, 'DECIMAL(') THEN _SF_DEC_LEAD_T(t)
		WHEN t IN ('TINYINT', 'UTINYINT') THEN 3 WHEN t IN ('SMALLINT', 'USMALLINT') THEN 5 WHEN t IN ('INTEGER', 'UINTEGER') THEN 10
		WHEN t = 'BIGINT' THEN 19 WHEN t = 'UBIGINT' THEN 20 WHEN t = 'HUGEINT' THEN 38 WHEN t = 'UHUGEINT' THEN 39 ELSE 0 END`,
		// _SF_FOLD_CUT(ts): whether DuckDB's fold of results of the DuckDB
		// types ts (typeof() texts) cuts a scale: all of them fixed-point
		// numbers or NULL, and the widest integer digits plus the widest
		// scale past 38 digits with a scale to cut.
		`CREATE OR REPLACE TEMP MACRO _SF_FOLD_CUT(ts) AS list_bool_and(list_transform(ts, t -> _SF_FIXED_TYPE(t)))
		AND list_max(list_transform(ts, t -> _SF_DEC_SCALE_T(t))) > 0
		AND list_max(list_transform(ts, t -> _SF_FOLD_LEAD_T(t))) + list_max(list_transform(ts, t -> _SF_DEC_SCALE_T(t))) > 38`,
		// _SF_SETCUT_T(t, l, s, strict): whether a set operation's item
		// of DuckDB type t, beside items whose widest integer digits and
		// scale are l and s, has its scale (or theirs) cut by DuckDB's
		// fold; strict: beside other items of types only DuckDB sees, any
		// scale of its own might be cut (setScale).
		`CREATE OR REPLACE TEMP MACRO _SF_SETCUT_T(t, l, s, strict) AS _SF_FIXED_TYPE(t) AND t <> '"NULL"' AND
		((greatest(_SF_FOLD_LEAD_T(t), l) + greatest(_SF_DEC_SCALE_T(t), s) > 38 AND greatest(_SF_DEC_SCALE_T(t), s) > 0)
		OR (strict AND _SF_DEC_SCALE_T(t) > 0))`,
		// _SF_SETFIT(x, l, s, strict): an item of a NUMBER column of a set
		// operation whose type only DuckDB sees, beside items of known types
		// whose DuckDB fold has l integer digits and scale s (numlit.go:
		// setFixedColumn). Folds to x unless _SF_SETCUT_T says the fold
		// would cut a scale: refused as DuckDB plans it (the CASE folds).
		// x is expanded twice only: a product's macro expands its operands
		// again at each use, and four uses took a minute to bind.
		`CREATE OR REPLACE TEMP MACRO _SF_SETFIT(x, l, s, strict) AS CASE WHEN _SF_SETCUT_T(typeof(x), l, s, strict)
		THEN error('`+setCutRefusal+`') ELSE x END`,
		// _SF_FOLD_REFUSED(): the refusal (a NULL of no type, which the
		// CASE around it takes as the fold's).
		`CREATE OR REPLACE TEMP MACRO _SF_FOLD_REFUSED() AS error('`+strings.ReplaceAll(foldRefusal, "'", "''")+`')`,
	)
}

// foldFuncResults are the argument positions of a conditional function's
// results (nil: DECODE's, worked out from its arity).
var foldFuncResults = map[string][]int{"COALESCE": {-1}, "NVL": {-1}, "IFNULL": {-1}, "GREATEST": {-1}, "LEAST": {-1},
	"IFF": {1, 2}, "NVL2": {1, 2}, "ZEROIFNULL": {0}, "DECODE": nil,
	// LAG's and LEAD's default "is one more branch of a conditional"
	// (mlorek/frostlake .../query/LagDefaultConversionTest.java,
	// live-verified): DuckDB cast it to the value's type (LAG(n, 1, 1.5) of
	// a NUMBER answered 2).
	"LAG": {0, 2}, "LEAD": {0, 2}}

// foldCall renders conditional call c with handler h as foldPlan decides:
// its number results cast to the fold's Snowflake type, or the bind-time
// check around it. (ZEROIFNULL's zero is a result its handler writes.)
func (p *parser) foldCall(c *call, h funcHandler) (expr, error) {
	idx := foldResultArgs(c)
	if idx == nil {
		return h(p, c)
	}
	rs := make([]foldResult, 0, len(idx)+1)
	for _, i := range idx {
		a := c.args[i]
		rs = append(rs, foldResult{sql: a.sql, toks: a.toks, e: a.e})
	}
	if c.name == "ZEROIFNULL" {
		rs = append(rs, foldResult{sql: "0", toks: []tok{{Token: sqllex.Token{Kind: sqllex.Number, Text: "0"}}}})
	}
	cast, typ, guard := p.foldPlan(rs)
	if cast {
		if c.name == "ZEROIFNULL" {
			return expr{sql: fmt.Sprintf("COALESCE(CAST(%s AS %s), CAST(0 AS %[2]s))", c.args[0].num(), typ)}, nil
		}
		for k, i := range idx {
			c.args[i].sql = p.foldCast(rs[k], typ)
			c.args[i].e = nil
		}
	}
	if guard != "" && c.name == "ZEROIFNULL" && len(c.args) == 1 {
		// Its zero as foldLiteralIn writes it.
		return expr{sql: foldGuarded("COALESCE("+c.args[0].num()+", "+p.foldLiteralIn(rs[1], rs)+")", guard)}, nil
	}
	if guard != "" {
		for k, i := range idx {
			if lit := p.foldLiteralIn(rs[k], rs); lit != rs[k].sql {
				c.args[i].sql, c.args[i].e = lit, nil
			}
		}
	}
	e, err := h(p, c)
	if err != nil || guard == "" {
		return e, err
	}
	e.sql = foldGuarded(e.sql, guard)
	return e, nil
}

// foldResultArgs lists the indexes of call c's result arguments, or nil
// when c is not a conditional.
func foldResultArgs(c *call) []int {
	pos, ok := foldFuncResults[c.name]
	if !ok || c.star {
		return nil
	}
	var idx []int
	switch {
	case c.name == "DECODE":
		for i := 2; i < len(c.args); i += 2 {
			idx = append(idx, i)
		}
		if len(c.args) > 1 && len(c.args)%2 == 0 {
			idx = append(idx, len(c.args)-1)
		}
	case len(pos) == 1 && pos[0] == -1:
		for i := range c.args {
			idx = append(idx, i)
		}
	default:
		for _, i := range pos {
			if i < len(c.args) {
				idx = append(idx, i)
			}
		}
	}
	return idx
}

// foldResult is one result of a conditional: its rendered SQL, its tokens
// and its expression when a single operand.
type foldResult struct {
	sql  string
	toks []tok
	e    *expr
}

// foldPlan decides how a conditional with results rs is written: cast
// (each number cast to typ, Snowflake's fold) where the rewriter knows every
// result's type and DuckDB's fold of a scale differs, guard (the bind-time
// check of the types in types, typeof() texts or constants) where it does
// not know some, or neither.
func (p *parser) foldPlan(rs []foldResult) (cast bool, typ string, guard string) {
	if len(rs) < 2 {
		return false, "", ""
	}
	types := make([]string, len(rs))
	unknown := 0
	for i, r := range rs {
		types[i] = p.foldType(r)
		if types[i] == "" {
			unknown++
		}
	}
	if unknown == 0 {
		// DuckDB's fold and Snowflake's: the most integer digits (DuckDB
		// counts an integer type's, Snowflake an integer literal's own
		// digits and an INT column's 38) plus the largest scale. Where the
		// fold has a scale and the two differ (COALESCE(m, 0) of a
		// NUMBER(10,2) is a NUMBER(10,2), DuckDB's a DECIMAL(12,2); past
		// 38 digits DuckDB cuts the scale) the results are cast to
		// Snowflake's. (A fold of integers stays DuckDB's: a length or
		// position takes it, and its precision is the select list's
		// business, types_intfn.go.)
		lead, snowLead, scale := 0, 0, 0
		for i, t := range types {
			l, s, fixed := duckFixed(t)
			if t == `"NULL"` {
				continue
			}
			if !fixed {
				return false, "", ""
			}
			lead, snowLead, scale = max(lead, l), max(snowLead, snowflakeLead(rs[i], t)), max(scale, s)
		}
		want := fmt.Sprintf("DECIMAL(%d,%d)", min(38, snowLead+scale), scale)
		if scale == 0 || want == fmt.Sprintf("DECIMAL(%d,%d)", min(38, lead+scale), scale) && lead+scale <= 38 {
			return false, "", ""
		}
		return true, want, ""
	}
	// A fold whose known results are not all numbers (texts, dates,
	// FLOATs) is not a fold of fixed-point numbers; with one result of
	// unknown type beside nothing but NULLs there is nothing to fold.
	numbers := 0
	var list []string
	for i, t := range types {
		switch {
		case t == `"NULL"`:
			continue
		case t == "":
			list = append(list, "typeof("+rs[i].sql+")")
		case foldLiteralType(rs[i]) != "":
			list = append(list, sqlString(foldLiteralType(rs[i]))) // as foldLiteral writes it
		default:
			if _, _, fixed := duckFixed(t); !fixed {
				return false, "", ""
			}
			list = append(list, sqlString(t))
		}
		numbers++
	}
	if numbers < 2 {
		return false, "", ""
	}
	return false, "", "_SF_FOLD_CUT([" + strings.Join(list, ", ") + "])"
}

// foldLiteralType is the DuckDB integer type foldLiteral writes integer
// literal result r as, "" for any other result.
func foldLiteralType(r foldResult) string {
	toks := r.toks
	if len(toks) == 2 && (toks[0].IsOp("-") || toks[0].IsOp("+")) {
		toks = toks[1:]
	}
	if len(toks) != 1 || toks[0].Kind != sqllex.Number {
		return ""
	}
	n, ok := parseNumLit(toks[0].Text)
	if !ok || n.scale > 0 || n.prec() > 38 {
		return ""
	}
	switch p := n.prec(); {
	case p <= 2:
		return "TINYINT"
	case p <= 4:
		return "SMALLINT"
	case p <= 9:
		return "INTEGER"
	case p <= 18:
		return "BIGINT"
	}
	return "HUGEINT"
}

// foldLiteral renders result r of a guarded fold (one whose other results'
// types only DuckDB sees): an integer literal as the narrowest DuckDB
// integer holding its digits. Snowflake's fold has the widest integer
// digits and the widest scale ("What a conditional's fold presents",
// above), an integer literal counting its own digits: COALESCE(MAX(m), 0)
// of a NUMBER(10,2) is a NUMBER(10,2), where DuckDB's INTEGER counted 10
// digits and made it a DECIMAL(12,2). A TINYINT counts 3, a SMALLINT 5, so
// the fold is Snowflake's beside a NUMBER of that many integer digits or
// more, and beside an integer (MAX of an INT column, a NUMBER(38,0))
// stays DuckDB's integer, as a DECIMAL(1,0) would not (DECIMAL(19,0)).
// Any other result stays as it is.
func foldLiteral(r foldResult) string {
	typ := foldLiteralType(r)
	if typ == "" {
		return r.sql
	}
	sign, n := foldLiteralNumber(r)
	return fmt.Sprintf("CAST(%s%s AS %s)", sign, n.plain, typ)
}

// foldLiteralNumber is integer literal result r (foldLiteralType) read:
// "-" or "" for its sign, and its digits.
func foldLiteralNumber(r foldResult) (sign string, n numLit) {
	text := ""
	for _, t := range r.toks {
		text += t.Text
	}
	n, _ = parseNumLit(strings.TrimLeft(text, "+-"))
	if strings.HasPrefix(text, "-") {
		sign = "-"
	}
	return sign, n
}

// foldLiteralIn renders integer literal result r of a guarded fold whose
// results are rs: where every other number among them is a DECIMAL (a
// NUMBER with a scale or one of known digits: MAX(m), a column of a
// derived table) the literal is a DECIMAL of its own digits, as Snowflake
// counts it (COALESCE(MAX(m), 0) of a NUMBER(3,2) is a NUMBER(3,2), where
// a TINYINT counted 3 integer digits and made it a DECIMAL(5,2)); beside
// an integer type it is foldLiteral's. The choice is DuckDB's as it binds
// the statement: a struct field picked by a constant key.
func (p *parser) foldLiteralIn(r foldResult, rs []foldResult) string {
	lit := foldLiteral(r)
	if lit == r.sql {
		return lit
	}
	var conds []string
	for _, o := range rs {
		if foldLiteralType(o) != "" {
			continue
		}
		switch t := p.foldType(o); {
		case t == `"NULL"`, strings.HasPrefix(t, "DECIMAL("):
		case t == "":
			conds = append(conds, "starts_with(typeof("+o.sql+"), 'DECIMAL(')")
		default:
			return lit
		}
	}
	sign, n := foldLiteralNumber(r)
	dec := fmt.Sprintf("CAST(%s%s AS DECIMAL(%d,0))", sign, n.plain, max(n.prec(), 1))
	if len(conds) == 0 {
		return dec
	}
	return fmt.Sprintf("struct_extract({'t': %s, 'd': %s}, CASE WHEN %s THEN 'd' ELSE 't' END)", lit, dec, strings.Join(conds, " AND "))
}

// foldGuarded renders conditional s with the bind-time check guard
// (foldPlan): the refusal where DuckDB's fold would cut a scale, else s.
func foldGuarded(s, guard string) string {
	return fmt.Sprintf("CASE WHEN %s THEN _SF_FOLD_REFUSED() ELSE %s END", guard, s)
}

// foldCast renders result r of a fold cast to the Snowflake type of the
// fold, DECIMAL(38, scale), where it is a number (a NULL or another type
// stays as it is).
func (p *parser) foldCast(r foldResult, typ string) string {
	if _, _, fixed := duckFixed(p.foldType(r)); !fixed {
		return r.sql
	}
	return fmt.Sprintf("CAST(%s AS %s)", r.sql, typ)
}

// snowflakeLead is the integer digits of Snowflake's type of result r, of
// DuckDB type t (a fixed-point one): an integer literal's own digits
// (docs: SYSTEM$TYPEOF(10000) is NUMBER(5,0)), an integer of known
// precision's, any other integer's 38 (an INT column is a NUMBER(38,0)),
// a DECIMAL's.
func snowflakeLead(r foldResult, t string) int {
	l, _, _ := duckFixed(t)
	if strings.HasPrefix(t, "DECIMAL(") {
		return l
	}
	toks := r.toks
	if len(toks) == 2 && (toks[0].IsOp("-") || toks[0].IsOp("+")) {
		toks = toks[1:]
	}
	if len(toks) == 1 && toks[0].Kind == sqllex.Number {
		return max(len(strings.TrimLeft(toks[0].Text, "0")), 1)
	}
	if r.e != nil && r.e.intWidth > 0 {
		return r.e.intWidth
	}
	return 38
}

// foldType is the DuckDB type of conditional result r where the rewriter
// knows it without DuckDB: a literal's, a base-table column's, a typed
// expression's ("VARCHAR", "DATE"...; "DOUBLE" for a FLOAT column); `"NULL"`
// for a NULL; "" where it does not.
func (p *parser) foldType(r foldResult) string {
	toks := r.toks
	if len(toks) == 2 && (toks[0].IsOp("-") || toks[0].IsOp("+")) && toks[1].Kind == sqllex.Number {
		toks = toks[1:]
	}
	if len(toks) == 1 {
		t := toks[0]
		switch t.Kind {
		case sqllex.Number:
			return numberLiteralType(t.Text)
		case sqllex.String, sqllex.DollarString:
			return "VARCHAR"
		case sqllex.Word:
			switch strings.ToUpper(t.Text) {
			case "NULL":
				return `"NULL"`
			case "TRUE", "FALSE":
				return "BOOLEAN"
			}
		}
	}
	if r.e != nil {
		switch {
		case r.e.float:
			return "DOUBLE"
		case r.e.path != nil:
			return "" // a VARIANT path: DuckDB reads its type
		case r.e.typ != "" && r.e.typ != "BIGINT":
			return r.e.typ
		case r.e.intWidth > 0:
			return "BIGINT"
		}
	}
	if parts, ok := columnRefParts(toks); ok {
		if _, raw := p.columnTypes(parts); raw != "" {
			return raw
		}
	}
	return ""
}

// columnRefParts returns toks' name parts when they are a column
// reference (name, or qualified with dots: plainColumnToks).
func columnRefParts(toks []tok) ([]tok, bool) {
	if !plainColumnToks(toks) {
		return nil, false
	}
	var parts []tok
	for i := 0; i < len(toks); i += 2 {
		parts = append(parts, toks[i])
	}
	return parts, true
}

// numberLiteralType is the DuckDB type of numeric literal text: INTEGER,
// BIGINT or HUGEINT for an integer by its size, DECIMAL(p, s) for one with
// a fraction, "" for one with an exponent (a DOUBLE today, which DuckDB
// reports anyway).
func numberLiteralType(text string) string {
	if strings.ContainsAny(text, "eE") {
		return ""
	}
	if i := strings.IndexByte(text, '.'); i >= 0 {
		intPart := strings.TrimLeft(text[:i], "0")
		frac := text[i+1:]
		lead := max(len(intPart), 1)
		if lead+len(frac) > 38 {
			return "" // DuckDB reads it as a DOUBLE
		}
		return fmt.Sprintf("DECIMAL(%d,%d)", lead+len(frac), len(frac))
	}
	n, ok := new(big.Int).SetString(text, 10)
	switch {
	case !ok:
		return ""
	case n.IsInt64() && n.Int64() <= 1<<31-1:
		return "INTEGER"
	case n.IsInt64():
		return "BIGINT"
	case n.BitLen() < 127:
		return "HUGEINT"
	}
	return ""
}

// duckFixed returns the integer digits and scale DuckDB's fold counts for
// fixed-point DuckDB type t, and whether t is one.
func duckFixed(t string) (lead, scale int, ok bool) {
	switch t {
	case "TINYINT", "UTINYINT":
		return 3, 0, true
	case "SMALLINT", "USMALLINT":
		return 5, 0, true
	case "INTEGER", "UINTEGER":
		return 10, 0, true
	case "BIGINT":
		return 19, 0, true
	case "UBIGINT":
		return 20, 0, true
	case "HUGEINT":
		return 38, 0, true
	}
	if d := duckDecimal(t); d.ok { // types_mul.go
		return d.p - d.s, d.s, true
	}
	return 0, 0, false
}

// modOperands is a remainder x % y being written: pending once % follows a
// single operand x, which starts at byte start of the rendered text.
type modOperands struct {
	pending bool
	start   int
	left    foldResult
}

// modulo rewrites the remainder x % y just written to b (x at m.start, y
// the operand right) as MOD's operands are: both cast to the remainder's
// type where the rewriter knows it (types_rem.go), else integer literals
// as DECIMALs of their digits beside a DECIMAL and checked as DuckDB binds
// it (foldPlan's guard).
func (p *parser) modulo(b *strings.Builder, m *modOperands, right foldResult) error {
	full := b.String()
	if m.left.toks == nil || m.start > len(full) {
		return nil
	}
	text := full[m.start:]
	rs := []foldResult{m.left, right}
	shaped := strings.HasPrefix(text, m.left.sql) && strings.HasSuffix(text, right.sql) && len(text) > len(m.left.sql)+len(right.sql)
	middle := ""
	if shaped {
		// The operator and a sign of y stay between the operands.
		middle = text[len(m.left.sql) : len(text)-len(right.sql)]
	}
	ops, guard, _, _ := p.remainderOperands(rs) // types_rem.go
	switch {
	case ops != nil && shaped:
		text = ops[0] + middle + ops[1]
		if guard != "" {
			text = foldGuarded(text, guard)
		}
	case ops != nil && guard == "":
		return p.unsupported(right.toks[0], "a remainder (%) of NUMBERs written in this form (use MOD)")
	case guard != "" && (foldLiteralType(m.left) != "" || foldLiteralType(right) != ""):
		return p.unsupported(right.toks[0], "a remainder (%) of an integer literal and a NUMBER whose type the local engine sees only as it runs the statement, written in this form")
	case guard != "":
		text = foldGuarded(text, guard)
	default:
		return nil
	}
	b.Reset()
	b.WriteString(full[:m.start] + text)
	return nil
}

// sameTypeKey is the key of the select item between tokens a and e under
// which items have one type (setItem.same): its text, upper-cased, and the
// base tables its block reads; "" where the block reads anything else (a
// derived table, a CTE, a table function) or the item holds a subquery.
func (p *parser) sameTypeKey(a, e int) string {
	sc := p.scope
	if sc == nil || sc.unknown || len(sc.rels) == 0 {
		return ""
	}
	var b strings.Builder
	for _, r := range sc.rels {
		if r.table == "" || r.opaque {
			return ""
		}
		b.WriteString(r.name + "=" + r.table + ",")
	}
	b.WriteString("|")
	for _, t := range p.toks[a:e] {
		if t.IsWord("SELECT") {
			return ""
		}
		b.WriteString(strings.ToUpper(t.Text) + " ")
	}
	return b.String()
}

// usingFoldCut refuses a FULL or RIGHT join's USING column (names among
// toks) whose NUMBER types on the joined tables DuckDB's merged column
// would fold with a cut scale (a NUMBER(38,0) key beside a NUMBER(10,2)
// one showed 2.50 as 3), where Snowflake's fold keeps it. (INNER and LEFT
// joins give the left table's column.)
func (p *parser) usingFoldCut(at tok, toks []tok) error {
	sc := p.scope
	if sc == nil || sc.unknown {
		return nil
	}
	for _, t := range toks {
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			continue
		}
		col := identKey(t)
		lead, scale, n := 0, 0, 0
		for _, r := range sc.rels {
			r.load(p)
			if r.failed {
				continue
			}
			if l, s, ok := duckFixed(r.raw[col]); ok {
				lead, scale, n = max(lead, l), max(scale, s), n+1
			}
		}
		if n >= 2 && scale > 0 && lead+scale > 38 {
			return p.unsupported(at, "a FULL or RIGHT join USING a column of NUMBERs whose widest integer digits and widest scale add up to more than 38 (join ON the columns instead)")
		}
	}
	return nil
}
