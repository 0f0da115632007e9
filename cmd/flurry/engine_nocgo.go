//go:build !cgo

package main

import (
	"github.com/flurry-dev/flurry/internal/cli"
	"github.com/flurry-dev/flurry/warehouse"
)

// Without cgo the binary has no local engine (DuckDB is C++): the commands
// that exist only for the engine stay listed and say how to get it.
func init() {
	noEngine := func(*cli.Context) error { return warehouse.ErrNoLocalEngine }
	commands = append(commands,
		&cli.Command{Name: "demo", Usage: "run the whole pipeline on the local engine (not in this build)", Action: noEngine, SkipFlagParsing: true},
		&cli.Command{Name: "local", Usage: "the local Snowflake-compatible engine (not in this build)", Subcommands: []*cli.Command{
			{Name: "serve", Usage: "serve the local engine (not in this build)", Action: noEngine, SkipFlagParsing: true},
		}},
	)
}
