package cron

import (
	"testing"
	"time"
)

func TestParseExpr(t *testing.T) {
	s, err := ParseExpr("0 9 * * MON-FRI America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	// Saturday 2024-03-09 10:00 New York: next is Monday 09:00 (after the DST change).
	got := s.Next(time.Date(2024, 3, 9, 10, 0, 0, 0, ny))
	if want := time.Date(2024, 3, 11, 9, 0, 0, 0, ny); !got.Equal(want) {
		t.Errorf("next = %s, want %s", got, want)
	}
	for _, bad := range []string{"0 9 * * MON-FRI", "0 9 * * * * UTC", "61 * * * * UTC", "0 9 * * * Mars/Olympus"} {
		if _, err := ParseExpr(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
