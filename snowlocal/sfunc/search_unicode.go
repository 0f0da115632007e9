package sfunc

import "strings"

// SEARCH's UNICODE_ANALYZER (docs: functions/search) "tokenizes based on
// Unicode segmentation rules" (UAX #29, the page's link): a token is a
// word of the Unicode word-boundary rules holding a letter or a digit,
// lower-cased like the DEFAULT_ANALYZER's. On printable ASCII those rules
// keep letters and digits together (WB5, WB8-WB10), and a period or
// apostrophe between two letters (WB6, WB7), or a period, apostrophe,
// comma or semicolon between two digits (WB11, WB12), inside the word;
// every other character breaks. That reading gives each row of the page's
// table ("How search terms are tokenized"): 10.210.158.44 one token;
// 192.0.2.0 and 24; high and tech; bob's and burgers; docs and
// snowflake.com; opt, homebrew and readme.md. Refused (ok false): text
// outside printable ASCII, newline, carriage return and tab (other scripts'
// segmentation, dictionaries for Thai or CJK, are not documented), a colon
// (a letter joiner in UAX #29 that ICU's rules drop) and an underscore
// (whether a run of underscores alone is a token is not documented).

// analyzerTokens is an analyzer's tokens of s: UnicodeTokens for the
// UNICODE_ANALYZER, DefaultTokens otherwise.
func analyzerTokens(analyzer, s string) ([]string, bool) {
	if analyzer == "UNICODE_ANALYZER" {
		return UnicodeTokens(s)
	}
	return DefaultTokens(s)
}

// UnicodeTokens is the UNICODE_ANALYZER's tokens of s; ok is false for the
// text it refuses.
func UnicodeTokens(s string) (toks []string, ok bool) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < 0x20 || c > 0x7e) && c != '\n' && c != '\r' && c != '\t' || c == ':' || c == '_' {
			return nil, false
		}
	}
	s = strings.ToLower(s)
	start := -1
	for i := 0; i <= len(s); i++ {
		if start >= 0 && (i == len(s) || wordBreak(s, i)) {
			toks = append(toks, s[start:i])
			start = -1
		}
		if start < 0 && i < len(s) && isWordAlnum(s[i]) {
			start = i
		}
	}
	return toks, true
}

// wordBreak reports a word boundary before s[i] (0 < i < len(s)) inside a
// word that started with a letter or digit, by UAX #29's rules on ASCII.
func wordBreak(s string, i int) bool {
	a, b := s[i-1], s[i]
	at := func(j int) byte {
		if j < 0 || j >= len(s) {
			return 0
		}
		return s[j]
	}
	switch {
	case isWordAlnum(a) && isWordAlnum(b): // WB5, WB8, WB9, WB10
		return false
	case isWordLetter(a) && isMidLetter(b) && isWordLetter(at(i+1)): // WB6
		return false
	case isMidLetter(a) && isWordLetter(at(i-2)) && isWordLetter(b): // WB7
		return false
	case isWordDigit(a) && isMidNum(b) && isWordDigit(at(i+1)): // WB12
		return false
	case isMidNum(a) && isWordDigit(at(i-2)) && isWordDigit(b): // WB11
		return false
	}
	return true
}

func isWordLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isWordDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isWordAlnum(c byte) bool  { return isWordLetter(c) || isWordDigit(c) }

// isMidLetter: ASCII's MidNumLet (period) and Single_Quote (apostrophe),
// which join letters (the colon, UAX #29's ASCII MidLetter, is refused).
func isMidLetter(c byte) bool { return c == '.' || c == '\'' }

// isMidNum: the characters that join digits: MidNum (comma, semicolon),
// MidNumLet and Single_Quote.
func isMidNum(c byte) bool { return c == ',' || c == ';' || isMidLetter(c) }
