package rewrite

import (
	"fmt"
	"strings"
)

// Sums and differences with an integer literal as Snowflake types them
// (docs: Arithmetic operators, "Scale and precision in arithmetic
// operations": leading digits max(L1, L2) + 1, scale max(S1, S2)), with the
// literal a NUMBER(p, 0) of its p digits, as a product counts it
// (types_mul.go). DuckDB types the literal INTEGER, a DECIMAL(10, 0) beside
// a DECIMAL (`a + 1` on a NUMBER(10,2) would be a NUMBER(13,2), not 11), and
// keeps a sum of two DECIMALs of up to 18 digits in 18 (COUNT(*) + 1 would
// be 18, not 19). So where one operand of + or - is an integer literal and
// the other may be a DECIMAL, the literal is a DECIMAL(p, 0) there: a plain
// cast where the rewriter knows the other operand's type, else a macro whose
// branch DuckDB picks from typeof() when it binds it. An integer operand
// keeps DuckDB's integer arithmetic (a length stays an integer).

func init() {
	prelude = append(prelude,
		// _SF_ADDI_KEY(t, p): how an operand of DuckDB type t and an integer
		// literal of p digits add: 'i' as DuckDB adds (t is not a DECIMAL),
		// 'd' with the literal a DECIMAL(p, 0), 'w' where DuckDB would keep
		// the sum in 18 digits: computed wider and given its type.
		`CREATE OR REPLACE TEMP MACRO _SF_ADDI_KEY(t, p) AS CASE WHEN NOT starts_with(t, 'DECIMAL(') THEN 'i'
		WHEN _SF_DEC_LEAD_T(t) + _SF_DEC_SCALE_T(t) <= 18 AND p <= 18 AND greatest(_SF_DEC_LEAD_T(t), p) + _SF_DEC_SCALE_T(t) + 1 > 18 THEN 'w'
		ELSE 'd' END`,
		// _SF_DEC_PICK(x): x where it is a DECIMAL, else a zero
		// DECIMAL(1, 0), so that a branch not taken still binds.
		`CREATE OR REPLACE TEMP MACRO _SF_DEC_PICK(x) AS struct_extract({'x': [x][1], 'z': CAST(0 AS DECIMAL(1, 0))},
		CASE WHEN starts_with(typeof(x), 'DECIMAL(') THEN 'x' ELSE 'z' END)`,
		// _SF_ADDI_TYPE(x, p): a value (never evaluated: cast_to_type reads
		// its type) of Snowflake's type of x ± an integer of p digits,
		// DECIMAL(max(L1, p) + 1 + S1, S1): a DECIMAL(P, P) zero picked by
		// the constant key P, rounded to the constant scale S1.
		`CREATE OR REPLACE TEMP MACRO _SF_ADDI_TYPE(x, p) AS round(struct_extract({'1': CAST(0 AS DECIMAL(1, 1)), '2': CAST(0 AS DECIMAL(2, 2)), '3': CAST(0 AS DECIMAL(3, 3)), '4': CAST(0 AS DECIMAL(4, 4)), '5': CAST(0 AS DECIMAL(5, 5)), '6': CAST(0 AS DECIMAL(6, 6)), '7': CAST(0 AS DECIMAL(7, 7)), '8': CAST(0 AS DECIMAL(8, 8)), '9': CAST(0 AS DECIMAL(9, 9)), '10': CAST(0 AS DECIMAL(10, 10)), '11': CAST(0 AS DECIMAL(11, 11)), '12': CAST(0 AS DECIMAL(12, 12)), '13': CAST(0 AS DECIMAL(13, 13)), '14': CAST(0 AS DECIMAL(14, 14)), '15': CAST(0 AS DECIMAL(15, 15)), '16': CAST(0 AS DECIMAL(16, 16)), '17': CAST(0 AS DECIMAL(17, 17)), '18': CAST(0 AS DECIMAL(18, 18)), '19': CAST(0 AS DECIMAL(19, 19)), '20': CAST(0 AS DECIMAL(20, 20)), '21': CAST(0 AS DECIMAL(21, 21)), '22': CAST(0 AS DECIMAL(22, 22)), '23': CAST(0 AS DECIMAL(23, 23)), '24': CAST(0 AS DECIMAL(24, 24)), '25': CAST(0 AS DECIMAL(25, 25)), '26': CAST(0 AS DECIMAL(26, 26)), '27': CAST(0 AS DECIMAL(27, 27)), '28': CAST(0 AS DECIMAL(28, 28)), '29': CAST(0 AS DECIMAL(29, 29)), '30': CAST(0 AS DECIMAL(30, 30)), '31': CAST(0 AS DECIMAL(31, 31)), '32': CAST(0 AS DECIMAL(32, 32)), '33': CAST(0 AS DECIMAL(33, 33)), '34': CAST(0 AS DECIMAL(34, 34)), '35': CAST(0 AS DECIMAL(35, 35)), '36': CAST(0 AS DECIMAL(36, 36)), '37': CAST(0 AS DECIMAL(37, 37)), '38': CAST(0 AS DECIMAL(38, 38)), 'x': [x][1]},
		CAST(greatest(least(greatest(_SF_DEC_LEAD_T(typeof(x)), p) + _SF_DEC_SCALE_T(typeof(x)) + 1, 38), 1) AS VARCHAR)), _SF_DEC_SCALE_T(typeof(x)))`,
		// x + i, x - i and i - x, where di is i as a DECIMAL(p, 0) and wi as
		// a DECIMAL(19, 0) (a sum with it is kept in 38 digits). Each field
		// is a CASE on a constant key, so the ones not taken cost nothing.
		addIntMacro("_SF_ADDI", "%[1]s + %[2]s"),
		addIntMacro("_SF_SUBI", "%[1]s - %[2]s"),
		addIntMacro("_SF_ISUB", "%[2]s - %[1]s"),
	)
}

// addIntMacro defines macro name(x, i, di, wi, p) computing form (x as %[1]s,
// the literal as %[2]s) with Snowflake's type.
func addIntMacro(name, form string) string {
	key := "_SF_ADDI_KEY(typeof(x), p)"
	return fmt.Sprintf(`CREATE OR REPLACE TEMP MACRO %s(x, i, di, wi, p) AS struct_extract({
		'i': CASE WHEN %s = 'i' THEN %s END,
		'd': CASE WHEN %s = 'd' THEN %s END,
		'w': cast_to_type(CASE WHEN %s = 'w' THEN %s END, _SF_ADDI_TYPE(x, p))}, %s)`,
		name, key, fmt.Sprintf(form, "x", "i"), key, fmt.Sprintf(form, "_SF_DEC_PICK(x)", "di"),
		key, fmt.Sprintf(form, "_SF_DEC_PICK(x)", "wi"), key)
}

// addChain follows, while seq renders a sequence, the additive chain
// (terms joined by binary + and -, each term a product, quotient or single
// operand, a sign included) that the last operand belongs to, so that a
// term that is an integer literal can be given its Snowflake type when the
// chain ends.
type addChain struct {
	start   int       // byte offset in the rendered text where the chain begins, -1 when none
	terms   []addTerm // the chain's terms
	pending string    // a binary + or - just written, whose right term comes next
	opAt    int       // where the pending operator was written
	skip    bool      // the chain follows ||, whose precedence beside + differs in DuckDB
}

// addTerm is one term of an additive chain.
type addTerm struct {
	op       string // "+" or "-" before it; "" for the first term
	at       int    // byte offset of the term's first byte (its sign included)
	opAt     int    // byte offset of the operator before it
	single   *expr  // the term's only operand, nil once it holds an operator
	signOnly bool   // the term is a sign so far, its operand to come
}

func (c *addChain) reset() { *c = addChain{start: -1} }

// term starts a term at offset at, or reports that at continues the last.
func (c *addChain) term(at int) bool {
	switch {
	case c.start < 0:
		c.start = at
		c.terms = []addTerm{{at: at}}
	case c.pending != "":
		c.terms = append(c.terms, addTerm{op: c.pending, at: at, opAt: c.opAt})
		c.pending = ""
	default:
		return false
	}
	return true
}

// sign records a unary sign written at offset at.
func (c *addChain) sign(at int) {
	if c.term(at) {
		c.terms[len(c.terms)-1].signOnly = true
		return
	}
	c.terms[len(c.terms)-1].single = nil // a / -b
}

// operand records an operand (rendered as e) written at offset at.
func (c *addChain) operand(at int, e expr) {
	if c.term(at) {
		c.terms[len(c.terms)-1].single = &e
		return
	}
	last := &c.terms[len(c.terms)-1]
	if last.signOnly {
		last.single, last.signOnly = &e, false
		return
	}
	last.single = nil // after * / %
}

// compound records that the last term holds an operator (* / %).
func (c *addChain) compound() {
	if n := len(c.terms); n > 0 {
		c.terms[n-1].single, c.terms[n-1].signOnly = nil, false
	}
}

// binary records a binary + or - written at offset at.
func (c *addChain) binary(op string, at int) {
	if c.start >= 0 {
		c.pending, c.opAt = op, at
	}
}

// finish rewrites the chain that ends at the end of b: a term that is an
// integer literal beside a term that may be a DECIMAL is typed as a
// NUMBER(p, 0). next is the token that ends it (|| leaves it as it is).
func (c *addChain) finish(b *strings.Builder, next tok, litStart int) {
	skip := c.skip || next.IsOp("||") || c.pending != "" || (litStart >= 0 && litStart >= c.start)
	start, terms := c.start, c.terms
	c.reset()
	c.skip = next.IsOp("||")
	if start < 0 || len(terms) < 2 || skip {
		return
	}
	c2 := addChain{start: start, terms: terms}
	c2.rewrite(b)
}

func (c *addChain) rewrite(b *strings.Builder) {
	full := b.String()
	if c.start > len(full) {
		return
	}
	text := func(i int) string {
		end := len(full)
		if i+1 < len(c.terms) {
			end = c.terms[i+1].opAt
		}
		if c.terms[i].at > end {
			return ""
		}
		return strings.TrimSpace(full[c.terms[i].at:end])
	}
	texts := make([]string, len(c.terms))
	types := make([]string, len(c.terms))
	lits := make([]int, len(c.terms))
	any, dec := false, false
	for i, term := range c.terms {
		texts[i], lits[i] = text(i), -1
		if texts[i] != "" {
			lits[i] = integerPrecision(texts[i], expr{sql: texts[i]})
		}
		if lits[i] >= 0 {
			any = true
		}
		if term.single != nil {
			types[i] = knownAddType(*term.single)
			dec = dec || strings.HasPrefix(types[i], "DECIMAL(")
		}
	}
	changed := false
	if dec {
		// An integer-valued function of known precision beside a NUMBER
		// of a scale counts its own digits (LENGTH(s) + n, n a
		// NUMBER(10,2): max(18, 8) + 1 + 2 = NUMBER(21,2), docs: Arithmetic
		// operators), not DuckDB's BIGINT's 19. (The sum is a DECIMAL
		// already, which LEFT/SUBSTR take no more than before.)
		for i, term := range c.terms {
			if term.single == nil || texts[i] == "" || term.single.intWidth == 0 {
				continue
			}
			w := term.single.intWidth
			texts[i], types[i], changed = typedInt(texts[i], w), fmt.Sprintf("DECIMAL(%d,0)", w), true
		}
	}
	if dec {
		if typed, ok := c.typedChain(texts, types, lits); ok {
			c.replace(b, full, typed)
			return
		}
	}
	if !any && !changed {
		return
	}
	acc, accLit, accType := texts[0], lits[0], types[0]
	for i := 1; i < len(c.terms); i++ {
		t, op, ty := texts[i], c.terms[i].op, types[i]
		if t == "" {
			return
		}
		switch {
		case lits[i] >= 0 && accLit < 0:
			acc, changed = addIntText(acc, t, lits[i], op, false, accType), true
		case accLit >= 0 && lits[i] < 0:
			acc, changed = addIntText(t, acc, accLit, op, true, ty), true
		default:
			acc = acc + " " + op + " " + t
		}
		accLit, accType = -1, ""
	}
	if !changed {
		return
	}
	c.replace(b, full, acc)
}

// replace writes acc in place of the chain. The chain's leading space
// stays: positions other rewrites recorded before the chain (numtext.go,
// varchar_number.go) must not move.
func (c *addChain) replace(b *strings.Builder, full, acc string) {
	rest := full[c.start:]
	lead := rest[:len(rest)-len(strings.TrimLeft(rest, " \t\n"))]
	b.Reset()
	b.WriteString(full[:c.start] + lead + acc)
}

// typedChain renders a chain whose every term is a NUMBER of known
// precision and scale (a column, a typed integer function, an integer
// literal) as a CAST to the NUMBER the docs' rule makes of it, step by step
// (Arithmetic operators, addition and subtraction: L = max(L1, L2) + 1
// leading digits, the larger scale, at most 38 digits). DuckDB's own sum of
// DECIMALs of up to 18 digits stays at 18 digits (NUMBER(18,0) + NUMBER(10,2)
// is its DECIMAL(18,2), Snowflake's NUMBER(21,2)) and fails past them; the
// first term, widened to 38 digits, makes DuckDB add in 128 bits.
func (c *addChain) typedChain(texts, types []string, lits []int) (string, bool) {
	var sb strings.Builder
	lead, scale := 0, 0
	for i, t := range texts {
		p, s := lits[i], 0
		if p < 0 {
			d := duckDecimal(types[i]) // types_mul.go
			if !d.ok || t == "" {
				return "", false
			}
			p, s = d.p, d.s
		}
		if i == 0 {
			lead, scale = p-s, s
			fmt.Fprintf(&sb, "CAST(%s AS DECIMAL(38, %d))", t, s)
			continue
		}
		lead, scale = max(lead, p-s)+1, max(scale, s)
		sb.WriteString(" " + c.terms[i].op + " " + t)
	}
	return fmt.Sprintf("CAST(%s AS DECIMAL(%d, %d))", sb.String(), min(lead+scale, 38), scale), true
}

// knownAddType is what the rewriter knows of operand e's type: "DECIMAL(p,s)"
// for a NUMBER, "-" where it is known not to be a DECIMAL, "" when unknown.
func knownAddType(e expr) string {
	if e.path != nil {
		return "-"
	}
	switch t := e.typ; {
	case strings.HasPrefix(t, "DECIMAL("):
		return t
	case t != "":
		return "-"
	}
	return ""
}

// addIntText renders x op lit (or lit op x where litFirst) where lit is an
// integer literal of p digits and x's type is known as ty (knownAddType).
func addIntText(x, lit string, p int, op string, litFirst bool, ty string) string {
	plain := x + " " + op + " " + lit
	if litFirst {
		plain = lit + " " + op + " " + x
	}
	di := fmt.Sprintf("CAST(%s AS DECIMAL(%d, 0))", lit, p)
	wi := fmt.Sprintf("CAST(%s AS DECIMAL(19, 0))", lit)
	form := func(l string) string {
		if litFirst {
			return l + " " + op + " " + x
		}
		return x + " " + op + " " + l
	}
	switch {
	case ty == "-":
		return plain
	case duckDecimal(ty).ok: // types_mul.go
		p1, s1 := duckDecimal(ty).p, duckDecimal(ty).s
		lead := max(p1-s1, p) + 1
		if p1 <= 18 && p <= 18 && lead+s1 > 18 {
			return fmt.Sprintf("CAST(%s AS DECIMAL(%d, %d))", form(wi), min(lead+s1, 38), s1)
		}
		return form(di)
	}
	name := "_SF_ADDI"
	switch {
	case op == "-" && litFirst:
		name = "_SF_ISUB"
	case op == "-":
		name = "_SF_SUBI"
	}
	if !cheapToRepeat(x) {
		return fmt.Sprintf("list_transform([_SF_TYPED_NULL(%s)], _sf_x -> %s(_sf_x, %s, %s, %s, %d))[1]", x, name, lit, di, wi, p)
	}
	return fmt.Sprintf("%s(%s, %s, %s, %s, %d)", name, x, lit, di, wi, p)
}
