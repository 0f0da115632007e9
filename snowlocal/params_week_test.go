package snowlocal_test

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/flurry-dev/flurry/warehouse"
)

// TestWeekParametersPerSession checks that WEEK_START and
// WEEK_OF_YEAR_POLICY change the answers of the session that sets them
// only, reach views when they are queried, go back to the default on UNSET
// and reject values outside their ranges. Expected values follow the docs'
// "Calendar weeks and weekdays" tables (2017-01-02 is a Monday, 2025-04-05
// a Saturday) and TIME_SLICE's usage notes (two-week slices start on
// 1969-12-28 with Sunday weeks, 1969-12-29 with Monday weeks).
func TestWeekParametersPerSession(t *testing.T) {
	ctx := context.Background()
	conn, one, exec := sessionConns(t)
	a, b := conn(), conn()
	defer b.Close()
	exec(a, "create database if not exists wkdb")
	exec(a, "create or replace table wkdb.public.wk (d date)")
	exec(a, "insert into wkdb.public.wk values ('2025-04-05')")
	exec(a, "create or replace view wkdb.public.wk_v as select dayofweek(d) as dow from wkdb.public.wk")

	exec(a, "alter session set week_start = 7")
	for q, want := range map[string]string{
		"select dayofweek('2025-04-05'::date)":                     "7",
		"select date_part('dow', '2025-04-05'::date)":              "7",
		"select extract(dayofweek from '2025-04-05'::date)":        "7",
		"select dayofweekiso('2025-04-05'::date)":                  "6",
		"select dow from wkdb.public.wk_v":                         "7",
		"select time_slice('1970-01-10'::date, 2, 'week')":         "1969-12-28T00:00:00Z",
		"select time_slice('1970-01-11'::date, 2, 'week')":         "1970-01-11T00:00:00Z",
		"select last_day('2025-04-05'::date, 'week')":              "2025-04-05T00:00:00Z",
		"select date_trunc('week', '2025-04-05 10:00'::timestamp)": "2025-03-30T00:00:00Z",
	} {
		if got := one(a, q); got != want {
			t.Errorf("WEEK_START = 7: %s = %s, want %s", q, got, want)
		}
	}
	// The other session keeps the defaults: Saturday is 6, weeks start on Monday.
	for q, want := range map[string]string{
		"select dayofweek('2025-04-05'::date)":             "6",
		"select dow from wkdb.public.wk_v":                 "6",
		"select time_slice('1970-01-11'::date, 2, 'week')": "1969-12-29T00:00:00Z",
		"select time_slice('1970-01-12'::date, 2, 'week')": "1970-01-12T00:00:00Z",
	} {
		if got := one(b, q); got != want {
			t.Errorf("other session: %s = %s, want %s", q, got, want)
		}
	}

	exec(b, "alter session set week_of_year_policy = 1, week_start = 3")
	for q, want := range map[string]string{
		"select date_part('week', '2017-01-02'::date)":          "1",
		"select date_part('yearofweek', '2017-01-02'::date)":    "2017",
		"select date_part('yearofweekiso', '2017-01-01'::date)": "2016",
		"select weekofyear('2017-01-04'::date)":                 "2",
		"select yearofweek('2016-12-31'::date)":                 "2016",
		"select datediff('week', '2017-01-03', '2017-01-04')":   "1",
	} {
		if got := one(b, q); got != want {
			t.Errorf("WEEK_OF_YEAR_POLICY = 1, WEEK_START = 3: %s = %s, want %s", q, got, want)
		}
	}
	exec(b, "alter session set week_of_year_policy = 0")
	if got := one(b, "select week('2017-01-02'::date) || '/' || yearofweek('2017-01-02'::date)"); got != "53/2016" {
		t.Errorf("WEEK_OF_YEAR_POLICY = 0, WEEK_START = 3: week/yearofweek of 2017-01-02 = %s, want 53/2016", got)
	}
	exec(b, "alter session unset week_start")
	if got := one(b, "select week('2017-01-02'::date) || '/' || dayofweek('2017-01-01'::date)"); got != "1/0" {
		t.Errorf("after UNSET WEEK_START: week of 2017-01-02 / dayofweek of 2017-01-01 = %s, want 1/0", got)
	}

	for _, q := range []string{"alter session set week_start = 8", "alter session set week_of_year_policy = 2", "alter session set week_start = 'x'"} {
		_, err := b.ExecContext(ctx, q)
		if err == nil || !strings.Contains(err.Error(), "invalid value") {
			t.Errorf("%s: got %v, want an invalid value error", q, err)
		}
	}

	// A session that ends takes its parameters with it: the next session
	// (which may reuse the same DuckDB connection) has the defaults.
	a.Close()
	c := conn()
	defer c.Close()
	if got := one(c, "select dayofweek('2025-04-05'::date)"); got != "6" {
		t.Errorf("new session after WEEK_START = 7 ended: dayofweek = %s, want 6", got)
	}
}

// sessionConns opens a local engine through warehouse.OpenLocal whose
// connections are sessions (a closed *sql.Conn ends its session), for tests
// of what one session's parameters change: conn opens a session, one reads
// a query's first value (NULL as ""), exec runs a statement; a failure
// ends the test.
func sessionConns(t *testing.T) (conn func() *sql.Conn, one func(*sql.Conn, string) string, exec func(*sql.Conn, string)) {
	t.Helper()
	ctx := context.Background()
	db, err := warehouse.OpenLocal(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	db.SetMaxIdleConns(0) // a closed sql.Conn ends its session
	conn = func() *sql.Conn {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	one = func(c *sql.Conn, q string) string {
		t.Helper()
		var v sql.NullString
		if err := c.QueryRowContext(ctx, q).Scan(&v); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return v.String
	}
	exec = func(c *sql.Conn, q string) {
		t.Helper()
		if _, err := c.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return conn, one, exec
}
