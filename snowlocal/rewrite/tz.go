package rewrite

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// TIMESTAMP_TZ. Snowflake stores a TIMESTAMP_TZ as an instant plus the
// offset it was created with; DuckDB's TIMESTAMPTZ keeps the instant only.
// The local engine keeps both in a struct, tzDuck: sf_tz_utc is the instant,
// sf_tz_off the offset in minutes. The wire sends it as Snowflake does
// ("epoch.fraction offset+1440", result.go). Functions that know the value
// is a TIMESTAMP_TZ (from the syntax: casts, TO_TIMESTAMP_TZ, ...) use the
// parts; any other use of such a value fails in DuckDB and is reported as an
// unsupported feature rather than answered differently. Comparisons of a
// value the rewriter knows is a TIMESTAMP_TZ compare instants, as Snowflake
// does; two TIMESTAMP_TZ columns compared with each other compare instant
// then offset (a documented gap).
const tzDuck = "STRUCT(sf_tz_utc TIMESTAMPTZ, sf_tz_off INTEGER)"

func init() {
	registerFuncs(map[string]funcHandler{
		"TO_TIMESTAMP_TZ": toTimestampTZ, "TRY_TO_TIMESTAMP_TZ": toTimestampTZ,
		"TIMESTAMP_TZ_FROM_PARTS": timestampTZFromParts, "TIMESTAMPTZFROMPARTS": timestampTZFromParts,
	})
	prelude = append(prelude,
		// (The offset written in a timestamp text: _SF_DT_OFFSET,
		// datetime_auto.go.)
		// The session time zone's offset at an instant, in minutes.
		`CREATE OR REPLACE TEMP MACRO _SF_ZONE_OFFSET(u) AS CAST(date_part('timezone', u) // 60 AS INTEGER)`,
		`CREATE OR REPLACE TEMP MACRO _SF_TSTZ_MAKE_BODY(u, off) AS CASE WHEN u IS NULL THEN NULL
		ELSE {'sf_tz_utc': u, 'sf_tz_off': CAST(coalesce(off, _SF_ZONE_OFFSET(u)) AS INTEGER)} END`,
		`CREATE OR REPLACE TEMP MACRO _SF_TSTZ_MAKE(u, off) AS list_transform([{'u': u, 'off': off}], lambda _l_sf_tstz_make: _SF_TSTZ_MAKE_BODY(struct_extract(_l_sf_tstz_make, 'u'), struct_extract(_l_sf_tstz_make, 'off')))[1]`,
		// An LTZ value from text: a number is seconds (...) since the epoch in
		// UTC; text without an offset is in the session time zone.
		// (_SF_LTZ_TEXT(s): a VARCHAR s, without the branches for other
		// types: varchar_unseen_cmp.go. The session replaces both bodies
		// with checked ones in a zone with transitions: wallclock.go.)
		ltzText(false),
		toTimestampTZBody(false, false),
		`CREATE OR REPLACE TEMP MACRO _SF_TO_TIMESTAMPTZ(x) AS list_transform([x], lambda _l_sf_to_timestamptz: _SF_TO_TIMESTAMPTZ_BODY(_l_sf_to_timestamptz))[1]`,
		toTimestampTZBody(true, false),
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_TO_TIMESTAMPTZ(x) AS list_transform([x], lambda _l_sf_try_to_timestamptz: _SF_TRY_TO_TIMESTAMPTZ_BODY(_l_sf_try_to_timestamptz))[1]`,
		// Any value to TIMESTAMP_TZ: text keeps its offset; values without
		// one (text, NTZ, DATE, LTZ) take the session zone's offset.
		`CREATE OR REPLACE TEMP MACRO _SF_TO_TSTZ_BODY(x) AS
		_SF_TSTZ_MAKE(_SF_TO_TIMESTAMPTZ(x), _SF_DT_OFFSET(_SF_TO_VARCHAR(x)))`,
		`CREATE OR REPLACE TEMP MACRO _SF_TO_TSTZ(x) AS list_transform([x], lambda _l_sf_to_tstz: _SF_TO_TSTZ_BODY(_l_sf_to_tstz))[1]`,
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_TO_TSTZ_BODY(x) AS
		_SF_TSTZ_MAKE(_SF_TRY_TO_TIMESTAMPTZ(x), _SF_DT_OFFSET(_SF_TO_VARCHAR(x)))`,
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_TO_TSTZ(x) AS list_transform([x], lambda _l_sf_try_to_tstz: _SF_TRY_TO_TSTZ_BODY(_l_sf_try_to_tstz))[1]`,
		// The wall clock of a TIMESTAMP_TZ in its own offset.
		`CREATE OR REPLACE TEMP MACRO _SF_TSTZ_WALL(v) AS timezone('UTC', struct_extract(v, 'sf_tz_utc')) + to_minutes(struct_extract(v, 'sf_tz_off'))`,
		// A TIMESTAMP_TZ as text (the default output format
		// YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM), from its JSON form so that the
		// macro binds for values of any type. No lambda here: _SF_TO_VARCHAR
		// must stay usable in function parameter defaults.
		`CREATE OR REPLACE TEMP MACRO _SF_TSTZ_JSON_TEXT(j) AS CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN NULL ELSE
		strftime(timezone('UTC', CAST(j->>'sf_tz_utc' AS TIMESTAMPTZ)) + to_minutes(CAST(j->>'sf_tz_off' AS INTEGER)), '%Y-%m-%d %H:%M:%S.%g')
		|| CASE WHEN CAST(j->>'sf_tz_off' AS INTEGER) < 0 THEN ' -' ELSE ' +' END
		|| lpad(CAST(abs(CAST(j->>'sf_tz_off' AS INTEGER)) // 60 AS VARCHAR), 2, '0')
		|| lpad(CAST(abs(CAST(j->>'sf_tz_off' AS INTEGER)) % 60 AS VARCHAR), 2, '0') END`,
		// Text of any value, TIMESTAMP_TZ and BINARY included (replaces the
		// base macro and funcs_binary.go's). A VARIANT string (its text
		// starts with a quote) skips the JSON parse json_type needs. An
		// OBJECT or ARRAY holding a DOUBLE (a number with an exponent: a
		// cheap scan of its text) is its JSON document as TO_JSON writes it
		// (sfunc, slow), as DuckDB would re-print the DOUBLE as a decimal.
		// A TIME whose fraction a VARIANT's text drops is refused
		// (funcs_typed_variant.go: variantTimeCutTag).
		// (The leading IS NULL test keeps DuckDB from resolving the Go
		// function when the macro is created, before the Go functions are
		// registered.)
		`CREATE OR REPLACE TEMP MACRO _SF_TO_VARCHAR(x) AS CASE
		WHEN x IS NULL THEN NULL
		WHEN typeof(x) = 'INTERVAL' THEN error('Unsupported feature ''the text of a value of an interval data type the engine cannot type (answered only as <interval column>::VARCHAR)'': the local engine does not implement it.')
		WHEN typeof(x) = 'BLOB' THEN upper(hex(CAST(CAST(x AS VARCHAR) AS BLOB)))
		WHEN starts_with(typeof(x), 'STRUCT(sf_tz_utc') THEN _SF_TSTZ_JSON_TEXT(to_json(x))
		WHEN typeof(x) = 'JSON' AND ascii(CAST(x AS VARCHAR)) = 34 THEN CASE
			WHEN starts_with(CAST(x AS VARCHAR), '"\u00') AND regexp_matches(CAST(x AS VARCHAR), `+variantTimeCutText+`) THEN _SF_REFUSE('`+variantTimeCutRefusal+`', x)
			ELSE json_extract_string(to_json(x), '$') END
		WHEN typeof(x) = 'JSON' AND (ascii(CAST(x AS VARCHAR)) IN (91, 123)
			OR ascii(CAST(x AS VARCHAR)) IN (9, 10, 13, 32) AND regexp_matches(CAST(x AS VARCHAR), '^\s*[\[{]')) THEN CASE
			WHEN contains(CAST(x AS VARCHAR), '{') OR regexp_matches(CAST(x AS VARCHAR), '[:,\[]\s*-?[0-9]+([.][0-9]+)?[eE][-+]?[0-9]')
			THEN _SF_GO_DOCUMENT_VARCHAR(CAST(x AS VARCHAR))
			ELSE json_extract_string(to_json(x), '$') END
		WHEN typeof(x) = 'JSON' AND json_type(to_json(x)) = 'DOUBLE' THEN CASE WHEN regexp_matches(CAST(x AS VARCHAR), '[eE]')
			THEN _SF_FLOAT_TEXT(CAST(CAST(x AS VARCHAR) AS DOUBLE))
			WHEN contains(CAST(x AS VARCHAR), '.') THEN regexp_replace(regexp_replace(CAST(x AS VARCHAR), '0+$', ''), '[.]$', '')
			ELSE CAST(x AS VARCHAR) END
		WHEN typeof(x) IN ('DOUBLE', 'FLOAT') THEN _SF_FLOAT_TEXT(x)
		WHEN starts_with(typeof(x), 'DECIMAL') THEN CAST(x AS VARCHAR)
		ELSE json_extract_string(to_json(x), '$') END`,
		// A value converted to text as TO_VARCHAR(x) and x::VARCHAR convert
		// it: dates and times in the session's output formats (outfmt.go;
		// for a value of another type the branch's CASTs are text, never
		// evaluated). _SF_TO_VARCHAR stays the engine's own text of a value,
		// which the conversions from text parse. No lambda (a function's
		// parameter default may hold it); the rewriter never nests it.
		`CREATE OR REPLACE TEMP MACRO _SF_CAST_TEXT(x) AS CASE WHEN typeof(x) = 'VARCHAR' THEN CAST(x AS VARCHAR)
		WHEN starts_with(typeof(x), 'STRUCT(sf_tz_utc') THEN CASE WHEN _SF_OUT_TZ_TEXT_CHECK() THEN _SF_TO_VARCHAR(x) END
		WHEN typeof(x) = 'TIMESTAMP' THEN _SF_OUT_NTZ_TEXT(CAST(CAST(x AS VARCHAR) AS TIMESTAMP))
		WHEN typeof(x) = 'TIMESTAMP WITH TIME ZONE' THEN _SF_OUT_LTZ_TEXT(CAST(CAST(x AS VARCHAR) AS TIMESTAMPTZ))
		WHEN typeof(x) = 'DATE' THEN _SF_OUT_DATE_TEXT(CAST(CAST(x AS VARCHAR) AS DATE))
		WHEN typeof(x) = 'TIME' THEN _SF_OUT_TIME_TEXT(CAST(CAST(x AS VARCHAR) AS TIME))
		ELSE _SF_TO_VARCHAR(x) END`,
		// An operand of || or CONCAT: a date or time as text in the
		// session's output format, anything else as it is (binaries
		// concatenate as binaries, other values as DuckDB casts them). The
		// field is picked by a constant per call site; [x][1] keeps DuckDB
		// from binding the key when the macro is created.
		// A concatenation converted to text: a text already, or a binary
		// (its hex). Lighter than _SF_CAST_TEXT, which would name the
		// concatenation, and the conversions inside it, in every branch.
		`CREATE OR REPLACE TEMP MACRO _SF_CAT_TEXT(x) AS CASE WHEN typeof(x) = 'BLOB'
		THEN upper(hex(CAST(CAST(x AS VARCHAR) AS BLOB)))
		WHEN typeof(x) = 'INTERVAL' AND x IS NOT NULL THEN error('Unsupported feature ''the text of a value of an interval data type the engine cannot type (answered only as <interval column>::VARCHAR)'': the local engine does not implement it.')
		ELSE CAST(x AS VARCHAR) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_CAT_OPERAND(x) AS struct_extract({'t': _SF_CAST_TEXT(x), 'x': [x][1]}, `+catOperandField+`)`,
		// _SF_CAT_OPERAND with x bound once, in a lambda, but for its type
		// (outfmt.go: constantOperandOnce). The field is picked from x, not
		// from the lambda's parameter: DuckDB does not fold typeof() of a
		// parameter of type NULL, and struct_extract wants a constant.
		`CREATE OR REPLACE TEMP MACRO _SF_CAT_OPERAND_ONCE(x) AS list_transform([x],
		lambda _sf_coo: struct_extract({'t': _SF_CAST_TEXT(_sf_coo), 'x': [_sf_coo][1]}, `+catOperandField+`))[1]`,
		// (A number held in a VARIANT, or a FLOAT, prints without trailing
		// zeros: 5.000 casts to '5', docs: data type conversion; see
		// funcs_variant.go. Only those: a NUMBER(p,s) keeps its s digits,
		// 1.50 is '1.50', as its concatenation `1.50 || ''` gives, the cast and
		// the coercion both being TO_VARCHAR, docs: data type conversion.)
		// A TIMESTAMP_TZ from its wall clock and offset.
		`CREATE OR REPLACE TEMP MACRO _SF_TSTZ_FROM_WALL(w, off) AS CASE WHEN w IS NULL THEN NULL
		ELSE {'sf_tz_utc': timezone('UTC', CAST(w AS TIMESTAMP) - to_minutes(off)), 'sf_tz_off': CAST(off AS INTEGER)} END`,
		// The offset of zone z at instant u, in minutes.
		`CREATE OR REPLACE TEMP MACRO _SF_OFFSET_IN(z, u) AS
		CAST((epoch(timezone(z, u)) - epoch(timezone('UTC', u))) // 60 AS INTEGER)`,
	)
}

// catOperandField is the field of _SF_CAT_OPERAND's struct that x, an
// operand of ||, converts to: its text ('t') for a date, time, float or
// VARIANT, else itself ('x').
const catOperandField = `CASE WHEN typeof(x) IN ('DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'DOUBLE', 'FLOAT', 'JSON')
		OR starts_with(typeof(x), 'STRUCT(sf_tz_utc') THEN 't' ELSE 'x' END`

// tzUTC renders the instant of a timestamp-like argument as a TIMESTAMPTZ.
func tzUTC(a arg) string {
	if a.typ() == tzDuck {
		return "(" + a.sql + ").sf_tz_utc"
	}
	if a.typ() == "TIMESTAMPTZ" {
		return a.sql
	}
	if a.e != nil {
		return "_SF_TO_TIMESTAMPTZ(" + a.e.render() + ")"
	}
	return "_SF_TO_TIMESTAMPTZ(" + a.sql + ")"
}

// toTimestampTZ: TO_TIMESTAMP_TZ(x [, format | scale]).
func toTimestampTZ(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 2); err != nil {
		return expr{}, err
	}
	try := strings.HasPrefix(c.name, "TRY_")
	x := c.args[0]
	if len(c.args) == 1 {
		return castExpr(argExpr(x), mapTypeName("TIMESTAMP_TZ"), try), nil
	}
	format, ok := c.args[1].literal()
	if !ok || strings.EqualFold(format, "AUTO") {
		if ok {
			return castExpr(argExpr(x), mapTypeName("TIMESTAMP_TZ"), try), nil
		}
		// A scale: the instant from the epoch, in the session's offset.
		ltz, err := toTimestamp(p, &call{name: "TO_TIMESTAMP_LTZ", t: c.t, args: c.args})
		if err != nil {
			return expr{}, err
		}
		return expr{sql: fmt.Sprintf("_SF_TSTZ_MAKE(%s, NULL)", ltz.sql), typ: tzDuck}, nil
	}
	conv, err := convertFormat(format, true)
	if err != nil {
		return expr{}, p.unsupported(c.t, fmt.Sprintf("%s format '%s' (%v)", c.name, format, err))
	}
	if conv.stripTZ {
		return toTimestampTZOffset(x, c.name, format, try, conv)
	}
	if conv.stripTZ || conv.hasTZ {
		return expr{}, p.unsupported(c.t, fmt.Sprintf("%s format '%s' with a time zone element not at its end", c.name, format))
	}
	parsed := checkedParse(fmt.Sprintf("try_strptime(%s, %s)", x.str(), sqlString(conv.layout)), x.str(), x.str(), conv.layout, c.name, "timestamp", format, try) // format_parse.go
	if conv.nanos {
		parsed = nanosGuard(x.str(), parsed) // datetime.go
	}
	wall := fmt.Sprintf("CAST(%s AS TIMESTAMP)", parsed)
	return expr{sql: fmt.Sprintf("_SF_TSTZ_MAKE(%s, NULL)", p.wallLTZ(wall)), typ: tzDuck}, nil
}

// toTimestampTZOffset: TO_TIMESTAMP_TZ(x, format) whose format ends with a
// time zone element (TZH:TZM, TZHTZM, TZH): the instant is the text parsed
// with its offset (%z, which an input without one fails), the offset the
// difference between the wall clock parsed without it and that instant.
func toTimestampTZOffset(x arg, name, format string, try bool, ntz strfmt) (expr, error) {
	full, err := convertFormat(format, false)
	if err != nil {
		return expr{}, err
	}
	subject := x.str()
	parsed := checkedParse(fmt.Sprintf("try_strptime(%s, %s)", subject, sqlString(full.layout)), subject, subject, full.layout, name, "timestamp", format, try) // format_parse.go
	if full.nanos {
		parsed = nanosGuard(subject, parsed) // datetime.go
	}
	u := fmt.Sprintf("CAST(%s AS TIMESTAMPTZ)", parsed)
	stripped := fmt.Sprintf(`regexp_replace(%s, '\s*(Z|[+-]\d\d(:?\d\d)?)\s*$', '')`, subject)
	wall := fmt.Sprintf("CAST(try_strptime(%s, %s) AS TIMESTAMP)", stripped, sqlString(ntz.layout))
	off := fmt.Sprintf("CAST((epoch(%s) - epoch(%s)) // 60 AS INTEGER)", wall, u)
	return expr{sql: fmt.Sprintf("_SF_TSTZ_MAKE(%s, %s)", u, off), typ: tzDuck}, nil
}

// timestampTZFromParts: TIMESTAMP_TZ_FROM_PARTS(y, mo, d, h, mi, s [, ns] [, zone]).
func timestampTZFromParts(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 6, 8); err != nil {
		return expr{}, err
	}
	zone := ""
	args := c.args
	if len(args) == 8 {
		zone, args = args[7].str(), args[:7]
	}
	ntz, err := timestampFromParts(p, &call{name: "TIMESTAMP_NTZ_FROM_PARTS", t: c.t, args: args})
	if err != nil {
		return expr{}, err
	}
	if zone == "" {
		return expr{sql: fmt.Sprintf("_SF_TSTZ_MAKE(%s, NULL)", p.wallLTZ("CAST("+ntz.sql+" AS TIMESTAMP)")), typ: tzDuck}, nil
	}
	u := wallInZone(zone, "CAST("+ntz.sql+" AS TIMESTAMP)") // wallclock.go
	return expr{sql: fmt.Sprintf("_SF_TSTZ_MAKE(%s, _SF_OFFSET_IN(%s, %s))", u, zone, u), typ: tzDuck}, nil
}

// convertTimezoneTZ: CONVERT_TIMEZONE(target, x) is the instant of x with
// the target zone's offset (a TIMESTAMP_TZ).
func convertTimezoneTZ(c *call) expr {
	u := tzUTC(c.args[1])
	z := c.args[0].str()
	return expr{sql: fmt.Sprintf("_SF_TSTZ_MAKE(%s, _SF_OFFSET_IN(%s, %s))", u, z, u), typ: tzDuck}
}

// comparedTZ reports whether the operand that started at token index start
// (and ends before the current token) is compared with another operand.
func (p *parser) comparedTZ(start int) bool {
	isCmp := func(t tok) bool {
		return (t.Kind == sqllex.Op && comparisonOps[t.Text]) || t.IsWord("IN") || t.IsWord("BETWEEN")
	}
	n := p.peek()
	if n.IsWord("NOT") {
		n = p.peekN(1)
	}
	if isCmp(n) {
		return true
	}
	if start >= 1 && isCmp(p.toks[start-1]) {
		return true
	}
	return start >= 1 && p.toks[start-1].IsWord("AND") && p.betweenBefore(start-1)
}

// betweenBefore reports whether the AND at index i is the one of a
// BETWEEN ... AND (the upper bound is compared too).
func (p *parser) betweenBefore(i int) bool {
	return sqllex.ScanBack(p.toks, i-1, 0, func(j int) (bool, bool) {
		t := p.toks[j]
		switch {
		case t.IsWord("BETWEEN"):
			return true, true
		case t.IsWord("AND") || t.IsWord("OR") || t.IsWord("WHERE") || t.IsWord("ON") || t.IsWord("WHEN") ||
			t.IsWord("THEN") || t.IsWord("ELSE") || t.IsWord("SELECT") || t.IsWord("HAVING") || t.IsOp(","):
			return false, true
		}
		return false, false
	})
}
