package snowlocal_test

import "testing"

// TestSQLFunctionNumberValuesAsReceived: Snowflake ignores the precision
// and scale declared for a SQL function's NUMBER arguments and result and
// uses the value as received (docs: udf-sql-limitations, "Argument and
// return type constraints are sometimes ignored"); the docs print no result
// of such a call. The engine casts to the declared type, so a value the
// cast would change is refused (002040) instead of rounded: before,
// nf(1.234) answered 2.4. A value the type holds answers.
func TestSQLFunctionNumberValuesAsReceived(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database udfv", "use database udfv",
		"create function nf(arg1 number(5,1)) returns number(5,1) as 'arg1 * 2'",
		"create function half(arg1 int) returns number(5,1) as 'arg1 / 4'")
	wantRefused(t, db, "select nf(1.234)", "a SQL function argument ARG1 of type number(5,1)")
	if got := queryValue(t, db, "select nf(1.5)::varchar"); got != "3.0" {
		t.Errorf("nf(1.5) = %s, want 3.0", got)
	}
	// The result too: 1 / 4 is 0.25, which NUMBER(5,1) would round.
	wantRefused(t, db, "select half(1)", "a SQL function result of type number(5,1)")
	if got := queryValue(t, db, "select half(2)::varchar"); got != "0.5" {
		t.Errorf("half(2) = %s, want 0.5", got)
	}
}

// TestSQLFunctionVarcharLengthIgnored: Snowflake ignores the length declared
// for a SQL function's VARCHAR arguments and result; the docs' example
// (udf-sql-limitations: tf(arg1 VARCHAR(1)) RETURNS VARCHAR(1)) "will
// succeed as if the constraint were not specified" for a longer argument,
// printing no result. The engine failed with 100078 (too long); it now
// refuses (002040) a value longer than the declared length and answers one
// that fits.
func TestSQLFunctionVarcharLengthIgnored(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database udfvc", "use database udfvc",
		"create function tf(arg1 varchar(1)) returns varchar(3) as 'arg1 || arg1'",
		"create function echo2(arg1 varchar(5)) returns varchar(5) as 'arg1'")
	wantRefused(t, db, "select tf('ab')", "a SQL function argument ARG1 of type varchar(1)")
	if got := queryValue(t, db, "select tf('é')"); got != "éé" {
		t.Errorf("tf('é') = %q, want éé", got)
	}
	wantRefused(t, db, "select echo2('abcdef')", "longer than its declared length")
	if got := queryValue(t, db, "select echo2(12345)"); got != "12345" {
		t.Errorf("echo2(12345) = %q, want 12345", got)
	}
	if got := queryValue(t, db, "select coalesce(echo2(null), 'n')"); got != "n" {
		t.Errorf("echo2(null) = %q, want n", got)
	}
}
