//go:build unix

package demo

import (
	"context"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/warehouse"
)

// BenchmarkDetectRunAll measures `flurry detect run --all` on the demo lake
// (built first, outside the timer, as `flurry demo` builds it): every
// enabled built-in detection, one at a time, as a dry run (so every
// iteration covers the same windows).
//
//   - after-demo: `detect run --all` right after the demo, as its closing
//     hint suggests: the windows start at the watermarks of the demo's own
//     runs (FLURRY.PUBLIC), so windowed detections read only what arrived
//     since, and the rankings rank their 1- or 30-day event-time spans.
//   - first-run: a state schema never written, so every detection's window
//     is its whole first-run lookback: each reads the whole lake (the demo
//     loads a week of logs at once). The worst case.
//
// It reports the warehouse time of one run, the sum of the detections'
// query-and-diff times (warehouse-ms), the CPU time the process spent
// meanwhile (cpu-ms; the engine runs in-process, so this is the engine's
// work, steadier than wall-clock on a shared machine), and the 1-minute
// load average (load1). The aim is under 1 s; see BENCHMARKS.md.
//
//	go test ./demo/ -run '^$' -bench DetectRunAll -benchtime 5x
func BenchmarkDetectRunAll(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := Run(ctx, Options{Dir: dir}); err != nil {
		b.Fatalf("flurry demo: %v", err)
	}
	db, err := warehouse.Open(ctx, warehouse.Target{LocalDir: newLayout(dir).engine, Database: "SECURITY_LAKE", Schema: "PUBLIC"})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	dets, err := enabledDetections()
	if err != nil {
		b.Fatal(err)
	}
	for _, mode := range []struct{ name, stateSchema string }{{"after-demo", detections.DefaultStateSchema}, {"first-run", "FLURRY.BENCH"}} {
		b.Run(mode.name, func(b *testing.B) {
			r := &detections.Runner{DB: db.DB, State: &detections.Store{DB: db.DB, Schema: mode.stateSchema}, IgnoreSchedule: true,
				DryRun: true, Parallel: 1, Settle: -1, Timeout: time.Minute}
			var warehouseTime, cpuTime time.Duration
			load := 0.0
			for i := 0; i < b.N; i++ {
				c0 := processCPU()
				rep, err := r.Run(ctx, dets)
				if err != nil {
					b.Fatal(err)
				}
				cpuTime += processCPU() - c0
				for _, res := range rep.Results {
					if res.Failed() {
						b.Fatalf("%s: %v", res.Detection.ID, res.Err)
					}
					warehouseTime += res.Finished.Sub(res.Started)
				}
				load += loadAverage()
			}
			b.ReportMetric(float64(warehouseTime.Milliseconds())/float64(b.N), "warehouse-ms")
			b.ReportMetric(float64(cpuTime.Milliseconds())/float64(b.N), "cpu-ms")
			b.ReportMetric(load/float64(b.N), "load1")
		})
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage is the 1-minute load average (Linux), 0 where unknown.
func loadAverage() float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return 0
	}
	f, _ := strconv.ParseFloat(strings.Fields(string(b) + " 0")[0], 64)
	return f
}
