package snowlocal_test

import (
	"reflect"
	"testing"
)

// TestCreateContainerOptionsRefused: CREATE DATABASE|SCHEMA with a COMMENT
// or a retention time answered "successfully created" and kept none of it,
// so SHOW SCHEMAS showed an empty comment and retention time 1 where
// Snowflake shows them (docs:
// https://docs.snowflake.com/en/sql-reference/sql/create-schema). They are
// refused, as ALTER DATABASE|SCHEMA is; plain and TRANSIENT ones still
// answer. (WITH MANAGED ACCESS is kept: schema_managed_test.go.)
func TestCreateContainerOptionsRefused(t *testing.T) {
	db := open(t)
	wantRefused(t, db, "create database optdb comment = 'a database'", "CREATE DATABASE ... COMMENT")
	mustExec(t, db, "create database optdb2")
	wantRefused(t, db, "create schema s1 comment = 'hello'", "CREATE SCHEMA ... COMMENT")
	wantRefused(t, db, "create schema s2 data_retention_time_in_days = 5", "CREATE SCHEMA ... DATA_RETENTION_TIME_IN_DAYS")
	mustExec(t, db, "create transient schema ts", "create schema if not exists plain", "create schema nocoll default_ddl_collation = ''")
	var rows [][]string
	for _, name := range []string{"NOCOLL", "PLAIN", "PUBLIC", "TS"} { // SHOW SCHEMAS alone is refused: show_temporary.go
		_, r := queryRows(t, db, `show schemas like '`+name+`' ->> select "name", "options" from $1`)
		rows = append(rows, r...)
	}
	want := [][]string{{"NOCOLL", ""}, {"PLAIN", ""}, {"PUBLIC", ""}, {"TS", "TRANSIENT"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("schemas: got %v, want %v", rows, want)
	}
}

// TestDatabaseRoleRefused: CREATE DATABASE ROLE mydb.dr1 (docs:
// sql/grant-privilege, "Database roles") was read as CREATE DATABASE of a
// database named ROLE (and DROP DATABASE ROLE as DROP of it); database roles
// are refused as GRANT DATABASE ROLE is, and a database named ROLE is still one.
func TestDatabaseRoleRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database mydb", "create schema myschema")
	wantRefused(t, db, "CREATE DATABASE ROLE mydb.myschema.dr1", "database and application roles")
	wantRefused(t, db, "DROP DATABASE ROLE mydb.dr1", "database and application roles")
	if _, rows := queryRows(t, db, `show databases like 'ROLE'`); len(rows) != 0 {
		t.Errorf("CREATE DATABASE ROLE made a database: %v", rows)
	}
	mustExec(t, db, "create database role", "drop database role")
}
