//go:build cgo

package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"

	"github.com/flurry-dev/flurry/internal/cli"
	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/udfs/pyudtf"
	"github.com/flurry-dev/flurry/warehouse"
)

func init() { commands = append(commands, localCommand()) }

func localCommand() *cli.Command {
	return &cli.Command{
		Name:  "local",
		Usage: "work with flurry's local Snowflake-compatible engine",
		Subcommands: []*cli.Command{{
			Name:  "serve",
			Usage: "serve the local engine to any Snowflake client until interrupted",
			Description: `Starts the local engine (DuckDB behind Snowflake's REST wire protocol) on a
loopback address and prints how to connect: a gosnowflake DSN, a
connections.toml entry for the Snowflake CLI and Python connector, and the
flurry flags. It speaks plain http (protocol=http), so it only listens on
127.0.0.1/::1. Stop it with Ctrl-C (SIGINT) or SIGTERM.

The password is FLURRY_LOCAL_PASSWORD if set, else a random one, printed.
With --public-key-file the user may also log in with key-pair (SNOWFLAKE_JWT)
authentication using the matching private key.

The engine is meant for one trusted user on this machine: SQL cannot read
or write files outside the engine's directory, the data directory is private
(0700), and Python function bodies, which run as the server's user, are
refused unless --allow-python is given (they then run confined: no inherited
environment, private working directory, rlimits, no network where Linux
namespaces are available). See the README's Security section.`,
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8765", Usage: "loopback `HOST:PORT` to listen on (port 0 picks a free one)"},
				&cli.StringFlag{Name: "dir", Value: warehouse.DefaultLocalDir, EnvVars: []string{"FLURRY_LOCAL_DIR"}, Usage: "data `DIR`ectory (:memory: keeps everything in memory)"},
				&cli.StringFlag{Name: "user", Value: "flurry", Usage: "the `USER` clients log in as"},
				&cli.StringFlag{Name: "public-key-file", Usage: "PEM RSA public key `FILE` (rsa_key.pub) accepted for key-pair login"},
				&cli.BoolFlag{Name: "allow-python", Usage: "let clients create LANGUAGE PYTHON functions; their bodies run (confined) as this server's user"},
				&cli.StringFlag{Name: "memory-limit", EnvVars: []string{"FLURRY_LOCAL_MEMORY_LIMIT"}, Usage: "DuckDB memory `LIMIT` such as 2GB (default: a quarter of the machine's memory)"},
				&cli.IntFlag{Name: "threads", EnvVars: []string{"FLURRY_LOCAL_THREADS"}, Usage: "DuckDB worker `N`umber of threads (default: half the cores)"},
				&cli.StringFlag{Name: "timezone", Value: "UTC", Usage: "session `TIMEZONE` sessions start with (Snowflake accounts default to America/Los_Angeles)"},
			},
			Action: serveLocal,
		}},
	}
}

func serveLocal(c *cli.Context) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", c.Args().First())
	}
	env := getenv(c)
	password, generated := env("FLURRY_LOCAL_PASSWORD"), false
	if password == "" {
		b := make([]byte, 16)
		if _, err := rand.Read(b); err != nil {
			return err
		}
		password, generated = hex.EncodeToString(b), true
	}
	cfg := snowlocal.Config{Dir: c.String("dir"), Addr: c.String("addr"), User: c.String("user"), Password: password,
		AllowPython: c.Bool("allow-python"), TimeZone: c.String("timezone"),
		Limits: snowlocal.Limits{MemoryLimit: c.String("memory-limit"), Threads: c.Int("threads")}}
	if cfg.Dir == warehouse.MemoryDir {
		cfg.Dir = ""
	}
	if f := c.String("public-key-file"); f != "" {
		key, err := readPublicKey(f)
		if err != nil {
			return fmt.Errorf("--public-key-file=%s: %w", f, err)
		}
		cfg.RSAPublicKey = key
	}
	if cfg.Dir != "" {
		// Private: the directory holds every table, and stage credentials.
		if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
			return fmt.Errorf("--dir: %w", err)
		}
	}
	srv, err := snowlocal.Start(c.Context, cfg)
	if err != nil {
		return err
	}
	defer srv.Close()

	printConnectionHelp(c.App.Writer, srv.Addr(), cfg, generated, cfg.RSAPublicKey != nil)
	slog.Info("local engine serving; stop with Ctrl-C", "addr", srv.Addr(), "dir", cfg.Dir)
	if cfg.AllowPython {
		slog.Info("Python function bodies enabled", "confinement", pyudtf.Confinement())
	}
	<-c.Context.Done()
	slog.Info("local engine stopping", "addr", srv.Addr())
	if err := srv.Close(); err != nil {
		return err
	}
	slog.Info("local engine stopped")
	return nil
}

// printConnectionHelp tells the user every way to connect. The password is
// printed only if flurry generated it; one from FLURRY_LOCAL_PASSWORD is the
// user's secret and stays a reference.
func printConnectionHelp(w io.Writer, addr string, cfg snowlocal.Config, generated, keyPair bool) {
	host, portText, _ := net.SplitHostPort(addr)
	port, _ := strconv.Atoi(portText)
	pw := "$FLURRY_LOCAL_PASSWORD"
	if generated {
		pw = cfg.Password
	}
	dir := cfg.Dir
	if dir == "" {
		dir = "memory (nothing is saved)"
	}
	dsnHost := host
	if ip := net.ParseIP(host); ip != nil && ip.To4() == nil {
		dsnHost = "[" + host + "]"
	}
	fmt.Fprintf(w, "flurry local engine listening on %s, data in %s\n", addr, dir)
	fmt.Fprintf(w, "  account: local   user: %s   password: %s\n", cfg.User, pw)
	if generated {
		fmt.Fprintln(w, "  (password generated for this run; set FLURRY_LOCAL_PASSWORD to choose one)")
	}
	if keyPair {
		fmt.Fprintln(w, "  key-pair login (authenticator SNOWFLAKE_JWT) is enabled for this user")
	}
	fmt.Fprintf(w, `
flurry, from another shell:
  SNOWFLAKE_PASSWORD=%[4]s flurry sql --account local --user %[3]s --host %[1]s --port %[2]d --protocol http -q "select 1"

gosnowflake DSN:
  %[3]s:%[4]s@%[5]s:%[2]d?account=local&protocol=http

~/.snowflake/connections.toml, then: snow sql -c flurry_local -q "select 1"   or   flurry sql --connection flurry_local:
  [flurry_local]
  account = "local"
  user = "%[3]s"
  password = "%[4]s"
  host = "%[1]s"
  port = %[2]d
  protocol = "http"

Python connector:
  snowflake.connector.connect(account="local", user="%[3]s", password="%[4]s",
                              host="%[1]s", port=%[2]d, protocol="http")

SnowSQL:
  snowsql -a local -u %[3]s -h %[1]s -p %[2]d
  (SnowSQL has no documented protocol option and may insist on https; the Snowflake CLI entry above is the sure path)
`, host, port, cfg.User, pw, dsnHost)
}

// readPublicKey reads a PEM RSA public key as `openssl rsa -pubout` writes it.
func readPublicKey(path string) (*rsa.PublicKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errors.New("not a PEM file")
	}
	switch block.Type {
	case "PUBLIC KEY":
		k, err := x509.ParsePKIXPublicKey(block.Bytes)
		if err != nil {
			return nil, err
		}
		rk, ok := k.(*rsa.PublicKey)
		if !ok {
			return nil, fmt.Errorf("public key is %T, want RSA", k)
		}
		return rk, nil
	case "RSA PUBLIC KEY":
		return x509.ParsePKCS1PublicKey(block.Bytes)
	}
	return nil, fmt.Errorf("PEM block %q is not a public key (want PUBLIC KEY from `openssl rsa -pubout`)", block.Type)
}
