package sigma

import (
	"fmt"
	"strings"
)

// Literal quotes s as a Snowflake single-quoted string literal. Snowflake
// reads backslash escape sequences inside single quotes, so backslashes are
// doubled and quotes, newlines and other control characters are written as
// escapes: the literal always denotes exactly s, whatever s holds ($$,
// quotes, backslashes, line breaks).
func Literal(s string) string {
	var b strings.Builder
	b.WriteByte('\'')
	for _, r := range s {
		switch r {
		case '\'':
			b.WriteString(`\'`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			// (A NUL too, as \x00: \0 before an octal digit would read
			// as an octal escape, \012 a newline.)
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\x%02x`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// checkRegex refuses regular-expression constructs Snowflake's POSIX
// (extended) engine does not have: lookarounds, backreferences, named and
// non-capturing groups, inline flags, atomic groups, lazy and possessive
// quantifiers. pySigma's re modifier passes PCRE-ish patterns through; a
// pattern Snowflake would read differently must be refused, not mangled.
func checkRegex(p string) error {
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\':
			if i+1 >= len(p) {
				return unsupported("regular expression ending in a lone backslash")
			}
			n := p[i+1]
			switch {
			case n >= '1' && n <= '9' && !inClass:
				return unsupported(fmt.Sprintf("regular expression backreference \\%c", n))
			case strings.IndexByte("kgAZzGKQEpPRXhHvVN", n) >= 0:
				return unsupported(fmt.Sprintf("regular expression escape \\%c", n))
			}
			i++
		case inClass:
			if c == ']' {
				inClass = false
			}
		case c == '[':
			inClass = true
			// A ']' right after '[' or '[^' is a literal member.
			if i+1 < len(p) && p[i+1] == '^' {
				i++
			}
			if i+1 < len(p) && p[i+1] == ']' {
				i++
			}
		case c == '(' && i+1 < len(p) && p[i+1] == '?':
			rest := p[i+2:]
			switch {
			case strings.HasPrefix(rest, "="), strings.HasPrefix(rest, "!"):
				return unsupported("regular expression lookahead (?" + rest[:1])
			case strings.HasPrefix(rest, "<="), strings.HasPrefix(rest, "<!"):
				return unsupported("regular expression lookbehind (?" + rest[:2])
			case strings.HasPrefix(rest, ":"):
				return unsupported("regular expression non-capturing group (?:")
			case strings.HasPrefix(rest, ">"):
				return unsupported("regular expression atomic group (?>")
			case strings.HasPrefix(rest, "P<"), strings.HasPrefix(rest, "<"), strings.HasPrefix(rest, "'"):
				return unsupported("regular expression named group")
			default:
				return unsupported("regular expression inline flags or extension (?")
			}
		case (c == '?' || c == '+') && i > 0 && strings.IndexByte("*+?}", p[i-1]) >= 0 && !escapedAt(p, i-1):
			if c == '?' {
				return unsupported("regular expression lazy quantifier " + p[i-1:i+1])
			}
			return unsupported("regular expression possessive quantifier " + p[i-1:i+1])
		}
	}
	if inClass {
		return fmt.Errorf("regular expression %q: unterminated character class", p)
	}
	return nil
}

// escapedAt reports whether p[i] is preceded by an odd number of backslashes.
func escapedAt(p string, i int) bool {
	n := 0
	for j := i - 1; j >= 0 && p[j] == '\\'; j-- {
		n++
	}
	return n%2 == 1
}
