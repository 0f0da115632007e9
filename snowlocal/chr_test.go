package snowlocal_test

import (
	"errors"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestChrCodePoints: CHR and CHAR (docs: chr) of a whole number of any
// numeric type are its character (a NUMBER column was refused before, as
// CHR(DECIMAL(38,0))); an invalid code point fails with the docs' text
// ("Invalid character code -1 in the CHR input"; the docs give no code, the
// engine's is 100000), which the engine refused before (and earlier
// answered with DuckDB's error 100038 "Invalid UTF8 Codepoint -1"). A
// surrogate, a number with a fraction and a text value are refused
// (CHAR(65.7) was 'B').
func TestChrCodePoints(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database chr", "create table t (n number, d number(5,1), s varchar)",
		"insert into t values (65, 67.0, '68'), (null, null, null)", "create table bad (n number)",
		"insert into bad values (65), (-7)")
	_, rows := queryRows(t, db, `select chr(n), char(n), chr(d), chr(8364), chr(1114111) is not null from t order by n`)
	if got, want := fmtRows(rows), "A,A,C,€,1|,,,€,1"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for q, msg := range map[string]string{
		"select column1, chr(column1) from (values(-1))":           "Invalid character code -1 in the CHR input",
		"select column1, chr(column1) from (values(999999999999))": "Invalid character code 999999999999 in the CHR input",
		"select char(1114112)":                                     "Invalid character code 1114112 in the CHR input",
		"select chr(n) from bad":                                   "Invalid character code -7 in the CHR input",
	} {
		err := queryErr(db, q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 100000 || se.SQLState != "22000" || se.Message != msg {
			t.Errorf("%s: want 100000 (22000) %q, got %v", q, msg, err)
		}
	}
	for q, part := range map[string]string{
		"select chr(100000000000000000000)": "CHR of a code point beyond BIGINT",
		"select char(65.7)":                 "CHR of a number with a fraction",
		"select chr(55296)":                 "CHR of a surrogate code point",
		"select chr(s) from t":              "CHR of a text value",
		"select chr('65')":                  "CHR of a text value",
	} {
		wantRefused(t, db, q, part)
	}
}
