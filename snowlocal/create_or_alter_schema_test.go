package snowlocal_test

import (
	"reflect"
	"testing"
)

// CREATE OR ALTER SCHEMA was refused. The docs (CREATE SCHEMA, "CREATE OR
// ALTER SCHEMA examples": "Create a schema named s1: CREATE OR ALTER SCHEMA
// s1;") create an absent schema as CREATE SCHEMA does; altering an existing
// one stays refused (its answer is not documented).
func TestCreateOrAlterSchema(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database coas")
	if got := queryOne(t, db, "CREATE OR ALTER SCHEMA s1"); got != "Schema S1 successfully created." {
		t.Errorf("status: %q", got)
	}
	if got := queryOne(t, db, "select current_schema()"); got != "S1" {
		t.Errorf("current schema: %q, want S1 (as CREATE SCHEMA)", got)
	}
	mustExec(t, db, "CREATE OR ALTER SCHEMA s2 WITH MANAGED ACCESS")
	_, rows := queryRows(t, db, `SHOW SCHEMAS LIKE 'S_' ->> SELECT "name", "options" FROM $1`)
	if want := [][]string{{"S1", ""}, {"S2", "MANAGED ACCESS"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("SHOW SCHEMAS: got %v, want %v", rows, want)
	}
	wantRefused(t, db, "CREATE OR ALTER SCHEMA s1 WITH MANAGED ACCESS", "CREATE OR ALTER SCHEMA of an existing schema")
	wantRefused(t, db, "CREATE OR ALTER SCHEMA s3 COMMENT = 'c'", "CREATE SCHEMA ... COMMENT")
}
