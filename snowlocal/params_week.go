package snowlocal

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// WEEK_START (0-7) and WEEK_OF_YEAR_POLICY (0-1) change what DAYOFWEEK,
// WEEK/WEEKOFYEAR, YEAROFWEEK, DATE_TRUNC/LAST_DAY/DATEDIFF/TIME_SLICE by
// WEEK and the matching DATE_PART parts answer (docs: "Calendar weeks and
// weekdays"). The session keeps them as variables of its DuckDB connection
// (sf_week_start, sf_week_of_year_policy), which the rewriter's macros read
// when a statement runs (rewrite/funcs_week.go) — so a view or function
// follows the parameters of the session that queries it, as in Snowflake.
// A connection going back to the pool forgets them (resetParams).

// weekParamVars are the DuckDB variables of the week parameters, with each
// parameter's largest value.
var weekParamVars = map[string]struct {
	variable string
	max      int
}{
	"WEEK_START":          {"sf_week_start", 7},
	"WEEK_OF_YEAR_POLICY": {"sf_week_of_year_policy", 1},
}

// applyWeekParam makes a checked week parameter (params_table.go bounds
// its value) take effect on the session's connection.
func applyWeekParam(name string) func(context.Context, *Session, string) error {
	def := weekParamVars[name]
	return func(ctx context.Context, s *Session, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > def.max {
			return Errorf("002036", "22023", "SQL compilation error:\ninvalid value [%v] for parameter '%s'", v, name)
		}
		if _, err := s.conn.ExecContext(ctx, fmt.Sprintf("SET VARIABLE %s = %d", def.variable, n)); err != nil {
			return fmt.Errorf("set %s = %d: %w", name, n, err)
		}
		return nil
	}
}

// unsetWeekParam puts a week parameter back to its default (0).
func (s *Session) unsetWeekParam(name string) {
	if def, ok := weekParamVars[strings.ToUpper(name)]; ok {
		s.conn.ExecContext(context.Background(), "RESET VARIABLE "+def.variable)
	}
}

// resetWeekParams forgets the week parameters before the connection
// returns to the pool.
func (s *Session) resetWeekParams() {
	for name := range weekParamVars {
		s.unsetWeekParam(name)
	}
}
