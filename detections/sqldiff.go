package detections

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"
)

// DefaultMemoryRows is Runner.MemoryRows' default: results up to this many
// rows are diffed in the runner's memory, larger ones in the warehouse.
const DefaultMemoryRows = 100_000

func (r *Runner) memoryRows() int {
	switch {
	case r.MemoryRows < 0:
		return 0 // never in the warehouse
	case r.MemoryRows == 0:
		return DefaultMemoryRows
	}
	return r.MemoryRows
}

// warehouseDiff is a large result diffed by SQL in the warehouse: the query's
// rows go to a temporary table, keyed and hashed there exactly as keyRows
// does in memory (for VARCHAR and integer keys), and are compared with the
// state table by joins. Only the new, suppressed and removed findings reach
// the runner, so neither the result nor the state has to fit in its memory.
// The run's tables (DETECTION_RAW_<run>_<id>, DETECTION_RESULT_<run>_<id> in
// the state schema) are dropped by close.
type warehouseDiff struct {
	conn    *sql.Conn
	store   *Store
	d       *Detection
	current string // DETECTION_RESULT_<run>: key_hash, key_json, row_json per key
	tables  []string
	prev    string // the previous ok run's state rows, as a subquery
	now     time.Time
	base    bool
}

// scratchRetention turns Time Travel off for a run's scratch tables (docs:
// https://docs.snowflake.com/en/user-guide/data-time-travel, "A retention
// period of 0 days for an object effectively deactivates Time Travel for
// the object"; a transient table takes 0 or 1). The state, runs and lock
// tables (state.go) keep the default retention.
const scratchRetention = " data_retention_time_in_days = 0"

// tempName is a table name in the state schema unique to the run
// and detection.
func (s *Store) tempName(prefix, runID, detectionID string) string {
	id := strings.ToUpper(strings.NewReplacer("-", "_").Replace(runID + "_" + detectionID))
	return s.table(prefix + "_" + id)
}

// diffInWarehouse runs sqlText (whose result has columns cols) into
// temporary tables and fills res with the counts and findings of the diff
// against the previous successful run's state.
func (r *Runner) diffInWarehouse(ctx context.Context, runID string, res *Result, prev *prevRun, cols []string, sqlText string, now time.Time) (*warehouseDiff, error) {
	d := res.Detection
	keys := make([]string, len(d.Key))
	for i, k := range d.Key {
		c, ok := lookupColumn(cols, k)
		if !ok {
			return nil, fmt.Errorf("key column %s is not returned by the query (%s:%d returns %s)", k, d.Path, d.Line, strings.Join(cols, ", "))
		}
		keys[i] = ident(c)
	}
	conn, err := r.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	w := &warehouseDiff{conn: conn, store: r.State, d: d, now: now, base: r.Baseline,
		current: r.State.tempName("DETECTION_RESULT", runID, d.ID)}
	raw := r.State.tempName("DETECTION_RAW", runID, d.ID)
	fail := func(what string, err error) (*warehouseDiff, error) {
		w.close()
		return nil, fmt.Errorf("diff %s's result in the warehouse: %s: %w", d.ID, what, err)
	}
	// Transient tables (no Fail-safe storage), dropped by close: Snowflake
	// would take a temporary table too, but the local engine keeps those
	// out of named schemas. With DATA_RETENTION_TIME_IN_DAYS = 0
	// (scratchRetention) they have no Time Travel either: a run's scratch
	// rows are worth no day of Time Travel storage on an account, and the
	// local engine keeps no copy of them when close drops them (UNDROP
	// TABLE's, snowlocal/undrop.go). The detection's own query, unchanged,
	// as a CTAS (CREATE TABLE AS accepts a WITH clause, a subquery might not).
	query := strings.TrimRight(strings.TrimSpace(sqlText), ";")
	w.tables = append(w.tables, raw)
	if _, err := conn.ExecContext(ctx, "create or replace transient table "+raw+scratchRetention+" as\n"+query); err != nil {
		return fail("run the query into a temporary table", err)
	}
	var notNull, anyNull []string
	pairs := make([]string, len(cols))
	for _, k := range keys {
		notNull = append(notNull, k+" is not null")
		anyNull = append(anyNull, k+" is null")
	}
	// Pairs in the order Go's encoding/json writes a map's keys, so a row
	// stored by either path compares equal as text.
	sorted := slices.Sorted(slices.Values(cols))
	for i, c := range sorted {
		pairs[i] = quote(c) + ", " + ident(c)
	}
	var total, nulls int64
	if err := conn.QueryRowContext(ctx, "select count(*), count_if("+strings.Join(anyNull, " or ")+") from "+raw).Scan(&total, &nulls); err != nil {
		return fail("count the result", err)
	}
	res.Rows, res.NullKeys = int(total), int(nulls)
	// key_hash is keyHash: the first 16 bytes of SHA-256 over the detection
	// id, a NUL and the key values as a JSON array; the first row of a key
	// wins, as in keyRows.
	w.tables = append(w.tables, w.current)
	if _, err := conn.ExecContext(ctx, `create or replace transient table `+w.current+scratchRetention+` as
select substr(sha2(`+quote(d.ID)+` || chr(0) || key_json, 256), 1, 32) as key_hash, key_json, row_json
from (
    select to_json(array_construct(`+strings.Join(keys, ", ")+`)) as key_json,
           to_json(object_construct_keep_null(`+strings.Join(pairs, ", ")+`)) as row_json,
           row_number() over (partition by `+strings.Join(keys, ", ")+` order by `+strings.Join(keys, ", ")+`) as nth
    from `+raw+`
    where `+strings.Join(notNull, " and ")+`
) keyed
where nth = 1`); err != nil {
		return fail("key the result", err)
	}
	var distinct int64
	if err := conn.QueryRowContext(ctx, "select count(*) from "+w.current).Scan(&distinct); err != nil {
		return fail("count the keys", err)
	}
	var notes []string
	if dups := total - nulls - distinct; dups > 0 {
		notes = append(notes, fmt.Sprintf("%d rows repeat a key of an earlier row and were ignored (key: %s)", dups, strings.Join(d.Key, ", ")))
	}
	if nulls > 0 {
		notes = append(notes, fmt.Sprintf("%d rows have a NULL key column and were ignored (key: %s; filter them in the query)", nulls, strings.Join(d.Key, ", ")))
	}
	notes = append(notes, fmt.Sprintf("%d rows diffed in the warehouse", total))
	res.Note = strings.Join(notes, "; ")

	w.prev = "(select * from " + r.State.StateTable() + " where detection_id = " + quote(d.ID) + " and run_id = " + quote(prev.RunID) + ")"

	if err := conn.QueryRowContext(ctx, "select count(*) from "+w.current+" c join "+w.prev+
		" p on p.key_hash = c.key_hash where p.present and c.row_json <> p.row_json").Scan(&distinct); err != nil {
		return fail("count changed keys", err)
	}
	res.Changed = int(distinct)
	if !r.Baseline {
		// Keys not present in the previous run are added: they alert unless
		// they alerted within the dedup period.
		err := w.findings(ctx, `select c.key_json, c.row_json, p.first_seen,
    coalesce(p.last_alerted > `+timeLit(now.Add(-d.Dedup))+`, false) as suppressed
from `+w.current+` c left join `+w.prev+` p on p.key_hash = c.key_hash
where p.key_hash is null or not p.present`, func(f Finding, suppressed bool) {
			if f.FirstSeen.IsZero() {
				f.FirstSeen = now
			}
			if suppressed {
				res.Suppressed = append(res.Suppressed, f)
			} else {
				res.Alerts = append(res.Alerts, f)
			}
		})
		if err != nil {
			return fail("read new findings", err)
		}
	}
	if !d.UsesWindow() {
		err := w.findings(ctx, `select p.key_json, p.row_json, p.first_seen, false
from `+w.prev+` p left join `+w.current+` c on c.key_hash = p.key_hash
where p.present and c.key_hash is null`, func(f Finding, _ bool) { res.Removed = append(res.Removed, f) })
		if err != nil {
			return fail("read removed findings", err)
		}
	}
	sortFindings(res.Alerts)
	sortFindings(res.Suppressed)
	sortFindings(res.Removed)
	return w, nil
}

// findings streams (key_json, row_json, first_seen, flag) rows into Findings.
func (w *warehouseDiff) findings(ctx context.Context, q string, add func(Finding, bool)) error {
	rows, err := w.conn.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			keyJSON string
			rowJSON sql.NullString
			first   sql.NullTime
			flag    any
		)
		if err := rows.Scan(&keyJSON, &rowJSON, &first, &flag); err != nil {
			return err
		}
		row := decodeRow(rowJSON.String)
		add(Finding{KeyHash: keyHash(w.d.ID, keyJSON), Key: keyOf(w.d, row), Row: row, FirstSeen: first.Time}, truthy(flag))
	}
	return rows.Err()
}

// save writes the run's state by INSERT ... SELECT from the keyed result
// and the previous state, with the rules of Runner.diff: first_seen carries
// over, last_alerted moves to now for keys that alerted (or, in a baseline,
// were recorded), and absent keys stay (not present) while inside their
// dedup period. Then the run is recorded ok and older state pruned.
func (w *warehouseDiff) save(ctx context.Context, rec RunRecord) error {
	now, cut := timeLit(w.now), timeLit(w.now.Add(-w.d.Dedup))
	alerted := "case when p.present then p.last_alerted when p.last_alerted > " + cut + " then p.last_alerted else " + now + " end"
	if w.base {
		alerted = "case when p.present then p.last_alerted else " + now + " end"
	}
	cols := " (detection_id, key_hash, key_json, row_json, present, first_seen, last_seen, last_alerted, run_id)\n"
	for _, q := range []string{
		"insert into " + w.store.StateTable() + cols +
			"select " + quote(w.d.ID) + ", c.key_hash, c.key_json, c.row_json, true, coalesce(p.first_seen, " + now + "), " + now + ", " + alerted + ", " + quote(rec.RunID) +
			"\nfrom " + w.current + " c left join " + w.prev + " p on p.key_hash = c.key_hash",
		"insert into " + w.store.StateTable() + cols +
			"select " + quote(w.d.ID) + ", p.key_hash, p.key_json, p.row_json, false, p.first_seen, p.last_seen, p.last_alerted, " + quote(rec.RunID) +
			"\nfrom " + w.prev + " p left join " + w.current + " c on c.key_hash = p.key_hash\nwhere c.key_hash is null and p.last_alerted > " + cut,
	} {
		if _, err := w.conn.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("write %s: %w", w.store.StateTable(), err)
		}
	}
	return w.store.finish(ctx, rec)
}

// close drops the run's tables.
func (w *warehouseDiff) close() {
	ctx := context.Background()
	for _, t := range w.tables {
		_, _ = w.conn.ExecContext(ctx, "drop table if exists "+t)
	}
	_ = w.conn.Close()
}

// ident quotes a result column name as an identifier.
func ident(c string) string { return `"` + strings.ReplaceAll(c, `"`, `""`) + `"` }

// wasLarge reports whether the detection's last successful run returned more
// rows than fit in memory.
func (r *Runner) wasLarge(prev *prevRun) bool {
	return r.memoryRows() > 0 && prev.Rows > r.memoryRows()
}
