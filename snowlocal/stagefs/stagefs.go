// Package stagefs is where the local engine's stages keep their files: a
// directory on local disk (internal stages, and external s3:// stages mapped
// to a directory) or a bucket of an S3-compatible server (external stages
// mapped to an endpoint). Paths are slash-separated and relative to the
// store's root; no path can reach outside it.
package stagefs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"time"
)

// File is one stored file.
type File struct {
	// Path is relative to the store root, slash-separated, e.g. "logs/2024/a.gz".
	Path string
	Size int64
	// MD5 is the hex MD5 of the content (for S3, the ETag without quotes,
	// which is not an MD5 for multipart uploads; it still changes whenever
	// the object does, which is all load metadata needs).
	MD5          string
	LastModified time.Time
}

// Store is a tree of files. Dir and S3 implement it.
type Store interface {
	// List returns the files whose path starts with prefix (a plain string
	// prefix, as S3 lists: "logs/a" matches "logs/a.gz" and "logs/a/b"),
	// sorted by path.
	List(ctx context.Context, prefix string) ([]File, error)
	// Open reads one file.
	Open(ctx context.Context, p string) (io.ReadCloser, error)
	// Remove deletes one file.
	Remove(ctx context.Context, p string) error
	// String names the store for messages (a directory or an endpoint/bucket).
	String() string
}

// ErrNotExist is returned (wrapped) by Open for a missing file.
var ErrNotExist = errors.New("file does not exist")

// CleanPath validates a path given by a user (a stage sub-path, a FILES
// entry): it must stay inside the store, so absolute paths and ".." segments
// are refused. A trailing slash is kept (it matters for prefixes).
func CleanPath(p string) (string, error) {
	if p == "" {
		return "", nil
	}
	if strings.ContainsRune(p, 0) {
		return "", fmt.Errorf("path %q contains a NUL byte", p)
	}
	if strings.HasPrefix(p, "/") {
		p = strings.TrimLeft(p, "/")
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "", fmt.Errorf("path %q leaves the stage: '..' is not allowed", p)
		}
	}
	trailing := strings.HasSuffix(p, "/")
	c := path.Clean(p)
	if c == "." {
		return "", nil
	}
	if trailing {
		c += "/"
	}
	return c, nil
}
