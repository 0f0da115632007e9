package snowlocal_test

import (
	"strings"
	"testing"
)

// compactJSON drops the layout whitespace of a printed VARIANT (no test
// value below holds a string with a blank).
func compactJSON(s string) string {
	return strings.NewReplacer(" ", "", "\n", "", "\t", "").Replace(s)
}

// TestArrayFlattenUndefined: "If array is NULL or contains any elements
// that are NULL, the function returns NULL", and an inner array's NULL
// element is kept as undefined (docs: ARRAY_FLATTEN,
// https://docs.snowflake.com/en/sql-reference/functions/array_flatten:
// ARRAY_FLATTEN([[1, 2, 3], NULL, [5, 6]]) is NULL,
// ARRAY_FLATTEN([[1, 2, 3], [NULL], [5, 6]]) is [1, 2, 3, undefined, 5, 6]).
// Both were refused (an ARRAY constant with a SQL NULL element).
func TestArrayFlattenUndefined(t *testing.T) {
	db := open(t)
	if got := queryValue(t, db, "SELECT ARRAY_FLATTEN([[1, 2, 3], NULL, [5, 6]])"); got != "NULL" {
		t.Errorf("ARRAY_FLATTEN with a NULL element = %q, want NULL", got)
	}
	if got := compactJSON(queryValue(t, db, "SELECT ARRAY_FLATTEN([[1, 2, 3], [NULL], [5, 6]])")); got != "[1,2,3,undefined,5,6]" {
		t.Errorf("ARRAY_FLATTEN with [NULL] = %q, want [1,2,3,undefined,5,6]", got)
	}
	// PARSE_JSON's missing element is an undefined one as well (the
	// reference: "An array HOLE is an undefined element").
	if got := compactJSON(queryValue(t, db, "SELECT ARRAY_FLATTEN(PARSE_JSON('[[1],[2,,3]]'))")); got != "[1,2,undefined,3]" {
		t.Errorf("ARRAY_FLATTEN of [[1],[2,,3]] = %q, want [1,2,undefined,3]", got)
	}
	// An element that is not an array is still the documented error.
	if _, err := db.Exec("SELECT ARRAY_FLATTEN([[1, 2, 3], 4, [NULL]])"); err == nil || !strings.Contains(err.Error(), "Not an array") {
		t.Errorf("ARRAY_FLATTEN with a non-array element: err = %v, want Not an array", err)
	}
}

// TestNestedArrayConstantUndefined: a SQL NULL written in the [...] literal
// is an undefined element, also inside an enclosing literal (reference,
// live-verified: https://github.com/mlorek/frostlake/blob/main/docs/functions.md,
// "The three nulls of the VARIANT layer"; docs: array_flatten prints the
// inner [NULL]'s element as undefined). The enclosing literal was refused.
func TestNestedArrayConstantUndefined(t *testing.T) {
	db := open(t)
	if got := compactJSON(queryValue(t, db, "SELECT [[1], [NULL]]")); got != "[[1],[undefined]]" {
		t.Errorf("[[1], [NULL]] = %q, want [[1],[undefined]]", got)
	}
}

// TestArraySizeCountsUndefined: "ARRAY_SIZE counts it" (reference,
// live-verified: https://github.com/mlorek/frostlake/blob/main/docs/functions.md,
// "The three nulls of the VARIANT layer"; a hole in PARSE_JSON's text is
// one, a trailing comma adds one). Both were refused.
func TestArraySizeCountsUndefined(t *testing.T) {
	db := open(t)
	for q, want := range map[string]string{
		"SELECT ARRAY_SIZE(ARRAY_CONSTRUCT(10, NULL, 30))": "3",
		"SELECT ARRAY_SIZE(PARSE_JSON('[1,,2]'))":          "3",
		"SELECT ARRAY_SIZE(PARSE_JSON('[1,2,]'))":          "3",
		"SELECT ARRAY_SIZE([NULL])":                        "1",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %s", q, got, want)
		}
	}
}

// TestFlattenSkipsUndefined: FLATTEN of PARSE_JSON('[1, ,77]') gives the
// rows of INDEX 0 and 2, the missing element skipped (docs: FLATTEN,
// https://docs.snowflake.com/en/sql-reference/functions/flatten, "note
// that the middle element of the array is missing"). It was refused. THIS,
// the array with its undefined element, which the page prints [1, , 77]
// unlike the undefined the other pages print, stays refused.
func TestFlattenSkipsUndefined(t *testing.T) {
	db := open(t)
	_, rows := queryRows(t, db, "SELECT seq, key, path, index, value FROM TABLE(FLATTEN(INPUT => PARSE_JSON('[1, ,77]'))) f ORDER BY index")
	want := [][]string{{"1", "", "[0]", "0", "1"}, {"1", "", "[2]", "2", "77"}}
	if len(rows) != len(want) {
		t.Fatalf("rows = %q, want %q", rows, want)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, rows[i], want[i])
		}
	}
	// A JSON null element is a value FLATTEN keeps; the undefined one is
	// skipped (the same reference, "FLATTEN skips it while keeping the
	// original INDEX positions").
	_, rows = queryRows(t, db, "SELECT index, TYPEOF(value) FROM TABLE(FLATTEN(INPUT => [1, NULL, PARSE_JSON('null')])) f ORDER BY index")
	if got := len(rows); got != 2 || strings.Join(rows[0], "|") != "0|INTEGER" || strings.Join(rows[1], "|") != "2|NULL_VALUE" {
		t.Errorf("FLATTEN([1, NULL, null]) rows = %q, want 0|INTEGER, 2|NULL_VALUE", rows)
	}
	wantRefused(t, db, "SELECT * FROM TABLE(FLATTEN(INPUT => PARSE_JSON('[1, ,77]'))) f", "undefined")
}
