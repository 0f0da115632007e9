package sfunc

import (
	"strings"
	"unicode"
)

// initcapDelimiters are INITCAP's default word separators besides whitespace.
const initcapDelimiters = `!?@"^#$&~_,.:;+-*%/|\[](){}<>`

// Initcap upper-cases the first character of each word and lower-cases the
// rest, words being the runs between delimiters: Snowflake's default set
// (whitespace and initcapDelimiters) unless custom is set, in which case
// exactly the characters of delims (an empty delims makes the whole string
// one word).
func Initcap(s, delims string, custom bool) string {
	isDelim := func(r rune) bool {
		if custom {
			return strings.ContainsRune(delims, r)
		}
		return unicode.IsSpace(r) || strings.ContainsRune(initcapDelimiters, r)
	}
	var b strings.Builder
	start := true
	for _, r := range s {
		switch {
		case isDelim(r):
			b.WriteRune(r)
			start = true
		case start:
			b.WriteRune(unicode.ToUpper(r))
			start = false
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// Soundex is the American Soundex code of s: its first letter and three
// digits (letters with the same code separated by H or W count once; vowels
// separate them), padded with zeros. Non-letters are skipped; a string
// without letters gives "".
func Soundex(s string) string { return soundex(s, false) }

// SoundexP123 is SOUNDEX_P123: Soundex, but the second letter's digit is
// kept when it is the first letter's (docs: soundex_p123: Pfister is
// P123, Lloyd L430).
func SoundexP123(s string) string { return soundex(s, true) }

func soundex(s string, p123 bool) string {
	code := func(r rune) byte {
		switch unicode.ToUpper(r) {
		case 'B', 'F', 'P', 'V':
			return '1'
		case 'C', 'G', 'J', 'K', 'Q', 'S', 'X', 'Z':
			return '2'
		case 'D', 'T':
			return '3'
		case 'L':
			return '4'
		case 'M', 'N':
			return '5'
		case 'R':
			return '6'
		case 'H', 'W':
			return 'h'
		}
		return '0' // vowels and Y
	}
	var out []byte
	var last byte
	for _, r := range s {
		if r > unicode.MaxASCII || !unicode.IsLetter(r) {
			continue
		}
		c := code(r)
		if out == nil {
			out = []byte{byte(unicode.ToUpper(r))}
			last = c
			continue
		}
		switch {
		case p123 && len(out) == 1 && c == last && c != '0' && c != 'h':
			out = append(out, c) // the second letter's digit, kept
		case c == 'h':
			// H and W do not separate letters of the same code.
		case c == '0':
			last = '0'
		case c != last:
			out = append(out, c)
			last = c
		}
		if len(out) == 4 {
			break
		}
	}
	if out == nil {
		return ""
	}
	for len(out) < 4 {
		out = append(out, '0')
	}
	return string(out[:4])
}

// Strtok is STRTOK(s, delims, n): the n-th (1-based) non-empty token of s
// split at any character of delims; ok is false when there is no such
// token. An empty delims makes a non-empty s one token.
func Strtok(s, delims string, n int64) (string, bool) {
	var toks []string
	if delims == "" {
		if s != "" {
			toks = []string{s}
		}
	} else {
		toks = strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(delims, r) })
	}
	if n < 1 || n > int64(len(toks)) {
		return "", false
	}
	return toks[n-1], true
}
