package snowlocal_test

import (
	"context"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// The text columns the engine once reported at the type's default length
// (16777216) because it could not trace them to a rule (README, Known gaps:
// "Metadata the engine cannot know as Snowflake does").

// TestHierarchicalQueryLengths: CONNECT BY "Joins a table to itself" and its
// column list "generally follows the rules for the projection clause of a
// SELECT statement" (docs:
// https://docs.snowflake.com/en/sql-reference/constructs/connect-by), so a
// column of the data source keeps its declared length, as through any
// join; CONNECT_BY_ROOT col is col's value at the top of the hierarchy, so
// col's length; SYS_CONNECT_BY_PATH's text its arguments do not size, and a
// built-in function's such text is VARCHAR(134217728) ("falls back to the
// 128MB conversion width where it cannot": mlorek/frostlake
// engine/src/main/java/dev/frostlake/types/StringResultWidths.java,
// live-verified); LEVEL "indicates the current level", a number, which a
// concatenation joins as an unbounded text ("v || i": mlorek/frostlake
// StringResultWidthTest). The engine typed no column of a hierarchical
// query before: every text column reported 16777216.
func TestHierarchicalQueryLengths(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database hql", "create table h (id int, pid int, nm varchar(10), sal int)",
		"insert into h values (1, null, 'root', 10), (2, 1, 'a', 20), (3, 1, 'b', 30), (4, 2, 'a1', 40)")
	const unbounded = 134217728
	for q, want := range map[string][]int64{
		"select id, nm, connect_by_root nm, sys_connect_by_path(nm, '/'), nm || level, h.nm from h start with pid is null connect by pid = prior id": {-1, 10, 10, unbounded, unbounded, 10},
		"select * from h start with pid is null connect by pid = prior id":                                                                           {-1, -1, 10, -1},
		"select x.nm, connect_by_root x.nm as r from h x connect by pid = prior id start with pid is null":                                           {10, 10},
		"select nm from (select nm from h start with pid is null connect by pid = prior id) where nm like 'a%'":                                      {10},
	} {
		if got := resultLengths(t, db, q); !equalLengths(got, want) {
			t.Errorf("%s: lengths %v, want %v", q, got, want)
		}
		if got := resultLengthsCtx(sf.WithDescribeOnly(context.Background()), t, db, q); !equalLengths(got, want) {
			t.Errorf("describe only %s: lengths %v, want %v", q, got, want)
		}
	}
}

// TestStrtokSplitToTableLength: STRTOK_SPLIT_TO_TABLE returns SEQ NUMBER,
// INDEX NUMBER and VALUE VARCHAR, as SPLIT_TO_TABLE does (docs:
// https://docs.snowflake.com/en/sql-reference/functions/strtok_split_to_table),
// and the reference declares its columns as SPLIT_TO_TABLE's
// (mlorek/frostlake engine/src/main/java/dev/frostlake/functions/table/
// StrtokSplitToTable.java: outputColumns is SplitToTable.columns()), VALUE
// "the bare VARCHAR": 134217728 in a result, VARCHAR(16777216) in a table
// made from it (ValuesAndFlattenTypingTest.java, live-verified). The
// engine reported 16777216 in the result before.
func TestStrtokSplitToTableLength(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database stl")
	q := "select t.value, t.seq, t.index from table(strtok_split_to_table('a.b', '.')) t"
	if got, want := resultLengths(t, db, q), []int64{134217728, -1, -1}; !equalLengths(got, want) {
		t.Errorf("%s: lengths %v, want %v", q, got, want)
	}
	mustExec(t, db, "create table st as select value as v from table(strtok_split_to_table('a b'))")
	if got := describeTypes(t, db, "describe table st")["V"]; got != "VARCHAR(16777216)" {
		t.Errorf("DESCRIBE TABLE st V = %q, want VARCHAR(16777216)", got)
	}
}

// TestConcatenationBesideArithmetic: a || beside an arithmetic operator with
// no brackets between them is refused (002040): its value depends on how
// tightly || binds beside + - * / %, which Snowflake's documentation does
// not give (https://docs.snowflake.com/en/sql-reference/operators lists
// the operators, not their precedence), and the sources disagree (DuckDB
// binds the arithmetic first, 'a' || 1 + 2 being 'a3'; the reference
// mlorek/frostlake's grammar, engine/src/main/antlr4/dev/frostlake/parser/
// Frostlake.g4, binds || first). The engine answered 'a3' before, with
// the default length. Brackets settle it: "Arithmetic operators are used
// to generate numeric output" (docs:
// https://docs.snowflake.com/en/sql-reference/operators-arithmetic), which
// the concatenation joins as a text of 134217728 (StringResultWidthTest).
func TestConcatenationBesideArithmetic(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database cba", "create table t (v varchar(10), n int)", "insert into t values ('x', 4)")
	for _, q := range []string{
		"select 'a' || 1 + 2",
		"select 1 * 2 || 'a'",
		"select v || n - 1 from t",
		"select v from t where v || n % 2 = 'x0'",
	} {
		rows, err := db.Query(q)
		if err == nil {
			rows.Close()
		}
		if err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), "||") {
			t.Errorf("%s: err = %v, want 002040 naming ||", q, err)
		}
	}
	q := "select 'a' || (1 + 2), (v || n) || 'y', 'a' || -1, v || (n * 2) from t"
	if got, want := resultLengths(t, db, q), []int64{134217728, 134217728, 134217728, 134217728}; !equalLengths(got, want) {
		t.Errorf("%s: lengths %v, want %v", q, got, want)
	}
	var a, b, c, d string
	if err := db.QueryRow(q).Scan(&a, &b, &c, &d); err != nil {
		t.Fatal(err)
	}
	if a != "a3" || b != "x4y" || c != "a-1" || d != "x8" {
		t.Errorf("values %q %q %q %q, want a3 x4y a-1 x8", a, b, c, d)
	}
}
