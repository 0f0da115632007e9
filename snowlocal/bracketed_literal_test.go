package snowlocal_test

import "testing"

// TestBracketedTextLiteral: a text literal in brackets is still a text — a
// Snowflake Scripting variable's value is written so — and DATEADD reads a
// text as a timestamp (docs: the WHILE page's loop over
// DATEADD(day, 1, mydate) with mydate := '2024-05-08' ends at
// 2024-05-20 00:00:00.000). DuckDB failed with +(STRING_LITERAL, INTERVAL).
// Its sum is a TIMESTAMP, which TO_VARCHAR and ::VARCHAR print.
func TestBracketedTextLiteral(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d")
	for q, want := range map[string]string{
		"select to_varchar(dateadd(day, 1, ('2024-05-08')))":   "2024-05-09 00:00:00.000",
		"select to_varchar(dateadd(day, 1, (('2024-05-08'))))": "2024-05-09 00:00:00.000",
		"select ('abc') || 'd'":                                "abcd",
		"execute immediate $$begin let d := '2024-05-08'; return to_varchar(dateadd(month, 1, d)::date); end;$$": "2024-06-08",
		// DATEADD of a text is a TIMESTAMP: casting it to a text is no no-op
		// (the engine typed the sum a text and dropped the cast).
		"select dateadd(day, 1, '2024-05-08')::varchar": "2024-05-09 00:00:00.000",
	} {
		if _, rows := queryRows(t, db, q); len(rows) != 1 || rows[0][0] != want {
			t.Errorf("%s = %v, want %s", q, rows, want)
		}
	}
}
