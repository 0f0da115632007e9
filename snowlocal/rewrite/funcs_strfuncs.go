package rewrite

import "fmt"

// String functions checked against their documented examples
// (string_funcs_docs conformance file): INSERT (docs: insert), UNICODE of
// an empty string (docs: unicode: 0, DuckDB's -1), CHR and CHAR (docs: chr;
// DuckDB reads CHAR( as a type), REVERSE of a DATE (docs: reverse: its
// text), JAROWINKLER_SIMILARITY (sfunc.JaroWinkler), LOG (docs: log) and
// ARRAY_REMOVE_AT (docs: array_remove_at), LENGTH of BINARY in bytes (docs:
// length), SOUNDEX_P123 (sfunc.SoundexP123).

func init() {
	registerFuncs(map[string]funcHandler{
		"INSERT":                 insertCall,
		"UNICODE":                wrap1("list_transform([%s], _sf_s -> CASE WHEN _sf_s = '' THEN 0 ELSE unicode(_sf_s) END)[1]", "BIGINT"),
		"CHR":                    chrCall,
		"CHAR":                   chrCall,
		"REVERSE":                reverseCall,
		"JAROWINKLER_SIMILARITY": jaroWinklerCall,
		"LOG":                    logCall,
		"ARRAY_REMOVE_AT":        arrayRemoveAt,
		"LENGTH":                 lengthCall,
		"LEN":                    lengthCall,
		"SOUNDEX_P123":           wrap1("_SF_GO_SOUNDEX_P123(%s)", "VARCHAR"),
	})
	prelude = append(prelude,
		// CHR(n) and its alias CHAR (docs: chr): the character of code
		// point n. An invalid code point fails with the docs' text
		// ("Invalid character code -1 in the CHR input"); the docs give
		// no code, so the failure carries the engine's own 100000
		// (result.go). A surrogate (55296 to 57343: a code point, but no
		// character; the docs do not say which Snowflake rejects), a code
		// point beyond BIGINT, whose printing in that text the docs do
		// not show, and a number with a fraction, an input they do not
		// describe, are refused. A whole number of any numeric type (a
		// NUMBER column, 67.0) is its code point.
		`CREATE OR REPLACE TEMP MACRO _SF_CHR(n) AS CASE
		WHEN n IS NULL THEN NULL
		WHEN n <> round(n) THEN _SF_REFUSE('CHR of a number with a fraction', n)
		WHEN n >= 0 AND n <= 1114111 AND NOT (n >= 55296 AND n <= 57343) THEN chr(CAST(n AS INTEGER))
		WHEN n >= 55296 AND n <= 57343 THEN _SF_REFUSE('CHR of a surrogate code point', n)
		WHEN abs(n) < 1e18 THEN CAST(error('Snowflake error 100000: Invalid character code ' || CAST(CAST(n AS BIGINT) AS VARCHAR) || ' in the CHR input') AS VARCHAR)
		ELSE _SF_REFUSE('CHR of a code point beyond BIGINT', n) END`,
		// INSERT(base, pos, len, ins): the docs give the valid positions
		// (1 to one past the end) and lengths (0 to the end) but not
		// Snowflake's answer outside them, which is refused when met.
		`CREATE OR REPLACE TEMP MACRO _SF_INSERT(b, pos, n, ins) AS CASE
		WHEN b IS NULL OR pos IS NULL OR n IS NULL OR ins IS NULL THEN NULL
		WHEN pos < 1 OR pos > length(b) + 1 OR n < 0 OR pos + n - 1 > length(b)
		THEN _SF_REFUSE('INSERT with a position or length outside the string', b)
		ELSE substr(b, 1, pos - 1) || ins || substr(b, pos + n) END`,
		// LOG(base, x) (docs: log): a base of 1 or at most 0, or an x at
		// most 0, is an error whose text the docs do not give: refused.
		`CREATE OR REPLACE TEMP MACRO _SF_LOG(b, x) AS CASE
		WHEN b <= 0 OR b = 1 OR x <= 0 THEN CAST(_SF_REFUSE('LOG of a base of 1 or at most 0, or of a value at most 0', b) AS DOUBLE)
		ELSE log(CAST(b AS DOUBLE), CAST(x AS DOUBLE)) END`,
		// ARRAY_REMOVE_AT(a, pos) (docs: array_remove_at): pos counts from
		// 0, or from the end when negative; out of range, a is unchanged.
		`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_REMOVE_AT(a, pos) AS list_transform([a], _sf_a -> list_transform(
		[CASE WHEN pos < 0 THEN json_array_length(_sf_a) + pos ELSE pos END], _sf_i -> CASE
		WHEN _sf_a IS NULL OR pos IS NULL THEN NULL
		WHEN _sf_i < 0 OR _sf_i >= json_array_length(_sf_a) THEN _sf_a
		ELSE to_json(list_concat(CAST(_sf_a AS JSON[])[1:_sf_i], CAST(_sf_a AS JSON[])[_sf_i + 2:])) END)[1])[1]`,
	)
}

// chrCall: CHR(n) and CHAR(n) through _SF_CHR; a text argument, whose
// conversion to a code point the docs do not describe, is refused here
// where its type is known (elsewhere DuckDB refuses the macro's ROUND).
func chrCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	if a := c.args[0]; a.typ() == "VARCHAR" || p.columnRawType(a.toks) == "VARCHAR" {
		return expr{}, p.unsupported(c.t, c.name+" of a text value")
	}
	return expr{sql: "_SF_CHR(" + c.args[0].str() + ")", typ: "VARCHAR"}, nil
}

// insertCall: INSERT(base, pos, len, insert) of strings; BINARY values are
// refused (their bytes, not characters, would be counted).
func insertCall(p *parser, c *call) (expr, error) {
	if p.prevIsWord(c.t, "THEN") {
		return defaultCall(c), nil // MERGE ... WHEN NOT MATCHED THEN INSERT (cols) VALUES (...)
	}
	if err := c.arity(p, 4, 4); err != nil {
		return expr{}, err
	}
	if c.args[0].typ() == "BLOB" || c.args[3].typ() == "BLOB" {
		return expr{}, p.unsupported(c.t, "INSERT of BINARY values")
	}
	return expr{sql: fmt.Sprintf("_SF_INSERT(%s, CAST(%s AS BIGINT), CAST(%s AS BIGINT), %s)",
		c.args[0].str(), c.args[1].num(), c.args[2].num(), c.args[3].str()), typ: "VARCHAR"}, nil
}

// reverseCall: REVERSE of a string, or of a DATE's text (YYYY-MM-DD, the
// default DATE_OUTPUT_FORMAT); other types as DuckDB's reverse takes them.
func reverseCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	s := c.args[0].str()
	if c.args[0].typ() == "DATE" {
		s = "CAST(" + s + " AS VARCHAR)"
	}
	return expr{sql: "reverse(" + s + ")", typ: "VARCHAR"}, nil
}

func jaroWinklerCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("_SF_GO_JAROWINKLER(%s, %s)", c.args[0].str(), c.args[1].str()), typ: "BIGINT"}, nil
}

func logCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	return expr{sql: fmt.Sprintf("_SF_LOG(%s, %s)", c.args[0].num(), c.args[1].num()), typ: "DOUBLE"}, nil
}

// arrayRemoveAt: ARRAY_REMOVE_AT(array, position); an array holding a
// DOUBLE is refused, as for ARRAY_SLICE (funcs_variant.go: DuckDB's JSON
// functions would re-print it).
func arrayRemoveAt(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 2, 2); err != nil {
		return expr{}, err
	}
	a := fmt.Sprintf("_SF_NO_DOUBLE(%s, 'ARRAY_REMOVE_AT')", argExpr(c.args[0]).render())
	return expr{sql: fmt.Sprintf("_SF_ARRAY_REMOVE_AT(%s, CAST(%s AS BIGINT))", a, c.args[1].num()), typ: "JSON"}, nil
}

// lengthCall: LENGTH/LEN counts a string's characters and a BINARY
// value's bytes (docs: length); the kind is told apart as DuckDB binds
// the call (funcs_bits.go).
func lengthCall(p *parser, c *call) (expr, error) {
	if err := c.arity(p, 1, 1); err != nil {
		return expr{}, err
	}
	x := c.args[0]
	switch x.typ() {
	case "BLOB":
		return expr{sql: "octet_length(" + x.sql + ")"}, nil
	case "VARCHAR":
		return expr{sql: "length(" + x.sql + ")"}, nil
	}
	text := fmt.Sprintf("struct_extract({'s': %s, 'z': ''}, CASE WHEN %s THEN 'z' ELSE 's' END)", x.str(), isBlob(x.sql))
	return expr{sql: pick(x.sql, "octet_length("+asBlob(x.sql)+")", "length("+text+")")}, nil
}
