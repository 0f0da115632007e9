package snowlocal_test

import "testing"

// TestChrCodePoints: CHR and CHAR (docs: chr) of a whole number of any
// numeric type are its character (a NUMBER column was refused before, as
// CHR(DECIMAL(38,0))); an invalid code point, which Snowflake answers with
// an error whose code the docs do not give ("Invalid character code -1 in
// the CHR input"), a number with a fraction and a text value are refused
// (the engine answered -1 with DuckDB's error 100038 "Invalid UTF8
// Codepoint -1" and CHAR(65.7) with 'B').
func TestChrCodePoints(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database chr", "create table t (n number, d number(5,1), s varchar)",
		"insert into t values (65, 67.0, '68'), (null, null, null)")
	_, rows := queryRows(t, db, `select chr(n), char(n), chr(d), chr(8364), chr(1114111) is not null from t order by n`)
	if got, want := fmtRows(rows), "A,A,C,€,1|,,,€,1"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for q, part := range map[string]string{
		"select column1, chr(column1) from (values(-1))":           "CHR of an invalid code point",
		"select column1, chr(column1) from (values(999999999999))": "CHR of an invalid code point",
		"select chr(55296)":    "CHR of an invalid code point",
		"select chr(1114112)":  "CHR of an invalid code point",
		"select char(65.7)":    "CHR of a number with a fraction",
		"select chr(s) from t": "CHR of a text value",
		"select chr('65')":     "CHR of a text value",
	} {
		wantRefused(t, db, q, part)
	}
}
