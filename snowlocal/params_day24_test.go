package snowlocal_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// TestTimestampDayIsAlways24h checks TIMESTAMP_DAY_IS_ALWAYS_24H
// (https://docs.snowflake.com/en/sql-reference/parameters): with TRUE,
// DATEADD (and its aliases TIMEADD and TIMESTAMPADD) of days to a
// TIMESTAMP_LTZ adds 24 hours of elapsed time per day, so across a DST
// change in America/Los_Angeles the time of day moves (the page's example:
// 2018-03-10 09:00 + 1 day = 2018-03-11 10:00 -0700, 2018-11-03 09:00 +
// 1 day = 2018-11-04 08:00 -0800); with FALSE (the default) the wall clock
// keeps 09:00. A TIMESTAMP_NTZ (no time zone), a TIMESTAMP_TZ (a fixed
// offset) and a DATE answer the same either way. Only days are documented:
// WEEK and larger parts on a TIMESTAMP_LTZ are refused with TRUE. The value
// reaches views when they are queried, stays in its session, and SHOW
// PARAMETERS reports it.
func TestTimestampDayIsAlways24h(t *testing.T) {
	ctx := context.Background()
	conn, one, exec := sessionConns(t)
	a, b := conn(), conn()
	defer b.Close()
	for _, c := range []*sql.Conn{a, b} {
		exec(c, "alter session set timezone = 'America/Los_Angeles'")
	}
	exec(a, "create database if not exists d24")
	exec(a, "create or replace table d24.public.t (l timestamp_ltz, n timestamp_ntz, z timestamp_tz, d date)")
	exec(a, "insert into d24.public.t values ('2018-03-10 09:00:00', '2018-03-10 09:00:00', '2018-03-10 09:00:00 -0800', '2018-03-10')")
	exec(a, "create or replace view d24.public.v as select dateadd(day, 1, l)::varchar as r from d24.public.t")

	// Both settings answer these the same way.
	same := map[string]string{
		"select dateadd(day, 1, '2018-03-10 09:00:00'::timestamp_ntz)::varchar":       "2018-03-11 09:00:00.000",
		"select dateadd(day, 1, n)::varchar from d24.public.t":                        "2018-03-11 09:00:00.000",
		"select dateadd(day, 1, '2018-03-10 09:00:00 -0800'::timestamp_tz)::varchar":  "2018-03-11 09:00:00.000 -0800",
		"select dateadd(day, 1, z)::varchar from d24.public.t":                        "2018-03-11 09:00:00.000 -0800",
		"select dateadd(day, 1, d)::varchar from d24.public.t":                        "2018-03-11",
		"select dateadd(day, 1, '2018-03-10'::date)::varchar":                         "2018-03-11",
		"select dateadd(hour, 24, '2018-03-10 09:00:00'::timestamp_ltz)::varchar":     "2018-03-11 10:00:00.000 -0700",
		"select ('2018-03-10 09:00:00'::timestamp_ltz + interval '3 hours')::varchar": "2018-03-10 12:00:00.000 -0800",
		"select dateadd(week, 1, '2018-03-10 09:00:00'::timestamp_ntz)::varchar":      "2018-03-17 09:00:00.000",
		"select dateadd(month, 1, s.n)::varchar from (select n from d24.public.t) s":  "2018-04-10 09:00:00.000",
		"select dateadd(day, 1, s.d)::varchar from (select d from d24.public.t) s":    "2018-03-11",
		"select dateadd(day, 1, '2018-03-11 10:00:00'::timestamp_ltz)::varchar":       "2018-03-12 10:00:00.000 -0700",
	}
	check := func(c *sql.Conn, setting string, want map[string]string) {
		t.Helper()
		for q, w := range want {
			if got := one(c, q); got != w {
				t.Errorf("%s: %s = %s, want %s", setting, q, got, w)
			}
		}
	}
	calendar := map[string]string{
		"select dateadd(day, 1, '2018-03-10 09:00:00'::timestamp_ltz)::varchar":     "2018-03-11 09:00:00.000 -0700",
		"select dateadd(day, 1, '2018-11-03 09:00:00'::timestamp_ltz)::varchar":     "2018-11-04 09:00:00.000 -0800",
		"select timeadd(day, 1, '2018-03-10 09:00:00'::timestamp_ltz)::varchar":     "2018-03-11 09:00:00.000 -0700",
		"select timestampadd(d, -1, '2018-03-11 09:00:00'::timestamp_ltz)::varchar": "2018-03-10 09:00:00.000 -0800",
		"select dateadd(day, 1, l)::varchar from d24.public.t":                      "2018-03-11 09:00:00.000 -0700",
		"select dateadd(day, 1, s.l)::varchar from (select l from d24.public.t) s":  "2018-03-11 09:00:00.000 -0700",
		"select r from d24.public.v":                                                "2018-03-11 09:00:00.000 -0700",
		"select dateadd(week, 1, '2018-03-10 09:00:00'::timestamp_ltz)::varchar":    "2018-03-17 09:00:00.000 -0700",
		"select dateadd(day, 2, '2018-03-10 09:00:00'::timestamp_ltz)::varchar":     "2018-03-12 09:00:00.000 -0700",
	}
	elapsed := map[string]string{
		"select dateadd(day, 1, '2018-03-10 09:00:00'::timestamp_ltz)::varchar":     "2018-03-11 10:00:00.000 -0700",
		"select dateadd(day, 1, '2018-11-03 09:00:00'::timestamp_ltz)::varchar":     "2018-11-04 08:00:00.000 -0800",
		"select timeadd(day, 1, '2018-03-10 09:00:00'::timestamp_ltz)::varchar":     "2018-03-11 10:00:00.000 -0700",
		"select timestampadd(d, -1, '2018-03-11 09:00:00'::timestamp_ltz)::varchar": "2018-03-10 08:00:00.000 -0800",
		"select dateadd(day, 1, l)::varchar from d24.public.t":                      "2018-03-11 10:00:00.000 -0700",
		"select dateadd(day, 1, s.l)::varchar from (select l from d24.public.t) s":  "2018-03-11 10:00:00.000 -0700",
		"select r from d24.public.v":                                                "2018-03-11 10:00:00.000 -0700",
		"select dateadd(day, 2, '2018-03-10 09:00:00'::timestamp_ltz)::varchar":     "2018-03-12 10:00:00.000 -0700",
	}
	check(a, "FALSE", calendar)
	check(a, "FALSE", same)

	exec(a, "alter session set TIMESTAMP_DAY_IS_ALWAYS_24H = true")
	check(a, "TRUE", elapsed)
	check(a, "TRUE", same)
	for _, q := range []string{
		"select dateadd(week, 1, '2018-03-10 09:00:00'::timestamp_ltz)",
		"select dateadd(month, 1, l) from d24.public.t",
		"select dateadd(year, 1, s.l) from (select l from d24.public.t) s",
		// Interval constants are added increment by increment (docs: Date &
		// time data types); whether their days follow the parameter is not
		// documented.
		"select '2018-03-10 09:00:00'::timestamp_ltz + interval '1 day'",
		"select l - interval '2 weeks' from d24.public.t",
	} {
		_, err := a.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), "TIMESTAMP_DAY_IS_ALWAYS_24H") {
			t.Errorf("TRUE: %s: got %v, want 002040 naming TIMESTAMP_DAY_IS_ALWAYS_24H", q, err)
		}
	}
	// A bind's type is not seen when the statement is rewritten, nor is a
	// text's under a TIMESTAMP_TYPE_MAPPING that may make it an LTZ.
	if _, err := a.ExecContext(ctx, "select dateadd(day, 1, ?)", "2018-03-10 09:00:00"); err == nil || !strings.Contains(err.Error(), "002040") {
		t.Errorf("TRUE: DATEADD of days to a bind: got %v, want 002040", err)
	}
	exec(a, "alter session set timestamp_type_mapping = 'TIMESTAMP_LTZ'")
	if _, err := a.ExecContext(ctx, "select dateadd(day, 1, '2018-03-10 09:00:00')"); err == nil || !strings.Contains(err.Error(), "002040") {
		t.Errorf("TRUE, TIMESTAMP_TYPE_MAPPING = TIMESTAMP_LTZ: DATEADD of days to a text: got %v, want 002040", err)
	}
	exec(a, "alter session unset timestamp_type_mapping")

	// SHOW PARAMETERS refuses this one: Snowflake prints its description
	// over two lines, whose line-ending blanks no source shows.
	if _, err := a.ExecContext(ctx, "show parameters like 'TIMESTAMP_DAY_IS_ALWAYS_24H' in session"); err == nil || !strings.Contains(err.Error(), "002040") {
		t.Errorf("SHOW PARAMETERS LIKE 'TIMESTAMP_DAY_IS_ALWAYS_24H': got %v, want 002040", err)
	}

	// The other session keeps the default.
	check(b, "other session", calendar)

	exec(a, "alter session unset TIMESTAMP_DAY_IS_ALWAYS_24H")
	check(a, "after UNSET", calendar)
	exec(a, "alter session set TIMESTAMP_DAY_IS_ALWAYS_24H = true")

	// A session that ends takes its value with it.
	a.Close()
	c := conn()
	defer c.Close()
	exec(c, "alter session set timezone = 'America/Los_Angeles'")
	check(c, "new session after TRUE ended", calendar)
}
