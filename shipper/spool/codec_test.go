package spool

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// decodeWithTool decompresses a chunk with the codec's reference command-line
// tool when it is installed (gzip, zstd): an independent decoder, not ours.
func decodeWithTool(t *testing.T, codec, path string) ([]byte, bool) {
	tool := map[string]string{Gzip: "gzip", Zstd: "zstd"}[codec]
	if tool == "" {
		return nil, false
	}
	if _, err := exec.LookPath(tool); err != nil {
		return nil, false
	}
	out, err := exec.Command(tool, "-dc", path).Output()
	if err != nil {
		t.Fatalf("%s -dc %s: %v", tool, path, err)
	}
	return out, true
}

func decode(t *testing.T, codec, path string) []byte {
	t.Helper()
	if b, ok := decodeWithTool(t, codec, path); ok {
		return b
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	switch codec {
	case Gzip:
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return b
	case Zstd:
		return zstdDecode(t, raw)
	}
	return raw
}

// TestCodecsCrashAndSeal: for every codec, a chunk sealed normally and a
// chunk recovered after a crash (committed records, then uncommitted ones
// the crash loses) are valid files of their format holding exactly the
// committed records, named with the codec's extension.
func TestCodecsCrashAndSeal(t *testing.T) {
	for _, codec := range []string{Gzip, Zstd, None} {
		t.Run(codec, func(t *testing.T) {
			dir := t.TempDir()
			s, _, err := Open(dir, Options{Codec: codec, Level: 1})
			if err != nil {
				t.Fatal(err)
			}
			sealedKey := Key{Output: "o", Tag: "sealed", Timekey: 60}
			crashKey := Key{Output: "o", Tag: "crash", Timekey: 60}
			var want, wantCrash []byte
			for i := 0; i < 3; i++ { // three commits: three zstd frames
				b := lines(fmt.Sprint("s", i), 500)
				want = append(want, b...)
				s.Append(sealedKey, b, 500)
				c := lines(fmt.Sprint("c", i), 500)
				wantCrash = append(wantCrash, c...)
				s.Append(crashKey, c, 500)
				if _, err := s.Commit(nil, nil); err != nil {
					t.Fatal(err)
				}
			}
			sealed, err := s.Commit([]Key{sealedKey}, func(Chunk) string { return "k" })
			if err != nil || len(sealed) != 1 {
				t.Fatalf("seal: %v %v", sealed, err)
			}
			if filepath.Ext(sealed[0].Path) != Ext(codec) {
				t.Errorf("chunk file %s: want extension %s", sealed[0].Path, Ext(codec))
			}
			if got := decode(t, codec, sealed[0].Path); !bytes.Equal(got, want) {
				t.Fatalf("sealed chunk holds %d bytes, want %d", len(got), len(want))
			}
			s.Append(crashKey, lines("lost", 5000), 5000) // never committed
			s.abandon()

			s, pending, err := Open(dir, Options{Codec: Gzip}) // the codec of a chunk is its own
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var recovered *Chunk
			for i := range pending {
				if pending[i].Tag == "crash" {
					recovered = &pending[i]
				}
			}
			if recovered == nil || recovered.Records != 1500 {
				t.Fatalf("pending %+v", pending)
			}
			if got := decode(t, codec, recovered.Path); !bytes.Equal(got, wantCrash) {
				t.Fatalf("recovered chunk holds %d bytes, want the %d committed", len(got), len(wantCrash))
			}
		})
	}
}

// TestZstdEncoderReuse: chunks written one after another (each sealed chunk
// hands its encoder to the next) and two open at once are each a valid
// file holding exactly their own records.
func TestZstdEncoderReuse(t *testing.T) {
	s, _, err := Open(t.TempDir(), Options{Codec: Zstd})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := map[string][]byte{}
	for round := 0; round < 3; round++ {
		keys := []Key{{Output: "o", Tag: fmt.Sprint("a", round)}, {Output: "o", Tag: fmt.Sprint("b", round)}}
		for i, k := range keys {
			data := lines(fmt.Sprintf("r%d-%d", round, i), 500+round*100)
			if err := s.Append(k, data, 1); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Commit(nil, nil); err != nil {
				t.Fatal(err)
			}
			want[k.Tag] = append(want[k.Tag], data...)
		}
		sealed, err := s.Commit(keys, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range sealed {
			if got := decode(t, Zstd, c.Path); !bytes.Equal(got, want[c.Tag]) {
				t.Errorf("chunk %s: %d bytes decoded, want its own %d", c.Tag, len(got), len(want[c.Tag]))
			}
		}
	}
}
