package rewrite

import (
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A VARIANT (OBJECT, ARRAY) passed where a function takes text converts as
// its cast to VARCHAR converts it (docs: data-type-conversion, "Implicit
// casting (coercion)": VARIANT to VARCHAR is coercible;
// data-types-semistructured, "a VARIANT string becomes its text": the
// string without its quotes, a number or boolean its text, an OBJECT or
// ARRAY its JSON, a JSON null a SQL NULL). The local VARIANT is DuckDB JSON,
// which DuckDB's string functions read as its JSON text (LENGTH of the
// VARIANT "abc" was 5, UPPER kept the quotes, a typed VARIANT's escapes
// showed: funcs_typed_variant.go).
//
// An argument the rewriter knows is a VARIANT is written _SF_TO_VARCHAR(x),
// as x::VARCHAR is; one whose type only DuckDB sees (a derived table's or
// CTE's column, a set operation's, a call the rewriter does not type) is
// written _SF_VTXT(x), which DuckDB folds as it binds the macro (typeof()
// is a constant there: varchar_unseen_cmp.go) to x itself unless x is
// JSON, which it refuses (002040). It does not convert such an x: the
// conversion names functions that may fail at run time, and DuckDB then
// refuses to reuse a lateral alias of the expression ("Alias referenced -
// but the expression has side effects"), which would refuse LENGTH(s) AS e,
// e AS x for every column s of unseen type (intwidth_leftovers_test.go).

// textParams are the argument positions of the functions that take text
// there, by function (nil: every argument).
var textParams = map[string][]int{
	"UPPER": nil, "LOWER": nil, "INITCAP": nil, "LENGTH": nil, "LEN": nil, "CHAR_LENGTH": nil, "CHARACTER_LENGTH": nil,
	"TRIM": nil, "LTRIM": nil, "RTRIM": nil, "SPLIT": nil, "REPLACE": nil, "TRANSLATE": nil,
	"CONTAINS": nil, "STARTSWITH": nil, "ENDSWITH": nil, "LIKE": nil, "ILIKE": nil, "NOT LIKE": nil,
	"LPAD": {0, 2}, "RPAD": {0, 2}, "SUBSTR": {0}, "SUBSTRING": {0}, "LEFT": {0}, "RIGHT": {0},
	"POSITION": {0, 1}, "CHARINDEX": {0, 1}, "REVERSE": {0}, "REPEAT": {0}, "ASCII": {0}, "UNICODE": {0},
	"SPLIT_PART": {0, 1}, "EDITDISTANCE": {0, 1}, "INSERT": {0, 3}, "RTRIMMED_LENGTH": {0},
	"REGEXP_LIKE": {0, 1, 2}, "RLIKE": {0, 1, 2}, "REGEXP_SUBSTR": {0, 1, 5}, "REGEXP_REPLACE": {0, 1, 2, 5},
	"REGEXP_COUNT": {0, 1, 3}, "REGEXP_INSTR": {0, 1, 5, 6}, "REGEXP_SUBSTR_ALL": {0, 1, 4},
	"MD5": {0}, "MD5_HEX": {0}, "MD5_NUMBER_LOWER64": {0}, "MD5_NUMBER_UPPER64": {0},
	"SHA1": {0}, "SHA1_HEX": {0}, "SHA2": {0}, "SHA2_HEX": {0},
	"HEX_ENCODE": {0}, "BASE64_ENCODE": {0}, "HEX_DECODE_STRING": {0}, "BASE64_DECODE_STRING": {0},
	"TRY_HEX_DECODE_STRING": {0}, "TRY_BASE64_DECODE_STRING": {0},
	"SPLIT_TO_TABLE": nil, "STRTOK_SPLIT_TO_TABLE": nil, "STRTOK_TO_ARRAY": nil, "STRTOK": {0, 1},
}

func init() {
	prelude = append(prelude,
		// _SF_VTXT(x): x itself, refused as DuckDB binds it where x is
		// JSON (a VARIANT); _SF_VTXT_BIN(x) the same for a function
		// taking text or BINARY (textOrBinary).
		notVariantMacro("_SF_VTXT", variantTextRefusal),
		notVariantMacro("_SF_VTXT_BIN", variantTextOrBinaryRefusal),
	)
}

// notVariantMacro defines macro name(x): x itself, refused (a struct key:
// setRefusalBind) with refusal as DuckDB binds it where x is JSON. (The
// struct field is no bare parameter: see _SF_TXTDT.)
func notVariantMacro(name, refusal string) string {
	return `CREATE OR REPLACE TEMP MACRO ` + name + `(x) AS struct_extract({'x': [x][1]}, CASE WHEN typeof(x) = 'JSON' THEN '` + refusal + `' ELSE 'x' END)`
}

// textOrBinary are the functions of textParams whose argument may be text
// or BINARY: which of the two Snowflake converts a VARIANT to there, the
// docs do not say, so a VARIANT argument is refused, known or not.
var textOrBinary = toSet(`MD5 MD5_HEX MD5_NUMBER_LOWER64 MD5_NUMBER_UPPER64 SHA1 SHA1_HEX SHA2 SHA2_HEX
HEX_ENCODE BASE64_ENCODE`)

// variantTextOrBinaryRefusal refuses (a struct key: setRefusalBind) a
// VARIANT passed to a textOrBinary function.
const variantTextOrBinaryRefusal = `unsupported: a VARIANT passed to a function that takes text or BINARY (MD5, SHA1, SHA2, HEX_ENCODE, BASE64_ENCODE: the docs do not say which Snowflake converts it to; cast it ::VARCHAR or ::BINARY)`

// variantTextRefusal refuses (a struct key: setRefusalBind) a VARIANT whose
// type only DuckDB sees passed where text is taken.
const variantTextRefusal = `unsupported: a VARIANT passed where a function or LIKE takes text, read from a column of a derived table, CTE or set operation or another expression whose type the local engine sees only as it runs the statement (cast it ::VARCHAR to answer)`

// variantTextArgs converts c's VARIANT arguments in text positions as
// ::VARCHAR converts them.
func (p *parser) variantTextArgs(c *call) {
	idx, ok := textParams[c.name]
	if !ok || c.star {
		return
	}
	if idx == nil {
		for i := range c.args {
			idx = append(idx, i)
		}
	}
	for _, i := range idx {
		if i >= len(c.args) || c.args[i].name != "" || c.args[i].distinct != nil {
			continue
		}
		a := &c.args[i]
		variant := a.e != nil && a.e.path == nil && (a.e.variant || a.e.typ == "JSON" || p.flattenVariantRef(a.toks)) // known to be a VARIANT
		switch {
		case textOrBinary[c.name] && (variant || unseenTextArg(*a)):
			s := "list_transform([" + a.sql + "], _sf_vt -> _SF_VTXT_BIN(_sf_vt))[1]"
			if a.e != nil {
				e := *a.e
				e.sql, e.plain = s, false
				a.e = &e
			}
			a.sql = s
		case variant:
			s := "_SF_TO_VARCHAR(" + a.sql + ")"
			if inlineWitness(a.sql) || len(a.sql) > bindOnceLength {
				s = "_SF_TO_VARCHAR_ONCE(" + a.sql + ")"
			}
			a.sql, a.e = s, &expr{sql: s, typ: "VARCHAR"}
		case unseenTextArg(*a):
			s := "_SF_VTXT(" + a.sql + ")"
			if inlineWitness(a.sql) {
				s = "list_transform([" + a.sql + "], _sf_vt -> _SF_VTXT(_sf_vt))[1]"
			}
			if a.e != nil {
				e := *a.e
				e.sql, e.plain = s, false
				a.e = &e
			}
			a.sql = s
		}
	}
}

// unseenTextArg reports whether argument a may be a VARIANT whose type
// only DuckDB sees: no literal, no path (converted by its string value:
// arg.str), no operand the rewriter types.
func unseenTextArg(a arg) bool {
	if a.e != nil && (a.e.path != nil || a.e.typ != "" || a.e.textColumn || a.e.variant || a.e.float || a.e.intWidth > 0 || a.e.intFn != "") {
		return false
	}
	if len(a.toks) == 1 {
		switch a.toks[0].Kind {
		case sqllex.String, sqllex.DollarString, sqllex.Number:
			return false
		}
		if a.toks[0].IsWord("NULL") {
			return false
		}
	}
	for _, t := range a.toks {
		if t.Kind == sqllex.Bind || t.Kind == sqllex.Variable {
			return false // a bind or session variable is no VARIANT; DuckDB types a bind from its use
		}
	}
	s := strings.TrimSpace(a.sql)
	return s != "" && !isNullConstant(s) && !looksText(s, true)
}

// variantTextOperand converts operand e (rendered s) of a text operator
// (LIKE, ILIKE, RLIKE) as variantTextArgs converts a function's argument.
func (p *parser) variantTextOperand(s string, e expr, toks []tok) (string, expr) {
	a := arg{sql: s, e: &e, toks: toks}
	switch {
	case e.variant || e.typ == "JSON" || p.flattenVariantRef(toks):
		s = "_SF_TO_VARCHAR(" + s + ")"
		if inlineWitness(a.sql) || len(a.sql) > bindOnceLength {
			s = "_SF_TO_VARCHAR_ONCE(" + a.sql + ")"
		}
		return s, expr{sql: s, typ: "VARCHAR"}
	case unseenTextArg(a):
		s = "_SF_VTXT(" + s + ")"
		if inlineWitness(a.sql) {
			s = "list_transform([" + a.sql + "], _sf_vt -> _SF_VTXT(_sf_vt))[1]"
		}
		e.sql, e.plain = s, false
		return s, e
	}
	return s, e
}

// likeOperand reports whether the operand that begins at token start
// (parsed up to the current token) is a whole operand of LIKE, ILIKE,
// RLIKE or REGEXP: next to one of them, and next to no operator binding
// tighter (whose operand it would be instead).
func (p *parser) likeOperand(start int) bool {
	isLike := func(t tok) bool {
		return t.IsWord("LIKE") || t.IsWord("ILIKE") || t.IsWord("RLIKE") || t.IsWord("REGEXP")
	}
	tighter := func(t tok) bool {
		return t.Kind == sqllex.Op && (arithmeticOps[t.Text] || t.Text == "||" || t.Text == "::" || t.Text == ":" || t.Text == "[" || t.Text == ".")
	}
	var prev tok
	if start >= 1 {
		prev = p.toks[start-1]
	}
	next := p.peek()
	if isLike(prev) {
		return !tighter(next)
	}
	if next.IsWord("NOT") {
		next = p.peekN(1)
	}
	return isLike(next) && !tighter(prev)
}

// flattenVariantRef reports whether toks are a reference to FLATTEN's
// VALUE or THIS column, a VARIANT (docs: flatten, "Output") that the
// rewriter's column types leave untyped.
func (p *parser) flattenVariantRef(toks []tok) bool {
	var parts []tok
	switch {
	case len(toks) == 1:
		parts = toks
	case len(toks) == 3 && toks[1].IsOp("."):
		parts = []tok{toks[0], toks[2]}
	default:
		return false
	}
	for _, t := range parts {
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return false
		}
	}
	r, col := p.columnRel(parts)
	return r != nil && r.fixed != nil && (col == "VALUE" || col == "THIS")
}
