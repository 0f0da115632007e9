package detections

import (
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/stagefs"
	"github.com/flurry-dev/flurry/warehouse"
)

// pipedLake is a local engine holding the lake, whose buckets all map to
// one directory of its own: a file written under <dir>/<prefix>/ is loaded
// by the lake's auto-ingest pipe, as S3 event notifications would have it.
type pipedLake struct {
	db     *warehouse.DB
	stages string
}

func openPipedLake(t *testing.T) *pipedLake {
	t.Helper()
	ctx := context.Background()
	vars, err := LocalLakeVars("", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	stages := t.TempDir()
	l := &LakeTemplate{Vars: vars, stages: stages}
	dir, err := buildLake(ctx, vars, l.stageMap())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// Every session of the pool starts in the lake's schema, as `flurry
	// detect run`'s do; the engine maps the buckets from the environment.
	var entries []string
	for from, to := range l.stageMap() {
		entries = append(entries, from+"="+to)
	}
	t.Setenv(stagefs.EnvStageMap, strings.Join(entries, ","))
	db, err := warehouse.Open(ctx, warehouse.Target{LocalDir: dir, Database: "SECURITY_LAKE", Schema: "PUBLIC"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &pipedLake{db: db, stages: stages}
}

// deliver writes a gzip file of lines under the stage prefix and waits
// until the prefix's auto-ingest pipe loaded them into table.
func (p *pipedLake) deliver(t *testing.T, prefix, table, name string, lines ...string) {
	t.Helper()
	var before int
	if err := p.db.QueryRow("select count(*) from " + table).Scan(&before); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(p.stages, prefix)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	tmp := filepath.Join(p.stages, name+".tmp")
	f, err := os.Create(tmp)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	for _, l := range lines {
		fmt.Fprintln(zw, l)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Rename(tmp, filepath.Join(dir, name)); err != nil {
		t.Fatal(err)
	}
	waitRows(t, p.db.DB, map[string]int{table: before + len(lines)})
}

// deliverFluentd delivers Fluentd out_s3 lines to FLUENTD_PIPE (LOGS).
func (p *pipedLake) deliverFluentd(t *testing.T, name string, lines ...string) {
	t.Helper()
	p.deliver(t, "logs", "logs", name, lines...)
}

func scannerLine(at time.Time, host string) string {
	return at.UTC().Format("2006-01-02T15:04:05-0700") + "\tapache.access\t" +
		`{"host":"` + host + `","user":null,"method":"GET","path":"/.env","code":404,"size":0,"referer":null,"agent":"curl/8.5.0"}`
}

func builtinDetection(t *testing.T, id string) *Detection {
	t.Helper()
	all, err := Load(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	dets, err := Select(all, []string{id}, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	return dets[0]
}

type failingSink struct{}

func (failingSink) Deliver(context.Context, string, *Result) error {
	return errors.New("webhook unreachable")
}

// alertedKeys lists, per detection, the value of key column col of each
// new finding (runs that failed are left out).
func alertedKeys(rep *Report, col map[string]string) map[string][]string {
	out := map[string][]string{}
	for _, r := range rep.Results {
		if r.Failed() {
			continue
		}
		for _, f := range r.Alerts {
			out[r.Detection.ID] = append(out[r.Detection.ID], fmt.Sprint(f.Key[col[r.Detection.ID]]))
		}
	}
	return out
}

// lateSource is one lake source in the late-arrival test: a detection over
// it, the key column naming a finding, and how an event of a given age
// reaches the lake through the source's real load path.
type lateSource struct {
	detection, key string
	deliver        func(t *testing.T, lake *pipedLake, file, id string, at time.Time)
}

var lateSources = []lateSource{
	{"apache_scanner_paths", "HOST", func(t *testing.T, lake *pipedLake, file, id string, at time.Time) {
		lake.deliverFluentd(t, file+".log.gz", scannerLine(at, id))
	}},
	// Teleport: AUTOINGST_PARSEJSON's COPY transformation (V21).
	{"teleport_failed_events", "EVENT_ID", func(t *testing.T, lake *pipedLake, file, id string, at time.Time) {
		lake.deliver(t, "teleport", "parsejson_raw", file+".json.gz",
			`{"addr.remote":"198.51.100.77:40212","code":"T1000W","ei":0,"error":"invalid username, password or second factor","event":"user.login","method":"local","success":false,"time":"`+
				at.UTC().Format(time.RFC3339)+`","uid":"`+id+`","user":"root"}`)
	}},
	// S3 server access logs: S3_ACCESS_LOGS_PIPE into the staging table,
	// then the transformation task through the stream and the UDTF (V22).
	{"s3_access_denied", "REMOTEIP", func(t *testing.T, lake *pipedLake, file, id string, at time.Time) {
		lake.deliver(t, "s3-access-logs", "s3_access_logs_staging", file+".log.gz",
			`79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be awsexamplebucket1 [`+Time{at}.S3()+`] `+id+
				` arn:aws:iam::123456789012:user/eve DEN0000000000001 REST.GET.OBJECT hr/salaries.xlsx "GET /awsexamplebucket1/hr/salaries.xlsx HTTP/1.1" 403 AccessDenied 243 - 12 10 "-" "aws-cli/2.15.0" - s9lzHYrFp76ZVxRcpX9= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSv1.2 - -`)
		var before int
		if err := lake.db.QueryRow("select count(*) from s3_access_logs").Scan(&before); err != nil {
			t.Fatal(err)
		}
		if _, err := lake.db.Exec("execute task s3_access_logs_transformation"); err != nil {
			t.Fatalf("EXECUTE TASK: %v", err)
		}
		waitRows(t, lake.db.DB, map[string]int{"S3_ACCESS_LOGS": before + 1})
	}},
}

// A file whose events are three hours old, delivered after the detection's
// one-hour event-time window passed, alerts exactly once; a file delivered
// while a run fails alerts on the next run. For every source with its own
// load path (Apache through FLUENTD_PIPE, Teleport through its pipe's COPY
// transformation, S3 access logs through the pipe, the stream and the
// task), with METADATA$ columns all the way into the table detections read.
func TestLateArrivalAlertsExactlyOnce(t *testing.T) {
	lake := openPipedLake(t)
	ctx := context.Background()
	var dets []*Detection
	keyCol := map[string]string{}
	for _, src := range lateSources {
		dets = append(dets, builtinDetection(t, src.detection))
		keyCol[src.detection] = src.key
	}
	run := func(sinks ...Sink) *Report {
		t.Helper()
		r := &Runner{DB: lake.db.DB, State: &Store{DB: lake.db.DB}, IgnoreSchedule: true, Settle: -1, Sinks: sinks}
		rep, err := r.Run(ctx, dets)
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	expect := func(step string, rep *Report, id string) {
		t.Helper()
		got := alertedKeys(rep, keyCol)
		for _, src := range lateSources {
			var want []string
			if id != "" {
				want = []string{id}
			}
			if g := got[src.detection]; len(g) != len(want) || (len(want) == 1 && g[0] != want[0]) {
				t.Errorf("%s: %s alerted %v, want %v", step, src.detection, g, want)
			}
		}
	}
	expect("empty lake", run(), "")

	late := time.Now().Add(-3 * time.Hour)
	for _, src := range lateSources {
		src.deliver(t, lake, "late-"+src.detection, "203.0.113.99", late)
	}
	expect("late file", run(), "203.0.113.99")
	expect("the run after the late file", run(), "")

	for _, src := range lateSources {
		src.deliver(t, lake, "during-failure-"+src.detection, "203.0.113.100", time.Now().Add(-10*time.Minute))
	}
	for _, r := range run(failingSink{}).Results {
		if !r.Failed() {
			t.Errorf("run with an unreachable sink: %s status %s, want a failure", r.Detection.ID, r.Status)
		}
	}
	expect("after the failed run", run(), "203.0.113.100")
	expect("the run after that", run(), "")

	// The S3 rows name the log object they came from (V22), carried
	// through the stream and the task.
	var files string
	if err := lake.db.QueryRow("select listagg(distinct _filename, ',') within group (order by _filename) from s3_access_logs").Scan(&files); err != nil {
		t.Fatal(err)
	}
	if files != "during-failure-s3_access_denied.log.gz,late-s3_access_denied.log.gz" {
		t.Errorf("S3_ACCESS_LOGS._FILENAME = %q, want the two delivered objects", files)
	}
}

// blockingSink holds the first delivery until released, so that a second
// run starts while the first is still running.
type blockingSink struct {
	entered chan struct{}
	release chan struct{}
	alerts  atomic.Int32
	once    atomic.Bool
}

func (b *blockingSink) Deliver(_ context.Context, _ string, res *Result) error {
	b.alerts.Add(int32(len(res.Alerts)))
	if b.once.CompareAndSwap(false, true) {
		close(b.entered)
		<-b.release
	}
	return nil
}

func TestConcurrentRunsAlertOnce(t *testing.T) {
	lake := openPipedLake(t)
	ctx := context.Background()
	d := builtinDetection(t, "apache_scanner_paths")
	lake.deliverFluentd(t, "scan.log.gz", scannerLine(time.Now().Add(-5*time.Minute), "203.0.113.7"))

	sink := &blockingSink{entered: make(chan struct{}), release: make(chan struct{})}
	newRunner := func() *Runner {
		return &Runner{DB: lake.db.DB, State: &Store{DB: lake.db.DB}, IgnoreSchedule: true, Settle: -1, Sinks: []Sink{sink}}
	}
	first := make(chan error, 1)
	go func() {
		_, err := newRunner().Run(ctx, []*Detection{d})
		first <- err
	}()
	select {
	case <-sink.entered:
	case err := <-first:
		t.Fatalf("first run ended before delivering: %v", err)
	case <-time.After(60 * time.Second):
		t.Fatal("first run did not deliver within 60s")
	}
	_, err := newRunner().Run(ctx, []*Detection{d})
	var held *LockHeldError
	if !errors.As(err, &held) {
		t.Errorf("second run while the first holds the lock: err %v, want LockHeldError", err)
	}
	close(sink.release)
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if n := sink.alerts.Load(); n != 1 {
		t.Fatalf("two overlapping runs delivered %d alerts, want 1", n)
	}
	// The lock is released: a later run runs (and finds nothing new).
	if _, err := newRunner().Run(ctx, []*Detection{d}); err != nil {
		t.Fatalf("run after the lock was released: %v", err)
	}
	if n := sink.alerts.Load(); n != 1 {
		t.Fatalf("%d alerts after a third run, want 1", n)
	}
}
