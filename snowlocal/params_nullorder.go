package snowlocal

import (
	"context"
	"fmt"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// DEFAULT_NULL_ORDERING (https://docs.snowflake.com/en/sql-reference/parameters):
// LAST (the default) sorts NULLs last ascending and first descending, FIRST
// the other way round (the ORDER BY page's examples). The session's DuckDB
// connection gets the same default_null_order; NULLS FIRST/LAST in a query
// still wins.
//
// The parameter's page says it orders NULLs "in a result set"; whether it
// also orders them in a window's ORDER BY (OVER), a WITHIN GROUP or a
// function's ORDER BY is not documented, so with FIRST a statement holding
// one is refused (checkNullOrdering).

// duckNullOrder is DuckDB's default_null_order for a DEFAULT_NULL_ORDERING.
func duckNullOrder(v string) string {
	if v == "FIRST" {
		return "nulls_first_on_asc_last_on_desc"
	}
	return "nulls_last_on_asc_first_on_desc"
}

func applyNullOrdering(ctx context.Context, s *Session, v string) error {
	if _, err := s.conn.ExecContext(ctx, "SET SESSION default_null_order = "+quoteString(duckNullOrder(v))); err != nil {
		return fmt.Errorf("set DEFAULT_NULL_ORDERING %s: %w", v, err)
	}
	s.nullsFirst = v == "FIRST"
	return nil
}

// resetNullOrdering puts the connection back to the engine's order before
// it returns to the pool.
func (s *Session) resetNullOrdering() {
	if s.nullsFirst {
		s.conn.ExecContext(context.Background(), "SET SESSION default_null_order = "+quoteString(duckNullOrder("LAST")))
		s.nullsFirst = false
	}
}

// checkNullOrdering refuses, with DEFAULT_NULL_ORDERING = FIRST, an ORDER BY
// inside parentheses other than a subquery's (OVER, WITHIN GROUP, a
// function's arguments).
func (s *Session) checkNullOrdering(text string) error {
	if !s.nullsFirst {
		return nil
	}
	sig, err := sqllex.TokenizeSignificant(text)
	if err != nil {
		return nil // the statement's own parse reports it
	}
	var subquery []bool // per open parenthesis: does a query start there
	for i, t := range sig {
		switch {
		case t.IsOp("("):
			q := i+1 < len(sig) && (sig[i+1].IsWord("SELECT") || sig[i+1].IsWord("WITH") || sig[i+1].IsOp("("))
			subquery = append(subquery, q)
		case t.IsOp(")"):
			if len(subquery) > 0 {
				subquery = subquery[:len(subquery)-1]
			}
		case t.IsWord("ORDER") && i+1 < len(sig) && sig[i+1].IsWord("BY"):
			if len(subquery) > 0 && !subquery[len(subquery)-1] {
				return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ORDER BY in OVER, WITHIN GROUP or a function with DEFAULT_NULL_ORDERING = FIRST' at line %d, position %d: the local engine does not implement it.", t.Line, t.Col-1)
			}
		}
	}
	return nil
}
