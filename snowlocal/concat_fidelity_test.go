package snowlocal_test

import "testing"

// TestConcatOfAggregatesAndRandom: an operand of || made of a call and
// constants only was written as a scalar subquery (to keep DuckDB from
// typing a NULL constant as an INTEGER), which also held COUNT(*) and
// RANDOM(): `'n' || COUNT(*)` over three rows answered three rows of 'n1'
// (the subquery counted its own one row) where COUNT "Returns … the total
// number of records" (https://docs.snowflake.com/en/sql-reference/functions/count)
// and || "Concatenates two strings"
// (https://docs.snowflake.com/en/sql-reference/functions/concat): one row
// 'n3'; and RANDOM() concatenated with an empty string drew once for all
// rows, where RANDOM "Each call
// returns a pseudo-random 64-bit integer"
// (https://docs.snowflake.com/en/sql-reference/functions/random).
func TestConcatOfAggregatesAndRandom(t *testing.T) {
	db := open(t)
	const three = ` FROM (SELECT column1 AS x FROM VALUES (1), (2), (3))`
	for _, c := range []struct{ q, want string }{
		{`SELECT 'n' || COUNT(*)` + three, "n3"},
		{`SELECT COUNT(*) || 'n'` + three, "3n"},
		{`SELECT 'a' || MAX(x) || 'b'` + three, "a3b"},
		{`SELECT LISTAGG(x::VARCHAR, ',') WITHIN GROUP (ORDER BY x) || '!'` + three, "1,2,3!"},
		{`SELECT COUNT(*) FROM (SELECT 'n' || COUNT(*) AS c` + three + `)`, "1"},
		{`SELECT COUNT(DISTINCT r) FROM (SELECT RANDOM() || '' AS r` + three + `)`, "3"},
		// A NULL constant still concatenates to a text NULL.
		{`SELECT 'x' || LOWER(NULL)`, "<null>"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}
