package snowlocal_test

import "testing"

// TestUpdateWithBind: `UPDATE t SET c = ?` through gosnowflake stores the
// bound value converted to the column's type. For a number, BOOLEAN, TIME
// or BINARY column the assignment's conversion wrote the value three times,
// and each `?` was a parameter of its own to DuckDB: the statement failed
// with "incorrect argument count for command: have 1 want 3" (found by the
// docs hunt, fid-hunt6a).
func TestUpdateWithBind(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database ubind", "create table t (i int, n number(10,2), b boolean, s varchar)",
		"insert into t values (1, 1.5, false, 'a')")
	for _, c := range []struct {
		q    string
		args []any
	}{
		{"update t set i = ?", []any{5}},
		{"update t set n = ? where s = 'a'", []any{"2.25"}},
		{"update t set b = ?, s = ?", []any{true, "what?"}},
	} {
		if _, err := db.Exec(c.q, c.args...); err != nil {
			t.Errorf("%s %v: %v", c.q, c.args, err)
		}
	}
	if got := queryOne(t, db, "select i || ' ' || n || ' ' || b || ' ' || s from t"); got != "5 2.25 true what?" {
		t.Errorf("after the updates: %q, want %q", got, "5 2.25 true what?")
	}
}
