package shipper

import (
	"bytes"
	"io"
	"os"
)

// maxLine bounds one line in memory; a longer line is shipped in pieces of
// this size (each piece a record) rather than dropped.
const maxLine = 64 << 20

// lineReader reads complete lines from a file with pread, so it neither
// moves nor depends on any other descriptor's offset. It is the fast path
// for backlogs and the reader of rotated files after nxadm/tail lets go of
// them.
type lineReader struct {
	f     *os.File
	buf   []byte
	start int   // first unconsumed byte in buf
	end   int   // end of data in buf
	pos   int64 // file offset of buf[end]
	// split is set when next returns a piece of a line longer than
	// maxLine (the caller logs it and clears it).
	split bool
}

func newLineReader(f *os.File, offset int64) *lineReader {
	return &lineReader{f: f, buf: make([]byte, 256<<10), pos: offset}
}

// offset is the file offset after the last line returned.
func (r *lineReader) offset() int64 { return r.pos - int64(r.end-r.start) }

// reset restarts at offset (after a truncation).
func (r *lineReader) reset(offset int64) {
	r.start, r.end, r.pos = 0, 0, offset
}

// next returns the next complete line without its newline, valid until the
// following call. ok is false at the end of the file; an incomplete last
// line is left for a later call.
func (r *lineReader) next() (line []byte, ok bool, err error) {
	for {
		if i := bytes.IndexByte(r.buf[r.start:r.end], '\n'); i >= 0 {
			line = r.buf[r.start : r.start+i]
			r.start += i + 1
			return line, true, nil
		}
		if r.end-r.start >= maxLine {
			line = r.buf[r.start:r.end]
			r.start = r.end
			r.split = true
			return line, true, nil
		}
		// Make room: move the partial line to the front, grow if full.
		if r.start > 0 {
			n := copy(r.buf, r.buf[r.start:r.end])
			r.start, r.end = 0, n
		}
		if r.end == len(r.buf) {
			nb := make([]byte, 2*len(r.buf))
			copy(nb, r.buf[:r.end])
			r.buf = nb
		}
		n, err := r.f.ReadAt(r.buf[r.end:], r.pos)
		r.end += n
		r.pos += int64(n)
		if n == 0 {
			if err == nil || err == io.EOF {
				return nil, false, nil
			}
			return nil, false, err
		}
	}
}

// rest returns and consumes the incomplete last line (bytes after the last
// newline up to the end of the file read so far), for a file that is final:
// a rotated file nothing writes to any more.
func (r *lineReader) rest() []byte {
	if r.start == r.end {
		return nil
	}
	line := r.buf[r.start:r.end]
	r.start = r.end
	return line
}
