package snowlocal_test

import "testing"

// TestIntervalMonthSteps: years, quarters and months of an interval
// constant or year-month literal move a date to the same day of another
// month. Where that month has no such day, no source says whether
// Snowflake clamps to its last day (docs: data-types-datetime, Interval
// constants, says only that the increments are added in the order listed;
// DATEADD documents clamping for DATEADD alone). So the engine answers
// where no month step moves the day of the month and refuses (002040) when
// met where one would, wherever the interval is added; where it cannot
// isolate the operand the interval is added to, it refuses the statement.
// Before, a DATE starting the expression refused any day after the 28th
// (2024-01-29 + 1 month) and every other position answered DuckDB's
// clamped day (2024-01-31 + 1 month = 2024-02-29).
func TestIntervalMonthSteps(t *testing.T) {
	t.Parallel()
	db := open(t)
	for q, want := range map[string]string{
		// The docs' examples (Interval constants).
		"select (to_date('2019-02-28') + interval '1 day, 1 year')::varchar": "2020-03-01",
		"select (to_date('2019-02-28') + interval '1 year, 1 day')::varchar": "2020-02-29",
		"select (to_date('2023-04-15') + interval '1 year')::varchar":        "2024-04-15",
		// Days after the 28th that the month reached has.
		"select (to_date('2024-01-29') + interval '1 month')::varchar":                                            "2024-02-29",
		"select (to_date('2024-01-30') + interval '1 year')::varchar":                                             "2025-01-30",
		"select (to_date('2024-01-31') + interval '2 months')::varchar":                                           "2024-03-31",
		"select (to_date('2023-01-29') + interval '1-1' year to month)::varchar":                                  "2024-02-29",
		"select (to_date('2024-03-30') - interval '1' year)::varchar":                                             "2023-03-30",
		"select (to_timestamp_ntz('2024-01-31 10:00:00') + interval '2 months')::varchar":                         "2024-03-31 10:00:00.000",
		"select (to_timestamp_ltz('2024-03-15 10:00:00') - interval '2 years, 3 months')::timestamp_ntz::varchar": "2021-12-15 10:00:00.000",
		// A column whose type the rewriter does not see, a sum before the
		// interval, a function argument, a WHERE clause.
		"select (ts + interval '2 q')::varchar from (select to_timestamp_ntz('2024-01-31 10:00:00') as ts)":                      "2024-07-31 10:00:00.000",
		"select (to_timestamp_ntz('2024-05-30 10:00:00') + interval '1 day' - interval '2 months')::varchar":                     "2024-03-31 10:00:00.000",
		"select to_varchar(dateadd(day, 1, to_timestamp_ntz('2024-01-31 10:00:00') + interval '2 months'))":                      "2024-04-01 10:00:00.000",
		"select count(*) from (select to_timestamp_ntz('2024-03-15 10:00:00') as ts) where ts > ts - interval '1 month'":         "1",
		"select count(*) from (select to_date('2024-03-31') as d) where to_date('2024-03-15') > d - interval '1 year, 2 months'": "1",
		"select (to_timestamp_ntz('2024-01-31 10:00:00') + interval '1 day')::varchar":                                           "2024-02-01 10:00:00.000",
		"select coalesce((null::timestamp_ntz + interval '1 month')::varchar, 'none')":                                           "none",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	rows, err := db.Query("select to_timestamp_ntz('2024-01-15 10:00:00') + interval '1 month' as n, to_timestamp_ltz('2024-01-15 10:00:00') - interval '1 y' as l")
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := rows.ColumnTypes()
	rows.Close()
	if cts[0].DatabaseTypeName() != "TIMESTAMP_NTZ" || cts[1].DatabaseTypeName() != "TIMESTAMP_LTZ" {
		t.Errorf("types %s, %s: want TIMESTAMP_NTZ, TIMESTAMP_LTZ", cts[0].DatabaseTypeName(), cts[1].DatabaseTypeName())
	}
	const moves = "the resulting month does not have"
	for q, part := range map[string]string{
		// A month step that would move the day of the month, when met.
		"select to_timestamp_ntz('2024-01-31 10:00:00') + interval '1 month'":                                            moves,
		"select to_timestamp_ltz('2024-03-31 10:00:00') - interval '1 mon'":                                              moves,
		"select to_timestamp_ntz('2023-12-31 10:00:00') + interval '1 year, 2 months'":                                   moves,
		"select ts - interval '1 month' from (select to_timestamp_ntz('2024-03-31 10:00:00') as ts)":                     moves,
		"select to_timestamp_ntz('2024-05-30 10:00:00') + interval '1 day' - interval '1 month'":                         moves,
		"select to_varchar(to_timestamp_ntz('2024-01-31 10:00:00') + interval '1 month')":                                moves,
		"select count(*) from (select to_timestamp_ntz('2024-03-31 10:00:00') as ts) where ts > ts - interval '1 month'": moves,
		"select count(*) from (select to_date('2024-03-31') as d) where to_date('2024-03-15') > d - interval '1 month'":  moves,
		"select to_date('2024-02-29') + interval '1-1' year to month":                                                    moves,
		// An operand the rewriter cannot isolate.
		"select interval '1 month' + to_timestamp_ntz('2024-01-15 10:00:00')":   "not added to or subtracted from an operand before it",
		"select to_timestamp_ntz('2024-01-15 10:00:00') + (interval '1 month')": "not added to or subtracted from an operand before it",
		"select to_time('10:00:00') + interval '1 month'":                       "added to a TIME",
	} {
		wantRefused(t, db, q, part)
	}
}
