package detections

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"time"
)

// Event is one line of the JSON-lines output, in the spirit of osquery's
// differential results: a finding "added" (it alerts) or "removed" (no longer
// returned), or a detection that failed ("error").
type Event struct {
	Time      time.Time `json:"time"`
	RunID     string    `json:"run_id"`
	Action    string    `json:"action"`
	Detection string    `json:"detection"`
	Title     string    `json:"title"`
	Severity  Severity  `json:"severity"`
	Mitre     []string  `json:"mitre,omitempty"`
	Tags      []string  `json:"tags,omitempty"`
	Runbook   string    `json:"runbook,omitempty"`
	KeyHash   string    `json:"key_hash,omitempty"`
	Key       Row       `json:"key,omitempty"`
	Row       Row       `json:"row,omitempty"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	Error     string    `json:"error,omitempty"`
	// Description is the rendered alert_description (else the header's).
	Description string `json:"description,omitempty"`
	// Count is how many new rows a grouped alert stands for; Rows are they.
	Count   int           `json:"count,omitempty"`
	Rows    []Row         `json:"rows,omitempty"`
	Context *AlertContext `json:"context,omitempty"`
}

// Events turns a result into output events: alerts as "added", removed keys
// as "removed", a failure as "error". Suppressed repeats produce no event.
func Events(runID string, res *Result) []Event {
	d := res.Detection
	base := Event{Time: res.Finished, RunID: runID, Detection: d.ID, Title: d.Title, Severity: d.Severity,
		Mitre: d.Mitre, Tags: d.Tags, Runbook: d.Runbook}
	if base.Time.IsZero() {
		base.Time = time.Now().UTC()
	}
	var out []Event
	if res.Failed() {
		e := base
		e.Action = "error"
		e.Error = fmt.Sprintf("%s: %v", res.Status, res.Err)
		return append(out, e)
	}
	if d.Group && len(res.Alerts) > 1 {
		e := base
		e.Action, e.Count = "added", len(res.Alerts)
		first := res.Alerts[0]
		r, _ := d.render(first.Row)
		e.Title = fmt.Sprintf("%s (%d new)", r.Title, len(res.Alerts))
		e.Description, e.Severity = r.Description, r.Severity
		for _, f := range res.Alerts {
			e.Rows = append(e.Rows, f.Row)
			if fr, _ := d.render(f.Row); fr.Severity > e.Severity {
				e.Severity = fr.Severity
			}
			if e.FirstSeen.IsZero() || f.FirstSeen.Before(e.FirstSeen) {
				e.FirstSeen = f.FirstSeen
			}
		}
		e.Context = contextOf(res, Finding{FirstSeen: e.FirstSeen})
		out = append(out, e)
	} else {
		for _, f := range res.Alerts {
			e := base
			e.Action, e.KeyHash, e.Key, e.Row, e.FirstSeen, e.Count = "added", f.KeyHash, f.Key, f.Row, f.FirstSeen, 1
			r, _ := d.render(f.Row)
			e.Title, e.Description, e.Severity = r.Title, r.Description, r.Severity
			e.Context = contextOf(res, f)
			out = append(out, e)
		}
	}
	for _, f := range res.Removed {
		e := base
		e.Action, e.KeyHash, e.Key, e.Row, e.FirstSeen = "removed", f.KeyHash, f.Key, f.Row, f.FirstSeen
		out = append(out, e)
	}
	return out
}

// JSONLines writes every event as one JSON object per line.
type JSONLines struct {
	W io.Writer
}

// Deliver writes the result's events.
func (j *JSONLines) Deliver(_ context.Context, runID string, res *Result) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, e := range Events(runID, res) {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	_, err := j.W.Write(buf.Bytes())
	return err
}

// Webhook POSTs one JSON document per detection with new findings.
type Webhook struct {
	URL string
	// Slack sends a Slack-compatible body ({"text": ..., "blocks": [...]})
	// instead of the generic one.
	Slack bool
	// Client defaults to an http.Client with a 30s timeout.
	Client *http.Client
	// Attempts and Backoff control retries of network errors, 429 and 5xx
	// (default 3 attempts, 1s doubling).
	Attempts int
	Backoff  time.Duration
	// Errors also posts failed detections.
	Errors bool
}

// WebhookBody is the generic webhook's JSON body.
type WebhookBody struct {
	RunID     string    `json:"run_id"`
	Time      time.Time `json:"time"`
	Detection struct {
		ID          string   `json:"id"`
		Title       string   `json:"title"`
		Description string   `json:"description,omitempty"`
		Severity    Severity `json:"severity"`
		Mitre       []string `json:"mitre,omitempty"`
		Tags        []string `json:"tags,omitempty"`
		Runbook     string   `json:"runbook,omitempty"`
	} `json:"detection"`
	Findings []WebhookFinding `json:"findings,omitempty"`
	Error    string           `json:"error,omitempty"`
}

// WebhookFinding is one new finding in a webhook body, with its rendered
// title, description and severity (alert_title, alert_description,
// severity_column) and its context.
type WebhookFinding struct {
	KeyHash     string        `json:"key_hash"`
	Key         Row           `json:"key"`
	Row         Row           `json:"row"`
	Title       string        `json:"title,omitempty"`
	Description string        `json:"description,omitempty"`
	Severity    Severity      `json:"severity"`
	Context     *AlertContext `json:"context,omitempty"`
}

// Deliver posts the result's alerts, if any.
func (w *Webhook) Deliver(ctx context.Context, runID string, res *Result) error {
	if len(res.Alerts) == 0 && !(w.Errors && res.Failed()) {
		return nil
	}
	var body any
	if w.Slack {
		body = slackBody(res)
	} else {
		body = genericBody(runID, res)
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return err
	}
	return w.post(ctx, payload)
}

func genericBody(runID string, res *Result) WebhookBody {
	d := res.Detection
	var b WebhookBody
	b.RunID, b.Time = runID, res.Finished
	b.Detection.ID, b.Detection.Title, b.Detection.Description = d.ID, d.Title, d.Description
	b.Detection.Severity, b.Detection.Mitre, b.Detection.Tags, b.Detection.Runbook = d.Severity, d.Mitre, d.Tags, d.Runbook
	for _, f := range res.Alerts {
		r, _ := d.render(f.Row)
		b.Findings = append(b.Findings, WebhookFinding{KeyHash: f.KeyHash, Key: f.Key, Row: f.Row,
			Title: r.Title, Description: r.Description, Severity: r.Severity, Context: contextOf(res, f)})
	}
	if res.Failed() {
		b.Error = fmt.Sprintf("%s: %v", res.Status, res.Err)
	}
	return b
}

// slackMaxFindings caps how many findings one Slack message lists.
const slackMaxFindings = 10

func slackBody(res *Result) map[string]any {
	d := res.Detection
	var head string
	if res.Failed() {
		head = fmt.Sprintf("flurry: detection %s failed (%s): %v", d.ID, res.Status, res.Err)
	} else {
		head = fmt.Sprintf("[%s] %s: %d new finding%s (%s)", strings.ToUpper(d.Severity.String()), d.Title,
			len(res.Alerts), plural(len(res.Alerts)), d.ID)
	}
	var lines []string
	for i, f := range res.Alerts {
		if i == slackMaxFindings {
			lines = append(lines, fmt.Sprintf("…and %d more", len(res.Alerts)-slackMaxFindings))
			break
		}
		if r, _ := d.render(f.Row); d.alertTitle != nil {
			lines = append(lines, "• "+slackEscape(r.Title)+" `"+formatRow(f.Key)+"`")
		} else {
			lines = append(lines, "• `"+formatRow(f.Key)+"`")
		}
	}
	blocks := []map[string]any{
		{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": "*" + slackEscape(head) + "*"}},
	}
	if len(lines) > 0 {
		blocks = append(blocks, map[string]any{"type": "section", "text": map[string]any{"type": "mrkdwn", "text": strings.Join(lines, "\n")}})
	}
	var ctxt []string
	if len(d.Mitre) > 0 {
		ctxt = append(ctxt, "MITRE ATT&CK: "+strings.Join(d.Mitre, ", "))
	}
	if d.Runbook != "" {
		ctxt = append(ctxt, "<"+d.Runbook+"|runbook>")
	}
	if len(ctxt) > 0 {
		blocks = append(blocks, map[string]any{"type": "context", "elements": []map[string]any{{"type": "mrkdwn", "text": strings.Join(ctxt, " · ")}}})
	}
	return map[string]any{"text": head, "blocks": blocks}
}

func slackEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func (w *Webhook) post(ctx context.Context, payload []byte) error {
	client := w.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	attempts, backoff := w.Attempts, w.Backoff
	if attempts <= 0 {
		attempts = 3
	}
	if backoff <= 0 {
		backoff = time.Second
	}
	var last error
	for i := range attempts {
		if i > 0 {
			select {
			case <-time.After(backoff):
			case <-ctx.Done():
				return ctx.Err()
			}
			backoff *= 2
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(payload))
		if err != nil {
			return fmt.Errorf("webhook %s: %w", redactURL(w.URL), err)
		}
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "flurry-detect")
		resp, err := client.Do(req)
		if err != nil {
			last = fmt.Errorf("webhook %s: %w", redactURL(w.URL), err)
			continue
		}
		msg, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
		resp.Body.Close()
		if resp.StatusCode/100 == 2 {
			return nil
		}
		last = fmt.Errorf("webhook %s: HTTP %d: %s", redactURL(w.URL), resp.StatusCode, strings.TrimSpace(string(msg)))
		if resp.StatusCode != http.StatusTooManyRequests && resp.StatusCode < 500 {
			return last
		}
	}
	return last
}

// redactURL keeps webhook secrets (Slack puts them in the path) out of errors.
func redactURL(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.IndexByte(u[i+3:], '/'); j >= 0 {
			return u[:i+3+j] + "/…"
		}
	}
	return u
}

// Collector keeps every result's events in memory (tests, summaries).
type Collector struct {
	mu     sync.Mutex
	Events []Event
}

// Deliver records the events.
func (c *Collector) Deliver(_ context.Context, runID string, res *Result) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Events = append(c.Events, Events(runID, res)...)
	return nil
}

// WriteTable prints a human summary of a run: one line per detection, then
// the new findings and the failures.
func WriteTable(w io.Writer, rep *Report) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "DETECTION\tSEVERITY\tSTATUS\tROWS\tNEW\tREMOVED\tSUPPRESSED\tTIME")
	for _, r := range rep.Results {
		took := "-"
		if !r.Finished.IsZero() {
			took = r.Finished.Sub(r.Started).Round(time.Millisecond).String()
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%s\n", r.Detection.ID, r.Detection.Severity, r.Status,
			r.Rows, len(r.Alerts), len(r.Removed), len(r.Suppressed), took)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var alerts, failed, notes []string
	for _, r := range rep.Results {
		for _, f := range r.Alerts {
			alerts = append(alerts, fmt.Sprintf("  [%s] %s  %s", r.Detection.Severity, r.Detection.ID, formatRow(f.Key)))
		}
		if r.Failed() {
			failed = append(failed, fmt.Sprintf("  %s: %s: %v", r.Detection.ID, r.Status, r.Err))
		}
		if r.Note != "" && r.Status != StatusSkipped {
			notes = append(notes, fmt.Sprintf("  %s: %s", r.Detection.ID, r.Note))
		}
	}
	if len(alerts) > 0 {
		fmt.Fprintf(w, "\nNew findings (%d):\n%s\n", len(alerts), strings.Join(alerts, "\n"))
	}
	if len(notes) > 0 {
		fmt.Fprintf(w, "\nWarnings:\n%s\n", strings.Join(notes, "\n"))
	}
	if len(failed) > 0 {
		fmt.Fprintf(w, "\nFailed (%d):\n%s\n", len(failed), strings.Join(failed, "\n"))
	}
	_, err := fmt.Fprintf(w, "\nrun %s: %d detections, %d new findings, %d failed\n", rep.RunID, len(rep.Results), countAlerts(rep), len(rep.Failed()))
	return err
}

func countAlerts(rep *Report) int {
	n := 0
	for _, r := range rep.Results {
		n += len(r.Alerts)
	}
	return n
}

// formatRow prints a row as COL=value pairs in column order.
func formatRow(r Row) string {
	cols := make([]string, 0, len(r))
	for c := range r {
		cols = append(cols, c)
	}
	sort.Strings(cols)
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = c + "=" + formatValue(r[c])
	}
	return strings.Join(parts, " ")
}

func formatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case string:
		if strings.ContainsAny(x, " \t\n\"") || x == "" {
			return strconv.Quote(x)
		}
		return x
	case json.Number:
		return string(x)
	default:
		b, _ := json.Marshal(x)
		return string(b)
	}
}
