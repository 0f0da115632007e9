package shipper

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestPosFileNamesWithTabAndNewline: files whose names hold a TAB or a
// newline are tracked, and the position file stays readable at the next
// start (which then ships nothing again).
func TestPosFileNamesWithTabAndNewline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	stage := filepath.Join(dir, "stage")
	os.MkdirAll(logs, 0o755)
	for _, name := range []string{"tab\there.log", "new\nline.log", `"quoted".log`, "plain.log"} {
		if err := os.WriteFile(filepath.Join(logs, name), []byte(apacheLine(1, time.Now())), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
[[output]]
url = "file://%s"
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage))
	for run := 1; run <= 2; run++ {
		if err := Run(context.Background(), cfg, RunOptions{Once: true, Logger: testLogger(t)}); err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	if len(lines) != 4 {
		t.Fatalf("%d lines shipped over two runs, want the 4 files' 4 lines once", len(lines))
	}
	pos, err := readPosFile(cfg.Sources[0].PosFile)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, e := range pos {
		names[filepath.Base(e.path)] = true
	}
	for _, want := range []string{"tab\there.log", "new\nline.log", `"quoted".log`, "plain.log"} {
		if !names[want] {
			t.Errorf("position file lacks %q: %v", want, names)
		}
	}
}

// TestRotatedFileLastLineWithoutNewline: a file rotated away whose last
// line never got its newline is final once drained: that line is shipped
// as it is, not dropped.
func TestRotatedFileLastLineWithoutNewline(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	stage := filepath.Join(dir, "stage")
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
commit_interval = "50ms"
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
refresh_interval = "50ms"
rotate_wait = "200ms"
[[output]]
url = "file://%s"
timekey = "1h"
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage))
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m})
	a := filepath.Join(logs, "access.log")
	f, _ := os.Create(a)
	last := apacheLine(1, time.Now())
	f.WriteString(apacheLine(0, time.Now()) + last[:len(last)-1]) // no final newline
	f.Close()
	waitFor(t, "the first line", 10*time.Second, func() bool { return m.Source("apache.access").Lines.Load() >= 1 })
	if err := os.Rename(a, filepath.Join(dir, "access.log.1")); err != nil { // rotated out of the glob
		t.Fatal(err)
	}
	waitFor(t, "the rotation drained", 10*time.Second, func() bool { return m.Source("apache.access").Rotations.Load() == 1 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), 2)
}
