package parse

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"time"
	"unicode/utf8"
)

// jsonParser ships JSON object lines (go-audit, Teleport audit events) as
// they are: the record is the line itself, with invalid UTF-8 replaced and
// whitespace compacted only when it contains tabs or carriage returns (they
// would break the tab-separated fluentd format). The event time is read from
// time_key ("time" by default; go-audit uses "timestamp").
type jsonParser struct {
	timeKey   string
	parseTime timeParser
	tc        timeCache
	buf       bytes.Buffer
}

func newJSON(opts Options) (*jsonParser, error) {
	if opts.Expression != "" || len(opts.Types) > 0 || len(opts.Fields) > 0 || opts.KeepTimeKey {
		return nil, errors.New("parser json takes only time_key and time_format")
	}
	p := &jsonParser{timeKey: opts.TimeKey}
	if p.timeKey == "" {
		p.timeKey = "time"
	}
	var err error
	if p.parseTime, err = newTimeParser(opts.TimeFormat); err != nil {
		return nil, err
	}
	return p, nil
}

var errNotObject = errors.New("json: line is not a JSON object")

func (p *jsonParser) Parse(dst, line []byte) ([]byte, time.Time, error) {
	line = bytes.TrimSpace(line)
	if len(line) == 0 || line[0] != '{' {
		return dst, time.Time{}, errNotObject
	}
	if !utf8.Valid(line) {
		line = bytes.ToValidUTF8(line, []byte("\uFFFD"))
	}
	if bytes.IndexByte(line, '\t') >= 0 || bytes.IndexByte(line, '\r') >= 0 {
		p.buf.Reset()
		if err := json.Compact(&p.buf, line); err != nil {
			return dst, time.Time{}, jsonError(err)
		}
		line = p.buf.Bytes()
	} else if !json.Valid(line) {
		var v any
		return dst, time.Time{}, jsonError(json.Unmarshal(line, &v))
	}
	var t time.Time
	if v, ok := topLevelValue(line, p.timeKey); ok {
		text := v
		if len(v) > 0 && v[0] == '"' {
			if s, err := strconv.Unquote(string(v)); err == nil {
				text = []byte(s)
			}
		}
		// An unparsable time is no reason to fail the line: the record is
		// shipped whole anyway, with the time it was read.
		t, _ = p.tc.parse(bytesToString(text), p.parseTime)
	}
	return append(dst, line...), t, nil
}

func jsonError(err error) error {
	if err == nil {
		return errNotObject
	}
	return errors.New("json: " + err.Error())
}

// topLevelValue finds key among the top-level members of the valid JSON
// object obj and returns its raw value.
func topLevelValue(obj []byte, key string) ([]byte, bool) {
	i := 1 // past '{'
	for {
		i = skipSpace(obj, i)
		if i >= len(obj) || obj[i] != '"' {
			return nil, false
		}
		kEnd := skipString(obj, i)
		k := obj[i:kEnd]
		i = skipSpace(obj, kEnd)
		i++ // ':'
		i = skipSpace(obj, i)
		vEnd := skipValue(obj, i)
		if keyEquals(k, key) {
			return obj[i:vEnd], true
		}
		i = skipSpace(obj, vEnd)
		if i >= len(obj) || obj[i] != ',' {
			return nil, false
		}
		i++
	}
}

func keyEquals(quoted []byte, key string) bool {
	if len(quoted) == len(key)+2 && string(quoted[1:len(quoted)-1]) == key {
		return true
	}
	if bytes.IndexByte(quoted, '\\') < 0 {
		return false
	}
	s, err := strconv.Unquote(string(quoted))
	return err == nil && s == key
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipString returns the index after the string starting at b[i] == '"'.
func skipString(b []byte, i int) int {
	for i++; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue returns the index after the value starting at b[i] (valid JSON).
func skipValue(b []byte, i int) int {
	if i >= len(b) {
		return i
	}
	switch b[i] {
	case '"':
		return skipString(b, i)
	case '{', '[':
		depth := 0
		for ; i < len(b); i++ {
			switch b[i] {
			case '"':
				i = skipString(b, i) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for i < len(b) && b[i] != ',' && b[i] != '}' && b[i] != ']' && b[i] != ' ' && b[i] != '\t' && b[i] != '\n' && b[i] != '\r' {
		i++
	}
	return i
}
