package udfs

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// s3AccessLogRE is the handler's pattern, unescaped from its Python string
// literal, with re.M as (?m): the oracle for the hand-compiled matcher. RE2
// returns the submatches a backtracking engine such as Python's re would
// (leftmost-first), and the pattern has no construct where the two differ:
// [^ ] matches '\n' in both, '.' matches it in neither, and (?m)$ matches
// before every '\n' and at the end, as re.M's $ does.
var s3AccessLogRE = regexp.MustCompile(`(?m)([^ ]*) ([^ ]*) \[(.*?)\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) (-|[0-9]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ("[^"]*"|-) ([^ ]*)(?: ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*))?.*$`)

func matchesByRegexp(s string) [][]string {
	var out [][]string
	for _, m := range s3AccessLogRE.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1:])
	}
	return out
}

func matchesByHand(s string) [][]string {
	var out [][]string
	findAllS3AccessLogs(s, func(m *[s3Fields]string) {
		out = append(out, append([]string(nil), m[:]...))
	})
	return out
}

// mutate damages a log line the way real-world corruption does.
func mutate(r *rand.Rand, lines []string) string {
	inserts := []string{" ", "  ", `"`, "[", "]", "] ", "-", "- ", "\n", "\r", "\t", "x", "0", "é", "\x00", `"-"`, "] [", "\n\n", `" `}
	s := lines[r.IntN(len(lines))]
	for n := r.IntN(5); n > 0 && len(s) > 0; n-- {
		p := r.IntN(len(s) + 1)
		switch r.IntN(5) {
		case 0: // delete a few bytes
			e := min(len(s), p+1+r.IntN(3))
			s = s[:min(p, e)] + s[e:]
		case 1: // join with another line
			s = s[:p] + "\n" + lines[r.IntN(len(lines))]
		case 2: // truncate
			s = s[:p]
		case 3: // drop a field
			f := strings.Fields(s)
			if len(f) > 1 {
				k := r.IntN(len(f))
				s = strings.Join(append(f[:k:k], f[k+1:]...), " ")
			}
		default:
			s = s[:p] + inserts[r.IntN(len(inserts))] + s[p:]
		}
	}
	return s
}

func TestS3AccessLogMatcherAgreesWithRegexp(t *testing.T) {
	t.Parallel()
	lines := fixtureLines(t)
	inputs := append([]string{strings.Join(lines, "\n"), "", " ", "[] ", "  [] ",
		// Inputs on which a backtracking search is quadratic.
		strings.Repeat("x x [", 4000), strings.Repeat("x x [] ", 4000), strings.Repeat(`x x [] a b c d e "`, 2000),
		strings.Repeat("x x [] ", 2000) + "\n" + lines[0] + "\n" + strings.Repeat("] ", 3000) + lines[1],
	}, lines...)
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		inputs = append(inputs, mutate(r, lines))
	}
	matched := 0
	for _, in := range inputs {
		want, got := matchesByRegexp(in), matchesByHand(in)
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("input %q (-regexp +hand):\n%s", in, d)
		}
		if len(want) > 0 {
			matched++
		}
	}
	// Both outcomes must be well represented for the comparison to mean anything.
	if matched < len(inputs)/4 || matched > len(inputs)*9/10 {
		t.Errorf("%d of %d inputs matched", matched, len(inputs))
	}
}

func FuzzS3AccessLogMatcher(f *testing.F) {
	lines := fixtureLines(f)
	for _, l := range lines {
		f.Add(l)
	}
	f.Add(strings.Join(lines[:6], "\n"))
	f.Add(`a b [x] ] c d e f g "h" 1 i j k l m n "o" p`)
	f.Add("a b [x] y] c d e f g - - i j k l m n - p q r s t u v w")
	f.Fuzz(func(t *testing.T, s string) {
		if d := cmp.Diff(matchesByRegexp(s), matchesByHand(s)); d != "" {
			t.Fatalf("input %q (-regexp +hand):\n%s", s, d)
		}
	})
}
