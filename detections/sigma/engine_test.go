package sigma

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flurry-dev/flurry/detections"
)

// convertCorpus converts every corpus rule that compiles into an in-memory
// detections directory.
func convertCorpus(t *testing.T) fstest.MapFS {
	t.Helper()
	ms, err := BuiltinMappings()
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, f := range sigmaCorpus(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ParseRule(f, src)
		if err != nil {
			continue
		}
		name, text, err := Convert(r, ms)
		if err != nil {
			continue // TestCorpusCompiles accounts for these
		}
		out[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return out
}

// TestCorpusLintsOnEngine compiles every converted rule's query on a fresh
// local engine holding the lake (Linter.Fresh runs each with LIMIT 0 and
// checks the key columns), as `flurry detect lint` does.
func TestCorpusLintsOnEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	fsys := convertCorpus(t)
	lake := newLake(t)
	probs, err := (&detections.Linter{Fresh: lake.Fresh}).Lint(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p)
	}
}

func newLake(t *testing.T) *detections.LakeTemplate {
	t.Helper()
	vars, err := detections.LocalLakeVars("", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	l := &detections.LakeTemplate{Vars: vars}
	t.Cleanup(func() { l.Close() })
	return l
}

// TestSampleRulesFixtures runs hand-written positive and negative fixture
// cases (testdata/sigma/tests/<id>.yaml) for a sample of converted rules
// through the detections harness, as `flurry detect test` does. The
// expectations follow the Sigma specification, not our output: see each
// test file's comments.
func TestSampleRulesFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	tests := os.DirFS("../../testdata/sigma/tests")
	all := convertCorpus(t)
	names, err := filepath.Glob("../../testdata/sigma/tests/*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no sample tests: %v", err)
	}
	sample := fstest.MapFS{}
	for _, n := range names {
		id := filepath.Base(n[:len(n)-len(".yaml")])
		f, ok := all[id+".sql"]
		if !ok {
			t.Fatalf("%s: no converted rule %s.sql", n, id)
		}
		sample[id+".sql"] = f
	}
	dets, err := detections.Load(sample)
	if err != nil {
		t.Fatal(err)
	}
	lake := newLake(t)
	h := &detections.Harness{Fresh: lake.Fresh, Tests: tests, Now: time.Now()}
	for _, r := range h.Run(context.Background(), dets) {
		if !r.Passed() {
			t.Error(r)
		}
	}
}
