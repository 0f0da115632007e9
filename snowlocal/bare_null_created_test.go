package snowlocal_test

import "testing"

// TestBareNullColumnCreatedIsRefused: a table or view created over a bare
// NULL column is refused (002040). No source gives the type a created
// object declares for it (frostlake's WidthlessNullBranchFoldTest covers a
// NULL beside a typed branch only), and the engine answered two different
// types: NUMBER(38,0) for a table, VARCHAR(16777216) for a view. A typed
// NULL, or a NULL beside a typed branch, answers as before.
func TestBareNullColumnCreatedIsRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d", "create table t(i int)")
	for _, q := range []string{
		"create table a as select null as x",
		"create view b as select null as x",
		"create table c as select i, null x from t",
		"create table e as select iff(true, null, null) x",
		"create view f(x) as select null",
		"create or replace table g as select null as x, 1 as y",
	} {
		wantRefused(t, db, q, "bare NULL")
	}
	mustExec(t, db,
		"create table ok1 as select null::varchar as x",
		"create view ok2 as select null x union all select 'a'",
		"create table ok3 as select i from t where null is null",
		"create table ok4 as select iff(true, null, 1) as x")
	if got := describeTypes(t, db, "describe table ok1")["X"]; got != "VARCHAR(16777216)" {
		t.Errorf("NULL::VARCHAR column: %s", got)
	}
}
