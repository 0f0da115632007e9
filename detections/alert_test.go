package detections

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func sampleResult() *Result {
	d := &Detection{ID: "s3_mass_delete_new_ip", Title: "A new address deleted many S3 objects", Severity: High,
		Mitre: []string{"T1485"}, Tags: []string{"s3"}, Runbook: "https://example.com/rb", Key: []string{"REMOTEIP"}}
	t := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	return &Result{Detection: d, Status: StatusOK, Started: t, Finished: t.Add(time.Second), Rows: 1,
		Alerts: []Finding{{KeyHash: "abc", Key: Row{"REMOTEIP": "198.51.100.200"},
			Row: Row{"REMOTEIP": "198.51.100.200", "DELETES": json.Number("25")}, FirstSeen: t}}}
}

type hook struct {
	mu     sync.Mutex
	bodies [][]byte
	fail   int // answer 503 this many times first
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if r.Header.Get("Content-Type") != "application/json" || r.Method != http.MethodPost {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	if h.fail > 0 {
		h.fail--
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	b, _ := io.ReadAll(r.Body)
	h.bodies = append(h.bodies, b)
}

func TestWebhookGeneric(t *testing.T) {
	t.Parallel()
	h := &hook{fail: 1}
	srv := httptest.NewServer(h)
	defer srv.Close()
	w := &Webhook{URL: srv.URL + "/hooks/secret-token", Backoff: time.Millisecond}
	if err := w.Deliver(context.Background(), "run1", sampleResult()); err != nil {
		t.Fatal(err)
	}
	// No findings: nothing is posted.
	if err := w.Deliver(context.Background(), "run1", &Result{Detection: sampleResult().Detection, Status: StatusOK}); err != nil {
		t.Fatal(err)
	}
	if len(h.bodies) != 1 {
		t.Fatalf("%d posts, want 1 (after one retry)", len(h.bodies))
	}
	var got map[string]any
	if err := json.Unmarshal(h.bodies[0], &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"run_id": "run1", "time": "2024-05-01T12:00:01Z",
		"detection": map[string]any{"id": "s3_mass_delete_new_ip", "title": "A new address deleted many S3 objects",
			"severity": "high", "mitre": []any{"T1485"}, "tags": []any{"s3"}, "runbook": "https://example.com/rb"},
		"findings": []any{map[string]any{"key_hash": "abc", "key": map[string]any{"REMOTEIP": "198.51.100.200"},
			"row":   map[string]any{"REMOTEIP": "198.51.100.200", "DELETES": 25.0},
			"title": "A new address deleted many S3 objects", "severity": "high",
			"context": map[string]any{"first_seen": "2024-05-01T12:00:00Z", "last_seen": "2024-05-01T12:00:01Z"}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("body (-want +got):\n%s", diff)
	}
}

func TestWebhookSlack(t *testing.T) {
	t.Parallel()
	h := &hook{}
	srv := httptest.NewServer(h)
	defer srv.Close()
	res := sampleResult()
	for i := range 12 {
		res.Alerts = append(res.Alerts, Finding{Key: Row{"REMOTEIP": "10.0.0." + string(rune('a'+i))}})
	}
	if err := (&Webhook{URL: srv.URL, Slack: true}).Deliver(context.Background(), "run1", res); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Text   string `json:"text"`
		Blocks []struct {
			Type string `json:"type"`
			Text struct {
				Type, Text string
			} `json:"text"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal(h.bodies[0], &got); err != nil {
		t.Fatal(err)
	}
	if got.Text != "[HIGH] A new address deleted many S3 objects: 13 new findings (s3_mass_delete_new_ip)" {
		t.Errorf("text = %q", got.Text)
	}
	if len(got.Blocks) != 3 || got.Blocks[1].Text.Type != "mrkdwn" ||
		!strings.HasPrefix(got.Blocks[1].Text.Text, "• `REMOTEIP=198.51.100.200`") ||
		!strings.HasSuffix(got.Blocks[1].Text.Text, "…and 3 more") {
		t.Errorf("blocks = %+v", got.Blocks)
	}
}

func TestWebhookErrorsRedactSecrets(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no such hook", http.StatusNotFound)
	}))
	defer srv.Close()
	err := (&Webhook{URL: srv.URL + "/services/T000/B000/XXXXSECRET"}).Deliver(context.Background(), "r", sampleResult())
	if err == nil || !strings.Contains(err.Error(), "HTTP 404: no such hook") || strings.Contains(err.Error(), "XXXXSECRET") {
		t.Fatalf("err = %v", err)
	}
}

func TestJSONLinesAndTable(t *testing.T) {
	t.Parallel()
	res := sampleResult()
	res.Removed = []Finding{{KeyHash: "old", Key: Row{"REMOTEIP": "192.0.2.1"}, Row: Row{"REMOTEIP": "192.0.2.1"}}}
	failed := &Result{Detection: &Detection{ID: "broken", Severity: Low}, Status: StatusTimeout, Err: io.ErrUnexpectedEOF}
	var buf bytes.Buffer
	j := &JSONLines{W: &buf}
	for _, r := range []*Result{res, failed} {
		if err := j.Deliver(context.Background(), "run1", r); err != nil {
			t.Fatal(err)
		}
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	var actions []string
	for _, l := range lines {
		var e Event
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("%q: %v", l, err)
		}
		actions = append(actions, e.Action+":"+e.Detection)
	}
	if want := []string{"added:s3_mass_delete_new_ip", "removed:s3_mass_delete_new_ip", "error:broken"}; !cmp.Equal(actions, want) {
		t.Errorf("actions = %v, want %v", actions, want)
	}

	buf.Reset()
	if err := WriteTable(&buf, &Report{RunID: "run1", Results: []*Result{res, failed}}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"s3_mass_delete_new_ip  high      ok       1     1    1        0           1s",
		"[high] s3_mass_delete_new_ip  REMOTEIP=198.51.100.200",
		"broken: timeout: unexpected EOF",
		"run run1: 2 detections, 1 new findings, 1 failed",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, buf.String())
		}
	}
}

// Per-row titles, descriptions and severities come from the result's
// columns; many rows of a grouped detection make one alert with a count;
// every alert carries the query and a command reproducing it.
func TestAlertTemplatesSeverityAndGrouping(t *testing.T) {
	t.Parallel()
	src := `-- id: failed_logins
-- title: Failed logins
-- severity: low
-- schedule: 15m
-- key: [user_name]
-- alert_title: '{{.USER_NAME}} failed {{.FAILURES}} logins from {{default "an unknown address" .SOURCE}}'
-- alert_description: 'Lock {{.USER_NAME}} if {{.FAILURES}} is unusual.'
-- severity_column: level
select user_name, failures, source, level from t
`
	d, probs := Parse("failed_logins.sql", src)
	if len(probs) > 0 {
		t.Fatal(probs)
	}
	res := &Result{Detection: d, Status: StatusOK, Finished: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
		SQL: "select 'it''s' as x", Window: Window{After: time.Date(2024, 5, 1, 11, 0, 0, 0, time.UTC), Until: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)},
		Alerts: []Finding{
			{KeyHash: "a", Key: Row{"USER_NAME": "alice"}, Row: Row{"USER_NAME": "alice", "FAILURES": json.Number("12"), "SOURCE": "198.51.100.7", "LEVEL": "high"}},
			{KeyHash: "b", Key: Row{"USER_NAME": "bob"}, Row: Row{"USER_NAME": "bob", "FAILURES": json.Number("5"), "SOURCE": nil, "LEVEL": "bogus"}},
		}}
	evs := Events("run1", res)
	if len(evs) != 2 {
		t.Fatalf("%d events, want 2", len(evs))
	}
	if evs[0].Title != "alice failed 12 logins from 198.51.100.7" || evs[0].Severity != High || evs[0].Description != "Lock alice if 12 is unusual." {
		t.Errorf("alice: %q %s %q", evs[0].Title, evs[0].Severity, evs[0].Description)
	}
	// An unknown severity value keeps the header's severity.
	if evs[1].Title != "bob failed 5 logins from an unknown address" || evs[1].Severity != Low {
		t.Errorf("bob: %q %s", evs[1].Title, evs[1].Severity)
	}
	c := evs[0].Context
	if c == nil || c.Query != res.SQL || c.Reproduce != `flurry sql -q 'select '\''it'\'''\''s'\'' as x'` || !c.LoadedAfter.Equal(res.Window.After) {
		t.Errorf("context %+v", c)
	}

	d.Group = true
	evs = Events("run1", res)
	if len(evs) != 1 || evs[0].Count != 2 || len(evs[0].Rows) != 2 || evs[0].Severity != High ||
		evs[0].Title != "alice failed 12 logins from 198.51.100.7 (2 new)" {
		t.Fatalf("grouped: %+v", evs)
	}

	if _, probs := Parse("x.sql", strings.Replace(src, "{{.USER_NAME}} failed", "{{.USER_NAME failed", 1)); len(probs) == 0 {
		t.Error("a broken template: want a problem")
	}
}
