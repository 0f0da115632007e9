package snowlocal_test

import (
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// SAMPLE / TABLESAMPLE (docs: https://docs.snowflake.com/en/sql-reference/constructs/sample)
// was refused (002040) in every form. These tests hold what the docs
// settle; the random draws themselves are checked only where the docs'
// numbers leave no room (a probability of "0 (no rows selected)" or "100
// (all rows selected)", "the exact number of specified rows … unless the
// table contains fewer rows", a seed that makes "the sampling
// deterministic") or where a miss is astronomically unlikely.

func sampleDB(t *testing.T) *sql.DB {
	t.Helper()
	db := open(t)
	mustExec(t, db, "create database sf_sample",
		"create table three (c1 integer)", "insert into three values (1), (2), (3)",
		"create table big as select seq4() as i from table(generator(rowcount => 10000))",
		"create table big2 as select * from big",
		"create table one as select 1 as x",
		"create view big_view as select * from big")
	return db
}

// sampleCount runs a count(*) query and returns its count.
func sampleCount(t *testing.T, db *sql.DB, q string) int {
	t.Helper()
	n, err := strconv.Atoi(queryValue(t, db, q))
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// TestSampleProbabilityBounds: "0 (no rows selected) and 100 (all rows
// selected) inclusive", whatever the method, on a table or a subquery.
func TestSampleProbabilityBounds(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"select count(*) from big sample (0)", 0},
		{"select count(*) from big sample row (0)", 0},
		{"select count(*) from big tablesample bernoulli (0)", 0},
		{"select count(*) from big sample system (0)", 0},
		{"select count(*) from big sample block (0) seed (5)", 0},
		{"select count(*) from (select * from big) sample (0)", 0},
		{"select count(*) from big sample (100)", 10000},
		{"select count(*) from big tablesample bernoulli (100)", 10000},
		{"select count(*) from big sample system (100)", 10000},
		{"select count(*) from big sample system (100) repeatable (1)", 10000},
		{"select count(*) from big_view sample (100)", 10000},
		{"select count(*) from (select * from big) b sample (100)", 10000},
	} {
		if got := sampleCount(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %d, want %d", tc.q, got, tc.want)
		}
	}
	// The docs' examples on their three-row table.
	if _, rows := queryRows(t, db, "select * from three tablesample (100) order by c1"); len(rows) != 3 {
		t.Errorf("TABLESAMPLE (100) of three rows: %v", rows)
	}
	if _, rows := queryRows(t, db, "select * from three sample row (0)"); len(rows) != 0 {
		t.Errorf("SAMPLE ROW (0): %v", rows)
	}
}

// TestSampleFixedRows: num ROWS returns "the exact number of specified
// rows … unless the table contains fewer rows", rows of the table, each
// once.
func TestSampleFixedRows(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	for _, tc := range []struct {
		q    string
		want int
	}{
		{"select count(*) from big sample (10 rows)", 10},
		{"select count(*) from big tablesample row (0 rows)", 0},
		{"select count(*) from big sample bernoulli (1000000 rows)", 10000},
		{"select count(*) from three sample (10 rows)", 3},
		{"select count(*) from (select * from big where i < 100) sample (7 rows)", 7},
	} {
		if got := sampleCount(t, db, tc.q); got != tc.want {
			t.Errorf("%s = %d, want %d", tc.q, got, tc.want)
		}
	}
	_, rows := queryRows(t, db, "select b.i from big as b sample (25 rows)")
	seen := map[string]bool{}
	for _, r := range rows {
		n, err := strconv.Atoi(r[0])
		if err != nil || n < 0 || n >= 10000 || seen[r[0]] {
			t.Errorf("SAMPLE (25 ROWS) returned %q (a repeat or not a row of the table)", r[0])
		}
		seen[r[0]] = true
	}
	if len(rows) != 25 {
		t.Errorf("SAMPLE (25 ROWS): %d rows", len(rows))
	}
}

// TestSampleFraction: BERNOULLI "includes each row with a probability of
// p/100"; the expected number of rows is (p/100)·n (docs: usage notes).
// 50% of 10000 rows lies within 10 standard deviations (50 rows each) of
// 5000 all but never.
func TestSampleFraction(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	for _, q := range []string{
		"select count(*) from big sample (50)",
		"select count(*) from big as b tablesample bernoulli (50)",
		"select count(*) from (select i from big) sample row (50)",
	} {
		if n := sampleCount(t, db, q); n <= 4500 || n >= 5500 {
			t.Errorf("%s = %d, want about 5000 (strictly between 0 and 10000)", q, n)
		}
	}
	// Each returned row is a row of the table, once.
	_, rows := queryRows(t, db, "select c1 from three sample (50)")
	var got []string
	for _, r := range rows {
		got = append(got, r[0])
	}
	slices.Sort(got)
	if len(slices.Compact(slices.Clone(got))) != len(got) || len(got) > 3 ||
		!slices.ContainsFunc([]string{"", "1", "2", "3", "1,2", "1,3", "2,3", "1,2,3"}, func(s string) bool { return s == strings.Join(got, ",") }) {
		t.Errorf("SAMPLE (50) of 1, 2, 3 returned %v", got)
	}
}

// TestSampleBeforeJoinAndWhere: the clause samples the table it follows
// (docs: "a subset of rows sampled randomly from the specified table"),
// before joins and WHERE read it. DuckDB's optimizer had moved the draws above the join and read
// random() once for both sides: 25% and 50% samples joined kept 25% of the
// rows instead of 12.5%, and a one-row table's sample crossed with 10000
// rows kept some of them instead of all or none.
func TestSampleBeforeJoinAndWhere(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	q := "select count(*) from big as b1 sample (25) inner join big2 as b2 sample (50) on b2.i = b1.i"
	if n := sampleCount(t, db, q); n <= 1000 || n >= 1500 {
		t.Errorf("%s = %d, want about 1250 (12.5%% of 10000)", q, n)
	}
	for range 10 {
		q := "select count(*) from one sample (50) cross join big"
		if n := sampleCount(t, db, q); n != 0 && n != 10000 {
			t.Fatalf("%s = %d: the one row is sampled, then joined to all 10000 or none", q, n)
		}
	}
	// 10 rows drawn from all 10000, then filtered: fewer than 10 survive
	// i < 5000 unless all 10 fell there (1 in 1024 per run).
	fewer := false
	for range 3 {
		q := "select count(*) from big sample (10 rows) where i < 5000"
		n := sampleCount(t, db, q)
		if n > 10 {
			t.Fatalf("%s = %d, want at most 10", q, n)
		}
		fewer = fewer || n < 10
	}
	if !fewer {
		t.Error("SAMPLE (10 ROWS) ... WHERE i < 5000 kept 10 rows three times: WHERE ran before the sample")
	}
}

// TestSampleSystemIsOneBlock: SYSTEM | BLOCK "includes each block of rows
// with a probability of p/100"; how rows fall into blocks is not
// documented, so the engine keeps the table whole or not at all — what
// Snowflake answers for a table of one block, and one of its outcomes for
// any table. Twenty 50% samples of 10,000 rows each count 0 or 10,000, and
// not all the same (a chance of 2 in 2^20).
func TestSampleSystemIsOneBlock(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	seen := map[string]bool{}
	for i := 0; i < 20; i++ {
		n := queryValue(t, db, "select count(*) from big sample system (50)")
		if n != "0" && n != "10000" {
			t.Fatalf("SYSTEM (50) kept %s of 10000 rows: a part of the table's one block", n)
		}
		seen[n] = true
	}
	if len(seen) != 2 {
		t.Errorf("twenty SYSTEM (50) samples all counted %v", seen)
	}
}

// TestSampleSeedRepeatable: a seed makes "the sampling deterministic"; it
// "applies only to SYSTEM and BLOCK sampling", and REPEATABLE and SEED are
// synonymous. The same seed on the unchanged table gives the same rows.
func TestSampleSeedRepeatable(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	rowsOf := func(q string) string {
		_, rows := queryRows(t, db, q)
		var s []string
		for _, r := range rows {
			s = append(s, r[0])
		}
		return strings.Join(s, ",")
	}
	first := rowsOf("select i from big sample system (30) seed (82) order by i")
	for _, q := range []string{
		"select i from big sample system (30) seed (82) order by i",
		"select i from big tablesample block (30) repeatable (82) order by i",
		"select b.i from big as b sample system (30) seed (82) order by 1",
	} {
		if got := rowsOf(q); got != first {
			t.Errorf("%s: a different sample than the same seed gave before", q)
		}
	}
}

// TestSampleRefusals: what the docs rule out or leave open is refused.
func TestSampleRefusals(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	for _, tc := range []struct{ q, part string }{
		// "This method does not support fixed-size sampling."
		{"select * from big sample system (10 rows)", "SAMPLE SYSTEM of a fixed number of rows"},
		{"select * from big tablesample block (10 rows)", "TABLESAMPLE BLOCK of a fixed number of rows"},
		// The seed "applies only to SYSTEM and BLOCK sampling".
		{"select * from big sample row (10 rows) seed (99)", "SAMPLE of a fixed number of rows with SEED"},
		{"select * from big sample (10) seed (99)", "SAMPLE BERNOULLI | ROW with SEED"},
		// "Sampling with a seed is not supported on views or subqueries"
		// (docs: Snowpark Table.sample).
		{"select * from big_view sample system (10) seed (1)", "SEED of a view, CTE or subquery"},
		{"with c as (select * from big) select * from c sample system (10) seed (1)", "SEED of a view, CTE or subquery"},
		{"select * from (select * from big) sample block (1) repeatable (99)", "SAMPLE SYSTEM | BLOCK of a subquery"},
		// Out of the documented ranges.
		{"select * from big sample (100.01)", "probability other than a decimal number from 0 to 100"},
		{"select * from big sample (1000001 rows)", "number of rows other than an integer from 0 to 1000000"},
		{"select * from big sample system (1) seed (2147483648)", "seed other than an integer from 0 to 2147483647"},
		// The alias comes before the clause.
		{"select * from big sample (10) b", "an alias after SAMPLE"},
		{"select * from (values (1), (2)) sample (50)", "SAMPLE of this kind of FROM item"},
	} {
		wantRefused(t, db, tc.q, tc.part)
	}
}

// TestSampleKeepsColumnTypes: a sample has its table's columns (docs: "a
// subset of rows"), so an OBJECT or VARIANT column keeps its type; the
// result typing stopped at SAMPLE and refused the query ('result type of
// sample').
func TestSampleKeepsColumnTypes(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	mustExec(t, db, "create table semi (o object, v variant, n number(10, 2))",
		`insert into semi select object_construct('a', 1), parse_json('[1]'), 1.5`)
	for _, tc := range []struct{ q, types, row string }{
		{"select o, v, n from semi sample (100)", "OBJECT,VARIANT,FIXED", `{"a":1}|[1]|1.50`},
		{"select s.* from semi as s tablesample (1 rows)", "OBJECT,VARIANT,FIXED", `{"a":1}|[1]|1.50`},
		{"select o from semi sample system (100) seed (1)", "OBJECT", `{"a":1}`},
		{"select v from (select * from semi) sample (100)", "VARIANT", `[1]`},
	} {
		r, err := db.Query(tc.q)
		if err != nil {
			t.Errorf("%s: %v", tc.q, err)
			continue
		}
		cts, _ := r.ColumnTypes()
		var types []string
		for _, ct := range cts {
			types = append(types, ct.DatabaseTypeName())
		}
		r.Close()
		if got := strings.Join(types, ","); got != tc.types {
			t.Errorf("%s: types %s, want %s", tc.q, got, tc.types)
		}
		_, rows := queryRows(t, db, tc.q)
		var got []string
		for _, v := range rows[0] {
			got = append(got, strings.Join(strings.Fields(v), ""))
		}
		if len(rows) != 1 || strings.Join(got, "|") != tc.row {
			t.Errorf("%s = %v, want %s", tc.q, rows, tc.row)
		}
	}
}

// TestSampleHundredIsTheTable: a probability of 100 selects "all rows", so
// a query over t SAMPLE (100) answers as over t. The rewriter's column
// types stopped at SAMPLE: comparing a TIMESTAMP_LTZ column with a
// TIMESTAMP_TZ one failed (DuckDB's cast error) where the table answered.
func TestSampleHundredIsTheTable(t *testing.T) {
	t.Parallel()
	db := sampleDB(t)
	mustExec(t, db, "create table tz (l timestamp_ltz, z timestamp_tz, n number(10, 2), s varchar)",
		"insert into tz values ('2024-01-02 03:04:05 +02:00', '2024-01-02 03:04:05 +02:00', 1.25, 'a'), "+
			"('2024-06-01 00:00:00 -07:00', '2024-06-01 00:00:00 -07:00', -3, null)")
	for _, sel := range []string{
		"select l = z, l::varchar, z::varchar, n * 3, n / 7, s || 'x' from %s order by n",
		"select x.* from %s order by n",
		"select sum(n), listagg(s, ',') from %s",
	} {
		plain := strings.Replace(sel, "%s", "tz x", 1)
		sampled := strings.Replace(sel, "%s", "tz x sample (100)", 1)
		_, want := queryRows(t, db, plain)
		_, got := queryRows(t, db, sampled)
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s = %v, without SAMPLE %v", sampled, got, want)
		}
	}
}
