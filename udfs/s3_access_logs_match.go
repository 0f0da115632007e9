package udfs

import "strings"

// s3Fields is the number of groups in the handler's pattern.
const s3Fields = 24

// findAllS3AccessLogs is re.findall(pattern, log, re.M) for the handler's
// pattern, hand-compiled: emit receives each match's groups, "" for groups of
// the optional tail that did not participate. The pattern (in Python syntax):
//
//	([^ ]*) ([^ ]*) \[(.*?)\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*)
//	([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*)
//	(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$
//
// Why a hand matcher gives the backtracking engine's answer: every ([^ ]*)
// is followed by a literal space or by the always-matching tail, so giving
// back characters can never help ([^ ]* stops only at a space or the end, and
// a shorter match leaves a non-space next); "[^"]*" likewise ends at the first
// closing quote; (-|[0-9]*) is either "-" or the digit run. The only real
// choice points are the match start (leftmost wins) and the lazy (.*?), which
// tries each "] " on the line in order. [^ ] matches '\n' and '.' does not,
// exactly as in Python. The regexp form of the pattern is kept in the tests as
// the oracle this matcher is checked against, as is the Python handler itself.
//
// Bytes are scanned, not runes: every byte the pattern names is ASCII and
// UTF-8 never uses ASCII bytes inside a multi-byte rune.
func findAllS3AccessLogs(s string, emit func(*[s3Fields]string)) {
	mt := s3Matcher{s: s, lineEnd: -1, quoteFrom: -1}
	var m [s3Fields]string
	for start := 0; start < len(s); {
		end, ok := mt.matchAt(start, &m)
		if ok {
			emit(&m)
			start = end
			continue
		}
		// Group 1 ends at the same space for every start inside this token
		// and the rest of the match depends only on where it ends: those
		// starts all fail too.
		if e := tokenEnd(s, start); e > start {
			start = e
		} else {
			start++
		}
	}
}

// s3Matcher holds what one findall learns about its input so that no
// position is examined over and over: the leftmost-start search tries many
// starts, and the lazy (.*?) many "] " for each, but what follows a "] " does
// not depend on the start. Without this, a long line full of "[" and "] "
// costs quadratic time (it does in Python).
type s3Matcher struct {
	s string
	// lineEnd is the '\n' (or end) closing the line whose "] " were examined;
	// closers lists, ascending, those after which the rest of the pattern
	// matches; next indexes the first not yet passed by the search.
	lineEnd int
	closers []int
	next    int
	// quoteFrom, quoteAt cache the last search for a '"': the first at or
	// after quoteFrom is at quoteAt, -1 if none.
	quoteFrom, quoteAt int
}

// tokenEnd is where ([^ ]*) starting at i ends: the next space, or the end.
func tokenEnd(s string, i int) int {
	if j := strings.IndexByte(s[i:], ' '); j >= 0 {
		return i + j
	}
	return len(s)
}

// quote returns the first '"' at or after i, or -1.
func (mt *s3Matcher) quote(i int) int {
	if mt.quoteFrom >= 0 && mt.quoteFrom <= i && (mt.quoteAt < 0 || i <= mt.quoteAt) {
		return mt.quoteAt
	}
	mt.quoteFrom, mt.quoteAt = i, strings.IndexByte(mt.s[i:], '"')
	if mt.quoteAt >= 0 {
		mt.quoteAt += i
	}
	return mt.quoteAt
}

// matchAt matches the pattern at exactly start and returns the end of the match.
func (mt *s3Matcher) matchAt(start int, m *[s3Fields]string) (int, bool) {
	s, i := mt.s, start
	for g := 0; g < 2; g++ { // ([^ ]*) ([^ ]*) followed by a space
		e := tokenEnd(s, i)
		if e >= len(s) {
			return 0, false
		}
		m[g] = s[i:e]
		i = e + 1
	}
	if i >= len(s) || s[i] != '[' {
		return 0, false
	}
	open := i + 1
	// \[(.*?)\] : the first "] " on the line after which the rest matches.
	// Starts only move forward, and so does open.
	lineEnd := len(s)
	if k := strings.IndexByte(s[open:], '\n'); k >= 0 {
		lineEnd = open + k
	}
	if lineEnd != mt.lineEnd {
		mt.lineEnd, mt.closers, mt.next = lineEnd, mt.closers[:0], 0
		for j := open; j+1 < lineEnd; j++ {
			if s[j] == ']' && s[j+1] == ' ' {
				if _, ok := mt.rest(j+2, m); ok {
					mt.closers = append(mt.closers, j)
				}
			}
		}
	}
	for mt.next < len(mt.closers) && mt.closers[mt.next] < open {
		mt.next++
	}
	if mt.next == len(mt.closers) {
		return 0, false
	}
	j := mt.closers[mt.next]
	m[2] = s[open:j]
	return mt.rest(j+2, m)
}

// rest matches the pattern after "\[(.*?)\] ", from i, into m[3:].
func (mt *s3Matcher) rest(i int, m *[s3Fields]string) (int, bool) {
	s := mt.s
	token := func(g int) bool {
		e := tokenEnd(s, i)
		if e >= len(s) {
			return false
		}
		m[g] = s[i:e]
		i = e + 1
		return true
	}
	// ("[^"]*"|-) followed by a space.
	quotedOrDash := func(g int) bool {
		if i < len(s) && s[i] == '"' {
			k := mt.quote(i + 1) // closing quote
			if k < 0 {
				return false
			}
			if k+1 >= len(s) || s[k+1] != ' ' {
				return false
			}
			m[g] = s[i : k+1]
			i = k + 2
			return true
		}
		if i+1 < len(s) && s[i] == '-' && s[i+1] == ' ' {
			m[g] = "-"
			i += 2
			return true
		}
		return false
	}
	for g := 3; g <= 7; g++ {
		if !token(g) {
			return 0, false
		}
	}
	if !quotedOrDash(8) {
		return 0, false
	}
	// (-|[0-9]*) followed by a space.
	if i+1 < len(s) && s[i] == '-' && s[i+1] == ' ' {
		m[9] = "-"
		i += 2
	} else {
		k := i
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			k++
		}
		if k >= len(s) || s[k] != ' ' {
			return 0, false
		}
		m[9] = s[i:k]
		i = k + 1
	}
	for g := 10; g <= 15; g++ {
		if !token(g) {
			return 0, false
		}
	}
	if !quotedOrDash(16) {
		return 0, false
	}
	// ([^ ]*) then the optional (?: ([^ ]*)){6}: all six or none.
	e := tokenEnd(s, i)
	m[17] = s[i:e]
	i = e
	tail := i
	for g := 18; g < s3Fields; g++ {
		if tail >= len(s) || s[tail] != ' ' {
			for g := 18; g < s3Fields; g++ {
				m[g] = ""
			}
			tail = i
			break
		}
		e := tokenEnd(s, tail+1)
		m[g] = s[tail+1 : e]
		tail = e
	}
	// .*$ under re.M: the rest of the line.
	if k := strings.IndexByte(s[tail:], '\n'); k >= 0 {
		return tail + k, true
	}
	return len(s), true
}
