package snowlocal

import (
	"strings"
	"time"

	"github.com/duckdb/duckdb-go/v2"
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

// timeBind is bind n's value val of bind type typ as the session is to
// bind it: a TIMESTAMP_NTZ or DATE becomes a wallClockBind, a
// TIMESTAMP_LTZ an instant typed as one (whatever type DuckDB gives the
// parameter: bound bare, a time.Time for a TIMESTAMP parameter gave its
// UTC fields, so an LTZ stored into or compared with an NTZ was its wall
// clock in UTC rather than in the session's zone), a TIMESTAMP_TZ a
// tzBind.
func timeBind(typ string, val any, n int) any {
	switch v := val.(type) {
	case time.Time:
		switch strings.ToUpper(typ) {
		case "DATE", "TIMESTAMP_NTZ":
			return wallClockBind{t: v, typ: strings.ToUpper(typ), n: n}
		case "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
			return ltzBind(v)
		}
	case tzBindValue:
		return tzBind{tzBindValue: v, n: n}
	case string:
		if strings.EqualFold(typ, "TIME") {
			return timeOfDayBind(v)
		}
	}
	return val
}

// ltzBind is a TIMESTAMP_LTZ bind: an instant.
type ltzBind time.Time

// timeOfDayBind is a TIME bind, as text DuckDB casts to a TIME.
type timeOfDayBind string

// tzBindValue is a TIMESTAMP_TZ bind's value: its instant and the offset
// (minutes east of UTC) the driver sent with it.
type tzBindValue struct {
	t      time.Time
	offMin int
}

// tzBind is a TIMESTAMP_TZ bind at position n. The engine keeps a
// TIMESTAMP_TZ's offset in a struct (rewrite/tz.go) that a bind cannot be;
// bound as its instant it reads as a TIMESTAMP_TZ in the session's zone.
// So one whose offset is the session zone's at its instant answers as its
// instant; another is refused (its offset would be lost: stored into a
// TIMESTAMP_TZ column, cast to TIMESTAMP_NTZ or DATE, it would answer
// for the session's offset).
type tzBind struct {
	tzBindValue
	n int
}

// wallClockBind is a TIMESTAMP_NTZ or DATE bind value as decodeBindings
// reads it: t holds its wall clock in UTC; n is its position, typ its
// bind type. Session.Exec and ExecArray check and unwrap it.
type wallClockBind struct {
	t   time.Time
	typ string
	n   int
}

// typed is w as DuckDB is to bind it: a TIMESTAMP (a wall clock without
// an instant) or a DATE, whatever type DuckDB gives the parameter. Bound
// as a bare time.Time, duckdb-go chose by the parameter's type: a
// TIMESTAMP parameter got the UTC fields, a TIMESTAMP WITH TIME ZONE or
// untyped one the instant, so a wall clock cast to or compared with a
// TIMESTAMP_LTZ was read in UTC rather than the session's zone.
// Snowflake reads an NTZ converted to LTZ in the session's zone, as
// DuckDB's TIMESTAMP-to-TIMESTAMPTZ cast does in its TimeZone setting.
func (w wallClockBind) typed() any {
	if w.typ == "DATE" {
		return duckdb.Typed(w.t.UTC(), duckdb.TYPE_DATE)
	}
	return duckdb.Typed(w.t.UTC(), duckdb.TYPE_TIMESTAMP)
}

// dateTimeBinds returns binds as DuckDB is to bind them, and the
// Snowflake type of each that is a date or a time (DATE, TIME,
// TIMESTAMP_NTZ/LTZ/TZ; "" for others) for the rewriter, which otherwise
// does not know a bind's type (rewrite.Options.BindTypes). It refuses a
// wallClockBind whose wall clock is in a gap or an overlap of the
// session's zone when that zone has transitions, so a text bind that is
// such a wall clock (wallClockText), and a tzBind whose offset is not the
// session zone's.
func (s *Session) dateTimeBinds(binds []any) ([]any, []string, error) {
	out := append([]any(nil), binds...)
	types := make([]string, len(binds))
	for i, b := range binds {
		switch v := b.(type) {
		case string:
			if s.wallClockZone != "" {
				if w, ok := wallClockText(v); ok && !wallClockUnique(w, s.wallClockZone) {
					return nil, nil, wallClockBindRefusal("text", i+1, s.wallClockZone, w)
				}
			}
		case timeOfDayBind:
			out[i], types[i] = string(v), "TIME"
		case ltzBind:
			out[i], types[i] = duckdb.Typed(time.Time(v), duckdb.TYPE_TIMESTAMP_TZ), "TIMESTAMP_LTZ"
		case tzBind:
			if !s.zoneOffsetIs(v.t, v.offMin) {
				return nil, nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'a TIMESTAMP_TZ bind (:%d) whose offset (%s) is not the session time zone's (%s) at its instant': the local engine does not implement it.",
					v.n, v.t.In(time.FixedZone("", v.offMin*60)).Format("-0700"), s.timeZoneName())
			}
			out[i], types[i] = duckdb.Typed(v.t, duckdb.TYPE_TIMESTAMP_TZ), "TIMESTAMP_TZ"
		case wallClockBind:
			out[i], types[i] = v.typed(), v.typ
			wall := v.t.UTC()
			if v.typ == "DATE" { // a DATE's wall clock is its midnight
				wall = wall.Truncate(24 * time.Hour)
			}
			if s.wallClockZone != "" && !wallClockUnique(wall, s.wallClockZone) {
				return nil, nil, wallClockBindRefusal(v.typ, v.n, s.wallClockZone, wall)
			}
		}
	}
	return out, types, nil
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

// timeZoneName is the session's TIMEZONE parameter.
func (s *Session) timeZoneName() string {
	z, _ := s.Parameter("TIMEZONE")
	return z
}

// zoneOffsetIs reports whether the session's time zone is offMin minutes
// east of UTC at instant t (false for a zone Go does not know).
func (s *Session) zoneOffsetIs(t time.Time, offMin int) bool {
	loc, err := time.LoadLocation(s.timeZoneName())
	if err != nil {
		return false
	}
	_, off := t.In(loc).Zone()
	return off == offMin*60
}
