package rewrite

import (
	"fmt"
	"strings"
)

// A text converted to a number (`s::INT`, `CAST(s AS NUMBER)`, `s::FLOAT`,
// TO_NUMBER(s), TO_DOUBLE(s) and the TRY_ forms), a VARIANT string too, is
// read as Snowflake reads a number: `[+-][digits][.digits][e[+-]digits]`
// (docs: Numeric data types, "Numeric constants"; SQL format models: the
// default parsing format of a DECIMAL is TM9, of a DOUBLE TME). DuckDB's
// cast also reads a hexadecimal `0x10`, a binary `0b101`, an octal `0o17`
// and digits grouped by underscores (`1_000`), which Snowflake does not
// recognize: such a text fails as "Numeric value '0x10' is not recognized"
// (NULL under TRY_).
//
// The rewriter does not know a column's type, so the test is guarded by
// typeof(), which DuckDB folds when it binds the macro: over a value that is
// neither a VARCHAR nor a JSON value the macro is the value itself, at no
// cost per row. (A JSON value is tested on its text: a string holding one
// of the letters, or an object or array, which no number cast reads
// either. The macro names x only a few times: casts nest, in scripting.)
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_NUM_TEXT(x) AS CASE
		WHEN typeof(x) IN ('VARCHAR', 'JSON') AND regexp_matches(CAST(x AS VARCHAR), '[_xXbBoO]')
		THEN error('Numeric value ''' || trim(CAST(x AS VARCHAR), '"') || ''' is not recognized') ELSE x END`,
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_NUM_TEXT(x) AS CASE
		WHEN typeof(x) IN ('VARCHAR', 'JSON') AND regexp_matches(CAST(x AS VARCHAR), '[_xXbBoO]') THEN NULL ELSE x END`,
		// _SF_JSON_NUM(j, try): the same test of a VARIANT (a path's JSON
		// value) converted to a NUMBER, where DuckDB reads a JSON string's
		// "1_000" as 1000. j is bound once, by a lambda (a path's
		// json_extract would parse the record at each name), and only a
		// string's text (a leading quote) is searched.
		`CREATE OR REPLACE TEMP MACRO _SF_JSON_NUM(j, try) AS list_transform([j], lambda _l_sf_json_num: CASE
		WHEN starts_with(CAST(_l_sf_json_num AS VARCHAR), '"') AND regexp_matches(CAST(_l_sf_json_num AS VARCHAR), '[_xXbBoO]')
		THEN CASE WHEN try THEN NULL ELSE error('Numeric value ''' || json_extract_string(_l_sf_json_num, '$') || ''' is not recognized') END
		ELSE _l_sf_json_num END)[1]`,
	)
}

// numText renders e as the operand of a cast to ty, guarded as above where
// ty is a number and e may be a text or a VARIANT.
func numText(e expr, ty sqlType, try bool) string {
	// (A VARIANT path or value converted to a DECIMAL is tested by
	// _SF_JSON_NUM, which binds it once; to a BIGINT by _SF_JSON_INT
	// (types.go); DuckDB reads no JSON string as a DOUBLE but a decimal.)
	if (e.path != nil || e.typ == "JSON") && strings.HasPrefix(ty.duck, "DECIMAL(") {
		return fmt.Sprintf("_SF_JSON_NUM(%s, %t)", e.renderValue(), try)
	}
	if e.path != nil || e.typ != "" && e.typ != "VARCHAR" ||
		ty.duck != "BIGINT" && ty.duck != "DOUBLE" && !strings.HasPrefix(ty.duck, "DECIMAL(") {
		return e.renderValue()
	}
	if try {
		return "_SF_TRY_NUM_TEXT(" + e.renderValue() + ")"
	}
	return "_SF_NUM_TEXT(" + e.renderValue() + ")"
}

// A remainder by zero (MOD(x, 0), x % 0): DuckDB answers NULL (NaN of a
// FLOAT), and the docs do not say what Snowflake answers (docs: mod,
// Arithmetic operators): refused (002040) when a row reaches it. The
// operator is replaced, as "/" is (types.go), so every remainder checks; a
// constant divisor's test folds when DuckDB binds the statement.
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_MOD(a, b) AS CASE WHEN b = 0 AND a IS NOT NULL
		THEN error('Unsupported feature: a remainder (MOD, %) by zero (the docs do not say what Snowflake answers), in the local engine.')
		ELSE mod(a, b) END`,
		`CREATE OR REPLACE TEMP MACRO "%"(a, b) AS _SF_MOD(a, b)`,
	)
	registerFuncs(map[string]funcHandler{
		"MOD": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 2, 2); err != nil {
				return expr{}, err
			}
			for i := range c.args {
				if err := p.remainderTextArg(&c.args[i]); err != nil { // types_rem.go
					return expr{}, err
				}
			}
			rs := make([]foldResult, 0, 2)
			for _, a := range c.args {
				rs = append(rs, foldResult{sql: a.sql, toks: a.toks, e: a.e})
			}
			// Its type is the measured rule's (types_rem.go).
			ops, guard, unmeasured, known := p.remainderOperands(rs)
			for i, s := range ops {
				if s != rs[i].sql {
					c.args[i].sql, c.args[i].e = s, nil
				}
			}
			d := *c
			d.sqlName = "_SF_MOD"
			e := defaultCall(&d)
			if guard != "" {
				e.sql = foldGuarded(e.sql, guard)
			}
			switch {
			case unmeasured:
				e.intFn, e.intUnknown = "MOD", remainderRefusal
			case !known:
				e.remBind = true
			}
			return e, nil
		},
	})
}

// A FLOAT converted to text (TO_VARCHAR, ::VARCHAR, an operand of || or
// CONCAT). The docs do not pin Snowflake's digits: a FLOAT prints by
// default as TME (docs: SQL format models, "Default formats for
// printing"), TO_VARCHAR(LOG(3,4)) shows 1.261859507 (docs: to_char), a
// FLOAT column 1.23456789012346e+28 (docs: Numeric data types, DECFLOAT
// example), while DuckDB writes the shortest text that reads back as the
// same double (0.30000000000000004, 1e21) and || wrote 1.0 for 1. Where
// those readings agree the text is given: a finite value of at most 15
// significant digits between 1e-4 and 1e15 (or zero), without trailing
// fraction zeros (5.000 is '5', docs: Data type conversion); any other is
// refused (002040) when a row reaches it.
//
// (sfunc.FloatText, a Go function, reads the DOUBLE back from DuckDB's
// text of it, its shortest round-trip text: a cast to VARCHAR binds for a
// value of any type, in the branches DuckDB binds but never takes.)
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_FLOAT_TEXT(x) AS CASE WHEN x IS NULL THEN NULL ELSE _SF_GO_FLOAT_TEXT(CAST(x AS VARCHAR)) END`,
	)
}

// POWER, POW and EXP of FLOATs whose result is not finite (POWER(-8, 0.5)
// is NaN in DuckDB, EXP(1000) and POWER(0, -1) infinity), and SIGN of a
// NaN (DuckDB's 0): the docs do not say what Snowflake answers (docs:
// power, exp, sign: "-1 if the argument is negative, 1 if it is positive, 0
// if it is 0"), so such a value is refused (002040) when a row reaches it.
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_FINITE(r, fn) AS CASE WHEN r IS NULL OR isfinite(r) THEN r
		ELSE error('Unsupported feature: ' || fn || ' with a result that is not finite (the docs do not say what Snowflake answers), in the local engine.') END`,
		`CREATE OR REPLACE TEMP MACRO _SF_SIGN(x) AS CASE WHEN typeof(x) IN ('DOUBLE', 'FLOAT') AND isnan(CAST(x AS DOUBLE))
		THEN error('Unsupported feature: SIGN of NaN (the docs do not say what Snowflake answers), in the local engine.') ELSE sign(x) END`,
	)
	finite := func(name, fn string, n int) funcHandler {
		return func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, n, n); err != nil {
				return expr{}, err
			}
			var args []string
			for _, a := range c.args {
				args = append(args, "CAST("+a.num()+" AS DOUBLE)")
			}
			return expr{sql: "_SF_FINITE(" + fn + "(" + strings.Join(args, ", ") + "), '" + name + "')", typ: "DOUBLE"}, nil
		}
	}
	registerFuncs(map[string]funcHandler{
		"POWER": finite("POWER", "power", 2), "POW": finite("POW", "power", 2),
		"EXP": finite("EXP", "exp", 1),
		"SIGN": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "_SF_SIGN(" + c.args[0].num() + ")"}, nil
		},
	})
}
