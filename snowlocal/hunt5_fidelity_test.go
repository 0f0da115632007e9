package snowlocal_test

import (
	"testing"
)

// TestMaxByCountIsArray: MAX_BY and MIN_BY with a count return "an ARRAY
// containing the values of a column for the rows with the highest values",
// sorted by those values (docs: max_by, min_by,
// https://docs.snowflake.com/en/sql-reference/functions/max_by; the
// examples print `[ 900, 2010, 1001 ]`). The engine returned DuckDB's LIST:
// the client read `[30 20]`, TYPEOF of it cast to VARIANT answered DECIMAL
// and the column's type was NUMBER.
func TestMaxByCountIsArray(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database mb", "create table e (id number, sal number)",
		"insert into e values (10, 100), (20, 300), (30, 200), (40, null)")
	for _, tc := range []struct{ q, want string }{
		{"select max_by(id, sal, 2) from e", "[\n  20,\n  30\n]"},
		{"select min_by(id, sal, 2) from e", "[\n  10,\n  30\n]"},
		{"select typeof(max_by(id, sal, 2)::variant) from e", "ARRAY"},
		{"select max_by(id, sal, 2)[1] from e", "30"},
		{"select array_size(min_by(id, sal, 5)) from e", "3"},
		{"select max_by(id, sal) from e", "20"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	_, types, _ := queryAll(t, db, "select max_by(id, sal, 2) a from e")
	if len(types) != 1 || types[0] != "ARRAY" {
		t.Errorf("MAX_BY(id, sal, 2) column type %v, want ARRAY", types)
	}
}

// TestOctalEscapes: a single-quoted constant's `\ooo` is "ASCII character in
// octal notation" and `\0` "An ASCII NUL character" (docs: data-types-text,
// escape sequences, https://docs.snowflake.com/en/sql-reference/data-types-text;
// the example `'-\041-'` prints `-!-`). The engine read `\101` as the
// digits 101 ('-\101-' answered -101-) and failed with a syntax error on
// `\041` and `\0` (a NUL cannot be in a DuckDB literal). The escapes the docs
// do not settle (one or two octal digits, a code above ASCII, `\x` or `\u`
// without their digits) are refused.
func TestOctalEscapes(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{`select '-\101-'`, "-A-"},
		{`select '-\041-'`, "-!-"},
		{`select hex_encode('a\0b')`, "610062"},
		{`select length('\0')`, "1"},
		{`select '\08'`, "\x008"},
		{`select '-\x21-'`, "-!-"},
		{`select '\z'`, "z"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	for _, q := range []string{`select '\1'`, `select 'a\01b'`, `select '\377'`, `select '\xff'`, `select '\x2g'`, `select '\u26c'`} {
		wantRefused(t, db, q, "backslash")
	}
}

// TestGetBit: GETBIT(integer_expr, bit_position) is the bit of the integer
// at the position, from 0 (least significant) to 127 (docs: getbit,
// https://docs.snowflake.com/en/sql-reference/functions/getbit). It was
// refused; what the docs leave open (a negative integer, a position outside
// 0..127, a text argument) still is.
func TestGetBit(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select getbit(11, 100)", "0"},
		{"select getbit(11, 3)", "1"},
		{"select getbit(11, 2)", "0"},
		{"select getbit(11, 0)", "1"},
		{"select getbit(null, 0)", "NULL"},
		{"select getbit(99999999999999999999999999999999999999, 126)", "1"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	for _, q := range []string{"select getbit(-1, 0)", "select getbit(1, 128)", "select getbit('11', 0)"} {
		wantRefused(t, db, q, "GETBIT")
	}
}
