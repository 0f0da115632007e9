package snowlocal

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// caseCollision turns DuckDB's "already exists" for a CREATE whose name
// differs only in case from an existing object ("Tab" and TAB) into a clear
// refusal: Snowflake keeps both (quoted names are case-sensitive), while
// DuckDB resolves names case-insensitively and cannot.
func (s *Session) caseCollision(ctx context.Context, words []string, text string, err error) error {
	var se *Error
	if errors.As(err, &se) {
		if m := reColumnExists.FindStringSubmatch(se.Message); m != nil {
			if refusal := s.columnExistsCase(ctx, words, text, m[1]); refusal != nil { // identcase_columns.go
				return refusal
			}
			// A column named twice exactly: a CREATE TABLE fails with
			// Snowflake's duplicate column name; no source gives the error
			// of an ALTER TABLE adding or renaming to an existing column's
			// name.
			if len(words) > 0 && words[0] == "CREATE" {
				return duplicateColumnName(m[1]) // identcase_columns.go
			}
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: a column named like the existing column %s (Snowflake's error for it is not documented) in the local engine.", snowflakeIdent(m[1]))
		}
	}
	if !errors.As(err, &se) || se.Code != CodeAlreadyExists || len(words) < 2 || words[0] != "CREATE" {
		return err
	}
	if (words[1] == "TABLE" || words[1] == "VIEW") && !createsTemporaryObject(text) {
		return err // given a mangled name: identcase_distinct.go
	}
	n, ok := statementObject(words, text)
	if !ok {
		return err
	}
	name := n.last()
	var other string
	row := s.conn.QueryRowContext(ctx, `SELECT table_name FROM duckdb_tables() WHERE lower(table_name) = lower(?) AND table_name <> ?
		UNION ALL SELECT view_name FROM duckdb_views() WHERE lower(view_name) = lower(?) AND view_name <> ? LIMIT 1`, name, name, name, name)
	if row.Scan(&other) != nil {
		return err
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: objects whose names differ only in case ('%s' and '%s') in the local engine, which resolves names case-insensitively.", other, name)
}

// createsTemporaryObject reports whether a CREATE statement makes a
// temporary object.
func createsTemporaryObject(text string) bool {
	c, err := newCursor(text)
	if err != nil {
		return false
	}
	for i := 1; i < 6; i++ {
		switch c.word(i) {
		case "TEMPORARY", "TEMP", "VOLATILE":
			return true
		case "TABLE", "VIEW":
			return false
		}
	}
	return false
}

// relationCase reports a table name that exists only with another case:
// Snowflake answers "does not exist" where DuckDB would find the other one.
func (s *Session) relationCase(name string) error {
	if strings.EqualFold(name, "INFORMATION_SCHEMA") {
		return nil
	}
	if err := s.caseRelationRefusal(name); err != nil { // identcase_distinct.go
		return err
	}
	// Every catalog's tables and views, this session's temporary ones
	// too: kept per session (catalog_memo.go).
	otherCaseOnly, ok := s.sessionMemo("relationCase\x00" + name)
	if !ok {
		var exact, other int
		err := s.conn.QueryRowContext(context.Background(), `SELECT count(*) FILTER (WHERE table_name = $1), count(*) FILTER (WHERE table_name <> $1)
		FROM (SELECT table_name FROM duckdb_tables() WHERE NOT internal
		      UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name <> 'information_schema')
		WHERE lower(table_name) = lower($1)`, name).Scan(&exact, &other)
		otherCaseOnly = err == nil && exact == 0 && other > 0
		if err == nil {
			s.keepSessionMemo("relationCase\x00"+name, otherCaseOnly)
		}
	}
	if !otherCaseOnly.(bool) {
		return nil
	}
	return fmt.Errorf("SQL compilation error:\nObject '%s' does not exist or not authorized.", name)
}

// columnCase reports a quoted column name that matches a column of the
// statement's tables only in another case ("mixedcase" for a column
// "MixedCase"): Snowflake answers 000904 invalid identifier where DuckDB,
// resolving names case-insensitively, would read the other column. Quoted
// names the statement itself defines (AS "x", an alias after an operand)
// are left alone, as are statements without quoted names (no look-up).
func (s *Session) columnCase(ctx context.Context, words []string, text string) error {
	if len(words) == 0 || !strings.Contains(text, `"`) {
		return nil
	}
	switch words[0] {
	case "SELECT", "WITH", "INSERT", "UPDATE", "DELETE", "MERGE":
	default:
		return nil
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return nil
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	defined := map[string]bool{}
	var used []string
	for i, t := range sig {
		if t.Kind == sqllex.Word && i > 0 && sig[i-1].IsWord("AS") && !(i+1 < len(sig) && sig[i+1].IsOp("(")) {
			defined[strings.ToUpper(t.Text)] = true // an unquoted alias is its upper-case name
			continue
		}
		if i > 1 && inColumnList(sig, i) {
			// A derived table's or CTE's column list: AS t(a, "B"), c(a) AS.
			if t.Kind == sqllex.Word {
				defined[strings.ToUpper(t.Text)] = true
			} else if t.Kind == sqllex.QuotedIdent {
				defined[strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)] = true
			}
			continue
		}
		if t.Kind != sqllex.QuotedIdent {
			continue
		}
		name := strings.ReplaceAll(t.Text[1:len(t.Text)-1], `""`, `"`)
		if i+1 < len(sig) && sig[i+1].IsOp("(") {
			continue // a function name
		}
		if inPath(sig, i) {
			continue // a key of a semi-structured path: v:"Key", v:a."Key"
		}
		if i > 0 && definesAlias(sig[i-1]) {
			defined[name] = true
			continue
		}
		used = append(used, name)
	}
	if len(used) == 0 {
		return nil
	}
	// A name the statement defines (a column alias, also of a subquery or
	// CTE) of another case is as invalid as a table column of another case.
	definedFolded := map[string]bool{}
	for d := range defined {
		definedFolded[strings.ToLower(d)] = true
	}
	exact := map[string]bool{}
	folded := map[string]bool{}
	invalid := func(relPart map[string]bool) error {
		for _, name := range used {
			if !defined[name] && !relPart[name] && !exact[name] && (folded[strings.ToLower(name)] || definedFolded[strings.ToLower(name)]) {
				return Errorf(CodeInvalidIdent, "42000", "SQL compilation error:\ninvalid identifier '\"%s\"'", name)
			}
		}
		return nil
	}
	rels, _, err := rewrite.References(text)
	if err != nil {
		return nil
	}
	if len(rels) == 0 {
		return invalid(nil)
	}
	var tables []any
	var marks []string
	relPart := map[string]bool{}
	for _, r := range rels {
		tables = append(tables, strings.ToLower(r.Parts[len(r.Parts)-1]))
		marks = append(marks, "?")
		for _, part := range r.Parts {
			relPart[part] = true
		}
	}
	rows, err := s.conn.QueryContext(ctx, `SELECT DISTINCT column_name FROM duckdb_columns() WHERE NOT internal
		AND lower(table_name) IN (`+strings.Join(marks, ", ")+`)`, tables...)
	if err != nil {
		return nil
	}
	defer rows.Close()
	for rows.Next() {
		var c string
		if rows.Scan(&c) != nil {
			return nil
		}
		exact[c] = true
		folded[strings.ToLower(c)] = true
	}
	return invalid(relPart)
}

// inColumnList reports whether sig[i] is a name in a column list after a
// relation's alias (`AS t (a, "B")`, `) t (a)`) or a CTE's name (`WITH c
// (a) AS`): the names up to the list's ')' after `name (`.
func inColumnList(sig []sqllex.Token, i int) bool {
	if sig[i].Kind != sqllex.Word && sig[i].Kind != sqllex.QuotedIdent {
		return false
	}
	j := i - 1
	for j > 0 && (sig[j].IsOp(",") || sig[j].Kind == sqllex.Word || sig[j].Kind == sqllex.QuotedIdent) {
		j--
	}
	if j < 2 || !sig[j].IsOp("(") {
		return false
	}
	name, before := sig[j-1], sig[j-2]
	if name.Kind != sqllex.Word && name.Kind != sqllex.QuotedIdent {
		return false
	}
	if before.IsWord("AS") || before.IsOp(")") {
		return true
	}
	if !before.IsWord("WITH") && !before.IsOp(",") {
		return false
	}
	// A CTE's list is followed by AS (a function call's arguments are not).
	for k := j + 1; k < len(sig); k++ {
		if sig[k].IsOp(")") {
			return k+1 < len(sig) && sig[k+1].IsWord("AS")
		}
	}
	return false
}

// definesAlias reports whether a quoted name after token prev is an alias
// the statement defines: after AS, or right after an operand.
func definesAlias(prev sqllex.Token) bool {
	switch prev.Kind {
	case sqllex.Word:
		u := strings.ToUpper(prev.Text)
		return u == "AS" || !aliasFollowsNot[u]
	case sqllex.QuotedIdent, sqllex.Number, sqllex.String:
		return true
	case sqllex.Op:
		return prev.Text == ")"
	}
	return false
}

// aliasFollowsNot are words after which a quoted name is a reference, not an alias.
var aliasFollowsNot = map[string]bool{"SELECT": true, "DISTINCT": true, "WHERE": true, "AND": true, "OR": true, "NOT": true,
	"ON": true, "BY": true, "HAVING": true, "QUALIFY": true, "SET": true, "WHEN": true, "THEN": true, "ELSE": true,
	"CASE": true, "IN": true, "IS": true, "LIKE": true, "ILIKE": true, "BETWEEN": true, "INTO": true, "FROM": true,
	"JOIN": true, "USING": true, "UPDATE": true, "TABLE": true, "ALL": true, "ANY": true, "RETURNING": true,
	"PARTITION": true, "OVER": true, "TOP": true, "EXCLUDE": true, "RENAME": true, "VALUES": true, "TO": true}

// inPath reports whether token i is a key of a semi-structured path: after
// ':' or in a '.' chain that a ':' started (v:a."b", v:a[0]."b").
func inPath(sig []sqllex.Token, i int) bool {
	for k := i - 1; k >= 0; k-- {
		t := sig[k]
		switch {
		case t.IsOp(":"):
			return true
		case t.IsOp("."), t.Kind == sqllex.Word, t.Kind == sqllex.QuotedIdent, t.Kind == sqllex.Number, t.Kind == sqllex.String,
			t.IsOp("["), t.IsOp("]"):
			if t.Kind == sqllex.Word && k < i-1 && !sig[k+1].IsOp(".") && !sig[k+1].IsOp(":") && !sig[k+1].IsOp("[") {
				return false
			}
			continue
		default:
			return false
		}
	}
	return false
}
