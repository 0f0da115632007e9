package snowlocal

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// caseCollision turns DuckDB's "already exists" for a CREATE whose name
// differs only in case from an existing object ("Tab" and TAB) into a clear
// refusal: Snowflake keeps both (quoted names are case-sensitive), while
// DuckDB resolves names case-insensitively and cannot.
func (s *Session) caseCollision(ctx context.Context, words []string, text string, err error) error {
	var se *Error
	if !errors.As(err, &se) || se.Code != CodeAlreadyExists || len(words) < 2 || words[0] != "CREATE" {
		return err
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

// relationCase reports a table name that exists only with another case:
// Snowflake answers "does not exist" where DuckDB would find the other one.
func (s *Session) relationCase(name string) error {
	var exact, other int
	err := s.conn.QueryRowContext(context.Background(), `SELECT count(*) FILTER (WHERE table_name = $1), count(*) FILTER (WHERE table_name <> $1)
		FROM (SELECT table_name FROM duckdb_tables() WHERE NOT internal
		      UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name <> 'information_schema')
		WHERE lower(table_name) = lower($1)`, name).Scan(&exact, &other)
	if err != nil || exact > 0 || other == 0 || strings.EqualFold(name, "INFORMATION_SCHEMA") {
		return nil
	}
	return fmt.Errorf("SQL compilation error:\nObject '%s' does not exist or not authorized.", name)
}
