package rewrite

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// The rounding family's declared types ("What the rounding family
// DECLARES", mlorek/frostlake docs/functions.md and its
// RoundingFamilyWidthTest, live-verified). For an input NUMBER(p, si) and a
// target scale s (0 when none is written):
//
//	s >= si            the input type unchanged
//	otherwise          NUMBER(min(38, p + 1 + max(0, -s - (p - si))), max(s, 0))
//	s no literal       NUMBER(min(38, max(18, p + 1)), si)
//
// The scale is read as a literal: an integral number however it is spelled
// (CEIL(n102, 2.0) is a NUMBER(10,2), CEIL(n102, 1e0) a NUMBER(11,1)), also
// after a minus (CEIL(n102, -1) and CEIL(n102, -(1)) are NUMBER(11,0)),
// while 1+0, '1', 1.7, NULL or a column are none. An INT is a NUMBER(38,0),
// so that it keeps its type. A scale more than 38 digits below the input's
// ("Invalid parameter value: -37. Reason: Scale too large", at row time) is
// refused (002040) when a row reaches it: Snowflake's error code is not
// given.
//
// Where the rewriter knows the argument's type (a table's column, a cast, a
// derived table's column of one, an integer of known precision) the type is
// written out as a CAST (roundedDecimal, funcs_num.go). Elsewhere (a set
// operation's column, an aggregate, arithmetic, a conditional...) it is
// chosen when DuckDB binds the call, from the argument's DuckDB type, the
// type the result column of that argument reports: cast_to_type(v,
// template), as _SF_AGG_TYPED (types_agg.go) types an aggregate, with the
// template picked by a key folded from typeof(x), which the lambda binds
// once. DuckDB's own ROUND keeps p (ROUND of a NUMBER(10,2) was a
// NUMBER(10,0), where Snowflake's is a NUMBER(11,0)).
func init() {
	prelude = append(prelude,
		// _SF_ROUND_KEY(t, s): the template key of a rounding to literal
		// scale s of an argument of DuckDB type t (roundedBound): 'n' for a
		// NULL, 'r' for a DECIMAL with a scale above s, else 'x' (the
		// argument's own type: an integer, a FLOAT...).
		`CREATE OR REPLACE TEMP MACRO _SF_ROUND_KEY(t, s) AS CASE WHEN t = '"NULL"' THEN 'n'
		WHEN starts_with(t, 'DECIMAL(') AND _SF_DEC_SCALE_T(t) > s THEN 'r' ELSE 'x' END`,
		// _SF_ROUND_KEY_NL(t): the same for a scale that is no literal:
		// a DECIMAL's key is its scale up to 16, 'h' above.
		`CREATE OR REPLACE TEMP MACRO _SF_ROUND_KEY_NL(t) AS CASE WHEN t = '"NULL"' THEN 'n'
		WHEN NOT starts_with(t, 'DECIMAL(') THEN 'x'
		WHEN _SF_DEC_SCALE_T(t) <= 16 THEN CAST(_SF_DEC_SCALE_T(t) AS VARCHAR) ELSE 'h' END`,
	)
}

// roundedScale reads the scale argument of a rounding call (nil: none, 0)
// as Snowflake reads it: s and literal, or plus when it is written with a
// '+' sign, which no source shows read either way.
func roundedScale(scale *arg) (s int, literal, plus bool) {
	if scale == nil {
		return 0, true, false
	}
	toks := scale.toks
	neg := false
	if len(toks) > 1 && toks[0].Kind == sqllex.Op && (toks[0].Text == "-" || toks[0].Text == "+") {
		if toks[0].Text == "+" {
			return 0, false, true
		}
		neg, toks = true, toks[1:]
		if len(toks) == 3 && toks[0].IsOp("(") && toks[2].IsOp(")") {
			toks = toks[1:2] // -(1)
		}
	}
	if len(toks) != 1 || toks[0].Kind != sqllex.Number {
		return 0, false, false
	}
	f, err := strconv.ParseFloat(toks[0].Text, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1e6 {
		return 0, false, false
	}
	if neg {
		f = -f
	}
	return int(f), true, false
}

// roundedType is Snowflake's NUMBER(tp, ts) of a rounding of a NUMBER(p, si)
// to scale s (see above).
func roundedType(p, si, s int, literal bool) (tp, ts int) {
	switch {
	case !literal:
		return min(38, max(18, p+1)), si
	case s >= si:
		return p, si
	default:
		return min(38, max(p+1, si-s+1)), max(s, 0)
	}
}

// roundedArgKind is what the rewriter knows of a rounding's argument.
type roundedArgKind int

const (
	roundedUnknown    roundedArgKind = iota // DuckDB's type decides (roundedBound)
	roundedNotNumber                        // a FLOAT, a string, a date...: left as it is
	roundedDecimalArg                       // a NUMBER(p, si) DuckDB holds as a DECIMAL(p,si)
	roundedIntArg                           // an integer DuckDB holds as one: a NUMBER(p, 0)
)

// duckIntegerTypes are DuckDB's integer types: an INT column, a NUMBER(38, 0).
var duckIntegerTypes = map[string]bool{"TINYINT": true, "SMALLINT": true, "INTEGER": true, "BIGINT": true,
	"HUGEINT": true, "UTINYINT": true, "USMALLINT": true, "UINTEGER": true, "UBIGINT": true, "UHUGEINT": true}

// roundedArg is what the rewriter knows of argument x's type: its
// precision and scale for a NUMBER.
func (p *parser) roundedArg(x *arg) (kind roundedArgKind, prec, si int) {
	if x.intWidth > 0 {
		return roundedIntArg, x.intWidth, 0
	}
	if x.e == nil {
		return roundedUnknown, 0, 0 // an expression: arithmetic...
	}
	e := x.e
	if e.path != nil || e.float || e.textColumn || e.variant {
		return roundedNotNumber, 0, 0
	}
	typ := e.typ
	if typ == "" && e.plain {
		// A derived table's or CTE's column: its select item's type, where
		// the rewriter knows it (an AVG, MONTHS_BETWEEN, a base column...).
		typ = p.derivedDecimalType(x.toks)
	}
	switch {
	case typ == "":
		return roundedUnknown, 0, 0
	case duckIntegerTypes[typ]:
		return roundedIntArg, 38, 0
	case strings.HasPrefix(typ, "DECIMAL("):
		if d := duckDecimal(typ); d.ok {
			return roundedDecimalArg, d.p, d.s
		}
		return roundedUnknown, 0, 0
	}
	return roundedNotNumber, 0, 0
}

// roundedBound types rounding v (rendered) of call fn's argument x to
// scale s (literal) as DuckDB binds it, from x's DuckDB type: cast_to_type
// reads only its template's type, which DuckDB's DECIMAL addition gives
// (DECIMAL(p, si) + DECIMAL(w, z) is a DECIMAL(min(38, max(p - si, w - z)
// + max(si, z) + 1), max(si, z))), and round() to a constant scale:
//
//	s >= 0, si > s    round(x + 0.0, s): NUMBER(min(38, p + 1), s)
//	s < 0             round(x + DECIMAL(-s, 0), 0): NUMBER(min(38, max(p + 1, si - s + 1)), 0)
//	no literal        x + DECIMAL(17 - si, 0), or + 0.0 for si > 16: NUMBER(min(38, max(18, p + 1)), si)
//
// An integer, a FLOAT or a DECIMAL of no larger scale keeps x's type, a
// NULL DuckDB's type of the call. The template's key is folded from
// typeof(x) when DuckDB binds the call, and x is bound once more in the
// template, which DuckDB never evaluates.
func roundedBound(fn, v, x string, s int, literal bool) string {
	null := "BIGINT" // DuckDB's ROUND and TRUNC of a NULL
	if fn == "CEIL" || fn == "FLOOR" {
		null = "DOUBLE"
	}
	var fields, key string
	if literal {
		w, z := 1, 1
		if s < 0 {
			w, z = min(38, -s), 0
		}
		fields = fmt.Sprintf("'r': round(_sf_rx + CAST(0 AS DECIMAL(%d, %d)), %d)", w, z, max(s, 0))
		key = fmt.Sprintf("_SF_ROUND_KEY(%s, %d)", typeText("_sf_rx"), s)
	} else {
		var b strings.Builder
		for si := 0; si <= 16; si++ {
			fmt.Fprintf(&b, "'%d': _sf_rx + CAST(0 AS DECIMAL(%d, 0)), ", si, 17-si)
		}
		fields = b.String() + "'h': _sf_rx + CAST(0 AS DECIMAL(1, 1))"
		key = "_SF_ROUND_KEY_NL(" + typeText("_sf_rx") + ")"
	}
	return fmt.Sprintf("cast_to_type(%s, list_transform([%s], _sf_rx -> struct_extract({%s, 'x': _sf_rx, 'n': CAST(NULL AS %s)}, %s))[1])",
		v, x, fields, null, key)
}

// fixedNegativeScale renders ROUND (half away from zero: round) or TRUNC
// of x to the literal negative scale -k where x is a DECIMAL, else
// other(operand) (DuckDB's call, right for an integer or a FLOAT). DuckDB's
// DECIMAL ROUND and TRUNC answer a constant 0 where k reaches the type's
// integer digits, for every row, NULL included (ROUND(999::NUMBER(3,0),
// -3) was 0, Snowflake's 1000: "ROUND, FLOOR, CEIL, TRUNC round half away
// from zero", docs: round), so the value is computed from its integer part,
// as a HUGEINT. A scale more than 38 digits below x's own is refused when a
// row reaches it (see above). x is bound once, in a lambda; struct_extract
// picks a field by a key folded from typeof(x), but computes every field:
// each is guarded by its own condition.
func fixedNegativeScale(x string, k int, round bool, other func(string) string) string {
	const v = "_sf_rv"
	cond := func(t string) (dec, refused string) {
		dec = fmt.Sprintf("starts_with(%[1]s, 'DECIMAL(') AND _SF_DEC_SCALE_T(%[1]s) + %[2]d <= 38", t, k)
		refused = fmt.Sprintf("NOT (%[1]s) AND _SF_FIXED_TYPE(%[2]s) AND (starts_with(%[2]s, 'DECIMAL(') OR %[3]d > 38)", dec, t, k)
		return dec, refused
	}
	dec, refused := cond("typeof(" + v + ")")
	d := "CAST(NULL AS HUGEINT)" // never chosen: k > 38 is refused
	if k <= 38 {
		q := fmt.Sprintf("CAST('1%s' AS HUGEINT)", strings.Repeat("0", k))
		up := ""
		if round {
			up = fmt.Sprintf(" + CASE WHEN abs(_sf_ri %% %[1]s) >= CAST('5%[2]s' AS HUGEINT) THEN sign(_sf_ri) * %[1]s ELSE 0 END", q, strings.Repeat("0", k-1))
		}
		n := fmt.Sprintf("_sf_ri - _sf_ri %% %s%s", q, up)
		if round {
			// Past 38 digits (a NUMBER(38, 0) rounded up: 10^38), refused
			// as _SF_ROUND_FIT refuses it (funcs_sem.go).
			n = fmt.Sprintf("CASE WHEN abs(%[1]s) > CAST('%[2]s' AS HUGEINT) THEN error('Unsupported feature: ROUND with a result of more than 38 digits (a NUMBER holds 38; the docs do not give Snowflake''s error), in the local engine.') ELSE %[1]s END", n, strings.Repeat("9", 38))
		}
		d = fmt.Sprintf("list_transform([CASE WHEN %s THEN CAST(trunc(%s) AS HUGEINT) END], _sf_ri -> %s)[1]", dec, v, n)
	}
	r := fmt.Sprintf("CAST(CASE WHEN %s AND %s IS NOT NULL THEN error('Unsupported feature: a rounding to a scale more than 38 digits below the number''s own (Snowflake refuses it, \"Scale too large\"; its error code is not documented), in the local engine.') END AS HUGEINT)", refused, v)
	kdec, krefused := cond(typeText(v))
	return fmt.Sprintf("list_transform([%s], %s -> struct_extract({'d': %s, 'r': %s, 'o': %s}, CASE WHEN %s THEN 'd' WHEN %s THEN 'r' ELSE 'o' END))[1]",
		x, v, d, r, other(v), kdec, krefused)
}

// typeText renders DuckDB's type of x as a text DuckDB folds to a constant
// when it binds the statement: typeof(x) of a list of x, less its "[]"
// (typeof of a NULL is not folded, of a list of NULLs it is).
func typeText(x string) string {
	return "left(typeof([" + x + "]), -2)"
}
