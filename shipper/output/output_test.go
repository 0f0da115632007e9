package output

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/internal/s3test"
)

func gzFile(t *testing.T, content string) (string, int64) {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(content))
	zw.Close()
	p := filepath.Join(t.TempDir(), "chunk.gz")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p, int64(b.Len())
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return c
}

func TestS3PutIsIdempotent(t *testing.T) {
	for _, tc := range []struct {
		name     string
		tls      bool
		checksum string
	}{
		{"http-when_required", false, "when_required"},
		{"http-when_supported", false, "when_supported"},
		{"tls-when_supported", true, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := s3test.Start(t, s3test.Options{TLS: tc.tls})
			srv.CreateBucket(t, "logs")
			out, err := NewS3(ctx(t), S3Config{
				Bucket: "logs", Prefix: "apache/", Endpoint: srv.URL, PathStyle: true, Region: srv.Region,
				AccessKeyID: srv.AccessKey, SecretAccessKey: srv.SecretKey, CABundle: srv.CAFile, Checksum: tc.checksum,
			})
			if err != nil {
				t.Fatal(err)
			}
			first, size := gzFile(t, "first\n")
			if err := out.Put(ctx(t), "2022/01/18/a.gz", first, size); err != nil {
				t.Fatal(err)
			}
			// The retry of a chunk whose response was lost: same key, and
			// (to prove the conditional put did its job) other bytes.
			second, size2 := gzFile(t, "second\n")
			if err := out.Put(ctx(t), "2022/01/18/a.gz", second, size2); err != nil {
				t.Fatalf("re-upload of an existing key: %v", err)
			}
			objs := srv.Objects(t, "logs", "")
			if len(objs) != 1 {
				t.Fatalf("objects: %v", keys(objs))
			}
			got, ok := objs["apache/2022/01/18/a.gz"]
			if !ok {
				t.Fatalf("objects: %v", keys(objs))
			}
			zr, err := gzip.NewReader(bytes.NewReader(got))
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			b.ReadFrom(zr)
			if b.String() != "first\n" {
				t.Errorf("object holds %q: the second put overwrote it", b.String())
			}
		})
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestS3DefaultChainAndHeaders uses credentials from the environment (no
// static keys in the config) and checks the request headers through a
// recording proxy in front of the real server.
func TestS3DefaultChainAndHeaders(t *testing.T) {
	srv := s3test.Start(t, s3test.Options{})
	srv.CreateBucket(t, "logs")
	target, _ := url.Parse(srv.URL)
	var mu sync.Mutex
	var seen []http.Header
	proxy := httputil.NewSingleHostReverseProxy(target)
	rec := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		// versitygw has no KMS: drop the SSE headers once recorded.
		r.Header.Del("X-Amz-Server-Side-Encryption")
		r.Header.Del("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id")
		proxy.ServeHTTP(w, r)
	}))
	defer rec.Close()

	for _, kv := range srv.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	out, err := NewS3(ctx(t), S3Config{
		Bucket: "logs", Endpoint: rec.URL, PathStyle: true, Checksum: "when_required",
		SSE: "aws:kms", SSEKMSKeyID: "alias/logs", StorageClass: "STANDARD_IA",
	})
	if err != nil {
		t.Fatal(err)
	}
	p, size := gzFile(t, "x\n")
	err = out.Put(ctx(t), "k.gz", p, size)
	// Signed headers were altered by the proxy only for SSE; the server
	// may reject the signature, which is fine: the headers are what we test.
	_ = err
	mu.Lock()
	defer mu.Unlock()
	if len(seen) == 0 {
		t.Fatal("no request reached the proxy")
	}
	h := seen[0]
	for k, want := range map[string]string{
		"If-None-Match":                               "*",
		"X-Amz-Server-Side-Encryption":                "aws:kms",
		"X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id": "alias/logs",
		"X-Amz-Storage-Class":                         "STANDARD_IA",
		"Content-Type":                                "application/gzip",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	if auth := h.Get("Authorization"); !strings.Contains(auth, "Credential="+srv.AccessKey+"/") {
		t.Errorf("credentials not from the environment: %q", auth)
	}
}

func TestS3Errors(t *testing.T) {
	srv := s3test.Start(t, s3test.Options{})
	srv.CreateBucket(t, "logs")
	out, err := NewS3(ctx(t), S3Config{Bucket: "logs", Endpoint: srv.URL, PathStyle: true, AccessKeyID: "nope", SecretAccessKey: "nope", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	p, size := gzFile(t, "x\n")
	err = out.Put(ctx(t), "a/b.gz", p, size)
	if err == nil || !strings.Contains(err.Error(), "s3://logs/a/b.gz") {
		t.Fatalf("bad credentials: %v", err)
	}
	for _, c := range []S3Config{
		{},
		{Bucket: "b", Checksum: "always"},
		{Bucket: "b", SSE: "rot13"},
		{Bucket: "b", SSEKMSKeyID: "k"},
		{Bucket: "b", AccessKeyID: "only-half"},
		{Bucket: "b", CABundle: "/nonexistent.pem"},
	} {
		if _, err := NewS3(ctx(t), c); err == nil {
			t.Errorf("NewS3(%+v) accepted", c)
		}
	}
}

func TestFilePut(t *testing.T) {
	dir := t.TempDir()
	out := &File{Dir: dir}
	p, size := gzFile(t, "hello\n")
	for i := 0; i < 2; i++ {
		if err := out.Put(ctx(t), "apache/2022/01/18/x.gz", p, size); err != nil {
			t.Fatal(err)
		}
	}
	var files []string
	filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if !info.IsDir() {
			rel, _ := filepath.Rel(dir, path)
			files = append(files, rel)
		}
		return nil
	})
	if len(files) != 1 || files[0] != "apache/2022/01/18/x.gz" {
		t.Fatalf("files %v (temp files must be gone)", files)
	}
	got, _ := os.ReadFile(filepath.Join(dir, files[0]))
	want, _ := os.ReadFile(p)
	if !bytes.Equal(got, want) {
		t.Error("content differs")
	}
	fi, _ := os.Stat(filepath.Join(dir, files[0]))
	if fi.Mode().Perm() != 0o640 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	for _, bad := range []string{"../escape.gz", "/abs.gz", "a//b.gz", "a b.gz", "it's.gz"} {
		if err := out.Put(ctx(t), bad, p, size); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
}

func TestSnowflakeStatements(t *testing.T) {
	stage, prefix, err := ParseStageURL("snowflake://@fluentd.public.fluentd_stage/logs/")
	if err != nil || stage != "@fluentd.public.fluentd_stage" || prefix != "logs" {
		t.Fatalf("ParseStageURL: %q %q %v", stage, prefix, err)
	}
	for _, bad := range []string{"snowflake://stage/x", "s3://@x", "snowflake://@bad name/x", "snowflake://@s/../x"} {
		if _, _, err := ParseStageURL(bad); err == nil {
			t.Errorf("ParseStageURL(%q) accepted", bad)
		}
	}
	if s, p, err := ParseStageURL(`snowflake://@"My Db".public.st`); err != nil || s != `@"My Db".public.st` || p != "" {
		t.Errorf("quoted stage: %q %q %v", s, p, err)
	}
	o := &Snowflake{cfg: SnowflakeConfig{Stage: "@fluentd_stage", Prefix: "logs", CopyInto: "public.logs", FileFormat: "fluentd_format", Pipe: "mypipe"}}
	got := o.Statements("2022/01/18/apache.access-h1-c1.gz", "/tmp/x/apache.access-h1-c1.gz")
	want := []string{
		"PUT 'file:///tmp/x/apache.access-h1-c1.gz' @fluentd_stage/logs/2022/01/18 AUTO_COMPRESS=FALSE SOURCE_COMPRESSION=GZIP OVERWRITE=TRUE",
		"COPY INTO public.logs FROM @fluentd_stage/logs/2022/01/18 FILES = ('apache.access-h1-c1.gz') FILE_FORMAT = (FORMAT_NAME = fluentd_format)",
		"ALTER PIPE mypipe REFRESH",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("statements:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if _, err := NewSnowflake(SnowflakeConfig{Stage: "@s"}); err == nil {
		t.Error("NewSnowflake without DB accepted")
	}
}

// TestS3SharedProfile takes credentials from a named profile of a shared
// credentials file.
func TestS3SharedProfile(t *testing.T) {
	srv := s3test.Start(t, s3test.Options{})
	srv.CreateBucket(t, "logs")
	dir := t.TempDir()
	creds := filepath.Join(dir, "credentials")
	os.WriteFile(creds, []byte("[shipper]\naws_access_key_id = "+srv.AccessKey+"\naws_secret_access_key = "+srv.SecretKey+"\n"), 0o600)
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", creds)
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "none"))
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	t.Setenv("AWS_PROFILE", "")
	out, err := NewS3(ctx(t), S3Config{Bucket: "logs", Endpoint: srv.URL, PathStyle: true, Profile: "shipper", Region: "us-east-1"})
	if err != nil {
		t.Fatal(err)
	}
	p, size := gzFile(t, "x\n")
	if err := out.Put(ctx(t), "p.gz", p, size); err != nil {
		t.Fatal(err)
	}
	if objs := srv.Objects(t, "logs", ""); len(objs) != 1 {
		t.Fatalf("objects %v", keys(objs))
	}
}

// TestS3SilentEndpointTimesOut: a server that accepts the connection, reads
// the request and never answers must fail the attempt after the response
// timeout (the chunk is then retried), not hold the upload forever.
func TestS3SilentEndpointTimesOut(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go io.Copy(io.Discard, c) // read everything, answer nothing
		}
	}()
	o, err := NewS3(ctx(t), S3Config{
		Bucket: "b", Endpoint: "http://" + ln.Addr().String(), PathStyle: true, Region: "us-east-1",
		AccessKeyID: "k", SecretAccessKey: "s", MaxAttempts: 1, ResponseTimeout: 500 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	p, n := gzFile(t, "line\n")
	start := time.Now()
	err = o.Put(ctx(t), "k.gz", p, n)
	if err == nil {
		t.Fatal("Put to a silent endpoint succeeded")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("Put gave up only after %v (response timeout 500ms): %v", d, err)
	}
}
