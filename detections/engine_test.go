package detections

import (
	"context"
	"database/sql"
	"os"
	"sync"
	"testing"
	"time"
)

var (
	lakeOnce sync.Once
	lake     *LakeTemplate
	lakeErr  error
)

// freshLake starts a local engine holding the security lake, created by
// the lake migrations exactly as `flurry migrate up` would (built once per
// test binary, copied per call).
func freshLake(ctx context.Context) (*sql.DB, func() error, error) {
	lakeOnce.Do(func() {
		vars, err := LocalLakeVars("", nil, nil)
		lake, lakeErr = &LakeTemplate{Vars: vars}, err
	})
	if lakeErr != nil {
		return nil, nil, lakeErr
	}
	return lake.Fresh(ctx)
}

func TestMain(m *testing.M) {
	code := m.Run()
	if lake != nil {
		lake.Close()
	}
	os.Exit(code)
}

func TestBuiltinLintEngine(t *testing.T) {
	t.Parallel()
	probs, err := (&Linter{Fresh: freshLake}).Lint(context.Background(), Builtin())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p)
	}
}

// TestBuiltinDetections runs every built-in detection's fixture tests, as
// `flurry detect test` does, each case on a fresh local engine.
func TestBuiltinDetections(t *testing.T) {
	t.Parallel()
	dets, err := Load(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	h := &Harness{Fresh: freshLake, Tests: builtinTests, Now: time.Now()}
	plan, bad := h.Plan(dets)
	for _, b := range bad {
		t.Error(b)
	}
	for _, d := range dets {
		tf := plan[d]
		if tf == nil {
			continue
		}
		t.Run(d.ID, func(t *testing.T) {
			t.Parallel()
			for _, c := range tf.Cases {
				t.Run(c.Name, func(t *testing.T) {
					if r := h.RunCase(context.Background(), d, tf, c); !r.Passed() {
						t.Error(r)
					}
				})
			}
		})
	}
}

// TestCaseRenderedInAnEarlierHour renders a fixture file an hour before the
// query runs, as happens when `detect test` starts at 23:59 and reaches the
// case after midnight (CI saw apache_request_volume_spike return its 200
// requests for two hours). The harness must render the case again rather
// than report the detection wrong.
func TestCaseRenderedInAnEarlierHour(t *testing.T) {
	t.Parallel()
	dets, err := Load(Builtin())
	if err != nil {
		t.Fatal(err)
	}
	var det *Detection
	for _, d := range dets {
		if d.ID == "apache_request_volume_spike" {
			det = d
		}
	}
	if det == nil {
		t.Fatal("no built-in apache_request_volume_spike")
	}
	h := &Harness{Fresh: freshLake, Tests: builtinTests, Now: time.Now().Add(-time.Hour)}
	plan, bad := h.Plan([]*Detection{det})
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	for _, c := range plan[det].Cases {
		if r := h.RunCase(context.Background(), det, plan[det], c); !r.Passed() {
			t.Error(r)
		}
	}
}
