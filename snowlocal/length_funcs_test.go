package snowlocal_test

import "testing"

// TestByteLengths: OCTET_LENGTH and BIT_LENGTH (docs: octet_length,
// bit_length: 8 * OCTET_LENGTH) count a string's UTF-8 bytes and a
// BINARY's bytes, NULL for NULL; RTRIMMED_LENGTH (docs: rtrimmed_length)
// drops trailing blanks only. The result precisions are the reference's
// (mlorek/frostlake IntegerFunctionWidthsTest: BIT_LENGTH NUMBER(19,0),
// RTRIMMED_LENGTH NUMBER(18,0)). The engine refused all three before.
func TestByteLengths(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database bl",
		"create table t (id int, s varchar, b binary)",
		"insert into t values (1, 'abc', X'A1B2'), (2, '\\u0394  ', NULL), (3, NULL, X''), (4, ' x', X'00FF00')")
	_, rows := queryRows(t, db, `select id, octet_length(s), bit_length(s), octet_length(b), bit_length(b), rtrimmed_length(s)
		from t order by id`)
	want := "1,3,24,2,16,3|2,4,32,,,1|3,,,0,0,|4,2,16,3,24,2"
	if got := fmtRows(rows); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	for _, tc := range []struct {
		q    string
		prec int64
	}{{"select bit_length(s) from t", 19}, {"select rtrimmed_length(s) from t", 18}} {
		r, err := db.Query(tc.q)
		if err != nil {
			t.Fatal(err)
		}
		cts, _ := r.ColumnTypes()
		r.Close()
		if p, s, ok := cts[0].DecimalSize(); !ok || p != tc.prec || s != 0 {
			t.Errorf("%s: NUMBER(%d,%d) (%v), want NUMBER(%d,0)", tc.q, p, s, ok, tc.prec)
		}
	}
	if got := queryValue(t, db, "select rtrimmed_length(' ABCD ')"); got != "5" {
		t.Errorf("RTRIMMED_LENGTH(' ABCD ') = %s, want 5 (docs)", got)
	}
	// Which characters besides a blank are trailing whitespace the docs do
	// not say; a number's text is Snowflake's output format.
	wantRefused(t, db, "select rtrimmed_length('a' || chr(9))", "RTRIMMED_LENGTH of a string ending in whitespace")
	wantRefused(t, db, "select bit_length(id) from t", "BIT_LENGTH of a value that is not a string or BINARY")
	wantRefused(t, db, "select octet_length(1.5)", "OCTET_LENGTH of a value that is not a string or BINARY")
}
