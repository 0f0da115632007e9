package shipper

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/flurry-dev/flurry/shipper/spool"
)

// TestLoadPositions: at start the pos file is replaced by the positions
// committed with the spool only when it holds exactly what it held before
// that commit (the save after the commit never happened); a pos file changed
// in any other way (edited, reset) is the user's and is used as it is.
func TestLoadPositions(t *testing.T) {
	before := string(formatPosFile([]posEntry{{path: "/var/log/a.log", offset: 100, ino: 7, dev: 3}}))
	committed := string(formatPosFile([]posEntry{{path: "/var/log/a.log", offset: 250, ino: 7, dev: 3}}))
	edited := string(formatPosFile([]posEntry{{path: "/var/log/a.log", offset: 0, ino: 7, dev: 3}}))
	for _, tc := range []struct {
		name       string
		onDisk     *string // nil: no pos file
		wantOffset int64
		wantFirst  bool
	}{
		{"one write behind", &before, 250, false},
		{"in step", &committed, 250, false},
		{"edited while stopped", &edited, 0, false},
		{"deleted while stopped", nil, -1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			src := &Source{Name: "apache", PosFile: filepath.Join(dir, "apache.pos")}
			sp, _, err := spool.Open(filepath.Join(dir, "spool"), spool.Options{})
			if err != nil {
				t.Fatal(err)
			}
			w := &writer{sp: sp}
			w.notePositions(&sourceState{cfg: src, written: before}, committed)
			if _, err := sp.Commit(nil, nil); err != nil {
				t.Fatal(err)
			}
			sp.Close()
			if tc.onDisk != nil {
				os.WriteFile(src.PosFile, []byte(*tc.onDisk), 0o600)
			}

			sp, _, err = spool.Open(filepath.Join(dir, "spool"), spool.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer sp.Close()
			saved, text, first, err := loadPositions(sp, src, testLogger(t))
			if err != nil {
				t.Fatal(err)
			}
			if first != tc.wantFirst {
				t.Errorf("firstStart = %v, want %v", first, tc.wantFirst)
			}
			e, ok := saved[fileID{dev: 3, ino: 7}]
			switch {
			case tc.wantOffset < 0 && ok:
				t.Errorf("positions %+v, want none", saved)
			case tc.wantOffset >= 0 && (!ok || e.offset != tc.wantOffset):
				t.Errorf("position %+v (found %v), want offset %d", e, ok, tc.wantOffset)
			}
			disk, _ := os.ReadFile(src.PosFile)
			if string(disk) != text {
				t.Errorf("pos file holds %q, loadPositions says %q", disk, text)
			}
		})
	}
}
