package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Dates, times and timestamps converted to text. TO_VARCHAR/TO_CHAR without
// a format, ::VARCHAR and the assignment of such a value to a text column
// print it in the session's output format (docs: TO_CHAR, "The default is
// the current value of the following session parameters: DATE_OUTPUT_FORMAT
// … TIME_OUTPUT_FORMAT … TIMESTAMP_OUTPUT_FORMAT"), whose defaults print
// '2022-03-07 14:00:00.000' for a TIMESTAMP_NTZ and '2022-03-07 14:00:00.000
// -0800' for a TIMESTAMP_LTZ — not DuckDB's '2022-03-07 14:00:00'.
//
// The session keeps the strftime layouts of non-default formats as variables
// of its DuckDB connection (OutputFormatVars; snowlocal/params_outfmt.go),
// which the macros read when a statement runs, so a view follows the
// parameters of the session that queries it. A format this converter cannot
// print exactly is kept as a refusal the macros raise when they are used.

// Output-format variables of a session's DuckDB connection.
const (
	OutFmtDateVar = "sf_fmt_date"
	OutFmtTimeVar = "sf_fmt_time"
	OutFmtNTZVar  = "sf_fmt_ntz"
	OutFmtLTZVar  = "sf_fmt_ltz"
	OutFmtTZVar   = "sf_fmt_tz"
)

// The offset placeholders of a TIMESTAMP_LTZ layout: strftime copies them,
// and _SF_OUT_LTZ_TEXT puts the offset's sign and hours, and minutes, there.
const (
	tzhMark = "\x01H"
	tzmMark = "\x01M"
	// refusalSuffix names the variable holding a format's refusal.
	refusalSuffix = "_refusal"
)

// Default output formats (docs: parameters) and their layouts.
var defaultOutputLayouts = map[string]string{
	OutFmtDateVar: "%Y-%m-%d",
	OutFmtTimeVar: "%H:%M:%S",
	OutFmtNTZVar:  "%Y-%m-%d %H:%M:%S.%g",
	OutFmtLTZVar:  "%Y-%m-%d %H:%M:%S.%g " + tzhMark + tzmMark,
}

func init() {
	// fmtOf is the layout of variable v; refused wraps a macro body in the
	// refusal its variable may hold. (strftime wants a constant layout:
	// coalesce of a variable folds to one, a CASE would not.)
	fmtOf := func(v string) string {
		return fmt.Sprintf(`coalesce(getvariable('%s'), %s)`, v, sqlString(defaultOutputLayouts[v]))
	}
	refused := func(v, body string) string {
		return fmt.Sprintf(`CASE WHEN getvariable('%[1]s') IS NOT NULL THEN error(getvariable('%[1]s')) ELSE %[2]s END`, v+refusalSuffix, body)
	}
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_OUT_DATE_TEXT(x) AS `+refused(OutFmtDateVar, `strftime(x, `+fmtOf(OutFmtDateVar)+`)`),
		`CREATE OR REPLACE TEMP MACRO _SF_OUT_TIME_TEXT(x) AS `+refused(OutFmtTimeVar, `strftime(DATE '1970-01-01' + x, `+fmtOf(OutFmtTimeVar)+`)`),
		`CREATE OR REPLACE TEMP MACRO _SF_OUT_NTZ_TEXT(x) AS `+refused(OutFmtNTZVar, `strftime(x, `+fmtOf(OutFmtNTZVar)+`)`),
		`CREATE OR REPLACE TEMP MACRO _SF_OUT_LTZ_FILL(s, off) AS replace(replace(s,
		`+sqlString(tzhMark)+`, CASE WHEN off < 0 THEN '-' ELSE '+' END || lpad(CAST(abs(off) // 60 AS VARCHAR), 2, '0')),
		`+sqlString(tzmMark)+`, lpad(CAST(abs(off) % 60 AS VARCHAR), 2, '0'))`,
		// A TIMESTAMP_LTZ prints its wall clock in the session's zone and
		// that zone's offset at the instant.
		`CREATE OR REPLACE TEMP MACRO _SF_OUT_LTZ_TEXT(x) AS `+refused(OutFmtLTZVar, `_SF_OUT_LTZ_FILL(strftime(CAST(x AS TIMESTAMP), `+fmtOf(OutFmtLTZVar)+`),
		CAST((epoch(CAST(x AS TIMESTAMP)) - epoch(x)) // 60 AS INTEGER))`),
		// A TIMESTAMP_TZ prints in the default format only (tz.go).
		`CREATE OR REPLACE TEMP MACRO _SF_OUT_TZ_TEXT_CHECK() AS `+refused(OutFmtTZVar, `TRUE`),
	)
}

// OutputFormatVars are the connection variables for a session whose
// effective output formats are date, time, ntz, ltz and tz (TIMESTAMP_*
// formats already resolved against TIMESTAMP_OUTPUT_FORMAT): a variable's
// value is a layout, a refusal, or "" where the format is the default (the
// variable is then reset).
func OutputFormatVars(date, time, ntz, ltz, tz string) map[string]string {
	out := map[string]string{}
	set := func(v, format, def string, kind string, offsets bool) {
		out[v], out[v+refusalSuffix] = "", ""
		if strings.EqualFold(strings.TrimSpace(format), def) {
			return
		}
		layout, err := outputLayout(format, offsets)
		if err != nil {
			out[v+refusalSuffix] = fmt.Sprintf("Unsupported feature: %s output format '%s' (%v) for a value converted to text, in the local engine.", kind, format, err)
			return
		}
		out[v] = layout
	}
	set(OutFmtDateVar, date, "YYYY-MM-DD", "DATE", false)
	set(OutFmtTimeVar, time, "HH24:MI:SS", "TIME", false)
	set(OutFmtNTZVar, ntz, "YYYY-MM-DD HH24:MI:SS.FF3", "TIMESTAMP_NTZ", false)
	set(OutFmtLTZVar, ltz, "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM", "TIMESTAMP_LTZ", true)
	out[OutFmtTZVar+refusalSuffix] = ""
	if !strings.EqualFold(strings.TrimSpace(tz), "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM") {
		out[OutFmtTZVar+refusalSuffix] = fmt.Sprintf("Unsupported feature: TIMESTAMP_TZ output format '%s' for a value converted to text (only the default prints), in the local engine.", tz)
	}
	return out
}

// outputLayout converts a Snowflake date/time output format to a strftime
// layout; with offsets, TZH and TZM become the offset placeholders, else
// they are refused (the value has no offset to print). Fractions print with
// 3, 6 or 9 digits (FF is FF9); other widths are refused.
func outputLayout(format string, offsets bool) (string, error) {
	var b strings.Builder
	piece := func(f string) error {
		if f == "" {
			return nil
		}
		// A bare FF prints nine digits (docs: "FF is equivalent to FF9").
		var fb strings.Builder
		pu := strings.ToUpper(f)
		for i := 0; i < len(pu); i++ {
			if pu[i] == '"' {
				j := strings.IndexByte(pu[i+1:], '"')
				if j < 0 {
					return fmt.Errorf("unterminated quoted text")
				}
				fb.WriteString(f[i : i+j+2])
				i += j + 1
				continue
			}
			if strings.HasPrefix(pu[i:], "FF") {
				if i+2 < len(pu) && pu[i+2] >= '0' && pu[i+2] <= '9' {
					if strings.IndexByte("369", pu[i+2]) < 0 {
						return fmt.Errorf("fraction element %s", pu[i:i+3])
					}
					fb.WriteString(pu[i : i+3])
					i += 2
					continue
				}
				fb.WriteString("FF9")
				i++
				continue
			}
			fb.WriteByte(f[i])
		}
		conv, err := convertFormatOpt(fb.String(), false, true)
		if err != nil {
			return err
		}
		b.WriteString(conv.layout)
		return nil
	}
	err := splitTZElements(format, piece, func(el string) error {
		if !offsets {
			return fmt.Errorf("time zone element %s on a value without an offset", el)
		}
		switch el {
		case "TZH:TZM":
			b.WriteString(tzhMark + ":" + tzmMark)
		case "TZHTZM":
			b.WriteString(tzhMark + tzmMark)
		case "TZH":
			b.WriteString(tzhMark)
		default:
			b.WriteString(tzmMark)
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	return b.String(), nil
}

// looksText reports whether rendered SQL is certainly text already: a
// conversion to text, possibly parenthesized, or (with concat) a
// concatenation, which as an operand of || needs no conversion either.
// Converting it again would change nothing, and _SF_CAST_TEXT names its
// argument in every branch, so nested conversions would grow the statement
// exponentially (a scripting block casts `CAST((x::VARCHAR) AS VARCHAR)`).
func looksText(sql string, concat bool) bool {
	s := strings.TrimSpace(sql)
	for len(s) >= 2 && s[0] == '(' && closingParen(s, 0) == len(s)-1 {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	if strings.HasPrefix(s, "_SF_CAST_TEXT(") && closingParen(s, len("_SF_CAST_TEXT")) == len(s)-1 ||
		strings.HasPrefix(s, "_SF_CAST_TEXT_ONCE(") && closingParen(s, len("_SF_CAST_TEXT_ONCE")) == len(s)-1 {
		return true
	}

	if !concat {
		return false
	}
	// A top-level ||.
	depth := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return false
			}
			i += j + 1
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
		case '|':
			if depth == 0 && i+1 < len(s) && s[i+1] == '|' {
				return true
			}
		}
	}
	return false
}

// closingParen is the index of the parenthesis closing the one at open in
// s (quotes skipped), or -1.
func closingParen(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
		switch c := s[i]; c {
		case '\'', '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				return -1
			}
			i += j + 1
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// textOf renders e converted to text as TO_VARCHAR converts it, by its
// static type where the rewriter knows it (a date or time straight in its
// output format, another type as _SF_TO_VARCHAR), else by its run-time
// type (_SF_CAST_TEXT, which binds every branch: heavier).
func textOf(e expr) string {
	x := e.render()
	switch e.typ {
	case "DATE":
		return "_SF_OUT_DATE_TEXT(" + x + ")"
	case "TIME":
		return "_SF_OUT_TIME_TEXT(" + x + ")"
	case "TIMESTAMP":
		return "_SF_OUT_NTZ_TEXT(" + x + ")"
	case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE":
		return "_SF_OUT_LTZ_TEXT(" + x + ")"
	case tzDuck:
		if e.path == nil {
			// _SF_CAST_TEXT's branch for a TIMESTAMP_TZ (through
			// _SF_TO_VARCHAR's), without the other branches, whose casts
			// DuckDB binds too: seconds to prepare
			// TO_VARCHAR(TO_TIMESTAMP_TZ(…)) (BENCHMARKS round 17).
			return "CASE WHEN _SF_OUT_TZ_TEXT_CHECK() THEN _SF_TSTZ_JSON_TEXT(to_json(" + x + ")) END"
		}
		fallthrough
	case "", "JSON":
		if len(x) > bindOnceLength {
			return "_SF_CAST_TEXT_ONCE(" + x + ")"
		}
		return "_SF_CAST_TEXT(" + x + ")"
	}
	if len(x) > bindOnceLength {
		return "_SF_TO_VARCHAR_ONCE(" + x + ")"
	}
	return "_SF_TO_VARCHAR(" + x + ")"
}

// bindOnceLength is the length of a rendered operand past which textOf
// converts it through a lambda that binds it once (_SF_CAST_TEXT_ONCE):
// _SF_CAST_TEXT names its argument in every branch and _SF_TO_VARCHAR in
// a dozen, so an operand that is itself an expansion (an OBJECT_CONSTRUCT
// of a converted timestamp, cast ::VARCHAR) was bound some forty times
// over (seconds to a minute to bind). A short operand keeps the plain
// call: DuckDB refuses a lambda in a column or parameter DEFAULT.
const bindOnceLength = 200

func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_CAST_TEXT_ONCE(x) AS list_transform([x], lambda _sf_cto: _SF_CAST_TEXT(_sf_cto))[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_TO_VARCHAR_ONCE(x) AS list_transform([x], lambda _sf_tvo: _SF_TO_VARCHAR(_sf_tvo))[1]`,
	)
}

// concatOperandOf renders an operand of || or CONCAT: a date or time as
// text in its output format, a value of another known type as it is
// (DuckDB's cast, a binary as a binary), one of unknown type by its
// run-time type (_SF_CAT_OPERAND).
func concatOperandOf(e expr, sql string) string {
	switch e.typ {
	case "DATE", "TIME", "TIMESTAMP", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE":
		return textOf(expr{sql: sql, typ: e.typ})
	case "", tzDuck, "JSON":
		return "_SF_CAT_OPERAND(" + sql + ")"
	case "DOUBLE", "FLOAT":
		return "_SF_TO_VARCHAR(" + sql + ")" // numcast.go: _SF_FLOAT_TEXT
	}
	return sql
}

// nullTextOperand is a NULL operand of || or CONCAT. DuckDB types a
// concatenation with a constant NULL (even CAST(NULL AS VARCHAR)) as an
// INTEGER, which drivers would see as a NUMBER column; Snowflake's is a
// text. The scalar subquery is not folded into the constant, and runs once.
const nullTextOperand = "(SELECT CAST(NULL AS VARCHAR))"

// constantOperand reports whether toks[a:b], an operand of ||, is an
// expression of constants only that is more than one literal:
// LOWER(NULL), NULLIF('a', 'a'), CAST(NULL AS VARCHAR(3)). DuckDB folds
// such an operand while it binds, and one that folds to NULL types the
// whole concatenation as DuckDB's INTEGER NULL, as a NULL literal does
// (nullTextOperand): written as a scalar subquery, it keeps its own type.
// Conservative: any name that is not a function's, a type's or one of a
// few keywords may be a column.
func constantOperand(toks []tok, a, b int) bool {
	if b-a < 2 {
		return false
	}
	for i := a; i < b; i++ {
		t := toks[i]
		switch t.Kind {
		case sqllex.String, sqllex.Number, sqllex.Op:
			if t.IsOp("@") || t.IsOp(":") || t.IsOp("[") || t.IsOp(".") {
				return false // a stage, a path or a qualified name
			}
		case sqllex.Word:
			switch {
			case i+1 < b && toks[i+1].IsOp("("):
				if t.IsWord("SELECT") || t.IsWord("IN") || t.IsWord("EXISTS") || t.IsWord("OVER") {
					return false
				}
				if u := strings.ToUpper(t.Text); aggregateNames[u] || rowValuedFuncs[u] {
					// 'n' || COUNT(*) in a scalar subquery counted one row
					// per row (n1, n1, n1 for n3); RANDOM() drew once.
					return false
				}
			case i > a && (toks[i-1].IsOp("::") || toks[i-1].IsWord("AS")):
				// a type name
			case constantKeywords[strings.ToUpper(t.Text)]:
			default:
				return false
			}
		default:
			return false // a quoted name, a variable, a bind
		}
	}
	return true
}

// constantOperandOnce writes a constant operand of || or CONCAT (one
// constantOperand accepts, which the caller puts in a scalar subquery)
// converted by _SF_CAT_OPERAND as _SF_CAT_OPERAND_ONCE: _SF_CAT_OPERAND
// names its operand in every branch of _SF_CAST_TEXT, and DuckDB binds and
// constant-folds each copy, so an operand that is itself an expansion
// (WEEK(…), (4) - 1) took seconds to prepare (BENCHMARKS round 18). The
// lambda costs nothing per row here: the operand is a constant, which
// DuckDB folds once; and a scalar subquery is no column DEFAULT, which
// refuses a lambda.
func constantOperandOnce(s string) string {
	const conv = "_SF_CAT_OPERAND("
	if strings.HasPrefix(s, conv) && closingParen(s, len(conv)-1) == len(s)-1 {
		return "_SF_CAT_OPERAND_ONCE(" + s[len(conv):]
	}
	return s
}

// rowValuedFuncs are functions of no column that answer anew for each row
// (constantOperand).
var rowValuedFuncs = toSet(`RANDOM UUID_STRING NORMAL UNIFORM ZIPF RANDSTR SEQ1 SEQ2 SEQ4 SEQ8`)

// constantKeywords are the words constantOperand lets through.
var constantKeywords = map[string]bool{"NULL": true, "TRUE": true, "FALSE": true, "CASE": true, "WHEN": true,
	"THEN": true, "ELSE": true, "END": true, "AS": true, "AND": true, "OR": true, "NOT": true, "IS": true}

// isNullConstant tells a rendered NULL literal, bare or cast to text.
func isNullConstant(sql string) bool {
	switch strings.ToUpper(strings.TrimSpace(sql)) {
	case "NULL", "(NULL)", "_SF_CAST_TEXT(NULL)", "CAST(NULL AS VARCHAR)", "_SF_CAT_OPERAND(NULL)":
		return true
	}
	return false
}
