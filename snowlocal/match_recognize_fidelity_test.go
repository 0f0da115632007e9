package snowlocal_test

import (
	"database/sql"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	sf "github.com/snowflakedb/gosnowflake"
)

// MATCH_RECOGNIZE (https://docs.snowflake.com/en/sql-reference/constructs/match_recognize),
// refused before. The page's examples, with their printed output, are
// conformance cases (match_recognize_docs6.sqltest); these check the rules
// the page states on shapes it describes without printing: a pattern "is
// defined like a regular expression" (concatenation, alternation |,
// grouping, quantifiers * + ? {n,m}, reluctant *? +?, anchors ^ $), a
// symbol not in DEFINE "is assigned to all rows", AFTER MATCH SKIP (PAST
// LAST ROW by default, TO NEXT ROW, TO FIRST|LAST symbol), MEASURES with
// MATCH_NUMBER(), MATCH_SEQUENCE_NUMBER(), CLASSIFIER(), FIRST/LAST of
// symbol-predicated columns and aggregates, RUNNING or FINAL. A threat hunt
// is the motivating shape: failed logins, then a success.

func matchRecognizeDB(t *testing.T) *sql.DB {
	db := open(t)
	mustExec(t, db, "create database mr_db",
		"create or replace table logins (usr varchar, ts int, ok boolean)",
		`insert into logins values ('u1', 1, false), ('u1', 2, false), ('u1', 3, false), ('u1', 4, true),
		   ('u1', 5, false), ('u1', 6, true), ('u2', 1, true), ('u2', 2, false), ('u2', 3, true),
		   ('u3', 1, false), ('u3', 2, false)`,
		"create or replace table seq (ts int, x int)",
		"insert into seq values (1, 1), (2, 2), (3, 3), (4, 4)",
	)
	return db
}

func rowsText(t *testing.T, db *sql.DB, q string) string {
	t.Helper()
	_, rows := queryRows(t, db, q)
	var out []string
	for _, r := range rows {
		out = append(out, strings.Join(r, ","))
	}
	return strings.Join(out, " ")
}

// TestMatchRecognizeFailedLoginsThenSuccess: ONE ROW PER MATCH returns the
// PARTITION BY columns and the measures, per match; {2,} needs two failures.
func TestMatchRecognizeFailedLoginsThenSuccess(t *testing.T) {
	db := matchRecognizeDB(t)
	for _, tc := range []struct{ pattern, want string }{
		{"fail{2,} success", "u1,1,4,3,1"},
		{"fail+ success", "u1,1,4,3,1 u1,5,6,1,2 u2,2,3,1,1"},
		{"fail fail? success", "u1,2,4,2,1 u1,5,6,1,2 u2,2,3,1,1"},
	} {
		q := `select * from logins match_recognize(
			partition by usr order by ts
			measures first(ts) as first_fail, last(ts) as success_ts, count(fail.*) as fails, match_number() as mn
			one row per match
			pattern (` + tc.pattern + `)
			define fail as not ok, success as ok)
			order by usr, mn`
		if got := rowsText(t, db, q); got != tc.want {
			t.Errorf("pattern (%s): got %s, want %s", tc.pattern, got, tc.want)
		}
	}
	cols, _ := queryRows(t, db, `select * from logins match_recognize(partition by usr order by ts
		measures count(*) as n one row per match pattern (fail+ success) define fail as not ok, success as ok)`)
	if diff := cmp.Diff([]string{"USR", "N"}, cols); diff != "" {
		t.Errorf("ONE ROW PER MATCH columns (-want +got):\n%s", diff)
	}
}

// TestMatchRecognizePreference: greedy quantifiers take as many rows as
// the rest of the pattern allows, reluctant ones as few; alternatives are
// tried left to right; ^ and $ anchor at the partition's start and end.
func TestMatchRecognizePreference(t *testing.T) {
	db := matchRecognizeDB(t)
	for _, tc := range []struct{ pattern, want string }{
		{"a+ b+", "1,1,A 2,1,A 3,1,A 4,1,B"},
		{"a+? b+", "1,1,A 2,1,B 3,1,B 4,1,B"},
		{"(a | b)+", "1,1,A 2,1,A 3,1,A 4,1,A"},
		{"a{2}", "1,1,A 2,1,A 3,2,A 4,2,A"},
		{"^ a{2}", "1,1,A 2,1,A"},
		{"a $", "4,1,A"},
		{"a b? c", "1,1,A 2,1,B 3,1,C"},
	} {
		q := `select ts, mn, cl from seq match_recognize(
			order by ts
			measures match_number() as mn, classifier() as cl
			all rows per match
			pattern (` + tc.pattern + `)
			define a as true, b as true)
			order by ts, mn`
		if tc.pattern == "a b? c" {
			q = strings.Replace(q, "b as true", "b as x = 2, c as x <> 2", 1)
		}
		if got := rowsText(t, db, q); got != tc.want {
			t.Errorf("pattern (%s): got %s, want %s", tc.pattern, got, tc.want)
		}
	}
}

// TestMatchRecognizeSkip: TO NEXT ROW lets matches overlap (a row is
// returned once per match it belongs to); TO FIRST|LAST symbol resumes at
// that symbol's row.
func TestMatchRecognizeSkip(t *testing.T) {
	db := matchRecognizeDB(t)
	for _, tc := range []struct{ skip, want string }{
		{"past last row", "1,1,A 2,1,B 3,2,A 4,2,B"},
		{"to next row", "1,1,A 2,1,B 2,2,A 3,2,B 3,3,A 4,3,B"},
		{"to last b", "1,1,A 2,1,B 2,2,A 3,2,B 3,3,A 4,3,B"},
	} {
		q := `select ts, mn, cl from seq match_recognize(
			order by ts measures match_number() as mn, classifier() as cl
			all rows per match after match skip ` + tc.skip + `
			pattern (a b) define a as true, b as true)
			order by mn, ts`
		if got := rowsText(t, db, q); got != tc.want {
			t.Errorf("skip %s: got %s, want %s", tc.skip, got, tc.want)
		}
	}
}

// TestMatchRecognizeRunningFinal: in ALL ROWS PER MATCH a measure is
// RUNNING (up to the current row) unless FINAL; a symbol-predicated column
// reads that symbol's rows, NULL before its first.
func TestMatchRecognizeRunningFinal(t *testing.T) {
	db := matchRecognizeDB(t)
	q := `select ts, cnt, total, s, la, fb from seq match_recognize(
		order by ts
		measures count(*) as cnt, final count(*) as total, sum(x) as s, last(a.x) as la, first(b.x) as fb
		all rows per match
		pattern (a b a b)
		define a as true, b as true)
		order by ts`
	want := "1,1,4,1,1, 2,2,4,3,1,2 3,3,4,6,3,2 4,4,4,10,3,2"
	if got := rowsText(t, db, q); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestMatchRecognizeRefusals: what the engine does not answer exactly is
// refused with 002040 naming the construct, never answered differently.
func TestMatchRecognizeRefusals(t *testing.T) {
	db := matchRecognizeDB(t)
	for _, tc := range []struct{ q, what string }{
		// Both orders of PERMUTE match here, with different classifiers:
		// the docs do not say which Snowflake tries first.
		{`select * from seq match_recognize(order by ts measures classifier() as c all rows per match
			pattern (permute(a, b)) define a as true)`, "PERMUTE whose orders match different rows"},
		{`select * from seq match_recognize(order by ts measures count(*) as n pattern (permute(a, b, a))
			define a as true)`, "PERMUTE of other than two"},
		// docs: with WITH UNMATCHED ROWS "the pattern must not contain exclusions".
		{`select * from seq match_recognize(order by ts measures count(*) as n all rows per match with unmatched rows
			pattern (a {- b -} a) define a as true)`, "exclusion"},
		// In ONE ROW PER MATCH a measure is any row's value (docs: ANY_VALUE).
		{`select * from seq match_recognize(order by ts measures lag(x) as l one row per match
			pattern (a b) define a as true)`, "LAG() in ONE ROW PER MATCH"},
		{`select * from seq match_recognize(order by ts measures lead(x, 1, 0) as l all rows per match
			pattern (a b) define a as true)`, "LEAD() with a default"},
		{`select * from seq match_recognize(order by ts measures prev(a.x) as l all rows per match
			pattern (a b) define a as true)`, "PREV() of anything but a column"},
		{`select * from seq match_recognize(order by ts measures row_number() as r all rows per match
			pattern (a b) define a as true)`, "ROW_NUMBER() in MEASURES"},
		{`select * from seq match_recognize(order by ts pattern (a b) subset s = (a, b) define a as true)`, "SUBSET"},
		{`select * from seq match_recognize(measures count(*) as n pattern (a+) define a as true)`, "without ORDER BY"},
		// a* matches no row at ts 1: an empty match, whose row is not documented.
		{`select * from seq match_recognize(order by ts measures count(*) as n pattern (a*) define a as x > 1)`, "empty match"},
		{`select * from seq match_recognize(order by ts measures count(*) as n all rows per match pattern (a*) define a as x > 1)`, "empty match"},
		{`select * from (select 1 as ts, 1 as x union all select 1, 2) match_recognize(order by ts
			measures count(*) as n pattern (a+) define a as true)`, "tied"},
		{`select * from seq match_recognize(order by ts measures count(*) as n pattern (a b+)
			define a as true, b as x > first(x))`, "FIRST"},
		{`select * from seq match_recognize(order by ts measures count(*) as n pattern (a b+)
			define a as true, b as b.x > 1)`, "qualified"},
		{`select * from seq match_recognize(order by ts measures classifier() as c one row per match
			pattern (a b+) define a as true)`, "CLASSIFIER"},
		{`select * from seq match_recognize(order by ts measures listagg(x) as l pattern (a+) define a as true)`, "LISTAGG"},
		{`create view mr_v as select * from seq match_recognize(order by ts measures count(*) as n
			pattern (a+) define a as true)`, "view"},
	} {
		_, err := db.Exec(tc.q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 2040 || !strings.Contains(se.Message, "MATCH_RECOGNIZE") ||
			!strings.Contains(se.Message, tc.what) {
			t.Errorf("%s: want 002040 naming MATCH_RECOGNIZE %s, got %v", tc.q, tc.what, err)
		}
	}
}

// TestMatchRecognizeOverCTE: the FROM item may be a CTE (or a subquery
// reading one), and the clause's result may be joined and filtered like any
// FROM item (docs: MATCH_RECOGNIZE "accepts a set of rows (from a table,
// view, subquery, or other source)").
func TestMatchRecognizeOverCTE(t *testing.T) {
	db := matchRecognizeDB(t)
	q := `with failures as (select * from logins where usr <> 'u3')
		select m.usr, m.success_ts from failures match_recognize(
			partition by usr order by ts
			measures last(success.ts) as success_ts
			one row per match
			pattern (fail+ success)
			define fail as not ok, success as ok) as m
		where m.success_ts > 3
		order by m.usr, m.success_ts`
	if got, want := rowsText(t, db, q), "u1,4 u1,6"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	q = `with f as (select * from logins) select count(*) from (select * from f where ok or not ok) match_recognize(
		partition by usr order by ts measures count(*) as n one row per match pattern (fail+ success)
		define fail as not ok, success as ok)`
	if got, want := rowsText(t, db, q), "3"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestMatchRecognizeNavigationInMeasures: in MEASURES, PREV/LAG and
// NEXT/LEAD read the rows of the match only ("the frame starts at the
// beginning of the match", and for these functions it "ends at the last
// row"; the user guide's example shows LEAD of a match's last row NULL), an
// offset counting rows of the match (docs: PREV( expr [ , offset ] )).
func TestMatchRecognizeNavigationInMeasures(t *testing.T) {
	db := matchRecognizeDB(t)
	q := `select ts, p, n, p2, n2 from seq match_recognize(
		order by ts
		measures prev(x) as p, next(x) as n, lag(x, 2) as p2, lead(x, 2) as n2
		all rows per match
		after match skip past last row
		pattern (a b c)
		define a as true, b as true, c as true)
		order by ts`
	// One match, ts 1..3; ts 4 is in none.
	want := "1,,2,,3 2,1,3,, 3,2,,1," // NULL reads as empty
	if got := rowsText(t, db, q); got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

// TestMatchRecognizeExclusion: rows matched inside {- -} are not output in
// ALL ROWS PER MATCH but "are included in the evaluation of MEASURES
// expressions"; a match whose rows are all excluded outputs nothing, and
// "the MATCH_NUMBER is incremented anyway" (docs: "Exclusions").
func TestMatchRecognizeExclusion(t *testing.T) {
	db := matchRecognizeDB(t)
	q := `select ts, mn, cnt from seq match_recognize(
		order by ts
		measures match_number() as mn, count(*) as cnt
		all rows per match
		pattern ({- a -} b | {- c -})
		define a as x = 1, b as x = 2, c as x >= 3)
		order by ts`
	// Matches: ts 1-2 (a excluded, b shown), ts 3 (all excluded), ts 4 (all excluded).
	if got, want := rowsText(t, db, q), "2,1,2"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
	q = strings.Replace(q, "all rows per match", "one row per match", 1)
	q = strings.Replace(q, "select ts, mn, cnt", "select mn, cnt", 1)
	q = strings.TrimSuffix(q, "order by ts") + "order by mn"
	if got, want := rowsText(t, db, q), "1,2 2,1 3,1"; got != want {
		t.Errorf("one row per match: got %s, want %s", got, want)
	}
}
