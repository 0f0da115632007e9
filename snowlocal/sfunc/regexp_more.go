package sfunc

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode/utf8"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// REGEXP_INSTR and REGEXP_SUBSTR_ALL (docs: regexp_instr,
// regexp_substr_all): the search starts at character position (the text
// from there on is searched as a string of its own, as REGEXP_REPLACE's
// is), skips occurrence-1 matches, and reports a whole match or, with the
// parameter e or a group number, one capture group (group 1 when e is
// given without a number; the whole match when the pattern has no group).

// regexpMoreFunctions are registered by Register with the others.
func regexpMoreFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_REGEXP_INSTR(subject, pattern, position, occurrence,
		// option, parameters, group or -1).
		"_SF_GO_REGEXP_INSTR": {in: []duckdb.Type{text, text, i64, i64, i64, text, i64}, out: i64, fn: func(a []driver.Value) (any, error) {
			return RegexpInstr(a[0].(string), a[1].(string), a[2].(int64), a[3].(int64), a[4].(int64), a[5].(string), a[6].(int64))
		}},
		// _SF_GO_REGEXP_SUBSTR_ALL(subject, pattern, position, occurrence,
		// parameters, group or -1): a JSON array of strings, NULL for a
		// group the pattern does not have.
		"_SF_GO_REGEXP_SUBSTR_ALL": {in: []duckdb.Type{text, text, i64, i64, text, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			out, ok, err := RegexpSubstrAll(a[0].(string), a[1].(string), a[2].(int64), a[3].(int64), a[4].(string), a[5].(int64))
			if err != nil || !ok {
				return nil, err
			}
			return out, nil
		}},
		// _SF_GO_REGEXP_PATTERN(pattern): the pattern, once
		// regexpUnsupported has nothing against it (a pattern that is not
		// a literal, for the functions that run on DuckDB's RE2).
		"_SF_GO_REGEXP_PATTERN": {in: []duckdb.Type{text}, out: text, fn: func(a []driver.Value) (any, error) {
			pattern := a[0].(string)
			if what := RegexpUnsupported(pattern); what != "" {
				return nil, &UnsupportedError{What: fmt.Sprintf("%s ('%s')", what, pattern)}
			}
			return pattern, nil
		}},
	}
}

// regexpUnsupported names what of pattern Go's RE2 would read differently
// from Snowflake, or returns "": Snowflake's POSIX ERE patterns "don't
// support non-greedy quantifiers, for example *?, ??, and +?" (docs:
// "String functions (regular expressions)"), which RE2 runs lazily, and RE2
// has no backreferences in a pattern. The rewriter checks literal patterns
// the same way (rewrite.checkedPattern).
func RegexpUnsupported(pattern string) string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		var se *syntax.Error
		if errors.As(err, &se) && se.Code == syntax.ErrInvalidEscape && len(se.Expr) == 2 && se.Expr[1] >= '1' && se.Expr[1] <= '9' {
			return "backreference " + se.Expr + " in a regular expression"
		}
		return ""
	}
	if nonGreedy(re) {
		return "non-greedy quantifier in a regular expression"
	}
	return ""
}

// nonGreedy reports whether re has a lazy repetition.
func nonGreedy(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat:
		if re.Flags&syntax.NonGreedy != 0 {
			return true
		}
	}
	for _, sub := range re.Sub {
		if nonGreedy(sub) {
			return true
		}
	}
	return false
}

// snowflakeRegexp compiles pattern with Snowflake's regex parameters
// (c, i, m, s, e; the last of c and i wins) and reports whether e was given.
func snowflakeRegexp(pattern, params string) (*regexp.Regexp, bool, error) {
	icase, multi, dotall, extract := false, false, false, false
	for _, c := range params {
		switch c {
		case 'c':
			icase = false
		case 'i':
			icase = true
		case 'm':
			multi = true
		case 's':
			dotall = true
		case 'e':
			extract = true
		default:
			return nil, false, fmt.Errorf("100048 (22023): Invalid regular expression option '%c'", c)
		}
	}
	if what := RegexpUnsupported(pattern); what != "" {
		return nil, false, &UnsupportedError{What: fmt.Sprintf("%s ('%s')", what, pattern)}
	}
	flags := ""
	if icase {
		flags += "i"
	}
	if multi {
		flags += "m"
	}
	if dotall {
		flags += "s"
	}
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, false, &UnsupportedError{What: fmt.Sprintf("regular expression '%s' (%v)", pattern, err)}
	}
	return re, extract, nil
}

// regexpSearch returns the matches from occurrence on, as submatch byte
// offsets into rest (the subject from character position on), with the
// byte length of the text before rest; group is the group to report.
func regexpSearch(subject, pattern string, position, occurrence int64, params string, group int64) (rest string, head int, matches [][]int, g int, err error) {
	if position < 1 {
		return "", 0, nil, 0, fmt.Errorf("100000 (22023): Invalid parameter value: %d. Reason: Position must be positive", position)
	}
	if occurrence < 1 {
		return "", 0, nil, 0, fmt.Errorf("100000 (22023): Invalid parameter value: %d. Reason: Occurrence must be positive", occurrence)
	}
	re, extract, err := snowflakeRegexp(pattern, params)
	if err != nil {
		return "", 0, nil, 0, err
	}
	g = 0
	switch {
	case group >= 0:
		g = int(group)
	case extract && re.NumSubexp() > 0:
		g = 1
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
	rest = subject[head:]
	all := re.FindAllStringSubmatchIndex(rest, -1)
	if int64(len(all)) < occurrence {
		return rest, head, nil, g, nil
	}
	return rest, head, all[occurrence-1:], g, nil
}

// RegexpInstr is REGEXP_INSTR: the 1-based character position of the
// occurrence-th match (option 0) or of the character after it (option 1);
// 0 when there is none.
func RegexpInstr(subject, pattern string, position, occurrence, option int64, params string, group int64) (int64, error) {
	if option != 0 && option != 1 {
		return 0, fmt.Errorf("100000 (22023): Invalid parameter value: %d. Reason: Option must be 0 or 1", option)
	}
	rest, head, matches, g, err := regexpSearch(subject, pattern, position, occurrence, params, group)
	if err != nil || len(matches) == 0 {
		return 0, err
	}
	m := matches[0]
	if 2*g+1 >= len(m) {
		return 0, &UnsupportedError{What: fmt.Sprintf("REGEXP_INSTR of group %d of a pattern with %d groups", g, len(m)/2-1)}
	}
	at := m[2*g+int(option)]
	if at < 0 {
		return 0, nil
	}
	return int64(utf8.RuneCountInString(subject[:head]) + utf8.RuneCountInString(rest[:at]) + 1), nil
}

// RegexpSubstrAll is REGEXP_SUBSTR_ALL as a JSON array; ok is false (NULL)
// for a group number the pattern does not have.
func RegexpSubstrAll(subject, pattern string, position, occurrence int64, params string, group int64) (string, bool, error) {
	rest, _, matches, g, err := regexpSearch(subject, pattern, position, occurrence, params, group)
	if err != nil {
		return "", false, err
	}
	re, _, _ := snowflakeRegexp(pattern, params)
	if g > re.NumSubexp() {
		return "", false, nil
	}
	out := []string{}
	for _, m := range matches {
		if m[2*g] < 0 {
			continue
		}
		out = append(out, rest[m[2*g]:m[2*g+1]])
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return "", false, err
	}
	return strings.TrimSpace(b.String()), true, nil
}
