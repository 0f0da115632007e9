package snowlocal_test

import "testing"

// TestTypedVariant: a DATE, TIME, TIMESTAMP or BINARY cast to VARIANT keeps
// its type (docs: is_date-value, is_time, is_timestamp: TYPEOF of the
// stored values DATE, TIME, TIMESTAMP_NTZ, TIMESTAMP_LTZ, TIMESTAMP_TZ, the
// VARIANT printing "2024-02-24", "20:57:01", "2023-02-24 12:00:00.456",
// "2020-02-24 15:00:00.123 +0100"; is_binary, "736E6F77"; as_date,
// as_time, as_timestamp, as_binary), read back by IS_* and AS_*; a string
// of the same text stays a VARCHAR. Refused before (002040 a DATE, TIME or
// TIMESTAMP value cast to VARIANT; a BINARY value cast to VARIANT;
// function IS_DATE, AS_DATE ...).
func TestTypedVariant(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database tv", "create table vardttm (id int, v variant)",
		"insert into vardttm select 1, to_variant(to_date('2024-02-24'))",
		"insert into vardttm select 2, to_variant(to_time('20:57:01'))",
		"insert into vardttm select 3, to_variant(to_timestamp('2023-02-24 12:00:00.456'))",
		"insert into vardttm select 4, to_timestamp_ltz('2022-02-24 13:00:00.123 +01:00')::variant",
		"insert into vardttm select 5, to_variant(to_timestamp_tz('2020-02-24 15:00:00.123 +01:00'))",
		"insert into vardttm select 6, to_variant(to_binary('snow', 'utf-8'))",
		"insert into vardttm select 7, to_variant('2024-02-24')",
		"insert into vardttm select 8, parse_json('\"736E6F77\"')",
		"insert into vardttm select 9, NULL")
	_, rows := queryRows(t, db, `select id, v, iff(is_varchar(v), 'VARCHAR', typeof(v)),
		is_date(v), is_date_value(v), is_time(v), is_timestamp_ntz(v), is_timestamp_ltz(v), is_timestamp_tz(v), is_binary(v), is_varchar(v), is_char(v)
		from vardttm order by id`)
	want := `1,"2024-02-24",DATE,1,1,0,0,0,0,0,0,0|` +
		`2,"20:57:01",TIME,0,0,1,0,0,0,0,0,0|` +
		`3,"2023-02-24 12:00:00.456",TIMESTAMP_NTZ,0,0,0,1,0,0,0,0,0|` +
		`4,"2022-02-24 12:00:00.123 +0000",TIMESTAMP_LTZ,0,0,0,0,1,0,0,0,0|` +
		`5,"2020-02-24 15:00:00.123 +0100",TIMESTAMP_TZ,0,0,0,0,0,1,0,0,0|` +
		`6,"736E6F77",BINARY,0,0,0,0,0,0,1,0,0|` +
		`7,"2024-02-24",VARCHAR,0,0,0,0,0,0,0,1,1|` +
		`8,"736E6F77",VARCHAR,0,0,0,0,0,0,0,1,1|` +
		`9,,,,,,,,,,,`
	if got := fmtRows(rows); got != want {
		t.Errorf("IS_*:\ngot  %s\nwant %s", got, want)
	}
	_, rows = queryRows(t, db, `select id, as_date(v)::varchar, as_time(v)::varchar, as_timestamp_ntz(v)::varchar, hex_encode(as_binary(v)), as_varchar(v), as_char(v), v::varchar
		from vardttm order by id`)
	want = `1,2024-02-24,,,,,,2024-02-24|` +
		`2,,20:57:01,,,,,20:57:01|` +
		`3,,,2023-02-24 12:00:00.456,,,,2023-02-24 12:00:00.456|` +
		`4,,,,,,,2022-02-24 12:00:00.123 +0000|` +
		`5,,,,,,,2020-02-24 15:00:00.123 +0100|` +
		`6,,,,736E6F77,,,736E6F77|` +
		`7,,,,,2024-02-24,2024-02-24,2024-02-24|` +
		`8,,,,,736E6F77,736E6F77,736E6F77|` +
		`9,,,,,,,`
	if got := fmtRows(rows); got != want {
		t.Errorf("AS_*:\ngot  %s\nwant %s", got, want)
	}
	wantColumnsTyped(t, db, "select as_date(v) from vardttm", "DATE")
	wantColumnsTyped(t, db, "select as_binary(v) from vardttm", "BINARY")
	for q, part := range map[string]string{
		// A TIME in a VARIANT prints without its fraction (docs: is_time,
		// "20:57:01" of 20:57:01.123456789): from half a second on, whether
		// it rounds is not documented (variant_time_fraction_test.go).
		"select to_variant(to_time('20:57:01.75'))": "a TIME with a fraction of half a second or more cast to VARIANT",
		// Finer than the milliseconds a VARIANT prints.
		"select to_variant(to_timestamp('2023-02-24 12:00:00.4567'))": "a TIMESTAMP with a fraction finer than milliseconds",
		"select to_variant(to_binary(''))":                            "an empty BINARY value cast to VARIANT",
		// Beside other values their order and equality no source gives.
		"select v, count(*) from vardttm group by v":       "the order or equality of a VARIANT holding a DATE",
		"select v = to_variant('2024-02-24') from vardttm": "the order or equality of a VARIANT holding a DATE",
		"select v from vardttm order by v":                 "the order or equality of a VARIANT holding a DATE",
		// A BINARY in an OBJECT or ARRAY is refused, also from a VARIANT.
		"select array_construct(v) from vardttm where id = 6":   "a BINARY value in an OBJECT or ARRAY",
		"select array_append([1], v) from vardttm where id = 6": "ARRAY_APPEND of a BINARY value",
		// The engine would read back a text in the session's zone or with
		// its offset, which no docs example shows.
		"select as_timestamp_ltz(v) from vardttm": "function AS_TIMESTAMP_LTZ",
		"select as_timestamp_tz(v) from vardttm":  "function AS_TIMESTAMP_TZ",
	} {
		wantRefused(t, db, q, part)
	}
}
