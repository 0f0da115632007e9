package snowlocal_test

import "testing"

// DATEDIFF of a derived table's columns, whose types the rewriter does not
// see: "the number of … boundaries crossed" (docs: DATEDIFF,
// https://docs.snowflake.com/en/sql-reference/functions/datediff), for TIME
// values too (the docs: "date_or_time_expr1 … can be a date, time,
// timestamp"). Two TIMEs failed with DuckDB's "Unimplemented type for cast
// (TIME -> TIMESTAMP)"; a difference of more than 9 digits (a microsecond
// difference of 17 minutes) failed the cast to DECIMAL(9, 0) of a width the
// statement did not choose.
func TestDateDiffOfDerivedColumns(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select datediff(second, a, b) from (select time '10:00:00' a, time '11:30:59' b)", "5459"},
		{"select datediff(minute, a, b) from (select time '10:00:00' a, time '11:30:59' b)", "90"},
		{"select datediff(hour, a, b) from (select time '10:00:00' a, time '11:30:59' b)", "1"},
		{"select datediff(millisecond, a, b) from (select time '10:00:00' a, time '10:00:01.5' b)", "1500"},
		{"select datediff(nanosecond, a, b) from (select time '10:00:00' a, time '10:00:01' b)", "1000000000"},
		{"select datediff(microsecond, a, b) from (select '2024-01-01 10:00:00'::timestamp a, '2024-01-01 10:17:00'::timestamp b)", "1020000000"},
		{"with c as (select min(t) f, max(t) l from (select time '09:59:59' t union all select time '10:00:01')) select datediff(second, f, l) from c", "2"},
	} {
		if got := queryOne(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
}
