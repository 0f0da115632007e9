package warehouse

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"strconv"

	"github.com/flurry-dev/flurry/snowlocal"
	sf "github.com/snowflakedb/gosnowflake"
)

// DB is a *sql.DB opened through gosnowflake. When the target is the local
// engine, DB also owns the in-process server and stops it on Close.
type DB struct {
	*sql.DB
	// Local is the in-process engine server, nil for a remote Snowflake target.
	Local *snowlocal.Server
	// Describe names the target for humans (never contains secrets).
	Describe string
}

// Close closes the pool and, for a local target, stops the engine.
func (db *DB) Close() error {
	err := db.DB.Close()
	if db.Local != nil {
		if cerr := db.Local.Close(); err == nil {
			err = cerr
		}
	}
	return err
}

// OpenLocal starts the local engine with its data in dir ("" keeps it in
// memory) on 127.0.0.1 and connects to it through gosnowflake, exactly as a
// remote Snowflake account would be reached.
func OpenLocal(ctx context.Context, dir string) (*DB, error) {
	return openLocal(ctx, snowlocal.Config{Dir: dir}, nil)
}

// OpenLocalConfig is OpenLocal with the engine's full configuration (for
// example StageMap, which maps external stage URLs to local directories or
// S3 endpoints). User and Password are generated when empty.
func OpenLocalConfig(ctx context.Context, cfg snowlocal.Config) (*DB, error) {
	return openLocal(ctx, cfg, nil)
}

// openLocal is OpenLocal with a hook to adjust the client configuration
// (database, schema, ... of the session) before connecting.
func openLocal(ctx context.Context, engineCfg snowlocal.Config, configure func(*sf.Config)) (*DB, error) {
	dir := engineCfg.Dir
	if engineCfg.User == "" {
		engineCfg.User = "flurry"
	}
	if engineCfg.Password == "" {
		engineCfg.Password = randomSecret()
	}
	// The embedded engine serves only this process (its password is never
	// shown), so flurry's own migrations may create Python functions.
	engineCfg.AllowPython = true
	srv, err := snowlocal.Start(ctx, engineCfg)
	if err != nil {
		return nil, fmt.Errorf("start local engine in %q: %w", dir, err)
	}
	cfg, err := LocalConfig(srv.Addr(), engineCfg.User, engineCfg.Password)
	if err != nil {
		srv.Close()
		return nil, err
	}
	if configure != nil {
		configure(cfg)
	}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		srv.Close()
		return nil, fmt.Errorf("connect to local engine at %s: %w", srv.Addr(), err)
	}
	desc := "local engine (memory)"
	if dir != "" {
		desc = "local engine (" + dir + ")"
	}
	return &DB{DB: db, Local: srv, Describe: desc}, nil
}

// LocalConfig is the gosnowflake configuration for a local engine listening on addr.
func LocalConfig(addr, user, password string) (*sf.Config, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("local engine address %q: %w", addr, err)
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("local engine port %q: %w", portText, err)
	}
	return &sf.Config{
		Account:  "local",
		User:     user,
		Password: password,
		Host:     host,
		Port:     port,
		Protocol: "http",
		// The local engine has no OCSP responder or telemetry sink to talk to.
		DisableOCSPChecks: true,
		DisableTelemetry:  true,
	}, nil
}

func randomSecret() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}
