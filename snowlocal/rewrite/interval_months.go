package rewrite

import (
	"fmt"
	"strings"
)

// Years, quarters and months of an interval (a constant, INTERVAL '1
// month', or a year-month literal, INTERVAL '1' MONTH) move a date to the
// same day of another month. Where that month has no such day (2024-01-31
// plus one month) DuckDB clamps to its last day (2024-02-29); no source
// says what Snowflake does for intervals (docs: Date & time data types,
// Interval constants, says only that the increments are added in the order
// listed; DATEADD's page documents clamping for DATEADD, ADD_MONTHS's page
// differs again). So each month step is checked when the statement runs:
// the sum is answered where the step keeps the day of the month (it then
// has one answer whatever the rule), and refused (002040) where it moves it.
// Where the rewriter cannot isolate the operand the interval is added to,
// the constant is refused when the statement is rewritten.

// monthStepMovesDay is the run-time refusal of a month step that would
// move the day of the month (reported as 002040: snowlocal/result.go).
const monthStepMovesDay = "Unsupported feature: years, quarters or months of an interval added to a day of the month that the resulting month does not have (whether Snowflake then takes the month's last day is not documented) in the local engine."

// monthStepMoves is the SQL condition, on x (a DATE or timestamp), that
// adding one of steps months to it moves its day of the month (NULL, not
// true, where x is NULL).
func monthStepMoves(x string, steps []int64) string {
	conds := make([]string, 0, len(steps))
	for _, n := range steps {
		conds = append(conds, fmt.Sprintf("day(%s + to_months(CAST(%d AS INTEGER))) <> day(%s)", x, n, x))
	}
	return strings.Join(conds, " OR ")
}

// monthChecked renders value (SQL over the lambda parameter v) for x bound
// to v, refused when met where adding one of steps months to x would move
// its day of the month.
func monthChecked(x, v string, steps []int64, value string) string {
	return fmt.Sprintf("list_transform([%s], lambda %s: CASE WHEN %s THEN error(%s) ELSE %s END)[1]",
		x, v, monthStepMoves(v, steps), sqlString(monthStepMovesDay), value)
}

// monthSteps are the month counts an interval's increments (in the order
// listed, signed by op) reach, one after another, from the operand: each
// is checked to keep the day, so that the increments add as one step or
// several alike. Empty when there are no years, quarters or months.
func monthSteps(incs []intervalIncrement, op string) []int64 {
	var steps []int64
	var total int64
	for _, inc := range incs {
		if inc.unit.rank != 0 || inc.n == 0 {
			continue
		}
		if inc.unit.duck == "year" {
			total += inc.n * 12
		} else {
			total += inc.n
		}
		if total == 0 || len(steps) > 0 && steps[len(steps)-1] == total {
			continue
		}
		steps = append(steps, total)
	}
	if op == "-" {
		for i := range steps {
			steps[i] = -steps[i]
		}
	}
	return steps
}
