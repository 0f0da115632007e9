package snowlocal_test

import "testing"

// REDUCE with a number or string accumulator (docs:
// https://docs.snowflake.com/en/sql-reference/functions/reduce; the type
// rule: rewrite/funcs_lambda_reduce.go). Refused before (002040 REDUCE
// with an accumulator that is not an ARRAY or OBJECT).

// TestReduceScalarAccumulator: the page's number and text examples answer
// as printed, a FLOAT and a VARCHAR: the largest physical type of the
// initial value (an integer literal of one to four bytes, a string) and of
// the lambda's result (a VARIANT in arithmetic is a FLOAT, a VARIANT
// converted to text has no bound).
func TestReduceScalarAccumulator(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database lamr",
		`CREATE TABLE reduce_column_ref_demo AS
		  SELECT [ 1, 2, 3 ] AS col1, 0 AS col2
		  UNION
		  SELECT [ 1, 2, 3 ] AS col1, 10 AS col2`)
	for _, c := range []struct{ query, want string }{
		{`SELECT REDUCE([1,2,3], 0, (acc, val) -> acc + val)`, "6"},
		{`SELECT REDUCE([1,2,3], 10, (acc, val) -> acc + val)`, "16"},
		{`SELECT REDUCE([1,2,3], 0, (acc, val) -> acc + val * val)`, "14"},
		// The NULL items are undefined elements, read as SQL NULL.
		{`SELECT REDUCE([1,NULL,2,NULL,3,4], 0, (acc, val) -> acc + ZEROIFNULL(val))`, "10"},
		{`SELECT REDUCE([5,10,15], 0, (acc, val) -> IFF(val < 7, acc + val * val, acc + val))`, "50"},
		{`SELECT REDUCE(['a', 'b', 'c'], '', (acc, val) -> acc || ' ' || val)`, " a b c"},
		{`SELECT LISTAGG(REDUCE(col1, 10, (acc, val) -> (acc + col2) + val), ',') WITHIN GROUP (ORDER BY col2) FROM reduce_column_ref_demo`, "16,46"},
		// An empty array gives the initial value, a NULL one NULL.
		{`SELECT REDUCE([], 7, (acc, val) -> acc + val)`, "7"},
		{`SELECT REDUCE(NULL, 7, (acc, val) -> acc + val)`, "NULL"},
	} {
		if got := queryValue(t, db, c.query); got != c.want {
			t.Errorf("%s\n got  %q\n want %q", c.query, got, c.want)
		}
	}
	wantColumnsTyped(t, db, `SELECT REDUCE([1,2,3], 0, (acc, val) -> acc + val), REDUCE([1], 10, (acc, val) -> acc + val * 2)`, "REAL")
	wantColumnsTyped(t, db, `SELECT REDUCE(['a'], '', (acc, val) -> acc || val)`, "TEXT")
	for query, what := range map[string]string{
		// A lambda result of another type than the rule gives: refused as
		// the statement binds (also over no row).
		`SELECT REDUCE([1, 2], 0, (acc, val INT) -> acc + val)`:                         "reduce into a float whose lambda result is of another type",
		`SELECT REDUCE(col1, 0, (acc, val) -> acc) FROM reduce_column_ref_demo LIMIT 0`: "reduce into a float whose lambda result is of another type",
		`SELECT REDUCE([1, 2], 'x', (acc, val) -> val)`:                                 "reduce into a text whose lambda result is of another type",
		// DuckDB's quotient of integers would pass for a FLOAT.
		`SELECT REDUCE([1, 2], 0, (acc, val) -> acc / 2 + val)`: "REDUCE into a number whose lambda divides",
		// An initial value the rule does not type.
		`SELECT REDUCE([1, 2], 12345678901, (acc, val) -> acc + val)`: "REDUCE with an accumulator that is not an ARRAY or OBJECT",
		`SELECT REDUCE([1, 2], 1.5, (acc, val) -> acc + val)`:         "REDUCE with an accumulator that is not an ARRAY or OBJECT",
		`SELECT REDUCE(['a'], '', (acc, val) -> acc || 'x')`:          "REDUCE into a text whose lambda does not read the array's element",
		`SELECT REDUCE([1, 2], 0, (acc INT, val) -> acc + val)`:       "REDUCE with a declared type for a scalar accumulator",
	} {
		wantRefused(t, db, query, what)
	}
}
