package warehouse

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"strconv"

	sf "github.com/snowflakedb/gosnowflake"
)

// DB is a *sql.DB opened through gosnowflake. When the target is the local
// engine, DB also owns the in-process server and stops it on Close.
type DB struct {
	*sql.DB
	// Local is the in-process engine server, nil for a remote Snowflake target.
	Local io.Closer
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

// ErrNoLocalEngine is what a build without the local engine (CGO_ENABLED=0,
// the host build for flurry ship) answers for the local target.
var ErrNoLocalEngine = errors.New("this flurry build has no local engine (it was built with CGO_ENABLED=0, e.g. the host build for `flurry ship`): " +
	"use a Snowflake target (--account/--connection or SNOWFLAKE_* variables), or the full build with the engine (see the README's Builds section)")

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
