package rewrite

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Assignment casts. Snowflake converts a value stored into a column the way
// ::type converts it: a VARIANT string loses its JSON quotes in a VARCHAR
// column, "200" becomes 200 in a NUMBER column, 'false' FALSE in a BOOLEAN,
// an offset after a TIMESTAMP_NTZ literal is ignored. DuckDB's implicit casts
// differ (JSON text keeps its quotes), so INSERT and UPDATE wrap each value
// in the conversion of its target column's type, when the engine can tell
// the column types (Options.ColumnTypes).

func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_ASSIGN_TEXT(x) AS CASE WHEN typeof(x) IN ('JSON', 'DOUBLE', 'FLOAT', 'TIMESTAMP', 'TIMESTAMP WITH TIME ZONE', 'DATE', 'TIME')
		OR starts_with(typeof(x), 'STRUCT(sf_tz_utc') THEN _SF_CAST_TEXT(x) ELSE CAST(x AS VARCHAR) END`,
		`CREATE OR REPLACE TEMP MACRO _SF_ASSIGN_TS(x) AS CASE WHEN typeof(x) IN ('JSON', 'VARCHAR')
		THEN _SF_TO_TIMESTAMP(x) ELSE CAST(x AS TIMESTAMP) END`,
		assignTSTZ(false), // wallclock.go
		`CREATE OR REPLACE TEMP MACRO _SF_ASSIGN_DATE(x) AS CASE WHEN typeof(x) IN ('JSON', 'VARCHAR')
		THEN _SF_TO_DATE(x) ELSE CAST(x AS DATE) END`,
		// A BINARY(n) column refuses a longer value; the docs do not give
		// Snowflake's message for it, so the engine refuses (002040) rather
		// than guess one. Bound once, as _SF_CHECK_LENGTH (types.go).
		`CREATE OR REPLACE TEMP MACRO _SF_CHECK_BINARY_LENGTH(b, n) AS list_transform([b], _sf_v -> CASE
		WHEN octet_length(_sf_v) > n THEN CAST(_SF_REFUSE('a BINARY value longer than the declared length of its column', _sf_v) AS BLOB)
		ELSE _sf_v END)[1]`,
	)
}

// assignExpr wraps value v stored into a column of DuckDB type duck, or of
// VARCHAR(n) or BLOB(n) for a column declared VARCHAR(n) or BINARY(n)
// (Options.ColumnTypes), whose longer values Snowflake refuses.
func assignExpr(v, duck string) string {
	if s, ok := vectorAssign(v, duck); ok {
		return s // vector.go
	}
	if base, n, ok := strings.Cut(strings.TrimSuffix(duck, ")"), "("); ok && isInteger(n) {
		switch base {
		case "VARCHAR":
			return "_SF_CHECK_LENGTH(" + assignExpr(v, base) + ", " + n + ")"
		case "BLOB":
			return "_SF_CHECK_BINARY_LENGTH(" + assignExpr(v, base) + ", " + n + ")"
		}
	}
	if q, ok := ivColumnType(duck); ok {
		return ivAssign(v, q) // interval_columns.go
	}
	switch {
	case duck == "INTERVAL":
		// An interval column whose qualifier was not kept (CTAS, LIKE,
		// CLONE): interval_columns.go.
		return "error('Unsupported feature ''a value stored into an interval column whose qualifier the engine did not keep'': the local engine does not implement it.')"
	case duck == "VARCHAR":
		return "_SF_ASSIGN_TEXT(" + v + ")"
	case duck == "DATE":
		return "_SF_ASSIGN_DATE(" + v + ")"
	case duck == "TIMESTAMP WITH TIME ZONE" || duck == "TIMESTAMPTZ":
		return "_SF_ASSIGN_TSTZ(" + v + ")"
	case duck == "TIMESTAMP":
		return "_SF_ASSIGN_TS(" + v + ")"
	case duck == "BLOB":
		// Text stored into BINARY is read with BINARY_INPUT_FORMAT (HEX by
		// default), not taken byte for byte (docs: "Binary input and output").
		return namedOnce(v, duck, "CASE WHEN typeof(%[1]s) IN ('VARCHAR', 'JSON') THEN _SF_HEX_BINARY(_SF_ASSIGN_TEXT(%[1]s)) ELSE CAST(%[1]s AS BLOB) END")
	case duck == "TIME":
		// Text converts as TO_TIME does (nanoseconds refused: funcs_time.go).
		return namedOnce(v, duck, "CASE WHEN typeof(%[1]s) IN ('VARCHAR', 'JSON') THEN _SF_TIME_TEXT(_SF_TO_VARCHAR(%[1]s)) ELSE CAST(%[1]s AS TIME) END")
	case strings.Contains(duck, "sf_tz_utc"):
		return "_SF_TO_TSTZ(" + v + ")" // tz.go
	case duck == "BOOLEAN" || duck == "TIME" || duck == "DOUBLE" || duck == "FLOAT" || duck == "BIGINT" || duck == "INTEGER" ||
		duck == "HUGEINT" || duck == "SMALLINT" || duck == "TINYINT" || strings.HasPrefix(duck, "DECIMAL"):
		return namedOnce(v, duck, "CASE WHEN typeof(%[1]s) = 'JSON' THEN CAST(json_extract_string(to_json(%[1]s), '$') AS %[2]s) ELSE CAST(%[1]s AS %[2]s) END")
	}
	return v
}

// namedOnce renders form (%[1]s the value, %[2]s the column's type) of
// value v. A value holding a bind marker is named once, as a lambda's
// parameter: each `?` written is a parameter of its own to DuckDB, so
// `UPDATE t SET i = ?` of an INT column failed with "incorrect argument
// count … have 1 want 3".
func namedOnce(v, duck, form string) string {
	if !hasBindMarker(v) {
		return fmt.Sprintf(form, v, duck)
	}
	return "list_transform([" + v + "], _sf_asg -> " + fmt.Sprintf(form, "_sf_asg", duck) + ")[1]"
}

// hasBindMarker reports whether DuckDB SQL s holds a bind marker `?`
// (one it cannot read may: named once, it is right either way).
func hasBindMarker(s string) bool {
	toks, err := sqllex.Tokenize(s)
	if err != nil {
		return true
	}
	for _, t := range toks {
		if t.Kind == sqllex.Bind {
			return true
		}
	}
	return false
}

// assignInsert renders INSERT INTO name [(cols)] rest with assignment casts:
// INSERT INTO name (cols) SELECT conv(c1), ... FROM (rest) AS src(c1, ...).
// ok is false when the column types are unknown or the statement uses
// DEFAULT (which only the VALUES list itself may hold); such a statement
// into a column with a declared length is refused, as its values could not
// be checked.
func (p *parser) assignInsert(name string, cols []string, rest string) (string, bool, error) {
	if p.opts.ColumnTypes == nil {
		return "", false, nil
	}
	names, types, err := p.opts.ColumnTypes(name, cols)
	if err != nil || len(names) == 0 {
		return "", false, nil
	}
	if containsWord(rest, "DEFAULT") {
		for _, ty := range types {
			if declaredLengthType(ty) != "" {
				return "", false, p.unsupported(p.wordToken("DEFAULT"), "INSERT ... DEFAULT into a table with a VARCHAR(n) or BINARY(n) column")
			}
			if isIntervalColumnType(ty) {
				return "", false, p.unsupported(p.wordToken("DEFAULT"), "INSERT ... DEFAULT into a table with a column of an interval data type")
			}
		}
		return "", false, nil
	}
	if len(cols) == 0 {
		for _, n := range names {
			cols = append(cols, quoteIdent(n))
		}
	}
	if len(cols) != len(types) {
		return "", false, nil
	}
	var src, conv []string
	wrapped := false
	for i, ty := range types {
		c := fmt.Sprintf("_sf_v%d", i+1)
		src = append(src, c)
		a := assignExpr(c, ty)
		wrapped = wrapped || a != c
		conv = append(conv, a)
	}
	if !wrapped {
		return "", false, nil
	}
	return fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM (%s) AS _sf_src(%s)", name, strings.Join(cols, ", "),
		strings.Join(conv, ", "), rest, strings.Join(src, ", ")), true, nil
}

// assignSet rewrites UPDATE's `col = expr, ...` list with assignment casts
// for target table target.
func (p *parser) assignSet(target string) (string, error) {
	var types map[string]string
	if p.opts.ColumnTypes != nil {
		if names, tys, err := p.opts.ColumnTypes(target, nil); err == nil {
			types = map[string]string{}
			for i, n := range names {
				types[n] = tys[i]
			}
		}
	}
	var out []string
	for {
		t := p.next()
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return "", p.unexpected(t)
		}
		parts := []tok{t}
		for p.isOp(".") {
			p.next()
			parts = append(parts, p.next())
		}
		col := renderName(parts)
		if err := p.expectOp("="); err != nil {
			return "", err
		}
		v, err := p.seq(func(t tok, _ bool) bool { return t.IsOp(",") || t.IsWord("FROM") || t.IsWord("WHERE") })
		if err != nil {
			return "", err
		}
		if v == "" {
			return "", p.unexpected(p.peek())
		}
		last := parts[len(parts)-1]
		name := strings.ToUpper(last.Text)
		if last.Kind == sqllex.QuotedIdent {
			name = unquoteIdentText(last.Text)
		}
		if ty, ok := types[name]; ok && !strings.EqualFold(strings.TrimSpace(v), "DEFAULT") {
			v = assignExpr(v, ty)
		}
		out = append(out, col+" = "+v)
		if !p.acceptOp(",") {
			break
		}
	}
	return strings.Join(out, ", "), nil
}

func unquoteIdentText(s string) string {
	return strings.ReplaceAll(strings.TrimSuffix(strings.TrimPrefix(s, `"`), `"`), `""`, `"`)
}

func containsWord(s, w string) bool {
	toks, err := sqllex.Tokenize(s)
	if err != nil {
		return true
	}
	for _, t := range toks {
		if t.Kind == sqllex.Word && strings.EqualFold(t.Text, w) {
			return true
		}
	}
	return false
}

// identifierName renders IDENTIFIER('a.b."C"'): the string holds an object
// name written as in SQL (unquoted parts fold to upper case).
func identifierName(lit tok) (string, error) {
	parts, err := identifierParts(lit)
	if err != nil {
		return "", err
	}
	return renderName(parts), nil
}

// identifierParts splits the object name IDENTIFIER('a.b."C"') holds into
// its parts.
func identifierParts(lit tok) ([]tok, error) {
	name := snowflakeString(lit.Text)
	toks, err := sqllex.Tokenize(name)
	if err != nil || len(toks) == 0 {
		return nil, &Error{Code: "002003", Line: lit.Line, Col: lit.Col,
			Message: fmt.Sprintf("SQL compilation error:\nObject '%s' does not exist or not authorized.", name)}
	}
	var parts []tok
	for i, t := range toks {
		if i%2 == 1 {
			if !t.IsOp(".") {
				return nil, &Error{Code: "002003", Line: lit.Line, Col: lit.Col,
					Message: fmt.Sprintf("SQL compilation error:\ninvalid identifier '%s'", name)}
			}
			continue
		}
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent {
			return nil, &Error{Code: "002003", Line: lit.Line, Col: lit.Col,
				Message: fmt.Sprintf("SQL compilation error:\ninvalid identifier '%s'", name)}
		}
		parts = append(parts, tok{Token: t})
	}
	return parts, nil
}

// checkRelation lets the engine refuse a table name that resolves only
// case-insensitively (Snowflake's names are case-sensitive, DuckDB's not).
func (p *parser) checkRelation(parts []tok) error {
	if p.opts.Relation == nil || len(parts) == 0 {
		return nil
	}
	last := parts[len(parts)-1]
	name := strings.ToUpper(last.Text)
	if last.Kind == sqllex.QuotedIdent {
		name = unquoteIdentText(last.Text)
	}
	if err := p.opts.Relation(name); err != nil {
		var re *Error
		if errors.As(err, &re) { // a refusal
			return &Error{Code: re.Code, Line: last.Line, Col: last.Col, Message: re.Message}
		}
		return &Error{Code: "002003", Line: last.Line, Col: last.Col, Message: err.Error()}
	}
	return nil
}

// wordToken is the statement's first token that is word w (for an error's
// position), or the current one.
func (p *parser) wordToken(w string) tok {
	for _, t := range p.toks {
		if t.Kind == sqllex.Word && strings.EqualFold(t.Text, w) {
			return t
		}
	}
	return p.peek()
}
