package snowlocal_test

import "testing"

// TestCreatedDuplicateColumnNames: a CTAS table or a view whose query
// returns two columns of one name fails with Snowflake's 002025
// ("002025 (42S21): SQL compilation error: duplicate column name
// 'CUSTOMER_ID'", as public dbt logs of models, which are CTAS tables and
// views, record it). DuckDB renamed the second column A_1 and created it.
// The query itself answers with both columns.
func TestCreatedDuplicateColumnNames(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database dupc", "create table u (id int, a int)")
	for q, name := range map[string]string{
		"create table t1 as select 1 as a, 2 as a":          "A",
		"create view v1 as select x.id, y.id from u x, u y": "ID",
		"create table t2 (a, a) as select 1, 2":             "A",
		"create or replace view v2 as select *, a from u":   "A",
		`create table t3 as select 1 as "x", 2 as "x"`:      "x",
		"create table t4 as select id, a as id from u":      "ID",
	} {
		wantError(t, db, q, 2025, "SQL compilation error:\nduplicate column name '"+name+"'")
	}
	if cols, rows := queryRows(t, db, "select 1 as a, 2 as a"); len(cols) != 2 || cols[0] != "A" || cols[1] != "A" || len(rows) != 1 {
		t.Errorf("select 1 as a, 2 as a: columns %v rows %v, want A, A and one row", cols, rows)
	}
	mustExec(t, db, "create table ok as select id, a, a as b from u")
}

// TestShowInMissingContainer: SHOW ... IN SCHEMA|DATABASE of one that does
// not exist fails as any statement naming it does (Snowflake's 002003
// "Schema 'D.NOSUCH' does not exist or not authorized."), where the engine
// listed no rows; a bare IN naming neither is refused (002040).
func TestShowInMissingContainer(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database shin", "create table t (a int)")
	wantError(t, db, "show tables in schema nosuch", 2003, "SQL compilation error:\nSchema 'SHIN.NOSUCH' does not exist or not authorized.")
	wantError(t, db, "show views in database nosuch", 2003, "SQL compilation error:\nDatabase 'NOSUCH' does not exist or not authorized.")
	wantError(t, db, "show objects in schema shin.nosuch", 2003, "SQL compilation error:\nSchema 'SHIN.NOSUCH' does not exist or not authorized.")
	wantRefused(t, db, "show tables in nosuch", "names no database or schema")
	for _, q := range []string{"show tables in schema public", "show tables in schema shin.public", "show tables in shin", "show tables in database shin"} {
		if _, rows := queryRows(t, db, q); len(rows) != 1 {
			t.Errorf("%s: %d rows, want 1", q, len(rows))
		}
	}
}

// TestDeclaredDuplicateColumnNames: CREATE TABLE declaring one column name
// twice fails with Snowflake's 002025 duplicate column name, not DuckDB's
// "Column with name A already exists!" under 002003; ALTER TABLE adding an
// existing column's name is refused (002040), its error not documented.
func TestDeclaredDuplicateColumnNames(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database dupd", "create table t (a int)")
	wantError(t, db, "create table u (a int, a varchar)", 2025, "SQL compilation error:\nduplicate column name 'A'")
	wantRefused(t, db, "alter table t add column a int", "existing column A")
}
