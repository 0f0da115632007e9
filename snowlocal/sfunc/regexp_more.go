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
		// _SF_GO_REGEXP_SUBSTR(subject, pattern, position, occurrence,
		// parameters, group or -1): REGEXP_SUBSTR where DuckDB's RE2 may
		// answer otherwise than Snowflake (regexp_semantics.go).
		"_SF_GO_REGEXP_SUBSTR": {in: []duckdb.Type{text, text, i64, i64, text, i64}, out: text, fn: func(a []driver.Value) (any, error) {
			out, ok, err := RegexpSubstr(a[0].(string), a[1].(string), a[2].(int64), a[3].(int64), a[4].(string), a[5].(int64))
			if err != nil || !ok {
				return nil, err
			}
			return out, nil
		}},
		// _SF_GO_REGEXP_COUNT(subject, pattern, position, parameters).
		"_SF_GO_REGEXP_COUNT": {in: []duckdb.Type{text, text, i64, text}, out: i64, fn: func(a []driver.Value) (any, error) {
			return RegexpCount(a[0].(string), a[1].(string), a[2].(int64), a[3].(string))
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

// FlaggedPattern is pattern as RE2 reads it under Snowflake's regex
// parameters: c and i (the last wins), m and s as RE2 flags in front of it;
// extract reports e, and bad is the first other letter (0 for none).
func FlaggedPattern(pattern, params string) (flagged string, extract bool, bad rune) {
	icase, multi, dotall := false, false, false
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
			if bad == 0 {
				bad = c
			}
		}
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
	return pattern, extract, bad
}

// snowflakeRegexp compiles pattern with Snowflake's regex parameters
// (c, i, m, s, e; the last of c and i wins) and reports whether e was given.
func snowflakeRegexp(pattern, params string) (*regexp.Regexp, bool, error) {
	flagged, extract, bad := FlaggedPattern(pattern, params)
	if bad != 0 {
		return nil, false, fmt.Errorf("100048 (22023): Invalid regular expression option '%c'", bad)
	}
	if what := RegexpUnsupported(pattern); what != "" {
		return nil, false, &UnsupportedError{What: fmt.Sprintf("%s ('%s')", what, pattern)}
	}
	pattern = flagged
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, false, &UnsupportedError{What: fmt.Sprintf("regular expression '%s' (%v)", pattern, err)}
	}
	return re, extract, nil
}

// RegexpInstr is REGEXP_INSTR: the 1-based character position of the
// occurrence-th match (option 0) or of the character after it (option 1);
// 0 when there is none.
func RegexpInstr(subject, pattern string, position, occurrence, option int64, params string, group int64) (int64, error) {
	if option != 0 && option != 1 {
		return 0, fmt.Errorf("100000 (22023): Invalid parameter value: %d. Reason: Option must be 0 or 1", option)
	}
	rest, head, err := searchArgs(subject, position, occurrence)
	if err != nil {
		return 0, err
	}
	r, err := snowflakeRules(pattern, params)
	if err != nil {
		return 0, err
	}
	g := r.reportedGroup(group)
	if g > r.first.NumSubexp() {
		return 0, &UnsupportedError{What: fmt.Sprintf("REGEXP_INSTR of group %d of a pattern with %d groups", g, r.first.NumSubexp())}
	}
	return agree("REGEXP_INSTR", pattern, func(k int) (int64, error) {
		all := r.matches(k, rest)
		if r.emptyAfterMatch(rest, all[:min(int64(len(all)), occurrence-1)]) {
			return 0, emptyAfterMatchError("REGEXP_INSTR", pattern)
		}
		if int64(len(all)) < occurrence {
			return 0, nil
		}
		m := all[occurrence-1]
		if m[2*g] < 0 {
			return 0, absentGroupError("REGEXP_INSTR", pattern, g)
		}
		at := m[2*g+int(option)]
		return int64(utf8.RuneCountInString(subject[:head]) + utf8.RuneCountInString(rest[:at]) + 1), nil
	})
}

// RegexpSubstrAll is REGEXP_SUBSTR_ALL as a JSON array; ok is false (NULL)
// for a group number the pattern does not have.
func RegexpSubstrAll(subject, pattern string, position, occurrence int64, params string, group int64) (string, bool, error) {
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
	out, err := agree("REGEXP_SUBSTR_ALL", pattern, func(k int) (string, error) {
		all := r.matches(k, rest)
		if r.emptyAfterMatch(rest, all) {
			return "", emptyAfterMatchError("REGEXP_SUBSTR_ALL", pattern)
		}
		out := []string{}
		if int64(len(all)) >= occurrence {
			for _, m := range all[occurrence-1:] {
				if m[0] == m[1] {
					return "", emptyMatchError("REGEXP_SUBSTR_ALL", pattern)
				}
				if m[2*g] < 0 {
					return "", absentGroupError("REGEXP_SUBSTR_ALL", pattern, g)
				}
				out = append(out, rest[m[2*g]:m[2*g+1]])
			}
		}
		var b strings.Builder
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(out); err != nil {
			return "", err
		}
		return strings.TrimSpace(b.String()), nil
	})
	return out, err == nil, err
}
