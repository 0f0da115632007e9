package detections

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

func BenchmarkLoadBuiltin(b *testing.B) {
	for b.Loop() {
		if _, err := Load(Builtin()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLexicalColumnsBuiltin(b *testing.B) {
	dets, err := Load(Builtin())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		for _, d := range dets {
			LexicalColumns(d.SQL)
		}
	}
}

// BenchmarkDiff measures diffing a 10,000-row result against the previous
// run's state (1% of keys new, 1% gone, 1% changed).
func BenchmarkDiff10k(b *testing.B) {
	const n = 10000
	d := &Detection{ID: "bench", Key: []string{"HOST"}, Dedup: 24 * time.Hour}
	rs := &ResultSet{Columns: []string{"HOST", "N"}}
	for i := range n {
		rs.Rows = append(rs.Rows, Row{"HOST": fmt.Sprintf("10.0.%d.%d", i/256, i%256), "N": fmt.Sprint(i)})
	}
	cur, _, _, err := keyRows(d, rs)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now()
	prev := map[string]StateRow{}
	i := 0
	for h, c := range cur {
		i++
		if i%100 == 0 {
			continue // new this run
		}
		row := c.row
		if i%100 == 1 {
			row = Row{"HOST": row["HOST"], "N": "changed"}
		}
		rj, _ := marshalJSON(row)
		prev[h] = StateRow{KeyHash: h, KeyJSON: c.json, RowJSON: rj, Present: true, FirstSeen: now, LastSeen: now, LastAlerted: now}
	}
	for j := range n / 100 {
		h := fmt.Sprintf("gone%d", j)
		prev[h] = StateRow{KeyHash: h, KeyJSON: `["gone"]`, RowJSON: `{"HOST":"gone","N":"1"}`, Present: true, FirstSeen: now, LastSeen: now, LastAlerted: now}
	}
	r := &Runner{}
	b.ResetTimer()
	for b.Loop() {
		res := &Result{Detection: d}
		r.diff(d, res, prev, cur, now)
		if len(res.Alerts) != n/100 || len(res.Removed) != n/100 {
			b.Fatalf("alerts %d removed %d", len(res.Alerts), len(res.Removed))
		}
	}
}

// BenchmarkRun1kOnLocalEngine measures one detection run with a 1,000-row
// result on the local engine: query, read state, diff, write state.
func BenchmarkRun1kOnLocalEngine(b *testing.B) {
	db := openEngineB(b)
	mustExecB(b, db, "create table app.public.events (host varchar, n number)")
	var q strings.Builder
	q.WriteString("insert into app.public.events values ")
	for i := range 1000 {
		if i > 0 {
			q.WriteString(", ")
		}
		fmt.Fprintf(&q, "('10.0.%d.%d', %d)", i/256, i%256, 10+i)
	}
	mustExecB(b, db, q.String())
	d, probs := Parse("big_spenders.sql", bigSpenders)
	if len(probs) > 0 {
		b.Fatal(probs)
	}
	r := &Runner{DB: db, State: &Store{DB: db}, IgnoreSchedule: true}
	for b.Loop() {
		rep, err := r.Run(context.Background(), []*Detection{d})
		if err != nil || rep.Results[0].Status != StatusOK {
			b.Fatal(err, rep.Results[0].Err)
		}
	}
}
