package rewrite

import (
	"fmt"
	"strings"
)

// TIMESTAMP_DAY_IS_ALWAYS_24H (https://docs.snowflake.com/en/sql-reference/parameters):
// "Specifies whether the DATEADD function (and its aliases) always consider
// a day to be exactly 24 hours for expressions that span multiple days";
// with TRUE "the actual time of day might not be preserved when daylight
// saving time (DST) is in effect" — the page's example adds one day to a
// TIMESTAMP_LTZ across a DST change in America/Los_Angeles and gets 24
// hours of elapsed time (09:00 -0800 + 1 day = 10:00 -0700).
//
// Only a TIMESTAMP_LTZ is concerned: a DATE has no time of day, a
// TIMESTAMP_NTZ no time zone (every day is 24 hours), and a TIMESTAMP_TZ
// keeps its offset through DATEADD (datetime.go), so its days are 24 hours
// either way. The page speaks of a day only: whether WEEK, MONTH, QUARTER
// or YEAR added to a TIMESTAMP_LTZ also count 24-hour days with TRUE is not
// documented, so those are refused with TRUE (when the statement runs).
//
// The parameter is a variable of the session's DuckDB connection
// (snowlocal/params_day24.go), read when a statement runs, so a view or a
// function follows the value of the session that queries it.
func init() {
	prelude = append(prelude,
		`CREATE OR REPLACE TEMP MACRO _SF_DAY_IS_24H() AS coalesce(TRY_CAST(getvariable('sf_timestamp_day_is_always_24h') AS BOOLEAN), false)`,
		// An interval constant (INTERVAL '1 day') is added "in the order
		// listed", increment by increment (docs: Date & time data types,
		// Interval constants); whether its days follow the parameter is not
		// documented, so with TRUE one holding days or larger parts is
		// refused when the statement runs, whatever it is added to.
		`CREATE OR REPLACE TEMP MACRO _SF_INTERVAL_24H(iv) AS CASE WHEN _SF_DAY_IS_24H()
		AND (date_part('year', iv) <> 0 OR date_part('month', iv) <> 0 OR date_part('day', iv) <> 0)
		THEN error('Unsupported feature ''an interval constant of days or larger with TIMESTAMP_DAY_IS_ALWAYS_24H = TRUE'': the local engine does not implement it.')
		ELSE iv END`,
	)
}

// day24Interval is the interval DATEADD adds to a TIMESTAMP_LTZ for part
// (a day or larger) and count n: iv (the calendar interval) unless the
// session's TIMESTAMP_DAY_IS_ALWAYS_24H is TRUE, then n times 24 hours of
// elapsed time for days, and a refusal for larger parts.
func day24Interval(c *call, part, n, iv string) string {
	if part == "day" {
		return fmt.Sprintf("CASE WHEN _SF_DAY_IS_24H() THEN to_hours(CAST(%s AS BIGINT) * 24) ELSE %s END", n, iv)
	}
	return fmt.Sprintf("CASE WHEN _SF_DAY_IS_24H() THEN error('Unsupported feature ''%s of %s to a TIMESTAMP_LTZ with TIMESTAMP_DAY_IS_ALWAYS_24H = TRUE'': the local engine does not implement it.') ELSE %s END",
		c.name, strings.ToUpper(part), iv)
}
