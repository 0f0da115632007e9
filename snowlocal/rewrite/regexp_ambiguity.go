package rewrite

import (
	"regexp/syntax"
	"unicode"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
)

// Snowflake's patterns are POSIX EREs (docs: "String functions (regular
// expressions)", https://docs.snowflake.com/en/sql-reference/functions-regexp);
// DuckDB's RE2 matches leftmost-first (Perl's rule: the first alternative
// that succeeds, a|ab on ab gives a), a POSIX engine leftmost-longest (ab),
// and the groups of a match may be cut differently even where the whole
// match agrees; no source says which rule Snowflake follows. A literal
// pattern this file proves alike under both rules runs on DuckDB; any
// other runs in Go, which computes both and refuses where they differ
// (sfunc: regexp_semantics.go).
//
// The proof (regexpAmbiguity) is a determinism check of the pattern's
// parse tree: at every choice (an alternation, a repetition's "once more or
// stop", an optional part) the choices' first symbols — the characters the
// rest of the match can read next, and "end" where the match may end
// without reading more — must be disjoint, "end" allowed only to the
// choice RE2 tries last. Then from any start the text read fixes the path
// through the pattern (one parse per match, so one way to cut the groups),
// and RE2, which tries the consuming choice first and ends only when it
// cannot go on, finds the longest match there is. Assertions (^, $, \b) are
// taken as always satisfied, which only adds symbols: the check stays
// conservative. (^| )uid=([0-9]+) is proved: ^ is followed by u, the blank
// is a blank, and [0-9]+ stops only at the end or a non-digit.

// symbols is a set of characters, as sorted-or-not rune ranges, and end,
// the match ending there.
type symbols struct {
	ranges []rune // lo, hi pairs
	end    bool
}

func (s symbols) union(t symbols) symbols {
	r := make([]rune, 0, len(s.ranges)+len(t.ranges))
	r = append(append(r, s.ranges...), t.ranges...)
	return symbols{ranges: r, end: s.end || t.end}
}

// meets reports whether s and t share a character or end.
func (s symbols) meets(t symbols) bool {
	if s.end && t.end {
		return true
	}
	for i := 0; i+1 < len(s.ranges); i += 2 {
		for j := 0; j+1 < len(t.ranges); j += 2 {
			if s.ranges[i] <= t.ranges[j+1] && t.ranges[j] <= s.ranges[i+1] {
				return true
			}
		}
	}
	return false
}

// literalSymbols is the first rune of a literal, with its case variants
// under (?i).
func literalSymbols(re *syntax.Regexp) symbols {
	r := re.Rune[0]
	out := []rune{r, r}
	if re.Flags&syntax.FoldCase != 0 {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			out = append(out, f, f)
		}
	}
	return symbols{ranges: out}
}

// nullable reports whether re can match without reading a character
// (assertions taken as satisfied).
func nullable(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return nullable(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || nullable(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !nullable(sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if nullable(sub) {
				return true
			}
		}
	}
	return false
}

// firstSymbols is what a match can read first from re on, follow being
// what it can read first after re.
func firstSymbols(re *syntax.Regexp, follow symbols) symbols {
	switch re.Op {
	case syntax.OpNoMatch:
		return symbols{}
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return follow
		}
		return literalSymbols(re)
	case syntax.OpCharClass:
		return symbols{ranges: re.Rune}
	case syntax.OpAnyCharNotNL:
		return symbols{ranges: []rune{0, '\n' - 1, '\n' + 1, unicode.MaxRune}}
	case syntax.OpAnyChar:
		return symbols{ranges: []rune{0, unicode.MaxRune}}
	case syntax.OpCapture, syntax.OpPlus:
		return firstSymbols(re.Sub[0], follow)
	case syntax.OpStar, syntax.OpQuest:
		return firstSymbols(re.Sub[0], follow).union(follow)
	case syntax.OpRepeat:
		s := firstSymbols(re.Sub[0], follow)
		if re.Min == 0 {
			s = s.union(follow)
		}
		return s
	case syntax.OpConcat:
		s := follow
		for i := len(re.Sub) - 1; i >= 0; i-- {
			s = firstSymbols(re.Sub[i], s)
		}
		return s
	case syntax.OpAlternate:
		var s symbols
		for _, sub := range re.Sub {
			s = s.union(firstSymbols(sub, follow))
		}
		return s
	}
	// Assertions and the empty match read nothing.
	return follow
}

// ambiguity names the first choice of re (followed by what can read
// follow) where the text read does not decide the path, or returns "".
func ambiguity(re *syntax.Regexp, follow symbols) string {
	switch re.Op {
	case syntax.OpCapture:
		return ambiguity(re.Sub[0], follow)
	case syntax.OpConcat:
		for i, sub := range re.Sub {
			rest := follow
			for j := len(re.Sub) - 1; j > i; j-- {
				rest = firstSymbols(re.Sub[j], rest)
			}
			if why := ambiguity(sub, rest); why != "" {
				return why
			}
		}
	case syntax.OpAlternate:
		firsts := make([]symbols, len(re.Sub))
		for i, sub := range re.Sub {
			firsts[i] = firstSymbols(sub, follow)
		}
		for i := range firsts {
			if firsts[i].end && i < len(firsts)-1 {
				return "an alternative that can end the match before a later one"
			}
			for j := i + 1; j < len(firsts); j++ {
				if firsts[i].meets(firsts[j]) {
					return "alternatives that can match the same text"
				}
			}
		}
		for _, sub := range re.Sub {
			if why := ambiguity(sub, follow); why != "" {
				return why
			}
		}
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		sub := re.Sub[0]
		if re.Flags&syntax.NonGreedy != 0 {
			return "a non-greedy quantifier"
		}
		if nullable(sub) {
			return "a repetition of what can match the empty string"
		}
		own := firstSymbols(sub, symbols{})
		if own.meets(follow) {
			return "a repetition followed by what it can match"
		}
		inner := follow
		if re.Op != syntax.OpQuest && !(re.Op == syntax.OpRepeat && re.Max == 1) {
			inner = own.union(follow)
		}
		return ambiguity(sub, inner)
	}
	return ""
}

// parseSnowflakePattern parses pattern as RE2 reads it under Snowflake's
// regex parameters (sfunc.FlaggedPattern; e and unknown letters are the
// run time's to judge).
func parseSnowflakePattern(pattern, params string) (*syntax.Regexp, error) {
	flagged, _, _ := sfunc.FlaggedPattern(pattern, params)
	return syntax.Parse(flagged, syntax.Perl)
}

// regexpAmbiguity returns "" when pattern, under params, matches alike
// under leftmost-first and leftmost-longest rules for every subject —
// the same match and the same groups — or names why that is not proved.
func regexpAmbiguity(pattern, params string) string {
	re, err := parseSnowflakePattern(pattern, params)
	if err != nil {
		return "a pattern RE2 does not read"
	}
	return ambiguity(re.Simplify(), symbols{end: true})
}

// regexpCanMatchEmpty reports whether pattern can match the empty string
// somewhere (assertions taken as satisfied), or does not parse.
func regexpCanMatchEmpty(pattern, params string) bool {
	re, err := parseSnowflakePattern(pattern, params)
	return err != nil || nullable(re)
}

// groupAlwaysTakesPart reports whether group g of pattern takes part in
// every match (it is not under an alternative, an optional part or a
// repetition that may run no times); false when pattern does not parse.
func groupAlwaysTakesPart(pattern string, g int) bool {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil || g > re.MaxCap() {
		return false
	}
	return g == 0 || takesPart(re, g)
}

func takesPart(re *syntax.Regexp, g int) bool {
	switch re.Op {
	case syntax.OpCapture:
		return re.Cap == g || takesPart(re.Sub[0], g)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if takesPart(sub, g) {
				return true
			}
		}
	case syntax.OpPlus:
		return takesPart(re.Sub[0], g)
	case syntax.OpRepeat:
		return re.Min >= 1 && takesPart(re.Sub[0], g)
	}
	return false
}
