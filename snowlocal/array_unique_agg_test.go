package snowlocal_test

import (
	"sort"
	"strings"
	"testing"
)

// TestArrayUniqueAgg: ARRAY_UNIQUE_AGG (docs: array_unique_agg, and the
// distinct-counts guide) gives the distinct non-NULL values in no set order,
// [] for no rows, per group and over a partition; a VARIANT operand (whose
// equal values Snowflake may write differently) and window frames are
// refused. Refused before.
func TestArrayUniqueAgg(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database aqa", "CREATE TABLE array_unique_agg_test (a INTEGER, s VARCHAR, v VARIANT)",
		"INSERT INTO array_unique_agg_test (a, s) VALUES (5, 'x'), (2, 'y'), (1, 'x'), (2, NULL), (1, 'x'), (NULL, 'x')")
	elems := func(q string) string {
		got := queryValue(t, db, q)
		got = strings.NewReplacer("[", "", "]", "", "\n", "", " ", "").Replace(got)
		parts := strings.Split(got, ",")
		sort.Strings(parts)
		return strings.Join(parts, ",")
	}
	if got := elems("SELECT ARRAY_UNIQUE_AGG(a) FROM array_unique_agg_test"); got != "1,2,5" {
		t.Errorf("ARRAY_UNIQUE_AGG(a) elements %s, want 1,2,5", got)
	}
	if got := elems("SELECT ARRAY_UNIQUE_AGG(s) FROM array_unique_agg_test"); got != `"x","y"` {
		t.Errorf("ARRAY_UNIQUE_AGG(s) elements %s", got)
	}
	if got := queryValue(t, db, "SELECT ARRAY_SIZE(ARRAY_UNIQUE_AGG(a)) FROM array_unique_agg_test"); got != "3" {
		t.Errorf("size %s, want 3", got)
	}
	if got := queryValue(t, db, "SELECT ARRAY_UNIQUE_AGG(a)::varchar FROM array_unique_agg_test WHERE a > 100"); got != "[]" {
		t.Errorf("no rows: %s, want []", got)
	}
	if got := elems("SELECT ARRAY_UNIQUE_AGG(a) OVER (PARTITION BY s) FROM array_unique_agg_test WHERE s = 'x' LIMIT 1"); got != "1,5" {
		t.Errorf("window over s = 'x': %s, want 1,5", got)
	}
	wantRefused(t, db, "SELECT ARRAY_UNIQUE_AGG(v) FROM array_unique_agg_test", "ARRAY_UNIQUE_AGG of a VARIANT")
	wantRefused(t, db, "SELECT ARRAY_UNIQUE_AGG(a) OVER (ORDER BY a) FROM array_unique_agg_test", "ARRAY_UNIQUE_AGG with an ORDER BY or a frame in OVER")
}
