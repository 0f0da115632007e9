package shipper

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
