package snowlocal

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Declared lengths of text and binary results. Snowflake types a text value
// VARCHAR(n) and a binary one BINARY(n), and a query's result carries n: in
// its rowtype (the length gosnowflake's ColumnTypes report), in DESCRIBE of a
// view, and in the columns of a table created from it (docs, behavior change
// 2404: "a new string column inherits the logical length of the input
// expression"). DuckDB's VARCHAR and BLOB have no length, so the semi typer
// (result_semitype.go) works n out from the Snowflake text as it does OBJECT
// and ARRAY: a value of known length is typed "VARCHAR(n)" or "BINARY(n)"
// (lengthTyp) where it would be semiScalar. Where no source gives an
// expression's length it stays semiScalar and reports the default length
// (README, Known gaps).

const (
	maxVarchar = 16777216 // VARCHAR's default length (docs: String & binary data types)
	maxBinary  = 8388608  // BINARY's
)

// lengthTyp is the semi typer's type of a VARCHAR(n) or BINARY(n) value; a
// default length (or none) is semiScalar.
func lengthTyp(base string, n int) string {
	if n <= 0 || (base == "VARCHAR" && n == maxVarchar) || (base == "BINARY" && n == maxBinary) {
		return semiScalar
	}
	return base + "(" + strconv.Itoa(n) + ")"
}

// parseLengthTyp splits a length type into its base (VARCHAR or BINARY) and n.
func parseLengthTyp(t string) (base string, n int, ok bool) {
	base, rest, found := strings.Cut(t, "(")
	if !found || (base != "VARCHAR" && base != "BINARY") || !strings.HasSuffix(rest, ")") {
		return "", 0, false
	}
	n, err := strconv.Atoi(strings.TrimSuffix(rest, ")"))
	if err != nil {
		return "", 0, false
	}
	return base, n, true
}

// declaredLengthTyp is the length type of a column whose Snowflake type
// (DESCRIBE's) is sf, or semiScalar.
func declaredLengthTyp(sf string) string {
	if base, n, ok := parseLengthTyp(sf); ok {
		return lengthTyp(base, n)
	}
	return semiScalar
}

// widerLength is the type of a value that is one of two values typed a and
// b when both have a length of one base: the wider ("two strings fold to
// the wider length": mlorek/frostlake docs/functions.md, Conditional
// functions, an independent reference, live-verified).
func widerLength(a, b string) (string, bool) {
	ba, na, okA := parseLengthTyp(a)
	bb, nb, okB := parseLengthTyp(b)
	if !okA || !okB || ba != bb {
		return "", false
	}
	return lengthTyp(ba, max(na, nb)), true
}

// isScalarTyp reports whether t is a type that is not semi-structured:
// semiScalar or a length type.
func isScalarTyp(t string) bool {
	_, _, ok := parseLengthTyp(t)
	return t == semiScalar || ok
}

// unifySetOperand is a set operation's (or VALUES rows') column type from
// its branches' a and b: no source gives the length of text columns of
// different lengths so combined, which stays semiScalar.
func unifySetOperand(a, b string) string {
	if _, _, ok := parseLengthTyp(a); ok && a != b && isScalarTyp(b) && b != semiNull {
		return semiScalar
	}
	if _, _, ok := parseLengthTyp(b); ok && a != b && isScalarTyp(a) && a != semiNull {
		return semiScalar
	}
	return unifySemi(a, b)
}

// literalLengthTyp types a string literal: VARCHAR of its length in
// characters ("a string literal's declared width counts the same way
// ('😀' is VARCHAR(1))": mlorek/frostlake docs/functions.md, String
// functions, live-verified). An empty literal is not typed (no source).
func literalLengthTyp(t sqllex.Token) string {
	return lengthTyp("VARCHAR", utf8.RuneCountInString(rewrite.StringValue(t.Text)))
}

// castLengthTyp types a cast to the type written as toks (after :: or AS):
// VARCHAR(n) and its synonyms, CHAR without a length (VARCHAR(1): docs,
// String & binary data types); semiScalar for any other type, one without
// a length, or tokens that are not a whole type. A cast to BINARY(n) is not
// typed: the engine does not check its length (rewrite/types.go).
func castLengthTyp(toks []sqllex.Token) string {
	if len(toks) == 0 || toks[0].Kind != sqllex.Word {
		return semiScalar
	}
	name := strings.ToUpper(toks[0].Text)
	i := 1
	if (name == "CHAR" || name == "CHARACTER" || name == "NCHAR") && i < len(toks) && toks[i].IsWord("VARYING") {
		name, i = "VARCHAR", i+1
	}
	n := -1
	if i+2 < len(toks) && toks[i].IsOp("(") && toks[i+1].Kind == sqllex.Number && toks[i+2].IsOp(")") {
		v, err := strconv.Atoi(toks[i+1].Text)
		if err != nil {
			return semiScalar
		}
		n, i = v, i+3
	}
	if i != len(toks) {
		return semiScalar
	}
	switch name {
	case "CHAR", "CHARACTER", "NCHAR":
		if n < 0 {
			n = 1
		}
		return lengthTyp("VARCHAR", n)
	case "VARCHAR", "STRING", "TEXT", "NVARCHAR", "NVARCHAR2":
		return lengthTyp("VARCHAR", n)
	}
	return semiScalar
}

// semiOperatorWords are the words that join operands into an expression.
var semiOperatorWords = map[string]bool{"AND": true, "OR": true, "NOT": true, "IS": true, "LIKE": true, "ILIKE": true,
	"RLIKE": true, "REGEXP": true, "IN": true, "BETWEEN": true, "COLLATE": true, "ESCAPE": true}

// semiOneOperand reports whether toks is one operand (a name, a literal, a
// call, a path, a bracketed expression, a cast of one), so that a cast
// after it applies to the whole expression.
func semiOneOperand(toks []sqllex.Token) bool {
	depth := 0
	for _, t := range toks {
		switch {
		case semiOpen(t) || t.IsWord("CASE"):
			depth++
			continue
		case semiClose(t) || t.IsWord("END"):
			depth--
			continue
		}
		if depth > 0 {
			continue
		}
		if t.Kind == sqllex.Op && !t.IsOp(".") && !t.IsOp(":") && !t.IsOp("::") {
			return false
		}
		if w, ok := semiWord(t); ok && t.Kind == sqllex.Word && semiOperatorWords[w] {
			return false
		}
	}
	return len(toks) > 0
}

// lengthPassThrough are the functions whose text result has the length of
// their arguments', as semiPassThrough lists them: the conditionals fold to
// the wider (frostlake, above; NULLIF "keeps its first argument's own
// type"), MIN and MAX return "the same data type as the input values" (docs)
// and MODE "keeps the text as it is" (frostlake). GREATEST and LEAST fold
// all their arguments. Other pass-through functions (LAG, FIRST_VALUE,
// ANY_VALUE, MIN_BY...) have no source for a length and stay semiScalar.
var lengthPassThrough = map[string]bool{"COALESCE": true, "NVL": true, "IFNULL": true, "IFF": true, "NVL2": true,
	"NULLIF": true, "DECODE": true, "GREATEST": true, "LEAST": true, "MIN": true, "MAX": true, "MODE": true}

// lengthCall types a call of a built-in function fn whose text result has a
// documented length; ok is false for other functions.
func (st *semiTyper) lengthCall(fn string, args [][]sqllex.Token, sources []semiSource) (string, bool) {
	switch fn {
	case "LISTAGG":
		// VARCHAR(134217728) (frostlake docs/functions.md, Aggregate functions).
		return lengthTyp("VARCHAR", 134217728), true
	case "SOUNDEX", "SOUNDEX_P123":
		return lengthTyp("VARCHAR", 7), true // "Declared VARCHAR(7)" (frostlake)
	case "UPPER", "INITCAP":
		// Three times the argument's length, as a character may become
		// three when its case changes (docs, behavior change 2317: UPPER
		// of a VARCHAR(10) is a VARCHAR(30)); past the default length the
		// docs do not say.
		if len(args) != 1 {
			return semiScalar, true
		}
		if base, n, ok := parseLengthTyp(st.expr(args[0], sources)); ok && base == "VARCHAR" && 3*n <= maxVarchar {
			return lengthTyp(base, 3*n), true
		}
		return semiScalar, true
	}
	return "", false
}

// applyLengths sets the length of res's text and binary columns that the
// query's static types (cols) give one.
func applyLengths(res *Result, cols []semiCol) {
	for k := range res.Columns {
		c := &res.Columns[k]
		base, n, ok := parseLengthTyp(cols[k].typ)
		switch {
		case !ok:
		case c.Type == "text" && base == "VARCHAR":
			// byteLength: four bytes a character, as
			// INFORMATION_SCHEMA.COLUMNS' CHARACTER_OCTET_LENGTH.
			c.Length, c.ByteLength = n, min(4*n, maxVarchar)
		case c.Type == "binary" && base == "BINARY":
			c.Length, c.ByteLength = n, n
		}
	}
}
