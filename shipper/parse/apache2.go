package parse

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
)

// apache2Regexp is Fluentd's apache2 parser expression (parser_apache2.rb),
// in Go syntax. It parses both the combined and the common log format. RE2's
// leftmost-first submatch semantics pick the same groups as Ruby's
// backtracking engine.
var apache2Regexp = regexp.MustCompile(`^(?P<host>[^ ]*) [^ ]* (?P<user>[^ ]*) \[(?P<time>[^\]]*)\] "(?P<method>\S+)(?: +(?P<path>(?:[^"]|\\.)*?)(?: +\S*)?)?" (?P<code>[^ ]*) (?P<size>[^ ]*)(?: "(?P<referer>(?:[^"]|\\.)*)" "(?P<agent>(?:[^"]|\\.)*)")?$`)

// apache2 parses Apache access logs into Fluentd's apache2 record: host,
// user, method, path, code, size, referer, agent; "-" is null, code and size
// are integers, the bracketed time is the event time (not kept in the
// record). Well-formed lines take a hand-written path that is equivalent to
// the regexp (the tests check it against the regexp); anything unusual —
// escaped quotes, doubled spaces, a request without spaces — goes through
// the regexp itself.
type apache2 struct {
	tc timeCache
}

func newApache2() *apache2 { return &apache2{} }

type apacheFields struct {
	host, user, time, method, path, code, size, referer, agent string
	hasPath, hasRefAgent                                       bool
}

var errApache2 = errors.New("apache2: line does not match the combined or common log format")

func (p *apache2) Parse(dst, line []byte) ([]byte, time.Time, error) {
	s := bytesToString(line)
	f, ok := apache2Fast(s)
	if !ok {
		m := apache2Regexp.FindStringSubmatchIndex(s)
		if m == nil {
			return dst, time.Time{}, errApache2
		}
		g := func(i int) (string, bool) {
			if m[2*i] < 0 {
				return "", false
			}
			return s[m[2*i]:m[2*i+1]], true
		}
		f.host, _ = g(1)
		f.user, _ = g(2)
		f.time, _ = g(3)
		f.method, _ = g(4)
		f.path, f.hasPath = g(5)
		f.code, _ = g(6)
		f.size, _ = g(7)
		f.referer, f.hasRefAgent = g(8)
		f.agent, _ = g(9)
	}
	t, err := p.tc.parse(f.time, parseApacheTime)
	if err != nil {
		return dst, time.Time{}, fmt.Errorf("apache2: time %q: %w", f.time, err)
	}
	o := newObject(dst)
	o.strOrNull("host", f.host)
	o.strOrNull("user", f.user)
	o.str("method", f.method)
	if f.hasPath {
		o.str("path", f.path)
	} else {
		o.null("path")
	}
	// Ruby's to_i, as Fluentd does: "200" -> 200, "abc" -> 0; code 0 is nil.
	if n := rubyToI(f.code); n == "0" {
		o.null("code")
	} else {
		o.rawString("code", n)
	}
	if f.size == "-" {
		o.null("size")
	} else {
		o.rawString("size", rubyToI(f.size))
	}
	if f.hasRefAgent {
		o.strOrNull("referer", f.referer)
		o.strOrNull("agent", f.agent)
	} else {
		o.null("referer")
		o.null("agent")
	}
	return o.done(), t, nil
}

// apache2Fast splits a well-formed line without regexp. It returns false
// whenever the line is not plainly shaped; the caller then uses the regexp.
func apache2Fast(s string) (f apacheFields, ok bool) {
	i := strings.IndexByte(s, ' ')
	if i < 0 {
		return f, false
	}
	f.host, s = s[:i], s[i+1:]
	if i = strings.IndexByte(s, ' '); i < 0 { // ident
		return f, false
	}
	s = s[i+1:]
	if i = strings.IndexByte(s, ' '); i < 0 {
		return f, false
	}
	f.user, s = s[:i], s[i+1:]
	if len(s) == 0 || s[0] != '[' {
		return f, false
	}
	if i = strings.IndexByte(s, ']'); i < 0 {
		return f, false
	}
	f.time, s = s[1:i], s[i+1:]
	if len(s) < 2 || s[0] != ' ' || s[1] != '"' {
		return f, false
	}
	s = s[2:]
	// Without backslashes no field can contain a quote, so the first quote
	// closes the request.
	if strings.IndexByte(s, '\\') >= 0 {
		return f, false
	}
	q := strings.IndexByte(s, '"')
	if q < 0 {
		return f, false
	}
	req, rest := s[:q], s[q+1:]
	// The request must be "method target [protocol]" with single spaces.
	sp := strings.IndexByte(req, ' ')
	if sp <= 0 || strings.IndexAny(req, "\t\r\n\f\v") >= 0 || strings.Contains(req, "  ") || req[len(req)-1] == ' ' {
		return f, false
	}
	f.method = req[:sp]
	target := req[sp+1:]
	if last := strings.LastIndexByte(target, ' '); last >= 0 {
		target = target[:last]
	}
	f.path, f.hasPath = target, true
	// ` code size` then optionally ` "referer" "agent"` to the end.
	if len(rest) == 0 || rest[0] != ' ' {
		return f, false
	}
	rest = rest[1:]
	if i = strings.IndexByte(rest, ' '); i < 0 {
		return f, false
	}
	f.code, rest = rest[:i], rest[i+1:]
	i = strings.IndexByte(rest, ' ')
	if i < 0 {
		f.size = rest
		return f, true
	}
	f.size, rest = rest[:i], rest[i:]
	if len(rest) < 2 || rest[1] != '"' {
		return f, false
	}
	rest = rest[2:]
	if i = strings.IndexByte(rest, '"'); i < 0 {
		return f, false
	}
	f.referer, rest = rest[:i], rest[i+1:]
	if len(rest) < 3 || rest[0] != ' ' || rest[1] != '"' || rest[len(rest)-1] != '"' {
		return f, false
	}
	f.agent = rest[2 : len(rest)-1]
	if strings.IndexByte(f.agent, '"') >= 0 {
		return f, false
	}
	f.hasRefAgent = true
	return f, true
}

// rubyToI returns the decimal text of Ruby's String#to_i: leading
// whitespace, an optional sign, digits with single underscores between
// them; "0" when there are no digits. Big values stay exact (JSON numbers
// have no size limit).
func rubyToI(s string) string {
	if plainDigits(s) {
		return s
	}
	i := 0
	for i < len(s) && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r')) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	var digits []byte
	for i < len(s) {
		c := s[i]
		if c >= '0' && c <= '9' {
			digits = append(digits, c)
			i++
			continue
		}
		if c == '_' && len(digits) > 0 && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			i++
			continue
		}
		break
	}
	digits = bytes.TrimLeft(digits, "0")
	if len(digits) == 0 {
		return "0"
	}
	if neg {
		return "-" + string(digits)
	}
	return string(digits)
}

// plainDigits reports whether s is a decimal number as to_i would print it.
func plainDigits(s string) bool {
	if s == "" || (s[0] == '0' && len(s) > 1) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseApacheTime parses %d/%b/%Y:%H:%M:%S %z, e.g. 10/Oct/2000:13:55:36 -0700.
func parseApacheTime(s string) (time.Time, error) {
	t, err := time.Parse("2/Jan/2006:15:04:05 -0700", s)
	if err != nil {
		return time.Time{}, errors.New("want %d/%b/%Y:%H:%M:%S %z")
	}
	return t, nil
}

// timeCache remembers the last parsed timestamp: consecutive log lines
// mostly share their second.
type timeCache struct {
	text string
	t    time.Time
}

func (c *timeCache) parse(s string, parse func(string) (time.Time, error)) (time.Time, error) {
	if s == c.text && s != "" {
		return c.t, nil
	}
	t, err := parse(s)
	if err != nil {
		return t, err
	}
	c.text, c.t = strings.Clone(s), t
	return t, nil
}
