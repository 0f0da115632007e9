package snowlocal_test

import (
	"strings"
	"testing"
)

// A context function whose value depends on the session is evaluated by
// Snowflake each time a kept definition is used, in the session using it.
// The engine fills in the value when the statement runs, so it answers
// where that is the same (a query, CTAS, a SQL UDF expanded at its call)
// and refuses a definition that would keep the value (a view, a column
// DEFAULT). Before, a view kept the creating session's database.
func TestContextFunctionInKeptDefinition(t *testing.T) {
	db := open(t)
	mustExec(t, db,
		"create database d",
		"create table t0 as select current_database() as db",
		"create function f() returns varchar as 'current_database()'",
		"create database e",
	)
	if got := queryValue(t, db, "select db from d.public.t0"); got != "D" {
		t.Errorf("CTAS kept %q, want D (evaluated when it ran)", got)
	}
	if got := queryValue(t, db, "select d.public.f()"); got != "E" {
		t.Errorf("UDF call = %q, want E (the calling session's database)", got)
	}
	for _, q := range []string{
		"create view v as select current_database() as db",
		"create or replace secure view v as select current_role() as r",
		"create table t1 (a varchar default current_user())",
		"alter table d.public.t0 add column b varchar default current_schema()",
	} {
		err := queryErr(db, q)
		if err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), "definition") {
			t.Errorf("%s: err = %v, want the 002040 refusal", q, err)
		}
	}
}
