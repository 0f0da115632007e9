package parse

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// regexpParser is Fluentd's regexp parser: named groups become string fields
// (null when the group did not take part), converted by types; the time_key
// group ("time") is the event time and, unless keep_time_key, is not kept.
type regexpParser struct {
	re        *regexp.Regexp
	names     []string
	types     []string
	timeIdx   int
	keepTime  bool
	parseTime timeParser
	tc        timeCache
}

func newRegexp(opts Options) (*regexpParser, error) {
	if len(opts.Fields) > 0 {
		return nil, errors.New("parser regexp does not take fields")
	}
	expr := opts.Expression
	if expr == "" {
		return nil, errors.New("parser regexp needs expression")
	}
	if len(expr) >= 2 && expr[0] == '/' && expr[len(expr)-1] == '/' {
		expr = expr[1 : len(expr)-1]
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Errorf("regexp expression: %w", err)
	}
	p := &regexpParser{re: re, names: re.SubexpNames(), timeIdx: -1, keepTime: opts.KeepTimeKey}
	p.types = make([]string, len(p.names))
	timeKey := opts.TimeKey
	if timeKey == "" {
		timeKey = "time"
	}
	named := 0
	seen := map[string]bool{}
	for i, n := range p.names {
		if n == "" {
			continue
		}
		if seen[n] {
			return nil, fmt.Errorf("regexp expression: group %q appears twice", n)
		}
		seen[n] = true
		named++
		if n == timeKey {
			p.timeIdx = i
		}
	}
	if named == 0 {
		return nil, errors.New("regexp expression has no named groups ((?P<name>...))")
	}
	for field, typ := range opts.Types {
		if !seen[field] {
			return nil, fmt.Errorf("types: %q is not a group of the expression", field)
		}
		switch typ {
		case "integer", "float", "bool", "string":
		default:
			return nil, fmt.Errorf("types: %s: unknown type %q (integer, float, bool, string)", field, typ)
		}
		for i, n := range p.names {
			if n == field {
				p.types[i] = typ
			}
		}
	}
	if opts.TimeFormat != "" && p.timeIdx < 0 {
		return nil, fmt.Errorf("time_format is set but the expression has no %q group", timeKey)
	}
	if p.parseTime, err = newTimeParser(opts.TimeFormat); err != nil {
		return nil, err
	}
	return p, nil
}

var errRegexp = errors.New("regexp: line does not match the expression")

func (p *regexpParser) Parse(dst, line []byte) ([]byte, time.Time, error) {
	s := bytesToString(line)
	m := p.re.FindStringSubmatchIndex(s)
	if m == nil {
		return dst, time.Time{}, errRegexp
	}
	var t time.Time
	if p.timeIdx >= 0 && m[2*p.timeIdx] >= 0 {
		text := s[m[2*p.timeIdx]:m[2*p.timeIdx+1]]
		var err error
		t, err = p.tc.parse(text, p.parseTime)
		if err != nil {
			if !p.keepTime {
				// The time would be lost from the record: fail the line so
				// it ships raw instead.
				return dst, time.Time{}, fmt.Errorf("regexp: time %q: %w", text, err)
			}
			t = time.Time{}
		}
	}
	o := newObject(dst)
	for i, name := range p.names {
		if name == "" || (i == p.timeIdx && !p.keepTime) {
			continue
		}
		if m[2*i] < 0 {
			o.null(name)
			continue
		}
		v := s[m[2*i]:m[2*i+1]]
		switch p.types[i] {
		case "integer":
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil {
				o.int(name, n)
				continue
			}
		case "float":
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && !isInfOrNaN(f) {
				o.key(name)
				o.buf = strconv.AppendFloat(o.buf, f, 'g', -1, 64)
				continue
			}
		case "bool":
			if b, err := strconv.ParseBool(strings.TrimSpace(v)); err == nil {
				o.key(name)
				o.buf = strconv.AppendBool(o.buf, b)
				continue
			}
		}
		// Values that do not convert stay text: never lose what was logged.
		o.str(name, v)
	}
	return o.done(), t, nil
}

func isInfOrNaN(f float64) bool {
	return f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308
}
