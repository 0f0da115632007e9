// Package spool is flurry ship's durable buffer: records are appended to
// gzip chunk files on disk, committed with fsync, sealed into complete .gz
// objects and removed once uploaded. It survives SIGKILL and reboots.
//
// A chunk is written as one gzip member whose deflate stream is flushed
// (a sync flush, byte aligned) at every commit. The manifest records, for
// each open chunk, the committed length and the CRC-32 and size of the data
// up to it. After a crash, an open chunk is truncated to its committed length
// and completed with an empty final deflate block and the gzip trailer:
// exactly the committed records, a valid .gz, no decompression needed.
//
// Layout of the spool directory:
//
//	LOCK           flock'd by the running shipper
//	spool.json     the manifest (replaced atomically at every commit)
//	chunks/<id>.gz chunk files, mode 0600
package spool

import (
	"bufio"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Key says which open chunk a record goes to: one chunk per output, tag and
// time key bucket, as Fluentd's buffer chunk keys.
type Key struct {
	Output  string
	Tag     string
	Timekey int64 // unix seconds of the bucket start
}

// Chunk describes a chunk file.
type Chunk struct {
	ID      string    `json:"id"`
	Output  string    `json:"output"`
	Tag     string    `json:"tag"`
	Timekey int64     `json:"timekey"`
	Created time.Time `json:"created"`
	// Sealed chunks are complete files waiting for upload.
	Sealed bool `json:"sealed"`
	// Codec is how the file is compressed ("" is gzip: chunks written
	// before codecs existed).
	Codec string `json:"codec,omitempty"`
	// Key is the object key, fixed when the chunk is sealed so that a
	// retried upload (after a restart too) writes the same object.
	Key string `json:"key,omitempty"`
	// Size is the committed length of the file in bytes.
	Size int64 `json:"size"`
	// CRC and Raw are the CRC-32 and length of the uncompressed data up to
	// Size; Records counts its lines.
	CRC     uint32 `json:"crc"`
	Raw     int64  `json:"raw"`
	Records int64  `json:"records"`
	// Path is the chunk file (not stored; derived from the spool dir).
	Path string `json:"-"`
}

// Options configure a spool.
type Options struct {
	// Codec is Gzip (default), Zstd or None.
	Codec string
	// Level is the compression level (1 fastest .. 9 smallest).
	Level int
	// Logger receives recovery notes. Default slog.Default().
	Logger *slog.Logger
	// WaitForSpace, when set, decides about a write to a chunk file or the
	// manifest that failed (ENOSPC, EMFILE, ...): it returns nil to have
	// the write retried, or an error to give up with. It is called without
	// the spool's lock held, so that uploads can remove chunks meanwhile,
	// and with a nil error once a retried write went through. Without it a
	// failed write is returned at once.
	WaitForSpace func(err error) error
}

// Spool is safe for concurrent use.
type Spool struct {
	dir        string
	opts       Options
	log        *slog.Logger
	lock       *os.File
	mu         sync.Mutex
	open       map[Key]*openChunk
	sealed     map[string]*Chunk // by ID, waiting for Remove
	sealedSize int64             // bytes of the sealed chunk files
	// dirDirty is set when chunk files were created or removed since the
	// last directory fsync.
	dirDirty bool
	// state is what the caller keeps with the records (see SetState).
	state map[string]string
}

type openChunk struct {
	meta    Chunk
	f       *os.File
	bw      *bufio.Writer
	enc     encoder
	written int64 // compressed bytes handed to the file (size on disk)
	crc     uint32
	raw     int64
	records int64
	dirty   bool
	last    time.Time
}

const manifestName = "spool.json"

type manifest struct {
	Version int      `json:"version"`
	Chunks  []*Chunk `json:"chunks"`
	// State is the caller's state as of this commit (SetState).
	State map[string]string `json:"state,omitempty"`
}

// ErrLocked is returned by Open when another process uses the directory.
var ErrLocked = errors.New("spool directory is in use by another process")

// ErrCreate marks an Append that failed before writing anything: the new
// chunk's file could not be created (no descriptor, no space for the
// directory entry). Retrying that Append is safe.
var ErrCreate = errors.New("cannot create a chunk file")

// Open opens (creating it if needed) the spool in dir and recovers it: open
// chunks of a previous run are completed with exactly their committed
// records and sealed; files no commit knows of are removed. It returns the
// sealed chunks waiting for upload.
func Open(dir string, opts Options) (*Spool, []Chunk, error) {
	if opts.Level == 0 {
		opts.Level = 1
	}
	if opts.Codec == "" {
		opts.Codec = Gzip
	}
	if err := checkCodec(opts.Codec, opts.Level); err != nil {
		return nil, nil, err
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	if err := os.MkdirAll(filepath.Join(dir, "chunks"), 0o700); err != nil {
		return nil, nil, fmt.Errorf("spool: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("spool: %w", err)
	}
	if err := lockFile(lock); err != nil {
		lock.Close()
		return nil, nil, fmt.Errorf("spool %s: %w", dir, ErrLocked)
	}
	s := &Spool{dir: dir, opts: opts, log: opts.Logger, lock: lock, open: map[Key]*openChunk{}, sealed: map[string]*Chunk{}, state: map[string]string{}}
	s.mu.Lock()
	err = s.recover()
	s.mu.Unlock()
	if err != nil {
		lock.Close()
		return nil, nil, fmt.Errorf("spool %s: %w", dir, err)
	}
	return s, s.Pending(), nil
}

// Dir is the spool directory.
func (s *Spool) Dir() string { return s.dir }

func (s *Spool) chunkPath(id, codec string) string {
	return filepath.Join(s.dir, "chunks", id+Ext(codec))
}

func codecOf(c *Chunk) string {
	if c.Codec == "" {
		return Gzip
	}
	return c.Codec
}

func (s *Spool) recover() error {
	var m manifest
	b, err := os.ReadFile(filepath.Join(s.dir, manifestName))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return err
	default:
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("manifest %s: %w", filepath.Join(s.dir, manifestName), err)
		}
	}
	for k, v := range m.State {
		s.state[k] = v
	}
	known := map[string]bool{}
	for _, c := range m.Chunks {
		c.Path = s.chunkPath(c.ID, codecOf(c))
		fi, err := os.Stat(c.Path)
		if errors.Is(err, os.ErrNotExist) {
			if c.Sealed {
				// Removed after its upload; the manifest was not yet rewritten.
				continue
			}
			if c.Size > 0 {
				s.log.Error("spool: committed chunk file is missing; its records are lost", "chunk", c.ID, "records", c.Records)
			}
			continue
		}
		if err != nil {
			return err
		}
		known[filepath.Base(c.Path)] = true
		if !c.Sealed {
			if err := s.complete(c, fi.Size()); err != nil {
				return fmt.Errorf("recover chunk %s: %w", c.Path, err)
			}
			c.Sealed = true
			s.log.Info("spool: sealed a chunk left open by the previous run", "chunk", c.ID, "records", c.Records, "bytes", c.Size)
		}
		s.sealed[c.ID] = c
		s.sealedSize += c.Size
	}
	// Files no commit knows of hold only uncommitted records: their lines
	// are read again from the unchanged positions.
	entries, err := os.ReadDir(filepath.Join(s.dir, "chunks"))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if known[e.Name()] {
			continue
		}
		p := filepath.Join(s.dir, "chunks", e.Name())
		if err := os.Remove(p); err != nil {
			return err
		}
		s.dirDirty = true
	}
	os.Remove(filepath.Join(s.dir, manifestName+".tmp"))
	return s.writeManifest()
}

// complete truncates an open chunk to its committed size and appends what
// ends its codec's file (gzip: the final block and trailer).
func (s *Spool) complete(c *Chunk, onDisk int64) error {
	if onDisk < c.Size {
		return fmt.Errorf("file has %d bytes but %d were committed (storage lost synced data)", onDisk, c.Size)
	}
	f, err := os.OpenFile(c.Path, os.O_RDWR, 0o600)
	if err != nil {
		return err
	}
	defer f.Close()
	codec := codecOf(c)
	if c.Size == 0 {
		// Created but never committed with data: a valid empty file.
		empty := emptyFile(codec)
		if err := f.Truncate(0); err != nil {
			return err
		}
		if _, err := f.WriteAt(empty, 0); err != nil {
			return err
		}
		if err := f.Sync(); err != nil {
			return err
		}
		c.Size = int64(len(empty))
		return nil
	}
	if err := f.Truncate(c.Size); err != nil {
		return err
	}
	var tail []byte
	if codec == Gzip {
		tail = finalBlockAndTrailer(c.CRC, c.Raw)
	}
	if _, err := f.WriteAt(tail, c.Size); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	c.Size += int64(len(tail))
	return nil
}

// gzipHeader: magic, deflate, no flags, no mtime, no extra flags, OS unknown.
var gzipHeader = []byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255}

// finalBlockAndTrailer ends a deflate stream left at a sync-flush boundary
// with an empty final stored block, then the gzip trailer.
func finalBlockAndTrailer(crc uint32, raw int64) []byte {
	b := []byte{0x01, 0x00, 0x00, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0}
	binary.LittleEndian.PutUint32(b[5:], crc)
	binary.LittleEndian.PutUint32(b[9:], uint32(raw))
	return b
}

// Append adds data (whole lines, each ending in '\n') holding records
// records to the open chunk for k, creating it. The data is durable only
// after the next Commit.
func (s *Spool) Append(k Key, data []byte, records int) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	oc := s.open[k]
	if oc == nil {
		var err error
		if oc, err = s.create(k); err != nil {
			return fmt.Errorf("%w: %w", ErrCreate, err)
		}
		s.open[k] = oc
	}
	if _, err := oc.enc.Write(data); err != nil {
		return fmt.Errorf("spool: write %s: %w", oc.meta.Path, err)
	}
	oc.crc = crc32.Update(oc.crc, crc32.IEEETable, data)
	oc.raw += int64(len(data))
	oc.records += int64(records)
	oc.dirty = true
	oc.last = time.Now()
	return nil
}

// countingWriter counts bytes written to the chunk file.
type countingWriter struct {
	w *bufio.Writer
	n *int64
}

func (c countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}

func (s *Spool) create(k Key) (*openChunk, error) {
	id := newID()
	path := s.chunkPath(id, s.opts.Codec)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	oc := &openChunk{
		meta: Chunk{ID: id, Output: k.Output, Tag: k.Tag, Timekey: k.Timekey, Created: time.Now().UTC(), Path: path, Codec: s.opts.Codec},
		f:    f,
		bw:   bufio.NewWriterSize(&fileWriter{s: s, f: f}, 256<<10),
	}
	cw := countingWriter{w: oc.bw, n: &oc.written}
	oc.enc, err = newEncoder(s.opts.Codec, s.opts.Level, cw)
	if err != nil {
		f.Close()
		return nil, err
	}
	s.dirDirty = true
	return oc, nil
}

// OpenChunk describes an open chunk for cut decisions.
type OpenChunk struct {
	Key     Key
	Created time.Time
	Last    time.Time // last Append
	Raw     int64
	Records int64
}

// Open lists the open chunks.
func (s *Spool) Open() []OpenChunk {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]OpenChunk, 0, len(s.open))
	for k, oc := range s.open {
		out = append(out, OpenChunk{Key: k, Created: oc.meta.Created, Last: oc.last, Raw: oc.raw, Records: oc.records})
	}
	return out
}

// Commit makes every appended record durable, and seals the open chunks of
// keys in seal (completing their .gz files and fixing their object keys
// with keyOf). When Commit returns, the records are on stable storage and
// positions of the lines they came from may be saved. Sealed chunks are
// returned for upload.
func (s *Spool) Commit(seal []Key, keyOf func(Chunk) string) ([]Chunk, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	sealSet := map[Key]bool{}
	for _, k := range seal {
		if s.open[k] != nil {
			sealSet[k] = true
		}
	}
	for k, oc := range s.open {
		if !oc.dirty && !sealSet[k] {
			continue
		}
		if err := oc.enc.commit(); err != nil {
			return nil, fmt.Errorf("spool: flush %s: %w", oc.meta.Path, err)
		}
		if sealSet[k] {
			cw := countingWriter{w: oc.bw, n: &oc.written}
			if _, err := cw.Write(oc.enc.seal(oc.crc, oc.raw)); err != nil {
				return nil, err
			}
		}
		if err := oc.bw.Flush(); err != nil {
			return nil, fmt.Errorf("spool: write %s: %w", oc.meta.Path, err)
		}
		if err := oc.f.Sync(); err != nil {
			return nil, fmt.Errorf("spool: fsync %s: %w", oc.meta.Path, err)
		}
		oc.dirty = false
	}
	var sealed []Chunk
	for k := range sealSet {
		oc := s.open[k]
		oc.enc.release()
		if err := oc.f.Close(); err != nil {
			return nil, err
		}
		c := oc.meta
		c.Sealed, c.Size, c.CRC, c.Raw, c.Records = true, oc.written, oc.crc, oc.raw, oc.records
		if keyOf != nil {
			c.Key = keyOf(c)
		}
		s.sealed[c.ID] = &c
		s.sealedSize += c.Size
		delete(s.open, k)
		sealed = append(sealed, c)
	}
	if s.dirDirty {
		if err := s.retrying(func() error { return syncDir(filepath.Join(s.dir, "chunks")) }); err != nil {
			return nil, err
		}
		s.dirDirty = false
	}
	if err := s.writeManifest(); err != nil {
		return nil, err
	}
	sort.Slice(sealed, func(i, j int) bool { return sealed[i].ID < sealed[j].ID })
	return sealed, nil
}

// SetState keeps value under name with the records: the next Commit writes
// it in the same atomic manifest update that makes the records appended
// before it durable, so after a crash State returns exactly the value that
// goes with the records the spool recovered. The shipper keeps its read
// positions there: saved anywhere else, after the commit, a crash in
// between would have the lines of the last commit read and shipped twice.
func (s *Spool) SetState(name, value string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state[name] = value
}

// DeleteState drops name from the state at the next Commit.
func (s *Spool) DeleteState(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.state, name)
}

// State is the value last set under name (at Open: the one committed with
// the records the spool recovered).
func (s *Spool) State(name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.state[name]
	return v, ok
}

// StateNames lists the names State knows, sorted.
func (s *Spool) StateNames() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.state))
	for k := range s.state {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// SetKey fixes the object key of a sealed chunk that has none (chunks sealed
// by recovery); it is saved with the next commit.
func (s *Spool) SetKey(id, key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.sealed[id]; c != nil && c.Key == "" {
		c.Key = key
	}
}

// Remove deletes an uploaded chunk.
func (s *Spool) Remove(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.sealed[id]
	if c == nil {
		return fmt.Errorf("spool: no sealed chunk %s", id)
	}
	if err := os.Remove(c.Path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("spool: %w", err)
	}
	delete(s.sealed, id)
	s.sealedSize -= c.Size
	s.dirDirty = true
	return nil
}

// Pending lists the sealed chunks not yet removed, oldest first.
func (s *Spool) Pending() []Chunk {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Chunk, 0, len(s.sealed))
	for _, c := range s.sealed {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Size is the total size of the chunk files in bytes (open chunks count
// what their compressor has emitted so far).
func (s *Spool) Size() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := s.sealedSize
	for _, oc := range s.open {
		n += oc.written
	}
	return n
}

// abandon drops the spool without committing, as a crash would (tests).
func (s *Spool) abandon() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, oc := range s.open {
		oc.bw.Flush() // what the kernel would have had in its page cache
		oc.f.Close()
	}
	s.open = nil
	s.lock.Close()
}

// Close commits and releases the directory. Open chunks stay open in the
// manifest; the next Open seals them.
func (s *Spool) Close() error {
	_, err := s.Commit(nil, nil)
	s.mu.Lock()
	defer s.mu.Unlock()
	for k, oc := range s.open {
		oc.f.Close()
		delete(s.open, k)
	}
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
	return err
}

// writeManifest replaces the manifest with the spool's state (s.mu held).
func (s *Spool) writeManifest() error {
	return s.retrying(s.writeManifestOnce)
}

func (s *Spool) writeManifestOnce() error {
	m := manifest{Version: 1, State: s.state}
	for _, oc := range s.open {
		c := oc.meta
		// What is committed: everything handed to the file so far (Commit
		// flushed and synced it).
		c.Size, c.CRC, c.Raw, c.Records = oc.written, oc.crc, oc.raw, oc.records
		m.Chunks = append(m.Chunks, &c)
	}
	for _, c := range s.sealed {
		m.Chunks = append(m.Chunks, c)
	}
	sort.Slice(m.Chunks, func(i, j int) bool { return m.Chunks[i].ID < m.Chunks[j].ID })
	b, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(s.dir, manifestName), b, 0o600)
}

// retrying runs op (with s.mu held) until it succeeds or WaitForSpace gives
// up. op must be safe to repeat after a failure.
func (s *Spool) retrying(op func() error) error {
	waited := false
	for {
		err := op()
		if err == nil {
			if waited {
				s.spaceBack()
			}
			return nil
		}
		if s.opts.WaitForSpace == nil {
			return err
		}
		if werr := s.waitForSpace(err); werr != nil {
			return werr
		}
		waited = true
	}
}

// waitForSpace calls WaitForSpace without holding s.mu (held by the
// caller): while the writer waits, uploads must still remove chunks.
func (s *Spool) waitForSpace(err error) error {
	s.mu.Unlock()
	defer s.mu.Lock()
	return s.opts.WaitForSpace(err)
}

func (s *Spool) spaceBack() {
	s.mu.Unlock()
	defer s.mu.Lock()
	s.opts.WaitForSpace(nil)
}

// fileWriter writes a chunk file under its bufio.Writer (whose errors are
// sticky, so a failed write must not reach it while it can be retried): a
// write that fails for want of space is retried from where it stopped, as
// long as WaitForSpace says so. Used with s.mu held.
type fileWriter struct {
	s *Spool
	f *os.File
}

func (w *fileWriter) Write(p []byte) (int, error) {
	done := 0
	err := w.s.retrying(func() error {
		n, err := w.f.Write(p[done:])
		done += n
		return err
	})
	return done, err
}

// WriteFileAtomic writes data to a temp file next to path, fsyncs it and
// renames it over path, then fsyncs the directory: readers see the old or
// the new content, never a mix, even after a crash.
func WriteFileAtomic(path string, data []byte, perm os.FileMode) error {
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, perm)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("fsync %s: %w", dir, err)
	}
	return nil
}

// newID returns a chunk id that sorts by creation time:
// 20220118T100000Z-<8 random hex>.
func newID() string {
	b := make([]byte, 4)
	if _, err := io.ReadFull(rand.Reader, b); err != nil {
		panic(err)
	}
	return time.Now().UTC().Format("20060102T150405.000Z") + "-" + hex.EncodeToString(b)
}

// IDTime parses the creation time out of a chunk id.
func IDTime(id string) time.Time {
	t, _ := time.Parse("20060102T150405.000Z", strings.SplitN(id, "-", 2)[0])
	return t
}
