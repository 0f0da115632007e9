package snowlocal

import (
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
