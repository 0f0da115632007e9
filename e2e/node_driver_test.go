package e2e

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"database/sql"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
)

// TestNodeDriver runs e2e/node/driver.test.js — Snowflake's Node.js driver,
// snowflake-sdk pinned in e2e/node/package-lock.json — with `node --test`
// against a local engine: password and key-pair login, binds, every type,
// session parameters, multi-statement, async, cancel, a 100k-row result in
// chunks, PUT/LIST. node_modules is installed with `npm ci` when missing.
func TestNodeDriver(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed: the Node.js driver suite (e2e/node) needs Node.js 18+ and npm")
	}
	dir, err := filepath.Abs("node")
	if err != nil {
		t.Fatal(err)
	}
	installNodeModules(t, dir)

	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(t.TempDir(), "rsa_key.p8")
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv, err := snowlocal.Start(ctx, snowlocal.Config{User: "nodeuser", Password: "node-pw", RSAPublicKey: &key.PublicKey})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	// The database the suite logs into, and BINARY values written through
	// gosnowflake's BINARY binds (the Node driver has no BINARY bind type).
	cfg, err := warehouse.LocalConfig(srv.Addr(), "nodeuser", "node-pw")
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, q := range []string{"create database node_e2e", "create table node_e2e.public.bin(id int, b binary)"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// gosnowflake sends a []byte as BINARY after the DataTypeBinary marker.
	if _, err := db.Exec("insert into node_e2e.public.bin values (?, ?)", 1, sf.DataTypeBinary, []byte{0x00, 0xff, 0x61}); err != nil {
		t.Fatal(err)
	}

	runCtx, stop := context.WithTimeout(ctx, 3*time.Minute)
	defer stop()
	cmd := exec.CommandContext(runCtx, node, "--test", "--test-reporter=spec", "driver.test.js")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"FLURRY_NODE_URL=http://"+srv.Addr(),
		"FLURRY_NODE_USER=nodeuser",
		"FLURRY_NODE_PASSWORD=node-pw",
		"FLURRY_NODE_KEY="+keyFile,
		// The AWS SDK inside snowflake-sdk warns about Node versions on stderr.
		"AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE=1",
	)
	out, err := cmd.CombinedOutput()
	t.Logf("node --test driver.test.js:\n%s", out)
	if err != nil {
		t.Fatalf("the Node.js driver suite failed: %v", err)
	}
}

// installNodeModules runs `npm ci` in dir when node_modules is missing, so
// the suite runs on a fresh checkout (as the S3 tests install versitygw).
func installNodeModules(t *testing.T, dir string) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "snowflake-sdk", "package.json")); err == nil {
		return
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		t.Skip("node is installed but npm is not: cannot install e2e/node's snowflake-sdk")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("npm ci in %s: %v\n%s", dir, err, out)
	}
}
