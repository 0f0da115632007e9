package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/internal/cli"
	"github.com/flurry-dev/flurry/internal/tableout"
	"github.com/flurry-dev/flurry/migrations"
)

func init() { commands = append(commands, migrateCommand()) }

const migrateDescription = `Applies versioned Snowflake SQL to the target, like Flyway or schemachange,
with a lock so that concurrent CI jobs apply each script exactly once.

Without --dir, the migrations are the security lake's, built into flurry:
the database, warehouse, storage integrations, stages, file formats, tables,
pipes, stream, Python UDTF, task, UDF and view of the Snowflake guides. They
need your bucket names and IAM role ARNs as variables (see
migrations/flurry.vars.example.yaml).

FILES (in --dir, recursively; other files are ignored)
   V<version>__<description>.sql   versioned: run once, in version order (V1, V1_1, V2...)
   R__<description>.sql            repeatable: re-run when its rendered text changes, after V
   A__<description>.sql            always: run on every up, last

Each file is a Go text/template. Variables come from defaults.vars.yaml in the
directory, the --vars YAML file, FLURRY_VAR_<NAME> (and FLURRY_SECRET_<NAME>)
environment variables, then --var name=value, later ones winning. A missing
variable is an error. Variables under "secrets:" in the vars file, from
FLURRY_SECRET_*, or whose names contain secret, password or key are shown as
**** in plans, progress and errors. Helpers: {{ ident .x }} (identifier,
quoted if needed), {{ literal .x }} (string literal), {{ s3url .bucket .prefix }},
{{ number .x }}, {{ udf "parse_s3_access_logs.py" }} (a function body from udfs/).

Statements are split with the Snowflake lexer ($$ bodies, BEGIN...END blocks)
and sent one by one, each script in a session of its own. Snowflake DDL is
not transactional: a script that fails halfway leaves its earlier statements
applied and is recorded as failed, which blocks later runs until you fix it and
run "flurry migrate repair". Write statements that can be re-run.`

func migrateCommand() *cli.Command {
	source := []cli.Flag{
		&cli.StringFlag{Name: "dir", Usage: "migrations `DIR` (default: the security lake migrations built into flurry)"},
		&cli.BoolFlag{Name: "admin", Usage: "the security lake's administrator part built into flurry (roles, database, warehouse, " +
			"storage integrations, grants; run once as ACCOUNTADMIN), history " + migrations.AdminHistoryTable},
		&cli.StringFlag{Name: "vars", Usage: "YAML `FILE` of template variables (top-level keys; secrets under secrets:)"},
		&cli.StringSliceFlag{Name: "var", Usage: "set template variable `NAME=VALUE` (repeatable)"},
		&cli.BoolFlag{Name: "json", Usage: "print a JSON document instead of text (progress goes to stderr)"},
	}
	history := &cli.StringFlag{Name: "history-table", Value: migrations.DefaultHistoryTable,
		Usage: "`TABLE` recording applied scripts (created on first run; its lock table is TABLE_LOCK)"}
	online := func(extra ...cli.Flag) []cli.Flag {
		flags := append(append(append([]cli.Flag{}, source...), history), extra...)
		return append(flags, targetFlags()...)
	}
	target := &cli.StringFlag{Name: "target", Usage: "apply versioned scripts up to and including `VERSION` only"}
	lockTimeout := &cli.DurationFlag{Name: "lock-timeout", Value: 15 * time.Minute,
		Usage: "how long to wait for another run's migration lock"}
	return &cli.Command{
		Name:        "migrate",
		Usage:       "create and evolve the Snowflake objects from versioned SQL files",
		Description: migrateDescription,
		Subcommands: []*cli.Command{
			{
				Name:  "up",
				Usage: "apply pending scripts (under the migration lock)",
				Flags: online(target, lockTimeout,
					&cli.BoolFlag{Name: "dry-run", Usage: "print what would run (like plan) and change nothing"},
					&cli.BoolFlag{Name: "out-of-order", Usage: "apply new versioned scripts older than the newest applied one"},
					&cli.BoolFlag{Name: "allow-integration-replace",
						Usage: "let CREATE OR REPLACE STORAGE INTEGRATION replace an existing integration (changes its external ID)"}),
				Action:       migrateUp,
				OnUsageError: usageError,
			},
			{
				Name:         "plan",
				Usage:        "print the scripts up would run, rendered, secrets redacted",
				Flags:        online(target),
				Action:       migratePlan,
				OnUsageError: usageError,
			},
			{
				Name:         "status",
				Usage:        "list scripts as applied, pending, drifted, failed...; exit 1 if up would refuse",
				Flags:        online(),
				Action:       migrateStatus,
				OnUsageError: usageError,
			},
			{
				Name:         "validate",
				Usage:        "check names, versions, templates and statements offline (no connection)",
				Flags:        source,
				Action:       migrateValidate,
				OnUsageError: usageError,
			},
			{
				Name:  "baseline",
				Usage: "record VERSION as applied without running anything (for a lake built by hand)",
				Flags: online(lockTimeout, &cli.StringFlag{Name: "version", Required: true,
					Usage: "versioned scripts up to and including `VERSION` count as applied"}),
				Action:       migrateBaseline,
				OnUsageError: usageError,
			},
			{
				Name:  "repair",
				Usage: "clear failed scripts from the history and accept changed applied files",
				Flags: online(lockTimeout, &cli.BoolFlag{Name: "unlock",
					Usage: "also remove the migration lock of a run that was killed"}),
				Action:       migrateRepair,
				OnUsageError: usageError,
			},
			{
				Name:      "new",
				Usage:     "create the next versioned script in --dir",
				ArgsUsage: "DESCRIPTION",
				Flags: []cli.Flag{&cli.StringFlag{Name: "dir", Value: "migrations",
					Usage: "migrations `DIR` to create the file in"}},
				Action:       migrateNew,
				OnUsageError: usageError,
			},
		},
	}
}

// migrationSource returns the migrations FS and a name for it.
func migrationSource(c *cli.Context) (fs.FS, string, error) {
	dir := c.String("dir")
	if c.Bool("admin") {
		if dir != "" {
			return nil, "", errors.New("--admin and --dir both choose the migrations: give one")
		}
		return migrations.LakeAdmin(), "built-in security lake administrator migrations", nil
	}
	if dir == "" {
		return migrations.Lake(), "built-in security lake migrations", nil
	}
	st, err := os.Stat(dir)
	if err != nil {
		return nil, "", fmt.Errorf("--dir: %w", err)
	}
	if !st.IsDir() {
		return nil, "", fmt.Errorf("--dir %s: not a directory", dir)
	}
	return os.DirFS(dir), dir, nil
}

// environ lists the FLURRY_VAR_* and FLURRY_SECRET_* variables visible to
// the command.
func environ(c *cli.Context) []string {
	get := getenv(c)
	var out []string
	seen := map[string]bool{}
	add := func(k string) {
		if seen[k] || !(strings.HasPrefix(k, migrations.EnvVarPrefix) || strings.HasPrefix(k, migrations.EnvSecretPrefix)) {
			return
		}
		seen[k] = true
		if v := get(k); v != "" {
			out = append(out, k+"="+v)
		}
	}
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		add(k)
	}
	return out
}

// newMigrator builds the migrator for c; db may be nil (validate).
func newMigrator(c *cli.Context, db *sql.DB) (*migrations.Migrator, error) {
	fsys, _, err := migrationSource(c)
	if err != nil {
		return nil, err
	}
	vars, err := migrations.LoadVars(fsys, c.String("vars"), environ(c), c.StringSlice("var"))
	if err != nil {
		return nil, err
	}
	progress := c.App.Writer
	if c.Bool("json") {
		progress = c.App.ErrWriter
	}
	history := c.String("history-table")
	if c.Bool("admin") && !c.IsSet("history-table") {
		// The administrator's versions are not the lake's: a history of their own.
		history = migrations.AdminHistoryTable
	}
	opts := migrations.Options{
		HistoryTable:            history,
		Vars:                    vars,
		OutOfOrder:              c.Bool("out-of-order"),
		AllowIntegrationReplace: c.Bool("allow-integration-replace"),
		LockTimeout:             c.Duration("lock-timeout"),
		Progress:                progress,
	}
	if t := c.String("target"); t != "" {
		v, err := migrations.ParseVersion(t)
		if err != nil {
			return nil, fmt.Errorf("--target: %w", err)
		}
		opts.Target = v
	}
	return migrations.New(db, fsys, opts)
}

// withMigrator opens the target and runs f with a migrator on it.
func withMigrator(c *cli.Context, f func(*migrations.Migrator) error) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", c.Args().First())
	}
	// Templates and names are checked before connecting: a typo should not
	// cost a login (or start the local engine).
	if m, err := newMigrator(c, nil); err != nil {
		return err
	} else if _, err := m.Prepare(); err != nil {
		return err
	}
	db, err := openTarget(c)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := newMigrator(c, db.DB)
	if err != nil {
		return err
	}
	if !c.Bool("json") {
		fmt.Fprintf(c.App.Writer, "target: %s; history: %s\n", db.Describe, m.HistoryTable())
	}
	return f(m)
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// jsonError is the JSON document of a failed command.
type jsonError struct {
	Error  string `json:"error"`
	Result any    `json:"result,omitempty"`
}

// finish prints res as JSON (with the error, if any) and returns err for the exit code.
func finish(c *cli.Context, res any, err error) error {
	if !c.Bool("json") {
		return err
	}
	if err != nil {
		if perr := printJSON(c.App.Writer, jsonError{Error: err.Error(), Result: res}); perr != nil {
			return perr
		}
		return cli.Exit("", 1)
	}
	return printJSON(c.App.Writer, res)
}

func migrateUp(c *cli.Context) error {
	return withMigrator(c, func(m *migrations.Migrator) error {
		if c.Bool("dry-run") {
			res, err := m.DryRun(c.Context)
			if err == nil && !c.Bool("json") {
				writePlan(c.App.Writer, res.Plan)
			}
			return finish(c, res, err)
		}
		res, err := m.Up(c.Context)
		if err == nil && !c.Bool("json") {
			n := len(res.Scripts)
			if n > 0 {
				fmt.Fprintf(c.App.Writer, "applied %d script(s)\n", n)
			}
		}
		return finish(c, res, err)
	})
}

func migratePlan(c *cli.Context) error {
	return withMigrator(c, func(m *migrations.Migrator) error {
		p, err := m.Plan(c.Context)
		if err != nil {
			return finish(c, nil, err)
		}
		if c.Bool("json") {
			return printJSON(c.App.Writer, p)
		}
		writePlan(c.App.Writer, p)
		return nil
	})
}

// writePlan prints a plan as SQL a person can read (and paste).
func writePlan(w io.Writer, p *migrations.Plan) {
	if p.Blocked != "" {
		fmt.Fprintf(w, "-- up would refuse to run:\n-- %s\n", strings.ReplaceAll(p.Blocked, "\n", "\n-- "))
	}
	if len(p.Scripts) == 0 {
		fmt.Fprintln(w, "-- nothing to apply")
		return
	}
	for _, s := range p.Scripts {
		fmt.Fprintf(w, "\n-- %s (%s, checksum %.12s)\n", s.Script, s.Reason, s.Checksum)
		for i, st := range s.Statements {
			fmt.Fprintf(w, "-- statement %d\n%s;\n", i+1, st)
		}
	}
	fmt.Fprintf(w, "\n-- %d script(s) to apply\n", len(p.Scripts))
}

func migrateStatus(c *cli.Context) error {
	return withMigrator(c, func(m *migrations.Migrator) error {
		st, err := m.Status(c.Context)
		if err != nil {
			return finish(c, nil, err)
		}
		problem := m.Check(st)
		if c.Bool("json") {
			return finish(c, st, problem)
		}
		writeStatus(c.App.Writer, st)
		return problem
	})
}

func writeStatus(w io.Writer, st *migrations.Status) {
	cols := []tableout.Column{{Name: "type", Type: "text"}, {Name: "version", Type: "text"}, {Name: "script", Type: "text"},
		{Name: "state", Type: "text"}, {Name: "installed_on", Type: "text"}, {Name: "checksum", Type: "text"}}
	var rows [][]any
	counts := map[migrations.State]int{}
	for _, e := range st.Entries {
		state := string(e.State)
		changed := strings.Join(e.ChangedVars, ", ")
		switch {
		case changed != "" && e.Reason == "variables changed":
			state += " (variables changed: " + changed + ")"
		case e.Reason != "":
			state += " (" + e.Reason + ")"
		case changed != "":
			// A V script: not drift, the script as written is the one applied.
			state += " (variables changed since: " + changed + ")"
		}
		on := ""
		if e.Applied != nil && !e.Applied.InstalledOn.IsZero() {
			on = e.Applied.InstalledOn.Format("2006-01-02 15:04:05")
		}
		sum := e.Checksum
		if len(sum) > 12 {
			sum = sum[:12]
		}
		rows = append(rows, []any{string(e.Type), e.Version, e.Script, state, on, sum})
		counts[e.State]++
	}
	_ = tableout.NewWriter(w, tableout.Table).Write(cols, rows)
	var parts []string
	for _, s := range []migrations.State{migrations.StateApplied, migrations.StatePending, migrations.StateOutOfOrder,
		migrations.StateDrifted, migrations.StateFailed, migrations.StateMissing, migrations.StateBaseline, migrations.StateAboveTarget} {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], s))
		}
	}
	if !st.HistoryExists {
		parts = append(parts, "no history table yet")
	}
	fmt.Fprintln(w, strings.Join(parts, ", "))
	if l := st.Lock; l != nil {
		state := "held by " + l.Owner
		if l.Expired {
			state = "left by " + l.Owner + ", expired (the next run takes it over)"
		}
		fmt.Fprintf(w, "migration lock: %s since %s, expires %s (flurry migrate repair --unlock removes it)\n",
			state, l.AcquiredOn.UTC().Format(time.RFC3339), l.ExpiresAt.UTC().Format(time.RFC3339))
	}
}

func migrateValidate(c *cli.Context) error {
	if c.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", c.Args().First())
	}
	m, err := newMigrator(c, nil)
	if err != nil {
		return finish(c, nil, err)
	}
	res, err := m.Validate()
	if err != nil {
		return finish(c, nil, err)
	}
	if !c.Bool("json") {
		_, name, _ := migrationSource(c)
		fmt.Fprintf(c.App.Writer, "%s: %d scripts, %d statements: ok\n", name, res.Scripts, res.Statements)
	}
	return finish(c, res, nil)
}

func migrateBaseline(c *cli.Context) error {
	v, err := migrations.ParseVersion(c.String("version"))
	if err != nil {
		return fmt.Errorf("--version: %w", err)
	}
	return withMigrator(c, func(m *migrations.Migrator) error {
		err := m.Baseline(c.Context, v)
		return finish(c, map[string]string{"baseline": v.String()}, err)
	})
}

func migrateRepair(c *cli.Context) error {
	return withMigrator(c, func(m *migrations.Migrator) error {
		res, err := m.Repair(c.Context, c.Bool("unlock"))
		return finish(c, res, err)
	})
}

func migrateNew(c *cli.Context) error {
	args, flags, err := argsWithFlags(c, "dir")
	if err != nil {
		return err
	}
	desc := strings.Join(args, " ")
	if desc == "" {
		return errors.New("migrate new: give a DESCRIPTION, e.g. flurry migrate new add okta table")
	}
	p, err := migrations.NewScript(flags["dir"], desc)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.App.Writer, p)
	return nil
}
