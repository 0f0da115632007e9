package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

const brokenDetections = "../../testdata/detections/broken"

func TestDetectListAndNew(t *testing.T) {
	r := flurry(t, nil, "", "detect", "list").ok(t)
	for _, id := range []string{"apache_408_burst", "teleport_failed_events", "s3_anonymous_requests", "vpc_admin_ports_from_internet", "goaudit_webserver_shell"} {
		if !strings.Contains(r.stdout, id) {
			t.Errorf("detect list lacks %s:\n%s", id, r.stdout)
		}
	}
	r = flurry(t, nil, "", "detect", "list", "--json").ok(t)
	var first map[string]any
	if err := json.Unmarshal([]byte(strings.SplitN(r.stdout, "\n", 2)[0]), &first); err != nil || first["id"] == nil || first["severity"] == nil {
		t.Errorf("detect list --json: %v %v", first, err)
	}

	dir := filepath.Join(t.TempDir(), "detections")
	r = flurry(t, nil, "", "detect", "new", "--dir", dir, "odd_clients").ok(t)
	for _, f := range []string{filepath.Join(dir, "odd_clients.sql"), filepath.Join(dir, "testdata", "odd_clients.yaml")} {
		if _, err := os.Stat(f); err != nil || !strings.Contains(r.stdout, "created "+f) {
			t.Errorf("detect new did not create %s: %v\n%s", f, err, r.stdout)
		}
	}
	flurry(t, nil, "", "detect", "lint", "--dir", dir, "--no-engine").ok(t)
	if r := flurry(t, nil, "", "detect", "new", "--dir", dir, "odd_clients"); r.code != 1 || !strings.Contains(r.stderr, "already exists") {
		t.Errorf("detect new over an existing file: exit %d\n%s", r.code, r.stderr)
	}
	if r := flurry(t, nil, "", "detect", "new", "--dir", dir, "Bad-Name"); r.code != 1 || !strings.Contains(r.stderr, "lower-case") {
		t.Errorf("detect new with a bad id: exit %d\n%s", r.code, r.stderr)
	}
}

func TestDetectLintBrokenLexically(t *testing.T) {
	r := flurry(t, nil, "", "detect", "lint", "--dir", brokenDetections, "--no-engine")
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"s3_deletes_by_src_ip.sql:6: key column SRC_IP is not returned by the query (it returns REMOTEIP, DELETES)",
		`typo_in_header.sql:3: unknown header field "severty"`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	if !strings.Contains(r.stderr, "4 problems in "+brokenDetections) {
		t.Errorf("stderr: %s", r.stderr)
	}
}

const cliDetection = `-- id: big_spenders
-- title: Hosts with a large total
-- severity: high
-- schedule: 1h
-- key: [host]
select host, sum(n) as total
from app.public.events
group by host
having sum(n) >= 10;
`

type webhookRecorder struct {
	mu     sync.Mutex
	bodies []string
}

func (w *webhookRecorder) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	w.mu.Lock()
	w.bodies = append(w.bodies, string(b))
	w.mu.Unlock()
}

func (w *webhookRecorder) take() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := w.bodies
	w.bodies = nil
	return out
}

func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not JSON: %q", l)
		}
		out = append(out, m)
	}
	return out
}

// Consecutive runs against the same warehouse, as cron would start them.
func TestDetectRunOnLocalEngine(t *testing.T) {
	local := t.TempDir()
	dets := filepath.Join(t.TempDir(), "detections")
	writeFile(t, filepath.Join(dets, "big_spenders.sql"), cliDetection)
	hook := &webhookRecorder{}
	srv := httptest.NewServer(hook)
	defer srv.Close()
	findings := filepath.Join(t.TempDir(), "findings.jsonl")

	sql := func(q string) { flurry(t, nil, "", "sql", "--local-dir", local, "-q", q).ok(t) }
	sql("create database if not exists app")
	sql("create table app.public.events (host varchar, n number)")
	sql("insert into app.public.events values ('a', 10), ('b', 20), ('z', 1)")
	run := func(extra ...string) result {
		args := append([]string{"detect", "run", "--dir", dets, "--local-dir", local, "--ignore-schedule",
			"--format", "json", "--output", findings, "--webhook", srv.URL, "--webhook-format", "slack"}, extra...)
		return flurry(t, nil, "", args...)
	}

	r := run().ok(t)
	lines := jsonLines(t, r.stdout)
	if len(lines) != 2 || lines[0]["action"] != "added" || lines[0]["key"].(map[string]any)["HOST"] != "a" {
		t.Fatalf("first run: %s", r.stdout)
	}
	if b := hook.take(); len(b) != 1 || !strings.Contains(b[0], "2 new findings") {
		t.Fatalf("first run webhook: %q", b)
	}

	r = run().ok(t)
	if strings.TrimSpace(r.stdout) != "" || len(hook.take()) != 0 {
		t.Fatalf("second run over unchanged data alerted: %s", r.stdout)
	}

	sql("insert into app.public.events values ('c', 15), ('z', 1)")
	r = run("--fail-on", "high")
	if r.code != 2 || !strings.Contains(r.stderr, "new findings at severity high or higher") {
		t.Fatalf("run with a new high finding and --fail-on high: exit %d\n%s", r.code, r.stderr)
	}
	lines = jsonLines(t, r.stdout)
	if len(lines) != 1 || lines[0]["key"].(map[string]any)["HOST"] != "c" {
		t.Fatalf("third run: %s", r.stdout)
	}
	if b := hook.take(); len(b) != 1 || !strings.Contains(b[0], "HOST=c") || strings.Contains(b[0], "HOST=a") {
		t.Fatalf("third run webhook: %q", b)
	}
	data, err := os.ReadFile(findings)
	if err != nil || len(jsonLines(t, string(data))) != 3 {
		t.Fatalf("--output file holds %q (%v), want the 3 findings of the three runs", data, err)
	}

	// A failing detection is reported and fails the run; the good one still runs.
	writeFile(t, filepath.Join(dets, "broken.sql"), strings.NewReplacer("big_spenders", "broken", "app.public.events", "app.public.nope").Replace(cliDetection))
	sql("insert into app.public.events values ('d', 50)")
	r = run("--format", "table")
	if r.code != 1 || !strings.Contains(r.stderr, "1 detection failed") {
		t.Fatalf("run with a broken detection: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"broken        high      error", "[high] big_spenders  HOST=d", "Failed (1):", "broken.sql:6"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestDetectRunUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"detect", "run", "--fail-on", "severe"}, `--fail-on: unknown severity "severe"`},
		{[]string{"detect", "run", "--format", "xml"}, `--format "xml"`},
		{[]string{"detect", "run", "--id", "no_such_detection", "--local-dir", ":memory:"}, `no detection with id "no_such_detection"`},
		{[]string{"detect", "run", "--dir", "/nonexistent/dir"}, "--dir: "},
	} {
		r := flurry(t, nil, "", c.args...)
		if r.code != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
}

func TestDetectTestBroken(t *testing.T) {
	r := flurry(t, nil, "", "detect", "test", "--dir", brokenDetections)
	if r.code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		`FAIL typo_in_header.sql:3: unknown header field "severty"`,
		"FAIL s3_deletes_by_src_ip / 25 deletes from one address",
		"key column SRC_IP is not returned by the query",
		"1 unusable detection file",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestDetectTestBuiltinOne(t *testing.T) {
	r := flurry(t, nil, "", "detect", "test", "--tests", "../../testdata/detections", "--id", "apache_408_burst", "-v").ok(t)
	if !strings.Contains(r.stdout, "ok   apache_408_burst / 25 timeouts") || !strings.Contains(r.stdout, "2 cases, 2 passed, 0 failed") {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
}

// The lake built by `flurry migrate up`, a built-in detection, and the
// session defaulting to SECURITY_LAKE.PUBLIC: cron's view of flurry.
func TestDetectRunBuiltinOnMigratedLake(t *testing.T) {
	local := t.TempDir()
	flurry(t, nil, "", "migrate", "up", "--admin", "--local-dir", local, "--vars", "../../migrations/flurry.vars.example.yaml").ok(t)
	flurry(t, nil, "", "migrate", "up", "--local-dir", local, "--vars", "../../migrations/flurry.vars.example.yaml").ok(t)
	load := func(n int, host string) {
		var b strings.Builder
		for range n {
			b.WriteString(`insert into security_lake.public.logs (time, tag, record, _loaded_at) select dateadd(minute, -5, sysdate()), 's3.apache.access', parse_json('{"host":"` + host + `","user":null,"method":"GET","path":"/","code":408,"size":0,"referer":null,"agent":"curl/8.5.0"}'), current_timestamp();` + "\n")
		}
		flurry(t, nil, b.String(), "sql", "--local-dir", local, "-f", "-").ok(t)
	}
	run := func(extra ...string) (string, []map[string]any) {
		args := append([]string{"detect", "run", "--local-dir", local, "--id", "apache_408_burst", "--format", "json", "--settle", "0s"}, extra...)
		r := flurry(t, nil, "", args...).ok(t)
		return r.stderr, jsonLines(t, r.stdout)
	}
	load(25, "203.0.113.7")
	if _, got := run(); len(got) != 1 || got[0]["key"].(map[string]any)["HOST"] != "203.0.113.7" {
		t.Fatalf("first run: %v", got)
	}
	if _, got := run("--ignore-schedule"); len(got) != 0 {
		t.Fatalf("second run over unchanged data: %v", got)
	}
	load(20, "198.51.100.4")
	// The detection's schedule is 15m: a run right after the last one skips it.
	if _, got := run(); len(got) != 0 {
		t.Fatalf("run before the detection is due: %v", got)
	}
	if _, got := run("--ignore-schedule"); len(got) != 1 || got[0]["key"].(map[string]any)["HOST"] != "198.51.100.4" {
		t.Fatalf("third run: %v", got)
	}

	// --dry-run prints what would be sent and changes nothing.
	load(21, "198.51.100.9")
	if _, got := run("--ignore-schedule", "--dry-run"); len(got) != 1 || got[0]["key"].(map[string]any)["HOST"] != "198.51.100.9" {
		t.Fatalf("dry run: %v", got)
	}
	// --json: one summary document for cron and CI; the dry run wrote no
	// state, so the finding is new here.
	r := flurry(t, nil, "", "detect", "run", "--local-dir", local, "--id", "apache_408_burst", "--settle", "0s", "--ignore-schedule", "--json").ok(t)
	var sum struct {
		ExitCode    int `json:"exit_code"`
		NewFindings int `json:"new_findings"`
		Ran         int `json:"ran"`
		Results     []struct {
			ID          string `json:"id"`
			Status      string `json:"status"`
			LoadedUntil string `json:"loaded_until"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	if sum.ExitCode != 0 || sum.NewFindings != 1 || sum.Ran != 1 || len(sum.Results) != 1 || sum.Results[0].Status != "ok" || sum.Results[0].LoadedUntil == "" {
		t.Fatalf("--json summary: %s", r.stdout)
	}

	// A run while another holds the lock does nothing and exits 3.
	flurry(t, nil, "insert into flurry.public.detection_lock select 'detect', 'other host pid 1', 'tok', current_timestamp(), dateadd(hour, 1, current_timestamp())", "sql", "--local-dir", local, "-f", "-").ok(t)
	locked := flurry(t, nil, "", "detect", "run", "--local-dir", local, "--id", "apache_408_burst", "--ignore-schedule")
	if locked.code != 3 || !strings.Contains(locked.stderr, "holds the run lock") {
		t.Fatalf("run under a held lock: exit %d\n%s", locked.code, locked.stderr)
	}
}
