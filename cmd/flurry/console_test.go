//go:build cgo

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/flurry-dev/flurry/demo"
	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/migrations"
)

// chromium finds Debian's Chromium (apt-get install chromium) or another
// Chrome on PATH.
func chromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// startConsole runs `flurry console` in-process on a free port and returns
// the URL it printed; stop interrupts it.
func startConsole(t *testing.T, args ...string) (url string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	env := map[string]string{"HOME": t.TempDir()}
	go func() {
		done <- run(ctx, append([]string{"flurry", "console", "--addr", "127.0.0.1:0"}, args...),
			strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
	}()
	openRE := regexp.MustCompile(`open: (http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{32})\n`)
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if m := openRE.FindStringSubmatch(stdout.String()); m != nil {
			url = m[1]
			break
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("flurry console exited %d\nstdout:\n%s\nstderr:\n%s", code, stdout.String(), stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("flurry console printed no URL\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
	}
	return url, func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("flurry console exited %d after interrupt\nstderr:\n%s", code, stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("flurry console did not stop after interrupt")
		}
	}
}

// TestConsoleBrowser builds the demo lake, serves `flurry console` on it
// and reads the page in headless Chromium: every panel shows the demo's
// numbers, the planted attacks are among the findings, the filters work and
// the page logs no error.
func TestConsoleBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the demo pipeline and a browser")
	}
	browser := chromium()
	if browser == "" {
		t.Skip("Chromium not found (apt-get install -y chromium): the console's browser test needs it")
	}
	start := time.Now()
	dir := filepath.Join(t.TempDir(), "demo")
	rep, err := demo.Run(t.Context(), demo.Options{Dir: dir})
	if err != nil {
		t.Fatalf("demo: %v", err)
	}
	t.Logf("demo lake built in %s", time.Since(start).Round(time.Millisecond))
	url, stop := startConsole(t, "--local-dir", filepath.Join(dir, "engine"))
	defer stop()
	base := url[:strings.Index(url, "/?")]

	// Without the token nothing is served, and a foreign Host is refused.
	if resp, err := http.Get(base + "/api/findings"); err != nil {
		t.Error(err)
	} else if resp.Body.Close(); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("GET /api/findings without the token: %s", resp.Status)
	}

	ctx, cancel := chromedp.NewExecAllocator(t.Context(),
		chromedp.ExecPath(browser), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.WindowSize(1400, 1000))
	defer cancel()
	ctx, cancel = chromedp.NewContext(ctx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 90*time.Second)
	defer cancel()

	var (
		mu       sync.Mutex
		messages []string
	)
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() || m.Type == chromedp.ConsoleWarning {
				mu.Lock()
				messages = append(messages, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				mu.Unlock()
			}
		}
	}()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.body.dataset.ready === "1"`, chromedp.WithPollingTimeout(60*time.Second))); err != nil {
		t.Fatalf("the page did not finish loading: %v", err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href`))
	if err != nil || strings.Contains(loc, "token") {
		t.Errorf("the token stays in the address bar: %s (%v)", loc, err)
	}
	// Screenshots are the test's artefacts, in $FLURRY_ARTIFACTS if set.
	out := os.Getenv("FLURRY_ARTIFACTS")
	if out == "" {
		out = t.TempDir()
	}
	screenshot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(out, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d KB)", filepath.Join(out, name), len(png)/1024)
	}
	eval := func(expr string, v any) {
		t.Helper()
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[[]byte](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		if err := json.Unmarshal(raw, v); err != nil {
			t.Fatalf("%s = %s: %v", expr, raw, err)
		}
	}

	// No query of any panel failed.
	var errs []string
	eval(`[...document.querySelectorAll(".result .error")].map(e => e.closest(".result").id + ": " + e.textContent)`, &errs)
	for _, e := range errs {
		t.Errorf("panel error: %s", e)
	}

	// Ingestion: rows per table, as the demo counted them.
	var rows map[string]string
	eval(`Object.fromEntries([...document.querySelectorAll("#t-tables tbody tr")].map(tr => [tr.dataset.key, tr.querySelector("[data-col=ROW_COUNT]").textContent]))`, &rows)
	final := rep.Phases[len(rep.Phases)-1]
	for _, tb := range final.Tables {
		if tb.Table == "VPC_FLOW_VIEW" {
			if _, ok := rows[tb.Table]; !ok {
				t.Errorf("the view %s is not listed", tb.Table)
			}
			continue // views have no ROW_COUNT in INFORMATION_SCHEMA.TABLES
		}
		if rows[tb.Table] != strconv.FormatInt(tb.Rows, 10) {
			t.Errorf("rows of %s: page says %q, the demo counted %d", tb.Table, rows[tb.Table], tb.Rows)
		}
	}
	// Every source has rows in the hourly heatmap, no more than its table.
	var volume map[string]int64
	eval(`Object.fromEntries([...document.querySelectorAll("#volume-heatmap g[data-source]")].map(g => [g.dataset.source, Number(g.dataset.total)]))`, &volume)
	tableRows := map[string]int64{}
	for _, tb := range final.Tables {
		tableRows[tb.Table] = tb.Rows
	}
	for source, table := range map[string]string{"apache": "LOGS", "go-audit": "GO_AUDIT", "teleport": "PARSEJSON_RAW",
		"s3-access-logs": "S3_ACCESS_LOGS", "vpc-flow-logs": "VPC_FLOW"} {
		if n := volume[source]; n <= 0 || n > tableRows[table] {
			t.Errorf("heatmap row of %s: %d rows, its table holds %d", source, n, tableRows[table])
		}
	}
	// Files loaded per table (COPY_HISTORY), as the demo's pipe reports
	// say, and none failed.
	wantFiles := map[string]int{}
	for _, p := range append(slices.Clone(final.Pipes), *final.TableStage) {
		wantFiles[p.Table] += p.FilesLoaded
	}
	var loads []struct{ Table, Loaded, Partly, Failed string }
	eval(`[...document.querySelectorAll("#t-copy_summary tbody tr")].map(tr => ({Table: tr.dataset.key, Loaded: tr.querySelector("[data-col=FILES_LOADED]").textContent, Partly: tr.querySelector("[data-col=FILES_PARTIALLY_LOADED]").textContent, Failed: tr.querySelector("[data-col=FILES_FAILED]").textContent}))`, &loads)
	gotFiles := map[string]int{}
	for _, l := range loads {
		n, _ := strconv.Atoi(l.Loaded)
		gotFiles[l.Table] += n
		if l.Failed != "0" || l.Partly != "0" {
			t.Errorf("%s: %s files failed, %s partly loaded", l.Table, l.Failed, l.Partly)
		}
	}
	for table, n := range wantFiles {
		if n > 0 && gotFiles[table] != n {
			t.Errorf("files loaded into %s: page says %d, the demo's pipes loaded %d", table, gotFiles[table], n)
		}
	}
	var pipes []string
	eval(`[...document.querySelectorAll("#t-pipe_status tbody tr")].map(tr => tr.dataset.key)`, &pipes)
	if len(pipes) != 5 {
		t.Errorf("pipe status rows: %v, want the lake's 5 pipes", pipes)
	}

	// Findings: every planted attack's expected findings are listed.
	type finding struct {
		Detection, Severity, Key, KeyJSON string
		Hidden                            bool
	}
	readFindings := func() []finding {
		var fs []finding
		eval(`[...document.querySelectorAll("#findings-table tbody tr")].map(tr => ({Detection: tr.dataset.detection, Severity: tr.dataset.severity, Key: tr.dataset.key, KeyJSON: tr.dataset.keyjson, Hidden: tr.hidden}))`, &fs)
		return fs
	}
	findings := readFindings()
	dets, err := detections.Load(detections.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	keyCols := map[string][]string{}
	sev := map[string]string{}
	for _, d := range dets {
		keyCols[d.ID], sev[d.ID] = d.Key, d.Severity.String()
	}
	// DETECTION_STATE keeps a key as a JSON array of the values of the
	// detection's key columns, in the header's order.
	matches := func(f finding, e demo.Expected) bool {
		if f.Detection != e.Detection {
			return false
		}
		var vals []any
		dec := json.NewDecoder(strings.NewReader(f.KeyJSON))
		dec.UseNumber()
		if err := dec.Decode(&vals); err != nil || len(vals) != len(keyCols[f.Detection]) {
			t.Fatalf("key of %s: %q (%v), key columns %v", f.Detection, f.KeyJSON, err, keyCols[f.Detection])
		}
		for col, want := range e.Key {
			i := slices.IndexFunc(keyCols[f.Detection], func(c string) bool { return strings.EqualFold(c, col) })
			if i < 0 || fmt.Sprint(vals[i]) != want {
				return false
			}
		}
		return true
	}
	if len(rep.Attacks) != 14 {
		t.Fatalf("the demo planted %d attacks, want 14", len(rep.Attacks))
	}
	for _, a := range rep.Attacks {
		for _, e := range a.Expect {
			if !slices.ContainsFunc(findings, func(f finding) bool { return matches(f, e) }) {
				t.Errorf("attack %s: no finding %s on the page", a.ID, e)
			}
		}
	}

	// Filters: by severity (goaudit_webserver_shell is critical and the web
	// shell attack makes two findings), by key text, by detection.
	setSelect := func(id, value string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](fmt.Sprintf(
			`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event("change")); })()`, id, value))); err != nil {
			t.Fatal(err)
		}
	}
	setSelect("filter-severity", "critical")
	visible := 0
	for _, f := range readFindings() {
		if f.Hidden {
			continue
		}
		visible++
		if f.Severity != "critical" || sev[f.Detection] != "critical" {
			t.Errorf("severity filter critical shows %s (%s)", f.Detection, f.Severity)
		}
	}
	shells := 0
	for _, f := range findings {
		if f.Detection == "goaudit_webserver_shell" {
			shells++
		}
	}
	if visible < 2 || shells != 2 {
		t.Errorf("severity filter critical: %d rows shown, %d web shell findings (want 2)", visible, shells)
	}
	setSelect("filter-severity", "")
	const scanner = "203.0.113.77" // the demo's vulnerability scanner
	if err := chromedp.Do(ctx, chromedp.SendKeys(chromedp.ID("filter-key"), scanner)); err != nil {
		t.Fatal(err)
	}
	visible = 0
	for _, f := range readFindings() {
		if !f.Hidden {
			visible++
			if !strings.Contains(f.Key, scanner) {
				t.Errorf("key filter %s shows %s %s", scanner, f.Detection, f.Key)
			}
		}
	}
	if visible == 0 {
		t.Errorf("key filter %s shows nothing", scanner)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](
		`(() => { const k = document.getElementById("filter-key"); k.value = ""; k.dispatchEvent(new Event("input")); })()`)); err != nil {
		t.Fatal(err)
	}
	setSelect("filter-detection", "vpc_port_scan")
	var shown string
	eval(`document.getElementById("findings-shown").textContent`, &shown)
	if !strings.HasPrefix(shown, "1 of ") {
		t.Errorf("detection filter vpc_port_scan: %q, want the one port scan", shown)
	}
	// A finding's detail: its row and the command that shows it.
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#findings-table tr[data-detection="vpc_port_scan"]`))); err != nil {
		t.Fatal(err)
	}
	var detail struct{ Row, Reproduce string }
	eval(`({Row: document.getElementById("finding-row").textContent, Reproduce: document.getElementById("finding-reproduce").textContent})`, &detail)
	if !strings.Contains(detail.Row, "SRCADDR") || !strings.HasPrefix(detail.Reproduce, "flurry sql --local-dir ") {
		t.Errorf("finding detail: %+v", detail)
	}
	setSelect("filter-detection", "")
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`document.getElementById("findings").scrollIntoView()`)); err != nil {
		t.Fatal(err)
	}
	screenshot("console-findings.png")

	// Detections: the latest run of every detection the demo ran, all ok;
	// the demo's two runs (baseline, attack).
	var last []struct{ ID, Status string }
	eval(`[...document.querySelectorAll("#t-last_runs tbody tr")].map(tr => ({ID: tr.dataset.key, Status: tr.querySelector("[data-col=STATUS]").textContent}))`, &last)
	if len(last) != len(final.Detections) {
		t.Errorf("%d detections on the page, the demo ran %d", len(last), len(final.Detections))
	}
	for _, d := range last {
		if d.Status != "ok" {
			t.Errorf("detection %s: %s", d.ID, d.Status)
		}
	}
	var runs int
	eval(`document.querySelectorAll("#t-run_history tbody tr").length`, &runs)
	if runs != len(rep.Phases) {
		t.Errorf("%d runs on the page, the demo ran detections %d times", runs, len(rep.Phases))
	}

	// Migrations: every lake script applied (the demo's variables are found
	// next to its engine directory).
	scripts, _ := fs.Glob(migrations.Lake(), "*.sql")
	var states []string
	eval(`[...document.querySelectorAll("#t-status_security_lake tbody tr")].map(tr => tr.querySelector("[data-col=STATE]").textContent)`, &states)
	if len(states) != len(scripts) {
		t.Errorf("migration status lists %d scripts, the lake has %d", len(states), len(scripts))
	}
	for i, s := range states {
		if s != "applied" {
			t.Errorf("lake migration %d: %s", i, s)
		}
	}

	// The screenshot, at the top of the page.
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`)); err != nil {
		t.Fatal(err)
	}
	screenshot("console.png")
	t.Logf("whole test %s", time.Since(start).Round(time.Millisecond))

	mu.Lock()
	defer mu.Unlock()
	for _, m := range messages {
		t.Errorf("browser console: %s", m)
	}
}

// The console refuses to listen beyond loopback and checks its flags before
// it opens the target.
func TestConsoleRefusesBadFlags(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--addr", "0.0.0.0:8780"}, "only loopback addresses"},
		{[]string{"--addr", ":8780"}, "only loopback addresses"},
		{[]string{"--addr", "127.0.0.1:0", "--lake", "SECURITY_LAKE"}, "want DATABASE.SCHEMA"},
		{[]string{"--addr", "127.0.0.1:0", "--detections-dir", filepath.Join(t.TempDir(), "missing")}, "--detections-dir"},
		{[]string{"extra"}, `unexpected argument "extra"`},
	} {
		r := flurry(t, nil, "", append([]string{"console", "--local-dir", t.TempDir()}, c.args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("flurry console %v: exit %d, stderr %q, want %q", c.args, r.code, r.stderr, c.want)
		}
	}
}
