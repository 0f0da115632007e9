package rewrite

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// sqlType is a Snowflake type and its DuckDB translation.
type sqlType struct {
	sf   string // Snowflake base name, upper-cased (VARCHAR, NUMBER, VARIANT...)
	duck string // DuckDB type
	kind string // string, json, timestamp, timestamptz, date, number, other
	// length is VARCHAR(n)'s n: a cast to it refuses longer strings; also
	// BINARY(n)'s n, which only a column keeps (funcs_types.go).
	length string
	// structured is set for ARRAY(type), OBJECT(key type, ...) and
	// MAP(key type, value type); st is their structured type
	// (structured.go).
	structured bool
	st         *stype
}

// refuseStructured refuses a structured type where the engine would not
// keep it: a column (which would describe as a plain ARRAY or OBJECT and
// lose its element types when read back) or a lambda argument.
func (p *parser) refuseStructured(t tok, ty sqlType) error {
	if !ty.structured {
		return nil
	}
	return p.unsupported(t, "data type "+ty.sf+"(...) here (a structured type: the local engine keeps no element types in a column or lambda argument)")
}

// mapTypeName maps a Snowflake type name without arguments.
func mapTypeName(name string) sqlType {
	ty, _ := mapType(name, nil)
	return ty
}

// mapType maps a Snowflake type name and its arguments; ok is false for
// types the engine does not support.
func mapType(name string, args []string) (sqlType, bool) {
	t := sqlType{sf: name}
	switch name {
	case "VARIANT", "OBJECT", "ARRAY", "JSON":
		t.duck, t.kind = "JSON", "json"
	case "STRING", "TEXT", "VARCHAR", "CHAR", "CHARACTER", "NCHAR", "NVARCHAR", "NVARCHAR2", "CHAR VARYING", "NCHAR VARYING":
		t.duck, t.kind = "VARCHAR", "string"
		if len(args) == 1 && !strings.EqualFold(args[0], "MAX") {
			t.length = args[0]
		}
		if name == "CHAR" || name == "CHARACTER" || name == "NCHAR" {
			t.length = "1"
			if len(args) == 1 {
				t.length = args[0]
			}
		}
	case "DATETIME", "TIMESTAMP", "TIMESTAMP_NTZ", "TIMESTAMPNTZ", "TIMESTAMP WITHOUT TIME ZONE":
		t.duck, t.kind = "TIMESTAMP", "timestamp"
	case "TIMESTAMP_LTZ", "TIMESTAMPLTZ", "TIMESTAMP WITH LOCAL TIME ZONE":
		t.duck, t.kind = "TIMESTAMPTZ", "timestamptz"
	case "TIMESTAMP_TZ", "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE":
		// The instant and its offset (tz.go).
		t.duck, t.kind = tzDuck, "timestamp_tz"
	case "NUMBER", "NUMERIC", "DECIMAL", "DEC":
		p, s := "38", "0"
		if len(args) >= 1 {
			p = args[0]
		}
		if len(args) >= 2 {
			s = args[1]
		}
		t.duck, t.kind = fmt.Sprintf("DECIMAL(%s,%s)", p, s), "number"
	case "INT", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "BYTEINT":
		t.duck, t.kind = "BIGINT", "number"
	case "FLOAT", "FLOAT4", "FLOAT8", "DOUBLE", "DOUBLE PRECISION", "REAL":
		t.duck, t.kind = "DOUBLE", "number"
	case "BINARY", "VARBINARY":
		t.duck, t.kind = "BLOB", "other"
		if len(args) == 1 {
			t.length = args[0] // kept for a column (funcs_types.go), not checked by a cast
		}
	case "BOOLEAN":
		t.duck, t.kind = "BOOLEAN", "other"
	case "DATE":
		t.duck, t.kind = "DATE", "date"
	case "TIME":
		t.duck, t.kind = "TIME", "other"
	default:
		return t, false
	}
	return t, true
}

// parseType parses a Snowflake data type at the cursor.
func (p *parser) parseType() (sqlType, error) {
	t := p.next()
	if t.Kind != sqllex.Word {
		return sqlType{}, p.unexpected(t)
	}
	name := strings.ToUpper(t.Text)
	switch {
	case name == "DOUBLE" && p.isWord("PRECISION"):
		p.next()
		name = "DOUBLE PRECISION"
	case (name == "CHAR" || name == "NCHAR" || name == "CHARACTER") && p.isWord("VARYING"):
		p.next()
		name = "CHAR VARYING"
	case name == "TIMESTAMP" && (p.isWord("WITH") || p.isWord("WITHOUT")):
		words := []string{name}
		for _, w := range []string{"WITH", "WITHOUT", "LOCAL", "TIME", "ZONE"} {
			if p.accept(w) {
				words = append(words, w)
			}
		}
		name = strings.Join(words, " ")
	case name == "TIMESTAMP" || name == "DATETIME":
		name = p.timestampName(name) // timestamp_mapping.go
	}
	if name == "VECTOR" && p.isOp("(") {
		return p.parseVectorType(t) // vector.go
	}
	var args []string
	if p.isOp("(") {
		p.next()
		if name == "ARRAY" || name == "OBJECT" || name == "MAP" {
			st, err := p.parseStructured(t, name)
			if err != nil {
				return sqlType{}, err
			}
			ty, _ := mapType("VARIANT", nil) // held as JSON (structured.go)
			ty.sf, ty.structured, ty.st = name, true, st
			return ty, nil
		} else {
			for {
				a := p.next()
				if a.Kind != sqllex.Number && !(a.Kind == sqllex.Word && strings.EqualFold(a.Text, "MAX")) {
					return sqlType{}, p.unexpected(a)
				}
				args = append(args, a.Text)
				if !p.acceptOp(",") {
					break
				}
			}
			if err := p.expectOp(")"); err != nil {
				return sqlType{}, err
			}
		}
	}
	ty, ok := mapType(name, args)
	if !ok {
		return sqlType{}, p.unsupported(t, "data type "+name)
	}
	if len(args) == 1 && args[0] != "9" && (ty.duck == "TIME" || ty.kind == "timestamp" || ty.kind == "timestamptz" || ty.kind == "timestamp_tz") {
		// Snowflake keeps a TIME's or timestamp's fractional seconds to the
		// declared precision (0 to 9) and describes the column with it;
		// the engine keeps microseconds and describes 9: a value cast to
		// or stored in TIMESTAMP_NTZ(3) kept its microseconds.
		return sqlType{}, p.unsupported(t, "data type "+name+"("+args[0]+") (a fractional-seconds precision other than 9)")
	}
	return ty, nil
}

// castExpr renders x::type (or TRY_CAST). Semi-structured values convert the
// way Snowflake converts a VARIANT: strings lose their JSON quotes, numbers
// in strings ("200") convert to numbers, epoch numbers convert to timestamps.
// semiStructuredCast converts the VARIANT v (e as a VARIANT) to an ARRAY or
// OBJECT as the cast does: "the CAST function and the :: operator call the
// appropriate conversion function", TO_ARRAY or TO_OBJECT, and only a
// VARIANT, OBJECT or ARRAY converts to them (docs: data type conversion,
// https://docs.snowflake.com/en/sql-reference/data-type-conversion). TO_ARRAY
// wraps any value but an ARRAY in a one-element ARRAY (a VARIANT holding an
// OBJECT was kept as that OBJECT) and TO_OBJECT fails on anything but an
// OBJECT; both give NULL for a JSON null. A text, number, BOOLEAN or date/time
// value the rewriter sees is refused: the cast table has no such cast.
func semiStructuredCast(e expr, target, v string) string {
	if e.path == nil && e.typ != "JSON" && (e.typ == "VARCHAR" || nonTextType(e.typ) ||
		looksText(e.sql, false) || nonTextLiteral.MatchString(strings.TrimSpace(e.sql))) {
		return fmt.Sprintf("CAST(error('Unsupported feature: a cast of a value that is not a VARIANT, OBJECT or ARRAY to %s, in the local engine.') AS JSON)", target)
	}
	if e.path == nil && e.typ == "" && !isVariant(e) {
		// A value whose type shows only as DuckDB binds the statement (a
		// derived table's column): checked there (_SF_SEMI_ONLY).
		return "_SF_TO_" + target + "(_SF_TO_VARIANT(_SF_SEMI_ONLY(" + e.render() + ")))"
	}
	return "_SF_TO_" + target + "(" + v + ")"
}

func init() {
	prelude = append(prelude,
		// _SF_SEMI_ONLY(x): x, refused (002040) when a row reaches it
		// where its type is not semi-structured (JSON, a list, a struct
		// other than the engine's TIMESTAMP_TZ, a map) or NULL. The test
		// folds as DuckDB binds the call, so x costs nothing more per row.
		// (A struct key chosen by typeof() would refuse while binding,
		// but a NULL-typed x leaves the key unfolded.)
		`CREATE OR REPLACE TEMP MACRO _SF_SEMI_T(t) AS t IN ('JSON', '"NULL"') OR ends_with(t, ']') OR starts_with(t, 'MAP')
		OR starts_with(t, 'STRUCT') AND NOT starts_with(t, 'STRUCT(sf_tz_utc')`,
		`CREATE OR REPLACE TEMP MACRO _SF_SEMI_ONLY(x) AS CASE WHEN _SF_SEMI_T(typeof(x)) THEN x
		ELSE error('Unsupported feature: a cast to ARRAY or OBJECT of a value that is not a VARIANT, OBJECT or ARRAY, in the local engine.') END`,
	)
}

// uncastableSource refuses (the SQL of a run-time 002040) a conversion the
// docs give no answer for, of an operand whose type the rewriter sees: a
// number to DATE (TO_DATE takes text, a TIMESTAMP or a VARIANT, "For all
// other values, a conversion error is generated", docs: to_date; the cast
// table has no NUMBER to DATE) and a BOOLEAN to FLOAT (TO_DOUBLE takes "a
// numeric, character, or variant type", docs: to_double; the cast table has
// no BOOLEAN to FLOAT). The engine read 1::DATE as 1970-01-01 and TRUE::FLOAT
// as 1.
func uncastableSource(e expr, ty sqlType) string {
	if e.path != nil || e.typ == "JSON" {
		return ""
	}
	lit := strings.TrimSpace(e.sql)
	isBool := e.typ == "BOOLEAN" || strings.EqualFold(lit, "TRUE") || strings.EqualFold(lit, "FALSE")
	isNumber := !isBool && (nonTextLiteral.MatchString(lit) || (nonTextType(e.typ) && !strings.HasPrefix(e.typ, "DATE") &&
		!strings.HasPrefix(e.typ, "TIME") && e.typ != "BLOB"))
	what := ""
	switch {
	case ty.kind == "date" && isNumber:
		what = "a number to DATE"
	case (ty.duck == "DOUBLE" || ty.duck == "FLOAT") && isBool:
		what = "a BOOLEAN to FLOAT"
	default:
		return ""
	}
	return "CAST(error('Unsupported feature: a conversion of " + what + " (the docs give a conversion error), in the local engine.') AS " + ty.duck + ")"
}

func castExpr(e expr, ty sqlType, try bool) expr {
	if ty.st != nil {
		return stCast(e, ty, try) // structured.go
	}
	if ty.kind == "vector" {
		return vectorCast(e, ty, try) // vector.go
	}
	if refusal, ok := vectorConversion(e, ty); ok {
		return refusal // vector.go
	}
	cast := "CAST"
	if try {
		cast = "TRY_CAST"
	}
	out := expr{typ: ty.duck}
	if e.typ == tzDuck && e.path == nil && ty.kind != "timestamp_tz" {
		switch ty.kind {
		case "timestamp":
			return expr{sql: "_SF_TSTZ_WALL(" + e.sql + ")", typ: ty.duck}
		case "timestamptz":
			return expr{sql: "(" + e.sql + ").sf_tz_utc", typ: ty.duck}
		case "date":
			return expr{sql: "CAST(_SF_TSTZ_WALL(" + e.sql + ") AS DATE)", typ: ty.duck}
		}
		if ty.duck == "TIME" {
			return expr{sql: fmt.Sprintf("%s(_SF_TSTZ_WALL(%s) AS TIME)", map[bool]string{true: "TRY_CAST", false: "CAST"}[try], e.sql), typ: ty.duck}
		}
		if ty.kind == "json" && ty.sf != "ARRAY" && ty.sf != "OBJECT" {
			// A tagged VARIANT of its text (funcs_typed_variant.go).
			return expr{sql: "_SF_TO_VARIANT(" + e.sql + ")", typ: ty.duck}
		}
		if ty.kind == "json" {
			// An OBJECT or ARRAY of a TIMESTAMP_TZ (Snowflake's conversion
			// error is not modelled): refused when evaluated.
			return expr{sql: fmt.Sprintf("CAST(CASE WHEN %s IS NULL THEN NULL ELSE error('Unsupported feature: TIMESTAMP_TZ as VARIANT, in the local engine.') END AS JSON)", e.sql), typ: ty.duck}
		}
	}
	if refusal := uncastableSource(e, ty); refusal != "" {
		return expr{sql: refusal, typ: ty.duck}
	}
	switch ty.kind {
	case "json":
		if e.path != nil || e.typ == "JSON" {
			out.sql = e.render()
		} else if v, ok := timeTextVariant(e.sql); ok && e.typ == "TIME" {
			out.sql = v // funcs_typed_variant.go
		} else {
			out.sql = "_SF_TO_VARIANT(" + e.render() + ")" // funcs_types.go
		}
		if ty.sf == "ARRAY" || ty.sf == "OBJECT" {
			out.sql = semiStructuredCast(e, ty.sf, out.sql)
		}
	case "string":
		switch {
		case e.path != nil:
			out.sql = e.asString()
		case e.typ == "VARCHAR" || looksText(e.sql, false):
			out.sql = e.sql
		case looksText(e.sql, true):
			// A concatenation is text, or a binary (tz.go: _SF_CAT_TEXT).
			out.sql = "_SF_CAT_TEXT(" + e.render() + ")"
		default:
			out.sql = textOf(e) // outfmt.go: dates and times in the output formats
		}
		if ty.length != "" {
			fn := "_SF_CHECK_LENGTH"
			if try {
				fn = "_SF_TRY_CHECK_LENGTH"
			}
			out.sql = fmt.Sprintf("%s(%s, %s)", fn, out.sql, ty.length)
		}
	case "timestamp_tz":
		fn := "_SF_TO_TSTZ"
		if try {
			fn = "_SF_TRY_TO_TSTZ"
		}
		if e.path == nil && e.typ == ty.duck {
			out.sql = e.sql
		} else {
			out.sql = fn + "(" + e.render() + ")"
		}
	case "timestamp", "timestamptz", "date":
		fn := map[string]string{"timestamp": "_SF_TO_TIMESTAMP", "timestamptz": "_SF_TO_TIMESTAMPTZ", "date": "_SF_TO_DATE"}[ty.kind]
		if try {
			fn = "_SF_TRY" + strings.TrimPrefix(fn, "_SF")
		}
		switch {
		case e.path == nil && e.typ == ty.duck:
			out.sql = e.sql
		case e.path == nil && ty.kind == "timestamptz" && isoInstant(e.sql) != "":
			// An ISO timestamp literal with its offset is one instant
			// whatever the session's time zone: a plain cast of it in UTC,
			// which DuckDB folds (so a filter on it reaches the table
			// scan), where the macro runs per row.
			out.sql = "CAST('" + isoInstant(e.sql) + "' AS " + ty.duck + ")"
		case e.path == nil && !try && ty.kind != "date" && isDuckFixed(e.typ):
			// A NUMBER is seconds since the epoch (_SF_EPOCH_SECS): written
			// without the macro's branches for text, whose size DuckDB pays
			// for as it plans each copy (a set operation's guard copies its
			// items): a 25-row INSERT … SELECT … UNION ALL of
			// TO_TIMESTAMP_LTZ(n) planned in 9 s, now in 1 s.
			out.sql = "_SF_EPOCH_SECS(" + e.sql + ")"
			if ty.kind == "timestamptz" {
				out.sql = "timezone('UTC', " + out.sql + ")"
			}
		case e.path == nil && e.typ == "DATE":
			// A date is its midnight (in the session time zone for LTZ,
			// DuckDB's TimeZone): a plain cast, which DuckDB folds when
			// the date is constant, where the macro runs per row.
			out.sql = "CAST(" + e.sql + " AS " + ty.duck + ")"
		default:
			out.sql = fn + "(" + e.render() + ")"
		}
	default:
		if ty.duck == "BOOLEAN" {
			if sql, ok := boolCast(e, try); ok { // boolcast.go
				out.sql = sql
				return out
			}
		}
		out.sql = fmt.Sprintf("%s(%s AS %s)", cast, numText(e, ty, try), ty.duck)
		if ty.duck == "BIGINT" && (e.path != nil || e.typ == "JSON" || e.variant) {
			// A VARIANT's decimal rounds half away from zero, as into a
			// NUMBER(p, 0) (variant_order.go: _SF_JSON_INT).
			out.sql = fmt.Sprintf("_SF_JSON_INT(%s, %t)", e.renderValue(), try)
		} else if ty.duck == "BIGINT" && e.plain && e.typ == "" && !e.float {
			// A column of a type the rewriter does not know (a derived
			// table's or CTE's): as a VARIANT's if it is one (variant_veq.go).
			out.sql = fmt.Sprintf("_SF_ANY_INT(%s, %t)", e.sql, try)
		}
		if scale, ok := strings.CutPrefix(ty.duck, "DECIMAL("); ok && e.path == nil && (e.typ == "DOUBLE" || e.typ == "FLOAT") {
			// The DOUBLE's exact binary value, rounded (sfunc.DoubleDecimal);
			// bound once, as a lambda's parameter.
			scale = strings.TrimSuffix(scale[strings.Index(scale, ",")+1:], ")")
			out.sql = fmt.Sprintf("list_transform([%s], _sf_d -> CASE WHEN isfinite(_sf_d) THEN %s(_SF_GO_DOUBLE_DECIMAL(_sf_d, %s) AS %s) ELSE %s(_sf_d AS %s) END)[1]",
				e.sql, cast, scale, ty.duck, cast, ty.duck)
		}
		if ty.duck == "TIME" && e.path == nil && e.typ == "TIMESTAMPTZ" {
			// A TIMESTAMP_LTZ's time is its wall clock in the session's
			// time zone (DuckDB's TimeZone), as its date is; DuckDB has no
			// direct TIMESTAMPTZ-to-TIME cast ("Unimplemented type for
			// cast" reached users: '…'::TIMESTAMP_LTZ::TIME, CURRENT_TIME).
			out.sql = fmt.Sprintf("%s(CAST(%s AS TIMESTAMP) AS TIME)", cast, e.sql)
		}
		if ty.duck == "TIME" && e.path == nil && e.typ == "" {
			// A VARIANT column (or one of a type the rewriter does not
			// see) cast as DuckDB casts it: a TIME whose fraction its text
			// drops is refused (funcs_typed_variant.go: variantTimeCutTag).
			out.sql = fmt.Sprintf("%s(_SF_NO_TIME_CUT(%s) AS TIME)", cast, numText(e, ty, try))
		}
		if ty.duck == "TIME" && (e.path != nil || e.typ == "VARCHAR" || e.typ == "JSON") {
			// Text converts as TO_TIME does (nanoseconds refused: funcs_time.go).
			text := e.asString()
			if e.path == nil && e.typ == "JSON" {
				text = "_SF_TO_VARCHAR(" + e.sql + ")"
			}
			out.sql = map[bool]string{true: "_SF_TRY_TIME_TEXT(", false: "_SF_TIME_TEXT("}[try] + text + ")"
		}
	}
	return out
}

func init() {
	prelude = append(prelude,
		// Snowflake raises "Division by zero" (100051) where DuckDB returns
		// NULL or infinity; the operator itself is replaced so every division
		// checks. A NULL dividend stays NULL. Two fixed-point operands divide
		// exactly to a NUMBER of scale max(S1, min(S1 + 6, 12)), rounded
		// (docs: Arithmetic operators); any other operand divides as FLOAT.
		// The operand types are known when DuckDB binds the macro: typeof()
		// folds to a constant, so the struct field and round()'s scale are
		// chosen per call site, not per row (_SF_IS_FIXED and _SF_SCALE_OF:
		// funcs_num.go).
		// A key "unsupported: …" that the struct lacks fails the statement
		// when DuckDB binds it (result.go reports it as 002040).
		// Each operand is used only a few times below (a chain a / b / c
		// expands the inner division once per use), and its type only
		// through typeof(), which DuckDB folds to a constant: the struct
		// field and round()'s scale are chosen per call site, not per row.
		// _SF_FIXED_TYPE/_SF_SCALE_T (funcs_num.go) read a typeof() text;
		// _SF_DIV_SCALE_T is max(S1, min(S1 + 6, 12)) for S1 <= 12 (NULL
		// above); _SF_POW10(e) is 10^e exactly.
		`CREATE OR REPLACE TEMP MACRO _SF_DIV_SCALE_T(t) AS [6, 7, 8, 9, 10, 11, 12, 12, 12, 12, 12, 12, 12][_SF_SCALE_T(t) + 1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_POW10(e) AS [CAST(1 AS HUGEINT), 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000, 10000000000, 100000000000, 1000000000000, 10000000000000, 100000000000000, 1000000000000000, 10000000000000000, 100000000000000000, 1000000000000000000, 10000000000000000000, 100000000000000000000, 1000000000000000000000, 10000000000000000000000, 100000000000000000000000, 1000000000000000000000000, 10000000000000000000000000, 100000000000000000000000000, 1000000000000000000000000000, 10000000000000000000000000000, 100000000000000000000000000000, 1000000000000000000000000000000, 10000000000000000000000000000000, 100000000000000000000000000000000, 1000000000000000000000000000000000, 10000000000000000000000000000000000, 100000000000000000000000000000000000, 1000000000000000000000000000000000000, 10000000000000000000000000000000000000, 100000000000000000000000000000000000000][e + 1]`,
		// _SF_FIXED_DIV(n, d, s): n / d of two integers rounded half away
		// from zero, taken as the digits of a number of scale s (held in a
		// DECIMAL(38, 12) until round() gives it scale s).
		`CREATE OR REPLACE TEMP MACRO _SF_FIXED_DIV(n, d, s) AS CAST(sign(n) * sign(d) * ((2 * abs(n) + abs(d)) // (2 * abs(d)))
		* _SF_POW10(12 - s) AS DECIMAL(38, 0)) * CAST(0.000000000001 AS DECIMAL(13, 12))`,
		// _SF_DIV_KEY(ta, tb): how operands of types ta and tb divide: 'f'
		// as FLOATs, 'd' exactly where the result is a NUMBER(38, S), 'j'
		// exactly where Snowflake's precision L1 + S2 + S is below 38 (the
		// dividend a DECIMAL of L1 leading digits, the divisor's scale S2),
		// or the refusal.
		`CREATE OR REPLACE TEMP MACRO _SF_DIV_KEY(ta, tb) AS CASE WHEN NOT (_SF_FIXED_TYPE(ta) AND _SF_FIXED_TYPE(tb)) THEN 'f'
		WHEN _SF_DIV_SCALE_T(ta) IS NULL OR _SF_SCALE_T(tb) > 14
		THEN 'unsupported: division of a NUMBER with a scale above 12, or by one with a scale above 14'
		WHEN starts_with(ta, 'DECIMAL(') AND _SF_DEC_LEAD_T(ta) + _SF_SCALE_T(tb) + _SF_DIV_SCALE_T(ta) < 38 THEN 'j'
		ELSE 'd' END`,
		// _SF_DIV_TYPE_T(ta, tb): Snowflake's type of the quotient where
		// its key is 'j', as a JSON type text for json_transform_strict.
		`CREATE OR REPLACE TEMP MACRO _SF_DIV_TYPE_T(ta, tb) AS '"DECIMAL(' ||
		CAST(greatest(least(_SF_DEC_LEAD_T(ta) + _SF_SCALE_T(tb) + coalesce(_SF_DIV_SCALE_T(ta), 12), 38), 1) AS VARCHAR) ||
		',' || CAST(coalesce(_SF_DIV_SCALE_T(ta), 12) AS VARCHAR) || ')"'`,
		`CREATE OR REPLACE TEMP MACRO _SF_DIV_EXACT(a, b) AS round(CASE WHEN NOT (_SF_FIXED_TYPE(typeof(a)) AND _SF_FIXED_TYPE(typeof(b))) OR b = 0 THEN NULL
			ELSE _SF_FIXED_DIV(CAST(a * _SF_POW10(_SF_DIV_SCALE_T(typeof(a)) + _SF_SCALE_T(typeof(b))) AS HUGEINT),
				CAST(b * _SF_POW10(_SF_SCALE_T(typeof(b))) AS HUGEINT), _SF_DIV_SCALE_T(typeof(a))) END,
			CAST(coalesce(_SF_DIV_SCALE_T(typeof(a)), 12) AS INTEGER))`,
		// The exact quotient is a DECIMAL(38, S); where Snowflake's
		// precision is lower it is given that type through its decimal text
		// (as _SF_MUL2 does: a CAST would need the type written out), which
		// fits: the quotient has at most L1 + S2 leading digits. Each field
		// is a CASE on a constant, so the ones not taken cost nothing per row.
		`CREATE OR REPLACE TEMP MACRO _SF_DIVIDE(a, b) AS struct_extract({
		'f': CASE WHEN a IS NULL THEN NULL WHEN b = 0 THEN error('Division by zero') ELSE divide(CAST(a AS DOUBLE), CAST(b AS DOUBLE)) END,
		'd': CASE WHEN _SF_DIV_KEY(typeof(a), typeof(b)) = 'd' THEN _SF_DIV_EXACT(a, b) END,
		'j': json_transform_strict(CASE WHEN _SF_DIV_KEY(typeof(a), typeof(b)) = 'j' THEN to_json(CAST(_SF_DIV_EXACT(a, b) AS VARCHAR)) END,
			_SF_DIV_TYPE_T(typeof(a), typeof(b)))},
		_SF_DIV_KEY(typeof(a), typeof(b)))`,
		// The operands are bound once (a lambda's parameter) and used by
		// reference: expanded textually into _SF_DIVIDE's uses, a chain
		// a / b / c / d would grow exponentially.
		// A NULL literal operand is an INTEGER NULL (its type would not fold
		// inside the lambda).
		// (A struct field, not a CASE, whose common type would widen a
		// DECIMAL to at least INTEGER's 10 leading digits.)
		`CREATE OR REPLACE TEMP MACRO _SF_TYPED_NULL(x) AS struct_extract({'n': CAST(NULL AS INTEGER), 'x': [x][1]},
		CASE WHEN typeof(x) = '"NULL"' THEN 'n' ELSE 'x' END)`,
		`CREATE OR REPLACE TEMP MACRO "/"(a, b) AS list_transform([{'a': _SF_TYPED_NULL(a), 'b': _SF_TYPED_NULL(b)}], _sf_ab -> _SF_DIVIDE(_sf_ab.a, _sf_ab.b))[1]`,
		// A cast to VARCHAR(n) refuses a longer string (error 100078, which
		// result.go reads from the failed cast). The string is bound once (a
		// lambda's parameter), and a failing cast, unlike error(), keeps the
		// column prunable from views; a Go function costs more per row.
		`CREATE OR REPLACE TEMP MACRO _SF_CHECK_LENGTH(s, n) AS list_transform([s], _sf_v -> CASE
		WHEN n IS NULL THEN NULL
		WHEN length(_sf_v) > n THEN CAST(CAST('String ''' || _sf_v || ''' is too long and would be truncated' AS INTEGER) AS VARCHAR)
		ELSE _sf_v END)[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_CHECK_LENGTH(s, n) AS CASE WHEN length(s) > n THEN NULL ELSE s END`,
	)
}

// keywords are words that are never rendered as identifiers: SQL keywords
// that may appear where an operand could start.
var keywords = toSet(`SELECT FROM WHERE AND OR NOT IN IS LIKE ILIKE RLIKE REGEXP BETWEEN ESCAPE WHEN THEN ELSE END
AS ON JOIN INNER LEFT RIGHT FULL OUTER CROSS NATURAL LATERAL USING GROUP BY ORDER HAVING QUALIFY LIMIT OFFSET
FETCH FIRST NEXT ROWS ROW ONLY UNION INTERSECT EXCEPT MINUS ALL DISTINCT ANY SOME EXISTS ASC DESC NULLS LAST
OVER PARTITION RANGE UNBOUNDED PRECEDING FOLLOWING CURRENT WITHIN WITH RECURSIVE INTO VALUES INSERT UPDATE
DELETE MERGE SET MATCHED TABLE CREATE ALTER DROP TRUNCATE VIEW WINDOW FILTER IGNORE RESPECT COLLATE TOP
EXCLUDE RENAME CONNECT START PRIOR SAMPLE TABLESAMPLE PIVOT UNPIVOT MATCH_RECOGNIZE ASOF CASE CAST TRY_CAST
NULL TRUE FALSE BOTH LEADING TRAILING INTERVAL OF FOR WITHOUT ELSEIF OVERWRITE DO NOTHING CHANGES
MATCH_CONDITION`)

// termKeywords are keywords that are operands by themselves.
var termKeywords = toSet(`CASE NULL TRUE FALSE CURRENT_DATE CURRENT_TIMESTAMP CURRENT_TIME LOCALTIME LOCALTIMESTAMP`)

// niladic functions may be called without parentheses. SYSDATE is not one:
// "It requires parentheses (SYSDATE())" (docs: sysdate), a bare SYSDATE is
// a column's name.
var niladic = toSet(`CURRENT_DATE CURRENT_TIMESTAMP CURRENT_TIME LOCALTIME LOCALTIMESTAMP`)

// typedLiterals are type names that form a literal with a following string.
var typedLiterals = toSet(`DATE TIME TIMESTAMP TIMESTAMP_NTZ TIMESTAMP_LTZ TIMESTAMP_TZ DATETIME INTERVAL`)

// notFunction are keywords that may be followed by '(' without being a call.
var notFunction = toSet(`IN EXISTS VALUES AS OVER USING ON AND OR NOT WHERE FROM SELECT ANY ALL SOME BETWEEN LIKE
ILIKE RLIKE REGEXP JOIN WHEN THEN ELSE WITH INTO TABLE LATERAL UNION INTERSECT EXCEPT MINUS BY HAVING QUALIFY IS
DISTINCT CASE END SET RECURSIVE FILTER WITHIN GROUP PARTITION WINDOW LIMIT TOP ESCAPE INTERVAL OF FOR EXCLUDE
RENAME NULL TRUE FALSE ON MATCHED THEN`)

// duckReserved are DuckDB keywords that must be quoted to be used as identifiers.
var duckReserved = toSet(`ALL ANALYSE ANALYZE AND ANY ARRAY AS ASC ASYMMETRIC BOTH CASE CAST CHECK COLLATE COLUMN
CONSTRAINT CREATE DEFAULT DEFERRABLE DESC DESCRIBE DISTINCT DO ELSE END EXCEPT FALSE FETCH FOR FOREIGN FROM GROUP
HAVING IN INITIALLY INTERSECT INTO LAMBDA LATERAL LEADING LIMIT NOT NULL OFFSET ON ONLY OR ORDER PIVOT
PIVOT_LONGER PIVOT_WIDER PLACING PRIMARY QUALIFY REFERENCES RETURNING SELECT SHOW SOME SUMMARIZE SYMMETRIC TABLE
THEN TO TRAILING TRUE UNION UNIQUE UNPIVOT USING VARIADIC WHEN WHERE WINDOW WITH
ANTI ASOF AT AUTHORIZATION BETWEEN BIGINT BINARY BIT BOOLEAN BY CHAR CHARACTER COALESCE COLLATION COLUMNS
CONCURRENTLY CROSS DEC DECIMAL EXISTS EXTRACT FLOAT FREEZE FULL GENERATED GLOB GROUPING GROUPING_ID ILIKE INNER
INOUT INT INTEGER INTERVAL IS ISNULL JOIN LEFT LIKE MAP NATIONAL NATURAL NCHAR NONE NOTNULL NULLIF NUMERIC OUT
OUTER OVERLAPS OVERLAY POSITION POSITIONAL PRECISION REAL RIGHT ROW SEMI SETOF SIMILAR SMALLINT STRUCT SUBSTRING
TABLESAMPLE TIME TIMESTAMP TREAT TRIM TRY_CAST UNPACK VALUES VARCHAR VERBOSE DATE KEY VALUE`)

func toSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// isoInstant returns the instant of a string literal holding a valid ISO
// timestamp with at most microseconds and an explicit UTC offset (as
// '2026-12-03 21:36:09.715264 +00:00') as DuckDB text in UTC, else "".
func isoInstant(lit string) string {
	if !isoInstantLiteral.MatchString(lit) {
		return ""
	}
	text := strings.Replace(strings.Trim(lit, "'"), "T", " ", 1)
	if rest, ok := strings.CutSuffix(text, "Z"); ok {
		text = rest + " +00:00"
	} else if i := len(text) - 6; text[i-1] != ' ' {
		text = text[:i] + " " + text[i:]
	}
	t, err := time.Parse("2006-01-02 15:04:05.999999 -07:00", text)
	if err != nil {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04:05.999999") + "+00:00"
}

var isoInstantLiteral = regexp.MustCompile(`^'[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})? ?(Z|[+-][0-9]{2}:[0-9]{2})'$`)

// isDuckFixed reports whether DuckDB type t is an integer type or a DECIMAL.
func isDuckFixed(t string) bool {
	_, _, ok := duckFixed(t)
	return ok
}
