package snowlocal

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Pipes: CREATE PIPE ... AUTO_INGEST = TRUE AS COPY INTO ... is recorded and
// a worker of the engine polls each auto-ingest pipe's stage once a second,
// standing in for S3 event notifications and the SQS queue SHOW PIPES
// names. A file is loaded once it has been seen unchanged on two polls (so
// files still being written are left alone), if it was modified after the
// pipe was created (older files are loaded by ALTER PIPE ... REFRESH, as in
// Snowflake). The COPY runs with ON_ERROR = SKIP_FILE by default, like
// Snowpipe, and never reloads a file that is in the table's load metadata,
// loaded or failed; that metadata is durable, so a restarted engine picks up
// exactly the files it has not loaded yet.

// pipePollInterval is how often auto-ingest pipes look at their stages.
var pipePollInterval = time.Second

// pipeState is the runtime state of one pipe.
type pipeState struct {
	mu       sync.Mutex
	seen     map[string]string // file key -> size/md5 at the previous poll
	done     map[string]bool   // key+md5 already handled
	pending  int
	lastErr  string
	errState string
	lastPoll time.Time
}

func pipeKey(o Object) string {
	return o.Database + "." + o.Schema + "." + o.Name + "@" + o.CreatedOn.UTC().Format(time.RFC3339Nano)
}

func (l *loading) pipeState(o Object) *pipeState {
	l.mu.Lock()
	defer l.mu.Unlock()
	k := pipeKey(o)
	st, ok := l.pipes[k]
	if !ok {
		st = &pipeState{seen: map[string]string{}, done: map[string]bool{}}
		l.pipes[k] = st
	}
	return st
}

// notificationChannel is the fake SQS queue of the account (Snowflake uses
// one queue for all auto-ingest pipes of an account and region).
func (l *loading) notificationChannel() string {
	m := hmac.New(sha256.New, l.seed)
	m.Write([]byte("sqs"))
	return "arn:aws:sqs:us-west-2:000000000000:sf-snowpipe-LOCAL-" + strings.ToUpper(hex.EncodeToString(m.Sum(nil))[:16])
}

func pipeNotExist(name string) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nPipe '%s' does not exist or not authorized.", name)
}

// copyOptionsNotForPipes are refused in a pipe's COPY, as by Snowflake.
var copyOptionsNotForPipes = []string{"FILES", "FORCE", "PURGE", "VALIDATION_MODE", "RETURN_FAILED_ONLY", "LOAD_UNCERTAIN_FILES", "SIZE_LIMIT"}

func cmdCreatePipe(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "PIPE")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	if err := s.e.requireSchema(ctx, db, schema); err != nil {
		return nil, err
	}
	props := c.properties("AS")
	if !c.accept("AS") {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: CREATE PIPE expects AS COPY INTO ..., %s", c.where())
	}
	copyText := c.rest()
	cc, err := newCursor(copyText)
	if err != nil || cc.word(0) != "COPY" || cc.word(1) != "INTO" {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nA pipe's definition must be a COPY INTO <table> statement.")
	}
	st, err := parseCopy(cc)
	if err != nil {
		return nil, err
	}
	for _, opt := range copyOptionsNotForPipes {
		if _, ok := st.opts[opt]; ok {
			return nil, Errorf("002040", "0A000", "SQL compilation error:\nCopy option %s is not supported for pipes.", opt)
		}
	}
	// Validate the definition the way Snowflake does at creation: the
	// table, the stage and the file format must exist (names resolve in the
	// pipe's schema).
	ps := &Session{e: s.e, User: s.User, Role: s.Role, Database: db, Schema: schema}
	if err := s.e.loading.validateCopy(ctx, ps, st); err != nil {
		return nil, err
	}
	l := s.e.loading
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	_, exists, err := s.e.GetObject(ctx, "PIPE", db, schema, name)
	if err != nil {
		return nil, err
	}
	if exists {
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
	}
	props["COPY"] = copyText
	props["PIPE_EXECUTION_PAUSED"] = "false"
	props["AUTO_INGEST"] = boolText(props["AUTO_INGEST"], false)
	if props["AUTO_INGEST"] == "true" {
		props["NOTIFICATION_CHANNEL"] = l.notificationChannel()
	}
	if err := s.e.PutObject(ctx, Object{Kind: "PIPE", Database: db, Schema: schema, Name: name, Props: props, SQL: c.text, Owner: s.Role}); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Pipe %s successfully created.", name)), nil
}

// validateCopy checks that a COPY's table, stage and file format exist.
func (l *loading) validateCopy(ctx context.Context, s *Session, st *copyStmt) error {
	db, schema, table, err := s.Resolve(st.table)
	if err != nil {
		return err
	}
	job := &copyJob{db: db, schema: schema, table: table}
	if _, err := l.targetColumns(ctx, job, st.columns); err != nil {
		return err
	}
	from := st.from
	if st.query != "" {
		from = st.queryStage
	}
	if !strings.HasPrefix(from, "@") {
		return nil
	}
	ref, err := parseStageRef(from)
	if err != nil {
		return err
	}
	if ref.kind == stageNamed {
		sdb, sschema, sname, err := s.Resolve(ref.name)
		if err != nil {
			return err
		}
		if _, ok, err := l.e.GetObject(ctx, "STAGE", sdb, sschema, sname); err != nil {
			return err
		} else if !ok {
			return stageNotExist(sdb + "." + sschema + "." + sname)
		}
	}
	spec, err := parseFileFormatSpec(st.opts["FILE_FORMAT"])
	if err != nil {
		return err
	}
	if spec.empty() && st.queryParams["FILE_FORMAT"] != "" {
		spec = fileFormatSpec{name: st.queryParams["FILE_FORMAT"]}
	}
	if spec.name != "" {
		if _, err := l.lookupFileFormat(ctx, s, splitQualified(spec.name)); err != nil {
			return err
		}
	}
	return nil
}

// pipeSession opens a session whose current schema is the pipe's, so the
// definition's names resolve as they did when the pipe was created.
func (l *loading) pipeSession(ctx context.Context, p Object) (*Session, error) {
	owner := l.e.ownerOf("PIPE", p.Database+"."+p.Schema+"."+p.Name)
	return l.e.NewSession(ctx, "SNOWPIPE", p.Database, p.Schema, owner, "")
}

// runPipe loads files through the pipe's COPY. files nil means "list".
func (l *loading) runPipe(ctx context.Context, p Object, files []stagedFile, skipAttempted bool) ([]*fileLoad, error) {
	s, err := l.pipeSession(ctx, p)
	if err != nil {
		return nil, err
	}
	defer s.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	// A pipe loads with its owner's privileges (access_check.go).
	if err := s.authorizeCopy(ctx, s.authz(), p.Props["COPY"]); err != nil {
		return nil, err
	}
	cc, err := newCursor(p.Props["COPY"])
	if err != nil {
		return nil, err
	}
	st, err := parseCopy(cc)
	if err != nil {
		return nil, err
	}
	_, loads, err := l.runCopy(ctx, s, st, copyOptions{pipe: &p, files: files, skipAttempted: skipAttempted,
		defaults: map[string]string{"ON_ERROR": "SKIP_FILE"}})
	return loads, err
}

// pipeSource lists the files a pipe reads (its stage, path and PATTERN).
func (l *loading) pipeSource(ctx context.Context, p Object, prefix string) (*stageLoc, []stagedFile, error) {
	cc, err := newCursor(p.Props["COPY"])
	if err != nil {
		return nil, nil, err
	}
	st, err := parseCopy(cc)
	if err != nil {
		return nil, nil, err
	}
	ps := &Session{e: l.e, User: "SNOWPIPE", Role: p.Owner, Database: p.Database, Schema: p.Schema}
	from := st.from
	pattern := st.opts["PATTERN"]
	if st.query != "" {
		from = st.queryStage
		if pattern == "" {
			pattern = st.queryParams["PATTERN"]
		}
	}
	var sl *stageLoc
	if strings.HasPrefix(from, "@") {
		sl, err = l.resolveStage(ctx, ps, from)
	} else {
		sl, err = l.resolveURL(ctx, from, st.opts["STORAGE_INTEGRATION"])
	}
	if err != nil {
		return nil, nil, err
	}
	if prefix != "" {
		p, err := parseStageRef("@x/" + strings.TrimPrefix(prefix, "/"))
		if err != nil {
			return nil, nil, err
		}
		base := sl.ref.path
		if base != "" && !strings.HasSuffix(base, "/") {
			base += "/"
		}
		sl.ref.path = base + p.path
	}
	files, err := l.list(ctx, sl, pattern)
	return sl, files, err
}

// pipeWorker polls auto-ingest pipes while the engine is served.
func (l *loading) pipeWorker(ctx context.Context) {
	t := time.NewTicker(pipePollInterval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			l.pollPipes(ctx)
		}
	}
}

func (l *loading) pollPipes(ctx context.Context) {
	pipes, err := l.e.ListObjects(ctx, "PIPE", "", "")
	if err != nil {
		if ctx.Err() == nil {
			l.log.Warn("pipes: cannot list pipes", "err", err)
		}
		return
	}
	for _, p := range pipes {
		if ctx.Err() != nil {
			return
		}
		if p.Props["AUTO_INGEST"] != "true" || p.Props["PIPE_EXECUTION_PAUSED"] == "true" {
			continue
		}
		st := l.pipeState(p)
		err := l.pollPipe(ctx, p, st)
		if ctx.Err() != nil {
			return // the engine is closing: an interrupted load is retried at the next start
		}
		st.mu.Lock()
		st.lastPoll = time.Now()
		msg := ""
		if se, ok := err.(*Error); ok {
			msg = se.Message
		} else if err != nil {
			msg = err.Error()
		}
		if msg != st.lastErr {
			if msg != "" {
				l.log.Warn("pipe cannot load", "pipe", p.Database+"."+p.Schema+"."+p.Name, "err", msg)
			} else if st.lastErr != "" {
				l.log.Info("pipe loads again", "pipe", p.Database+"."+p.Schema+"."+p.Name)
			}
		}
		st.lastErr, st.errState = msg, pipeErrorState(err)
		st.mu.Unlock()
	}
}

func pipeErrorState(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "Stage '"):
		return "STOPPED_STAGE_DROPPED"
	case strings.Contains(msg, "File format '"):
		return "STOPPED_FILE_FORMAT_DROPPED"
	case strings.Contains(msg, "Table '"):
		return "STOPPED_MISSING_TABLE"
	case strings.Contains(msg, "Failure using stage area"):
		return "STALLED_STAGE_PERMISSION_ERROR"
	}
	return "STALLED_EXECUTION_ERROR"
}

// pollPipe loads the pipe's new files that were stable since the last poll.
func (l *loading) pollPipe(ctx context.Context, p Object, st *pipeState) error {
	_, files, err := l.pipeSource(ctx, p, "")
	if err != nil {
		return err
	}
	since := p.CreatedOn.Add(-2 * time.Second)
	st.mu.Lock()
	var ready []stagedFile
	pending := 0
	seen := map[string]string{}
	for _, f := range files {
		id := f.key + "\x00" + f.MD5
		if st.done[id] || f.LastModified.Before(since) {
			continue
		}
		sig := fmt.Sprintf("%d/%s", f.Size, f.MD5)
		seen[f.key] = sig
		pending++
		if st.seen[f.key] == sig {
			ready = append(ready, f)
		}
	}
	st.seen = seen
	st.pending = pending
	st.mu.Unlock()
	if len(ready) == 0 {
		return nil
	}
	loads, err := l.runPipe(ctx, p, ready, true)
	if err != nil {
		return err
	}
	st.mu.Lock()
	for _, f := range ready {
		st.done[f.key+"\x00"+f.MD5] = true
		delete(st.seen, f.key)
	}
	st.pending -= len(ready)
	st.mu.Unlock()
	for _, fl := range loads {
		if fl.status == "LOAD_FAILED" {
			l.log.Warn("pipe could not load a file", "pipe", p.Database+"."+p.Schema+"."+p.Name, "file", fl.file.display, "error", fl.firstError)
		}
	}
	return nil
}

// lookupPipe resolves a pipe name.
func (l *loading) lookupPipe(ctx context.Context, s *Session, n objectName) (Object, error) {
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return Object{}, err
	}
	o, ok, err := l.e.GetObject(ctx, "PIPE", db, schema, name)
	if err != nil {
		return Object{}, err
	}
	if !ok {
		return Object{}, pipeNotExist(db + "." + schema + "." + name)
	}
	return o, nil
}

func cmdAlterPipe(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "PIPE")
	ifExists := c.accept("IF", "EXISTS")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	l := s.e.loading
	p, err := l.lookupPipe(ctx, s, n)
	if err != nil {
		if ifExists {
			return statusResult("Statement executed successfully."), nil
		}
		return nil, err
	}
	switch {
	case c.accept("REFRESH"):
		props := c.properties()
		return l.refreshPipe(ctx, p, props["PREFIX"], props["MODIFIED_AFTER"])
	case c.accept("SET"):
		props := c.properties()
		s.e.writeMu.Lock()
		defer s.e.writeMu.Unlock()
		for k, v := range props {
			switch k {
			case "PIPE_EXECUTION_PAUSED":
				p.Props[k] = boolText(v, false)
			case "COMMENT", "ERROR_INTEGRATION":
				p.Props[k] = v
			default:
				return nil, Errorf("002040", "0A000", "SQL compilation error:\nALTER PIPE cannot set %s.", k)
			}
		}
		if err := s.e.PutObject(ctx, p); err != nil {
			return nil, err
		}
	case c.accept("UNSET"):
		s.e.writeMu.Lock()
		defer s.e.writeMu.Unlock()
		for !c.done() {
			switch w := c.word(0); w {
			case "COMMENT", "ERROR_INTEGRATION":
				delete(p.Props, w)
			case "PIPE_EXECUTION_PAUSED":
				p.Props[w] = "false"
			}
			c.pos++
		}
		if err := s.e.PutObject(ctx, p); err != nil {
			return nil, err
		}
	default:
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: ALTER PIPE expects REFRESH, SET or UNSET, %s", c.where())
	}
	return statusResult("Statement executed successfully."), nil
}

// refreshPipe queues (and, locally, loads at once) the stage's files that
// were modified in the last 7 days and are not loaded yet. Unlike automatic
// ingestion it retries files whose load failed.
func (l *loading) refreshPipe(ctx context.Context, p Object, prefix, modifiedAfter string) (*Result, error) {
	_, files, err := l.pipeSource(ctx, p, prefix)
	if err != nil {
		return nil, err
	}
	after := time.Now().Add(-7 * 24 * time.Hour)
	if modifiedAfter != "" {
		t, err := time.Parse(time.RFC3339, modifiedAfter)
		if err != nil {
			return nil, Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter 'MODIFIED_AFTER': use ISO 8601, e.g. 2024-01-02T03:04:05Z", modifiedAfter)
		}
		after = t
	}
	var recent []stagedFile
	for _, f := range files {
		if !f.LastModified.Before(after) {
			recent = append(recent, f)
		}
	}
	t := newTable("File", "Status")
	if len(recent) == 0 {
		return t.result(), nil
	}
	loads, err := l.runPipe(ctx, p, recent, false)
	if err != nil {
		return nil, err
	}
	st := l.pipeState(p)
	st.mu.Lock()
	for _, fl := range loads {
		st.done[fl.file.key+"\x00"+fl.file.MD5] = true
		t.add(fl.file.rel, "SENT")
	}
	st.mu.Unlock()
	return t.result(), nil
}

func cmdDropPipe(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "PIPE")
	ifExists := c.accept("IF", "EXISTS")
	_, db, schema, name, err := s.objectArg(c)
	if err != nil {
		return nil, err
	}
	return s.e.dropObject(ctx, "PIPE", db, schema, name, ifExists, pipeNotExist(db+"."+schema+"."+name))
}

// pipeShowColumns are SHOW PIPES' and DESCRIBE PIPE's columns in the order
// of the live-measured reference mlorek/frostlake
// (ShowPipelineExecutor.pipeColumns), is_snowflake_managed last: false, no
// pipe of the engine being one Snowflake manages.
var pipeShowColumns = []string{"created_on", "name", "database_name", "schema_name", "definition", "owner", "notification_channel",
	"comment", "integration", "pattern", "error_integration", "owner_role_type", "invalid_reason", "kind", "is_snowflake_managed"}

func pipeRow(t *table, o Object) {
	def := o.Props["COPY"]
	var channel any
	if v := o.Props["NOTIFICATION_CHANNEL"]; v != "" {
		channel = v
	}
	t.add(o.CreatedOn, o.Name, o.Database, o.Schema, def, orDefault(o.Owner, "ACCOUNTADMIN"), channel, o.Props["COMMENT"],
		optText(o.Props["INTEGRATION"]), nil, optText(o.Props["ERROR_INTEGRATION"]), "ROLE", nil, "STAGE", "false")
}

func cmdShowPipes(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW", "PIPES")
	sc, err := parseShowScope(s, c, true)
	if err != nil {
		return nil, err
	}
	if err := sc.refuseStartsWith("PIPES"); err != nil {
		return nil, err
	}
	objs, err := s.e.showObjects(ctx, "PIPE", sc)
	if err != nil {
		return nil, err
	}
	t := newTable(pipeShowColumns...)
	for _, o := range objs {
		pipeRow(t, o)
	}
	return t.result(), nil
}

func cmdDescPipe(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // DESC / DESCRIBE
	c.accept("PIPE")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	o, err := s.e.loading.lookupPipe(ctx, s, n)
	if err != nil {
		return nil, err
	}
	t := newTable(pipeShowColumns...)
	pipeRow(t, o)
	return t.result(), nil
}

// pipeStatus is SYSTEM$PIPE_STATUS: the pipe's state as JSON text.
func (l *loading) pipeStatus(ctx context.Context, s *Session, name string) (string, error) {
	o, err := l.lookupPipe(ctx, s, objectName{parts: splitQualified(name)})
	if err != nil {
		return "", err
	}
	st := l.pipeState(o)
	st.mu.Lock()
	state := "RUNNING"
	if o.Props["PIPE_EXECUTION_PAUSED"] == "true" {
		state = "PAUSED"
	} else if st.errState != "" {
		state = st.errState
	}
	out := map[string]any{"executionState": state, "pendingFileCount": st.pending}
	if st.lastErr != "" && state != "PAUSED" {
		out["error"] = st.lastErr
	}
	if !st.lastPoll.IsZero() {
		out["lastPulledFromChannelTimestamp"] = st.lastPoll.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	st.mu.Unlock()
	if ch := o.Props["NOTIFICATION_CHANNEL"]; ch != "" {
		out["notificationChannelName"] = ch
		out["numOutstandingMessagesOnChannel"] = 0
	}
	// The last load of the pipe, from the durable load metadata.
	var last time.Time
	var file string
	h := historyTable(o.Database)
	row := l.e.catalogDB.QueryRowContext(ctx, `SELECT LAST_LOAD_TIME, FILE_NAME FROM `+h+`
		WHERE PIPE_CATALOG_NAME=? AND PIPE_SCHEMA_NAME=? AND PIPE_NAME=? AND STATUS <> 'LOAD_FAILED'
		ORDER BY LAST_LOAD_TIME DESC LIMIT 1`, o.Database, o.Schema, o.Name)
	if err := row.Scan(&last, &file); err == nil {
		ts := last.UTC().Format("2006-01-02T15:04:05.000Z")
		out["lastIngestedTimestamp"] = ts
		out["lastIngestedFilePath"] = file
		out["lastReceivedMessageTimestamp"] = ts
		out["lastForwardedMessageTimestamp"] = ts
		out["lastForwardedFilePath"] = file
	}
	b, err := json.Marshal(out)
	if err != nil {
		return "", err
	}
	return string(b), nil
}
