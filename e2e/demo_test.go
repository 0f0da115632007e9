// Package e2e tests flurry as users run it: the flurry binary, built from
// this checkout, run as a separate process.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

var (
	buildOnce sync.Once
	binDir    string
	bin       string
	buildErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// buildFlurry builds the flurry command from this checkout, once.
func buildFlurry(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		if binDir, buildErr = os.MkdirTemp("", "flurry-e2e-"); buildErr != nil {
			return
		}
		bin = filepath.Join(binDir, "flurry")
		if runtime.GOOS == "windows" {
			bin += ".exe"
		}
		cmd := exec.Command(goTool, "build", "-o", bin, "github.com/flurry-dev/flurry/cmd/flurry")
		cmd.Dir = ".." // the module root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build ./cmd/flurry: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return bin
}

type result struct {
	stdout, stderr string
	code           int
}

func flurry(t *testing.T, bin string, env []string, args ...string) result {
	t.Helper()
	// The demo takes about 20 s on a quiet laptop but minutes on a loaded
	// 2-core CI machine; 10 minutes still ends a hung pipeline well inside
	// the suite's 15-minute budget.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.String(), stderr: stderr.String()}
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("flurry %s: %v", strings.Join(args, " "), err)
		}
		r.code = ee.ExitCode()
	}
	return r
}

// The report's JSON, as a consumer of `flurry demo --json` reads it.
type report struct {
	OK        bool              `json:"ok"`
	Failures  []string          `json:"failures"`
	EngineDir string            `json:"engine_dir"`
	StageMap  map[string]string `json:"stage_map"`
	Explore   []string          `json:"explore"`
	Phases    []struct {
		Name    string `json:"name"`
		Sources []struct {
			Source  string `json:"source"`
			Written int64  `json:"written"`
			Objects int64  `json:"objects"`
		} `json:"sources"`
		Tables []struct {
			Table    string `json:"table"`
			Rows     int64  `json:"rows"`
			Expected int64  `json:"expected"`
		} `json:"tables"`
		Detections []struct {
			ID     string `json:"id"`
			Status string `json:"status"`
			Rows   int    `json:"rows"`
			Alerts []struct {
				Detection string         `json:"detection"`
				Key       map[string]any `json:"key"`
				Attack    string         `json:"attack"`
			} `json:"alerts"`
		} `json:"detections"`
	} `json:"phases"`
	Attacks []struct {
		ID     string `json:"id"`
		Found  int    `json:"found"`
		Expect []struct {
			Detection string            `json:"detection"`
			Key       map[string]string `json:"key"`
		} `json:"expect"`
		Missing []any `json:"missing"`
	} `json:"attacks"`
	Unexpected []any `json:"unexpected"`
}

// What the planted attacks must make each detection report in the attack
// run, written down independently of the generator: every alerting
// detection but the volume spike (clock-hour based, not planted) fires.
var wantAlerts = map[string]int{
	"lake_parse_errors":              0, // the demo fails if flurry ship cannot parse a line
	"apache_408_burst":               1,
	"apache_5xx_burst":               1,
	"apache_client_errors_by_ip":     1,
	"apache_scanner_paths":           1,
	"apache_top_source_ips":          1, // the scanner enters the top ten clients
	"goaudit_webserver_shell":        2,
	"s3_access_denied":               1,
	"s3_anonymous_requests":          4,
	"s3_mass_delete_new_ip":          1,
	"s3_protected_object_deleted":    1,
	"s3_traffic_by_ip":               1, // the backup thief enters the top ten by bytes
	"teleport_failed_db_queries":     1,
	"teleport_failed_events":         15,
	"teleport_failed_sessions":       1,
	"teleport_login_bruteforce":      1,
	"vpc_admin_ports_from_internet":  1,
	"vpc_port_scan":                  1,
	"apache_request_volume_spike":    0,
	"s3_requests_by_ip":              0,
	"vpc_top_talkers_by_destination": 0,
	"vpc_top_talkers_by_eni":         0,
	"vpc_top_talkers_by_source":      0,
}

// The baseline over the benign week: only the rankings return rows.
var wantBaselineRows = map[string]int{
	"apache_top_source_ips":          10,
	"s3_requests_by_ip":              10,
	"s3_traffic_by_ip":               10,
	"vpc_top_talkers_by_destination": 10,
	"vpc_top_talkers_by_source":      10,
	"vpc_top_talkers_by_eni":         6,
}

func keyText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return fmt.Sprint(x)
	case json.Number:
		return x.String()
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func lookup(key map[string]any, col string) (string, bool) {
	for c, v := range key {
		if strings.EqualFold(c, col) {
			return keyText(v), true
		}
	}
	return "", false
}

// TestDemo runs `flurry demo` as a user would and checks that the planted
// attacks, and nothing else, are found; that every line the generator wrote
// is a row in the lake; and that the lake outlives the demo: flurry sql and
// flurry detect run work on it afterwards.
func TestDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds flurry and runs the whole pipeline")
	}
	t.Parallel()
	bin := buildFlurry(t)
	dir := filepath.Join(t.TempDir(), "demo")

	start := time.Now()
	res := flurry(t, bin, nil, "demo", "--dir", dir, "--json")
	t.Logf("flurry demo took %s", time.Since(start).Round(time.Millisecond))
	var rep report
	dec := json.NewDecoder(strings.NewReader(res.stdout))
	dec.UseNumber()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("flurry demo --json: exit %d, stdout is not a JSON report: %v\nstdout:\n%s\nstderr:\n%s", res.code, err, res.stdout, res.stderr)
	}
	if res.code != 0 || !rep.OK || len(rep.Failures) > 0 {
		t.Fatalf("flurry demo: exit %d, ok=%v, failures:\n%s\nstderr:\n%s", res.code, rep.OK, strings.Join(rep.Failures, "\n"), res.stderr)
	}
	if len(rep.Phases) != 2 || rep.Phases[0].Name != "history" || rep.Phases[1].Name != "attack" {
		t.Fatalf("phases: %+v", rep.Phases)
	}

	// The baseline: detections ran cleanly; benign traffic made only the
	// rankings return rows.
	for _, d := range rep.Phases[0].Detections {
		if d.Status != "ok" {
			t.Errorf("baseline: %s %s", d.ID, d.Status)
		}
		if d.Rows != wantBaselineRows[d.ID] {
			t.Errorf("baseline: %s returned %d rows, want %d", d.ID, d.Rows, wantBaselineRows[d.ID])
		}
		if len(d.Alerts) != 0 {
			t.Errorf("baseline: %s alerted %d times", d.ID, len(d.Alerts))
		}
	}

	// The attack run: exactly the planted attacks.
	type alert struct {
		detection string
		key       map[string]any
	}
	var alerts []alert
	got := map[string]int{}
	for _, d := range rep.Phases[1].Detections {
		if d.Status != "ok" {
			t.Errorf("attack run: %s %s", d.ID, d.Status)
		}
		got[d.ID] = len(d.Alerts)
		for _, a := range d.Alerts {
			alerts = append(alerts, alert{d.ID, a.Key})
		}
	}
	if len(got) != len(wantAlerts) {
		t.Errorf("%d detections ran, want %d", len(got), len(wantAlerts))
	}
	for id, n := range wantAlerts {
		if got[id] != n {
			t.Errorf("%s: %d new findings, want %d", id, got[id], n)
		}
	}
	// Pair every expected finding of every attack with one alert whose key
	// has the expected values; nothing may be left over on either side.
	used := make([]bool, len(alerts))
	attacks := 0
	for _, a := range rep.Attacks {
		attacks++
		if len(a.Expect) == 0 || a.Found != len(a.Expect) || len(a.Missing) != 0 {
			t.Errorf("attack %s: found %d of %d expected findings", a.ID, a.Found, len(a.Expect))
		}
		for _, e := range a.Expect {
			ok := false
			for i, al := range alerts {
				if used[i] || al.detection != e.Detection {
					continue
				}
				match := len(e.Key) > 0
				for c, want := range e.Key {
					if v, found := lookup(al.key, c); !found || v != want {
						match = false
					}
				}
				if match {
					used[i], ok = true, true
					break
				}
			}
			if !ok {
				t.Errorf("attack %s: no alert of %s with key %v", a.ID, e.Detection, e.Key)
			}
		}
	}
	for i, al := range alerts {
		if !used[i] {
			t.Errorf("alert no planted attack explains: %s %v", al.detection, al.key)
		}
	}
	if attacks != 14 || len(rep.Unexpected) != 0 {
		t.Errorf("%d attacks, %d unexpected findings; want 14 and 0", attacks, len(rep.Unexpected))
	}

	// Row counts: every line on the hosts and in the buckets is a row.
	final := rep.Phases[1]
	rows := map[string]int64{}
	for _, tb := range final.Tables {
		rows[tb.Table] = tb.Rows
		if tb.Rows != tb.Expected {
			t.Errorf("%s: %d rows, generator wrote %d", tb.Table, tb.Rows, tb.Expected)
		}
	}
	countLines := func(paths ...string) int64 {
		var n int64
		for _, p := range paths {
			f, err := os.Open(p)
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(f)
			sc.Buffer(make([]byte, 1<<20), 1<<20)
			for sc.Scan() {
				if sc.Text() != "" {
					n++
				}
			}
			f.Close()
		}
		return n
	}
	s3Objects, _ := filepath.Glob(filepath.Join(dir, "buckets", "flurry-demo-s3-access-logs", "s3-access-logs", "*"))
	for table, lines := range map[string]int64{
		"LOGS":                   countLines(filepath.Join(dir, "hosts", "web-1", "var", "log", "httpd", "access_log")),
		"GO_AUDIT":               countLines(filepath.Join(dir, "hosts", "web-1", "var", "log", "go-audit", "go-audit.log")),
		"PARSEJSON_RAW":          countLines(filepath.Join(dir, "hosts", "teleport-1", "var", "lib", "teleport", "log", "events.log")),
		"S3_ACCESS_LOGS_STAGING": countLines(s3Objects...),
		"S3_ACCESS_LOGS":         countLines(s3Objects...),
	} {
		if lines == 0 || rows[table] != lines {
			t.Errorf("%s: %d rows in the lake, %d lines written", table, rows[table], lines)
		}
	}
	if rows["VPC_FLOW"] == 0 || rows["VPC_FLOW_VIEW"] != rows["VPC_FLOW"] {
		t.Errorf("VPC_FLOW %d rows, VPC_FLOW_VIEW %d", rows["VPC_FLOW"], rows["VPC_FLOW_VIEW"])
	}

	// The lake persists: flurry sql reads the same counts.
	engine := filepath.Join(dir, "engine")
	for table, n := range rows {
		r := flurry(t, bin, nil, "sql", "--local-dir", engine, "--format", "json", "-q", "select count(*) as n from security_lake.public."+table)
		if r.code != 0 {
			t.Fatalf("flurry sql: exit %d\n%s", r.code, r.stderr)
		}
		var v struct{ N int64 }
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v.N != n {
			t.Errorf("flurry sql count(*) of %s = %q (%v), report says %d", table, r.stdout, err, n)
		}
	}
	// ... and lists the stages once the buckets are mapped again.
	var entries []string
	for from, to := range rep.StageMap {
		entries = append(entries, from+"="+to)
	}
	slices.Sort(entries)
	r := flurry(t, bin, []string{"FLURRY_LOCAL_STAGE_MAP=" + strings.Join(entries, ",")},
		"sql", "--local-dir", engine, "--format", "csv", "-q", "list @security_lake.public.vpc_flow_stage")
	var objects int64
	for _, p := range rep.Phases {
		for _, s := range p.Sources {
			if s.Source == "vpc-flow-logs" {
				objects += s.Objects
			}
		}
	}
	if listed := int64(strings.Count(r.stdout, ".log.parquet")); r.code != 0 || listed != objects || objects == 0 {
		t.Errorf("list @vpc_flow_stage: exit %d, %d parquet objects listed, %d delivered\n%s", r.code, listed, objects, r.stderr)
	}

	// The commands the demo suggests work as printed (flurry on PATH). The
	// console serves until interrupted; its own test drives it in a browser.
	if len(rep.Explore) == 0 {
		t.Error("the demo suggests no commands to explore the lake")
	}
	for _, c := range rep.Explore {
		if strings.HasPrefix(c, "flurry console ") {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		cmd := exec.CommandContext(ctx, "sh", "-c", c)
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		cancel()
		if err != nil {
			t.Errorf("suggested command %s: %v\n%s", c, err, out)
		}
	}

	// The detections' state is in the lake: running them again through
	// flurry detect run reports nothing new.
	r = flurry(t, bin, nil, "detect", "run", "--local-dir", engine, "--all", "--format", "json")
	if r.code != 0 || strings.Contains(r.stdout, `"action":"added"`) {
		t.Errorf("flurry detect run after the demo: exit %d, stdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "new_findings=0") {
		t.Errorf("flurry detect run after the demo: %s", r.stderr)
	}
}

// flurry demo refuses to wipe a directory it did not create.
func TestDemoRefusesForeignDir(t *testing.T) {
	if testing.Short() {
		t.Skip("builds flurry")
	}
	t.Parallel()
	bin := buildFlurry(t)
	dir := t.TempDir()
	precious := filepath.Join(dir, "precious.txt")
	if err := os.WriteFile(precious, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := flurry(t, bin, nil, "demo", "--dir", dir)
	if r.code == 0 || !strings.Contains(r.stdout+r.stderr, "not created by flurry demo") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	if _, err := os.Stat(precious); err != nil {
		t.Fatalf("the demo removed a file it did not create: %v", err)
	}
}
