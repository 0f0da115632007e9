package detections

import (
	"context"
	"testing"
	"time"
)

func TestCronScheduleDue(t *testing.T) {
	d := detection(t, `-- id: hourly_cron
-- title: x
-- severity: low
-- schedule: 0 * * * * UTC
-- key: [host]
select 'a' as host
`)
	if d.Cron == nil || d.Schedule != 0 || d.ScheduleText != "0 * * * * UTC" {
		t.Fatalf("cron schedule not parsed: %+v", d)
	}
	at := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04:05", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	prev := at("2024-03-01 10:00:05")
	for _, c := range []struct {
		now  string
		want bool
	}{
		{"2024-03-01 10:30:00", false},
		{"2024-03-01 10:59:30", true}, // fires at 11:00: a cron job a few seconds early still runs
		{"2024-03-01 11:00:02", true},
		{"2024-03-01 13:17:00", true}, // missed firings: due
	} {
		if got, _ := d.Due(prev, at(c.now)); got != c.want {
			t.Errorf("last run %s, now %s: due %v, want %v", prev, c.now, got, c.want)
		}
	}
	if due, _ := d.Due(time.Time{}, at("2024-03-01 10:30:00")); !due {
		t.Error("never run: want due")
	}

	weekdays := detection(t, "-- id: weekdays\n-- title: x\n-- severity: low\n-- schedule: USING CRON 0 9 * * MON-FRI America/New_York\n-- key: [host]\nselect 'a' as host\n")
	ny, _ := time.LoadLocation("America/New_York")
	fri := time.Date(2024, 3, 8, 9, 0, 30, 0, ny)
	if due, next := weekdays.Due(fri, time.Date(2024, 3, 9, 9, 0, 30, 0, ny)); due || !next.Equal(time.Date(2024, 3, 11, 9, 0, 0, 0, ny)) {
		t.Errorf("Saturday after a Friday run: due %v, next %s; want not due until Monday 09:00", due, next)
	}

	for _, bad := range []string{"0 9 * * MON-FRI", "61 * * * * UTC", "0 9 * * * Mars/Olympus"} {
		src := "-- id: bad\n-- title: x\n-- severity: low\n-- schedule: " + bad + "\n-- key: [host]\nselect 'a' as host\n"
		if _, probs := Parse("bad.sql", src); len(probs) == 0 {
			t.Errorf("schedule %q: want a problem", bad)
		}
	}
}

func TestRunSkipsCronNotDue(t *testing.T) {
	db := openEngine(t)
	d := detection(t, "-- id: daily_cron\n-- title: x\n-- severity: low\n-- schedule: 0 6 * * * UTC\n-- key: [host]\nselect 'a' as host\n")
	now := time.Date(2024, 3, 1, 7, 0, 0, 0, time.UTC)
	r := &Runner{DB: db, State: &Store{DB: db, Schema: "APP.PUBLIC"}, Now: func() time.Time { return now }}
	rep, err := r.Run(context.Background(), []*Detection{d})
	if err != nil || rep.Results[0].Status != StatusOK {
		t.Fatalf("first run: %v %+v", err, rep)
	}
	now = now.Add(3 * time.Hour) // 10:00: next firing is 06:00 tomorrow
	rep, err = r.Run(context.Background(), []*Detection{d})
	if err != nil || rep.Results[0].Status != StatusSkipped {
		t.Fatalf("same day: %v %s, want skipped", err, rep.Results[0].Status)
	}
	now = now.Add(20 * time.Hour) // 06:00 next day
	rep, err = r.Run(context.Background(), []*Detection{d})
	if err != nil || rep.Results[0].Status != StatusOK {
		t.Fatalf("next day: %v %s, want ok", err, rep.Results[0].Status)
	}
}

// Rows whose key column is NULL never alert, whatever the query returns.
func TestNullKeysNeverAlert(t *testing.T) {
	db := openEngine(t)
	mustExec(t, db,
		"create table app.public.hits (host varchar, n number)",
		"insert into app.public.hits values (null, 50), (null, 7), ('203.0.113.5', 12)")
	d := detection(t, `-- id: top_hosts
-- title: Top hosts
-- severity: low
-- schedule: 1h
-- key: [host]
select host, sum(n) as total from app.public.hits group by host
`)
	c := &Collector{}
	r := &Runner{DB: db, State: &Store{DB: db, Schema: "APP.PUBLIC"}, Sinks: []Sink{c}}
	rep, err := r.Run(context.Background(), []*Detection{d})
	if err != nil {
		t.Fatal(err)
	}
	res := rep.Results[0]
	if res.Status != StatusOK || len(res.Alerts) != 1 || res.Alerts[0].Key["HOST"] != "203.0.113.5" {
		t.Fatalf("alerts %+v (status %s, err %v), want only 203.0.113.5", view(res), res.Status, res.Err)
	}
	if res.NullKeys != 1 {
		t.Errorf("NullKeys = %d, want 1 (the NULL group)", res.NullKeys)
	}
	for _, e := range c.Events {
		if e.Key["HOST"] == nil {
			t.Errorf("event with a NULL key: %+v", e)
		}
	}
}
