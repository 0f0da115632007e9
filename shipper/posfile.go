package shipper

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/flurry-dev/flurry/shipper/spool"
)

// posEntry is one line of a position file.
type posEntry struct {
	path   string
	offset int64
	ino    uint64
	// dev is the file system's device number (flurry's fifth field): an
	// inode number is unique only within one file system. 0 when unknown
	// (a td-agent pos_file), and such an entry is matched by inode alone.
	dev uint64
	// fp is a fingerprint of the file's first bytes: it tells a file from a
	// new one that reuses the inode of a deleted file.
	fp fingerprint
	// gen orders the names of a file renamed while followed (see msg.gen);
	// it is not saved.
	gen uint64
}

// unwatched is Fluentd's offset for a file it stopped watching.
const unwatched = "ffffffffffffffff"

// readPosFile reads a position file in Fluentd's in_tail format, one file a
// line: path<TAB>offset (16 hex digits)<TAB>inode (16 hex digits), plus
// flurry's optional fourth field, the fingerprint (crc32:length in hex), and
// fifth, the device (hex). An existing td-agent pos_file can be used as is.
// Entries are keyed by device and inode (device 0 for td-agent's).
func readPosFile(path string) (map[fileID]posEntry, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return map[fileID]posEntry{}, nil
	}
	if err != nil {
		return nil, err
	}
	return parsePosFile(path, data)
}

// parsePosFile parses the content of a position file (path names it in
// errors).
func parsePosFile(path string, data []byte) (map[fileID]posEntry, error) {
	out := map[fileID]posEntry{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) < 3 || len(parts) > 5 {
			return nil, fmt.Errorf("%s:%d: want path<TAB>offset<TAB>inode, got %q", path, n, line)
		}
		if parts[1] == unwatched {
			continue
		}
		off, err1 := strconv.ParseInt(parts[1], 16, 64)
		ino, err2 := strconv.ParseUint(parts[2], 16, 64)
		if err1 != nil || err2 != nil || off < 0 {
			return nil, fmt.Errorf("%s:%d: bad offset or inode in %q", path, n, line)
		}
		p, err := unescapePosPath(parts[0])
		if err != nil {
			return nil, fmt.Errorf("%s:%d: bad quoted path in %q: %w", path, n, line, err)
		}
		e := posEntry{path: p, offset: off, ino: ino}
		if len(parts) == 5 {
			dev, err := strconv.ParseUint(parts[4], 16, 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad device in %q", path, n, line)
			}
			e.dev = dev
		}
		if len(parts) >= 4 {
			crcText, lenText, ok := strings.Cut(parts[3], ":")
			crc, err1 := strconv.ParseUint(crcText, 16, 32)
			n, err2 := strconv.ParseInt(lenText, 16, 64)
			if !ok || err1 != nil || err2 != nil || n < 0 || n > fingerprintSize {
				return nil, fmt.Errorf("%s:%d: bad fingerprint in %q", path, n, line)
			}
			e.fp = fingerprint{crc: uint32(crc), n: n}
		}
		out[fileID{dev: e.dev, ino: ino}] = e
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// writePosFile replaces the position file atomically.
func writePosFile(path string, entries []posEntry) error {
	return writePosText(path, formatPosFile(entries))
}

// writePosText replaces the position file atomically with formatted text.
func writePosText(path string, text []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return spool.WriteFileAtomic(path, text, 0o600)
}

// formatPosFile is the content of a position file holding entries, sorted
// (so that equal positions give equal bytes).
func formatPosFile(entries []posEntry) []byte {
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].path != entries[j].path {
			return entries[i].path < entries[j].path
		}
		if entries[i].ino != entries[j].ino {
			return entries[i].ino < entries[j].ino
		}
		return entries[i].dev < entries[j].dev
	})
	var b bytes.Buffer
	for _, e := range entries {
		fmt.Fprintf(&b, "%s\t%016x\t%016x", escapePosPath(e.path), e.offset, e.ino)
		if e.fp.n > 0 || e.dev != 0 {
			fmt.Fprintf(&b, "\t%08x:%x", e.fp.crc, e.fp.n)
		}
		if e.dev != 0 {
			fmt.Fprintf(&b, "\t%x", e.dev)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// fingerprintSize is how many leading bytes identify a file.
const fingerprintSize = 1024

// fingerprint is the CRC-32 of a file's first n bytes.
type fingerprint struct {
	crc uint32
	n   int64
}

// fingerprintOf reads the first min(upTo, fingerprintSize) bytes of f.
func fingerprintOf(f *os.File, upTo int64) (fingerprint, error) {
	n := min(upTo, fingerprintSize)
	if n <= 0 {
		return fingerprint{}, nil
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, 0); err != nil {
		return fingerprint{}, err
	}
	return fingerprint{crc: crc32.ChecksumIEEE(b), n: n}, nil
}

// escapePosPath keeps ordinary names as td-agent writes them (so its pos files
// stay interchangeable) and writes a name that holds a TAB, a newline, a
// carriage return or a leading double quote as a Go-quoted string, which a
// later read tells by its leading quote: without it such a name splits its
// line and makes the whole file unreadable at the next start.
func escapePosPath(p string) string {
	if strings.ContainsAny(p, "\t\n\r") || strings.HasPrefix(p, `"`) {
		return strconv.Quote(p)
	}
	return p
}

func unescapePosPath(field string) (string, error) {
	if strings.HasPrefix(field, `"`) {
		return strconv.Unquote(field)
	}
	return field, nil
}
