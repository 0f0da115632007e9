package demo

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/internal/shquote"
)

func TestPrepareWipesOnlyItsOwnDirectory(t *testing.T) {
	t.Parallel()
	root := filepath.Join(t.TempDir(), "demo")
	l := newLayout(root)
	if err := l.prepare(); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(l.engine, "stale.db")
	if err := os.WriteFile(stale, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A previous demo's directory is wiped.
	if err := l.prepare(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Fatalf("previous demo's file survived: %v", err)
	}
	// Anyone else's is not.
	other := t.TempDir()
	keep := filepath.Join(other, "keep.txt")
	os.WriteFile(keep, []byte("mine"), 0o644)
	err := newLayout(other).prepare()
	if err == nil || !strings.Contains(err.Error(), "not created by flurry demo") {
		t.Fatalf("prepare on a foreign directory: %v", err)
	}
	if _, err := os.Stat(keep); err != nil {
		t.Fatal("a foreign file was removed")
	}
	// An empty directory is fine.
	if err := newLayout(t.TempDir()).prepare(); err != nil {
		t.Fatal(err)
	}
}

func TestReconcileIsOneToOne(t *testing.T) {
	t.Parallel()
	exp := []Expected{
		expect("teleport_failed_events", "EVENT_ID", "a"),
		expect("teleport_failed_events", "EVENT_ID", "b"),
		expect("apache_5xx_burst", "CODE", "503"),
		expect("goaudit_webserver_shell", "SEQUENCE", "7"),
	}
	found := []Finding{
		{Detection: "teleport_failed_events", Key: map[string]any{"EVENT_ID": "a"}},
		{Detection: "teleport_failed_events", Key: map[string]any{"EVENT_ID": "a"}}, // a duplicate explains nothing
		{Detection: "apache_5xx_burst", Key: map[string]any{"code": json.Number("503")}},
		{Detection: "goaudit_webserver_shell", Key: map[string]any{"SEQUENCE": json.Number("7"), "EVENT_TIME": "2024-01-01T00:00:00Z"}},
		{Detection: "apache_408_burst", Key: map[string]any{"HOST": "x"}},
	}
	missing, unexpected, _ := reconcile(exp, func(i int) string { return found[i].Detection }, func(i int) map[string]any { return found[i].Key }, len(found))
	if len(missing) != 1 || missing[0].Key["EVENT_ID"] != "b" {
		t.Errorf("missing = %v", missing)
	}
	if len(unexpected) != 2 || unexpected[0] != 1 || unexpected[1] != 4 {
		t.Errorf("unexpected = %v", unexpected)
	}
}

func TestShellQuoteAndFileURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		".flurry/demo/engine": ".flurry/demo/engine",
		"/tmp/my demo/engine": "'/tmp/my demo/engine'",
		"/tmp/it's":           `'/tmp/it'\''s'`,
	} {
		if got := shquote.Quote(in); got != want {
			t.Errorf("shquote.Quote(%q) = %s, want %s", in, got, want)
		}
	}
	if got := fileURL("/var/lib/x"); got != "file:///var/lib/x" {
		t.Errorf("fileURL = %s", got)
	}
}

func BenchmarkGenerate(b *testing.B) {
	now := time.Date(2024, 3, 14, 15, 9, 26, 0, time.UTC)
	for b.Loop() {
		ds := Generate(now, DefaultSeed)
		if len(ds.Apache) == 0 {
			b.Fatal("nothing generated")
		}
	}
}

// BenchmarkRun is `flurry demo` in process: the target is well under a
// minute on two cores.
func BenchmarkRun(b *testing.B) {
	for b.Loop() {
		rep, err := Run(b.Context(), Options{Dir: filepath.Join(b.TempDir(), "demo")})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(rep.Attacks)), "attacks")
	}
}
