package spool

import (
	"fmt"
	"io"
	"sync"

	"github.com/klauspost/compress/flate"
	"github.com/klauspost/compress/zstd"
)

// Codecs a spool can write chunks in. Each keeps the spool's crash rule: the
// bytes up to the last commit, plus a fixed completion (codec.complete),
// are a valid compressed file holding exactly the committed records.
const (
	// Gzip: one gzip member whose deflate stream is sync-flushed at every
	// commit; completed with an empty final block and the gzip trailer.
	Gzip = "gzip"
	// Zstd: every commit ends a zstd frame; a file of whole frames is a valid
	// zstd stream (decoders, Snowflake's COPY among them, read concatenated
	// frames), so completion is truncation to the commit.
	Zstd = "zstd"
	// None: plain lines; completion is truncation to the commit.
	None = "none"
)

// Ext is the file extension of a codec's chunks, which is also how
// Snowflake's COPY (COMPRESSION = AUTO) tells the compression.
func Ext(codec string) string {
	switch codec {
	case Zstd:
		return ".zst"
	case None:
		return ".log"
	default:
		return ".gz"
	}
}

// ContentType of a codec's chunks.
func ContentType(codec string) string {
	switch codec {
	case Zstd:
		return "application/zstd"
	case None:
		return "text/plain; charset=utf-8"
	default:
		return "application/gzip"
	}
}

func checkCodec(codec string, level int) error {
	switch codec {
	case Gzip, Zstd, None:
	default:
		return fmt.Errorf("compression %q: want gzip, zstd or none", codec)
	}
	if level < 1 || level > 9 {
		return fmt.Errorf("compression level %d: want 1..9", level)
	}
	return nil
}

// encoder compresses one open chunk.
type encoder interface {
	io.Writer
	// commit makes everything written so far a prefix that complete()
	// turns into a valid file.
	commit() error
	// seal writes what ends a file after a commit (crc and raw describe
	// all the uncompressed data).
	seal(crc uint32, raw int64) []byte
	// release hands the encoder's buffers back for the next chunk; the
	// encoder is not used after it.
	release()
}

// zstdEncoders keeps zstd encoders between chunks, by level: each holds
// about 9 MiB of window and tables, and allocating one per chunk left the
// process at ~200 MiB RSS in a 1 GiB backfill (garbage the heap had to
// grow over) where reusing them keeps it at the gzip codec's ~60 MiB.
var zstdEncoders sync.Map // zstd.EncoderLevel -> *sync.Pool

func newEncoder(codec string, level int, w io.Writer) (encoder, error) {
	switch codec {
	case Zstd:
		lv := zstdLevel(level)
		pool, _ := zstdEncoders.LoadOrStore(lv, &sync.Pool{})
		if enc, ok := pool.(*sync.Pool).Get().(*zstd.Encoder); ok {
			enc.Reset(w)
			return &zstdEncoder{enc: enc, w: w, pool: pool.(*sync.Pool)}, nil
		}
		enc, err := zstd.NewWriter(w, zstd.WithEncoderLevel(lv),
			zstd.WithEncoderConcurrency(1), zstd.WithWindowSize(zstdWindow(lv)), zstd.WithEncoderCRC(true))
		if err != nil {
			return nil, err
		}
		return &zstdEncoder{enc: enc, w: w, pool: pool.(*sync.Pool)}, nil
	case None:
		return plainEncoder{w}, nil
	default:
		if _, err := w.Write(gzipHeader); err != nil {
			return nil, err
		}
		fw, err := flate.NewWriter(w, level)
		if err != nil {
			return nil, err
		}
		return gzipEncoder{fw}, nil
	}
}

// zstdWindow is the encoder's window. The fastest level finds its matches
// close by: on access-log JSON a 1 MiB window compresses as well as 4 MiB
// (10.60 % against 10.65 %) at the same speed, and its encoder holds about
// 2 MiB of history instead of 8 MiB.
func zstdWindow(lv zstd.EncoderLevel) int {
	if lv == zstd.SpeedFastest {
		return 1 << 20
	}
	return 4 << 20
}

// zstdLevel maps the gzip-style 1..9 scale onto zstd's speed levels.
func zstdLevel(level int) zstd.EncoderLevel {
	switch {
	case level <= 1:
		return zstd.SpeedFastest
	case level <= 3:
		return zstd.SpeedDefault
	case level <= 6:
		return zstd.SpeedBetterCompression
	default:
		return zstd.SpeedBestCompression
	}
}

type gzipEncoder struct{ fw *flate.Writer }

func (g gzipEncoder) Write(p []byte) (int, error) { return g.fw.Write(p) }
func (g gzipEncoder) commit() error               { return g.fw.Flush() }
func (g gzipEncoder) seal(crc uint32, raw int64) []byte {
	return finalBlockAndTrailer(crc, raw)
}
func (g gzipEncoder) release() {}

type zstdEncoder struct {
	enc     *zstd.Encoder
	w       io.Writer
	pool    *sync.Pool
	pending bool // data written since the last frame ended
}

func (z *zstdEncoder) Write(p []byte) (int, error) {
	z.pending = true
	return z.enc.Write(p)
}

func (z *zstdEncoder) commit() error {
	if !z.pending {
		return nil
	}
	z.pending = false
	if err := z.enc.Close(); err != nil { // ends the frame
		return err
	}
	z.enc.Reset(z.w)
	return nil
}

func (z *zstdEncoder) seal(uint32, int64) []byte { return nil }

// release returns the encoder to its pool once its last frame is closed
// (commit before seal); it must not keep the chunk's writer.
func (z *zstdEncoder) release() {
	if z.pending || z.enc == nil {
		return // a frame still open: drop the encoder rather than reuse it mid-frame
	}
	z.enc.Reset(nil)
	z.pool.Put(z.enc)
	z.enc = nil
}

type plainEncoder struct{ w io.Writer }

func (p plainEncoder) Write(b []byte) (int, error) { return p.w.Write(b) }
func (plainEncoder) commit() error                 { return nil }
func (plainEncoder) seal(uint32, int64) []byte     { return nil }
func (plainEncoder) release()                      {}

// emptyFile is a valid file of the codec holding no data.
func emptyFile(codec string) []byte {
	switch codec {
	case Zstd:
		enc, _ := zstd.NewWriter(nil)
		return enc.EncodeAll(nil, nil)
	case None:
		return nil
	default:
		return append(append([]byte(nil), gzipHeader...), finalBlockAndTrailer(0, 0)...)
	}
}
