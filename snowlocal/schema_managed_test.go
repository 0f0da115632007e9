package snowlocal_test

import (
	"reflect"
	"testing"
)

// CREATE SCHEMA ... WITH MANAGED ACCESS was refused. The docs (CREATE
// SCHEMA, "Create a managed access schema": SHOW SCHEMAS prints MSCHEMA's
// options MANAGED ACCESS; its WITH MANAGED ACCESS parameter: "Only the
// schema owner or a role with the MANAGE GRANTS privilege can grant
// privileges on objects in the schema") are followed: the flag shows in
// SHOW SCHEMAS and INFORMATION_SCHEMA.SCHEMATA, and a grant by an object's
// owner that is not the schema's is refused (no error text is documented).
func TestManagedAccessSchema(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database mgd", "CREATE SCHEMA mschema WITH MANAGED ACCESS")
	_, rows := queryRows(t, db, `SHOW SCHEMAS LIKE 'MSCHEMA' ->> SELECT "name", "is_current", "options" FROM $1`)
	if want := [][]string{{"MSCHEMA", "Y", "MANAGED ACCESS"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("SHOW SCHEMAS: got %v, want %v", rows, want)
	}
	_, rows = queryRows(t, db, `SELECT schema_name, is_managed_access FROM information_schema.schemata WHERE schema_name IN ('MSCHEMA', 'PUBLIC') ORDER BY 1`)
	if want := [][]string{{"MSCHEMA", "YES"}, {"PUBLIC", "NO"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("INFORMATION_SCHEMA.SCHEMATA: got %v, want %v", rows, want)
	}
	// A user whose only role owns a table of the schema, not the schema.
	srv := aclServer(t)
	admin := login(t, srv, "admin", "admin-pw", "")
	mustExec(t, admin, "create database mgd2", "CREATE SCHEMA mgd2.mschema WITH MANAGED ACCESS", "create role r1", "create role r2",
		"create user bob password = 'bob-pw' default_role = r1", "grant role r1 to user bob",
		"grant usage on database mgd2 to role r1", "grant usage on schema mgd2.mschema to role r1",
		"grant create table on schema mgd2.mschema to role r1")
	bob := login(t, srv, "bob", "bob-pw", "")
	mustExec(t, bob, "create table mgd2.mschema.t (a int)")
	wantRefused(t, bob, "grant select on table mgd2.mschema.t to role r2", "managed access schema")
	mustExec(t, admin, "grant select on table mgd2.mschema.t to role r2") // MANAGE GRANTS
	wantRefused(t, db, "create transient schema ts with managed access", "transient schema WITH MANAGED ACCESS")
	mustExec(t, db, "create or replace schema mschema")
	_, rows = queryRows(t, db, `SHOW SCHEMAS LIKE 'MSCHEMA' ->> SELECT "options" FROM $1`)
	if want := [][]string{{""}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("after CREATE OR REPLACE: got %v", rows)
	}
}
