package snowlocal_test

import (
	"database/sql"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// ASOF JOIN (https://docs.snowflake.com/en/sql-reference/constructs/asof-join),
// refused before: "For each row in the first (or left) table, the join finds
// a single row in the second (or right) table that has the closest
// timestamp value … When there is no match for a row in the left table, the
// columns from the right table are null-padded"; ties in the right table
// return one of the tying rows; ON holds equalities only. The page's
// examples are conformance cases (timeseries_docs6.sqltest); these check
// the rules on shapes the page describes without printing.

func asofTables(t *testing.T) *sql.DB {
	db := open(t)
	mustExec(t, db, "create database asof_db",
		"create or replace table l (k varchar, t timestamp_ntz, id int)",
		"create or replace table r (k varchar, t timestamp_ntz, v varchar)",
		`insert into l values ('a', '2024-01-01 10:00:00', 1), ('a', '2024-01-01 08:00:00', 2),
		   ('b', '2024-01-01 10:00:00', 3), (null, '2024-01-01 10:00:00', 4), ('a', null, 5)`,
		`insert into r values ('a', '2024-01-01 09:00:00', 'a9'), ('a', '2024-01-01 10:00:00', 'a10'),
		   ('a', '2024-01-01 11:00:00', 'a11'), ('b', '2024-01-01 09:30:00', 'b930'),
		   ('b', '2024-01-01 09:30:00', 'b930'), (null, '2024-01-01 09:00:00', 'n9')`,
	)
	return db
}

// TestAsofJoinClosestMatch: each left row once, with the closest right row
// by the operator among equal ON keys, or NULLs; a NULL key or time matches
// nothing (an equality or comparison with NULL is not true).
func TestAsofJoinClosestMatch(t *testing.T) {
	db := asofTables(t)
	for _, tc := range []struct {
		op   string
		want string // v per left id 1..5
	}{
		{">=", "a10 NULL b930 NULL NULL"},
		{">", "a9 NULL b930 NULL NULL"},
		{"<=", "a10 a9 NULL NULL NULL"},
		{"<", "a11 a9 NULL NULL NULL"},
	} {
		q := "select l.id, r.v from l asof join r match_condition(l.t " + tc.op + " r.t) on l.k = r.k order by l.id"
		_, rows := queryRows(t, db, q)
		var got []string
		for i, row := range rows {
			if row[0] != string(rune('1'+i)) {
				t.Fatalf("%s: row %d is left id %s: each left row once, in order", q, i, row[0])
			}
			if row[1] == "" {
				row[1] = "NULL"
			}
			got = append(got, row[1])
		}
		if diff := cmp.Diff(strings.Fields(tc.want), got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", q, diff)
		}
	}
	// Without ON, any right row may match: only time decides (a9 and n9
	// tie at 09:00; either may answer).
	if got := queryValue(t, db, "select r.v from l asof join r match_condition(l.t <= r.t) where l.id = 2"); got != "a9" && got != "n9" {
		t.Errorf("no ON, <=: %s, want a9 or n9", got)
	}
}

// TestAsofJoinTimeZones: TIMESTAMP_TZ values match by instant, not by
// their wall-clock text; LTZ too.
func TestAsofJoinTimeZones(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database asof_tz",
		"create or replace table ltz (t timestamp_tz, id int)",
		"create or replace table rtz (t timestamp_tz, v varchar)",
		"insert into ltz values ('2024-01-01 10:00:00 +0000', 1)",
		// 10:30 +0100 is 09:30 UTC (before the left row); 09:45 -0100 is 10:45 UTC (after it).
		"insert into rtz values ('2024-01-01 10:30:00 +0100', 'before'), ('2024-01-01 09:45:00 -0100', 'after')",
	)
	if got := queryValue(t, db, "select r.v from ltz l asof join rtz r match_condition(l.t >= r.t)"); got != "before" {
		t.Errorf("TIMESTAMP_TZ >=: %s, want before (09:30 UTC)", got)
	}
	if got := queryValue(t, db, "select r.v from ltz l asof join rtz r match_condition(l.t <= r.t)"); got != "after" {
		t.Errorf("TIMESTAMP_TZ <=: %s, want after (10:45 UTC)", got)
	}
}

// TestAsofJoinErrorsAndRefusals: the page's errors, and what it does not
// settle refused.
func TestAsofJoinErrorsAndRefusals(t *testing.T) {
	db := asofTables(t)
	wantError(t, db, "select * from l asof join r match_condition(r.t >= l.t)", 10002,
		"SQL compilation error:\nMATCH_CONDITION clause is invalid: The left side allows only column references from the left side table, and the right side allows only column references from the right side table.")
	// An unqualified column is placed by the table that has it.
	wantError(t, db, "select * from l asof join r match_condition(v >= l.t)", 10002,
		"SQL compilation error:\nMATCH_CONDITION clause is invalid: The left side allows only column references from the left side table, and the right side allows only column references from the right side table.")
	for _, q := range []string{
		"select * from l asof join r match_condition(l.t = r.t)",
		"select * from l asof join r match_condition(l.t >= r.t and l.t < r.t)",
		"select * from l asof join r match_condition(l.t <> r.t)",
	} {
		wantError(t, db, q, 10001,
			"SQL compilation error:\nMATCH_CONDITION clause is invalid: Only comparison operators '>=', '>', '<=' and '<' are allowed. Keywords such as AND and OR are not allowed.")
	}
	wantError(t, db, "select * from l asof join r match_condition(l.t >= r.t) on l.k = r.k and l.id > 1", 10010,
		"SQL compilation error:\nON clause for ASOF JOIN must contain conjunctions of equality conditions only. Disjunctions are not allowed. Each side of an equality condition must only refer to either the left table or the right table. L.ID > 1 is invalid.")
	for _, tc := range []struct{ q, part string }{
		{"select * from l asof join r match_condition(l.k >= r.k)", "MATCH_CONDITION on columns of types VARCHAR"},
		{"select * from l asof join r match_condition(l.t >= r.t + interval '1 hour')", "comparing an expression"},
		{"select * from l asof join (select * from r) x match_condition(l.t >= x.t)", "MATCH_CONDITION on columns of types"},
		{"select * from l asof join r match_condition(l.t >= r.t) on upper(l.k) = r.k", "ON condition comparing an expression"},
		{"select * from l asof join r match_condition(l.t >= r.t) using (k)", "SELECT * over an ASOF JOIN … USING"},
		{"select k from l asof join r match_condition(l.t >= r.t) using (k)", "USING column of an ASOF JOIN named without its table"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
	// USING with its column qualified answers as ON does.
	_, rows := queryRows(t, db, "select l.id, r.v from l asof join r match_condition(l.t >= r.t) using (k) order by l.id")
	if diff := cmp.Diff([][]string{{"1", "a10"}, {"2", ""}, {"3", "b930"}, {"4", ""}, {"5", ""}}, rows); diff != "" {
		t.Errorf("USING (-want +got):\n%s", diff)
	}
}

// TestAsofKeywordsAsNames: "If a SELECT statement uses ASOF or
// MATCH_CONDITION as an alias, you must use AS before the alias or
// double-quote the alias"; without them the statement fails.
func TestAsofKeywordsAsNames(t *testing.T) {
	db := asofTables(t)
	for _, q := range []string{
		"select count(*) from l as asof",
		`select count(*) from l "asof"`,
		"select count(*) from r as match_condition",
	} {
		if got := queryValue(t, db, q); got != "5" && got != "6" {
			t.Errorf("%s = %s", q, got)
		}
	}
	for _, q := range []string{"select * from l asof", "select * from r match_condition"} {
		if _, err := db.Exec(q); err == nil {
			t.Errorf("%s: want an error", q)
		}
	}
}
