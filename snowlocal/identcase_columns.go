package snowlocal

import (
	"context"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake keeps columns whose names differ only in case apart: "a" and
// A are two columns of one table (double-quoted identifiers are
// case-sensitive: https://docs.snowflake.com/en/sql-reference/identifiers-syntax).
// DuckDB cannot hold both: a CREATE TABLE declaring them, or an ALTER
// TABLE adding or renaming one to the other's name, fails with its
// "Column with name A already exists!", and a table or view made from a
// query (or given a column list) renames the later one A_1. These are
// refused (002040) instead.

var reColumnExists = regexp.MustCompile(`Column with name (.+) already exists!`)

func columnCaseRefusal(a, b string) error {
	return containerCaseRefusal("columns whose names differ only in case (" + snowflakeIdent(a) + " and " + snowflakeIdent(b) + ")")
}

// columnExistsCase is the refusal for DuckDB's "already exists" of column
// name when the statement or the table it alters holds a column whose
// name differs from it only in case; nil for a column named twice exactly
// (DuckDB's error stands).
func (s *Session) columnExistsCase(ctx context.Context, words []string, text, name string) error {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return nil
	}
	// The column definitions or the ALTER's action, past the table's name.
	start := indexToken(toks, func(t sqllex.Token) bool { return t.IsOp("(") || t.IsWord("ADD") || t.IsWord("RENAME") })
	if start < 0 {
		return nil
	}
	for _, t := range toks[start:] {
		if isIdentToken(t) && identName(t) != name && strings.EqualFold(identName(t), name) {
			return columnCaseRefusal(identName(t), name)
		}
	}
	if len(words) < 2 || words[0] != "ALTER" || words[1] != "TABLE" {
		return nil
	}
	n, ok := statementObject(words, text)
	if !ok {
		return nil
	}
	db, schema, table, ok := s.qualify(n.parts)
	if !ok {
		return nil
	}
	var other string
	err = s.conn.QueryRowContext(ctx, `SELECT column_name FROM duckdb_columns()
		WHERE table_name = ? AND (database_name = ? AND schema_name = ? OR database_name = 'temp' AND ?)
		AND lower(column_name) = lower(?) AND column_name <> ? LIMIT 1`,
		table, db, schema, len(n.parts) == 1, name, name).Scan(&other)
	if err != nil {
		return nil
	}
	return columnCaseRefusal(other, name)
}

// createdColumnsCase refuses CREATE TABLE ... AS query or CREATE VIEW
// whose columns (its column list's, or the query's result columns) have
// names that differ only in case, and fails one with two columns of one
// name (namesDifferInCase).
func (s *Session) createdColumnsCase(ctx context.Context, text string) error {
	parts, _, _, query := createFromQuery(text) // result_semitype.go
	if parts == nil || len(query) == 0 {
		return nil
	}
	head, err := sqllex.Tokenize(text[:query[0].Pos])
	if err != nil {
		return nil
	}
	var sig []sqllex.Token
	for _, t := range head {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	// The column list: the first name of each item of the parenthesized
	// list before AS.
	var names []string
	if open := indexToken(sig, func(t sqllex.Token) bool { return t.IsOp("(") }); open >= 0 {
		depth := 0
		for k := open; k < len(sig); k++ {
			switch {
			case sig[k].IsOp("("):
				depth++
			case sig[k].IsOp(")"):
				depth--
			case depth == 1 && isIdentToken(sig[k]) && (sig[k-1].IsOp("(") || sig[k-1].IsOp(",")):
				names = append(names, identName(sig[k]))
			}
		}
		return namesDifferInCase(names)
	}
	// The query's result columns: two of one name (`select 1 as a, 2 as
	// a`, `select t.id, u.id`) fail as Snowflake's CTAS and views do, where
	// DuckDB would rename one.
	described, _, ok := s.describeQuery(ctx, text[query[0].Pos:]) // untraced_length.go
	if !ok {
		return nil // the statement itself reports it
	}
	names = append(names, described...)
	return namesDifferInCase(names)
}

// namesDifferInCase refuses two names that differ only in case, and fails
// two of one name (duplicateColumnName).
func namesDifferInCase(names []string) error {
	seen := map[string]string{}
	for _, n := range names {
		if other, ok := seen[strings.ToLower(n)]; ok && other != n {
			return columnCaseRefusal(other, n)
		} else if ok {
			return duplicateColumnName(n)
		}
		seen[strings.ToLower(n)] = n
	}
	return nil
}

func indexToken(toks []sqllex.Token, f func(sqllex.Token) bool) int {
	for i, t := range toks {
		if f(t) {
			return i
		}
	}
	return -1
}

// duplicateColumnName is Snowflake's error for a table or view given two
// columns of one name (a CTAS or view over them, e.g. a dbt model:
// "002025 (42S21): SQL compilation error:\nduplicate column name
// 'CUSTOMER_ID'", as public dbt logs record it).
func duplicateColumnName(name string) error {
	return Errorf("002025", "42S21", "SQL compilation error:\nduplicate column name '%s'", name)
}
