// Package shipper is flurry ship: it tails log files, parses each line into
// a record, buffers the records durably in a spool of gzip chunks, and
// uploads the chunks to S3, to a local stage directory or to a Snowflake
// stage — replacing td-agent with fluent-plugin-s3 from the seed guides,
// without losing a line on crashes, rotations or outages.
//
// Guarantees: every line is uploaded exactly once, across crashes too. A
// line's position is committed in the same atomic manifest update that
// makes its record durable in the spool (and copied into the pos file after
// it), so after a SIGKILL the spool holds exactly the records up to the
// positions reading resumes from: nothing is read twice or skipped. A chunk
// keeps its object key across retries and restarts, and uploads are
// conditional (If-None-Match), so a repeated upload never makes a second
// object.
package shipper

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/flurry-dev/flurry/shipper/output"
	"github.com/flurry-dev/flurry/shipper/spool"
)

// RunOptions are what the command line adds to a Config.
type RunOptions struct {
	// Once reads the files that exist now to their end (from the saved
	// positions, else from the beginning), uploads everything and returns:
	// a backfill.
	Once bool
	// MetricsListen overrides the config's metrics_listen.
	MetricsListen string
	// Logger; default slog.Default().
	Logger *slog.Logger
	// Snowflake opens the connection of a snowflake:// output's target
	// ("" is the default target). Required when such an output exists. The
	// caller owns the returned pool.
	Snowflake func(ctx context.Context, target string) (*sql.DB, error)
	// Progress receives a progress line in Once mode. Nil means standard
	// error when it is a terminal.
	Progress io.Writer
	// Metrics, when set, is filled by Run (tests and embedding).
	Metrics *Metrics
	// Ready is called once every source has been scanned and is being read.
	Ready func()
}

// runner holds what the parts of a Run share.
type runner struct {
	cfg        *Config
	log        *slog.Logger
	metrics    *Metrics
	w          *writer
	writerDone chan struct{}
	once       bool
	progress   *progress
	routes     []*route
	matchers   []matcher

	routeMu    sync.Mutex
	routeCache map[string][]*route
}

// routesFor returns the outputs a tag goes to.
func (r *runner) routesFor(tag string) []*route {
	r.routeMu.Lock()
	defer r.routeMu.Unlock()
	if rs, ok := r.routeCache[tag]; ok {
		return rs
	}
	var rs []*route
	for i, m := range r.matchers {
		if m.match(tag) {
			rs = append(rs, r.routes[i])
		}
	}
	r.routeCache[tag] = rs
	return rs
}

// Run ships until ctx is cancelled (or, with opts.Once, until the existing
// files are read and uploaded). On cancellation it stops reading, commits,
// seals every open chunk and uploads what it can within flush_timeout;
// what is left stays in the spool for the next start.
func Run(ctx context.Context, cfg Config, opts RunOptions) error {
	// Work on copies: finish fills in defaults.
	cfg.Sources = append([]Source(nil), cfg.Sources...)
	cfg.Outputs = append([]Output(nil), cfg.Outputs...)
	if err := cfg.finish(); err != nil {
		return err
	}
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	m := opts.Metrics
	if m == nil {
		m = &Metrics{}
	}
	m.SpoolLimit.Store(int64(cfg.TotalLimitSize))
	m.StartTimestamp.Store(time.Now().Unix())

	if err := os.MkdirAll(cfg.SpoolDir, 0o700); err != nil {
		return err
	}
	// w is set before anything is appended; until then (recovery at Open)
	// a full disk is an error.
	var w *writer
	sp, pending, err := spool.Open(cfg.SpoolDir, spool.Options{Codec: cfg.Compression, Level: cfg.CompressionLevel, Logger: log,
		WaitForSpace: func(err error) error {
			if w == nil {
				return err
			}
			return w.waitForSpace(err)
		}})
	if err != nil {
		return err
	}
	defer sp.Close()

	r := &runner{cfg: &cfg, log: log, metrics: m, once: opts.Once, writerDone: make(chan struct{}), routeCache: map[string][]*route{}}
	for i := range cfg.Outputs {
		r.routes = append(r.routes, newRoute(&cfg.Outputs[i]))
		mt, _ := compileMatch(cfg.Outputs[i].Match)
		r.matchers = append(r.matchers, mt)
	}

	// Outputs and their uploaders.
	uploaders := map[string]*uploader{}
	for i := range cfg.Outputs {
		o := &cfg.Outputs[i]
		out, err := buildOutput(ctx, &cfg, o, opts)
		if err != nil {
			return fmt.Errorf("output %s: %w", o.Name, err)
		}
		uploaders[o.Name] = newUploader(o, out, sp, m.Output(o.Name), log, func() { w.notifyFreed() })
	}
	w = newWriter(sp, &cfg, m, log, func(chunks []spool.Chunk) {
		for _, c := range chunks {
			if u := uploaders[c.Output]; u != nil {
				u.add(c)
			}
		}
	})
	r.w = w
	// Chunks left by the previous run.
	for _, c := range pending {
		u := uploaders[c.Output]
		if u == nil {
			log.Error("the spool holds a chunk for an output that is not configured; it stays in the spool until that output is configured again",
				"output", c.Output, "chunk", c.Path, "records", c.Records)
			continue
		}
		if c.Key == "" {
			c.Key = w.keyOf(c)
			sp.SetKey(c.ID, c.Key)
		}
		u.add(c)
	}
	if len(pending) > 0 {
		log.Info("uploading chunks left by the previous run", "chunks", len(pending))
	}

	// Metrics endpoint.
	listen := cfg.MetricsListen
	if opts.MetricsListen != "" {
		listen = opts.MetricsListen
	}
	if listen != "" {
		ln, err := net.Listen("tcp", listen)
		if err != nil {
			return fmt.Errorf("metrics_listen: %w", err)
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", m)
		srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		log.Info("metrics", "url", "http://"+ln.Addr().String()+"/metrics")
	}

	if opts.Once {
		r.progress = &progress{}
	}

	// Uploads run on their own context: they continue through the
	// shutdown flush.
	uctx, cancelUploads := context.WithCancel(context.WithoutCancel(ctx))
	var uwg sync.WaitGroup
	for _, u := range uploaders {
		uwg.Add(1)
		go func() {
			defer uwg.Done()
			u.run(uctx)
		}()
	}
	// One deferred step, in this order: waiting for uploaders before
	// cancelling their context would hang every error return forever.
	defer func() {
		cancelUploads()
		uwg.Wait()
	}()

	// The writer.
	writerErr := make(chan error, 1)
	go func() {
		err := w.run()
		close(r.writerDone)
		writerErr <- err
	}()

	// The sources.
	rctx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	var runners []*sourceRunner
	for i := range cfg.Sources {
		sr, err := newSourceRunner(r, &cfg.Sources[i])
		if err != nil {
			stopReading()
			w.close()
			<-writerErr
			return err
		}
		runners = append(runners, sr)
	}
	forgetPositions(sp, cfg.Sources)
	m.setLag(func() map[string]int64 {
		out := map[string]int64{}
		for _, sr := range runners {
			out[sr.cfg.Name] = sr.lag()
		}
		return out
	})
	var swg sync.WaitGroup
	var readyCount atomic.Int64
	readyCount.Store(int64(len(runners)))
	for _, sr := range runners {
		swg.Add(1)
		go func() {
			defer swg.Done()
			sr.run(rctx, func() {
				if readyCount.Add(-1) == 0 && opts.Ready != nil {
					opts.Ready()
				}
			})
		}()
	}
	readingDone := make(chan struct{})
	go func() {
		swg.Wait()
		close(readingDone)
	}()
	log.Info("shipping", "sources", len(cfg.Sources), "outputs", len(cfg.Outputs), "spool", cfg.SpoolDir, "once", opts.Once)
	logDescriptorLimit(log)
	warnLowDisk(log, cfg.SpoolDir, int64(cfg.TotalLimitSize))

	var stopProgress func()
	if opts.Once {
		stopProgress = r.progress.start(opts.Progress, uploaders)
	}

	// Wait for the end of reading: cancellation, the end of the files
	// (Once), or a spool failure.
	select {
	case <-readingDone:
	case err := <-writerErr:
		writerErr <- err // read again below
	}
	stopReading()
	<-readingDone
	w.close()
	if err := <-writerErr; err != nil {
		log.Error("spool failure: stopping; the spool keeps every committed record", "err", err)
		if stopProgress != nil {
			stopProgress()
		}
		return err
	}

	// Flush: upload what was sealed at shutdown.
	allIdle := func() bool {
		for _, u := range uploaders {
			if !u.idle() {
				return false
			}
		}
		return true
	}
	var deadline <-chan time.Time
	if !opts.Once {
		t := time.NewTimer(cfg.FlushTimeout.D())
		defer t.Stop()
		deadline = t.C
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	// A closed Done channel is always ready: watch it once, or the loop
	// spins a CPU for the whole flush.
	done := ctx.Done()
wait:
	for !allIdle() {
		select {
		case <-tick.C:
		case <-deadline:
			break wait
		case <-done:
			if opts.Once {
				break wait
			}
			done = nil
		}
	}
	cancelUploads()
	uwg.Wait()
	if stopProgress != nil {
		stopProgress()
	}
	left := 0
	for _, u := range uploaders {
		left += u.left()
	}
	if _, err := sp.Commit(nil, nil); err != nil {
		return err
	}
	if left > 0 {
		log.Warn("chunks not uploaded yet stay in the spool for the next start", "chunks", left)
		if opts.Once {
			return fmt.Errorf("%d chunks not uploaded (they stay in %s)", left, cfg.SpoolDir)
		}
	}
	if opts.Once && ctx.Err() != nil {
		return ctx.Err()
	}
	log.Info("stopped", "chunks_left", left)
	return nil
}

func buildOutput(ctx context.Context, cfg *Config, o *Output, opts RunOptions) (output.Output, error) {
	switch o.scheme {
	case "s3":
		s := o.S3
		return output.NewS3(ctx, output.S3Config{
			Bucket: o.host, Prefix: o.prefix, Region: s.Region, Endpoint: s.Endpoint, PathStyle: s.ForcePathStyle,
			Checksum: s.Checksum, SSE: s.SSE, SSEKMSKeyID: s.SSEKMSKeyID, StorageClass: s.StorageClass,
			Profile: s.Profile, RoleARN: s.RoleARN, ExternalID: s.ExternalID,
			AccessKeyID: s.AccessKeyID, SecretAccessKey: s.SecretAccessKey, CABundle: s.CABundle,
			NoConditionalPut: s.NoConditionalPut,
			ResponseTimeout:  s.ResponseTimeout.D(), AttemptTimeout: s.AttemptTimeout.D(),
		})
	case "file":
		return &output.File{Dir: o.prefix}, nil
	case "snowflake":
		if opts.Snowflake == nil {
			return nil, errors.New("snowflake outputs need a connection (RunOptions.Snowflake)")
		}
		db, err := opts.Snowflake(ctx, o.Snowflake.Target)
		if err != nil {
			return nil, fmt.Errorf("connect to target %q: %w", o.Snowflake.Target, err)
		}
		tmp := filepath.Join(cfg.SpoolDir, "put")
		if err := os.MkdirAll(tmp, 0o700); err != nil {
			return nil, err
		}
		return output.NewSnowflake(output.SnowflakeConfig{
			DB: db, Stage: o.host, Prefix: o.prefix, CopyInto: o.Snowflake.CopyInto, FileFormat: o.Snowflake.FileFormat,
			CopyColumns: o.Snowflake.CopyColumns, CopySelect: o.Snowflake.CopySelect,
			Pipe: o.Snowflake.Pipe, TmpDir: tmp,
		})
	}
	return nil, fmt.Errorf("unknown output %q", o.URL)
}
