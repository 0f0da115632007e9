package snowlocal_test

import (
	"testing"
)

// Text to DATE, TIME and TIMESTAMP under the AUTO input format. Expected
// values: https://docs.snowflake.com/en/sql-reference/date-time-input-output
// ("Supported formats for AUTO detection": each listed format with its
// example; "If no matching format is found, Snowflake returns an error").
// The default output formats print the values: YYYY-MM-DD,
// HH24:MI:SS, YYYY-MM-DD HH24:MI:SS.FF3 [TZHTZM].

// TestAutoFormatsParse: every documented example parses to its value. A
// TIMESTAMP_NTZ ignores the offset (docs, TO_TIMESTAMP: '2024-01-02
// 16:00:00 +00:00' keeps 16:00); AM/PM is ante/post meridiem.
func TestAutoFormatsParse(t *testing.T) {
	db := open(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT TO_VARCHAR('2013-04-28'::DATE)`, "2013-04-28"},
		{`SELECT TO_VARCHAR('17-DEC-1980'::DATE)`, "1980-12-17"},
		{`SELECT TO_VARCHAR('12/17/1980'::DATE)`, "1980-12-17"},
		{`SELECT TO_VARCHAR(TO_DATE('12/17/1980'))`, "1980-12-17"},
		{`SELECT TO_VARCHAR('12/17/1980'::TIMESTAMP_NTZ)`, "1980-12-17 00:00:00.000"},
		{`SELECT TO_VARCHAR('2/18/2008 02:36:48'::TIMESTAMP_NTZ)`, "2008-02-18 02:36:48.000"},
		{`SELECT TO_VARCHAR('2013-04-28T20'::TIMESTAMP_NTZ)`, "2013-04-28 20:00:00.000"},
		{`SELECT TO_VARCHAR('2013-04-28 20'::TIMESTAMP_NTZ)`, "2013-04-28 20:00:00.000"},
		{`SELECT TO_VARCHAR('2013-04-28T20:57'::TIMESTAMP_NTZ)`, "2013-04-28 20:57:00.000"},
		{`SELECT TO_VARCHAR('2013-04-28 20:57:01.123456 +0700'::TIMESTAMP_NTZ)`, "2013-04-28 20:57:01.123"},
		{`SELECT TO_VARCHAR('Thu, 21 Dec 2000 16:01:07 +0200'::TIMESTAMP_NTZ)`, "2000-12-21 16:01:07.000"},
		{`SELECT TO_VARCHAR('Thu, 21 Dec 2000 16:01:07.123456 +0200'::TIMESTAMP_NTZ)`, "2000-12-21 16:01:07.123"},
		{`SELECT TO_VARCHAR('Thu, 21 Dec 2000 04:01:07 PM +0200'::TIMESTAMP_NTZ)`, "2000-12-21 16:01:07.000"},
		{`SELECT TO_VARCHAR('Thu, 21 Dec 2000 04:01:07.123456 PM +0200'::TIMESTAMP_NTZ)`, "2000-12-21 16:01:07.123"},
		{`SELECT TO_VARCHAR('Thu, 21 Dec 2000 16:01:07'::TIMESTAMP_NTZ)`, "2000-12-21 16:01:07.000"},
		{`SELECT TO_VARCHAR('Thu, 21 Dec 2000 04:01:07 PM'::TIMESTAMP_NTZ)`, "2000-12-21 16:01:07.000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP('Mon Jul 08 18:09:51 +0000 2013'))`, "2013-07-08 18:09:51.000"},
		{`SELECT TO_VARCHAR(TRY_TO_DATE('Thu, 21 Dec 2000 16:01:07 +0200'))`, "2000-12-21"},
		// TIMESTAMP_TZ keeps the offset; TIMESTAMP_LTZ is the instant in
		// the session's time zone (UTC here).
		{`SELECT TO_VARCHAR('Thu, 21 Dec 2000 16:01:07 +0200'::TIMESTAMP_TZ)`, "2000-12-21 16:01:07.000 +0200"},
		{`SELECT TO_VARCHAR('Mon Jul 08 18:09:51 +0000 2013'::TIMESTAMP_TZ)`, "2013-07-08 18:09:51.000 +0000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP_TZ('2013-04-28T20:57+07:00'))`, "2013-04-28 20:57:00.000 +0700"},
		{`SELECT TO_VARCHAR('Thu, 21 Dec 2000 16:01:07 +0200'::TIMESTAMP_LTZ)`, "2000-12-21 14:01:07.000 +0000"},
		// TIME: the ISO and the Internet (RFC) 12-hour formats.
		{`SELECT TO_VARCHAR('20:57'::TIME)`, "20:57:00"},
		{`SELECT TO_VARCHAR('20:57:01.123456+07:00'::TIME)`, "20:57:01"},
		{`SELECT TO_VARCHAR('04:01:07 AM'::TIME)`, "04:01:07"},
		{`SELECT TO_VARCHAR('04:01:07 PM'::TIME)`, "16:01:07"},
		{`SELECT TO_VARCHAR(TO_TIME('07:57:01.123456 PM'))`, "19:57:01"},
		{`SELECT TO_VARCHAR(TRY_TO_TIME('04:01 PM'))`, "16:01:00"},
		{`SELECT TO_VARCHAR(TIME('12:01 AM'))`, "00:01:00"},
		{`SELECT TO_VARCHAR(TIME('12:01 PM'))`, "12:01:00"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}

// TestAutoFormatsReject: text in no documented format is an error (TRY_
// forms: NULL), where DuckDB's CAST would read it: special words, slashes
// with the year first ("Slashes imply MM/DD/YYYY format"), an era, a time
// zone name, hour 24 (hours are 00 to 23), a five-digit year (YYYY takes
// up to four digits).
func TestAutoFormatsReject(t *testing.T) {
	db := open(t)
	for _, text := range []string{"infinity", "-infinity", "epoch", "2019/01/02", "2013-04-28 (BC)",
		"2013-04-28 20:57:01 UTC", "2013-04-28 20:57:01 America/New_York", "2013-04-28 24:00:00", "12013-04-28",
		"2013-04-28 04:01:07 PM", "2013-04-28T20:57:01."} {
		for _, q := range []string{
			`SELECT TRY_TO_DATE('` + text + `')`, `SELECT TRY_TO_TIMESTAMP('` + text + `')`,
			`SELECT TRY_TO_TIMESTAMP_LTZ('` + text + `')`, `SELECT TRY_TO_TIMESTAMP_TZ('` + text + `')`,
			`SELECT TRY_CAST('` + text + `' AS DATE)`, `SELECT TRY_CAST('` + text + `' AS TIMESTAMP_NTZ)`,
		} {
			if got := queryOne(t, db, q); got != "<null>" {
				t.Errorf("%s = %q, want NULL", q, got)
			}
		}
	}
	_, err := db.Exec(`SELECT '2019/01/02'::DATE`)
	snowflakeError(t, err, 100040, "Date '2019/01/02' is not recognized")
	_, err = db.Exec(`SELECT 'infinity'::TIMESTAMP_NTZ`)
	snowflakeError(t, err, 100035, "Timestamp 'infinity' is not recognized")
	_, err = db.Exec(`SELECT TO_TIMESTAMP_TZ('epoch')`)
	snowflakeError(t, err, 100035, "Timestamp 'epoch' is not recognized")
	for _, text := range []string{"24:00:00", "allballs", "13:00 PM", "00:30 AM", "20:57:01 UTC"} {
		q := `SELECT TRY_TO_TIME('` + text + `')`
		if got := queryOne(t, db, q); got != "<null>" {
			t.Errorf("%s = %q, want NULL", q, got)
		}
	}
	_, err = db.Exec(`SELECT '24:00:00'::TIME`)
	snowflakeError(t, err, 100108, "Time '24:00:00' is not recognized")
}

// TestToCharFractionDigits: TO_CHAR's FFn prints n digits, and "Specifying
// FF is equivalent to FF9 (nanoseconds)" (docs: "Date and time formats in
// conversion functions"); the engine printed six for FF and FF9 garbled
// the text after it. Digit counts strftime cannot print are refused.
func TestToCharFractionDigits(t *testing.T) {
	db := open(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT TO_CHAR('2024-03-05 14:07:09.123456'::TIMESTAMP_NTZ, 'HH24:MI:SS.FF')`, "14:07:09.123456000"},
		{`SELECT TO_CHAR('2024-03-05 14:07:09.123456'::TIMESTAMP_NTZ, 'SS.FF9 YYYY')`, "09.123456000 2024"},
		{`SELECT TO_CHAR('2024-03-05 14:07:09.123456'::TIMESTAMP_NTZ, 'SS.FF6')`, "09.123456"},
		{`SELECT TO_CHAR('2024-03-05 14:07:09.123456'::TIMESTAMP_NTZ, 'SS.FF3')`, "09.123"},
		{`SELECT TO_VARCHAR('2024-03-05 14:07:09.123456 +01:00'::TIMESTAMP_TZ, 'SS.FF TZH:TZM')`, "09.123456000 +01:00"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	_, err := db.Exec(`SELECT TO_CHAR('2024-03-05 14:07:09.123456'::TIMESTAMP_NTZ, 'SS.FF1')`)
	snowflakeError(t, err, 2040, "FF1")
}

// TestParseMonthNames: "When parsing text, Snowflake accepts the
// three-digit abbreviation or the full month name for both MON and MMMM"
// (docs: date and time input and output formats); the engine read only the
// abbreviation under MON (TRY_: NULL) and only the full name under MMMM.
func TestParseMonthNames(t *testing.T) {
	db := open(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT TO_VARCHAR(TRY_TO_DATE('05-January-2024', 'DD-MON-YYYY'))`, "2024-01-05"},
		{`SELECT TO_VARCHAR(TO_DATE('05-JAN-2024', 'DD-MON-YYYY'))`, "2024-01-05"},
		{`SELECT TO_VARCHAR(TO_DATE('05 Mar 2024', 'DD MMMM YYYY'))`, "2024-03-05"},
		{`SELECT TO_VARCHAR(TO_DATE('05 March 2024', 'DD MMMM YYYY'))`, "2024-03-05"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP('05-September-2024 10:00', 'DD-MON-YYYY HH24:MI'))`, "2024-09-05 10:00:00.000"},
		{`SELECT TO_VARCHAR(TRY_TO_DATE('05 Foo 2024', 'DD MMMM YYYY'))`, "<null>"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
}

// TestCompareDateText: a text compared with a DATE, TIME or timestamp
// converts as text converts under AUTO (docs: date and time input and
// output formats), not by DuckDB's cast: '04:00:00 PM' is 16:00,
// '01/01/2024' is MM/DD/YYYY; 'epoch' or '2019/01/02' (in no documented
// format, an error in Snowflake) is refused rather than read as DuckDB
// reads it (it answered TRUE).
func TestCompareDateText(t *testing.T) {
	db := open(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT '16:00:00'::TIME = '04:00:00 PM'`, "1"},
		{`SELECT '04:00:00 PM' = '16:00:00'::TIME`, "1"},
		{`SELECT '2024-01-01'::DATE = '01/01/2024'`, "1"},
		{`SELECT '2024-01-01'::DATE BETWEEN '12/31/2023' AND '01/02/2024'`, "1"},
		{`SELECT '2000-12-21 16:01:07'::TIMESTAMP_NTZ = 'Thu, 21 Dec 2000 04:01:07 PM +0200'`, "1"},
		{`SELECT COUNT(*) FROM (SELECT '2024-01-01'::DATE d) WHERE d IN ('01/01/2024')`, "1"},
		{`SELECT COUNT(*) FROM (SELECT '2019/01/02' s) WHERE s = '2019/01/02'`, "1"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	for _, q := range []string{
		`SELECT '1970-01-01'::DATE = 'epoch'`,
		`SELECT COUNT(*) FROM (SELECT '2019-01-02'::DATE d) WHERE d = '2019/01/02'`,
		`SELECT '2024-01-01 16:00:00'::TIMESTAMP = '2024-01-01 04:00:00 PM'`,
	} {
		_, err := db.Exec(q)
		snowflakeError(t, err, 2040, "no documented")
	}
}

// TestNumberToTimestampIsSeconds: a NUMBER converted to a timestamp is "the
// number of seconds (or fractions of a second)" since the epoch (docs:
// to_timestamp, numeric_expr; "When an INTEGER value is cast directly to
// TIMESTAMP_NTZ, the integer is interpreted as the number of seconds"),
// whatever its magnitude; only a string holding an integer is read as
// milliseconds, microseconds or nanoseconds by its size (docs: to_date,
// whose example stores its values as "string rather than bigint"). The
// engine read 31536000000 as milliseconds (1971-01-01). A variant's integer
// keeps the size rule (docs: to_timestamp, variant_expr: "An integer
// representing the number of seconds, milliseconds, microseconds, or
// nanoseconds").
func TestNumberToTimestampIsSeconds(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database nts", "create table nts.public.n(i bigint, d number(20,3))",
		"insert into nts.public.n values (31536000000, 1700000000.123)")
	for _, c := range []struct{ q, want string }{
		{`SELECT TO_VARCHAR(TO_TIMESTAMP(31536000000))`, "2969-05-03 00:00:00.000"},
		{`SELECT TO_VARCHAR(31536000000::TIMESTAMP_NTZ)`, "2969-05-03 00:00:00.000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP_NTZ(i)) FROM nts.public.n`, "2969-05-03 00:00:00.000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP_LTZ(i)) FROM nts.public.n`, "2969-05-03 00:00:00.000 +0000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP_TZ(i)) FROM nts.public.n`, "2969-05-03 00:00:00.000 +0000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP(x)) FROM (SELECT i AS x FROM nts.public.n)`, "2969-05-03 00:00:00.000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP_LTZ(d)) FROM nts.public.n`, "2023-11-14 22:13:20.123 +0000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP(-5.5))`, "1969-12-31 23:59:54.500"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP_LTZ(1700000000)) UNION ALL SELECT TO_VARCHAR(TO_TIMESTAMP_LTZ(1700000001)) ORDER BY 1 LIMIT 1`, "2023-11-14 22:13:20.000 +0000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP('31536000000'))`, "1971-01-01 00:00:00.000"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP_NTZ(PARSE_JSON('31536000000')))`, "1971-01-01 00:00:00.000"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	// Past 9999-12-31 the answer is not documented; nanoseconds are not kept.
	wantRefused(t, db, `SELECT TO_TIMESTAMP(253402300800)`, "past the year 9999")
	wantRefused(t, db, `SELECT TO_TIMESTAMP(1.123456789)`, "nanoseconds")
}
