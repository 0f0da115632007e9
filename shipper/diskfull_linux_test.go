package shipper

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// mountSmallFS mounts a tmpfs of size bytes at dir (unmounted at cleanup):
// a real file system that really fills up. It needs root (CAP_SYS_ADMIN);
// the test is skipped where mounting is not allowed.
func mountSmallFS(t *testing.T, dir string, size int) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0700", size)); err != nil {
		t.Skipf("cannot mount a small tmpfs to fill (needs root): %v", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
}

// fill writes a file on dir's file system until it is full (ENOSPC).
func fill(t *testing.T, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	block := make([]byte, 16<<10)
	for {
		if _, err := f.Write(block); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return
		}
	}
}

// TestSpoolWriteDiskFullBlocksAndRetries: the spool's file system fills up
// (another process takes the space) while a chunk is open, past the statfs
// check that blocks reading ahead of time. The next writes into that chunk,
// the manifest and the pos file fail with ENOSPC: the shipper must block
// reading and retry, not exit, and once space is back every line arrives
// exactly once.
// Not parallel: it swaps the package's free-space probe.
func TestSpoolWriteDiskFullBlocksAndRetries(t *testing.T) {
	dir := t.TempDir()
	spoolFS := filepath.Join(dir, "spoolfs")
	mountSmallFS(t, spoolFS, 4<<20)
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	stage := filepath.Join(dir, "stage")
	access := filepath.Join(logs, "a.log")
	cfg := apacheToDirConfig(t, filepath.Join(spoolFS, "spool"), access, stage, `chunk_limit_size = "64MiB"`)
	// The space the statfs check sees is plenty: the disk fills between
	// two checks.
	freeSpace = func(string) (int64, bool) { return 1 << 40, true }
	defer func() { freeSpace = spoolFreeSpace }()

	w := &logWriter{t: t}
	f, err := os.Create(access)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w.write(f, 1000)
	var out lockedBuffer
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m, Logger: slog.New(slog.NewTextHandler(&out, nil))})
	lines := func() int64 { return m.Source("apache.access").Lines.Load() }
	waitFor(t, "the first lines", 10*time.Second, func() bool { return lines() == 1000 })
	time.Sleep(200 * time.Millisecond) // committed; the chunk stays open (timekey 1h)

	filler := filepath.Join(spoolFS, "filler")
	fill(t, filler)
	w.write(f, 20000) // several MiB: its compressed part no longer fits
	waitFor(t, "the shipper to block on the full disk", 10*time.Second, func() bool {
		return strings.Contains(out.String(), "cannot write to the spool")
	})
	time.Sleep(500 * time.Millisecond)
	if m.SpoolBlocked.Load() != 1 {
		t.Errorf("spool_blocked = %d while the disk is full, want 1", m.SpoolBlocked.Load())
	}
	os.Remove(filler)
	waitFor(t, "all lines after space came back", 20*time.Second, func() bool {
		return lines() == 21000 && lagBytes(m) == 0
	})
	w.write(f, 100)
	waitFor(t, "lines written after that", 10*time.Second, func() bool { return lines() == 21100 })
	if err := stop(); err != nil {
		t.Fatalf("Run: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "no space left") {
		t.Errorf("the warning does not name ENOSPC:\n%s", out.String())
	}
	got, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, got), w.written())
}
