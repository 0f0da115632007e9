package sfunc

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"sync"
	"unicode/utf8"
)

// Snowflake's patterns are POSIX EREs (docs: "String functions (regular
// expressions)", https://docs.snowflake.com/en/sql-reference/functions-regexp).
// Go's regexp, like DuckDB's RE2, matches leftmost-first (a|ab on ab gives
// a); a POSIX engine matches leftmost-longest (ab) and cuts the groups of a
// match by its own rule; no source says which Snowflake does. The functions
// here compute their answer under three rules — leftmost-first,
// leftmost-longest, and leftmost-longest with every alternation's
// alternatives in reverse order (where the groups of a longest match can be
// cut two ways, the two longest rules cut them differently) — and answer
// only where the three agree, refusing (002040) otherwise. The rewriter
// sends a literal pattern it proves alike under every rule to DuckDB
// instead (rewrite: regexp_ambiguity.go).

// regexpRules is a pattern compiled under the three rules.
type regexpRules struct {
	tree     *syntax.Regexp   // the pattern with its parameters, parsed
	first    *regexp.Regexp   // leftmost-first, as RE2
	longest  *regexp.Regexp   // leftmost-longest
	reversed *regexp.Regexp   // leftmost-longest, alternatives reversed
	groupOf  []int            // group i of reversed is group groupOf[i] of the pattern
	extract  bool             // the parameter e
	all      []*regexp.Regexp // first, longest, reversed
}

var (
	rulesMu    sync.Mutex
	rulesCache = map[string]*regexpRules{}
)

// snowflakeRules compiles pattern under params (see snowflakeRegexp) and
// the three rules, once per pattern and parameters.
func snowflakeRules(pattern, params string) (*regexpRules, error) {
	key := params + "\x00" + pattern
	rulesMu.Lock()
	r, ok := rulesCache[key]
	rulesMu.Unlock()
	if ok {
		return r, nil
	}
	first, extract, err := snowflakeRegexp(pattern, params)
	if err != nil {
		return nil, err
	}
	tree, err := syntax.Parse(first.String(), syntax.Perl)
	if err != nil {
		return nil, err
	}
	longest := first.Copy()
	longest.Longest()
	rev := reverseAlternatives(tree)
	reversed, err := regexp.Compile(rev.String())
	if err != nil {
		return nil, &UnsupportedError{What: fmt.Sprintf("regular expression '%s' (%v)", pattern, err)}
	}
	reversed.Longest()
	groupOf := []int{0}
	var number func(re *syntax.Regexp)
	number = func(re *syntax.Regexp) {
		if re.Op == syntax.OpCapture {
			groupOf = append(groupOf, re.Cap)
		}
		for _, sub := range re.Sub {
			number(sub)
		}
	}
	number(rev)
	r = &regexpRules{tree: tree, first: first, longest: longest, reversed: reversed, groupOf: groupOf, extract: extract,
		all: []*regexp.Regexp{first, longest, reversed}}
	rulesMu.Lock()
	if len(rulesCache) > 4096 {
		rulesCache = map[string]*regexpRules{}
	}
	rulesCache[key] = r
	rulesMu.Unlock()
	return r, nil
}

// reverseAlternatives copies re with every alternation's alternatives in
// reverse order (the groups keep their numbers: String renders them in the
// new order, and groupOf maps them back).
func reverseAlternatives(re *syntax.Regexp) *syntax.Regexp {
	c := *re
	c.Sub = make([]*syntax.Regexp, len(re.Sub))
	for i, sub := range re.Sub {
		c.Sub[i] = reverseAlternatives(sub)
	}
	if c.Op == syntax.OpAlternate {
		for i, j := 0, len(c.Sub)-1; i < j; i, j = i+1, j-1 {
			c.Sub[i], c.Sub[j] = c.Sub[j], c.Sub[i]
		}
	}
	return &c
}

// matches returns every match of rule k (0 first, 1 longest, 2 reversed)
// in s, as submatch offsets in the pattern's own group numbering.
func (r *regexpRules) matches(k int, s string) [][]int {
	all := r.all[k].FindAllStringSubmatchIndex(s, -1)
	if k != 2 {
		return all
	}
	out := make([][]int, len(all))
	for i, m := range all {
		o := make([]int, len(m))
		for g := 0; 2*g+1 < len(m); g++ {
			o[2*r.groupOf[g]], o[2*r.groupOf[g]+1] = m[2*g], m[2*g+1]
		}
		out[i] = o
	}
	return out
}

// ambiguousError refuses fn on pattern where the rules answer differently.
func ambiguousError(fn, pattern string) error {
	return &UnsupportedError{What: fmt.Sprintf("%s where leftmost-first (RE2) and leftmost-longest (POSIX) matching of the regular expression differ ('%s')", fn, pattern)}
}

// absentGroupError refuses reporting a group that takes no part in the
// match: the docs do not say what Snowflake answers.
func absentGroupError(fn, pattern string, g int) error {
	return &UnsupportedError{What: fmt.Sprintf("%s of group %d, which takes no part in the match ('%s')", fn, g, pattern)}
}

// agree computes answer under each rule and returns the leftmost-first
// one when all are equal, else refuses as fn.
func agree[T comparable](fn, pattern string, answer func(k int) (T, error)) (T, error) {
	want, err := answer(0)
	if err != nil {
		return want, err
	}
	for k := 1; k < 3; k++ {
		got, err := answer(k)
		if err != nil || got != want {
			var zero T
			return zero, ambiguousError(fn, pattern)
		}
	}
	return want, nil
}

// searchArgs checks position and occurrence as REGEXP_INSTR, REGEXP_SUBSTR
// and REGEXP_SUBSTR_ALL do and returns the subject from character position
// on (rest) with the byte length of the text before it (head).
func searchArgs(subject string, position, occurrence int64) (rest string, head int, err error) {
	if position < 1 {
		return "", 0, fmt.Errorf("100000 (22023): Invalid parameter value: %d. Reason: Position must be positive", position)
	}
	if occurrence < 1 {
		return "", 0, fmt.Errorf("100000 (22023): Invalid parameter value: %d. Reason: Occurrence must be positive", occurrence)
	}
	head = len(subject)
	n := int64(1)
	for i := range subject {
		if n == position {
			head = i
			break
		}
		n++
	}
	return subject[head:], head, nil
}

// reportedGroup is the group a call reports: group when given (>= 0), 1
// under e when the pattern has groups, else the whole match.
func (r *regexpRules) reportedGroup(group int64) int {
	switch {
	case group >= 0:
		return int(group)
	case r.extract && r.first.NumSubexp() > 0:
		return 1
	}
	return 0
}

// regexpValue is an answer that may be NULL.
type regexpValue struct {
	s    string
	null bool
}

// RegexpSubstr is REGEXP_SUBSTR(subject, pattern, position, occurrence,
// parameters, group or -1); ok is false for NULL (no such match, or a
// group the pattern does not have).
func RegexpSubstr(subject, pattern string, position, occurrence int64, params string, group int64) (string, bool, error) {
	rest, _, err := searchArgs(subject, position, occurrence)
	if err != nil {
		return "", false, err
	}
	r, err := snowflakeRules(pattern, params)
	if err != nil {
		return "", false, err
	}
	g := r.reportedGroup(group)
	if g > r.first.NumSubexp() {
		return "", false, nil
	}
	v, err := agree("REGEXP_SUBSTR", pattern, func(k int) (regexpValue, error) {
		all := r.matches(k, rest)
		if r.emptyAfterMatch(rest, all[:min(int64(len(all)), occurrence-1)]) {
			return regexpValue{}, emptyAfterMatchError("REGEXP_SUBSTR", pattern)
		}
		if int64(len(all)) < occurrence {
			return regexpValue{null: true}, nil
		}
		m := all[occurrence-1]
		if m[0] == m[1] {
			return regexpValue{}, emptyMatchError("REGEXP_SUBSTR", pattern)
		}
		if m[2*g] < 0 {
			return regexpValue{}, absentGroupError("REGEXP_SUBSTR", pattern, g)
		}
		return regexpValue{s: rest[m[2*g]:m[2*g+1]]}, nil
	})
	return v.s, !v.null, err
}

// RegexpCount is REGEXP_COUNT(subject, pattern, position, parameters).
// Where an empty match would be counted — an empty match, or one the
// pattern could make where a match ends (Go skips it, other engines count
// it) — it refuses: no source says how Snowflake counts them.
func RegexpCount(subject, pattern string, position int64, params string) (int64, error) {
	rest, _, err := searchArgs(subject, position, 1)
	if err != nil {
		return 0, err
	}
	r, err := snowflakeRules(pattern, params)
	if err != nil {
		return 0, err
	}
	return agree("REGEXP_COUNT", pattern, func(k int) (int64, error) {
		all := r.matches(k, rest)
		for _, m := range all {
			if m[0] == m[1] || emptyMatchAt(r.tree, rest, m[1]) {
				return 0, &UnsupportedError{What: fmt.Sprintf("REGEXP_COUNT of a regular expression matching the empty string ('%s')", pattern)}
			}
		}
		return int64(len(all)), nil
	})
}

// emptyAfterMatch reports whether the pattern could match the empty
// string where one of the non-empty matches all (of s) ends. Go and
// DuckDB's RE2 skip such a match ("empty matches abutting a preceding
// match are ignored"), Perl-style engines take it (REGEXP_REPLACE('aa',
// 'a*', '-') is '-' or '--'), and the docs do not say which Snowflake does;
// an empty match elsewhere is a match as documented (REGEXP_REPLACE of '()'
// puts the replacement between every two characters and at both ends).
func (r *regexpRules) emptyAfterMatch(s string, all [][]int) bool {
	for _, m := range all {
		if m[0] < m[1] && emptyMatchAt(r.tree, s, m[1]) {
			return true
		}
	}
	return false
}

// emptyAfterMatchError refuses fn where emptyAfterMatch holds.
func emptyAfterMatchError(fn, pattern string) error {
	return &UnsupportedError{What: fmt.Sprintf("%s of a regular expression that can match the empty string where a match ends ('%s')", fn, pattern)}
}

// emptyMatchError refuses reporting an empty match: whether Snowflake
// gives an empty text or NULL (its "no match") is not documented.
func emptyMatchError(fn, pattern string) error {
	return &UnsupportedError{What: fmt.Sprintf("%s of an empty match ('%s')", fn, pattern)}
}

// emptyMatchAt reports whether re can match the empty string at byte i of
// s (its assertions checked there).
func emptyMatchAt(re *syntax.Regexp, s string, i int) bool {
	r1, r2 := rune(-1), rune(-1)
	if i > 0 {
		r1, _ = utf8.DecodeLastRuneInString(s[:i])
	}
	if i < len(s) {
		r2, _ = utf8.DecodeRuneInString(s[i:])
	}
	return matchesEmpty(re, syntax.EmptyOpContext(r1, r2))
}

func matchesEmpty(re *syntax.Regexp, at syntax.EmptyOp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpBeginLine:
		return at&syntax.EmptyBeginLine != 0
	case syntax.OpEndLine:
		return at&syntax.EmptyEndLine != 0
	case syntax.OpBeginText:
		return at&syntax.EmptyBeginText != 0
	case syntax.OpEndText:
		return at&syntax.EmptyEndText != 0
	case syntax.OpWordBoundary:
		return at&syntax.EmptyWordBoundary != 0
	case syntax.OpNoWordBoundary:
		return at&syntax.EmptyNoWordBoundary != 0
	case syntax.OpLiteral:
		return len(re.Rune) == 0
	case syntax.OpCapture, syntax.OpPlus:
		return matchesEmpty(re.Sub[0], at)
	case syntax.OpRepeat:
		return re.Min == 0 || matchesEmpty(re.Sub[0], at)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !matchesEmpty(sub, at) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			if matchesEmpty(sub, at) {
				return true
			}
		}
	}
	return false
}
