package snowlocal_test

import (
	"testing"
)

// TestToCharSingleLetterElements: the date and time format elements MO, D,
// H24 (and its synonym H), H12, ME and S print "without leading zeros", Y a
// one- or two-digit year by TWO_DIGIT_CENTURY_START, and P the meridiem as A
// or P (docs: conversion functions, date and time formats,
// https://docs.snowflake.com/en/sql-reference/functions-conversion). TO_CHAR
// printed a standalone D, S, H, Y, P or A as the letter itself ('HH12 P' at
// 07:08 answered "07 P", 'YYYY-MM-DD D' answered "2005-03-04 D"). Letters
// inside a word stay text, as the docs print 'hh24:mi hours'; Y, P, A and
// UUUU are refused.
func TestToCharSingleLetterElements(t *testing.T) {
	db := open(t)
	ts := "'2005-03-04 07:08:09'::timestamp"
	for _, tc := range []struct{ format, want string }{
		{"YYYY-MM-DD D", "2005-03-04 4"},
		{"HH24:MI S", "07:08 9"},
		{"H:MI", "7:08"},
		{"MO/D/YYYY", "3/4/2005"},
		{"YYYY H24.ME", "2005 7.8"},
		{"YYYY at HH24 hours", "2005 at 07 hours"},
		{"mm/dd/yyyy, hh24:mi hours", "03/04/2005, 07:08 hours"},
	} {
		q := "select to_char(" + ts + ", '" + tc.format + "')"
		if got := queryValue(t, db, q); got != tc.want {
			t.Errorf("%s = %q, want %q", q, got, tc.want)
		}
	}
	if got, want := queryValue(t, db, "select to_char('2005-03-04 17:08:09'::timestamp, 'YYYY H12:MI PM')"), "2005 5:08 PM"; got != want {
		t.Errorf("H12:MI PM = %q, want %q", got, want)
	}
	for _, format := range []string{"HH12 P", "HH12:MI A", "Y-MM", "MMDDY", "UUUU-MM-DD"} {
		wantRefused(t, db, "select to_char("+ts+", '"+format+"')", "format")
	}
}
