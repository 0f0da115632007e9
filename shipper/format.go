package shipper

import (
	"time"

	"github.com/flurry-dev/flurry/shipper/parse"
)

// fluentdTimeLayout is out_s3's default time format in UTC,
// e.g. 2022-01-18T10:00:00+00:00.
const fluentdTimeLayout = "2006-01-02T15:04:05-07:00"

// route is an output as seen by a file's reader: where its records go and
// how they are written.
type route struct {
	name    string
	fluentd bool
	timeKey string
	tagKey  string
	timekey int64 // seconds
}

func newRoute(o *Output) *route {
	return &route{name: o.Name, fluentd: o.Format == "fluentd", timeKey: o.TimeKey, tagKey: o.TagKey, timekey: int64(o.Timekey.D() / time.Second)}
}

// bucket is the start of the time key bucket holding t (floor division).
func (r *route) bucket(sec int64) int64 {
	m := sec % r.timekey
	if m < 0 {
		m += r.timekey
	}
	return sec - m
}

// timeText caches the formatted second shared by consecutive records.
type timeText struct {
	sec  int64
	text []byte
}

func (c *timeText) get(t time.Time) []byte {
	if s := t.Unix(); s != c.sec || c.text == nil {
		c.sec = s
		c.text = t.UTC().AppendFormat(c.text[:0], fluentdTimeLayout)
	}
	return c.text
}

// appendLine writes one record as a line of the output's format.
func (r *route) appendLine(dst []byte, tt *timeText, t time.Time, tag string, rec []byte) []byte {
	if r.fluentd {
		dst = append(dst, tt.get(t)...)
		dst = append(dst, '\t')
		dst = append(dst, tag...)
		dst = append(dst, '\t')
		// The record as td-agent writes it: its JSON escapes reach
		// PARSE_JSON untouched because the lake's FLUENTD_FORMAT has
		// ESCAPE_UNENCLOSED_FIELD = NONE (migrations/lake V2, V20).
		dst = append(dst, rec...)
		return append(dst, '\n')
	}
	if (r.timeKey == "" && r.tagKey == "") || len(rec) < 2 || rec[0] != '{' {
		dst = append(dst, rec...)
		return append(dst, '\n')
	}
	dst = append(dst, '{')
	n := 0
	if r.timeKey != "" {
		dst = parse.AppendString(dst, r.timeKey)
		dst = append(dst, ':', '"')
		dst = t.UTC().AppendFormat(dst, time.RFC3339Nano)
		dst = append(dst, '"')
		n++
	}
	if r.tagKey != "" {
		if n > 0 {
			dst = append(dst, ',')
		}
		dst = parse.AppendString(dst, r.tagKey)
		dst = append(dst, ':')
		dst = parse.AppendString(dst, tag)
	}
	body := rec[1:]
	if !isEmptyObjectRest(body) {
		dst = append(dst, ',')
	}
	dst = append(dst, body...)
	return append(dst, '\n')
}

// isEmptyObjectRest reports whether b (an object after its '{') is "}".
func isEmptyObjectRest(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '}':
			return true
		default:
			return false
		}
	}
	return false
}
