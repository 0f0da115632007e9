package shipper

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBackfillObjectsHonourChunkLimit backfills two days of logs (time keys
// that ended long ago) and checks that objects are cut by chunk_limit_size,
// within 10%, except the last of each day's time key — not sealed at every
// tick into many small objects.
func TestBackfillObjectsHonourChunkLimit(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	stage := filepath.Join(dir, "stage")
	os.MkdirAll(logs, 0o755)
	const lines = 120_000
	start := time.Date(2022, 1, 18, 0, 0, 0, 0, time.UTC)
	step := 48 * time.Hour / lines
	var b strings.Builder
	for i := 0; i < lines; i++ {
		b.WriteString(apacheLine(i, start.Add(time.Duration(i)*step)))
	}
	if err := os.WriteFile(filepath.Join(logs, "access.log"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	const limit = 2 << 20
	cfg := mustConfig(t, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
[[output]]
url = "file://%s"
timekey = "24h"
timekey_wait = "0s"
chunk_limit_size = %d
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage, limit))
	if err := Run(context.Background(), cfg, RunOptions{Once: true, Logger: testLogger(t)}); err != nil {
		t.Fatal(err)
	}
	objs := readDirObjects(t, stage)
	perDay := map[string][]int{}
	total := 0
	for key, data := range objs {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		day := key[:len("2022/01/18")]
		perDay[day] = append(perDay[day], len(raw))
		total += bytes.Count(raw, []byte("\n"))
	}
	if total != lines {
		t.Fatalf("%d lines shipped, want %d", total, lines)
	}
	if len(perDay) != 2 {
		t.Fatalf("objects by day %v, want two days", perDay)
	}
	for day, sizes := range perDay {
		small := 0
		for _, n := range sizes {
			switch {
			case n > limit*11/10:
				t.Errorf("%s: object of %d bytes, over chunk_limit_size %d by more than 10%%", day, n, limit)
			case n < limit:
				small++
			}
		}
		if small > 1 {
			t.Errorf("%s: %d objects under chunk_limit_size (sizes %v); only the day's last may be", day, small, sizes)
		}
	}
}
