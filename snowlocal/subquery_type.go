package snowlocal

import (
	"context"
	"errors"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// A correlated scalar subquery Snowflake answers with "Unsupported
// subquery type cannot be evaluated" (002031) where its tables hold rows
// (rewrite/subquery_type.go states the sources). The rewriter hands such a
// subquery here; the statement is never run. It fails with Snowflake's
// error when the rows settle it, as the independent, live-verified
// reference mlorek/frostlake measured (executor/CorrelatedSubqueryRule.java:
// "a subquery over an empty table is pruned away, and an outer relation of
// at most one row is evaluated row by row ... either way nothing is
// refused"): every table of the subquery holds a row, a table of the
// statement holds more than one, and the statement binds (a name it cannot
// resolve is Snowflake's first error). Anything else keeps the refusal
// (002040).

// unsupportedSubqueryError is the error of the query the rewriter rendered
// as duck, with found the subqueries it handed over.
func (s *Session) unsupportedSubqueryError(ctx context.Context, duck string, found []rewrite.UnsupportedSubquery) error {
	f := found[0]
	refusal := rewriteError(f.Refusal)
	if len(found) != 1 {
		return refusal // which one Snowflake names first is not measured
	}
	for _, t := range f.Inner {
		if n, ok := s.baseTableRows(ctx, t); !ok || n == 0 {
			return refusal
		}
	}
	many := false
	for _, t := range f.Outer {
		n, ok := s.baseTableRows(ctx, t)
		if !ok {
			return refusal
		}
		many = many || n > 1
	}
	if !many {
		return refusal
	}
	rows, err := s.conn.QueryContext(ctx, "DESCRIBE "+strings.TrimRight(strings.TrimSpace(duck), ";"))
	if err != nil {
		return refusal
	}
	rows.Close()
	return rewriteError(f.Err)
}

// baseTableRows is the number of rows of the base table named by parts
// (unquoted ones upper-cased), ok false for a name that is no base table
// of the catalog or that a temporary table shares.
func (s *Session) baseTableRows(ctx context.Context, parts []string) (int64, bool) {
	if len(parts) > 3 {
		return 0, false
	}
	db, schema, name, err := s.Resolve(objectName{parts: parts})
	if err != nil {
		return 0, false
	}
	var tables, temporary int
	if s.conn.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE database_name=? AND schema_name=? AND NOT temporary),
		count(*) FILTER (WHERE temporary) FROM duckdb_tables() WHERE table_name=?`, db, schema, name).Scan(&tables, &temporary) != nil ||
		tables != 1 || temporary != 0 {
		return 0, false
	}
	var n int64
	if s.conn.QueryRowContext(ctx, "SELECT count(*) FROM "+qualified(db, schema, name)).Scan(&n) != nil {
		return 0, false
	}
	return n, true
}

// rewriteError is the rewriter's error e as the session reports it.
func rewriteError(e *rewrite.Error) error {
	msg := e.Message
	if !strings.HasPrefix(msg, "SQL compilation error") {
		msg = "SQL compilation error:\n" + msg
	}
	return Errorf(e.Code, rewriteSQLState(e.Code), "%s", msg)
}

// asRewriteError reports whether err is the rewriter's.
func asRewriteError(err error) (*rewrite.Error, bool) {
	var re *rewrite.Error
	ok := errors.As(err, &re)
	return re, ok
}
