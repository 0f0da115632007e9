package shipper

import (
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Metrics are the shipper's counters and gauges, served in the Prometheus
// text exposition format. A zero Metrics is ready to use.
type Metrics struct {
	mu      sync.Mutex
	sources map[string]*SourceMetrics
	outputs map[string]*OutputMetrics

	SpoolBytes     atomic.Int64 // bytes of chunk files
	SpoolLimit     atomic.Int64
	SpoolBlocked   atomic.Int64 // 1 while the tails are blocked on a full spool
	Commits        atomic.Int64
	CommitNanos    atomic.Int64 // time spent in commits (fsync cost)
	StartTimestamp atomic.Int64

	lag func() map[string]int64 // source -> unread bytes
}

// SourceMetrics count what a source read.
type SourceMetrics struct {
	Lines       atomic.Int64
	Bytes       atomic.Int64
	ParseErrors atomic.Int64
	Skipped     atomic.Int64 // header lines that carry no record
	Files       atomic.Int64 // files being read now
	Rotations   atomic.Int64
}

// OutputMetrics count an output's chunks and uploads.
type OutputMetrics struct {
	Records        atomic.Int64 // records appended to its chunks
	Chunks         atomic.Int64 // chunks sealed
	Uploads        atomic.Int64
	UploadFailures atomic.Int64
	UploadedBytes  atomic.Int64
	Pending        atomic.Int64 // sealed chunks waiting for upload
	OldestPending  atomic.Int64 // unix nanos of the oldest pending chunk, 0 if none
}

// Source returns the metrics of a source, creating them.
func (m *Metrics) Source(name string) *SourceMetrics {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.sources == nil {
		m.sources = map[string]*SourceMetrics{}
	}
	s := m.sources[name]
	if s == nil {
		s = &SourceMetrics{}
		m.sources[name] = s
	}
	return s
}

// Output returns the metrics of an output, creating them.
func (m *Metrics) Output(name string) *OutputMetrics {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.outputs == nil {
		m.outputs = map[string]*OutputMetrics{}
	}
	o := m.outputs[name]
	if o == nil {
		o = &OutputMetrics{}
		m.outputs[name] = o
	}
	return o
}

func (m *Metrics) setLag(f func() map[string]int64) {
	m.mu.Lock()
	m.lag = f
	m.mu.Unlock()
}

// WriteTo writes the metrics in the Prometheus text format.
func (m *Metrics) WriteTo(w io.Writer) (int64, error) {
	m.mu.Lock()
	srcNames := sortedKeys(m.sources)
	outNames := sortedKeys(m.outputs)
	sources, outputs, lagf := m.sources, m.outputs, m.lag
	m.mu.Unlock()
	var lag map[string]int64
	if lagf != nil {
		lag = lagf()
	}
	cw := &countWriter{w: w}
	family := func(name, typ, help string, values func(emit func(labels string, v float64))) {
		fmt.Fprintf(cw, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
		values(func(labels string, v float64) {
			fmt.Fprintf(cw, "%s%s %v\n", name, labels, v)
		})
	}
	perSource := func(get func(*SourceMetrics) int64) func(func(string, float64)) {
		return func(emit func(string, float64)) {
			for _, n := range srcNames {
				emit(fmt.Sprintf("{source=%q}", n), float64(get(sources[n])))
			}
		}
	}
	perOutput := func(get func(*OutputMetrics) float64) func(func(string, float64)) {
		return func(emit func(string, float64)) {
			for _, n := range outNames {
				emit(fmt.Sprintf("{output=%q}", n), get(outputs[n]))
			}
		}
	}
	single := func(v float64) func(func(string, float64)) {
		return func(emit func(string, float64)) { emit("", v) }
	}
	family("flurry_ship_lines_total", "counter", "Lines read from log files.", perSource(func(s *SourceMetrics) int64 { return s.Lines.Load() }))
	family("flurry_ship_read_bytes_total", "counter", "Bytes read from log files.", perSource(func(s *SourceMetrics) int64 { return s.Bytes.Load() }))
	family("flurry_ship_parse_errors_total", "counter", "Lines that did not parse (shipped raw with a parse_error field).", perSource(func(s *SourceMetrics) int64 { return s.ParseErrors.Load() }))
	family("flurry_ship_skipped_lines_total", "counter", "Header lines that carry no record.", perSource(func(s *SourceMetrics) int64 { return s.Skipped.Load() }))
	family("flurry_ship_rotations_total", "counter", "Rotated files drained and closed.", perSource(func(s *SourceMetrics) int64 { return s.Rotations.Load() }))
	family("flurry_ship_files", "gauge", "Files being read.", perSource(func(s *SourceMetrics) int64 { return s.Files.Load() }))
	family("flurry_ship_source_lag_bytes", "gauge", "Bytes written to the files but not yet read.", perSource(func(s *SourceMetrics) int64 { return lag[sourceNameOf(s, sources)] }))
	family("flurry_ship_records_total", "counter", "Records appended to an output's chunks.", perOutput(func(o *OutputMetrics) float64 { return float64(o.Records.Load()) }))
	family("flurry_ship_chunks_total", "counter", "Chunks sealed for upload.", perOutput(func(o *OutputMetrics) float64 { return float64(o.Chunks.Load()) }))
	family("flurry_ship_uploads_total", "counter", "Chunks uploaded.", perOutput(func(o *OutputMetrics) float64 { return float64(o.Uploads.Load()) }))
	family("flurry_ship_upload_failures_total", "counter", "Failed upload attempts (retried).", perOutput(func(o *OutputMetrics) float64 { return float64(o.UploadFailures.Load()) }))
	family("flurry_ship_uploaded_bytes_total", "counter", "Compressed bytes uploaded.", perOutput(func(o *OutputMetrics) float64 { return float64(o.UploadedBytes.Load()) }))
	family("flurry_ship_pending_chunks", "gauge", "Sealed chunks waiting for upload.", perOutput(func(o *OutputMetrics) float64 { return float64(o.Pending.Load()) }))
	family("flurry_ship_upload_lag_seconds", "gauge", "Age of the oldest chunk waiting for upload (0 when none).", perOutput(func(o *OutputMetrics) float64 {
		t := o.OldestPending.Load()
		if t == 0 {
			return 0
		}
		return time.Since(time.Unix(0, t)).Seconds()
	}))
	family("flurry_ship_spool_bytes", "gauge", "Bytes in the spool.", single(float64(m.SpoolBytes.Load())))
	family("flurry_ship_spool_limit_bytes", "gauge", "total_limit_size of the spool.", single(float64(m.SpoolLimit.Load())))
	family("flurry_ship_spool_blocked", "gauge", "1 while reading is blocked because the spool is full.", single(float64(m.SpoolBlocked.Load())))
	family("flurry_ship_commits_total", "counter", "Durable spool commits (fsync).", single(float64(m.Commits.Load())))
	family("flurry_ship_commit_seconds_total", "counter", "Time spent committing the spool (fsync cost).", single(time.Duration(m.CommitNanos.Load()).Seconds()))
	family("flurry_ship_start_time_seconds", "gauge", "Start time of the shipper (unix seconds).", single(float64(m.StartTimestamp.Load())))
	return cw.n, cw.err
}

func sourceNameOf(s *SourceMetrics, all map[string]*SourceMetrics) string {
	for n, v := range all {
		if v == s {
			return n
		}
	}
	return ""
}

// ServeHTTP serves /metrics.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	m.WriteTo(w)
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}
