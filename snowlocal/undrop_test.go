package snowlocal_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/flurry-dev/flurry/warehouse"
)

// UNDROP TABLE was refused. "Restores the most recent version of a dropped
// table", which "can be restored only if the object was deleted within the
// Data retention period"; "If a table with the same name already exists,
// an error is returned" (docs:
// https://docs.snowflake.com/en/sql-reference/sql/undrop-table, whose
// example answers "Table T2 successfully restored."). The restored table is
// the dropped one: its columns as DESCRIBE shows them, rows, comment,
// clustering key and transience; the copy survives a restart of the
// engine, as the tables do.
func TestUndropTable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	db, err := warehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	mustExec(t, db.DB, "create database undropdb", "create sequence sq",
		`create transient table t2 (a int not null default 5 comment 'ac', b varchar(10) collate 'en-ci' unique,
			c number(10,2) primary key, d int default sq.nextval) comment = 'tc' cluster by (a)`,
		"insert into t2 (a, b, c) values (1, 'x', 2.5)")
	desc := `DESC TABLE t2 ->> SELECT "name", "type", "null?", "default", "primary key", "unique key", "comment" FROM $1`
	_, before := queryRows(t, db.DB, desc)
	show := `SHOW TABLES LIKE 'T2' ->> SELECT "name", "kind", "comment", "cluster_by", "rows" FROM $1`
	_, showBefore := queryRows(t, db.DB, show)
	mustExec(t, db.DB, "drop table t2")
	db.Close()

	db, err = warehouse.OpenLocal(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	mustExec(t, db.DB, "use schema undropdb.public")
	if got := queryOne(t, db.DB, "UNDROP TABLE t2"); got != "Table T2 successfully restored." {
		t.Fatalf("UNDROP TABLE: %q", got)
	}
	if _, after := queryRows(t, db.DB, desc); !reflect.DeepEqual(after, before) {
		t.Errorf("DESC TABLE after UNDROP:\n got %v\nwant %v", after, before)
	}
	if _, after := queryRows(t, db.DB, show); !reflect.DeepEqual(after, showBefore) {
		t.Errorf("SHOW TABLES after UNDROP:\n got %v\nwant %v", after, showBefore)
	}
	mustExec(t, db.DB, "insert into t2 (a, b, c) values (2, 'y', 3)")
	_, rows := queryRows(t, db.DB, "select a, b, c, d from t2 order by a")
	if want := [][]string{{"1", "x", "2.50", "1"}, {"2", "y", "3.00", "2"}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("rows: got %v, want %v", rows, want)
	}
	wantRefused(t, db.DB, "UNDROP TABLE t2", "of a name an existing object has")
	// The most recent version is restored.
	mustExec(t, db.DB, "create table v (x int)", "insert into v values (1)", "drop table v",
		"create table v (y varchar)", "drop table v", "undrop table v")
	if _, cols := queryRows(t, db.DB, `DESC TABLE v ->> SELECT "name" FROM $1`); !reflect.DeepEqual(cols, [][]string{{"Y"}}) {
		t.Errorf("restored version: %v, want the most recent (column Y)", cols)
	}
	// Versions the engine does not keep stop UNDROP rather than restore an
	// older one.
	mustExec(t, db.DB, "create table w (x int)", "drop table w", "create table w (y int)", "create or replace table w (z int)",
		"alter table w rename to w2")
	wantRefused(t, db.DB, "UNDROP TABLE w", "did not keep")
	wantRefused(t, db.DB, "UNDROP TABLE never_made", "keeps no dropped version")
}
