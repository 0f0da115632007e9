package rewrite

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// expr is a rewritten operand.
type expr struct {
	sql   string
	typ   string // DuckDB type when known from the syntax: DATE, TIMESTAMP, VARCHAR, JSON
	path  *jpath // set while the operand is an uncast semi-structured path
	plain bool   // a plain, possibly qualified, column reference
	// intFn names the integer-valued function (LENGTH, DATEDIFF...) the
	// operand is a call of: its Snowflake precision is not documented, so
	// a quotient or product whose precision counts it is refused unless
	// intWidth gives it (types_intfn.go).
	intFn string
	// intWidth is p where the operand is an integer whose Snowflake type
	// is a NUMBER(p, 0) that its SQL (a BIGINT) does not carry: a call of
	// an integer-valued function whose precision a source gives, or an
	// aggregate of one (types_intfn.go).
	intWidth int
	// intUnknown names the integer-valued function the operand is, itself or
	// through brackets, a sign, a conditional or a derived table's or CTE's
	// column, where no source gives its precision (intFnWidth is 0): as a
	// result column it is refused (types_intfn.go: checkUnknownIntItem).
	intUnknown string
	// diffOperands: a DATEDIFF by the hour or finer whose operands' kind
	// the rewriter does not know: its unit and operands as written, which
	// a result column types by their DuckDB types (types_intfn.go:
	// dateDiffTyped).
	diffOperands *[3]string
	// remBind: a remainder whose operands' types the rewriter does not
	// see, which a result column checks as DuckDB binds it (types_rem.go).
	remBind bool
	// nanosItem: the SQL of a TIME or TIMESTAMP that keeps nanoseconds the
	// engine's TIME and TIMESTAMP cannot hold, for the operand as the
	// statement's own result column only (nanos_item.go).
	nanosItem string
	// derivedRef: a plain reference to a derived table's or CTE's column
	// whose precision intWidth does not give, as written; a product reads
	// through it to an INT column (types_intfn.go: derivedIntColumn).
	derivedRef []tok
	float      bool // a FLOAT column (its typ stays "": coltypes_time.go)
	textColumn bool // a VARCHAR column (its typ stays "": boolcast.go)
	variant    bool // a VARIANT, OBJECT or ARRAY column (its typ stays "")
	// st is the structured type of a structured ARRAY, OBJECT or MAP
	// value, or of an element of one (structured.go).
	st *stype
}

// jpath is a semi-structured path not yet turned into SQL: the path's result
// depends on how it is used (string comparison, arithmetic, cast).
type jpath struct {
	base string // DuckDB expression the path applies to
	jp   string // JSONPath, e.g. $."a"[0]
}

func (e expr) render() string {
	if e.path != nil && e.path.jp == "$" {
		return e.path.base // the whole value (a lambda's argument: funcs_lambda.go), a DOUBLE's text kept
	}
	if e.path != nil {
		// _SF_JX keeps a real number's text (funcs_variant.go).
		return fmt.Sprintf("_SF_JX(%s, %s)", e.path.base, sqlString(e.path.jp))
	}
	return e.sql
}

// renderValue renders a path as DuckDB's JSON value, for a cast to a
// non-JSON type that reads the value, not its text.
func (e expr) renderValue() string {
	if e.path != nil && e.path.jp == "$" {
		return e.path.base
	}
	if e.path != nil {
		return fmt.Sprintf("_SF_JE(%s, %s)", e.path.base, sqlString(e.path.jp)) // funcs_variant.go
	}
	return e.sql
}

// asString renders a path as its string value (Snowflake compares a VARIANT
// with a string literal by its string value: RAW_DATA['success']='false').
func (e expr) asString() string {
	if e.path != nil {
		return fmt.Sprintf("_SF_JXS(%s, %s)", e.path.base, sqlString(e.path.jp)) // funcs_variant.go
	}
	return e.sql
}

// asNumber renders a path as a number, as Snowflake casts a VARIANT used in
// arithmetic or compared with a number.
func (e expr) asNumber() string {
	if e.path != nil {
		return fmt.Sprintf("CAST(_SF_JE(%s, %s) AS DOUBLE)", e.path.base, sqlString(e.path.jp))
	}
	return e.sql
}

// stopFunc ends a seq at token t; operand reports whether an operand was just completed.
type stopFunc func(t tok, operand bool) bool

// seq rewrites tokens until a closing bracket, the end of input or stop.
//
// After seq returns, p.single holds the operand when the whole sequence was
// exactly one operand (so that callers need not parse it twice).
func (p *parser) seq(stop stopFunc) (string, error) {
	var b strings.Builder
	operand := false
	pieces := 0
	var last expr
	lastOperand := false
	var mul mulChain                                    // types_mul.go
	sums := addChain{start: -1}                         // types_add.go
	intDiv := ""                                        // a quotient's dividend that is an integer-valued function (types_intfn.go)
	isum := intSum{noSign: p.setOpBlock}                // a sum of integers of known precision (types_intfn.go)
	var mod modOperands                                 // x % y (types_fold.go)
	var rem remainderCheck                              // x % y's scale (types_rem.go)
	lastToks := []tok(nil)                              // the last operand's tokens
	cmp := numTextCmp{wall: p.opts.WallClockZone != ""} // numtext.go
	var vleft variantOperand                            // a VARIANT left of <, >, <=, >= (variant_order.go)
	var uleft variantOperand                            // a column of unknown type left of a comparison (setops_variant.go)
	var uleftIn variantOperand                          // … left of [NOT] IN
	var ubetween unknownBetween                         // … left of [NOT] BETWEEN
	var vin variantOperand                              // a VARIANT left of [NOT] IN (variant_veq.go)
	var vbetween variantBetween                         // x [NOT] BETWEEN a AND b of VARIANTs (variant_veq.go)
	tn := newTextNumCmp()                               // varchar_number.go
	var structAt *tok                                   // the first structured operand (structured.go)
	inQuery := p.inQuery(p.i)
	add := func(s string, sp bool) {
		if b.Len() > 0 && sp {
			b.WriteByte(' ')
		}
		b.WriteString(s)
		pieces++
		lastOperand = false
	}
	seqStart, lastStart := p.i, -1
	defer func() {
		p.single = nil
		if pieces == 1 && lastOperand {
			p.single = &last
		}
		p.sumWidth = isum.width()
		p.seqIntUnknown = isum.unknownOf()
		if u := rem.unknown(); u != "" && p.seqIntUnknown == "" {
			p.seqIntUnknown = u // a remainder with a scale (types_rem.go)
		}
		p.seqRemBind = rem.bindCheck()
		if lastOperand && last.intUnknown != "" && lastStart >= seqStart && signsOnly(p.toks[seqStart:lastStart]) {
			p.seqIntUnknown = last.intUnknown // -DATE_PART(epoch_second, ts) (types_intfn.go)
		}
	}()
	var wraps []*setVariantWrap // set operations this seq wraps (setops_variant.go)
	closeWraps := func() {
		for _, w := range wraps {
			if !w.closed && w.close == p.i {
				add(w.closing(), true)
			}
		}
	}
	for !p.eof() {
		t := p.peek()
		if p.setWrap == nil && (t.IsWord("SELECT") || t.IsWord("WITH") || t.IsOp("(")) {
			// The set operations are analyzed before the first one's
			// first branch is written (setops.go).
			if err := p.analyzeSetOps(); err != nil {
				return "", err
			}
		}
		closeWraps()
		if w := p.setVariantOpen(p.i); w != nil {
			add("SELECT * FROM (", t.sp)
			wraps = append(wraps, w)
		}
		if t.IsOp(")") || t.IsOp("]") || t.IsOp("}") || t.IsOp(";") {
			break
		}
		if stop != nil && stop(t, operand) {
			break
		}
		if g, ok, err := p.groupingSets(); ok || err != nil { // funcs_agg.go
			if err != nil {
				return "", err
			}
			isum.off, isum.notSum = true, true
			add(g, t.sp)
			operand = true
			continue
		}
		if p.startsTerm() {
			if operand {
				// Two operands in a row: `select 1 2`, `where a b`.
				return "", p.unexpected(t)
			}
			opStart := p.i
			if cs, ok, err := p.collatedComparison(); err != nil { // collate.go
				return "", err
			} else if ok {
				add(cs, t.sp)
				last, lastOperand = expr{sql: cs, typ: "BOOLEAN"}, true
				operand = true
				continue
			}
			if key, ok, err := p.collatedOrderItem(); err != nil { // collate_calls.go
				return "", err
			} else if ok {
				add(key, t.sp)
				last, lastOperand = expr{sql: key}, true
				operand = true
				continue
			}
			if item, ok, err := p.collatedSelectItem(); err != nil { // collate_calls.go
				return "", err
			} else if ok {
				add(item, t.sp)
				last, lastOperand = expr{sql: item, typ: "VARCHAR"}, true
				operand = true
				continue
			}
			s, e, err := p.operand()
			if err != nil {
				return "", err
			}
			if intDiv != "" {
				if err := p.checkIntFnOperand(intDiv, e, p.toks[opStart]); err != nil {
					return "", err
				}
				intDiv = ""
			}
			if pieces == 0 && e.typ == "TIMESTAMP" { // TIMESTAMP_NTZ ± INTERVAL '...' <day-time qualifier> (interval_types.go)
				if sql, ok, err := p.dayTimeIntervalArith(s, e.typ); err != nil {
					return "", err
				} else if ok {
					s, e = sql, expr{sql: sql, typ: "TIMESTAMP"}
				}
			}
			if pieces == 0 && e.typ == "DATE" { // DATE ± INTERVAL '...' [<qualifier>] (interval_literal.go, interval_constant.go)
				if sql, typ, ok := p.dateIntervalArith(s); ok {
					s, e = sql, expr{sql: sql, typ: typ}
				} else if de, ok, err := p.dateIntervalConstant(s); err != nil {
					return "", err
				} else if ok {
					s, e = de.sql, de
				}
			}
			if sum, typ, lead, ok, err := p.intervalSum(&b, &sums, cmp.pendingLiteral(), opStart); err != nil { // interval_sum.go
				return "", err
			} else if ok {
				s, e, t.sp = sum, expr{sql: sum, typ: typ}, lead
			}
			if e.typ == tzDuck && p.comparedTZ(opStart) { // tz.go
				s = "(" + s + ").sf_tz_utc"
			} else if p.concatenated(opStart) && p.computedBoolean(opStart, e) {
				// Snowflake converts a BOOLEAN literal or column for ||, but
				// fails on a computed one with 001044 naming both operands'
				// types (docs: data-types-logical), which are known here
				// only after a text literal (concatBooleanError).
				if err := p.concatBooleanError(opStart); err != nil {
					return "", err
				}
				return "", p.unsupported(p.toks[opStart], "|| with a computed BOOLEAN operand")
			} else if isNullConstant(s) && p.concatenated(opStart) {
				s = nullTextOperand // a text, not DuckDB's INTEGER NULL (outfmt.go)
			} else if e.typ != "VARCHAR" && e.path == nil && !looksText(s, true) && p.concatenated(opStart) {
				// `x || y` converts x and y as TO_VARCHAR does (a date or
				// time in the session's output format, tz.go), not as
				// DuckDB's cast to VARCHAR.
				s = concatOperandOf(e, s)
			}
			if s != nullTextOperand && constantOperand(p.toks, opStart, p.i) && p.concatenated(opStart) {
				s = "(SELECT " + constantOperandOnce(s) + ")" // its own type, were it to fold to NULL (outfmt.go)
			}
			if p.inQuery(opStart) {
				end, side := p.i, s
				cmp.listVariant = opStart >= 1 && p.toks[opStart-1].IsWord("IN") && p.inListVariant(opStart, p.i)
				s = cmp.operand(&b, s, e, p.toks[opStart], p.peek(), t.sp && b.Len() > 0, func() bool { return p.unseenSide(opStart, end, e, side) })
				if cmp.wallRefuse != "" {
					return "", p.unsupported(p.toks[opStart], fmt.Sprintf(wallWitnessRefusal, cmp.wallRefuse))
				}
			}
			variantIn := false
			if vin.ok && opStart >= 1 && p.toks[opStart-1].IsWord("IN") {
				// x IN (a, b) of VARIANTs compares their values, as x = a
				// does (variant_veq.go).
				if list, ok := p.variantInList(opStart, p.i); ok && strings.HasPrefix(b.String()[vin.start:], vin.sql) {
					full := b.String()
					b.Reset()
					b.WriteString(full[:vin.start] + "_SF_VEQK(" + vin.sql + ")" + full[vin.start+len(vin.sql):])
					s, variantIn = list, true
					tn.inLeft = [2]int{-1, -1}
				} else if sub, ok, err := p.variantInOther(opStart, p.i, s); err != nil { // setops_variant.go
					return "", err
				} else if ok {
					s = sub
				}
			}
			if opStart >= 1 && p.toks[opStart-1].IsWord("IN") {
				// x IN (…) of a VARIANT and a column whose type only DuckDB
				// sees, on either side (setops_variant.go).
				if vin.ok && !variantIn && p.inListUnknown(opStart, p.i) {
					return "", p.unsupported(p.toks[opStart], "IN of a VARIANT with a list holding a column whose type the local engine cannot work out (cast it, for example to VARIANT)")
				}
				if uleftIn.ok && p.inListVariant(opStart, p.i) {
					guardOperand(&b, uleftIn)
				}
			}
			vin.ok, uleftIn.ok = false, false
			if opStart >= 2 && p.toks[opStart-1].IsWord("IN") && p.toks[opStart-2].IsWord("NOT") {
				// x NOT IN (…): NULL where the list holds a NULL (notin.go).
				if s, err = p.notInList(p.toks[opStart], s); err != nil {
					return "", err
				}
			}
			if inQuery && opStart >= 1 && p.toks[opStart-1].IsWord("IN") && !variantIn {
				s = tn.inList(&b, s)
			}
			json := jsonRendered(e, s)
			if err := p.refuseVectorOrder(e, opStart); err != nil { // vector.go
				return "", err
			}
			if ubetween.stage > 0 {
				// x BETWEEN a AND b of a column whose type only DuckDB sees
				// and VARIANT bounds (setops_variant.go).
				if json && ubetween.bound(opStart, p.toks) {
					guardOperand(&b, ubetween.x)
				}
			}
			if vbetween.stage > 0 && !json && p.comparedWhole() && p.unknownColumn(opStart, p.i) &&
				(p.toks[opStart-1].IsWord("BETWEEN") || p.toks[opStart-1].IsWord("AND")) {
				// A VARIANT between bounds whose type only DuckDB sees.
				s = "_SF_NOTV(" + s + ")"
			}
			if json && vbetween.stage > 0 {
				// x BETWEEN a AND b of VARIANTs orders as x >= a AND x <= b
				// do (variant_veq.go).
				s = vbetween.operand(&b, s, opStart, p.toks, p.peek())
			} else {
				vbetween.stage = 0
			}
			if wrapped, ok := p.setVariantOrderItem(opStart, p.i, s); ok && p.orderItem(opStart) {
				s = wrapped // after a wrapped set operation (setops_variant.go)
			} else {
				if t := p.toks[opStart]; t.Kind == sqllex.Number && p.i == opStart+1 && !p.setOpBlock && p.orderItem(opStart) {
					if item, ok := p.positionVariant(t.Text); ok {
						s = "_SF_VSORT(" + item + ")" // ORDER BY n of a VARIANT item (variant_order.go)
					}
				}
				if (json || e.plain && !p.setOpBlock) && p.orderItem(opStart) {
					// An ORDER BY item that is a VARIANT: numbers by value (variant_order.go).
					if item, ok := p.aliasVariant(opStart, p.i); ok {
						s = "_SF_VSORT(" + item + ")" // DuckDB reuses no alias of a checked expression
					} else if json || p.plainVariant(opStart, p.i) {
						s = "_SF_VSORT(" + s + ")"
					} else if !p.setOpBlock && !p.blockDistinct && p.blockOrderItem(opStart) {
						// A column whose type only DuckDB sees (or an alias
						// naming one): by value if it is a VARIANT
						// (setops_variant.go).
						if item, ok := p.unknownOrderItem(opStart, p.i); ok {
							if item == "" {
								item = s
							}
							s = unseenOrderKeys(item, p.orderDirection())
						}
					}
				} else if !json && !e.plain && e.typ == "" && !p.setOpBlock && !p.blockDistinct && p.orderItem(opStart) &&
					p.blockOrderItem(opStart) && !p.hasBind(opStart, p.i) && p.keyTypeUnseen(opStart, p.i) {
					// An expression around a column whose type only DuckDB
					// sees, or around a VARIANT one (COALESCE(v, w)): by
					// value if it binds as a VARIANT (window_variant.go).
					s = unseenOrderKeys(s, p.orderDirection())
				}
			}
			var op tok
			if opStart >= 1 {
				op = p.toks[opStart-1]
			}
			compared := op.Kind == sqllex.Op && (orderingOps[op.Text] || equalityOps[op.Text])
			if compared && (vleft.ok || uleft.ok) && p.comparedWhole() {
				// A VARIANT compared with a column whose type only DuckDB
				// sees: refused as it binds the statement if that is a
				// VARIANT too (setops_variant.go).
				switch {
				case vleft.ok && !json && p.unknownColumn(opStart, p.i):
					s = "_SF_NOTV(" + s + ")"
				case uleft.ok && json && strings.HasPrefix(b.String()[uleft.start:], uleft.sql):
					full := b.String()
					b.Reset()
					b.WriteString(full[:uleft.start] + "_SF_NOTV(" + uleft.sql + ")" + full[uleft.start+len(uleft.sql):])
				}
			}
			uleft.ok = false
			if json && vleft.ok && compared {
				// v1 < v2 of two VARIANTs compares their order, v1 = v2 their
				// values, not their text (variant_order.go).
				key := "_SF_VSORT("
				if equalityOps[op.Text] {
					key = "_SF_VEQK("
				}
				if !strings.HasPrefix(b.String()[vleft.start:], vleft.sql) {
					return "", p.unsupported(op, "a comparison of two VARIANT values in this form")
				}
				full := b.String()
				b.Reset()
				b.WriteString(full[:vleft.start] + key + vleft.sql + ")" + full[vleft.start+len(vleft.sql):])
				s = key + s + ")"
			}
			vleft.ok = false
			before := b.Len()
			add(s, t.sp)
			start := before
			if start < b.Len() && b.String()[start] == ' ' {
				start++
			}
			if n := p.peek(); json && n.Kind == sqllex.Op && (orderingOps[n.Text] || equalityOps[n.Text]) {
				vleft = variantOperand{ok: true, start: start, sql: s}
			} else if n.Kind == sqllex.Op && (orderingOps[n.Text] || equalityOps[n.Text]) && p.startsExpression(opStart) && p.unknownColumn(opStart, p.i) {
				uleft = variantOperand{ok: true, start: start, sql: s}
			}
			if n := p.peek(); json && !p.startsExpression(opStart) && (n.IsWord("IN") || n.IsWord("BETWEEN") || n.IsWord("NOT") && (p.peekN(1).IsWord("IN") || p.peekN(1).IsWord("BETWEEN"))) {
				// The last operand of an expression left of IN or BETWEEN: a
				// VARIANT whole left side (a = v IN (…)) is not compared by
				// value (setops_variant.go).
				if prev := p.toks[opStart-1]; !prev.IsOp("+") && !prev.IsOp("-") && !prev.IsOp("*") && !prev.IsOp("/") && !prev.IsOp("%") && !prev.IsOp("||") {
					return "", p.unsupported(n, "IN or BETWEEN of a VARIANT after another operator (write the VARIANT first, or in parentheses)")
				}
			}
			if !json && p.startsExpression(opStart) && p.unknownColumn(opStart, p.i) {
				switch n := p.peek(); {
				case n.IsWord("IN") || n.IsWord("NOT") && p.peekN(1).IsWord("IN"):
					uleftIn = variantOperand{ok: true, start: start, sql: s}
				case n.IsWord("BETWEEN") || n.IsWord("NOT") && p.peekN(1).IsWord("BETWEEN"):
					ubetween = unknownBetween{stage: 1, x: variantOperand{ok: true, start: start, sql: s}}
				}
			}
			if json && p.startsExpression(opStart) {
				switch n := p.peek(); {
				case n.IsWord("IN") || n.IsWord("NOT") && p.peekN(1).IsWord("IN"):
					vin = variantOperand{ok: true, start: start, sql: s}
				case n.IsWord("BETWEEN") || n.IsWord("NOT") && p.peekN(1).IsWord("BETWEEN"):
					vbetween = variantBetween{stage: 1, x: variantOperand{ok: true, start: start, sql: s}}
				}
			}
			if inQuery {
				tn.operandAt(start, e.typ)
			}
			if e.st.container() && structAt == nil {
				structAt = &p.toks[opStart]
			}
			last, lastOperand = e, true
			operand = true
			rem.close(p, foldResult{sql: s, toks: p.toks[opStart:p.i], e: &e}) // types_rem.go
			if mod.pending && !p.isOp("*") && !p.isOp("/") && !p.isOp("%") && !p.isOp("::") {
				if err := p.modulo(&b, &mod, foldResult{sql: s, toks: p.toks[opStart:p.i], e: &e}); err != nil {
					return "", err
				}
			}
			mod.pending = false
			lastToks, lastStart = p.toks[opStart:p.i], opStart
			sums.operand(before, e)
			mul.operand(&b, s, e)
			isum.operand(s, e, p.isOp("*"))
			if p.isOp("*") {
				// a * b with Snowflake's result scale (types_mul.go).
				pw, err := p.multiply(&b, &mul)
				if err != nil {
					return "", err
				}
				isum.product(pw)
				pieces++
				sums.compound()
			}
			continue
		}
		wasOperand := operand
		isum.other(t, wasOperand)
		rem.other(t)
		if t.IsOp("%") && operand {
			left := foldResult{}
			if !mul.active && mul.single != nil {
				e := *mul.single
				left = foldResult{sql: e.sql, toks: lastToks, e: &e}
			}
			rem.open(left) // types_rem.go
		}
		switch {
		case t.IsOp("+") || t.IsOp("-"):
			// A binary + or -, or a sign (types_add.go).
			if wasOperand {
				sums.binary(t.Text, b.Len())
			} else {
				sums.sign(b.Len())
			}
		case t.IsOp("*") || t.IsOp("/") || t.IsOp("%"):
			sums.compound()
		case t.IsWord("NOT") && p.peekN(1).IsWord("IN"):
			// x NOT IN (…) rewrites its last operand in place: the chain
			// is left as it is.
			sums.reset()
		default:
			sums.finish(&b, t, cmp.pendingLiteral())
		}
		if t.IsOp("%") && operand && !mul.active && mul.start <= b.Len() {
			// x % y: x is the chain's single operand, or the product or
			// quotient the chain holds so far (% binds as * and /), whose
			// type only DuckDB sees.
			left := foldResult{sql: b.String()[mul.start:], toks: []tok{}}
			if mul.single != nil {
				e := *mul.single
				left.toks, left.e = lastToks, &e
			}
			mod = modOperands{pending: true, start: mul.start, left: left}
		}
		if t.IsOp("/") && operand {
			if !mul.active && mul.single != nil && mul.single.intWidth > 0 {
				// A dividend of known precision: the quotient counts
				// its digits (types_intfn.go).
				full := b.String()
				b.Reset()
				b.WriteString(full[:mul.start] + typedInt(full[mul.start:], mul.single.intWidth))
			} else if !mul.active && mul.single != nil && mul.single.intFn != "" {
				intDiv = mul.single.intFn
			}
			mul.typeDividend(&b)
		} else if !t.IsOp("-") && !t.IsOp("+") {
			intDiv = ""
		}
		cmp.other(t, operand)
		mul.other(t, operand)
		if inQuery {
			tn.other(&b, t, operand, p.peekN(1))
		}
		operand = false
		if t.Kind == sqllex.Word {
			u := strings.ToUpper(t.Text)
			switch u {
			case "SELECT":
				s, err := p.selectCore()
				if err != nil {
					return "", err
				}
				add(s, t.sp)
				continue
			case "MINUS":
				p.next()
				add("EXCEPT", t.sp)
				continue
			case "RLIKE", "REGEXP":
				if u == "RLIKE" && !wasOperand && p.peekN(1).IsOp("(") {
					// RLIKE(subject, pattern [, parameters]): REGEXP_LIKE.
					s, e, err := p.operand()
					if err != nil {
						return "", err
					}
					add(s, t.sp)
					last, lastOperand = e, true
					operand = true
					continue
				}
				// Snowflake's RLIKE matches the whole subject, like DuckDB's ~.
				p.next()
				pat, ok, err := p.infixPattern(t)
				if err != nil {
					return "", err
				}
				if ok {
					add("~ "+pat, t.sp)
					operand = true
					continue
				}
				add("~", t.sp)
				continue
			case "NOT":
				if n := p.peekN(1); wasOperand && (n.IsWord("RLIKE") || n.IsWord("REGEXP")) {
					p.i += 2
					pat, ok, err := p.infixPattern(n)
					if err != nil {
						return "", err
					}
					if ok {
						add("!~ "+pat, t.sp)
						operand = true
						continue
					}
					add("!~", t.sp)
					continue
				}
			case "LIKE", "ILIKE":
				if !wasOperand && !p.peekN(-1).IsWord("NOT") {
					if p.peekN(1).IsOp("(") {
						return "", p.unsupported(t, "function "+u)
					}
					return "", p.unexpected(t)
				}
				if n := p.peekN(1); n.IsWord("ANY") || n.IsWord("ALL") || n.IsWord("SOME") {
					return "", p.unsupported(t, u+" "+strings.ToUpper(n.Text)+" with a complex left operand")
				}
				p.next()
				add(u, t.sp)
				if !p.startsTerm() {
					return "", p.unexpected(p.peek())
				}
				pt := p.peek()
				pat, _, err := p.operand()
				if err != nil {
					return "", err
				}
				add(pat, pt.sp)
				operand = true
				continue
			case "CONNECT", "START":
				if n := p.peekN(1); n.IsWord("BY") || n.IsWord("WITH") {
					return "", p.unsupported(t, u+" "+strings.ToUpper(n.Text)+" (hierarchical queries)")
				}
			case "MATCH_RECOGNIZE", "PIVOT", "UNPIVOT", "SAMPLE", "TABLESAMPLE", "CHANGES", "MATCH_CONDITION":
				return "", p.unsupported(t, u)
			case "COLLATE":
				return "", p.unsupported(t, "COLLATE")
			case "LIMIT", "OFFSET":
				if n := p.peekN(1); n.Text == "''" || n.Text == "$$$$" {
					// '' and $$$$ mean no limit / no offset, as NULL does (docs: limit).
					p.i += 2
					add(u+" NULL", t.sp)
					operand = true
					continue
				}
			}
			if err := p.checkWord(t, u, wasOperand); err != nil { // operators.go
				return "", err
			}
			p.next()
			add(u, t.sp)
			continue
		}
		switch t.Text {
		case "::", "=>", ":", "@", "{", "[":
			return "", p.unexpected(t)
		}
		if err := p.checkOp(t, wasOperand); err != nil { // operators.go
			return "", err
		}
		p.next()
		add(t.Text, t.sp)
	}
	sums.finish(&b, tok{}, cmp.pendingLiteral())
	tn.finish(&b)
	closeWraps()
	for _, w := range wraps {
		if !w.closed {
			return "", p.unsupported(p.toks[w.first], "a set operation of VARIANT values under UNION or ORDER BY in this form")
		}
	}
	if structAt != nil && pieces > 1 {
		// Comparisons and other operators on structured values follow
		// rules (coercion, key order, alphabetical field order) the JSON
		// does not keep (docs: data-types-structured, "Comparing values").
		return "", p.unsupported(*structAt, "an operator on a structured ARRAY, OBJECT or MAP value")
	}
	return b.String(), nil
}

// startsTerm reports whether the next token starts an operand.
func (p *parser) startsTerm() bool {
	t := p.peek()
	switch t.Kind {
	case sqllex.String, sqllex.DollarString, sqllex.Number, sqllex.Variable, sqllex.Bind, sqllex.QuotedIdent:
		return true
	case sqllex.Op:
		return t.Text == "(" || t.Text == "[" || t.Text == "{"
	case sqllex.Word:
		u := strings.ToUpper(t.Text)
		n := p.peekN(1)
		if n.IsOp("(") {
			// FILTER( is Snowflake's function (funcs_lambda.go), FILTER
			// (WHERE DuckDB's aggregate clause.
			return !notFunction[u] || u == "FILTER" && !p.peekN(2).IsWord("WHERE")
		}
		if termKeywords[u] {
			return true
		}
		if typedLiterals[u] && n.Kind == sqllex.String {
			return true
		}
		return !keywords[u]
	}
	return false
}

// operand rewrites one operand with its postfix operators, choosing how an
// uncast path is rendered from the operators around it.
func (p *parser) operand() (string, expr, error) {
	start := p.i
	// CONNECT_BY_ROOT col: an operator of hierarchical (CONNECT BY)
	// queries, which the engine does not implement.
	if t := p.peek(); t.IsWord("CONNECT_BY_ROOT") {
		if n := p.peekN(1); n.Kind == sqllex.Word || n.Kind == sqllex.QuotedIdent {
			return "", expr{}, p.unsupported(t, "CONNECT_BY_ROOT (hierarchical queries)")
		}
	}
	e, err := p.postfix()
	if err != nil {
		return "", expr{}, err
	}
	s := e.render()
	if e.path == nil && p.likeOperand(start) {
		s, e = p.variantTextOperand(s, e, p.toks[start:p.i]) // variant_text_args.go
	}
	if e.path != nil {
		switch p.pathContext(start) {
		case ctxString:
			s = e.asString()
			if col, ok := p.comparedColumn(start); ok {
				s = e.againstColumn(col) // path_column.go
			}
		case ctxNumber:
			s = e.asNumber()
		}
	}
	// x [NOT] LIKE|ILIKE ANY|ALL (p1, p2, ...): DuckDB has no such operator.
	not := p.isWord("NOT")
	k := 0
	if not {
		k = 1
	}
	if op := p.peekN(k); op.IsWord("LIKE") || op.IsWord("ILIKE") {
		if q := p.peekN(k + 1); q.IsWord("ANY") || q.IsWord("ALL") || q.IsWord("SOME") {
			if e.path != nil {
				s = e.asString()
			}
			p.i += k + 2
			if err := p.expectOp("("); err != nil {
				return "", expr{}, err
			}
			pats, err := p.list()
			if err != nil {
				return "", expr{}, err
			}
			if err := p.expectOp(")"); err != nil {
				return "", expr{}, err
			}
			escape := ""
			if p.accept("ESCAPE") {
				esc, err := p.postfix()
				if err != nil {
					return "", expr{}, err
				}
				escape = " ESCAPE " + esc.render()
			}
			joiner := " OR "
			if q.IsWord("ALL") {
				joiner = " AND "
			}
			like := strings.ToUpper(op.Text)
			if not {
				// As in PostgreSQL: NOT applies to each pattern.
				like = "NOT " + like
			}
			var parts []string
			for _, pat := range pats {
				parts = append(parts, fmt.Sprintf("%s %s %s%s", s, like, pat, escape))
			}
			s = "(" + strings.Join(parts, joiner) + ")"
			e = expr{sql: s, typ: "BOOLEAN"}
		}
	}
	return s, e, nil
}

type pathCtx int

const (
	ctxJSON pathCtx = iota
	ctxString
	ctxNumber
)

var comparisonOps = map[string]bool{"=": true, "!=": true, "<>": true, "<": true, ">": true, "<=": true, ">=": true}
var arithmeticOps = map[string]bool{"+": true, "-": true, "*": true, "/": true, "%": true}

// concatenated reports whether the operand that began at token start and
// ends before the current token is a whole operand of ||: next to a ||,
// and next to no arithmetic operator (whose operand it would be instead).
func (p *parser) concatenated(start int) bool {
	var prev tok
	if start >= 1 {
		prev = p.toks[start-1]
	}
	next := p.peek()
	if !prev.IsOp("||") && !next.IsOp("||") {
		return false
	}
	arith := func(t tok) bool {
		return t.Kind == sqllex.Op && (arithmeticOps[t.Text] || t.Text == "::" || t.Text == ":" || t.Text == "[")
	}
	return !arith(prev) && !arith(next)
}

// concatBooleanError is Snowflake's error for a text literal || a computed
// BOOLEAN operand at start (docs: data-types-logical, SELECT 'A' || (0 = 1)
// fails with "001044 (42P13): SQL compilation error: ... Invalid argument
// types for function '||': (VARCHAR(1), BOOLEAN)", a literal of n
// characters being a VARCHAR(n)); nil for any other shape, whose left
// operand's type (another || before it, a column…) is not known here.
func (p *parser) concatBooleanError(start int) *Error {
	if start < 2 || !p.toks[start-1].IsOp("||") || p.peek().IsOp("||") {
		return nil
	}
	lit := p.toks[start-2]
	if lit.Kind != sqllex.String || len(lit.Text) < 3 || lit.Text[0] != '\'' {
		return nil
	}
	v := lit.Text[1 : len(lit.Text)-1]
	if strings.ContainsAny(v, `'\`) {
		return nil // escapes: its length is not its text's
	}
	if start >= 3 {
		if b := p.toks[start-3]; !(b.IsWord("SELECT") || b.IsOp(",") || b.IsOp("(")) {
			return nil
		}
	}
	op := p.toks[start-1]
	return &Error{Code: "001044", Line: op.Line, Col: op.Col,
		Message: fmt.Sprintf("SQL compilation error: error line %d at position %d\nInvalid argument types for function '||': (VARCHAR(%d), BOOLEAN)",
			op.Line, op.Col-1, utf8.RuneCountInString(v))}
}

// computedBoolean reports whether the operand that began at token start
// and ends before the current token is a computed BOOLEAN: a parenthesized
// comparison or logical expression, or a call of a function typed BOOLEAN.
// (A BOOLEAN column or literal is not computed.)
func (p *parser) computedBoolean(start int, e expr) bool {
	first := p.toks[start]
	if e.typ == "BOOLEAN" && (first.Kind == sqllex.Word || first.Kind == sqllex.QuotedIdent) && start+1 < p.i && p.toks[start+1].IsOp("(") {
		return true
	}
	if !first.IsOp("(") || !p.toks[p.i-1].IsOp(")") {
		return false
	}
	depth := 0
	for i := start; i < p.i; i++ {
		t := p.toks[i]
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
			if depth == 0 && i != p.i-1 {
				return false // (a) || (b): the operand is not one parenthesis
			}
		case depth == 1 && t.Kind == sqllex.Op && comparisonOps[t.Text]:
			return true
		case depth == 1 && t.Kind == sqllex.Word:
			switch strings.ToUpper(t.Text) {
			case "AND", "OR", "NOT", "IS", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP", "BETWEEN", "EXISTS":
				return true
			case "SELECT":
				return false // a subquery
			}
		}
	}
	return false
}

// pathContext decides how a path operand that began at token start and ends
// before the current token is compared or computed with.
func (p *parser) pathContext(start int) pathCtx {
	literal := func(i int) pathCtx {
		if i < 0 || i >= len(p.toks) {
			return ctxJSON
		}
		t := p.toks[i]
		for t.IsOp("(") || t.IsOp("-") || t.IsOp("+") {
			i++
			if i >= len(p.toks) {
				return ctxJSON
			}
			t = p.toks[i]
		}
		switch t.Kind {
		case sqllex.String, sqllex.DollarString:
			return ctxString
		case sqllex.Number:
			return ctxNumber
		}
		return ctxJSON
	}
	n := p.peek()
	k := p.i
	if n.IsWord("NOT") {
		k++
		n = p.peekN(1)
	}
	switch {
	case n.Kind == sqllex.Op && comparisonOps[n.Text]:
		if c := literal(k + 1); c != ctxJSON || !equalityOps[n.Text] {
			return c
		}
		return p.operandAfter(k + 1)
	case n.IsWord("LIKE") || n.IsWord("ILIKE") || n.IsWord("RLIKE") || n.IsWord("REGEXP"):
		return ctxString
	case n.IsWord("IN") || n.IsWord("BETWEEN"):
		return literal(k + 1)
	case n.IsOp("||"):
		return ctxString
	case n.Kind == sqllex.Op && arithmeticOps[n.Text]:
		return ctxNumber
	}
	if start >= 1 {
		prev := p.toks[start-1]
		switch {
		case prev.Kind == sqllex.Op && comparisonOps[prev.Text] && start >= 2:
			if c := literal(start - 2); c != ctxJSON || !equalityOps[prev.Text] {
				return c
			}
			return p.operandBefore(start - 2)
		case prev.IsOp("||"), prev.IsWord("LIKE"), prev.IsWord("ILIKE"):
			return ctxString
		case prev.Kind == sqllex.Op && arithmeticOps[prev.Text]:
			return ctxNumber
		}
	}
	return ctxJSON
}

var equalityOps = map[string]bool{"=": true, "!=": true, "<>": true}

// jsonFuncs return semi-structured values.
var jsonFuncs = toSet(`PARSE_JSON TRY_PARSE_JSON GET GET_PATH OBJECT_CONSTRUCT OBJECT_CONSTRUCT_KEEP_NULL
ARRAY_CONSTRUCT ARRAY_CONSTRUCT_COMPACT TO_VARIANT TO_OBJECT TO_ARRAY ARRAY_AGG OBJECT_AGG PARSE_IP PARSE_URL
OBJECT_KEYS SPLIT ARRAY_APPEND ARRAY_CAT ARRAY_SLICE ARRAY_DISTINCT OBJECT_INSERT STRIP_NULL_VALUE`)

// columnCtx is how a path compares for equality with a column or cast whose
// tokens are chain (a dotted name) followed by next: Snowflake compares a
// VARIANT with a VARCHAR column by the VARIANT's string value. FLATTEN's
// VALUE and THIS columns and other paths are semi-structured themselves.
func columnCtx(chain []tok, next tok) pathCtx {
	first, last := chain[0], chain[len(chain)-1]
	if first.Kind == sqllex.Word && (keywords[strings.ToUpper(first.Text)] || niladic[strings.ToUpper(first.Text)]) {
		return ctxJSON
	}
	switch {
	case next.IsOp(":") || next.IsOp("["):
		return ctxJSON
	case next.IsOp("("):
		if len(chain) == 1 && jsonFuncs[strings.ToUpper(last.Text)] {
			return ctxJSON
		}
		return ctxString
	}
	if u := strings.ToUpper(last.Text); last.Kind == sqllex.Word && (u == "VALUE" || u == "THIS") {
		return ctxJSON
	}
	return ctxString
}

// operandAfter classifies the operand starting at token i.
func (p *parser) operandAfter(i int) pathCtx {
	if i >= len(p.toks) || (p.toks[i].Kind != sqllex.Word && p.toks[i].Kind != sqllex.QuotedIdent) {
		return ctxJSON
	}
	chain := []tok{p.toks[i]}
	for i+2 < len(p.toks) && p.toks[i+1].IsOp(".") && (p.toks[i+2].Kind == sqllex.Word || p.toks[i+2].Kind == sqllex.QuotedIdent) {
		i += 2
		chain = append(chain, p.toks[i])
	}
	var next tok
	if i+1 < len(p.toks) {
		next = p.toks[i+1]
	}
	if next.IsOp("::") && i+2 < len(p.toks) {
		return castCtx(p.toks[i+2])
	}
	return columnCtx(chain, next)
}

// operandBefore classifies the operand ending at token i.
func (p *parser) operandBefore(i int) pathCtx {
	if p.toks[i].Kind != sqllex.Word && p.toks[i].Kind != sqllex.QuotedIdent {
		return ctxJSON
	}
	j := i
	for j >= 2 && p.toks[j-1].IsOp(".") && (p.toks[j-2].Kind == sqllex.Word || p.toks[j-2].Kind == sqllex.QuotedIdent) {
		j -= 2
	}
	if j >= 1 {
		switch before := p.toks[j-1]; {
		case before.IsOp("::"):
			return castCtx(p.toks[j])
		case before.IsOp(":"), before.IsOp("."):
			return ctxJSON
		}
	}
	var chain []tok
	for k := j; k <= i; k += 2 {
		chain = append(chain, p.toks[k])
	}
	return columnCtx(chain, tok{})
}

// castCtx classifies a value cast to type word t.
func castCtx(t tok) pathCtx {
	ty, ok := mapType(strings.ToUpper(t.Text), nil)
	switch {
	case !ok || ty.kind == "json":
		return ctxJSON
	case ty.kind == "number":
		return ctxNumber
	case ty.kind == "string":
		return ctxString
	}
	return ctxJSON
}

// list parses comma-separated expressions up to a closing bracket.
func (p *parser) list() ([]string, error) {
	var out []string
	if p.isOp(")") {
		return nil, nil
	}
	for {
		s, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") })
		if err != nil {
			return nil, err
		}
		if s == "" {
			return nil, p.unexpected(p.peek())
		}
		out = append(out, s)
		if !p.acceptOp(",") {
			return out, nil
		}
	}
}

// postfix parses a term and its postfix operators: paths (:key, .key,
// [index]) and casts (::type).
func (p *parser) postfix() (expr, error) {
	e, err := p.term()
	if err != nil {
		return expr{}, err
	}
	for {
		t := p.peek()
		switch {
		case e.st.container() && t.IsOp("["):
			if e, err = p.stIndex(e); err != nil { // structured.go
				return expr{}, err
			}
		case e.st.container() && (t.IsOp(":") || t.IsOp(".")):
			return expr{}, p.unsupported(t, "a path into a structured "+e.st.kind+" value")
		case t.IsOp(":"):
			k := p.peekN(1)
			if k.Kind != sqllex.Word && k.Kind != sqllex.QuotedIdent {
				return expr{}, p.unexpected(k)
			}
			p.i += 2
			if e, err = p.pathKey(e, k); err != nil {
				return expr{}, err
			}
		case t.IsOp(".") && e.path != nil:
			k := p.peekN(1)
			if k.Kind != sqllex.Word && k.Kind != sqllex.QuotedIdent {
				return expr{}, p.unexpected(k)
			}
			p.i += 2
			if e, err = p.pathKey(e, k); err != nil {
				return expr{}, err
			}
		case t.IsOp("["):
			if e, err = p.pathIndex(e); err != nil {
				return expr{}, err
			}
		case t.IsOp("::"):
			p.next()
			ty, err := p.parseType()
			if err != nil {
				return expr{}, err
			}
			e = p.checkedCast(e, ty, false) // wallclock.go
		default:
			return e, nil
		}
	}
}

func startPath(e expr) *jpath {
	if e.path != nil {
		return e.path
	}
	return &jpath{base: e.sql, jp: "$"}
}

// pathKey appends an object key to a path. Keys are case-sensitive, as in Snowflake.
func (p *parser) pathKey(e expr, k tok) (expr, error) {
	key := k.Text
	if k.Kind == sqllex.QuotedIdent {
		key = unquoteIdent(k.Text)
	}
	seg, err := p.keySegment(key, k)
	if err != nil {
		return expr{}, err
	}
	jp := startPath(e)
	return expr{path: &jpath{base: jp.base, jp: jp.jp + seg}, typ: "JSON"}, nil
}

func (p *parser) keySegment(key string, at tok) (string, error) {
	if strings.ContainsAny(key, `"\`) {
		return "", p.unsupported(at, "a path key containing a double quote or backslash")
	}
	return `."` + key + `"`, nil
}

// pathIndex parses [n], ['key'] or [expr] after an operand.
func (p *parser) pathIndex(e expr) (expr, error) {
	open := p.next()
	in, close := p.peek(), p.peekN(1)
	if close.IsOp("]") {
		switch in.Kind {
		case sqllex.Number:
			if !isInteger(in.Text) {
				return expr{}, p.unexpected(in)
			}
			p.i += 2
			jp := startPath(e)
			return expr{path: &jpath{base: jp.base, jp: jp.jp + "[" + in.Text + "]"}, typ: "JSON"}, nil
		case sqllex.String:
			p.i += 2
			seg, err := p.keySegment(snowflakeString(in.Text), in)
			if err != nil {
				return expr{}, err
			}
			jp := startPath(e)
			return expr{path: &jpath{base: jp.base, jp: jp.jp + seg}, typ: "JSON"}, nil
		}
	}
	idx, err := p.seq(nil)
	if err != nil {
		return expr{}, err
	}
	if idx == "" {
		return expr{}, p.unexpected(open)
	}
	if err := p.expectOp("]"); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("_SF_GET(%s, %s)", e.render(), idx), typ: "JSON"}, nil
}

func isInteger(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// term parses one operand without postfix operators.
func (p *parser) term() (expr, error) {
	t := p.peek()
	switch t.Kind {
	case sqllex.String:
		p.next()
		if what := escapeUnsupported(t.Text); what != "" {
			return expr{}, p.unsupported(t, what)
		}
		return expr{sql: textLiteral(snowflakeString(t.Text)), typ: "VARCHAR"}, nil
	case sqllex.DollarString:
		p.next()
		return expr{sql: sqlString(t.Text[2 : len(t.Text)-2]), typ: "VARCHAR"}, nil
	case sqllex.Number:
		p.next()
		s, err := p.numLiteral(p.i - 1) // numlit.go
		return expr{sql: s}, err
	case sqllex.Variable:
		if isInteger(t.Text[1:]) {
			// $n is the n-th column of the FROM clause (DuckDB's #n); a
			// qualified STG.$1 is a column named "$1" (see nameRef).
			p.next()
			if c, err := p.positionalColumn(t); c != "" || err != nil { // positional.go
				return expr{sql: c}, err
			}
			return expr{sql: "#" + t.Text[1:], intWidth: p.positionalIntWidth(t)}, nil // positional.go
		}
		return expr{}, p.unsupported(t, "session variable "+t.Text)
	case sqllex.Bind:
		at := p.i
		p.next()
		sql := "?"
		if t.Text != "?" && isInteger(t.Text[1:]) {
			sql = "$" + t.Text[1:]
		}
		if t.Text == "?" || isInteger(t.Text[1:]) {
			if e, ok := p.typedBind(at, sql); ok { // binds.go
				return e, nil
			}
			return expr{sql: sql}, nil
		}
		return expr{}, p.unsupported(t, "named bind variable "+t.Text)
	case sqllex.QuotedIdent:
		return p.nameRef()
	case sqllex.Op:
		switch t.Text {
		case "(":
			if err := p.outerJoinMarker(); err != nil { // operators.go
				return expr{}, err
			}
			if e, ok, err := p.timestampDifferenceText(); ok || err != nil { // (ts1 - ts2)::INTERVAL … (interval_types.go)
				return e, err
			}
			p.next()
			open := p.i
			inner, err := p.seq(nil)
			if err != nil {
				return expr{}, err
			}
			if err := p.expectOp(")"); err != nil {
				return expr{}, err
			}
			if p.toks[open].IsWord("SELECT") && open >= 2 && !subqueryOperator[strings.ToUpper(p.toks[open-2].Text)] &&
				p.correlatedManyRows(open, p.i-1) {
				refusal := p.unsupported(t, "a correlated scalar subquery that is not an aggregate without GROUP BY (Snowflake: supported only where it returns one row by construction)")
				if !p.unsupportedSubquery(open, p.i-1, refusal) { // subquery_type.go
					return expr{}, refusal
				}
			}
			if p.toks[open].IsWord("SELECT") && open >= 2 && p.quantifiedOperand(open-2) {
				if err := p.subqueryPlacement(open-2, open-1, p.i-1); err != nil { // subquery_context.go
					return expr{}, err
				}
			}
			if p.toks[open].IsWord("SELECT") && open >= 2 && p.quantifiedOperand(open-2) &&
				p.limitAtLevel(open+1, p.i-1) && p.correlatedSubquery(open, p.i-1) {
				// querying-subqueries: "The only type of subquery that
				// allows a LIMIT / FETCH clause is an uncorrelated scalar
				// subquery"; DuckDB answers a correlated IN, EXISTS or
				// ANY/ALL subquery with one.
				return expr{}, p.unsupported(t, "LIMIT, FETCH or TOP in a correlated "+strings.ToUpper(p.toks[open-2].Text)+" subquery (Snowflake allows them only in an uncorrelated scalar subquery)")
			}
			out := expr{sql: "(" + inner + ")", intWidth: p.sumWidth}
			switch {
			case p.toks[open].IsWord("SELECT"):
				out.intWidth = p.scalarIntWidth(open, p.i-1) // types_intfn.go
				if out.intWidth == 0 {
					out.intUnknown = p.scalarIntUnknown(open, p.i-1)
				}
				return out, nil
			case p.toks[open].IsWord("WITH"):
				return expr{sql: out.sql}, nil // (its own items' widths say nothing of it)
			}
			if p.single == nil {
				// A remainder with a scale, or whose type DuckDB sees
				// (types_rem.go).
				out.intUnknown, out.remBind = p.seqIntUnknown, p.seqRemBind
			}
			if p.single != nil {
				out.remBind = p.single.remBind
				// (LENGTH(s)) is the call's integer (types_intfn.go); a
				// bracketed literal keeps its type ('2024-05-08' as a
				// Scripting variable's value is written in brackets, and
				// DATEADD reads a text as a timestamp).
				out.intFn, out.intWidth, out.intUnknown = p.single.intFn, p.single.intWidth, p.single.intUnknown
				if (p.single.typ == "VARCHAR" || strings.HasPrefix(p.single.typ, "DECIMAL(")) && p.single.path == nil {
					out.typ = p.single.typ // (a NUMBER's scale: funcs_num.go, roundedDecimal)
				}
			}
			return out, nil
		case "[":
			// Snowflake ARRAY constant.
			p.next()
			items, err := p.listUntil("]")
			if err != nil {
				return expr{}, err
			}
			// An item that is itself an array with an undefined element
			// ([[1, 2], [NULL]]) keeps its alternative (undefined.go).
			itemAlts := map[int]string{}
			for i, it := range items {
				if a, ok := p.undefinedOf(strings.TrimSpace(it)); ok && a.result {
					itemAlts[i] = a.sql
				}
				if !strings.EqualFold(strings.TrimSpace(it), "NULL") { // refused below
					items[i] = arrayConstantElem(it) // funcs_variant.go
				}
			}
			e := expr{sql: "json_array(" + strings.Join(refuseUndefined(items, "an ARRAY constant"), ", ") + ")", typ: "JSON"} // funcs_types.go
			// The alternative keeping a NULL item as undefined (undefined.go).
			if hasNullItem(items) || len(itemAlts) > 0 {
				altItems := append([]string(nil), items...)
				for i, a := range itemAlts {
					altItems[i] = a
				}
				isAlt := map[string]bool{}
				for _, a := range itemAlts {
					isAlt[a] = true
				}
				p.noteUndefined(e.sql, undefAlt{sql: undefinedItems(altItems, func(it string) string {
					if isAlt[it] {
						return it // already the array's text
					}
					return "CAST(json_array(" + it + ") AS VARCHAR)[2:-2]" // the item as json_array writes it
				}), result: true})
			}
			return e, nil
		case "{":
			// Snowflake OBJECT constant {'k': v, ...}.
			p.next()
			if p.startsWildcard() { // {*}: funcs_wildcard.go
				if err := p.refuseUndefinedWildcard("", t); err != nil { // undefined_stored.go
					return expr{}, err
				}
				return p.objectConstantWildcard(t)
			}
			var kv []string
			for !p.isOp("}") {
				k := p.next()
				if k.Kind != sqllex.String {
					return expr{}, p.unexpected(k)
				}
				if err := p.expectOp(":"); err != nil {
					return expr{}, err
				}
				at := p.peek()
				v, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") })
				if err != nil {
					return expr{}, err
				}
				if err := p.stInConstant(at); err != nil { // structured.go
					return expr{}, err
				}
				if !strings.EqualFold(strings.TrimSpace(v), "NULL") {
					v = arrayConstantElem(v) // a TIME or TIMESTAMP as its element text (funcs_variant.go)
				}
				kv = append(kv, sqlString(snowflakeString(k.Text)), v)
				if !p.acceptOp(",") {
					break
				}
			}
			if err := p.expectOp("}"); err != nil {
				return expr{}, err
			}
			return expr{sql: "json_object(" + strings.Join(kv, ", ") + ")", typ: "JSON"}, nil
		}
	case sqllex.Word:
		u := strings.ToUpper(t.Text)
		n := p.peekN(1)
		switch {
		case u == "CASE":
			return p.caseExpr()
		case u == "X" && n.Kind == sqllex.String && n.Pos == t.Pos+1:
			return p.hexLiteral(t, n) // funcs_bits.go
		case typedLiterals[u] && n.Kind == sqllex.String:
			p.i += 2
			lit := sqlString(snowflakeString(n.Text))
			if u == "INTERVAL" {
				if q := p.peek(); q.Kind == sqllex.Word && intervalQualifiers[strings.ToUpper(q.Text)] != "" {
					// An interval data type literal: answered as text, and in DATE
					// and TIMESTAMP_NTZ arithmetic (interval_literal.go, interval_types.go).
					return p.intervalLiteral(t, n)
				}
				return p.intervalConstant(t, snowflakeString(n.Text)) // interval_constant.go
			}
			if hasNanos(snowflakeString(n.Text)) { // funcs_time.go
				return expr{}, p.unsupported(t, "TIME/TIMESTAMP values with more than 6 fractional digits of seconds (nanoseconds)")
			}
			ty := mapTypeName(p.timestampName(u)) // timestamp_mapping.go
			if ty.kind == "timestamp_tz" {
				return castExpr(expr{sql: lit, typ: "VARCHAR"}, ty, false), nil // tz.go
			}
			return expr{sql: fmt.Sprintf("CAST(%s AS %s)", lit, ty.duck), typ: ty.duck}, nil
		case u == "NULL" || u == "TRUE" || u == "FALSE":
			p.next()
			return expr{sql: u}, nil
		case niladic[u] && !n.IsOp("("):
			p.next()
			return p.callFunc(&call{name: u, t: t})
		}
		return p.nameRef()
	}
	return expr{}, p.unexpected(t)
}

func (p *parser) listUntil(close string) ([]string, error) {
	var items []string
	for !p.isOp(close) {
		at := p.peek()
		s, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") })
		if err != nil {
			return nil, err
		}
		if err := p.stInConstant(at); err != nil { // structured.go
			return nil, err
		}
		items = append(items, s)
		if !p.acceptOp(",") {
			break
		}
	}
	if err := p.expectOp(close); err != nil {
		return nil, err
	}
	return items, nil
}

// nameRef parses a possibly qualified column reference or function call.
func (p *parser) nameRef() (expr, error) {
	first := p.peek()
	if v, ok := p.lambdaVars[lambdaKey(first)]; ok && (first.Kind == sqllex.Word || first.Kind == sqllex.QuotedIdent) &&
		!p.peekN(1).IsOp(".") && !p.peekN(1).IsOp("(") {
		p.next()
		return v, nil // a lambda expression's argument (funcs_lambda.go), before a select item's alias
	}
	if s, ok := p.substAt[p.i]; ok {
		p.next()
		// an alias's expression (order_distinct.go), of its precision (types_intfn.go)
		return expr{sql: "(" + s + ")", intWidth: p.aliasWidths[identKey(first)], st: p.aliasST[identKey(first)]}, nil
	}
	if first.IsWord("IDENTIFIER") && p.peekN(1).IsOp("(") && p.peekN(2).Kind == sqllex.String && p.peekN(3).IsOp(")") && p.peekN(4).IsOp("(") {
		// IDENTIFIER('name')(args): the string names the function called
		// (docs: identifier-literal, "a session variable that has a
		// function name"); its parts sit where the literal does.
		lit := p.peekN(2)
		parts, err := identifierParts(lit)
		if err != nil {
			return expr{}, err
		}
		for k := range parts {
			parts[k].Line, parts[k].Col, parts[k].Pos = lit.Line, lit.Col, lit.Pos
		}
		p.i += 4
		return p.call(parts)
	}
	var parts []tok
	for {
		t := p.next()
		parts = append(parts, t)
		if !p.isOp(".") {
			break
		}
		n := p.peekN(1)
		if n.Kind == sqllex.Word || n.Kind == sqllex.QuotedIdent || (n.Kind == sqllex.Variable && isInteger(n.Text[1:])) {
			p.next()
			continue
		}
		if n.IsOp("*") {
			p.i += 2
			return expr{sql: renderName(parts) + ".*"}, nil
		}
		return expr{}, p.unexpected(n)
	}
	if len(parts) == 1 && p.isOp("(") && p.cteName(first) {
		return p.cteColumns(parts[0])
	}
	if err := p.outerJoinMarker(); err != nil { // t2.c(+): operators.go
		return expr{}, err
	}
	if p.isOp("(") && parts[len(parts)-1].Kind == sqllex.Word {
		return p.call(parts)
	}
	if len(parts) == 1 && first.IsWord("DEFAULT") {
		return expr{sql: "DEFAULT"}, nil // INSERT ... VALUES (DEFAULT, ...)
	}
	if len(parts) > 1 && parts[len(parts)-1].IsWord("NEXTVAL") {
		return p.nextval(parts[:len(parts)-1]) // sequence.go
	}
	if len(parts) == 1 && first.Kind == sqllex.Word && keywords[strings.ToUpper(first.Text)] {
		return expr{}, p.unexpected(first)
	}
	if len(parts) == 1 {
		if w, unknown, ok := p.lateralIntType(first); ok { // types_lateral.go
			return expr{sql: renderName(parts), plain: true, intWidth: w, intUnknown: unknown}, nil
		}
	}
	typ, raw := p.columnTypes(parts) // coltypes_time.go
	if e, ok, err := p.intervalColumnRef(parts, raw); ok {
		return e, err // an interval column (interval_columns.go)
	}
	if p.collatedName(parts[len(parts)-1]) {
		if err := p.collatedColumnRef(parts); err != nil { // collate_column.go
			return expr{}, err
		}
	}
	if e, ok, err := p.storedUndefinedColumn(parts); err != nil || ok { // undefined_stored.go
		return e, err
	}
	e := expr{sql: renderName(parts), plain: true, typ: typ, float: raw == "DOUBLE" || raw == "FLOAT", variant: raw == "JSON",
		textColumn: raw == "VARCHAR"}
	if _, _, ok := vectorShape(raw); ok {
		e.typ = raw // a VECTOR column (vector.go)
	}
	if typ == "" && !p.setOpBlock {
		e.intWidth = p.derivedIntWidth(parts) // types_intfn.go
		if e.intWidth == 0 {
			p.typedRemBind = false
			e.intUnknown = p.derivedIntUnknown(parts) // types_intfn.go
			e.remBind = p.typedRemBind                // a derived remainder (types_rem.go)
			e.derivedRef = parts
		}
	}
	return e, nil
}

// renderName renders a dotted name: unquoted parts upper-cased (and quoted
// when DuckDB reserves them), quoted parts kept exactly.
func renderName(parts []tok) string {
	var b strings.Builder
	for i, t := range parts {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(identSQL(t))
	}
	return b.String()
}

// identSQL renders one identifier token for DuckDB.
func identSQL(t tok) string {
	switch t.Kind {
	case sqllex.QuotedIdent:
		return t.Text
	case sqllex.Variable:
		return `"` + t.Text + `"`
	}
	u := strings.ToUpper(t.Text)
	if duckReserved[u] || strings.ContainsAny(u, "$") || !isASCIIIdent(u) {
		return quoteIdent(u)
	}
	return u
}

func isASCIIIdent(s string) bool {
	for _, c := range s {
		if !(c == '_' || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
			return false
		}
	}
	return true
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func unquoteIdent(s string) string {
	return strings.ReplaceAll(s[1:len(s)-1], `""`, `"`)
}

// nameString is the Snowflake object name of a dotted name, as handed to
// engine hooks: unquoted parts upper-cased, quoted parts exact, no quotes.
func nameString(parts []tok) string {
	return strings.Join(nameStrings(parts), ".")
}

// nameStrings is nameString's parts, one per part of the name.
func nameStrings(parts []tok) []string {
	var s []string
	for _, t := range parts {
		if t.Kind == sqllex.QuotedIdent {
			s = append(s, unquoteIdent(t.Text))
		} else {
			s = append(s, strings.ToUpper(t.Text))
		}
	}
	return s
}

// caseExpr parses CASE ... END.
func (p *parser) caseExpr() (expr, error) {
	caseTok := p.next()
	var parts []casePart
	kw := ""
	collOp, err := p.collatedCaseOperand() // collate_case.go
	if err != nil {
		return expr{}, err
	}
	for {
		t := p.peek()
		if t.Kind == 0 {
			return expr{}, p.unexpected(t)
		}
		if t.IsWord("END") {
			p.next()
			var rs []foldResult // types_fold.go
			unknown := ""       // a result's intUnknown (types_intfn.go)
			for _, part := range parts {
				if part.result {
					e := part.e
					rs = append(rs, foldResult{sql: part.sql, toks: part.toks, e: &e})
					if unknown == "" {
						unknown = e.intUnknown
					}
				}
			}
			cast, typ, guard := p.foldPlan(rs)
			if cast || guard != "" {
				k := 0
				for i := range parts {
					if parts[i].result {
						if cast {
							parts[i].sql = p.foldCast(rs[k], typ)
						} else {
							parts[i].sql = p.foldLiteralIn(rs[k], rs) // types_fold.go
						}
						parts[i].e = expr{sql: parts[i].sql}
						k++
					}
				}
			}
			var b strings.Builder
			b.WriteString("CASE")
			if p.inQuery(p.i) {
				var err error
				if parts, err = p.implicitEqCase(parts); err != nil { // implicit_eq.go
					return expr{}, err
				}
				parts = numTextCaseOperand(parts, p.opts.WallClockZone != "") // numtext.go
			}
			parts, err := p.wallCaseResults(numTextCase(parts), caseTok) // numtext.go, wallclock_cmp.go
			if err != nil {
				return expr{}, err
			}
			for _, part := range parts {
				b.WriteString(" " + part.sql)
			}
			b.WriteString(" END")
			if guard != "" {
				s := foldGuarded(b.String(), guard)
				b.Reset()
				b.WriteString(s)
			}
			// The results' fold (types_intfn.go), as a conditional
			// function's.
			var results []arg
			for _, part := range parts {
				if part.result {
					e := part.e
					results = append(results, arg{sql: part.sql, e: &e, toks: part.toks, intWidth: part.intWidth})
				}
			}
			out := expr{sql: b.String()}
			if !p.setOpBlock {
				out.intWidth = resultsIntWidth(results)
			}
			if out.intWidth == 0 && unknown == "" {
				unknown = resultsTextIntUnknown("CASE", results)
			}
			out.intUnknown = unknown
			// Results that are VARIANTs (or NULL): a VARIANT, as a
			// conditional function's (funcs.go: conditionalOfVariants).
			out.variant = p.variantsOrNull(results)
			return out, nil
		}
		if t.IsWord("WHEN") || t.IsWord("THEN") || t.IsWord("ELSE") {
			p.next()
			kw = strings.ToUpper(t.Text)
			parts = append(parts, casePart{sql: kw})
			continue
		}
		if collOp != nil && kw == "WHEN" {
			cond, err := p.collatedCaseWhen(*collOp)
			if err != nil {
				return expr{}, err
			}
			parts = append(parts, cond)
			kw = ""
			continue
		}
		start := p.i
		s, err := p.seq(func(t tok, _ bool) bool {
			return t.IsWord("WHEN") || t.IsWord("THEN") || t.IsWord("ELSE") || t.IsWord("END")
		})
		if err != nil {
			return expr{}, err
		}
		if s == "" {
			return expr{}, p.unexpected(p.peek())
		}
		if p.single != nil && p.single.st.container() {
			// A CASE of structured values coerces its branches to one
			// type (docs: data-types-structured, "Using structured types
			// with set operators and CASE expressions"), which the JSON
			// does not.
			return expr{}, p.unsupported(p.toks[start], "a structured value in a CASE expression")
		}
		part := casePart{sql: s, result: kw == "THEN" || kw == "ELSE", e: expr{sql: s}, intWidth: p.sumWidth, toks: p.toks[start:p.i]}
		if p.single != nil {
			part.e, part.intWidth = *p.single, p.single.intWidth
		}
		if p.i == start+1 && p.toks[start].Kind == sqllex.String {
			part.lit = p.toks[start].Text
		}
		parts = append(parts, part)
	}
}

// sqlString renders s as a DuckDB string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// StringValue is the value of a Snowflake string literal as the lexer
// reads it: single-quoted (a doubled quote, backslash escapes) or
// dollar-quoted.
func StringValue(lit string) string {
	if strings.HasPrefix(lit, "$$") && strings.HasSuffix(lit, "$$") && len(lit) >= 4 {
		return lit[2 : len(lit)-2]
	}
	return snowflakeString(lit)
}

// snowflakeString decodes a Snowflake single-quoted literal (” and backslash escapes).
func snowflakeString(lit string) string {
	body := lit[1 : len(lit)-1]
	if !strings.ContainsAny(body, `\'`) {
		return body
	}
	var b strings.Builder
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\'' && i+1 < len(body) && body[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == '\\' && i+1 < len(body):
			i++
			switch e := body[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			case 'b':
				b.WriteByte('\b')
			case 'f':
				b.WriteByte('\f')
			case '0', '1', '2', '3', '4', '5', '6', '7':
				// \ooo: "ASCII character in octal notation"; \0 alone is
				// NUL (docs: data-types-text, escape sequences).
				if i+2 < len(body) && isOctal(body[i+1]) && isOctal(body[i+2]) {
					b.WriteByte((e-'0')<<6 | (body[i+1]-'0')<<3 | (body[i+2] - '0'))
					i += 2
					continue
				}
				if e == '0' {
					b.WriteByte(0)
				} else {
					b.WriteByte(e)
				}
			case 'x':
				if i+2 < len(body) {
					var v byte
					if _, err := fmt.Sscanf(body[i+1:i+3], "%02x", &v); err == nil {
						b.WriteByte(v)
						i += 2
						continue
					}
				}
				b.WriteByte('x')
			case 'u':
				if i+4 < len(body) {
					var v rune
					if _, err := fmt.Sscanf(body[i+1:i+5], "%04x", &v); err == nil {
						b.WriteRune(v)
						i += 4
						continue
					}
				}
				b.WriteByte('u')
			default:
				b.WriteByte(e)
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// subqueryClause: the words that start a clause of a query block.
var subqueryClause = toSet(`SELECT FROM WHERE GROUP HAVING QUALIFY ORDER ON USING LIMIT WINDOW`)

// unqualifiedOuterColumn reports whether the scalar subquery whose SELECT
// is token a and whose ")" is token b names, unqualified, a column that no
// table of its own FROM clause has and a table of the enclosing block does:
// a correlation, as a name resolves to the innermost relation that has it
// (`(SELECT x FROM t2 WHERE y = c2)` beside a table with C2). Where a FROM
// item's columns are not known (a derived table, a table function, a
// view the rewriter cannot read) nothing is reported.
func (p *parser) unqualifiedOuterColumn(a, b int) bool {
	outer := p.scope
	if outer == nil || outer.unknown {
		return false
	}
	inner := p.scanScope(a + 1)
	if inner == nil || inner.unknown || len(inner.rels) == 0 {
		return false
	}
	for _, r := range inner.rels {
		if r.load(p); r.failed {
			return false
		}
	}
	has := func(sc *scope, col string) bool {
		for _, r := range sc.rels {
			if r.load(p); !r.failed {
				if _, ok := r.cols[col]; ok {
					return true
				}
			}
		}
		return false
	}
	clause := "SELECT"
	for k := a + 1; k < b; k++ {
		t := p.toks[k]
		if t.IsOp("(") && p.toks[k+1].IsWord("SELECT") || t.IsOp("(") && p.toks[k+1].IsWord("WITH") {
			// A nested subquery resolves its own names.
			if end := p.matching(k); end > k {
				k = end
			}
			continue
		}
		if t.Kind == sqllex.Word && subqueryClause[strings.ToUpper(t.Text)] {
			clause = strings.ToUpper(t.Text)
			continue
		}
		if t.IsWord("JOIN") {
			clause = "FROM" // the joined table's name and alias
			continue
		}
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent || clause == "FROM" || clause == "USING" {
			continue
		}
		prev, next := p.toks[k-1], p.toks[k+1]
		if t.Kind == sqllex.Word && keywords[strings.ToUpper(t.Text)] ||
			prev.IsOp(".") || next.IsOp(".") || next.IsOp("(") || prev.IsOp(":") || prev.IsOp("::") || prev.IsWord("AS") ||
			next.Kind == sqllex.String {
			continue // a keyword, a qualified name's part, a call, a path key, a type, an alias, a typed literal
		}
		col := identKey(t)
		if inner.aliases[col] || has(inner, col) {
			continue
		}
		if has(outer, col) {
			return true
		}
	}
	return false
}

// subqueryOperator: words before a subquery's "(" that make it the operand
// of IN, EXISTS, ANY/ALL/SOME, not a scalar subquery.
var subqueryOperator = toSet(`IN EXISTS ANY ALL SOME`)

// correlatedManyRows reports whether the scalar subquery whose SELECT is
// token a and whose ")" is token b refers to a table it does not name (a
// qualified column Q.c with no Q of its own: a correlation) while it may
// return several rows. The docs (querying-subqueries, usage notes): a
// correlated scalar subquery is "supported only if [it] can be statically
// determined to return one row (e.g. if the SELECT list contains an
// aggregate function with no GROUP BY)", and "the LIMIT / FETCH clause is
// allowed only in uncorrelated scalar subqueries"; DuckDB answers them all.
// An unqualified outer column counts where the rewriter knows the columns
// of the subquery's tables (unqualifiedOuterColumn).
func (p *parser) correlatedManyRows(a, b int) bool {
	if !p.correlatedSubquery(a, b) {
		return false
	}
	// One row by construction: an aggregate (not a window) in the select
	// list, no GROUP BY, LIMIT or set operation at the subquery's level.
	grouped, aggregate, _ := p.selectShape(a+1, b)
	return grouped || !aggregate
}

// correlatedSubquery reports whether the subquery whose SELECT is token a
// and whose ")" is token b refers to a table it does not name (a qualified
// column Q.c with no Q of its own), or to an outer column unqualified where
// the rewriter knows the columns of the subquery's tables
// (unqualifiedOuterColumn).
func (p *parser) correlatedSubquery(a, b int) bool {
	name := func(t tok) string {
		switch t.Kind {
		case sqllex.Word:
			return strings.ToUpper(t.Text)
		case sqllex.QuotedIdent:
			return strings.Trim(t.Text, `"`)
		}
		return ""
	}
	defined := map[string]bool{}
	var qualifiers []string
	clause := []string{"SELECT"} // the clause at each bracket depth
	for k := a + 1; k < b; k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			clause = append(clause, "")
			continue
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if len(clause) > 1 {
				clause = clause[:len(clause)-1]
			}
			continue
		case t.Kind == sqllex.Word && subqueryClause[strings.ToUpper(t.Text)]:
			clause[len(clause)-1] = strings.ToUpper(t.Text)
		}
		n := name(t)
		if n == "" {
			continue
		}
		prev := p.toks[k-1]
		if prev.IsWord("FROM") || prev.IsWord("JOIN") || prev.IsOp(",") && clause[len(clause)-1] == "FROM" {
			// A table's name (db.schema.t): its last part names it.
			m := k
			for m+2 < b && p.toks[m+1].IsOp(".") && name(p.toks[m+2]) != "" {
				m += 2
			}
			defined[name(p.toks[m])] = true
			k = m
			continue
		}
		if prev.IsOp(".") {
			defined[n] = true // the table of db.schema.t
			continue
		}
		if !p.toks[k+1].IsOp(".") {
			defined[n] = true // FROM t, t AS x, x
			continue
		}
		if prev.IsOp(":") {
			continue // a path's key
		}
		// Q.c or Q.c.d (...) : a qualifier, unless the dotted name is a
		// function or a sequence's NEXTVAL.
		m := k
		for m+2 < b && p.toks[m+1].IsOp(".") && name(p.toks[m+2]) != "" {
			m += 2
		}
		if p.toks[m+1].IsOp("(") || name(p.toks[m]) == "NEXTVAL" || name(p.toks[m]) == "CURRVAL" {
			continue
		}
		qualifiers = append(qualifiers, n)
	}
	for _, q := range qualifiers {
		if !defined[q] {
			return true
		}
	}
	return p.unqualifiedOuterColumn(a, b)
}

// limitAtLevel reports whether the query block in tokens [from, to) has a
// LIMIT, FETCH or TOP of its own (not in a nested bracket).
func (p *parser) limitAtLevel(from, to int) bool {
	return p.atLevel(from, to, func(k int) bool {
		t := p.toks[k]
		return t.IsWord("LIMIT") || t.IsWord("FETCH") || t.IsWord("TOP")
	}) >= 0
}

// atLevel is the index of the first token in [from, to) outside nested
// brackets for which found reports true, or -1.
func (p *parser) atLevel(from, to int, found func(k int) bool) int {
	depth := 0
	for k := from; k < to; k++ {
		t := p.toks[k]
		switch {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			depth--
		case depth == 0 && found(k):
			return k
		}
	}
	return -1
}

// selectShape reads the query block in tokens [from, to) after its SELECT:
// whether it has a GROUP BY, LIMIT/FETCH/TOP or set operation at its level
// (grouped), an aggregate that is not a window in its select list, and a
// FROM clause.
func (p *parser) selectShape(from, to int) (grouped, aggregate, hasFrom bool) {
	grouped = p.atLevel(from, to, func(k int) bool {
		t := p.toks[k]
		switch {
		case t.IsWord("FROM"):
			hasFrom = true
		case t.IsWord("GROUP"), t.IsWord("LIMIT"), t.IsWord("FETCH"), t.IsWord("TOP"), isSetOpWord(t):
			return true
		case !hasFrom && t.Kind == sqllex.Word && k+1 < to && p.toks[k+1].IsOp("(") && aggregateNames[strings.ToUpper(t.Text)]:
			end := p.matching(k + 1)
			if end < 0 || end+1 >= to || !p.toks[end+1].IsWord("OVER") {
				aggregate = true
			}
		}
		return false
	}) >= 0
	return grouped, aggregate, hasFrom
}

func isOctal(c byte) bool { return c >= '0' && c <= '7' }

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

// escapeUnsupported names a backslash escape of Snowflake single-quoted
// literal lit whose value the docs do not settle, or "". The docs
// (https://docs.snowflake.com/en/sql-reference/data-types-text, escape
// sequences) list \0 (NUL), \ooo (an ASCII character in octal), \xhh (an
// ASCII character in hexadecimal) and \uhhhh ("exactly four" hexadecimal
// digits); they say nothing of one or two octal digits ('\1', '\01x': a
// digit or an octal code?), of a code above ASCII ('\377', '\xff'), or of
// \x or \u without their digits.
func escapeUnsupported(lit string) string {
	if len(lit) < 2 || lit[0] != '\'' {
		return ""
	}
	body := lit[1 : len(lit)-1]
	at := func(i int) byte {
		if i < len(body) {
			return body[i]
		}
		return 0
	}
	for i := 0; i < len(body); i++ {
		switch {
		case body[i] == '\'' && at(i+1) == '\'':
			i++
		case body[i] == '\\' && i+1 < len(body):
			i++
			e := body[i]
			switch {
			case isOctal(e) && isOctal(at(i+1)) && isOctal(at(i+2)):
				if e > '1' {
					return "a backslash octal escape above ASCII (\\" + body[i:i+3] + ")"
				}
				i += 2
			case e >= '1' && e <= '7', e == '0' && isOctal(at(i+1)):
				return "a backslash escape of fewer than three octal digits"
			case e == 'x' && !(isHex(at(i+1)) && isHex(at(i+2))):
				return "a backslash \\x escape without two hexadecimal digits"
			case e == 'x' && at(i+1) > '7':
				return "a backslash \\x escape above ASCII (\\x" + body[i+1:i+3] + ")"
			case e == 'u' && !(isHex(at(i+1)) && isHex(at(i+2)) && isHex(at(i+3)) && isHex(at(i+4))):
				return "a backslash \\u escape without four hexadecimal digits"
			}
		}
	}
	return ""
}

// textLiteral renders text s as a DuckDB string expression: a NUL (the
// '\0' escape) cannot be in a DuckDB literal, so it is joined in as CHR(0).
func textLiteral(s string) string {
	if !strings.Contains(s, "\x00") {
		return sqlString(s)
	}
	parts := strings.Split(s, "\x00")
	for i, part := range parts {
		parts[i] = sqlString(part)
	}
	return "(" + strings.Join(parts, " || chr(0) || ") + ")"
}

// cteName reports whether name (just read, '(' next) names a CTE with a
// column list: WITH [RECURSIVE] name (a, b) AS (...), or after a ',' in
// the WITH clause. The list's ')' is followed by AS and '(' (a call's
// arguments never are).
func (p *parser) cteName(name tok) bool {
	k := p.i - 2 // the token before name
	if k < 0 || !(p.toks[k].IsWord("WITH") || p.toks[k].IsWord("RECURSIVE") || p.toks[k].IsOp(",")) {
		return false
	}
	for j := p.i + 1; j+2 < len(p.toks); j++ {
		t := p.toks[j]
		if t.IsOp(")") {
			return p.toks[j+1].IsWord("AS") && p.toks[j+2].IsOp("(")
		}
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent && !t.IsOp(",") {
			return false
		}
	}
	return false
}

// cteColumns renders a CTE's name and column list: name (a, "B").
func (p *parser) cteColumns(name tok) (expr, error) {
	cols, err := p.identList()
	if err != nil {
		return expr{}, err
	}
	return expr{sql: identSQL(name) + " (" + strings.Join(cols, ", ") + ")"}, nil
}
