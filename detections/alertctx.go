package detections

import (
	"bytes"
	"fmt"
	"strings"
	"text/template"
	"time"

	"github.com/flurry-dev/flurry/internal/shquote"
	"github.com/flurry-dev/flurry/internal/textexec"
)

// Alerts people can act on: a per-row title and description rendered from
// the result's columns, a per-row severity, and the context needed to look
// further (when the key was first seen, the window, the query and a ready
// `flurry sql` command reproducing it).

// alertFuncs are the functions alert templates may call besides Go's
// built-ins: {{lower .HOST}}, {{upper .X}}, {{default "-" .USER}}.
var alertFuncs = template.FuncMap{
	"lower": func(v any) string { return strings.ToLower(fmt.Sprint(v)) },
	"upper": func(v any) string { return strings.ToUpper(fmt.Sprint(v)) },
	"default": func(def, v any) any {
		if v == nil || v == "" {
			return def
		}
		return v
	},
}

// AlertContext is what an alert carries besides the row.
type AlertContext struct {
	// FirstSeen is when the key first appeared in the detection's results;
	// LastSeen when this run saw it.
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	// LoadedAfter and LoadedUntil are the arrival-time window of the run.
	LoadedAfter time.Time `json:"loaded_after,omitzero"`
	LoadedUntil time.Time `json:"loaded_until,omitzero"`
	// Query is the SQL the run sent (the window bound); Reproduce a command
	// running it again.
	Query     string `json:"query,omitempty"`
	Reproduce string `json:"reproduce,omitempty"`
}

// rendered is one alert's text and severity.
type rendered struct {
	Title, Description string
	Severity           Severity
}

// render fills the alert's title, description and severity from row; a
// template or severity value that fails falls back to the header's values,
// with the reason returned for the run's notes.
func (d *Detection) render(row Row) (rendered, error) {
	out := rendered{Title: d.Title, Description: d.Description, Severity: d.Severity}
	var errs []string
	exec := func(t *textexec.Template, dst *string) {
		if t == nil {
			return
		}
		var b bytes.Buffer
		if err := t.Execute(&b, map[string]any(row)); err != nil {
			errs = append(errs, err.Error())
			return
		}
		*dst = strings.TrimSpace(b.String())
	}
	exec(d.alertTitle, &out.Title)
	exec(d.alertDescription, &out.Description)
	if d.SeverityColumn != "" {
		cols := make([]string, 0, len(row))
		for c := range row {
			cols = append(cols, c)
		}
		if c, ok := lookupColumn(cols, d.SeverityColumn); ok && row[c] != nil {
			if sev, err := ParseSeverity(fmt.Sprint(row[c])); err == nil {
				out.Severity = sev
			} else {
				errs = append(errs, fmt.Sprintf("severity column %s: %v", d.SeverityColumn, err))
			}
		}
	}
	if len(errs) > 0 {
		return out, fmt.Errorf("alert of %s: %s", d.ID, strings.Join(errs, "; "))
	}
	return out, nil
}

// reproduceCommand is a shell command running query with `flurry sql`.
func reproduceCommand(query string) string {
	return "flurry sql -q " + shquote.Quote(oneLine(query))
}

func contextOf(res *Result, f Finding) *AlertContext {
	c := &AlertContext{FirstSeen: f.FirstSeen, LastSeen: res.Finished, LoadedAfter: res.Window.After, LoadedUntil: res.Window.Until,
		Query: res.SQL}
	if res.SQL != "" {
		c.Reproduce = reproduceCommand(res.SQL)
	}
	return c
}
