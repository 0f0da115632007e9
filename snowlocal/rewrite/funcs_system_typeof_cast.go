package rewrite

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// SYSTEM$TYPEOF of casts, columns, decimal literals, IFNULL of literals and
// select-list aliases of them. The name is the argument's declared type;
// the storage suffix of a NUMBER is the fewest bytes of a signed integer
// holding the unscaled values the plan can see, and where it sees none the
// declared precision's own. Sources:
//
//   - docs (functions/cast): CAST(<VARCHAR column> AS NUMBER(5,2)) is
//     NUMBER(5,2)[SB4] for the value 9.88, <VARCHAR column>::NUMBER(6,5)
//     NUMBER(6,5)[SB4], CAST(<NUMBER(5,4) column> AS INTEGER)
//     NUMBER(38,0)[SB1], CAST(<number> AS VARCHAR) VARCHAR[LOB], a column
//     declared VARCHAR VARCHAR(16777216)[LOB], CAST(x AS VARCHAR(9))
//     VARCHAR(9)[LOB], CAST(<timestamp> AS DATE) DATE[SB4];
//   - docs (data-type-conversion): IFNULL(12.3, 0) is NUMBER(3,1)[SB1],
//     IFNULL(NULL, 0) NUMBER(1,0)[SB1] (typeofIfnull);
//   - docs (system_typeof): CONCAT('every', 'body') is VARCHAR(9)[LOB]
//     (literalConcatLength);
//   - docs (data-types-datetime): the difference of two timestamps is
//     INTERVAL DAY(9) TO SECOND(9)[SB16] (timestampDifference);
//   - mlorek/frostlake, an independent reference whose cells are
//     live-verified: engine/src/test/java/dev/frostlake/functions/
//     SystemTypeOfTest.java (CAST(1.00 AS NUMBER(10,2)) NUMBER(10,2)[SB1]
//     but CAST(1000.00 AS NUMBER(10,2)) NUMBER(10,2)[SB4]; 127 SB1, 128 and
//     32767 SB2, 32768 SB4; CAST(NULL AS NUMBER(10,2)) NUMBER(10,2)[SB1],
//     CAST(NULL AS DATE) DATE[SB4], CAST(NULL AS VARCHAR(7))
//     VARCHAR(7)[LOB]; a DATE column DATE[SB4]; a VARCHAR(5) column
//     VARCHAR(5)[LOB]), .../functions/ConstantConversionTagTest.java
//     (<VARCHAR column>::NUMBER NUMBER(38,0)[SB16], 1.5::NUMBER(10,2)
//     NUMBER(10,2)[SB2]; a text CONSTANT is folded to its value, so a cast
//     of a string literal is not answered here) and
//     engine/src/main/java/dev/frostlake/executor/
//     SystemTypeOfDescription.java (a column is tagged by the widest value
//     in its table, "a cast from text" by the declared width).
//
// A NUMBER column's values are not known here, so a cast of one answers
// only where the widest value its declaration allows already fits one byte
// (no value of it can need more); any other NUMBER column is refused.

// typeofOf is SYSTEM$TYPEOF of the expression toks where one of the rules
// above gives it; depth bounds alias resolution.
func (p *parser) typeofOf(toks []tok, depth int) (string, bool) {
	for len(toks) > 2 && toks[0].IsOp("(") && matchingClose(toks) {
		toks = toks[1 : len(toks)-1]
	}
	if len(toks) == 0 || depth > 4 {
		return "", false
	}
	if x, name, args, ok := castParts(toks); ok {
		return p.typeofCast(x, name, args)
	}
	if len(toks) == 1 && toks[0].Kind == sqllex.Number {
		if n, ok := parseNumLit(toks[0].Text); ok && !n.exp && n.scale > 0 && n.prec() <= 38 {
			if v, ok := unscaled(n, n.scale); ok {
				return fmt.Sprintf("NUMBER(%d,%d)[%s]", n.prec(), n.scale, storageTag(v)), true
			}
		}
		return "", false
	}
	if typ, ok := typeofIfnull(toks); ok {
		return typ, true
	}
	if n, ok := literalConcatLength(toks); ok {
		return lengthTypeof(n), true
	}
	if timestampDifference(toks) {
		return "INTERVAL DAY(9) TO SECOND(9)[SB16]", true
	}
	if typ, ok := p.typeofColumn(toks); ok {
		return typ, true
	}
	if len(toks) == 1 && (toks[0].Kind == sqllex.Word || toks[0].Kind == sqllex.QuotedIdent) {
		if a, e, ok := p.lateralItem(toks[0]); ok {
			return p.typeofOf(p.toks[a:e], depth+1)
		}
	}
	return "", false
}

// lateralItem is the token range of the expression a select-list alias
// name stands for, in the select list holding the SYSTEM$TYPEOF call being
// rewritten (p.i is within it), where no FROM column has the name.
func (p *parser) lateralItem(name tok) (a, e int, ok bool) {
	if _, col := p.columnRel([]tok{name}); col != "" {
		return 0, 0, false
	}
	at := -1
	for j := min(p.i, len(p.toks)-1); j >= 0; j-- {
		if p.toks[j].Pos == name.Pos {
			at = j
			break
		}
	}
	if at < 0 {
		return 0, 0, false
	}
	// The call's name: SYSTEM$TYPEOF ( name ).
	if at < 2 || !p.toks[at-1].IsOp("(") {
		return 0, 0, false
	}
	sel := p.blockSelectOf(at - 2)
	if sel < 0 || !p.noFromColumn(identKey(name)) {
		return 0, 0, false
	}
	return p.aliasedItem(sel, -1, identKey(name))
}

// typeofColumn is SYSTEM$TYPEOF of a column reference: a DATE column's
// DATE[SB4], and a base table's text column's declared VARCHAR(n) (a
// VARCHAR declared without a length is a VARCHAR(16777216): docs, String &
// binary data types).
func (p *parser) typeofColumn(toks []tok) (string, bool) {
	raw := p.columnRawType(toks)
	switch {
	case raw == "DATE":
		return "DATE[SB4]", true
	case !isTextRaw(raw):
		return "", false
	}
	parts := toks
	if len(toks) == 3 {
		parts = []tok{toks[0], toks[2]}
	}
	r, _ := p.columnRel(parts)
	if r == nil || r.table == "" || p.opts.BaseTable == nil || !p.opts.BaseTable(r.table) {
		return "", false
	}
	metas, ok := p.columnMetas(r.table)
	if !ok {
		return "", false
	}
	_, m, ok := metaOf(metas, parts[len(parts)-1])
	switch {
	case !ok:
		return "", false
	case m.Type == "" && raw == "VARCHAR":
		return lengthTypeof(16777216), true
	case m.Type == raw: // VARCHAR(n), as the column types read it (ColumnTypes)
		if n, err := strconv.Atoi(raw[len("VARCHAR(") : len(raw)-1]); err == nil && n > 0 {
			return lengthTypeof(n), true
		}
	}
	return "", false
}

// isTextRaw reports whether a column's type as ColumnTypes reads it is a
// VARCHAR or a VARCHAR(n) (its declared length: snowlocal/assign.go).
func isTextRaw(raw string) bool {
	return raw == "VARCHAR" || strings.HasPrefix(raw, "VARCHAR(") && strings.HasSuffix(raw, ")")
}

// typeofCast is SYSTEM$TYPEOF of CAST(x AS name(args)).
func (p *parser) typeofCast(x []tok, name string, args []int) (string, bool) {
	null := len(x) == 1 && x[0].IsWord("NULL")
	switch name {
	case "DATE":
		if len(args) == 0 {
			return "DATE[SB4]", true
		}
	case "VARCHAR", "STRING", "TEXT":
		switch len(args) {
		case 0:
			return "VARCHAR[LOB]", true
		case 1:
			if args[0] > 0 && args[0] <= maxVarcharLength {
				return lengthTypeof(args[0]), true
			}
		}
	case "NUMBER", "NUMERIC", "DECIMAL", "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT":
		prec, scale := 38, 0
		switch {
		case name != "NUMBER" && name != "NUMERIC" && name != "DECIMAL":
			if len(args) != 0 {
				return "", false
			}
		case len(args) == 1:
			prec = args[0]
		case len(args) == 2:
			prec, scale = args[0], args[1]
		case len(args) > 2:
			return "", false
		}
		if prec < 1 || prec > 38 || scale < 0 || scale > prec {
			return "", false
		}
		typ := fmt.Sprintf("NUMBER(%d,%d)", prec, scale)
		if tag, ok := p.castNumberTag(x, null, prec, scale); ok {
			return typ + "[" + tag + "]", true
		}
	}
	return "", false
}

// castNumberTag is the storage suffix of x cast to NUMBER(prec, scale).
func (p *parser) castNumberTag(x []tok, null bool, prec, scale int) (string, bool) {
	if null {
		return "SB1", true // a NULL takes the family's smallest
	}
	if len(x) == 1 && x[0].Kind == sqllex.Number {
		// A literal: its value at the target scale, which it must fit
		// without rounding (a rounded one is not answered) and without
		// exceeding the precision (Snowflake fails that cast).
		n, ok := parseNumLit(x[0].Text)
		if !ok || n.exp {
			return "", false
		}
		v, ok := unscaled(n, scale)
		if !ok || v.Cmp(bigPow10(prec)) >= 0 {
			return "", false
		}
		return storageTag(v), true
	}
	raw := p.columnRawType(x)
	switch {
	case isTextRaw(raw):
		// A cast from text: no interval is known, the declared width's.
		return storageTag(maxUnscaled(prec)), true
	case strings.HasPrefix(raw, "DECIMAL("):
		var p0, s0 int
		if _, err := fmt.Sscanf(strings.ReplaceAll(raw, " ", ""), "DECIMAL(%d,%d)", &p0, &s0); err != nil {
			return "", false
		}
		// The widest value the column's declaration allows, at the target
		// scale (rounded half up when the scale shrinks).
		bound := maxUnscaled(p0)
		if scale >= s0 {
			bound.Mul(bound, bigPow10(scale-s0))
		} else {
			d := bigPow10(s0 - scale)
			bound.Add(bound, new(big.Int).Rsh(d, 1))
			bound.Quo(bound, d)
		}
		if tag := storageTag(bound); tag == "SB1" {
			return tag, true
		}
	}
	return "", false
}

// typeofIfnull is SYSTEM$TYPEOF of IFNULL(a, b) or NVL(a, b) whose
// arguments are integer or decimal literals or NULL, not both NULL. The
// docs (data-type-conversion: IFNULL(12.3, 0) NUMBER(3,1)[SB1],
// IFNULL(NULL, 0) NUMBER(1,0)[SB1]) say Snowflake "chooses the data type
// based on the actual result", which both examples share with the fold of
// the two types (the most integer digits and the largest scale), so only
// a call where the two agree answers: the literal returned has the most
// integer digits and the largest scale, and every literal's unscaled value
// takes the same bytes.
func typeofIfnull(toks []tok) (string, bool) {
	if len(toks) < 4 || !(toks[0].IsWord("IFNULL") || toks[0].IsWord("NVL")) || !toks[1].IsOp("(") || !matchingClose(toks[1:]) {
		return "", false
	}
	args := splitTopToks(toks[2:len(toks)-1], ",")
	if len(args) != 2 {
		return "", false
	}
	var lits []numLit
	for _, a := range args {
		switch {
		case len(a) == 1 && a[0].IsWord("NULL"):
		case len(a) == 1 && a[0].Kind == sqllex.Number:
			n, ok := parseNumLit(a[0].Text)
			if !ok || n.exp {
				return "", false
			}
			lits = append(lits, n)
		default:
			return "", false
		}
	}
	if len(lits) == 0 {
		return "", false
	}
	intDigits, scale := 0, 0
	for _, n := range lits {
		intDigits, scale = max(intDigits, n.intDigits), max(scale, n.scale)
	}
	if intDigits+scale > 38 {
		return "", false
	}
	if lits[0].intDigits != intDigits || lits[0].scale != scale { // lits[0]: the literal returned
		return "", false
	}
	tag := ""
	for _, n := range lits {
		v, ok := unscaled(n, scale)
		if !ok || tag != "" && storageTag(v) != tag {
			return "", false
		}
		tag = storageTag(v)
	}
	return fmt.Sprintf("NUMBER(%d,%d)[%s]", intDigits+scale, scale, tag), true
}

// castParts splits CAST(x AS name(args)) or x::name(args), name one word
// and args integers, upper-cased.
func castParts(toks []tok) (x []tok, name string, args []int, ok bool) {
	var typ []tok
	switch {
	case isCastCall(toks):
		var split bool
		if x, typ, split = castCallParts(toks); !split {
			return nil, "", nil, false
		}
	default:
		at, depth := -1, 0
		for k, t := range toks {
			switch {
			case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
				depth++
			case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
				depth--
			case depth == 0 && t.IsOp("::"):
				at = k
			case depth == 0 && at < 0 && isOperatorTok(t):
				return nil, "", nil, false // a cast of an operand of an operator
			}
		}
		if at < 1 {
			return nil, "", nil, false
		}
		x, typ = toks[:at], toks[at+1:]
		if _, _, _, nested := castParts(x); nested || len(x) != 1 && !(x[0].IsOp("(") && matchingClose(x)) {
			return nil, "", nil, false // only a single operand's cast
		}
	}
	if len(typ) == 0 || typ[0].Kind != sqllex.Word {
		return nil, "", nil, false
	}
	name = strings.ToUpper(typ[0].Text)
	rest := typ[1:]
	if len(rest) > 0 {
		if len(rest) < 3 || !rest[0].IsOp("(") || !rest[len(rest)-1].IsOp(")") {
			return nil, "", nil, false
		}
		for k, t := range rest[1 : len(rest)-1] {
			if k%2 == 1 {
				if !t.IsOp(",") {
					return nil, "", nil, false
				}
				continue
			}
			n, err := strconv.Atoi(t.Text)
			if t.Kind != sqllex.Number || err != nil {
				return nil, "", nil, false
			}
			args = append(args, n)
		}
	}
	return x, name, args, true
}

// isOperatorTok reports whether t is an operator other than a bracket, a
// dot or ::.
func isOperatorTok(t tok) bool {
	return t.Kind == sqllex.Op && !t.IsOp(".") && !t.IsOp("::") && !t.IsOp("(") && !t.IsOp(")") &&
		!t.IsOp("[") && !t.IsOp("]") && !t.IsOp("{") && !t.IsOp("}")
}

// maxVarcharLength is VARCHAR's largest length (docs: String & binary data
// types, 134217728 characters).
const maxVarcharLength = 134217728

// storageTag is the fewest bytes of a signed integer holding v: SB1, SB2,
// SB4, SB8 or SB16.
func storageTag(v *big.Int) string {
	for _, b := range []int{1, 2, 4, 8} {
		if v.BitLen() < 8*b {
			return "SB" + strconv.Itoa(b)
		}
	}
	return "SB16"
}

// maxUnscaled is the largest unscaled value of a precision: 10^p - 1.
func maxUnscaled(prec int) *big.Int {
	return new(big.Int).Sub(bigPow10(prec), big.NewInt(1))
}

// bigPow10 is 10^n.
func bigPow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// unscaled is literal n's value times 10^scale, scale at least its own.
func unscaled(n numLit, scale int) (*big.Int, bool) {
	ip, fp, _ := strings.Cut(n.plain, ".")
	if len(fp) > scale {
		return nil, false
	}
	v, ok := new(big.Int).SetString(ip+fp+strings.Repeat("0", scale-len(fp)), 10)
	return v, ok
}

// timestampText is the text TO_TIMESTAMP reads as a timestamp without a
// doubt: a date and a time of day, with an optional fraction.
var timestampText = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$`)

// timestampDifference reports whether toks are a - b, each TO_TIMESTAMP,
// TO_TIMESTAMP_NTZ, TO_TIMESTAMP_LTZ or TO_TIMESTAMP_TZ of a string literal
// holding a date and a time: an INTERVAL DAY(9) TO SECOND(9)[SB16]. The docs
// (data-types-datetime, "Examples for interval data types") print it for
// TO_TIMESTAMP('2025-10-05 01:02:03') - TO_TIMESTAMP('2025-09-15 11:36:22'),
// whose 19 days in nanoseconds would fit eight bytes: the suffix is the
// declared width's, and mlorek/frostlake's live-verified
// engine/src/test/java/dev/frostlake/functions/TimestampDifferenceIntervalTest.java
// gives the same for columns of every pair of flavours (ts - ts2, ltz - ts,
// tz - tz).
func timestampDifference(toks []tok) bool {
	parts := splitTopToks(toks, "-")
	if len(parts) != 2 {
		return false
	}
	for _, op := range parts {
		if len(op) != 4 || !op[1].IsOp("(") || op[2].Kind != sqllex.String || !op[3].IsOp(")") ||
			!timestampText.MatchString(snowflakeString(op[2].Text)) {
			return false
		}
		switch strings.ToUpper(op[0].Text) {
		case "TO_TIMESTAMP", "TO_TIMESTAMP_NTZ", "TO_TIMESTAMP_LTZ", "TO_TIMESTAMP_TZ":
		default:
			return false
		}
	}
	return true
}

// literalConcatLength is the length of CONCAT(a, b, ...) or a || b || ...
// of non-empty string literals only: the sum of their lengths in
// characters (docs, system_typeof: CONCAT('every', 'body') is
// VARCHAR(9)[LOB]; mlorek/frostlake's live-verified
// WidthlessStringTypeTest: 'a' || 'b' and CONCAT('a','b') are
// VARCHAR(2)[LOB]). An empty literal's length no source gives.
func literalConcatLength(toks []tok) (int, bool) {
	parts := splitTopToks(toks, "||")
	if len(parts) < 2 {
		if len(toks) < 4 || !toks[0].IsWord("CONCAT") || !toks[1].IsOp("(") || !matchingClose(toks[1:]) {
			return 0, false
		}
		if parts = splitTopToks(toks[2:len(toks)-1], ","); len(parts) < 2 {
			return 0, false
		}
	}
	n := 0
	for _, op := range parts {
		if len(op) != 1 || op[0].Kind != sqllex.String {
			return 0, false
		}
		k := utf8.RuneCountInString(snowflakeString(op[0].Text))
		if k == 0 {
			return 0, false
		}
		n += k
	}
	return n, n <= maxVarcharLength
}
