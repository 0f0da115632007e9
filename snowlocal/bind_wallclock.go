package snowlocal

import (
	"strings"
	"time"
)

// A TIMESTAMP_NTZ or DATE bind is a wall clock (gosnowflake sends its
// wall clock as nanoseconds or milliseconds since the epoch). DuckDB gets
// it as a time.Time and, where the statement reads it as a TIMESTAMP_LTZ
// (compared with one, beside one among a conditional function's values,
// cast to one), takes an instant for it without the checks of
// rewrite/wallclock.go, which leaves a bind as it is (a macro would name it
// twice). In a session whose TIMEZONE has transitions, a TIMESTAMP_NTZ or
// DATE bind whose wall clock is in a gap or an overlap of that zone is
// therefore refused (002040) wherever it stands; the docs give no instant
// for it (rewrite/wallclock.go). So is a text bind that is such a wall
// clock without an offset: DuckDB casts it to an instant unchecked where
// it meets a TIMESTAMP_LTZ (a text bind in a gap beside a TIMESTAMP_NTZ or
// a VARCHAR is refused too: the engine does not see where it stands).
// Other values, and every value in a zone without transitions, bind as
// before.

// wallClockBind is a TIMESTAMP_NTZ or DATE bind value as decodeBindings
// reads it: t holds its wall clock in UTC; n is its position, typ its
// bind type. Session.Exec and ExecArray check and unwrap it.
type wallClockBind struct {
	t   time.Time
	typ string
	n   int
}

// wallClockBinds returns binds with each wallClockBind unwrapped to its
// time.Time, refusing one whose wall clock is in a gap or an overlap of
// the session's zone when that zone has transitions, and so a text bind
// that is such a wall clock (wallClockText).
func (s *Session) wallClockBinds(binds []any) ([]any, error) {
	var out []any
	for i, b := range binds {
		if text, ok := b.(string); ok && s.wallClockZone != "" {
			if w, ok := wallClockText(text); ok && !wallClockUnique(w, s.wallClockZone) {
				return nil, wallClockBindRefusal("text", i+1, s.wallClockZone, w)
			}
		}
		w, ok := b.(wallClockBind)
		if !ok {
			continue
		}
		if out == nil {
			out = append([]any(nil), binds...)
		}
		out[i] = w.t
		wall := w.t.UTC()
		if w.typ == "DATE" { // a DATE's wall clock is its midnight
			wall = wall.Truncate(24 * time.Hour)
		}
		if s.wallClockZone != "" && !wallClockUnique(wall, s.wallClockZone) {
			return nil, wallClockBindRefusal(w.typ, w.n, s.wallClockZone, wall)
		}
	}
	if out == nil {
		return binds, nil
	}
	return out, nil
}

// wallClockBindRefusal refuses bind n of kind what (text, DATE,
// TIMESTAMP_NTZ) whose wall clock w is in a gap or an overlap of zone.
func wallClockBindRefusal(what string, n int, zone string, w time.Time) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'a %s bind (:%d) that is a local time that does not exist or exists twice in time zone %s (%s)': the local engine does not implement it.",
		what, n, zone, w.Format("2006-01-02 15:04:05"))
}

// wallClockTextLayouts are the layouts of a text that DuckDB reads as a
// wall clock where it casts a bind to TIMESTAMP WITH TIME ZONE: a date or
// a timestamp without an offset (a text with its offset is one instant).
var wallClockTextLayouts = []string{"2006-01-02", "2006-01-02 15:04", "2006-01-02 15:04:05.999999999", "2006-01-02T15:04", "2006-01-02T15:04:05.999999999"}

// wallClockText is text bind v read as a wall clock (its fields in UTC),
// if it is one.
func wallClockText(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, l := range wallClockTextLayouts {
		if t, err := time.Parse(l, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// wallClockUnique reports whether wall clock w (its UTC fields) names
// exactly one instant in zone name: neither in a gap nor in an overlap. A
// zone Go does not know reports false (the check cannot be made).
func wallClockUnique(w time.Time, name string) bool {
	loc, err := time.LoadLocation(name)
	if err != nil {
		return false
	}
	w = w.UTC()
	found := map[int64]bool{}
	// Each offset the zone has within a day of w: zones change offset far
	// less often than once a day.
	for _, d := range []time.Duration{-24 * time.Hour, 0, 24 * time.Hour} {
		_, off := w.Add(d).In(loc).Zone()
		u := w.Add(-time.Duration(off) * time.Second)
		if l := u.In(loc); l.Year() == w.Year() && l.YearDay() == w.YearDay() && l.Hour() == w.Hour() && l.Minute() == w.Minute() && l.Second() == w.Second() && l.Nanosecond() == w.Nanosecond() {
			found[u.UnixNano()] = true
		}
	}
	return len(found) == 1
}
