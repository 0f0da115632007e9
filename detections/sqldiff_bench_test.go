package detections

import (
	"context"
	"fmt"
	"runtime"
	"runtime/metrics"
	"sync"
	"testing"
	"time"
)

// BenchmarkRunLarge measures whole detection runs (query, diff against the
// previous run's state, state write, prune) over results of 100k and 1M
// rows on the local engine, 1% of the keys new and 1% gone each run, with
// the diff in the warehouse and, at 100k, in memory for the ratio. peak-MB
// is the largest Go heap (live and not yet collected objects) seen during
// the runs; the engine runs in the same process, so it includes the
// engine's side of the wire.
func BenchmarkRunLarge(b *testing.B) {
	for _, bc := range []struct {
		name       string
		rows       int
		memoryRows int
	}{
		{"100k/warehouse", 100_000, 1},
		{"100k/memory", 100_000, -1},
		{"1M/warehouse", 1_000_000, 1},
	} {
		b.Run(bc.name, func(b *testing.B) { benchRunLarge(b, bc.rows, bc.memoryRows) })
	}
}

func benchRunLarge(b *testing.B, rows, memoryRows int) {
	db := openEngineB(b)
	copies := "app.public.digits d0"
	number := "d0.d"
	for i, scale := 1, 10; scale < rows; i, scale = i+1, scale*10 {
		copies += fmt.Sprintf(", app.public.digits d%d", i)
		number += fmt.Sprintf(" + %d * d%d.d", scale, i)
	}
	mustExecB(b, db,
		"create table app.public.digits (d number)",
		"insert into app.public.digits values (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
		"create table app.public.numbers as select "+number+" as i from "+copies,
		"create table app.public.shift (s number)",
		"insert into app.public.shift values (0)")
	// Each run sees the keys [s, s + rows): moving s by 1% of rows makes 1%
	// of the keys new and 1% gone.
	d, probs := Parse("large.sql", `-- id: large
-- title: Large
-- severity: low
-- schedule: 1h
-- key: [host]
select 'h' || (i + s) as host, (i + s) % 1000 as n
from app.public.numbers, app.public.shift
`)
	if len(probs) > 0 {
		b.Fatal(probs)
	}
	run := func(baseline bool) *Result {
		r := &Runner{DB: db, State: &Store{DB: db}, IgnoreSchedule: true, Baseline: baseline, MemoryRows: memoryRows, Timeout: time.Hour}
		rep, err := r.Run(context.Background(), []*Detection{d})
		if err != nil || rep.Results[0].Status != StatusOK {
			b.Fatal(err, rep.Results[0].Err)
		}
		return rep.Results[0]
	}
	run(true)    // the state the timed runs diff against
	runtime.GC() // setup's garbage is not the runs' memory
	var (
		peak uint64
		mu   sync.Mutex
		stop = make(chan struct{})
		done = make(chan struct{})
	)
	go func() {
		defer close(done)
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(sample)
			mu.Lock()
			peak = max(peak, sample[0].Value.Uint64())
			mu.Unlock()
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	shift := 0
	for b.Loop() {
		b.StopTimer()
		shift += rows / 100
		mustExecB(b, db, fmt.Sprintf("update app.public.shift set s = %d", shift))
		b.StartTimer()
		res := run(false)
		if len(res.Alerts) != rows/100 || len(res.Removed) != rows/100 || res.Rows != rows {
			b.Fatalf("rows %d, alerts %d, removed %d; want %d rows, %d each", res.Rows, len(res.Alerts), len(res.Removed), rows, rows/100)
		}
	}
	close(stop)
	<-done
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
}
