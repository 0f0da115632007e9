package demo

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/flurry-dev/flurry/detections"
)

// WriteSummary prints the findings, the planted attacks' verdicts and how
// to explore the lake: what a person reads after the progress lines.
func WriteSummary(w io.Writer, rep *Report) error {
	var alerts []Finding
	if n := len(rep.Phases); n > 0 {
		for _, d := range rep.Phases[n-1].Detections {
			alerts = append(alerts, d.Alerts...)
		}
	}
	sev := func(s string) int {
		v, _ := detections.ParseSeverity(s)
		return int(v)
	}
	slices.SortStableFunc(alerts, func(a, b Finding) int {
		if x, y := sev(a.Severity), sev(b.Severity); x != y {
			return y - x
		}
		return strings.Compare(a.Detection, b.Detection)
	})
	fmt.Fprintln(w)
	if len(alerts) > 0 {
		fmt.Fprintf(w, "New findings (%d): what `flurry detect run` would alert on now\n", len(alerts))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  SEVERITY\tDETECTION\tKEY\tATTACK")
		for i := 0; i < len(alerts); {
			// Many findings of one detection print as one line.
			j := i
			for j < len(alerts) && alerts[j].Detection == alerts[i].Detection {
				j++
			}
			group := alerts[i:j]
			if len(group) <= 3 {
				for _, f := range group {
					fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", f.Severity, f.Detection, shortKey(f), attackOf(f))
				}
			} else {
				var attacks []string
				for _, f := range group {
					if a := attackOf(f); !slices.Contains(attacks, a) {
						attacks = append(attacks, a)
					}
				}
				fmt.Fprintf(tw, "  %s\t%s\t%s and %d more\t%s\n", group[0].Severity, group[0].Detection, shortKey(group[0]), len(group)-1, strings.Join(attacks, ", "))
			}
			i = j
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w)
	}
	if len(rep.Attacks) > 0 {
		found := 0
		for _, a := range rep.Attacks {
			if len(a.Missing) == 0 {
				found++
			}
		}
		fmt.Fprintf(w, "Planted attacks: %d of %d found, %d unexpected findings\n", found, len(rep.Attacks), len(rep.Unexpected))
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, a := range rep.Attacks {
			mark := "found"
			if len(a.Missing) > 0 {
				mark = "MISSED"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%d/%d\t%s\n", mark, a.ID, a.Found, len(a.Expect), a.Title)
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		fmt.Fprintln(w, "  The rankings (top clients, top talkers) recorded their top tens as the baseline; they alert only")
		fmt.Fprintln(w, "  when an address enters a top ten. apache_request_volume_spike compares clock hours and is not planted.")
		fmt.Fprintln(w)
	}
	if len(rep.Failures) > 0 {
		fmt.Fprintf(w, "FAILED (%d):\n", len(rep.Failures))
		for _, f := range rep.Failures {
			fmt.Fprintln(w, "  "+f)
		}
		fmt.Fprintln(w)
	}
	if len(rep.Explore) > 0 {
		fmt.Fprintf(w, "The lake stays in %s. Explore it (flurry is `go run ./cmd/flurry` until you `go install ./cmd/flurry`):\n", rep.EngineDir)
		for _, c := range rep.Explore {
			fmt.Fprintln(w, "  "+c)
		}
		fmt.Fprintf(w, "Host logs, shipper configs and buckets are under %s; the migrations' variables in %s.\n",
			rep.Dir, strings.TrimSuffix(rep.Dir, "/")+"/"+varsFileName)
		fmt.Fprintln(w)
	}
	verdict := "OK"
	if !rep.OK {
		verdict = "FAILED"
	}
	_, err := fmt.Fprintf(w, "flurry demo %s in %.1fs\n", verdict, rep.Seconds)
	return err
}

func shortKey(f Finding) string {
	return strings.TrimPrefix(describeKey(f.Detection, f.Key), f.Detection+" ")
}

func attackOf(f Finding) string {
	if f.Attack == "" {
		return "UNEXPECTED"
	}
	return f.Attack
}
