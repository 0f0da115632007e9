package sfunc

import (
	"fmt"
	"regexp"
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
	flags := ""
	for _, c := range params {
		switch c {
		case 'c':
			flags = strings.ReplaceAll(flags, "i", "")
		case 'i':
			flags += "i"
		case 'm':
			flags += "m"
		case 's':
			flags += "s"
		case 'e':
		default:
			return "", fmt.Errorf("100048 (22023): Invalid regular expression option '%c'", c)
		}
	}
	if what := RegexpUnsupported(pattern); what != "" {
		return "", &UnsupportedError{What: fmt.Sprintf("%s ('%s')", what, pattern)}
	}
	if flags != "" {
		pattern = "(?" + flags + ")" + pattern
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "", &UnsupportedError{What: fmt.Sprintf("regular expression '%s' (%v)", pattern, err)}
	}
	runes := []rune(subject)
	if int(position) > len(runes) {
		return subject, nil
	}
	head, rest := string(runes[:position-1]), string(runes[position-1:])
	template := goTemplate(repl)
	n := int64(0)
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringSubmatchIndex(rest, -1) {
		n++
		if occurrence != 0 && n != occurrence {
			continue
		}
		b.WriteString(rest[last:m[0]])
		b.Write(re.ExpandString(nil, template, rest, m))
		last = m[1]
		if occurrence != 0 {
			break
		}
	}
	b.WriteString(rest[last:])
	return head + b.String(), nil
}

// goTemplate turns Snowflake's \N backreferences into Go's ${N} (a '$' is
// literal in Snowflake).
func goTemplate(repl string) string {
	var b strings.Builder
	for i := 0; i < len(repl); i++ {
		c := repl[i]
		switch {
		case c == '$':
			b.WriteString("$$")
		case c == '\\' && i+1 < len(repl) && repl[i+1] >= '0' && repl[i+1] <= '9':
			b.WriteString("${" + string(repl[i+1]) + "}")
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
