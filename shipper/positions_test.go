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

// positionsSetup writes 3000 numbered lines to logs/a.log and returns the
// config of a source reading it, the file, its identity and the size of
// its first 1000 lines.
func positionsSetup(t *testing.T) (cfg Config, stage, file string, id fileID, thousand int64) {
	t.Helper()
	dir := t.TempDir()
	logs := filepath.Join(dir, "logs")
	stage = filepath.Join(dir, "stage")
	os.MkdirAll(logs, 0o755)
	var b strings.Builder
	now := time.Now()
	for i := 0; i < 3000; i++ {
		if i == 1000 {
			thousand = int64(b.Len())
		}
		b.WriteString(apacheLine(i, now))
	}
	file = filepath.Join(logs, "a.log")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg = mustConfig(t, fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
[[output]]
url = "file://%s"
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage))
	return cfg, stage, file, idOf(file, fi), thousand
}

// TestPositionOfSameInodeOnOtherDevice: a saved position of another file
// system's file that has the same inode number (and even the same first
// bytes) is not this file's: it is read whole, once — keyed by inode alone
// it was resumed at the other file's offset and its first 1000 lines lost.
func TestPositionOfSameInodeOnOtherDevice(t *testing.T) {
	t.Parallel()
	cfg, stage, file, id, thousand := positionsSetup(t)
	fh, _ := os.Open(file)
	fp, err := fingerprintOf(fh, thousand)
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	other := posEntry{path: "/mnt/other-fs/b.log", offset: thousand, ino: id.ino, dev: id.dev + 1, fp: fp}
	if err := writePosFile(cfg.Sources[0].PosFile, []posEntry{other}); err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), cfg, RunOptions{Once: true, Logger: testLogger(t)}); err != nil {
		t.Fatal(err)
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	checkExactlyOnce(t, countSeqs(t, lines), 3000)
	pos, err := readPosFile(cfg.Sources[0].PosFile)
	if err != nil {
		t.Fatal(err)
	}
	e, ok := pos[id]
	if !ok || e.path != file || e.dev != id.dev {
		t.Fatalf("position file lacks %s under device %x inode %x: %+v", file, id.dev, id.ino, pos)
	}
}

// TestTdAgentPosFileResumes: a td-agent pos_file line (path, offset,
// inode; no device) still resumes its file at the saved offset.
func TestTdAgentPosFileResumes(t *testing.T) {
	t.Parallel()
	cfg, stage, file, id, thousand := positionsSetup(t)
	line := fmt.Sprintf("%s\t%016x\t%016x\n", file, thousand, id.ino)
	os.MkdirAll(filepath.Dir(cfg.Sources[0].PosFile), 0o700)
	if err := os.WriteFile(cfg.Sources[0].PosFile, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Run(context.Background(), cfg, RunOptions{Once: true, Logger: testLogger(t)}); err != nil {
		t.Fatal(err)
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	seen := countSeqs(t, lines)
	for seq := 0; seq < 3000; seq++ {
		want := 0
		if seq >= 1000 {
			want = 1
		}
		if seen[seq] != want {
			t.Fatalf("line %d shipped %d times, want %d (resumed at line 1000)", seq, seen[seq], want)
		}
	}
}

// TestCopytruncateWhileStopped: the shipper stopped (crashed) having
// committed a.log up to line 1000; meanwhile logrotate's copytruncate
// copied a.log to a.log.1 (outside the glob) and truncated a.log, which got
// new lines. At the next start the copy is found by the saved fingerprint
// and read from the saved position: lines 1000..2999 arrive once, with the
// new lines, and nothing before 1000 again. Before, they were lost.
func TestCopytruncateWhileStopped(t *testing.T) {
	t.Parallel()
	cfg, stage, file, id, thousand := positionsSetup(t)
	fh, _ := os.Open(file)
	fp, err := fingerprintOf(fh, thousand)
	fh.Close()
	if err != nil {
		t.Fatal(err)
	}
	saved := posEntry{path: file, offset: thousand, ino: id.ino, dev: id.dev, fp: fp}
	if err := writePosFile(cfg.Sources[0].PosFile, []posEntry{saved}); err != nil {
		t.Fatal(err)
	}
	// copytruncate: copy, then truncate in place; then new lines.
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file+".1", data, 0o644); err != nil {
		t.Fatal(err)
	}
	var fresh strings.Builder
	for i := 3000; i < 3010; i++ {
		fresh.WriteString(apacheLine(i, time.Now()))
	}
	if err := os.WriteFile(file, []byte(fresh.String()), 0o644); err != nil { // O_TRUNC: same inode
		t.Fatal(err)
	}
	if err := Run(context.Background(), cfg, RunOptions{Once: true, Logger: testLogger(t)}); err != nil {
		t.Fatal(err)
	}
	lines, _ := gunzipAll(t, readDirObjects(t, stage))
	seen := countSeqs(t, lines)
	for seq := 0; seq < 3010; seq++ {
		want := 1
		if seq < 1000 {
			want = 0
		}
		if seen[seq] != want {
			t.Errorf("line %d shipped %d times, want %d", seq, seen[seq], want)
			if seq > 5 && t.Failed() {
				break
			}
		}
	}
}
