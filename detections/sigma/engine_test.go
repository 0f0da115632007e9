package sigma

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/shipper/parse"
)

// convertCorpus converts every corpus rule that compiles into an in-memory
// detections directory.
func convertCorpus(t *testing.T) fstest.MapFS {
	t.Helper()
	ms, err := BuiltinMappings()
	if err != nil {
		t.Fatal(err)
	}
	out := fstest.MapFS{}
	for _, f := range sigmaCorpus(t) {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		r, err := ParseRule(f, src)
		if err != nil {
			continue
		}
		name, text, err := Convert(r, ms)
		if err != nil {
			continue // TestCorpusCompiles accounts for these
		}
		out[name] = &fstest.MapFile{Data: []byte(text)}
	}
	return out
}

// TestCorpusLintsOnEngine compiles every converted rule's query on a fresh
// local engine holding the lake (Linter.Fresh runs each with LIMIT 0 and
// checks the key columns), as `flurry detect lint` does.
func TestCorpusLintsOnEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	fsys := convertCorpus(t)
	lake := newLake(t)
	probs, err := (&detections.Linter{Fresh: lake.Fresh}).Lint(context.Background(), fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p)
	}
}

// sharedLake is the migrated lake template the package's engine tests
// copy their fresh engines from: migrating it once, not per test, keeps the
// package's tests to one lake build.
var sharedLake struct {
	once sync.Once
	l    *detections.LakeTemplate
	err  error
}

func newLake(t *testing.T) *detections.LakeTemplate {
	t.Helper()
	sharedLake.once.Do(func() {
		vars, err := detections.LocalLakeVars("", nil, nil)
		sharedLake.l, sharedLake.err = &detections.LakeTemplate{Vars: vars}, err
	})
	if sharedLake.err != nil {
		t.Fatal(sharedLake.err)
	}
	return sharedLake.l
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sharedLake.l != nil {
		sharedLake.l.Close()
	}
	os.Exit(code)
}

// TestSampleRulesFixtures runs hand-written positive and negative fixture
// cases (testdata/sigma/tests/<id>.yaml) for a sample of converted rules
// through the detections harness, as `flurry detect test` does. The
// expectations follow the Sigma specification, not our output: see each
// test file's comments.
func TestSampleRulesFixtures(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	tests := os.DirFS("../../testdata/sigma/tests")
	all := convertCorpus(t)
	names, err := filepath.Glob("../../testdata/sigma/tests/*.yaml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no sample tests: %v", err)
	}
	sample := fstest.MapFS{}
	for _, n := range names {
		id := filepath.Base(n[:len(n)-len(".yaml")])
		f, ok := all[id+".sql"]
		if !ok {
			t.Fatalf("%s: no converted rule %s.sql", n, id)
		}
		sample[id+".sql"] = f
	}
	dets, err := detections.Load(sample)
	if err != nil {
		t.Fatal(err)
	}
	lake := newLake(t)
	h := &detections.Harness{Fresh: lake.Fresh, Tests: tests, Now: time.Now()}
	for _, r := range h.Run(context.Background(), dets) {
		if !r.Passed() {
			t.Error(r)
		}
	}
}

// runFixtures are rows every converted rule runs over: go-audit's public
// test lines (../shared/realdata, PROVENANCE.md) and Apache records with
// the awkward characters of fluentd's apache2 parser tests.
const runLogs = `2024-05-01T10:00:00+0000	s3.apache.access	{"host":"192.168.0.1","user":null,"method":"GET","path":"/\\\" HTTP/1.1","code":200,"size":777,"referer":"referer \\\\ \\\"","agent":"user agent \\\\ \\\""}
2024-05-01T10:00:01+0000	s3.apache.access	{"host":"203.0.113.9","user":"-","method":"POST","path":"/cgi-bin/.%2e/.%2e/bin/sh?x=${jndi:ldap://x}","code":500,"size":0,"referer":null,"agent":"curl/8.0"}
2024-05-01T10:00:02+0000	s3.apache.access	{"host":"203.0.113.9","user":null,"method":"GET","path":"/index.html","code":200,"size":10,"referer":null,"agent":"Mozilla/5.0"}
`

// realApacheFixture parses the public Apache access log samples of
// ../shared/realdata/apache (PROVENANCE.md) with the shipper's apache2
// parser (Fluentd's), as `flurry ship` lands them in LOGS: every line of the
// small edge-case files and the first bulk lines of the large ones. Lines
// the parser refuses (deliberately malformed samples) are left out.
func realApacheFixture(t *testing.T, bulk int) (string, error) {
	t.Helper()
	files, err := filepath.Glob("../../../shared/realdata/apache/*.log")
	if err != nil || len(files) == 0 {
		t.Skipf("public Apache samples not found: %v", err)
	}
	p, err := parse.New("apache2", parse.Options{})
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		lines := strings.Split(string(src), "\n")
		if len(lines) > bulk {
			lines = lines[:bulk]
		}
		for _, l := range lines {
			rec, ts, err := p.Parse(nil, []byte(l))
			if err != nil || strings.TrimSpace(l) == "" {
				continue
			}
			fmt.Fprintf(&b, "%s\ts3.apache.access\t%s\n", ts.UTC().Format("2006-01-02T15:04:05-0700"), rec)
		}
	}
	return b.String(), nil
}

// TestCorpusRunsOnEngine runs every converted rule over rows on a fresh
// lake (flurry's own awkward Apache rows, the public Apache samples parsed
// as the shipper parses them, the public go-audit sample), with its window bound as `flurry detect run` binds it: no query may
// fail at run time (regular expressions, casts, PARSE_IP on odd values).
func TestCorpusRunsOnEngine(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the local engine")
	}
	goAudit, err := os.ReadFile("../../../shared/realdata/go_audit/streamstash_goAuditParser_test.jsonl")
	if err != nil {
		t.Skipf("public go-audit sample not found: %v", err)
	}
	fsys := convertCorpus(t)
	dets, err := detections.Load(fsys)
	if err != nil {
		t.Fatal(err)
	}
	db, closeDB, err := newLake(t).Fresh(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer closeDB()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "use schema security_lake.public"); err != nil {
		t.Fatal(err)
	}
	apache, err := realApacheFixture(t, 20)
	if err != nil {
		t.Fatal(err)
	}
	for table, text := range map[string]string{"logs": runLogs + apache, "go_audit": string(goAudit)} {
		if err := detections.LoadFixture(ctx, db, table, text); err != nil {
			t.Fatalf("load %s: %v", table, err)
		}
	}
	w := detections.Window{After: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC), Until: time.Now().Add(time.Hour)}
	matched := map[string]int{}
	for _, d := range dets {
		q, err := detections.BindWindow(d.SQL, w)
		if err != nil {
			t.Fatalf("%s: %v", d.ID, err)
		}
		rs, err := detections.Query(ctx, db, q)
		if err != nil {
			t.Errorf("%s: %v", d.ID, err)
			continue
		}
		if len(rs.Rows) > 0 {
			matched[d.ID] = len(rs.Rows)
			t.Logf("%s: %d rows", d.ID, len(rs.Rows))
		}
	}
	// By hand from rule 5ea8faa8 (Log4j RCE CVE-2021-44228 Generic): its
	// keywords include '${jndi:ldap:/', searched in the URI, so exactly the
	// injected request matches.
	if n := matched["sigma_log4j_rce_cve_2021_44228_generic_5ea8faa8"]; n != 1 {
		t.Errorf("the Log4j rule found %d rows, want the one JNDI request", n)
	}
}
