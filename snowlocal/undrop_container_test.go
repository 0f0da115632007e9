package snowlocal_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/flurry-dev/flurry/warehouse"
)

// UNDROP SCHEMA and UNDROP DATABASE were refused, and dropping a schema or
// database forgot its tables. "Restore the most recent version of a dropped
// schema" ("If a schema with the same name already exists, an error is
// returned"; docs:
// https://docs.snowflake.com/en/sql-reference/sql/undrop-schema, whose
// example answers "Schema MYSCHEMA successfully restored."), the same for a
// database (undrop-database: "Database MYTESTDB2 successfully restored.");
// a dropped schema's or database's child tables "are retained for the same
// period of time" as it, whatever their own retention (docs:
// https://docs.snowflake.com/en/user-guide/data-time-travel, "Dropped
// containers and object retention inheritance"). The restored tables are
// the dropped ones: columns, rows, comments, retention, managed access of
// their schema; a table dropped before its schema stays dropped and UNDROP
// TABLE restores it afterwards; the kept versions survive a restart.
func TestUndropSchemaAndDatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	db, err := warehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	mustExec(t, db.DB, "create database udb", "create schema sa with managed access",
		"create table t1 (a int comment 'ac', b varchar(10)) comment = 'tc' data_retention_time_in_days = 0",
		"insert into t1 values (1, 'x'), (2, 'y')",
		"create table gone (g int)", "insert into gone values (9)", "drop table gone",
		"create schema sb", "create table t2 (c number(10,2) primary key)", "insert into t2 values (2.5)")
	desc := `DESC TABLE udb.sa.t1 ->> SELECT "name", "type", "null?", "comment" FROM $1`
	_, descBefore := queryRows(t, db.DB, desc)
	show := `SHOW TABLES IN DATABASE udb ->> SELECT "name", "schema_name", "comment", "rows", "retention_time", TO_VARCHAR("created_on") FROM $1 ORDER BY 2, 1`
	_, showBefore := queryRows(t, db.DB, show)
	schemas := `SHOW SCHEMAS LIKE 'S%' IN DATABASE udb ->> SELECT "name", "options", TO_VARCHAR("created_on") FROM $1 ORDER BY 1`
	_, schemasBefore := queryRows(t, db.DB, schemas)

	// UNDROP SCHEMA, after a restart: the kept versions are on disk.
	mustExec(t, db.DB, "drop schema udb.sa")
	if err := queryErr(db.DB, "UNDROP TABLE udb.sa.gone"); err == nil {
		t.Error("UNDROP TABLE in a dropped schema succeeded")
	}
	db.Close()
	db, err = warehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { db.Close() }()
	db.SetMaxOpenConns(1)
	if got := queryOne(t, db.DB, "UNDROP SCHEMA udb.sa"); got != "Schema SA successfully restored." {
		t.Fatalf("UNDROP SCHEMA: %q", got)
	}
	check := func(when string) {
		t.Helper()
		if _, got := queryRows(t, db.DB, desc); !reflect.DeepEqual(got, descBefore) {
			t.Errorf("DESC TABLE %s:\n got %v\nwant %v", when, got, descBefore)
		}
		if _, got := queryRows(t, db.DB, show); !reflect.DeepEqual(got, showBefore) {
			t.Errorf("SHOW TABLES %s:\n got %v\nwant %v", when, got, showBefore)
		}
		if _, got := queryRows(t, db.DB, schemas); !reflect.DeepEqual(got, schemasBefore) {
			t.Errorf("SHOW SCHEMAS %s:\n got %v\nwant %v", when, got, schemasBefore)
		}
		if _, got := queryRows(t, db.DB, "select a, b from udb.sa.t1 order by a"); !reflect.DeepEqual(got, [][]string{{"1", "x"}, {"2", "y"}}) {
			t.Errorf("rows %s: %v", when, got)
		}
	}
	check("after UNDROP SCHEMA")
	wantRefused(t, db.DB, "UNDROP SCHEMA udb.sa", "of a name an existing schema has")
	// A table dropped before its schema stays dropped, for UNDROP TABLE.
	if got := queryOne(t, db.DB, "UNDROP TABLE udb.sa.gone"); got != "Table GONE successfully restored." {
		t.Fatalf("UNDROP TABLE: %q", got)
	}
	if got := queryOne(t, db.DB, "select g from udb.sa.gone"); got != "9" {
		t.Errorf("restored GONE: %q", got)
	}

	// UNDROP DATABASE; a schema and a table dropped before it stay dropped.
	mustExec(t, db.DB, "drop table udb.sa.gone", "drop schema udb.sb")
	_, schemasBefore = queryRows(t, db.DB, schemas)
	_, showBefore = queryRows(t, db.DB, show)
	mustExec(t, db.DB, "drop database udb")
	if got := queryOne(t, db.DB, "UNDROP DATABASE udb"); got != "Database UDB successfully restored." {
		t.Fatalf("UNDROP DATABASE: %q", got)
	}
	check("after UNDROP DATABASE")
	wantRefused(t, db.DB, "UNDROP DATABASE udb", "of a name an existing database has")
	mustExec(t, db.DB, "undrop schema udb.sb", "undrop table udb.sa.gone")
	if _, got := queryRows(t, db.DB, "select c from udb.sb.t2 union all select g from udb.sa.gone order by 1"); !reflect.DeepEqual(got, [][]string{{"2.50"}, {"9.00"}}) {
		t.Errorf("restored T2 and GONE: %v", got)
	}

	// What the engine does not keep stops UNDROP.
	mustExec(t, db.DB, "create view udb.sa.v as select 1 as x", "drop database udb")
	wantRefused(t, db.DB, "UNDROP DATABASE udb", "did not keep (dropped with a view)")
	mustExec(t, db.DB, "create database udb", "create schema s2", "create sequence sq", "drop schema s2")
	wantRefused(t, db.DB, "UNDROP SCHEMA udb.s2", "did not keep (dropped with a sequence)")
	wantRefused(t, db.DB, "UNDROP SCHEMA udb.never_made", "keeps no dropped version")
	wantRefused(t, db.DB, "UNDROP DATABASE never_made", "keeps no dropped version")
}
