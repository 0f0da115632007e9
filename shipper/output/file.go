package output

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// File writes chunks into a local directory — what the local engine's
// external stages (URL = 'file:///dir/') read. A file appears under its
// final name only when complete: it is written to a hidden temp name in the
// same directory (".<name>.tmp-<random>"), fsynced, then renamed.
type File struct {
	Dir string
	// Mode of the files; default 0640.
	Mode os.FileMode
}

func (o *File) String() string { return "file://" + o.Dir }

// Put copies the chunk to Dir/key. Putting the same key again replaces the
// file with identical content.
func (o *File) Put(ctx context.Context, key, path string, size int64) error {
	if err := ValidKey(key); err != nil {
		return err
	}
	dst := filepath.Join(o.Dir, filepath.FromSlash(key))
	dir := filepath.Dir(dst)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	src, err := os.Open(path)
	if err != nil {
		return err
	}
	defer src.Close()
	b := make([]byte, 4)
	rand.Read(b)
	tmp := filepath.Join(dir, "."+filepath.Base(dst)+".tmp-"+hex.EncodeToString(b))
	mode := o.Mode
	if mode == 0 {
		mode = 0o640
	}
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode)
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	n, err := io.Copy(f, ctxReader{ctx, src})
	if err != nil {
		return fmt.Errorf("write %s: %w", tmp, err)
	}
	if n != size {
		return fmt.Errorf("copy %s: %d bytes, want %d", path, n, size)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("fsync %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	ok = true
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// ctxReader stops a long copy when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
