package snowlocal_test

import (
	"reflect"
	"testing"
)

// ALTER TABLE ... ADD COLUMN ... NOT NULL without a DEFAULT was refused.
// The docs add such a column to an empty table (ALTER TABLE, "Adding
// columns": ALTER TABLE t1 ADD COLUMN a3 NUMBER NOT NULL, whose DESC TABLE
// prints A3 with null? N; CREATE | ALTER TABLE ... CONSTRAINT: ALTER TABLE
// table1 ADD COLUMN col2 VARCHAR NOT NULL). What Snowflake answers for a
// table with rows is not documented: that stays refused, before anything
// changes.

func TestAddNotNullColumnToEmptyTable(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database addnn", "CREATE OR REPLACE TABLE t1(a1 NUMBER)",
		"ALTER TABLE t1 ADD COLUMN a3 NUMBER NOT NULL")
	_, rows := queryRows(t, db, `DESC TABLE t1 ->> SELECT "name", "type", "null?", "default" FROM $1`)
	want := [][]string{{"A1", "NUMBER(38,0)", "Y", ""}, {"A3", "NUMBER(38,0)", "N", ""}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("DESC TABLE:\n got %v\nwant %v", rows, want)
	}
}

func TestAddNotNullColumnToTableWithRowsRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database addnnr", "CREATE OR REPLACE TABLE t1(a1 NUMBER)", "INSERT INTO t1 VALUES (1)")
	wantRefused(t, db, "ALTER TABLE t1 ADD COLUMN a3 NUMBER NOT NULL", "NOT NULL without a DEFAULT to a table with rows")
	wantRefused(t, db, "ALTER TABLE IF EXISTS t1 ADD COLUMN a3 NUMBER NOT NULL", "NOT NULL without a DEFAULT with IF [NOT] EXISTS")
	_, rows := queryRows(t, db, `DESC TABLE t1 ->> SELECT "name" FROM $1`)
	if want := [][]string{{"A1"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("the refused ALTER changed the table: %v", rows)
	}
}
