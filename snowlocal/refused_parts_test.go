package snowlocal_test

import (
	"errors"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// TestRefusedPartsOfImplementedFeatures checks the parts of OBJECT_CONSTRUCT(*),
// dynamic PIVOT, interval literals and QUOTED_IDENTIFIERS_IGNORE_CASE whose
// answers the docs do not pin down: each fails with 002040 naming the construct instead of
// answering (the documented parts run in snowlocal/conformance).
func TestRefusedPartsOfImplementedFeatures(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database if not exists refuseddb", "use database refuseddb",
		"create or replace table demo_table_1 (province varchar, created_date date)",
		"insert into demo_table_1 values ('Manitoba', '2024-01-18'), ('Alberta', '2024-01-19')",
		"create or replace table quarterly_sales (empid int, amount int, quarter text)",
		"insert into quarterly_sales values (1, 10000, '2023_Q1'), (1, 400, '2023_Q2'), (2, 4500, NULL)")
	refused := func(q, text string) {
		t.Helper()
		_, err := db.Exec(q)
		var se *sf.SnowflakeError
		if !errors.As(err, &se) || se.Number != 2040 || !strings.Contains(se.Message, text) {
			t.Errorf("%s\n=> %v; want 002040 containing %q", q, err, text)
		}
	}
	// OBJECT_CONSTRUCT(*) over FROM items whose columns are not known without doubt.
	refused("with c as (select province from demo_table_1) select object_construct(*) from c", "OBJECT_CONSTRUCT(*)")
	refused("select {*} from (select province from demo_table_1)", "OBJECT_CONSTRUCT(*)")
	refused("select object_construct(*) from demo_table_1 a join demo_table_1 b on a.province = b.province", "OBJECT_CONSTRUCT(*)")
	refused("select object_construct(*) from demo_table_1 t, lateral flatten(input => parse_json('[1]')) f", "OBJECT_CONSTRUCT(*)")
	refused("update demo_table_1 set province = object_construct(*)::varchar", "OBJECT_CONSTRUCT(*)")
	// Dynamic PIVOT: column order, NULL column names and views are not pinned down.
	refused("select * from quarterly_sales pivot(sum(amount) for quarter in (any)) order by empid", "dynamic pivot")
	refused("select * from quarterly_sales pivot(sum(amount) for quarter in (any order by quarter)) order by empid", "NULL value")
	refused("create view pv as select * from (select * from quarterly_sales where quarter is not null) pivot(sum(amount) for quarter in (any order by quarter))", "dynamic pivot")
	// (PIVOT ... DEFAULT ON NULL is answered: groupby_docs3.sqltest.)
	refused("select * from quarterly_sales pivot(sum(amount) for empid in (any order by empid))", "not text")
	// Interval data type literals beyond DATE ± INTERVAL as a whole expression.
	refused("select interval '3' days", "interval data types")
	refused("select to_date('2024-01-01') + interval '1' year > current_date()", "interval data types")
	refused("select '2024-01-01 10:00'::timestamp + interval '1-1' year to month", "interval data types")
	refused("select to_date('2024-01-01') + interval '1' hour", "interval data types")
	refused("select to_date('2024-01-31') + interval '1' month", "the resulting month does not have")
	var d string
	if err := db.QueryRow("select to_date('2024-03-15') - interval '2' months").Scan(&d); err != nil || !strings.HasPrefix(d, "2024-01-15") {
		t.Errorf("to_date('2024-03-15') - interval '2' months = %q, %v; want the DATE 2024-01-15", d, err)
	}
	// QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE where folding has no documented meaning.
	mustExec(t, db, "alter session set quoted_identifiers_ignore_case = true", `create or replace table "Four" (v variant)`)
	refused(`select v:"Key" from four`, "QUOTED_IDENTIFIERS_IGNORE_CASE")
	refused(`create view "Five" as select * from "Four"`, "QUOTED_IDENTIFIERS_IGNORE_CASE")
	refused("begin\n  select * from \"Four\";\nend", "QUOTED_IDENTIFIERS_IGNORE_CASE")
	refused(`select * from identifier('"Four"')`, "QUOTED_IDENTIFIERS_IGNORE_CASE")
	var n int
	if err := db.QueryRow(`select count(*) from "four"`).Scan(&n); err != nil || n != 0 {
		t.Errorf(`"four" with QUOTED_IDENTIFIERS_IGNORE_CASE = TRUE: count %d, %v; want 0 rows of FOUR`, n, err)
	}
}
