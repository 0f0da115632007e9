package main

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestShipOnceToStageDirectory backfills an Apache log through the CLI into a
// file:// stage directory and reads every line back out of the gzip chunks,
// parsed as Fluentd's apache2 parser would.
func TestShipOnceToStageDirectory(t *testing.T) {
	dir := t.TempDir()
	logPath := filepath.Join(dir, "access_log")
	var lines []string
	for i := 0; i < 500; i++ {
		lines = append(lines, fmt.Sprintf(`203.0.113.%d - - [23/Nov/2026:10:00:%02d +0000] "GET /page/%d HTTP/1.1" 200 %d "-" "curl/8.0"`, i%250, i%60, i, 100+i))
	}
	lines = append(lines, "this is not an apache line")
	if err := os.WriteFile(logPath, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stage := filepath.Join(dir, "stage")
	cfg := fmt.Sprintf(`
spool_dir = %q
[[source]]
name = "apache"
paths = [%q]
tag = "s3.apache.access"
parser = "apache2"
read_from_head = true
[[output]]
name = "stage"
match = "s3.apache.**"
url = "file://%s"
format = "fluentd"
`, filepath.Join(dir, "spool"), logPath, stage)
	cfgPath := filepath.Join(dir, "ship.toml")
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	flurry(t, nil, "", "ship", "--config", cfgPath, "--once").ok(t)

	var records []map[string]any
	filepath.WalkDir(stage, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".gz") {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			parts := strings.SplitN(sc.Text(), "\t", 3)
			if len(parts) != 3 || parts[1] != "s3.apache.access" {
				t.Fatalf("%s: not time<TAB>tag<TAB>json: %q", p, sc.Text())
			}
			var rec map[string]any
			if err := json.Unmarshal([]byte(parts[2]), &rec); err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			records = append(records, rec)
		}
		return sc.Err()
	})
	if len(records) != len(lines) {
		t.Fatalf("shipped %d records, want %d (every line, the malformed one included)", len(records), len(lines))
	}
	byPath := map[string]bool{}
	malformed := 0
	for _, r := range records {
		if p, ok := r["path"].(string); ok {
			byPath[p] = true
		} else {
			malformed++
		}
	}
	if len(byPath) != 500 || malformed != 1 {
		t.Fatalf("%d distinct parsed paths, %d unparsed records; want 500 and 1", len(byPath), malformed)
	}
}
