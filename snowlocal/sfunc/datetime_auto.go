package sfunc

import (
	"database/sql/driver"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// Text to DATE, TIME and TIMESTAMP under the AUTO input format (docs: "Date
// and time input and output formats", section "Supported formats for AUTO
// detection"): "If no matching format is found, Snowflake returns an
// error." DuckDB's CAST is more lenient ('infinity', 'epoch', '2019/01/02',
// '2024-01-01 (BC)', time zone names, hour 24) and reads a 12-hour time
// ('04:01:07 PM') as 04:01:07. NormalizeDateTime recognizes the documented
// formats only and rewrites each to one canonical text that DuckDB reads as
// Snowflake does. In Go rather than a macro: the macro's body, bound at
// every text-to-date/time conversion, made statements several times slower
// to bind.

const (
	dtHour24 = `([01]?[0-9]|2[0-3])`
	dtMinSec = `([0-5]?[0-9])`
	dtFrac   = `(\.[0-9]+)?`
	dtZone   = `(Z|z|[+-][0-9]{1,2}(?::?[0-9]{2})?)?`
)

var (
	// YYYY-MM-DD, YYYY-MM-DD["T"| ]HH24[:MI[:SS[.FF]]][ ][TZH[:][TZM]]
	// (the ISO rows of the timestamp table; Z is UTC). Groups: year,
	// month, day, hour, minute, second, fraction, offset.
	reDTISO = regexp.MustCompile(`^([0-9]{1,4})-([0-9]{1,2})-([0-9]{1,2})(?:[T ]` + dtHour24 + `(?::` + dtMinSec + `(?::` + dtMinSec + dtFrac + `)?)?\s*` + dtZone + `)?$`)
	// DD-MON-YYYY (MON also reads the full month name, as documented for
	// parsing). Groups: day, month, year.
	reDTDMY = regexp.MustCompile(`^([0-9]{1,2})-([A-Za-z]{3,9})-([0-9]{1,4})$`)
	// MM/DD/YYYY and MM/DD/YYYY HH24:MI:SS. Groups: month, day, year,
	// hour, minute, second.
	reDTMDY = regexp.MustCompile(`^([0-9]{1,2})/([0-9]{1,2})/([0-9]{1,4})(?: ` + dtHour24 + `:` + dtMinSec + `:` + dtMinSec + `)?$`)
	// DY, DD MON YYYY HH24:MI:SS[.FF] [TZHTZM] and its HH12 ... AM forms.
	// Groups: day, month, year, hour, minute, second, fraction, AM/PM,
	// offset.
	reDTRFC = regexp.MustCompile(`^[A-Za-z]{3},\s*([0-9]{1,2})\s+([A-Za-z]{3,9})\s+([0-9]{1,4})\s+([0-9]{1,2}):` + dtMinSec + `:` + dtMinSec + dtFrac + `(?:\s*([AaPp][Mm]))?(?:\s+([+-][0-9]{4}))?$`)
	// DY MON DD HH24:MI:SS TZHTZM YYYY. Groups: month, day, hour, minute,
	// second, offset, year.
	reDTCtime = regexp.MustCompile(`^[A-Za-z]{3}\s+([A-Za-z]{3,9})\s+([0-9]{1,2})\s+` + dtHour24 + `:` + dtMinSec + `:` + dtMinSec + `\s+([+-][0-9]{4})\s+([0-9]{1,4})$`)
	// HH24:MI[:SS[.FF]][TZH:TZM] and HH12:MI[:SS[.FF]] AM (the time
	// table). Groups: hour, minute, second, fraction, offset or AM/PM.
	reDTTime24 = regexp.MustCompile(`^` + dtHour24 + `:` + dtMinSec + `(?::` + dtMinSec + dtFrac + `)?\s*` + dtZone + `$`)
	reDTTime12 = regexp.MustCompile(`^([0-9]{1,2}):` + dtMinSec + `(?::` + dtMinSec + dtFrac + `)?\s*([AaPp][Mm])$`)
)

var dtMonths = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
	"january": 1, "february": 2, "march": 3, "april": 4, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// dtHour is the hour of a 24-hour clock; with AM/PM the hour must be 1 to
// 12 (12 AM is midnight, 12 PM noon).
func dtHour(h, ampm string) (int, bool) {
	n := atoi(h)
	if ampm == "" {
		return n, n <= 23
	}
	if n < 1 || n > 12 {
		return 0, false
	}
	if strings.EqualFold(ampm, "PM") {
		return n%12 + 12, true
	}
	return n % 12, true
}

// dtZoneText is an offset (”, Z, +H, +HH, +HHMM, +HH:MM) as ' +HH:MM'.
func dtZoneText(z string) string {
	switch {
	case z == "":
		return ""
	case z == "Z" || z == "z":
		return " +00:00"
	}
	digits := strings.ReplaceAll(z[1:], ":", "")
	h, m := digits, "00"
	if len(digits) > 2 {
		h, m = digits[:len(digits)-2], digits[len(digits)-2:]
	}
	return fmt.Sprintf(" %c%02d:%s", z[0], atoi(h), m)
}

// dtText is the canonical 'YYYY-MM-DD HH:MI:SS[.F][ +HH:MM]'; ok false
// where a part is out of its range (DuckDB rejects invalid dates).
func dtText(y string, mo int, d, h, mi, s, frac, ampm, zone string) (string, bool) {
	hour, ok := dtHour(h, ampm)
	if !ok || mo == 0 {
		return "", false
	}
	return fmt.Sprintf("%04d-%02d-%02d %02d:%02d:%02d%s%s", atoi(y), mo, atoi(d), hour, atoi(mi), atoi(s), frac, dtZoneText(zone)), true
}

// NormalizeDateTime is the canonical text of a date or timestamp in one of
// the documented AUTO formats: 'YYYY-MM-DD' for a date alone, else
// 'YYYY-MM-DD HH:MI:SS[.F][ +HH:MM]'; ok false for any other text.
func NormalizeDateTime(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if m := reDTISO.FindStringSubmatch(t); m != nil {
		if m[4] == "" {
			return fmt.Sprintf("%04d-%02d-%02d", atoi(m[1]), atoi(m[2]), atoi(m[3])), true
		}
		return dtText(m[1], atoi(m[2]), m[3], m[4], m[5], m[6], m[7], "", m[8])
	}
	if m := reDTDMY.FindStringSubmatch(t); m != nil {
		return dtText(m[3], dtMonths[strings.ToLower(m[2])], m[1], "0", "0", "0", "", "", "")
	}
	if m := reDTMDY.FindStringSubmatch(t); m != nil {
		return dtText(m[3], atoi(m[1]), m[2], m[4], m[5], m[6], "", "", "")
	}
	if m := reDTRFC.FindStringSubmatch(t); m != nil {
		return dtText(m[3], dtMonths[strings.ToLower(m[2])], m[1], m[4], m[5], m[6], m[7], m[8], m[9])
	}
	if m := reDTCtime.FindStringSubmatch(t); m != nil {
		return dtText(m[7], dtMonths[strings.ToLower(m[1])], m[2], m[3], m[4], m[5], "", "", m[6])
	}
	return "", false
}

// NormalizeTime is 'HH:MI:SS[.F]' of a time in one of the documented AUTO
// TIME formats (an offset is dropped) or the time of a timestamp in one of
// the timestamp formats; ok false for any other text.
func NormalizeTime(text string) (string, bool) {
	t := strings.TrimSpace(text)
	if m := reDTTime24.FindStringSubmatch(t); m != nil {
		s, ok := dtText("1970", 1, "1", m[1], m[2], m[3], m[4], "", "")
		return strings.TrimPrefix(s, "1970-01-01 "), ok
	}
	if m := reDTTime12.FindStringSubmatch(t); m != nil {
		s, ok := dtText("1970", 1, "1", m[1], m[2], m[3], m[4], m[5], "")
		return strings.TrimPrefix(s, "1970-01-01 "), ok
	}
	if s, ok := NormalizeDateTime(t); ok && len(s) > 10 {
		s = s[11:]
		if i := strings.IndexByte(s, ' '); i >= 0 {
			s = s[:i]
		}
		return s, true
	}
	return "", false
}

func dateTimeAutoFunctions() map[string]*scalar {
	norm := func(f func(string) (string, bool)) *scalar {
		// (text, kind): the canonical text; with kind ('Date', 'Time',
		// 'Timestamp') Snowflake's conversion error for other text, with
		// kind '' NULL (the TRY_ forms).
		return &scalar{in: []duckdb.Type{text, text}, out: text, fn: func(a []driver.Value) (any, error) {
			s, ok := f(a[0].(string))
			if ok {
				return s, nil
			}
			if kind := a[1].(string); kind != "" {
				return nil, fmt.Errorf("%s '%s' is not recognized", kind, a[0].(string))
			}
			return nil, nil
		}}
	}
	return map[string]*scalar{
		// _SF_GO_DT_OFFSET(text): the offset in minutes a timestamp text
		// carries (TIMESTAMP_TZ keeps it), NULL for none.
		"_SF_GO_DT_OFFSET": {in: []duckdb.Type{text}, out: i64, fn: func(a []driver.Value) (any, error) {
			s, ok := NormalizeDateTime(a[0].(string))
			if !ok || len(s) < 7 || s[len(s)-7] != ' ' || (s[len(s)-6] != '+' && s[len(s)-6] != '-') {
				return nil, nil
			}
			off := int64(atoi(s[len(s)-5:len(s)-3])*60 + atoi(s[len(s)-2:]))
			if s[len(s)-6] == '-' {
				off = -off
			}
			return off, nil
		}},
		"_SF_GO_DT_NORM":   norm(NormalizeDateTime),
		"_SF_GO_TIME_NORM": norm(NormalizeTime),
	}
}
