package snowlocal

import (
	"testing"
	"time"
)

func TestParseScheduleIntervals(t *testing.T) {
	for text, want := range map[string]time.Duration{
		"10 minute": 10 * time.Minute, "1 MINUTE": time.Minute, "5 minutes": 5 * time.Minute, "60 m": time.Hour,
		"30 SECONDS": 30 * time.Second, "2 hours": 2 * time.Hour,
	} {
		s, err := parseSchedule(text)
		if err != nil || s.every != want || s.cron != nil {
			t.Errorf("%q: %v, %v", text, s.every, err)
		}
	}
	for _, bad := range []string{"", "0 minute", "5 seconds", "10 days", "ten minutes", "USING CRON * * * *  UTC", "USING CRON 61 * * * * UTC",
		"USING CRON * * * * * Mars/Olympus", "USING CRON 0 9 * * FOO UTC", "USING CRON 0 9 5-1 * * UTC"} {
		if _, err := parseSchedule(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

func TestCronNext(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	at := func(s string, loc *time.Location) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	cases := []struct {
		sched, from, want string
		loc               *time.Location
	}{
		{"USING CRON * * * * * UTC", "2024-03-01 10:00", "2024-03-01 10:01", time.UTC},
		{"USING CRON 0 9 * * * UTC", "2024-03-01 09:00", "2024-03-02 09:00", time.UTC},
		{"USING CRON */15 * * * * UTC", "2024-03-01 10:07", "2024-03-01 10:15", time.UTC},
		{"USING CRON 5/20 * * * * UTC", "2024-03-01 10:26", "2024-03-01 10:45", time.UTC},
		{"USING CRON 0 9 * * MON-FRI America/New_York", "2024-03-08 09:30", "2024-03-11 09:00", ny}, // Fri -> Mon, across DST
		{"USING CRON 0 0 L * * UTC", "2024-02-10 00:00", "2024-02-29 00:00", time.UTC},
		{"USING CRON 0 0 * * 5L UTC", "2024-03-01 00:00", "2024-03-29 00:00", time.UTC}, // last Friday
		{"USING CRON 0 0 1,15 * * UTC", "2024-03-02 00:00", "2024-03-15 00:00", time.UTC},
		{"USING CRON 0 12 * JAN,JUL 7 UTC", "2024-02-01 00:00", "2024-07-07 12:00", time.UTC},  // first Sunday of July
		{"USING CRON 30 2 * * * America/New_York", "2024-03-09 03:00", "2024-03-11 02:30", ny}, // 2:30 does not exist on 2024-03-10
	}
	for _, c := range cases {
		s, err := parseSchedule(c.sched)
		if err != nil {
			t.Fatalf("%s: %v", c.sched, err)
		}
		got := s.next(at(c.from, c.loc))
		if want := at(c.want, c.loc); !got.Equal(want) {
			t.Errorf("%s after %s = %s, want %s", c.sched, c.from, got.In(c.loc), want)
		}
	}
	// Both day fields restricted: either matches, as in cron.
	s, _ := parseSchedule("USING CRON 0 0 13 * FRI UTC")
	if got := s.next(at("2024-09-01 00:00", time.UTC)); !got.Equal(at("2024-09-06 00:00", time.UTC)) {
		t.Errorf("13th or Friday: %s", got)
	}
	if s, _ := parseSchedule("USING CRON 0 0 30 2 * UTC"); !s.next(time.Now()).IsZero() {
		t.Error("30 February should never run")
	}
}
