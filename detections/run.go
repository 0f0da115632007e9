package detections

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"
)

// Status is how one detection's run ended.
type Status string

// Statuses of a detection run.
const (
	StatusOK      Status = "ok"
	StatusError   Status = "error"
	StatusTimeout Status = "timeout"
	StatusSkipped Status = "skipped" // not due yet (schedule)
)

// Finding is one result row of a detection, identified by its key columns.
type Finding struct {
	KeyHash string
	Key     Row
	Row     Row
	// FirstSeen is when the key first appeared in this detection's results.
	FirstSeen time.Time
}

// Result is the outcome of running one detection.
type Result struct {
	Detection *Detection
	Status    Status
	Err       error
	// Note explains a skip or carries non-fatal warnings.
	Note              string
	Started, Finished time.Time
	Rows              int
	// Alerts are keys new since the previous run and outside their dedup period.
	Alerts []Finding
	// Suppressed are new keys that alerted less than the dedup period ago.
	Suppressed []Finding
	// Removed are keys of the previous run that the query no longer returns.
	Removed []Finding
	// Changed counts keys present in both runs whose other columns changed.
	Changed int
	// Window is the arrival-time window the run covered and SQL the query
	// sent, with the window bound (see window.go).
	Window Window
	SQL    string
	// NullKeys counts result rows dropped because a key column was NULL.
	NullKeys int
}

// Failed reports whether the detection could not be run to completion.
func (r *Result) Failed() bool { return r.Status == StatusError || r.Status == StatusTimeout }

// Report is the outcome of one run over many detections.
type Report struct {
	RunID             string
	Started, Finished time.Time
	Results           []*Result
}

// Failed returns the results that failed.
func (rep *Report) Failed() []*Result {
	var out []*Result
	for _, r := range rep.Results {
		if r.Failed() {
			out = append(out, r)
		}
	}
	return out
}

// Exit codes of a run.
const (
	ExitOK       = 0
	ExitFailed   = 1 // a detection errored or timed out, or alerts could not be delivered
	ExitFindings = 2 // new findings at or above the --fail-on severity
	ExitLocked   = 3 // another run holds the run lock; this one did nothing
)

// ExitCode is 1 when any detection failed; else 2 when failOn is set and a
// detection of that severity or higher alerted; else 0.
func (rep *Report) ExitCode(failOn *Severity) int {
	if len(rep.Failed()) > 0 {
		return ExitFailed
	}
	if failOn != nil {
		for _, r := range rep.Results {
			if len(r.Alerts) > 0 && r.Detection.Severity >= *failOn {
				return ExitFindings
			}
		}
	}
	return ExitOK
}

// Sink receives each detection's result as soon as it completes. Deliver is
// never called concurrently. An error fails the detection and leaves its
// state where it was, so the findings are delivered again by the next run.
type Sink interface {
	Deliver(ctx context.Context, runID string, res *Result) error
}

// Runner runs detections against a warehouse.
type Runner struct {
	DB *sql.DB
	// State keeps the previous run's findings; nil disables diffing (every
	// row alerts) and schedules.
	State *Store
	// Timeout bounds each query (a detection's own timeout wins). Default 5m.
	Timeout time.Duration
	// Parallel bounds how many queries run at once. Default 4.
	Parallel int
	// MemoryRows is the largest result diffed in the runner's memory
	// (default DefaultMemoryRows; negative: no limit). A larger result is
	// run again into a temporary table and diffed by SQL against the state
	// table (sqldiff.go), so neither has to fit in memory.
	MemoryRows int
	// IgnoreSchedule runs detections even when their previous run is recent.
	IgnoreSchedule bool
	// Baseline records findings as state without alerting (first deployment).
	Baseline bool
	Sinks    []Sink
	Log      *slog.Logger
	// Now is the clock schedules are judged by; time.Now if nil. Arrival
	// windows use the warehouse's clock, the one _LOADED_AT comes from.
	Now func() time.Time
	// Settle is how far behind the warehouse's current time a window ends,
	// so that loads that started scanning before then have committed
	// (default DefaultSettle; negative means none).
	Settle time.Duration
	// LockTTL bounds how long a crashed run's lock blocks others (default 1h).
	LockTTL time.Duration
	// NoLock runs without the run lock (the caller serialises runs).
	NoLock bool
	// DryRun runs the queries and diffs against the state but writes
	// nothing (no state, no run records, no lock): the sinks see what a
	// real run would send.
	DryRun bool
}

// DefaultSettle is Runner.Settle's default.
const DefaultSettle = 2 * time.Minute

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now().UTC()
	}
	return time.Now().UTC()
}

func (r *Runner) log() *slog.Logger {
	if r.Log != nil {
		return r.Log
	}
	return slog.Default()
}

// NewRunID returns a sortable unique id for a run.
func NewRunID(t time.Time) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return t.UTC().Format("20060102T150405Z") + "-" + hex.EncodeToString(b)
}

// Run runs the detections, at most Parallel at a time. A detection that
// fails or times out does not stop the others; its Result says why. The
// error is non-nil only when the run could not start (state unavailable).
func (r *Runner) Run(ctx context.Context, dets []*Detection) (*Report, error) {
	rep := &Report{RunID: NewRunID(r.now()), Started: r.now()}
	prev := map[string]*prevRun{}
	if r.State != nil {
		if err := r.State.Init(ctx); err != nil {
			return nil, err
		}
		if !r.NoLock && !r.DryRun {
			ttl := r.LockTTL
			if ttl <= 0 {
				ttl = time.Hour
			}
			lk, err := r.State.Lock(ctx, ttl)
			if err != nil {
				return nil, err
			}
			defer func() {
				if err := lk.release(ctx); err != nil {
					r.log().Error("cannot release the run lock; it expires by itself", "err", err)
				}
			}()
		}
		// All detections' state is read ahead when it holds no more rows
		// than one detection may diff in memory.
		var err error
		if prev, err = r.State.prevRuns(ctx, r.memoryRows()); err != nil {
			return nil, err
		}
	}
	until, err := r.windowEnd(ctx)
	if err != nil {
		return nil, err
	}
	parallel := r.Parallel
	if parallel <= 0 {
		parallel = 4
	}
	var (
		sem    = make(chan struct{}, parallel)
		wg     sync.WaitGroup
		sinkMu sync.Mutex
	)
	rep.Results = make([]*Result, len(dets))
	for i, d := range dets {
		res := &Result{Detection: d, Window: Window{After: until.Add(-d.firstLookback()), Until: until}}
		p := prev[d.ID]
		if p == nil {
			p = &prevRun{}
		}
		if !p.Watermark.IsZero() {
			res.Window.After = p.Watermark
			if p.Watermark.After(until) {
				res.Window.After = until
			}
		}
		rep.Results[i] = res
		if !p.Started.IsZero() && !r.IgnoreSchedule {
			if due, next := d.Due(p.Started, r.now()); !due {
				res.Status = StatusSkipped
				res.Note = "not due until " + next.Format(time.RFC3339) + " (schedule " + d.ScheduleText + ")"
				continue
			}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				res.Status, res.Err = StatusError, ctx.Err()
				return
			}
			defer func() { <-sem }()
			r.runOne(ctx, rep.RunID, res, p, &sinkMu)
		}()
	}
	wg.Wait()
	rep.Finished = r.now()
	return rep, nil
}

// windowEnd is the warehouse's current time minus Settle.
func (r *Runner) windowEnd(ctx context.Context) (time.Time, error) {
	var now time.Time
	if err := r.DB.QueryRowContext(ctx, "select current_timestamp()").Scan(&now); err != nil {
		return time.Time{}, fmt.Errorf("read the warehouse's clock: %w", err)
	}
	settle := r.Settle
	if settle == 0 {
		settle = DefaultSettle
	}
	if settle < 0 {
		settle = 0
	}
	return now.UTC().Add(-settle).Truncate(time.Microsecond), nil
}

func (r *Runner) runOne(ctx context.Context, runID string, res *Result, prev *prevRun, sinkMu *sync.Mutex) {
	d := res.Detection
	res.Started = r.now()
	log := r.log().With("detection", d.ID)
	fail := func(st Status, err error) {
		res.Status, res.Err, res.Finished = st, err, r.now()
		log.Warn("detection failed", "status", st, "err", err)
		if r.State != nil && !r.DryRun {
			rec := RunRecord{RunID: runID, DetectionID: d.ID, Started: res.Started, Finished: res.Finished, Status: st, Error: err.Error(), Window: res.Window}
			if rerr := r.State.Record(context.WithoutCancel(ctx), rec); rerr != nil {
				log.Error("cannot record failed run", "err", rerr)
			}
		}
		sinkMu.Lock()
		defer sinkMu.Unlock()
		for _, s := range r.Sinks {
			if serr := s.Deliver(ctx, runID, res); serr != nil {
				log.Error("cannot deliver failure", "err", serr)
			}
		}
	}

	timeout := r.Timeout
	if d.Timeout > 0 {
		timeout = d.Timeout
	}
	if timeout <= 0 {
		timeout = 5 * time.Minute
	}
	sqlText, err := BindWindow(d.SQL, res.Window)
	if err != nil {
		fail(StatusError, fmt.Errorf("%s:%d: %w", d.Path, d.Line, err))
		return
	}
	res.SQL = sqlText
	qctx, cancel := context.WithTimeout(ctx, timeout)
	var (
		rs *ResultSet
		wd *warehouseDiff
	)
	if r.State != nil && r.wasLarge(prev) {
		// Straight to the warehouse: reading the first MemoryRows rows
		// only to drop them would cost a query and their memory.
		var cols []string
		if cols, err = ResultColumns(qctx, r.DB, strings.TrimRight(strings.TrimSpace(sqlText), ";")); err == nil {
			wd, err = r.diffInWarehouse(qctx, runID, res, prev, cols, sqlText, r.now())
		}
	} else if rs, err = queryMax(qctx, r.DB, sqlText, r.memoryRows()); errors.Is(err, errTooLarge) {
		if r.State == nil {
			err = fmt.Errorf("more than %d rows: a result this large is diffed in the warehouse, which needs the state tables", r.memoryRows())
		} else {
			wd, err = r.diffInWarehouse(qctx, runID, res, prev, rs.Columns, sqlText, r.now())
		}
	}
	if wd != nil {
		defer wd.close()
	}
	timedOut := err != nil && errors.Is(qctx.Err(), context.DeadlineExceeded) && ctx.Err() == nil
	cancel()
	switch {
	case timedOut:
		fail(StatusTimeout, fmt.Errorf("query did not finish within %s (%s:%d)", timeout, d.Path, d.Line))
		return
	case err != nil:
		fail(StatusError, fmt.Errorf("query failed (%s:%d): %w", d.Path, d.Line, err))
		return
	}
	var state []StateRow
	if wd == nil {
		if state, err = r.diffInMemory(ctx, res, prev, rs); err != nil {
			fail(StatusError, err)
			return
		}
	}

	sinkMu.Lock()
	for _, s := range r.Sinks {
		if err = s.Deliver(ctx, runID, res); err != nil {
			break
		}
	}
	sinkMu.Unlock()
	if err != nil {
		// State stays where it was: these findings are delivered again next run.
		fail(StatusError, fmt.Errorf("deliver alerts: %w", err))
		return
	}
	res.Status, res.Finished = StatusOK, r.now()
	if r.State != nil && !r.DryRun {
		rec := RunRecord{RunID: runID, DetectionID: d.ID, Started: res.Started, Finished: res.Finished, Status: StatusOK,
			Rows: res.Rows, Added: len(res.Alerts) + len(res.Suppressed), Removed: len(res.Removed),
			Alerted: len(res.Alerts), Suppr: len(res.Suppressed), Error: res.Note, Window: res.Window}
		save := func(ctx context.Context) error { return r.State.Save(ctx, rec, state) }
		if wd != nil {
			save = func(ctx context.Context) error { return wd.save(ctx, rec) }
		}
		if err := save(context.WithoutCancel(ctx)); err != nil {
			res.Status, res.Err = StatusError, fmt.Errorf("save state (findings were delivered and may repeat next run): %w", err)
			log.Error("cannot save state", "err", err)
			return
		}
	}
	log.Debug("detection ran", "rows", res.Rows, "alerts", len(res.Alerts), "removed", len(res.Removed),
		"suppressed", len(res.Suppressed), "took", res.Finished.Sub(res.Started).Round(time.Millisecond))
}

// diffInMemory keys the result, diffs it against the previous run's state
// read into memory, fills res and returns the state to store.
func (r *Runner) diffInMemory(ctx context.Context, res *Result, prevRun *prevRun, rs *ResultSet) ([]StateRow, error) {
	d := res.Detection
	res.Rows = len(rs.Rows)
	cur, dups, nulls, err := keyRows(d, rs)
	if err != nil {
		return nil, err
	}
	var notes []string
	if dups > 0 {
		notes = append(notes, fmt.Sprintf("%d rows repeat a key of an earlier row and were ignored (key: %s)", dups, strings.Join(d.Key, ", ")))
	}
	if nulls > 0 {
		res.NullKeys = nulls
		notes = append(notes, fmt.Sprintf("%d rows have a NULL key column and were ignored (key: %s; filter them in the query)", nulls, strings.Join(d.Key, ", ")))
	}
	res.Note = strings.Join(notes, "; ")

	prev := prevRun.State
	if prev == nil {
		prev = map[string]StateRow{}
		if r.State != nil && prevRun.StateRows > 0 {
			if prev, err = r.State.load(ctx, d.ID, quote(prevRun.RunID)); err != nil {
				return nil, err
			}
		}
	}
	state := r.diff(d, res, prev, cur, r.now())
	if d.UsesWindow() {
		// Each run sees only the rows that arrived in its window: a key
		// missing from the next window has not gone away, so "removed"
		// would only be noise. Absent keys still count for dedup.
		res.Removed = nil
	}
	return state, nil
}

type keyedRow struct {
	key  Row
	json string // key values as a JSON array, in header order
	row  Row
}

// keyRows indexes the result by key hash. Rows repeating an earlier key,
// and rows with a NULL key column (nobody can act on "host NULL"), are
// counted and ignored.
func keyRows(d *Detection, rs *ResultSet) (out map[string]keyedRow, dups, nulls int, err error) {
	cols := make([]string, len(d.Key))
	for i, k := range d.Key {
		c, ok := lookupColumn(rs.Columns, k)
		if !ok {
			return nil, 0, 0, fmt.Errorf("key column %s is not returned by the query (%s:%d returns %s)", k, d.Path, d.Line, strings.Join(rs.Columns, ", "))
		}
		cols[i] = c
	}
	out = make(map[string]keyedRow, len(rs.Rows))
rows:
	for _, row := range rs.Rows {
		key := make(Row, len(cols))
		vals := make([]any, len(cols))
		for i, c := range cols {
			if row[c] == nil {
				nulls++
				continue rows
			}
			key[c] = row[c]
			vals[i] = row[c]
		}
		kj, err := marshalJSON(vals)
		if err != nil {
			return nil, 0, 0, fmt.Errorf("key of row: %w", err)
		}
		h := keyHash(d.ID, kj)
		if _, dup := out[h]; dup {
			dups++
			continue
		}
		out[h] = keyedRow{key: key, json: kj, row: row}
	}
	return out, dups, nulls, nil
}

func keyHash(id, keyJSON string) string {
	sum := sha256.Sum256([]byte(id + "\x00" + keyJSON))
	return hex.EncodeToString(sum[:16])
}

// diff compares the previous run's findings with the current ones by key
// (osquery-style differential results), fills res with what was added and
// removed, and returns the state to store for this run.
func (r *Runner) diff(d *Detection, res *Result, prev map[string]StateRow, cur map[string]keyedRow, now time.Time) []StateRow {
	before := map[string]Row{}
	for h, s := range prev {
		if s.Present {
			before[h] = decodeRow(s.RowJSON)
		}
	}
	after := make(map[string]Row, len(cur))
	for h, c := range cur {
		after[h] = roundTrip(c.row)
	}
	addedKeys, removedKeys, changed := diffByKey(before, after)
	res.Changed = len(changed)
	added, removed := set(addedKeys), set(removedKeys)

	var state []StateRow
	for h, c := range cur {
		rowJSON, _ := marshalJSON(c.row)
		s, seen := prev[h]
		if !seen {
			s = StateRow{KeyHash: h, KeyJSON: c.json, FirstSeen: now}
		}
		s.RowJSON, s.Present, s.LastSeen = rowJSON, true, now
		if added[h] {
			f := Finding{KeyHash: h, Key: c.key, Row: c.row, FirstSeen: s.FirstSeen}
			switch {
			case r.Baseline:
				s.LastAlerted = now
			case seen && !s.LastAlerted.IsZero() && now.Sub(s.LastAlerted) < d.Dedup:
				res.Suppressed = append(res.Suppressed, f)
			default:
				s.LastAlerted = now
				res.Alerts = append(res.Alerts, f)
			}
		}
		state = append(state, s)
	}
	for h, s := range prev {
		if _, still := cur[h]; still {
			continue
		}
		if removed[h] {
			row := decodeRow(s.RowJSON)
			res.Removed = append(res.Removed, Finding{KeyHash: h, Key: keyOf(d, row), Row: row, FirstSeen: s.FirstSeen})
		}
		// Keep absent keys while they can still suppress a repeat.
		if !s.LastAlerted.IsZero() && now.Sub(s.LastAlerted) < d.Dedup {
			s.Present = false
			state = append(state, s)
		}
	}
	sortFindings(res.Alerts)
	sortFindings(res.Suppressed)
	sortFindings(res.Removed)
	slices.SortFunc(state, func(a, b StateRow) int { return strings.Compare(a.KeyHash, b.KeyHash) })
	return state
}

func set(keys []string) map[string]bool {
	m := make(map[string]bool, len(keys))
	for _, k := range keys {
		m[k] = true
	}
	return m
}

func decodeRow(s string) Row {
	if s == "" {
		return Row{}
	}
	v, err := decodeJSON(s)
	if m, ok := v.(map[string]any); err == nil && ok {
		return Row(m)
	}
	return Row{}
}

// roundTrip gives a row the exact shape it has after being stored as JSON.
func roundTrip(row Row) Row {
	s, err := marshalJSON(row)
	if err != nil {
		return row
	}
	return decodeRow(s)
}

func keyOf(d *Detection, row Row) Row {
	key := Row{}
	var cols []string
	for c := range row {
		cols = append(cols, c)
	}
	for _, k := range d.Key {
		if c, ok := lookupColumn(cols, k); ok {
			key[c] = row[c]
		}
	}
	return key
}

func sortFindings(fs []Finding) {
	slices.SortFunc(fs, func(a, b Finding) int {
		x, _ := json.Marshal(a.Key)
		y, _ := json.Marshal(b.Key)
		return strings.Compare(string(x), string(y))
	})
}

// Summary is `detect run --json`'s one JSON document: the run, its exit
// code, and per detection its status, window and counts.
type Summary struct {
	RunID       string          `json:"run_id"`
	Started     time.Time       `json:"started"`
	Finished    time.Time       `json:"finished"`
	ExitCode    int             `json:"exit_code"`
	Detections  int             `json:"detections"`
	Ran         int             `json:"ran"`
	NotDue      int             `json:"not_due"`
	Failed      int             `json:"failed"`
	NewFindings int             `json:"new_findings"`
	Results     []SummaryResult `json:"results"`
}

// SummaryResult is one detection in a Summary.
type SummaryResult struct {
	ID          string    `json:"id"`
	Status      Status    `json:"status"`
	Error       string    `json:"error,omitempty"`
	Note        string    `json:"note,omitempty"`
	Rows        int       `json:"rows"`
	New         int       `json:"new"`
	Removed     int       `json:"removed"`
	Suppressed  int       `json:"suppressed"`
	NullKeys    int       `json:"null_keys,omitempty"`
	LoadedAfter time.Time `json:"loaded_after,omitzero"`
	LoadedUntil time.Time `json:"loaded_until,omitzero"`
	Millis      int64     `json:"ms"`
}

// Summarize builds the run's Summary.
func Summarize(rep *Report, exitCode int) Summary {
	s := Summary{RunID: rep.RunID, Started: rep.Started, Finished: rep.Finished, ExitCode: exitCode, Detections: len(rep.Results)}
	for _, r := range rep.Results {
		sr := SummaryResult{ID: r.Detection.ID, Status: r.Status, Note: r.Note, Rows: r.Rows, New: len(r.Alerts),
			Removed: len(r.Removed), Suppressed: len(r.Suppressed), NullKeys: r.NullKeys}
		if r.Err != nil {
			sr.Error = r.Err.Error()
		}
		if r.Status != StatusSkipped {
			sr.LoadedAfter, sr.LoadedUntil = r.Window.After, r.Window.Until
			s.Ran++
		} else {
			s.NotDue++
		}
		if !r.Finished.IsZero() {
			sr.Millis = r.Finished.Sub(r.Started).Milliseconds()
		}
		if r.Failed() {
			s.Failed++
		}
		s.NewFindings += len(r.Alerts)
		s.Results = append(s.Results, sr)
	}
	return s
}
