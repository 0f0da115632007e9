package demo

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/shipper/parse"
)

var testNow = time.Date(2024, 3, 14, 15, 9, 26, 0, time.UTC)

func TestGenerateIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := Generate(testNow, DefaultSeed), Generate(testNow, DefaultSeed)
	if len(a.Apache) != len(b.Apache) || len(a.S3) != len(b.S3) || len(a.VPC) != len(b.VPC) {
		t.Fatal("two runs with the same seed differ in size")
	}
	for i := range a.Apache {
		if a.Apache[i].line() != b.Apache[i].line() {
			t.Fatalf("line %d differs:\n%s\n%s", i, a.Apache[i].line(), b.Apache[i].line())
		}
	}
	for i := range a.S3 {
		if a.S3[i].line() != b.S3[i].line() {
			t.Fatalf("S3 line %d differs", i)
		}
	}
	// Another start time shifts every event by the same amount.
	later := Generate(testNow.Add(37*time.Minute), DefaultSeed)
	for i := range a.Teleport {
		if d := later.Teleport[i].t.Sub(a.Teleport[i].t); d != 37*time.Minute {
			t.Fatalf("teleport event %d shifted by %s", i, d)
		}
	}
}

// The generator keeps its promises at any time of day: no ties in the
// rankings, and only the declared attackers enter a top ten.
func TestGeneratorCheck(t *testing.T) {
	t.Parallel()
	for _, seed := range []uint64{DefaultSeed} {
		for m := 0; m < 24*60; m += 239 {
			ds := Generate(testNow.Add(time.Duration(m)*time.Minute), seed)
			if err := ds.Check(); err != nil {
				t.Fatalf("seed %d, now +%dm: %v", seed, m, err)
			}
		}
	}
	ds := Generate(testNow, DefaultSeed)
	base, err := ds.Baseline()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rankings {
		if n := len(base[r.detection]); n != 10 && r.detection != "vpc_top_talkers_by_eni" {
			t.Errorf("%s baseline has %d rows, want a full top ten", r.detection, n)
		}
	}
	if n := len(base["vpc_top_talkers_by_eni"]); n != 6 {
		t.Errorf("ENIs with accepted traffic: %d, want 6 (the bastion's ENI only reports NODATA, the app server's logs nothing)", n)
	}
	seen := map[string]bool{}
	for _, a := range ds.Attacks {
		if len(a.Expect) == 0 {
			t.Errorf("attack %s expects nothing", a.ID)
		}
		if seen[a.ID] {
			t.Errorf("attack %s twice", a.ID)
		}
		seen[a.ID] = true
	}
	if n := len(ds.Expected()); n != 35 {
		t.Errorf("%d expected findings, want 35", n)
	}
}

// apache_request_volume_spike compares the last complete clock hour with
// the week: it is not planted (whether five-minute-old attacks fall in the
// last complete hour depends on the minute the demo runs), and the benign
// rate must keep it quiet at any minute, attacks included.
func TestNoVolumeSpikeAtAnyMinute(t *testing.T) {
	t.Parallel()
	for m := 0; m < 60; m += 3 {
		now := testNow.Truncate(time.Hour).Add(time.Duration(m)*time.Minute + 20*time.Second)
		ds := Generate(now, DefaultSeed)
		h0 := now.Truncate(time.Hour)
		hourly := map[time.Time]int{}
		for _, h := range ds.Apache {
			if !h.T.Before(h0.Add(-8*24*time.Hour)) && h.T.Before(h0) {
				hourly[h.T.Truncate(time.Hour)]++
			}
		}
		sum := 0
		for hr, n := range hourly {
			if hr.Before(h0.Add(-time.Hour)) {
				sum += n
			}
		}
		avg := float64(sum) / (7 * 24)
		if last := hourly[h0.Add(-time.Hour)]; float64(last) > 3*avg && last >= 100 {
			t.Fatalf("now %s: last hour has %d requests, weekly hourly average %.1f: apache_request_volume_spike would fire", now, last, avg)
		}
	}
}

// The lines are what the real sources write: the shipper's parsers (twins
// of Fluentd's and of the guide's UDTF) read them back field by field.
func TestLinesParse(t *testing.T) {
	t.Parallel()
	ds := Generate(testNow, DefaultSeed)
	ap, _ := parse.New("apache2", parse.Options{})
	for _, h := range ds.Apache {
		rec, ts, err := ap.Parse(nil, []byte(h.line()))
		if err != nil {
			t.Fatalf("%s: %v", h.line(), err)
		}
		if !ts.Equal(h.T) {
			t.Fatalf("%s: time %s, want %s", h.line(), ts, h.T)
		}
		var m map[string]any
		if err := json.Unmarshal(rec, &m); err != nil {
			t.Fatal(err)
		}
		if m["host"] != h.Host || m["code"] != float64(h.Code) {
			t.Fatalf("%s parsed as %s", h.line(), rec)
		}
	}
	sp, _ := parse.New("s3_access", parse.Options{})
	for _, r := range ds.S3 {
		rec, ts, err := sp.Parse(nil, []byte(r.line()))
		if err != nil {
			t.Fatalf("%s: %v", r.line(), err)
		}
		var m map[string]any
		if err := json.Unmarshal(rec, &m); err != nil {
			t.Fatal(err)
		}
		wantRequester := any(r.Requester)
		if r.Requester == "" {
			wantRequester = nil
		}
		if !ts.Equal(r.T) || m["remoteip"] != r.RemoteIP || m["requester"] != wantRequester || m["requestid"] != r.RequestID ||
			m["operation"] != r.Operation || m["httpstatus"] != fmt.Sprint(r.Status) ||
			m["tlsversion"] != "TLSv1.2" {
			t.Fatalf("%s parsed as %s", r.line(), rec)
		}
	}
	jp, _ := parse.New("json", parse.Options{TimeKey: "timestamp"})
	for _, e := range ds.GoAudit {
		_, ts, err := jp.Parse(nil, []byte(e.line()))
		if err != nil || !ts.Equal(e.t.Truncate(time.Millisecond)) {
			t.Fatalf("%s: time %s (%v), want %s", e.line(), ts, err, e.t)
		}
	}
	tp, _ := parse.New("json", parse.Options{})
	for _, e := range ds.Teleport {
		_, ts, err := tp.Parse(nil, []byte(e.line()))
		if err != nil || !ts.Equal(e.t.Truncate(time.Millisecond)) {
			t.Fatalf("%s: time %s (%v), want %s", e.line(), ts, err, e.t)
		}
	}
}

// The first delivery is everything older than ten minutes; the second, the
// last ten minutes, attacks included: every log grows forward in time.
func TestPhasesSplitAtTenMinutes(t *testing.T) {
	t.Parallel()
	ds := Generate(testNow, DefaultSeed)
	check := func(what string, p Phase, ts time.Time) {
		age := ds.Now.Sub(ts)
		if (p == phaseAttack) != (age < attackWindow) || age < 0 {
			t.Errorf("%s event %s old delivered in phase %d", what, age, p)
		}
	}
	for _, h := range ds.Apache {
		check("apache", h.Phase, h.T)
	}
	for _, e := range ds.GoAudit {
		check("go-audit", e.phase, e.t)
	}
	for _, e := range ds.Teleport {
		check("teleport", e.phase, e.t)
	}
	for _, r := range ds.S3 {
		check("s3", r.Phase, r.T)
	}
	for _, f := range ds.VPC {
		check("vpc", f.Phase, f.Start)
	}
	// The attacks are at least a minute old, so that they are in their
	// detections' windows whatever the clock's resolution.
	for _, h := range ds.Apache {
		if h.Host == scannerIP || h.Host == slowlorisIP {
			if age := ds.Now.Sub(h.T); age < time.Minute {
				t.Errorf("attack event only %s old", age)
			}
		}
	}
	for i := 1; i < len(ds.Apache); i++ {
		if ds.Apache[i].Phase == ds.Apache[i-1].Phase && ds.Apache[i].T.Before(ds.Apache[i-1].T) {
			t.Fatalf("access_log goes back in time at line %d", i+1)
		}
	}
}
