package snowlocal_test

import (
	"testing"
)

// A date or time converted to text without a format — TO_VARCHAR(x),
// x::VARCHAR, x || '…', CONCAT, a value stored into a text column — prints
// in the session's output format (docs: TO_CHAR, "The default is the current
// value of the following session parameters: DATE_OUTPUT_FORMAT (for DATE
// inputs), TIME_OUTPUT_FORMAT (for TIME inputs), TIMESTAMP_OUTPUT_FORMAT (for
// TIMESTAMP inputs)"; docs: parameters, the defaults YYYY-MM-DD, HH24:MI:SS,
// YYYY-MM-DD HH24:MI:SS.FF3 for TIMESTAMP_NTZ_OUTPUT_FORMAT and YYYY-MM-DD
// HH24:MI:SS.FF3 TZHTZM for TIMESTAMP_OUTPUT_FORMAT, which a TIMESTAMP_LTZ
// uses while TIMESTAMP_LTZ_OUTPUT_FORMAT is empty, its default).
func TestDateTimeToTextFollowsOutputFormats(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database fmt", "create table t(ts timestamp_ntz, d date, tm time, s varchar)",
		"insert into t values ('2022-03-07 14:00:00', '2022-03-07', '09:05:01.25', 'x')")
	check := func(query string, want ...string) {
		t.Helper()
		_, rows := queryRows(t, db, query)
		if len(rows) != 1 || len(rows[0]) != len(want) {
			t.Fatalf("%s: got %v, want %v", query, rows, want)
		}
		for i := range want {
			if rows[0][i] != want[i] {
				t.Errorf("%s: column %d = %q, want %q", query, i+1, rows[0][i], want[i])
			}
		}
	}
	check("select ts::varchar, to_varchar(ts), d::string, tm::text, to_char(tm) from t",
		"2022-03-07 14:00:00.000", "2022-03-07 14:00:00.000", "2022-03-07", "09:05:01", "09:05:01")
	check("select s || ts, concat(s, d, tm), concat_ws('/', d, ts) from t",
		"x2022-03-07 14:00:00.000", "x2022-03-0709:05:01", "2022-03-07/2022-03-07 14:00:00.000")
	// Through a CTE, whose column types the rewriter does not see.
	check("with c as (select * from t) select ts || '' from c", "2022-03-07 14:00:00.000")
	// A TIMESTAMP_LTZ in the session's zone, with its offset at the instant.
	mustExec(t, db, "alter session set timezone = 'America/Los_Angeles'")
	check("select '2022-03-07 14:00:00 +00:00'::timestamp_ltz::varchar, '2022-07-07 14:00:00'::timestamp_ltz::varchar",
		"2022-03-07 06:00:00.000 -0800", "2022-07-07 14:00:00.000 -0700")
	// Stored into a text column.
	mustExec(t, db, "create table texts(v varchar)", "insert into texts select ts from t", "insert into texts select d from t")
	_, rows := queryRows(t, db, "select v from texts order by v")
	wantEqual(t, "dates stored as text", rows, [][]string{{"2022-03-07"}, {"2022-03-07 14:00:00.000"}})

	// Session formats: the elements print as TO_CHAR prints them.
	mustExec(t, db, "alter session set timestamp_ntz_output_format = 'DY, DD MON YYYY HH24:MI:SS'",
		"alter session set date_output_format = 'DD/MM/YYYY'", "alter session set time_output_format = 'HH24:MI:SS.FF3'",
		"alter session set timestamp_output_format = 'YYYY-MM-DD HH24:MI TZH:TZM'")
	check("select ts::varchar, d::varchar, tm::varchar, '2022-03-07 14:00:00 +00:00'::timestamp_ltz::varchar from t",
		"Mon, 07 Mar 2022 14:00:00", "07/03/2022", "09:05:01.250", "2022-03-07 06:00 -08:00")
	// FF is FF9.
	mustExec(t, db, "alter session set timestamp_ntz_output_format = 'YYYY-MM-DD HH24:MI:SS.FF'")
	check("select '2022-03-07 14:00:00.5'::timestamp::varchar", "2022-03-07 14:00:00.500000000")
	// A format the engine cannot print exactly is refused where it is used.
	mustExec(t, db, "alter session set timestamp_ntz_output_format = 'YYYY-MM-DD HH24:MI:SS.FF2'")
	wantError(t, db, "select ts::varchar from t", 2040,
		"SQL compilation error:\nUnsupported feature: TIMESTAMP_NTZ output format 'YYYY-MM-DD HH24:MI:SS.FF2' (fraction element FF2) for a value converted to text, in the local engine.")
	check("select d::varchar from t", "07/03/2022")
	// UNSET restores the default.
	mustExec(t, db, "alter session unset timestamp_ntz_output_format", "alter session unset date_output_format")
	check("select ts::varchar, d::varchar from t", "2022-03-07 14:00:00.000", "2022-03-07")
}
