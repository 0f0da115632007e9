package warehouse

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/snowlocal"
	sf "github.com/snowflakedb/gosnowflake"
)

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// serve starts a local engine on 127.0.0.1 the way `flurry local serve` does.
func serve(t *testing.T, cfg snowlocal.Config) (host string, port int) {
	t.Helper()
	srv, err := snowlocal.Start(testContext(t), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	h, p, err := net.SplitHostPort(srv.Addr())
	if err != nil {
		t.Fatal(err)
	}
	port, _ = strconv.Atoi(p)
	return h, port
}

func selectOne(t *testing.T, db *DB) {
	t.Helper()
	var n int
	if err := db.QueryRowContext(testContext(t), "select 1").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("select 1 = %d", n)
	}
}

func TestOpenDefaultLocal(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "lake")
	tgt, src, err := Resolve(Target{}, fakeEnv(map[string]string{"FLURRY_LOCAL_DIR": dir}), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if src != SourceDefault || !tgt.IsLocal() {
		t.Fatalf("source %q local %v", src, tgt.IsLocal())
	}
	db, err := Open(testContext(t), tgt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	selectOne(t, db)
	if db.Local == nil || !strings.Contains(db.Describe, dir) {
		t.Fatalf("Local %v Describe %q", db.Local, db.Describe)
	}
	// Data persists in the directory across engine restarts.
	if _, err := db.ExecContext(testContext(t), "create database persisted_db"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2, err := Open(testContext(t), tgt)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if _, err := db2.ExecContext(testContext(t), "use database persisted_db"); err != nil {
		t.Fatalf("database created before the restart is gone: %v", err)
	}
}

func TestOpenServedEngineWithPassword(t *testing.T) {
	t.Parallel()
	host, port := serve(t, snowlocal.Config{User: "flurry", Password: "s3cret"})
	flags := Target{Account: "local", User: "flurry", Host: host, Port: port, Protocol: "http"}

	tgt, src, err := Resolve(flags, fakeEnv(map[string]string{"SNOWFLAKE_PASSWORD": "s3cret"}), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if src != SourceFlags {
		t.Fatalf("source = %q", src)
	}
	db, err := Open(testContext(t), tgt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	selectOne(t, db)
	if db.Local != nil {
		t.Fatal("a served engine is remote: DB.Local must be nil")
	}

	tgt, _, err = Resolve(flags, fakeEnv(map[string]string{"SNOWFLAKE_PASSWORD": "bad-pw-123"}), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(testContext(t), tgt)
	if err == nil || !strings.Contains(err.Error(), "390100") {
		t.Fatalf("wrong password: err = %v, want Snowflake error 390100", err)
	}
	if strings.Contains(err.Error(), "bad-pw-123") {
		t.Fatalf("error leaks the password: %v", err)
	}
	if !strings.Contains(err.Error(), `connect to Snowflake account "local" as user "flurry"`) {
		t.Fatalf("error does not name the target: %v", err)
	}
}

func TestOpenServedEngineFromConnectionsTOML(t *testing.T) {
	t.Parallel()
	host, port := serve(t, snowlocal.Config{User: "flurry", Password: "s3cret"})
	home := snowHome(t, fmt.Sprintf(`
[laptop]
account = "local"
user = "flurry"
password = "s3cret"
host = %q
port = %d
protocol = "http"
`, host, port), "")
	tgt, _, err := Resolve(Target{Connection: "laptop"}, fakeEnv(nil), home)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(testContext(t), tgt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	selectOne(t, db)
}

func TestOpenServedEngineWithDSN(t *testing.T) {
	t.Parallel()
	host, port := serve(t, snowlocal.Config{User: "flurry", Password: "s3cret"})
	dsn := fmt.Sprintf("flurry@%s:%d?account=local&protocol=http", host, port)
	tgt, _, err := Resolve(Target{DSN: dsn}, fakeEnv(map[string]string{"SNOWFLAKE_PASSWORD": "s3cret"}), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(testContext(t), tgt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	selectOne(t, db)
}

// TestOpenKeyPair logs in with SNOWFLAKE_JWT: the engine holds the public key
// and checks the JWT's RS256 signature and claims, as Snowflake does.
func TestOpenKeyPair(t *testing.T) {
	t.Parallel()
	home, _ := writeKeys(t)
	key := testKey(t)
	host, port := serve(t, snowlocal.Config{User: "flurry", RSAPublicKey: &key.PublicKey})
	flags := Target{Account: "local", User: "flurry", Host: host, Port: port, Protocol: "http",
		PrivateKeyFile: filepath.Join(home, "keys", "rsa_key.p8")}

	tgt, _, err := Resolve(flags, fakeEnv(map[string]string{"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": testPassphrase}), home)
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(testContext(t), tgt)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	selectOne(t, db)
	if !strings.Contains(db.Describe, "SNOWFLAKE_JWT") {
		t.Errorf("Describe = %q", db.Describe)
	}

	// Another key: same user, wrong signature.
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	otherFile := filepath.Join(home, "keys", "other.p8")
	if err := os.WriteFile(otherFile, encodeKey(t, other, "x").encrypted, 0o600); err != nil {
		t.Fatal(err)
	}
	flags.PrivateKeyFile = otherFile
	tgt, _, err = Resolve(flags, fakeEnv(map[string]string{"SNOWFLAKE_PRIVATE_KEY_PASSPHRASE": "x"}), home)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(testContext(t), tgt)
	var se *sf.SnowflakeError
	if !errors.As(err, &se) || se.Number != 390144 {
		t.Fatalf("wrong key: err = %v, want a *gosnowflake.SnowflakeError 390144", err)
	}
	if err == nil || !strings.Contains(err.Error(), "390144") || !strings.Contains(err.Error(), "JWT token is invalid") {
		t.Fatalf("wrong key: err = %v, want Snowflake error 390144 JWT token is invalid", err)
	}
}
