package snowlocal_test

import "testing"

// Lengths the engine reported as the type's default (16777216) because it
// could not trace them (README, Known gaps of the local engine's SQL).

// TestRecursiveCTEAnchorLengths: a recursive CTE's column declares its
// anchor clause's type, whatever the recursive clause's values ("A
// recursive CTE's column once its recursive term has run: the anchor's
// type ... Every other pair keeps the anchor's type as well": the
// independent, live-verified reference mlorek/frostlake
// engine/src/main/java/dev/frostlake/types/DeclaredTypeFold.java,
// recursiveColumn), in the rowtype, in a CTAS table and in a view. A
// literal anchor is VARCHAR of its length (docs, SYSTEM$TYPEOF:
// https://docs.snowflake.com/en/sql-reference/functions/system_typeof), a
// table column its declared one. Each had the default length before.
func TestRecursiveCTEAnchorLengths(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database rcal", "create table emp (title varchar(30), id int, mid int)",
		"insert into emp values ('President', 1, null), ('VP', 2, 1), ('Engineer', 3, 2)")
	literal := "with recursive r (n, s) as (select 1, 'abc' union all select n + 1, s || 'x' from r where n < 3) select n, s from r"
	column := "with recursive r (id, path) as (select id, title from emp where mid is null" +
		" union all select emp.id, r.path || ' > ' || emp.title from emp join r on emp.mid = r.id) select path from r"
	for q, want := range map[string][]int64{
		literal: {-1, 3},
		column:  {30},
		// A CTE of a WITH RECURSIVE that does not recur is typed as any CTE
		// (its set operation folds to the wider branch).
		"with recursive c (s) as (select 'ab' union all select 'abcd') select s from c": {4},
	} {
		if got := resultLengths(t, db, q); !equalLengths(got, want) {
			t.Errorf("%s: lengths %v, want %v", q, got, want)
		}
	}
	mustExec(t, db, "create table rc as "+literal, "create view rv as "+column)
	if got := describeTypes(t, db, "describe table rc"); got["S"] != "VARCHAR(3)" {
		t.Errorf("describe table rc: S %q, want VARCHAR(3)", got["S"])
	}
	if got := describeTypes(t, db, "describe view rv"); got["PATH"] != "VARCHAR(30)" {
		t.Errorf("describe view rv: PATH %q, want VARCHAR(30)", got["PATH"])
	}
}

// TestRecursiveCTENullAnchorLengthRefused: a column whose anchor is a bare
// NULL takes its values from the recursive clause (docs, Working with CTEs:
// https://docs.snowflake.com/en/user-guide/queries-cte, "NULL AS
// mgr_title"), but no source gives the length Snowflake declares for it:
// a result, a CTAS table or a view with such a text column is refused
// (002040). Its other columns, and the column given a length by a cast,
// answer. It was answered with the default length before.
func TestRecursiveCTENullAnchorLengthRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database rcnl", "create table emp (title varchar(30), id int, mid int)",
		"insert into emp values ('President', 1, null), ('VP', 2, 1)")
	cte := "with recursive m (id, title, boss) as (select id, title, null from emp where mid is null" +
		" union all select emp.id, emp.title, m.title from emp join m on emp.mid = m.id) "
	wantRefused(t, db, cte+"select * from m", "recursive CTE")
	wantRefused(t, db, cte+"select boss from m", "recursive CTE")
	wantRefused(t, db, "create table rn as "+cte+"select * from m", "recursive CTE")
	wantRefused(t, db, "create view rnv as "+cte+"select boss from m", "recursive CTE")
	for q, want := range map[string][]int64{
		cte + "select id, title from m":                 {-1, 30},
		cte + "select boss::varchar(30) as boss from m": {30},
	} {
		if got := resultLengths(t, db, q); !equalLengths(got, want) {
			t.Errorf("%s: lengths %v, want %v", q, got, want)
		}
	}
}

// TestUnpivotNameColumnRefused: neither the docs
// (https://docs.snowflake.com/en/sql-reference/constructs/unpivot: the name
// column is "populated with the names of the columns in the column list")
// nor the reference give the type of an UNPIVOT's name column, so a result,
// a CTAS table or a view that has it is refused (002040). A query of the
// other columns answers with their lengths (TestUnpivotLengths). The name
// column was answered with the default length before.
func TestUnpivotNameColumnRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database unpr", "create table ms (empid int, dept varchar(10), q1 varchar(4), q2 varchar(7))",
		"insert into ms values (1, 'a', 'x', 'y')")
	for _, q := range []string{
		"select * from ms unpivot (sales for quarter in (q1, q2))",
		"select quarter from ms unpivot (sales for quarter in (q1, q2)) order by 1",
		"create table up as select * from ms unpivot (sales for quarter in (q1, q2))",
		"create view upv as select quarter, sales from ms unpivot (sales for quarter in (q1, q2))",
	} {
		wantRefused(t, db, q, "UNPIVOT")
	}
	for q, want := range map[string][]int64{
		"select empid, dept, sales from ms unpivot (sales for quarter in (q1, q2))":            {-1, 10, 7},
		"select count(*) from ms unpivot (sales for quarter in (q1, q2)) where quarter = 'Q1'": {-1},
	} {
		if got := resultLengths(t, db, q); !equalLengths(got, want) {
			t.Errorf("%s: lengths %v, want %v", q, got, want)
		}
	}
	mustExec(t, db, "create table upk as select empid, sales from ms unpivot (sales for quarter in (q1, q2))")
	if got := describeTypes(t, db, "describe table upk"); got["SALES"] != "VARCHAR(7)" {
		t.Errorf("describe table upk: SALES %q, want VARCHAR(7)", got["SALES"])
	}
}
