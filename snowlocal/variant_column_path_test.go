package snowlocal_test

import "testing"

// TestPathComparedWithVariantColumn: a path compared by = or != with a
// column that is a VARIANT compares the two as VARIANTs. The docs' JSON
// tutorial inserts only the events whose (device_type, rv) pair is new:
// "where events.device_type = src:device_type and events.rv = value:rv",
// events.rv a column made by value:rv::variant (docs: Tutorial: JSON basics
// for Snowflake,
// https://docs.snowflake.com/en/user-guide/tutorials/json-basics-tutorial).
// The engine read the column as a VARCHAR and cast the path's string value
// back to JSON, which failed for "8070.52,54470.71,...". VARIANT equality
// is by value, 1.0 = 1 TRUE (mlorek/frostlake docs/functions.md, "How
// VARIANT values order and compare", live-verified). A VARCHAR or NUMBER
// column still compares with the path's string value.
func TestPathComparedWithVariantColumn(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d",
		`create table e as select parse_json('"8070.52,54470.71"')::variant as rv, parse_json('1.0') as a, 'x' as s, 5 as n`,
		`create table g as select parse_json('{"rv":"8070.52,54470.71","x":1,"y":2,"s":"x","n":5}') as v`)
	for _, tc := range []struct{ q, want string }{
		{"select count(*) from e, g where e.rv = g.v:rv", "1"},
		{"select count(*) from e, g where g.v:rv = e.rv", "1"},
		{"select count(*) from e, g where e.rv != g.v:rv", "0"},
		{"select e.a = g.v:x from e, g", "1"},
		{"select g.v:x = e.a from e, g", "1"},
		{"select e.a <> g.v:y from e, g", "1"},
		{"select e.s = g.v:s from e, g", "1"},
		{"select g.v:n = e.n from e, g", "1"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestParseJSONLeadingZeros: Snowflake's PARSE_JSON reads an integer part
// written with leading zeros as the number without them: the tutorial's
// event "ACV": 098355 prints 98355 once cast to NUMBER (docs: Tutorial:
// JSON basics for Snowflake). The engine refused the text as malformed JSON.
func TestParseJSONLeadingZeros(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{`select parse_json('{"ACV": 098355}'):ACV::number`, "98355"},
		{`select parse_json('[0, 00, 0.5]')[1]::number`, "0"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}
