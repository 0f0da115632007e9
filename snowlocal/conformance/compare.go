package conformance

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Render turns a value gosnowflake scanned from a column of Snowflake type
// typ into the text SnowSQL would show: NULL for SQL NULL, True/False,
// YYYY-MM-DD, timestamps with milliseconds (and the offset for LTZ/TZ),
// BINARY in hex.
func Render(typ string, v any) string {
	if v == nil {
		return "NULL"
	}
	switch x := v.(type) {
	case bool:
		if x {
			return "True"
		}
		return "False"
	case []byte:
		if typ == "BINARY" {
			return strings.ToUpper(hex.EncodeToString(x))
		}
		return string(x)
	case time.Time:
		switch typ {
		case "DATE":
			return x.Format("2006-01-02")
		case "TIME":
			if x.Nanosecond() != 0 {
				return strings.TrimRight(x.Format("15:04:05.000000000"), "0")
			}
			return x.Format("15:04:05")
		case "TIMESTAMP_NTZ":
			return x.Format("2006-01-02 15:04:05.000000000")
		default:
			return x.Format("2006-01-02 15:04:05.000000000 -0700")
		}
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case int64:
		return strconv.FormatInt(x, 10)
	case string:
		if typ == "VECTOR" {
			return renderVector(x) // vector.go
		}
		if typ == "BOOLEAN" {
			// Snowflake's JSON rowsets carry booleans as "1"/"0".
			switch x {
			case "1", "true":
				return "True"
			case "0", "false":
				return "False"
			}
		}
		return x
	default:
		return fmt.Sprint(x)
	}
}

// Equal reports whether got (rendered by Render) shows the documented value
// want for a column of Snowflake type typ. It is strict where a difference is
// a different answer, and lenient only about how a client displays a value:
//   - TEXT, FIXED, DATE, BINARY: exact text (FIXED keeps its scale: 1.50),
//     but for a NUL character, which the docs' tables show as nothing
//     (CHR(0)), and a TEXT value's trailing blanks, which a box table's
//     padding hides;
//   - BOOLEAN: case-insensitive (docs print TRUE or True);
//   - REAL: equal to the precision the docs print;
//   - TIMESTAMP_*, TIME: the same instant / wall clock (and offset for TZ),
//     whatever layout the docs print it in;
//   - VARIANT/OBJECT/ARRAY: the same JSON value (key order and spacing as
//     displayed are the client's), numbers by their text.
func Equal(typ, got, want string) bool {
	if got == want {
		return true
	}
	if got == "NULL" || want == "NULL" {
		return false
	}
	switch typ {
	case "TEXT":
		// A box table cannot show a value's trailing blanks (the cell is
		// padded with blanks): ARRAY_TO_STRING(PARSE_JSON('[1, ]'), ', ')
		// is '1, ', printed as "1,".
		if strings.TrimRight(got, " ") == want {
			return true
		}
		// Nor the blanks that end a line of a text holding newlines (each
		// line is a line of the box): SHOW PARAMETERS' description of
		// LOCK_TIMEOUT ends its first line with a blank.
		if strings.Contains(got, "\n") && trimLineEnds(got) == want {
			return true
		}
		if strings.Contains(got, "\t") && strings.TrimRight(expandTabs(got), " ") == want {
			return true
		}
		return strings.Contains(got, "\x00") && strings.ReplaceAll(got, "\x00", "") == want
	case "BOOLEAN":
		return strings.EqualFold(got, want)
	case "REAL":
		return floatEqual(got, want)
	case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ", "TIME":
		return timeEqual(typ, got, want)
	case "VARIANT", "OBJECT", "ARRAY":
		return jsonEqual(got, want)
	}
	return false
}

func floatEqual(got, want string) bool {
	g, err1 := strconv.ParseFloat(got, 64)
	w, err2 := strconv.ParseFloat(strings.ReplaceAll(want, ",", ""), 64)
	if err1 != nil || err2 != nil {
		return strings.EqualFold(got, want) // inf, NaN
	}
	if math.IsNaN(g) || math.IsNaN(w) || math.IsInf(g, 0) || math.IsInf(w, 0) {
		return g == w || (math.IsNaN(g) && math.IsNaN(w))
	}
	// The docs print a rounded value: agree to its last printed digit.
	mant, exp := want, 0
	if i := strings.IndexAny(want, "eE"); i >= 0 {
		mant = want[:i]
		exp, _ = strconv.Atoi(want[i+1:])
	}
	decimals := 0
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		decimals = len(mant) - i - 1
	}
	tol := 0.5 * math.Pow(10, float64(exp-decimals))
	if rel := math.Abs(w) * 1e-12; rel > tol {
		tol = rel
	}
	return math.Abs(g-w) <= tol*1.000001
}

var timeLayouts = []string{
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999 -07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999 Z",
	"Mon, 02 Jan 2006 15:04:05 -0700",
	"Mon, 02 Jan 2006 15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"15:04:05.999999999",
	"15:04",
}

func parseTime(s string) (t time.Time, zoned bool, ok bool) {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, strings.Contains(l, "07") || strings.HasSuffix(l, " Z"), true
		}
	}
	return time.Time{}, false, false
}

func timeEqual(typ, got, want string) bool {
	g, gz, ok1 := parseTime(got)
	w, wz, ok2 := parseTime(want)
	if !ok1 || !ok2 {
		return false
	}
	// The docs print fractions to the output format's precision (FF3 for
	// timestamps, none for TIME): compare to the digits they print.
	g = g.Truncate(printedPrecision(want))
	if typ == "TIMESTAMP_NTZ" || typ == "TIME" || !wz || !gz {
		// Wall clock only (the docs print no offset, or the type has none).
		return g.Format("2006-01-02 15:04:05.999999999") == w.Format("2006-01-02 15:04:05.999999999")
	}
	_, go_ := g.Zone()
	_, wo := w.Zone()
	return g.Equal(w) && go_ == wo
}

func jsonEqual(got, want string) bool {
	var g, w any
	if !decodeJSON(markUndefined(got), &g) || !decodeJSON(markUndefined(want), &w) {
		return false
	}
	return jsonValueEqual(g, w)
}

// undefinedMark stands for an undefined array element, which Snowflake
// prints as the bare word undefined ([10, undefined, 30]), so that the
// value decodes as JSON: an object no documented value holds.
const undefinedMark = `{"\u0000undefined":0}`

// markUndefined replaces each bare undefined outside JSON strings with
// undefinedMark.
func markUndefined(s string) string {
	if !strings.Contains(s, "undefined") {
		return s
	}
	var b strings.Builder
	inStr, esc := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case !inStr && strings.HasPrefix(s[i:], "undefined"):
			b.WriteString(undefinedMark)
			i += len("undefined") - 1
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func decodeJSON(s string, v *any) bool {
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	if err := d.Decode(v); err != nil {
		return false
	}
	return !d.More()
}

func jsonValueEqual(a, b any) bool {
	switch x := a.(type) {
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		// The docs print a number in a VARIANT as Snowflake does (a DOUBLE
		// as 1.912000000000000e+02): the same text, not only the same value.
		return x == y
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !jsonValueEqual(v, w) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !jsonValueEqual(x[i], y[i]) {
				return false
			}
		}
		return true
	default:
		return a == b
	}
}

// printedPrecision is the unit of the last fractional digit a documented
// time value prints (a second when it prints none).
func printedPrecision(s string) time.Duration {
	i := strings.IndexByte(s, '.')
	if i < 0 {
		return time.Second
	}
	n := 0
	for _, r := range s[i+1:] {
		if r < '0' || r > '9' {
			break
		}
		n++
	}
	d := time.Second
	for ; n > 0 && d > 1; n-- {
		d /= 10
	}
	return d
}

// expandTabs is s as the docs' box prints it: each tab the blanks up to the
// next multiple of eight characters of its line (the data-types-text page
// prints 'Hello\tWorld' as "Hello   World").
func expandTabs(s string) string {
	var b strings.Builder
	col := 0
	for _, r := range s {
		switch r {
		case '\t':
			n := 8 - col%8
			b.WriteString(strings.Repeat(" ", n))
			col += n
		case '\n':
			b.WriteRune(r)
			col = 0
		default:
			b.WriteRune(r)
			col++
		}
	}
	return b.String()
}

// trimLineEnds takes off the blanks that end each line of s.
func trimLineEnds(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
