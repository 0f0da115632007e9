package rewrite

import (
	"fmt"
	"strings"
)

// Multiplication of two fixed-point numbers as Snowflake types it (docs:
// Arithmetic operators, "Scale and precision in arithmetic operations"):
// the result scale is min(S1 + S2, max(S1, S2, 12)). DuckDB keeps S1 + S2
// digits, so the rewriter renders a * b as _SF_MUL(a, b) (expr.go). The
// operands are bound once (a lambda's parameter) so that a chain a * b * c
// does not expand exponentially, and their types are read with typeof(),
// which DuckDB folds to a constant when it binds the macro, so the branch
// and round()'s scale are chosen per call site, not per row. The checks are
// plain string functions on the typeof() text: there is one set per
// product, so they must bind fast.
//
// Two DECIMALs are multiplied exactly and given Snowflake's type
// (_SF_MUL2); a product with an integer the rewriter knows (a literal, an INT
// column) is _SF_MUL_INT; one of a DECIMAL and an integer of unknown
// Snowflake precision (COUNT(*)) is refused where the product's precision
// depends on it; any other product (integers, FLOAT) is DuckDB's multiply().
//
// The docs give the scale, not how the digits beyond it are dropped (they
// say division rounds; of multiplication they say nothing). Where rounding
// and truncating agree (the first dropped digit is below 5) the answer is
// certain and returned; otherwise the product is refused (002040) rather
// than guessed. A product whose exact scale S1 + S2 is above 38 cannot be
// computed exactly by DuckDB: its binder error is reported as 002040
// (result.go).
func init() {
	prelude = append(prelude,
		// _SF_MUL_EXACT_T(ta, tb): whether operands of types ta and tb are
		// two DECIMALs whose exact product DuckDB can hold (S1 + S2 <= 38).
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_EXACT_T(ta, tb) AS
		starts_with(ta, 'DECIMAL(') AND starts_with(tb, 'DECIMAL(') AND _SF_DEC_SCALE_T(ta) + _SF_DEC_SCALE_T(tb) <= 38`,
		// _SF_MUL_SCALE_T(ta, tb): Snowflake's scale of the product,
		// min(S1 + S2, max(S1, S2, 12)).
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_SCALE_T(ta, tb) AS CAST(least(_SF_DEC_SCALE_T(ta) + _SF_DEC_SCALE_T(tb),
		greatest(_SF_DEC_SCALE_T(ta), _SF_DEC_SCALE_T(tb), 12)) AS INTEGER)`,
		// _SF_MUL_TYPE_T(ta, tb): Snowflake's type of the product, as a JSON
		// type text for json_transform_strict: L1 + L2 leading digits, so
		// DECIMAL(min(L1 + L2 + S, 38), S) (DECIMAL(1, 0) where the operands
		// are not DECIMALs and the text is not used).
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_TYPE_T(ta, tb) AS '"DECIMAL(' ||
		CAST(greatest(least(_SF_DEC_LEAD_T(ta) + _SF_DEC_LEAD_T(tb) + _SF_MUL_SCALE_T(ta, tb), 38), 1) AS VARCHAR) ||
		',' || CAST(_SF_MUL_SCALE_T(ta, tb) AS VARCHAR) || ')"'`,
		// _SF_MUL_INT_UNKNOWN_T(ti, td): whether an operand of DuckDB
		// integer type ti (whose Snowflake precision the rewriter does not
		// know: COUNT(*), i * 2...) times a DECIMAL of type td has a
		// precision that depends on it: where td's precision is 37 or 38
		// the product's is 38 whatever the integer's.
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_INT_UNKNOWN_T(ti, td) AS
		regexp_full_match(ti, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)') AND _SF_DEC_LEAD_T(td) + _SF_DEC_SCALE_T(td) BETWEEN 1 AND 36`,
		// _SF_MUL_PICK(x, y): operand x (of x * y or y * x) where the product
		// is computed exactly, else a zero NUMBER(1,0), so that the branch
		// still binds whatever x's type and never fails at run time. ([x][1]
		// is x: with a bare parameter DuckDB binds the key when the macro is
		// created, where typeof() is not yet a constant.)
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_PICK(x, y) AS struct_extract({'x': [x][1], 'z': CAST(0 AS DECIMAL(1, 0))},
		CASE WHEN _SF_MUL_EXACT_T(typeof(x), typeof(y)) THEN 'x' ELSE 'z' END)`,
		// _SF_MUL_ROUND(e, s): the exact product e at scale s where rounding
		// and truncating agree; a runtime refusal where they differ. (e is
		// bound once, as a lambda's parameter.)
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_ROUND(e, s) AS list_transform([e], _sf_e -> CASE WHEN round(_sf_e, s) <> trunc(_sf_e, s)
		THEN error('Unsupported feature: a product of NUMBERs whose digits beyond the result scale would round up (Snowflake does not document whether it rounds or truncates them), in the local engine.')
		ELSE round(_sf_e, s) END)[1]`,
		// The exact product is taken in 38 digits (times a DECIMAL(38, 0)
		// one: DuckDB would keep two operands of up to 18 digits in 18 and
		// fail on a larger product), brought to Snowflake's scale, and given
		// Snowflake's type through its decimal text (a JSON string: a JSON
		// number would be read as a DOUBLE), which always fits: the type's
		// leading digits hold any product of the operands. A CAST would need
		// the type written out; json_transform_strict takes it from a
		// constant text, which typeof() makes per call site. Each field is
		// a CASE on that constant, so the one not taken folds to NULL and
		// costs nothing per row (DuckDB's multiply could also fail there).
		`CREATE OR REPLACE TEMP MACRO _SF_MUL2(a, b) AS struct_extract({
		'p': CASE WHEN NOT _SF_MUL_EXACT_T(typeof(a), typeof(b)) THEN multiply(a, b) END,
		'r': json_transform_strict(CASE WHEN _SF_MUL_EXACT_T(typeof(a), typeof(b)) THEN to_json(CAST(_SF_MUL_ROUND(
			multiply(multiply(_SF_MUL_PICK(a, b), CAST(1 AS DECIMAL(38, 0))), _SF_MUL_PICK(b, a)),
			_SF_MUL_SCALE_T(typeof(a), typeof(b))) AS VARCHAR)) END, _SF_MUL_TYPE_T(typeof(a), typeof(b)))},
		CASE WHEN _SF_MUL_EXACT_T(typeof(a), typeof(b)) THEN 'r' WHEN _SF_MUL_INT_UNKNOWN_T(typeof(a), typeof(b)) OR _SF_MUL_INT_UNKNOWN_T(typeof(b), typeof(a))
		THEN 'unsupported: a product of a NUMBER and an integer expression other than an INT column or an integer literal (its precision, which the product''s counts, is not known to the local engine)'
		ELSE 'p' END)`,
		// _SF_MUL_INT(x, i, di, p): x * i where i is an integer the
		// rewriter knows to be a NUMBER(p, 0) (an integer literal or an INT
		// column) and di is i cast to DECIMAL(p, 0). Where x is not a
		// DECIMAL the product is DuckDB's x * i ('i'). Where it is a
		// DECIMAL(P1, S1), Snowflake's type is DECIMAL(min(P1 + p, 38), S1):
		// DuckDB's x * di has it ('d'), except where both widths are at most
		// 18 and add up to more (DuckDB keeps such a product in 18 digits
		// and fails on a larger one): there the exact product is taken in
		// 38 digits and given its type through its decimal text ('j', as in
		// _SF_MUL2). The key is a constant per call site, from typeof(x):
		// the helpers use their type text few times, as each use expands x.
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_INT_KEY(tx, p) AS CASE WHEN NOT starts_with(tx, 'DECIMAL(') THEN 'i'
		WHEN p <= 18 AND CAST(split_part(split_part(tx, '(', 2), ',', 1) AS INTEGER) BETWEEN 19 - p AND 18 THEN 'j'
		ELSE 'd' END`,
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_INT_TYPE(tx, p) AS CASE WHEN starts_with(tx, 'DECIMAL(') THEN '"DECIMAL(' ||
		CAST(least(CAST(split_part(split_part(tx, '(', 2), ',', 1) AS INTEGER) + p, 38) AS VARCHAR) || ',' ||
		split_part(split_part(tx, ',', 2), ')', 1) || ')"' ELSE '"DECIMAL(1,0)"' END`,
		`CREATE OR REPLACE TEMP MACRO _SF_MUL_INT(x, i, di, p) AS struct_extract({
		'm': multiply(x, struct_extract({'i': i, 'd': CASE WHEN _SF_MUL_INT_KEY(typeof(x), p) = 'd' THEN di END,
			'j': CAST(0 AS DECIMAL(1, 0))}, _SF_MUL_INT_KEY(typeof(x), p))),
		'j': json_transform_strict(CASE WHEN _SF_MUL_INT_KEY(typeof(x), p) = 'j' THEN to_json(CAST(
			multiply(multiply(x, CAST(1 AS DECIMAL(38, 0))), di) AS VARCHAR)) END, _SF_MUL_INT_TYPE(typeof(x), p))},
		CASE WHEN _SF_MUL_INT_KEY(typeof(x), p) = 'j' THEN 'j' ELSE 'm' END)`,
		`CREATE OR REPLACE TEMP MACRO _SF_MUL(a, b) AS list_transform([{'a': _SF_TYPED_NULL(a), 'b': _SF_TYPED_NULL(b)}], _sf_ab -> _SF_MUL2(_sf_ab.a, _sf_ab.b))[1]`,
	)
}

// mulChain follows, while seq renders a sequence, the multiplicative chain
// (operands joined by *, / and %, which bind tighter than any other binary
// operator and associate to the left) that the last operand belongs to, so
// that a * b can be rendered as _SF_MUL(<the chain so far>, b).
type mulChain struct {
	active bool  // the last piece continues a chain: * / % or a sign after one
	start  int   // byte offset in the rendered text where the chain begins
	single *expr // the chain's only operand, nil once it holds an operator
}

// operand records an operand s (rendered as e) just written at the end of b.
func (m *mulChain) operand(b *strings.Builder, s string, e expr) {
	if m.active {
		m.single, m.active = nil, false
		return
	}
	m.start, m.single = b.Len()-len(s), &e
}

// typeDividend gives an integer literal that starts a division (just
// written at the end of b) its Snowflake type, NUMBER(p, 0) of its p digits,
// so that the quotient's precision L1 + S2 + S counts its digits (the
// division macro reads its operands' types: types.go); DuckDB would type
// it INTEGER, whose precision is not the literal's.
func (m *mulChain) typeDividend(b *strings.Builder) {
	if m.active || m.single == nil {
		return
	}
	full := b.String()
	lit := strings.TrimSpace(full[m.start:])
	p := integerPrecision(lit, expr{sql: lit})
	if p < 0 {
		return
	}
	b.Reset()
	b.WriteString(full[:m.start] + fmt.Sprintf("CAST(%s AS DECIMAL(%d, 0))", lit, p))
}

// other records a token that is not an operand; after says whether an
// operand came just before it.
func (m *mulChain) other(t tok, after bool) {
	switch {
	case after && (t.IsOp("/") || t.IsOp("%")):
		m.active = true
	case !after && m.active && (t.IsOp("-") || t.IsOp("+")):
		// A sign of the next operand: a / -b * c is (a / -b) * c.
	default:
		m.active = false
	}
}

// multiply renders the products that follow the operand just written to b:
// each a * b becomes _SF_MUL(a, b), or stays DuckDB's a * b where an operand
// cannot be a fixed-point number with a scale (an integer literal, a FLOAT,
// a string...), which keeps the statement cheap to bind.
//
// It returns the products' precision where every operand is an integer
// whose Snowflake precision the rewriter knows (an integer of known
// precision, an integer literal, an INT column: L1 + L2 digits, at most
// 38), else 0 (intSum.product).
func (p *parser) multiply(b *strings.Builder, m *mulChain) (int, error) {
	pw, step := 0, 0
	chainDec := decType{} // the type of the product so far, where known
	for p.isOp("*") {
		if err := p.checkOp(p.peek(), true); err != nil { // operators.go
			return 0, err
		}
		p.next()
		signs := ""
		for p.isOp("-") || p.isOp("+") {
			signs += p.next().Text + " " // "- -2" would open a comment
		}
		if !p.startsTerm() {
			return 0, p.unexpected(p.peek())
		}
		opTok := p.peek()
		s, e, err := p.operand()
		if err != nil {
			return 0, err
		}
		// A call of an integer-valued function of undocumented precision
		// (types_intfn.go).
		if e.intWidth == 0 && e.derivedRef != nil {
			e.intWidth = p.derivedIntColumn(e.derivedRef) // an INT column read through a derived table or CTE
		}
		leftWidth := 0
		if m.single != nil {
			if m.single.intWidth == 0 && m.single.derivedRef != nil {
				m.single.intWidth = p.derivedIntColumn(m.single.derivedRef)
			}
			leftWidth = m.single.intWidth
		}
		switch {
		case m.single != nil && m.single.intFn != "" && leftWidth == 0:
			if err := p.checkIntFnOperand(m.single.intFn, e, opTok); err != nil {
				return 0, err
			}
		case e.intFn != "" && e.intWidth == 0:
			other := expr{}
			if m.single != nil {
				other = *m.single
			}
			if err := p.checkIntFnOperand(e.intFn, other, opTok); err != nil {
				return 0, err
			}
		}
		right := signs + s
		full := b.String()
		left := full[m.start:]
		b.Reset()
		b.WriteString(full[:m.start])
		leftInt, rightInt := -1, integerPrecision(s, e)
		if m.single != nil {
			leftInt = integerPrecision(left, *m.single)
		}
		// An integer of known precision (types_intfn.go) is typed as the
		// NUMBER it is, as a count is.
		if leftWidth > 0 {
			left = typedInt(left, leftWidth)
		}
		if e.intWidth > 0 {
			right = typedInt(right, e.intWidth)
		}
		leftPlain := m.single != nil && leftWidth == 0 && plainProductOperand(left, *m.single)
		rightPlain := e.intWidth == 0 && plainProductOperand(right, e)
		// The DECIMAL types DuckDB gives the operands, where the rewriter
		// knows them: a product of two such is written out with its
		// type (staticProduct) instead of a macro that reads the types
		// with typeof() as DuckDB binds it, which costs DuckDB far more to
		// bind (a tenth of a second a product; seconds inside a set
		// operation's guard) for the same value and type.
		leftDec, rightDec := chainDec, knownDecimal(e)
		if m.single != nil {
			leftDec = knownDecimal(*m.single)
		}
		if leftWidth > 0 {
			leftDec = decType{p: leftWidth, ok: true}
		} else if m.single != nil && !leftDec.ok {
			leftDec = literalDecimal(left)
		}
		if e.intWidth > 0 {
			rightDec = decType{p: e.intWidth, ok: true}
		} else if !rightDec.ok {
			rightDec = literalDecimal(strings.TrimLeft(right, "+- "))
		}
		chainDec = decType{}
		switch {
		case leftPlain && rightPlain, leftPlain && leftInt < 0, rightPlain && rightInt < 0:
			b.WriteString(left + " * " + right)
		case rightInt >= 0 && leftDec.ok:
			var sql string
			sql, chainDec = staticIntProduct(left, leftDec, right, rightInt)
			b.WriteString(sql)
		case rightInt >= 0:
			b.WriteString(intProduct(left, right, rightInt, m.single != nil && cheapToRepeat(left)))
		case leftInt >= 0 && rightDec.ok:
			var sql string
			sql, chainDec = staticIntProduct(right, rightDec, left, leftInt)
			b.WriteString(sql)
		case leftInt >= 0:
			b.WriteString(intProduct(right, left, leftInt, cheapToRepeat(right)))
		case leftDec.ok && rightDec.ok && leftDec.s+rightDec.s <= 38:
			var sql string
			sql, chainDec = staticProduct(left, leftDec, right, rightDec)
			b.WriteString(sql)
		case m.single != nil && simpleProductOperand(left, *m.single) && simpleProductOperand(s, e):
			// Operands cheap to repeat: the macro without the lambda,
			// which binds several times faster.
			b.WriteString("_SF_MUL2(" + left + ", " + right + ")")
		default:
			b.WriteString("_SF_MUL(" + left + ", " + right + ")")
		}
		lw := pw
		if step == 0 {
			if lw = leftWidth; lw <= 0 {
				lw = leftInt
			}
		}
		rw := e.intWidth
		if rw <= 0 {
			rw = rightInt
		}
		if pw = -1; lw > 0 && rw > 0 {
			pw = min(38, lw+rw)
		}
		step++
		m.single, m.active = nil, false
	}
	return max(pw, 0), nil
}

// decType is a DECIMAL(p, s) type DuckDB gives an operand.
type decType struct {
	p, s int
	ok   bool // the type is known
}

func (d decType) String() string { return fmt.Sprintf("DECIMAL(%d, %d)", d.p, d.s) }

// knownDecimal is the DECIMAL type of operand e where the rewriter knows
// it: a NUMBER column of the catalog, a cast to NUMBER(p, s) (their typ is
// DuckDB's type, as coltypes_time.go and castExpr give it).
func knownDecimal(e expr) decType {
	if e.path != nil || e.intWidth > 0 {
		return decType{}
	}
	return duckDecimal(e.typ)
}

// duckDecimal reads DuckDB's type name DECIMAL(p,s) (typeof's spelling, as
// the catalog's column types and castExpr give it); ok is false for any
// other name or an out-of-range p or s.
func duckDecimal(typ string) decType {
	var d decType
	if !strings.HasPrefix(typ, "DECIMAL(") {
		return d
	}
	if _, err := fmt.Sscanf(typ, "DECIMAL(%d,%d)", &d.p, &d.s); err != nil || d.p < 1 || d.p > 38 || d.s < 0 || d.s > d.p {
		return decType{}
	}
	d.ok = true
	return d
}

// literalDecimal is the type DuckDB gives the rendered number literal s
// with a point (numlit.go writes it in plain notation): DECIMAL(p, s) of
// its p digits as written, leading zeros included, s of them after the
// point (0.5 is a DECIMAL(2,1), 00.5 a DECIMAL(3,1)); a literal of more
// than 38 digits, a DOUBLE, is not one.
func literalDecimal(s string) decType {
	ip, fp, ok := strings.Cut(s, ".")
	if !ok || !isIntegerLiteral(ip) || !isIntegerLiteral(fp) || len(ip)+len(fp) > 38 {
		return decType{}
	}
	return decType{p: len(ip) + len(fp), s: len(fp), ok: true}
}

// staticProduct writes a * b of two DECIMALs of known types da and db
// (scales adding up to at most 38) as _SF_MUL2 computes it, its branch
// and Snowflake's type worked out here: the exact product in 38 digits,
// brought to the scale min(S1 + S2, max(S1, S2, 12)) (refused at run time
// where rounding and truncating would differ: _SF_MUL_ROUND) and cast to
// DECIMAL(min(L1 + L2 + S, 38), S), which holds it (_SF_MUL2 reaches that
// type through the product's text). It returns the SQL and its type.
func staticProduct(a string, da decType, b string, db decType) (string, decType) {
	exact := fmt.Sprintf("multiply(multiply(%s, CAST(1 AS DECIMAL(38, 0))), %s)", a, b)
	s := min(da.s+db.s, max(da.s, db.s, 12))
	t := decType{p: max(min((da.p-da.s)+(db.p-db.s)+s, 38), 1), s: s, ok: true}
	if s < da.s+db.s {
		exact = fmt.Sprintf("_SF_MUL_ROUND(%s, %d)", exact, s)
	}
	return fmt.Sprintf("CAST(%s AS %s)", exact, t), t
}

// staticIntProduct writes x * i, x a DECIMAL of known type dx and i an
// integer of Snowflake precision p, as _SF_MUL_INT computes it with its
// key worked out here: x times i as a DECIMAL(p, 0), of type
// DECIMAL(min(P1 + p, 38), S1), except where both widths are at most 18
// and add up to more (DuckDB would keep the product in 18 digits and fail
// on a larger one): there the exact product in 38 digits is cast to that
// type. It returns the SQL and its type.
func staticIntProduct(x string, dx decType, i string, p int) (string, decType) {
	di := fmt.Sprintf("CAST(%s AS DECIMAL(%d, 0))", i, p)
	t := decType{p: min(dx.p+p, 38), s: dx.s, ok: true}
	if p <= 18 && dx.p >= 19-p && dx.p <= 18 {
		return fmt.Sprintf("CAST(multiply(multiply(%s, CAST(1 AS DECIMAL(38, 0))), %s) AS %s)", x, di, t), t
	}
	return fmt.Sprintf("multiply(%s, %s)", x, di), t
}

// integerPrecision returns the precision of Snowflake's type of operand s
// (rendered as e) where it is an integer the rewriter knows: an integer
// literal is a NUMBER(p, 0) of its p digits (docs: SYSTEM$TYPEOF(10000) is
// NUMBER(5,0)), an INT column a NUMBER(38, 0) (docs: Numeric data types).
// It returns -1 for any other operand.
func integerPrecision(s string, e expr) int {
	if e.path == nil && e.plain && e.typ == "BIGINT" {
		return 38
	}
	lit := strings.TrimLeft(s, "+- ")
	for _, wide := range []string{" AS BIGINT)", " AS HUGEINT)"} {
		// A literal widened for integer arithmetic (intLiteral).
		if strings.HasPrefix(lit, "CAST(") && strings.HasSuffix(lit, wide) {
			lit = strings.TrimLeft(strings.TrimSuffix(strings.TrimPrefix(lit, "CAST("), wide), "+- ")
		}
	}
	digits := strings.TrimLeft(lit, "0")
	if !isIntegerLiteral(lit) || len(digits) > 38 {
		return -1
	}
	return max(len(digits), 1)
}

// intProduct renders x * i where i is an integer of Snowflake precision p
// and x an operand of a type known only when DuckDB binds it: x's type and
// i's precision give Snowflake's type (_SF_MUL_INT). cheap says whether x
// may be repeated in the macro's expansion (it is not itself a product or
// quotient, whose expansion would multiply); otherwise x is bound once, as a
// lambda's parameter, which costs a list per row.
func intProduct(x, i string, p int, cheap bool) string {
	di := fmt.Sprintf("CAST(%s AS DECIMAL(%d, 0))", i, p)
	if !cheap {
		return fmt.Sprintf("list_transform([_SF_TYPED_NULL(%s)], _sf_x -> _SF_MUL_INT(_sf_x, %s, %s, %d))[1]", x, i, di, p)
	}
	return fmt.Sprintf("_SF_MUL_INT(%s, %s, %s, %d)", x, i, di, p)
}

// cheapToRepeat reports whether rendered operand s may be expanded a dozen
// times by a macro: it holds no macro of the rewriter's nor a division
// (DuckDB's "/" is one), whose own expansions would multiply, and is short.
func cheapToRepeat(s string) bool {
	return len(s) <= 200 && !strings.Contains(s, "_SF_") && !strings.Contains(s, "/") &&
		!strings.Contains(s, "list_transform")
}

// plainProductOperand reports whether operand s (rendered as e) is known not
// to be a NUMBER with a scale: a product with it keeps DuckDB's type.
func plainProductOperand(s string, e expr) bool {
	if e.path != nil {
		return true // a VARIANT path in arithmetic is a FLOAT (expr.asNumber)
	}
	switch e.typ {
	case "DOUBLE", "BIGINT", "INTEGER", "VARCHAR", "JSON", "BOOLEAN", "DATE", "TIMESTAMP", "TIMESTAMPTZ", "TIME", "BLOB":
		return true
	}
	return isIntegerLiteral(strings.TrimLeft(s, "+- "))
}

// simpleProductOperand reports whether operand s (rendered as e) is a column
// or a number literal, cheap to repeat in _SF_MUL2's expansion.
func simpleProductOperand(s string, e expr) bool {
	if e.plain {
		return true
	}
	s = strings.TrimLeft(s, "+- ")
	if s == "" {
		return false
	}
	for _, r := range s {
		if (r < '0' || r > '9') && r != '.' {
			return false
		}
	}
	return true
}

func isIntegerLiteral(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
