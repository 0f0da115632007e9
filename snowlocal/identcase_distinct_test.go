package snowlocal_test

import (
	"reflect"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"
)

// Tables and views whose names differ only in case are distinct objects in
// Snowflake: "When an identifier is unquoted, it is stored and resolved in
// uppercase. When an identifier is double-quoted, it is stored and resolved
// exactly as entered, including case", so "TABLENAME", "tablename",
// "tableName" and "TableName" "would result in the creation of four
// distinct objects", and the page's example creates "Tab" and TAB side by
// side, SELECT * FROM "Tab" retrieving "Tab"
// (https://docs.snowflake.com/en/sql-reference/identifiers-syntax,
// "Identifier resolution"). The engine refused to create the second one
// (DuckDB resolves names case-insensitively); it keeps them apart now.

// wantCaseRows compares a query's rows.
func wantCaseRows(t *testing.T, got, want [][]string, what string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestDistinctCaseTables: "Tab", TAB and "tab" are three tables; every
// statement reads and writes the one it names exactly.
func TestDistinctCaseTables(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ic",
		`create table "Tab" (i int)`, `create table TAB (j int)`, `create table "tab" (k int)`,
		`insert into "Tab" values (1)`, `insert into TAB values (2)`, `insert into "tab" values (3)`)
	rows := func(q string) [][]string {
		t.Helper()
		_, r := queryRows(t, db, q)
		return r
	}
	for _, tc := range []struct {
		q    string
		col  string
		want [][]string
	}{
		{`select * from "Tab"`, "I", [][]string{{"1"}}},
		{`select * from TAB`, "J", [][]string{{"2"}}},
		{`select * from tab`, "J", [][]string{{"2"}}}, // unquoted: TAB
		{`select * from "TAB"`, "J", [][]string{{"2"}}},
		{`select * from "tab"`, "K", [][]string{{"3"}}},
		{`select * from ic.public."tab"`, "K", [][]string{{"3"}}},
		// IDENTIFIER('name') names the object the string names
		// (https://docs.snowflake.com/en/sql-reference/identifier-literal).
		{`select * from identifier('TAB')`, "J", [][]string{{"2"}}},
		{`select * from identifier('"Tab"')`, "I", [][]string{{"1"}}},
		{`select * from identifier('ic.public."tab"')`, "K", [][]string{{"3"}}},
	} {
		cols, got := queryRows(t, db, tc.q)
		if !reflect.DeepEqual(cols, []string{tc.col}) || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s = %v %v, want %v %v", tc.q, cols, got, tc.col, tc.want)
		}
	}
	// Joins, with aliases and with the tables' own names as qualifiers.
	wantCaseRows(t, rows(`select a.i, b.j, c.k from "Tab" a join TAB b on true join "tab" c on true`), [][]string{{"1", "2", "3"}}, "join")
	wantCaseRows(t, rows(`select TAB.j, "Tab".i, "tab".k from TAB, "Tab", "tab"`), [][]string{{"2", "1", "3"}}, "qualified")
	wantCaseRows(t, rows(`select count(*) from TAB where j in (select i + 1 from "Tab")`), [][]string{{"1"}}, "subquery")

	// UPDATE, DELETE and INSERT ... SELECT change only the table named.
	mustExec(t, db, `update TAB set j = 20`, `delete from "tab"`, `insert into "Tab" select j from TAB`)
	wantCaseRows(t, rows(`select i from "Tab" order by i`), [][]string{{"1"}, {"20"}}, `"Tab" after the DML`)
	wantCaseRows(t, rows(`select j from TAB`), [][]string{{"20"}}, "TAB after the DML")
	wantCaseRows(t, rows(`select count(*) from "tab"`), [][]string{{"0"}}, `"tab" after the DML`)
	mustExec(t, db, `merge into "tab" t using TAB s on t.k = s.j when not matched then insert values (s.j)`)
	// An array-bound INSERT (one statement, many rows) writes the table named.
	ints := []int{30, 31}
	if _, err := db.Exec(`insert into TAB values (?)`, sf.Array(&ints)); err != nil {
		t.Fatal(err)
	}
	wantCaseRows(t, rows(`select j from TAB order by j`), [][]string{{"20"}, {"30"}, {"31"}}, "TAB after the array-bound INSERT")
	mustExec(t, db, `delete from TAB where j > 20`)
	wantCaseRows(t, rows(`select k from "tab"`), [][]string{{"20"}}, `"tab" after MERGE`)

	// SHOW TABLES and INFORMATION_SCHEMA list all three, by their names.
	cols, show := queryRows(t, db, "show tables in schema ic.public")
	var names []string
	for _, r := range show {
		for i, c := range cols {
			if c == "name" {
				names = append(names, r[i])
			}
		}
	}
	wantCaseRows(t, [][]string{names}, [][]string{{"TAB", "Tab", "tab"}}, "SHOW TABLES names")
	wantCaseRows(t, rows(`select table_name, row_count from information_schema.tables where table_schema = 'PUBLIC' order by 1`),
		[][]string{{"TAB", "1"}, {"Tab", "2"}, {"tab", "1"}}, "INFORMATION_SCHEMA.TABLES")
	wantCaseRows(t, rows(`select table_name, column_name from information_schema.columns where table_schema = 'PUBLIC' order by 1`),
		[][]string{{"TAB", "J"}, {"Tab", "I"}, {"tab", "K"}}, "INFORMATION_SCHEMA.COLUMNS")
	wantCaseRows(t, rows(`select table_name from information_schema.tables where table_name = 'tab'`), [][]string{{"tab"}}, "TABLES by name")

	// DESCRIBE and SHOW COLUMNS describe the table named.
	for q, want := range map[string]string{`describe table TAB`: "J", `describe table "Tab"`: "I", `describe table "tab"`: "K"} {
		if got := rows(q); len(got) != 1 || got[0][0] != want {
			t.Errorf("%s = %v, want column %s", q, got, want)
		}
	}
	cols, sc := queryRows(t, db, `show columns in table "tab"`)
	if len(sc) != 1 || sc[0][0] != "tab" || sc[0][2] != "K" || cols[0] != "table_name" {
		t.Errorf(`show columns in table "tab" = %v %v`, cols, sc)
	}

	// GET_DDL prints the table's own name (the parameters reference's
	// format, https://docs.snowflake.com/en/sql-reference/parameters,
	// ENABLE_GET_DDL_USE_DATA_TYPE_ALIAS); a name needing quotes stays refused.
	if got := queryValue(t, db, `select get_ddl('table', 'TAB')`); got != "create or replace TABLE TAB (\n\tJ NUMBER(38,0)\n);" {
		t.Errorf("GET_DDL of TAB = %q", got)
	}
	wantRefused(t, db, `select get_ddl('table', '"tab"')`, "GET_DDL")

	// DROP removes only the table named.
	mustExec(t, db, `drop table TAB`)
	wantError(t, db, `select * from TAB`, 2003, "SQL compilation error:\nObject 'TAB' does not exist or not authorized.")
	wantCaseRows(t, rows(`select count(*) from "Tab"`), [][]string{{"2"}}, `"Tab" after DROP TABLE TAB`)
	wantCaseRows(t, rows(`select k from "tab"`), [][]string{{"20"}}, `"tab" after DROP TABLE TAB`)
	// ... and a new TAB is a new, empty table.
	mustExec(t, db, `create table TAB (x varchar)`)
	wantCaseRows(t, rows(`select count(*) from TAB`), [][]string{{"0"}}, "the new TAB")
}

// TestDistinctCaseCreateForms: CREATE OR REPLACE and CREATE ... IF NOT
// EXISTS of a name differing only in case create the new table rather than
// replace or keep the other one; ALTER ... RENAME TO such a name and
// CREATE ... CLONE of one work on the table named.
func TestDistinctCaseCreateForms(t *testing.T) {
	db := open(t)
	rows := func(q string) [][]string {
		t.Helper()
		_, r := queryRows(t, db, q)
		return r
	}
	mustExec(t, db, "create database icf",
		`create table T1 (a int)`, `insert into T1 values (1)`,
		`create or replace table "t1" (b int)`, `insert into "t1" values (2)`,
		`create table if not exists "T1_" (c int)`,
		`create table U1 (a int)`, `insert into U1 values (5)`,
		`create table if not exists "u1" (d int)`, `insert into "u1" values (6)`,
		`create table if not exists "u1" (e int)`, // exists: kept
		`create table W1 (w int)`, `insert into W1 values (7)`,
		`alter table W1 rename to "t1x"`, `create table "T1X" (z int)`,
		`create table c1 clone "t1"`,
		`create table "t1_like" like T1`, `create table T1_LIKE like "t1"`)
	wantCaseRows(t, rows(`select * from T1`), [][]string{{"1"}}, "T1")
	wantCaseRows(t, rows(`select * from "t1"`), [][]string{{"2"}}, `"t1"`)
	wantCaseRows(t, rows(`select * from U1`), [][]string{{"5"}}, "U1")
	wantCaseRows(t, rows(`select * from "u1"`), [][]string{{"6"}}, `"u1"`)
	wantCaseRows(t, rows(`select * from "t1x"`), [][]string{{"7"}}, `"t1x" (renamed W1)`)
	wantCaseRows(t, rows(`select count(*) from T1X`), [][]string{{"0"}}, "T1X")
	wantCaseRows(t, rows(`select * from c1`), [][]string{{"2"}}, `clone of "t1"`)
	for q, want := range map[string]string{`select * from "t1_like"`: "A", `select * from T1_LIKE`: "B"} {
		if cols, _ := queryRows(t, db, q); !reflect.DeepEqual(cols, []string{want}) {
			t.Errorf("%s: columns %v, want [%s]", q, cols, want)
		}
	}
	cols, _ := queryRows(t, db, `select * from "u1"`)
	if !reflect.DeepEqual(cols, []string{"D"}) {
		t.Errorf(`"u1" columns = %v, want [D]`, cols)
	}
}

// TestDistinctCaseViewsAndStreams: a view over each of two tables whose
// names differ only in case reads its own table, views may themselves
// differ only in case, and a stream on one records only that table's
// changes (an INSERT is a row with METADATA$ACTION 'INSERT':
// https://docs.snowflake.com/en/user-guide/streams-intro).
func TestDistinctCaseViewsAndStreams(t *testing.T) {
	db := open(t)
	rows := func(q string) [][]string {
		t.Helper()
		_, r := queryRows(t, db, q)
		return r
	}
	mustExec(t, db, "create database icv",
		`create table "Tab" (i int)`, `create table TAB (j int)`,
		`insert into "Tab" values (1)`, `insert into TAB values (2)`,
		`create view V as select j from TAB`, `create view "v" as select i from "Tab"`,
		`create view "Tab_v" as select t.i from "Tab" t`)
	wantCaseRows(t, rows(`select * from v`), [][]string{{"2"}}, "V")
	wantCaseRows(t, rows(`select * from "v"`), [][]string{{"1"}}, `"v"`)
	wantCaseRows(t, rows(`select * from "Tab_v"`), [][]string{{"1"}}, `"Tab_v"`)
	wantCaseRows(t, rows(`select table_name, view_definition from information_schema.views where table_schema = 'PUBLIC' order by 1`), [][]string{
		{"Tab_v", `create view "Tab_v" as select t.i from "Tab" t`},
		{"V", `create view V as select j from TAB`},
		{"v", `create view "v" as select i from "Tab"`},
	}, "INFORMATION_SCHEMA.VIEWS")

	mustExec(t, db, `create stream s on table TAB`, `insert into TAB values (5)`, `insert into "Tab" values (7)`)
	wantCaseRows(t, rows(`select j, metadata$action from s`), [][]string{{"5", "INSERT"}}, "stream on TAB")
	cols, show := queryRows(t, db, "show streams")
	for i, c := range cols {
		if c == "table_name" && (len(show) != 1 || show[0][i] != "ICV.PUBLIC.TAB") {
			t.Errorf("SHOW STREAMS table_name = %v", show)
		}
	}
}

// TestDistinctCaseRefusals: what the engine does not place among tables
// whose names differ only in case is refused (002040), never read from
// another table: a CTE named like one, a qualifier naming a table the
// query does not read, and the engine's own prefix for their names.
func TestDistinctCaseRefusals(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database icr", `create table "Tab" (i int)`, `create table TAB (j int)`)
	wantRefused(t, db, `with tab as (select 1 x) select * from tab`, "common table expression")
	wantRefused(t, db, `select "Tab".i from TAB`, "qualifier")
	wantRefused(t, db, `create table "__flurry_case_41" (a int)`, "__FLURRY_CASE_")
	wantRefused(t, db, `select * from (TAB)`, "differs only in case")
}

// TestDistinctCaseGrants: privileges are granted on the table named, not
// on another whose name differs only in case (the other one is "does not
// exist or not authorized", as TestTableAccess gets for a table without a
// grant).
func TestDistinctCaseGrants(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		`create table sales.public."Orders" (n int)`, `insert into sales.public."Orders" values (7)`,
		"grant usage on database sales to role analyst", "grant usage on schema sales.public to role analyst",
		`grant select on table sales.public."Orders" to role analyst`)
	alice := login(t, srv, "alice", "alice-pw", "")
	if got := queryValue(t, alice, `select n from sales.public."Orders"`); got != "7" {
		t.Errorf(`"Orders" = %q, want 7`, got)
	}
	wantError(t, alice, "select * from sales.public.orders", 2003, "SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.")
	_, grants := queryRows(t, admin, "show grants to role analyst")
	found := false
	for _, g := range grants {
		// The name as the engine shows any quoted name (quoted or not).
		found = found || g[1] == "SELECT" && (g[3] == `SALES.PUBLIC."Orders"` || g[3] == `SALES.PUBLIC.Orders`)
	}
	if !found {
		t.Errorf(`SHOW GRANTS TO ROLE analyst = %v, want SELECT on SALES.PUBLIC."Orders"`, grants)
	}
}
