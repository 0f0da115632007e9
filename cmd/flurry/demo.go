//go:build cgo

package main

import (
	"encoding/json"
	"io"
	"log/slog"

	"github.com/flurry-dev/flurry/demo"
	"github.com/flurry-dev/flurry/internal/cli"
)

func init() { commands = append(commands, demoCommand()) }

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:      "demo",
		Usage:     "run the whole pipeline end to end on the local engine, with planted attacks",
		ArgsUsage: " ",
		Description: `Builds a fresh security lake in --dir (wiped first) and runs everything the
Snowflake guides set up by hand, on the local engine, in well under a minute:

   migrate up    the embedded lake migrations (buckets mapped to directories)
   logs          a week of benign Apache, go-audit, Teleport, S3 access and VPC
                 flow logs, then ten minutes of attacks
   flurry ship   tails the hosts' logs into the stages (file:// and a Snowflake
                 table stage); S3 and VPC logs are delivered as AWS does
   snowpipe      the auto-ingest pipes load the staged files
   task          EXECUTE TASK parses S3 access logs with the Python UDTF (the
                 task's schedule is 10 minutes; the demo does not wait)
   detect        the built-in detections: a baseline over the week, then a run
                 that must report exactly the planted attacks

It exits 1 if any stage fails: a file not loaded, a pipe or task error, a row
count that differs from what was generated, a detection error, a planted
attack not found or a finding no attack explains. The lake stays in
DIR/engine: explore it with flurry sql --local-dir DIR/engine.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Value: demo.DefaultDir, Usage: "`DIR` for the demo's lake, buckets, host logs and spools (wiped first if a previous demo made it)"},
			&cli.BoolFlag{Name: "json", Usage: "print the report as one JSON document on stdout instead of text"},
			&cli.Uint64Flag{Name: "seed", Value: demo.DefaultSeed, Usage: "`SEED` of the log generator"},
		},
		Action: runDemo,
	}
}

func runDemo(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	opts := demo.Options{Dir: c.String("dir"), Seed: c.Uint64("seed")}
	if !c.Bool("json") {
		opts.Progress = c.App.Writer
	}
	// Components log at debug only: the report says where each stage stands.
	if h := slog.Default().Handler(); h.Enabled(c.Context, slog.LevelDebug) {
		opts.Log = slog.Default()
	} else {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	rep, err := demo.Run(c.Context, opts)
	if rep == nil {
		return err
	}
	{
		if c.Bool("json") {
			enc := json.NewEncoder(c.App.Writer)
			enc.SetIndent("", "  ")
			if jerr := enc.Encode(rep); jerr != nil {
				return jerr
			}
		} else if werr := demo.WriteSummary(c.App.Writer, rep); werr != nil {
			return werr
		}
	}
	if err != nil {
		return cli.Exit("demo failed: see the report above", 1)
	}
	return nil
}
