package shipper

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/internal/s3test"
)

// TestOnceBackfillToFileStage backfills existing files (one with a
// malformed line and no trailing newline) into a file:// stage in the
// fluentd format, then checks a second backfill ships nothing again.
func TestOnceBackfillToFileStage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	stage := filepath.Join(dir, "stage")
	os.MkdirAll(logs, 0o755)
	w := &logWriter{t: t}
	for i := 0; i < 3; i++ {
		f, err := os.Create(filepath.Join(logs, fmt.Sprintf("access_%d.log", i)))
		if err != nil {
			t.Fatal(err)
		}
		w.write(f, 5000)
		if i == 1 {
			f.WriteString("garbage that apache2 cannot parse\n")
		}
		f.Close()
	}
	// An incomplete last line is left for later: the writer is mid-line.
	f, _ := os.OpenFile(filepath.Join(logs, "access_2.log"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(`203.0.113.9 - - [18/Jan/2022:10:00:00 +0000] "GET /partial`)
	f.Close()

	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
[[output]]
url = "file://%s"
format = "fluentd"
key_format = "apache/%%Y/%%m/%%d/%%{tag}-%%{hostname}-%%{chunk_id}.gz"
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage))
	m := &Metrics{}
	if err := Run(context.Background(), cfg, RunOptions{Once: true, Logger: testLogger(t), Metrics: m}); err != nil {
		t.Fatal(err)
	}
	objs := readDirObjects(t, stage)
	lines, _ := gunzipAll(t, objs)
	var garbage []string
	var good []string
	for _, l := range lines {
		parts := strings.SplitN(l, "\t", 3)
		if len(parts) != 3 {
			t.Fatalf("not time<TAB>tag<TAB>json: %q", l)
		}
		if _, err := time.Parse("2006-01-02T15:04:05-07:00", parts[0]); err != nil || !strings.HasSuffix(parts[0], "+00:00") {
			t.Errorf("time %q: want e.g. 2022-01-18T10:00:00+00:00", parts[0])
		}
		if parts[1] != "apache.access" {
			t.Errorf("tag %q", parts[1])
		}
		rec := decodeJSON(t, parts[2])
		if _, ok := rec["parse_error"]; ok {
			garbage = append(garbage, rec["message"].(string))
			continue
		}
		good = append(good, l)
	}
	checkExactlyOnce(t, countSeqs(t, good), w.written())
	if len(garbage) != 1 || garbage[0] != "garbage that apache2 cannot parse" {
		t.Errorf("unparsable lines shipped: %q", garbage)
	}
	for key := range objs {
		if !strings.HasPrefix(key, "apache/") || !strings.Contains(key, "/apache.access-") {
			t.Errorf("key %q does not follow key_format", key)
		}
	}
	if got := m.Source("apache.access").ParseErrors.Load(); got != 1 {
		t.Errorf("parse errors counted: %d", got)
	}

	// Once more: positions were saved, nothing is shipped twice; the
	// completed partial line is.
	f, _ = os.OpenFile(filepath.Join(logs, "access_2.log"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(` HTTP/1.1" 200 5 "-" "curl/8"` + "\n")
	f.Close()
	if err := Run(context.Background(), cfg, RunOptions{Once: true, Logger: testLogger(t)}); err != nil {
		t.Fatal(err)
	}
	lines2, _ := gunzipAll(t, readDirObjects(t, stage))
	if len(lines2) != len(lines)+1 || !strings.Contains(strings.Join(lines2, "\n"), `"path":"/partial"`) {
		t.Errorf("second backfill: %d lines after %d, want one more (the completed line)", len(lines2), len(lines))
	}
}

// lagBytes is what the followers have not read yet.
func lagBytes(m *Metrics) int64 {
	m.mu.Lock()
	f := m.lag
	m.mu.Unlock()
	var n int64
	if f != nil {
		for _, v := range f() {
			n += v
		}
	}
	return n
}

// TestLiveRotationTruncationOutage tails while files are renamed (with
// late writes to the old file), copy-truncated, created anew, and while the
// S3 server is down; after a clean stop every line is in S3 exactly once.
func TestLiveRotationTruncationOutage(t *testing.T) {
	t.Parallel()
	srv := s3test.Start(t, s3test.Options{})
	srv.CreateBucket(t, "logs")
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	access := filepath.Join(logs, "access.log")
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
commit_interval = "100ms"
[[source]]
name = "apache"
paths = [%q, %q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
rotate_wait = "700ms"
refresh_interval = "100ms"
[[output]]
url = "s3://logs/apache"
timekey = 1
timekey_wait = 0
retry_wait = "100ms"
retry_max_interval = "400ms"
[output.s3]
endpoint = %q
force_path_style = true
access_key_id = %q
secret_access_key = %q
checksum = "when_required"
`, filepath.Join(dir, "spool"), access, filepath.Join(logs, "app-*.log"), srv.URL, srv.AccessKey, srv.SecretKey))

	w := &logWriter{t: t}
	f, err := os.Create(access)
	if err != nil {
		t.Fatal(err)
	}
	w.write(f, 500) // before the start: read from the head
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m})
	burst := func(f *os.File, n int) {
		for i := 0; i < n/100; i++ {
			w.write(f, 100)
			time.Sleep(5 * time.Millisecond)
		}
	}
	burst(f, 2000)

	// logrotate "create": rename, the daemon keeps writing to the old
	// descriptor for a while, then reopens the new file.
	if err := os.Rename(access, access+".1"); err != nil {
		t.Fatal(err)
	}
	burst(f, 300)
	nf, err := os.Create(access)
	if err != nil {
		t.Fatal(err)
	}
	burst(nf, 1000)
	w.write(f, 100) // a very late write to the rotated file
	f.Close()
	f = nf

	// A new file matched by the glob.
	app, err := os.Create(filepath.Join(logs, "app-1.log"))
	if err != nil {
		t.Fatal(err)
	}
	burst(app, 500)

	// S3 down for a while.
	srv.Stop(t)
	burst(f, 1000)
	waitFor(t, "a failed upload", 20*time.Second, func() bool { return m.Output("s3").UploadFailures.Load() > 0 })
	srv.Restart(t)
	burst(f, 500)

	// copytruncate: copy, then truncate in place. Lines written between
	// the copy and the truncation are lost with any tailer, so pause.
	waitFor(t, "the tail to catch up", 20*time.Second, func() bool { return lagBytes(m) == 0 })
	data, _ := os.ReadFile(access)
	os.WriteFile(access+".2", data, 0o644)
	if err := f.Truncate(0); err != nil {
		t.Fatal(err)
	}
	f.Seek(0, 0)
	time.Sleep(50 * time.Millisecond)
	burst(f, 1000)
	burst(app, 200)

	waitFor(t, "the tail to catch up", 20*time.Second, func() bool { return lagBytes(m) == 0 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	lines, _ := gunzipAll(t, srv.Objects(t, "logs", "apache/"))
	checkExactlyOnce(t, countSeqs(t, lines), w.written())
	if m.Source("apache").Rotations.Load() < 1 {
		t.Error("no rotation counted")
	}
	if m.Output("s3").Pending.Load() != 0 {
		t.Errorf("%d chunks pending after a clean stop", m.Output("s3").Pending.Load())
	}
}

// TestSpoolFullBlocksReading fills a tiny spool while S3 is down: reading
// stops (nothing is dropped, the lines wait in the file), and resumes when
// uploads free space.
func TestSpoolFullBlocksReading(t *testing.T) {
	t.Parallel()
	srv := s3test.Start(t, s3test.Options{})
	srv.CreateBucket(t, "logs")
	dir := t.TempDir()
	access := filepath.Join(dir, "access.log")
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
total_limit_size = "64KiB"
compression_level = 1
commit_interval = "50ms"
flush_timeout = "1s"
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
refresh_interval = "100ms"
[[output]]
url = "s3://logs/"
chunk_limit_size = "32KiB"
retry_wait = "50ms"
retry_max_interval = "200ms"
[output.s3]
endpoint = %q
force_path_style = true
access_key_id = %q
secret_access_key = %q
`, filepath.Join(dir, "spool"), access, srv.URL, srv.AccessKey, srv.SecretKey))
	srv.Stop(t)
	w := &logWriter{t: t}
	f, _ := os.Create(access)
	defer f.Close()
	// ~13 MiB: much more than the spool plus what is in flight to it
	// (a few batches of 256 KiB).
	w.write(f, 60000)
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m})
	waitFor(t, "the spool to block reading", 30*time.Second, func() bool { return m.SpoolBlocked.Load() == 1 })
	// What was already read (at most a few batches in flight) still goes
	// into the spool; then reading stops.
	linesRead := func() int64 { return m.Source("apache.access").Lines.Load() }
	var read int64
	waitFor(t, "reading to stop", 20*time.Second, func() bool {
		before := linesRead()
		time.Sleep(300 * time.Millisecond)
		read = linesRead()
		return read == before
	})
	if read >= 60000 {
		t.Fatalf("the whole file was read (%d lines) into a full spool", read)
	}
	if lagBytes(m) == 0 {
		t.Fatal("no lag while blocked")
	}
	// A stop while blocked and S3 down returns (after flush_timeout); the
	// next start goes on from the spool and the saved positions.
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	srv.Restart(t)
	m = &Metrics{}
	stop = runInBackground(t, cfg, RunOptions{Metrics: m})
	waitFor(t, "the backlog to be read", 60*time.Second, func() bool { return lagBytes(m) == 0 })
	waitFor(t, "uploads", 60*time.Second, func() bool { return m.Output("s3").Pending.Load() == 0 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if m.SpoolBlocked.Load() != 0 {
		t.Error("still blocked")
	}
	lines, _ := gunzipAll(t, srv.Objects(t, "logs", ""))
	checkExactlyOnce(t, countSeqs(t, lines), w.written())
}

// TestCleanRestartsShipOnce stops and restarts the shipper (lines are
// written, and the file rotated, while it is stopped): after clean stops
// nothing is duplicated or lost.
func TestCleanRestartsShipOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	access := filepath.Join(dir, "access.log")
	stage := filepath.Join(dir, "stage")
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
metrics_listen = "127.0.0.1:0"
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
refresh_interval = "100ms"
rotate_wait = "200ms"
[[output]]
url = "file://%s"
timekey = "1h"
`, filepath.Join(dir, "spool"), access, stage))
	w := &logWriter{t: t}
	f, _ := os.Create(access)
	defer f.Close()
	old := &logWriter{t: t, seq: 1_000_000}
	old.write(f, 100) // before the first start, read_from_head = false: not shipped
	for round := 0; round < 3; round++ {
		m := &Metrics{}
		stop := runInBackground(t, cfg, RunOptions{Metrics: m})
		w.write(f, 3000)
		waitFor(t, "the tail", 20*time.Second, func() bool { return lagBytes(m) == 0 })
		if err := stop(); err != nil {
			t.Fatal(err)
		}
		w.write(f, 1000) // while stopped
	}
	// Rotated while stopped: the old file is found by inode and finished,
	// the new one (not in the pos file, so it appeared while stopped) is
	// read from its start although read_from_head = false.
	if err := os.Rename(access, access+".1"); err != nil {
		t.Fatal(err)
	}
	w.write(f, 500)
	nf, _ := os.Create(access)
	defer nf.Close()
	w.write(nf, 700)
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m})
	waitFor(t, "the tail", 20*time.Second, func() bool { return lagBytes(m) == 0 && m.Source("apache.access").Rotations.Load() == 1 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), w.written())
}

// TestMetricsEndpoint scrapes the Prometheus text format.
func TestMetricsEndpoint(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	access := filepath.Join(dir, "access.log")
	os.WriteFile(access, []byte(apacheLine(1, time.Now())+"not apache\n"), 0o644)
	addr := freeAddr(t)
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
metrics_listen = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
[[output]]
url = "file://%s"
timekey_wait = 0
timekey = 1
`, filepath.Join(dir, "spool"), addr, access, filepath.Join(dir, "stage")))
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m})
	defer stop()
	// Both lines uploaded: one chunk, or two when the unparsable line (timed
	// at its read) falls into the next one-second time key.
	out := m.Output("file")
	waitFor(t, "every chunk uploaded", 20*time.Second, func() bool {
		return out.Records.Load() == 2 && out.Uploads.Load() >= 1 && out.Uploads.Load() == out.Chunks.Load()
	})
	uploads := out.Uploads.Load()
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	text := string(body)
	for _, want := range []string{
		"# TYPE flurry_ship_lines_total counter\n",
		`flurry_ship_lines_total{source="apache.access"} 2` + "\n",
		`flurry_ship_parse_errors_total{source="apache.access"} 1` + "\n",
		fmt.Sprintf(`flurry_ship_uploads_total{output="file"} %d`, uploads) + "\n",
		`flurry_ship_records_total{output="file"} 2` + "\n",
		`flurry_ship_source_lag_bytes{source="apache.access"} 0` + "\n",
		"# TYPE flurry_ship_spool_bytes gauge\n",
		"flurry_ship_commit_seconds_total ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("metrics lack %q:\n%s", want, text)
		}
	}
}

// TestTailCatchUpAndResume writes a burst far larger than nxadm/tail
// follows comfortably (the follower switches to the plain reader), then a
// trickle that only the resumed live tail can pick up.
func TestTailCatchUpAndResume(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	access := filepath.Join(dir, "access.log")
	stage := filepath.Join(dir, "stage")
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
[[output]]
url = "file://%s"
timekey = "1h"
`, filepath.Join(dir, "spool"), access, stage))
	f, _ := os.Create(access)
	defer f.Close()
	w := &logWriter{t: t}
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m})
	w.write(f, 100)
	waitFor(t, "the first lines", 10*time.Second, func() bool { return m.Source("apache.access").Lines.Load() == 100 })
	w.write(f, 100_000) // ~23 MiB in one write
	waitFor(t, "the burst", 30*time.Second, func() bool { return lagBytes(m) == 0 })
	for i := 0; i < 5; i++ {
		w.write(f, 3)
		want := int64(w.written())
		waitFor(t, "the trickle through the resumed tail", 10*time.Second, func() bool {
			return m.Source("apache.access").Lines.Load() == want
		})
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), w.written())
}

// TestOnceProgress draws the backfill progress bar on the given writer.
func TestOnceProgress(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	access := filepath.Join(dir, "access.log")
	f, _ := os.Create(access)
	(&logWriter{t: t}).write(f, 20000)
	f.Close()
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
[[output]]
url = "file://%s"
`, filepath.Join(dir, "spool"), access, filepath.Join(dir, "stage")))
	var buf syncBuffer
	if err := Run(context.Background(), cfg, RunOptions{Once: true, Progress: &buf, Logger: testLogger(t)}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "100.0%") || !strings.HasSuffix(out, "0 chunks to upload \n") {
		t.Errorf("progress output %q", out)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRenameWithinGlob renames a followed file to a name the glob still
// matches: it is the same file (same inode), followed on, not read again;
// the position file follows the new name.
func TestRenameWithinGlob(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	stage := filepath.Join(dir, "stage")
	pos := filepath.Join(dir, "apache.pos")
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
commit_interval = "50ms"
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
pos_file = %q
refresh_interval = "50ms"
rotate_wait = "200ms"
[[output]]
url = "file://%s"
timekey = "1h"
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), pos, stage))
	f, _ := os.Create(filepath.Join(logs, "a.log"))
	defer f.Close()
	w := &logWriter{t: t}
	m := &Metrics{}
	stop := runInBackground(t, cfg, RunOptions{Metrics: m})
	w.write(f, 500)
	waitFor(t, "a.log", 10*time.Second, func() bool { return lagBytes(m) == 0 && m.Source("apache.access").Lines.Load() == 500 })
	a, b := filepath.Join(logs, "a.log"), filepath.Join(logs, "b.log")
	if err := os.Rename(a, b); err != nil {
		t.Fatal(err)
	}
	w.write(f, 500)
	// The scanner finds the file under its new name; the pos file follows.
	waitForPos(t, pos, "b.log in the pos file", func(offsets map[string]int64) bool {
		_, ok := offsets[b]
		return ok
	})
	w.write(f, 500)
	nf, _ := os.Create(a)
	defer nf.Close()
	w.write(nf, 500)
	waitFor(t, "everything", 10*time.Second, func() bool { return m.Source("apache.access").Lines.Load() == 2000 && lagBytes(m) == 0 })
	waitForPos(t, pos, "both files at their ends in the pos file", func(offsets map[string]int64) bool {
		return offsets[a] == fileSize(t, a) && offsets[b] == fileSize(t, b)
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if r := m.Source("apache.access").Rotations.Load(); r != 0 {
		t.Errorf("%d rotations counted for a rename within the glob", r)
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), w.written())
}

// waitForPos waits until the pos file's offsets (by path) satisfy cond,
// showing the pos file if they never do.
func waitForPos(t *testing.T, pos, what string, cond func(offsets map[string]int64) bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		entries, err := readPosFile(pos)
		if err != nil {
			t.Fatal(err)
		}
		offsets := map[string]int64{}
		for _, e := range entries {
			offsets[e.path] = e.offset
		}
		if cond(offsets) {
			return
		}
		if time.Now().After(deadline) {
			b, _ := os.ReadFile(pos)
			t.Fatalf("timed out waiting for %s; position file:\n%s", what, b)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func fileSize(t *testing.T, path string) int64 {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// TestStopWhileScanningShipsOnce stops the shipper again and again while
// its scanner is busy with many files. A follower ends at the stop; a scan
// still running must not take its file for one that appeared while
// running and track it at offset 0 (that position was saved, and the next
// start read the whole file again).
func TestStopWhileScanningShipsOnce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	stage := filepath.Join(dir, "stage")
	cfg := apacheToDirConfig(t, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage, "")
	cfg.Sources[0].RefreshInterval = Duration(10 * time.Millisecond) // the scanner is nearly always busy
	const files = 150
	fhs := make([]*os.File, files)
	for i := range fhs {
		f, err := os.Create(filepath.Join(logs, fmt.Sprintf("f%03d.log", i)))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		fhs[i] = f
	}
	w := &logWriter{t: t}
	for round := 0; round < 8; round++ {
		for _, f := range fhs {
			w.write(f, 2)
		}
		m := &Metrics{}
		stop := runInBackground(t, cfg, RunOptions{Metrics: m})
		waitFor(t, "the tail", 20*time.Second, func() bool {
			return m.Source("apache.access").Lines.Load() >= 2*files && lagBytes(m) == 0
		})
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), w.written())
}
