package shipper

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// TestPosFileDiskFullBlocksAndRetries: while the position file cannot be
// written for want of space (ENOSPC), the shipper blocks reading and
// retries instead of exiting; once space is back every line arrives once.
// Not parallel: it swaps the package's position-file writer.
func TestPosFileDiskFullBlocksAndRetries(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	stage := filepath.Join(dir, "stage")
	var b strings.Builder
	for i := 0; i < 100; i++ {
		b.WriteString(apacheLine(i, time.Now()))
	}
	if err := os.WriteFile(filepath.Join(logs, "a.log"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := apacheToDirConfig(t, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage, "")

	var full atomic.Bool
	var refused atomic.Int64
	full.Store(true)
	posFileWriter = func(path string, entries []posEntry) error {
		if full.Load() {
			refused.Add(1)
			return &os.PathError{Op: "write", Path: path, Err: syscall.ENOSPC}
		}
		return writePosFile(path, entries)
	}
	defer func() { posFileWriter = writePosFile }()

	var out lockedBuffer
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m, Logger: slog.New(slog.NewTextHandler(&out, nil))})
	waitFor(t, "two refused position-file writes", 10*time.Second, func() bool { return refused.Load() >= 2 })
	if n := m.Source("apache.access").Lines.Load(); n != 0 {
		t.Errorf("%d lines read while the position file could not be written, want 0 (a file is read only once its position is saved)", n)
	}
	full.Store(false)
	waitFor(t, "the lines after space came back", 10*time.Second, func() bool { return m.Source("apache.access").Lines.Load() >= 100 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "cannot write the position file") {
		t.Errorf("no warning about the full disk:\n%s", out.String())
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), 100)
}

// TestDiskFullBlocksReading: while the spool's file system has (by its
// statfs) less free space than a commit needs, reading is blocked as for a
// full spool — nothing is read, the shipper does not stop — and resumes
// when space is back; every line arrives once.
// Not parallel: it swaps the package's free-space probe.
func TestDiskFullBlocksReading(t *testing.T) {
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	stage := filepath.Join(dir, "stage")
	cfg := apacheToDirConfig(t, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage, "")
	var full atomic.Bool
	freeSpace = func(dir string) (int64, bool) {
		if full.Load() {
			return 4096, true
		}
		return spoolFreeSpace(dir)
	}
	defer func() { freeSpace = spoolFreeSpace }()

	var out lockedBuffer
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m, Logger: slog.New(slog.NewTextHandler(&out, nil))})
	full.Store(true)
	time.Sleep(300 * time.Millisecond) // the writer saw the full disk
	var b strings.Builder
	for i := 0; i < 100; i++ {
		b.WriteString(apacheLine(i, time.Now()))
	}
	if err := os.WriteFile(filepath.Join(logs, "a.log"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // several scans
	if n := m.Source("apache.access").Lines.Load(); n != 0 {
		t.Errorf("%d lines read while the disk was full, want 0", n)
	}
	if m.SpoolBlocked.Load() != 1 {
		t.Errorf("spool_blocked = %d while the disk was full, want 1", m.SpoolBlocked.Load())
	}
	full.Store(false)
	waitFor(t, "the lines after space came back", 10*time.Second, func() bool { return m.Source("apache.access").Lines.Load() >= 100 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "disk_full=true") {
		t.Errorf("no warning about the full disk:\n%s", out.String())
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), 100)
}
