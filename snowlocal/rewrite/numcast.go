package rewrite

import "strings"

// A text converted to a fixed-point number (`s::INT`, `CAST(s AS NUMBER)`,
// TO_NUMBER(s) and the TRY_ forms) is read as Snowflake reads a number:
// `[+-][digits][.digits][e[+-]digits]` (docs: Numeric data types, "Numeric
// constants"; SQL format models: the default parsing format of a DECIMAL is
// TM9, of a DOUBLE TME). DuckDB's cast also reads a hexadecimal `0x10`, a
// binary `0b101`, an octal `0o17` and digits grouped by underscores
// (`1_000`), which Snowflake does not recognize: such a text fails as
// "Numeric value '0x10' is not recognized" (NULL under TRY_).
//
// The rewriter does not know a column's type, so the test is guarded by
// typeof(), which DuckDB folds when it binds the macro: over a value that is
// not a VARCHAR the macro is the value itself, at no cost per row.
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_NUM_TEXT(x) AS CASE
		WHEN typeof(x) = 'VARCHAR' AND regexp_matches(CAST(x AS VARCHAR), '[_xXbBoO]')
		THEN error('Numeric value ''' || CAST(x AS VARCHAR) || ''' is not recognized') ELSE x END`,
		`CREATE OR REPLACE TEMP MACRO _SF_TRY_NUM_TEXT(x) AS CASE
		WHEN typeof(x) = 'VARCHAR' AND regexp_matches(CAST(x AS VARCHAR), '[_xXbBoO]') THEN NULL ELSE x END`,
	)
}

// numText renders e as the operand of a cast to ty, guarded as above where
// ty is an integer or a DECIMAL and e may be a text.
func numText(e expr, ty sqlType, try bool) string {
	if e.path != nil || (e.typ != "" && e.typ != "VARCHAR") ||
		(ty.duck != "BIGINT" && !strings.HasPrefix(ty.duck, "DECIMAL(")) {
		return e.renderValue()
	}
	if try {
		return "_SF_TRY_NUM_TEXT(" + e.sql + ")"
	}
	return "_SF_NUM_TEXT(" + e.sql + ")"
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
			d := *c
			d.sqlName = "_SF_MOD"
			return defaultCall(&d), nil
		},
	})
}
