package parse

import (
	"encoding/binary"
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// special8 reports whether any of the eight bytes in w needs AppendString's
// attention: a control character (< 0x20), '"', '\\' or a non-ASCII byte.
// The "has a byte less than n" word tricks answer exactly for the word as a
// whole (a borrow can only flag bytes above a byte that matched).
func special8(w uint64) bool {
	const (
		ones = 0x0101010101010101
		high = 0x8080808080808080
	)
	quote := w ^ (ones * '"')
	slash := w ^ (ones * '\\')
	return ((w-ones*0x20)&^w|(quote-ones)&^quote|(slash-ones)&^slash|w)&high != 0
}

// AppendString appends s to dst as a JSON string. Invalid UTF-8 becomes
// U+FFFD, so the output is always valid JSON that Snowflake accepts (one bad
// byte must not make Snowpipe skip a whole file).
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time past the plain ASCII most values are made of.
		for i+8 <= len(s) && !special8(binary.LittleEndian.Uint64(unsafe.Slice(unsafe.StringData(s[i:]), 8))) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				const hex = "0123456789abcdef"
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// AppendBytes is AppendString for a byte slice (no copy).
func AppendBytes(dst, b []byte) []byte {
	return AppendString(dst, bytesToString(b))
}

func bytesToString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// object builds a JSON object field by field.
type object struct {
	buf   []byte
	first bool
}

func newObject(dst []byte) object { return object{buf: append(dst, '{'), first: true} }

func (o *object) key(k string) {
	if !o.first {
		o.buf = append(o.buf, ',')
	}
	o.first = false
	o.buf = AppendString(o.buf, k)
	o.buf = append(o.buf, ':')
}

func (o *object) str(k, v string) {
	o.key(k)
	o.buf = AppendString(o.buf, v)
}

// strOrNull writes null for "-", the log formats' "no value".
func (o *object) strOrNull(k, v string) {
	if v == "-" {
		o.null(k)
		return
	}
	o.str(k, v)
}

func (o *object) null(k string) {
	o.key(k)
	o.buf = append(o.buf, "null"...)
}

func (o *object) int(k string, v int64) {
	o.key(k)
	o.buf = strconv.AppendInt(o.buf, v, 10)
}

// rawString writes v, which must already be valid JSON.
func (o *object) rawString(k, v string) {
	o.key(k)
	o.buf = append(o.buf, v...)
}

// raw writes v, which must already be valid JSON.
func (o *object) raw(k string, v []byte) {
	o.key(k)
	o.buf = append(o.buf, v...)
}

func (o *object) done() []byte { return append(o.buf, '}') }

// Failed appends the record shipped for a line that did not parse: the raw
// line under "message" (as the none parser does) and the reason under
// "parse_error". The line is never dropped.
func Failed(dst, line []byte, err error) []byte {
	o := newObject(dst)
	o.str("message", bytesToString(line))
	o.str("parse_error", err.Error())
	return o.done()
}

// isInteger reports whether s is an optionally signed run of decimal digits
// small enough for int64.
func parseInteger(s string) (int64, bool) {
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
