package snowlocal

import (
	"context"
	"errors"
)

// Config configures a local engine and its wire server.
type Config struct {
	// Dir is the data directory (DuckDB files, internal stages). Empty means in memory.
	Dir string
	// Addr is the listen address; it must be a loopback address. Default 127.0.0.1:0.
	Addr string
	// User and Password are the credentials clients must present (password or token).
	User     string
	Password string
	// Account is the account name reported to clients. Default "local".
	Account string
}

// Server is a running local engine behind Snowflake's wire protocol.
type Server struct {
	cfg Config
}

// Start opens the engine in cfg.Dir and serves it on cfg.Addr until Close or ctx ends.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	return nil, errors.New("snowlocal: not implemented yet")
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return "" }

// Close stops the server and closes the engine.
func (s *Server) Close() error { return nil }
