package main

import (
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"

	"github.com/flurry-dev/flurry/console"
	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/internal/cli"
	"github.com/flurry-dev/flurry/internal/shquote"
	"github.com/flurry-dev/flurry/migrations"
	"github.com/flurry-dev/flurry/warehouse"
)

func init() { commands = append(commands, consoleCommand()) }

func consoleCommand() *cli.Command {
	flags := []cli.Flag{
		&cli.StringFlag{Name: "addr", Value: "127.0.0.1:8780", Usage: "loopback `HOST:PORT` to serve the page on (port 0 picks a free one)"},
		&cli.StringFlag{Name: "lake", Value: "SECURITY_LAKE.PUBLIC", Usage: "`DATABASE.SCHEMA` of the lake's tables, pipes and tasks"},
		&cli.StringFlag{Name: "state-schema", Value: detections.DefaultStateSchema, Usage: "`DATABASE.SCHEMA` of DETECTION_STATE and DETECTION_RUNS"},
		&cli.StringFlag{Name: "detections-dir", EnvVars: []string{"FLURRY_DETECTIONS_DIR"}, Usage: "detections `DIR` giving findings their severity and title (default: the built-in detections)"},
		&cli.StringFlag{Name: "migrations-dir", Usage: "migrations `DIR` whose status is shown (default: the built-in security lake migrations)"},
		&cli.StringFlag{Name: "vars", Usage: "YAML `FILE` of migration variables, as for migrate status (after flurry demo: found next to --local-dir)"},
		&cli.StringSliceFlag{Name: "var", Usage: "set migration variable `NAME=VALUE` (repeatable)"},
		&cli.StringFlag{Name: "history-table", Value: migrations.DefaultHistoryTable, Usage: "migration history `TABLE`"},
		&cli.IntFlag{Name: "days", Value: 7, Usage: "how many `DAYS` the charts look back"},
	}
	return &cli.Command{
		Name:  "console",
		Usage: "serve a read-only web page of the lake: ingestion, findings, detection runs, migrations",
		Description: `Serves a web page on a loopback address showing, from the target's own tables
and Snowflake's documented views and functions:

  Ingestion   rows per table and per source per hour (quiet hours stand out),
              files loaded and failed per pipe (COPY_HISTORY, PIPE_USAGE_HISTORY),
              pipe state, last file and lag (SYSTEM$PIPE_STATUS), rejected
              records with their first error, task state and runs
  Findings    new findings per day by severity; open findings, filtered by
              detection, severity and key; each one's row and how to query it
  Detections  each detection's last run (status, duration, error) and the runs
  Migrations  applied, pending and failed scripts, as migrate status

Every query is shown under its answer: paste it into a Snowsight worksheet.
The console only reads (SELECT, SHOW): it never changes the lake.

The URL printed at start carries a random token; the page keeps it in a
cookie. Only loopback addresses are served, and only to loopback host names.

After flurry demo:  flurry console --local-dir .flurry/demo/engine`,
		Flags:  append(flags, targetFlags()...),
		Action: serveConsole,
	}
}

func serveConsole(c *cli.Context) error {
	if err := noArgs(c); err != nil {
		return err
	}
	if err := console.CheckAddr(c.String("addr")); err != nil {
		return err
	}
	lakeDB, lakeSchema, ok := strings.Cut(c.String("lake"), ".")
	if !ok {
		return fmt.Errorf("--lake %q: want DATABASE.SCHEMA", c.String("lake"))
	}
	dets, err := consoleDetections(c.String("detections-dir"))
	if err != nil {
		return err
	}
	t, err := resolveTarget(c)
	if err != nil {
		return err
	}
	db, err := warehouse.Open(c.Context, t)
	if err != nil {
		if t.IsLocal() {
			return engineInUse(t.LocalDir, err)
		}
		return err
	}
	defer db.Close()

	cfg := console.Config{DB: db.DB, Target: db.Describe, TargetFlags: reproduceFlags(c, t),
		Database: lakeDB, Schema: lakeSchema, StateSchema: c.String("state-schema"),
		Detections: dets, WindowDays: c.Int("days"), Migrations: consoleMigrations(c, t, db)}
	srv, err := console.New(cfg, "")
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.String("addr"))
	if err != nil {
		return fmt.Errorf("--addr: %w", err)
	}
	fmt.Fprintf(c.App.Writer, "flurry console on %s (%s)\n  open: %s\n  (the token is new each run; the page keeps it in a cookie; stop with Ctrl-C)\n",
		ln.Addr(), db.Describe, srv.URL(ln.Addr().String()))
	return srv.Serve(c.Context, ln)
}

func consoleDetections(dir string) ([]*detections.Detection, error) {
	fsys := detections.Builtin()
	if dir != "" {
		if _, err := os.Stat(dir); err != nil {
			return nil, fmt.Errorf("--detections-dir: %w", err)
		}
		fsys = os.DirFS(dir)
	}
	dets, err := detections.Load(fsys)
	if err != nil {
		return nil, fmt.Errorf("detections: %w", err)
	}
	return dets, nil
}

// consoleMigrations builds the migrators migrate status would use. Without
// variables the scripts cannot be rendered: the panel then shows the
// history table and says why the pending scripts are unknown.
func consoleMigrations(c *cli.Context, t warehouse.Target, db *warehouse.DB) []console.MigrationSet {
	varsFile := c.String("vars")
	if varsFile == "" && t.IsLocal() && t.LocalDir != warehouse.MemoryDir {
		// flurry demo keeps its variables next to the engine directory.
		parent := filepath.Dir(filepath.Clean(t.LocalDir))
		if _, err := os.Stat(filepath.Join(parent, ".flurry-demo")); err == nil {
			if p := filepath.Join(parent, "flurry.vars.yaml"); fileExists(p) {
				varsFile = p
				slog.Info("console: reading the demo's migration variables", "vars", p)
			}
		}
	}
	type set struct {
		name, history string
		fsys          fs.FS
	}
	sets := []set{{"security lake", c.String("history-table"), migrations.Lake()}}
	if dir := c.String("migrations-dir"); dir != "" {
		sets = []set{{dir, c.String("history-table"), os.DirFS(dir)}}
	} else {
		sets = append(sets, set{"security lake (administrator)", migrations.AdminHistoryTable, migrations.LakeAdmin()})
	}
	var out []console.MigrationSet
	for _, s := range sets {
		ms := console.MigrationSet{Name: s.name, HistoryTable: s.history}
		vars, err := migrations.LoadVars(s.fsys, varsFile, environ(c), c.StringSlice("var"))
		if err == nil {
			var m *migrations.Migrator
			if m, err = migrations.New(db.DB, s.fsys, migrations.Options{HistoryTable: s.history, Vars: vars}); err == nil {
				if _, err = m.Prepare(); err == nil {
					ms.Migrator = m
				}
			}
		}
		if err != nil {
			ms.Err = fmt.Errorf("%w (give --vars as for flurry migrate status)", err)
		}
		out = append(out, ms)
	}
	return out
}

func fileExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir()
}

// reproduceFlags are the flurry flags reaching the same target, for the
// commands the page shows.
func reproduceFlags(c *cli.Context, t warehouse.Target) string {
	switch {
	case t.IsLocal():
		return "--local-dir " + shquote.Quote(t.LocalDir)
	case c.String("connection") != "":
		return "--connection " + shquote.Quote(c.String("connection"))
	}
	return "" // SNOWFLAKE_* variables or the default connection
}
