package shipper

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/flurry-dev/flurry/shipper/output"
	"github.com/flurry-dev/flurry/shipper/spool"
)

// uploader uploads an output's sealed chunks with a few workers, retrying
// each failed chunk forever with exponential backoff and jitter. A chunk
// leaves the spool only after its upload succeeded.
type uploader struct {
	name    string
	cfg     *Output
	out     output.Output
	sp      *spool.Spool
	metrics *OutputMetrics
	log     *slog.Logger
	freed   func()

	mu       sync.Mutex
	cond     *sync.Cond
	queue    []*job
	inFlight int
	waiting  int // jobs sleeping before a retry
	pending  map[string]time.Time
	closed   bool
}

type job struct {
	chunk    spool.Chunk
	attempts int
}

func newUploader(cfg *Output, out output.Output, sp *spool.Spool, m *OutputMetrics, log *slog.Logger, freed func()) *uploader {
	u := &uploader{name: cfg.Name, cfg: cfg, out: out, sp: sp, metrics: m, log: log.With("output", cfg.Name), freed: freed, pending: map[string]time.Time{}}
	u.cond = sync.NewCond(&u.mu)
	return u
}

// add queues sealed chunks.
func (u *uploader) add(chunks ...spool.Chunk) {
	u.mu.Lock()
	for _, c := range chunks {
		u.queue = append(u.queue, &job{chunk: c})
		u.pending[c.ID] = c.Created
	}
	u.updateGauges()
	u.mu.Unlock()
	u.cond.Broadcast()
}

func (u *uploader) updateGauges() {
	u.metrics.Pending.Store(int64(len(u.pending)))
	var oldest time.Time
	for _, t := range u.pending {
		if oldest.IsZero() || t.Before(oldest) {
			oldest = t
		}
	}
	if oldest.IsZero() {
		u.metrics.OldestPending.Store(0)
	} else {
		u.metrics.OldestPending.Store(oldest.UnixNano())
	}
}

// run starts the workers; they stop when ctx ends (an upload in progress is
// abandoned and its chunk stays in the spool) or after close.
func (u *uploader) run(ctx context.Context) {
	var wg sync.WaitGroup
	stop := context.AfterFunc(ctx, func() {
		u.mu.Lock()
		u.closed = true
		u.mu.Unlock()
		u.cond.Broadcast()
	})
	defer stop()
	for i := 0; i < u.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u.work(ctx)
		}()
	}
	wg.Wait()
}

func (u *uploader) work(ctx context.Context) {
	for {
		u.mu.Lock()
		for len(u.queue) == 0 && !u.closed {
			u.cond.Wait()
		}
		if u.closed {
			u.mu.Unlock()
			return
		}
		j := u.queue[0]
		u.queue = u.queue[1:]
		u.inFlight++
		u.mu.Unlock()

		err := u.out.Put(ctx, j.chunk.Key, j.chunk.Path, j.chunk.Size)
		if err == nil {
			if rerr := u.sp.Remove(j.chunk.ID); rerr != nil {
				u.log.Error("remove uploaded chunk", "chunk", j.chunk.ID, "err", rerr)
			}
			u.metrics.Uploads.Add(1)
			u.metrics.UploadedBytes.Add(j.chunk.Size)
			u.log.Debug("uploaded", "key", j.chunk.Key, "bytes", j.chunk.Size, "records", j.chunk.Records)
			u.freed()
			u.mu.Lock()
			u.inFlight--
			delete(u.pending, j.chunk.ID)
			u.updateGauges()
			u.mu.Unlock()
			u.cond.Broadcast()
			continue
		}
		u.mu.Lock()
		u.inFlight--
		if ctx.Err() != nil {
			u.mu.Unlock()
			u.cond.Broadcast()
			return
		}
		j.attempts++
		wait := backoff(u.cfg.RetryWait.D(), u.cfg.RetryMaxInterval.D(), j.attempts)
		u.metrics.UploadFailures.Add(1)
		u.log.Warn("upload failed; will retry", "key", j.chunk.Key, "attempt", j.attempts, "retry_in", wait.Round(time.Millisecond), "err", err)
		u.waiting++
		u.mu.Unlock()
		time.AfterFunc(wait, func() {
			u.mu.Lock()
			u.waiting--
			u.queue = append(u.queue, j)
			u.mu.Unlock()
			u.cond.Broadcast()
		})
	}
}

// idle reports whether no chunk is queued, uploading or waiting to retry.
func (u *uploader) idle() bool {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.queue) == 0 && u.inFlight == 0 && u.waiting == 0
}

// left is the number of chunks not uploaded yet.
func (u *uploader) left() int {
	u.mu.Lock()
	defer u.mu.Unlock()
	return len(u.pending)
}

// backoff is base*2^(attempt-1) capped at max, with ±50% jitter so that
// many shippers do not retry in step after an outage.
func backoff(base, max time.Duration, attempt int) time.Duration {
	d := base
	for i := 1; i < attempt && d < max; i++ {
		d *= 2
	}
	if d > max {
		d = max
	}
	return time.Duration(float64(d) * (0.5 + rand.Float64()))
}
