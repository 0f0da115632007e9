package snowlocal

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Tasks: CREATE TASK ... [SCHEDULE = ...] [AFTER ...] [WHEN ...] AS <sql>.
//
// Tasks are kept in the engine catalog; the scheduler (task_scheduler.go)
// runs started root tasks when due, each run in a fresh internal session in
// the task's database and schema: WHEN first (false: the run is SKIPPED), then
// the definition, then, if it succeeded, the tasks that run AFTER it. Runs are
// recorded for INFORMATION_SCHEMA.TASK_HISTORY.

func init() {
	extensions = append(extensions, installTasks)
	systemFunctions["SYSTEM$TASK_DEPENDENTS_ENABLE"] = taskDependentsEnable
	tableFunctions["TASK_HISTORY"] = taskHistoryFunction
}

func installTasks(ctx context.Context, e *Engine) error {
	sc, err := newScheduler(ctx, e)
	if err != nil {
		return err
	}
	schedulers.Store(e, sc)
	e.OnClose(func() error { schedulers.Delete(e); return nil })
	e.AddWorker(sc.loop)
	e.Register("CREATE TASK", cmdCreateTask)
	e.Register("ALTER TASK", cmdAlterTask)
	e.Register("DROP TASK", cmdDropTask)
	e.Register("EXECUTE TASK", cmdExecuteTask)
	e.Register("SHOW TASKS", cmdShowTasks)
	e.Register("SHOW TERSE TASKS", cmdShowTasks)
	e.Register("DESC TASK", cmdDescTask)
	e.Register("DESCRIBE TASK", cmdDescTask)
	return nil
}

// task is a task's catalog entry. Props hold the task's parameters as
// written (WAREHOUSE, SCHEDULE, COMMENT, session parameters...) and the
// engine's: ID, STATE (started/suspended), CONDITION, DEFINITION, AFTER (a
// JSON list of qualified predecessor names).
type task struct {
	Object
	after []string
}

func taskFromObject(o Object) *task {
	t := &task{Object: o}
	if a := o.Props["AFTER"]; a != "" {
		json.Unmarshal([]byte(a), &t.after)
	}
	return t
}

func (t *task) key() string      { return t.Database + "." + t.Schema + "." + t.Name }
func (t *task) started() bool    { return t.Props["STATE"] == "started" }
func (t *task) isRoot() bool     { return len(t.after) == 0 }
func (t *task) schedule() string { return t.Props["SCHEDULE"] }

func (t *task) setAfter(after []string) {
	t.after = after
	if len(after) == 0 {
		delete(t.Props, "AFTER")
		return
	}
	b, _ := json.Marshal(after)
	t.Props["AFTER"] = string(b)
}

func (e *Engine) getTask(ctx context.Context, db, schema, name string) (*task, bool, error) {
	o, ok, err := e.GetObject(ctx, "TASK", db, schema, name)
	if err != nil || !ok {
		return nil, false, err
	}
	return taskFromObject(o), true, nil
}

func (e *Engine) listTasks(ctx context.Context, db, schema string) ([]*task, error) {
	objs, err := e.ListObjects(ctx, "TASK", db, schema)
	if err != nil {
		return nil, err
	}
	out := make([]*task, len(objs))
	for i, o := range objs {
		out[i] = taskFromObject(o)
	}
	return out, nil
}

// taskByKey finds a task by its qualified key "DB.SCHEMA.NAME".
func (e *Engine) taskByKey(ctx context.Context, key string) (*task, bool, error) {
	parts := strings.SplitN(key, ".", 3)
	if len(parts) != 3 {
		return nil, false, nil
	}
	return e.getTask(ctx, parts[0], parts[1], parts[2])
}

func taskNotFound(n fmt.Stringer) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nTask '%s' does not exist or not authorized.", n)
}

// resolveTask resolves a task name read by c.
func (s *Session) resolveTask(ctx context.Context, c *cursor) (*task, objectName, error) {
	n, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, n, err
	}
	t, ok, err := s.e.getTask(ctx, db, schema, name)
	if err != nil {
		return nil, n, err
	}
	if !ok {
		return nil, n, taskNotFound(n)
	}
	return t, n, nil
}

// predecessors reads AFTER's task list and checks each exists in the
// task's schema (all tasks of a graph live in one schema).
func (s *Session) predecessors(ctx context.Context, c *cursor, db, schema, self string) ([]string, error) {
	var out []string
	for {
		n, pdb, pschema, pname, err := s.objectArg(c)
		if err != nil {
			return nil, err
		}
		if pdb != db || pschema != schema {
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nTask %s and its predecessor %s must be in the same schema.", self, n)
		}
		if pname == self {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nTask %s cannot run after itself.", self)
		}
		if _, ok, err := s.e.getTask(ctx, pdb, pschema, pname); err != nil {
			return nil, err
		} else if !ok {
			return nil, taskNotFound(n)
		}
		out = append(out, pdb+"."+pschema+"."+pname)
		if !c.acceptOp(",") {
			return out, nil
		}
	}
}

// createsCycle reports whether making t run after preds closes a loop.
func (e *Engine) createsCycle(ctx context.Context, t *task, preds []string) (bool, error) {
	tasks, err := e.listTasks(ctx, t.Database, t.Schema)
	if err != nil {
		return false, err
	}
	after := map[string][]string{}
	for _, o := range tasks {
		after[o.key()] = o.after
	}
	after[t.key()] = preds
	seen := map[string]bool{}
	var walk func(k string) bool
	walk = func(k string) bool {
		if k == t.key() {
			return true
		}
		if seen[k] {
			return false
		}
		seen[k] = true
		for _, p := range after[k] {
			if walk(p) {
				return true
			}
		}
		return false
	}
	for _, p := range preds {
		if walk(p) {
			return true, nil
		}
	}
	return false, nil
}

func cmdCreateTask(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "TASK")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	props := c.properties("AFTER", "WHEN", "AS")
	var after []string
	if c.accept("AFTER") {
		if after, err = s.predecessors(ctx, c, db, schema, name); err != nil {
			return nil, err
		}
	}
	// Parameters may also follow AFTER.
	for k, v := range c.properties("WHEN", "AS") {
		props[k] = v
	}
	if c.accept("WHEN") {
		props["CONDITION"] = c.span(func(w string) bool { return w == "AS" })
		if props["CONDITION"] == "" {
			return nil, syntaxError(c, "a condition after WHEN")
		}
	}
	if !c.accept("AS") {
		return nil, syntaxError(c, "AS <sql statement>")
	}
	props["DEFINITION"] = c.rest()
	if props["DEFINITION"] == "" {
		return nil, syntaxError(c, "the task's SQL statement after AS")
	}
	if sch := props["SCHEDULE"]; sch != "" {
		if len(after) > 0 {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nTask %s cannot have both a SCHEDULE and predecessors (AFTER).", name)
		}
		if _, err := parseSchedule(sch); err != nil {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
		}
	}
	if _, ok, err := s.e.lookupDatabase(ctx, db); err != nil {
		return nil, err
	} else if !ok {
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", db)
	}
	if exists, err := s.e.schemaExists(ctx, db, schema); err != nil {
		return nil, err
	} else if !exists {
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nSchema '%s.%s' does not exist or not authorized.", db, schema)
	}
	old, exists, err := s.e.getTask(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if exists {
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
	}
	props["STATE"] = "suspended"
	props["ID"] = newQueryID()
	props["CREATED_BY_USER"] = s.userName() // SHOW TASKS' created_by_user
	t := &task{Object: Object{Kind: "TASK", Database: db, Schema: schema, Name: name, Props: props, SQL: c.text, Owner: s.Role}}
	t.setAfter(after)
	if cyc, err := s.e.createsCycle(ctx, t, after); err != nil {
		return nil, err
	} else if cyc {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nTask %s would make a cycle in its task graph.", name)
	}
	sc := s.e.scheduler()
	if exists {
		// A replaced task keeps its children and starts suspended.
		sc.unschedule(ctx, old)
	}
	if err := s.e.PutObject(ctx, t.Object); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Task %s successfully created.", name)), nil
}

func cmdAlterTask(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "TASK")
	ifExists := c.accept("IF", "EXISTS")
	t, _, err := s.resolveTask(ctx, c)
	if err != nil {
		if ifExists {
			if se, ok := err.(*Error); ok && se.Code == CodeNotExist {
				return statusResult("Statement executed successfully."), nil
			}
		}
		return nil, err
	}
	sc := s.e.scheduler()
	switch {
	case c.accept("RESUME"):
		t.Props["STATE"] = "started"
	case c.accept("SUSPEND"):
		t.Props["STATE"] = "suspended"
		t.Props["LAST_SUSPENDED_ON"] = sc.now().Format(time.RFC3339Nano)
		t.Props["LAST_SUSPENDED_REASON"] = "USER_SUSPENDED"
	case c.accept("SET"):
		for k, v := range c.properties() {
			if k == "SCHEDULE" {
				if !t.isRoot() {
					return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nTask %s runs after other tasks and cannot have a SCHEDULE.", t.Name)
				}
				if _, err := parseSchedule(v); err != nil {
					return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
				}
			}
			t.Props[k] = v
		}
	case c.accept("UNSET"):
		for !c.done() {
			if w := c.word(0); w != "" {
				delete(t.Props, w)
			}
			c.pos++
		}
	case c.accept("ADD", "AFTER"):
		preds, err := s.predecessors(ctx, c, t.Database, t.Schema, t.Name)
		if err != nil {
			return nil, err
		}
		if t.schedule() != "" {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nTask %s has a SCHEDULE and cannot run after other tasks.", t.Name)
		}
		merged := t.after
		for _, p := range preds {
			if !contains(merged, p) {
				merged = append(merged, p)
			}
		}
		if cyc, err := s.e.createsCycle(ctx, t, merged); err != nil {
			return nil, err
		} else if cyc {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nTask %s would make a cycle in its task graph.", t.Name)
		}
		t.setAfter(merged)
	case c.accept("REMOVE", "AFTER"):
		var keep []string
		preds := map[string]bool{}
		for {
			_, db, schema, name, err := s.objectArg(c)
			if err != nil {
				return nil, err
			}
			preds[db+"."+schema+"."+name] = true
			if !c.acceptOp(",") {
				break
			}
		}
		for _, p := range t.after {
			if !preds[p] {
				keep = append(keep, p)
			}
		}
		t.setAfter(keep)
	case c.accept("MODIFY", "AS"):
		if t.Props["DEFINITION"] = c.rest(); t.Props["DEFINITION"] == "" {
			return nil, syntaxError(c, "a SQL statement")
		}
	case c.accept("MODIFY", "WHEN"):
		if t.Props["CONDITION"] = c.rest(); t.Props["CONDITION"] == "" {
			return nil, syntaxError(c, "a condition")
		}
	case c.accept("REMOVE", "WHEN"):
		delete(t.Props, "CONDITION")
	default:
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported ALTER TASK action %s in the local engine.", c.where())
	}
	if err := s.e.PutObject(ctx, t.Object); err != nil {
		return nil, err
	}
	if err := sc.reschedule(ctx, t); err != nil {
		return nil, err
	}
	return statusResult("Statement executed successfully."), nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func cmdDropTask(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "TASK")
	ifExists := c.accept("IF", "EXISTS")
	t, n, err := s.resolveTask(ctx, c)
	if err != nil {
		if se, ok := err.(*Error); ok && se.Code == CodeNotExist {
			return dropMissing(n.last(), ifExists, err)
		}
		return nil, err
	}
	s.e.scheduler().unschedule(ctx, t)
	if _, err := s.e.DeleteObject(ctx, "TASK", t.Database, t.Schema, t.Name); err != nil {
		return nil, err
	}
	// Its children no longer run after it (Snowflake makes them standalone).
	tasks, err := s.e.listTasks(ctx, t.Database, t.Schema)
	if err != nil {
		return nil, err
	}
	for _, child := range tasks {
		if contains(child.after, t.key()) {
			var keep []string
			for _, p := range child.after {
				if p != t.key() {
					keep = append(keep, p)
				}
			}
			child.setAfter(keep)
			if err := s.e.PutObject(ctx, child.Object); err != nil {
				return nil, err
			}
		}
	}
	return dropped(t.Name), nil
}

// cmdExecuteTask runs a root task's graph now. Snowflake queues the run and
// returns at once; the local engine returns when the run has finished, so
// scripts and tests can look at its effects (and at TASK_HISTORY) right away.
// The statement succeeds whatever the run's outcome, as in Snowflake.
func cmdExecuteTask(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("EXECUTE", "TASK")
	t, _, err := s.resolveTask(ctx, c)
	if err != nil {
		return nil, err
	}
	if !t.isRoot() {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nTask %s runs after other tasks; EXECUTE TASK runs a standalone task or the root task of a graph.", t.Name)
	}
	sc := s.e.scheduler()
	sc.runGraph(ctx, t, sc.now(), "EXECUTE_TASK")
	return statusResult(fmt.Sprintf("Task %s is scheduled to run immediately.", t.Name)), nil
}

// taskShowColumns are SHOW TASKS' and DESCRIBE TASK's columns in the order
// of the live-measured reference mlorek/frostlake ("The task listing live
// emits, column for column": engine/src/main/java/dev/frostlake/executor/
// ShowPipelineExecutor.java, taskColumns); docs show-tasks (Output) lists
// the same columns, with no budget column. predecessors is an ARRAY
// (showArrayColumns).
var taskShowColumns = []string{"created_on", "name", "id", "database_name", "schema_name", "owner", "comment", "warehouse",
	"schedule", "predecessors", "state", "definition", "condition", "allow_overlapping_execution", "error_integration",
	"last_committed_on", "last_suspended_on", "owner_role_type", "config", "task_relations", "last_suspended_reason",
	"success_integration", "scheduling_mode", "target_completion_interval", "execute_as_user", "overlap_policy",
	"created_by_user"}

// taskNotApplicable is what a task column that does not apply to the row
// reads: the text null, not a SQL NULL (frostlake ShowPipelineExecutor,
// NOT_APPLICABLE: a child task's allow_overlapping_execution, an unset
// error_integration and success_integration).
const taskNotApplicable = "null"

func taskRow(tbl *table, t *task) {
	preds := "[]"
	if len(t.after) > 0 {
		b, _ := json.MarshalIndent(t.after, "", "  ")
		preds = string(b)
	}
	// A task without predecessors lists an empty array (docs show-tasks,
	// task_relations: "If the task has no predecessors, this is an empty
	// array").
	relations, _ := json.Marshal(map[string]any{"Predecessors": append([]string{}, t.after...)})
	var suspended any
	if v := t.Props["LAST_SUSPENDED_ON"]; v != "" {
		if ts, err := time.Parse(time.RFC3339Nano, v); err == nil {
			suspended = ts // a TIMESTAMP_LTZ(3) (commands.go: showTimeColumns)
		}
	}
	// A child task has no overlap setting of its own: allow_overlapping_execution
	// reads null and overlap_policy NULL (docs show-tasks: "For child tasks
	// in a task graph, displays NULL"; frostlake taskRow); a root task's
	// overlap_policy is ALLOW_CHILD_OVERLAP or NO_OVERLAP.
	overlap := strings.ToLower(orDefault(t.Props["ALLOW_OVERLAPPING_EXECUTION"], "false"))
	policy := any(boolYN(overlap == "true", "ALLOW_CHILD_OVERLAP", "NO_OVERLAP"))
	if len(t.after) > 0 {
		overlap, policy = taskNotApplicable, nil
	}
	tbl.add(t.CreatedOn, t.Name, t.Props["ID"], t.Database, t.Schema, t.Owner, t.Props["COMMENT"], t.Props["WAREHOUSE"],
		nilIfEmpty(t.schedule()), preds, t.Props["STATE"], t.Props["DEFINITION"], nilIfEmpty(t.Props["CONDITION"]),
		overlap, orDefault(t.Props["ERROR_INTEGRATION"], taskNotApplicable),
		nil, suspended, "ROLE", nilIfEmpty(t.Props["CONFIG"]), string(relations), nilIfEmpty(t.Props["LAST_SUSPENDED_REASON"]),
		orDefault(t.Props["SUCCESS_INTEGRATION"], taskNotApplicable), nil, nilIfEmpty(t.Props["TARGET_COMPLETION_INTERVAL"]), nil,
		policy, nilIfEmpty(t.Props["CREATED_BY_USER"]))
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func cmdShowTasks(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW")
	terse := c.accept("TERSE")
	c.accept("TASKS")
	sc, err := parseShowScopeInDatabase(s, c)
	if err != nil {
		return nil, err
	}
	tasks, err := s.e.listTasks(ctx, sc.database, sc.schema)
	if err != nil {
		return nil, err
	}
	tbl := newTable(taskShowColumns...)
	for _, t := range tasks {
		if sc.match(t.Name) {
			taskRow(tbl, t)
		}
	}
	if terse {
		// The five TERSE columns and schedule, kind NULL (docs show-tasks,
		// TERSE: "kind (shows NULL for all task records)"; frostlake
		// ShowModifierProfile, live-measured: "Same six-column shape, the
		// extra one being schedule; kind is null").
		tbl = tbl.terse([]string{"created_on", "name", "kind", "database_name", "schema_name", "schedule"}, nil, nil)
	}
	return tbl.result(), nil
}

func cmdDescTask(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // DESC / DESCRIBE
	c.accept("TASK")
	t, _, err := s.resolveTask(ctx, c)
	if err != nil {
		return nil, err
	}
	tbl := newTable(taskShowColumns...)
	taskRow(tbl, t)
	return tbl.result(), nil
}

// taskDependentsEnable is SYSTEM$TASK_DEPENDENTS_ENABLE('root'): resume a
// task and every task that runs after it, recursively.
func taskDependentsEnable(ctx context.Context, s *Session, args []string) (string, error) {
	if len(args) != 1 {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nSYSTEM$TASK_DEPENDENTS_ENABLE takes one argument, the root task name")
	}
	c, err := newCursor(args[0])
	if err != nil {
		return "", err
	}
	root, _, err := s.resolveTask(ctx, c)
	if err != nil {
		return "", err
	}
	tasks, err := s.e.listTasks(ctx, root.Database, root.Schema)
	if err != nil {
		return "", err
	}
	enabled := map[string]bool{root.key(): true}
	for changed := true; changed; {
		changed = false
		for _, t := range tasks {
			if enabled[t.key()] {
				continue
			}
			for _, p := range t.after {
				if enabled[p] {
					enabled[t.key()], changed = true, true
					break
				}
			}
		}
	}
	sc := s.e.scheduler()
	for _, t := range tasks {
		if !enabled[t.key()] || t.started() {
			continue
		}
		t.Props["STATE"] = "started"
		if err := s.e.PutObject(ctx, t.Object); err != nil {
			return "", err
		}
		if err := sc.reschedule(ctx, t); err != nil {
			return "", err
		}
	}
	return quoteString("Statement executed successfully."), nil
}
