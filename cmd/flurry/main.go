// Command flurry turns a Snowflake security data lake into code.
//
// Each command family lives in its own file and registers itself in
// commands from an init function; this file builds the app around them.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/flurry-dev/flurry/internal/cli"
	sf "github.com/snowflakedb/gosnowflake"
)

// commands are flurry's top-level commands, registered by init functions.
var commands []*cli.Command

const description = `flurry replaces the click-by-click setup of a Snowflake security data lake
(stages, pipes, streams, tasks, UDFs, views and threat-hunting queries over
Apache, Teleport, go-audit, S3 access and VPC flow logs) with files in git and
one binary:

   flurry migrate up     create or update every Snowflake object from migrations/
   flurry detect run     run the saved detection queries and report new findings
   flurry ship           tail log files and ship them to S3 or a Snowflake stage
   flurry sql            run SQL against the target, print tables, JSON or CSV
   flurry console        serve a read-only web page of the lake: ingestion, findings, runs
   flurry local serve    serve the local Snowflake-compatible engine to any client

TARGET. Commands that talk to Snowflake take the same target flags. Precedence:
flags > SNOWFLAKE_* environment variables > a connection in
~/.snowflake/connections.toml (--connection NAME) > the default, which is
flurry's local engine (DuckDB behind Snowflake's wire protocol) with its data
in ./.flurry/local. So with no Snowflake account at all, everything works
locally:

   flurry sql -q "select current_version()"

and against a real account:

   export SNOWFLAKE_ACCOUNT=myorg-myaccount SNOWFLAKE_USER=FLURRY
   export SNOWFLAKE_PRIVATE_KEY_FILE=~/.ssh/flurry_rsa_key.p8 SNOWFLAKE_PRIVATE_KEY_PASSPHRASE=...
   flurry sql -q "select current_account()"

Run "flurry COMMAND --help" for a command's flags.`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	processEnv = true // the app's environment is the process's (see envLookup)
	code := run(ctx, os.Args, os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

// envKey is the App.Metadata key of the environment lookup function, so that
// tests can run the CLI in-process with their own environment.
const envKey = "env"

// run runs the CLI and returns the process exit code: 0 on success, 1 on any
// error (printed to stderr as "flurry: ...").
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, env func(string) string) int {
	app := newApp(stdin, stdout, stderr, env)
	err := app.RunContext(ctx, args)
	if err == nil {
		return 0
	}
	var exit cli.ExitCoder
	if errors.As(err, &exit) {
		if msg := err.Error(); msg != "" {
			fmt.Fprintln(stderr, "flurry: "+msg)
		}
		return max(exit.ExitCode(), 1)
	}
	fmt.Fprintln(stderr, "flurry: "+err.Error())
	return 1
}

func newApp(stdin io.Reader, stdout, stderr io.Writer, env func(string) string) *cli.App {
	cmds := slices.Clone(commands)
	slices.SortFunc(cmds, func(a, b *cli.Command) int { return strings.Compare(a.Name, b.Name) })
	return &cli.App{
		Name:                 "flurry",
		Usage:                "turn a Snowflake security data lake into code",
		Description:          description,
		Version:              versionString(),
		Commands:             cmds,
		EnableBashCompletion: true,
		Suggest:              true,
		Reader:               stdin,
		Writer:               stdout,
		ErrWriter:            stderr,
		Metadata:             map[string]any{envKey: env},
		Flags: []cli.Flag{
			&cli.StringFlag{
				Name:    "log-level",
				Value:   "info",
				EnvVars: []string{"FLURRY_LOG_LEVEL"},
				Usage:   "log verbosity on stderr: debug, info, warn or error",
			},
		},
		Before: func(c *cli.Context) error { return setupLogging(c.String("log-level"), stderr) },
		// Errors are printed once, by run; urfave would print ExitCoder messages itself.
		ExitErrHandler: func(*cli.Context, error) {},
	}
}

// setupLogging sends slog's text output to stderr at the given level and
// quiets gosnowflake's own logger, which would repeat every error flurry
// reports itself.
func setupLogging(level string, stderr io.Writer) error {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return fmt.Errorf("--log-level %q: want debug, info, warn or error", level)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: l})))
	driver := sf.GetLogger()
	if l <= slog.LevelDebug {
		driver.SetOutput(stderr)
		return driver.SetLogLevel("info")
	}
	// Some driver log calls bypass its level switch: discard its output too.
	driver.SetOutput(io.Discard)
	return driver.SetLogLevel("panic")
}

// getenv is the environment lookup the app was built with.
func getenv(c *cli.Context) func(string) string {
	if env, ok := c.App.Metadata[envKey].(func(string) string); ok && env != nil {
		return env
	}
	return os.Getenv
}
