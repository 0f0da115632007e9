package rewrite

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

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
var intValuedFuncs = toSet(`LENGTH LEN CHAR_LENGTH CHARACTER_LENGTH BIT_LENGTH OCTET_LENGTH RTRIMMED_LENGTH POSITION CHARINDEX
REGEXP_COUNT REGEXP_INSTR EDITDISTANCE DATEDIFF TIMEDIFF TIMESTAMPDIFF DATE_PART EXTRACT YEAR YEAROFWEEK
YEAROFWEEKISO DAY DAYOFMONTH DAYOFWEEK DAYOFWEEKISO DAYOFYEAR WEEK WEEKOFYEAR WEEKISO MONTH QUARTER HOUR
MINUTE SECOND ROW_NUMBER RANK DENSE_RANK NTILE ARRAY_SIZE ARRAY_POSITION UNICODE ASCII JAROWINKLER_SIMILARITY SEQ1 SEQ2 SEQ4 SEQ8`)

// intFnWidths are the integer-valued functions whose precision a source
// gives: the NUMBER(p, 0) the account declares for them. The docs say only
// NUMBER or "an integer"; the independent reference mlorek/frostlake
// measured them on a live account: engine/src/main/java/dev/frostlake/
// types/IntegerResultWidths.java ("the account distinguishes five widths,
// every one of them measured here rather than reasoned": 2 for MONTH DAY
// DAYOFMONTH DAYOFWEEK DAYOFWEEKISO WEEK WEEKISO QUARTER HOUR MINUTE
// SECOND, 4 for YEAR DAYOFYEAR YEAROFWEEK, 9 for CHARINDEX POSITION
// ARRAY_SIZE ARRAY_POSITION, 18 for LENGTH LEN OCTET_LENGTH REGEXP_INSTR
// REGEXP_COUNT ROW_NUMBER RANK DENSE_RANK NTILE, 19 for BIT_LENGTH),
// engine/src/test/java/dev/frostlake/types/IntegerFunctionWidthsTest.java
// (EDITDISTANCE 9, JAROWINKLER_SIMILARITY and ASCII 4, UNICODE and
// RTRIMMED_LENGTH 18, WEEKOFYEAR 2, YEAROFWEEKISO 4), and docs/functions.md
// with .../functions/StorageTagStatisticsTest.java (SEQ1 3, SEQ2 5, SEQ4
// 10, SEQ8 19: SYSTEM$TYPEOF(SEQ4()) is NUMBER(10,0)[SB4], live-verified).
// LEN is LENGTH's other name (docs: LENGTH, LEN). The widths do not follow
// from the values (ASCII is 4 where UNICODE is 18, DAYOFYEAR 4 where
// DAYOFWEEK is 2), so a function the reference does not measure (LEVEL)
// stays without one.
var intFnWidths = map[string]int{"LENGTH": 18, "LEN": 18, "CHARINDEX": 9, "POSITION": 9, "EDITDISTANCE": 9,
	"JAROWINKLER_SIMILARITY": 4, "ASCII": 4, "UNICODE": 18, "YEAR": 4, "MONTH": 2, "WEEKOFYEAR": 2,
	"YEAROFWEEKISO": 4, "ARRAY_SIZE": 9, "ROW_NUMBER": 18, "RANK": 18, "BIT_LENGTH": 19, "RTRIMMED_LENGTH": 18,
	"DAY": 2, "DAYOFMONTH": 2, "DAYOFWEEK": 2, "DAYOFWEEKISO": 2, "WEEK": 2, "WEEKISO": 2, "QUARTER": 2,
	"HOUR": 2, "MINUTE": 2, "SECOND": 2, "DAYOFYEAR": 4, "YEAROFWEEK": 4, "OCTET_LENGTH": 18,
	"REGEXP_INSTR": 18, "REGEXP_COUNT": 18, "DENSE_RANK": 18, "NTILE": 18,
	"SEQ1": 3, "SEQ2": 5, "SEQ4": 10, "SEQ8": 19, "ARRAY_POSITION": 9}

// datePartWidths are DATE_PART's and EXTRACT's precisions by part: those of
// the function of the same part, as the reference maps them
// (mlorek/frostlake's datePartWidth: "Only the parts measured through their
// own functions are mapped"), so the epoch parts, the fractions of a second
// and the time zone parts stay without one.
var datePartWidths = map[string]int{"year": 4, "month": 2, "quarter": 2, "week": 2, "day": 2, "hour": 2,
	"minute": 2, "second": 2, "dow": 2, "isodow": 2, "doy": 4, "isoweek": 2, "yearofweek": 4, "isoyear": 4}

// intFnWidth is the precision of Snowflake's NUMBER(p, 0) result of call c
// of an integer-valued function, or 0 where no source gives it.
// DATEDIFF's depends on its unit and the kind its operands are planned in:
// "DATE NUMBER(9,0) to DAYS, (18,0) to MILLISECONDS, (38,0) beyond;
// TIMESTAMP (9,0) to HOURS, (18,0) for MINUTES/SECONDS, (38,0) from
// MILLISECONDS; TIME (9,0) to MILLISECONDS, (18,0) beyond" (mlorek/frostlake
// docs/functions.md, DATE_DIFF<KIND>IN<UNITS>, "DATEDIFF itself is typed the
// same way by the kind its operands are planned in, and reads a text beside
// a DATE as a DATE": an independent reference, live-verified), so a unit of
// a day or larger is 9 digits whatever the operands, and a finer one is
// known where the kind is (dateDiffKind). TIMEDIFF and TIMESTAMPDIFF are
// its other names (docs, TIMEDIFF "Alternative for DATEDIFF"). DATE_PART
// and EXTRACT are 4 digits for a year and 2 for a month
// (IntegerFunctionWidthsTest).
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
		if len(c.args) != 3 {
			return 0
		}
		unit := part(c.args[0])
		switch unit {
		case "year", "quarter", "month", "week", "day":
			return 9
		}
		widths := map[string]map[string]int{
			"DATE":      {"hour": 18, "minute": 18, "second": 18, "millisecond": 18, "microsecond": 38, "nanosecond": 38},
			"TIMESTAMP": {"hour": 9, "minute": 18, "second": 18, "millisecond": 38, "microsecond": 38, "nanosecond": 38},
			"TIME":      {"hour": 9, "minute": 9, "second": 9, "millisecond": 9, "microsecond": 18, "nanosecond": 18},
		}
		return widths[dateDiffKind(c.args[1], c.args[2])][unit]
	case "DATE_PART", "EXTRACT":
		if len(c.args) == 2 {
			return datePartWidths[part(c.args[0])]
		}
	}
	return 0
}

// dateDiffKind is the kind (DATE, TIMESTAMP, TIME) DATEDIFF's operands a
// and b are planned in where the rewriter knows it: both of one kind, or a
// DATE beside a text literal (read as a DATE: intFnWidth); "" otherwise (a
// DATE beside a TIMESTAMP: the reference does not say which kind that is).
func dateDiffKind(a, b arg) string {
	kind := func(x arg) string {
		switch x.typ() {
		case "DATE":
			return "DATE"
		case "TIME":
			return "TIME"
		case "TIMESTAMP", "TIMESTAMPTZ":
			return "TIMESTAMP"
		}
		if len(x.toks) == 1 && x.toks[0].Kind == sqllex.String {
			return "TEXT"
		}
		return ""
	}
	ka, kb := kind(a), kind(b)
	switch {
	case ka == kb && ka != "TEXT":
		return ka
	case ka == "DATE" && kb == "TEXT", ka == "TEXT" && kb == "DATE":
		return "DATE"
	}
	return ""
}

// aggIntWidth is the precision of an aggregate's NUMBER(p, 0) result over
// one argument of known precision w (intWidth), or 0: SUM is a NUMBER(w +
// 12, 0) at most 38 ("What the numeric aggregates DECLARE": mlorek/frostlake
// docs/functions.md, as types_agg.go types SUM), MIN and MAX "the same data
// type as the input values" (docs), over a window too ("Over a WINDOW every
// aggregate declares what it declares as an aggregate", except AVG).
//
// The value functions return their argument's value, so its type:
// FIRST_VALUE "keeps its argument's declared type" (mlorek/frostlake
// GroupedWindowArgumentTypeTest, live-verified), as LAST_VALUE, NTH_VALUE,
// LAG and LEAD (without a default, whose type would join in) and ANY_VALUE
// do. An INT column's argument is a NUMBER(38, 0) (integerPrecision), so
// MAX(price) * 0.9 and LAG(price) * 0.9 have a known type.
func aggIntWidth(c *call) int {
	if len(c.args) == 0 || c.args[0].e == nil {
		return 0
	}
	a := c.args[0].e
	w := a.intWidth
	if w == 0 && a.path == nil && a.plain && a.typ == "BIGINT" {
		w = 38
	}
	if w == 0 {
		return 0
	}
	switch {
	case len(c.args) == 1 && c.name == "SUM":
		return min(38, w+12)
	case len(c.args) == 1 && (c.name == "MIN" || c.name == "MAX" || c.name == "ANY_VALUE" ||
		c.name == "FIRST_VALUE" || c.name == "LAST_VALUE" || c.name == "LAG" || c.name == "LEAD"),
		len(c.args) == 2 && (c.name == "NTH_VALUE" || c.name == "LAG" || c.name == "LEAD"):
		return w
	}
	return 0
}

// condIntWidth is the precision of conditional call c's NUMBER(p, 0)
// result when its results are integers of known precision, integer
// literals, INT columns or NULL (one at least not NULL), or 0. "What a conditional's fold presents"
// (mlorek/frostlake docs/functions.md: COALESCE, IFF, NVL, IFNULL, NVL2,
// CASE, DECODE, GREATEST, LEAST; NULLIF keeps its first argument's type)
// folds exact NUMBERs to the widest (IFF(TRUE, 123.45, 1) and LEAST(123.45,
// 200) are NUMBER(5,2), and a NULL branch widens nothing: IFF(TRUE,
// NULL::INT, NULL) is NUMBER(38,0) — .../types/UnaryPlusTypeTest.java and
// WidthlessNullBranchFoldTest.java, live-verified), so over integers the
// fold has the most digits of any result: IFF(c, 1, 2) is a NUMBER(1,0)
// and SUM(IFF(c, 1, 0)) a NUMBER(13,0), where DuckDB's INTEGER was a
// NUMBER(38,0).
func condIntWidth(c *call) int {
	idx := condResults(c)
	if idx == nil {
		return 0
	}
	var results []arg
	for _, i := range idx {
		if i >= len(c.args) {
			return 0
		}
		results = append(results, c.args[i])
	}
	return resultsIntWidth(results)
}

// resultsIntWidth is condIntWidth's fold of a conditional's results.
func resultsIntWidth(results []arg) int {
	var f intFold
	number := false // a result that is no text literal
	for _, a := range results {
		if w := textIntLiteral(a.toks); w > 0 {
			f.result("", expr{}, w)
			continue
		}
		number = true
		e := expr{sql: a.sql}
		if a.e != nil {
			e = *a.e
		}
		f.result(a.sql, e, a.intWidth)
	}
	if !number {
		return 0 // a fold of texts
	}
	return f.width()
}

// textIntLiteral is the precision of the integer a text literal spells
// (toks, a conditional's result: '7' is a NUMBER(1,0)), or 0. Beside a
// number, a conditional's text literal "contributes exactly what the same
// number written WITHOUT quotes would" (mlorek/frostlake engine/src/main/
// java/dev/frostlake/types/DeclaredTypeFold.java, foldBranches: COALESCE(n2,
// '123456789012') is NUMBER(14,2) as COALESCE(n2, 123456789012) is,
// live-verified). Only plain digits count (no sign, spaces or leading
// zero), whose reading is not in doubt, and at most 18 of them (DuckDB
// reads the text as the BIGINT beside it).
func textIntLiteral(toks []tok) int {
	if len(toks) != 1 || toks[0].Kind != sqllex.String {
		return 0
	}
	v := snowflakeString(toks[0].Text)
	if v == "" || len(v) > 18 || v[0] == '0' && v != "0" {
		return 0
	}
	for _, r := range v {
		if r < '0' || r > '9' {
			return 0
		}
	}
	return len(v)
}

// condTextIntUnknown is the intUnknown of conditional call c one of whose
// results is an integer the rewriter types (intWidth, intUnknown) and
// another a text that spells no integer (textIntLiteral): the text "joins
// the other family" as a NUMBER whose type the reference measures for a
// text column (NUMBER(18,5)) and a numeric literal only
// (DeclaredTypeFold.stringContribution), so the fold's type is not known;
// "" otherwise.
func condTextIntUnknown(c *call) string {
	var results []arg
	for _, i := range condResults(c) {
		if i >= len(c.args) {
			return ""
		}
		results = append(results, c.args[i])
	}
	return resultsTextIntUnknown(c.name, results)
}

// resultsTextIntUnknown is condTextIntUnknown's answer for the results of
// conditional name (a function's, or CASE).
func resultsTextIntUnknown(name string, results []arg) string {
	integer, text := false, false
	for _, a := range results {
		switch {
		case a.intWidth > 0 || a.e != nil && (a.e.intWidth > 0 || a.e.intUnknown != ""):
			integer = true
		case textIntLiteral(a.toks) > 0:
		case len(a.toks) == 1 && a.toks[0].Kind == sqllex.String,
			a.e != nil && a.e.path == nil && (a.e.typ == "VARCHAR" || a.e.textColumn):
			text = true
		}
	}
	if integer && text {
		return name + "(…) of an integer and a text"
	}
	return ""
}

// condResults are the indices of conditional call c's arguments that are
// its results, or nil where c is no conditional.
func condResults(c *call) []int {
	if c.star {
		return nil
	}
	var idx []int
	switch c.name {
	case "COALESCE", "NVL", "IFNULL", "GREATEST", "LEAST":
		for i := range c.args {
			idx = append(idx, i)
		}
	case "IFF", "NVL2":
		idx = []int{1, 2}
	case "NULLIF":
		idx = []int{0}
	case "DECODE":
		for i := 2; i < len(c.args); i += 2 {
			idx = append(idx, i)
		}
		if len(c.args) > 1 && len(c.args)%2 == 0 {
			idx = append(idx, len(c.args)-1) // the default
		}
	}
	return idx
}

// intUnknownCall names call c of an integer-valued function whose
// precision w no source gives (0) for a refusal (checkUnknownIntItem),
// with DATE_PART's and DATEDIFF's unit: "" where w is known.
func intUnknownCall(c *call, w int) string {
	if w > 0 {
		return ""
	}
	if len(c.args) > 0 {
		if u, ok := c.args[0].word(); ok && (c.name == "DATE_PART" || c.name == "EXTRACT" || c.name == "DATEDIFF" ||
			c.name == "TIMEDIFF" || c.name == "TIMESTAMPDIFF") {
			return c.name + "(" + strings.ToLower(u) + ", …)"
		}
	}
	return c.name + "(…)"
}

// condIntUnknown is the intUnknown of conditional call c (one of its
// results is such an integer: the fold counts its digits) or of MIN, MAX,
// ANY_VALUE, SUM, AVG, MEDIAN, ABS or the rounding functions of one ("the
// same data type as the input values", or a precision that counts the
// input's: aggIntWidth, types_agg.go); "" otherwise.
func condIntUnknown(c *call) string {
	idx := condResults(c)
	switch c.name {
	case "MIN", "MAX", "ANY_VALUE", "SUM", "AVG", "MEDIAN", "ABS":
		if len(c.args) == 1 {
			idx = []int{0}
		}
	case "ROUND", "TRUNC", "TRUNCATE", "CEIL", "FLOOR":
		// Their NUMBER keeps the argument's precision or counts it (docs:
		// round, "the output … has the same data type as the input").
		if len(c.args) >= 1 {
			idx = []int{0}
		}
	}
	for _, i := range idx {
		if i < len(c.args) && c.args[i].e != nil && c.args[i].e.intUnknown != "" {
			return c.args[i].e.intUnknown
		}
	}
	return condTextIntUnknown(c)
}

// checkUnknownIntItem refuses the statement's own select item e (at token
// t) when it is an integer-valued function whose precision no source gives
// (intUnknown): Snowflake reports a NUMBER(p, 0) of it (in the result's
// metadata, a view's or a created table's column), DuckDB's BIGINT would
// report NUMBER(38,0), which may differ. A cast names the type in both
// (DATE_PART(epoch_second, ts)::NUMBER(38, 0)); inside an expression (a
// comparison, a length) or as an INSERT's value the call still answers.
func (p *parser) checkUnknownIntItem(e *expr, t tok) error {
	if !p.outerItems || p.stmtInserts() {
		return nil
	}
	what := p.seqIntUnknown
	if e != nil && e.intUnknown != "" {
		what = e.intUnknown
	}
	if what == "" {
		return nil
	}
	return p.unsupported(t, unknownPrecisionRefusal(what))
}

// unknownPrecisionRefusal is the refusal of what (an intUnknown) as a
// result column: a NUMBER(p, 0) whose p no source gives.
func unknownPrecisionRefusal(what string) string {
	if what == remainderRefusal || what == remainderStarRefusal {
		return remainderRefusalText(what) // types_rem.go
	}
	return what + " as a result column (Snowflake's precision of its NUMBER is not documented; cast it, for example ::NUMBER(38, 0))"
}

// dateDiffTyped renders s, the statement's own select item, when it is one
// DATEDIFF by the hour or finer whose operands' kind the rewriter does not
// know (a derived table's columns, a table function's), with the precision
// the reference gives for the kind DuckDB binds them as (intFnWidth):
// typeof() folds to a constant, so the struct field, and its DECIMAL(w, 0),
// is chosen per call site. Operands of two kinds, or of a kind that is no
// DATE, TIME or timestamp (a text), fail when DuckDB binds the statement
// with the key the struct lacks (result.go reports it as 002040).
func (p *parser) dateDiffTyped(s string) (string, bool) {
	e := p.single
	if e == nil || e.diffOperands == nil || !p.outerItems || p.stmtInserts() || p.setOpBlock {
		return "", false
	}
	d := e.diffOperands
	return fmt.Sprintf("_SF_DATEDIFF_TYPED(%s, typeof(%s), typeof(%s), '%s')", s, d[1], d[2], d[0]), true
}

func init() {
	prelude = append(prelude,
		// _SF_DD_KIND(t): the kind DATEDIFF plans an operand of DuckDB type
		// t in (intFnWidth), or NULL.
		`CREATE OR REPLACE TEMP MACRO _SF_DD_KIND(t) AS CASE WHEN t = 'DATE' THEN 'DATE' WHEN t = 'TIME' THEN 'TIME'
		WHEN t IN ('TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S') THEN 'TIMESTAMP' END`,
		// _SF_DD_WIDTH(k, u): the reference's precision of DATEDIFF by unit u
		// (hour or finer) over operands of kind k (intFnWidth's table).
		`CREATE OR REPLACE TEMP MACRO _SF_DD_WIDTH(k, u) AS CASE
		WHEN k = 'DATE' THEN CASE WHEN u IN ('microsecond', 'nanosecond') THEN '38' ELSE '18' END
		WHEN k = 'TIMESTAMP' THEN CASE WHEN u = 'hour' THEN '9' WHEN u IN ('minute', 'second') THEN '18' ELSE '38' END
		WHEN k = 'TIME' THEN CASE WHEN u IN ('microsecond', 'nanosecond') THEN '18' ELSE '9' END END`,
		// (Each field casts only under its own key, which folds: a struct
		// evaluates every field, and a microsecond difference of 17
		// minutes failed the cast to DECIMAL(9, 0) of the field not taken.)
		`CREATE OR REPLACE TEMP MACRO _SF_DD_KEY(ta, tb, u) AS CASE WHEN _SF_DD_KIND(ta) IS NOT NULL AND _SF_DD_KIND(ta) = _SF_DD_KIND(tb) THEN _SF_DD_WIDTH(_SF_DD_KIND(ta), u)
		ELSE 'unsupported: DATEDIFF by the ' || u || ' of a ' || ta || ' and a ' || tb || ' as a result column (its precision for operands of other or mixed kinds is not documented; cast it, for example ::NUMBER(38, 0))' END`,
		`CREATE OR REPLACE TEMP MACRO _SF_DATEDIFF_TYPED(d, ta, tb, u) AS struct_extract({
		'9': CASE WHEN _SF_DD_KEY(ta, tb, u) = '9' THEN CAST(d AS DECIMAL(9, 0)) END,
		'18': CASE WHEN _SF_DD_KEY(ta, tb, u) = '18' THEN CAST(d AS DECIMAL(18, 0)) END,
		'38': CASE WHEN _SF_DD_KEY(ta, tb, u) = '38' THEN CAST(d AS DECIMAL(38, 0)) END},
		_SF_DD_KEY(ta, tb, u))`,
	)
}

// signsOnly reports whether toks are unary signs only (or none).
func signsOnly(toks []tok) bool {
	for _, t := range toks {
		if !t.IsOp("-") && !t.IsOp("+") {
			return false
		}
	}
	return true
}

// stmtInserts reports whether the statement is an INSERT or MERGE, whose
// rows take the target's column types.
func (p *parser) stmtInserts() bool {
	for _, t := range p.toks {
		if !t.Significant() {
			continue
		}
		return t.IsWord("INSERT") || t.IsWord("MERGE")
	}
	return false
}

// intFold folds the results of a conditional (condIntWidth).
type intFold struct {
	off bool
	w   int
}

// result records a result rendered as s (e when a single operand) whose
// precision is w when an integer of known precision.
func (f *intFold) result(s string, e expr, w int) {
	switch {
	case w > 0:
	case isNullConstant(s):
		return
	default:
		w = integerPrecision(s, e) // an integer literal, an INT column (types_mul.go)
	}
	if w <= 0 {
		f.off = true
		return
	}
	f.w = max(f.w, w)
}

// width is the fold's precision, or 0.
func (f *intFold) width() int {
	if f.off {
		return 0
	}
	return f.w
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
// integers of known precision (intWidth), integer literals and INT
// columns: "max(L1, L2) + 1" digits at each
// step (docs, Arithmetic operators: addition and subtraction), so that
// LENGTH(s) + 1 is a NUMBER(19,0). An operand may carry a sign: "A negated
// NUMBER keeps its type, while a unary plus gives an exact NUMBER at least
// two integer digits" (mlorek/frostlake docs/operators.md, an independent
// reference, live-verified; the docs do not say), so -LENGTH(s) is a
// NUMBER(18,0). Its SQL stays DuckDB's integer sum, a length LEFT or
// SUBSTR takes; the select list, a quotient or a product types it
// (typedItem, typedInt).
type intSum struct {
	off    bool // the sequence is something else
	signed bool // an operand carries a sign
	noSign bool // a sign ends the sum (inSetOp)
	plus   bool // the next operand carries a unary plus
	pend   bool // the last operand starts a product (product)
	w, n   int  // the digits so far, the operands

	// unknown: an operand's intUnknown; the sum's precision counts its
	// digits unless another operand is a FLOAT or has 38 (unknownOf).
	unknown      string
	notSum, wide bool // a token that is no + or - between operands; a FLOAT, VARIANT or 38-digit operand
}

// unknownOf is the intUnknown of a sum of integers one of which is an
// integer-valued function of unknown precision (a NUMBER of max(L1, L2) + 1
// digits: intSum), or "".
func (is *intSum) unknownOf() string {
	if is.unknown == "" || is.notSum || is.wide || is.pend {
		return ""
	}
	return is.unknown
}

// operand records an operand rendered as s (e); product says a * follows,
// whose product the operand starts (product then records the product).
func (is *intSum) operand(s string, e expr, product bool) {
	if product {
		is.pend = !is.off
		return
	}
	w := e.intWidth
	if w <= 0 {
		w = integerPrecision(s, e) // an integer literal, an INT column (types_mul.go)
	}
	switch {
	case e.intUnknown != "" && w <= 0:
		is.unknown = e.intUnknown
	case w >= 38 || e.path != nil || e.float || e.typ == "DOUBLE":
		is.wide = true
	}
	if !is.off {
		is.add(w)
	}
}

// product records the product that ended the operand operand announced:
// its precision w (L1 + L2 digits, docs: Arithmetic operators, "Scale and
// precision in arithmetic operations"), 0 where an operand's is not known.
func (is *intSum) product(w int) {
	if is.off || !is.pend {
		return
	}
	is.pend = false
	if is.plus { // a unary plus on the product's first operand
		is.off = true
		return
	}
	is.add(w)
}

// add records an operand of precision w (0 or less: not an integer the
// sum follows).
func (is *intSum) add(w int) {
	if w <= 0 {
		is.off = true
		return
	}
	if is.plus {
		w, is.plus = min(38, max(w, 2)), false
	}
	if is.n == 0 {
		is.w = w
	} else {
		is.w = min(38, max(is.w, w)+1)
	}
	is.n++
}

// other records a token between operands: only a binary + or - continues
// the sum, and a sign before an operand keeps it.
func (is *intSum) other(t tok, afterOperand bool) {
	switch {
	case !afterOperand && (t.IsOp("+") || t.IsOp("-")) && !is.plus && !is.noSign:
		is.signed, is.plus = true, t.IsOp("+")
	case !afterOperand || !(t.IsOp("+") || t.IsOp("-")):
		is.off, is.notSum = true, true
	}
}

// width is the sequence's precision, or 0.
func (is *intSum) width() int {
	if is.off || is.n < 2 && !is.signed || is.plus {
		return 0
	}
	return is.w
}

// derivedIntWidth is the precision of the column reference parts when it
// resolves to one item of a derived table's or CTE's select list (as
// setRefFamily resolves one) whose expression is an integer of known
// precision, or 0: "a conditional or derived column keeps its expression's
// type" ("A CTAS, a view, a CTE and a derived table over such items inherit
// the declared type": mlorek/frostlake engine/src/test/java/dev/frostlake/
// query/DerivedItemTypeTest.java, an independent reference compared with
// the account), so the reference reads the NUMBER(p, 0) the item is, where its SQL
// stays DuckDB's integer, a length LEFT, SUBSTR or REPEAT takes. The item
// is parsed again, alone, in its own block's scope (a copy of the parser,
// whose output is dropped). Items holding a subquery are not read, and
// neither are blocks with a set operation (whose column folds its
// branches). (A lateral alias DuckDB resolves reads the select item as
// typedItem types it; one the rewriter writes out in its place,
// order_distinct.go, carries the item's precision: aliasWidths.)
func (p *parser) derivedIntWidth(parts []tok) int {
	if w := p.mergedIntWidth(parts); w > 0 {
		return w
	}
	rel := p.derivedRel(parts)
	if rel == nil {
		return 0
	}
	return p.relIntWidth(rel, identKey(parts[len(parts)-1]))
}

// derivedIntColumn is 38 where the column reference parts (an operand's
// derivedRef) resolves, through derived tables and CTEs, to one select
// item that is a table's INT column, a NUMBER(38, 0) (docs: Numeric data
// types) as integerPrecision types one read directly; else 0. Only a
// product asks (types_mul.go), so a query without one pays nothing: the
// item is parsed again (reparsedItem) to see what it is.
func (p *parser) derivedIntColumn(parts []tok) int {
	if len(parts) == 0 || p.mergedIntWidth(parts) > 0 {
		return 0
	}
	rel := p.derivedRel(parts)
	a, b, names, ok := p.relQuery(rel)
	if !ok || p.hasSetOp(a, b) {
		return 0
	}
	item := p.columnItem(a, b, names, identKey(parts[len(parts)-1]))
	if item == nil {
		return 0
	}
	q, ok := p.reparsedItem(item.a, item.e)
	if !ok || q.single == nil || q.single.intWidth > 0 || q.single.path != nil || !q.single.plain {
		return 0
	}
	if q.single.typ == "BIGINT" {
		return 38
	}
	return q.derivedIntColumn(q.single.derivedRef)
}

// derivedIntUnknown is the intUnknown of the column reference parts when it
// resolves to one item of a derived table's or CTE's select list (as
// derivedIntWidth resolves one, a set operation's column aside) that is an
// integer-valued function of unknown precision: "a conditional or derived
// column keeps its expression's type" (derivedIntWidth).
func (p *parser) derivedIntUnknown(parts []tok) string {
	if len(parts) > 0 && identKey(parts[len(parts)-1]) == strings.Trim(cbLevel, `"`) {
		return "LEVEL" // CONNECT BY's pseudo-column, its hierarchy's column (connect_by.go)
	}
	if u := p.mergedIntUnknown(parts); u != "" {
		return u
	}
	return p.relIntUnknown(p.derivedRel(parts), identKey(parts[len(parts)-1]))
}

// relIntUnknown is derivedIntUnknown's answer for column col of rel.
func (p *parser) relIntUnknown(rel *scopeRel, col string) string {
	a, b, names, ok := p.relQuery(rel)
	if !ok || !p.mayHoldIntWidth(a, b) || p.hasSetOp(a, b) {
		return ""
	}
	item := p.columnItem(a, b, names, col)
	if item == nil {
		return ""
	}
	_, unknown := p.exprIntType(item.a, item.e)
	return unknown
}

// derivedRel is the relation of the statement's scope that column
// reference parts names (derivedIntWidth), or nil.
func (p *parser) derivedRel(parts []tok) *scopeRel {
	sc := p.scope
	if sc == nil || sc.unknown || p.setDepth > 8 || len(parts) > 2 {
		return nil
	}
	var rel *scopeRel
	switch len(parts) {
	case 1:
		if sc.aliases[identKey(parts[0])] {
			return nil
		}
		if len(sc.rels) == 1 {
			rel = sc.rels[0]
			break
		}
		// Beside a join: the one relation whose known columns (relColumnNames)
		// have that name, unless a join merges it (mergedIntUnknown). Were a
		// relation whose columns are not known to have one of that name
		// too, the name would be ambiguous, in DuckDB as in Snowflake
		// ("ambiguous column name"), and the statement fail.
		col := identKey(parts[0])
		if sc.natural || sc.using[col] {
			return nil
		}
		for _, r := range sc.rels {
			names, ok := p.relColumnNames(r)
			if !ok {
				continue
			}
			for _, n := range names {
				if n == col {
					if rel != nil {
						return nil
					}
					rel = r
				}
			}
		}
	case 2:
		for _, r := range sc.rels {
			if r.name == identKey(parts[0]) {
				if rel != nil {
					return nil
				}
				rel = r
			}
		}
	}
	return rel
}

// mergedIntUnknown is the intUnknown of the unqualified column reference
// parts where a join merges columns of that name (USING, NATURAL) and one
// of them is a derived table's or CTE's integer the rewriter types: the
// merged column's type is not documented where the columns' differ, so it
// is refused as a result column unless every relation is known and its
// columns of that name have one precision. "" otherwise.
func (p *parser) mergedIntUnknown(parts []tok) string {
	sc := p.scope
	if sc == nil || sc.unknown || len(parts) != 1 || sc.aliases[identKey(parts[0])] || p.setDepth > 8 {
		return ""
	}
	col := identKey(parts[0])
	if !sc.natural && !sc.using[col] {
		return ""
	}
	widths := map[int]bool{}
	unknown, known := "", true
	for _, r := range sc.rels {
		names, ok := p.relColumnNames(r)
		if !ok {
			known = false
			continue
		}
		for _, n := range names {
			if n != col {
				continue
			}
			widths[p.relIntWidth(r, col)] = true
			if u := p.relIntUnknown(r, col); u != "" {
				unknown = u
			}
		}
	}
	switch {
	case unknown == "" && (len(widths) == 0 || len(widths) == 1 && widths[0]):
		return "" // no integer the rewriter types
	case unknown == "" && known && len(widths) == 1:
		return "" // one precision (mergedIntWidth)
	}
	return parts[0].Text + " (a column a join merges, of a derived table's or CTE's integer)"
}

// mergedIntWidth is the precision of the unqualified column reference parts
// where a join merges columns of that name, all of one precision
// (mergedIntUnknown), or 0.
func (p *parser) mergedIntWidth(parts []tok) int {
	sc := p.scope
	if sc == nil || sc.unknown || len(parts) != 1 || sc.aliases[identKey(parts[0])] || p.setDepth > 8 {
		return 0
	}
	col := identKey(parts[0])
	if !sc.natural && !sc.using[col] || p.mergedIntUnknown(parts) != "" {
		return 0
	}
	for _, r := range sc.rels {
		if names, ok := p.relColumnNames(r); ok && slices.Contains(names, col) {
			return p.relIntWidth(r, col)
		}
	}
	return 0
}

// relIntWidth is derivedIntWidth's answer for column col of rel.
func (p *parser) relIntWidth(rel *scopeRel, col string) int {
	if rel != nil && rel.valuesAt > 0 {
		return p.valuesIntWidth(rel, col) // numlit.go
	}
	a, b, names, ok := p.relQuery(rel)
	if !ok {
		return 0
	}
	key := fmt.Sprintf("%d:%d:%d:%s", len(p.toks), a, b, col)
	if w, ok := p.refWidths[key]; ok {
		return w
	}
	w := p.itemIntWidth(a, b, names, col)
	if p.refWidths == nil {
		p.refWidths = map[string]int{}
	}
	p.refWidths[key] = w
	return w
}

// relQuery is the token range of the query of rel when it is a derived
// table or a CTE reference, and the column list naming its columns (the
// alias's, else the CTE's; nil without one).
func (p *parser) relQuery(rel *scopeRel) (a, b int, names []string, ok bool) {
	switch {
	case rel == nil, rel.valuesAt > 0:
		return 0, 0, nil, false
	case rel.cte != "":
		a, b, names, ok = p.cteBody(rel.cte)
	case rel.sub[1] > rel.sub[0]:
		a, b, ok = rel.sub[0], rel.sub[1], true
	}
	if rel.renamed != nil {
		names = rel.renamed // the alias's column list names them
	}
	return a, b, names, ok
}

// typedStarColumns are the columns the statement's own select item `*`
// or `q.*` (parts: its qualifier) reads from a derived table or CTE that
// are integers of known precision, which typedStarReplace types as
// derivedIntWidth types a reference to one. A star over a join types a
// column only where its name is one column's among all the joined
// relations' (relColumnNames), which DuckDB's REPLACE resolves; where such
// a column's name is two columns' (a column of another relation, or one
// merged by USING) or another relation's columns are not known, its
// precision would be lost: why names the refusal. nil where there is
// none, or where the star's relations are not known for certain.
func (p *parser) typedStarColumns(parts []tok) (cols []typedColumn, why string) {
	sc := p.scope
	if sc == nil || sc.unknown || len(parts) > 1 {
		return nil, ""
	}
	rels := sc.rels
	if len(parts) == 1 {
		rels = nil
		for _, r := range sc.rels {
			if r.name == identKey(parts[0]) {
				rels = append(rels, r)
			}
		}
		if len(rels) != 1 {
			return nil, ""
		}
	}
	typed := make([][]typedColumn, len(rels))
	any := false
	for k, rel := range rels {
		typed[k] = p.relTypedColumns(rel)
		any = any || len(typed[k]) > 0
	}
	if !any {
		return nil, ""
	}
	var counts map[string]int // the joined relations' column names
	if len(rels) > 1 {
		counts = map[string]int{}
		for _, r := range rels {
			names, ok := p.relColumnNames(r)
			if !ok {
				return nil, "a star over a join beside a relation whose columns the local engine does not know, reading a derived table's or CTE's integer column of known precision (its NUMBER's precision would be lost; select the columns by name)"
			}
			for _, n := range names {
				counts[n]++
			}
		}
	}
	for _, tc := range typed {
		for _, c := range tc {
			if counts != nil && counts[c.key] != 1 {
				return nil, "a star over a join where another column is named " + c.sql + " as a derived table's or CTE's integer column of known precision (its NUMBER's precision would be lost; select the columns by name)"
			}
			cols = append(cols, c)
		}
	}
	return cols, ""
}

// typedStarReplace is the REPLACE list that types cols (typedStarColumns)
// as the NUMBERs they are: DuckDB's REPLACE (CAST(n AS DECIMAL(p, 0)) AS
// n), which keeps the columns' order and names; "" without any.
func typedStarReplace(cols []typedColumn) []string {
	var reps []string
	for _, c := range cols {
		reps = append(reps, typedInt(c.sql, c.w)+" AS "+c.sql)
	}
	return reps
}

// typedColumn is a column of a relation that is an integer of known
// precision w: its name's key (identKey) and its SQL.
type typedColumn struct {
	key, sql string
	w        int
}

// relTypedColumns lists rel's columns that are integers of known
// precision (relIntWidth): a VALUES list's of integer literals, a derived
// table's or CTE's (named by its column list where it has one).
// starIntUnknown is the intUnknown of a column that the statement's own
// select item `*` or `q.*` (parts: its qualifier) reads from a derived
// table or CTE (checkUnknownIntItem), or "".
func (p *parser) starIntUnknown(parts []tok) string {
	sc := p.scope
	if sc == nil || sc.unknown || !p.outerItems || p.stmtInserts() {
		return ""
	}
	for _, rel := range sc.rels {
		if len(parts) == 1 && rel.name != identKey(parts[0]) {
			continue
		}
		a, b, _, ok := p.relQuery(rel)
		if !ok || !p.mayHoldIntWidth(a, b) {
			continue
		}
		if p.hasSetOp(a, b) {
			first := p.setBranchRanges(a, b)[0]
			a, b = first[0], first[1]
		}
		items, ok := p.queryItems(a, b)
		if !ok {
			continue
		}
		for _, it := range items {
			if it.a < 0 || it.e <= it.a {
				continue
			}
			if _, unknown := p.exprIntType(it.a, it.e); unknown != "" {
				return unknown
			}
			if p.typedRemBind {
				// A remainder whose operands' types only DuckDB sees, which
				// a star does not check as a name does (types_rem.go).
				return remainderStarRefusal
			}
		}
	}
	return ""
}

func (p *parser) relTypedColumns(rel *scopeRel) []typedColumn {
	var out []typedColumn
	if rel.valuesAt > 0 {
		for k := 1; k <= rel.values; k++ {
			key, name := fmt.Sprintf("COLUMN%d", k), fmt.Sprintf("COLUMN%d", k)
			if rel.valuesNames != nil {
				key, name = identKey(rel.valuesNames[k-1]), identSQL(rel.valuesNames[k-1])
			}
			if w := p.valuesIntWidth(rel, key); w > 0 { // numlit.go
				out = append(out, typedColumn{key, name, w})
			}
		}
		return out
	}
	a, b, names, ok := p.relQuery(rel)
	if !ok || !p.mayHoldIntWidth(a, b) {
		return nil
	}
	if p.hasSetOp(a, b) {
		first := p.setBranchRanges(a, b)[0] // its columns are its first branch's
		a, b = first[0], first[1]
	}
	items, ok := p.queryItems(a, b)
	if !ok || names != nil && len(names) != len(items) {
		return nil
	}
	for k, it := range items {
		key, name := it.name, ""
		switch {
		case names != nil:
			key, name = names[k], quoteIdent(names[k])
		case it.name == "" || it.b <= it.a || p.toks[it.b-1].Kind != sqllex.Word:
			continue // a name DuckDB spells otherwise (quoted, generated)
		default:
			name = identSQL(p.toks[it.b-1])
		}
		if w := p.relIntWidth(rel, key); w > 0 {
			out = append(out, typedColumn{key, name, w})
		}
	}
	return out
}

// relColumnNames lists the names (identKey) of rel's columns where the
// rewriter knows them all: a base table's or FLATTEN's, a VALUES list's, a
// derived table's or CTE's select items (or its column list) where each
// has a name; ok false otherwise.
func (p *parser) relColumnNames(rel *scopeRel) ([]string, bool) {
	if rel.valuesAt > 0 {
		var out []string
		for k := 1; k <= rel.values; k++ {
			if rel.valuesNames != nil {
				out = append(out, identKey(rel.valuesNames[k-1]))
			} else {
				out = append(out, fmt.Sprintf("COLUMN%d", k))
			}
		}
		return out, true
	}
	if a, b, names, ok := p.relQuery(rel); ok {
		if p.hasSetOp(a, b) {
			first := p.setBranchRanges(a, b)[0]
			a, b = first[0], first[1]
		}
		items, ok := p.queryItems(a, b)
		if !ok || names != nil && len(names) != len(items) {
			return nil, false
		}
		if names != nil {
			return names, true
		}
		var out []string
		for _, it := range items {
			if it.name == "" {
				return nil, false
			}
			out = append(out, it.name)
		}
		return out, true
	}
	rel.load(p)
	if rel.failed {
		return nil, false
	}
	var out []string
	for n := range rel.cols {
		out = append(out, n)
		if rel.dup[n] {
			out = append(out, n)
		}
	}
	return out, true
}

// queryItems lists the select items of the query between token indices a
// and b (setBranch), once per query.
func (p *parser) queryItems(a, b int) ([]setItem, bool) {
	key := fmt.Sprintf("%d:%d:%d", len(p.toks), a, b)
	if items, ok := p.refItems[key]; ok {
		return append([]setItem(nil), items...), items != nil
	}
	p.setDepth++
	items, ok := p.setBranch(a, b)
	p.setDepth--
	if !ok {
		items = nil
	}
	if p.refItems == nil {
		p.refItems = map[string][]setItem{}
	}
	p.refItems[key] = items
	return append([]setItem(nil), items...), items != nil
}

// mayHoldIntWidth reports whether the query between token indices a and b
// may hold an integer of known precision: an integer-valued function, an
// integer literal (numlit.go), or another derived table or CTE it reads.
func (p *parser) mayHoldIntWidth(a, b int) bool {
	ctes := p.cteNames()
	for j := a; j < b; j++ {
		t := p.toks[j]
		if t.Kind == sqllex.Word && (intValuedFuncs[strings.ToUpper(t.Text)] || ctes[identKey(t)] || t.IsWord("MOD")) ||
			t.Kind == sqllex.Number || t.IsOp("%") ||
			t.IsOp("(") && j+1 < b && p.toks[j+1].IsWord("SELECT") {
			return true
		}
	}
	return false
}

// itemIntWidth is derivedIntWidth's answer for column col of the query
// between token indices a and b (names: its CTE's column list, or nil).
func (p *parser) itemIntWidth(a, b int, names []string, col string) int {
	if !p.mayHoldIntWidth(a, b) {
		return 0
	}
	if p.hasSetOp(a, b) {
		return p.setColumnIntWidth(a, b, names, col)
	}
	item := p.columnItem(a, b, names, col)
	if item == nil {
		return 0
	}
	return p.exprIntWidth(item.a, item.e)
}

// columnItem is the select item of the query block between token indices a
// and b that column col names (names: its CTE's or alias's column list, or
// nil), or nil where no item surely is: none of that name, one without a
// name (it might be the one referenced), two of it, or one that is not an
// expression of its own (a star's column).
func (p *parser) columnItem(a, b int, names []string, col string) *setItem {
	items, ok := p.queryItems(a, b)
	if !ok || names != nil && len(names) != len(items) {
		return nil
	}
	var item *setItem
	for k := range items {
		if names != nil {
			items[k].name = names[k]
		}
		switch it := &items[k]; {
		case it.name == "":
			return nil
		case it.name == col && item != nil:
			return nil
		case it.name == col:
			item = it
		}
	}
	if item == nil || item.a < 0 || item.e <= item.a {
		return nil
	}
	return item
}

// setColumnIntWidth is itemIntWidth's answer for column col of the set
// operation between token indices a and b: the fold of its branches'
// items there ("A set operation's column is the fold of its branches'
// types", setFixedColumn), where each is an integer of known precision or
// NULL, one at least an integer; 0 otherwise (a branch that is itself a
// set operation in brackets, VALUES, a star). The column is found by its
// name in the first branch, as Snowflake names the operation's columns.
func (p *parser) setColumnIntWidth(a, b int, names []string, col string) int {
	branches := p.setBranchRanges(a, b)
	items, ok := p.queryItems(branches[0][0], branches[0][1])
	if !ok || items == nil || names != nil && len(names) != len(items) {
		return 0
	}
	k := -1
	for j := range items {
		name := items[j].name
		if names != nil {
			name = names[j]
		}
		switch {
		case name == "":
			return 0 // a column that might be the one referenced
		case name == col && k >= 0:
			return 0 // named twice
		case name == col:
			k = j
		}
	}
	if k < 0 {
		return 0
	}
	return p.branchesIntWidth(branches, k, len(items))
}

// branchesIntWidth is the fold of the k-th items of the set operation's
// branches (setColumnIntWidth), each of n items, or 0.
func (p *parser) branchesIntWidth(branches [][2]int, k, n int) int {
	w := 0
	for _, br := range branches {
		items, ok := p.queryItems(br[0], br[1])
		if !ok || len(items) != n {
			return 0
		}
		it := items[k]
		if it.a < 0 || it.e <= it.a {
			return 0
		}
		if it.e-it.a == 1 && p.toks[it.a].IsWord("NULL") {
			continue
		}
		iw := p.exprIntWidth(it.a, it.e)
		if iw == 0 {
			return 0
		}
		w = max(w, iw)
	}
	return w
}

// scalarIntWidth is the precision of the scalar subquery between token
// indices a and b (its SELECT to before its closing bracket) where its one
// column is an integer of known precision: "a scalar subquery's value" has
// its column's type, as a derived table's column keeps its item's
// (DerivedItemTypeTest, derivedIntWidth), so (SELECT MAX(LENGTH(s)) FROM t)
// is a NUMBER(18,0) where DuckDB's BIGINT was a NUMBER(38,0). 0 otherwise.
// scalarIntUnknown is the intUnknown of the scalar subquery between token
// indices a and b whose one item (in any branch) is an integer-valued
// function of unknown precision, or "".
func (p *parser) scalarIntUnknown(a, b int) string {
	if p.setDepth > 8 || !p.mayHoldIntWidth(a, b) {
		return ""
	}
	for _, br := range p.setBranchRanges(a, b) {
		items, ok := p.queryItems(br[0], br[1])
		if !ok || len(items) != 1 || items[0].a < 0 || items[0].e <= items[0].a {
			continue
		}
		if _, unknown := p.exprIntType(items[0].a, items[0].e); unknown != "" {
			return unknown
		}
	}
	return ""
}

func (p *parser) scalarIntWidth(a, b int) int {
	if p.setDepth > 8 || !p.mayHoldIntWidth(a, b) {
		return 0
	}
	branches := p.setBranchRanges(a, b)
	items, ok := p.queryItems(branches[0][0], branches[0][1])
	if !ok || len(items) != 1 {
		return 0
	}
	return p.branchesIntWidth(branches, 0, 1)
}

// setBranchRanges splits the set operation between token indices a and b
// into its branches' token ranges, at its top-level operators (their ALL
// or DISTINCT left out).
func (p *parser) setBranchRanges(a, b int) [][2]int {
	var out [][2]int
	from, d := a, 0
	for j := a; j < b; j++ {
		switch t := p.toks[j]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			d++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			d--
		case d == 0 && isSetOpWord(t):
			out = append(out, [2]int{from, j})
			from = j + 1
			for from < b && (p.toks[from].IsWord("ALL") || p.toks[from].IsWord("DISTINCT")) {
				from++
			}
		}
	}
	return append(out, [2]int{from, b})
}

// exprIntWidth is the precision of the expression between token indices a
// and e where it is an integer of known precision (intWidth), or 0: an
// integer literal, a sum or product of them, or any other expression
// parsed again, alone, in its own block's scope (a copy of the parser,
// whose output is dropped), as a select item outside a set operation is.
// Expressions holding a subquery, a bind or a variable are not read.
func (p *parser) exprIntWidth(a, e int) int {
	w, _ := p.exprIntType(a, e)
	return w
}

// exprIntType is exprIntWidth's precision of the expression between token
// indices a and e, and its intUnknown where that is 0.
func (p *parser) exprIntType(a, e int) (int, string) {
	if n, ok := p.literalType(a, e); ok {
		if n.scale > 0 {
			return 0, ""
		}
		return n.prec(), "" // an integer literal's NUMBER(p, 0) (numlit.go)
	}
	if w := p.literalArithWidth(a, e); w > 0 {
		return w, "" // a sum or product of integer literals (numlit.go)
	}
	for j := a; j < e; j++ {
		if t := p.toks[j]; t.Kind == sqllex.Bind || t.Kind == sqllex.Variable {
			return 0, ""
		}
	}
	q, ok := p.reparsedItem(a, e)
	if !ok {
		return 0, ""
	}
	p.typedRemBind = q.single != nil && q.single.remBind || q.single == nil && q.seqRemBind // types_rem.go
	if q.single != nil {
		if q.single.intWidth == 0 {
			return 0, q.single.intUnknown
		}
		return q.single.intWidth, ""
	}
	if q.sumWidth == 0 {
		return 0, q.seqIntUnknown
	}
	return q.sumWidth, ""
}

// reparsedItem is a copy of the parser that has parsed the select item
// toks[a:e] again, alone, in its own block's scope (its output is
// dropped); ok is false where it does not parse to its end.
func (p *parser) reparsedItem(a, e int) (q *parser, ok bool) {
	c := *p
	q = &c
	q.i, q.scope, q.setDepth = a, p.scanScope(a), p.setDepth+1
	q.blockAliases, q.aliasWidths, q.substAt, q.outerItems, q.setOpBlock = nil, nil, nil, false, false
	q.lateral = nil
	if sel := p.blockSelectOf(a); sel >= 0 {
		q.lateral = &lateralBlock{sel: sel, self: a} // types_lateral.go
	}
	if _, err := q.seq(func(tok, bool) bool { return q.i >= e }); err != nil || q.i != e {
		return q, false
	}
	return q, true
}

// inSetOp reports whether the query block whose SELECT is at token i may be
// a branch of a set operation: an operator at its depth, or beside the
// brackets around it. There the sign, conditional, derived-table and star
// rules add no precision: a set operation's column folds its branches,
// which DuckDB does otherwise for a DECIMAL beside a BIGINT (a NUMBER(19,0)
// where an INT column's 38 digits win), so a branch typed alone would
// report another precision than before.
func (p *parser) inSetOp(i int) bool {
	for range 8 {
		end, d := len(p.toks), 0
		for j := i; j < len(p.toks) && end == len(p.toks); j++ {
			switch t := p.toks[j]; {
			case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
				d++
			case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
				if d--; d < 0 {
					end = j
				}
			case d == 0 && isSetOpWord(t):
				return true
			}
		}
		start := -1
		d = 0
		for j := i - 1; j >= 0 && start < 0; j-- {
			switch t := p.toks[j]; {
			case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
				d++
			case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
				if d--; d < 0 {
					start = j
				}
			case d == 0 && isSetOpWord(t):
				return true
			}
		}
		if start < 0 || end >= len(p.toks) {
			return false
		}
		if start > 0 && isSetOpWord(p.toks[start-1]) || end+1 < len(p.toks) && isSetOpWord(p.toks[end+1]) {
			return true // ( SELECT ... ) UNION ...
		}
		if start == 0 || !p.toks[start-1].IsOp("(") {
			return false
		}
		i = start // ((SELECT ...)): look further out
	}
	return true
}

// isSetOpWord reports whether t is a set operator.
func isSetOpWord(t tok) bool {
	return t.IsWord("UNION") || t.IsWord("EXCEPT") || t.IsWord("INTERSECT") || t.IsWord("MINUS")
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
