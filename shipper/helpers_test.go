package shipper

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// testLogger shows shipper logs only when a test fails (go test -v shows
// them always).
func testLogger(t testing.TB) *slog.Logger {
	if testing.Verbose() {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// apacheLine is a combined-format line whose path carries seq.
func apacheLine(seq int, now time.Time) string {
	return fmt.Sprintf(`203.0.113.%d - - [%s] "GET /item/%d HTTP/1.1" 200 %d "-" "Mozilla/5.0 (X11; Linux x86_64; rv:96.0) Gecko/20100101 Firefox/96.0"`+"\n",
		seq%250, now.UTC().Format("02/Jan/2006:15:04:05 -0700"), seq, 1000+seq%5000)
}

var seqRe = regexp.MustCompile(`/item/(\d+)`)

// logWriter appends numbered lines to files, remembering how many it wrote.
type logWriter struct {
	t   testing.TB
	mu  sync.Mutex
	seq int
}

func (w *logWriter) write(f *os.File, n int) {
	w.t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	var b strings.Builder
	now := time.Now()
	for i := 0; i < n; i++ {
		b.WriteString(apacheLine(w.seq, now))
		w.seq++
	}
	if _, err := f.WriteString(b.String()); err != nil {
		w.t.Fatal(err)
	}
}

func (w *logWriter) written() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.seq
}

// gunzipAll decompresses objects and returns their lines.
func gunzipAll(t testing.TB, objects map[string][]byte) (lines []string, perObject map[string]int) {
	t.Helper()
	perObject = map[string]int{}
	for key, b := range objects {
		if !strings.HasSuffix(key, ".gz") {
			t.Errorf("object %s is not .gz", key)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		data, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		sc := bufio.NewScanner(bytes.NewReader(data))
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			lines = append(lines, sc.Text())
			perObject[key]++
		}
	}
	return lines, perObject
}

// readDirObjects reads a file output directory as key -> content.
func readDirObjects(t testing.TB, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.ToSlash(rel)] = b
		return nil
	})
	return out
}

// countSeqs counts how often each sequence number arrived.
func countSeqs(t testing.TB, lines []string) map[int]int {
	t.Helper()
	seen := map[int]int{}
	for _, l := range lines {
		m := seqRe.FindStringSubmatch(l)
		if m == nil {
			t.Errorf("line without a sequence number: %q", l)
			continue
		}
		n, _ := strconv.Atoi(m[1])
		seen[n]++
	}
	return seen
}

// checkExactlyOnce fails unless 0..n-1 each arrived exactly once.
func checkExactlyOnce(t testing.TB, seen map[int]int, n int) {
	t.Helper()
	missing, dups := 0, 0
	for i := 0; i < n; i++ {
		switch c := seen[i]; {
		case c == 0:
			if missing < 10 {
				t.Errorf("line %d missing", i)
			}
			missing++
		case c > 1:
			dups += c - 1
		}
	}
	if len(seen) > n {
		t.Errorf("%d unexpected sequence numbers", len(seen)-n)
	}
	if missing > 0 || dups > 0 {
		t.Errorf("%d lines written: %d missing, %d duplicates", n, missing, dups)
	}
}

func waitFor(t testing.TB, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// runInBackground starts Run and returns a stop function that cancels it
// and returns its error.
func runInBackground(t testing.TB, cfg Config, opts RunOptions) (stop func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan struct{})
	if opts.Ready == nil {
		opts.Ready = func() { close(ready) }
	} else {
		close(ready)
	}
	if opts.Logger == nil {
		opts.Logger = testLogger(t)
	}
	errc := make(chan error, 1)
	go func() { errc <- Run(ctx, cfg, opts) }()
	select {
	case <-ready:
	case err := <-errc:
		cancel()
		t.Fatalf("Run: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("Run not ready after 30s")
	}
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-errc:
			case <-time.After(60 * time.Second):
				err = fmt.Errorf("Run did not stop within 60s")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return stop
}

func mustConfig(t testing.TB, text string) Config {
	t.Helper()
	cfg, err := ParseConfig("test.toml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func decodeJSON(t testing.TB, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return m
}

// apacheToDirConfig is the config most tests share: Apache lines from paths,
// read from the head and polled every 50 ms, committed every 50 ms, shipped
// into the directory stage in hourly objects; outputExtra adds lines to the
// output table.
func apacheToDirConfig(t testing.TB, spoolDir, paths, stage, outputExtra string) Config {
	t.Helper()
	return mustConfig(t, fmt.Sprintf(`
spool_dir = %q
commit_interval = "50ms"
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
refresh_interval = "50ms"
read_from_head = true
[[output]]
url = "file://%s"
timekey = "1h"
%s
`, spoolDir, paths, stage, outputExtra))
}
