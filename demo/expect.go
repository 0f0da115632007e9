package demo

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
)

// ranking is a Go twin of a detection that lists the top ten of something
// and so returns rows on any traffic: the demo computes its exact result
// from the generated events.
type ranking struct {
	detection, keyCol string
	// totals adds up the events of phases up to and including upTo, by key.
	totals func(ds *Dataset, upTo Phase) map[string]int64
}

var rankings = []ranking{
	{"apache_top_source_ips", "HOST", func(ds *Dataset, upTo Phase) map[string]int64 {
		m := map[string]int64{}
		for _, h := range ds.Apache {
			if h.Phase <= upTo && h.T.After(ds.Now.Add(-24*time.Hour)) {
				m[h.Host]++
			}
		}
		return m
	}},
	{"s3_requests_by_ip", "REMOTEIP", func(ds *Dataset, upTo Phase) map[string]int64 {
		m := map[string]int64{}
		for _, r := range ds.S3 {
			if r.Phase <= upTo && r.T.After(ds.Now.Add(-24*time.Hour)) {
				m[r.RemoteIP]++
			}
		}
		return m
	}},
	{"s3_traffic_by_ip", "REMOTEIP", func(ds *Dataset, upTo Phase) map[string]int64 {
		m := map[string]int64{}
		for _, r := range ds.S3 {
			if r.Phase <= upTo && r.T.After(ds.Now.Add(-24*time.Hour)) {
				m[r.RemoteIP] += r.traffic()
			}
		}
		return m
	}},
	{"vpc_top_talkers_by_destination", "DSTADDR", vpcTotals(func(f vpcFlow) string { return f.DstAddr })},
	{"vpc_top_talkers_by_source", "SRCADDR", vpcTotals(func(f vpcFlow) string { return f.SrcAddr })},
	{"vpc_top_talkers_by_eni", "INTERFACE_ID", vpcTotals(func(f vpcFlow) string { return f.InterfaceID })},
}

// vpcTotals adds up accepted bytes (all the demo's flows are within the
// detections' 30 days).
func vpcTotals(key func(vpcFlow) string) func(*Dataset, Phase) map[string]int64 {
	return func(ds *Dataset, upTo Phase) map[string]int64 {
		m := map[string]int64{}
		for _, f := range ds.VPC {
			if f.Phase <= upTo && f.Action == "ACCEPT" {
				m[key(f)] += f.Bytes
			}
		}
		return m
	}
}

// top10 is ORDER BY total DESC LIMIT 10. A tie at the cut would make the
// result depend on the engine's sort: the generator must never produce one.
func top10(m map[string]int64) ([]string, error) {
	keys := slices.Collect(maps.Keys(m))
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	if len(keys) > 10 {
		if m[keys[9]] == m[keys[10]] {
			return nil, fmt.Errorf("%s and %s tie at rank 10 with %d", keys[9], keys[10], m[keys[9]])
		}
		keys = keys[:10]
	}
	slices.Sort(keys)
	return keys, nil
}

// Baseline returns, per detection, the findings its first run over the
// benign history must return: the rankings' top tens. Every other detection
// must return nothing on benign traffic.
func (ds *Dataset) Baseline() (map[string][]Expected, error) {
	out := map[string][]Expected{}
	for _, r := range rankings {
		keys, err := top10(r.totals(ds, phaseHistory))
		if err != nil {
			return nil, fmt.Errorf("%s over the benign history: %w", r.detection, err)
		}
		for _, k := range keys {
			out[r.detection] = append(out[r.detection], expect(r.detection, r.keyCol, k))
		}
	}
	return out, nil
}

// Expected lists every finding the attacks must produce, attack by attack.
func (ds *Dataset) Expected() []Expected {
	var out []Expected
	for _, a := range ds.Attacks {
		out = append(out, a.Expect...)
	}
	return out
}

// Check verifies the generator's own promises: no ties in any ranking, and
// the attackers that enter a top ten are exactly those the attacks declare.
// A failure here is a bug in the generator, not in the pipeline.
func (ds *Dataset) Check() error {
	declared := map[string]bool{}
	for _, e := range ds.Expected() {
		declared[e.String()] = true
	}
	var problems []string
	for _, r := range rankings {
		before, err := top10(r.totals(ds, phaseHistory))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s over the benign history: %v", r.detection, err))
			continue
		}
		after, err := top10(r.totals(ds, phaseAttack))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s with the attacks: %v", r.detection, err))
			continue
		}
		for _, k := range after {
			e := expect(r.detection, r.keyCol, k).String()
			if !slices.Contains(before, k) && !declared[e] {
				problems = append(problems, "an attack makes "+e+" enter the top ten, but no attack expects it")
			}
			delete(declared, e)
		}
	}
	for _, r := range rankings {
		for e := range declared {
			if strings.HasPrefix(e, r.detection+" ") {
				problems = append(problems, "an attack expects "+e+", which does not enter the top ten")
			}
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("demo data generator: %s", strings.Join(problems, "; "))
	}
	return nil
}

// TableRows are the rows each lake table must hold once the events of
// phases up to upTo are loaded.
func (ds *Dataset) TableRows(upTo Phase) map[string]int64 {
	m := map[string]int64{}
	for _, h := range ds.Apache {
		if h.Phase <= upTo {
			m["LOGS"]++
		}
	}
	for _, e := range ds.Teleport {
		if e.phase <= upTo {
			m["PARSEJSON_RAW"]++
		}
	}
	for _, e := range ds.GoAudit {
		if e.phase <= upTo {
			m["GO_AUDIT"]++
		}
	}
	for _, r := range ds.S3 {
		if r.Phase <= upTo {
			m["S3_ACCESS_LOGS_STAGING"]++
			m["S3_ACCESS_LOGS"]++
		}
	}
	for _, f := range ds.VPC {
		if f.Phase <= upTo {
			m["VPC_FLOW"]++
		}
	}
	return m
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}
