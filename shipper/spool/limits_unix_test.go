//go:build unix

package spool

import (
	"bytes"
	"errors"
	"os"
	"syscall"
	"testing"
)

// TestCommitOutOfDescriptorsRetries: a commit that cannot open what it needs
// (the chunks directory to fsync it, the manifest's temp file) because the
// process ran out of descriptors asks WaitForSpace and retries instead of
// failing; the records are then committed exactly. The limit is real: the
// process's RLIMIT_NOFILE is lowered to the descriptors in use.
// Not parallel: the limit is the whole process's.
func TestCommitOutOfDescriptorsRetries(t *testing.T) {
	var saved syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &saved); err != nil {
		t.Fatal(err)
	}
	restore := func() { syscall.Setrlimit(syscall.RLIMIT_NOFILE, &saved) }
	defer restore()

	var asked []error
	dir := t.TempDir()
	s, _, err := Open(dir, Options{WaitForSpace: func(err error) error {
		asked = append(asked, err)
		if err != nil {
			restore() // descriptors are back
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	k := Key{Output: "s3", Tag: "a", Timekey: 60}
	data := lines("x", 100)
	if err := s.Append(k, data, 100); err != nil {
		t.Fatal(err)
	}
	// The lowest free descriptor becomes the limit: the next open fails.
	probe, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	lowest := probe.Fd()
	probe.Close()
	low := saved
	low.Cur = uint64(lowest)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Open(os.DevNull); !errors.Is(err, syscall.EMFILE) {
		restore()
		t.Fatalf("open with the lowered limit: %v, want EMFILE", err)
	}
	// Not sealing: closing the chunk file would free a descriptor.
	_, err = s.Commit(nil, nil)
	restore()
	if err != nil {
		t.Fatalf("Commit: %v (WaitForSpace asked %v)", err, asked)
	}
	if len(asked) != 2 || !errors.Is(asked[0], syscall.EMFILE) || asked[1] != nil {
		t.Errorf("WaitForSpace asked %v, want EMFILE then nil (went through)", asked)
	}
	sealed, err := s.Commit([]Key{k}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sealed) != 1 || !bytes.Equal(gunzip(t, sealed[0].Path), data) {
		t.Fatalf("sealed %+v", sealed)
	}
	s.Close()
	s, pending := openSpool(t, dir)
	defer s.Close()
	if len(pending) != 1 || pending[0].Records != 100 {
		t.Errorf("after reopening: %+v, want the 100 committed records", pending)
	}
}
