package rewrite

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Numeric literals. Snowflake reads every numeric constant
// (`[+-][digits][.digits][e[+-]digits]`, docs: Numeric data types,
// "Numeric constants") as an exact NUMBER, an exponent included: the docs
// give SYSTEM$TYPEOF(1e10) as NUMBER(11,0)[SB8] (functions/system_typeof),
// and their VALUES page shows `VALUES (3.469446951953614e-18), (115898.73)`
// failing with 100039 "Numeric value '115898.73' is out of range", which a
// FLOAT column would hold but the NUMBER(38,33) of the two literals' fold
// (6 integer digits and a scale of 33) cannot. The independent reference
// mlorek/frostlake (engine/src/main/java/dev/frostlake/types/
// NumericLiteralTypes.java, live-verified) says the same: "An exponent is
// a way of WRITING a fixed-point number, not a floating-point marker: live
// prints 1e20 back as 100000000000000000000 and 1e-3 as 0.001". DuckDB
// reads an exponent as a DOUBLE (1.5e2 / 7 was 21.428571428571427, 1e2 ||
// '' was '100.0'), so the rewriter writes such a literal out in plain
// notation, which DuckDB reads as the integer or DECIMAL it is.
//
// The literal's type is NUMBER(p, s): s its digits after the point and p
// its integer digits (at least one: 0.05 is NUMBER(3,2), .5 NUMBER(2,1);
// the sign is not a digit) plus s (the reference's NumericLiteralTypeTest,
// and SYSTEM$TYPEOF(1) NUMBER(1,0), (10000) NUMBER(5,0) in the docs).
// DuckDB types a plain literal so, except that it counts no integer digit
// for .5 and counts leading zeros: the rewriter writes 0.5 and drops them.
// The reference also says trailing zeros do not count (1.50 a NUMBER(2,1));
// the docs print the FIRST_VALUE page's VALUES column of 1.50, 3.00... as
// 1.50 and 3.00, so the written scale is kept, as DuckDB keeps it. An
// exponent literal whose plain form would end in a zero after the point
// (1.50e1, 10e-1) is refused: which of the two its scale follows neither
// source shows. A literal beyond NUMBER's 38 digits or scale of 37 (docs:
// Numeric data types) is refused too: which type Snowflake gives it (the
// DECFLOAT notes say a literal is read "as NUMBER or FLOAT values") is not
// documented.

// numLit is a numeric literal's exact value.
type numLit struct {
	plain     string // the value in plain notation, as DuckDB reads it as a NUMBER
	intDigits int    // integer digits, 1 at least
	scale     int    // digits after the point, as written (after the exponent)
	exp       bool   // written with an exponent
}

// prec is the literal's Snowflake precision.
func (n numLit) prec() int { return n.intDigits + n.scale }

// parseNumLit reads numeric literal text (no sign); ok false where it is
// not one.
func parseNumLit(text string) (numLit, bool) {
	mant, expText, hasExp := strings.Cut(strings.ToLower(text), "e")
	ip, fp, _ := strings.Cut(mant, ".")
	if ip == "" && fp == "" || !isInteger(ip) && ip != "" || !isInteger(fp) && fp != "" {
		return numLit{}, false
	}
	exp := 0
	if hasExp {
		e, err := strconv.Atoi(strings.TrimPrefix(expText, "+"))
		if err != nil {
			return numLit{}, false
		}
		exp = max(min(e, 1000), -1000) // far beyond any NUMBER either way
	}
	digits := ip + fp
	shift := exp - len(fp) // value = digits * 10^shift
	var whole, frac string
	switch {
	case strings.Trim(digits, "0") == "" && shift >= 0:
		whole = "0"
	case shift >= 0:
		whole = digits + strings.Repeat("0", shift)
	case -shift >= len(digits):
		whole, frac = "0", strings.Repeat("0", -shift-len(digits))+digits
	default:
		whole, frac = digits[:len(digits)+shift], digits[len(digits)+shift:]
	}
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	n := numLit{plain: whole, intDigits: len(whole), scale: len(frac), exp: hasExp}
	if frac != "" {
		n.plain += "." + frac
	}
	return n, true
}

// numLiteral renders the numeric literal at token i: an integer through
// intLiteral, any other in plain notation; refused where its type is not
// known (above).
func (p *parser) numLiteral(i int) (string, error) {
	t := p.toks[i]
	n, ok := parseNumLit(t.Text)
	switch {
	case !ok:
		return t.Text, nil
	case n.prec() > 38 || n.scale > 37:
		return "", p.unsupported(t, "numeric literal "+t.Text+" beyond NUMBER(38, 0) digits or scale 37 (whether Snowflake reads it as a NUMBER or a FLOAT is not documented)")
	case n.exp && n.scale > 0 && strings.HasSuffix(n.plain, "0"):
		return "", p.unsupported(t, "numeric literal "+t.Text+" with an exponent whose value ends in a zero after the point (its scale is not documented)")
	case n.scale == 0:
		return p.intLiteral(i), nil
	}
	return n.plain, nil
}

// literalType is the numeric literal, possibly signed, that is tokens a to
// b (exclusive); ok false where they are not one of a known type.
func (p *parser) literalType(a, b int) (numLit, bool) {
	if b-a == 2 && (p.toks[a].IsOp("-") || p.toks[a].IsOp("+")) {
		a++
	}
	if b-a != 1 || p.toks[a].Kind != sqllex.Number {
		return numLit{}, false
	}
	n, ok := parseNumLit(p.toks[a].Text)
	if !ok || n.prec() > 38 || n.scale > 37 {
		return numLit{}, false
	}
	return n, true
}

// decimalType is DuckDB's DECIMAL(p, s).
func decimalType(p, s int) string { return fmt.Sprintf("DECIMAL(%d, %d)", p, s) }

// intText is the digits of integer literal text (1e6 and 7. too), ok false
// for any other.
func intText(text string) (string, bool) {
	if isInteger(text) {
		return text, true
	}
	n, ok := parseNumLit(text)
	if !ok || n.scale > 0 || n.prec() > 38 {
		return "", false
	}
	return n.plain, true
}

// typedLiteralItem renders select item s, tokens a to b (exclusive), when
// it is an integer literal (possibly signed) in the statement's own select
// list, as the NUMBER(p, 0) Snowflake gives it (SYSTEM$TYPEOF(1) is
// NUMBER(1,0), (10000) NUMBER(5,0), (1e10) NUMBER(11,0): docs,
// functions/system_typeof; "the sign is not a digit": the reference's
// NumericLiteralTypeTest), which the result's metadata, a view's columns
// and a table created from the query then report; DuckDB's INTEGER was a
// NUMBER(38,0). A literal with a fraction is already DuckDB's DECIMAL of
// that type. As typedItem, a subquery's or CTE's column stays DuckDB's
// integer (a length LEFT, SUBSTR or REPEAT takes), and so does a set
// operation's branch (whose column folds its branches: setLiteralColumn).
func (p *parser) typedLiteralItem(s string, a, b int) string {
	if !p.outerItems || p.setOpBlock {
		return s
	}
	if w := p.literalArithWidth(a, b); w > 0 {
		return typedInt(s, w)
	}
	n, ok := p.literalType(a, b)
	if !ok || n.scale > 0 {
		return s
	}
	return typedInt(s, n.prec())
}

// literalArithWidth is the precision of tokens a to b (exclusive) where they
// are integer literals joined by +, - and * (the first possibly signed): a
// product has L1 + L2 digits, a sum or difference max(L1, L2) + 1, at most
// 38 (docs: Arithmetic operators, "Scale and precision in arithmetic
// operations"; VALUES (1 + 1), (2 * 3) is a NUMBER(2,0): the reference's
// ValuesAndFlattenTypingTest); 0 otherwise.
func (p *parser) literalArithWidth(a, b int) int {
	if b-a < 3 {
		return 0
	}
	if p.toks[a].IsOp("-") || p.toks[a].IsOp("+") {
		a++
	}
	if (b-a)%2 == 0 {
		return 0
	}
	var terms []int // the products' digits
	prod := 0
	for k := a; k < b; k += 2 {
		t := p.toks[k]
		if t.Kind != sqllex.Number || strings.Contains(t.Text, ".") {
			return 0
		}
		n, ok := parseNumLit(t.Text)
		if !ok || n.scale > 0 || n.prec() > 38 {
			return 0
		}
		prod += n.prec()
		if k+1 == b {
			terms = append(terms, prod)
			break
		}
		switch op := p.toks[k+1]; {
		case op.IsOp("*"):
		case op.IsOp("+") || op.IsOp("-"):
			terms, prod = append(terms, prod), 0
		default:
			return 0
		}
	}
	w := min(terms[0], 38)
	for _, t := range terms[1:] {
		w = min(max(w, t)+1, 38)
	}
	return w
}

// fixedType is a NUMBER(prec, scale) the rewriter knows an item to be;
// known false where it does not. lit: a literal; integer: DuckDB holds it as
// an integer (an INT column, a NUMBER(38,0) in Snowflake).
type fixedType struct {
	prec, scale         int
	known, lit, integer bool
	call                bool // a call of an integer-valued function (a NUMBER whatever DuckDB binds)
	wide                bool // an integer DuckDB may hold as a HUGEINT (38 integer digits in its fold)
}

// fixedType is the NUMBER type of the expression between tokens a and e
// where it is a numeric literal or a column of the catalog, possibly in
// brackets.
func (p *parser) fixedType(a, e int) fixedType {
	for e-a > 2 && p.toks[a].IsOp("(") && p.matching(a) == e-1 {
		a, e = a+1, e-1
	}
	if n, ok := p.literalType(a, e); ok {
		return fixedType{prec: n.prec(), scale: n.scale, known: true, lit: true}
	}
	if e-a >= 3 && p.toks[a].Kind == sqllex.Word && p.toks[a+1].IsOp("(") && p.matching(a+1) == e-1 {
		// A call of an integer-valued function of a constant precision
		// (types_intfn.go): LENGTH(s) beside an INT column is a
		// NUMBER(38,0), where DuckDB folded its NUMBER(18,0) with the
		// column's BIGINT to 19 digits.
		if w, ok := intFnWidths[strings.ToUpper(p.toks[a].Text)]; ok && !p.toks[a+2].IsWord("DISTINCT") {
			return fixedType{prec: w, known: true, integer: true, call: true}
		}
	}
	if !p.isPlainColumn(a, e-1) || e-a != 1 && e-a != 3 {
		return fixedType{}
	}
	var parts []tok
	for k := a; k < e; k += 2 {
		parts = append(parts, p.toks[k])
	}
	_, raw := p.columnTypes(parts)
	switch raw {
	case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT":
		return fixedType{prec: 38, known: true, integer: true}
	}
	if d := duckDecimal(raw); d.ok {
		return fixedType{prec: d.p, scale: d.s, known: true}
	}
	return fixedType{}
}

// setFixedColumn types a set operation's column (col, one item of each
// branch) whose items are all NUMBERs of known type (or NULL) as Snowflake
// folds it: the most integer digits and the largest scale, at most 38
// digits ("A set operation's column is the fold of its branches' types":
// mlorek/frostlake docs and ValuesAndFlattenTypingTest.java, an independent
// reference, live-verified; the VALUES page of the docs shows a fold of
// more than 38 digits keeping its scale: valuesLiteralColumns). DuckDB's
// fold counts an INT column (a BIGINT) as 19 digits and an integer literal
// as 10 (SELECT 7 UNION ALL SELECT 100 was a NUMBER(38,0), an INT column
// beside a NUMBER(10,2) a NUMBER(21,2), where Snowflake's are NUMBER(3,0) and
// NUMBER(38,2)), and past 38 digits it drops scale: a NUMBER(38,0) column
// beside a NUMBER(10,2) one answered 2 for 1.5. So each item is cast to the
// fold's DECIMAL(p, s) where DuckDB's differs (a literal, an INT column, or
// more than 38 digits); a value that does not fit fails the cast, as
// Snowflake's "out of range". A column of integers is cast only where the
// set operation is the statement's own (top): a subquery's or CTE's
// column stays DuckDB's integer, a length LEFT, SUBSTR or REPEAT takes.
func (p *parser) setFixedColumn(col []setItem, top bool) {
	whole, scale, n := 0, 0, 0
	duckWhole := 0 // the integer digits DuckDB's fold counts for the known items
	need, partial := false, false
	for _, it := range col {
		switch {
		case it.a < 0:
			return
		case it.fam == setNull:
			continue
		case it.fam == "" || it.fam == setFixed && !it.fix.known:
			if it.noGuard {
				return
			}
			partial = true
			continue
		case it.fam != setFixed:
			return
		}
		if _, wrapped := p.setWrap[it.a]; wrapped && !it.fix.call {
			// (A call's family check is moot: it is a NUMBER; the cast
			// below replaces it.)
			return
		}
		whole, scale = max(whole, it.fix.prec-it.fix.scale), max(scale, it.fix.scale)
		lead := it.fix.prec - it.fix.scale
		switch {
		case it.fix.wide:
			lead = 38
		case it.fix.integer:
			lead = 19 // an INT column, a BIGINT
		case it.fix.lit && it.fix.scale == 0:
			lead = 38 // DuckDB's INTEGER, BIGINT or HUGEINT, as the literal's value goes
		}
		duckWhole = max(duckWhole, lead)
		need = need || it.fix.lit || it.fix.integer
		n++
	}
	if partial && p.recursiveWith() {
		// DuckDB plans a recursive CTE's guarded term anew at each step
		// (a three-row recursion took 18 s): left unchecked (README).
		return
	}
	// Items only DuckDB types, two of which may differ (sameTypeKey): no
	// branch sees another's type as DuckDB binds it, so one carrying a
	// scale is refused beside them (_SF_SETCUT_T's strict).
	strict, first := false, ""
	for _, it := range col {
		if it.fam == setNull || it.fix.known {
			continue
		}
		switch {
		case it.same == "":
			strict = true
		case first == "":
			first = it.same
		case it.same != first:
			strict = true
		}
	}
	if partial {
		// Another item's type only DuckDB sees: where its fold of them
		// all would have more than 38 digits it drops scale (a NUMBER(38,0)
		// column beside m * 1, a NUMBER(10,2) expression, answered 2 for
		// 1.5), so such an item is refused as DuckDB binds it; otherwise
		// DuckDB's fold stands (its values are right; its precision may
		// differ: README, Known gaps).
		need, top = true, true
		if duckWhole == 0 && scale == 0 && !strict {
			return
		}
	}
	if (n == 0 || !need && whole+scale <= 38 || scale == 0 && !top) && !(partial && strict) {
		return
	}
	if partial {
		// DuckDB's fold of the known items and the others, checked as it
		// binds each other item's type (no cost per row).
		for _, it := range col {
			if it.fam == setNull || it.fix.known {
				continue
			}
			w, ok := p.setWrap[it.a]
			if !ok {
				w = "%s"
			}
			p.setWrap[it.a] = strings.Replace(fmt.Sprintf("_SF_SETFIT(%%s, %d, %d, %v)", duckWhole, scale, strict), "%s", w, 1)
		}
		return
	}
	typ := decimalType(min(whole+scale, 38), scale)
	wrap := "CAST(%s AS " + typ + ")"
	if whole+scale > 38 {
		// A fold past 38 digits keeps its scale and so holds fewer whole
		// digits than some item may have: such a value does not fit the
		// column. The docs give Snowflake's error for a VALUES list's
		// column (100039, valuesLiteralColumns) but not for a set
		// operation's, so there it is refused (002040) when a row holds
		// one, where the cast failed with 100046. Only this fold pays for
		// the test: any other holds every item's values.
		wrap = "list_transform([%s], _sf_v -> CASE WHEN _sf_v IS NOT NULL AND TRY_CAST(_sf_v AS " + typ + ") IS NULL " +
			"THEN error('" + setFoldOverflow + "') ELSE TRY_CAST(_sf_v AS " + typ + ") END)[1]"
	}
	for _, it := range col {
		if it.fam != setNull {
			p.setWrap[it.a] = wrap
		}
	}
}

// setFoldOverflow is the refusal of a set operation's value that does not
// fit its column's NUMBER type (setFixedColumn).
const setFoldOverflow = `Unsupported feature: a set operation (UNION, INTERSECT, EXCEPT, MINUS) whose NUMBER column, of more than 38 digits with its scale kept, cannot hold a value of one branch (Snowflake''s error is not documented), in the local engine.`

// valuesIntWidth is the precision of column col (COLUMN1...) of VALUES
// relation rel where every row's item there is an integer literal or
// another integer of known precision (LENGTH('abc'): exprIntWidth), or
// NULL, one at least not NULL: the most digits of any ("A VALUES
// relation's column is declared like a set operation's", VALUES (1),
// (100000) a NUMBER(6,0): valuesLiteralColumns), which a reference to it
// in the statement's own select list then reports (typedItem), as a
// derived table's column. 0 otherwise.
func (p *parser) valuesIntWidth(rel *scopeRel, col string) int {
	k := 0
	if rel.valuesNames != nil {
		for i, t := range rel.valuesNames {
			if identKey(t) == col {
				if k > 0 {
					return 0 // named twice
				}
				k = i + 1
			}
		}
	} else if _, err := fmt.Sscanf(col, "COLUMN%d", &k); err != nil {
		return 0
	}
	if k < 1 || k > rel.values {
		return 0
	}
	w := 0
	for j := rel.valuesAt; j < len(p.toks) && p.toks[j].IsOp("("); {
		end := p.matching(j)
		if end < 0 {
			return 0
		}
		items := p.topLevelRanges(j+1, end)
		if len(items) != rel.values {
			return 0
		}
		r := items[k-1]
		if !(r[1]-r[0] == 1 && p.toks[r[0]].IsWord("NULL")) {
			iw := p.exprIntWidth(r[0], r[1]) // a literal, or an integer of known precision (types_intfn.go)
			if iw == 0 {
				return 0
			}
			w = max(w, iw)
		}
		if end+2 >= len(p.toks) || !p.toks[end+1].IsOp(",") || !p.toks[end+2].IsOp("(") {
			break
		}
		j = end + 2
	}
	return w
}

// valuesNames is the column names between tokens a and b (exclusive) of a
// VALUES list's alias, one name for each of its n columns, or nil.
func (p *parser) valuesNames(a, b, n int) []tok {
	var names []tok
	for k := a; k < b; k += 2 {
		t := p.toks[k]
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent || k+1 < b && !p.toks[k+1].IsOp(",") {
			return nil
		}
		names = append(names, t)
	}
	if len(names) != n {
		return nil
	}
	return names
}
