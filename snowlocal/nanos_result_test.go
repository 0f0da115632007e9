package snowlocal_test

import (
	"testing"
	"time"
)

// A TIME or TIMESTAMP with nanoseconds as a result column keeps its nine
// digits (docs: time_from_parts, TIME_FROM_PARTS(12, 34, 56, 987654321) is
// 12:34:56.987654321; Date & time data types, TO_DATE('2025-01-17') +
// INTERVAL '1 y, ..., 445343232 us, 898498273498 ns' is 2027-03-30
// 07:31:32.841505498). Refused before (002040 nanoseconds). Anywhere else
// the engine's microseconds would drop digits: refused.
func TestNanosResultColumn(t *testing.T) {
	db := open(t)
	for _, c := range []struct {
		q, typ string
		want   time.Time
	}{
		{"select time_from_parts(12, 34, 56, 987654321)", "TIME", time.Date(0, 1, 1, 12, 34, 56, 987654321, time.UTC)},
		// Parts outside their ranges carry over, as without nanoseconds.
		{"select time_from_parts(25, -1, 0, 1)", "TIME", time.Date(0, 1, 1, 0, 59, 0, 1, time.UTC)},
		{`select to_date('2025-01-17') + interval
		    '1 y, 3 q, 4 mm, 5 w, 6 d, 7 h, 9 m, 8 s,
		    1000 ms, 445343232 us, 898498273498 ns' as complex_interval2`, "TIMESTAMP_NTZ", time.Date(2027, 3, 30, 7, 31, 32, 841505498, time.UTC)},
		{"select to_date('2025-01-17') - interval '1500 ns'", "TIMESTAMP_NTZ", time.Date(2025, 1, 16, 23, 59, 59, 999998500, time.UTC)},
		// docs: timestamp_from_parts, 2013-04-05 12:00:00.987654321.
		{"select timestamp_ntz_from_parts(2013, 4, 5, 12, 00, 00, 987654321)", "TIMESTAMP_NTZ", time.Date(2013, 4, 5, 12, 0, 0, 987654321, time.UTC)},
		{"select timestamp_from_parts(2013, 4, 5, 12, 0, 0, -1)", "TIMESTAMP_NTZ", time.Date(2013, 4, 5, 11, 59, 59, 999999999, time.UTC)},
	} {
		r, err := db.Query(c.q)
		if err != nil {
			t.Errorf("%s: %v", c.q, err)
			continue
		}
		cts, _ := r.ColumnTypes()
		var got time.Time
		if !r.Next() || r.Scan(&got) != nil {
			t.Errorf("%s: no row", c.q)
		}
		r.Close()
		if typ := cts[0].DatabaseTypeName(); typ != c.typ {
			t.Errorf("%s: typed %s, want %s", c.q, typ, c.typ)
		}
		if c.typ == "TIME" {
			got = time.Date(0, 1, 1, got.Hour(), got.Minute(), got.Second(), got.Nanosecond(), time.UTC)
		}
		if !got.Equal(c.want) {
			t.Errorf("%s: got %v, want %v", c.q, got, c.want)
		}
	}
	mustExec(t, db, "create database nrc", "create table tt (t time)")
	nanos := "nanoseconds"
	for _, q := range []string{
		"select t from (select time_from_parts(12, 34, 56, 987654321) t)",
		"with c as (select time_from_parts(12, 34, 56, 987654321) t) select t from c",
		"select time_from_parts(12, 34, 56, 987654321) union all select time_from_parts(1, 2, 3)",
		"select time_from_parts(12, 34, 56, 987654321) + interval '1 second'",
		"select to_varchar(time_from_parts(12, 34, 56, 987654321))",
		"select time_from_parts(12, 34, 56, 987654321) t where t > time_from_parts(0, 0, 0)",
		"create table c as select time_from_parts(12, 34, 56, 987654321) t",
		"insert into tt select time_from_parts(12, 34, 56, 987654321)",
		"select x from (select to_date('2025-01-17') + interval '1 ns' x)",
		"select to_date('2025-01-17') + interval '1 ns' + interval '1 day'",
		// A date part after the nanoseconds moves from a wall clock the
		// microseconds alone do not give.
		"select to_date('2025-01-17') + interval '1 ns, 1 day'",
		// Beyond TIMESTAMP_NS's years.
		"select to_date('2300-01-01') + interval '1 ns'",
		// TIMESTAMP_FROM_PARTS answered these with the nanoseconds cut
		// (.987654) before.
		"select timestamp_from_parts(2013, 4, 5, 12, 0, 0, 987654321) + interval '1 second'",
		"select dateadd(nanosecond, 1, timestamp_from_parts(2013, 4, 5, 12, 0, 0, 987654321))",
		"select timestamp_ltz_from_parts(2013, 4, 5, 12, 0, 0, 987654321)",
		"select timestamp_tz_from_parts(2013, 4, 5, 12, 0, 0, 987654321, 'America/Los_Angeles')",
		"create table c2 as select timestamp_from_parts(2013, 4, 5, 12, 0, 0, 987654321) t",
	} {
		wantRefused(t, db, q, nanos)
	}
}
