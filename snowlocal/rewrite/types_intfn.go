package rewrite

import "fmt"

// Integer-valued functions: the docs say they return a NUMBER (or an
// integer) but not its precision. The independent reference measures some
// (intFnWidths), which the engine types as Snowflake does (intWidth); for
// the others it does not give it either. A quotient's precision counts its
// dividend's leading digits (L1 + S2 + S, types.go) and a product's both
// operands' (L1 + L2 + S, types_mul.go), so a quotient whose dividend is a
// call of one of the others, and a product of one and another fixed-point
// operand whose precision is below 38 in any case, would report a precision
// the engine cannot know: refused (002040). Such a call stays an integer
// everywhere else (a length or position of LEFT, SUBSTR, REPEAT...), and a
// FLOAT operand (a quotient or product of FLOATs) or an INT column (a
// NUMBER(38,0): the result has 38 digits whatever the call's) are fine.
var intValuedFuncs = toSet(`LENGTH LEN CHAR_LENGTH CHARACTER_LENGTH BIT_LENGTH OCTET_LENGTH POSITION CHARINDEX
REGEXP_COUNT REGEXP_INSTR EDITDISTANCE DATEDIFF TIMEDIFF TIMESTAMPDIFF DATE_PART EXTRACT YEAR YEAROFWEEK
YEAROFWEEKISO DAY DAYOFMONTH DAYOFWEEK DAYOFWEEKISO DAYOFYEAR WEEK WEEKOFYEAR WEEKISO MONTH QUARTER HOUR
MINUTE SECOND ROW_NUMBER RANK DENSE_RANK NTILE ARRAY_SIZE UNICODE ASCII JAROWINKLER_SIMILARITY`)

// intFnWidths are the integer-valued functions whose precision a source
// gives: the NUMBER(p, 0) the account declares for them (mlorek/frostlake
// engine/src/test/java/dev/frostlake/types/IntegerFunctionWidthsTest.java,
// "the widths measured earlier", and .../query/AveragingWidthTest.java for
// ROW_NUMBER and RANK: an independent reference, live-verified; the docs
// say only NUMBER or "an integer"). LEN is LENGTH's other name (docs:
// LENGTH, LEN). The widths do not follow from the values (ASCII is 4 where
// UNICODE is 18), so a function the reference does not measure stays
// without one.
var intFnWidths = map[string]int{"LENGTH": 18, "LEN": 18, "CHARINDEX": 9, "EDITDISTANCE": 9,
	"JAROWINKLER_SIMILARITY": 4, "ASCII": 4, "UNICODE": 18, "YEAR": 4, "MONTH": 2, "WEEKOFYEAR": 2,
	"YEAROFWEEKISO": 4, "ARRAY_SIZE": 9, "ROW_NUMBER": 18, "RANK": 18}

// intFnWidth is the precision of Snowflake's NUMBER(p, 0) result of call c
// of an integer-valued function, or 0 where no source gives it.
// DATEDIFF's depends on its unit and its operands' type: "DATE NUMBER(9,0)
// to DAYS ...; TIMESTAMP (9,0) to HOURS ...; TIME (9,0) to MILLISECONDS"
// (mlorek/frostlake docs/functions.md, DATE_DIFF<KIND>IN<UNITS>, "DATEDIFF
// itself is typed the same way"), so a unit of a day or larger is 9 digits
// whatever the operands (TIMEDIFF and TIMESTAMPDIFF are its other names:
// docs, TIMEDIFF "Alternative for DATEDIFF"). DATE_PART and EXTRACT are 4
// digits for a year and 2 for a month (IntegerFunctionWidthsTest).
func intFnWidth(c *call) int {
	if w, ok := intFnWidths[c.name]; ok {
		return w
	}
	part := func(a arg) string {
		w, ok := a.word()
		if !ok {
			return ""
		}
		return dateParts[w]
	}
	switch c.name {
	case "DATEDIFF", "TIMEDIFF", "TIMESTAMPDIFF":
		if len(c.args) == 3 {
			switch part(c.args[0]) {
			case "year", "quarter", "month", "week", "day":
				return 9
			}
		}
	case "DATE_PART", "EXTRACT":
		if len(c.args) == 2 {
			return map[string]int{"year": 4, "month": 2}[part(c.args[0])]
		}
	}
	return 0
}

// aggIntWidth is the precision of an aggregate's NUMBER(p, 0) result over
// one argument of known precision w (intWidth), or 0: SUM is a NUMBER(w +
// 12, 0) at most 38 ("What the numeric aggregates DECLARE": mlorek/frostlake
// docs/functions.md, as types_agg.go types SUM), MIN and MAX "the same data
// type as the input values" (docs), over a window too ("Over a WINDOW every
// aggregate declares what it declares as an aggregate", except AVG).
func aggIntWidth(c *call) int {
	if len(c.args) != 1 || c.args[0].e == nil || c.args[0].e.intWidth == 0 {
		return 0
	}
	w := c.args[0].e.intWidth
	switch c.name {
	case "SUM":
		return min(38, w+12)
	case "MIN", "MAX":
		return w
	}
	return 0
}

// typedInt renders s, an integer expression whose Snowflake type is a
// NUMBER(w, 0), as a DECIMAL(w, 0), which a quotient, product, result column
// or created table then counts (DuckDB's are BIGINTs, which the engine
// reports as NUMBER(38,0)).
func typedInt(s string, w int) string {
	return fmt.Sprintf("CAST(%s AS DECIMAL(%d, 0))", s, w)
}

// checkIntFnOperand refuses the other operand e (starting at token t) of a
// quotient or product with a call of integer-valued function fn, unless e
// is a FLOAT (a VARIANT path in arithmetic is one) or an INT column.
func (p *parser) checkIntFnOperand(fn string, e expr, t tok) error {
	if e.path != nil || e.typ == "DOUBLE" || e.float || (e.plain && e.typ == "BIGINT") {
		return nil
	}
	return p.unsupported(t, "a quotient or product of "+fn+"(…) and a NUMBER (the precision of "+fn+
		"'s result, which the result's counts, is not documented)")
}

// typedItem renders select item s, when it is one integer of known
// precision (intWidth) in the statement's own select list, as the NUMBER it
// is, which the result's metadata, a view's columns and a table created
// from the query then report. A subquery's or a CTE's column stays DuckDB's
// BIGINT, which an outer LEFT, SUBSTR or REPEAT takes as a length (DuckDB's
// take no DECIMAL: README, Known gaps) and any outer expression reports as
// a NUMBER(38,0) as before.
func (p *parser) typedItem(s string) string {
	w := p.sumWidth
	if p.single != nil {
		w = p.single.intWidth
	}
	if !p.outerItems || w == 0 {
		return s
	}
	return typedInt(s, w)
}

// intSum follows a sequence of operands that is a sum or difference of
// integers, one at least of known precision (intWidth) and the others
// such integers or integer literals: "max(L1, L2) + 1" digits at each
// step (docs, Arithmetic operators: addition and subtraction), so that
// LENGTH(s) + 1 is a NUMBER(19,0). Its SQL stays DuckDB's integer sum, a
// length LEFT or SUBSTR takes; the select list, a quotient or a product
// types it (typedItem, typedInt).
type intSum struct {
	off  bool // the sequence is something else
	fn   bool // an operand is of known precision
	w, n int  // the digits so far, the operands
}

// operand records an operand rendered as s (e); product says a * follows,
// whose product the operand is part of.
func (is *intSum) operand(s string, e expr, product bool) {
	if is.off {
		return
	}
	w := e.intWidth
	if w > 0 {
		is.fn = true
	} else {
		w = integerPrecision(s, expr{sql: s}) // an integer literal (types_mul.go)
	}
	if product || w <= 0 {
		is.off = true
		return
	}
	if is.n == 0 {
		is.w = w
	} else {
		is.w = min(38, max(is.w, w)+1)
	}
	is.n++
}

// other records a token between operands: only a binary + or - continues
// the sum.
func (is *intSum) other(t tok, afterOperand bool) {
	if !afterOperand || !(t.IsOp("+") || t.IsOp("-")) {
		is.off = true
	}
}

// width is the sum's precision, or 0.
func (is *intSum) width() int {
	if is.off || !is.fn || is.n < 2 {
		return 0
	}
	return is.w
}

// outermost reports whether token i is outside every bracket: a SELECT
// there starts the statement's own select list (a CTE's and a subquery's
// are bracketed), which it does once per query block.
func (p *parser) outermost(i int) bool {
	depth := 0
	for _, t := range p.toks[:max(i, 0)] {
		switch {
		case t.IsOp("("):
			depth++
		case t.IsOp(")"):
			depth--
		}
	}
	return depth == 0
}

// IntValued reports whether the built-in function name (upper case)
// returns an integer NUMBER (intValuedFuncs), which a concatenation joins
// as a number.
func IntValued(name string) bool { return intValuedFuncs[name] }
