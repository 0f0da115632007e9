package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/detections"
)

const (
	sigmaRules          = "../../testdata/sigma/rules"
	sigmaGeneratorRules = "../../testdata/sigma/generator"
)

func TestDetectSigmaCheck(t *testing.T) {
	r := flurry(t, nil, "", "detect", "sigma", "check", sigmaRules)
	if r.code != 1 {
		t.Fatalf("check with an unmapped field: exit %d, want 1\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{
		"compiled     " + filepath.Join(sigmaRules, "lnx_auditd_binary_padding.yml") + " -> sigma_binary_padding_linux_c52a914f.sql",
		"compiled     " + filepath.Join(sigmaRules, "web_f5_tm_utility_bash_api_request.yml"),
		"unsupported  " + filepath.Join(sigmaRules, "flurry_test_unsupported_lookahead.yml") + ": search selection (line 10): cs-uri-query|re (line 10): unsupported construct: regular expression lookahead (?!",
		`error        ` + filepath.Join(sigmaRules, "flurry_test_unmapped_field.yml") + `: search selection (line 10): cs-cookie|contains (line 10): field "cs-cookie" is not mapped`,
		"unsupported  " + filepath.Join(sigmaRules, "flurry_test_proxy.yml") + ": unsupported construct: log source {category: proxy} (no mapping",
		"5 rules: 2 compiled, 2 unsupported, 1 errors",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, r.stdout)
		}
	}
	// A user's mapping file serves its log source.
	r = flurry(t, nil, "", "detect", "sigma", "check", "--mappings", "../../testdata/sigma/mappings",
		filepath.Join(sigmaRules, "flurry_test_proxy.yml")).ok(t)
	if !strings.Contains(r.stdout, "1 rules: 1 compiled") {
		t.Errorf("check with --mappings:\n%s", r.stdout)
	}
}

func TestDetectSigmaImport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "detections")
	rules := []string{filepath.Join(sigmaRules, "lnx_auditd_binary_padding.yml"), filepath.Join(sigmaRules, "web_f5_tm_utility_bash_api_request.yml")}
	flurry(t, nil, "", append([]string{"detect", "sigma", "import", "--out", out}, rules...)...).ok(t)
	text, err := os.ReadFile(filepath.Join(out, "sigma_f5_big_ip_icontrol_rest_api_command_execution_webserver_85254a62.sql"))
	if err != nil {
		t.Fatal(err)
	}
	// Attribution and metadata the Detection Rule License and the rule ask for.
	for _, want := range []string{
		"-- title: F5 BIG-IP iControl Rest API Command Execution - Webserver",
		"-- severity: medium",
		"-- mitre: [T1190]",
		"85254a62-22be-4239-b79c-2ec17e566c37",
		"Detection Rule License 1.1, SigmaHQ",
		"Nasreddine Bencherchali (Nextron Systems), Thurein Oo",
		"https://community.f5.com/t5/technical-forum/running-bash-commands-via-rest-api/td-p/272516",
		"Legitimate usage of the BIG IP REST API",
		"from logs",
	} {
		if !strings.Contains(string(text), want) {
			t.Errorf("imported detection lacks %q:\n%s", want, text)
		}
	}
	// Each gets its generated test file where detect test looks.
	for _, id := range []string{"sigma_f5_big_ip_icontrol_rest_api_command_execution_webserver_85254a62", "sigma_binary_padding_linux_c52a914f"} {
		tf, err := detections.ReadTestFile(os.DirFS(filepath.Join(out, "testdata")), id+".yaml", time.Now())
		if err != nil {
			t.Errorf("generated test file: %v", err)
			continue
		}
		if len(tf.Cases) < 2 || len(tf.Cases[0].Expect) != 1 {
			t.Errorf("%s: want a positive and negative cases, got %+v", id, tf.Cases)
		}
	}
	flurry(t, nil, "", "detect", "lint", "--dir", out, "--no-engine").ok(t)
	if r := flurry(t, nil, "", append([]string{"detect", "sigma", "import", "--out", out}, rules...)...); r.code != 1 || !strings.Contains(r.stdout, "exists (use --force to overwrite)") {
		t.Errorf("import over existing files: exit %d\n%s", r.code, r.stdout)
	}
	flurry(t, nil, "", append([]string{"detect", "sigma", "import", "--force", "--out", out}, rules...)...).ok(t)
}

// sigmaCorpusDir is the SigmaHQ rule set of the project's test material.
func sigmaCorpusDir(t *testing.T) string {
	t.Helper()
	for _, c := range []string{os.Getenv("FLURRY_SIGMA_RULES"), "../../../shared/sigma"} {
		if st, err := os.Stat(c); c != "" && err == nil && st.IsDir() {
			return c
		}
	}
	t.Skip("SigmaHQ rules not found (set FLURRY_SIGMA_RULES)")
	return ""
}

// TestSigmaImportCorpusTestCases imports the whole corpus into a temporary
// directory and proves every generated test case against the compiled SQL
// on the local engine: each positive row is found, each negative row is
// not. `flurry detect test` gives every case a fresh engine; with ~330
// cases that is minutes, so this test loads every case's rows into one
// engine and checks each detection on the rows of its own cases only (rows
// carry distinct client addresses or audit sequence numbers, derived from
// the rule id). TestSigmaImportDetectTest runs the real `detect test` on a
// few of the same files.
func TestSigmaImportCorpusTestCases(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	corpus := sigmaCorpusDir(t)
	out := filepath.Join(t.TempDir(), "detections")
	start := time.Now()
	// The corpus, and flurry's rules exercising each modifier the
	// generator honours (testdata/sigma/generator).
	r := flurry(t, nil, "", "detect", "sigma", "import", "--out", out, corpus, sigmaGeneratorRules)
	t.Logf("import: %v", time.Since(start))
	// The two rules naming fields Apache does not log are per-rule errors.
	if r.code != 1 || !strings.Contains(r.stdout, "124 rules: 122 compiled, 0 unsupported, 2 errors") {
		t.Fatalf("import: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Every compiled rule gets test cases, but the one relating two fields
	// (fieldref), which the generator names.
	if !strings.Contains(r.stdout, "test cases generated for 121 detections, not for 1") ||
		!strings.Contains(r.stdout, "gen_fieldref.yml: no fixture generated: fieldref") {
		t.Errorf("import did not generate test cases for every compiled rule:\n%s", r.stdout)
	}
	dets, err := detections.Load(os.DirFS(out))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	withTests := dets[:0]
	for _, d := range dets {
		if d.ID != "sigma_generator_fieldref_0f000001" {
			withTests = append(withTests, d)
		}
	}
	dets = withTests
	type rowCase struct {
		det    *detections.Detection
		c      detections.Case
		idCol  string
		ids    map[string]bool // identities of the case's rows
		expect map[string]bool // identities the detection must return
	}
	var cases []*rowCase
	fixtures := map[string][]string{}
	seen := map[string]string{}
	for _, d := range dets {
		tf, err := detections.ReadTestFile(os.DirFS(filepath.Join(out, "testdata")), d.ID+".yaml", now)
		if err != nil {
			t.Errorf("%s: %v", d.ID, err)
			continue
		}
		var pos, neg int
		for _, c := range tf.Cases {
			rc := &rowCase{det: d, c: c, ids: map[string]bool{}, expect: map[string]bool{}}
			for table, text := range c.Fixtures {
				fixtures[table] = append(fixtures[table], strings.TrimRight(text, "\n"))
				for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
					col, id := fixtureIdentity(t, table, line)
					rc.idCol = col
					if prev, dup := seen[id]; dup {
						t.Fatalf("%s and %s share the row identity %s %s", prev, d.ID, col, id)
					}
					seen[id] = d.ID
					rc.ids[id] = true
				}
			}
			for _, e := range c.Expect {
				rc.expect[fmt.Sprint(e[rc.idCol])] = true
			}
			if len(c.Expect) > 0 {
				pos++
			} else {
				neg++
			}
			cases = append(cases, rc)
		}
		if pos == 0 || neg == 0 {
			t.Errorf("%s: %d positive and %d negative cases, want both", d.ID, pos, neg)
		}
	}

	vars, err := detections.LocalLakeVars("", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	lake := &detections.LakeTemplate{Vars: vars}
	t.Cleanup(func() { lake.Close() })
	ctx := context.Background()
	db, closeDB, err := lake.Fresh(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	if _, err := db.ExecContext(ctx, "use schema security_lake.public"); err != nil {
		t.Fatal(err)
	}
	t.Logf("engine up: %v", time.Since(start))
	for table, texts := range fixtures {
		if err := detections.LoadFixture(ctx, db, table, strings.Join(texts, "\n")); err != nil {
			t.Fatalf("load %s: %v", table, err)
		}
	}
	t.Logf("fixtures loaded: %v", time.Since(start))
	results := map[*detections.Detection]map[string]bool{}
	for _, rc := range cases {
		d := rc.det
		if results[d] == nil {
			// The harness's window: back over the lookback, to just after the load.
			lookback := d.Lookback
			if lookback == 0 {
				lookback = d.Schedule
			}
			q, err := detections.BindWindow(d.SQL, detections.Window{After: now.Add(-lookback), Until: time.Now().Add(time.Minute)})
			if err != nil {
				t.Fatalf("%s: %v", d.ID, err)
			}
			rs, err := detections.Query(ctx, db, q)
			if err != nil {
				t.Errorf("%s: %v", d.ID, err)
				results[d] = map[string]bool{}
				continue
			}
			found := map[string]bool{}
			for _, row := range rs.Rows {
				for c, v := range row {
					if strings.EqualFold(c, rc.idCol) {
						found[fmt.Sprint(v)] = true
					}
				}
			}
			results[d] = found
		}
		for id := range rc.ids {
			if got, want := results[d][id], rc.expect[id]; got != want {
				t.Errorf("%s / %s: row %s %s found=%v, want %v\n%s", d.ID, rc.c.Name, rc.idCol, id, got, want, rc.c.Fixtures)
			}
		}
	}
	t.Logf("%d detections, %d generated cases checked on one engine", len(dets), len(cases))
}

// fixtureIdentity reads the identity the generator gave a fixture row: the
// client address of an Apache record, the sequence of a go-audit line.
func fixtureIdentity(t *testing.T, table, line string) (col, id string) {
	t.Helper()
	var rec struct {
		Host     string      `json:"host"`
		Sequence json.Number `json:"sequence"`
	}
	switch table {
	case "logs":
		parts := strings.SplitN(line, "\t", 3)
		if len(parts) != 3 || json.Unmarshal([]byte(parts[2]), &rec) != nil {
			t.Fatalf("logs fixture line %q", line)
		}
		return "client_ip", rec.Host
	case "go_audit":
		if json.Unmarshal([]byte(line), &rec) != nil {
			t.Fatalf("go_audit fixture line %q", line)
		}
		return "sequence", rec.Sequence.String()
	}
	t.Fatalf("generated fixture for table %s", table)
	return "", ""
}

// TestSigmaImportDetectTest runs `flurry detect test` itself (a fresh
// engine per case) on generated test files of three imported rules: a web
// rule, an auditd rule with a filter, and one with a regular expression.
func TestSigmaImportDetectTest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	corpus := sigmaCorpusDir(t)
	out := filepath.Join(t.TempDir(), "detections")
	var rules []string
	for _, p := range []string{
		"rules/web/webserver_generic/web_xss_in_access_logs.yml",
		"rules/linux/auditd/execve/lnx_auditd_binary_padding.yml",
		"rules/linux/auditd/execve/lnx_auditd_hidden_files_directories.yml",
	} {
		rules = append(rules, filepath.Join(corpus, p))
	}
	r := flurry(t, nil, "", append([]string{"detect", "sigma", "import", "--out", out}, rules...)...).ok(t)
	if !strings.Contains(r.stdout, "test cases generated for 3 detections, not for 0") {
		t.Fatalf("import:\n%s", r.stdout)
	}
	r = flurry(t, nil, "", "detect", "test", "--dir", out)
	if r.code != 0 {
		t.Fatalf("detect test: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	t.Log(r.stdout)
}
