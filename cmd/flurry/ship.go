package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/flurry-dev/flurry/internal/cli"

	"github.com/flurry-dev/flurry/shipper"
	"github.com/flurry-dev/flurry/warehouse"
)

func init() { commands = append(commands, shipCommand()) }

func shipCommand() *cli.Command {
	return &cli.Command{
		Name:  "ship",
		Usage: "tail log files, parse, spool durably, gzip and upload to S3, a stage directory or a Snowflake stage",
		Description: `flurry ship replaces td-agent + fluent-plugin-s3 on a host. It reads a TOML
config (see examples/ship/flurry-ship.toml) with [[source]] blocks (path globs,
tag, parser: apache2, json, s3_access, vpc_flow, regexp, none) and [[output]]
blocks (s3://bucket/prefix, file:///dir, snowflake://@stage/prefix), spools
records on disk (0600, fsynced before positions advance) and uploads gzip
chunks. It runs until SIGTERM/SIGINT and flushes on exit; --once backfills the
files that exist now and exits.

A snowflake:// output without target = "NAME" uses the target flags below
(default: the local engine); with a target it uses that named connection from
~/.snowflake/connections.toml.`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "config", Usage: "the shipper's TOML config `FILE`", Value: "/etc/flurry/ship.toml"},
			&cli.BoolFlag{Name: "check", Usage: "validate the config, print a summary and exit"},
			&cli.BoolFlag{Name: "once", Usage: "backfill the existing files to their end, upload everything and exit"},
			&cli.StringFlag{Name: "metrics-listen", Usage: "serve Prometheus metrics on `ADDR` (overrides metrics_listen)"},
		}, targetFlags()...),
		Action: func(c *cli.Context) error {
			cfg, err := shipper.LoadConfig(c.String("config"))
			if err != nil {
				return err
			}
			if c.Bool("check") {
				w := c.App.Writer
				fmt.Fprintf(w, "%s: ok (spool %s)\n", c.String("config"), cfg.SpoolDir)
				for _, src := range cfg.Sources {
					fmt.Fprintf(w, "  source %-12s parser=%-9s tag=%s paths=%v\n", src.Name, src.Parser, src.Tag, src.Paths)
				}
				for _, out := range cfg.Outputs {
					fmt.Fprintf(w, "  output %-12s match=%-18s %s\n", out.Name, out.Match, out.URL)
				}
				return nil
			}
			targets := &shipTargets{c: c, open: map[string]*warehouse.DB{}}
			defer targets.closeAll()
			return shipper.Run(c.Context, cfg, shipper.RunOptions{
				Once:          c.Bool("once"),
				MetricsListen: c.String("metrics-listen"),
				Logger:        slog.Default(),
				Snowflake:     targets.get,
			})
		},
	}
}

// shipTargets opens each snowflake:// output's target once.
type shipTargets struct {
	c    *cli.Context
	mu   sync.Mutex
	open map[string]*warehouse.DB
}

func (t *shipTargets) get(ctx context.Context, name string) (*sql.DB, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if db, ok := t.open[name]; ok {
		return db.DB, nil
	}
	var db *warehouse.DB
	var err error
	if name == "" {
		db, err = openTarget(t.c)
	} else {
		env := getenv(t.c)
		home := env("HOME")
		if home == "" {
			home, _ = os.UserHomeDir()
		}
		var target warehouse.Target
		target, _, err = warehouse.Resolve(warehouse.Target{Connection: name}, env, home)
		if err == nil {
			db, err = warehouse.Open(ctx, target)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("snowflake output target %q: %w", name, err)
	}
	t.open[name] = db
	return db.DB, nil
}

func (t *shipTargets) closeAll() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, db := range t.open {
		db.Close()
	}
}
