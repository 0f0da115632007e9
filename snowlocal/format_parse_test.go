package snowlocal_test

import (
	"strings"
	"testing"
)

// TestFormattedParseFailure: a text that does not match the format model
// of TO_DATE, TO_TIME or TO_TIMESTAMP* fails with Snowflake's 100096
// "Can't parse '<value>' as <kind> with format '<format>'", value and
// model as written (ibis's Snowflake backend tests record "100096 (22007):
// Can't parse '11/01/10' as timestamp with format '%m/%d/%y'"; frostlake's
// live-measured SnowflakeDateParser uses the same words for date and
// time). The TRY_ forms answer NULL. The engine raised DuckDB's strptime
// error as 100038.
func TestFormattedParseFailure(t *testing.T) {
	db := open(t)
	for _, c := range []struct {
		q, want string
	}{
		{`SELECT TO_DATE('0', 'YYYY-MM-DD')`, "Can't parse '0' as date with format 'YYYY-MM-DD'"},
		{`SELECT TO_TIME('1x:00', 'HH24:MI')`, "Can't parse '1x:00' as time with format 'HH24:MI'"},
		{`SELECT TO_TIMESTAMP('2024-01-0x 10:00', 'YYYY-MM-DD HH24:MI')`, "Can't parse '2024-01-0x 10:00' as timestamp with format 'YYYY-MM-DD HH24:MI'"},
		{`SELECT TO_TIMESTAMP_TZ('2024-01-0x 10:00 +01:00', 'YYYY-MM-DD HH24:MI TZH:TZM')`, "Can't parse '2024-01-0x 10:00 +01:00' as timestamp with format 'YYYY-MM-DD HH24:MI TZH:TZM'"},
		{`SELECT TO_TIMESTAMP_LTZ('13/45/2024', 'mm/dd/yyyy')`, "Can't parse '13/45/2024' as timestamp with format 'mm/dd/yyyy'"},
	} {
		_, err := db.Exec(c.q)
		snowflakeError(t, err, 100096, c.want)
	}
	for _, q := range []string{
		`SELECT TRY_TO_DATE('0', 'YYYY-MM-DD')`, `SELECT TRY_TO_TIME('1x:00', 'HH24:MI')`,
		`SELECT TRY_TO_TIMESTAMP('2024-01-0x 10:00', 'YYYY-MM-DD HH24:MI')`,
	} {
		if got := queryOne(t, db, q); got != "<null>" {
			t.Errorf("%s = %q, want NULL", q, got)
		}
	}
	if got := queryOne(t, db, `SELECT TO_VARCHAR(TO_DATE('2024-01-05', 'YYYY-MM-DD'))`); got != "2024-01-05" {
		t.Errorf("a matching text: %q", got)
	}
}

// TestFormattedParseRefused: a text that matches its model once the
// spaces are taken out is refused, by the TRY_ forms too: the docs
// (date-time-input-output, "Whitespace in values and format specifiers")
// and frostlake's live-measured reader disagree on which of these
// Snowflake accepts. So is a text not matching a model with adjacent
// numeric elements: Snowflake gives digits back ('1152020' under MMDDYYYY
// is 2020-11-05, frostlake's SnowflakeDateParser), strptime does not.
func TestFormattedParseRefused(t *testing.T) {
	db := open(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT TO_TIMESTAMP('2019-02-2823:59:59 -07:00', 'YYYY-MM-DD HH24:MI:SS TZH:TZM')`, "spaces differ"},
		{`SELECT TO_TIMESTAMP('2019-02-28 23:59:59.000 -07:00', 'YYYY-MM-DDHH24:MI:SS.FF TZH:TZM')`, "adjacent numeric elements"},
		{`SELECT TO_TIMESTAMP('2019-02-28 23:59:59.000', 'YYYY-MM-DD HH24:MI:SS.FF3 ')`, "spaces differ"},
		{`SELECT TRY_TO_DATE('2019-02- 28', 'YYYY-MM-DD')`, "spaces differ"},
		{`SELECT TO_DATE('1152020', 'MMDDYYYY')`, "adjacent numeric elements"},
		{`SELECT TRY_TO_DATE('1152020', 'MMDDYYYY')`, "adjacent numeric elements"},
	} {
		_, err := db.Exec(c.q)
		if err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want a 002040 refusal naming %q", c.q, err, c.want)
		}
	}
	if got := queryOne(t, db, `SELECT TO_VARCHAR(TO_DATE('20200115', 'YYYYMMDD'))`); got != "2020-01-15" {
		t.Errorf("YYYYMMDD: %q", got)
	}
}

// TestFormatFFReadsNineDigits: "Specifying FF is equivalent to FF9
// (nanoseconds)" (docs: date and time input and output formats); FF read
// at most six digits, so a nine-digit fraction failed. Nonzero
// nanoseconds stay refused.
func TestFormatFFReadsNineDigits(t *testing.T) {
	db := open(t)
	for _, c := range []struct{ q, want string }{
		{`SELECT TO_VARCHAR(TO_TIMESTAMP('2019-02-28 23:59:59.120000000', 'YYYY-MM-DD HH24:MI:SS.FF'))`, "2019-02-28 23:59:59.120"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP('2019-02-28 23:59:59.5', 'YYYY-MM-DD HH24:MI:SS.FF'))`, "2019-02-28 23:59:59.500"},
		{`SELECT TO_VARCHAR(TO_TIMESTAMP_TZ('2024-01-02 10:00:00.123000000 +01:00', 'YYYY-MM-DD HH24:MI:SS.FF TZH:TZM'))`, "2024-01-02 10:00:00.123 +0100"},
	} {
		if got := queryOne(t, db, c.q); got != c.want {
			t.Errorf("%s = %q, want %q", c.q, got, c.want)
		}
	}
	for _, q := range []string{
		`SELECT TO_TIMESTAMP('2019-02-28 23:59:59.123456789', 'YYYY-MM-DD HH24:MI:SS.FF')`,
		`SELECT TO_TIMESTAMP_TZ('2024-01-02 10:00:00.123456789', 'YYYY-MM-DD HH24:MI:SS.FF')`,
	} {
		_, err := db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: %v, want a 002040 refusal", q, err)
		}
	}
}
