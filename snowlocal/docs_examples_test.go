package snowlocal_test

import (
	"errors"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// BASE64_ENCODE / BASE64_DECODE_BINARY with an alphabet: the values of the
// docs' example (sql-reference/functions/base64_decode_binary), whose
// input the docs keep in a session variable (refused locally), written out.
func TestBase64Alphabet(t *testing.T) {
	db := open(t)
	const in = `ABCDEFGHIJKLMNOPQRSTUVWXYZ!@#$%^&*()abcdefghijklmnopqrstuvwzyz1234567890[]{};:,./<>?-=~`
	const b64 = `QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVohQCMkJV4mKigpYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd6eXoxMjM0NTY3ODkwW117fTs6LC4vPD4/LT1$`
	var enc, back string
	err := db.QueryRow(`select base64_encode(to_binary('`+in+`', 'UTF-8'), 0, '$'),
		to_varchar(base64_decode_binary('`+b64+`', '$'), 'UTF-8')`).Scan(&enc, &back)
	if err != nil {
		t.Fatal(err)
	}
	if enc != b64 || back != in {
		t.Errorf("got %q, %q; want the docs' %q, %q", enc, back, b64, in)
	}
	// Line breaks: the docs do not say which separator Snowflake inserts.
	_, err = db.Exec(`select base64_encode('Snowflake ❄❄❄ Snowman ☃☃☃', 32, '$')`)
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2040 || !strings.Contains(se.Message, "BASE64_ENCODE output broken into lines") {
		t.Errorf("line-broken BASE64_ENCODE: got %v, want 002040 naming it", err)
	}
}

// Inputs past what the docs' examples pin down are refused, not guessed:
// INSERT outside the documented positions and lengths (docs: insert), and
// JAROWINKLER_SIMILARITY of strings sharing a prefix longer than the docs'
// longest (sfunc.JaroWinkler).
func TestDocsFunctionRefusals(t *testing.T) {
	db := open(t)
	for _, tc := range []struct{ sql, what string }{
		{"select insert('abc', 5, 0, 'Z')", "INSERT with a position or length outside the string"},
		{"select insert('abc', 2, 5, 'Z')", "INSERT with a position or length outside the string"},
		{"select jarowinkler_similarity('abcdefghij1', 'abcdefghij2')", "JAROWINKLER_SIMILARITY of strings sharing a prefix longer than 7"},
	} {
		_, err := db.Exec(tc.sql)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 2040 || !strings.Contains(se.Message, tc.what) {
			t.Errorf("%s: got %v, want 002040 naming %q", tc.sql, err, tc.what)
		}
	}
	var same int64
	if err := db.QueryRow("select jarowinkler_similarity('Snowflake Computing', 'SNOWFLAKE COMPUTING')").Scan(&same); err != nil || same != 100 {
		t.Errorf("equal strings but for case: %d, %v; want 100 (case-insensitive)", same, err)
	}
}

// LOG(base, x) answers as documented (docs: log) and refuses the inputs
// the docs call errors without giving the error.
func TestLogBase(t *testing.T) {
	db := open(t)
	var v float64
	if err := db.QueryRow("select log(2, 8)").Scan(&v); err != nil || v != 3 {
		t.Errorf("log(2, 8) = %v, %v; want 3", v, err)
	}
	_, err := db.Exec("select log(1, 8)")
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2040 || !strings.Contains(se.Message, "LOG of a base of 1") {
		t.Errorf("log(1, 8): got %v, want 002040", err)
	}
}

// A TIMESTAMP_NTZ inside an ARRAY or OBJECT is its text with milliseconds
// (docs: array_min: "1999-01-01 00:00:00.000"), in constructors, constants
// and ARRAY_AGG alike; a finer fraction, which the docs never show there,
// is refused.
func TestTimestampInSemiStructured(t *testing.T) {
	db := open(t)
	for q, want := range map[string]string{
		"select array_construct('2023-12-09 22:09:26'::timestamp)::varchar":             `["2023-12-09 22:09:26.000"]`,
		"select ['2023-12-09 22:09:26.5'::timestamp]::varchar":                          `["2023-12-09 22:09:26.500"]`,
		"select array_agg(t)::varchar from (select '1999-01-01 00:00:00'::timestamp t)": `["1999-01-01 00:00:00.000"]`,
		"select object_construct('k', '1999-01-01 10:11:12.123'::timestamp)::varchar":   `{"k":"1999-01-01 10:11:12.123"}`,
	} {
		var got string
		if err := db.QueryRow(q).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", q, got, err, want)
		}
	}
	_, err := db.Exec("select array_construct('2023-12-09 22:09:26.123456'::timestamp)")
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 2040 || !strings.Contains(se.Message, "finer than milliseconds") {
		t.Errorf("microseconds in an ARRAY: got %v, want 002040", err)
	}
}
