package spool

import (
	"bytes"
	stdflate "compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func lines(prefix string, n int) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "%s line %06d {\"some\":\"json payload to make it compress a little\"}\n", prefix, i)
	}
	return b.Bytes()
}

// gunzip reads a chunk file as any gzip reader would, checking its CRC.
func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return b
}

func openSpool(t *testing.T, dir string) (*Spool, []Chunk) {
	t.Helper()
	s, pending, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s, pending
}

func TestCommitSealRemove(t *testing.T) {
	dir := t.TempDir()
	s, pending := openSpool(t, dir)
	if len(pending) != 0 {
		t.Fatalf("new spool has pending chunks %v", pending)
	}
	k := Key{Output: "s3", Tag: "apache.access", Timekey: 1642500000}
	a, b := lines("a", 1000), lines("b", 500)
	if err := s.Append(k, a, 1000); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(k, b, 500); err != nil {
		t.Fatal(err)
	}
	sealed, err := s.Commit([]Key{k}, func(c Chunk) string { return "logs/" + c.Tag + "/" + c.ID + ".gz" })
	if err != nil {
		t.Fatal(err)
	}
	if len(sealed) != 1 {
		t.Fatalf("sealed %v", sealed)
	}
	c := sealed[0]
	if c.Records != 1500 || c.Raw != int64(len(a)+len(b)) || !strings.HasPrefix(c.Key, "logs/apache.access/") {
		t.Errorf("chunk %+v", c)
	}
	if got := gunzip(t, c.Path); !bytes.Equal(got, append(append([]byte{}, a...), b...)) {
		t.Errorf("chunk content differs (%d bytes)", len(got))
	}
	fi, err := os.Stat(c.Path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("chunk mode %v, want 0600", fi.Mode().Perm())
	}
	if fi.Size() != c.Size || s.Size() != c.Size {
		t.Errorf("sizes: file %d, chunk %d, spool %d", fi.Size(), c.Size, s.Size())
	}
	if err := s.Remove(c.ID); err != nil {
		t.Fatal(err)
	}
	if s.Size() != 0 || len(s.Pending()) != 0 {
		t.Errorf("after Remove: size %d, pending %v", s.Size(), s.Pending())
	}
	if _, err := os.Stat(c.Path); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("chunk file still there: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, pending = openSpool(t, dir)
	defer s.Close()
	if len(pending) != 0 {
		t.Errorf("removed chunk came back: %v", pending)
	}
}

// TestCrashKeepsExactlyCommitted abandons a spool with uncommitted data
// written to the file after the last commit: recovery keeps exactly the
// committed records.
func TestCrashKeepsExactlyCommitted(t *testing.T) {
	dir := t.TempDir()
	s, _ := openSpool(t, dir)
	k1 := Key{Output: "s3", Tag: "a", Timekey: 60}
	k2 := Key{Output: "file", Tag: "b", Timekey: 120}
	committed := lines("k1", 3000)
	if err := s.Append(k1, committed, 3000); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(k2, lines("k2", 10), 10); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Commit(nil, nil); err != nil {
		t.Fatal(err)
	}
	// Much more than the write buffer, never committed.
	for i := 0; i < 20; i++ {
		if err := s.Append(k1, lines(fmt.Sprint("lost", i), 2000), 2000); err != nil {
			t.Fatal(err)
		}
	}
	k3 := Key{Output: "s3", Tag: "never-committed", Timekey: 60}
	if err := s.Append(k3, lines("k3", 10), 10); err != nil {
		t.Fatal(err)
	}
	s.abandon()

	s, pending := openSpool(t, dir)
	defer s.Close()
	if len(pending) != 2 {
		t.Fatalf("pending %+v, want the 2 committed chunks", pending)
	}
	byTag := map[string]Chunk{}
	for _, c := range pending {
		byTag[c.Tag] = c
		if !c.Sealed || c.Key != "" {
			t.Errorf("recovered chunk %+v", c)
		}
	}
	if got := gunzip(t, byTag["a"].Path); !bytes.Equal(got, committed) {
		t.Errorf("recovered %d bytes, want the %d committed", len(got), len(committed))
	}
	if byTag["a"].Records != 3000 {
		t.Errorf("records %d", byTag["a"].Records)
	}
	if got := gunzip(t, byTag["b"].Path); !bytes.Equal(got, lines("k2", 10)) {
		t.Errorf("chunk b: %q", got)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "chunks"))
	if len(entries) != 2 {
		t.Errorf("chunks dir has %d files, want 2 (the uncommitted chunk removed)", len(entries))
	}
	var total int64
	for _, c := range pending {
		total += c.Size
	}
	if s.Size() != total {
		t.Errorf("size %d, want %d", s.Size(), total)
	}
	s.SetKey(byTag["a"].ID, "k/a.gz")
	if _, err := s.Commit(nil, nil); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, pending = openSpool(t, dir)
	defer s.Close()
	for _, c := range pending {
		if c.Tag == "a" && c.Key != "k/a.gz" {
			t.Errorf("key not kept: %+v", c)
		}
	}
}

func TestLocked(t *testing.T) {
	dir := t.TempDir()
	s, _ := openSpool(t, dir)
	defer s.Close()
	if _, _, err := Open(dir, Options{}); !errors.Is(err, ErrLocked) {
		t.Fatalf("second Open: %v, want ErrLocked", err)
	}
}

func TestBadManifest(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "spool.json"), []byte("{not json"), 0o600)
	_, _, err := Open(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), "spool.json") {
		t.Fatalf("Open with a corrupt manifest: %v", err)
	}
}

// BenchmarkCommit measures one durable commit (flush + fsync + manifest
// rename) after appending 64 KiB.
func BenchmarkCommit(b *testing.B) {
	s, _, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	data := lines("bench", 700)[:64<<10]
	data = data[:bytes.LastIndexByte(data, '\n')+1]
	k := Key{Output: "s3", Tag: "bench"}
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if err := s.Append(k, data, 1); err != nil {
			b.Fatal(err)
		}
		if _, err := s.Commit(nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppend measures compression into the spool without commits.
func BenchmarkAppend(b *testing.B) {
	s, _, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	data := lines("bench", 700)
	k := Key{Output: "s3", Tag: "bench"}
	b.SetBytes(int64(len(data)))
	for i := 0; i < b.N; i++ {
		if err := s.Append(k, data, 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCodecs compares the spool's codecs on the same lines, with the
// standard library's compress/flate as the reference the spool used before
// (ratios from one run are what to compare on a noisy machine).
func BenchmarkCodecs(b *testing.B) {
	data := lines("bench", 7000)
	for _, c := range []struct {
		codec string
		level int
	}{{Gzip, 1}, {Gzip, 6}, {Zstd, 1}, {Zstd, 3}} {
		b.Run(fmt.Sprintf("%s-%d", c.codec, c.level), func(b *testing.B) {
			s, _, err := Open(b.TempDir(), Options{Codec: c.codec, Level: c.level})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			k := Key{Output: "s3", Tag: "bench"}
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				if err := s.Append(k, data, 1); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, level := range []int{1, 6} {
		b.Run(fmt.Sprintf("stdlib-flate-%d", level), func(b *testing.B) {
			fw, _ := stdflate.NewWriter(io.Discard, level)
			b.SetBytes(int64(len(data)))
			for i := 0; i < b.N; i++ {
				fw.Write(data)
			}
		})
	}
}

// TestStateGoesWithItsCommit: the state set before a commit is what a
// crashed spool recovers together with that commit's records; a value set
// after the last commit is lost with the records appended after it.
func TestStateGoesWithItsCommit(t *testing.T) {
	dir := t.TempDir()
	s, _ := openSpool(t, dir)
	k := Key{Output: "s3", Tag: "a", Timekey: 60}
	if err := s.Append(k, lines("c", 10), 10); err != nil {
		t.Fatal(err)
	}
	s.SetState("pos:x", "offset 10\n")
	s.SetState("gone", "y")
	if _, err := s.Commit(nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(k, lines("u", 10), 10); err != nil {
		t.Fatal(err)
	}
	s.SetState("pos:x", "offset 20\n")
	s.DeleteState("gone")
	s.abandon()

	s, pending := openSpool(t, dir)
	defer s.Close()
	if len(pending) != 1 || pending[0].Records != 10 {
		t.Fatalf("pending %+v, want the committed chunk of 10 records", pending)
	}
	if v, ok := s.State("pos:x"); !ok || v != "offset 10\n" {
		t.Errorf("State(pos:x) = %q, %v; want the value committed with the 10 records", v, ok)
	}
	if v, ok := s.State("gone"); !ok || v != "y" {
		t.Errorf("State(gone) = %q, %v; the deletion was never committed", v, ok)
	}
	if got := s.StateNames(); len(got) != 2 || got[0] != "gone" || got[1] != "pos:x" {
		t.Errorf("StateNames = %q", got)
	}
}
