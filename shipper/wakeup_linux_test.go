//go:build linux

package shipper

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestQuietFileLineWithoutEvent: a complete line that arrives with no
// inotify event for it (here: the file is first extended, which wakes the
// tail up to find no complete line, then the line is written through a
// shared mapping, which raises no event — as a write landing between
// nxadm/tail's read to the end and its watch does) is still read, although
// the file does not grow any more. Before, the stall check fired only for
// a growing file, and the line stayed unread for good.
func TestQuietFileLineWithoutEvent(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	stage := filepath.Join(dir, "stage")
	cfg := apacheToDirConfig(t, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage, "")
	a := filepath.Join(logs, "access.log")
	first := apacheLine(0, time.Now())
	if err := os.WriteFile(a, []byte(first), 0o644); err != nil {
		t.Fatal(err)
	}
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m})
	lines := func() int64 { return m.Source("apache.access").Lines.Load() }
	waitFor(t, "the first line", 10*time.Second, func() bool { return lines() >= 1 })
	time.Sleep(300 * time.Millisecond) // the tail is live and waiting

	second := apacheLine(1, time.Now())
	f, err := os.OpenFile(a, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	size := int64(len(first) + len(second))
	if err := f.Truncate(size); err != nil { // zeros: no complete line yet
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond) // the tail saw the zeros and waits
	mem, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	copy(mem[len(first):], second) // no inotify event
	if err := syscall.Munmap(mem); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the line written without an event", 10*time.Second, func() bool { return lines() >= 2 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	got, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, got), 2)
}
