package sfunc

import (
	"fmt"
	"strings"
)

// RegexpReplace is REGEXP_REPLACE(subject, pattern, replacement, position,
// occurrence, parameters) (docs: regexp_replace): the search runs on the
// subject from character position on (the text before it is kept as it
// is, and the search sees the rest as a string of its own: \b matches at
// its start); occurrence 0 replaces every match, n only the n-th;
// replacement backreferences are \0 … \9; parameters c, i, m, s, e.
func RegexpReplace(subject, pattern, repl string, position, occurrence int64, params string) (string, error) {
	if position < 1 {
		return "", fmt.Errorf("100000 (22023): Invalid parameter value: %d. Reason: Position must be positive", position)
	}
	if occurrence < 0 {
		return "", fmt.Errorf("100000 (22023): Invalid parameter value: %d. Reason: Occurrence must be non-negative", occurrence)
	}
	r, err := snowflakeRules(pattern, params)
	if err != nil {
		return "", err
	}
	runes := []rune(subject)
	if int(position) > len(runes) {
		return subject, nil
	}
	head, rest := string(runes[:position-1]), string(runes[position-1:])
	return agree("REGEXP_REPLACE", pattern, func(k int) (string, error) {
		n := int64(0)
		var b strings.Builder
		last := 0
		all := r.matches(k, rest)
		if r.emptyAfterMatch(rest, all) {
			return "", emptyAfterMatchError("REGEXP_REPLACE", pattern)
		}
		for _, m := range all {
			n++
			if occurrence != 0 && n != occurrence {
				continue
			}
			b.WriteString(rest[last:m[0]])
			if err := expandReplacement(&b, repl, rest, m); err != nil {
				return "", err
			}
			last = m[1]
			if occurrence != 0 {
				break
			}
		}
		b.WriteString(rest[last:])
		return head + b.String(), nil
	})
}

// expandReplacement writes repl with its backreferences \0 … \9 replaced
// by the groups of match m in s; any other character, '$' and other
// backslashes included, is literal. A backreference to a group the
// pattern lacks or that takes no part in the match is refused: the docs
// say only that the replacement "can contain backreferences to capture
// groups", not what such a one gives (an empty text, as RE2's, or an
// error).
func expandReplacement(b *strings.Builder, repl, s string, m []int) error {
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		if c == '\\' && i+1 < len(repl) && repl[i+1] >= '0' && repl[i+1] <= '9' {
			g := int(repl[i+1] - '0')
			if 2*g+1 >= len(m) || m[2*g] < 0 {
				return &UnsupportedError{What: fmt.Sprintf("REGEXP_REPLACE with the backreference \\%d to a group that the pattern lacks or that takes no part in the match", g)}
			}
			b.WriteString(s[m[2*g]:m[2*g+1]])
			i++
			continue
		}
		b.WriteByte(c)
	}
	return nil
}
