package snowlocal_test

import "testing"

// TestBoolAggConvertsItsArgument: BOOLAND_AGG and BOOLOR_AGG read a
// non-BOOLEAN argument as TO_BOOLEAN does (docs: booland_agg, boolor_agg:
// "Numeric values are converted to TRUE if they are non-zero"; a string
// that is no boolean fails with 100037). DuckDB's aggregates take BOOLEAN
// only, so these were refused naming DuckDB's BOOL_AND(VARCHAR).
func TestBoolAggConvertsItsArgument(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database d", "create table n(i int, f float, s varchar)",
		"insert into n values (1, 0.5, 'true'), (0, 2.0, 'no'), (null, null, null)")
	for q, want := range map[string]string{
		"select booland_agg(i)::varchar || ',' || boolor_agg(i)::varchar from n": "false,true",
		"select booland_agg(f)::varchar || ',' || boolor_agg(f)::varchar from n": "true,true",
		"select booland_agg(s)::varchar || ',' || boolor_agg(s)::varchar from n": "false,true",
		"select booland_agg(i)::varchar from n where i = 1":                      "true",
	} {
		if got := queryValue(t, db, q); got != want {
			t.Errorf("%s = %q, want %q", q, got, want)
		}
	}
	wantError(t, db, "select booland_agg('invalid type')", 100037, "Boolean value 'invalid type' is not recognized")
}
