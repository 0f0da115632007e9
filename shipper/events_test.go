package shipper

import (
	"bytes"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer collects a run's log.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestSilentEventsAreLogged: a pattern matching nothing, a directory and a
// dangling symlink matching a pattern each get one warning (not one per
// scan), and a file truncated while followed gets one too.
func TestSilentEventsAreLogged(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(filepath.Join(logs, "dir.log"), 0o755)
	if err := os.Symlink(filepath.Join(dir, "nowhere"), filepath.Join(logs, "dangling.log")); err != nil {
		t.Fatal(err)
	}
	a := filepath.Join(logs, "a.log")
	if err := os.WriteFile(a, []byte(apacheLine(0, time.Now())+apacheLine(1, time.Now())), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
commit_interval = "50ms"
[[source]]
paths = [%q, %q]
tag = "apache.access"
parser = "apache2"
refresh_interval = "50ms"
read_from_head = true
[[output]]
url = "file://%s"
`, filepath.Join(dir, "spool"), filepath.Join(dir, "none", "*.log"), filepath.Join(logs, "*.log"), filepath.Join(dir, "stage")))
	var out lockedBuffer
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m, Logger: slog.New(slog.NewTextHandler(&out, nil))})
	lines := func() int64 { return m.Source("apache.access").Lines.Load() }
	waitFor(t, "the first lines", 10*time.Second, func() bool { return lines() >= 2 })
	time.Sleep(300 * time.Millisecond)                                                // several scans
	if err := os.WriteFile(a, []byte(apacheLine(2, time.Now())), 0o644); err != nil { // truncates
		t.Fatal(err)
	}
	waitFor(t, "the line after the truncation", 10*time.Second, func() bool { return lines() >= 3 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	log := out.String()
	for _, want := range []string{"path pattern matches no file", "is not read: a directory", "is not read: a dangling symlink"} {
		if c := strings.Count(log, want); c != 1 {
			t.Errorf("log has %q %d times, want once:\n%s", want, c, log)
		}
	}
	if !strings.Contains(log, "truncated while followed") && !strings.Contains(log, "file truncated; reading it from the start") {
		t.Errorf("log does not mention the truncation:\n%s", log)
	}
}
