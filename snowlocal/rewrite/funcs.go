package rewrite

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// arg is one rewritten function argument.
type arg struct {
	name string // named argument (NAME => value), upper-cased
	sql  string // rendered DuckDB text (paths as JSON)
	e    *expr  // the argument when it is a single operand
	toks []tok  // the argument's tokens
	// intWidth is the precision of the argument's NUMBER(p, 0) type when
	// it is an integer of known precision (types_intfn.go), or 0.
	intWidth int
	// distinct is the operand of `DISTINCT x` when it is one operand (sql
	// holds `DISTINCT x`); distinctToks the token range of x after DISTINCT.
	distinct     *expr
	distinctToks [2]int
}

// str renders the argument as a string (paths by their string value).
func (a arg) str() string {
	if a.e != nil {
		return a.e.asString()
	}
	return a.sql
}

// num renders the argument as a number (paths cast to DOUBLE).
func (a arg) num() string {
	if a.e != nil {
		return a.e.asNumber()
	}
	return a.sql
}

// ts renders the argument as a timestamp operand: string literals and
// paths convert the way Snowflake converts them.
func (a arg) ts() string {
	if a.e != nil && a.e.typ == tzDuck {
		return "_SF_TSTZ_WALL(" + a.sql + ")" // tz.go: its wall clock
	}
	if a.e != nil && (a.e.path != nil || a.e.typ == "VARCHAR" || a.e.typ == "JSON") {
		return "_SF_TO_TIMESTAMP(" + a.e.render() + ")"
	}
	return a.sql
}

func (a arg) typ() string {
	if a.e != nil {
		return a.e.typ
	}
	return ""
}

// word returns the argument's text when it is a single word or string
// literal (date parts, format names), upper-cased.
func (a arg) word() (string, bool) {
	if len(a.toks) != 1 {
		return "", false
	}
	switch t := a.toks[0]; t.Kind {
	case sqllex.Word, sqllex.Number:
		return strings.ToUpper(t.Text), true
	case sqllex.String:
		return strings.ToUpper(snowflakeString(t.Text)), true
	}
	return "", false
}

// literal returns the decoded string literal of a single-token argument.
func (a arg) literal() (string, bool) {
	if len(a.toks) == 1 && a.toks[0].Kind == sqllex.String {
		return snowflakeString(a.toks[0].Text), true
	}
	return "", false
}

// call is a parsed function call.
type call struct {
	name    string // upper-cased (dot-qualified) name
	sqlName string // rendered name for a pass-through call
	t       tok
	args    []arg
	star    bool
	nulls   string // IGNORE NULLS / RESPECT NULLS written after the call
	within  string // ORDER BY ... of WITHIN GROUP
	// withinKey is WITHIN GROUP's ORDER BY key when it is one operand
	// (PERCENTILE_CONT/DISC are typed from it: funcs_agg.go).
	withinKey *expr
	over      string       // OVER (...)
	win       *windowParts // OVER (...)'s parts (window_variant.go: windowSpec)

	wild *wildcard // OBJECT_CONSTRUCT's * with qualifier/ILIKE/EXCLUDE (funcs_wildcard.go)
}

func (c *call) arity(p *parser, min, max int) error {
	if len(c.args) < min || (max >= 0 && len(c.args) > max) {
		return &Error{Code: "001044", Line: c.t.Line, Col: c.t.Col,
			Message: fmt.Sprintf("SQL compilation error:\nerror line %d at position %d\nInvalid argument count for function '%s': %d.", c.t.Line, c.t.Col-1, c.name, len(c.args))}
	}
	return nil
}

func (c *call) strs() []string {
	var out []string
	for _, a := range c.args {
		out = append(out, a.str())
	}
	return out
}

// texts renders the arguments of a concatenation: paths as strings, dates
// and times in the session's output formats (tz.go: _SF_CAT_OPERAND).
func (c *call) texts() []string {
	var out []string
	for _, a := range c.args {
		var s string
		switch {
		case isNullConstant(a.sql):
			out = append(out, nullTextOperand)
			continue
		case a.e != nil && (a.e.path != nil || a.e.typ == "VARCHAR") || looksText(a.sql, true):
			s = a.str()
		case a.e != nil:
			s = concatOperandOf(*a.e, a.sql)
		default:
			s = "_SF_CAT_OPERAND(" + a.sql + ")"
		}
		if constantOperand(a.toks, 0, len(a.toks)) {
			s = "(SELECT " + constantOperandOnce(s) + ")" // its own type, were it to fold to NULL (outfmt.go)
		}
		out = append(out, s)
	}
	return out
}

func (c *call) sqls() []string {
	var out []string
	for _, a := range c.args {
		out = append(out, a.sql)
	}
	return out
}

// call parses name(args) [IGNORE NULLS] [WITHIN GROUP (...)] [OVER (...)].
func (p *parser) call(parts []tok) (expr, error) {
	c := &call{name: nameString(parts), sqlName: renderName(parts), t: parts[0]}
	if len(parts) == 1 && parts[0].Kind == sqllex.Word {
		c.sqlName = strings.ToUpper(parts[0].Text)
		if strings.Contains(c.sqlName, "$") {
			c.sqlName = quoteIdent(c.sqlName)
		}
	}
	p.next() // (
	if (c.name == "SEARCH_IP" || c.name == "SEARCH") && (p.opts.UserFunction == nil || !p.opts.UserFunction(c.name)) {
		if c.name == "SEARCH" {
			return p.searchCall(c) // funcs_search.go
		}
		return p.searchIPCall(c) // funcs_search_ip.go
	}
	if e, ok, err := p.lambdaCall(c); ok || err != nil { // funcs_lambda.go
		return e, err
	}
	if p.hasCollate && len(parts) == 1 && c.name == "COLLATE" {
		if e, ok, err := p.collatedInsertValue(p.i - 2); err != nil || ok { // collate_column.go
			return e, err
		}
	}
	if p.hasCollate && len(parts) == 1 && collatedCallNames[c.name] {
		if e, ok, err := p.collatedCall(c); err != nil || ok { // collate_calls.go
			return e, err
		}
	}
	switch c.name {
	case "CAST", "TRY_CAST":
		return p.castCall(c)
	case "EXTRACT":
		if !p.peekN(1).IsOp(",") { // EXTRACT(part, x) is DATE_PART
			return p.extractCall(c)
		}
	case "DATE_PART":
		if p.peekN(1).IsWord("FROM") { // DATE_PART(part FROM x)
			return p.extractCall(c)
		}
	}
	if p.peek().IsOp("@") && (snowflakeBuiltins[c.name] || strings.HasPrefix(c.name, "SYSTEM$")) {
		// A stage argument (BUILD_SCOPED_FILE_URL(@stage, 'path'),
		// GET_PRESIGNED_URL(...)): none of those functions is implemented,
		// so the call is refused at its name, not failed at the '@'.
		return expr{}, p.unsupported(c.t, "function "+c.name)
	}
	if err := p.callArgs(c); err != nil {
		return expr{}, err
	}
	if err := p.expectOp(")"); err != nil {
		return expr{}, err
	}
	if c.name == "NTH_VALUE" && p.isWord("FROM") && (p.peekN(1).IsWord("FIRST") || p.peekN(1).IsWord("LAST")) {
		// NTH_VALUE(expr, n) FROM { FIRST | LAST } (docs: nth_value):
		// "Default: FROM FIRST", which DuckDB's nth_value counts; FROM LAST
		// "starts from the end of the ordered list and moves backward".
		if p.peekN(1).IsWord("LAST") {
			return expr{}, p.unsupported(p.peek(), "NTH_VALUE … FROM LAST")
		}
		p.i += 2
	}
	if (p.isWord("IGNORE") || p.isWord("RESPECT")) && p.peekN(1).IsWord("NULLS") {
		c.nulls = strings.ToUpper(p.next().Text) + " NULLS"
		p.next()
	}
	if p.isWord("WITHIN") && p.peekN(1).IsWord("GROUP") {
		p.i += 2
		if err := p.expectOp("("); err != nil {
			return expr{}, err
		}
		s, err := p.withinGroup(c)
		if err != nil {
			return expr{}, err
		}
		if err := p.expectOp(")"); err != nil {
			return expr{}, err
		}
		c.within = s
	}
	if p.isWord("OVER") {
		p.next()
		if p.acceptOp("(") {
			s, err := p.windowSpec() // window_variant.go
			if err != nil {
				return expr{}, err
			}
			c.win = p.lastWindow
			if err := p.expectOp(")"); err != nil {
				return expr{}, err
			}
			c.over = "OVER (" + s + ")"
		} else {
			w := p.next()
			if w.Kind != sqllex.Word && w.Kind != sqllex.QuotedIdent {
				return expr{}, p.unexpected(w)
			}
			c.over = "OVER " + identSQL(w)
		}
	}
	return p.callFunc(c)
}

// callArgs parses arguments up to (not including) the closing parenthesis.
func (p *parser) callArgs(c *call) error {
	if p.isOp(")") {
		return nil
	}
	if p.isOp("*") || p.peekN(1).IsOp(".") && p.peekN(2).IsOp("*") {
		if err := p.refuseUndefinedWildcard(c.name, p.peek()); err != nil { // undefined_stored.go
			return err
		}
	}
	if done, err := p.wildcardCallArgs(c); done || err != nil { // funcs_wildcard.go
		return err
	}
	if p.isOp("*") && p.peekN(1).IsOp(")") {
		p.next()
		c.star = true
		return nil
	}
	if p.isOp("*") && p.startsWildcard() {
		if c.name == "COUNT" {
			return p.countWildcardArgs(c) // funcs_wildcard.go
		}
		// A wildcard filter only COUNT and the OBJECT_CONSTRUCT family
		// implement.
		return p.unsupported(c.t, c.name+"("+p.text(p.i, p.argsEnd())+")")
	}
	for {
		var a arg
		if t := p.peek(); t.Kind == sqllex.Word && p.peekN(1).IsOp("=>") {
			a.name = strings.ToUpper(t.Text)
			p.i += 2
		}
		start := p.i
		distinct := ""
		if a.name == "" && p.isWord("DISTINCT") && p.peekN(1).Kind != 0 && !p.peekN(1).IsOp(")") && !p.peekN(1).IsOp(",") {
			// An aggregate's DISTINCT: its operand is parsed alone, so
			// that a handler can type the aggregate from it (a.distinct).
			distinct = strings.ToUpper(p.next().Text) + " "
		}
		s, err := p.seq(func(t tok, operand bool) bool {
			// POSITION(needle IN haystack) (funcs_strdocs.go). An ORDER BY
			// inside the parentheses (DuckDB's ordered aggregates) ends the
			// arguments: Snowflake's syntax error at ORDER.
			return t.IsOp(",") || (c.name == "POSITION" && len(c.args) == 0 && operand && t.IsWord("IN")) ||
				(operand && t.IsWord("ORDER"))
		})
		if err != nil {
			return err
		}
		a.sql = s
		a.intWidth = p.sumWidth
		if distinct != "" {
			if p.single != nil {
				e := *p.single
				a.distinct = &e
			}
			a.distinctToks = [2]int{start + 1, p.i}
			a.sql, a.intWidth = distinct+s, 0
		} else if p.single != nil {
			// A single operand: keep it, so that handlers can render a
			// path as a string or number as the function needs.
			a.e = p.single
			a.sql = a.e.render()
			a.intWidth = a.e.intWidth
		}
		a.toks = p.toks[start:p.i]
		if len(a.toks) == 0 {
			return p.unexpected(p.peek())
		}
		c.args = append(c.args, a)
		if c.name == "POSITION" && len(c.args) == 1 && p.isWord("IN") {
			p.next()
			continue
		}
		if !p.acceptOp(",") {
			return nil
		}
	}
}

// argsEnd is the index of the last token before the parenthesis that
// closes the arguments starting at p.i.
func (p *parser) argsEnd() int {
	return p.closingBracket(p.i) - 1
}

// closingBracket is the index of the bracket that closes the group whose
// tokens start at start (after its opening bracket), len(p.toks) when none
// does.
func (p *parser) closingBracket(start int) int {
	depth := 0
	for k := start; k < len(p.toks); k++ {
		switch t := p.toks[k]; {
		case t.IsOp("(") || t.IsOp("[") || t.IsOp("{"):
			depth++
		case t.IsOp(")") || t.IsOp("]") || t.IsOp("}"):
			if depth == 0 {
				return k
			}
			depth--
		}
	}
	return len(p.toks)
}

// nonTextType reports whether a DuckDB type the rewriter knows is neither
// text nor a VARIANT (JSON): a number, BOOLEAN, date/time or BINARY.
func nonTextType(duck string) bool {
	for _, prefix := range []string{"DECIMAL", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "DOUBLE", "FLOAT", "BOOLEAN", "DATE", "TIME", "BLOB"} {
		if strings.HasPrefix(duck, prefix) {
			return true
		}
	}
	return false
}

// nonTextLiteral matches a number or BOOLEAN constant as the rewriter
// writes it.
var nonTextLiteral = regexp.MustCompile(`(?i)^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)(e[-+]?[0-9]+)?$|^(true|false)$`)

// tryToTextOnly refuses a TRY_TO_* conversion of a number, BOOLEAN,
// date/time or BINARY value the rewriter sees: "The function only accepts
// string expressions" (docs: try_to_double, https://docs.snowflake.com/en/
// sql-reference/functions/try_to_double; the error-handling conversion
// functions "only support string expressions", functions-conversion),
// where DuckDB converted it (TRY_TO_DOUBLE(12) answered 12). Which error
// Snowflake gives is not documented. A VARIANT or a text passes.
func (p *parser) tryToTextOnly(c *call) error {
	if !strings.HasPrefix(c.name, "TRY_TO_") || len(c.args) == 0 || c.star {
		return nil
	}
	a := c.args[0]
	if a.e != nil && a.e.path == nil && (nonTextType(a.e.typ) || nonTextLiteral.MatchString(strings.TrimSpace(a.e.sql))) {
		return p.unsupported(c.t, c.name+" of a number, BOOLEAN, date/time or BINARY value")
	}
	if w := textOnlyArg(a.e, a.sql); w != a.sql {
		c.args[0].sql, c.args[0].e = w, nil
	}
	return nil
}

// textOnlyArg renders sql, the operand (e when one operand) of a
// conversion that takes text only (TRY_CAST, TRY_TO_*), whose type the
// rewriter does not see (a derived table's column, a call): its type
// checked as DuckDB binds the statement (_SF_TEXT_ONLY), where it is itself
// when not a number, BOOLEAN, date/time or BINARY, at no cost per row.
func textOnlyArg(e *expr, sql string) string {
	if e != nil && (e.typ != "" || e.path != nil) || strings.HasPrefix(strings.TrimSpace(sql), "'") {
		return sql
	}
	return "_SF_TEXT_ONLY(" + sql + ")"
}

func init() {
	prelude = append(prelude,
		// _SF_TEXT_ONLY(x): x, refused (002040) when a row reaches it
		// where its type is a number, BOOLEAN, date/time or BINARY; the
		// test folds as DuckDB binds the call (a struct key chosen by
		// typeof() would refuse while binding, but a NULL-typed x leaves
		// the key unfolded).
		`CREATE OR REPLACE TEMP MACRO _SF_NONTEXT_T(t) AS regexp_full_match(t, 'U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|DECIMAL.*|DOUBLE|FLOAT|BOOLEAN|DATE|TIME.*|BLOB|STRUCT\(sf_tz_utc.*')`,
		`CREATE OR REPLACE TEMP MACRO _SF_TEXT_ONLY(x) AS CASE WHEN NOT _SF_NONTEXT_T(typeof(x)) THEN x
		ELSE error('Unsupported feature: a TRY_ conversion (TRY_CAST, TRY_TO_...) of a number, BOOLEAN, date/time or BINARY value (Snowflake''s take only text), in the local engine.') END`,
	)
}

// conditionalOfVariants reports whether call c is a conditional (COALESCE,
// NVL, IFNULL, IFF, NVL2, DECODE) whose results are VARIANTs the rewriter
// sees, or NULL: its value is a VARIANT, which GROUP BY, DISTINCT, ORDER
// BY and comparisons treat by Snowflake's equality and order
// (variant_veq.go) instead of DuckDB's JSON text (NVL(v:a, v:b) grouped 1
// and 1.0 apart).
func (p *parser) conditionalOfVariants(c *call) bool {
	switch c.name {
	case "COALESCE", "NVL", "IFNULL", "IFF", "NVL2", "DECODE":
	default:
		return false
	}
	var results []arg
	for _, i := range foldResultArgs(c) {
		results = append(results, c.args[i])
	}
	return p.variantsOrNull(results)
}

// variantsOrNull reports whether results (a conditional's) are VARIANTs the
// rewriter sees, or NULL, and at least one a VARIANT.
func (p *parser) variantsOrNull(results []arg) bool {
	variants := 0
	for _, r := range results {
		switch {
		case len(r.toks) == 1 && r.toks[0].IsWord("NULL"):
		case r.e != nil && (isVariant(*r.e) || r.e.plain && p.partsVariant(nameParts(r.toks))):
			variants++
		default:
			return false
		}
	}
	return variants > 0
}

// castCall parses CAST(x AS type) / TRY_CAST(x AS type) after the '('.
func (p *parser) castCall(c *call) (expr, error) {
	s, err := p.seq(func(t tok, operand bool) bool { return operand && t.IsWord("AS") })
	if err != nil {
		return expr{}, err
	}
	e := expr{sql: s}
	if p.single != nil {
		e = *p.single
	}
	if err := p.expectWord("AS"); err != nil {
		return expr{}, err
	}
	ty, err := p.parseType()
	if err != nil {
		return expr{}, err
	}
	if ty.st != nil && (p.isWord("RENAME") || p.isWord("ADD")) && p.peekN(1).IsWord("FIELDS") {
		// CAST(x AS OBJECT(...) RENAME FIELDS | ADD FIELDS) (docs:
		// data-types-structured, "Casting from one structured type to
		// another").
		st := *ty.st
		st.cast = strings.ToUpper(p.next().Text)
		p.next()
		ty.st = &st
	}
	if err := p.expectOp(")"); err != nil {
		return expr{}, err
	}
	if c.name == "TRY_CAST" && e.path == nil && (nonTextType(e.typ) || nonTextLiteral.MatchString(strings.TrimSpace(e.sql))) {
		// TRY_CAST "Only works for string expressions" (docs: try_cast,
		// https://docs.snowflake.com/en/sql-reference/functions/try_cast);
		// which error Snowflake gives for another type is not documented.
		return expr{}, p.unsupported(c.t, "TRY_CAST of a number, BOOLEAN, date/time or BINARY value")
	}
	if c.name == "TRY_CAST" {
		if w := textOnlyArg(&e, e.sql); w != e.sql {
			e = expr{sql: w}
		}
	}
	return p.checkedCast(e, ty, c.name == "TRY_CAST"), nil // wallclock.go
}

// extractCall parses EXTRACT(part FROM x) after the '('.
func (p *parser) extractCall(c *call) (expr, error) {
	pt := p.next()
	if pt.Kind != sqllex.Word && pt.Kind != sqllex.String {
		return expr{}, p.unexpected(pt)
	}
	if !p.acceptOp(",") { // EXTRACT(part, x) is EXTRACT(part FROM x)
		if err := p.expectWord("FROM"); err != nil {
			return expr{}, err
		}
	}
	start := p.i
	s, err := p.seq(nil)
	if err != nil {
		return expr{}, err
	}
	if err := p.expectOp(")"); err != nil {
		return expr{}, err
	}
	x := arg{sql: s, toks: p.toks[start : p.i-1]}
	if p.single != nil { // keep the operand's type (a TIMESTAMP_TZ's wall clock)
		x.e = p.single
		x.sql = x.e.render()
	}
	c.args = []arg{{sql: "", toks: []tok{pt}}, x}
	e, err := p.datePart(c, c.args[0], c.args[1])
	e.intFn, e.intWidth = c.name, intFnWidth(c) // types_intfn.go, as callFunc marks DATE_PART
	e.intUnknown = intUnknownCall(c, e.intWidth)
	return e, err
}

type funcHandler func(p *parser, c *call) (expr, error)

var funcs map[string]funcHandler

// stringFuncs take string arguments: a path argument passes its string value.
var stringFuncs = toSet(`UPPER LOWER TRIM LTRIM RTRIM SUBSTR SUBSTRING LEFT RIGHT LPAD RPAD REVERSE REPEAT
ASCII INITCAP TRANSLATE LIKE ILIKE SOUNDEX STRTOK TO_NUMBER TO_DECIMAL TO_NUMERIC TO_DOUBLE TO_BOOLEAN
TRY_TO_NUMBER TRY_TO_DECIMAL TRY_TO_DOUBLE TRY_TO_BOOLEAN COLLATE`)

// numberFuncs take numeric arguments: a path argument is cast to a number.
var numberFuncs = toSet(`SUM AVG ABS ROUND CEIL FLOOR SQRT POWER POW EXP LN LOG MOD SIGN STDDEV STDDEV_SAMP
STDDEV_POP VARIANCE VAR_SAMP VAR_POP MEDIAN TRUNC TRUNCATE`)

// unsupportedFuncs are Snowflake functions the local engine does not implement.
var unsupportedFuncs = toSet(`RANDSTR ZIPF NORMAL GENERATOR CONDITIONAL_CHANGE_EVENT
CONDITIONAL_TRUE_EVENT ENCRYPT DECRYPT ENCRYPT_RAW DECRYPT_RAW TRY_DECRYPT TRY_DECRYPT_RAW
SOUNDEX SOUNDEX_P123 STRTOK STRTOK_TO_ARRAY
REGEXP_INSTR GET_DDL RESULT_SCAN MINHASH MINHASH_COMBINE APPROXIMATE_SIMILARITY APPROXIMATE_JACCARD_INDEX
APPROX_TOP_K APPROX_TOP_K_ACCUMULATE APPROX_TOP_K_COMBINE APPROX_TOP_K_ESTIMATE HLL_ACCUMULATE HLL_COMBINE
HLL_ESTIMATE HLL_EXPORT HLL_IMPORT APPROX_PERCENTILE_ACCUMULATE APPROX_PERCENTILE_COMBINE
APPROX_PERCENTILE_ESTIMATE OBJECT_CONSTRUCT_STAR RATIO_TO_REPORT SYSTEM$CLUSTERING_INFORMATION
SYSTEM$CLUSTERING_DEPTH SYSTEM$EXPLAIN_PLAN_JSON TO_GEOGRAPHY TO_GEOMETRY TRY_TO_GEOGRAPHY TRY_TO_GEOMETRY
ARRAY_GENERATE_RANGE ARRAYS_TO_OBJECT ARRAY_SORT OBJECT_PICK OBJECT_DELETE EXPLAIN_JSON`)

// registerFuncs adds handlers from another file of the package (one file per
// area: funcs_<area>.go with its own init). An area's handler replaces a base
// handler of the same name whatever order the files' init functions run in.
func registerFuncs(m map[string]funcHandler) {
	if funcs == nil {
		funcs = map[string]funcHandler{}
	}
	for k, v := range m {
		funcs[k] = v
		areaFuncs[k] = true
	}
}

var areaFuncs = map[string]bool{}

func init() {
	base := map[string]funcHandler{
		// Date and time.
		"DATEADD": dateAdd, "TIMEADD": dateAdd, "TIMESTAMPADD": dateAdd,
		"DATEDIFF": dateDiff, "TIMEDIFF": dateDiff, "TIMESTAMPDIFF": dateDiff,
		"DATE_TRUNC":        dateTrunc,
		"DATE_PART":         func(p *parser, c *call) (expr, error) { return p.datePartCall(c) },
		"CURRENT_TIMESTAMP": nowTimestamp, "GETDATE": nowTimestamp, "SYSDATE": nowTimestamp,
		"SYSTIMESTAMP": nowTimestamp, "LOCALTIMESTAMP": nowTimestamp,
		"CURRENT_DATE": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 0, 0); err != nil {
				return expr{}, err
			}
			// current_date(): a bare CURRENT_DATE is a column reference
			// DuckDB falls back from, which resolved to the select item's
			// own name ("SELECT CURRENT_DATE" failed with 002020).
			return expr{sql: "current_date()", typ: "DATE"}, nil
		},
		"CURRENT_TIME": nowTime, "LOCALTIME": nowTime,
		"TO_TIMESTAMP": toTimestampMapped, "TO_TIMESTAMP_NTZ": toTimestamp, "TO_TIMESTAMP_LTZ": toTimestamp,
		"TO_TIMESTAMP_TZ": toTimestamp, "TRY_TO_TIMESTAMP": toTimestampMapped, "TRY_TO_TIMESTAMP_NTZ": toTimestamp,
		"TRY_TO_TIMESTAMP_LTZ": toTimestamp, "TRY_TO_TIMESTAMP_TZ": toTimestamp,
		"TO_DATE": toDate, "DATE": toDate, "TRY_TO_DATE": toDate,
		"TO_TIME": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "CAST(" + c.args[0].str() + " AS TIME)", typ: "TIME"}, nil
		},
		"TO_VARCHAR": toChar, "TO_CHAR": toChar,
		"DAYNAME":          strftimeFunc("%a"),
		"MONTHNAME":        strftimeFunc("%b"),
		"CONVERT_TIMEZONE": convertTimezone,

		// Conversion.
		"TO_NUMBER": toNumber, "TO_DECIMAL": toNumber, "TO_NUMERIC": toNumber,
		"TRY_TO_NUMBER": toNumber, "TRY_TO_DECIMAL": toNumber, "TRY_TO_NUMERIC": toNumber,
		"TO_DOUBLE": castFunc("DOUBLE", false), "TRY_TO_DOUBLE": castFunc("DOUBLE", true),
		"TO_BOOLEAN": castFunc("BOOLEAN", false), "TRY_TO_BOOLEAN": castFunc("BOOLEAN", true),
		"TO_VARIANT": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return castExpr(argExpr(c.args[0]), mapTypeName("VARIANT"), false), nil
		},
		"TO_OBJECT": macro1("_SF_TO_OBJECT", "JSON"), "TO_ARRAY": macro1("_SF_TO_ARRAY", "JSON"),
		"TO_JSON": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "CAST(to_json(" + c.args[0].sql + ") AS VARCHAR)", typ: "VARCHAR"}, nil
		},

		// Conditional.
		"IFF": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 3, 3); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("CASE WHEN %s THEN %s ELSE %s END", c.args[0].sql, c.args[1].sql, c.args[2].sql)}, nil
		},
		"NVL": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			return expr{sql: "COALESCE(" + strings.Join(c.sqls(), ", ") + ")"}, nil
		},
		"NVL2": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 3, 3); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("CASE WHEN %s IS NOT NULL THEN %s ELSE %s END", c.args[0].sql, c.args[1].sql, c.args[2].sql)}, nil
		},
		"ZEROIFNULL": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "COALESCE(" + c.args[0].num() + ", 0)"}, nil
		},
		"NULLIFZERO": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "NULLIF(" + c.args[0].num() + ", 0)"}, nil
		},
		"DIV0": div0(false), "DIV0NULL": div0(true),
		"EQUAL_NULL": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			x, y, _ := p.implicitEqArgs(c.args[0], c.args[1]) // implicit_eq.go
			return expr{sql: fmt.Sprintf("(%s IS NOT DISTINCT FROM %s)", x, y)}, nil
		},
		"DECODE":   decode,
		"GREATEST": nullPropagating("GREATEST"), "LEAST": nullPropagating("LEAST"),
		"CONCAT": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, -1); err != nil {
				return expr{}, err
			}
			return expr{sql: "(" + strings.Join(c.texts(), " || ") + ")", typ: "VARCHAR"}, nil
		},
		"CONCAT_WS": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, -1); err != nil {
				return expr{}, err
			}
			var nulls []string
			for _, a := range c.texts() {
				nulls = append(nulls, a+" IS NULL")
			}
			return expr{sql: fmt.Sprintf("CASE WHEN %s THEN NULL ELSE concat_ws(%s) END", strings.Join(nulls, " OR "), strings.Join(c.texts(), ", ")), typ: "VARCHAR"}, nil
		},

		// Strings.
		"CONTAINS":   renamed("contains", "BOOLEAN"),
		"STARTSWITH": renamed("starts_with", "BOOLEAN"),
		"ENDSWITH":   renamed("ends_with", "BOOLEAN"),
		"LEN":        renamed("length", ""), "LENGTH": renamed("length", ""),
		"CHAR_LENGTH": renamed("length", ""), "CHARACTER_LENGTH": renamed("length", ""),
		"SPLIT": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			// "An empty separator string results in an array containing
			// only the source string" (docs: split); DuckDB's string_split
			// would split it into characters.
			str, sep := c.args[0].str(), c.args[1].str()
			if lit, ok := c.args[1].literal(); ok && lit != "" {
				return expr{sql: fmt.Sprintf("to_json(string_split(%s, %s))", str, sep), typ: "JSON"}, nil
			}
			// "If either parameter is a NULL, a NULL is returned"; DuckDB's
			// string_split(s, NULL) is [s].
			return expr{sql: fmt.Sprintf("to_json(CASE WHEN %[1]s IS NULL OR %[2]s IS NULL THEN NULL WHEN %[2]s = '' THEN [%[1]s] ELSE string_split(%[1]s, %[2]s) END)",
				"CAST("+str+" AS VARCHAR)", "CAST("+sep+" AS VARCHAR)"), typ: "JSON"}, nil
		},
		"SPLIT_PART":     macroN("_SF_SPLIT_PART", 3, 3, "VARCHAR", true),
		"REGEXP_SUBSTR":  regexpSubstr,
		"REGEXP_LIKE":    regexpLike,
		"RLIKE":          regexpLike,
		"REGEXP_REPLACE": regexpReplace,
		"REGEXP_COUNT":   regexpCount,
		"CHARINDEX":      charIndex, "POSITION": charIndex,
		"REPLACE": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 3); err != nil {
				return expr{}, err
			}
			s := c.strs()
			if len(s) == 2 {
				s = append(s, "''")
			}
			return expr{sql: "replace(" + strings.Join(s, ", ") + ")", typ: "VARCHAR"}, nil
		},
		"BASE64_ENCODE":        wrap1("to_base64(encode(%s))", "VARCHAR"),
		"BASE64_DECODE_STRING": wrap1("decode(from_base64(%s))", "VARCHAR"),
		"HEX_ENCODE":           wrap1("upper(hex(%s))", "VARCHAR"),
		"HEX_DECODE_STRING":    wrap1("decode(unhex(%s))", "VARCHAR"),
		"EDITDISTANCE":         renamed("levenshtein", ""),
		"JAROWINKLER_SIMILARITY": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("CAST(round(jaro_winkler_similarity(%s) * 100) AS BIGINT)", strings.Join(c.strs(), ", "))}, nil
		},
		"UUID_STRING": func(p *parser, c *call) (expr, error) {
			if len(c.args) > 0 {
				// The named (version 5) UUID, sfunc/uuid.go.
				if err := c.arity(p, 2, 2); err != nil {
					return expr{}, err
				}
				return expr{sql: "_SF_GO_UUID5(" + strings.Join(c.strs(), ", ") + ")", typ: "VARCHAR"}, nil
			}
			return expr{sql: "CAST(uuid() AS VARCHAR)", typ: "VARCHAR"}, nil
		},
		"MD5": renamed("md5", "VARCHAR"), "MD5_HEX": renamed("md5", "VARCHAR"),
		"SHA1": renamed("sha1", "VARCHAR"), "SHA1_HEX": renamed("sha1", "VARCHAR"),
		"SHA2": sha2, "SHA2_HEX": sha2,
		"HASH": func(p *parser, c *call) (expr, error) {
			if c.star || len(c.args) == 0 {
				return expr{}, p.unsupported(c.t, "HASH(*)")
			}
			return expr{sql: "CAST(hash(" + strings.Join(c.sqls(), ", ") + ") AS BIGINT)"}, nil
		},
		"PARSE_IP": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 3); err != nil {
				return expr{}, err
			}
			permissive := "0"
			if len(c.args) == 3 {
				permissive = c.args[2].sql
			}
			return expr{sql: fmt.Sprintf("_SF_PARSE_IP(%s, %s, %s)", c.args[0].str(), c.args[1].str(), permissive), typ: "JSON"}, nil
		},
		"PARSE_URL": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 2); err != nil {
				return expr{}, err
			}
			return expr{sql: "_SF_PARSE_URL(" + c.args[0].str() + ")", typ: "JSON"}, nil
		},

		// Semi-structured.
		"PARSE_JSON":     macroN("_SF_PARSE_JSON", 1, 1, "JSON", true),
		"TRY_PARSE_JSON": macroN("_SF_TRY_PARSE_JSON", 1, 1, "JSON", true),
		"CHECK_JSON":     macroN("_SF_CHECK_JSON", 1, 1, "VARCHAR", true),
		"ARRAY_CONSTRUCT": func(p *parser, c *call) (expr, error) {
			if len(c.args) == 0 {
				return expr{sql: "CAST('[]' AS JSON)", typ: "JSON"}, nil
			}
			return expr{sql: "json_array(" + strings.Join(c.sqls(), ", ") + ")", typ: "JSON"}, nil
		},
		"ARRAY_CONSTRUCT_COMPACT": func(p *parser, c *call) (expr, error) {
			var items []string
			for _, a := range c.args {
				items = append(items, "to_json("+a.sql+")")
			}
			return expr{sql: "to_json(list_filter([" + strings.Join(items, ", ") + "], x -> x IS NOT NULL AND json_type(x) <> 'NULL'))", typ: "JSON"}, nil
		},
		"ARRAY_SIZE":      macroN("_SF_ARRAY_SIZE", 1, 1, "", false),
		"ARRAY_POSITION":  arrayPositionCall, // variant_veq.go
		"ARRAY_TO_STRING": macroN("_SF_ARRAY_TO_STRING", 2, 2, "VARCHAR", false),
		"ARRAY_APPEND":    macroN("_SF_ARRAY_APPEND", 2, 2, "JSON", false),
		"ARRAY_CAT":       macroN("_SF_ARRAY_CAT", 2, 2, "JSON", false),
		"ARRAY_DISTINCT":  macroN("_SF_ARRAY_DISTINCT", 1, 1, "JSON", false),
		"ARRAY_SLICE":     macroN("_SF_ARRAY_SLICE", 3, 3, "JSON", false),
		"ARRAYS_OVERLAP":  arraysOverlapCall,
		"ARRAY_AGG":       arrayAgg, "ARRAYAGG": arrayAgg,
		"OBJECT_AGG": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("json_group_object(%s, %s)", c.args[0].str(), c.args[1].sql) + overSuffix(c), typ: "JSON"}, nil
		},
		"OBJECT_KEYS":   macroN("_SF_OBJECT_KEYS", 1, 1, "JSON", false),
		"OBJECT_INSERT": macroN("_SF_OBJECT_INSERT", 3, 3, "JSON", false),
		"GET":           getFunc,
		"GET_PATH":      getPath(false), "JSON_EXTRACT_PATH_TEXT": getPath(true),
		"TYPEOF":           macroN("_SF_TYPEOF", 1, 1, "VARCHAR", false),
		"IS_NULL_VALUE":    macroN("_SF_IS_NULL_VALUE", 1, 1, "BOOLEAN", false),
		"STRIP_NULL_VALUE": macroN("_SF_STRIP_NULL_VALUE", 1, 1, "JSON", false),
		"IS_OBJECT":        jsonTypeIs("'OBJECT'"), "IS_ARRAY": jsonTypeIs("'ARRAY'"),
		"IS_BOOLEAN": jsonTypeIs("'BOOLEAN'"),
		"IS_INTEGER": jsonTypeIs("'BIGINT', 'UBIGINT'"),
		"IS_DECIMAL": jsonTypeIs("'BIGINT', 'UBIGINT', 'DOUBLE'"),
		"IS_DOUBLE":  jsonTypeIs("'BIGINT', 'UBIGINT', 'DOUBLE'"), "IS_REAL": jsonTypeIs("'BIGINT', 'UBIGINT', 'DOUBLE'"),
		"AS_INTEGER": asType("'BIGINT', 'UBIGINT'", "CAST(%s AS BIGINT)", ""),
		"AS_DOUBLE":  asType("'BIGINT', 'UBIGINT', 'DOUBLE'", "CAST(%s AS DOUBLE)", ""),
		// AS_REAL is AS_DOUBLE's synonym (docs: as_double-real).
		"AS_REAL":    asType("'BIGINT', 'UBIGINT', 'DOUBLE'", "CAST(%s AS DOUBLE)", ""),
		"AS_BOOLEAN": asType("'BOOLEAN'", "CAST(%s AS BOOLEAN)", ""),
		"AS_OBJECT":  asType("'OBJECT'", "%s", "JSON"),
		"AS_ARRAY":   asType("'ARRAY'", "%s", "JSON"),

		"INITCAP": macroN("_SF_INITCAP", 1, 1, "VARCHAR", true),
		"BITAND":  binaryOp("&"), "BITOR": binaryOp("|"), "BITSHIFTLEFT": binaryOp("<<"), "BITSHIFTRIGHT": binaryOp(">>"),
		"BITXOR": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			return expr{sql: fmt.Sprintf("xor(%s, %s)", c.args[0].num(), c.args[1].num())}, nil
		},
		"BITNOT": wrap1("(~%s)", ""),
		"RANDOM": func(p *parser, c *call) (expr, error) {
			// Snowflake's RANDOM() is a 64-bit integer; elsewhere the seed
			// argument is ignored. "If a SQL statement calls RANDOM more than once with
			// the same seed for the same row, then RANDOM returns the same
			// value for each call for that row" (docs: random): the engine
			// draws each call anew, so a second call with the same seed is
			// refused. (Keyed by position: a call rendered twice is one call.)
			if len(c.args) == 1 {
				// A literal seed in a block reading only a GENERATOR: the
				// seed's MT19937-64 sequence, one value a row in the
				// generator's order (snowlocal/random_mt.go).
				if t := c.args[0].toks; len(t) == 1 && t[0].Kind == sqllex.Number {
					if n, err := strconv.ParseUint(t[0].Text, 10, 63); err == nil {
						if _, only := p.blockGenerator(); only {
							return expr{sql: fmt.Sprintf("__flurry_mt_random(%d, %s)", n, genIndex)}, nil
						}
					}
				}
				var seed []string
				for _, t := range c.args[0].toks {
					seed = append(seed, strings.ToUpper(t.Text))
				}
				at, s := [2]int{c.t.Line, c.t.Col}, strings.Join(seed, " ")
				for pos, other := range p.randomSeeds {
					if other == s && pos != at {
						return expr{}, p.unsupported(c.t, "RANDOM called twice with the same seed in a statement (Snowflake gives both calls one value per row)")
					}
				}
				if p.randomSeeds == nil {
					p.randomSeeds = map[[2]int]string{}
				}
				p.randomSeeds[at] = s
			}
			return expr{sql: "CAST((random() * 2 - 1) * 9223372036854775000 AS BIGINT)"}, nil
		},
		"UNIFORM": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 3, 3); err != nil {
				return expr{}, err
			}
			// A generator other than RANDOM(...) (a constant: docs, generator:
			// "the output of the UNIFORM column is the same for all rows")
			// draws Snowflake's value for it, which the engine cannot give.
			g := c.args[2].toks
			if len(g) < 3 || !g[0].IsWord("RANDOM") || !g[1].IsOp("(") || !g[len(g)-1].IsOp(")") {
				return expr{}, p.unsupported(c.t, "UNIFORM with a generator other than RANDOM(...)")
			}
			// RANDOM(seed) over a GENERATOR alone is the seed's own
			// sequence, which Snowflake's draw is computed from in a way
			// no source gives: a row refuses (no row, no value to give).
			_, only := p.blockGenerator()
			seeded := only && len(g) == 4 && g[2].Kind == sqllex.Number
			// "If either or both of min or max is a floating-point number,
			// UNIFORM returns a floating-point number. If both min and max
			// are integers, UNIFORM returns an integer" (docs: uniform): the
			// bounds' types, which DuckDB folds as it binds the call, pick
			// the draw; a bound of another type (a NUMBER with a scale, a
			// text) is refused, the docs giving no rule for it.
			lo, hi := c.args[0].num(), c.args[1].num()
			isInt := func(x string) string {
				return fmt.Sprintf("typeof(%s) IN ('TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT') OR regexp_full_match(typeof(%[1]s), 'DECIMAL[(][0-9]+,0[)]')", x)
			}
			isFloat := func(x string) string { return fmt.Sprintf("typeof(%s) IN ('DOUBLE', 'FLOAT')", x) }
			sql := fmt.Sprintf(`struct_extract({'i': CAST(%[1]s + floor(random() * (%[2]s - %[1]s + 1)) AS BIGINT),
			'f': CAST(%[1]s AS DOUBLE) + random() * (CAST(%[2]s AS DOUBLE) - CAST(%[1]s AS DOUBLE))},
			CASE WHEN (%[3]s) AND (%[4]s) THEN 'i' WHEN (%[5]s OR %[6]s) AND (%[3]s OR %[5]s) AND (%[4]s OR %[6]s) THEN 'f'
			ELSE 'unsupported: UNIFORM with a bound that is neither an integer nor a FLOAT' END)`,
				lo, hi, isInt(lo), isInt(hi), isFloat(lo), isFloat(hi))
			if seeded {
				sql = fmt.Sprintf("CASE WHEN %[1]s >= 0 THEN CAST(_SF_REFUSE('UNIFORM with RANDOM(seed) over a GENERATOR', %[1]s) AS BIGINT) ELSE (%[2]s) END", genIndex, sql)
			}
			return expr{sql: sql}, nil
		},
		"TIME_SLICE": timeSlice,

		// Aggregates.
		"LISTAGG":           listAgg,
		"BOOLAND_AGG":       boolAgg("bool_and"),
		"BOOLOR_AGG":        boolAgg("bool_or"),
		"APPROX_PERCENTILE": approxPercentile,
		"HLL":               renamedAgg("approx_count_distinct"),
	}
	if funcs == nil {
		funcs = map[string]funcHandler{}
	}
	for k, v := range base {
		if !areaFuncs[k] {
			funcs[k] = v
		}
	}
}

// callFunc renders a parsed call.
func (p *parser) callFunc(c *call) (out expr, err error) {
	if c.name == UDFValueFunc && p.opts.UDFBody { // udf_value.go
		return p.udfValue(c)
	}
	if p.conditionalOfVariants(c) {
		defer func() {
			if err == nil {
				out.variant = true
			}
		}()
	}
	if e, ok, err := p.structuredCall(c); ok || err != nil { // structured_funcs.go
		return e, err
	}
	numTextResults(c)                             // numtext.go
	p.variantTextArgs(c)                          // variant_text_args.go
	if err := p.wallResults(c, c.t); err != nil { // wallclock_cmp.go
		return expr{}, err
	}
	// An ORDER BY or frame Snowflake rejects (funcs_window.go).
	if err := p.partitionOnlyOver(c); err != nil {
		return expr{}, err
	}
	if err := p.frameRules(c); err != nil { // window_frames.go
		return expr{}, err
	}
	if err := p.tryToTextOnly(c); err != nil {
		return expr{}, err
	}
	if err := p.refuseVectorArgs(c); err != nil { // vector.go
		return expr{}, err
	}
	if h, ok := funcs[c.name]; ok {
		if err := p.tzPassThrough(c); err != nil { // funcs_time.go
			return expr{}, err
		}
		e, err := p.foldCall(c, h) // types_fold.go
		if err != nil {
			return expr{}, err
		}
		switch c.name {
		case "ROUND", "TRUNC", "TRUNCATE", "CEIL", "FLOOR":
			if e, err = p.roundedDecimal(c, e); err != nil { // funcs_num.go
				return expr{}, err
			}
		}
		if intValuedFuncs[c.name] {
			e.intFn, e.intWidth = c.name, intFnWidth(c) // types_intfn.go
			e.intUnknown = intUnknownCall(c, e.intWidth)
		} else if w := aggIntWidth(c); w > 0 {
			e.intWidth = w
		} else if w := condIntWidth(c); w > 0 && !p.setOpBlock {
			e.intWidth = w
		} else if e.intUnknown == "" { // a handler may name itself (numcast.go: MOD's remainder)
			e.intUnknown = condIntUnknown(c) // types_intfn.go
		}
		if e.typ == "" {
			e.typ = extremeTimeType(c)
		}
		return e, nil
	}
	if err := p.allowedCall(c); err != nil {
		return expr{}, err
	}
	if err := p.tzPassThrough(c); err != nil { // funcs_time.go
		return expr{}, err
	}
	e, err := p.foldCall(c, func(_ *parser, c *call) (expr, error) {
		e := defaultCall(c)
		if c.name == "NULLIF" {
			if s, ok := p.implicitEqNullif(c); ok { // implicit_eq.go
				e.sql = s
			}
		}
		return e, nil
	}) // types_fold.go
	if err != nil {
		return expr{}, err
	}
	if intValuedFuncs[c.name] {
		e.intFn, e.intWidth = c.name, intFnWidth(c) // types_intfn.go
		e.intUnknown = intUnknownCall(c, e.intWidth)
	} else if w := aggIntWidth(c); w > 0 {
		e.intWidth = w
	} else if w := condIntWidth(c); w > 0 && !p.setOpBlock {
		e.intWidth = w
	} else {
		e.intUnknown = condIntUnknown(c) // types_intfn.go
	}
	if e.typ == "" {
		e.typ = extremeTimeType(c)
	}
	if e.typ == "" {
		e.typ = p.userFunctionText(c.name) // udf_text.go
	}
	return e, nil
}

// defaultCall renders name(args) unchanged but for argument conversion.
func defaultCall(c *call) expr {
	var args []string
	if c.star {
		args = []string{"*"}
	}
	for _, a := range c.args {
		s := a.sql
		switch {
		case stringFuncs[c.name]:
			s = a.str()
		case numberFuncs[c.name]:
			s = a.num()
		}
		if a.name != "" {
			s = a.name + " := " + s
		}
		args = append(args, s)
	}
	inner := strings.Join(args, ", ")
	if c.within != "" {
		inner += " " + c.within
	}
	if c.nulls != "" {
		inner += " " + c.nulls
	}
	name := c.sqlName
	if name == "" {
		name = c.name
	}
	return expr{sql: name + "(" + inner + ")" + overSuffix(c)}
}

func overSuffix(c *call) string {
	if c.over == "" {
		return ""
	}
	return " " + c.over
}

func argExpr(a arg) expr {
	if a.e != nil {
		return *a.e
	}
	return expr{sql: a.sql}
}

func renamed(name, typ string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		return expr{sql: name + "(" + strings.Join(c.strs(), ", ") + ")" + overSuffix(c), typ: typ}, nil
	}
}

func renamedAgg(name string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		d := defaultCall(c)
		d.sql = name + strings.TrimPrefix(d.sql, c.sqlName)
		return d, nil
	}
}

// boolAgg renders BOOLAND_AGG / BOOLOR_AGG as DuckDB's aggregate name over
// its argument read as TO_BOOLEAN reads it: "Numeric values are converted
// to TRUE if they are non-zero", and a string that is no boolean fails as
// TO_BOOLEAN's does ("100037 (22018): Boolean value ... is not recognized",
// the booland_agg page's error example). DuckDB's own aggregates take
// BOOLEAN only.
func boolAgg(name string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		b := *c
		a := c.args[0]
		if a.e == nil || a.e.typ != "BOOLEAN" {
			a.sql = castExpr(argExpr(a), mapTypeName("BOOLEAN"), false).sql
		}
		b.args = []arg{a}
		return renamedAgg(name)(p, &b)
	}
}

func wrap1(format, typ string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		return expr{sql: fmt.Sprintf(format, c.args[0].str()), typ: typ}, nil
	}
}

func binaryOp(op string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 2); err != nil {
			return expr{}, err
		}
		return expr{sql: fmt.Sprintf("(%s %s %s)", c.args[0].num(), op, c.args[1].num())}, nil
	}
}

func macro1(name, typ string) funcHandler { return macroN(name, 1, 1, typ, false) }

// macroN calls a prelude macro; strArgs passes paths by their string value.
func macroN(name string, min, max int, typ string, strArgs bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, min, max); err != nil {
			return expr{}, err
		}
		args := c.sqls()
		if strArgs {
			args = c.strs()
		}
		return expr{sql: name + "(" + strings.Join(args, ", ") + ")", typ: typ}, nil
	}
}

func castFunc(ty string, try bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		return castExpr(argExpr(c.args[0]), mapTypeName(ty), try), nil
	}
}

func jsonTypeIs(types string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		return expr{sql: fmt.Sprintf("(json_type(%s) IN (%s))", c.args[0].sql, types), typ: "BOOLEAN"}, nil
	}
}

func asType(types, conv, typ string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, 1); err != nil {
			return expr{}, err
		}
		v := c.args[0].sql
		return expr{sql: fmt.Sprintf("CASE WHEN json_type(%s) IN (%s) THEN %s END", v, types, fmt.Sprintf(conv, v)), typ: typ}, nil
	}
}

func div0(nullToo bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 2); err != nil {
			return expr{}, err
		}
		a, b := c.args[0].num(), c.args[1].num()
		cond := b + " = 0"
		if nullToo {
			cond = "(" + b + " = 0 OR " + b + " IS NULL)"
		}
		// DIV0 "performs division like the division operator (/)" (docs:
		// functions/div0), so its 0 has the quotient's type: a bare 0 (an
		// INTEGER) would widen a NUMBER(17,8) quotient to NUMBER(18,8).
		// cast_to_type only reads its template's type; the division in it
		// never runs.
		q := a + " / " + b
		return expr{sql: fmt.Sprintf("CASE WHEN %s THEN cast_to_type(0, %s) ELSE %s END", cond, q, q)}, nil
	}
}

func decode(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 3, -1); err != nil {
		return expr{}, err
	}
	var b strings.Builder
	b.WriteString("CASE")
	rest := c.args[1:]
	for len(rest) >= 2 {
		x, search, _ := p.implicitEqArgs(c.args[0], rest[0]) // implicit_eq.go
		fmt.Fprintf(&b, " WHEN %s IS NOT DISTINCT FROM %s THEN %s", x, search, rest[1].sql)
		rest = rest[2:]
	}
	if len(rest) == 1 {
		b.WriteString(" ELSE " + rest[0].sql)
	}
	b.WriteString(" END")
	return expr{sql: b.String()}, nil
}

// nullPropagating: Snowflake's GREATEST/LEAST return NULL if any argument is NULL.
func nullPropagating(name string) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 1, -1); err != nil {
			return expr{}, err
		}
		var nulls []string
		for _, a := range c.sqls() {
			nulls = append(nulls, a+" IS NULL")
		}
		return expr{sql: fmt.Sprintf("CASE WHEN %s THEN NULL ELSE %s(%s) END", strings.Join(nulls, " OR "), name, strings.Join(c.sqls(), ", "))}, nil
	}
}

// objectConstructArgs checks OBJECT_CONSTRUCT[_KEEP_NULL]'s arguments: no
// star, key/value pairs. empty is the object of no pairs.
func objectConstructArgs(p *parser, c *call) (empty bool, err error) {
	if c.star {
		if err := p.expandWildcard(c); err != nil { // funcs_wildcard.go
			return false, err
		}
	}
	if len(c.args)%2 != 0 {
		return false, c.arity(p, len(c.args)+1, len(c.args)+1)
	}
	return len(c.args) == 0, nil
}

func arrayAgg(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	v := c.args[0].sql
	inner := v
	if c.within != "" {
		inner += " " + c.within
	}
	// Snowflake's ARRAY_AGG skips NULLs and returns [] for no rows.
	filter := strings.TrimPrefix(strings.TrimPrefix(v, "DISTINCT "), "ALL ")
	agg := fmt.Sprintf("list(%s) FILTER (WHERE %s IS NOT NULL)", inner, filter)
	if c.over != "" {
		agg += " " + c.over
	}
	return expr{sql: fmt.Sprintf("COALESCE(to_json(%s), CAST('[]' AS JSON))", agg), typ: "JSON"}, nil
}

// approxPercentile is refused: Snowflake's t-Digest estimate is a DOUBLE
// the docs show off the data (APPROX_PERCENTILE(c1, 0.5) over 0..10 is 5.5,
// at 0.999 10.5), which DuckDB's approx_quantile (5, of the input's type)
// does not reproduce.
func approxPercentile(p *parser, c *call) (expr, error) {
	return expr{}, p.unsupported(c.t, c.name+" (Snowflake's t-Digest estimate)")
}

func listAgg(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	sep := "''"
	if len(c.args) == 2 {
		sep = c.args[1].sql
	}
	// The values join as their text, as a cast to VARCHAR writes it (docs:
	// "The expression must evaluate to a string, or to a data type that can
	// be cast to string"): a FLOAT 2.0 as 2, a VARIANT string unquoted, a
	// date in its output format. DuckDB's implicit cast would write 2.0 and
	// "x". A text or a path's string is joined as it is.
	a := c.args[0]
	x, distinct := a.str(), ""
	if u := strings.ToUpper(a.sql); strings.HasPrefix(u, "DISTINCT ") || strings.HasPrefix(u, "ALL ") {
		i := strings.IndexByte(a.sql, ' ')
		distinct, x = strings.ToUpper(a.sql[:i]), strings.TrimSpace(a.sql[i+1:])
		a = arg{sql: x}
	}
	text := x
	if a.e == nil || (a.e.path == nil && a.e.typ != "VARCHAR") {
		typ := ""
		if a.e != nil {
			typ = a.e.typ
		}
		text = textOf(expr{sql: x, typ: typ})
	}
	// Docs (listagg, usage notes): "If the input is empty, an empty string
	// is returned. If all input expressions evaluate to NULL, the output is
	// an empty string." DuckDB's string_agg answers NULL for both.
	if distinct == "DISTINCT" && c.within != "" && text != x {
		// DISTINCT and WITHIN GROUP name the same column (docs), which
		// orders the values as they are, not as their texts: the distinct
		// values in order, then their texts.
		l := "list(DISTINCT " + x + " " + c.within + ") FILTER (WHERE " + x + " IS NOT NULL)" + overSuffix(c)
		return expr{sql: "COALESCE(array_to_string(list_transform(" + l + ", _sf_lv -> " +
			textOf(expr{sql: "_sf_lv", typ: exprTyp(a)}) + "), " + sep + "), '')", typ: "VARCHAR"}, nil
	}
	inner := text + ", " + sep
	if distinct == "DISTINCT" {
		inner = "DISTINCT " + inner
	}
	if c.within != "" {
		inner += " " + c.within
	}
	return expr{sql: "COALESCE(string_agg(" + inner + ")" + overSuffix(c) + ", '')", typ: "VARCHAR"}, nil
}

// exprTyp is the static type of a single-operand argument, or "".
func exprTyp(a arg) string {
	if a.e != nil {
		return a.e.typ
	}
	return ""
}

func getFunc(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	base := c.args[0].sql
	k := c.args[1]
	if len(k.toks) == 1 {
		switch t := k.toks[0]; t.Kind {
		case sqllex.Number:
			if isInteger(t.Text) {
				return expr{path: &jpath{base: base, jp: "$[" + t.Text + "]"}, typ: "JSON"}, nil
			}
		case sqllex.String:
			seg, err := p.keySegment(snowflakeString(t.Text), t)
			if err != nil {
				return expr{}, err
			}
			return expr{path: &jpath{base: base, jp: "$" + seg}, typ: "JSON"}, nil
		}
	}
	return expr{sql: fmt.Sprintf("_SF_GET(%s, %s)", base, k.sql), typ: "JSON"}, nil
}

func getPath(asText bool) funcHandler {
	return func(p *parser, c *call) (expr, error) {
		if err := c.arity(p, 2, 2); err != nil {
			return expr{}, err
		}
		lit, ok := c.args[1].literal()
		if !ok {
			return expr{}, p.unsupported(c.t, c.name+" with a non-literal path")
		}
		jp, err := snowflakePath(lit)
		if err != nil {
			return expr{}, p.unsupported(c.t, c.name+" path "+lit)
		}
		e := expr{path: &jpath{base: c.args[0].sql, jp: jp}, typ: "JSON"}
		if asText {
			return expr{sql: e.asString(), typ: "VARCHAR"}, nil
		}
		return e, nil
	}
}

func sha2(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	if len(c.args) == 2 {
		if bits, _ := c.args[1].word(); bits != "256" {
			return expr{}, p.unsupported(c.t, c.name+" with digest size "+c.args[1].sql)
		}
	}
	return expr{sql: "sha256(" + c.args[0].str() + ")", typ: "VARCHAR"}, nil
}

// regexpOptions maps Snowflake regex parameters to DuckDB options; e
// (extract a group) is reported separately.
func regexpOptions(p *parser, c *call, a arg) (string, bool, error) {
	lit, ok := a.literal()
	if !ok {
		return "", false, p.unsupported(c.t, c.name+" with non-literal regex parameters")
	}
	var opts strings.Builder
	extract := false
	for _, r := range lit {
		switch r {
		case 'c', 'i', 's':
			opts.WriteRune(r)
		case 'm':
			// Snowflake's m is multi-line mode (^ and $ at line breaks);
			// DuckDB's 'm' means something else, so the pattern gets RE2's
			// own (?m) flag instead (multilinePattern).
		case 'e':
			extract = true
		default:
			return "", false, p.unsupported(c.t, fmt.Sprintf("%s regex parameter %q", c.name, r))
		}
	}
	return opts.String(), extract, nil
}

// multilinePattern applies Snowflake's regex parameter m to a pattern:
// RE2's (?m) flag, which a pattern's own flags may still extend.
func multilinePattern(pattern string, params arg) string {
	lit, ok := params.literal()
	if !ok || !strings.ContainsRune(lit, 'm') {
		return pattern
	}
	return "('(?m)' || " + pattern + ")"
}

func regexpSubstr(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 6); err != nil {
		return expr{}, err
	}
	subject := c.args[0].str()
	pattern, err := checkedPattern(p, c, c.args[1])
	if err != nil {
		return expr{}, err
	}
	opts, group, extract := "", "0", false
	if len(c.args) >= 5 {
		o, e, err := regexpOptions(p, c, c.args[4])
		if err != nil {
			return expr{}, err
		}
		opts, extract = o, e
	}
	// DuckDB's RE2 answers for a pattern that matches alike under RE2's
	// and POSIX's rules and a group that takes part in every match (RE2
	// gives '' for one that does not); Go answers or refuses the others.
	// (An empty match, which RE2 reports as '', runs in Go, which refuses
	// it: the docs do not say whether it is '' or NULL.)
	lit, flags, proven := provenPattern(c, 1, 4)
	if !proven || regexpCanMatchEmpty(lit, flags) {
		return regexpSubstrGo(c), nil
	}
	if len(c.args) == 6 {
		n, err := strconv.Atoi(c.args[5].sql)
		if err != nil || n < 0 || !groupAlwaysTakesPart(lit, n) {
			return regexpSubstrGo(c), nil
		}
		group = c.args[5].sql
	} else if extract {
		// "If there is no sub-expression in the pattern, REGEXP_SUBSTR
		// behaves as if e was not set" (docs: regexp_substr).
		if n, ok := patternGroups(c.args[1]); !ok {
			return regexpSubstrGo(c), nil
		} else if n > 0 {
			if !groupAlwaysTakesPart(lit, 1) {
				return regexpSubstrGo(c), nil
			}
			group = "1"
		}
	}
	// DuckDB's substr and list index would take a position below 1 or a
	// negative occurrence from the end; Snowflake's position "must be a
	// positive integer", so those run in Go, which rejects them.
	if (len(c.args) >= 3 && !positiveLiteral(c.args[2])) || (len(c.args) >= 4 && !positiveLiteral(c.args[3])) {
		return regexpSubstrGo(c), nil
	}
	if len(c.args) >= 3 && c.args[2].sql != "1" {
		subject = fmt.Sprintf("substr(%s, %s)", subject, c.args[2].sql)
	}
	occ := "1"
	if len(c.args) >= 4 {
		occ = c.args[3].sql
	}
	if len(c.args) >= 5 {
		pattern = multilinePattern(pattern, c.args[4])
	}
	s := fmt.Sprintf("regexp_extract_all(%s, %s, %s", subject, pattern, group)
	if opts != "" {
		s += ", " + sqlString(opts)
	}
	return expr{sql: s + ")[" + occ + "]", typ: "VARCHAR"}, nil
}

func regexpLike(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 3); err != nil {
		return expr{}, err
	}
	pattern, err := checkedPattern(p, c, c.args[1])
	if err != nil {
		return expr{}, err
	}
	if len(c.args) == 3 {
		pattern = multilinePattern(pattern, c.args[2])
	}
	s := fmt.Sprintf("regexp_full_match(%s, %s", c.args[0].str(), pattern)
	if len(c.args) == 3 {
		opts, _, err := regexpOptions(p, c, c.args[2])
		if err != nil {
			return expr{}, err
		}
		if opts != "" {
			s += ", " + sqlString(opts)
		}
	}
	return expr{sql: s + ")", typ: "BOOLEAN"}, nil
}

func regexpReplace(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 6); err != nil {
		return expr{}, err
	}
	repl := "''"
	if len(c.args) >= 3 {
		repl = c.args[2].str()
	}
	if len(c.args) >= 4 && c.args[3].sql != "1" {
		return expr{}, p.unsupported(c.t, "REGEXP_REPLACE with a start position")
	}
	opts := "g"
	if len(c.args) >= 5 {
		switch c.args[4].sql {
		case "0":
		case "1":
			opts = ""
		default:
			return expr{}, p.unsupported(c.t, "REGEXP_REPLACE of one occurrence other than the first")
		}
	}
	if len(c.args) == 6 {
		o, _, err := regexpOptions(p, c, c.args[5])
		if err != nil {
			return expr{}, err
		}
		opts += o
	}
	pattern, err := checkedPattern(p, c, c.args[1])
	if err != nil {
		return expr{}, err
	}
	if len(c.args) == 6 {
		pattern = multilinePattern(pattern, c.args[5])
	}
	s := fmt.Sprintf("regexp_replace(%s, %s, %s", c.args[0].str(), pattern, repl)
	if opts != "" {
		s += ", " + sqlString(opts)
	}
	return expr{sql: s + ")", typ: "VARCHAR"}, nil
}

func regexpCount(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 4); err != nil {
		return expr{}, err
	}
	subject := c.args[0].str()
	pattern, err := checkedPattern(p, c, c.args[1])
	if err != nil {
		return expr{}, err
	}
	if len(c.args) == 4 {
		if _, _, err := regexpOptions(p, c, c.args[3]); err != nil {
			return expr{}, err
		}
	}
	if len(c.args) >= 3 && !positiveLiteral(c.args[2]) {
		// The position "must be a positive integer" (docs: regexp_count);
		// DuckDB's substr would take 0 as 1 and -1 from the end, so such
		// a position is checked in Go, which counts the matches too.
		return regexpCountGo(c), nil
	}
	// DuckDB's RE2 counts a literal pattern that cannot match the empty
	// string (how Snowflake counts empty matches is not documented) and
	// matches alike under RE2's and POSIX's rules, or is only compared
	// with "> 0": whether a non-empty match exists does not depend on the
	// rule. Go counts or refuses the others.
	lit, flags, proven := provenPattern(c, 1, 3)
	if _, isLit := c.args[1].literal(); !isLit || regexpCanMatchEmpty(lit, flags) || !proven && !p.existenceTest(c) {
		return regexpCountGo(c), nil
	}
	if len(c.args) >= 3 && c.args[2].sql != "1" {
		subject = fmt.Sprintf("substr(%s, %s)", subject, c.args[2].sql)
	}
	if len(c.args) == 4 {
		pattern = multilinePattern(pattern, c.args[3])
	}
	s := fmt.Sprintf("len(regexp_extract_all(%s, %s, 0", subject, pattern)
	if len(c.args) == 4 {
		opts, _, err := regexpOptions(p, c, c.args[3])
		if err != nil {
			return expr{}, err
		}
		if opts != "" {
			s += ", " + sqlString(opts)
		}
	}
	return expr{sql: s + "))"}, nil
}

func charIndex(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 3); err != nil {
		return expr{}, err
	}
	needle, hay := c.args[0].str(), c.args[1].str()
	if len(c.args) == 2 {
		return expr{sql: fmt.Sprintf("instr(%s, %s)", hay, needle)}, nil
	}
	pos := c.args[2].sql
	// A start_pos "beyond the end of the second argument" gives 0 and an
	// empty first argument 1 (docs: position); DuckDB's substr would take
	// a start below 1 as 1 or from the end (CHARINDEX('l', 'hello', 0)
	// answered 2), and what an empty first argument gives at a later start
	// the docs do not say: those are refused.
	return expr{sql: fmt.Sprintf(`CASE WHEN %[3]s < 1 THEN CAST(_SF_REFUSE('%[4]s with a start position below 1', %[3]s) AS BIGINT)
		WHEN %[3]s > length(%[1]s) THEN 0
		WHEN %[2]s = '' AND %[3]s <> 1 THEN CAST(_SF_REFUSE('%[4]s of an empty string from a start position other than 1', %[3]s) AS BIGINT)
		WHEN instr(substr(%[1]s, %[3]s), %[2]s) = 0 THEN 0 ELSE instr(substr(%[1]s, %[3]s), %[2]s) + %[3]s - 1 END`, hay, needle, pos, c.name)}, nil
}

func toNumber(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 4); err != nil {
		return expr{}, err
	}
	args := c.args[1:]
	if len(args) > 0 {
		if _, ok := args[0].literal(); ok {
			return expr{}, p.unsupported(c.t, c.name+" with a format")
		}
	}
	var ps []string
	for _, a := range args {
		ps = append(ps, a.sql)
	}
	ty := mapTypeName("NUMBER")
	if len(ps) > 0 {
		ty, _ = mapType("NUMBER", ps)
	}
	return castExpr(argExpr(c.args[0]), ty, strings.HasPrefix(c.name, "TRY_")), nil
}

// withinGroup parses WITHIN GROUP's `ORDER BY …`, keeping its key in
// c.withinKey when it is one operand (`ORDER BY x [ASC | DESC]`).
func (p *parser) withinGroup(c *call) (string, error) {
	if !p.isWord("ORDER") || !p.peekN(1).IsWord("BY") {
		return p.seq(nil)
	}
	p.i += 2
	key, err := p.seq(func(t tok, operand bool) bool {
		return operand && (t.IsWord("ASC") || t.IsWord("DESC") || t.IsWord("NULLS") || t.IsOp(","))
	})
	if err != nil {
		return "", err
	}
	single := p.single
	out := "ORDER BY " + key
	if p.isOp(")") || p.eof() {
		// (nothing follows the key)
	} else {
		t := p.peek()
		rest, err := p.seq(nil)
		if err != nil {
			return "", err
		}
		if t.sp {
			out += " "
		}
		out += rest
		if u := strings.ToUpper(rest); u != "ASC" && u != "DESC" {
			single = nil
		}
	}
	if single != nil {
		e := *single
		c.withinKey = &e
	}
	return out, nil
}

// extremeTimeType is the type of MIN, MAX or ANY_VALUE of one date or time
// argument of a known type: the argument's ("the same data type as the
// input values": docs, min/max), so that DATEDIFF of MIN(ts) and MAX(ts)
// knows its operands' kind (types_intfn.go: intFnWidth), or "".
func extremeTimeType(c *call) string {
	if len(c.args) != 1 || c.star || c.within != "" {
		return ""
	}
	switch c.name {
	case "MIN", "MAX", "ANY_VALUE":
		switch t := c.args[0].typ(); t {
		case "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ":
			return t
		}
	}
	return ""
}
