package spool

import (
	"testing"

	"github.com/klauspost/compress/zstd"
)

func zstdDecode(t *testing.T, raw []byte) []byte {
	t.Helper()
	d, err := zstd.NewReader(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	b, err := d.DecodeAll(raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
