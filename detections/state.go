package detections

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DefaultStateSchema is where detection state lives unless configured.
const DefaultStateSchema = "FLURRY.PUBLIC"

// Store keeps detection state in the warehouse itself, so that stateless
// runners (cron on a CI machine) diff against the previous run:
//
//   - DETECTION_STATE: one row per finding key of the last successful run of
//     each detection (PRESENT), plus keys that disappeared but are still
//     inside their dedup period (not PRESENT), with first/last seen and the
//     time the key last alerted.
//   - DETECTION_RUNS: one row per detection per run: status, error, counts
//     and the arrival-time window it covered (loaded_after, loaded_until);
//     the latest ok run's loaded_until is the detection's watermark.
//   - DETECTION_LOCK: the run lock (lock.go), so overlapping runs never
//     alert twice.
//
// A run writes its state rows tagged with its run id, then records itself as
// "ok" in DETECTION_RUNS, then deletes older state rows; readers take the
// rows of the latest "ok" run. A run that dies halfway therefore leaves the
// previous state in force and its findings alert again next time (at least
// once, never lost). No transactions are needed.
type Store struct {
	DB *sql.DB
	// Schema is DATABASE.SCHEMA holding the tables (DefaultStateSchema if empty).
	Schema string
}

func (s *Store) schema() string {
	if s.Schema == "" {
		return DefaultStateSchema
	}
	return s.Schema
}

func (s *Store) table(name string) string { return s.schema() + "." + name }

// StateTable and RunsTable are the fully qualified table names.
func (s *Store) StateTable() string { return s.table("DETECTION_STATE") }
func (s *Store) RunsTable() string  { return s.table("DETECTION_RUNS") }
func (s *Store) LockTable() string  { return s.table("DETECTION_LOCK") }

func (s *Store) createTables() []string {
	return []string{
		`create table if not exists ` + s.StateTable() + ` (
    detection_id varchar not null,
    key_hash varchar not null,
    key_json varchar not null,
    row_json varchar,
    present boolean not null,
    first_seen timestamp_ntz not null,
    last_seen timestamp_ntz not null,
    last_alerted timestamp_ntz,
    run_id varchar not null
)`,
		`create table if not exists ` + s.RunsTable() + ` (
    run_id varchar not null,
    detection_id varchar not null,
    started_at timestamp_ntz not null,
    finished_at timestamp_ntz not null,
    status varchar not null,
    error varchar,
    rows_returned number,
    added number,
    removed number,
    alerted number,
    suppressed number,
    loaded_after timestamp_ntz,
    loaded_until timestamp_ntz
)`,
		// Tables created before arrival-time windows gain the watermark.
		`alter table ` + s.RunsTable() + ` add column if not exists loaded_after timestamp_ntz`,
		`alter table ` + s.RunsTable() + ` add column if not exists loaded_until timestamp_ntz`,
		`create table if not exists ` + s.LockTable() + ` (
    lock_name varchar not null,
    owner varchar not null,
    token varchar not null,
    acquired_on timestamp_ltz not null,
    expires_at timestamp_ltz not null
)`,
	}
}

// Init creates the state tables if they are missing, and their database and
// schema if needed.
func (s *Store) Init(ctx context.Context) error {
	parts := strings.Split(s.schema(), ".")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return fmt.Errorf("state schema %q: want DATABASE.SCHEMA", s.schema())
	}
	if err := s.execAll(ctx, s.createTables()); err == nil {
		return nil
	}
	// CREATE DATABASE/SCHEMA switch the session's current database and
	// schema, so they run on a session of their own that is discarded after.
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("state tables in %s: %w", s.schema(), err)
	}
	defer conn.Close()
	defer conn.Raw(func(any) error { return driver.ErrBadConn }) //nolint:errcheck // discards the session
	stmts := append([]string{
		"create database if not exists " + parts[0],
		"create schema if not exists " + s.schema(),
	}, s.createTables()...)
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("state tables in %s: %s: %w", s.schema(), firstLine(q), err)
		}
	}
	return nil
}

func (s *Store) execAll(ctx context.Context, stmts []string) error {
	for _, q := range stmts {
		if _, err := s.DB.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// StateRow is one key of one detection's state.
type StateRow struct {
	KeyHash     string
	KeyJSON     string
	RowJSON     string
	Present     bool
	FirstSeen   time.Time
	LastSeen    time.Time
	LastAlerted time.Time // zero: never alerted (baseline)
}

// Load returns the state of the detection's latest successful run, by key hash.
func (s *Store) Load(ctx context.Context, detectionID string) (map[string]StateRow, error) {
	return s.load(ctx, detectionID, `(select run_id from `+s.RunsTable()+`
    where detection_id = `+quote(detectionID)+` and status = 'ok'
    order by finished_at desc, run_id desc
    limit 1)`)
}

// load returns the state rows of the detection whose run_id is runID (SQL).
func (s *Store) load(ctx context.Context, detectionID, runID string) (map[string]StateRow, error) {
	out := map[string]StateRow{}
	err := s.scanState(ctx, `select detection_id, key_hash, key_json, row_json, present, first_seen, last_seen, last_alerted
from `+s.StateTable()+`
where detection_id = `+quote(detectionID)+` and run_id = `+runID, func(_ string, r StateRow) { out[r.KeyHash] = r })
	return out, err
}

// scanState runs q, a select of detection_id, key_hash, key_json,
// row_json, present, first_seen, last_seen and last_alerted from the state
// table, and hands each row to add.
func (s *Store) scanState(ctx context.Context, q string, add func(detectionID string, r StateRow)) error {
	rows, err := s.DB.QueryContext(ctx, q)
	if err != nil {
		return fmt.Errorf("read %s: %w", s.StateTable(), err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id      string
			r       StateRow
			rowJSON sql.NullString
			present any
			alerted sql.NullTime
		)
		if err := rows.Scan(&id, &r.KeyHash, &r.KeyJSON, &rowJSON, &present, &r.FirstSeen, &r.LastSeen, &alerted); err != nil {
			return fmt.Errorf("read %s: %w", s.StateTable(), err)
		}
		r.RowJSON = rowJSON.String
		r.Present = truthy(present)
		r.LastAlerted = alerted.Time
		add(id, r)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", s.StateTable(), err)
	}
	return nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case string:
		return x == "1" || strings.EqualFold(x, "true")
	case []byte:
		return string(x) == "1" || strings.EqualFold(string(x), "true")
	case int64:
		return x != 0
	}
	return false
}

// RunRecord is one row of DETECTION_RUNS.
type RunRecord struct {
	RunID, DetectionID                   string
	Started, Finished                    time.Time
	Status                               Status
	Error                                string
	Rows, Added, Removed, Alerted, Suppr int
	Window                               Window
}

// Save stores a successful run's state and marks the run ok; older state
// rows of the detection are removed afterwards.
func (s *Store) Save(ctx context.Context, rec RunRecord, state []StateRow) error {
	const batch = 200
	for start := 0; start < len(state); start += batch {
		var b strings.Builder
		b.WriteString("insert into " + s.StateTable() +
			" (detection_id, key_hash, key_json, row_json, present, first_seen, last_seen, last_alerted, run_id) values\n")
		for i, r := range state[start:min(start+batch, len(state))] {
			if i > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, "(%s, %s, %s, %s, %s, %s, %s, %s, %s)",
				quote(rec.DetectionID), quote(r.KeyHash), quote(r.KeyJSON), quote(r.RowJSON),
				strconv.FormatBool(r.Present), timeLit(r.FirstSeen), timeLit(r.LastSeen), timeLit(r.LastAlerted), quote(rec.RunID))
		}
		if _, err := s.DB.ExecContext(ctx, b.String()); err != nil {
			return fmt.Errorf("write %s: %w", s.StateTable(), err)
		}
	}
	return s.finish(ctx, rec)
}

// finish records a run whose state rows are written as ok, then removes the
// detection's older state rows.
func (s *Store) finish(ctx context.Context, rec RunRecord) error {
	if err := s.Record(ctx, rec); err != nil {
		return err
	}
	_, err := s.DB.ExecContext(ctx, "delete from "+s.StateTable()+
		" where detection_id = "+quote(rec.DetectionID)+" and run_id <> "+quote(rec.RunID))
	if err != nil {
		return fmt.Errorf("prune %s: %w", s.StateTable(), err)
	}
	return nil
}

// Record appends a row to DETECTION_RUNS.
func (s *Store) Record(ctx context.Context, r RunRecord) error {
	q := fmt.Sprintf(`insert into %s (run_id, detection_id, started_at, finished_at, status, error, rows_returned, added, removed, alerted, suppressed, loaded_after, loaded_until)
values (%s, %s, %s, %s, %s, %s, %d, %d, %d, %d, %d, %s, %s)`, s.RunsTable(),
		quote(r.RunID), quote(r.DetectionID), timeLit(r.Started), timeLit(r.Finished), quote(string(r.Status)),
		nullable(r.Error), r.Rows, r.Added, r.Removed, r.Alerted, r.Suppr, timeLit(r.Window.After), timeLit(r.Window.Until))
	if _, err := s.DB.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("write %s: %w", s.RunsTable(), err)
	}
	return nil
}

// quote makes a Snowflake string literal. Inside single quotes Snowflake
// treats backslash as an escape character, so both it and the quote are escaped.
func quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `'`, `''`)
	return "'" + s + "'"
}

func nullable(s string) string {
	if s == "" {
		return "null"
	}
	return quote(s)
}

func timeLit(t time.Time) string {
	if t.IsZero() {
		return "null"
	}
	return "'" + t.UTC().Format("2006-01-02 15:04:05.000000") + "'"
}
