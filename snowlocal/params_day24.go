package snowlocal

import (
	"context"
	"fmt"
)

// TIMESTAMP_DAY_IS_ALWAYS_24H decides whether DATEADD of days to a
// TIMESTAMP_LTZ adds 24 hours of elapsed time per day (TRUE) or moves the
// wall clock by calendar days (FALSE, the default); see rewrite/day24.go.
// The session keeps it as a variable of its DuckDB connection
// (sf_timestamp_day_is_always_24h), read when a statement runs, so a view
// or function follows the querying session's value, as in Snowflake. A
// connection going back to the pool forgets it (resetParams).

const day24Variable = "sf_timestamp_day_is_always_24h"

// applyDay24 makes a checked value ("true" or "false") take effect on the
// session's connection.
func applyDay24(ctx context.Context, s *Session, v string) error {
	if _, err := s.conn.ExecContext(ctx, fmt.Sprintf("SET VARIABLE %s = %s", day24Variable, v)); err != nil {
		return fmt.Errorf("set TIMESTAMP_DAY_IS_ALWAYS_24H = %s: %w", v, err)
	}
	return nil
}

// resetDay24 forgets the parameter before the connection returns to the
// pool.
func (s *Session) resetDay24() {
	s.conn.ExecContext(context.Background(), "RESET VARIABLE "+day24Variable)
}
