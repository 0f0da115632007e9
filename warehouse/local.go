//go:build cgo

package warehouse

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/flurry-dev/flurry/snowlocal"
	sf "github.com/snowflakedb/gosnowflake"
)

// HasLocalEngine reports whether this build links the local engine (it
// needs cgo: DuckDB is C++).
const HasLocalEngine = true

// openLocalTarget starts the engine for a local target.
func openLocalTarget(ctx context.Context, dir string, configure func(*sf.Config)) (*DB, error) {
	return openLocal(ctx, snowlocal.Config{Dir: dir}, configure)
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

// OpenLocalStages is OpenLocal with external stage URLs mapped to local
// directories or S3 endpoints (snowlocal.Config.StageMap), for packages that
// must build without the engine (they get ErrNoLocalEngine there).
func OpenLocalStages(ctx context.Context, dir string, stageMap map[string]string) (*DB, error) {
	return openLocal(ctx, snowlocal.Config{Dir: dir, StageMap: stageMap}, nil)
}
