package detections

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// byTotal is keyed by a NUMBER column, bigSpenders by a VARCHAR one.
const byTotal = `-- id: by_total
-- title: Totals
-- severity: low
-- schedule: 1h
-- key: [total]
select total, count(*) as hosts
from (select host, sum(n) as total from app.public.events where host is not null group by host) t
group by total
`

// TestWarehouseDiffMatchesMemoryDiff alternates the in-memory diff and the
// SQL diff in the warehouse (forced by MemoryRows: 1) on one state: each
// path must read the state the other wrote, key for key, and report what
// changed in the data the test inserted.
func TestWarehouseDiffMatchesMemoryDiff(t *testing.T) {
	t.Parallel()
	db := openEngine(t)
	mustExec(t, db,
		"create table app.public.events (host varchar, n number)",
		"insert into app.public.events values ('a', 10), ('b', 20), ('c', 30), (null, 50)")
	dets := []*Detection{detection(t, bigSpenders), detection(t, byTotal)}
	clock := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	run := func(step string, memoryRows, rows int, want map[string]runView) {
		t.Helper()
		r := &Runner{DB: db, State: &Store{DB: db}, IgnoreSchedule: true, MemoryRows: memoryRows, Now: func() time.Time { return clock }}
		rep, err := r.Run(context.Background(), dets)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]runView{}
		for _, res := range rep.Results {
			if res.Status != StatusOK {
				t.Fatalf("%s: %s: status %s: %v", step, res.Detection.ID, res.Status, res.Err)
			}
			got[res.Detection.ID] = view(res)
			if inWarehouse := strings.Contains(res.Note, "diffed in the warehouse"); inWarehouse != (memoryRows == 1) {
				t.Errorf("%s: %s: note %q: the diff ran on the wrong side", step, res.Detection.ID, res.Note)
			}
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", step, diff)
		}
		if res := rep.Results[0]; res.NullKeys != 1 || res.Rows != rows {
			t.Errorf("%s: big_spenders rows %d, null keys %d; want %d rows, 1 NULL key (%s)", step, res.Rows, res.NullKeys, rows, res.Note)
		}
		clock = clock.Add(time.Hour)
	}
	// The first run finds the result too large while reading it; later
	// warehouse runs go there straight, as the previous result was large.
	run("first run, in the warehouse", 1, 4, map[string]runView{
		"big_spenders": {Alerts: []string{"HOST=a", "HOST=b", "HOST=c"}},
		"by_total":     {Alerts: []string{"TOTAL=10", "TOTAL=20", "TOTAL=30"}},
	})
	mustExec(t, db, "delete from app.public.events where host = 'c'",
		"insert into app.public.events values ('b', 5), ('d', 40), ('e', 1)")
	// (e's total of 1 is under big_spenders' threshold.)
	run("second run, in memory", -1, 4, map[string]runView{
		"big_spenders": {Alerts: []string{"HOST=d"}, Removed: []string{"HOST=c"}, Changed: 1},
		"by_total":     {Alerts: []string{"TOTAL=1", "TOTAL=25", "TOTAL=40"}, Removed: []string{"TOTAL=20", "TOTAL=30"}},
	})
	// c comes back within its dedup day (memory kept it as absent); d goes.
	mustExec(t, db, "insert into app.public.events values ('c', 30)",
		"delete from app.public.events where host in ('d', 'e')")
	run("third run, in the warehouse", 1, 4, map[string]runView{
		"big_spenders": {Suppressed: []string{"HOST=c"}, Removed: []string{"HOST=d"}},
		"by_total":     {Suppressed: []string{"TOTAL=30"}, Removed: []string{"TOTAL=1", "TOTAL=40"}},
	})
	// d comes back within its dedup day: the warehouse kept it as absent.
	mustExec(t, db, "insert into app.public.events values ('d', 40)")
	run("fourth run, in memory", -1, 5, map[string]runView{
		"big_spenders": {Suppressed: []string{"HOST=d"}},
		"by_total":     {Suppressed: []string{"TOTAL=40"}},
	})
	run("fifth run, in the warehouse, nothing changed", 1, 5, map[string]runView{
		"big_spenders": {},
		"by_total":     {},
	})
	var state, temps int
	if err := db.QueryRow("select count(*) from FLURRY.PUBLIC.DETECTION_STATE where detection_id = 'big_spenders'").Scan(&state); err != nil || state != 4 {
		t.Errorf("big_spenders state rows %d (%v), want a, b, c, d", state, err)
	}
	if err := db.QueryRow("select count(*) from FLURRY.INFORMATION_SCHEMA.TABLES where table_name like 'DETECTION_RAW%' or table_name like 'DETECTION_RESULT%'").Scan(&temps); err != nil || temps != 0 {
		t.Errorf("%d temporary tables left (%v)", temps, err)
	}
}

// TestWarehouseDiffScratchTablesKeepNoTimeTravel: the scratch tables of a
// warehouse diff are made with DATA_RETENTION_TIME_IN_DAYS = 0 (docs:
// https://docs.snowflake.com/en/user-guide/data-time-travel, "When an
// object with no retention period is dropped, you will not be able to
// restore the object"), so the local engine keeps no copy of them when the
// run drops them and UNDROP finds nothing; the state tables keep the
// default day.
func TestWarehouseDiffScratchTablesKeepNoTimeTravel(t *testing.T) {
	t.Parallel()
	db := openEngine(t)
	mustExec(t, db,
		"create table app.public.events (host varchar, n number)",
		"insert into app.public.events values ('a', 10), ('b', 20)")
	store := &Store{DB: db}
	r := &Runner{DB: db, State: store, IgnoreSchedule: true, MemoryRows: 1}
	rep, err := r.Run(context.Background(), []*Detection{detection(t, bigSpenders)})
	if err != nil {
		t.Fatal(err)
	}
	if res := rep.Results[0]; res.Status != StatusOK || !strings.Contains(res.Note, "diffed in the warehouse") {
		t.Fatalf("status %s (%v), note %q: want a diff in the warehouse", res.Status, res.Err, res.Note)
	}
	var runID string
	if err := db.QueryRow("select run_id from " + store.RunsTable() + " where detection_id = 'big_spenders'").Scan(&runID); err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{"DETECTION_RAW", "DETECTION_RESULT"} {
		name := store.tempName(prefix, runID, "big_spenders")
		_, err := db.Exec("undrop table " + name)
		if err == nil || !strings.Contains(err.Error(), "DATA_RETENTION_TIME_IN_DAYS = 0") {
			t.Errorf("undrop table %s: %v; want the refusal of a table dropped with no retention period", name, err)
		}
	}
	rows, err := db.Query("select table_name, retention_time from FLURRY.INFORMATION_SCHEMA.TABLES where table_schema = 'PUBLIC' order by 1")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]int{}
	for rows.Next() {
		var name string
		var days int
		if err := rows.Scan(&name, &days); err != nil {
			t.Fatal(err)
		}
		got[name] = days
	}
	want := map[string]int{"DETECTION_LOCK": 1, "DETECTION_RUNS": 1, "DETECTION_STATE": 1}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("state tables' retention (-want +got):\n%s", diff)
	}
}
