package snowlocal_test

import "testing"

// A TIME with a fraction of a second, nanoseconds included, cast to
// VARIANT: the VARIANT prints it in whole seconds and TYPEOF / IS_TIME read
// it as a TIME (docs: is_time, is_date-value, is_timestamp, whose tables
// load TO_VARIANT(TO_TIME('20:57:01.123456789+07:00')) and print
// "20:57:01", TIME; session time zone US Pacific). Refused before (002040
// nanoseconds; a TIME with a fraction of a second cast to VARIANT). The
// reads that would give the value back without the fraction Snowflake
// keeps are refused.
func TestVariantTimeFraction(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database vtf", "alter session set timezone = 'America/Los_Angeles'",
		"create table vardttm (v variant)",
		"insert into vardttm select to_variant(to_date('2024-02-24'))",
		"insert into vardttm select to_variant(to_time('20:57:01.123456789+07:00'))",
		"insert into vardttm select to_variant(to_timestamp('2023-02-24 12:00:00.456'))",
		"insert into vardttm select to_variant(to_timestamp_ltz('2022-02-24 13:00:00.123 +01:00'))",
		"insert into vardttm select to_variant(to_timestamp_ntz('2021-02-24 14:00:00.123 +01:00'))",
		"insert into vardttm select to_variant(to_timestamp_tz('2020-02-24 15:00:00.123 +01:00'))")
	for q, want := range map[string]string{
		"select v, typeof(v) as type from vardttm": `"2024-02-24",DATE|"20:57:01",TIME|"2023-02-24 12:00:00.456",TIMESTAMP_NTZ|` +
			`"2022-02-24 04:00:00.123 -0800",TIMESTAMP_LTZ|"2021-02-24 14:00:00.123",TIMESTAMP_NTZ|"2020-02-24 15:00:00.123 +0100",TIMESTAMP_TZ`,
		"select v from vardttm where is_time(v)":          `"20:57:01"`,
		"select v from vardttm where is_date(v)":          `"2024-02-24"`,
		"select * from vardttm where is_timestamp_ntz(v)": `"2023-02-24 12:00:00.456"|"2021-02-24 14:00:00.123"`,
		// A fraction of microseconds alone, and a TIME of whole seconds.
		"select to_variant(to_time('20:57:01.25')), typeof(to_variant(to_time('20:57:01.25')))":     `"20:57:01",TIME`,
		"select to_variant(to_time('20:57:01.000000000')), typeof(to_variant(to_time('20:57:01')))": `"20:57:01",TIME`,
	} {
		if _, rows := queryRows(t, db, q); fmtRows(rows) != want {
			t.Errorf("%s:\ngot  %s\nwant %s", q, fmtRows(rows), want)
		}
	}
	lost := "a VARIANT holding a TIME with a fraction of a second, read back as a TIME or text"
	for q, part := range map[string]string{
		"select as_time(v) from vardttm where is_time(v)":                      lost,
		"select v::time from vardttm where is_time(v)":                         lost,
		"select try_cast(v as time) from vardttm where is_time(v)":             lost,
		"select x::time from (select v x from vardttm where is_time(v))":       lost,
		"select v::variant::time from vardttm where is_time(v)":                lost,
		"select to_time(v) from vardttm where is_time(v)":                      lost,
		"select v::varchar from vardttm where is_time(v)":                      lost,
		"select to_varchar(v) from vardttm where is_time(v)":                   lost,
		"select v = v from vardttm where is_time(v)":                           "the order or equality of a VARIANT holding",
		"select to_variant(to_time('20:57:01.5'))":                             "a TIME with a fraction of half a second or more cast to VARIANT",
		"select to_variant(try_to_time('20:57:01.123456789'))":                 "nanoseconds",
		"select to_time('20:57:01.123456789')":                                 "nanoseconds",
		"select to_variant(to_time('20:57:01.123456789')) v, as_time(v)":       "AS_TIME of an argument the engine does not know to be a VARIANT",
		"select as_time(to_variant(to_time('20:57:01.123456789+07:00'))) as t": lost,
	} {
		wantRefused(t, db, q, part)
	}
}
