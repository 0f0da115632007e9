package snowlocal

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/internal/cron"
)

// taskSchedule is a task's SCHEDULE: an interval ('10 minute') or a cron
// expression with a time zone ('USING CRON 0 9 * * MON-FRI America/New_York').
type taskSchedule struct {
	text  string
	every time.Duration
	cron  *cron.Spec
}

var intervalSchedule = regexp.MustCompile(`(?i)^\s*(\d+)\s*(SECOND|SECONDS|MINUTE|MINUTES|M|HOUR|HOURS|H)\s*$`)
var cronSchedule = regexp.MustCompile(`(?i)^\s*USING\s+CRON\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$`)

func parseSchedule(text string) (taskSchedule, error) {
	if m := intervalSchedule.FindStringSubmatch(text); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil || n <= 0 {
			return taskSchedule{}, fmt.Errorf("invalid schedule %q: the interval must be a positive number", text)
		}
		unit := time.Minute
		switch u := strings.ToUpper(m[2]); {
		case strings.HasPrefix(u, "S"):
			unit = time.Second
		case strings.HasPrefix(u, "H"):
			unit = time.Hour
		}
		d := time.Duration(n) * unit
		if d < 10*time.Second || d > 8*24*time.Hour {
			return taskSchedule{}, fmt.Errorf("invalid schedule %q: the interval must be between 10 seconds and 8 days", text)
		}
		return taskSchedule{text: text, every: d}, nil
	}
	if m := cronSchedule.FindStringSubmatch(text); m != nil {
		loc, err := time.LoadLocation(m[6])
		if err != nil {
			return taskSchedule{}, fmt.Errorf("invalid schedule %q: unknown time zone %q", text, m[6])
		}
		spec, err := cron.Parse(m[1:6], loc)
		if err != nil {
			return taskSchedule{}, fmt.Errorf("invalid schedule %q: %w", text, err)
		}
		return taskSchedule{text: text, cron: spec}, nil
	}
	return taskSchedule{}, fmt.Errorf("invalid schedule %q: expected '<n> MINUTE' (or SECONDS, HOURS) or 'USING CRON <min> <hour> <day of month> <month> <day of week> <time zone>'", text)
}

// next is the first run time strictly after t.
func (sch taskSchedule) next(t time.Time) time.Time {
	if sch.cron != nil {
		return sch.cron.Next(t)
	}
	return t.Add(sch.every)
}
