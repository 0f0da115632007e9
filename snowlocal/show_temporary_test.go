package snowlocal_test

import "testing"

// TestListingsRefuseWhatTheyLeaveOut: Snowflake's SHOW SCHEMAS lists each
// database's INFORMATION_SCHEMA (docs: show-schemas, its example boxes), and
// SHOW TABLES / OBJECTS and INFORMATION_SCHEMA.TABLES list a session's
// temporary tables (docs: show-tables, kind TEMPORARY). The engine leaves
// them out, so a listing that would hold one is refused (002040) instead
// of answered without it; a filter that rules it out answers. Before,
// SHOW SCHEMAS answered PUBLIC alone and SHOW TABLES left TT out.
func TestListingsRefuseWhatTheyLeaveOut(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database lst", "use database lst", "create table t (a int)")
	wantRefused(t, db, "show schemas", "SHOW SCHEMAS listing INFORMATION_SCHEMA")
	wantRefused(t, db, "show terse schemas", "SHOW SCHEMAS listing INFORMATION_SCHEMA")
	if got := queryValue(t, db, "show schemas like 'PUB%' ->> select count(*) from $1"); got != "1" {
		t.Errorf("SHOW SCHEMAS LIKE 'PUB%%': %s rows, want 1", got)
	}
	if got := queryValue(t, db, "show tables ->> select count(*) from $1"); got != "1" {
		t.Errorf("SHOW TABLES without temporary tables: %s rows, want 1", got)
	}
	mustExec(t, db, "create temporary table tt (a int)")
	for _, q := range []string{"show tables", "show objects", "show terse tables in schema lst.public"} {
		wantRefused(t, db, q, "temporary table or view TT")
	}
	wantRefused(t, db, "select count(*) from information_schema.tables where table_schema = 'PUBLIC'", "temporary table or view TT")
	wantRefused(t, db, "select count(*) from information_schema.columns where table_schema = 'PUBLIC'", "temporary table or view TT")
	if got := queryValue(t, db, "show tables like 'T' ->> select count(*) from $1"); got != "1" {
		t.Errorf("SHOW TABLES LIKE 'T' beside a temporary TT: %s rows, want 1", got)
	}
}

// TestSchemataInformationSchemaRow: INFORMATION_SCHEMA.SCHEMATA's row for
// INFORMATION_SCHEMA has no owner and the fixed comment every database's
// INFORMATION_SCHEMA carries (mlorek/frostlake, live-verified,
// engine/.../catalog/Database.java; the docs' SHOW SCHEMAS boxes print the
// same comment and an empty owner). Before, it named ACCOUNTADMIN and no
// comment. With no owner it has no OWNER_ROLE_TYPE either (the docs' SHOW
// SCHEMAS HISTORY box prints it empty beside the empty owner).
func TestSchemataInformationSchemaRow(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database sch", "use database sch")
	_, rows := queryRows(t, db, "select coalesce(schema_owner, 'NULL'), comment, coalesce(owner_role_type, 'NULL') from information_schema.schemata where schema_name = 'INFORMATION_SCHEMA'")
	if len(rows) != 1 || rows[0][0] != "NULL" || rows[0][1] != "Views describing the contents of schemas in this database" || rows[0][2] != "NULL" {
		t.Errorf("INFORMATION_SCHEMA row: %v", rows)
	}
}
