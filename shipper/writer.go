package shipper

import (
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/flurry-dev/flurry/shipper/spool"
)

// msgKind says what a message to the writer carries.
type msgKind int

const (
	msgBatch   msgKind = iota // records of a file, and its new position
	msgTrack                  // a file is read from offset (or renamed)
	msgUntrack                // a file is finished: forget its position
	msgRename                 // the scanner found a followed file under a new name
)

// fileID identifies a file across renames.
type fileID struct{ dev, ino uint64 }

// msg is what readers send the writer. All of a file's messages come from
// its follower, in order, except msgRename (from the scanner) and the
// untracking of files gone while stopped.
type msg struct {
	kind msgKind
	src  *sourceState
	file fileID
	path string
	// gen is the number of renames of the file the sender had seen when it
	// took path: a rename and a batch built just before it may arrive in
	// either order, and the newer name must win.
	gen    uint64
	offset int64 // position after the batch's lines
	fp     fingerprint
	groups []*group
	// durable, when set (msgTrack), is closed once the message is in the
	// pos file: a file is read only after its inode is recorded, so a
	// crash before the first commit cannot lose a file rotated away
	// meanwhile (the restart finds it by inode).
	durable chan struct{}
}

// group is the formatted records of a batch for one chunk.
type group struct {
	key     spool.Key
	data    []byte
	records int
}

var groupPool = sync.Pool{New: func() any { return &group{data: make([]byte, 0, 64<<10)} }}

// sourceState is a source's position table, owned by the writer.
type sourceState struct {
	cfg     *Source
	metrics *SourceMetrics
	// pos is what the pos file holds, by inode (as Fluentd keys it); it
	// starts as the pos file read at start, so entries of files not yet
	// re-found are kept, and is written only after a commit.
	pos   map[fileID]posEntry
	dirty bool
	// written is what the pos file holds (as read at start, then as last
	// written).
	written string
}

// writer owns the spool: it appends batches, commits (fsync) on a timer or
// after commitBytes, seals chunks by time key and size, and saves positions
// only after the records they cover are committed.
type writer struct {
	sp       *spool.Spool
	cfg      *Config
	outputs  map[string]*Output
	metrics  *Metrics
	log      *slog.Logger
	in       chan msg
	freed    chan struct{} // an upload removed a chunk
	quit     chan struct{} // closed with in: stop even while blocked
	onSealed func([]spool.Chunk)

	open        map[spool.Key]*openState
	uncommitted int64
	dirty       bool
	sources     map[*sourceState]bool
	blocked     bool
	diskLow     bool      // the spool's file system is nearly full
	diskChecked time.Time // when diskLow was last checked
	spaceWait   bool      // a spool write waits for disk space (waitForSpace)
	// waiting are the durable channels of applied tracks, closed by the
	// next commit.
	waiting []chan struct{}
}

type openState struct {
	raw     int64
	created time.Time
	last    time.Time
}

const (
	commitBytes   = 8 << 20
	maxOpenChunks = 64
)

func newWriter(sp *spool.Spool, cfg *Config, m *Metrics, log *slog.Logger, onSealed func([]spool.Chunk)) *writer {
	w := &writer{
		sp: sp, cfg: cfg, metrics: m, log: log, onSealed: onSealed,
		in:      make(chan msg, 4),
		freed:   make(chan struct{}, 1),
		quit:    make(chan struct{}),
		outputs: map[string]*Output{},
		open:    map[spool.Key]*openState{},
		sources: map[*sourceState]bool{},
	}
	for i := range cfg.Outputs {
		w.outputs[cfg.Outputs[i].Name] = &cfg.Outputs[i]
	}
	return w
}

// keyOf is the object key of a chunk.
func (w *writer) keyOf(c spool.Chunk) string {
	o := w.outputs[c.Output]
	if o == nil {
		return ""
	}
	return formatKey(o.KeyFormat, chunkCodec(c), time.Unix(c.Timekey, 0), c.Tag, w.cfg.Hostname, c.ID)
}

// notifyFreed wakes a writer blocked on a full spool.
func (w *writer) notifyFreed() {
	select {
	case w.freed <- struct{}{}:
	default:
	}
}

// run consumes messages until in is closed, then commits and seals every
// open chunk (flush at shutdown). A spool error stops the shipper: the
// spool then holds exactly its last commit, and positions match it.
func (w *writer) run() error {
	tick := time.NewTicker(min(w.cfg.CommitInterval.D(), 250*time.Millisecond))
	defer tick.Stop()
	lastCommit := time.Now()
	limit := int64(w.cfg.TotalLimitSize)
	for {
		in := w.in
		size := w.sp.Size()
		w.metrics.SpoolBytes.Store(size)
		if size >= limit || w.diskFull() {
			in = nil
			if !w.blocked {
				w.blocked = true
				w.metrics.SpoolBlocked.Store(1)
				w.log.Warn("spool full: reading is blocked until uploads free space", "spool_bytes", size, "total_limit_size", limit, "disk_full", size < limit)
				// Sealed chunks can be uploaded and removed; open ones cannot.
				if err := w.commit(w.openKeys()); err != nil {
					return err
				}
				lastCommit = time.Now()
			}
		} else if w.blocked {
			w.blocked = false
			w.metrics.SpoolBlocked.Store(0)
			w.log.Info("spool has room again: reading resumes", "spool_bytes", size)
		}
		select {
		case m, ok := <-in:
			if !ok {
				return w.commit(w.openKeys())
			}
			seal, err := w.apply(m)
			if err != nil {
				return err
			}
			// Tracks are committed as soon as nothing else is queued
			// (one commit for the files a scan found together).
			if len(seal) > 0 || w.uncommitted >= commitBytes || (len(w.waiting) > 0 && len(w.in) == 0) {
				if err := w.commit(seal); err != nil {
					return err
				}
				lastCommit = time.Now()
			}
		case <-tick.C:
			seal := w.dueKeys(time.Now())
			if len(seal) > 0 || len(w.waiting) > 0 || (w.dirty && time.Since(lastCommit) >= w.cfg.CommitInterval.D()) {
				if err := w.commit(seal); err != nil {
					return err
				}
				lastCommit = time.Now()
			}
		case <-w.freed:
		case <-w.quitWhile(in == nil):
			// Stopping while blocked: what waits in the channel was never
			// applied, so its lines' positions were not saved either.
			return w.commit(w.openKeys())
		}
	}
}

// close ends the writer: it applies what is queued unless the spool is
// full, then commits and seals every open chunk.
func (w *writer) close() {
	close(w.in)
	close(w.quit)
}

// quitWhile is the quit channel when cond holds (a nil channel otherwise).
func (w *writer) quitWhile(cond bool) <-chan struct{} {
	if cond {
		return w.quit
	}
	return nil
}

func (w *writer) apply(m msg) (seal []spool.Key, err error) {
	st := m.src
	switch m.kind {
	case msgTrack:
		setPos(st, m)
		st.dirty = true
		w.sources[st] = true
		w.dirty = true
		if m.durable != nil {
			w.waiting = append(w.waiting, m.durable)
		}
		return nil, nil
	case msgRename:
		// Only a file still tracked: a rename may trail its untracking.
		if e, ok := st.pos[m.file]; ok && m.gen > e.gen {
			e.path, e.gen = m.path, m.gen
			st.pos[m.file] = e
			st.dirty = true
			w.sources[st] = true
			w.dirty = true
		}
		return nil, nil
	case msgUntrack:
		delete(st.pos, m.file)
		st.dirty = true
		w.sources[st] = true
		w.dirty = true
		return nil, nil
	}
	for _, g := range m.groups {
		if err := w.appendRetrying(g); err != nil {
			return nil, err
		}
		w.uncommitted += int64(len(g.data))
		oc := w.open[g.key]
		if oc == nil {
			oc = &openState{created: time.Now()}
			w.open[g.key] = oc
		}
		oc.raw += int64(len(g.data))
		oc.last = time.Now()
		w.metrics.Output(g.key.Output).Records.Add(int64(g.records))
		if o := w.outputs[g.key.Output]; o != nil && oc.raw >= int64(o.ChunkLimitSize) {
			seal = append(seal, g.key)
		}
		g.data = g.data[:0]
		g.records = 0
		groupPool.Put(g)
	}
	setPos(st, m)
	st.dirty = true
	w.sources[st] = true
	w.dirty = true
	if len(w.open)-len(seal) > maxOpenChunks {
		// Too many chunks at once (a backfill over many hours or tags):
		// seal the least recently written.
		keys := w.openKeys()
		sort.Slice(keys, func(i, j int) bool { return w.open[keys[i]].last.Before(w.open[keys[j]].last) })
		seal = append(seal, keys[:len(w.open)-maxOpenChunks]...)
	}
	return seal, nil
}

// setPos records a track's or batch's position, keeping a newer name
// already recorded.
func setPos(st *sourceState, m msg) {
	e := posEntry{path: m.path, gen: m.gen, offset: m.offset, ino: m.file.ino, dev: m.file.dev, fp: m.fp}
	if old, ok := st.pos[m.file]; ok && old.gen > m.gen {
		e.path, e.gen = old.path, old.gen
	}
	st.pos[m.file] = e
}

func (w *writer) openKeys() []spool.Key {
	keys := make([]spool.Key, 0, len(w.open))
	for k := range w.open {
		keys = append(keys, k)
	}
	return keys
}

// dueKeys are the open chunks whose time key ended timekey_wait ago and
// that stopped growing, and those open for longer than timekey +
// timekey_wait by the clock (an event time in the future must not keep its
// records from being uploaded).
//
// "Stopped growing" matters for a backfill: every time key of old logs ended
// long ago, and sealing at each tick would cut a chunk still being filled
// into many small objects. A chunk of a past time key that is still being
// written is cut by chunk_limit_size instead, or sealed once no line came
// for max(timekey_wait, 1s).
func (w *writer) dueKeys(now time.Time) []spool.Key {
	var due []spool.Key
	for k, oc := range w.open {
		o := w.outputs[k.Output]
		span := o.Timekey.D() + o.TimekeyWait.D()
		idle := max(o.TimekeyWait.D(), time.Second)
		ended := !now.Before(time.Unix(k.Timekey, 0).Add(span))
		if (ended && now.Sub(oc.last) >= idle) || !now.Before(oc.created.Add(span)) {
			due = append(due, k)
		}
	}
	return due
}

// commit makes appended records durable, seals the given chunks, then saves
// the positions of every source that moved.
func (w *writer) commit(seal []spool.Key) error {
	start := time.Now()
	// The positions go into the manifest with the records (commitpos.go),
	// then into the pos files.
	type save struct {
		st      *sourceState
		entries []posEntry
		text    string
	}
	var saves []save
	for st := range w.sources {
		if !st.dirty {
			continue
		}
		entries := make([]posEntry, 0, len(st.pos))
		for _, e := range st.pos {
			entries = append(entries, e)
		}
		text := string(formatPosFile(entries))
		w.notePositions(st, text)
		saves = append(saves, save{st, entries, text})
	}
	sealed, err := w.sp.Commit(seal, w.keyOf)
	if err != nil {
		return fmt.Errorf("spool commit: %w", err)
	}
	for _, k := range seal {
		delete(w.open, k)
	}
	for _, sv := range saves {
		if err := w.savePositions(sv.st, sv.entries); err != nil {
			return fmt.Errorf("source %s: pos_file: %w", sv.st.cfg.Name, err)
		}
		sv.st.written = sv.text
		sv.st.dirty = false
	}
	clear(w.sources)
	for _, c := range w.waiting {
		close(c)
	}
	w.waiting = w.waiting[:0]
	w.uncommitted = 0
	w.dirty = false
	w.metrics.Commits.Add(1)
	w.metrics.CommitNanos.Add(int64(time.Since(start)))
	w.metrics.SpoolBytes.Store(w.sp.Size())
	if len(sealed) > 0 {
		for _, c := range sealed {
			w.metrics.Output(c.Output).Chunks.Add(1)
		}
		w.onSealed(sealed)
	}
	return nil
}

// chunkCodec is the compression a chunk was written with (chunks of an
// earlier run keep theirs when the configuration changed).
func chunkCodec(c spool.Chunk) string {
	if c.Codec == "" {
		return spool.Gzip
	}
	return c.Codec
}
