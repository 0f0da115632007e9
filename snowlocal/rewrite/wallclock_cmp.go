package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Comparisons with a TIMESTAMP_LTZ in a session whose zone has transitions
// (wallclock.go). Snowflake compares a TIMESTAMP_LTZ with a TIMESTAMP_NTZ,
// a DATE or a text by reading the other side as a wall clock in the
// session's zone (docs: data-type-conversion, date-time-input-output),
// which in a gap or an overlap has no documented instant; DuckDB's
// implicit cast picked one silently (02:30 as 03:30 -0700, 01:30 as
// -0800). In such a session each conversion is checked and refused there:
//
//   - a string literal compared with a value that is a TIMESTAMP_LTZ as
//     DuckDB binds it is read by _SF_WALL_TEXT (wallTextCall, or _SF_DTTEXT's
//     ltz reading, datetime_cmp.go), its other readings as before;
//   - a TIMESTAMP_NTZ or DATE side compared with a TIMESTAMP_LTZ one is
//     read by _SF_WALL_LTZ: written so where the rewriter knows both types,
//     and as _SF_WALLCMP(x, n) where either side's type only DuckDB sees,
//     x converted only where x is a TIMESTAMP_NTZ or DATE and n a
//     TIMESTAMP_LTZ (typeof() folds as DuckDB binds the macro: no cost per
//     row otherwise). The sides only DuckDB sees are _SF_TXTCMP's
//     (varchar_unseen_cmp.go), whose definitions the session switches to
//     ones that end in _SF_WALLCMP (WallClockMacros).

func init() {
	prelude = append(prelude,
		// (The CASE around it, as around _SF_TXTCMP's, lets DuckDB create
		// the macro before x's type is known.)
		`CREATE OR REPLACE TEMP MACRO _SF_WALLCMP(x, n) AS CASE WHEN x IS NULL AND FALSE THEN NULL ELSE struct_extract({'x': x,
		'w': CASE WHEN typeof(x) IN (`+ntzOrDateTypes+`) AND typeof(n) = 'TIMESTAMP WITH TIME ZONE' THEN _SF_WALL_LTZ(x) END},
		CASE WHEN typeof(x) IN (`+ntzOrDateTypes+`) AND typeof(n) = 'TIMESTAMP WITH TIME ZONE' THEN 'w' ELSE 'x' END) END`,
	)
}

// ntzOrDateTypes are the DuckDB type names of a TIMESTAMP_NTZ or a DATE.
const ntzOrDateTypes = `'TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'DATE'`

// wallTextLiteral reports whether string value v is a text that DuckDB and
// Snowflake read alike (reCanonDate: a date or a timestamp without an
// offset) and that beside a TIMESTAMP_LTZ is a wall clock to check.
func wallTextLiteral(v string) bool {
	return reCanonDate.MatchString(v)
}

// wallLTZRead is the reading of text ltz (SQL) compared with x as a
// TIMESTAMP_LTZ, checked, where x is one as DuckDB binds it (NULL
// otherwise: the field is not taken).
func wallLTZRead(x, ltz string) string {
	return "CASE WHEN typeof(" + x + ") = 'TIMESTAMP WITH TIME ZONE' THEN _SF_TRY_WALL_TEXT(" + ltz + ") END"
}

// wallTextCall renders string literal lit (wallTextLiteral) compared with
// x: beside a TIMESTAMP_LTZ its checked instant, beside another date or
// time type the literal cast to it (as DuckDB's comparison casts it), and
// otherwise the literal itself. x
// is named only in typeof(), so the literal stays a constant; a bind in x
// would be repeated, and x is then bound once by a lambda.
func wallTextCall(x, lit string) string {
	key := func(x string) string {
		const ltz, dt = "typeof(%[1]s) = 'TIMESTAMP WITH TIME ZONE'", "typeof(%[1]s) IN (" + ntzOrDateTypes + ", 'TIME')"
		return fmt.Sprintf("struct_extract({'s': %[2]s, 'v': CASE WHEN "+dt+" THEN cast_to_type(%[2]s, %[1]s) END, "+
			"'ltz': CASE WHEN "+ltz+" THEN _SF_WALL_TEXT(%[2]s) END}, CASE WHEN "+ltz+" THEN 'ltz' WHEN "+dt+" THEN 'v' ELSE 's' END)", x, lit)
	}
	if strings.ContainsAny(x, "?$") {
		return "list_transform([" + x + "], _sf_wx -> " + key("_sf_wx") + ")[1]"
	}
	return key(x)
}

// ntzOrDate reports whether rewriter type typ is a TIMESTAMP_NTZ or a DATE.
func ntzOrDate(typ string) bool { return typ == "TIMESTAMP" || typ == "DATE" }

// wallSide renders side x (of rewriter type xt, "" where unseen: unseen
// reports that) compared with side n (of type nt, nUnseen) in a session
// whose zone has transitions: x read as a checked instant where it is a
// TIMESTAMP_NTZ or DATE and n a TIMESTAMP_LTZ. A side holding a bind is
// left as it was (it would be repeated).
func wallSide(x, xt string, xUnseen bool, n, nt string, nUnseen bool) string {
	switch {
	case ntzOrDate(xt) && nt == "TIMESTAMPTZ":
		return "_SF_WALL_LTZ(" + x + ")"
	case ntzOrDate(xt) && nUnseen && !strings.ContainsAny(x+n, "?$"):
		return "_SF_WALLCMP(" + x + ", " + n + ")"
	}
	return x
}

// wallList renders the elements of x [NOT] IN list (as rendered) that are
// no literals compared with the tested operand as wallSide does: each
// converts where it is a TIMESTAMP_NTZ or DATE and the operand a
// TIMESTAMP_LTZ, and a TIMESTAMP_NTZ or DATE operand converts where the
// list holds a TIMESTAMP_LTZ (the type DuckDB gives the list of them all,
// named only in typeof()). A bind or a subquery is left as it was. written
// is the list before its literals were rendered (wallWitnessIn reads it).
func (c *numTextCmp) wallList(b *strings.Builder, list, written string) string {
	elems, ok := splitList(list)
	if !ok || len(elems) == 0 || c.listVariant {
		return list
	}
	if u := strings.ToUpper(strings.TrimLeft(elems[0], " (")); (strings.HasPrefix(u, "SELECT") || strings.HasPrefix(u, "WITH")) && !scalarSubquery(list) {
		return list
	}
	x := c.inX
	if scalarSubquery(list) && !strings.ContainsAny(x, "?$") {
		// x [NOT] IN (SELECT …): as x op ANY (SELECT …).
		return c.wallSubquery(b, x, c.inStart, c.inDT, c.inUnseen, list)
	}
	if strings.ContainsAny(x, "?$") {
		return list
	}
	if w, ok := splitList(written); ok && c.wallWitnessIn(x, w) {
		c.wallRefuse = "an element of an IN list"
		return list
	}
	var other []string
	changed := false
	for i, e := range elems {
		if literalKind(e) != "" || strings.ContainsAny(e, "?$") || inlineWitness(e) {
			continue // a literal rendered already, a bind
		}
		other = append(other, e)
		if c.inDT == "TIMESTAMPTZ" || c.inUnseen {
			elems[i] = "_SF_WALLCMP(" + e + ", " + x + ")"
			changed = true
		}
	}
	if ntzOrDate(c.inDT) && len(other) > 0 {
		patchAt(b, c.inStart, x, func(x string) string { return "_SF_WALLCMP(" + x + ", [" + strings.Join(other, ", ") + "][1])" })
	}
	if !changed {
		return list
	}
	return "(" + strings.Join(elems, ", ") + ")"
}

// wallWitnessIn reports whether x [NOT] IN (elems) holds a scalar
// subquery or an expression longer than 300 characters (inlineWitness,
// which _SF_WALLCMP would repeat) beside another item that may be a
// timestamp: x of a date or time type or unseen, an element that is no
// literal, or a date or timestamp string literal. The statement is then
// refused (numTextCmp.wallRefuse): which side converts is not known.
func (c *numTextCmp) wallWitnessIn(x string, elems []string) bool {
	witness, n := inlineWitness(x), 0
	if witness || c.inDT == "TIMESTAMPTZ" || ntzOrDate(c.inDT) || c.inUnseen {
		n++
	}
	for _, e := range elems {
		switch {
		case inlineWitness(e):
			witness = true
			n++
		case literalKind(e) == "" && !strings.ContainsAny(e, "?$"):
			n++
		case literalKind(e) == "lit" && strings.HasPrefix(strings.TrimSpace(e), "'") && wallTextLiteral(StringValue(strings.TrimSpace(e))):
			n++
		}
	}
	return witness && n >= 2
}

// wallQuantified renders the subquery s of x op ANY|ALL|SOME (s), x the
// operand before the operator, as wallSubquery does.
func (c *numTextCmp) wallQuantified(b *strings.Builder, s string) string {
	if !scalarSubquery(s) || strings.ContainsAny(c.prev, "?$") {
		return s
	}
	return c.wallSubquery(b, c.prev, c.prevStart, c.prevDT, c.prevUnseen, s)
}

// wallSubquery renders subquery q whose values are compared with x (of
// rewriter type xt, or unseen; written at start in b): each value converts
// where it is a TIMESTAMP_NTZ or DATE and x a TIMESTAMP_LTZ, and x
// converts where it is one of those and the subquery's column a
// TIMESTAMP_LTZ (named only in typeof(), where it runs no row).
func (c *numTextCmp) wallSubquery(b *strings.Builder, x string, start int, xt string, unseen bool, q string) string {
	if ntzOrDate(xt) || unseen {
		patchAt(b, start, x, func(x string) string { return "_SF_WALLCMP(" + x + ", " + q + ")" })
	}
	w := x
	switch {
	case xt == "TIMESTAMPTZ":
		w = "CAST(NULL AS TIMESTAMPTZ)"
	case !unseen:
		return q
	}
	return "(SELECT _SF_WALLCMP(_sf_wq, " + w + ") FROM " + q + " AS _sf_wqs(_sf_wq))"
}

// The values a conditional function (COALESCE, NVL, IFNULL, GREATEST,
// LEAST, IFF, NVL2) or a CASE returns take one type, DuckDB's common type
// of them all: a TIMESTAMP_NTZ or DATE beside a TIMESTAMP_LTZ is cast to
// it as a wall clock in the session's zone. wallValues reads such values
// (a TIMESTAMP_NTZ or DATE, or one whose type only DuckDB sees) through
// _SF_WALLCMP against that common type (the list of them all, named only
// in typeof()), and a date or timestamp string literal among them as it
// does beside a TIMESTAMP_LTZ (numTextCall), where a value may be a
// TIMESTAMP_LTZ and another may be converted; a value of a known other
// type or a bind (checked as it is bound: snowlocal/bind_wallclock.go)
// leaves them as they were. A scalar subquery or an expression longer than
// 300 characters (inlineWitness: _SF_WALLCMP would repeat it) beside
// another value that may be a timestamp cannot be converted so: refuse
// reports that the statement is to be refused.
func wallValues(vals []wallValue) (out []string, refuse bool) {
	out = make([]string, len(vals))
	for i, v := range vals {
		out[i] = v.sql
	}
	ltz, conv, witness, n := false, false, false, 0
	dateText := func(v wallValue) bool {
		sv := StringValue(v.sql)
		return (dtTextLiteral(sv) || wallTextLiteral(sv)) && !reNumText.MatchString(sv)
	}
	for _, v := range vals {
		switch {
		case strings.TrimSpace(v.sql) == "NULL":
			continue
		case strings.ContainsAny(v.sql, "?$"):
			return out, false
		case inlineWitness(v.sql):
			witness = true
		case v.literal:
			conv = conv || dateText(v)
		case v.typ == "TIMESTAMPTZ":
			ltz = true
		case ntzOrDate(v.typ):
			conv = true
		case v.typ == "" && !v.other && literalKind(v.sql) == "":
			ltz, conv = true, true
		default:
			return out, false // a known other type: no TIMESTAMP_LTZ to meet
		}
		n++
	}
	if witness {
		return out, n >= 2 && (ltz || conv || witnessCount(vals) >= 2)
	}
	if n < 2 || !ltz || !conv {
		return out, false
	}
	var all []string
	for _, v := range vals {
		all = append(all, v.sql)
	}
	w := "[" + strings.Join(all, ", ") + "][1]"
	for i, v := range vals {
		switch {
		case strings.TrimSpace(v.sql) == "NULL" || v.typ == "TIMESTAMPTZ":
		case v.literal:
			if dateText(v) {
				out[i] = numTextCall(w, v.sql, true)
			}
		default:
			out[i] = "_SF_WALLCMP(" + v.sql + ", " + w + ")"
		}
	}
	return out, false
}

// witnessCount is the number of vals that are inlineWitness.
func witnessCount(vals []wallValue) int {
	n := 0
	for _, v := range vals {
		if inlineWitness(v.sql) {
			n++
		}
	}
	return n
}

// wallWitnessRefusal is the construct a session whose zone has transitions
// refuses where a scalar subquery or a long expression (inlineWitness) may
// be a timestamp beside a TIMESTAMP_LTZ among values taking one type.
const wallWitnessRefusal = "a scalar subquery or an expression longer than 300 characters beside a TIMESTAMP_LTZ (%s), in a session whose TIMEZONE has daylight saving time"

// wallValue is one value wallValues reads: its SQL, its rewriter type
// ("" where unknown), whether it is known to be of another type (a text,
// a number, a VARIANT: otherType) or a string literal.
type wallValue struct {
	sql            string
	typ            string
	other, literal bool
}

// otherType reports whether operand e is known to be of a type that is no
// date or timestamp, as parser.unseenSide tells one.
func otherType(e *expr) bool {
	return e != nil && (e.path != nil || e.textColumn || e.variant || e.float || e.intWidth > 0 || e.intFn != "" || e.intUnknown != "")
}

// wallResults applies wallValues to a conditional function's values.
func (p *parser) wallResults(c *call, at tok) error {
	idx, ok := resultArgs[c.name]
	if !ok || c.star || p.opts.WallClockZone == "" {
		return nil
	}
	if idx == nil {
		for i := range c.args {
			idx = append(idx, i)
		}
	}
	var vals []wallValue
	for _, i := range idx {
		if i >= len(c.args) || c.args[i].name != "" {
			return nil
		}
		a := c.args[i]
		v := wallValue{sql: a.sql, literal: len(a.toks) == 1 && a.toks[0].Kind == sqllex.String}
		if a.e != nil {
			v.typ, v.other = a.e.typ, otherType(a.e)
		}
		vals = append(vals, v)
	}
	out, refuse := wallValues(vals)
	if refuse {
		return p.unsupported(at, fmt.Sprintf(wallWitnessRefusal, "among the values of "+c.name))
	}
	for k, v := range out {
		c.args[idx[k]].sql = v
	}
	return nil
}

// wallCaseResults applies wallValues to a CASE's results.
func (p *parser) wallCaseResults(parts []casePart, at tok) ([]casePart, error) {
	if p.opts.WallClockZone == "" {
		return parts, nil
	}
	var idx []int
	var vals []wallValue
	for i, part := range parts {
		if part.result {
			idx = append(idx, i)
			e := part.e
			vals = append(vals, wallValue{sql: part.sql, typ: e.typ, other: otherType(&e), literal: part.lit != "" && part.sql == part.lit})
		}
	}
	out, refuse := wallValues(vals)
	if refuse {
		return nil, p.unsupported(at, fmt.Sprintf(wallWitnessRefusal, "among the results of a CASE"))
	}
	for k, v := range out {
		parts[idx[k]].sql = v
	}
	return parts, nil
}
