package demo

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/detections"
)

// DetectionReport is one detection's outcome in a run.
type DetectionReport struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	Status   string `json:"status"`
	Error    string `json:"error,omitempty"`
	// Rows is what the query returned; Alerts the findings new since the
	// previous run (none in a baseline run).
	Rows    int       `json:"rows"`
	Alerts  []Finding `json:"alerts"`
	Removed int       `json:"removed,omitempty"`
}

// Finding is one alert: its detection, key and full row, and the planted
// attack it belongs to ("" when no attack expects it).
type Finding struct {
	Detection string         `json:"detection"`
	Severity  string         `json:"severity"`
	Key       map[string]any `json:"key"`
	Row       map[string]any `json:"row"`
	Attack    string         `json:"attack,omitempty"`
}

// enabledDetections are the built-in detections `flurry detect run` runs.
func enabledDetections() ([]*detections.Detection, error) {
	all, err := detections.Load(detections.Builtin())
	if err != nil {
		return nil, err
	}
	return detections.Select(all, nil, nil, false)
}

// runDetections runs the detections with their state in the lake
// (FLURRY.PUBLIC), ignoring schedules: the demo's second run comes seconds
// after the first. baseline records findings without alerting.
func runDetections(ctx context.Context, db *sql.DB, dets []*detections.Detection, baseline bool, log *slog.Logger) ([]DetectionReport, error) {
	// The demo runs once the pipes have loaded every file: no load is in
	// flight, so the arrival windows need no settling time.
	r := &detections.Runner{DB: db, State: &detections.Store{DB: db}, IgnoreSchedule: true, Baseline: baseline,
		Parallel: 4, Timeout: 2 * time.Minute, Log: log, Settle: -1}
	rep, err := r.Run(ctx, dets)
	if err != nil {
		return nil, fmt.Errorf("detect run: %w", err)
	}
	var out []DetectionReport
	for _, res := range rep.Results {
		d := res.Detection
		dr := DetectionReport{ID: d.ID, Title: d.Title, Severity: d.Severity.String(), Status: string(res.Status),
			Rows: res.Rows, Removed: len(res.Removed), Alerts: []Finding{}}
		if res.Err != nil {
			dr.Error = res.Err.Error()
		}
		for _, f := range res.Alerts {
			dr.Alerts = append(dr.Alerts, Finding{Detection: d.ID, Severity: dr.Severity, Key: f.Key, Row: f.Row})
		}
		out = append(out, dr)
	}
	slices.SortFunc(out, func(a, b DetectionReport) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}

// stateKeys reads the keys a detection's last run left in the state table.
func stateKeys(ctx context.Context, db *sql.DB, d *detections.Detection) ([]map[string]any, error) {
	st, err := (&detections.Store{DB: db}).Load(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	var out []map[string]any
	for _, s := range st {
		if !s.Present {
			continue
		}
		var vals []any
		if err := json.Unmarshal([]byte(s.KeyJSON), &vals); err != nil {
			return nil, fmt.Errorf("state of %s: key %s: %w", d.ID, s.KeyJSON, err)
		}
		k := map[string]any{}
		for i, c := range d.Key {
			if i < len(vals) {
				k[c] = vals[i]
			}
		}
		out = append(out, k)
	}
	return out, nil
}

// keyValue is a key column's value as text, the column found in any case.
func keyValue(key map[string]any, col string) (string, bool) {
	for c, v := range key {
		if strings.EqualFold(c, col) {
			switch x := v.(type) {
			case nil:
				return "", true
			case string:
				return x, true
			case json.Number:
				return x.String(), true
			case float64:
				return fmt.Sprint(x), true
			default:
				b, _ := json.Marshal(x)
				return string(b), true
			}
		}
	}
	return "", false
}

func matches(e Expected, detection string, key map[string]any) bool {
	if e.Detection != detection {
		return false
	}
	for c, want := range e.Key {
		if got, ok := keyValue(key, c); !ok || got != want {
			return false
		}
	}
	return true
}

// reconcile pairs expected findings with actual ones, one to one. It
// returns the expectations nobody found and the findings nobody expected.
func reconcile(expected []Expected, detectionOf func(i int) string, keyOf func(i int) map[string]any, n int) (missing []Expected, unexpected []int, matchedBy []int) {
	used := make([]bool, n)
	matchedBy = make([]int, len(expected))
	for i, e := range expected {
		matchedBy[i] = -1
		for j := range n {
			if !used[j] && matches(e, detectionOf(j), keyOf(j)) {
				used[j], matchedBy[i] = true, j
				break
			}
		}
		if matchedBy[i] < 0 {
			missing = append(missing, e)
		}
	}
	for j := range n {
		if !used[j] {
			unexpected = append(unexpected, j)
		}
	}
	return missing, unexpected, matchedBy
}

func describeKey(detection string, key map[string]any) string {
	var parts []string
	for _, c := range sortedKeys(key) {
		v, _ := keyValue(key, c)
		parts = append(parts, strings.ToLower(c)+"="+v)
	}
	return detection + " " + strings.Join(parts, " ")
}
