package parse

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// timeParser parses a time field according to a time_format setting.
type timeParser func(string) (time.Time, error)

// newTimeParser compiles a time_format: a strptime format as Fluentd takes
// it, "unix" (epoch seconds, fractions allowed), "unix_ms", "rfc3339", or ""
// for auto-detection (RFC 3339 text or epoch seconds).
func newTimeParser(format string) (timeParser, error) {
	switch format {
	case "":
		return parseAutoTime, nil
	case "unix", "%s":
		return parseEpochSeconds, nil
	case "unix_ms":
		return func(s string) (time.Time, error) {
			ms, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return time.Time{}, fmt.Errorf("want epoch milliseconds: %w", err)
			}
			return time.UnixMilli(ms).UTC(), nil
		}, nil
	case "rfc3339", "iso8601":
		return func(s string) (time.Time, error) { return time.Parse(time.RFC3339Nano, s) }, nil
	}
	layout, err := strptimeLayout(format)
	if err != nil {
		return nil, fmt.Errorf("time_format %q: %w", format, err)
	}
	return func(s string) (time.Time, error) {
		t, err := time.Parse(layout, s)
		if err != nil {
			return time.Time{}, fmt.Errorf("want %s", format)
		}
		return t, nil
	}, nil
}

func parseAutoTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := parseEpochSeconds(s); err == nil {
		return t, nil
	}
	return time.Time{}, errors.New("want RFC 3339 text or epoch seconds")
}

// parseEpochSeconds parses "1637785575" or "1637785575.143" (go-audit).
func parseEpochSeconds(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	secText, fracText, hasFrac := strings.Cut(s, ".")
	sec, err := strconv.ParseInt(secText, 10, 64)
	if err != nil || sec < 0 || sec > math.MaxInt64/int64(time.Second) {
		return time.Time{}, errors.New("want epoch seconds")
	}
	var nsec int64
	if hasFrac {
		if fracText == "" || len(fracText) > 9 {
			return time.Time{}, errors.New("want epoch seconds")
		}
		for i := 0; i < 9; i++ {
			nsec *= 10
			if i < len(fracText) {
				c := fracText[i]
				if c < '0' || c > '9' {
					return time.Time{}, errors.New("want epoch seconds")
				}
				nsec += int64(c - '0')
			}
		}
	}
	return time.Unix(sec, nsec).UTC(), nil
}

// strptimeLayout converts a strptime format to a Go time layout.
func strptimeLayout(f string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		c := f[i]
		if c != '%' {
			if c >= '0' && c <= '9' {
				return "", fmt.Errorf("literal digit %q is ambiguous in a Go time layout", c)
			}
			b.WriteByte(c)
			continue
		}
		if i+1 >= len(f) {
			return "", errors.New("trailing %")
		}
		i++
		d := f[i]
		if d == ':' && i+1 < len(f) && f[i+1] == 'z' {
			i++
			b.WriteString("-07:00")
			continue
		}
		switch d {
		case 'Y':
			b.WriteString("2006")
		case 'y':
			b.WriteString("06")
		case 'm':
			b.WriteString("01")
		case 'd':
			b.WriteString("02")
		case 'e':
			b.WriteString("_2")
		case 'j':
			b.WriteString("002")
		case 'H':
			b.WriteString("15")
		case 'I':
			b.WriteString("03")
		case 'M':
			b.WriteString("04")
		case 'S':
			b.WriteString("05")
		case 'p':
			b.WriteString("PM")
		case 'b', 'h':
			b.WriteString("Jan")
		case 'B':
			b.WriteString("January")
		case 'a':
			b.WriteString("Mon")
		case 'A':
			b.WriteString("Monday")
		case 'z':
			b.WriteString("-0700")
		case 'Z':
			b.WriteString("MST")
		case 'T':
			b.WriteString("15:04:05")
		case 'F':
			b.WriteString("2006-01-02")
		case 'D':
			b.WriteString("01/02/06")
		case 'R':
			b.WriteString("15:04")
		case 'L', 'N', 'f':
			// Fractions follow a '.' or ',' after the seconds.
			s := b.String()
			if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, ",") {
				return "", fmt.Errorf("%%%c must follow \".\" or \",\"", d)
			}
			b.WriteString("999999999")
		case '%':
			b.WriteByte('%')
		default:
			return "", fmt.Errorf("unsupported directive %%%c", d)
		}
	}
	return b.String(), nil
}
