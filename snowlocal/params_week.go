package snowlocal

import (
	"context"
	"fmt"
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

// setWeekParam validates and applies a week parameter. ok reports that name
// is one of them.
func (s *Session) setWeekParam(name string, raw any) (ok bool, err error) {
	def, ok := weekParamVars[name]
	if !ok {
		return false, nil
	}
	n, perr := paramInt(raw)
	if perr != nil || n < 0 || n > def.max {
		return true, Errorf("002036", "22023", "SQL compilation error:\ninvalid value [%v] for parameter '%s'", raw, name)
	}
	if _, err := s.conn.ExecContext(context.Background(), fmt.Sprintf("SET VARIABLE %s = %d", def.variable, n)); err != nil {
		return true, fmt.Errorf("set %s = %d: %w", name, n, err)
	}
	return true, nil
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

// setModeledParam applies a parameter the engine models (params.go) that
// the wire's parameter list does not echo (TIMESTAMP_TYPE_MAPPING): its
// check runs, so a value the engine cannot honour is refused, not ignored.
func (s *Session) setModeledParam(name string, raw any) (ok bool, err error) {
	if _, modeled := sessionParams[name]; !modeled {
		return false, nil
	}
	if _, echoed := sessionParamDefaults[name]; echoed {
		return false, nil
	}
	return true, s.setParam(context.Background(), name, fmt.Sprint(raw))
}
