package snowlocal_test

import (
	"reflect"
	"testing"
)

// ALTER TABLE ... SWAP WITH was refused. "Swap renames two tables in a
// single transaction" (docs:
// https://docs.snowflake.com/en/sql-reference/sql/alter-table, SWAP WITH and
// its "Swapping tables" example, whose DESC TABLE t1 after the swap prints
// t2's column B1 and DESC TABLE t2 prints A1, A2, A3): each table keeps its
// rows and comment under the other's name.
func TestAlterTableSwapWith(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database swapdb",
		"CREATE OR REPLACE TABLE t1(a1 NUMBER, a2 VARCHAR, a3 DATE) COMMENT = 'first'",
		"CREATE OR REPLACE TABLE t2(b1 VARCHAR)",
		"INSERT INTO t2 VALUES ('x')",
		"ALTER TABLE t1 SWAP WITH t2")
	_, rows := queryRows(t, db, `DESC TABLE t1 ->> SELECT "name", "type" FROM $1`)
	if want := [][]string{{"B1", "VARCHAR(16777216)"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("DESC TABLE t1: got %v, want %v", rows, want)
	}
	_, rows = queryRows(t, db, `DESC TABLE t2 ->> SELECT "name", "type" FROM $1`)
	if want := [][]string{{"A1", "NUMBER(38,0)"}, {"A2", "VARCHAR(16777216)"}, {"A3", "DATE"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("DESC TABLE t2: got %v, want %v", rows, want)
	}
	_, rows = queryRows(t, db, `SHOW TABLES ->> SELECT "name", "comment", "rows" FROM $1 ORDER BY "name"`)
	if want := [][]string{{"T1", "", "1"}, {"T2", "first", "0"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("SHOW TABLES: got %v, want %v", rows, want)
	}
	_, rows = queryRows(t, db, `SELECT table_name, comment FROM information_schema.tables WHERE table_schema = 'PUBLIC' AND created IS NOT NULL ORDER BY 1`)
	if want := [][]string{{"T1", ""}, {"T2", "first"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("INFORMATION_SCHEMA.TABLES: got %v, want %v", rows, want)
	}
}

// TestAlterTableSwapWithRefused: what the page leaves undescribed (a view,
// a temporary table: "is not allowed", with no error given) is refused
// before anything is renamed.
func TestAlterTableSwapWithRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database swapr", "CREATE TABLE t1(a INT)", "CREATE VIEW v AS SELECT 1 AS x",
		"CREATE TEMPORARY TABLE tmp(b INT)")
	wantRefused(t, db, "ALTER TABLE t1 SWAP WITH v", "SWAP WITH of a view")
	wantRefused(t, db, "ALTER TABLE t1 SWAP WITH tmp", "SWAP WITH a temporary table")
	_, rows := queryRows(t, db, `DESC TABLE t1 ->> SELECT "name" FROM $1`)
	if want := [][]string{{"A"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("t1 changed: %v", rows)
	}
}
