package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/internal/shquote"
	"github.com/flurry-dev/flurry/migrations"
	"github.com/flurry-dev/flurry/shipper"
)

// DefaultDir is where `flurry demo` builds its lake.
const DefaultDir = ".flurry/demo"

// Options configure a demo run.
type Options struct {
	// Dir holds everything the demo makes; it is wiped first (only if a
	// previous demo made it). Default DefaultDir.
	Dir string
	// Seed of the generator; default DefaultSeed.
	Seed uint64
	// Now is the time the generated logs end at; default time.Now().
	Now time.Time
	// Progress receives a line per step as the demo goes; nil discards.
	Progress io.Writer
	// Log receives the components' logs (engine, shipper, detections);
	// nil discards them.
	Log *slog.Logger
	// PipeTimeout bounds the wait for the pipes to load a phase's files.
	// Default 90s.
	PipeTimeout time.Duration
}

// Report is what the demo did and found, stage by stage.
type Report struct {
	Dir       string            `json:"dir"`
	EngineDir string            `json:"engine_dir"`
	Seed      uint64            `json:"seed"`
	Now       time.Time         `json:"now"`
	Seconds   float64           `json:"seconds"`
	OK        bool              `json:"ok"`
	Failures  []string          `json:"failures"`
	StageMap  map[string]string `json:"stage_map"`
	// Migrations are the lake scripts migrate up applied.
	Migrations []string       `json:"migrations"`
	Phases     []*PhaseReport `json:"phases"`
	// Attacks are the planted attacks and how many of their expected
	// findings the detections reported; Unexpected are alerts no attack
	// explains. A successful demo has every attack found and none unexpected.
	Attacks    []AttackReport `json:"attacks"`
	Unexpected []Finding      `json:"unexpected"`
	// Explore are ready-to-paste commands to look at the lake.
	Explore []string `json:"explore"`
}

// PhaseReport is one delivery of logs through the whole pipeline.
type PhaseReport struct {
	Name       string            `json:"name"`
	Title      string            `json:"title"`
	Sources    []SourceReport    `json:"sources"`
	Pipes      []PipeReport      `json:"pipes"`
	TableStage *PipeReport       `json:"table_stage,omitempty"`
	Task       *TaskReport       `json:"task,omitempty"`
	Tables     []TableReport     `json:"tables"`
	Detections []DetectionReport `json:"detections"`
	Seconds    float64           `json:"seconds"`
}

// SourceReport is one log source in a phase: what was written and how it
// reached its stage.
type SourceReport struct {
	Source      string `json:"source"`
	Host        string `json:"host"`
	Via         string `json:"via"`
	Written     int64  `json:"written"`
	Shipped     int64  `json:"shipped"`
	ParseErrors int64  `json:"parse_errors"`
	Objects     int64  `json:"objects"`
	Destination string `json:"destination"`
}

// AttackReport is a planted attack and whether the detections found it.
type AttackReport struct {
	Attack
	Found   int        `json:"found"`
	Missing []Expected `json:"missing"`
}

// Run builds a fresh lake in opts.Dir and pushes a week of logs and then an
// attack through the whole pipeline. The error is non-nil when any stage
// failed or the detections did not report exactly the planted attacks; the
// report says where each stage stands either way.
func Run(ctx context.Context, opts Options) (*Report, error) {
	started := time.Now()
	if opts.Dir == "" {
		opts.Dir = DefaultDir
	}
	if opts.Seed == 0 {
		opts.Seed = DefaultSeed
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.Progress == nil {
		opts.Progress = io.Discard
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.PipeTimeout == 0 {
		opts.PipeTimeout = 90 * time.Second
	}
	root, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	d := &demo{opts: opts, l: newLayout(root), rep: &Report{Dir: opts.Dir, EngineDir: filepath.Join(opts.Dir, "engine"),
		Seed: opts.Seed, Failures: []string{}, Unexpected: []Finding{}}}
	err = d.run(ctx)
	if err != nil {
		d.fail(err)
	}
	d.rep.Seconds = time.Since(started).Seconds()
	d.rep.OK = len(d.rep.Failures) == 0
	if !d.rep.OK {
		return d.rep, errors.New(strings.Join(d.rep.Failures, "\n"))
	}
	return d.rep, nil
}

type demo struct {
	opts Options
	l    layout
	rep  *Report
	ds   *Dataset
	e    *engine
	dets []*detections.Detection
}

func (d *demo) printf(format string, args ...any) {
	fmt.Fprintf(d.opts.Progress, format+"\n", args...)
}

func (d *demo) fail(err error) {
	d.rep.Failures = append(d.rep.Failures, err.Error())
	d.printf("  FAILED: %v", err)
}

func (d *demo) run(ctx context.Context) error {
	if err := d.l.prepare(); err != nil {
		return err
	}
	d.rep.StageMap = d.l.stageMap()
	if err := os.WriteFile(filepath.Join(d.l.root, varsFileName), []byte(varsYAML()), 0o644); err != nil {
		return err
	}
	for host, cfg := range d.l.shipConfigs() {
		if err := os.WriteFile(filepath.Join(d.l.ship, host+".toml"), []byte(cfg), 0o644); err != nil {
			return err
		}
	}
	d.ds = Generate(d.opts.Now, d.opts.Seed)
	d.rep.Now = d.ds.Now
	if err := d.ds.Check(); err != nil {
		return err
	}
	var err error
	if d.dets, err = enabledDetections(); err != nil {
		return err
	}

	d.printf("flurry demo: the security lake of the Snowflake guides, end to end on the local engine")
	d.printf("  lake     %s (the local engine: DuckDB behind Snowflake's wire protocol)", d.rep.EngineDir)
	d.printf("  buckets  %s (s3://%s/, s3://%s/ and s3://%s/ are directories there)", filepath.Join(d.opts.Dir, "buckets"), logsBucket, s3LogsBucket, vpcBucket)
	d.printf("  hosts    %s (web-1 runs Apache and go-audit, teleport-1 runs Teleport)", filepath.Join(d.opts.Dir, "hosts"))
	d.printf("")

	t := time.Now()
	e, err := startEngine(ctx, d.l, d.opts.Log.With("component", "engine"))
	if err != nil {
		return err
	}
	d.e = e
	defer func() {
		// The buckets are directories only this process maps: pause the
		// pipes, so that a later flurry sql on the lake does not poll them
		// (and so that closing the engine interrupts no load).
		pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		for _, p := range lakePipes {
			if _, err := e.admin.ExecContext(pctx, "ALTER PIPE "+lakeSchema+"."+p.name+" SET PIPE_EXECUTION_PAUSED = TRUE"); err != nil && d.rep.Migrations != nil {
				d.fail(fmt.Errorf("pause pipe %s: %w", p.name, err))
			}
		}
		e.close()
	}()
	vars, err := migrations.LoadVars(migrations.Lake(), filepath.Join(d.l.root, varsFileName), nil, nil)
	if err != nil {
		return err
	}
	res, err := migrations.InstallLake(ctx, e.admin, migrations.Options{Vars: vars, Progress: io.Discard,
		Log: d.opts.Log.With("component", "migrate")})
	if err != nil {
		return fmt.Errorf("migrate up: %w", err)
	}
	for _, s := range res.Scripts {
		d.rep.Migrations = append(d.rep.Migrations, s.Script)
	}
	d.printf("migrate up: %d lake migrations applied in %s (database, warehouse, storage integrations, stages, file formats,", len(res.Scripts), since(t))
	d.printf("  tables, pipes, stream, Python UDTF, task, UDF, view)")
	if err := e.openLake(ctx); err != nil {
		return fmt.Errorf("connect to %s: %w", lakeSchema, err)
	}

	if err := d.phase(ctx, phaseHistory); err != nil {
		return err
	}
	if err := d.phase(ctx, phaseAttack); err != nil {
		return err
	}
	d.reconcile()
	d.explore()
	return nil
}

func since(t time.Time) string {
	return time.Since(t).Round(10 * time.Millisecond).String()
}

func (d *demo) phase(ctx context.Context, p Phase) error {
	start := time.Now()
	pr := &PhaseReport{Name: "history", Title: "a normal week"}
	if p == phaseAttack {
		pr.Name, pr.Title = "attack", "the last ten minutes"
	}
	d.rep.Phases = append(d.rep.Phases, pr)
	defer func() { pr.Seconds = time.Since(start).Seconds() }()
	d.printf("")
	if p == phaseHistory {
		d.printf("Phase 1: a normal week, up to ten minutes ago (benign traffic only)")
	} else {
		d.printf("Phase 2: the last ten minutes (the attacks, amid normal traffic)")
	}

	// The hosts write their logs; AWS delivers its own.
	if err := appendLines(d.l.apacheLog(), d.ds.apacheLines(p)); err != nil {
		return err
	}
	if err := appendLines(d.l.goAuditLog(), d.ds.goAuditLines(p)); err != nil {
		return err
	}
	if err := appendLines(d.l.teleportLog(), d.ds.teleportLines(p)); err != nil {
		return err
	}
	t := time.Now()
	s3Objects, err := writeS3AccessLogs(d.l.s3LogsDir(), d.l.tmp, d.ds, p)
	if err != nil {
		return err
	}
	vpcObjects, err := writeVPCFlowLogs(d.l.vpcDir(), d.l.tmp, d.ds, p)
	if err != nil {
		return err
	}
	count := func(n int) int64 { return int64(n) }
	s3Lines, vpcRecords := int64(0), int64(0)
	for _, r := range d.ds.S3 {
		if r.Phase == p {
			s3Lines++
		}
	}
	for _, f := range d.ds.VPC {
		if f.Phase == p {
			vpcRecords++
		}
	}

	// flurry ship on both hosts, once through the files (a backfill).
	web, err := d.ship(ctx, "web-1")
	if err != nil {
		return err
	}
	tele, err := d.ship(ctx, "teleport-1")
	if err != nil {
		return err
	}
	pr.Sources = []SourceReport{
		{Source: "apache", Host: "web-1", Via: "flurry ship", Written: count(len(d.ds.apacheLines(p))),
			Shipped: web.Source("apache").Lines.Load(), ParseErrors: web.Source("apache").ParseErrors.Load(),
			Objects: web.Output("apache").Uploads.Load(), Destination: "s3://" + logsBucket + "/logs/"},
		{Source: "go-audit", Host: "web-1", Via: "flurry ship", Written: count(len(d.ds.goAuditLines(p))),
			Shipped: web.Source("go-audit").Lines.Load(), ParseErrors: web.Source("go-audit").ParseErrors.Load(),
			Objects: web.Output("go-audit").Uploads.Load(), Destination: "s3://" + logsBucket + "/go-audit/"},
		{Source: "teleport", Host: "teleport-1", Via: "flurry ship", Written: count(len(d.ds.teleportLines(p))),
			Shipped: tele.Source("teleport").Lines.Load(), ParseErrors: tele.Source("teleport").ParseErrors.Load(),
			Objects: tele.Output("teleport").Uploads.Load(), Destination: "snowflake://" + teleportStage + "/" + teleportPrefix + "/"},
		{Source: "s3-access-logs", Host: "AWS", Via: "S3 server access logging", Written: s3Lines, Shipped: s3Lines,
			Objects: int64(s3Objects), Destination: "s3://" + s3LogsBucket + "/" + s3LogsPrefix + "/"},
		{Source: "vpc-flow-logs", Host: "AWS", Via: "VPC flow logs (Parquet)", Written: vpcRecords, Shipped: vpcRecords,
			Objects: int64(vpcObjects), Destination: "s3://" + vpcBucket + "/" + vpcPrefix + "/"},
	}
	tw := d.table()
	for _, s := range pr.Sources {
		fmt.Fprintf(tw, "  %s\t%s\t%d %s\t%s\t-> %d %s\t%s\n", s.Host, s.Source, s.Written, unitOf(s.Source), s.Via, s.Objects, plural(int(s.Objects), "file"), s.Destination)
		if s.Shipped != s.Written || s.ParseErrors > 0 {
			return fmt.Errorf("flurry ship on %s read %d %s lines (%d parse errors), the host wrote %d", s.Host, s.Shipped, s.Source, s.ParseErrors, s.Written)
		}
	}
	tw.Flush()
	d.printf("  (%s: flurry ship --once on web-1 and teleport-1, from the start, then from the saved positions; S3 and VPC objects written as AWS does)", since(t))

	// Snowpipe: the auto-ingest pipes poll their stages.
	t = time.Now()
	pipes, err := waitForPipes(ctx, d.e.lake, d.opts.PipeTimeout)
	pr.Pipes = pipes
	if err != nil {
		return err
	}
	ts, err := tableStageStatus(ctx, d.e.lake)
	pr.TableStage = &ts
	if err != nil {
		return err
	}
	tw = d.table()
	for _, r := range append(slices.Clone(pipes), ts) {
		if r.FilesStaged == 0 && r.Pipe == "AUTOINGST_PARSEJSON" {
			fmt.Fprintf(tw, "  snowpipe\t%s\t-\t(Teleport goes through the table stage below)\n", r.Pipe)
			continue
		}
		label := "snowpipe"
		if r.Stage == teleportStage {
			label = "copy into"
		}
		fmt.Fprintf(tw, "  %s\t%s\t%d/%d files loaded\t%d rows -> %s\n", label, r.Pipe, r.FilesLoaded, r.FilesStaged, r.RowsLoaded, r.Table)
	}
	tw.Flush()
	d.printf("  (%s: the auto-ingest pipes poll their stages every second, as S3 event notifications would trigger them)", since(t))

	// The stream and the task: EXECUTE TASK rather than waiting for the schedule.
	t = time.Now()
	task, err := executeTask(ctx, d.e.lake)
	pr.Task = &task
	if err != nil {
		return err
	}
	d.printf("  task       EXECUTE TASK %s: %s in %s (its schedule is every 10 minutes: the demo runs it now);", s3Task, task.State, since(t))
	d.printf("             the Python UDTF parsed the new rows of S3_ACCESS_LOGS_STREAM into S3_ACCESS_LOGS; the stream is empty again")

	// Every row the generator wrote, and nothing else, is in the lake.
	want := d.ds.TableRows(p)
	tables, err := countTables(ctx, d.e.lake, want)
	pr.Tables = tables
	if err != nil {
		return err
	}
	var counts []string
	for _, tr := range tables {
		counts = append(counts, fmt.Sprintf("%s %d", tr.Table, tr.Rows))
		if tr.Rows != tr.Expected {
			d.fail(fmt.Errorf("table %s holds %d rows, the generator wrote %d", tr.Table, tr.Rows, tr.Expected))
		}
	}
	d.printf("  tables     %s", strings.Join(counts, ", "))

	// The detections, with their state in the lake.
	t = time.Now()
	reps, err := runDetections(ctx, d.e.lake, d.dets, p == phaseHistory, d.opts.Log.With("component", "detect"))
	pr.Detections = reps
	if err != nil {
		return err
	}
	for _, r := range reps {
		if r.Status != string(detections.StatusOK) {
			d.fail(fmt.Errorf("detection %s: %s: %s", r.ID, r.Status, r.Error))
		}
	}
	if p == phaseHistory {
		rows, reported := 0, 0
		for _, r := range reps {
			rows += r.Rows
			if r.Rows > 0 {
				reported++
			}
		}
		d.printf("  detect     %d detections run with --baseline in %s: %d rows, all from the %d top-ten rankings, recorded as known",
			len(reps), since(t), rows, reported)
		return d.checkBaseline(ctx, reps)
	}
	alerts := 0
	for _, r := range reps {
		alerts += len(r.Alerts)
	}
	d.printf("  detect     %d detections run in %s: %d new findings", len(reps), since(t), alerts)
	return nil
}

// table aligns a block of progress lines.
func (d *demo) table() *tabwriter.Writer {
	return tabwriter.NewWriter(d.opts.Progress, 0, 0, 2, ' ', 0)
}

func unitOf(source string) string {
	switch source {
	case "teleport":
		return "events"
	case "vpc-flow-logs":
		return "records"
	}
	return "lines"
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// ship runs flurry ship once over a host's files, with its config file.
func (d *demo) ship(ctx context.Context, host string) (*shipper.Metrics, error) {
	path := filepath.Join(d.l.ship, host+".toml")
	cfg, err := shipper.LoadConfig(path)
	if err != nil {
		return nil, err
	}
	m := &shipper.Metrics{}
	err = shipper.Run(ctx, cfg, shipper.RunOptions{Once: true, Logger: d.opts.Log.With("component", "ship", "host", host),
		Progress: io.Discard, Metrics: m,
		Snowflake: func(ctx context.Context, target string) (*sql.DB, error) {
			if target != "" {
				return nil, fmt.Errorf("unknown target %q", target)
			}
			return d.e.lake, nil
		}})
	if err != nil {
		return nil, fmt.Errorf("flurry ship on %s (%s): %w", host, path, err)
	}
	return m, nil
}

// checkBaseline: on benign traffic only the rankings return rows, exactly
// the top tens the generator computes.
func (d *demo) checkBaseline(ctx context.Context, reps []DetectionReport) error {
	want, err := d.ds.Baseline()
	if err != nil {
		return err
	}
	for _, r := range reps {
		exp, isRanking := want[r.ID]
		if !isRanking {
			if r.Rows > 0 {
				d.fail(fmt.Errorf("benign traffic triggered %s (%d rows)", r.ID, r.Rows))
			}
			continue
		}
		det := d.detection(r.ID)
		keys, err := stateKeys(ctx, d.e.lake, det)
		if err != nil {
			return err
		}
		missing, unexpected, _ := reconcile(exp, func(int) string { return r.ID }, func(i int) map[string]any { return keys[i] }, len(keys))
		for _, m := range missing {
			d.fail(fmt.Errorf("baseline of %s lacks %s", r.ID, m))
		}
		for _, i := range unexpected {
			d.fail(fmt.Errorf("baseline of %s has unexpected %s", r.ID, describeKey(r.ID, keys[i])))
		}
	}
	return nil
}

func (d *demo) detection(id string) *detections.Detection {
	for _, det := range d.dets {
		if det.ID == id {
			return det
		}
	}
	return nil
}

// reconcile pairs the attack phase's alerts with the planted attacks.
func (d *demo) reconcile() {
	last := d.rep.Phases[len(d.rep.Phases)-1]
	var found []*Finding
	for i := range last.Detections {
		for j := range last.Detections[i].Alerts {
			found = append(found, &last.Detections[i].Alerts[j])
		}
	}
	for _, a := range d.ds.Attacks {
		ar := AttackReport{Attack: a, Missing: []Expected{}}
		missing, _, matchedBy := reconcile(a.Expect, func(i int) string { return found[i].Detection },
			func(i int) map[string]any { return found[i].Key }, len(found))
		// A finding explains one expectation of one attack only.
		for _, j := range matchedBy {
			if j >= 0 {
				found[j].Attack = a.ID
				ar.Found++
			}
		}
		// Claimed findings are not available to later attacks.
		var rest []*Finding
		for _, f := range found {
			if f.Attack == "" {
				rest = append(rest, f)
			}
		}
		found = rest
		ar.Missing = append(ar.Missing, missing...)
		for _, m := range missing {
			d.fail(fmt.Errorf("attack %s: the detections did not report %s", a.ID, m))
		}
		d.rep.Attacks = append(d.rep.Attacks, ar)
	}
	for _, f := range found {
		d.rep.Unexpected = append(d.rep.Unexpected, *f)
		d.fail(fmt.Errorf("unexpected finding (no planted attack explains it): %s", describeKey(f.Detection, f.Key)))
	}
}

func (d *demo) explore() {
	dir := shquote.Quote(d.rep.EngineDir)
	d.rep.Explore = []string{
		`flurry sql --local-dir ` + dir + ` --database SECURITY_LAKE --schema PUBLIC -q "select record:host::string as client, record:code::int as code, count(*) as requests from logs where time > dateadd(minute, -15, sysdate()) group by 1, 2 order by 3 desc limit 10"`,
		`flurry sql --local-dir ` + dir + ` --database SECURITY_LAKE --schema PUBLIC -q "select requestdatetime, remoteip, requester, operation, key from s3_access_logs where operation like '%DELETE%' order by requestdatetime desc limit 10"`,
		`flurry sql --local-dir ` + dir + ` -q "select detection_id, status, rows_returned, alerted from flurry.public.detection_runs order by started_at desc limit 25"`,
		`flurry detect run --local-dir ` + dir + ` --all --settle 0s --format table`,
		// The console finds the migrations' variables next to the engine
		// directory, so it needs nothing but the lake; it serves until ^C.
		`flurry console --local-dir ` + dir,
		// Stages need the buckets mapped again: the engine does not keep the map.
		`FLURRY_LOCAL_STAGE_MAP=` + shquote.Quote(strings.Join(stageMapEntries(d.rep.StageMap), ",")) + ` flurry sql --local-dir ` + dir + ` -q "list @security_lake.public.fluentd_stage"`,
	}
}

func stageMapEntries(m map[string]string) []string {
	var out []string
	for _, k := range sortedKeys(m) {
		out = append(out, k+"="+m[k])
	}
	return out
}
