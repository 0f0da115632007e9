package snowlocal_test

import (
	"testing"
	"time"
)

// TestWarehouseStateKnownOrRefused: SHOW WAREHOUSES' state is STARTED for
// a warehouse created without INITIALLY_SUSPENDED = TRUE (the default,
// FALSE, starts it: docs create-warehouse) while fewer than AUTO_SUSPEND
// seconds have passed, or when AUTO_SUSPEND is 0 or NULL (never
// suspends). Past AUTO_SUSPEND Snowflake has suspended it unless queries
// kept it busy, and one created suspended stays so until a query resumes
// it: the engine tracks neither, so such a listing is refused (002040). It
// read STARTED for all of them.
func TestWarehouseStateKnownOrRefused(t *testing.T) {
	db := open(t)
	mustExec(t, db, "create warehouse wh_fresh", "create warehouse wh_never auto_suspend = 0",
		"create warehouse wh_null auto_suspend = null", "create warehouse wh_quick auto_suspend = 1")
	_, rows := queryRows(t, db, `show warehouses like 'WH_%' ->> select "name", "state" from $1 order by 1`)
	want := [][]string{{"WH_FRESH", "STARTED"}, {"WH_NEVER", "STARTED"}, {"WH_NULL", "STARTED"}, {"WH_QUICK", "STARTED"}}
	if len(rows) != len(want) {
		t.Fatalf("rows %v, want %v", rows, want)
	}
	for i := range want {
		if rows[i][0] != want[i][0] || rows[i][1] != want[i][1] {
			t.Errorf("row %d: %v, want %v", i, rows[i], want[i])
		}
	}
	time.Sleep(1100 * time.Millisecond)
	wantRefused(t, db, "show warehouses like 'WH_QUICK'", "AUTO_SUSPEND of 1 seconds")
	if _, rows := queryRows(t, db, "show warehouses like 'WH_N%'"); len(rows) != 2 {
		t.Errorf("warehouses that never suspend: %d rows, want 2", len(rows))
	}
	mustExec(t, db, "create warehouse wh_parked initially_suspended = true")
	wantRefused(t, db, "show warehouses like 'WH_PARKED'", "INITIALLY_SUSPENDED")
}
