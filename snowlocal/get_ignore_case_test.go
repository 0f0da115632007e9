package snowlocal_test

import "testing"

// TestGetIgnoreCase: GET_IGNORE_CASE returns the exact key's value, else
// the one key's equal ignoring case (docs: get_ignore_case). Where several
// keys match only ignoring case, Snowflake returns "one of the matches;
// however, no guarantee can be made on which", so the engine refuses
// (it returned the first, 1, where the docs' example prints 3). A key
// holding a double quote, slash or tilde is found (it failed with a JSON
// path error), and an empty key, which "must not be an empty string", is
// refused, as is a key outside ASCII that no key matches exactly (how
// Snowflake folds the case of other letters no source gives).
func TestGetIgnoreCase(t *testing.T) {
	t.Parallel()
	db := open(t)
	for q, want := range map[string]string{
		`select to_json(get_ignore_case(parse_json('{"aa":1, "aA":2, "Aa":3, "AA":4}'), 'aA'))`: "2",
		`select to_json(get_ignore_case(parse_json('{"Ab":1, "c":2}'), 'aB'))`:                  "1",
		`select to_json(get_ignore_case(parse_json('{"a\\"b":1}'), 'A"B'))`:                     "1",
		`select to_json(get_ignore_case(parse_json('{"c/d~e":null}'), 'C/D~E'))`:                "null",
		`select to_json(get_ignore_case(parse_json('{"x":{"y":[1]}}'), 'X'))`:                   `{"y":[1]}`,
		`select coalesce(to_json(get_ignore_case(parse_json('{"x":1}'), 'q')), 'NULL')`:         "NULL",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
	// Several keys equal ignoring case: "one of the matches" (docs:
	// get_ignore_case prints 3 here), the first in byte order of the keys
	// whatever their order in the text.
	for q, want := range map[string]string{
		`select to_json(get_ignore_case(parse_json('{"aa":1, "aA":2, "Aa":3}'), 'AA'))`: "3",
		`select to_json(get_ignore_case(parse_json('{"Aa":3, "aA":2, "aa":1}'), 'AA'))`: "3",
		`select to_json(get_ignore_case(parse_json('{"aa":1, "aA":2}'), 'AA'))`:         "2",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %s, want %s", q, got, want)
		}
	}
	wantRefused(t, db, `select get_ignore_case(parse_json('{"":1}'), '')`, "GET_IGNORE_CASE of an empty key")
	wantRefused(t, db, `select get_ignore_case(parse_json('{"Éa":1}'), 'éA')`, "GET_IGNORE_CASE of a key outside ASCII")
	if got := queryValue(t, db, `select to_json(get_ignore_case(parse_json('{"Éa":1}'), 'Éa'))`); got != "1" {
		t.Errorf("an exact key outside ASCII = %s, want 1", got)
	}
}
