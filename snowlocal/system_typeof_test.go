package snowlocal_test

import "testing"

// TestSystemTypeof: SYSTEM$TYPEOF (docs: system_typeof, data-types-logical)
// answers where the storage suffix is known: NULL[LOB], VARCHAR(9)[LOB]
// for 'something', BOOLEAN[SB1] for a BOOLEAN, VARCHAR(134217728)[LOB]
// for a concatenation holding a BOOLEAN or number, NUMBER(1,0)[SB1] for 1,
// NUMBER(5,0)[SB2] for 10000 and NUMBER(11,0)[SB8] for 1e10 (an integer
// literal: the fewest bytes holding its value); a column's NUMBER suffix
// depends on its values: refused (system_typeof_cast_test.go has the
// casts, columns and decimal literals). The engine refused the function
// before.
func TestSystemTypeof(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create database st", "create table t (b boolean, n number, s string)",
		"insert into t values (true, 1, 'yes'), (null, null, null)")
	_, rows := queryRows(t, db, `select system$typeof(null), system$typeof('something'), system$typeof(b), system$typeof(to_boolean(s)),
		system$typeof(s || n), system$typeof('x' || t.b || s) from t`)
	want := "NULL[LOB],VARCHAR(9)[LOB],BOOLEAN[SB1],BOOLEAN[SB1],VARCHAR(134217728)[LOB],VARCHAR(134217728)[LOB]"
	if got := fmtRows(rows); got != want+"|"+want {
		t.Errorf("got  %s\nwant %s (each row)", got, want)
	}
	_, rows = queryRows(t, db, `select system$typeof(1), system$typeof(10000), system$typeof(1e10), system$typeof(127), system$typeof(128)`)
	if got, want := fmtRows(rows), "NUMBER(1,0)[SB1],NUMBER(5,0)[SB2],NUMBER(11,0)[SB8],NUMBER(3,0)[SB1],NUMBER(3,0)[SB2]"; got != want {
		t.Errorf("SYSTEM$TYPEOF of integer literals: got %s, want %s", got, want)
	}
	for _, q := range []string{
		"select system$typeof(n) from t", // a NUMBER column: its values decide
		"select system$typeof(s || s) from t",
		"select system$typeof(current_date)",
		"select system$typeof('')",
	} {
		wantRefused(t, db, q, "function SYSTEM$TYPEOF of an expression whose storage type the engine does not know")
	}
}
