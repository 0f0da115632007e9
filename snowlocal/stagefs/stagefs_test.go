package stagefs

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseMap(t *testing.T) {
	m, err := ParseMap("s3://bucket/=file:///srv/lake, s3://other/logs/dt=2024/=http://AK:SK@127.0.0.1:7070/other?region=eu-west-1\n s3://aws-bucket/=s3://real-bucket/prefix")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"s3://bucket/":             "file:///srv/lake",
		"s3://other/logs/dt=2024/": "http://AK:SK@127.0.0.1:7070/other?region=eu-west-1",
		"s3://aws-bucket/":         "s3://real-bucket/prefix",
	}
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("got %q", m)
	}
	for _, bad := range []string{"s3://bucket/", "s3://bucket/=ftp://x", "=file:///x"} {
		if m, err := ParseMap(bad); err == nil {
			if _, err := NewMap(m); err == nil {
				t.Fatalf("%q: want an error", bad)
			}
		}
	}
	if _, err := NewMap(map[string]string{"s3://b/": "file://relative/dir"}); err == nil {
		t.Fatal("relative file target: want an error")
	}
}

func TestMapResolveLongestPrefixAndErrors(t *testing.T) {
	root := t.TempDir()
	m, err := NewMap(map[string]string{
		"s3://b/":         "file://" + filepath.Join(root, "b"),
		"s3://b/special/": "file://" + filepath.Join(root, "special"),
		"s3://s3compat/":  "http://AK:SK@127.0.0.1:1/bucket/pre",
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, rest, err := m.Resolve(ctx, "s3://b/logs/2024/")
	if err != nil || st.(*Dir).Root() != filepath.Join(root, "b") || rest != "logs/2024/" {
		t.Fatalf("b: %v %q %v", st, rest, err)
	}
	st, rest, err = m.Resolve(ctx, "s3://b/special/x")
	if err != nil || st.(*Dir).Root() != filepath.Join(root, "special") || rest != "x" {
		t.Fatalf("special: %v %q %v", st, rest, err)
	}
	st, rest, err = m.Resolve(ctx, "s3://s3compat/logs/")
	if err != nil || !strings.Contains(st.String(), "s3://bucket/pre/ at http://127.0.0.1:1") || rest != "logs/" {
		t.Fatalf("s3compat: %v %q %v", st, rest, err)
	}
	if _, _, err := m.Resolve(ctx, "s3://b/../etc/"); err == nil || !strings.Contains(err.Error(), "'..' is not allowed") {
		t.Fatalf("escape: %v", err)
	}
	_, _, err = m.Resolve(ctx, "s3://unmapped/logs/")
	var nm *NotMappedError
	if !errors.As(err, &nm) || !strings.Contains(err.Error(), "FLURRY_LOCAL_STAGE_MAP='s3://unmapped/=file:///path/to/dir'") {
		t.Fatalf("unmapped: %v", err)
	}
	for _, e := range m.Entries() {
		if strings.Contains(e, "SK") {
			t.Fatalf("Entries shows a secret: %s", e)
		}
	}
}

func TestCleanPath(t *testing.T) {
	for in, want := range map[string]string{"": "", "a/b/": "a/b/", "/a//b": "a/b", "./a": "a", "a/./b/": "a/b/"} {
		if got, err := CleanPath(in); err != nil || got != want {
			t.Fatalf("CleanPath(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"..", "a/../../b", "../x", "a/..", "a\x00b"} {
		if _, err := CleanPath(in); err == nil {
			t.Fatalf("CleanPath(%q): want an error", in)
		}
	}
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDirListPrefixesHiddenFilesAndLinks(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	write(t, filepath.Join(root, "logs", "a.gz"), "a")
	write(t, filepath.Join(root, "logs", "ab", "c.gz"), "c")
	write(t, filepath.Join(root, "logs", ".writing.tmp"), "partial")
	write(t, filepath.Join(root, "logs", ".hidden", "x"), "x")
	write(t, filepath.Join(root, "other.txt"), "o")
	write(t, filepath.Join(outside, "secret"), "s")
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(root, "logs", "secret"))
	os.Symlink(outside, filepath.Join(root, "logs", "outdir"))
	os.Symlink("a.gz", filepath.Join(root, "logs", "alias.gz"))
	d, err := NewDir(root)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	paths := func(prefix string) []string {
		files, err := d.List(ctx, prefix)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, f := range files {
			out = append(out, f.Path)
		}
		return out
	}
	if got := paths(""); !reflect.DeepEqual(got, []string{"logs/a.gz", "logs/ab/c.gz", "logs/alias.gz", "other.txt"}) {
		t.Fatalf("all: %q", got)
	}
	// A prefix is a string prefix, as in S3.
	if got := paths("logs/a"); !reflect.DeepEqual(got, []string{"logs/a.gz", "logs/ab/c.gz", "logs/alias.gz"}) {
		t.Fatalf("logs/a: %q", got)
	}
	if got := paths("logs/ab/"); !reflect.DeepEqual(got, []string{"logs/ab/c.gz"}) {
		t.Fatalf("logs/ab/: %q", got)
	}
	if got := paths("nosuch/"); len(got) != 0 {
		t.Fatalf("nosuch: %q", got)
	}
	files, _ := d.List(ctx, "logs/a.gz")
	if len(files) != 1 || files[0].MD5 != "0cc175b9c0f1b6a831c399e269772661" || files[0].Size != 1 {
		t.Fatalf("md5: %+v", files)
	}
	// The cached MD5 follows content changes.
	time.Sleep(10 * time.Millisecond)
	write(t, filepath.Join(root, "logs", "a.gz"), "b")
	if files, _ = d.List(ctx, "logs/a.gz"); files[0].MD5 != "92eb5ffee6ae2fec3ad71c777531578f" {
		t.Fatalf("md5 after change: %+v", files)
	}
	// Open and Path refuse anything outside the directory.
	for _, p := range []string{"../" + filepath.Base(outside) + "/secret", "logs/secret", "logs/outdir/secret"} {
		if rc, err := d.Open(ctx, p); err == nil {
			b, _ := io.ReadAll(rc)
			rc.Close()
			t.Fatalf("Open(%q) read %q", p, b)
		}
	}
	if _, err := d.Path("logs/secret"); err == nil {
		t.Fatal("Path through a link out of the directory: want an error")
	}
	if _, err := d.Open(ctx, "logs/missing"); !errors.Is(err, ErrNotExist) {
		t.Fatalf("missing: %v", err)
	}
	if err := d.Remove(ctx, "../x"); err == nil {
		t.Fatal("Remove(../x): want an error")
	}
	if err := d.Remove(ctx, "other.txt"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "other.txt")); !os.IsNotExist(err) {
		t.Fatal("other.txt was not removed")
	}
}
