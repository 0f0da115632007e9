package sfunc

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// SEARCH_IP (docs: functions/search_ip) reads its search string as one IPv4
// or IPv6 address, or one with a CIDR prefix, and returns TRUE when an
// address in the search data matches it or lies in its range. The docs give
// these forms of the search string: 192.0.2.1, 192.0.2.1/24, parts with
// leading zeros (up to three digits a part for IPv4, four for IPv6),
// compressed IPv6 (2001:db8:85a3::) and an IPv6 dual address
// (2001:db8:85a3::192.0.2.1); an empty string or a partial address is an
// error. What the docs show of the search data: a value that is one address
// (192.000.002.146 matches 192.0.2.146; 2001:0db8:...:7334 matches
// 2001:db8:85a3::8a2e:370:7334) and an address between spaces in a line of
// text. How Snowflake finds an address touching other characters (a port,
// a bracket, a quote, a trailing period) is not documented, so a value where
// an address could be read that way is refused (002040) rather than
// answered; text with no address in it at all is FALSE.

// SearchIPRange is a search string read as the inclusive range of the
// addresses it matches (a single address is a range of one).
type SearchIPRange struct {
	Lo, Hi netip.Addr
}

// SearchIPVerdict says how ParseSearchIP read a search string.
type SearchIPVerdict int

const (
	SearchIPValid       SearchIPVerdict = iota
	SearchIPInvalid                     // Snowflake's error 000937: empty, partial or out of range
	SearchIPUnsupported                 // a form whose reading the docs do not give
)

// ParseSearchIP reads a SEARCH_IP search string.
func ParseSearchIP(s string) (SearchIPRange, SearchIPVerdict) {
	if s == "" {
		return SearchIPRange{}, SearchIPInvalid
	}
	host, prefix, hasPrefix := strings.Cut(s, "/")
	addr, v := parseSearchAddr(host)
	if hasPrefix {
		// Only a valid address with a plain decimal prefix in range is read;
		// how other prefixed strings fail is not documented.
		if v != SearchIPValid {
			return SearchIPRange{}, SearchIPUnsupported
		}
		n, err := strconv.Atoi(prefix)
		if err != nil || n < 0 || n > addr.BitLen() || strconv.Itoa(n) != prefix {
			return SearchIPRange{}, SearchIPUnsupported
		}
		lo, _ := addr.Prefix(n)
		return SearchIPRange{Lo: lo.Addr(), Hi: lastOf(lo)}, SearchIPValid
	}
	if v != SearchIPValid {
		return SearchIPRange{}, v
	}
	return SearchIPRange{Lo: addr, Hi: addr}, SearchIPValid
}

// lastOf is the last address of prefix p.
func lastOf(p netip.Prefix) netip.Addr {
	b := p.Addr().AsSlice()
	for i := p.Bits(); i < len(b)*8; i++ {
		b[i/8] |= 0x80 >> (i % 8)
	}
	a, _ := netip.AddrFromSlice(b)
	return a
}

// parseSearchAddr reads an address of the search string (no prefix).
func parseSearchAddr(s string) (netip.Addr, SearchIPVerdict) {
	switch {
	case s == "":
		return netip.Addr{}, SearchIPInvalid
	case onlyOf(s, "0123456789."):
		a, ok := parseIPv4Parts(s)
		switch {
		case ok && octalReadable(s):
			return netip.Addr{}, SearchIPUnsupported
		case ok:
			return a, SearchIPValid
		}
		return netip.Addr{}, SearchIPInvalid
	case onlyOf(s, hexDigits+":"):
		if a, ok := parseIPv6Hex(s); ok {
			return a, SearchIPValid
		}
		return netip.Addr{}, SearchIPInvalid
	case onlyOf(s, hexDigits+":."):
		// A dual address (docs: 2001:db8:85a3::192.0.2.1); one whose IPv4
		// part the standard form does not read is not answered.
		if a, err := netip.ParseAddr(s); err == nil && a.Is6() && a.Zone() == "" {
			return a, SearchIPValid
		}
	}
	return netip.Addr{}, SearchIPUnsupported
}

const hexDigits = "0123456789abcdefABCDEF"

func onlyOf(s, set string) bool {
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(set, s[i]) < 0 {
			return false
		}
	}
	return true
}

// parseIPv4Parts reads four dot-separated decimal parts of one to three
// digits each, leading zeros allowed (docs: 192.000.002.001), each at most
// 255.
func parseIPv4Parts(s string) (netip.Addr, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 4 {
		return netip.Addr{}, false
	}
	var b [4]byte
	for i, p := range parts {
		if len(p) < 1 || len(p) > 3 || !onlyOf(p, "0123456789") {
			return netip.Addr{}, false
		}
		n, _ := strconv.Atoi(p)
		if n > 255 {
			return netip.Addr{}, false
		}
		b[i] = byte(n)
	}
	return netip.AddrFrom4(b), true
}

// octalReadable reports whether a dotted IPv4 address has a part with a
// leading zero that reads differently as an octal number (010, 08): the
// docs' examples (192.000.002.146, 203.000.113.005) only have parts that
// read the same either way, and "instead of 192.0.2.1" does not say.
func octalReadable(s string) bool {
	for _, p := range strings.Split(s, ".") {
		if len(p) < 2 || p[0] != '0' {
			continue
		}
		dec, _ := strconv.ParseUint(p, 10, 16)
		if oct, err := strconv.ParseUint(p, 8, 16); err != nil || oct != dec {
			return true
		}
	}
	return false
}

// parseIPv6Hex reads an IPv6 address of hexadecimal groups of one to four
// digits (docs: up to four digits a part), compressed with :: or not.
func parseIPv6Hex(s string) (netip.Addr, bool) {
	if !strings.Contains(s, ":") {
		return netip.Addr{}, false
	}
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is6() {
		return netip.Addr{}, false
	}
	return a, true
}

// searchIPOutcome is what one value of the search data gives.
type searchIPOutcome int

const (
	searchIPNoMatch searchIPOutcome = iota
	searchIPMatch
	searchIPUnknown // an address may be read in a way the docs do not give
)

// SearchIP is SEARCH_IP over the values of the search data: kinds has one
// letter a value, 't' for text and 'j' for a VARIANT, OBJECT or ARRAY as
// JSON text; a nil value is NULL. It returns nil for NULL: one value that is
// NULL. Several values with a NULL among them, and values where an address
// may be read in a way the docs do not give with no other match, are
// refused.
func SearchIP(search, kinds string, values []any) (any, error) {
	r, v := ParseSearchIP(search)
	if v != SearchIPValid {
		return nil, &UnsupportedError{What: fmt.Sprintf("SEARCH_IP of the search string '%s'", search)}
	}
	return searchValues("SEARCH_IP", kinds, values, func(s string, isJSON bool) (bool, string) { // search.go
		read := searchIPText
		if isJSON {
			read = searchIPJSON
		}
		out, why := read(s, r)
		switch out {
		case searchIPMatch:
			return true, ""
		case searchIPUnknown:
			return false, why
		}
		return false, ""
	})
}

// searchIPJSON searches a VARIANT, OBJECT or ARRAY given as JSON text: a
// string by its text (docs: a path to a string field matches the address
// it holds); a number or boolean holds no address; in an object or array,
// how the text Snowflake converts it to is tokenized around the quotes is
// not documented, so one holding an address anywhere is refused.
func searchIPJSON(s string, r SearchIPRange) (searchIPOutcome, string) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return searchIPUnknown, "SEARCH_IP of a VARIANT the local engine cannot read"
	}
	switch x := v.(type) {
	case string:
		return searchIPText(x, r)
	case nil:
		return searchIPUnknown, "SEARCH_IP of a VARIANT null"
	case json.Number, bool:
		return searchIPNoMatch, ""
	}
	if jsonHoldsAddress(v) {
		return searchIPUnknown, "SEARCH_IP of an OBJECT or ARRAY holding an IP address"
	}
	return searchIPNoMatch, ""
}

// jsonHoldsAddress reports whether a key or string of v has text an
// address could be read in.
func jsonHoldsAddress(v any) bool {
	switch x := v.(type) {
	case string:
		return mayHoldAddress(x)
	case []any:
		for _, e := range x {
			if jsonHoldsAddress(e) {
				return true
			}
		}
	case map[string]any:
		for k, e := range x {
			if mayHoldAddress(k) || jsonHoldsAddress(e) {
				return true
			}
		}
	}
	return false
}

// addressChar reports whether c can be part of an address's text.
func addressChar(c byte) bool {
	return c == '.' || c == ':' || strings.IndexByte(hexDigits, c) >= 0
}

// addressRuns calls f with each maximal run s[i:j] of address characters.
func addressRuns(s string, f func(i, j int) bool) {
	for i := 0; i < len(s); {
		if !addressChar(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && addressChar(s[j]) {
			j++
		}
		if !f(i, j) {
			return
		}
		i = j
	}
}

// searchIPText searches text: an address is read where it is a whole
// space-delimited word (docs: "Connection from IP address 192.0.2.146
// succeeded."); any other place an address could be read is unknown.
func searchIPText(s string, r SearchIPRange) (searchIPOutcome, string) {
	out, why := searchIPNoMatch, ""
	addressRuns(s, func(i, j int) bool {
		run := s[i:j]
		word := (i == 0 || s[i-1] == ' ') && (j == len(s) || s[j] == ' ')
		if word && isDottedIPv4(run) && octalReadable(run) {
			if out == searchIPNoMatch {
				out, why = searchIPUnknown, fmt.Sprintf("SEARCH_IP of an IPv4 address with a zero-led part that reads differently in octal (%s)", run)
			}
			return true
		}
		if word {
			if a, ok := wordAddress(run); ok {
				switch inSearchRange(a, r) {
				case searchIPMatch:
					out = searchIPMatch
					return false
				case searchIPUnknown:
					out, why = searchIPUnknown, fmt.Sprintf("SEARCH_IP of %s for a search string of the other IP version", a)
				}
				return true
			}
		}
		if mayHoldAddress(run) && out == searchIPNoMatch {
			what := "text where an IP address touches other characters"
			if _, err := netip.ParseAddr(run); word && (err == nil || dualWithZeros(run)) {
				what = "an IPv6 address with an IPv4 part"
			}
			out, why = searchIPUnknown, fmt.Sprintf("SEARCH_IP of %s (%s)", what, snippet(s, i, j))
		}
		return true
	})
	return out, why
}

// isDottedIPv4 reports whether w is a dotted IPv4 address.
func isDottedIPv4(w string) bool {
	_, ok := parseIPv4Parts(w)
	return ok && onlyOf(w, "0123456789.")
}

// snippet is the word of s around s[i:j], for a refusal's message.
func snippet(s string, i, j int) string {
	for i > 0 && s[i-1] != ' ' && j-i < 60 {
		i--
	}
	for j < len(s) && s[j] != ' ' && j-i < 60 {
		j++
	}
	return s[i:j]
}

// wordAddress reads a whole word as an address: dotted decimal IPv4 or
// hexadecimal IPv6 (a dual address in the data is not answered: whether its
// IPv4 part is also read as an address is not documented).
func wordAddress(w string) (netip.Addr, bool) {
	if onlyOf(w, "0123456789.") {
		return parseIPv4Parts(w)
	}
	if onlyOf(w, hexDigits+":") {
		return parseIPv6Hex(w)
	}
	return netip.Addr{}, false
}

// inSearchRange compares address a with the search range. An address of
// the other IP version never matches, unless it is an IPv4 address in IPv6
// form (::ffff:a.b.c.d or ::a.b.c.d) on one side: whether Snowflake reads
// those as the IPv4 address is not documented.
func inSearchRange(a netip.Addr, r SearchIPRange) searchIPOutcome {
	in := func(x netip.Addr) bool { return r.Lo.Compare(x) <= 0 && x.Compare(r.Hi) <= 0 }
	if a.Is4() == r.Lo.Is4() {
		if in(a) {
			return searchIPMatch
		}
		return searchIPNoMatch
	}
	if a.Is4() {
		b4 := a.As4()
		var mapped, compat [16]byte
		copy(mapped[10:], []byte{0xff, 0xff})
		copy(mapped[12:], b4[:])
		copy(compat[12:], b4[:])
		if in(netip.AddrFrom16(mapped)) || in(netip.AddrFrom16(compat)) {
			return searchIPUnknown
		}
		return searchIPNoMatch
	}
	b := a.As16()
	if bytes.Equal(b[:10], make([]byte, 10)) && (b[10] == 0xff && b[11] == 0xff || b[10] == 0 && b[11] == 0) {
		if in(netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})) {
			return searchIPUnknown
		}
	}
	return searchIPNoMatch
}

// mayHoldAddress reports whether an address could be read anywhere in s:
// some part of a run of address characters is an IPv4 address (parts of
// up to three digits) or an IPv6 address.
func mayHoldAddress(s string) bool {
	found := false
	addressRuns(s, func(i, j int) bool {
		found = runHoldsAddress(s[i:j])
		return !found
	})
	return found
}

// maxAddressText bounds the text of one address: eight groups of four
// hexadecimal digits, or six and a dual IPv4 part with leading zeros.
const maxAddressText = 50

func runHoldsAddress(run string) bool {
	if strings.Count(run, ".") < 3 && strings.Count(run, ":") < 2 {
		return false // an IPv4 address has three dots, an IPv6 one two colons
	}
	for i := 0; i < len(run); i++ {
		for j := i + 2; j <= len(run) && j-i <= maxAddressText; j++ {
			sub := run[i:j]
			if _, ok := parseIPv4Parts(sub); ok {
				return true
			}
			if strings.Contains(sub, ":") {
				if _, err := netip.ParseAddr(sub); err == nil {
					return true
				}
				if dualWithZeros(sub) {
					return true
				}
			}
		}
	}
	return false
}

// dualWithZeros reports whether s is an IPv6 dual address whose IPv4 part
// has leading zeros, which the standard form rejects.
func dualWithZeros(s string) bool {
	k := strings.LastIndexByte(s, ':')
	if k < 0 || !strings.Contains(s[k:], ".") {
		return false
	}
	a, ok := parseIPv4Parts(s[k+1:])
	if !ok {
		return false
	}
	_, err := netip.ParseAddr(s[:k+1] + a.String())
	return err == nil
}

func searchIPFunctions() map[string]*scalar {
	return map[string]*scalar{
		// _SF_GO_SEARCH_IP(search string, kinds, values...): SEARCH_IP
		// over the values ('t' text, 'j' JSON text a letter in kinds).
		"_SF_GO_SEARCH_IP": {in: []duckdb.Type{text, text}, variadic: text, out: flag, nullsIn: true,
			fn: func(a []driver.Value) (any, error) {
				search, _ := a[0].(string)
				kinds, _ := a[1].(string)
				values := make([]any, len(a)-2)
				for i, v := range a[2:] {
					values[i] = v
				}
				return SearchIP(search, kinds, values)
			}},
	}
}
