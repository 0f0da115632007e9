package detections

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/flurry-dev/flurry/warehouse"
)

// openEngine starts an empty in-memory local engine for one test, with a
// database the test's tables live in.
func openEngine(t *testing.T) *sql.DB { return openEngineB(t) }

func openEngineB(t testing.TB) *sql.DB {
	t.Helper()
	// The engine lives until ctx ends: the test's lifetime, not a timeout.
	ctx := context.Background()
	db, err := warehouse.OpenLocal(ctx, "")
	if err != nil {
		t.Fatalf("open local engine: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	for _, q := range []string{
		"create database if not exists app",
		"create schema if not exists app.public",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return db.DB
}

func mustExec(t *testing.T, db *sql.DB, stmts ...string) { mustExecB(t, db, stmts...) }

func mustExecB(t testing.TB, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, q := range stmts {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

func detection(t *testing.T, src string) *Detection {
	t.Helper()
	id := strings.TrimSpace(strings.TrimPrefix(strings.SplitN(src, "\n", 2)[0], "-- id:"))
	d, probs := Parse(id+".sql", src)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	return d
}

const bigSpenders = `-- id: big_spenders
-- title: Hosts with a large total
-- severity: high
-- schedule: 1h
-- key: [host]
-- dedup: 1d
select host, sum(n) as total
from app.public.events
group by host
having sum(n) >= 10
`

type runView struct {
	Alerts, Suppressed, Removed []string
	Changed                     int
}

func view(r *Result) runView {
	keys := func(fs []Finding) []string {
		var out []string
		for _, f := range fs {
			out = append(out, formatRow(f.Key))
		}
		return out
	}
	return runView{Alerts: keys(r.Alerts), Suppressed: keys(r.Suppressed), Removed: keys(r.Removed), Changed: r.Changed}
}

// Each run uses a new Runner, as cron on a stateless machine would: the
// state lives in the warehouse only.
func TestRunDiffsAgainstPreviousRun(t *testing.T) {
	t.Parallel()
	db := openEngine(t)
	mustExec(t, db,
		"create table app.public.events (host varchar, n number)",
		"insert into app.public.events values ('a', 10), ('b', 20), ('z', 1)")
	d := detection(t, bigSpenders)
	clock := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	run := func() (*Report, runView) {
		t.Helper()
		r := &Runner{DB: db, State: &Store{DB: db}, Sinks: []Sink{&JSONLines{W: &out}}, Now: func() time.Time { return clock }}
		rep, err := r.Run(context.Background(), []*Detection{d})
		if err != nil {
			t.Fatal(err)
		}
		res := rep.Results[0]
		if res.Status != StatusOK {
			t.Fatalf("status %s: %v", res.Status, res.Err)
		}
		clock = clock.Add(time.Hour)
		return rep, view(res)
	}
	check := func(step string, got, want runView) {
		t.Helper()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", step, diff)
		}
	}

	_, v := run()
	check("first run alerts every finding", v, runView{Alerts: []string{"HOST=a", "HOST=b"}})
	_, v = run()
	check("unchanged data alerts nothing", v, runView{})

	mustExec(t, db, "insert into app.public.events values ('c', 15), ('a', 5), ('z', 1)")
	out.Reset()
	rep, v := run()
	check("only the new key alerts; a changed row is not new", v, runView{Alerts: []string{"HOST=c"}, Changed: 1})
	var ev Event
	if err := json.Unmarshal(out.Bytes(), &ev); err != nil || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("want exactly one JSON line, got %q (%v)", out.String(), err)
	}
	if ev.Action != "added" || ev.Detection != "big_spenders" || ev.Severity != High || ev.RunID != rep.RunID ||
		ev.Row["HOST"] != "c" || ev.Row["TOTAL"] != "15" && ev.Row["TOTAL"] != 15.0 {
		t.Errorf("event = %+v", ev)
	}

	mustExec(t, db, "delete from app.public.events where host = 'b'")
	out.Reset()
	_, v = run()
	check("a key that disappears is recorded as removed", v, runView{Removed: []string{"HOST=b"}})
	if !strings.Contains(out.String(), `"action":"removed"`) {
		t.Errorf("no removed event in %s", out.String())
	}

	mustExec(t, db, "insert into app.public.events values ('b', 30)")
	_, v = run()
	check("a key back within its dedup period is suppressed", v, runView{Suppressed: []string{"HOST=b"}})

	mustExec(t, db, "delete from app.public.events where host = 'b'")
	_, v = run()
	check("removed again", v, runView{Removed: []string{"HOST=b"}})
	clock = clock.Add(25 * time.Hour)
	mustExec(t, db, "insert into app.public.events values ('b', 30)")
	_, v = run()
	check("a key back after its dedup period alerts again", v, runView{Alerts: []string{"HOST=b"}})

	var runs int
	if err := db.QueryRow("select count(*) from FLURRY.PUBLIC.DETECTION_RUNS where detection_id = 'big_spenders' and status = 'ok'").Scan(&runs); err != nil || runs != 7 {
		t.Errorf("DETECTION_RUNS has %d ok runs (%v), want 7", runs, err)
	}
	var keys int
	if err := db.QueryRow("select count(distinct key_hash) from FLURRY.PUBLIC.DETECTION_STATE where detection_id = 'big_spenders'").Scan(&keys); err != nil || keys != 3 {
		t.Errorf("DETECTION_STATE holds %d keys (%v), want 3 (a, b, c)", keys, err)
	}
}

func TestRunBaselineAndSchedule(t *testing.T) {
	t.Parallel()
	db := openEngine(t)
	mustExec(t, db,
		"create table app.public.events (host varchar, n number)",
		"insert into app.public.events values ('a', 10)")
	d := detection(t, bigSpenders)
	clock := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	r := &Runner{DB: db, State: &Store{DB: db}, Baseline: true, Now: func() time.Time { return clock }}
	rep, err := r.Run(context.Background(), []*Detection{d})
	if err != nil || rep.Results[0].Status != StatusOK || len(rep.Results[0].Alerts) != 0 {
		t.Fatalf("baseline run: %v %+v", err, rep.Results[0])
	}
	r.Baseline = false
	clock = clock.Add(30 * time.Minute)
	rep, _ = r.Run(context.Background(), []*Detection{d})
	if rep.Results[0].Status != StatusSkipped || !strings.Contains(rep.Results[0].Note, "not due until 2024-05-01T12:54:00Z") {
		t.Fatalf("run 30m into a 1h schedule: %+v", rep.Results[0])
	}
	clock = clock.Add(25 * time.Minute)
	mustExec(t, db, "insert into app.public.events values ('b', 10)")
	rep, _ = r.Run(context.Background(), []*Detection{d})
	if got := view(rep.Results[0]); !cmp.Equal(got, runView{Alerts: []string{"HOST=b"}}) {
		t.Fatalf("run after the schedule: %+v (%v)", got, rep.Results[0].Err)
	}
}

func TestRunFailuresDoNotStopOthers(t *testing.T) {
	t.Parallel()
	db := openEngine(t)
	mustExec(t, db,
		"create table app.public.events (host varchar, n number)",
		"insert into app.public.events values ('a', 10)",
		"create table app.public.digits (d number)",
		"insert into app.public.digits values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)")
	good := detection(t, bigSpenders)
	broken := detection(t, strings.NewReplacer("big_spenders", "broken", "app.public.events", "app.public.no_such_table").Replace(bigSpenders))
	badKey := detection(t, strings.NewReplacer("big_spenders", "bad_key", "key: [host]", "key: [src_ip]").Replace(bigSpenders))
	// Twelve cross-joined copies of ten digits: 10^12 rows to count, which
	// takes minutes even at ten billion rows a second, so it cannot finish
	// within its own 3 s timeout however fast or idle the machine is. The
	// other detections run under the runner's generous timeout, so a
	// loaded machine cannot turn their errors into timeouts.
	slow := detection(t, `-- id: slow
-- title: Slow
-- severity: low
-- schedule: 1h
-- timeout: 3s
-- key: [n]
select count(*) as n
from app.public.digits a, app.public.digits b, app.public.digits c, app.public.digits d, app.public.digits e,
     app.public.digits f, app.public.digits g, app.public.digits h, app.public.digits i, app.public.digits j,
     app.public.digits k, app.public.digits l
`)
	var col Collector
	r := &Runner{DB: db, State: &Store{DB: db}, Timeout: 2 * time.Minute, Parallel: 2, Sinks: []Sink{&col}}
	start := time.Now()
	rep, err := r.Run(context.Background(), []*Detection{broken, slow, badKey, good})
	if err != nil {
		t.Fatal(err)
	}
	// Ten billion rows a second would need 100 s for the slow query: a
	// run this short proves its timeout stopped it.
	if took := time.Since(start); took > 90*time.Second {
		t.Errorf("run took %s: the timeout did not stop the slow query", took)
	}
	status := map[string]Status{}
	for _, res := range rep.Results {
		status[res.Detection.ID] = res.Status
	}
	want := map[string]Status{"broken": StatusError, "slow": StatusTimeout, "bad_key": StatusError, "big_spenders": StatusOK}
	if diff := cmp.Diff(want, status); diff != "" {
		t.Fatalf("statuses (-want +got):\n%s", diff)
	}
	if len(rep.Results[3].Alerts) != 1 {
		t.Errorf("the good detection did not alert: %+v", rep.Results[3])
	}
	for _, res := range rep.Results[:3] {
		if !strings.Contains(res.Err.Error(), res.Detection.ID+".sql") {
			t.Errorf("%s: error does not name the file: %v", res.Detection.ID, res.Err)
		}
	}
	// The broken detection fails with the warehouse's own error about its
	// SQL, not with a timeout.
	if err := rep.Results[0].Err.Error(); !strings.Contains(err, "query failed") || !strings.Contains(strings.ToUpper(err), "NO_SUCH_TABLE") {
		t.Errorf("broken: error does not carry the SQL error: %v", err)
	}
	if err := rep.Results[1].Err.Error(); !strings.Contains(err, "did not finish within 3s") {
		t.Errorf("slow: error does not name its own timeout: %v", err)
	}
	if !strings.Contains(rep.Results[2].Err.Error(), "key column SRC_IP is not returned by the query") {
		t.Errorf("bad key error: %v", rep.Results[2].Err)
	}
	if got := rep.ExitCode(nil); got != ExitFailed {
		t.Errorf("exit code %d, want %d", got, ExitFailed)
	}
	errors := 0
	for _, e := range col.Events {
		if e.Action == "error" {
			errors++
		}
	}
	if errors != 3 {
		t.Errorf("%d error events, want 3: %+v", errors, col.Events)
	}
	var failedRuns int
	if err := db.QueryRow("select count(*) from FLURRY.PUBLIC.DETECTION_RUNS where status in ('error', 'timeout')").Scan(&failedRuns); err != nil || failedRuns != 3 {
		t.Errorf("DETECTION_RUNS records %d failed runs (%v), want 3", failedRuns, err)
	}
	// The engine is still usable: the slow query was cancelled, not left running.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := Query(ctx, db, "select 1 as one"); err != nil {
		t.Errorf("engine after timeout: %v", err)
	}
}

func TestExitCode(t *testing.T) {
	t.Parallel()
	high, medium := &Detection{ID: "h", Severity: High}, &Detection{ID: "m", Severity: Medium}
	alerting := func(d *Detection) *Result {
		return &Result{Detection: d, Status: StatusOK, Alerts: []Finding{{KeyHash: "k"}}}
	}
	sev := func(s Severity) *Severity { return &s }
	cases := []struct {
		results []*Result
		failOn  *Severity
		want    int
	}{
		{[]*Result{alerting(high)}, nil, ExitOK},
		{[]*Result{alerting(medium)}, sev(High), ExitOK},
		{[]*Result{alerting(medium), alerting(high)}, sev(High), ExitFindings},
		{[]*Result{alerting(medium)}, sev(Info), ExitFindings},
		{[]*Result{alerting(high), {Detection: medium, Status: StatusTimeout}}, sev(High), ExitFailed},
		{[]*Result{{Detection: medium, Status: StatusSkipped}}, sev(Info), ExitOK},
	}
	for i, c := range cases {
		if got := (&Report{Results: c.results}).ExitCode(c.failOn); got != c.want {
			t.Errorf("case %d: exit code %d, want %d", i, got, c.want)
		}
	}
}
