package snowlocal

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// Config configures a local engine and its wire server.
type Config struct {
	// Dir is the data directory (DuckDB files, internal stages). Empty means in memory.
	Dir string
	// Addr is the listen address; it must be a loopback address. Default 127.0.0.1:0.
	Addr string
	// User and Password are the credentials clients must present (as a
	// password, or as an OAuth/programmatic access token).
	User     string
	Password string
	// RSAPublicKey, when set, lets User log in with key-pair (JWT) auth.
	RSAPublicKey *rsa.PublicKey
	// Account is the account name reported to clients. Default "local".
	Account string
	// Logger receives the server's logs; default slog.Default().
	Logger *slog.Logger
	// StageMap maps external stage URL prefixes to where the local engine
	// reads them: "s3://bucket/prefix/" -> "file:///dir" or an S3-compatible
	// endpoint "http://host:port/bucket/prefix". Entries are added to those of
	// the FLURRY_LOCAL_STAGE_MAP environment variable (see stage_map.go).
	StageMap map[string]string
	// Limits bound DuckDB's memory and threads (default: a quarter of the
	// memory, half the cores).
	Limits Limits
	// AllowPython lets clients create LANGUAGE PYTHON functions, whose bodies
	// run as child processes of the server (confined, see udfs/pyudtf).
	AllowPython bool
	// TimeZone is the TIMEZONE sessions start with (an IANA name); empty
	// means UTC. Snowflake accounts default to America/Los_Angeles.
	TimeZone string
}

// Server is a running local engine behind Snowflake's wire protocol.
type Server struct {
	cfg    Config
	engine *Engine
	wire   *wire
	ln     net.Listener
	http   *http.Server
	done   chan struct{}
}

// Start opens the engine in cfg.Dir and serves it on cfg.Addr until Close or ctx ends.
func Start(ctx context.Context, cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.Account == "" {
		cfg.Account = "local"
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.User == "" || (cfg.Password == "" && cfg.RSAPublicKey == nil) {
		return nil, errors.New("local engine: a user and a password (or public key) are required")
	}
	host, _, err := net.SplitHostPort(cfg.Addr)
	if err != nil {
		return nil, fmt.Errorf("local engine address %q: %w", cfg.Addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("local engine address %q: only loopback addresses are allowed (it has no TLS)", cfg.Addr)
	}
	if cfg.Limits, err = cfg.Limits.withEnv(); err != nil {
		return nil, err
	}
	engine, err := open(ctx, cfg.Dir)
	if err != nil {
		return nil, err
	}
	engine.SetLogger(cfg.Logger)
	engine.refusePython = !cfg.AllowPython
	if err := engine.SetTimeZone(cfg.TimeZone); err != nil {
		engine.Close()
		return nil, fmt.Errorf("local engine: %w", err)
	}
	if err := engine.SetStageMap(cfg.StageMap); err != nil {
		engine.Close()
		return nil, err
	}
	if err := engine.lockdown(ctx, cfg.Limits, stageMapDirs(engine.loading.envMap, cfg.StageMap)); err != nil {
		engine.Close()
		return nil, err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		engine.Close()
		return nil, fmt.Errorf("local engine listen on %s: %w", cfg.Addr, err)
	}
	s := &Server{cfg: cfg, engine: engine, ln: ln, done: make(chan struct{})}
	s.wire = newWire(engine, cfg, cfg.Logger)
	s.wire.addr = ln.Addr().String()
	s.http = &http.Server{Handler: s.wire.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		defer close(s.done)
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			cfg.Logger.Error("local engine server stopped", "err", err)
		}
	}()
	go func() {
		select {
		case <-ctx.Done():
			s.Close()
		case <-s.done:
		}
	}()
	engine.startBackground()
	return s, nil
}

// Addr is the host:port the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// Engine is the server's engine.
func (s *Server) Engine() *Engine { return s.engine }

// Close stops the server and closes the engine.
func (s *Server) Close() error {
	if s == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	s.engine.stopBackground()
	err := s.http.Shutdown(ctx)
	s.wire.closeAll()
	if cerr := s.engine.Close(); err == nil {
		err = cerr
	}
	return err
}
