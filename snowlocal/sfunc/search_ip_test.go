package sfunc

import "testing"

// TestParseSearchIP: the search string forms of the docs (functions/search_ip)
// are read, the unsupported kinds it lists (empty, partial, out of range)
// are invalid (error 000937), and what it does not describe is refused.
func TestParseSearchIP(t *testing.T) {
	for _, c := range []struct {
		s      string
		v      SearchIPVerdict
		lo, hi string
	}{
		{"192.0.2.1", SearchIPValid, "192.0.2.1", "192.0.2.1"},
		{"192.000.002.001", SearchIPValid, "192.0.2.1", "192.0.2.1"},
		{"192.0.2.1/24", SearchIPValid, "192.0.2.0", "192.0.2.255"},
		{"192.0.2.1/20", SearchIPValid, "192.0.0.0", "192.0.15.255"},
		{"2001:db8:85a3::/64", SearchIPValid, "2001:db8:85a3::", "2001:db8:85a3:0:ffff:ffff:ffff:ffff"},
		{"2001:0db8:85a3:0333:4444:8a2e:0370:7334", SearchIPValid, "2001:db8:85a3:333:4444:8a2e:370:7334", "2001:db8:85a3:333:4444:8a2e:370:7334"},
		{"2001:db8:85a3::192.0.2.1", SearchIPValid, "2001:db8:85a3::c000:201", "2001:db8:85a3::c000:201"},
		{"", SearchIPInvalid, "", ""},
		{"1925.0.2.146", SearchIPInvalid, "", ""},
		{"192.0.2", SearchIPInvalid, "", ""},
		{"2001:db8", SearchIPInvalid, "", ""},
		{"2001:00db8::1", SearchIPInvalid, "", ""},
		{" 192.0.2.1", SearchIPUnsupported, "", ""},
		{"192.0.2.1/33", SearchIPUnsupported, "", ""},
		{"192.0.2.1/024", SearchIPUnsupported, "", ""},
		{"192.0.2.1 192.0.2.2", SearchIPUnsupported, "", ""},
		{"fe80::1%eth0", SearchIPUnsupported, "", ""},
		{"010.0.0.1", SearchIPUnsupported, "", ""},
		{"192.0.2.08", SearchIPUnsupported, "", ""},
		{"203.000.113.007", SearchIPValid, "203.0.113.7", "203.0.113.7"},
	} {
		r, v := ParseSearchIP(c.s)
		if v != c.v {
			t.Errorf("%q: verdict %d, want %d", c.s, v, c.v)
			continue
		}
		if v == SearchIPValid && (r.Lo.String() != c.lo || r.Hi.String() != c.hi) {
			t.Errorf("%q: range %s-%s, want %s-%s", c.s, r.Lo, r.Hi, c.lo, c.hi)
		}
	}
}

// TestMayHoldAddress: where an address could be read in text.
func TestMayHoldAddress(t *testing.T) {
	for s, want := range map[string]bool{
		"ip=192.0.2.146":        true,
		"192.0.2.146:443":       true,
		"[2001:db8::1]:443":     true,
		"0192.0.2.146":          true,
		"256.1.2.3":             true, // 56.1.2.3
		"version 1.2.3":         false,
		"12:30:00":              false,
		"00:1a:2b:3c:4d:5e":     false,
		"deadbeef.cafe":         false,
		"no address in it":      false,
		"std::vector":           true, // d:: is an IPv6 address
		"::ffff:192.000.002.01": true,
	} {
		if got := mayHoldAddress(s); got != want {
			t.Errorf("%q: %v, want %v", s, got, want)
		}
	}
}
