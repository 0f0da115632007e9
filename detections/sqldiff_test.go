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
