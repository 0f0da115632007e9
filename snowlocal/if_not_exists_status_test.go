package snowlocal_test

import "testing"

// CREATE ... IF NOT EXISTS of a table, view or sequence that exists answers
// "NAME already exists, statement succeeded." (mlorek/frostlake
// DdlStatusMessage.java, live-verified whatever the kind); the engine said
// "Table T successfully created." And SHOW VIEWS' is_secure is true for a
// SECURE view (it was always false).
func TestCreateIfNotExistsStatusAndSecureViews(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database d", "create table t (a int)", "create view v as select 1 as a", "create sequence s")
	for q, want := range map[string]string{
		"create table if not exists t (a int)":       "T already exists, statement succeeded.",
		"create table if not exists t as select 5 a": "T already exists, statement succeeded.",
		"create view if not exists v as select 2 a":  "V already exists, statement succeeded.",
		"create sequence if not exists s":            "S already exists, statement succeeded.",
		"create table if not exists t2 (a int)":      "Table T2 successfully created.",
	} {
		_, rows := queryRows(t, db, q) // once: queryValue runs its query twice
		if len(rows) != 1 || rows[0][0] != want {
			t.Errorf("%s: %q, want %q", q, rows, want)
		}
	}
	if got := queryValue(t, db, "select count(*) from t"); got != "0" {
		t.Errorf("CTAS IF NOT EXISTS of an existing table inserted rows: count %s", got)
	}
	mustExec(t, db, "create or replace secure view sv as select 1 as a")
	_, rows := queryRows(t, db, `show views ->> select "name", "is_secure" from $1 order by 1`)
	if len(rows) != 2 || rows[0][0] != "SV" || rows[0][1] != "true" || rows[1][0] != "V" || rows[1][1] != "false" {
		t.Errorf("SHOW VIEWS is_secure: %q", rows)
	}
}
