package snowlocal

import (
	"context"
	"strings"
	"testing"
)

// TestLostTableTimesAreUnknown: when a bookkeeping write fails (here: the
// bookkeeping table is out of the way while statements run), the times it
// would have recorded are lost, and the engine reports them as unknown
// (refused, 002040) rather than as the time it next looks or the stale time
// before: a table created then has no known CREATED, a table changed by DML
// then no known LAST_ALTERED (its CREATED stays known), a table altered by
// DDL then no known LAST_DDL.
func TestLostTableTimesAreUnknown(t *testing.T) {
	ctx := context.Background()
	e, s := openSession(t)
	exec := func(q string) error {
		t.Helper()
		_, err := s.Exec(ctx, q, nil)
		return err
	}
	must := func(qs ...string) {
		t.Helper()
		for _, q := range qs {
			if err := exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	refused := func(q, want string) {
		t.Helper()
		err := exec(q)
		if err == nil || !strings.Contains(err.Error(), "002040") && !strings.Contains(err.Error(), "Unsupported feature") || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v; want a refusal naming %q", q, err, want)
		}
	}
	must("create database lost", "create table t (a int)", "create table a (a int)")
	if _, err := e.db.ExecContext(ctx, "ALTER TABLE "+e.tableTimes()+" RENAME TO TABLE_TIMES_AWAY"); err != nil {
		t.Fatal(err)
	}
	must("insert into t values (1)", "create table u (a int)", "alter table a add column b int")
	if _, err := e.db.ExecContext(ctx, "ALTER TABLE "+e.meta+".TABLE_TIMES_AWAY RENAME TO TABLE_TIMES"); err != nil {
		t.Fatal(err)
	}
	const why = ", whose time the local engine does not know: it was created before this flurry version recorded creation times, or a bookkeeping write failed"
	refused("select last_altered from information_schema.tables where table_name = 'T'", "LAST_ALTERED of table LOST.PUBLIC.T"+why)
	refused("select created from information_schema.tables where table_name = 'U'", "CREATED of table LOST.PUBLIC.U"+why)
	refused("show tables like 'U'", "created_on of table LOST.PUBLIC.U"+why)
	for _, col := range []string{"last_altered", "last_ddl", "last_ddl_by"} {
		refused("select "+col+" from information_schema.tables where table_name = 'A'", "of table LOST.PUBLIC.A"+why)
	}
	for _, q := range []string{"select created, last_ddl from information_schema.tables where table_name = 'T'",
		"select created from information_schema.tables where table_name = 'A'", "show tables like 'T'"} {
		if err := exec(q); err != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	// The next change records the time again.
	must("insert into t values (2)")
	if err := exec("select last_altered from information_schema.tables where table_name = 'T'"); err != nil {
		t.Errorf("LAST_ALTERED after the next DML: %v", err)
	}
}
