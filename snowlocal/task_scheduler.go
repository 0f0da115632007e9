package snowlocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
)

// schedulers holds each open engine's task scheduler.
var schedulers sync.Map // *Engine -> *scheduler

func (e *Engine) scheduler() *scheduler {
	v, _ := schedulers.Load(e)
	return v.(*scheduler)
}

// AdvanceTaskClock moves the task scheduler's clock forward by d, so that
// tests can make scheduled tasks due without waiting for them.
func (e *Engine) AdvanceTaskClock(d time.Duration) {
	sc := e.scheduler()
	sc.mu.Lock()
	sc.offset += d
	sc.mu.Unlock()
	sc.poke()
}

// scheduler runs started root tasks when their schedule says so. Each due
// root's next run is kept in memory and, as a SCHEDULED row, in the task
// history (so a restarted engine resumes the same plan).
type scheduler struct {
	e       *Engine
	history string // the TASK_HISTORY table, qualified

	mu       sync.Mutex
	offset   time.Duration        // test clock adjustment
	next     map[string]time.Time // root task key -> next scheduled run
	plan     map[string]string    // root task key -> schedule text the next run was computed from
	running  map[string]bool      // root task key -> a graph run is in progress
	failures map[string]int       // root task key -> consecutive failed runs
	wake     chan struct{}
	runs     sync.WaitGroup
}

const taskHistoryColumns = `QUERY_ID, NAME, DATABASE_NAME, SCHEMA_NAME, QUERY_TEXT, CONDITION_TEXT, STATE, ERROR_CODE,
	ERROR_MESSAGE, SCHEDULED_TIME, QUERY_START_TIME, NEXT_SCHEDULED_TIME, COMPLETED_TIME, ROOT_TASK_ID, GRAPH_VERSION,
	RUN_ID, RETURN_VALUE, SCHEDULED_FROM, ATTEMPT_NUMBER, CONFIG`

// taskHistoryUnkeptColumns are TASK_HISTORY's documented columns the engine
// does not keep. The four query hash columns are "computed based on the
// canonicalized SQL text" by logic of Snowflake's own whose version they
// name (https://docs.snowflake.com/en/sql-reference/functions/task_history,
// https://docs.snowflake.com/en/user-guide/query-hash): no value the engine
// could give would be Snowflake's, so a query reading them is refused
// (002040), raised only where the column is read. GRAPH_RUN_GROUP_ID is
// "Identifier for the graph run. When a graph run has multiple task runs,
// each task run will show the same GRAPH_RUN_GROUP_ID": the engine derives
// one from the root task's ID and the graph run's RUN_ID, which every task
// run of a graph run shares (no run is retried, so ATTEMPT_NUMBER is 1 and
// the pair is unique); a run not yet started (SCHEDULED) has no graph run,
// and whether Snowflake shows one there is not documented: refused.
// BACKFILL_INFO is documented as always NULL, and SPCS_JOB_ID is NULL for a
// task that did not run as a container job (none does locally).
var taskHistoryUnkeptColumns = `, ` + refusedTaskHistoryColumn("QUERY_HASH", "VARCHAR") + `,
	` + refusedTaskHistoryColumn("QUERY_HASH_VERSION", "BIGINT") + `,
	` + refusedTaskHistoryColumn("QUERY_PARAMETERIZED_HASH", "VARCHAR") + `,
	` + refusedTaskHistoryColumn("QUERY_PARAMETERIZED_HASH_VERSION", "BIGINT") + `,
	CAST(CASE WHEN STATE = 'SCHEDULED' THEN error('Unsupported feature: TASK_HISTORY''s GRAPH_RUN_GROUP_ID of a run not yet started in the local engine.')
		ELSE regexp_replace(md5(ROOT_TASK_ID || '/' || RUN_ID), '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '\1-\2-\3-\4-\5') END AS VARCHAR) AS GRAPH_RUN_GROUP_ID,
	NULL::JSON AS BACKFILL_INFO, NULL::BIGINT AS SPCS_JOB_ID`

// taskHistoryColumnNames are TASK_HISTORY's columns in order.
func taskHistoryColumnNames() []string {
	var out []string
	for _, c := range strings.Split(taskHistoryColumns, ",") {
		out = append(out, strings.TrimSpace(c))
	}
	return append(out, "QUERY_HASH", "QUERY_HASH_VERSION", "QUERY_PARAMETERIZED_HASH", "QUERY_PARAMETERIZED_HASH_VERSION",
		"GRAPH_RUN_GROUP_ID", "BACKFILL_INFO", "SPCS_JOB_ID")
}

// refusedTaskHistoryColumn is TASK_HISTORY's column name of type typ, whose
// reading is refused for every row (the row's NAME is never NULL: the
// condition keeps DuckDB from raising the error while planning).
func refusedTaskHistoryColumn(name, typ string) string {
	return `CAST(CASE WHEN NAME IS NOT NULL THEN error('Unsupported feature: TASK_HISTORY''s ` + name +
		` (computed by Snowflake from the canonicalized statement text) in the local engine.') END AS ` + typ + `) AS ` + name
}

func newScheduler(ctx context.Context, e *Engine) (*scheduler, error) {
	sc := &scheduler{e: e, history: e.meta + ".TASK_HISTORY", next: map[string]time.Time{}, plan: map[string]string{},
		running: map[string]bool{}, failures: map[string]int{}, wake: make(chan struct{}, 1)}
	if _, err := e.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+sc.history+` (
		QUERY_ID VARCHAR, NAME VARCHAR, DATABASE_NAME VARCHAR, SCHEMA_NAME VARCHAR, QUERY_TEXT VARCHAR,
		CONDITION_TEXT VARCHAR, STATE VARCHAR, ERROR_CODE VARCHAR, ERROR_MESSAGE VARCHAR, SCHEDULED_TIME TIMESTAMPTZ,
		QUERY_START_TIME TIMESTAMPTZ, NEXT_SCHEDULED_TIME TIMESTAMPTZ, COMPLETED_TIME TIMESTAMPTZ, ROOT_TASK_ID VARCHAR,
		GRAPH_VERSION BIGINT, RUN_ID BIGINT, RETURN_VALUE VARCHAR, SCHEDULED_FROM VARCHAR, ATTEMPT_NUMBER BIGINT, CONFIG VARCHAR)`); err != nil {
		return nil, fmt.Errorf("create task history: %w", err)
	}
	// Runs that were executing when the engine stopped never finished.
	if _, err := e.db.ExecContext(ctx, `UPDATE `+sc.history+` SET STATE = 'CANCELLED', COMPLETED_TIME = now(),
		ERROR_MESSAGE = 'the local engine stopped during the run' WHERE STATE = 'EXECUTING'`); err != nil {
		return nil, fmt.Errorf("task history: %w", err)
	}
	// Started tasks keep their planned next run across restarts.
	tasks, err := e.listTasks(ctx, "", "")
	if err != nil {
		return nil, err
	}
	for _, t := range tasks {
		if !t.started() || !t.isRoot() || t.schedule() == "" {
			continue
		}
		var at sql.NullTime
		err := e.db.QueryRowContext(ctx, `SELECT max(SCHEDULED_TIME) FROM `+sc.history+`
			WHERE STATE = 'SCHEDULED' AND DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`, t.Database, t.Schema, t.Name).Scan(&at)
		if err != nil {
			return nil, err
		}
		if at.Valid {
			sc.next[t.key()], sc.plan[t.key()] = at.Time, t.schedule()
		} else if err := sc.scheduleAfter(ctx, t, sc.now()); err != nil {
			return nil, err
		}
	}
	return sc, nil
}

func (sc *scheduler) now() time.Time {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return time.Now().Add(sc.offset)
}

func (sc *scheduler) poke() {
	select {
	case sc.wake <- struct{}{}:
	default:
	}
}

// reschedule brings a task's plan in line with its state and schedule.
func (sc *scheduler) reschedule(ctx context.Context, t *task) error {
	if !t.started() || !t.isRoot() || t.schedule() == "" {
		sc.unschedule(ctx, t)
		return nil
	}
	sc.mu.Lock()
	same := sc.plan[t.key()] == t.schedule()
	sc.mu.Unlock()
	if same {
		return nil
	}
	return sc.scheduleAfter(ctx, t, sc.now())
}

// scheduleAfter plans a root task's next run after t0.
func (sc *scheduler) scheduleAfter(ctx context.Context, t *task, t0 time.Time) error {
	sch, err := parseSchedule(t.schedule())
	if err != nil {
		return err
	}
	next := sch.next(t0)
	if now := sc.now(); !next.After(now) {
		next = sch.next(now) // runs missed while the engine was down are skipped, as in Snowflake
	}
	if next.IsZero() {
		sc.unschedule(ctx, t)
		return nil
	}
	if _, err := sc.e.db.ExecContext(ctx, `DELETE FROM `+sc.history+` WHERE STATE = 'SCHEDULED' AND DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`,
		t.Database, t.Schema, t.Name); err != nil {
		return err
	}
	if _, err := sc.e.db.ExecContext(ctx, `INSERT INTO `+sc.history+` (QUERY_ID, NAME, DATABASE_NAME, SCHEMA_NAME, QUERY_TEXT,
		CONDITION_TEXT, STATE, SCHEDULED_TIME, ROOT_TASK_ID, GRAPH_VERSION, RUN_ID, SCHEDULED_FROM, ATTEMPT_NUMBER)
		VALUES (NULL, ?, ?, ?, ?, ?, 'SCHEDULED', ?, ?, 1, ?, 'SCHEDULE', 1)`,
		t.Name, t.Database, t.Schema, t.Props["DEFINITION"], nullString(t.Props["CONDITION"]), next, t.Props["ID"], next.UnixMilli()); err != nil {
		return err
	}
	sc.mu.Lock()
	sc.next[t.key()], sc.plan[t.key()] = next, t.schedule()
	sc.mu.Unlock()
	sc.poke()
	return nil
}

func (sc *scheduler) unschedule(ctx context.Context, t *task) {
	sc.mu.Lock()
	delete(sc.next, t.key())
	delete(sc.plan, t.key())
	sc.mu.Unlock()
	if _, err := sc.e.db.ExecContext(ctx, `DELETE FROM `+sc.history+` WHERE STATE = 'SCHEDULED' AND DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`,
		t.Database, t.Schema, t.Name); err != nil {
		slog.Warn("snowlocal: task history", "task", t.key(), "err", err)
	}
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// loop is the scheduler's background worker: it starts due task graphs.
func (sc *scheduler) loop(ctx context.Context) {
	defer sc.runs.Wait()
	for {
		// (Checked before the due tasks too: a dispatch that fails, as
		// every one does once ctx is cancelled, leaves its task due, and
		// the loop spun on it logging a warning per turn instead of
		// returning, so that closing the engine never finished.)
		if ctx.Err() != nil {
			return
		}
		sc.mu.Lock()
		now := time.Now().Add(sc.offset)
		var due []string
		wait := time.Second
		for k, at := range sc.next {
			if !at.After(now) {
				due = append(due, k)
			} else if d := at.Sub(now); d < wait {
				wait = d
			}
		}
		sc.mu.Unlock()
		for _, k := range due {
			sc.dispatch(ctx, k)
		}
		if len(due) > 0 {
			continue
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return
		case <-sc.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// dispatch starts the due run of a root task and plans the next one.
func (sc *scheduler) dispatch(ctx context.Context, key string) {
	sc.mu.Lock()
	scheduled := sc.next[key]
	sc.mu.Unlock()
	t, ok, err := sc.e.taskByKey(ctx, key)
	if err != nil {
		if ctx.Err() == nil {
			slog.Warn("snowlocal: task scheduler", "task", key, "err", err)
			// Tried again in a second, not at once (the loop would spin).
			sc.mu.Lock()
			if at, due := sc.next[key]; due && at.Equal(scheduled) {
				sc.next[key] = time.Now().Add(sc.offset + time.Second)
			}
			sc.mu.Unlock()
		}
		return
	}
	if !ok || !t.started() || !t.isRoot() || t.schedule() == "" {
		if !ok { // dropped with its database or schema
			parts := strings.SplitN(key, ".", 3)
			t = &task{Object: Object{Database: parts[0], Schema: parts[1], Name: parts[len(parts)-1]}}
		}
		sc.unschedule(ctx, t)
		return
	}
	if err := sc.scheduleAfter(ctx, t, scheduled); err != nil {
		slog.Warn("snowlocal: task scheduler", "task", key, "err", err)
		sc.unschedule(ctx, t)
	}
	sc.runs.Add(1)
	go func() {
		defer sc.runs.Done()
		sc.runGraph(ctx, t, scheduled, "SCHEDULE")
	}()
}

// runGraph runs a root task, then each started task whose predecessors
// all succeeded in this run.
func (sc *scheduler) runGraph(ctx context.Context, root *task, scheduled time.Time, from string) {
	key := root.key()
	sc.mu.Lock()
	if sc.running[key] && !strings.EqualFold(root.Props["ALLOW_OVERLAPPING_EXECUTION"], "TRUE") {
		sc.mu.Unlock()
		qid := newQueryID()
		sc.insertRun(ctx, qid, root, root, scheduled, sc.now(), from, scheduled.UnixMilli())
		sc.finishRun(ctx, qid, "SKIPPED", errors.New("the previous run of the task graph is still executing"), sc.now())
		return
	}
	sc.running[key] = true
	sc.mu.Unlock()
	defer func() {
		sc.mu.Lock()
		delete(sc.running, key)
		sc.mu.Unlock()
	}()

	runID := scheduled.UnixMilli()
	state := sc.runTask(ctx, root, root, scheduled, from, runID)
	sc.countFailures(ctx, root, state)
	if state != "SUCCEEDED" {
		return
	}
	tasks, err := sc.e.listTasks(ctx, root.Database, root.Schema)
	if err != nil {
		slog.Warn("snowlocal: task graph", "task", key, "err", err)
		return
	}
	succeeded := map[string]bool{key: true}
	ran := map[string]bool{key: true}
	for progress := true; progress; {
		progress = false
		for _, t := range tasks {
			if ran[t.key()] || !t.started() || t.isRoot() {
				continue
			}
			ready := true
			for _, p := range t.after {
				ready = ready && succeeded[p]
			}
			if !ready {
				continue
			}
			ran[t.key()], progress = true, true
			if sc.runTask(ctx, root, t, scheduled, from, runID) == "SUCCEEDED" {
				succeeded[t.key()] = true
			}
		}
	}
}

// countFailures suspends a root task after SUSPEND_TASK_AFTER_NUM_FAILURES
// consecutive failed runs (default 10, 0 = never).
func (sc *scheduler) countFailures(ctx context.Context, root *task, state string) {
	limit := 10
	if v, err := strconv.Atoi(root.Props["SUSPEND_TASK_AFTER_NUM_FAILURES"]); err == nil {
		limit = v
	}
	sc.mu.Lock()
	if state == "FAILED" {
		sc.failures[root.key()]++
	} else if state == "SUCCEEDED" {
		sc.failures[root.key()] = 0
	}
	n := sc.failures[root.key()]
	sc.mu.Unlock()
	if limit <= 0 || n < limit {
		return
	}
	t, ok, err := sc.e.taskByKey(ctx, root.key())
	if err != nil || !ok || !t.started() {
		return
	}
	t.Props["STATE"] = "suspended"
	t.Props["LAST_SUSPENDED_ON"] = sc.now().Format(time.RFC3339Nano)
	t.Props["LAST_SUSPENDED_REASON"] = fmt.Sprintf("SUSPENDED_DUE_TO_ERRORS (%d consecutive failed runs)", n)
	if err := sc.e.PutObject(ctx, t.Object); err == nil {
		sc.unschedule(ctx, t)
		slog.Warn("snowlocal: task suspended after consecutive failures", "task", t.key(), "failures", n)
	}
}

// runTask runs one task in a fresh session in the task's database and
// schema and records the run; it returns the run's state.
func (sc *scheduler) runTask(ctx context.Context, root, t *task, scheduled time.Time, from string, runID int64) string {
	qid := newQueryID()
	start := sc.now()
	sc.insertRun(ctx, qid, root, t, scheduled, start, from, runID)
	state, err := sc.execute(ctx, t)
	sc.finishRun(ctx, qid, state, err, start)
	if err != nil {
		slog.Info("snowlocal: task run failed", "task", t.key(), "err", err)
	}
	return state
}

func (sc *scheduler) execute(ctx context.Context, t *task) (string, error) {
	// A task runs as its owner role, which must hold EXECUTE TASK (access.go).
	full := t.Database + "." + t.Schema + "." + t.Name
	s, err := sc.e.NewSession(ctx, "SYSTEM", t.Database, t.Schema, sc.e.ownerOf("TASK", full), t.Props["WAREHOUSE"])
	if err != nil {
		return "FAILED", err
	}
	defer s.Close()
	if err := s.checkTaskOwner(full); err != nil {
		return "FAILED", err
	}
	if s.Database != t.Database {
		return "FAILED", Errorf(CodeNotExist, "02000", "Database '%s' does not exist or not authorized.", t.Database)
	}
	if cond := t.Props["CONDITION"]; cond != "" {
		res, err := s.Exec(ctx, "SELECT ("+cond+")", nil)
		if err != nil {
			return "FAILED", err
		}
		if len(res.Rows) != 1 || len(res.Rows[0]) != 1 || res.Rows[0][0] == nil || *res.Rows[0][0] != "1" {
			return "SKIPPED", nil
		}
	}
	if _, err := s.Exec(ctx, t.Props["DEFINITION"], nil); err != nil {
		return "FAILED", err
	}
	return "SUCCEEDED", nil
}

func (sc *scheduler) insertRun(ctx context.Context, qid string, root, t *task, scheduled, start time.Time, from string, runID int64) {
	sc.mu.Lock()
	next, hasNext := sc.next[root.key()]
	sc.mu.Unlock()
	var nextAt any
	if hasNext && t == root {
		nextAt = next
	}
	if _, err := sc.e.db.ExecContext(ctx, `INSERT INTO `+sc.history+` (QUERY_ID, NAME, DATABASE_NAME, SCHEMA_NAME, QUERY_TEXT,
		CONDITION_TEXT, STATE, SCHEDULED_TIME, QUERY_START_TIME, NEXT_SCHEDULED_TIME, ROOT_TASK_ID, GRAPH_VERSION, RUN_ID,
		SCHEDULED_FROM, ATTEMPT_NUMBER, CONFIG) VALUES (?, ?, ?, ?, ?, ?, 'EXECUTING', ?, ?, ?, ?, 1, ?, ?, 1, ?)`,
		qid, t.Name, t.Database, t.Schema, t.Props["DEFINITION"], nullString(t.Props["CONDITION"]), scheduled, start, nextAt,
		root.Props["ID"], runID, from, nullString(root.Props["CONFIG"])); err != nil {
		slog.Warn("snowlocal: task history", "task", t.key(), "err", err)
	}
}

func (sc *scheduler) finishRun(ctx context.Context, qid, state string, runErr error, start time.Time) {
	code, msg := errorParts(runErr)
	var started any = start
	if state == "SKIPPED" {
		started = nil
	}
	if _, err := sc.e.db.ExecContext(context.WithoutCancel(ctx), `UPDATE `+sc.history+` SET STATE = ?, ERROR_CODE = ?, ERROR_MESSAGE = ?,
		QUERY_START_TIME = ?, COMPLETED_TIME = ? WHERE QUERY_ID = ?`, state, code, msg, started, sc.now(), qid); err != nil {
		slog.Warn("snowlocal: task history", "query_id", qid, "err", err)
	}
}

func errorParts(err error) (code, msg any) {
	if err == nil {
		return nil, nil
	}
	var se *Error
	if errors.As(err, &se) {
		return nullString(se.Code), se.Message
	}
	return nil, err.Error()
}

// taskHistoryFunction is INFORMATION_SCHEMA.TASK_HISTORY(...): the account's
// task runs, newest first, including the next SCHEDULED run of started tasks.
func taskHistoryFunction(s *Session, qualifier []string, args []string) (string, error) {
	sc := s.e.scheduler()
	where := []string{"TRUE"}
	limit := "100"
	named := map[string]bool{}
	for _, a := range args {
		i := strings.Index(a, " := ")
		if i < 0 {
			return "", Errorf("001044", "42P13", "SQL compilation error:\nTASK_HISTORY takes named arguments only (NAME => value)")
		}
		name, v := strings.ToUpper(strings.Trim(a[:i], `"`)), a[i+4:]
		switch name {
		case "SCHEDULED_TIME_RANGE_START":
			where = append(where, "SCHEDULED_TIME >= CAST(("+v+") AS TIMESTAMPTZ)")
		case "SCHEDULED_TIME_RANGE_END":
			where = append(where, "SCHEDULED_TIME < CAST(("+v+") AS TIMESTAMPTZ)")
		case "TASK_NAME":
			where = append(where, "upper(NAME) = upper(CAST(("+v+") AS VARCHAR))")
		case "ROOT_TASK_ID":
			where = append(where, "ROOT_TASK_ID = CAST(("+v+") AS VARCHAR)")
		case "ERROR_ONLY":
			where = append(where, "(NOT CAST(("+v+") AS BOOLEAN) OR STATE IN ('FAILED', 'CANCELLED'))")
		case "RESULT_LIMIT":
			limit = "CAST((" + v + ") AS BIGINT)"
		case "DATABASE_NAME", "SCHEMA_NAME":
			// Case-insensitive, unless the string holds a double-quoted name.
			where = append(where, `CASE WHEN regexp_full_match(CAST((`+v+`) AS VARCHAR), '".*"') THEN `+name+` = replace(trim(CAST((`+v+
				`) AS VARCHAR), '"'), '""', '"') ELSE upper(`+name+`) = upper(CAST((`+v+`) AS VARCHAR)) END`)
			named[name] = true
		default:
			return "", Errorf("001044", "42P13", "SQL compilation error:\nTASK_HISTORY has no argument %s", name)
		}
	}
	if named["SCHEMA_NAME"] && !named["DATABASE_NAME"] {
		return "", Errorf("001044", "42P13", "SQL compilation error:\nTASK_HISTORY: SCHEMA_NAME requires DATABASE_NAME")
	}
	// The arguments and RESULT_LIMIT apply first; the unkept columns are
	// computed over what is left, so that a query's WHERE applies before a
	// row's refused column is evaluated.
	order := " ORDER BY SCHEDULED_TIME DESC, QUERY_START_TIME DESC NULLS FIRST"
	// The times are TIMESTAMP_LTZ(3) (info_schema_scale.go): whole
	// milliseconds, before the arguments compare them.
	kept := "(SELECT * REPLACE (date_trunc('millisecond', SCHEDULED_TIME) AS SCHEDULED_TIME, date_trunc('millisecond', QUERY_START_TIME) AS QUERY_START_TIME, " +
		"date_trunc('millisecond', NEXT_SCHEDULED_TIME) AS NEXT_SCHEDULED_TIME, date_trunc('millisecond', COMPLETED_TIME) AS COMPLETED_TIME) FROM " + sc.history + ")"
	return "(SELECT " + taskHistoryColumns + taskHistoryUnkeptColumns + " FROM (SELECT " + taskHistoryColumns + " FROM " + kept +
		" WHERE " + strings.Join(where, " AND ") + order + " LIMIT " + limit + ")" + order + ")", nil
}
