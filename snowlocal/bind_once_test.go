package snowlocal_test

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/flurry-dev/flurry/snowlocal"
)

// TestBindOnceMacrosMatchTheirMacros: _SF_CAT_OPERAND_ONCE (the
// rewriter's form for a constant operand of || or CONCAT, bound once
// through a lambda to cut its prepare time: BENCHMARKS round 18) gives the
// values, DuckDB types and errors of _SF_CAT_OPERAND, over constants and columns of
// every type the engine keeps: NULLs, zone offsets, TIMESTAMP_TZ structs,
// NUMBERs, FLOATs, VARIANTs, binaries, booleans, edge values. A
// differential test: both sides are the engine's own macros on DuckDB.
func TestBindOnceMacrosMatchTheirMacros(t *testing.T) {
	t.Parallel()
	e, err := snowlocal.Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	ctx := context.Background()
	conn, err := e.DB().Conn(ctx) // one connection: SET TimeZone below holds for every query
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	values := []string{
		"NULL", "CAST(NULL AS VARCHAR)", "CAST(NULL AS DECIMAL(10, 2))", "CAST(NULL AS TIMESTAMPTZ)",
		"'abc'", "''", "'ünï ß'", "42", "-1", "CAST(0 AS BIGINT)", "CAST(9223372036854775807 AS BIGINT)",
		"CAST(1.50 AS DECIMAL(10, 2))", "CAST(-99999999999999999999999999999999999999 AS DECIMAL(38, 0))",
		"CAST(1.5e300 AS DOUBLE)", "CAST(-0.0 AS DOUBLE)", "CAST('nan' AS DOUBLE)", "CAST('inf' AS FLOAT)", "CAST(0.1 AS FLOAT)",
		"TRUE", "FALSE", "DATE '2017-01-02'", "DATE '0001-01-01'", "TIME '23:59:59.999999'",
		"TIMESTAMP '1999-01-01 10:11:12.123456'", "TIMESTAMP '9999-12-31 23:59:59'",
		"TIMESTAMPTZ '2023-11-14 22:13:20+05:30'", "TIMESTAMPTZ '1969-12-31 23:59:59.5-08:00'",
		"{'sf_tz_utc': TIMESTAMPTZ '2024-03-10 10:00:00+00', 'sf_tz_off': -480}",
		"{'sf_tz_utc': TIMESTAMPTZ '2024-03-10 10:00:00+00', 'sf_tz_off': 345}",
		"CAST('{\"a\": 1, \"b\": [1.5e3, null]}' AS JSON)", "CAST('\"text\"' AS JSON)", "CAST('1.250' AS JSON)",
		"CAST('null' AS JSON)", "CAST('[]' AS JSON)", "CAST('\\xAA\\xBB' AS BLOB)", "[1, 2, 3]", "{'k': 'v'}",
		// Expansions, the shapes the rewriter binds once.
		"_SF_TO_TIMESTAMPTZ(1700000000)", "_SF_OUT_LTZ_TEXT(_SF_TO_TIMESTAMPTZ(1700000000))",
		"_SF_TO_TSTZ('2024-01-01 10:00:00 +02:00')", "_SF_TO_DATE('2017-01-02')",
	}
	// The operand as a column of a one-row table, every value, in two
	// zones (the text of an LTZ value shows the session's offset).
	for _, zone := range []string{"Asia/Kolkata", "UTC"} {
		if _, err := conn.ExecContext(ctx, "SET TimeZone = '"+zone+"'"); err != nil {
			t.Fatal(err)
		}
		for _, v := range values {
			same(t, conn, zone, "SELECT _SF_CAT_OPERAND(c) FROM (SELECT %s AS c)", "SELECT _SF_CAT_OPERAND_ONCE(c) FROM (SELECT %s AS c)", v)
		}
	}
	// The operand as a constant, the form the rewriter writes
	// (constantOperandOnce), and the slow one to prepare with the plain
	// macro: a value of each kind, the NULL types among them.
	if _, err := conn.ExecContext(ctx, "SET TimeZone = 'Asia/Kolkata'"); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"NULL", "CASE WHEN 1 = 1 THEN NULL END", "CAST(NULL AS TIMESTAMPTZ)", "'abc'",
		"CAST(1.50 AS DECIMAL(10, 2))", "CAST(0.1 AS FLOAT)", "CAST('nan' AS DOUBLE)", "TRUE", "TIME '23:59:59.999999'",
		"TIMESTAMPTZ '1969-12-31 23:59:59.5-08:00'", "{'sf_tz_utc': TIMESTAMPTZ '2024-03-10 10:00:00+00', 'sf_tz_off': 345}",
		"CAST('{\"a\": 1, \"b\": [1.5e3, null]}' AS JSON)", "CAST('\\xAA\\xBB' AS BLOB)", "_SF_TO_DATE('2017-01-02')"} {
		same(t, conn, "Asia/Kolkata", "SELECT _SF_CAT_OPERAND(%s)", "SELECT _SF_CAT_OPERAND_ONCE(%s)", v)
		same(t, conn, "Asia/Kolkata", "SELECT 'a' || (SELECT _SF_CAT_OPERAND(%s))", "SELECT 'a' || (SELECT _SF_CAT_OPERAND_ONCE(%s))", v)
	}
	if _, err := conn.ExecContext(ctx, "SET TimeZone = 'UTC'"); err != nil {
		t.Fatal(err)
	}
}

// same runs two query templates filled with v and fails unless both give
// the same column types, values and error.
func same(t *testing.T, conn *sql.Conn, zone, plain, once, v string) {
	t.Helper()
	a, b := describeRun(conn, fmt.Sprintf(plain, v)), describeRun(conn, fmt.Sprintf(once, v))
	if a != b {
		t.Errorf("zone %s, value %s:\n%s\n  = %s\n%s\n  = %s", zone, v, fmt.Sprintf(plain, v), a, fmt.Sprintf(once, v), b)
	}
}

// describeRun is a query's column types and rows as text, or its error.
func describeRun(conn *sql.Conn, q string) string {
	rows, err := conn.QueryContext(context.Background(), q)
	if err != nil {
		return errorText(err)
	}
	defer rows.Close()
	cts, err := rows.ColumnTypes()
	if err != nil {
		return "error: " + err.Error()
	}
	var b strings.Builder
	for _, ct := range cts {
		b.WriteString(ct.DatabaseTypeName() + " ")
	}
	for rows.Next() {
		vals := make([]any, len(cts))
		ptrs := make([]any, len(cts))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return "error: " + err.Error()
		}
		fmt.Fprintf(&b, "| %#v ", vals)
	}
	if err := rows.Err(); err != nil {
		b.WriteString(errorText(err))
	}
	return b.String()
}

// errorText is an error's message without DuckDB's quote of the statement
// (LINE 1: … with a caret under the position, which differs between the
// two forms).
func errorText(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\nLINE ")
	return "error: " + strings.TrimSpace(msg)
}
