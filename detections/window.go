package detections

import (
	"fmt"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Arrival-time windows.
//
// Logs reach the lake late: S3 server access logs "within a few hours",
// Fluentd and Snowpipe add minutes. A detection that selects rows by event
// time over a lookback equal to its schedule misses every row that arrives
// after its window passed. Every lake table therefore records when a row was
// loaded (_LOADED_AT, migration V7), and detections select the rows that
// arrived in their window:
//
//	where _loaded_at >  $loaded_after
//	  and _loaded_at <= $loaded_until
//
// $loaded_after is the $loaded_until of the detection's last successful run
// (the watermark, in DETECTION_RUNS), so a missed or failed run loses
// nothing: the next one covers the gap. $loaded_until is the warehouse's
// current time minus Runner.Settle, which leaves loads that started scanning
// before it time to commit. A detection's first run looks back over its
// lookback (its schedule, else a day).
//
// $loaded_after and $loaded_until are Snowflake session variables: the
// query runs as is in a worksheet after
//
//	set (loaded_after, loaded_until) = (dateadd(hour, -1, current_timestamp()), current_timestamp());
//
// flurry substitutes their values as TIMESTAMP_LTZ literals before sending
// the query, so runs need no session state.

// Window variable names, as written in detection SQL (without the $).
const (
	VarLoadedAfter = "loaded_after"
	VarLoadedUntil = "loaded_until"
)

// Window is the arrival-time window one detection run covers: rows with
// After < _LOADED_AT <= Until.
type Window struct {
	After, Until time.Time
}

// DefaultLookback is the first run's window when a detection names neither
// lookback nor an interval schedule.
const DefaultLookback = 24 * time.Hour

// firstLookback is how far back a detection's first run reaches.
func (d *Detection) firstLookback() time.Duration {
	switch {
	case d.Lookback > 0:
		return d.Lookback
	case d.Schedule > 0:
		return d.Schedule
	}
	return DefaultLookback
}

// UsesWindow reports whether the detection's SQL refers to the arrival window.
func (d *Detection) UsesWindow() bool {
	toks, err := sqllex.Tokenize(d.SQL)
	if err != nil {
		return false
	}
	for _, t := range toks {
		if t.Kind == sqllex.Variable && isWindowVar(t.Text) {
			return true
		}
	}
	return false
}

func isWindowVar(text string) bool {
	name := strings.ToLower(strings.TrimPrefix(text, "$"))
	return name == VarLoadedAfter || name == VarLoadedUntil
}

// timestampLTZ renders t as a Snowflake TIMESTAMP_LTZ literal (an instant:
// the offset makes it independent of the session's time zone).
func timestampLTZ(t time.Time) string {
	return "'" + t.UTC().Format("2006-01-02 15:04:05.000000") + " +00:00'::timestamp_ltz"
}

// BindWindow returns sqlText with the window variables replaced by
// TIMESTAMP_LTZ literals. Other session variables are an error: flurry sends
// each query on its own, without SET.
func BindWindow(sqlText string, w Window) (string, error) {
	toks, err := sqllex.Tokenize(sqlText)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	last := 0
	for _, t := range toks {
		if t.Kind != sqllex.Variable || isPositional(t.Text) {
			continue
		}
		var lit string
		switch strings.ToLower(strings.TrimPrefix(t.Text, "$")) {
		case VarLoadedAfter:
			lit = timestampLTZ(w.After)
		case VarLoadedUntil:
			lit = timestampLTZ(w.Until)
		default:
			return "", fmt.Errorf("line %d: unknown session variable %s (detections may use $%s and $%s)", t.Line, t.Text, VarLoadedAfter, VarLoadedUntil)
		}
		b.WriteString(sqlText[last:t.Pos])
		b.WriteString(lit)
		last = t.Pos + len(t.Text)
	}
	b.WriteString(sqlText[last:])
	return b.String(), nil
}

// isPositional reports whether a $ token is a column position ($1), which
// stays as it is.
func isPositional(text string) bool {
	if len(text) < 2 {
		return false
	}
	for _, c := range text[1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
