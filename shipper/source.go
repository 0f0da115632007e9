package shipper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/nxadm/tail"

	"github.com/flurry-dev/flurry/shipper/parse"
	"github.com/flurry-dev/flurry/shipper/spool"
)

const (
	// batchLimit is the formatted size at which a reader hands a batch to
	// the writer.
	batchLimit = 256 << 10
	// pollInterval paces reading of rotated files (nxadm/tail no longer
	// watches them).
	pollInterval = 100 * time.Millisecond
	// finalSendWait bounds the hand-over of a last batch at shutdown; an
	// abandoned batch is simply read again next time (its position was
	// never saved).
	finalSendWait = 2 * time.Second
)

// sourceRunner finds a source's files and runs one follower per file.
type sourceRunner struct {
	r     *runner
	cfg   *Source
	st    *sourceState
	m     *SourceMetrics
	log   *slog.Logger
	saved map[fileID]posEntry // positions from the pos file at start, by device and inode
	// firstStart: there was no pos file, the source never ran. Only then
	// does read_from_head = false skip what the files hold; at later
	// starts a file missing from the pos file appeared while stopped.
	firstStart bool

	mu        sync.Mutex
	followers map[fileID]*follower
	unrouted  map[fileID]bool // files already reported as matching no output
	wg        sync.WaitGroup

	// reported holds the globs that matched nothing and the matched names
	// that are not regular files (directories, dangling symlinks) already
	// logged, so each is logged once, not at every scan. Scanner only.
	reported map[string]bool
}

func newSourceRunner(r *runner, cfg *Source) (*sourceRunner, error) {
	saved, text, firstStart, err := loadPositions(r.w.sp, cfg, r.log)
	if err != nil {
		return nil, fmt.Errorf("source %s: pos_file: %w", cfg.Name, err)
	}
	s := &sourceRunner{
		r: r, cfg: cfg, saved: saved, firstStart: firstStart,
		st:        &sourceState{cfg: cfg, pos: maps.Clone(saved), written: text},
		m:         r.metrics.Source(cfg.Name),
		log:       r.log.With("source", cfg.Name),
		followers: map[fileID]*follower{},
		unrouted:  map[fileID]bool{},
		reported:  map[string]bool{},
	}
	s.st.metrics = s.m
	return s, nil
}

// run scans for files until ctx ends (or, in once mode, until every file
// was read to its end), then waits for its followers.
func (s *sourceRunner) run(ctx context.Context, ready func()) {
	defer s.wg.Wait()
	s.scan(ctx, true)
	ready()
	if s.r.once {
		s.wg.Wait()
		return
	}
	t := time.NewTicker(s.cfg.RefreshInterval.D())
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			s.scan(ctx, false)
		}
	}
}

// glob expands the source's patterns, minus exclusions, sorted.
func (s *sourceRunner) glob() []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range s.cfg.Paths {
		matches, _ := filepath.Glob(p)
		if len(matches) == 0 {
			if !s.reported["glob\x00"+p] {
				s.reported["glob\x00"+p] = true
				s.log.Warn("path pattern matches no file (yet)", "source", s.cfg.Name, "pattern", p)
			}
		} else {
			delete(s.reported, "glob\x00"+p)
		}
	next:
		for _, m := range matches {
			for _, ex := range s.cfg.Exclude {
				if ok, _ := filepath.Match(ex, m); ok {
					continue next
				}
				if ok, _ := filepath.Match(ex, filepath.Base(m)); ok {
					continue next
				}
			}
			if !seen[m] {
				seen[m] = true
				out = append(out, m)
			}
		}
	}
	sort.Strings(out)
	return out
}

// scan matches the globs against the followed files: new files get a
// follower, renamed ones a new path, and followed files no longer matched
// (rotated away or deleted) are drained and closed.
func (s *sourceRunner) scan(ctx context.Context, first bool) {
	seen := map[fileID]bool{}
	s.match(ctx, first, seen)
	if ctx.Err() != nil {
		return // stopping: a file missing from an unfinished match is not gone
	}
	s.mu.Lock()
	missing := false
	for id, f := range s.followers {
		missing = missing || (!seen[id] && !f.isRotated())
	}
	s.mu.Unlock()
	if missing {
		// A file renamed between the glob and its stat looks gone under
		// both names: look again before calling anything rotated (a
		// rotated file is drained and closed, and read again from its
		// start if it matches later).
		s.match(ctx, first, seen)
		if ctx.Err() != nil {
			return
		}
	}
	s.mu.Lock()
	for id, f := range s.followers {
		if !seen[id] {
			f.rotate()
		}
	}
	s.mu.Unlock()
	if first {
		s.findRotatedWhileStopped(ctx)
	}
}

// match expands the globs, adding the files found to seen: new files get a
// follower, followed ones their current name.
func (s *sourceRunner) match(ctx context.Context, first bool, seen map[fileID]bool) {
	for _, p := range s.glob() {
		if ctx.Err() != nil {
			return // stopping: start nothing more
		}
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			if !s.reported["file\x00"+p] {
				s.reported["file\x00"+p] = true
				what := "not a regular file"
				switch {
				case errors.Is(err, os.ErrNotExist):
					what = "a dangling symlink (or gone)"
				case err != nil:
					what = err.Error()
				case fi.IsDir():
					what = "a directory"
				}
				s.log.Warn("a name matching the path pattern is not read: "+what, "source", s.cfg.Name, "path", p)
			}
			continue
		}
		delete(s.reported, "file\x00"+p)
		id := idOf(p, fi)
		if seen[id] {
			continue // another name (hard link) of a file already seen
		}
		seen[id] = true
		s.mu.Lock()
		f := s.followers[id]
		s.mu.Unlock()
		if f != nil {
			if gen, renamed := f.setPath(p); renamed {
				// The pos file follows the new name even if no line
				// follows the rename.
				s.sendWriter(ctx, msg{kind: msgRename, src: s.st, file: id, path: p, gen: gen})
			}
			continue
		}
		var offset int64
		if key, e, ok := s.savedFor(id, p); ok {
			offset = e.offset
			delete(s.saved, key)
			if offset > fi.Size() {
				s.log.Warn("file is shorter than its saved position (truncated while stopped); reading it from the start", "path", p, "position", offset, "size", fi.Size())
				offset = 0
				s.finishCopy(ctx, e, id)
			} else if !s.sameFile(p, e) {
				s.log.Warn("file reuses the inode of a file in the position file but its content differs; reading it from the start", "path", p, "was", e.path)
				offset = 0
				s.finishCopy(ctx, e, id)
			}
		} else if first && !s.r.once {
			if s.firstStart && !s.cfg.ReadFromHead {
				offset = fi.Size()
			} else if !s.firstStart {
				s.log.Info("a file not in the position file: it appeared while stopped; reading it from the start", "path", p)
			}
		}
		s.start(ctx, p, id, offset, false)
	}
}

// finishCopy handles a file truncated while stopped (copytruncate): its
// lines past the saved position were read but not committed before the
// stop, and now live only in the copy. The copy is the file next to it,
// not followed, whose first bytes match the saved fingerprint and that
// reaches the saved position; it is read from there to its end.
func (s *sourceRunner) finishCopy(ctx context.Context, e posEntry, truncated fileID) {
	if e.fp.n == 0 {
		return // a td-agent position has no fingerprint to find the copy by
	}
	entries, err := os.ReadDir(filepath.Dir(e.path))
	if err != nil {
		return
	}
	for _, de := range entries {
		p := filepath.Join(filepath.Dir(e.path), de.Name())
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() < e.offset {
			continue
		}
		id := idOf(p, fi)
		if id == truncated {
			continue
		}
		s.mu.Lock()
		_, followed := s.followers[id]
		s.mu.Unlock()
		if followed {
			continue
		}
		if _, _, saved := s.savedFor(id, p); saved {
			continue // it has a position of its own
		}
		fh, err := os.Open(p)
		if err != nil {
			continue
		}
		fp, err := fingerprintOf(fh, e.fp.n)
		fh.Close()
		if err != nil || fp != e.fp {
			continue
		}
		s.log.Info("finishing the copy of a file truncated while stopped (copytruncate) from the saved position", "path", p, "truncated", e.path, "position", e.offset, "size", fi.Size())
		s.start(ctx, p, id, e.offset, true)
		return
	}
}

// sendWriter hands the writer a message of the scanner's own.
func (s *sourceRunner) sendWriter(ctx context.Context, m msg) {
	select {
	case s.r.w.in <- m:
	case <-ctx.Done():
	case <-s.r.writerDone:
	}
}

// findRotatedWhileStopped finds the files of the pos file that no glob
// matched by inode next to their old name, and finishes reading them.
func (s *sourceRunner) findRotatedWhileStopped(ctx context.Context) {
	for key, e := range s.saved {
		p, fi := findInode(filepath.Dir(e.path), key)
		delete(s.saved, key)
		if p == "" {
			s.log.Info("a file in the position file is gone", "path", e.path, "inode", key.ino)
			s.sendWriter(ctx, msg{kind: msgUntrack, src: s.st, file: key})
			continue
		}
		offset := e.offset
		if offset > fi.Size() || !s.sameFile(p, e) {
			offset = 0
		}
		s.log.Info("finishing a file rotated while stopped", "path", p, "was", e.path, "position", offset, "size", fi.Size())
		s.start(ctx, p, idOf(p, fi), offset, true)
	}
}

// savedFor finds the saved position of the file id found at path: the entry
// of its device and inode; else a td-agent entry (no device) of its inode;
// else an entry of its inode and path whose device number differs (device
// numbers can change across reboots) — the fingerprint is checked by the
// caller in every case.
func (s *sourceRunner) savedFor(id fileID, path string) (fileID, posEntry, bool) {
	if e, ok := s.saved[id]; ok {
		return id, e, true
	}
	legacy := fileID{ino: id.ino}
	if e, ok := s.saved[legacy]; ok {
		return legacy, e, true
	}
	for key, e := range s.saved {
		if key.ino == id.ino && e.path == path {
			return key, e, true
		}
	}
	return fileID{}, posEntry{}, false
}

// sameFile checks a saved position's fingerprint against the file.
func (s *sourceRunner) sameFile(path string, e posEntry) bool {
	if e.fp.n == 0 {
		return true // a td-agent pos_file has no fingerprint
	}
	fh, err := os.Open(path)
	if err != nil {
		return true
	}
	defer fh.Close()
	fp, err := fingerprintOf(fh, e.fp.n)
	return err != nil || fp == e.fp
}

// findInode finds the file of dir with the saved device and inode (any
// device for a td-agent entry, which has none).
func findInode(dir string, key fileID) (string, os.FileInfo) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", nil
	}
	for _, e := range entries {
		p := filepath.Join(dir, e.Name())
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if id := idOf(p, fi); id.ino == key.ino && (key.dev == 0 || id.dev == key.dev) {
			return p, fi
		}
	}
	return "", nil
}

func (s *sourceRunner) start(ctx context.Context, path string, id fileID, offset int64, rotated bool) {
	fh, err := os.Open(path)
	if err != nil {
		s.log.Warn("cannot open file", "path", path, "err", err)
		return
	}
	// The name may point to another file by now; follow what we opened.
	if fi, err := fh.Stat(); err != nil || idOf(path, fi) != id {
		fh.Close()
		return
	}
	s.mu.Lock()
	_, followed := s.followers[id]
	s.mu.Unlock()
	if followed {
		fh.Close()
		return
	}
	tag := expandTag(s.cfg.Tag, path)
	routes := s.r.routesFor(tag)
	if len(routes) == 0 {
		if !s.unrouted[id] {
			s.unrouted[id] = true
			s.log.Error("no output matches the tag of this file; it is not read", "path", path, "tag", tag)
		}
		fh.Close()
		return
	}
	p, err := parse.New(s.cfg.Parser, s.cfg.Parse)
	if err != nil {
		fh.Close()
		s.log.Error("parser", "err", err)
		return
	}
	f := &follower{
		s: s, id: id, fh: fh, path: path, tag: tag, routes: routes, parser: p,
		rotated: make(chan struct{}),
	}
	f.offset.Store(offset)
	if rotated {
		f.rotate()
	}
	s.mu.Lock()
	s.followers[id] = f
	s.mu.Unlock()
	checkDescriptors(s.log, following.Add(1))
	if s.r.progress != nil {
		if fi, err := fh.Stat(); err == nil && fi.Size() > offset {
			s.r.progress.total.Add(fi.Size() - offset)
		}
	}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		defer fh.Close()
		f.run(ctx)
		// A follower stopped by the shutdown stays registered: a scan still
		// running would otherwise take its file for one that appeared
		// while running, start it at offset 0, and that position could
		// reach the pos file (the next start then read the file again).
		if ctx.Err() == nil {
			s.mu.Lock()
			if s.followers[f.id] == f {
				delete(s.followers, f.id)
			}
			s.mu.Unlock()
		}
		following.Add(-1)
	}()
}

// lag is the unread bytes of the followed files.
func (s *sourceRunner) lag() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n int64
	for _, f := range s.followers {
		if fi, err := f.fh.Stat(); err == nil {
			if d := fi.Size() - f.offset.Load(); d > 0 {
				n += d
			}
		}
	}
	return n
}

// follower reads one file (one inode) from its position: first its backlog
// with a plain reader, then live with nxadm/tail, and after rotation again
// with the plain reader until the file has been quiet for rotate_wait.
type follower struct {
	s      *sourceRunner
	id     fileID
	fh     *os.File
	tag    string
	routes []*route
	parser parse.Parser

	pathMu  sync.Mutex
	path    string
	pathGen uint64 // renames seen (see msg.gen)

	offset atomic.Int64 // position after the last line handed to a batch
	fp     fingerprint
	// tailStopped is when the last nxadm/tail session ended.
	tailStopped time.Time
	rotated     chan struct{}
	rotateOnce  sync.Once

	groups []*group
	rec    []byte
	tt     timeText
	bytes  int
	lines  int
}

// setPath records the file's current name; renamed says it changed, gen
// counts the changes.
func (f *follower) setPath(p string) (gen uint64, renamed bool) {
	f.pathMu.Lock()
	defer f.pathMu.Unlock()
	if p == f.path {
		return f.pathGen, false
	}
	f.path = p
	f.pathGen++
	return f.pathGen, true
}

func (f *follower) getPath() string {
	p, _ := f.pathAndGen()
	return p
}

func (f *follower) pathAndGen() (string, uint64) {
	f.pathMu.Lock()
	defer f.pathMu.Unlock()
	return f.path, f.pathGen
}

// rotate tells the follower its file is no longer matched by the globs.
func (f *follower) rotate() { f.rotateOnce.Do(func() { close(f.rotated) }) }

func (f *follower) isRotated() bool {
	select {
	case <-f.rotated:
		return true
	default:
		return false
	}
}

func (f *follower) run(ctx context.Context) {
	log := f.s.log.With("path", f.getPath())
	if off := f.offset.Load(); off > 0 {
		f.fp, _ = fingerprintOf(f.fh, off)
	}
	durable := make(chan struct{})
	path, gen := f.pathAndGen()
	if !f.send(ctx, msg{kind: msgTrack, src: f.s.st, file: f.id, path: path, gen: gen, offset: f.offset.Load(), fp: f.fp, durable: durable}) {
		return
	}
	select {
	case <-durable:
	case <-ctx.Done():
		return
	case <-f.s.r.writerDone:
		return
	}
	// Counted as read only now: from here on a crash loses nothing of it.
	f.s.m.Files.Add(1)
	defer f.s.m.Files.Add(-1)
	lr := newLineReader(f.fh, f.offset.Load())
	if _, ok := f.readToEOF(ctx, lr); !ok {
		return
	}
	if f.s.r.once {
		return
	}
live:
	for !f.isRotated() {
		switch f.tail(ctx, log) {
		case tailStopped:
			return
		case tailBehind:
			// A backlog: the plain reader is much faster than a line at a
			// time through nxadm/tail. Then follow live again.
			log.Debug("backlog: reading ahead of the tail", "position", f.offset.Load(), "size", f.size())
			lr.reset(f.offset.Load())
			if _, ok := f.readToEOF(ctx, lr); !ok {
				return
			}
		case tailRotated:
			break live
		case tailEnded:
			// nxadm/tail lets go of a renamed file. Read on; the next
			// session follows the same inode until the scanner decides
			// whether it was rotated away or only renamed.
			lr.reset(f.offset.Load())
			if _, ok := f.readToEOF(ctx, lr); !ok {
				return
			}
		case tailFailed:
			// No inotify (or no watch left): poll.
			lr.reset(f.offset.Load())
			for !f.isRotated() {
				if _, ok := f.readToEOF(ctx, lr); !ok {
					return
				}
				select {
				case <-ctx.Done():
					f.flush(ctx)
					return
				case <-f.rotated:
				case <-time.After(pollInterval):
				}
			}
		}
	}
	// Rotated: read what the writing process still appends to the old
	// file (it may keep its descriptor for a while), until it has been
	// quiet for rotate_wait.
	lr.reset(f.offset.Load())
	quietSince := time.Now()
	for {
		n, ok := f.readToEOF(ctx, lr)
		if !ok {
			return
		}
		if n > 0 {
			quietSince = time.Now()
		}
		if time.Since(quietSince) >= f.s.cfg.RotateWait.D() {
			break
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pollInterval):
		}
	}
	// The file is final: an incomplete last line (no newline at the end)
	// will never be completed, so it is shipped as it is.
	if tail := lr.rest(); len(tail) > 0 {
		f.add(tail, lr.offset())
		if !f.flush(ctx) {
			return
		}
		log.Info("rotated file ended without a newline; its last line was shipped as it is", "bytes", len(tail))
	}
	log.Info("rotated file drained", "position", f.offset.Load())
	f.s.m.Rotations.Add(1)
	f.send(ctx, msg{kind: msgUntrack, src: f.s.st, file: f.id})
}

// readToEOF reads complete lines up to the end of the file, handing batches
// to the writer. It returns the number of lines and false when ctx ended.
func (f *follower) readToEOF(ctx context.Context, lr *lineReader) (int, bool) {
	n := 0
	for {
		line, ok, err := lr.next()
		if err != nil {
			f.s.log.Error("read", "path", f.getPath(), "err", err)
			ok = false
		}
		if !ok {
			// A file shorter than what we read was truncated (copytruncate).
			if fi, err := f.fh.Stat(); err == nil && fi.Size() < lr.offset() {
				f.s.log.Info("file truncated; reading it from the start", "path", f.getPath())
				if !f.flush(ctx) {
					return n, false
				}
				lr.reset(0)
				f.offset.Store(0)
				f.fp = fingerprint{}
				continue
			}
			return n, f.flush(ctx)
		}
		n++
		if lr.split {
			lr.split = false
			f.s.log.Warn("a line longer than 64 MiB is shipped in 64 MiB pieces, one record each", "path", f.getPath(), "offset", lr.offset()-int64(len(line)))
		}
		f.add(line, lr.offset())
		if f.bytes >= batchLimit {
			if !f.flush(ctx) {
				return n, false
			}
		}
		if n&1023 == 0 && ctx.Err() != nil {
			f.flush(ctx)
			return n, false
		}
	}
}

type tailEnd int

const (
	tailStopped tailEnd = iota // ctx ended
	tailRotated                // the scanner says the file was rotated
	tailEnded                  // nxadm/tail stopped on its own (file renamed)
	tailBehind                 // a backlog to read with the plain reader
	tailFailed                 // nxadm/tail could not start
)

const (
	// catchUpBytes of unread data make the follower leave nxadm/tail for
	// the plain reader.
	catchUpBytes = 4 << 20
	// tailRestartGap separates two nxadm/tail sessions on one file: the
	// old session drops its inotify watch asynchronously, and inotify has
	// one watch per inode, so the old removal must not hit the new watch.
	tailRestartGap = 100 * time.Millisecond
	// stallCheck is how often a quiet tail checks that the file is not
	// growing behind its back (a missed inotify event).
	stallCheck = time.Second
)

// tail follows the file live with nxadm/tail from the current position.
func (f *follower) tail(ctx context.Context, log *slog.Logger) tailEnd {
	if wait := tailRestartGap - time.Since(f.tailStopped); wait > 0 {
		time.Sleep(wait)
	}
	name := f.getPath()
	if runtime.GOOS == "linux" {
		// Follow this inode, whatever its name becomes: nxadm/tail opens
		// and watches by name, and the name may already point elsewhere.
		name = fmt.Sprintf("/proc/self/fd/%d", f.fh.Fd())
	}
	t, err := tail.TailFile(name, tail.Config{
		Location:      &tail.SeekInfo{Offset: f.offset.Load(), Whence: io.SeekStart},
		Follow:        true,
		MustExist:     true,
		CompleteLines: true,
		Logger:        tail.DiscardingLogger,
	})
	if err != nil {
		log.Warn("tail; reading by polling instead", "err", err)
		return tailFailed
	}
	defer func() {
		t.Stop()
		f.tailStopped = time.Now()
	}()
	stall := time.NewTicker(stallCheck)
	defer stall.Stop()
	var lastSize int64 = -1
	n, linesAtCheck := 0, 0
	for {
		var line *tail.Line
		var ok bool
		select {
		case line, ok = <-t.Lines:
		default:
			// Nothing ready: ship what we have, then wait.
			if !f.flush(ctx) {
				return tailStopped
			}
		wait:
			for {
				select {
				case line, ok = <-t.Lines:
					break wait
				case <-f.rotated:
					return tailRotated
				case <-ctx.Done():
					return tailStopped
				case <-stall.C:
					// No line came for a whole check although the file
					// grew, or holds a complete line past our position:
					// a missed event. nxadm/tail adds its watch only
					// after reading to the end, so a write in between
					// is never signalled, and a quiet file's last line
					// would stay unread; the plain reader takes it.
					size := f.size()
					if n == linesAtCheck && lastSize >= 0 && size > f.offset.Load() &&
						(size > lastSize || hasCompleteLine(f.fh, f.offset.Load(), size)) {
						return tailBehind
					}
					lastSize, linesAtCheck = size, n
				}
			}
		}
		if !ok {
			if err := t.Err(); err != nil && !errors.Is(err, tail.ErrStop) {
				log.Warn("tail stopped", "err", err)
			}
			if !f.flush(ctx) {
				return tailStopped
			}
			return tailEnded
		}
		if line.Err != nil {
			continue
		}
		if line.SeekInfo.Offset < f.offset.Load() {
			// nxadm/tail reopened the file after a truncation.
			log.Warn("file truncated while followed (copytruncate?); reading it from the start", "path", f.getPath(), "position", f.offset.Load())
			f.fp = fingerprint{}
		}
		f.add(unsafe.Slice(unsafe.StringData(line.Text), len(line.Text)), line.SeekInfo.Offset)
		if f.bytes >= batchLimit {
			if !f.flush(ctx) {
				return tailStopped
			}
		}
		if n++; n&1023 == 0 {
			if ctx.Err() != nil {
				f.flush(ctx)
				return tailStopped
			}
			if f.size()-f.offset.Load() > catchUpBytes {
				if !f.flush(ctx) {
					return tailStopped
				}
				return tailBehind
			}
		}
	}
}

// hasCompleteLine tells whether fh holds a newline in [from, to): a line
// nxadm/tail (which waits for complete lines) would have delivered. Unread
// data larger than the look-ahead counts as a line.
func hasCompleteLine(fh *os.File, from, to int64) bool {
	const lookAhead = 64 << 10
	if to-from > lookAhead {
		return true
	}
	b := make([]byte, to-from)
	n, _ := fh.ReadAt(b, from)
	return bytes.IndexByte(b[:n], '\n') >= 0
}

func (f *follower) size() int64 {
	fi, err := f.fh.Stat()
	if err != nil {
		return 0
	}
	return fi.Size()
}

// add parses and formats one line into the batch; offset is the file
// position after it.
func (f *follower) add(line []byte, offset int64) {
	f.s.m.Lines.Add(1)
	f.s.m.Bytes.Add(int64(len(line)) + 1)
	if p := f.s.r.progress; p != nil {
		p.read.Add(int64(len(line)) + 1)
	}
	f.lines++
	f.bytes += len(line) + 1
	f.offset.Store(offset)
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	var t time.Time
	var err error
	f.rec, t, err = f.parser.Parse(f.rec[:0], line)
	if err == parse.ErrSkip {
		f.s.m.Skipped.Add(1)
		return
	}
	if err != nil {
		f.s.m.ParseErrors.Add(1)
		f.rec = parse.Failed(f.rec[:0], line, err)
	}
	if t.IsZero() {
		t = time.Now()
	}
	sec := t.Unix()
	for _, r := range f.routes {
		k := spool.Key{Output: r.name, Tag: f.tag, Timekey: r.bucket(sec)}
		g := f.group(k)
		g.data = r.appendLine(g.data, &f.tt, t, f.tag, f.rec)
		g.records++
	}
}

func (f *follower) group(k spool.Key) *group {
	for _, g := range f.groups {
		if g.key == k {
			return g
		}
	}
	g := groupPool.Get().(*group)
	g.key = k
	f.groups = append(f.groups, g)
	return g
}

// flush hands the batch to the writer. It returns false when ctx ended
// before the writer took it (the batch is dropped: its lines will be read
// again, since their position was not saved).
func (f *follower) flush(ctx context.Context) bool {
	if f.lines == 0 {
		return ctx.Err() == nil
	}
	off := f.offset.Load()
	if f.fp.n < fingerprintSize && f.fp.n < off {
		if fp, err := fingerprintOf(f.fh, off); err == nil {
			f.fp = fp
		}
	}
	path, gen := f.pathAndGen()
	m := msg{kind: msgBatch, src: f.s.st, file: f.id, path: path, gen: gen, offset: off, fp: f.fp, groups: f.groups}
	f.groups, f.lines, f.bytes = nil, 0, 0
	return f.send(ctx, m)
}

func (f *follower) send(ctx context.Context, m msg) bool {
	w := f.s.r.w
	select {
	case w.in <- m:
		return ctx.Err() == nil
	case <-ctx.Done():
	case <-f.s.r.writerDone:
		return false
	}
	// Stopping: still try to deliver, briefly, so a clean stop ships what
	// was read.
	t := time.NewTimer(finalSendWait)
	defer t.Stop()
	select {
	case w.in <- m:
	case <-f.s.r.writerDone:
	case <-t.C:
	}
	return false
}
