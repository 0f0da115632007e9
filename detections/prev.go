package detections

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// What a run needs to know of the previous runs, read in two statements
// for all detections instead of several per detection: every statement
// costs a round trip and, on any warehouse, parsing, name resolution and
// planning, which for small detections is most of their time. Under the
// run lock nothing else writes the state tables while a run reads them, so
// reading once at the start sees what reading per detection would.

// prevRun is one detection's latest successful run.
type prevRun struct {
	RunID string
	// Rows is how many rows it returned (large results are diffed in the
	// warehouse, see wasLarge); StateRows how many state rows it left.
	Rows, StateRows int
	// Started is when the latest successful run started (schedules);
	// Watermark the end of the latest arrival window covered (zero: none).
	Started, Watermark time.Time
	// State is the state rows, read ahead of the run when all
	// detections' state together is small (nil: read when needed).
	State map[string]StateRow
}

// prevRuns returns each detection's latest successful run, with its state
// rows when all of them together hold at most maxState rows.
func (s *Store) prevRuns(ctx context.Context, maxState int) (map[string]*prevRun, error) {
	rows, err := s.DB.QueryContext(ctx, `select r.detection_id, r.run_id, r.rows_returned, r.last_started, r.watermark, count(s.key_hash) as state_rows
from (
    select detection_id, run_id, rows_returned,
           max(started_at) over (partition by detection_id) as last_started,
           max(loaded_until) over (partition by detection_id) as watermark
    from `+s.RunsTable()+`
    where status = 'ok'
    qualify row_number() over (partition by detection_id order by finished_at desc, run_id desc) = 1
) r
left join `+s.StateTable()+` s on s.detection_id = r.detection_id and s.run_id = r.run_id
group by r.detection_id, r.run_id, r.rows_returned, r.last_started, r.watermark`)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", s.RunsTable(), err)
	}
	defer rows.Close()
	out := map[string]*prevRun{}
	total := 0
	for rows.Next() {
		var (
			id, runID string
			n, states sql.NullInt64
			started   time.Time
			mark      sql.NullTime
		)
		if err := rows.Scan(&id, &runID, &n, &started, &mark, &states); err != nil {
			return nil, fmt.Errorf("read %s: %w", s.RunsTable(), err)
		}
		p := &prevRun{RunID: runID, Rows: int(n.Int64), StateRows: int(states.Int64), Started: started}
		if mark.Valid {
			p.Watermark = mark.Time.UTC()
		}
		out[id] = p
		total += p.StateRows
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", s.RunsTable(), err)
	}
	if total == 0 || total > maxState {
		return out, nil
	}
	return out, s.loadStates(ctx, out)
}

// loadStates reads the state rows of every detection that has some, in
// one statement, into their prevRun.
func (s *Store) loadStates(ctx context.Context, prev map[string]*prevRun) error {
	var match []string
	for id, p := range prev {
		p.State = map[string]StateRow{}
		if p.StateRows > 0 {
			match = append(match, "(detection_id = "+quote(id)+" and run_id = "+quote(p.RunID)+")")
		}
	}
	return s.scanState(ctx, `select detection_id, key_hash, key_json, row_json, present, first_seen, last_seen, last_alerted
from `+s.StateTable()+`
where `+strings.Join(match, "\n   or "), func(id string, r StateRow) {
		if p := prev[id]; p != nil {
			p.State[r.KeyHash] = r
		}
	})
}
