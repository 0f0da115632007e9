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

// deliverFluentd writes a gzip file of Fluentd out_s3 lines under the
// fluentd prefix and waits until FLUENTD_PIPE loaded it into LOGS.
func (p *pipedLake) deliverFluentd(t *testing.T, name string, lines ...string) {
	t.Helper()
	var before int
	if err := p.db.QueryRow("select count(*) from logs").Scan(&before); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(p.stages, "logs")
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
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		if err := p.db.QueryRow("select count(*) from logs").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n >= before+len(lines) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("FLUENTD_PIPE did not load %s within 60s (%d rows in LOGS)", name, n)
		}
		time.Sleep(200 * time.Millisecond)
	}
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

func alertedHosts(t *testing.T, rep *Report) []string {
	t.Helper()
	var out []string
	for _, r := range rep.Results {
		if r.Failed() {
			continue
		}
		for _, f := range r.Alerts {
			out = append(out, fmt.Sprint(f.Key["HOST"]))
		}
	}
	return out
}

// A file whose events are three hours old, delivered after the detection's
// one-hour event-time window passed, alerts exactly once; a file delivered
// while a run fails alerts on the next run. Both go through the real load
// path: gzip file in the stage, FLUENTD_PIPE's COPY with METADATA$ columns.
func TestLateArrivalAlertsExactlyOnce(t *testing.T) {
	lake := openPipedLake(t)
	ctx := context.Background()
	d := builtinDetection(t, "apache_scanner_paths") // schedule 1h, lookback 1h
	run := func(sinks ...Sink) *Report {
		t.Helper()
		r := &Runner{DB: lake.db.DB, State: &Store{DB: lake.db.DB}, IgnoreSchedule: true, Settle: -1, Sinks: sinks}
		rep, err := r.Run(ctx, []*Detection{d})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	if got := alertedHosts(t, run()); len(got) != 0 {
		t.Fatalf("empty lake alerted: %v", got)
	}

	lake.deliverFluentd(t, "late.log.gz", scannerLine(time.Now().Add(-3*time.Hour), "203.0.113.99"))
	rep := run()
	if got := alertedHosts(t, rep); len(got) != 1 || got[0] != "203.0.113.99" {
		t.Fatalf("late file: alerts %v, want [203.0.113.99] (result %+v)", got, rep.Results[0])
	}
	if got := alertedHosts(t, run()); len(got) != 0 {
		t.Fatalf("late file alerted again on the next run: %v", got)
	}

	lake.deliverFluentd(t, "during-failure.log.gz", scannerLine(time.Now().Add(-10*time.Minute), "203.0.113.100"))
	rep = run(failingSink{})
	if !rep.Results[0].Failed() {
		t.Fatalf("run with an unreachable sink: status %s, want a failure", rep.Results[0].Status)
	}
	if got := alertedHosts(t, run()); len(got) != 1 || got[0] != "203.0.113.100" {
		t.Fatalf("after the failed run: alerts %v, want [203.0.113.100]", got)
	}
	if got := alertedHosts(t, run()); len(got) != 0 {
		t.Fatalf("alerted again: %v", got)
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
