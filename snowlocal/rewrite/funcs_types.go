package rewrite

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// OBJECT and ARRAY columns. DuckDB stores VARIANT, OBJECT and ARRAY alike as
// JSON; the declared Snowflake type of an OBJECT or ARRAY column is kept as
// the DuckDB column's comment (Snowflake column comments are not kept
// locally), which follows the column through renames. DESCRIBE, SHOW COLUMNS
// and INFORMATION_SCHEMA.COLUMNS report it (snowlocal/show.go).

// SemiTypeComment is the DuckDB column comment that marks a column declared
// with Snowflake type sf (OBJECT or ARRAY).
func SemiTypeComment(sf string) string { return "flurry:" + sf }

// semiTypeComments returns the statements (each starting with ";\n") that
// mark table's OBJECT and ARRAY columns, and its VARCHAR(n) and BINARY(n)
// columns with their declared length (DuckDB ignores n: DESCRIBE reports
// it from the comment, INSERT and UPDATE check it: assign.go), or "".
//
// The same comment records the column's PRIMARY KEY and UNIQUE flags, its
// type's name as declared and its COMMENT (colmeta.go).
func semiTypeComments(table string, cols []column) string {
	var b strings.Builder
	for _, c := range cols {
		m := ColumnMeta{PrimaryKey: c.pk, Unique: c.uk, Alias: c.alias, Collation: c.collation, Comment: c.comment, HasComment: c.hasComment}
		if c.sf == "OBJECT" || c.sf == "ARRAY" {
			m.Type = c.sf
		} else if c.interval != "" {
			m.Type = c.interval // interval_columns.go
		} else if sf := declaredLengthType(lengthType(c)); sf != "" {
			m.Type = sf
		}
		if m.String() != "" {
			b.WriteString(";\n" + commentSQL(table, c.name, m))
		}
	}
	return b.String()
}

// lengthType is the type Options.ColumnTypes reports for a column with a
// declared length: VARCHAR(n), or BLOB(n) for BINARY(n); "" without one.
func lengthType(c column) string {
	if c.length == "" || !isInteger(c.length) || (c.typ != "VARCHAR" && c.typ != "BLOB") {
		return ""
	}
	return c.typ + "(" + c.length + ")"
}

// declaredLengthType is the Snowflake type (VARCHAR(n), BINARY(n)) of a
// column type as Options.ColumnTypes reports it, or "".
func declaredLengthType(duck string) string {
	switch {
	case strings.HasPrefix(duck, "VARCHAR("):
		return duck
	case strings.HasPrefix(duck, "BLOB("):
		return "BINARY(" + strings.TrimPrefix(duck, "BLOB(")
	}
	return ""
}

// lengthChange checks ALTER COLUMN c SET DATA TYPE ty (VARCHAR or BLOB) of
// table: Snowflake may lengthen a VARCHAR(n) or BINARY(n) but not shorten
// one; the engine allows only a change it can tell is not shorter (the
// column's declared length from Options.ColumnTypes) and refuses the rest.
// declared is the column's new declared type (VARCHAR(n), BINARY(n)), or
// "" for none.
func (p *parser) lengthChange(table string, c tok, ty sqlType, at tok) (declared string, err error) {
	newType := lengthType(column{typ: ty.duck, length: ty.length})
	if newType == "" {
		return "", nil // no declared length: the largest
	}
	refuse := p.unsupported(at, "ALTER TABLE ... ALTER COLUMN ... SET DATA TYPE to a length not known to be longer")
	if p.opts.ColumnTypes == nil {
		return "", refuse
	}
	_, types, err := p.opts.ColumnTypes(table, []string{identSQL(c)})
	if err != nil || len(types) != 1 {
		return "", refuse
	}
	old, ok := strings.CutPrefix(strings.TrimSuffix(types[0], ")"), ty.duck+"(")
	if !ok || !isInteger(old) || len(old) > len(ty.length) || (len(old) == len(ty.length) && old > ty.length) {
		return "", refuse
	}
	return declaredLengthType(newType), nil
}

// lengthCommentsOf keeps the declared lengths of table src's columns for
// table (CREATE TABLE ... LIKE / CLONE src).
func (p *parser) lengthCommentsOf(table, src string) string {
	if p.opts.ColumnTypes == nil {
		return ""
	}
	names, types, err := p.opts.ColumnTypes(src, nil)
	if err != nil || len(names) != len(types) {
		return ""
	}
	var b strings.Builder
	for i, n := range names {
		if sf := declaredLengthType(types[i]); sf != "" {
			b.WriteString(";\nCOMMENT ON COLUMN " + table + "." + quoteIdent(n) + " IS '" + SemiTypeComment(sf) + "'")
		}
	}
	return b.String()
}

// createdTableName is the rendered table name at the end of what
// createdName returned.
func createdTableName(head string) string {
	if i := strings.Index(head, " IF NOT EXISTS "); i >= 0 {
		return head[i+len(" IF NOT EXISTS "):]
	}
	if i := strings.Index(head, " TABLE "); i >= 0 {
		return head[i+len(" TABLE "):]
	}
	return head
}

// Integer literal arithmetic. Snowflake types an integer literal as NUMBER
// (up to 38 digits), so `271200 * 7919` is 2147632800; DuckDB types small
// literals as 32-bit INTEGER and INTEGER * INTEGER overflows. A literal in a
// run of integer literals joined by + - * whose result could leave 32 bits
// is written as a wider integer (BIGINT, or HUGEINT past 64 bits); other
// literals keep DuckDB's literal typing (which adapts to the other operand,
// e.g. DATE + 1).

var (
	int32Bound = big.NewInt(1 << 31)
	int64Bound = new(big.Int).Lsh(big.NewInt(1), 63)
)

// intLiteral renders the integer literal at token i.
// An integer written with an exponent or a point (1e6, 1.5e1, 7.) is one
// too (numlit.go), written out in its digits.
func (p *parser) intLiteral(i int) string {
	text, ok := intText(p.toks[i].Text)
	if !ok {
		return p.toks[i].Text
	}
	isInt := func(k int) bool {
		if k < 0 || k >= len(p.toks) || p.toks[k].Kind != sqllex.Number {
			return false
		}
		_, ok := intText(p.toks[k].Text)
		return ok
	}
	isOp := func(k int) bool {
		if k < 0 || k >= len(p.toks) {
			return false
		}
		t := p.toks[k]
		return t.IsOp("+") || t.IsOp("-") || t.IsOp("*")
	}
	first, last := i, i
	for isOp(first-1) && isInt(first-2) {
		first -= 2
	}
	for isOp(last+1) && isInt(last+2) {
		last += 2
	}
	if first == last {
		return text
	}
	// (a+1)(b+1)... bounds |result| of any + - * combination of a, b, ...
	bound := big.NewInt(1)
	for k := first; k <= last; k += 2 {
		digits, _ := intText(p.toks[k].Text)
		v, ok := new(big.Int).SetString(digits, 10)
		if !ok {
			return text
		}
		bound.Mul(bound, v.Add(v, big.NewInt(1)))
	}
	switch {
	case bound.Cmp(int32Bound) < 0:
		return text
	case bound.Cmp(int64Bound) < 0:
		return "CAST(" + text + " AS BIGINT)"
	}
	return "CAST(" + text + " AS HUGEINT)"
}

func init() {
	prelude = append(prelude,
		// ARRAY_SLICE(a, from, to): 0-based from, exclusive to, negative
		// positions counted from the end, both clamped to the array (docs:
		// functions/array_slice); DuckDB's slice has an inclusive end.
		`CREATE OR REPLACE TEMP MACRO _SF_SLICE_POS(n, i) AS CASE WHEN i < 0 THEN greatest(n + i, 0) ELSE least(i, n) END`,
		// The lambda binds a once: a macro parameter is substituted as text,
		// and an aggregate argument (ARRAY_SLICE(ARRAY_AGG(...), 0, 10))
		// would otherwise be computed for every mention.
		`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_SLICE(a, f, t) AS list_transform([a], _sf_a -> CASE WHEN _sf_a IS NULL OR f IS NULL OR t IS NULL THEN NULL
		WHEN _SF_SLICE_POS(json_array_length(_sf_a), t) <= _SF_SLICE_POS(json_array_length(_sf_a), f) THEN CAST('[]' AS JSON)
		ELSE to_json(CAST(_sf_a AS JSON[])[_SF_SLICE_POS(json_array_length(_sf_a), f) + 1 : _SF_SLICE_POS(json_array_length(_sf_a), t)]) END)[1]`,
	)
}

// Array functions the docs show that the engine lacked (or answered in
// another order), as macros over DuckDB lists of JSON values.
func init() {
	registerFuncs(map[string]funcHandler{
		"ARRAY_PREPEND":        macroN("_SF_ARRAY_PREPEND", 2, 2, "JSON", false),
		"ARRAY_INSERT":         macroN("_SF_ARRAY_INSERT", 3, 3, "JSON", false),
		"ARRAY_DISTINCT":       arrayDistinctCall, // variant_veq.go
		"STRTOK_TO_ARRAY":      macroN("_SF_STRTOK_TO_ARRAY", 1, 2, "JSON", true),
		"ARRAY_INTERSECTION":   arrayIntersectionCall,
		"GET_IGNORE_CASE":      macroN("_SF_GET_IGNORE_CASE", 2, 2, "JSON", false),
		"ARRAY_EXCEPT":         arrayExceptCall,
		"ARRAY_FLATTEN":        macroN("_SF_ARRAY_FLATTEN", 1, 1, "JSON", false),
		"ARRAY_GENERATE_RANGE": macroN("_SF_ARRAY_GENERATE_RANGE", 2, 3, "JSON", false),
		"CHECK_JSON": func(p *parser, c *call) (expr, error) {
			if err := c.arity(p, 1, 1); err != nil {
				return expr{}, err
			}
			return expr{sql: "_SF_CHECK_JSON_ANY(" + c.args[0].sql + ")", typ: "VARCHAR"}, nil
		},
	})
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_PREPEND(a, v) AS to_json(list_prepend(to_json(v), CAST(a AS JSON[])))`,
		// ARRAY_INSERT(a, pos, v): 0-based, a negative pos counts from the
		// end; a pos past either end leaves undefined elements in Snowflake,
		// which the local engine cannot hold (refused).
		`CREATE OR REPLACE TEMP MACRO _SF_INSERT_POS(n, i) AS CASE WHEN i < 0 THEN n + i ELSE i END`,
		`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_INSERT(a, i, v) AS CASE WHEN a IS NULL OR i IS NULL THEN NULL
		WHEN _SF_INSERT_POS(json_array_length(a), i) < 0 OR _SF_INSERT_POS(json_array_length(a), i) > json_array_length(a)
		THEN error('Unsupported feature ''ARRAY_INSERT past the end of the array (undefined elements)'': the local engine does not implement it.')
		ELSE to_json(list_concat(CAST(a AS JSON[])[1 : _SF_INSERT_POS(json_array_length(a), i)], [to_json(v)],
			CAST(a AS JSON[])[_SF_INSERT_POS(json_array_length(a), i) + 1 :])) END`,
		// STRTOK_TO_ARRAY(s [, delimiters]): tokens between any of the
		// delimiter characters (default a space), empty tokens dropped.
		`CREATE OR REPLACE TEMP MACRO _SF_STRTOK_TO_ARRAY(s, d := ' ') AS CASE WHEN s IS NULL OR d IS NULL THEN NULL
		WHEN d = '' THEN to_json(list_filter([s], lambda x: x <> ''))
		ELSE to_json(list_filter(regexp_split_to_array(s, '[' || regexp_replace(d, '([\]\[\\^-])', '\\\1', 'g') || ']'), lambda x: x <> '')) END`,
		// ARRAY_FLATTEN: one level of nesting removed; NULL when an element is
		// NULL; an element that is not an array is an error.
		`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_FLATTEN(a) AS CASE WHEN a IS NULL THEN NULL
		WHEN list_bool_or(list_transform(CAST(a AS JSON[]), lambda x: x IS NULL OR json_type(x) = 'NULL')) THEN NULL
		WHEN NOT list_bool_and(list_transform(CAST(a AS JSON[]), lambda x: json_type(x) = 'ARRAY'))
		THEN error('Not an array: ''Input argument to ARRAY_FLATTEN is not an array of arrays''')
		ELSE to_json(flatten(list_transform(CAST(a AS JSON[]), lambda x: CAST(x AS JSON[])))) END`,
		// ARRAY_GENERATE_RANGE(start, stop [, step]): stop excluded, empty
		// when the step points away from stop.
		`CREATE OR REPLACE TEMP MACRO _SF_ARRAY_GENERATE_RANGE(a, b, st := 1) AS CASE WHEN a IS NULL OR b IS NULL OR st IS NULL THEN NULL
		ELSE to_json(range(CAST(a AS BIGINT), CAST(b AS BIGINT), CAST(st AS BIGINT))) END`,
		// GET_IGNORE_CASE(object, key): the exact key if present, else the
		// one key equal ignoring case. Where several are, Snowflake "returns
		// the value for one of the matches; however, no guarantee can be made
		// on which" (docs: get_ignore_case): any one of them is Snowflake's
		// answer, and the engine takes the first in the byte order Snowflake
		// keeps an OBJECT's keys in (and prints them), which gives the page's
		// 3 for {"aa":1, "aA":2, "Aa":3}. The key is looked up by a JSON pointer, which holds
		// any text ("~" and "/" escaped), so that a key with a double quote
		// is found. An empty key ("must not be an empty string") is refused,
		// and so is a key outside ASCII without an exact match: how
		// Snowflake folds the case of other letters no source gives.
		`CREATE OR REPLACE TEMP MACRO _SF_JSON_POINTER(k) AS '/' || replace(replace(k, '~', '~0'), '/', '~1')`,
		`CREATE OR REPLACE TEMP MACRO _SF_GET_IGNORE_CASE(o, k) AS CASE WHEN o IS NULL OR k IS NULL OR json_type(o) <> 'OBJECT' THEN NULL
		WHEN k = '' THEN CAST(error('Unsupported feature: GET_IGNORE_CASE of an empty key (the docs say it must not be one, and print no error), in the local engine.') AS JSON)
		WHEN list_contains(json_keys(o), k) THEN json_extract(o, _SF_JSON_POINTER(k))
		WHEN NOT regexp_matches(k, '^[\x00-\x7F]*$') THEN CAST(error('Unsupported feature: GET_IGNORE_CASE of a key outside ASCII that no key matches exactly (how Snowflake folds its case the docs do not say), in the local engine.') AS JSON)
		ELSE json_extract(o, _SF_JSON_POINTER(list_sort(list_filter(json_keys(o), lambda x: lower(x) = lower(k)))[1])) END`,
		// _SF_TO_VARIANT: funcs_variant.go.
		// CHECK_JSON of text, or of a VARIANT holding a string (its content).
		`CREATE OR REPLACE TEMP MACRO _SF_CHECK_JSON_ANY(x) AS CASE WHEN x IS NULL THEN NULL
		WHEN typeof(x) = 'JSON' THEN _SF_GO_CHECK_JSON(json_extract_string(x, '$'))
		ELSE _SF_GO_CHECK_JSON(CAST(x AS VARCHAR)) END`,
	)
}

// refuseUndefined wraps array elements so that a SQL NULL, which Snowflake
// keeps as an undefined element the local engine's JSON cannot hold, fails
// with 002040 instead of becoming a JSON null.
func refuseUndefined(items []string, what string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = fmt.Sprintf("CASE WHEN (%[1]s) IS NULL THEN error('Unsupported feature ''%[2]s with a SQL NULL (undefined) element'': the local engine does not implement it.') ELSE %[1]s END", it, what)
	}
	return out
}
