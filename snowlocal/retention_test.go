package snowlocal_test

import (
	"reflect"
	"testing"
)

// DATA_RETENTION_TIME_IN_DAYS other than 1 was refused. A table's retention
// can be "set to 0 (or unset back to the default of 1 day)", for transient
// tables too; "A retention period of 0 days for an object effectively
// deactivates Time Travel for the object"; "When an object with no
// retention period is dropped, you will not be able to restore the
// object"; the retention shows in SHOW TABLES' retention_time (docs:
// https://docs.snowflake.com/en/user-guide/data-time-travel, "Data
// retention period", "Checking the data retention period for an object").
// A clone "inherits all object parameters that were set on the source
// object" (docs: https://docs.snowflake.com/en/user-guide/object-clone,
// "Cloning and object parameters"). The engine keeps 0 and 1 and refuses
// longer retention, which it does not keep.
func TestTableRetention(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ret",
		"create table perm (a int) data_retention_time_in_days = 0",
		"create transient table tr (a int) data_retention_time_in_days = 0",
		"create transient table ctas data_retention_time_in_days = 0 as select 1 as a",
		"create table one (a int) data_retention_time_in_days = 1",
		"create table plain (a int)",
		"create table cl clone perm",
		"create table if not exists perm (a int) data_retention_time_in_days = 1")
	want := [][]string{{"CL", "0"}, {"CTAS", "0"}, {"ONE", "1"}, {"PERM", "0"}, {"PLAIN", "1"}, {"TR", "0"}}
	show := `SHOW TABLES ->> SELECT "name", "retention_time" FROM $1 ORDER BY "name"`
	if _, rows := queryRows(t, db, show); !reflect.DeepEqual(rows, want) {
		t.Errorf("SHOW TABLES:\n got %v\nwant %v", rows, want)
	}
	objects := `SHOW OBJECTS ->> SELECT "name", "retention_time" FROM $1 ORDER BY "name"`
	if _, rows := queryRows(t, db, objects); !reflect.DeepEqual(rows, want) {
		t.Errorf("SHOW OBJECTS:\n got %v\nwant %v", rows, want)
	}
	info := `SELECT table_name, retention_time FROM information_schema.tables WHERE table_schema = 'PUBLIC' ORDER BY 1`
	if _, rows := queryRows(t, db, info); !reflect.DeepEqual(rows, want) {
		t.Errorf("INFORMATION_SCHEMA.TABLES:\n got %v\nwant %v", rows, want)
	}

	// ALTER TABLE ... SET and UNSET; the retention moves with RENAME.
	mustExec(t, db, "alter table plain set data_retention_time_in_days = 0",
		"alter table perm unset data_retention_time_in_days",
		"alter table tr set data_retention_time_in_days = 1",
		"alter table one rename to uno")
	want = [][]string{{"CL", "0"}, {"CTAS", "0"}, {"PERM", "1"}, {"PLAIN", "0"}, {"TR", "1"}, {"UNO", "1"}}
	if _, rows := queryRows(t, db, info); !reflect.DeepEqual(rows, want) {
		t.Errorf("after ALTER:\n got %v\nwant %v", rows, want)
	}

	// DROP of a table with retention 1 keeps it for UNDROP, with its
	// retention; with 0 nothing is kept, and UNDROP restores no older
	// version either.
	mustExec(t, db, "insert into tr values (7)", "drop table tr", "undrop table tr")
	if got := queryOne(t, db, "select a from tr"); got != "7" {
		t.Errorf("restored rows: %q", got)
	}
	if _, rows := queryRows(t, db, `SHOW TABLES LIKE 'TR' ->> SELECT "retention_time" FROM $1`); !reflect.DeepEqual(rows, [][]string{{"1"}}) {
		t.Errorf("restored retention_time: %v", rows)
	}
	mustExec(t, db, "alter table tr set data_retention_time_in_days = 0", "drop table tr")
	wantRefused(t, db, "undrop table tr", "dropped with DATA_RETENTION_TIME_IN_DAYS = 0")
	mustExec(t, db, "create table v (x int)", "drop table v", "create table v (y int) data_retention_time_in_days = 0", "drop table v")
	wantRefused(t, db, "undrop table v", "dropped with DATA_RETENTION_TIME_IN_DAYS = 0")
	mustExec(t, db, "create table v (z int)")
	if _, rows := queryRows(t, db, `DESC TABLE v ->> SELECT "name" FROM $1`); !reflect.DeepEqual(rows, [][]string{{"Z"}}) {
		t.Errorf("v: %v", rows)
	}

	// Longer retention, and what no source defines, stay refused.
	wantRefused(t, db, "create table long (a int) data_retention_time_in_days = 90", "DATA_RETENTION_TIME_IN_DAYS = 90, a history longer than the 1 day")
	wantRefused(t, db, "create transient table long2 data_retention_time_in_days = 2 as select 1 as a", "DATA_RETENTION_TIME_IN_DAYS = 2")
	wantRefused(t, db, "alter table uno set data_retention_time_in_days = 30", "ALTER TABLE ... SET DATA_RETENTION_TIME_IN_DAYS = 30")
	wantRefused(t, db, "create table lk like plain", "LIKE of a table with DATA_RETENTION_TIME_IN_DAYS = 0")
	wantRefused(t, db, "create or alter table plain (a int)", "CREATE OR ALTER TABLE that changes the DATA_RETENTION_TIME_IN_DAYS")
	wantRefused(t, db, "create or alter table uno (a int) data_retention_time_in_days = 0", "CREATE OR ALTER TABLE that changes the DATA_RETENTION_TIME_IN_DAYS")
	wantRefused(t, db, "create view rv data_retention_time_in_days = 0 as select 1 as a", "CREATE VIEW ... DATA_RETENTION_TIME_IN_DAYS = 0")
	mustExec(t, db, "create or alter table plain (a int) data_retention_time_in_days = 0", "create table lk like uno",
		"alter table lk set data_retention_time_in_days = 0 comment = 'scratch'")
	if _, rows := queryRows(t, db, `SHOW TABLES LIKE 'LK' ->> SELECT "comment", "retention_time" FROM $1`); !reflect.DeepEqual(rows, [][]string{{"scratch", "0"}}) {
		t.Errorf("lk: %v", rows)
	}
}
