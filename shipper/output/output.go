// Package output stores sealed spool chunks (complete .gz, .zst or plain files) where
// Snowflake can load them: an S3 bucket (an external stage), a local
// directory (the local engine's external stages), or a Snowflake internal
// stage through PUT.
package output

import (
	"context"
	"fmt"
	"strings"
)

// Output stores one chunk file as one object.
type Output interface {
	// Put stores the chunk file at path (size bytes) under key, a relative
	// slash-separated name ending in its compression's extension (.gz, .zst). Put must be idempotent: a chunk is
	// put again with the same key after a crash or a lost response, and
	// that must leave exactly one object.
	Put(ctx context.Context, key, path string, size int64) error
	// String names the destination for logs and metrics (no secrets).
	String() string
}

// ValidKey reports whether key is a safe relative object key: no empty,
// "." or ".." segments, no leading slash, printable ASCII without quotes,
// backslashes or spaces (keys also become stage paths and file names).
func ValidKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") {
		return fmt.Errorf("object key %q must be a relative path", key)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("object key %q has an empty, \".\" or \"..\" segment", key)
		}
	}
	for _, c := range key {
		if c <= ' ' || c >= 0x7f || c == '\'' || c == '"' || c == '\\' {
			return fmt.Errorf("object key %q contains %q (keys are printable ASCII without spaces, quotes or backslashes)", key, c)
		}
	}
	return nil
}

// joinPrefix joins a destination prefix and a key with exactly one slash.
func joinPrefix(prefix, key string) string {
	prefix = strings.Trim(prefix, "/")
	if prefix == "" {
		return key
	}
	return prefix + "/" + key
}

// Compression is what a key's extension says of the object's content:
// Snowflake's name for it (PUT's SOURCE_COMPRESSION) and its MIME type.
func Compression(key string) (snowflake, contentType string) {
	switch {
	case strings.HasSuffix(key, ".gz"):
		return "GZIP", "application/gzip"
	case strings.HasSuffix(key, ".zst"):
		return "ZSTD", "application/zstd"
	default:
		return "NONE", "text/plain; charset=utf-8"
	}
}
