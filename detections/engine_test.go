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
