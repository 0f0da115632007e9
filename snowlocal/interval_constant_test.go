package snowlocal_test

import "testing"

// TestIntervalConstants: interval constants as the docs describe them
// (data-types-datetime, Interval constants): increments separated by
// commas, "added or subtracted in the order listed", a part's default the
// second, the documented abbreviations; a DATE plus date parts is a DATE
// (the page prints TO_DATE('2023-04-15') + INTERVAL '1 year' as
// 2024-04-15), with a time part a timestamp. Before, a constant with
// commas failed (100038) and a DATE plus one was a TIMESTAMP with its
// months added before its days whatever the order.
func TestIntervalConstants(t *testing.T) {
	t.Parallel()
	db := open(t)
	for q, want := range map[string]string{
		"select (to_date('2019-02-28') + interval '1 day, 1 year')::varchar":                "2020-03-01",
		"select (to_date('2019-02-28') + interval '1 year, 1 day')::varchar":                "2020-02-29",
		"select (to_date('2024-01-01') + interval '1 q, 2 w')::varchar":                     "2024-04-15",
		"select (to_date('2024-01-01') + interval '36 hours')::varchar":                     "2024-01-02 12:00:00.000",
		"select (to_timestamp('2024-01-01 10:00:00') + interval '2')::varchar":              "2024-01-01 10:00:02.000",
		"select (to_timestamp('2024-01-01 10:00:00') + interval '1 y, 2 mm, 3 d')::varchar": "2025-03-04 10:00:00.000",
		"select (to_time('04:15:29') + interval '3 hours, 18 minutes')::varchar":            "07:33:29",
		"select (to_timestamp('2024-01-01 10:00:00') - interval '1500 ms, 2 us')::varchar":  "2024-01-01 09:59:58.499", // 09:59:58.499998 at FF3
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	rows, err := db.Query("select to_date('2024-01-01') + interval '1 year' as d, to_date('2024-01-01') + interval '1 hour' as ts")
	if err != nil {
		t.Fatal(err)
	}
	cts, _ := rows.ColumnTypes()
	rows.Close()
	if cts[0].DatabaseTypeName() != "DATE" || cts[1].DatabaseTypeName() != "TIMESTAMP_NTZ" {
		t.Errorf("types %s, %s: want DATE, TIMESTAMP_NTZ", cts[0].DatabaseTypeName(), cts[1].DatabaseTypeName())
	}
	for q, part := range map[string]string{
		// A smaller part before a larger one, not right after a DATE.
		"select to_timestamp('2019-02-28 10:00:00') + interval '1 day, 1 year'": "in the order listed",
		"select interval '1 fortnight' + to_date('2024-01-01')":                 "date or time part 'fortnight'",
		"select to_date('2024-01-01') + interval '1 day 1 year'":                "not an integer and a date or time part",
		"select to_timestamp('2024-01-01') + interval '5 ns'":                   "not whole microseconds",
		// Whether a year or month that lands on a day the month does not
		// have clamps to the month's end, no source says for intervals
		// (the interval data type literal is refused so too).
		"select to_date('2024-01-31') + interval '1 mon'":         "the resulting month does not have",
		"select to_date('2020-03-01') - interval '1 day, 1 year'": "the resulting month does not have",
	} {
		wantRefused(t, db, q, part)
	}
}
