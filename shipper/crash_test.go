package shipper

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/internal/s3test"
)

// childEnv makes the test binary run the shipper instead of the tests: the
// crash test kills that process with SIGKILL.
const childEnv = "FLURRY_SHIP_TEST_CHILD_CONFIG"

func TestMain(m *testing.M) {
	if path := os.Getenv(childEnv); path != "" {
		os.Exit(childMain(path))
	}
	os.Exit(m.Run())
}

// slowPosEnv names a marker file: the child then creates it before each
// pos file write and waits 200ms before writing, so that the test can
// SIGKILL it between a spool commit and the positions' save.
const slowPosEnv = "FLURRY_SHIP_TEST_SLOW_POS_MARK"

// childMain is what `flurry ship` does: load the config, run until SIGTERM.
func childMain(path string) int {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if mark := os.Getenv(slowPosEnv); mark != "" {
		posFileWriter = func(path string, entries []posEntry) error {
			os.WriteFile(mark, nil, 0o600)
			time.Sleep(200 * time.Millisecond)
			return writePosFile(path, entries)
		}
	}
	cfg, err := LoadConfig(path)
	if err != nil {
		log.Error("config", "err", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	if err := Run(ctx, cfg, RunOptions{Logger: log}); err != nil {
		log.Error("run", "err", err)
		return 1
	}
	return 0
}

// child is a shipper process.
type child struct {
	t       *testing.T
	cfgPath string
	env     []string
	logPath string
	metrics string
	cmd     *exec.Cmd
	done    chan error
}

func (c *child) start() {
	c.t.Helper()
	logf, err := os.OpenFile(c.logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		c.t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(append(os.Environ(), c.env...), childEnv+"="+c.cfgPath)
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = childProcAttr()
	if err := cmd.Start(); err != nil {
		c.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait(); logf.Close() }()
	c.cmd, c.done = cmd, done
	waitFor(c.t, "the shipper's metrics endpoint", 30*time.Second, func() bool {
		select {
		case err := <-done:
			done <- err
			c.t.Fatalf("shipper exited at start: %v\n%s", err, c.log())
		default:
		}
		// Reading: the log file has been found.
		return c.scrape()[`flurry_ship_files{source="apache"}`] >= 1
	})
}

func (c *child) log() string {
	b, _ := os.ReadFile(c.logPath)
	return string(b)
}

func (c *child) kill() {
	c.t.Helper()
	c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.done
}

func (c *child) stop() {
	c.t.Helper()
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Fatalf("shipper exited with %v after SIGTERM\n%s", err, c.log())
		}
	case <-time.After(60 * time.Second):
		c.cmd.Process.Kill()
		c.t.Fatalf("shipper did not stop after SIGTERM\n%s", c.log())
	}
}

// scrape reads the metrics endpoint: metric line (name and labels) -> value.
func (c *child) scrape() map[string]float64 {
	out := map[string]float64{}
	resp, err := http.Get("http://" + c.metrics + "/metrics")
	if err != nil {
		return out
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, _ := strconv.ParseFloat(line[i+1:], 64)
		out[line[:i]] = v
	}
	return out
}

func freeAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestCrashAndOutage runs the shipper as a separate process and, while lines
// are written, rotates the log (with late writes to the renamed file),
// copy-truncates it, SIGKILLs the shipper twice, and stops the S3 server
// for a while. Every line must arrive exactly once. Over HTTP and over TLS
// (AWS_CA_BUNDLE), with credentials from the environment (the default
// chain).
func TestCrashAndOutage(t *testing.T) {
	for _, tlsOn := range []bool{false, true} {
		name := "http"
		if tlsOn {
			name = "tls"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			crashScenario(t, tlsOn)
		})
	}
}

func crashScenario(t *testing.T, tlsOn bool) {
	srv := s3test.Start(t, s3test.Options{TLS: tlsOn})
	srv.CreateBucket(t, "logs")
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	access := filepath.Join(logs, "access.log")
	c := &child{t: t, cfgPath: filepath.Join(dir, "ship.toml"), logPath: filepath.Join(dir, "ship.log"), metrics: freeAddr(t)}
	c.env = append(srv.Env(),
		"AWS_CONFIG_FILE="+filepath.Join(dir, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "no-aws-credentials"))
	cfg := fmt.Sprintf(`
spool_dir = %q
commit_interval = "200ms"
metrics_listen = %q
flush_timeout = "20s"

[[source]]
name = "apache"
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
rotate_wait = "1s"
refresh_interval = "100ms"

[[output]]
url = "s3://logs/apache/"
format = "json"
time_key = "time"
timekey = "1s"
timekey_wait = "0s"
retry_wait = "100ms"
retry_max_interval = "500ms"
[output.s3]
endpoint = %q
force_path_style = true
`, filepath.Join(dir, "spool"), c.metrics, access, srv.URL)
	if err := os.WriteFile(c.cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("shipper log:\n%s", c.log())
		}
	})

	w := &logWriter{t: t}
	f, err := os.Create(access)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { f.Close() }()
	burst := func(f *os.File, n int) {
		for i := 0; i < n/50; i++ {
			w.write(f, 50)
			time.Sleep(2 * time.Millisecond)
		}
	}
	// burstWhile writes in the background while action runs mid-stream.
	burstWhile := func(f *os.File, n int, action func()) {
		done := make(chan struct{})
		go func() { defer close(done); burst(f, n) }()
		time.Sleep(time.Duration(50+rand.IntN(200)) * time.Millisecond)
		action()
		<-done
	}
	caughtUp := func() bool {
		m := c.scrape()
		v, ok := m[`flurry_ship_source_lag_bytes{source="apache"}`]
		return ok && v == 0
	}

	w.write(f, 1000)
	c.start()
	burst(f, 2000)

	// Rotation by rename, late writes to the old file, then a crash while
	// the rotated file is still being drained.
	if err := os.Rename(access, access+".1"); err != nil {
		t.Fatal(err)
	}
	burst(f, 500)
	nf, err := os.Create(access)
	if err != nil {
		t.Fatal(err)
	}
	burst(nf, 1000)
	burstWhile(f, 300, func() { c.kill() }) // late writes; the shipper dies meanwhile
	f.Close()
	f = nf
	burst(f, 500)
	c.start()
	burst(f, 1000)

	// S3 down for a while, and a second crash while it is down.
	srv.Stop(t)
	burst(f, 2000)
	waitFor(t, "an upload failure", 30*time.Second, func() bool {
		return c.scrape()[`flurry_ship_upload_failures_total{output="s3"}`] > 0
	})
	burstWhile(f, 1000, func() { c.kill() })
	c.start()
	burst(f, 500)
	srv.Restart(t)
	burst(f, 1000)

	// copytruncate (after the tail caught up: lines written between the
	// copy and the truncation are lost with any tailer).
	waitFor(t, "the tail to catch up", 30*time.Second, caughtUp)
	data, _ := os.ReadFile(access)
	os.WriteFile(access+".2", data, 0o644)
	if err := f.Truncate(0); err != nil {
		t.Fatal(err)
	}
	f.Seek(0, io.SeekStart)
	time.Sleep(50 * time.Millisecond)
	burst(f, 1500)

	waitFor(t, "the tail to catch up", 30*time.Second, caughtUp)
	c.stop()

	objects := srv.Objects(t, "logs", "apache/")
	lines, perObject := gunzipAll(t, objects)
	seen := countSeqs(t, lines)
	n := w.written()
	missing, dups := 0, 0
	for i := 0; i < n; i++ {
		if seen[i] == 0 {
			if missing < 10 {
				t.Errorf("line %d missing", i)
			}
			missing++
		}
		if seen[i] > 1 {
			dups += seen[i] - 1
		}
	}
	biggest := 0
	for _, k := range perObject {
		biggest = max(biggest, k)
	}
	t.Logf("%d lines written, %d objects (largest %d records), %d missing, %d duplicates after 2 SIGKILLs", n, len(objects), biggest, missing, dups)
	if missing > 0 || dups > 0 {
		t.Errorf("%d lines missing, %d duplicated", missing, dups)
	}
	for _, l := range lines[:1] {
		rec := decodeJSON(t, l)
		if _, ok := rec["time"].(string); !ok || rec["host"] == nil {
			t.Errorf("record %s: want the apache2 fields and an injected time", l)
		}
	}
}

// TestCrashBeforeFirstCommit kills the shipper before it ever committed,
// after its log file was rotated away: the file was found and opened, so
// the restarted shipper must find it again under its new name (by inode,
// from the pos file) and read it. Nothing else can know it exists.
func TestCrashBeforeFirstCommit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	access := filepath.Join(logs, "access.log")
	stage := filepath.Join(dir, "stage")
	c := &child{t: t, cfgPath: filepath.Join(dir, "ship.toml"), logPath: filepath.Join(dir, "ship.log"), metrics: freeAddr(t)}
	// No commit by the clock: the kill comes before the first one.
	cfg := fmt.Sprintf(`
spool_dir = %q
commit_interval = "1h"
metrics_listen = %q

[[source]]
name = "apache"
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
rotate_wait = "200ms"
refresh_interval = "100ms"

[[output]]
url = "file://%s"
timekey = "1h"
`, filepath.Join(dir, "spool"), c.metrics, access, stage)
	if err := os.WriteFile(c.cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("shipper log:\n%s", c.log())
		}
	})
	w := &logWriter{t: t}
	f, err := os.Create(access)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { f.Close() }()
	w.write(f, 1000)
	c.start()
	waitFor(t, "the lines to be read", 30*time.Second, func() bool {
		return c.scrape()[`flurry_ship_lines_total{source="apache"}`] == 1000
	})
	if err := os.Rename(access, access+".1"); err != nil {
		t.Fatal(err)
	}
	w.write(f, 200) // late writes to the rotated file
	nf, err := os.Create(access)
	if err != nil {
		t.Fatal(err)
	}
	defer nf.Close()
	w.write(nf, 300)
	c.kill()

	c.start()
	waitFor(t, "the restarted shipper to read the 1500 lines of both files", 20*time.Second, func() bool {
		m := c.scrape()
		lag, ok := m[`flurry_ship_source_lag_bytes{source="apache"}`]
		return ok && lag == 0 && m[`flurry_ship_lines_total{source="apache"}`] == 1500 &&
			m[`flurry_ship_rotations_total{source="apache"}`] == 1
	})
	c.stop()
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), w.written())
}

// TestFatalErrorExitsPromptly: an error after start-up (here an unreadable
// position file) must end the process with a non-zero status, not hang it
// with the uploaders still waiting (systemd's Restart= then never fires).
func TestFatalErrorExitsPromptly(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	os.WriteFile(filepath.Join(logs, "access.log"), []byte(apacheLine(1, time.Now())+"\n"), 0o644)
	pos := filepath.Join(dir, "apache.pos")
	os.WriteFile(pos, []byte("not a position line\n"), 0o600)
	cfgPath := filepath.Join(dir, "ship.toml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf(`
spool_dir = %q
[[source]]
name = "apache"
paths = [%q]
pos_file = %q
tag = "apache.access"
parser = "apache2"
[[output]]
url = "file://%s"
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), pos, filepath.Join(dir, "stage"))), 0o600)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+cfgPath)
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = childProcAttr()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("exited 0 on an unreadable position file\n%s", out)
		}
		if !strings.Contains(out.String(), pos) {
			t.Errorf("the error does not name the position file %s:\n%s", pos, out)
		}
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the shipper hung after a fatal error\n%s", out)
	}
}

// TestShutdownFlushDoesNotSpin: while SIGTERM's flush waits for an upload
// that cannot finish (a silent S3 endpoint), the process must sleep, not
// spin a CPU until flush_timeout.
func TestShutdownFlushDoesNotSpin(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go io.Copy(io.Discard, c)
		}
	}()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	os.WriteFile(filepath.Join(logs, "access.log"), []byte(apacheLine(1, time.Now())+"\n"), 0o644)
	cfgPath := filepath.Join(dir, "ship.toml")
	os.WriteFile(cfgPath, []byte(fmt.Sprintf(`
spool_dir = %q
flush_timeout = "3s"
[[source]]
name = "apache"
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
[[output]]
url = "s3://bucket/logs"
timekey = "1s"
timekey_wait = "0s"
[output.s3]
endpoint = "http://%s"
force_path_style = true
region = "us-east-1"
access_key_id = "k"
secret_access_key = "s"
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), ln.Addr())), 0o600)
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childEnv+"="+cfgPath)
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = childProcAttr()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The file's line (read_from_head: a slow start under load cannot
	// skip it) and one written while following; then let their chunk seal
	// and its upload hang on the silent endpoint.
	time.Sleep(time.Second)
	f, _ := os.OpenFile(filepath.Join(logs, "access.log"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString(apacheLine(2, time.Now()) + "\n")
	f.Close()
	time.Sleep(3 * time.Second)
	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("no exit after SIGTERM\n%s", out)
	}
	st := cmd.ProcessState
	t.Logf("CPU %v user %v sys", st.UserTime(), st.SystemTime())
	if cpu := st.UserTime() + st.SystemTime(); cpu > 500*time.Millisecond {
		t.Fatalf("the shipper used %v of CPU for a 3s flush wait: it spins\n%s", cpu, out)
	}
	if !strings.Contains(out.String(), "stay in the spool") {
		t.Errorf("the unuploaded chunk was not reported as kept in the spool\n%s", out)
	}
}

// TestKillsDuplicateNothing SIGKILLs the shipper again and again while lines
// are written — half of the kills exactly between a spool commit and the
// save of the positions it covers (the pos file write is slowed down and
// announced by a marker file), half at random moments — and requires every
// line in S3 exactly once: the restarted shipper must take the positions
// committed with the records, not the pos file's older ones.
func TestKillsDuplicateNothing(t *testing.T) {
	t.Parallel()
	srv := s3test.Start(t, s3test.Options{})
	srv.CreateBucket(t, "logs")
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	access := filepath.Join(logs, "access.log")
	mark := filepath.Join(dir, "pos-write")
	c := &child{t: t, cfgPath: filepath.Join(dir, "ship.toml"), logPath: filepath.Join(dir, "ship.log"), metrics: freeAddr(t)}
	c.env = append(srv.Env(),
		"AWS_CONFIG_FILE="+filepath.Join(dir, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(dir, "no-aws-credentials"),
		slowPosEnv+"="+mark)
	cfg := fmt.Sprintf(`
spool_dir = %q
commit_interval = "100ms"
metrics_listen = %q

[[source]]
name = "apache"
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
refresh_interval = "100ms"

[[output]]
url = "s3://logs/apache/"
timekey = "1s"
timekey_wait = "0s"
retry_wait = "100ms"
retry_max_interval = "500ms"
[output.s3]
endpoint = %q
force_path_style = true
`, filepath.Join(dir, "spool"), c.metrics, access, srv.URL)
	if err := os.WriteFile(c.cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("shipper log:\n%s", c.log())
		}
	})
	w := &logWriter{t: t}
	f, err := os.Create(access)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w.write(f, 500)
	stopWriting := make(chan struct{})
	writing := make(chan struct{})
	go func() {
		defer close(writing)
		for {
			select {
			case <-stopWriting:
				return
			case <-time.After(5 * time.Millisecond):
				w.write(f, 20)
			}
		}
	}()
	c.start()
	const kills = 8
	inWindow := 0
	for i := 0; i < kills; i++ {
		if i%2 == 0 {
			// Wait for a commit that carries new lines, then for its pos
			// file write to begin.
			read := c.scrape()[`flurry_ship_lines_total{source="apache"}`]
			waitFor(t, "new lines read", 20*time.Second, func() bool {
				return c.scrape()[`flurry_ship_lines_total{source="apache"}`] > read
			})
			os.Remove(mark)
			waitFor(t, "a pos file write", 20*time.Second, func() bool {
				_, err := os.Stat(mark)
				return err == nil
			})
			inWindow++
		} else {
			time.Sleep(time.Duration(100+rand.IntN(400)) * time.Millisecond)
		}
		c.kill()
		c.start()
	}
	close(stopWriting)
	<-writing
	waitFor(t, "the tail to catch up", 30*time.Second, func() bool {
		m := c.scrape()
		v, ok := m[`flurry_ship_source_lag_bytes{source="apache"}`]
		return ok && v == 0
	})
	c.stop()
	lines, perObject := gunzipAll(t, srv.Objects(t, "logs", "apache/"))
	t.Logf("%d lines written, %d objects, %d SIGKILLs (%d between commit and pos file write)", w.written(), len(perObject), kills, inWindow)
	checkExactlyOnce(t, countSeqs(t, lines), w.written())
}
