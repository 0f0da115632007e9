// Package cron parses five-field cron expressions with a time zone, the
// syntax of Snowflake tasks' SCHEDULE = 'USING CRON ...' (minute, hour, day
// of month, month, day of week; names, ranges, steps, L and dL), and finds
// their next firing time. The local engine's task scheduler and
// `flurry detect` schedules share it.
package cron

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // expressions name IANA time zones; do not depend on the host's zoneinfo
)

// ParseExpr parses "<min> <hour> <day of month> <month> <day of week> <time zone>",
// the text after USING CRON.
func ParseExpr(text string) (*Spec, error) {
	f := strings.Fields(text)
	if len(f) != 6 {
		return nil, fmt.Errorf("cron %q: want 5 fields and a time zone (<min> <hour> <day of month> <month> <day of week> <time zone>), got %d fields", text, len(f))
	}
	loc, err := time.LoadLocation(f[5])
	if err != nil {
		return nil, fmt.Errorf("cron %q: unknown time zone %q", text, f[5])
	}
	s, err := Parse(f[:5], loc)
	if err != nil {
		return nil, fmt.Errorf("cron %q: %w", text, err)
	}
	return s, nil
}

// Spec is a five-field cron expression, as Snowflake tasks' USING CRON takes. Fields hold bitsets of allowed
// values; lastDay is the L in day of month; lastWeekday[d] is "dL" (the last
// weekday d of the month) in day of week.
type Spec struct {
	minute, hour, dom, month, dow uint64
	domAny, dowAny                bool
	lastDay                       bool
	lastWeekday                   uint64
	loc                           *time.Location
}

var monthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}
var dayNames = map[string]int{"SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6}

func Parse(fields []string, loc *time.Location) (*Spec, error) {
	c := &Spec{loc: loc}
	var err error
	if c.minute, _, err = cronField(fields[0], 0, 59, nil, "minute"); err != nil {
		return nil, err
	}
	if c.hour, _, err = cronField(fields[1], 0, 23, nil, "hour"); err != nil {
		return nil, err
	}
	dom := strings.ToUpper(fields[2])
	if dom == "L" {
		c.lastDay = true
	} else if c.dom, c.domAny, err = cronField(dom, 1, 31, nil, "day of month"); err != nil {
		return nil, err
	}
	if c.month, _, err = cronField(fields[3], 1, 12, monthNames, "month"); err != nil {
		return nil, err
	}
	dow := strings.ToUpper(fields[4])
	var plain []string
	for _, part := range strings.Split(dow, ",") {
		if strings.HasSuffix(part, "L") && len(part) > 1 {
			d, ok := dayNames[strings.TrimSuffix(part, "L")]
			if !ok {
				n, err := strconv.Atoi(strings.TrimSuffix(part, "L"))
				if err != nil || n < 0 || n > 7 {
					return nil, fmt.Errorf("day of week: invalid value %q", part)
				}
				d = n % 7
			}
			c.lastWeekday |= 1 << d
			continue
		}
		plain = append(plain, part)
	}
	switch {
	case len(plain) > 0:
		if c.dow, c.dowAny, err = cronField(strings.Join(plain, ","), 0, 7, dayNames, "day of week"); err != nil {
			return nil, err
		}
		if c.dow&(1<<7) != 0 { // 7 is Sunday too
			c.dow |= 1
		}
	case c.lastWeekday == 0:
		c.dowAny = true
	}
	return c, nil
}

// cronField parses one field: *, ?, n, a-b, with /step, comma-separated.
func cronField(f string, lo, hi int, names map[string]int, what string) (bits uint64, any bool, err error) {
	value := func(s string) (int, error) {
		if n, ok := names[strings.ToUpper(s)]; ok {
			return n, nil
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return 0, fmt.Errorf("%s: invalid value %q (allowed %d-%d)", what, s, lo, hi)
		}
		return n, nil
	}
	for _, part := range strings.Split(f, ",") {
		step := 1
		if i := strings.IndexByte(part, '/'); i >= 0 {
			if step, err = strconv.Atoi(part[i+1:]); err != nil || step <= 0 {
				return 0, false, fmt.Errorf("%s: invalid step in %q", what, part)
			}
			part = part[:i]
		}
		a, b := lo, hi
		switch {
		case part == "*" || part == "?":
			if step == 1 {
				any = true
			}
		case strings.Contains(part, "-"):
			i := strings.IndexByte(part, '-')
			if a, err = value(part[:i]); err != nil {
				return 0, false, err
			}
			if b, err = value(part[i+1:]); err != nil {
				return 0, false, err
			}
			if a > b {
				return 0, false, fmt.Errorf("%s: empty range %q", what, part)
			}
		default:
			if a, err = value(part); err != nil {
				return 0, false, err
			}
			b = a
			if step > 1 {
				b = hi // "5/15" means from 5 every 15
			}
		}
		for v := a; v <= b; v += step {
			bits |= 1 << v
		}
	}
	return bits, any, nil
}

func (c *Spec) dayMatches(t time.Time) bool {
	last := time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, t.Location()).Day()
	domMatch := c.dom&(1<<t.Day()) != 0 || (c.lastDay && t.Day() == last)
	dowMatch := c.dow&(1<<int(t.Weekday())) != 0 || (c.lastWeekday&(1<<int(t.Weekday())) != 0 && t.Day()+7 > last)
	domSet := !c.domAny
	dowSet := !c.dowAny
	switch {
	case domSet && dowSet:
		return domMatch || dowMatch
	case domSet:
		return domMatch
	case dowSet:
		return dowMatch
	}
	return true
}

// Next is the first matching minute strictly after t; zero when none
// matches within five years (e.g. 30 FEB).
func (c *Spec) Next(t time.Time) time.Time {
	t = t.In(c.loc).Truncate(time.Minute).Add(time.Minute)
	limit := t.AddDate(5, 0, 0)
	for t.Before(limit) {
		prev := t
		switch {
		case c.month&(1<<int(t.Month())) == 0:
			t = time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, c.loc)
		case !c.dayMatches(t):
			t = time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, c.loc)
		case c.hour&(1<<t.Hour()) == 0:
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour()+1, 0, 0, 0, c.loc)
		case c.minute&(1<<t.Minute()) == 0:
			t = t.Add(time.Minute)
		default:
			return t
		}
		// A jump to a local time that does not exist (a DST gap) may
		// normalize backwards: then step a minute.
		if !t.After(prev) {
			t = prev.Add(time.Minute)
		}
	}
	return time.Time{} // never (e.g. 30 FEB)
}
