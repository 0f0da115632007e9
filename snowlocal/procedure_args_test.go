package snowlocal_test

import "testing"

// TestCallArgumentsByNameAndDefaults: CALL takes arguments by name in any
// order (docs: CALL; Calling a stored procedure), and a procedure's
// optional arguments (DEFAULT) take their defaults when left out, by
// position from the end or by name. Mixing names and positions, unknown or
// repeated names and a required argument left out are refused (Snowflake's
// errors are not documented). Before: a syntax error at '=>' and DEFAULT
// refused.
func TestCallArgumentsByNameAndDefaults(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database pargs", "use database pargs",
		`create procedure cat3(first_arg varchar, second_arg varchar, third_arg varchar) returns varchar language sql as
		$$ begin return first_arg || second_arg || third_arg; end; $$`,
		`create procedure build(word varchar, prefix varchar default 'pre-', suffix varchar default upper('-post')) returns varchar language sql as
		$$ begin return prefix || word || suffix; end; $$`)
	for _, c := range []struct{ q, want string }{
		{"call cat3(third_arg => 'c', first_arg => 'a', second_arg => 'b')", "abc"},
		{"call cat3('a', 'b', 'c')", "abc"},
		{"call build('x')", "pre-x-POST"},
		{"call build('x', '<')", "<x-POST"},
		{"call build(suffix => '>', word => 'x')", "pre-x>"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	for q, part := range map[string]string{
		"call cat3('a', second_arg => 'b', third_arg => 'c')":               "arguments both by name and by position",
		"call cat3(first_arg => 'a', second_arg => 'b', fourth_arg => 'c')": "the argument THIRD_ARG not passed",
		"call cat3(first_arg => 'a', first_arg => 'b', third_arg => 'c')":   "named twice",
		"call build(prefix => 'x')":                                         "the argument WORD not passed",
	} {
		wantRefused(t, db, q, part)
	}
	// Another signature of an existing name is an overload in Snowflake
	// (docs: Naming and overloading procedures and UDFs): refused, not a
	// replacement of cat3; the same signature replaces it.
	wantRefused(t, db, "create or replace procedure cat3(a number) returns varchar language sql as $$ begin return 'n'; end $$", "overloading PROCEDURE CAT3")
	if got := queryOne(t, db, "call cat3('a', 'b', 'c')"); got != "abc" {
		t.Errorf("cat3 after the refused overload: %q", got)
	}
	_, err := db.Exec("create or replace procedure build(word varchar) returns varchar language sql as $$ begin return word; end $$")
	snowflakeError(t, err, 949, "Cannot overload PROCEDURE 'BUILD' as it would cause ambiguous PROCEDURE overloading.")
	wantRefused(t, db, "create procedure wrong_order(optional_argument integer default 0, required_argument integer) returns integer language sql as $$ begin return 1; end $$",
		"the required argument REQUIRED_ARGUMENT after an optional one")
}
