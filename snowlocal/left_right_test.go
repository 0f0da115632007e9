package snowlocal_test

import (
	"database/sql"
	"testing"
)

// TestLeftRightNegativeLength: LEFT and RIGHT of a negative length are an
// empty string, "If the length is a negative number, the function returns an
// empty string" (https://docs.snowflake.com/en/sql-reference/functions/left,
// .../right); a length past the end returns the whole value; NULL in, NULL
// out. The docs' own pattern LEFT(email, POSITION('@' IN email) - 1) thus
// gives ” for an address without '@'.
func TestLeftRightNegativeLength(t *testing.T) {
	db := open(t)
	for q, want := range map[string]sql.NullString{
		"select left('abc', -1)":                               {String: "", Valid: true},
		"select right('abc', -1)":                              {String: "", Valid: true},
		"select left('nobody', position('@' in 'nobody') - 1)": {String: "", Valid: true},
		"select left('some_text@example.com', position('@' in 'some_text@example.com') - 1)": {String: "some_text", Valid: true},
		"select left('ABCDEF', 3)":   {String: "ABC", Valid: true},
		"select right('ABCDEFG', 3)": {String: "EFG", Valid: true},
		"select right('abc', 5)":     {String: "abc", Valid: true},
		"select left(null, 1)":       {},
		"select right('abc', null)":  {},
	} {
		var got sql.NullString
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %v (%v), want %v", q, got, err, want)
		}
	}
}
