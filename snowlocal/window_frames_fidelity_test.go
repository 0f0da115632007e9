package snowlocal_test

import "testing"

// TestWindowFramesSnowflakeRejects: frames that
// https://docs.snowflake.com/en/sql-reference/functions-window-syntax
// ("the ORDER BY clause inside the OVER clause is required for window frame
// syntax"; the subset of functions supporting RANGE BETWEEN with explicit
// offsets, not their DISTINCT versions nor COUNT of several arguments or
// t.*; "RANGE BETWEEN 2 PRECEDING AND 4 PRECEDING" and "2 FOLLOWING AND 2
// PRECEDING" "return errors"),
// https://docs.snowflake.com/en/sql-reference/functions/cume_dist ("does
// not support explicit window frames") and
// https://docs.snowflake.com/en/sql-reference/functions/percent_rank
// ("supports range-based window frames with fixed boundaries only") say
// Snowflake rejects. DuckDB answered every one of them; now refused. The
// documented forms still answer.
func TestWindowFramesSnowflakeRejects(t *testing.T) {
	db := open(t)
	const from = ` FROM (SELECT column1 AS k, column2 AS x FROM VALUES (1, 1), (1, 2), (2, 4)) AS t`
	for _, c := range []struct{ call, part string }{
		{`SUM(x) OVER (ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`, "without ORDER BY"},
		{`SUM(x) OVER (PARTITION BY k RANGE UNBOUNDED PRECEDING)`, "without ORDER BY"},
		{`CUME_DIST() OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`, "CUME_DIST with a window frame"},
		{`PERCENT_RANK() OVER (ORDER BY x ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`, "PERCENT_RANK with a window frame"},
		{`PERCENT_RANK() OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)`, "PERCENT_RANK with a window frame"},
		{`NTH_VALUE(x, 1) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)`, "NTH_VALUE with a RANGE frame with an explicit offset"},
		{`SUM(DISTINCT x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)`, "SUM(DISTINCT ...) with a RANGE frame"},
		{`COUNT(x, k) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)`, "COUNT of several arguments"},
		{`COUNT(t.*) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING)`, "COUNT of several arguments or of t.*"},
		{`SUM(x) OVER (ORDER BY x ASC RANGE BETWEEN 2 PRECEDING AND 4 PRECEDING)`, "end precedes its start"},
		{`SUM(x) OVER (ORDER BY x ASC RANGE BETWEEN 2 FOLLOWING AND 2 PRECEDING)`, "end precedes its start"},
	} {
		wantRefused(t, db, `SELECT `+c.call+from, c.part)
	}
	for _, c := range []struct{ q, want string }{
		{`SELECT PERCENT_RANK() OVER (ORDER BY x RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r` + from + ` ORDER BY r DESC LIMIT 1`, "1"},
		{`SELECT PERCENT_RANK() OVER (ORDER BY x RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS r` + from + ` ORDER BY r DESC LIMIT 1`, "1"},
		{`SELECT SUM(x) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS s` + from + ` ORDER BY x LIMIT 1`, "3"},
		{`SELECT COUNT(*) OVER (ORDER BY x RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) AS s` + from + ` ORDER BY x DESC LIMIT 1`, "1"},
		{`SELECT SUM(x) OVER (ORDER BY x ROWS BETWEEN 2 PRECEDING AND 1 PRECEDING) AS s` + from + ` ORDER BY x DESC LIMIT 1`, "3"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}
