package sfunc

import "testing"

// The examples of "Supported formats for AUTO detection"
// (https://docs.snowflake.com/en/sql-reference/date-time-input-output).
func TestNormalizeDateTime(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"2013-04-28", "2013-04-28"},
		{"17-DEC-1980", "1980-12-17 00:00:00"},
		{"12/17/1980", "1980-12-17 00:00:00"},
		{"2/18/2008 02:36:48", "2008-02-18 02:36:48"},
		{"2013-04-28T20:57:01.123456789+07:00", "2013-04-28 20:57:01.123456789 +07:00"},
		{"2013-04-28 20:57:01.123456789+07", "2013-04-28 20:57:01.123456789 +07:00"},
		{"2013-04-28 20:57:01 +0700", "2013-04-28 20:57:01 +07:00"},
		{"2013-04-28T20", "2013-04-28 20:00:00"},
		{"2013-04-28T20:57+07:00", "2013-04-28 20:57:00 +07:00"},
		{"Thu, 21 Dec 2000 04:01:07.123456789 PM +0200", "2000-12-21 16:01:07.123456789 +02:00"},
		{"Thu, 21 Dec 2000 16:01:07", "2000-12-21 16:01:07"},
		{"Mon Jul 08 18:09:51 +0000 2013", "2013-07-08 18:09:51 +00:00"},
	} {
		if got, ok := NormalizeDateTime(c.in); !ok || got != c.want {
			t.Errorf("NormalizeDateTime(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
	for _, in := range []string{"infinity", "epoch", "2019/01/02", "2013-04-28 (BC)", "2013-04-28 24:00:00",
		"2013-04-28 20:57:01 UTC", "12013-04-28", "Thu, 21 Dec 2000 13:01:07 PM"} {
		if got, ok := NormalizeDateTime(in); ok {
			t.Errorf("NormalizeDateTime(%q) = %q, want not recognized", in, got)
		}
	}
	for _, c := range []struct{ in, want string }{
		{"20:57:01.123456789+07:00", "20:57:01.123456789"}, {"20:57", "20:57:00"},
		{"07:57:01.123456789 AM", "07:57:01.123456789"}, {"04:01:07 PM", "16:01:07"}, {"04:01 AM", "04:01:00"},
		{"12:01 AM", "00:01:00"}, {"2013-04-28 20:57:01 +07:00", "20:57:01"},
	} {
		if got, ok := NormalizeTime(c.in); !ok || got != c.want {
			t.Errorf("NormalizeTime(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}
