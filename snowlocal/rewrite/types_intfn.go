package rewrite

// Integer-valued functions whose Snowflake precision is not documented:
// the docs say they return a NUMBER (or an integer) but not its precision,
// and the independent reference does not give it either. A quotient's
// precision counts its dividend's leading digits (L1 + S2 + S, types.go) and
// a product's both operands' (L1 + L2 + S, types_mul.go), so a quotient
// whose dividend is such a call, and a product of one and another fixed-point
// operand whose precision is below 38 in any case, would report a precision
// the engine cannot know: refused (002040). Such a call stays an integer
// everywhere else (a length or position of LEFT, SUBSTR, REPEAT...), and a
// FLOAT operand (a quotient or product of FLOATs) or an INT column (a
// NUMBER(38,0): the result has 38 digits whatever the call's) are fine.
var intValuedFuncs = toSet(`LENGTH LEN CHAR_LENGTH CHARACTER_LENGTH BIT_LENGTH OCTET_LENGTH POSITION CHARINDEX
REGEXP_COUNT REGEXP_INSTR EDITDISTANCE DATEDIFF TIMEDIFF TIMESTAMPDIFF DATE_PART EXTRACT YEAR YEAROFWEEK
YEAROFWEEKISO DAY DAYOFMONTH DAYOFWEEK DAYOFWEEKISO DAYOFYEAR WEEK WEEKOFYEAR WEEKISO MONTH QUARTER HOUR
MINUTE SECOND ROW_NUMBER RANK DENSE_RANK NTILE ARRAY_SIZE UNICODE ASCII JAROWINKLER_SIMILARITY`)

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
