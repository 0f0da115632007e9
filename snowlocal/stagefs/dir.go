package stagefs

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// Dir is a Store in a local directory. All access goes through os.Root, so
// neither ".." nor a symbolic link can reach a file outside the directory;
// links that point outside are skipped by List and refused by Open.
type Dir struct {
	root string

	mu  sync.Mutex
	md5 map[string]md5Entry // by path; recomputed when size or mtime change
}

type md5Entry struct {
	size  int64
	mtime time.Time
	sum   string
}

// NewDir returns a Store rooted at dir (created if missing).
func NewDir(dir string) (*Dir, error) {
	if !filepath.IsAbs(dir) {
		return nil, fmt.Errorf("stage directory %q: must be an absolute path", dir)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("stage directory: %w", err)
	}
	return &Dir{root: filepath.Clean(dir), md5: map[string]md5Entry{}}, nil
}

// Root is the directory.
func (d *Dir) Root() string { return d.root }

func (d *Dir) String() string { return d.root }

func (d *Dir) open() (*os.Root, error) {
	r, err := os.OpenRoot(d.root)
	if err != nil {
		return nil, fmt.Errorf("stage directory: %w", err)
	}
	return r, nil
}

// List walks the directory. Hidden files and directories (name starting with
// ".") are skipped: writers use them for files still being written.
func (d *Dir) List(ctx context.Context, prefix string) ([]File, error) {
	prefix, err := CleanPath(prefix)
	if err != nil {
		return nil, err
	}
	r, err := d.open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	// Walk only the deepest directory the prefix names.
	start := "."
	if i := strings.LastIndex(prefix, "/"); i > 0 {
		start = prefix[:i]
	}
	var out []File
	walkErr := fs.WalkDir(r.FS(), start, func(p string, de fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == start {
				return fs.SkipAll
			}
			return err
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if p != "." && strings.HasPrefix(de.Name(), ".") {
			if de.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if de.IsDir() {
			if p != "." && !strings.HasPrefix(p+"/", prefix) && !strings.HasPrefix(prefix, p+"/") {
				return fs.SkipDir
			}
			return nil
		}
		if !strings.HasPrefix(p, prefix) {
			return nil
		}
		// Stat through the root: follows links only while they stay inside.
		fi, err := r.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			return nil
		}
		out = append(out, File{Path: p, Size: fi.Size(), LastModified: fi.ModTime().UTC()})
		return nil
	})
	if walkErr != nil {
		return nil, fmt.Errorf("list %s: %w", d.root, walkErr)
	}
	for i := range out {
		sum, err := d.sum(r, out[i])
		if err != nil {
			return nil, err
		}
		out[i].MD5 = sum
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// sum is the file's MD5, cached while its size and mtime are unchanged (pipes
// list their stages every second).
func (d *Dir) sum(r *os.Root, f File) (string, error) {
	d.mu.Lock()
	e, ok := d.md5[f.Path]
	d.mu.Unlock()
	if ok && e.size == f.Size && e.mtime.Equal(f.LastModified) {
		return e.sum, nil
	}
	fh, err := r.Open(f.Path)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", filepath.Join(d.root, f.Path), err)
	}
	defer fh.Close()
	h := md5.New()
	if _, err := io.Copy(h, fh); err != nil {
		return "", fmt.Errorf("read %s: %w", filepath.Join(d.root, f.Path), err)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	d.mu.Lock()
	d.md5[f.Path] = md5Entry{size: f.Size, mtime: f.LastModified, sum: sum}
	d.mu.Unlock()
	return sum, nil
}

type rootFile struct {
	*os.File
	root *os.Root
}

func (f rootFile) Close() error {
	err := f.File.Close()
	f.root.Close()
	return err
}

// Open opens a file for reading.
func (d *Dir) Open(ctx context.Context, p string) (io.ReadCloser, error) {
	p, err := CleanPath(p)
	if err != nil {
		return nil, err
	}
	r, err := d.open()
	if err != nil {
		return nil, err
	}
	f, err := r.Open(p)
	if err != nil {
		r.Close()
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("%s: %w", path.Join(d.root, p), ErrNotExist)
		}
		return nil, fmt.Errorf("open %s in %s: %w", p, d.root, err)
	}
	return rootFile{File: f, root: r}, nil
}

// Remove deletes a file.
func (d *Dir) Remove(ctx context.Context, p string) error {
	p, err := CleanPath(p)
	if err != nil {
		return err
	}
	if p == "" || strings.HasSuffix(p, "/") {
		return fmt.Errorf("remove %q: not a file", p)
	}
	r, err := d.open()
	if err != nil {
		return err
	}
	defer r.Close()
	if err := r.Remove(p); err != nil {
		return fmt.Errorf("remove %s from %s: %w", p, d.root, err)
	}
	d.mu.Lock()
	delete(d.md5, p)
	d.mu.Unlock()
	return nil
}

// Path is the local file name of p, for writers that need one (PUT hands the
// directory to the client; readers that need a seekable local file use it).
// It fails for paths that leave the directory, following symbolic links.
func (d *Dir) Path(p string) (string, error) {
	p, err := CleanPath(p)
	if err != nil {
		return "", err
	}
	full := filepath.Join(d.root, filepath.FromSlash(p))
	real, err := filepath.EvalSymlinks(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return full, nil
		}
		return "", err
	}
	rootReal, err := filepath.EvalSymlinks(d.root)
	if err != nil {
		return "", err
	}
	if real != rootReal && !strings.HasPrefix(real, rootReal+string(filepath.Separator)) {
		return "", fmt.Errorf("path %q leaves the stage directory %s", p, d.root)
	}
	return full, nil
}
