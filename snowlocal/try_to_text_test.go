package snowlocal_test

import "testing"

// TestTryToOnlyText: the TRY_TO_* conversions take text: "The function
// only accepts string expressions" (docs: try_to_double,
// https://docs.snowflake.com/en/sql-reference/functions/try_to_double).
// The engine converted a number, BOOLEAN or date (TRY_TO_DOUBLE(12) was 12);
// such a value it sees is refused now. A text, a VARIANT path and a value
// made text first answer.
func TestTryToOnlyText(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ttt", "create table t (n number(10,2), d date, s varchar, v variant)",
		`insert into t select 1.5, '2024-01-02', '2.5', parse_json('{"x":"3.5"}')`)
	for _, q := range []string{
		"select try_to_double(12)",
		"select try_to_number(1.5)",
		"select try_to_boolean(true)",
		"select try_to_double(n) from t",
		"select try_to_date(d) from t",
		"select try_to_timestamp(current_date())",
		// A value whose type shows only as DuckDB binds the statement.
		"select try_to_double(x) from (select 12 x)",
		"select try_to_double(length(s)) from t",
		"select try_cast(x as int) from (select 12.5 x)",
	} {
		wantRefused(t, db, q, "of a number")
	}
	for _, tc := range []struct{ q, want string }{
		{"select try_to_double('3.1415926')", "3.1415926"}, // the docs' example
		{"select try_to_double('Invalid')", "NULL"},
		{"select try_to_double(s) from t", "2.5"},
		{"select try_to_double(v:x) from t", "3.5"},
		{"select try_to_double(to_varchar(n)) from t", "1.5"},
		{"select try_to_double(x) from (select '1.5' x)", "1.5"},
		{"select try_cast(x as int) from (select '12' x)", "12"},
		{"select try_to_double(x) from (select parse_json('2.5') x)", "2.5"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestSemiStructuredCastOfUnseenType: `::ARRAY`/`::OBJECT` call TO_ARRAY/
// TO_OBJECT, and only a VARIANT, OBJECT or ARRAY converts to them (docs:
// data type conversion, https://docs.snowflake.com/en/sql-reference/
// data-type-conversion). Of a derived table's column, whose type the
// rewriter does not see, a text or number was converted as a VARIANT
// ('abc'::ARRAY answered ["abc"]); now refused when a row reaches it. A
// semi-structured value, or NULL, converts.
func TestSemiStructuredCastOfUnseenType(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select x::array from (select 'abc' x)",
		"select x::object from (select 5 x)",
		"select try_to_double(x) from (select true x)",
	} {
		wantRefused(t, db, q, "")
	}
	for _, tc := range []struct{ q, want string }{
		{"select x::array from (select parse_json('[1,2]') x)", "[\n  1,\n  2\n]"},
		{"select x::array from (select null x)", "NULL"},
		{"select try_to_double(x) from (select null x)", "NULL"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}
