package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/internal/cli"
	"github.com/flurry-dev/flurry/warehouse"
	"golang.org/x/term"
)

func init() { commands = append(commands, detectCommand()) }

const detectDescription = `Detections are saved Snowflake queries kept as code: one .sql file each, real
SQL you can paste into a worksheet, with a YAML header in its leading "--"
comment lines (id, title, description, severity, schedule, lookback, mitre,
tags, key, dedup, enabled, runbook, timeout). Without --dir, the detections
built into flurry run: every sample query of the Snowflake guides plus more.

"run" executes them on the target and diffs each result against the
previous run by its key columns, osquery-style: new keys alert, vanished keys
are recorded as removed, and a key that alerted less than its dedup period
ago stays quiet. State lives in the warehouse (--state-schema, created if
missing), so cron on a stateless CI runner works. Sessions start in
SECURITY_LAKE.PUBLIC unless the target names a database (--database,
--schema, SNOWFLAKE_DATABASE, the connection or the DSN).

"test" loads each detection's fixtures (real log lines, with times relative
to now: {{ago "2h"}}) into a fresh local engine built by the lake migrations,
runs the detection and diffs its rows with the expected findings.`

func detectCommand() *cli.Command {
	dir := &cli.StringFlag{Name: "dir", EnvVars: []string{"FLURRY_DETECTIONS_DIR"},
		Usage: "detections `DIR` (*.sql, recursively, skipping testdata/; default: the detections built into flurry)"}
	lakeVars := []cli.Flag{
		&cli.StringFlag{Name: "vars", Usage: "YAML `FILE` of lake migration variables for the local engine (optional)"},
		&cli.StringSliceFlag{Name: "var", Usage: "set lake migration variable `NAME=VALUE` (repeatable)"},
	}
	selection := []cli.Flag{
		&cli.StringSliceFlag{Name: "id", Usage: "only the detection `ID` (repeatable; runs it even if disabled)"},
		&cli.StringSliceFlag{Name: "tag", Usage: "only detections with tag `TAG` (repeatable: any of them)"},
		&cli.BoolFlag{Name: "include-disabled", Usage: "also run detections with enabled: false"},
	}
	runFlags := append([]cli.Flag{dir}, selection...)
	runFlags = append(runFlags,
		&cli.DurationFlag{Name: "timeout", Value: 5 * time.Minute, Usage: "per-query timeout (a detection's timeout: header wins)"},
		&cli.IntFlag{Name: "parallel", Value: 4, Usage: "run at most `N` queries at once"},
		&cli.StringFlag{Name: "format", Value: "auto", Usage: "stdout format: table, json (JSON lines) or auto (table on a terminal, else json)"},
		&cli.StringFlag{Name: "output", Aliases: []string{"o"}, Usage: "also append JSON lines to `FILE`"},
		&cli.StringFlag{Name: "webhook", EnvVars: []string{"FLURRY_DETECT_WEBHOOK"}, Usage: "POST new findings to `URL`, one request per detection"},
		&cli.StringFlag{Name: "webhook-format", Value: "generic", Usage: "webhook body: generic (JSON document) or slack (Slack-compatible text and blocks)"},
		&cli.BoolFlag{Name: "webhook-errors", Usage: "also POST failed detections to the webhook"},
		&cli.StringFlag{Name: "fail-on", Usage: "exit 2 when a detection of `SEVERITY` (info, low, medium, high, critical) or higher has new findings"},
		&cli.StringFlag{Name: "state-schema", Value: detections.DefaultStateSchema, Usage: "`DATABASE.SCHEMA` of the DETECTION_STATE and DETECTION_RUNS tables"},
		&cli.BoolFlag{Name: "ignore-schedule", Aliases: []string{"all"}, Usage: "run detections even when their schedule says they are not due"},
		&cli.BoolFlag{Name: "baseline", Usage: "record current findings as known without alerting (first deployment)"},
		&cli.DurationFlag{Name: "settle", Value: detections.DefaultSettle, Usage: "end each arrival-time window this long before the warehouse's current time, so loads in flight have committed"},
		&cli.IntFlag{Name: "memory-rows", Value: detections.DefaultMemoryRows, Usage: "diff results of up to `N` rows in memory; larger ones are diffed by SQL in the warehouse (transient tables in the state schema)"},
		&cli.BoolFlag{Name: "dry-run", Usage: "run and diff, print what would be sent (JSON lines), write no state and send nothing"},
		&cli.BoolFlag{Name: "json", Usage: "print one JSON summary of the run on stdout (for cron and CI) instead of the events; events still go to --output and --webhook"},
	)
	runFlags = append(runFlags, targetFlags()...)
	return &cli.Command{
		Name:        "detect",
		Usage:       "run, diff, alert on and test the saved detection queries",
		Description: detectDescription,
		Subcommands: []*cli.Command{
			{
				Name:  "run",
				Usage: "run detections on the target; alert on findings new since the previous run",
				Description: `Each detection selects the rows that arrived since its last successful run
($loaded_after < _LOADED_AT <= $loaded_until), so late files and missed runs
lose nothing. A run holds a lock in the state schema: a second run started
meanwhile does nothing and exits 3.

Exit status: 0 when every detection ran, 1 when one failed or timed out (the
others still run) or alerts could not be delivered, 2 with --fail-on when a
detection of that severity or higher has new findings, 3 when another run
holds the run lock (nothing was run; the next run covers this one's window).`,
				Flags:  runFlags,
				Action: detectRun,
			},
			{
				Name:   "list",
				Usage:  "list detections",
				Flags:  []cli.Flag{dir, &cli.BoolFlag{Name: "json", Usage: "print JSON lines"}},
				Action: detectList,
			},
			{
				Name:  "lint",
				Usage: "check headers, SQL and key columns; exit 1 on any problem",
				Description: `Checks each header (required and unknown fields, values), that the lexer splits
the SQL into exactly one query, and that every key column is returned. The
returned columns come from compiling the query with LIMIT 0 on a fresh local
engine holding the lake (built by the lake migrations); with --no-engine
they are read from the SELECT list.`,
				Flags: append([]cli.Flag{dir,
					&cli.BoolFlag{Name: "no-engine", Usage: "check key columns lexically, without starting the local engine"},
				}, lakeVars...),
				Action: detectLint,
			},
			{
				Name:  "test",
				Usage: "run each detection's fixture tests on a fresh local engine",
				Description: `Test files are <tests>/<id>.yaml (default: --dir/testdata, or
./testdata/detections for the built-in detections). Each holds cases: fixtures
keyed by lake table, in the format the pipeline lands them in, and the
expected rows (only the columns named). The file is a Go template:
{{ago "2h"}}, {{now}}, (ago "1d").Unix/.Epoch/.S3/.Fluentd/.SQL, {{range seq N}}.
Every detection needs at least one positive and one negative case.`,
				Flags: append([]cli.Flag{dir,
					&cli.StringFlag{Name: "tests", Usage: "`DIR` holding <id>.yaml test files"},
					&cli.StringSliceFlag{Name: "id", Usage: "only the detection `ID` (repeatable)"},
					&cli.IntFlag{Name: "parallel", Value: 2, Usage: "run at most `N` cases at once"},
					&cli.BoolFlag{Name: "verbose", Aliases: []string{"v"}, Usage: "also list passing cases"},
				}, lakeVars...),
				Action: detectTest,
			},
			{
				Name:      "new",
				Usage:     "create a detection and its fixture test from a template",
				ArgsUsage: "ID",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "dir", Value: "detections", Usage: "`DIR` to create ID.sql in"},
					&cli.StringFlag{Name: "tests", Usage: "`DIR` to create ID.yaml in (default: DIR/testdata)"},
				},
				Action:       detectNew,
				OnUsageError: usageError,
			},
		},
	}
}

// detectionSource returns the detections FS, a name for it, and its default tests dir.
func detectionSource(c *cli.Context) (fs.FS, string, string, error) {
	dir := c.String("dir")
	if dir == "" {
		return detections.Builtin(), "built-in detections", filepath.Join("testdata", "detections"), nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, "", "", fmt.Errorf("--dir: %w", err)
	}
	if !st.IsDir() {
		return nil, "", "", fmt.Errorf("--dir %s: not a directory", dir)
	}
	return os.DirFS(dir), dir, filepath.Join(dir, "testdata"), nil
}

func noArgs(c *cli.Context) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", c.Args().First())
	}
	return nil
}

func detectRun(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	var failOn *detections.Severity
	if s := c.String("fail-on"); s != "" {
		sev, err := detections.ParseSeverity(s)
		if err != nil {
			return fmt.Errorf("--fail-on: %w", err)
		}
		failOn = &sev
	}
	format := c.String("format")
	if format == "auto" {
		format = "json"
		if f, ok := c.App.Writer.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			format = "table"
		}
	}
	if format != "json" && format != "table" {
		return fmt.Errorf("--format %q: want table, json or auto", format)
	}
	webhookFormat := c.String("webhook-format")
	if webhookFormat != "generic" && webhookFormat != "slack" {
		return fmt.Errorf("--webhook-format %q: want generic or slack", webhookFormat)
	}

	fsys, _, _, err := detectionSource(c)
	if err != nil {
		return err
	}
	all, problems := detections.LoadAll(fsys)
	for _, p := range problems {
		fmt.Fprintln(c.App.ErrWriter, "flurry: "+p.String())
	}
	dets, err := detections.Select(all, c.StringSlice("id"), c.StringSlice("tag"), c.Bool("include-disabled"))
	if err != nil {
		return err
	}

	dryRun, summary := c.Bool("dry-run"), c.Bool("json")
	var sinks []detections.Sink
	if format == "json" && !summary || dryRun {
		sinks = append(sinks, &detections.JSONLines{W: c.App.Writer})
	}
	if path := c.String("output"); path != "" && !dryRun {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
		if err != nil {
			return fmt.Errorf("--output: %w", err)
		}
		defer f.Close()
		sinks = append(sinks, &detections.JSONLines{W: f})
	}
	if url := c.String("webhook"); url != "" && !dryRun {
		sinks = append(sinks, &detections.Webhook{URL: url, Slack: webhookFormat == "slack", Errors: c.Bool("webhook-errors")})
	}

	// Detections name the lake's tables unqualified: unless the target says
	// otherwise, sessions start in the lake's schema.
	t, err := resolveTarget(c)
	if err != nil {
		return err
	}
	if t.Database == "" && t.DSN == "" {
		t.Database = "SECURITY_LAKE"
		if t.Schema == "" {
			t.Schema = "PUBLIC"
		}
	}
	db, err := warehouse.Open(c.Context, t)
	if err != nil {
		return err
	}
	defer db.Close()
	r := &detections.Runner{
		DB:             db.DB,
		State:          &detections.Store{DB: db.DB, Schema: c.String("state-schema")},
		Timeout:        c.Duration("timeout"),
		Parallel:       c.Int("parallel"),
		IgnoreSchedule: c.Bool("ignore-schedule"),
		Baseline:       c.Bool("baseline"),
		Sinks:          sinks,
		Settle:         c.Duration("settle"),
		DryRun:         dryRun,
		MemoryRows:     c.Int("memory-rows"),
	}
	if r.Settle == 0 {
		r.Settle = -1 // --settle 0s: no settling time
	}
	rep, err := r.Run(c.Context, dets)
	var held *detections.LockHeldError
	if errors.As(err, &held) {
		if summary {
			_ = json.NewEncoder(c.App.Writer).Encode(map[string]any{"status": "locked", "exit_code": detections.ExitLocked, "error": held.Error()})
		}
		return cli.Exit("flurry: "+held.Error(), detections.ExitLocked)
	}
	if err != nil {
		return err
	}
	if summary {
		if err := json.NewEncoder(c.App.Writer).Encode(detections.Summarize(rep, rep.ExitCode(failOn))); err != nil {
			return err
		}
	} else if format == "table" && !dryRun {
		if err := detections.WriteTable(c.App.Writer, rep); err != nil {
			return err
		}
	} else {
		alerts, skipped := 0, 0
		for _, res := range rep.Results {
			alerts += len(res.Alerts)
			if res.Status == detections.StatusSkipped {
				skipped++
			}
		}
		slog.Info("detect run finished", "run", rep.RunID, "detections", len(rep.Results), "not_due", skipped,
			"new_findings", alerts, "failed", len(rep.Failed()))
	}
	code := rep.ExitCode(failOn)
	if len(problems) > 0 && code == detections.ExitOK || len(problems) > 0 && code == detections.ExitFindings {
		code = detections.ExitFailed
	}
	switch code {
	case detections.ExitFailed:
		n := len(rep.Failed()) + countFiles(problems)
		return cli.Exit(fmt.Sprintf("%d detection%s failed", n, plural(n)), code)
	case detections.ExitFindings:
		return cli.Exit(fmt.Sprintf("new findings at severity %s or higher", failOn), code)
	}
	return nil
}

func countFiles(ps detections.Problems) int {
	files := map[string]bool{}
	for _, p := range ps {
		files[p.Path] = true
	}
	return len(files)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func detectList(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	fsys, _, _, err := detectionSource(c)
	if err != nil {
		return err
	}
	dets, err := detections.Load(fsys)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		for _, d := range dets {
			err := enc.Encode(map[string]any{
				"id": d.ID, "title": d.Title, "severity": d.Severity, "schedule": d.ScheduleText,
				"lookback": detections.FormatDuration(d.Lookback), "dedup": detections.FormatDuration(d.Dedup),
				"mitre": d.Mitre, "tags": d.Tags, "key": d.Key, "enabled": d.Enabled, "runbook": d.Runbook, "path": d.Path,
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(c.App.Writer, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tSCHEDULE\tENABLED\tTAGS\tTITLE")
	for _, d := range dets {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\t%s\n", d.ID, d.Severity, d.ScheduleText, d.Enabled,
			strings.Join(d.Tags, ","), d.Title)
	}
	return tw.Flush()
}

func detectLint(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	fsys, name, _, err := detectionSource(c)
	if err != nil {
		return err
	}
	l := &detections.Linter{}
	if !c.Bool("no-engine") {
		vars, err := detections.LocalLakeVars(c.String("vars"), environ(c), c.StringSlice("var"))
		if err != nil {
			return err
		}
		lake := &detections.LakeTemplate{Vars: vars}
		defer lake.Close()
		l.Fresh, l.Schema = lake.Fresh, detections.LakeSchema(vars)
	}
	probs, err := l.Lint(c.Context, fsys)
	if err != nil {
		return err
	}
	for _, p := range probs {
		fmt.Fprintln(c.App.Writer, p)
	}
	if len(probs) > 0 {
		return cli.Exit(fmt.Sprintf("%d problem%s in %s", len(probs), plural(len(probs)), name), 1)
	}
	fmt.Fprintf(c.App.Writer, "%s: no problems\n", name)
	return nil
}

func detectTest(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	fsys, name, testsDir, err := detectionSource(c)
	if err != nil {
		return err
	}
	if d := c.String("tests"); d != "" {
		testsDir = d
	}
	if _, err := os.Stat(testsDir); err != nil {
		if c.String("dir") == "" && errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("the built-in detections' tests live in testdata/detections of the flurry repository: run from a checkout or pass --tests DIR")
		}
		return fmt.Errorf("tests: %w", err)
	}
	// Unusable files fail, but do not stop the other detections' tests.
	all, problems := detections.LoadAll(fsys)
	dets, err := detections.Select(all, c.StringSlice("id"), nil, true)
	if err != nil {
		return err
	}
	for _, p := range problems {
		fmt.Fprintln(c.App.Writer, "FAIL "+p.String())
	}
	vars, err := detections.LocalLakeVars(c.String("vars"), environ(c), c.StringSlice("var"))
	if err != nil {
		return err
	}
	lake := &detections.LakeTemplate{Vars: vars}
	defer lake.Close()
	h := &detections.Harness{
		Fresh:    lake.Fresh,
		Schema:   detections.LakeSchema(vars),
		Tests:    os.DirFS(testsDir),
		Parallel: c.Int("parallel"),
		Now:      time.Now(),
	}
	results := h.Run(c.Context, dets)
	failed := 0
	for _, r := range results {
		if !r.Passed() {
			failed++
		}
		if !r.Passed() || c.Bool("verbose") {
			fmt.Fprintln(c.App.Writer, r)
		}
	}
	summary := fmt.Sprintf("%s: %d cases, %d passed, %d failed", name, len(results), len(results)-failed, failed)
	if n := countFiles(problems); n > 0 {
		summary += fmt.Sprintf("; %d unusable detection file%s", n, plural(n))
	}
	fmt.Fprintln(c.App.Writer, summary)
	if failed > 0 || len(problems) > 0 {
		return cli.Exit("", 1)
	}
	return nil
}

func detectNew(c *cli.Context) error {
	args, flags, err := argsWithFlags(c, "dir", "tests")
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return fmt.Errorf("want exactly one argument, the new detection's ID (lower_case_with_underscores)")
	}
	dir := flags["dir"]
	tests := flags["tests"]
	if tests == "" {
		tests = filepath.Join(dir, "testdata")
	}
	paths, err := detections.Scaffold(dir, tests, args[0])
	for _, p := range paths {
		fmt.Fprintln(c.App.Writer, "created "+p)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(c.App.Writer, "next: edit both files, then run flurry detect lint --dir "+dir+" && flurry detect test --dir "+dir)
	return nil
}
