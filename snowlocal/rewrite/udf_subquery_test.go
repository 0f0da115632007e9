package rewrite

import "testing"

// ManyRowsQuery: a query body is one row by construction only when it has
// no FROM or is an aggregate (not a window), without GROUP BY, LIMIT or a
// set operation.
func TestManyRowsQuery(t *testing.T) {
	t.Parallel()
	for body, want := range map[string]bool{
		"SELECT city FROM stores WHERE stores.store_ID = X":                  true,
		" SELECT ANY_VALUE(city) FROM stores WHERE stores.store_ID = X ":     false,
		"(SELECT COUNT(*) FROM t)":                                           false,
		"SELECT COUNT(*) FROM t GROUP BY a":                                  true,
		"SELECT MAX(a) FROM t UNION ALL SELECT 1":                            true,
		"SELECT SUM(a) OVER (ORDER BY a) FROM t":                             true,
		"SELECT MAX(a) FROM t LIMIT 1":                                       true,
		"SELECT (SELECT COUNT(*) FROM u GROUP BY b LIMIT 1) + MIN(a) FROM t": false,
		"SELECT x + 1":                false,
		"SELECT x UNION ALL SELECT x": true,
	} {
		if got := ManyRowsQuery(body); got != want {
			t.Errorf("ManyRowsQuery(%q) = %v, want %v", body, got, want)
		}
	}
}
