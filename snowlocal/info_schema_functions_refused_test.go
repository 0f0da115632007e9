package snowlocal_test

import (
	"strings"
	"testing"
)

// Snowflake's INFORMATION_SCHEMA table functions the engine does not serve
// (docs: functions-table, "List of system-defined table functions") are
// refused with 002040 naming them; they were reported as unknown
// user-defined table functions (002140). A name Snowflake does not have
// stays unknown.
func TestInformationSchemaTableFunctionsRefused(t *testing.T) {
	t.Parallel()
	db := open(t)
	mustExec(t, db, "create database info_fns")
	for _, q := range []string{
		"select * from table(information_schema.query_history())",
		"select * from table(information_schema.warehouse_load_history())",
		"select * from table(info_fns.information_schema.alert_history())",
		"select * from table(information_schema.bind_values('01bbe3d6-0109-0863-0000-a99502ffa062'))",
	} {
		se := execErr(t, db, q)
		if se.Number != 2040 || !strings.Contains(se.Message, "INFORMATION_SCHEMA.") {
			t.Errorf("%s => %d %s, want 002040 naming the table function", q, se.Number, se.Message)
		}
	}
	if se := execErr(t, db, "select * from table(information_schema.no_such_function())"); se.Number != 2140 {
		t.Errorf("unknown name => %d %s, want 002140", se.Number, se.Message)
	}
}
