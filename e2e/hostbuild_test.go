package e2e

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/internal/s3test"
	"github.com/flurry-dev/flurry/snowlocal"
)

// goBuild builds ./cmd/flurry with env (GOOS, GOARCH, CGO_ENABLED) into out.
func goBuild(t *testing.T, out string, env ...string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "build", "-trimpath", "-ldflags", "-s -w", "-o", out, "github.com/flurry-dev/flurry/cmd/flurry")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s go build: %v\n%s", strings.Join(env, " "), err, b)
	}
}

// goTool runs the go command in the module root with env added.
func goTool(t *testing.T, env []string, args ...string) {
	t.Helper()
	goPath, err := exec.LookPath("go")
	if err != nil {
		goPath = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goPath, args...)
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), env...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s go %s: %v\n%s", strings.Join(env, " "), strings.Join(args, " "), err, b)
	}
}

// TestHostBuild: the pure-Go build (CGO_ENABLED=0) compiles for the host
// platforms, stays small, says plainly it lacks the engine, and ships to a
// file stage, to S3 (versitygw) and into a Snowflake stage of a separately
// running engine.
func TestHostBuild(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	pure := filepath.Join(dir, "flurry")
	goBuild(t, pure, "CGO_ENABLED=0")
	fi, err := os.Stat(pure)
	if err != nil {
		t.Fatal(err)
	}
	// Issue 15: at most 40 MB stripped (-trimpath -ldflags "-s -w", as
	// scripts/release builds it). 45 MB before templates (internal/textexec,
	// internal/cli) and go-cmp stopped disabling the linker's elimination of
	// unused methods; about 35 MB since (BENCHMARKS.md).
	if fi.Size() > 40_000_000 {
		t.Errorf("pure-Go binary is %.1f MB stripped, want <= 40 MB", float64(fi.Size())/1e6)
	}
	t.Run("cross", func(t *testing.T) {
		for _, p := range []string{"linux/arm64", "darwin/arm64", "windows/amd64"} {
			goos, goarch, _ := strings.Cut(p, "/")
			goBuild(t, os.DevNull, "CGO_ENABLED=0", "GOOS="+goos, "GOARCH="+goarch)
		}
		// The shipper's tests and their helpers (versitygw, child
		// processes) vet on Windows too: Unix-only parts sit behind build
		// tags. Cheap after the build above (same export data).
		goTool(t, []string{"CGO_ENABLED=0", "GOOS=windows", "GOARCH=amd64"}, "vet", "./shipper/...", "./internal/...")
	})

	// Help is rendered by internal/cli's template path in this build too.
	if r := flurry(t, pure, nil, "ship", "--help"); r.code != 0 || !strings.Contains(r.stdout, "USAGE:\n   flurry ship") || !strings.Contains(r.stdout, "--config") {
		t.Errorf("ship --help: %d %q", r.code, r.stdout)
	}
	r := flurry(t, pure, nil, "version")
	if r.code != 0 || !strings.Contains(r.stdout, "engine: not in this build") {
		t.Errorf("version: %d %q", r.code, r.stdout)
	}
	for _, args := range [][]string{{"demo"}, {"local", "serve"}, {"sql", "--local", "-q", "select 1"}} {
		r := flurry(t, pure, []string{"CI="}, args...)
		if r.code == 0 || !strings.Contains(r.stderr, "no local engine") || !strings.Contains(r.stderr, "Builds") {
			t.Errorf("flurry %s in the pure build: exit %d\nstdout %s\nstderr %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
		}
	}

	// Ship one log to three outputs with the pure binary.
	logs := filepath.Join(dir, "logs")
	os.MkdirAll(logs, 0o755)
	line := `203.0.113.7 - - [18/Jan/2022:10:00:00 +0000] "GET /x HTTP/1.1" 200 12 "-" "curl/8"` + "\n"
	os.WriteFile(filepath.Join(logs, "access.log"), []byte(line), 0o644)
	srv := s3test.Start(t, s3test.Options{})
	bucket := "lake"
	srv.CreateBucket(t, bucket)
	eng, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "flurry", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer eng.Close()
	host, port, _ := strings.Cut(eng.Addr(), ":")
	stage := filepath.Join(dir, "stage")
	cfg := filepath.Join(dir, "ship.toml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`
spool_dir = %q
[[source]]
paths = [%q]
tag = "apache.access"
parser = "apache2"
read_from_head = true
[[output]]
name = "file"
url = "file://%s"
[[output]]
name = "s3"
url = "s3://%s/apache"
[output.s3]
endpoint = %q
force_path_style = true
region = "us-east-1"
access_key_id = %q
secret_access_key = %q
checksum = "when_required"
[[output]]
name = "stage"
url = "snowflake://@LAKE.PUBLIC.LOGS_STAGE/apache"
[output.snowflake]
copy_into = "LAKE.PUBLIC.RAW"
file_format = "LAKE.PUBLIC.JSON_FORMAT"
`, filepath.Join(dir, "spool"), filepath.Join(logs, "*.log"), stage, bucket, srv.URL, srv.AccessKey, srv.SecretKey)), 0o600)
	target := []string{"--account", "local", "--user", "flurry", "--host", host, "--port", port, "--protocol", "http"}
	env := []string{"SNOWFLAKE_PASSWORD=pw"}
	setup := "create database lake; create table raw(v variant); create file format json_format type = json; create stage logs_stage"
	if r := flurry(t, pure, env, append([]string{"sql", "-q", setup}, target...)...); r.code != 0 {
		t.Fatalf("setup through the pure binary: %s", r.stderr)
	}
	if r := flurry(t, pure, env, append([]string{"ship", "--config", cfg, "--once"}, target...)...); r.code != 0 {
		t.Fatalf("ship --once: %d\n%s", r.code, r.stderr)
	}
	if files, _ := filepath.Glob(filepath.Join(stage, "*", "*", "*", "*", "*.gz")); len(files) != 1 {
		t.Errorf("file stage holds %v", files)
	}
	if objs := srv.Objects(t, bucket, "apache/"); len(objs) != 1 {
		t.Errorf("S3 holds %d objects under apache/, want 1", len(objs))
	}
	r = flurry(t, pure, env, append([]string{"sql", "-q", "select v:host::string from lake.public.raw"}, target...)...)
	if r.code != 0 || !strings.Contains(r.stdout, "203.0.113.7") {
		t.Errorf("row loaded into the stage's table: %d %q %s", r.code, r.stdout, r.stderr)
	}
}
