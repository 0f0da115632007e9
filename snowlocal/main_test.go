package snowlocal

import (
	"context"
	"os"
	"testing"
)

// TestMain closes the engine the fuzz targets share (fuzzServer), which no
// single test owns: an in-memory engine left open keeps its scratch and
// stage directories in the system temporary directory after the run.
func TestMain(m *testing.M) {
	code := m.Run()
	if fuzzWire != nil {
		fuzzWire.e.Close()
	}
	os.Exit(code)
}

// openSession opens an in-memory engine and a session on it, both closed
// when t ends: the in-package tests that read a Result's columns (scales,
// byte lengths) the driver does not report.
func openSession(t *testing.T) (*Engine, *Session) {
	t.Helper()
	ctx := context.Background()
	e, err := Open(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Close() })
	s, err := e.NewSession(ctx, "u", "", "", "", "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return e, s
}
