package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/csv"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/youmark/pkcs8"
)

// The CLI runs in-process, one invocation at a time: urfave/cli mutates its
// *cli.Command values while running, so these tests are not parallel.

type result struct {
	code           int
	stdout, stderr string
}

// flurry runs the CLI with args (without the program name), stdin and env.
func flurry(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["HOME"]; !ok {
		env["HOME"] = t.TempDir() // never the developer's ~/.snowflake
	}
	var stdout, stderr bytes.Buffer
	code := run(ctx, append([]string{"flurry"}, args...), strings.NewReader(stdin), &stdout, &stderr,
		func(k string) string { return env[k] })
	return result{code, stdout.String(), stderr.String()}
}

func (r result) ok(t *testing.T) result {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	return r
}

func TestSQLQueryTable(t *testing.T) {
	dir := t.TempDir()
	r := flurry(t, nil, "", "sql", "--local-dir", dir, "-q", "select 1").ok(t)
	want := "+---+\n| 1 |\n|---|\n| 1 |\n+---+\n(1 row)\n"
	if r.stdout != want {
		t.Fatalf("stdout:\n%s\nwant:\n%s", r.stdout, want)
	}
}

func TestSQLDefaultTargetIsLocalDir(t *testing.T) {
	cwd := t.TempDir()
	t.Chdir(cwd)
	flurry(t, nil, "", "sql", "-q", "create database kept").ok(t)
	if _, err := os.Stat(filepath.Join(cwd, ".flurry", "local")); err != nil {
		t.Fatalf("default target did not use ./.flurry/local: %v", err)
	}
	// The data persists between runs.
	flurry(t, nil, "", "sql", "-q", "use database kept").ok(t)

	// :memory: keeps nothing.
	flurry(t, nil, "", "sql", "--local-dir", ":memory:", "-q", "create database gone").ok(t)
	if r := flurry(t, nil, "", "sql", "--local-dir", ":memory:", "-q", "use database gone"); r.code != 1 {
		t.Fatalf("in-memory data survived: %+v", r)
	}
}

// script creates a table and queries it; statement 4 returns two rows.
const script = `-- set up
create database cli_db;
use database cli_db;
create table events (id int, who string);
insert into events values (1, 'alice'), (2, 'bob, "the" builder');
select id, who from events order by id;
`

func TestSQLFileFormats(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(t.TempDir(), "hunt.sql")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("json", func(t *testing.T) {
		r := flurry(t, nil, "", "sql", "--local-dir", filepath.Join(dir, "json"), "-f", file, "--format", "json").ok(t)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		// Every line is a JSON object; the last two are the select's rows.
		var rows []map[string]any
		for _, l := range lines {
			var m map[string]any
			if err := json.Unmarshal([]byte(l), &m); err != nil {
				t.Fatalf("not JSON Lines: %q: %v", l, err)
			}
			rows = append(rows, m)
		}
		last := rows[len(rows)-2:]
		got := fmt.Sprintf("%v %v %v %v", idOf(last[0]), whoOf(last[0]), idOf(last[1]), whoOf(last[1]))
		if got != `1 alice 2 bob, "the" builder` {
			t.Fatalf("rows = %v\nstdout:\n%s", last, r.stdout)
		}
		if !strings.HasSuffix(r.stdout, "{\"ID\":2,\"WHO\":\"bob, \\\"the\\\" builder\"}\n") &&
			!strings.HasSuffix(r.stdout, "{\"id\":2,\"who\":\"bob, \\\"the\\\" builder\"}\n") {
			t.Fatalf("numbers must be JSON numbers, keys in column order:\n%s", r.stdout)
		}
	})
	t.Run("csv", func(t *testing.T) {
		r := flurry(t, nil, "", "sql", "--local-dir", filepath.Join(dir, "csv"), "-f", file, "--format", "csv").ok(t)
		blocks := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\n\n")
		recs, err := csv.NewReader(strings.NewReader(blocks[len(blocks)-1])).ReadAll()
		if err != nil {
			t.Fatalf("last result is not CSV: %v\n%s", err, r.stdout)
		}
		got := fmt.Sprint(recs)
		if !strings.EqualFold(got, `[[ID WHO] [1 alice] [2 bob, "the" builder]]`) {
			t.Fatalf("csv = %s\nstdout:\n%s", got, r.stdout)
		}
		if len(blocks) != 5 {
			t.Fatalf("want 5 CSV results (one per statement), got %d:\n%s", len(blocks), r.stdout)
		}
	})
	t.Run("stdin", func(t *testing.T) {
		r := flurry(t, nil, script, "sql", "--local-dir", filepath.Join(dir, "stdin"), "--format", "csv").ok(t)
		if !strings.Contains(r.stdout, "alice") {
			t.Fatalf("stdout:\n%s", r.stdout)
		}
	})
}

func idOf(m map[string]any) any {
	if v, ok := m["ID"]; ok {
		return v
	}
	return m["id"]
}

func whoOf(m map[string]any) any {
	if v, ok := m["WHO"]; ok {
		return v
	}
	return m["who"]
}

func TestSQLBadStatement(t *testing.T) {
	file := filepath.Join(t.TempDir(), "broken.sql")
	src := "select 1;\n\n-- the next statement is statement 2, on line 4\nselect *\n  from missing_table;\nselect 3;\n"
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	r := flurry(t, nil, "", "sql", "--local-dir", t.TempDir(), "-f", file)
	if r.code == 0 {
		t.Fatalf("exit 0 for a failing statement; stdout:\n%s", r.stdout)
	}
	want := regexp.MustCompile(`flurry: ` + regexp.QuoteMeta(file) + `: statement 2 \(line 4\): 002003 \(\w+\): SQL compilation error`)
	if !want.MatchString(r.stderr) {
		t.Fatalf("stderr = %q\nwant match %s", r.stderr, want)
	}
	// Statement 1 ran and printed; statement 3 never ran.
	if !strings.Contains(r.stdout, "(1 row)") || strings.Count(r.stdout, "(1 row)") != 1 {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
}

func TestSQLUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"sql", "-q", "select 1", "--format", "yaml"}, nil, `--format: unknown format "yaml"`},
		{[]string{"sql", "-q", "select 1", "-f", "x.sql"}, nil, "give -q or -f, not both"},
		{[]string{"sql", "-f", "/no/such.sql"}, nil, "open /no/such.sql: no such file or directory"},
		{[]string{"sql", "-q", " ; "}, nil, "--query: no SQL statements"},
		{[]string{"sql", "-q", "select 1;\nselect 'x"}, nil, "--query:2:8: "},
		{[]string{"sql", "-q", "select 1", "--user", "alice"}, nil, "--user needs a Snowflake target"},
		{[]string{"sql", "-q", "select 1"}, map[string]string{"SNOWFLAKE_ACCOUNT": "a", "SNOWFLAKE_USER": "u",
			"SNOWFLAKE_PRIVATE_KEY_FILE": "/no/key.p8"}, "SNOWFLAKE_PRIVATE_KEY_FILE=/no/key.p8: open /no/key.p8: no such file or directory"},
		{[]string{"--log-level", "loud", "version"}, nil, `--log-level "loud"`},
	}
	// None of these may start an engine in the working directory.
	t.Chdir(t.TempDir())
	for _, tt := range tests {
		r := flurry(t, tt.env, "", tt.args...)
		if r.code != 1 || !strings.Contains(r.stderr, tt.want) {
			t.Errorf("flurry %q: exit %d, stderr %q; want exit 1 and %q", tt.args, r.code, r.stderr, tt.want)
		}
	}
	if _, err := os.Stat(".flurry"); err == nil {
		t.Error("a usage error started the local engine in ./.flurry")
	}
}

// TestSQLServedEngine connects to an engine served on 127.0.0.1 like
// `flurry local serve` does, with the right and then a wrong password.
func TestSQLServedEngine(t *testing.T) {
	srv, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "flurry", Password: "right-pw"})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	host, port, _ := net.SplitHostPort(srv.Addr())
	args := []string{"sql", "--account", "local", "--user", "flurry", "--host", host, "--port", port, "--protocol", "http", "-q", "select 42 as answer", "--format", "csv"}

	r := flurry(t, map[string]string{"SNOWFLAKE_PASSWORD": "right-pw"}, "", args...).ok(t)
	if !strings.EqualFold(r.stdout, "ANSWER\n42\n") {
		t.Fatalf("stdout = %q", r.stdout)
	}

	r = flurry(t, map[string]string{"SNOWFLAKE_PASSWORD": "wrong-pw"}, "", args...)
	if r.code != 1 || !strings.Contains(r.stderr, "390100") || !strings.Contains(r.stderr, `Snowflake account "local" as user "flurry"`) {
		t.Fatalf("wrong password: exit %d stderr %q", r.code, r.stderr)
	}
	if strings.Contains(r.stderr, "wrong-pw") {
		t.Fatalf("stderr leaks the password: %q", r.stderr)
	}

	// The same engine through a connection in connections.toml.
	home := t.TempDir()
	p, _ := strconv.Atoi(port)
	writeFile(t, filepath.Join(home, ".snowflake", "connections.toml"), fmt.Sprintf(
		"[laptop]\naccount = \"local\"\nuser = \"flurry\"\nhost = %q\nport = %d\nprotocol = \"http\"\n", host, p))
	r = flurry(t, map[string]string{"HOME": home, "SNOWFLAKE_PASSWORD": "right-pw"}, "",
		"sql", "--connection", "laptop", "-q", "select 7", "--format", "json").ok(t)
	if r.stdout != "{\"7\":7}\n" {
		t.Fatalf("stdout = %q", r.stdout)
	}
}

// serveInProcess runs `flurry local serve` in-process and waits for its
// banner; stop interrupts it (as SIGINT does) and returns its exit code.
func serveInProcess(t *testing.T, env map[string]string, args ...string) (banner string, host, port string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	var stdout, stderr syncBuffer
	done := make(chan int, 1)
	if env["HOME"] == "" {
		env["HOME"] = t.TempDir()
	}
	go func() {
		done <- run(ctx, append([]string{"flurry", "local", "serve", "--addr", "127.0.0.1:0"}, args...),
			strings.NewReader(""), &stdout, &stderr, func(k string) string { return env[k] })
	}()
	listening := regexp.MustCompile(`^flurry local engine listening on (127\.0\.0\.1):(\d+),`)
	var m []string
	for deadline := time.Now().Add(30 * time.Second); m == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no banner\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
		}
		select {
		case code := <-done:
			t.Fatalf("serve exited %d\nstderr:\n%s", code, stderr.String())
		default:
		}
		if out := stdout.String(); strings.Contains(out, "Python connector") {
			m = listening.FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("banner:\n%s", out)
			}
		}
	}
	stop = func() int {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d after interrupt\nstderr:\n%s", code, stderr.String())
			}
			return code
		case <-time.After(30 * time.Second):
			t.Fatal("serve did not stop after interrupt")
			return -1
		}
	}
	return stdout.String(), m[1], m[2], stop
}

func TestLocalServe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "served")
	out, host, port, stop := serveInProcess(t, map[string]string{"FLURRY_LOCAL_PASSWORD": "chosen-pw"}, "--dir", dir)
	if strings.Contains(out, "chosen-pw") {
		t.Fatalf("a password from FLURRY_LOCAL_PASSWORD must not be printed:\n%s", out)
	}
	dsnLine := "  flurry:$FLURRY_LOCAL_PASSWORD@" + host + ":" + port + "?account=local&protocol=http\n"
	for _, want := range []string{dsnLine, "[flurry_local]", `protocol = "http"`, "port = " + port,
		"snowflake.connector.connect(", "--protocol http", "data in " + dir} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}

	// Connect with the DSN the banner printed, password from the environment.
	dsn := "flurry@" + host + ":" + port + "?account=local&protocol=http"
	r := flurry(t, map[string]string{"SNOWFLAKE_PASSWORD": "chosen-pw"}, "", "sql", "--dsn", dsn, "-q", "select 1 as one", "--format", "json").ok(t)
	if !strings.EqualFold(r.stdout, "{\"ONE\":1}\n") {
		t.Fatalf("stdout = %q", r.stdout)
	}
	stop()
}

func TestLocalServeGeneratedPassword(t *testing.T) {
	out, host, port, stop := serveInProcess(t, map[string]string{}, "--dir", ":memory:")
	defer stop()
	m := regexp.MustCompile(`password: ([0-9a-f]{32})\n`).FindStringSubmatch(out)
	if m == nil || !strings.Contains(out, "data in memory") {
		t.Fatalf("banner:\n%s", out)
	}
	flurry(t, map[string]string{"SNOWFLAKE_PASSWORD": m[1]}, "", "sql", "--account", "local", "--user", "flurry",
		"--host", host, "--port", port, "--protocol", "http", "-q", "select 1").ok(t)
}

// TestLocalServeKeyPair: serve with --public-key-file, connect with the
// matching encrypted private key (passphrase from the environment).
func TestLocalServeKeyPair(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	keys := t.TempDir()
	pub, _ := x509.MarshalPKIXPublicKey(&key.PublicKey)
	writeFile(t, filepath.Join(keys, "rsa_key.pub"), string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub})))
	enc, err := pkcs8.MarshalPrivateKey(key, []byte("key-pass"), nil)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(keys, "rsa_key.p8"), string(pem.EncodeToMemory(&pem.Block{Type: "ENCRYPTED PRIVATE KEY", Bytes: enc})))

	out, host, port, stop := serveInProcess(t, map[string]string{}, "--dir", ":memory:", "--public-key-file", filepath.Join(keys, "rsa_key.pub"))
	defer stop()
	if !strings.Contains(out, "key-pair login (authenticator SNOWFLAKE_JWT) is enabled") {
		t.Fatalf("banner:\n%s", out)
	}
	args := []string{"sql", "--account", "local", "--user", "flurry", "--host", host, "--port", port, "--protocol", "http",
		"--private-key-file", filepath.Join(keys, "rsa_key.p8"), "-q", "select 5 as five", "--format", "csv"}
	r := flurry(t, map[string]string{"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": "key-pass"}, "", args...).ok(t)
	if !strings.EqualFold(r.stdout, "FIVE\n5\n") {
		t.Fatalf("stdout = %q", r.stdout)
	}
	r = flurry(t, map[string]string{"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": "not-it"}, "", args...)
	if r.code != 1 || !strings.Contains(r.stderr, "--private-key-file="+filepath.Join(keys, "rsa_key.p8")+": wrong passphrase for encrypted private key (passphrase from SNOWFLAKE_PRIVATE_KEY_PASSPHRASE)") {
		t.Fatalf("wrong passphrase: exit %d stderr %q", r.code, r.stderr)
	}
	if r := flurry(t, nil, "", "local", "serve", "--public-key-file", filepath.Join(keys, "rsa_key.p8")); r.code != 1 ||
		!strings.Contains(r.stderr, `--public-key-file=`+filepath.Join(keys, "rsa_key.p8")+`: PEM block "ENCRYPTED PRIVATE KEY" is not a public key`) {
		t.Fatalf("private key as public key: exit %d stderr %q", r.code, r.stderr)
	}
}

func TestVersion(t *testing.T) {
	r := flurry(t, nil, "", "version").ok(t)
	if !strings.HasPrefix(r.stdout, "flurry dev\ngo: go1.") {
		t.Fatalf("stdout = %q", r.stdout)
	}
	r = flurry(t, nil, "", "--version").ok(t)
	if !strings.Contains(r.stdout, "dev") {
		t.Fatalf("--version stdout = %q", r.stdout)
	}
}

func TestHelpNamesCommandsAndPrecedence(t *testing.T) {
	r := flurry(t, nil, "", "--help").ok(t)
	for _, want := range []string{"turn a Snowflake security data lake into code", "sql", "local", "version",
		"flags > SNOWFLAKE_* environment variables", "--log-level"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	r = flurry(t, nil, "", "sql", "--help").ok(t)
	for _, want := range []string{"--query", "--format", "--connection", "--private-key-file", "JSON Lines"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("sql help lacks %q", want)
		}
	}
	if strings.Contains(r.stdout, "--password") || strings.Contains(r.stdout, "--passphrase") {
		t.Errorf("secrets must not be flags:\n%s", r.stdout)
	}
}
