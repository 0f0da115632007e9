package snowlocal_test

import (
	"strings"
	"testing"
)

// A scalar subquery compared with a text. Snowflake reads a string literal
// compared with a number as a NUMBER(18, s) of its own scale (the
// independent, live-verified reference mlorek/frostlake docs/operators.md:
// 18 = '17.5' is FALSE) and does not recognize a text only DuckDB reads as
// a number (docs: Numeric data types, "Numeric constants",
// https://docs.snowflake.com/en/sql-reference/data-types-numeric; that
// reference: "Numeric value '0x10' is not recognized"). Beside a column
// the engine did so already; beside a scalar subquery DuckDB cast the text
// to the subquery's type: (SELECT 18) = '17.5' and '0x10' = (SELECT 16)
// were TRUE, as were '17.5' IN (SELECT 18) and '0x10' IN (SELECT 16),
// and so were 18 = (SELECT '17.5') and a text CASE longer than 300
// characters = 18, a text that is not a literal
// (refused per value beside a column, as the README's Values bullet says).
// longCase is an INTEGER expression of more than 300 characters, 18.
var longCase = "case " + strings.Repeat("when random() = 2 then 1 ", 14) + "else 18 end"

func TestScalarSubqueryComparedWithText(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sqtn", "create table t (a int, s varchar)",
		"insert into t values (18, '17.5'), (5, '5'), (16, '0x10')")
	for _, tc := range []struct{ q, want string }{
		{"select (select 18) = '17.5'", "0"},
		{"select '17.5' = (select 18)", "0"},
		{"select (select 18) <> '17.5'", "1"},
		{"select '17.50' = (select 17.5)", "1"},
		{"select (select 'x') = '17.5'", "0"}, // two texts
		{"select (select '18') = 18", "1"},
		{"select '17.5' in (select 18)", "0"},
		{"select '17.5' not in (select 18)", "1"},
		{"select '17.5' in (select column1 from values (18), (17.5))", "1"},
		{"select 'a' in (select 'a' union all select 'b')", "1"},
		// A date or time text reads in Snowflake's AUTO formats beside a
		// subquery too (as beside a column: datetime_fidelity_test.go),
		// where DuckDB read '04:00:00 PM' as 04:00.
		{"select '04:00:00 PM' = (select time '16:00:00')", "1"},
		// An operand too long for the macros' lambda (over 300 characters)
		// is typed the same way; DuckDB had cast '17.5' to its INTEGER.
		{"select " + longCase + " = '17.5'", "0"},
		{"select '17.5' = " + longCase, "0"},
		{"select " + longCase + " = '18'", "1"},
		{"select (select time '16:00:00') = '04:00:00 PM'", "1"},
		{"select count(*) from t where a = (select 18)", "1"},
		{"select count(*) from t t1 where t1.a = (select max(s) from t t2 where t2.a = t1.a and t2.a = 5)", "1"},
	} {
		if got := queryOne(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.q, got, tc.want)
		}
	}
	for _, tc := range []struct{ q, text string }{
		{"select '0x10' = (select 16)", "0x10"},
		{"select (select 16) = '0x10'", "0x10"},
		{"select (select '0x10') = 16", "0x10"},
		{"select '0x10' in (select 16)", "0x10"},
		{"select count(*) from t t1 where t1.a = (select max(s) from t t2 where t2.a = t1.a and t2.a = 16)", "0x10"},
	} {
		wantError(t, db, tc.q, 100038, "Numeric value '"+tc.text+"' is not recognized")
	}
	for _, q := range []string{
		"select 18 = (select '17.5')",
		"select (select '17.5') = (select 18)",
		"select case " + strings.Repeat("when random() = 2 then 'x' ", 14) + "else '17.5' end = 18",
	} {
		wantRefused(t, db, q, "a text with a fraction or an exponent compared with an integer")
	}
}
