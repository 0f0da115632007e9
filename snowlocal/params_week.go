package snowlocal

import (
	"fmt"
)

// checkWeekParam refuses WEEK_START and WEEK_OF_YEAR_POLICY values other
// than the default 0: DAYOFWEEK, WEEK, YEAROFWEEK, DATE_TRUNC('week') and
// LAST_DAY(..., 'week') compute with the defaults only, so another value
// would change Snowflake's answers and not the engine's. ok reports that
// name is one of them.
func checkWeekParam(name string, raw any) (ok bool, err error) {
	if name != "WEEK_START" && name != "WEEK_OF_YEAR_POLICY" {
		return false, nil
	}
	if n, perr := paramInt(raw); perr == nil && n == 0 {
		return true, nil
	}
	return true, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s = %s in the local engine.", name, fmt.Sprint(raw))
}
