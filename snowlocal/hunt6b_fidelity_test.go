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
	// The session's output formats print the same elements.
	mustExec(t, db, "alter session set date_output_format = 'MON D, YYYY'",
		"alter session set timestamp_ntz_output_format = 'MM/DD/YYYY H:MI'")
	for _, tc := range []struct{ q, want string }{
		{"select '2024-01-05'::date::varchar", "Jan 5, 2024"},
		{"select '2024-01-05 09:05:00'::timestamp_ntz::varchar", "01/05/2024 9:05"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestTryCastOnlyText: TRY_CAST "Only works for string expressions" (docs:
// try_cast, https://docs.snowflake.com/en/sql-reference/functions/try_cast;
// functions-conversion: the TRY_ functions "only support string
// expressions ... as input"). The engine answered TRY_CAST(12.5 AS INT) with
// 13 and TRY_CAST(TRUE AS VARCHAR) with 'true'; the error Snowflake gives is
// not documented, so a number, BOOLEAN, date/time or BINARY operand the
// rewriter sees is refused. Text (and a VARIANT) still converts.
func TestTryCastOnlyText(t *testing.T) {
	db := open(t)
	for _, q := range []string{
		"select try_cast(12.5 as int)",
		"select try_cast(1 as varchar)",
		"select try_cast(true as varchar)",
		"select try_cast(current_date as varchar)",
		"select try_cast(1.5::float as int)",
	} {
		wantRefused(t, db, q, "TRY_CAST")
	}
	for _, tc := range []struct{ q, want string }{
		{"select try_cast('12.5' as int)", "13"},
		{"select try_cast('abc' as int)", "NULL"},
		{"select try_cast('1' || '2' as int)", "12"},
		{"select try_cast(null as int)", "NULL"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}

// TestArrayFlattenNotAnArrayCode: ARRAY_FLATTEN of an ARRAY with an element
// that is not an ARRAY fails with "100107 (22000): Not an array: 'Input
// argument to ARRAY_FLATTEN is not an array of arrays'" (docs:
// array_flatten,
// https://docs.snowflake.com/en/sql-reference/functions/array_flatten). The
// engine gave the text with code 100038.
func TestArrayFlattenNotAnArrayCode(t *testing.T) {
	db := open(t)
	wantError(t, db, "select array_flatten([[1, 2, 3], 4, [5, 6]])", 100107,
		"Not an array: 'Input argument to ARRAY_FLATTEN is not an array of arrays'")
}

// TestAsReal: AS_REAL is AS_DOUBLE's synonym (docs: as_double-real,
// https://docs.snowflake.com/en/sql-reference/functions/as_double-real); the
// AS_<object_type> page's table prints AS_REAL of -17, 123.12 and 1.912e2 as
// the numbers and of JSON null, TRUE, a string, an array and an object as
// NULL (https://docs.snowflake.com/en/sql-reference/functions/as). It was
// refused as an unknown function.
func TestAsReal(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ json, want string }{
		{"-17", "-17"}, {"123.12", "123.12"}, {"1.912e2", "191.2"},
		{"null", "NULL"}, {"true", "NULL"}, {`"Om"`, "NULL"}, {"[-1, 12]", "NULL"}, {`{"z": 10}`, "NULL"},
	} {
		q := "select as_real(parse_json('" + tc.json + "'))"
		if got := queryValue(t, db, q); got != tc.want {
			t.Errorf("%s = %q, want %q", q, got, tc.want)
		}
	}
}

// TestCastToArrayAndObject: "the CAST function and the :: operator call the
// appropriate conversion function" — TO_ARRAY for ARRAY, TO_OBJECT for OBJECT
// — and only a VARIANT, OBJECT or ARRAY casts to them (docs: data type
// conversion, https://docs.snowflake.com/en/sql-reference/data-type-conversion).
// TO_ARRAY returns an ARRAY unchanged, NULL for a JSON null and "a
// single-element array" for any other value (docs: to_array); TO_OBJECT
// returns NULL for a JSON null and fails on what is not an OBJECT (docs:
// to_object). The engine kept the value: {'a':1}::ARRAY answered the OBJECT
// (ARRAY_SIZE NULL), PARSE_JSON('5')::ARRAY answered 5,
// PARSE_JSON('[1,2]')::OBJECT the ARRAY, 'abc'::ARRAY the string, and
// TO_ARRAY(PARSE_JSON('null')) answered [null], TO_OBJECT of it failed.
func TestCastToArrayAndObject(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ q, want string }{
		{"select to_json({'a':1}::array)", `[{"a":1}]`},
		{"select array_size(parse_json('{\"a\":{\"b\":1}}'):a::array)", "1"},
		{"select to_json(parse_json('5')::array)", "[5]"},
		{"select to_json(cast(parse_json('[1,2]') as array))", "[1,2]"},
		{"select to_json(array_construct(1, 2)::array)", "[1,2]"},
		{"select parse_json('null')::array is null", "1"},
		{"select to_array(parse_json('null')) is null", "1"},
		{"select to_object(parse_json('null')) is null", "1"},
		{"select to_json(parse_json('{\"a\":1}')::object)", `{"a":1}`},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
	if _, err := db.Exec("select parse_json('[1,2]')::object"); err == nil {
		t.Errorf("PARSE_JSON('[1,2]')::OBJECT answered; TO_OBJECT fails on an ARRAY")
	}
	wantRefused(t, db, "select 'abc'::array", "ARRAY")
	wantRefused(t, db, "select 1::object", "OBJECT")
}

// TestNumberToDateAndBooleanToFloatRefused: TO_DATE takes text, a TIMESTAMP
// or a VARIANT, "For all other values, a conversion error is generated"
// (docs: to_date, https://docs.snowflake.com/en/sql-reference/functions/to_date);
// TO_DOUBLE takes "a numeric, character, or variant type" (docs: to_double);
// the cast table has neither NUMBER to DATE nor BOOLEAN to FLOAT (docs: data
// type conversion). The engine answered 1::DATE and TO_DATE(1) with
// 1970-01-01 and TRUE::FLOAT with 1. The error's text is not documented:
// refused. A string holding an integer, a VARIANT boolean and a number to
// FLOAT still convert.
func TestNumberToDateAndBooleanToFloatRefused(t *testing.T) {
	db := open(t)
	for _, q := range []string{"select 1::date", "select to_date(1)", "select cast(1.5 as date)",
		"select true::float", "select to_double(false)"} {
		wantRefused(t, db, q, "conversion")
	}
	for _, tc := range []struct{ q, want string }{
		{"select to_date('31536000')::varchar", "1971-01-01"},
		{"select to_double(parse_json('true'))", "1"},
		{"select to_double(2)", "2"},
		{"select to_date('2024-05-10'::timestamp)::varchar", "2024-05-10"},
	} {
		if got := queryValue(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %q, want %q", tc.q, got, tc.want)
		}
	}
}
