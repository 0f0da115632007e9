package snowlocal

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
	"github.com/flurry-dev/flurry/snowlocal/stagefs"
)

// copyStmt is a parsed COPY INTO <table>.
type copyStmt struct {
	text    string
	table   objectName
	columns []string
	// from is the stage location of the plain form (FROM @stage/path) or an
	// external URL (FROM 's3://...').
	from string
	// query is the transformation form's SELECT with its stage reference
	// replaced by %[1]s and $n columns quoted; queryStage and queryParams are
	// that reference's location and (FILE_FORMAT => ..., PATTERN => ...).
	query       string
	queryStage  string
	queryParams map[string]string
	maxDollar   int // highest $n the SELECT uses
	opts        map[string]string
}

var dollarColumn = regexp.MustCompile(`^\$(\d+)$`)

// parseCopy reads COPY INTO table [(cols)] FROM <location | (SELECT ...)> options.
func parseCopy(c *cursor) (*copyStmt, error) {
	st := &copyStmt{text: c.text}
	c.accept("COPY", "INTO")
	if t, ok := c.peek(0); ok && (t.IsOp("@") || (t.Kind == sqllex.String && strings.HasPrefix(unquoteString(t.Text), "@"))) {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: COPY INTO <location> (unloading) in the local engine.")
	}
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	st.table = n
	if c.acceptOp("(") {
		for !c.done() && !c.acceptOp(")") {
			if c.acceptOp(",") {
				continue
			}
			col, err := c.ident()
			if err != nil {
				return nil, err
			}
			st.columns = append(st.columns, col)
		}
	}
	if !c.accept("FROM") {
		// Without FROM, COPY reads the table's own stage.
		if c.word(0) != "" && c.word(1) == "" {
			if t, ok := c.peek(1); !ok || !t.IsOp("=") {
				return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: COPY INTO expects FROM, %s", c.where())
			}
		}
		var parts []string
		for _, p := range n.parts {
			parts = append(parts, quoteIdent(p))
		}
		st.from = "@" + strings.Join(parts[:len(parts)-1], ".")
		if len(parts) > 1 {
			st.from += "."
		}
		st.from += "%" + parts[len(parts)-1]
		st.opts = c.properties()
		return st, nil
	}
	if t, ok := c.peek(0); ok && t.IsOp("(") {
		if err := st.parseTransformation(c); err != nil {
			return nil, err
		}
	} else if t, ok := c.peek(0); ok && t.Kind == sqllex.String && !strings.HasPrefix(unquoteString(t.Text), "@") {
		st.from, _ = c.stringLit()
	} else {
		loc, ok := readStageLocation(c)
		if !ok {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: COPY INTO expects FROM @stage, FROM 's3://...' or FROM (SELECT ... FROM @stage), %s", c.where())
		}
		st.from = loc
	}
	st.opts = c.properties()
	return st, nil
}

// parseTransformation reads FROM ( SELECT ... FROM @stage [(params)] [alias] ).
func (st *copyStmt) parseTransformation(c *cursor) error {
	open := c.pos
	depth, close := 0, -1
	for i := open; i < len(c.toks); i++ {
		if c.toks[i].IsOp("(") {
			depth++
		} else if c.toks[i].IsOp(")") {
			depth--
			if depth == 0 {
				close = i
				break
			}
		}
	}
	if close < 0 {
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: unbalanced parentheses in COPY transformation")
	}
	qStart, qEnd := c.toks[open].Pos+1, c.toks[close].Pos
	var b strings.Builder
	at := qStart
	for i := open + 1; i < close; i++ {
		t := c.toks[i]
		if t.Kind == sqllex.Variable {
			if m := dollarColumn.FindStringSubmatch(t.Text); m != nil {
				b.WriteString(c.text[at:t.Pos])
				b.WriteString(`"` + t.Text + `"`)
				at = t.Pos + len(t.Text)
				if n, _ := strconv.Atoi(m[1]); n > st.maxDollar {
					st.maxDollar = n
				}
			}
			continue
		}
		isRef := t.IsOp("@") || (t.Kind == sqllex.String && strings.HasPrefix(unquoteString(t.Text), "@") && i > open+1 && c.toks[i-1].IsWord("FROM"))
		if !isRef || st.queryStage != "" {
			continue
		}
		end := t.Pos + len(t.Text)
		if t.IsOp("@") {
			end = scanStageLocation(c.text, t.Pos)
			st.queryStage = c.text[t.Pos:end]
		} else {
			st.queryStage = unquoteString(t.Text)
		}
		j := i + 1
		for j < close && c.toks[j].Pos < end {
			j++
		}
		// Optional (FILE_FORMAT => 'x', PATTERN => '...').
		if j+2 < close && c.toks[j].IsOp("(") && c.toks[j+1].Kind == sqllex.Word && c.toks[j+2].IsOp("=>") {
			d := 0
			k := j
			for ; k < close; k++ {
				if c.toks[k].IsOp("(") {
					d++
				} else if c.toks[k].IsOp(")") {
					d--
					if d == 0 {
						break
					}
				}
			}
			pc, err := newCursor(c.text[c.toks[j].Pos+1 : c.toks[k].Pos])
			if err != nil {
				return err
			}
			st.queryParams = pc.properties()
			end = c.toks[k].Pos + 1
			j = k + 1
		}
		b.WriteString(c.text[at:t.Pos])
		b.WriteString("%[1]s")
		at = end
		i = j - 1
	}
	b.WriteString(c.text[at:qEnd])
	if st.queryStage == "" {
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\nCOPY transformation must select FROM a stage (@stage)")
	}
	st.query = strings.ReplaceAll(b.String(), "%", "%%")
	st.query = strings.ReplaceAll(st.query, "%%[1]s", "%[1]s")
	c.pos = close + 1
	return nil
}

// copyJob is one COPY execution.
type copyJob struct {
	id      string
	s       *Session
	conn    *sql.Conn
	stmt    *copyStmt
	db      string
	schema  string
	table   string
	oid     int64
	cols    []tableCol // target columns, in the order file fields map to them
	loc     *stageLoc
	ff      *fileFormat
	onError string
	skipN   int64
	skipPct float64
	pipe    *Object
	started time.Time
	ownsTx  bool // the COPY began the transaction it loads the file in
}

// loadQueryer is a *sql.Conn or *sql.DB.
type loadQueryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

type tableCol struct {
	name     string
	duckType string
	nullable bool
	index    int // 1-based position in the table
}

// copyOptions adjust a COPY run by a pipe.
type copyOptions struct {
	pipe     *Object
	files    []stagedFile // restrict the load to these (nil: list the stage)
	defaults map[string]string
	// skipAttempted skips files a load was attempted for, failed or not
	// (Snowpipe does not retry a file on its own).
	skipAttempted bool
}

func cmdCopyInto(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	st, err := parseCopy(c)
	if err != nil {
		return nil, err
	}
	job, loads, err := s.e.loading.runCopy(ctx, s, st, copyOptions{})
	if err != nil {
		return nil, err
	}
	return copyResult(job, loads), nil
}

func copyResult(job *copyJob, loads []*fileLoad) *Result {
	if len(loads) == 0 {
		r := statusResult("Copy executed with 0 files processed.")
		r.StatementTypeID = 0x1000
		return r
	}
	text := func(s string) Column { return Column{Name: s, Type: "text", Length: 16777216, Nullable: true} }
	num := func(s string) Column { return Column{Name: s, Type: "fixed", Precision: 19, Nullable: true} }
	res := &Result{StatementTypeID: 0x1000, Columns: []Column{text("file"), text("status"), num("rows_parsed"), num("rows_loaded"),
		num("error_limit"), num("errors_seen"), text("first_error"), num("first_error_line"), num("first_error_character"),
		text("first_error_column_name")}}
	str := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	n := func(v int64) *string { s := strconv.FormatInt(v, 10); return &s }
	for _, fl := range loads {
		var line, char *string
		if fl.firstError != "" {
			line, char = n(fl.firstLine), n(fl.firstChar)
		}
		res.Rows = append(res.Rows, []*string{str(fl.file.display), str(fl.status), n(fl.rowsParsed), n(fl.rowsLoaded),
			n(fl.errorLimit), n(fl.errorsSeen), str(fl.firstError), line, char, str(fl.firstColumn)})
	}
	return res
}

// runCopy executes a COPY on the session's connection.
func (l *loading) runCopy(ctx context.Context, s *Session, st *copyStmt, o copyOptions) (*copyJob, []*fileLoad, error) {
	// "Snowflake Scripting UDFs can't be used in a COPY INTO command"
	// (function_scripting.go).
	if name := s.scriptingUDFCalled(st.query); name != "" {
		return nil, nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'the Snowflake Scripting UDF %s in COPY INTO' (the docs do not support it there): the local engine refuses it.", name)
	}
	job := &copyJob{id: newQueryID(), s: s, conn: s.conn, stmt: st, pipe: o.pipe, started: time.Now()}
	var err error
	if job.db, job.schema, job.table, err = s.Resolve(st.table); err != nil {
		return nil, nil, err
	}
	if job.cols, err = l.targetColumns(ctx, job, st.columns); err != nil {
		return nil, nil, err
	}
	opts := map[string]string{}
	for k, v := range o.defaults {
		opts[k] = v
	}
	for k, v := range st.opts {
		opts[k] = v
	}
	if v := opts["MATCH_BY_COLUMN_NAME"]; v != "" && v != "NONE" {
		return nil, nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: MATCH_BY_COLUMN_NAME in the local engine; load the record into a VARIANT column or use a transformation (SELECT $1:field ...).")
	}
	if v := opts["VALIDATION_MODE"]; v != "" {
		return nil, nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: VALIDATION_MODE in the local engine; use ON_ERROR = CONTINUE and VALIDATE(table, job_id => '_last').")
	}
	if err := job.parseOnError(opts["ON_ERROR"]); err != nil {
		return nil, nil, err
	}

	from := st.from
	if st.query != "" {
		from = st.queryStage
	}
	if strings.HasPrefix(from, "@") {
		job.loc, err = l.resolveStage(ctx, s, from)
	} else {
		job.loc, err = l.resolveURL(ctx, from, opts["STORAGE_INTEGRATION"])
	}
	if err != nil {
		return nil, nil, err
	}
	// File format: the COPY's, else the stage reference's, else the stage's.
	spec, err := parseFileFormatSpec(opts["FILE_FORMAT"])
	if err != nil {
		return nil, nil, err
	}
	if spec.empty() && st.queryParams["FILE_FORMAT"] != "" {
		spec = fileFormatSpec{name: st.queryParams["FILE_FORMAT"]}
	}
	if spec.empty() && job.loc.stage != nil {
		if spec, err = parseFileFormatSpec(job.loc.stage.Props["FILE_FORMAT"]); err != nil {
			return nil, nil, err
		}
	}
	if job.ff, err = l.resolveFileFormat(ctx, s, spec); err != nil {
		return nil, nil, err
	}
	if st.query == "" {
		if err := job.checkShape(); err != nil {
			return nil, nil, err
		}
	}

	files := o.files
	if files == nil {
		pattern := opts["PATTERN"]
		if pattern == "" {
			pattern = st.queryParams["PATTERN"]
		}
		if files, err = l.list(ctx, job.loc, pattern); err != nil {
			return nil, nil, err
		}
		if list := parseStringList(opts["FILES"]); len(list) > 0 {
			if files, err = job.selectFiles(files, list); err != nil {
				return nil, nil, err
			}
		}
	}

	l.e.writeMu.Lock()
	defer l.e.writeMu.Unlock()
	if err := ensureHistory(ctx, job.conn, job.db); err != nil {
		return nil, nil, err
	}
	if job.oid, err = tableOID(ctx, job.conn, job.db, job.schema, job.table); err != nil {
		return nil, nil, err
	}
	state, err := l.readLoadState(ctx, job.conn, job.db, job.schema, job.table, job.oid)
	if err != nil {
		return nil, nil, err
	}
	force := boolText(opts["FORCE"], false) == "true"
	var todo []stagedFile
	for _, f := range files {
		k := f.key + "\x00" + f.MD5
		if !force && (state.loaded[k] || (o.skipAttempted && state.attempted[k])) {
			continue
		}
		todo = append(todo, f)
	}
	if len(todo) == 0 {
		return job, nil, nil
	}
	if todo, err = applySizeLimit(todo, opts["SIZE_LIMIT"]); err != nil {
		return nil, nil, err
	}
	loads, err := l.loadFiles(ctx, job, todo)
	if err != nil {
		return nil, nil, err
	}
	if boolText(opts["PURGE"], false) == "true" {
		for _, fl := range loads {
			if fl.status != "LOAD_FAILED" {
				if err := job.loc.store.Remove(ctx, fl.file.Path); err != nil {
					l.log.Warn("COPY PURGE: cannot remove loaded file", "file", fl.file.display, "err", err)
				}
			}
		}
	}
	return job, loads, nil
}

// applySizeLimit keeps the files one COPY with SIZE_LIMIT = n loads (docs:
// COPY INTO <table>, copy options): loading stops once the data loaded
// exceeds n bytes, and at least one file is loaded — of 10 MB files with a
// 25 MB limit, each COPY loads three. Files count at their staged size, in
// the order they are listed.
func applySizeLimit(files []stagedFile, v string) ([]stagedFile, error) {
	v = strings.Trim(strings.TrimSpace(v), "'")
	if v == "" {
		return files, nil
	}
	limit, err := strconv.ParseInt(v, 10, 64)
	if err != nil || limit <= 0 {
		return nil, Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter 'SIZE_LIMIT'", v)
	}
	var total int64
	for i, f := range files {
		if total += f.Size; total > limit {
			return files[:i+1], nil
		}
	}
	return files, nil
}

// resolveURL makes an ad-hoc location for COPY FROM 's3://...'.
func (l *loading) resolveURL(ctx context.Context, url, integration string) (*stageLoc, error) {
	if err := l.checkIntegration(ctx, integration, url, true); err != nil {
		return nil, err
	}
	l.mu.Lock()
	m := l.stageMap
	l.mu.Unlock()
	st, base, err := m.Resolve(ctx, url)
	if err != nil {
		return nil, Errorf("091003", "22000", "Failure using stage area. Cause: [%v]", err)
	}
	return &stageLoc{store: st, base: base, external: true, url: url, display: url}, nil
}

func (job *copyJob) parseOnError(v string) error {
	v = strings.ToUpper(strings.TrimSpace(v))
	switch {
	case v == "":
		job.onError = "ABORT_STATEMENT"
	case v == "CONTINUE" || v == "ABORT_STATEMENT" || v == "SKIP_FILE":
		job.onError = v
	case strings.HasPrefix(v, "SKIP_FILE_"):
		n := strings.TrimPrefix(v, "SKIP_FILE_")
		pct := strings.HasSuffix(n, "%")
		f, err := strconv.ParseFloat(strings.TrimSuffix(n, "%"), 64)
		if err != nil || f <= 0 {
			return Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter 'ON_ERROR'", v)
		}
		job.onError = "SKIP_FILE_N"
		if pct {
			job.skipPct = f
		} else {
			job.skipN = int64(f)
		}
	default:
		return Errorf("002023", "22023", "SQL compilation error:\ninvalid value ['%s'] for parameter 'ON_ERROR'", v)
	}
	return nil
}

// targetColumns lists the table's columns (or the listed ones, in order).
func (l *loading) targetColumns(ctx context.Context, job *copyJob, names []string) ([]tableCol, error) {
	var q loadQueryer = l.e.db
	if job.conn != nil {
		q = job.conn
	}
	rows, err := q.QueryContext(ctx, `SELECT column_name, data_type, is_nullable, column_index, coalesce(comment, '') FROM duckdb_columns()
		WHERE database_name=? AND schema_name=? AND table_name=? ORDER BY column_index`, job.db, job.schema, job.table)
	if err != nil {
		return nil, duckError(err)
	}
	defer rows.Close()
	var all []tableCol
	for rows.Next() {
		var c tableCol
		var comment string
		if err := rows.Scan(&c.name, &c.duckType, &c.nullable, &c.index, &comment); err != nil {
			return nil, err
		}
		if c.duckType == "INTERVAL" {
			// Loading the interval format is not modelled
			// (rewrite/interval_columns.go).
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: COPY INTO a table with a column of an interval data type (%s) in the local engine.", c.name)
		}
		if _, ok := declaredLength(c.duckType, comment); ok { // result_json.go
			// Snowflake's ENFORCE_LENGTH / TRUNCATECOLUMNS checks a loaded
			// value against n; the engine's loaders do not, so such a load
			// is refused rather than storing a longer value.
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: COPY INTO a table with a VARCHAR(n) or BINARY(n) column (%s) in the local engine.", c.name)
		}
		all = append(all, c)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(all) == 0 {
		var isView int
		_ = q.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_views() WHERE database_name=? AND schema_name=? AND view_name=?`, job.db, job.schema, job.table).Scan(&isView)
		if isView > 0 {
			return nil, Errorf("002003", "02000", "SQL compilation error:\nCannot COPY INTO view '%s.%s.%s'.", job.db, job.schema, job.table)
		}
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nTable '%s.%s.%s' does not exist or not authorized.", job.db, job.schema, job.table)
	}
	var checks int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'CHECK'
		AND database_name=? AND schema_name=? AND table_name=?`, job.db, job.schema, job.table).Scan(&checks); err != nil {
		return nil, duckError(err)
	}
	if checks > 0 {
		// "If you attempt to COPY INTO a table with CHECK constraints, the
		// operation fails", and so does creating a pipe into one (docs:
		// constraints-overview, "Limitations"); the error is not documented.
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: COPY INTO or a pipe into a table with a CHECK constraint (%s.%s.%s) in the local engine.", job.db, job.schema, job.table)
	}
	if len(names) == 0 {
		return all, nil
	}
	var out []tableCol
	for _, n := range names {
		found := false
		for _, c := range all {
			if c.name == n || strings.EqualFold(c.name, n) {
				out = append(out, c)
				found = true
				break
			}
		}
		if !found {
			return nil, Errorf(CodeInvalidIdent, "42000", "SQL compilation error:\ninvalid identifier '%s'", n)
		}
	}
	return out, nil
}

// checkShape refuses loads Snowflake refuses: JSON and Parquet records go to
// exactly one VARIANT (or text) column unless a transformation says how.
func (job *copyJob) checkShape() error {
	if job.ff.Type == "CSV" {
		return nil
	}
	if len(job.cols) != 1 {
		return Errorf("002019", "0A000", "SQL compilation error:\n%s file format can produce one and only one column of type variant, object, or array. Load data into separate columns using the MATCH_BY_COLUMN_NAME copy option or copy with transformation.", job.ff.Type)
	}
	switch job.cols[0].duckType {
	case "JSON", "VARCHAR":
		return nil
	}
	return Errorf("002019", "0A000", "SQL compilation error:\n%s file format can produce one and only one column of type variant, object, or array. Load data into separate columns using the MATCH_BY_COLUMN_NAME copy option or copy with transformation.", job.ff.Type)
}

// selectFiles applies FILES = ('a', 'b'): names relative to the FROM path.
func (job *copyJob) selectFiles(files []stagedFile, names []string) ([]stagedFile, error) {
	byRel := map[string]stagedFile{}
	for _, f := range files {
		// A stage URL without a trailing slash is a key prefix: its files'
		// relative names start with "/".
		byRel[strings.TrimPrefix(f.rel, "/")] = f
	}
	dir := job.loc.ref.path
	if dir != "" && !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	var out []stagedFile
	for _, n := range names {
		if f, ok := byRel[dir+strings.TrimPrefix(n, "/")]; ok {
			out = append(out, f)
		} else if f, ok := byRel[n]; ok {
			out = append(out, f)
		} else {
			shown := job.loc.display
			if shown != "" && !strings.HasSuffix(shown, "/") {
				shown += "/"
			}
			return nil, Errorf("100038", "22000", "Remote file '%s%s' was not found. There are several potential causes. The file might not exist. The required credentials may be missing or invalid.", shown, dir+n)
		}
	}
	return out, nil
}

// loadFiles loads each file in its own transaction, or all of them in one
// when ON_ERROR = ABORT_STATEMENT (the first error then undoes the COPY).
func (l *loading) loadFiles(ctx context.Context, job *copyJob, files []stagedFile) ([]*fileLoad, error) {
	abort := job.onError == "ABORT_STATEMENT"
	conn := job.conn
	owned := false
	begin := func() error {
		if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			if strings.Contains(err.Error(), "within a transaction") {
				return nil // the session's transaction includes the COPY
			}
			return duckError(err)
		}
		owned = true
		job.ownsTx = true
		return nil
	}
	commit := func() error {
		if !owned {
			return nil
		}
		owned, job.ownsTx = false, false
		if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
			return duckError(err)
		}
		return nil
	}
	rollback := func() {
		if owned {
			owned, job.ownsTx = false, false
			_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
	}
	var loads []*fileLoad
	if abort {
		if err := begin(); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		if !abort {
			if err := begin(); err != nil {
				return nil, err
			}
		}
		fl, rejected, err := l.loadFile(ctx, job, f)
		if err != nil { // an engine failure, not a data error
			rollback()
			return nil, err
		}
		if abort && fl.errorsSeen > 0 && fl.status == "LOAD_FAILED" {
			rollback()
			// Record the failure (and the rejected records) after the undo.
			if err := begin(); err == nil {
				_ = l.recordLoad(ctx, conn, job, fl)
				_ = l.saveRejected(ctx, job, fl, rejected)
				_ = commit()
			}
			return nil, job.abortError(fl)
		}
		if fl.txBroken {
			rollback()
			if err := begin(); err != nil {
				return nil, err
			}
		}
		if err := l.saveRejected(ctx, job, fl, rejected); err != nil {
			rollback()
			return nil, err
		}
		if err := l.recordLoad(ctx, conn, job, fl); err != nil {
			rollback()
			return nil, err
		}
		if !abort {
			if err := commit(); err != nil {
				return nil, err
			}
		}
		loads = append(loads, fl)
	}
	if err := commit(); err != nil {
		return nil, err
	}
	return loads, nil
}

// rejectedRow is a record that was not loaded.
type rejectedRow struct {
	line, char int64
	column     string
	err, code  string
	record     string
}

func (l *loading) saveRejected(ctx context.Context, job *copyJob, fl *fileLoad, rows []rejectedRow) error {
	for _, r := range rows {
		if _, err := job.conn.ExecContext(ctx, `INSERT INTO `+errorsTable(job.db)+` VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
			job.id, job.schema, job.table, fl.file.rel, job.loc.url, r.line, r.char, optText(r.column), r.err, r.code,
			r.record, time.Now()); err != nil {
			return fmt.Errorf("record rejected rows of %s: %w", fl.file.display, err)
		}
	}
	return nil
}

func (job *copyJob) abortError(fl *fileLoad) error {
	code := fl.firstErrCode
	if code == "" {
		code = "100038"
	}
	msg := fl.firstError
	if fl.firstLine > 0 {
		msg += fmt.Sprintf("\n  File '%s', line %d, character %d", fl.file.rel, fl.firstLine, fl.firstChar)
	} else {
		msg += fmt.Sprintf("\n  File '%s'", fl.file.rel)
	}
	if fl.firstColumn != "" {
		msg += fmt.Sprintf("\n  Row %d, column %s", fl.firstLine, fl.firstColumn)
	}
	msg += "\n  If you would like to continue loading when an error is encountered, use other values such as 'SKIP_FILE' or 'CONTINUE' for the ON_ERROR option. For more information on loading options, please run 'info loading_data' in a SQL client."
	return Errorf(code, "22000", "%s", msg)
}

// errorLimit is the error_limit column for a file with n records.
func (job *copyJob) errorLimit(n int64) int64 {
	switch job.onError {
	case "CONTINUE":
		return n
	case "SKIP_FILE_N":
		if job.skipPct > 0 {
			return int64(math.Ceil(float64(n) * job.skipPct / 100))
		}
		return job.skipN
	}
	return 1
}

// loadFile stages one file and inserts its rows. Data errors are reported
// in the fileLoad; err is for failures of the engine itself.
func (l *loading) loadFile(ctx context.Context, job *copyJob, f stagedFile) (*fileLoad, []rejectedRow, error) {
	fl := &fileLoad{file: f}
	fail := func(msg, code string) (*fileLoad, []rejectedRow, error) {
		fl.status, fl.errorsSeen, fl.firstError, fl.firstErrCode = "LOAD_FAILED", 1, msg, code
		fl.errorLimit = job.errorLimit(fl.rowsParsed)
		if fl.errorLimit == 0 {
			fl.errorLimit = 1
		}
		return fl, []rejectedRow{{err: msg, code: code}}, nil
	}
	ncols := len(job.cols)
	if job.stmt.query != "" {
		ncols = job.stmt.maxDollar
	}
	staged, err := l.stageFiles(ctx, job.conn, job.loc, []stagedFile{f}, job.ff, ncols)
	if err != nil {
		var fe *fileError
		if errors.As(err, &fe) {
			msg := fe.err.Error()
			if errors.Is(fe.err, stagefs.ErrNotExist) {
				msg = fmt.Sprintf("Remote file '%s' was not found. There are several potential causes. The file might not exist.", f.display)
			}
			return fail(msg, "100038")
		}
		var se *Error
		if errors.As(err, &se) {
			return nil, nil, se
		}
		return nil, nil, err
	}
	defer dropTemp(ctx, job.conn, staged.name)
	fl.rowsParsed = staged.records
	fl.errorLimit = job.errorLimit(fl.rowsParsed)
	if job.stmt.query != "" {
		return l.loadTransformed(ctx, job, fl, staged)
	}
	return l.loadPlain(ctx, job, fl, staged)
}

// loadTransformed runs the COPY's SELECT over the staged file.
func (l *loading) loadTransformed(ctx context.Context, job *copyJob, fl *fileLoad, staged *stagedTable) (*fileLoad, []rejectedRow, error) {
	conn := job.conn
	// Records that did not parse are errors of their own.
	rejected, err := job.parseErrors(ctx, staged)
	if err != nil {
		return nil, nil, err
	}
	if job.rejectFile(fl, rejected) {
		return fl, rejected, nil
	}
	duck, err := job.transformed(staged, fl.file, "")
	if err != nil {
		return nil, nil, err
	}
	var cols []string
	if len(job.stmt.columns) > 0 {
		for _, c := range job.cols {
			cols = append(cols, quoteIdent(c.name))
		}
	}
	target := quoteIdent(job.db) + "." + quoteIdent(job.schema) + "." + quoteIdent(job.table)
	if len(cols) > 0 {
		target += " (" + strings.Join(cols, ", ") + ")"
	}
	r, err := conn.ExecContext(ctx, "INSERT INTO "+target+" "+duck)
	if err != nil && job.rowLevel() && job.ownsTx {
		// A record that does not convert is an error of its own, and with
		// ON_ERROR = CONTINUE or SKIP_FILE_<n> the others still load (or
		// not, past the limit): find the records that fail.
		return l.loadTransformedRows(ctx, job, fl, rejected, target)
	}
	if err != nil {
		// The whole file fails: with ON_ERROR = ABORT_STATEMENT or
		// SKIP_FILE the first error stops the file, and the failed
		// statement aborted the transaction.
		msg, code := err.Error(), "100038"
		var se *Error
		if errors.As(duckError(err), &se) {
			msg, code = se.Message, se.Code
		}
		fl.status, fl.firstError, fl.firstErrCode, fl.errorsSeen = "LOAD_FAILED", msg, code, fl.rowsParsed
		if fl.errorsSeen == 0 {
			fl.errorsSeen = 1
		}
		fl.txBroken = true
		return fl, append(rejected, rejectedRow{err: msg, code: code}), nil
	}
	fl.rowsLoaded, _ = r.RowsAffected()
	fl.status = statusOf(fl)
	return fl, rejected, nil
}

// transformed is the COPY's SELECT, as DuckDB SQL, over file's staged
// records that meet cond (any when cond is "").
func (job *copyJob) transformed(staged *stagedTable, file stagedFile, cond string) (string, error) {
	rel := stagedRelationWhere(staged, []stagedFile{file}, false, cond)
	return job.s.toDuckDB(fmt.Sprintf(job.stmt.query, rel))
}

// rowLevel reports whether ON_ERROR judges a file by its records' errors
// one by one (CONTINUE, SKIP_FILE_<n>) rather than stopping at the first.
func (job *copyJob) rowLevel() bool {
	return job.onError == "CONTINUE" || job.onError == "SKIP_FILE_N"
}

// loadTransformedRows loads a file whose transformation failed on some
// record, after its failed INSERT aborted the file's transaction. DuckDB
// cannot skip a row whose expression fails, and a failed statement aborts
// the transaction, so each probe is a transaction of its own over the
// file staged anew: a range of records is evaluated in full (CREATE TEMP
// TABLE AS), and a failing range is halved until the failing records are
// found — about log2(records) probes per bad record, paid only by files
// that have one. Then the file is staged once more and the other records
// are inserted, in a transaction the caller goes on with.
func (l *loading) loadTransformedRows(ctx context.Context, job *copyJob, fl *fileLoad, rejected []rejectedRow, target string) (*fileLoad, []rejectedRow, error) {
	conn := job.conn
	ncols := job.stmt.maxDollar
	// stage begins a fresh transaction holding the file's staged records.
	stage := func() (*stagedTable, error) {
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return nil, duckError(err)
		}
		return l.stageFiles(ctx, conn, job.loc, []stagedFile{fl.file}, job.ff, ncols)
	}
	type failure struct {
		row       int64
		msg, code string
	}
	var bad []failure
	// probe evaluates the records lo..hi; on failure it halves the range.
	var probe func(lo, hi int64) error
	probe = func(lo, hi int64) error {
		staged, err := stage()
		if err != nil {
			return err
		}
		duck, err := job.transformed(staged, fl.file, fmt.Sprintf("__ROW BETWEEN %d AND %d", lo, hi))
		if err != nil {
			return err
		}
		tmp := fmt.Sprintf("_flurry_probe_%d", l.tmpSeq.Add(1))
		_, err = conn.ExecContext(ctx, "CREATE TEMP TABLE "+quoteIdent(tmp)+" AS "+duck)
		if err == nil {
			return nil // the transaction is rolled back by the next stage()
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if lo == hi {
			msg, code := err.Error(), "100038"
			var se *Error
			if errors.As(duckError(err), &se) {
				msg, code = se.Message, se.Code
			}
			bad = append(bad, failure{row: lo, msg: msg, code: code})
			return nil
		}
		mid := lo + (hi-lo)/2
		if err := probe(lo, mid); err != nil {
			return err
		}
		return probe(mid+1, hi)
	}
	staged, err := stage()
	if err != nil {
		return nil, nil, err
	}
	var first, last int64
	if err := conn.QueryRowContext(ctx, `SELECT coalesce(min(__ROW), 0), coalesce(max(__ROW), -1) FROM temp.main.`+quoteIdent(staged.name)+` WHERE __ERR IS NULL`).Scan(&first, &last); err != nil {
		return nil, nil, duckError(err)
	}
	if first <= last {
		if err := probe(first, last); err != nil {
			return nil, nil, err
		}
	}
	if staged, err = stage(); err != nil {
		return nil, nil, err
	}
	defer dropTemp(ctx, conn, staged.name)
	var rows []string
	for _, b := range bad {
		var line int64
		var raw string
		if err := conn.QueryRowContext(ctx, `SELECT __LINE, coalesce(__RAW, '') FROM temp.main.`+quoteIdent(staged.name)+` WHERE __ROW = ?`, b.row).Scan(&line, &raw); err != nil {
			return nil, nil, duckError(err)
		}
		rejected = append(rejected, rejectedRow{line: line, char: 1, err: b.msg, code: b.code, record: raw})
		rows = append(rows, strconv.FormatInt(b.row, 10))
	}
	sort.SliceStable(rejected, func(i, j int) bool { return rejected[i].line < rejected[j].line })
	if job.rejectFile(fl, rejected) {
		return fl, rejected, nil
	}
	cond := ""
	if len(rows) > 0 {
		cond = "__ROW NOT IN (" + strings.Join(rows, ", ") + ")"
	}
	duck, err := job.transformed(staged, fl.file, cond)
	if err != nil {
		return nil, nil, err
	}
	r, err := conn.ExecContext(ctx, "INSERT INTO "+target+" "+duck)
	if err != nil {
		return nil, nil, fmt.Errorf("load %s into %s: %w", fl.file.display, job.table, duckError(err))
	}
	fl.rowsLoaded, _ = r.RowsAffected()
	fl.status = statusOf(fl)
	return fl, rejected, nil
}

func statusOf(fl *fileLoad) string {
	switch {
	case fl.errorsSeen == 0:
		return "LOADED"
	case fl.rowsLoaded > 0:
		return "PARTIALLY_LOADED"
	}
	return "LOAD_FAILED"
}

// rejectFile records a file's rejected records and reports whether ON_ERROR
// stops its load, which then fails (LOAD_FAILED) without loading a row.
func (job *copyJob) rejectFile(fl *fileLoad, rejected []rejectedRow) bool {
	fl.errorsSeen = int64(len(rejected))
	if len(rejected) > 0 {
		fl.setFirst(rejected[0])
	}
	if job.stopOnErrors(fl) {
		fl.status = "LOAD_FAILED"
		return true
	}
	return false
}

// stopOnErrors reports whether the file's errors mean none of it loads.
func (job *copyJob) stopOnErrors(fl *fileLoad) bool {
	if fl.errorsSeen == 0 {
		return false
	}
	switch job.onError {
	case "CONTINUE":
		return false
	case "SKIP_FILE_N":
		return fl.errorsSeen >= fl.errorLimit
	}
	return true // SKIP_FILE, ABORT_STATEMENT
}

func (fl *fileLoad) setFirst(r rejectedRow) {
	fl.firstError, fl.firstLine, fl.firstChar, fl.firstColumn, fl.firstErrCode = r.err, r.line, r.char, r.column, r.code
}

// parseErrors lists the staged records that did not parse.
func (job *copyJob) parseErrors(ctx context.Context, staged *stagedTable) ([]rejectedRow, error) {
	rows, err := job.conn.QueryContext(ctx, `SELECT __LINE, __ERR, coalesce(__RAW, '') FROM temp.main.`+quoteIdent(staged.name)+` WHERE __ERR IS NOT NULL ORDER BY __ROW`)
	if err != nil {
		return nil, duckError(err)
	}
	defer rows.Close()
	var out []rejectedRow
	for rows.Next() {
		var r rejectedRow
		if err := rows.Scan(&r.line, &r.err, &r.record); err != nil {
			return nil, err
		}
		r.char, r.code = 1, parseErrorCode(r.err)
		out = append(out, r)
	}
	return out, rows.Err()
}

func parseErrorCode(msg string) string {
	if strings.HasPrefix(msg, "Error parsing JSON") {
		return "100069"
	}
	return "100065"
}

// stagedRelation is the relation a transformation selects from: the staged
// records that parsed, with Snowflake's METADATA$ columns.
// duck says whether the text is DuckDB SQL (the rewriter's StageRef hook)
// or Snowflake SQL (a COPY transformation, which the rewriter translates).
func stagedRelation(staged *stagedTable, files []stagedFile, duck bool) string {
	return stagedRelationWhere(staged, files, duck, "")
}

// stagedRelationWhere is stagedRelation of the records that also meet cond
// (DuckDB SQL over the staged table's columns, such as __ROW), if any.
func stagedRelationWhere(staged *stagedTable, files []stagedFile, duck bool, cond string) string {
	if cond != "" {
		cond = " AND (" + cond + ")"
	}
	// METADATA$START_SCAN_TIME is a TIMESTAMP_LTZ (an instant), the others NTZ.
	variant, ltz := "VARIANT", "TIMESTAMP_LTZ"
	if duck {
		variant, ltz = "JSON", "TIMESTAMPTZ"
	}
	var cols []string
	for i := 1; i <= staged.ncols; i++ {
		switch {
		case staged.json && !duck:
			// In Snowflake SQL, CAST(text AS VARIANT) is a string variant;
			// a semi-structured file's $1 is the parsed value (an OBJECT).
			cols = append(cols, fmt.Sprintf(`PARSE_JSON("$%d") AS "$%d"`, i, i))
		case staged.json:
			cols = append(cols, fmt.Sprintf(`CAST("$%d" AS %s) AS "$%d"`, i, variant, i))
		default:
			cols = append(cols, fmt.Sprintf(`"$%d"`, i))
		}
	}
	name, key, mod := "CASE __FILE", "CASE __FILE", "CASE __FILE"
	for i, f := range files {
		name += fmt.Sprintf(" WHEN %d THEN %s", i, quoteString(f.rel))
		key += fmt.Sprintf(" WHEN %d THEN %s", i, quoteString(f.MD5))
		mod += fmt.Sprintf(" WHEN %d THEN CAST(%s AS TIMESTAMP)", i, quoteString(f.LastModified.UTC().Format("2006-01-02 15:04:05.000")))
	}
	switch len(files) {
	case 0: // an empty stage: no rows, and CASE needs a WHEN
		name, key, mod = "CAST(NULL AS VARCHAR)", "CAST(NULL AS VARCHAR)", "CAST(NULL AS TIMESTAMP)"
	case 1:
		name, key = quoteString(files[0].rel), quoteString(files[0].MD5)
		mod = "CAST(" + quoteString(files[0].LastModified.UTC().Format("2006-01-02 15:04:05.000")) + " AS TIMESTAMP)"
	default:
		name, key, mod = name+" END", key+" END", mod+" END"
	}
	cols = append(cols, name+` AS METADATA$FILENAME`, `__ROW AS METADATA$FILE_ROW_NUMBER`, key+` AS METADATA$FILE_CONTENT_KEY`,
		mod+` AS METADATA$FILE_LAST_MODIFIED`, `CAST(`+quoteString(time.Now().UTC().Format("2006-01-02 15:04:05.000+00"))+` AS `+ltz+`) AS METADATA$START_SCAN_TIME`)
	return `(SELECT ` + strings.Join(cols, ", ") + ` FROM ` + quoteIdent(staged.name) + ` WHERE __ERR IS NULL` + cond + `)`
}

// loadPlain loads fields into columns by position, converting text per the
// column type as Snowflake does, and reports each record that does not fit.
func (l *loading) loadPlain(ctx context.Context, job *copyJob, fl *fileLoad, staged *stagedTable) (*fileLoad, []rejectedRow, error) {
	conn := job.conn
	if staged.json && len(job.cols) == 1 && (job.cols[0].duckType == "JSON" || job.cols[0].duckType == "VARCHAR") {
		return l.loadRecords(ctx, job, fl, staged)
	}
	src := "temp.main." + quoteIdent(staged.name)
	checked := fmt.Sprintf("_flurry_checked_%d", l.tmpSeq.Add(1))
	var conv, cases, colCases, codeCases []string
	conv = append(conv, "s.*")
	mismatch := job.ff.Type == "CSV" && job.ff.bool("ERROR_ON_COLUMN_COUNT_MISMATCH")
	n := len(job.cols)
	if mismatch {
		cond := fmt.Sprintf("__NFIELDS <> %d", n)
		cases = append(cases, fmt.Sprintf("WHEN %s THEN 'Number of columns in file (' || __NFIELDS || ') does not match that of the corresponding table (%d), use file format option error_on_column_count_mismatch=false to ignore this error'", cond, n))
		colCases = append(colCases, fmt.Sprintf("WHEN %s THEN %d", cond, n+1))
		codeCases = append(codeCases, fmt.Sprintf("WHEN %s THEN '100080'", cond))
	}
	for i, c := range job.cols {
		in := fmt.Sprintf(`"$%d"`, i+1)
		expr, msg, code := convertField(c, in, staged.json)
		conv = append(conv, fmt.Sprintf(`%s AS "__C%d"`, expr, i+1))
		bad := fmt.Sprintf(`"$%d" IS NOT NULL AND "__C%d" IS NULL`, i+1, i+1)
		cases = append(cases, fmt.Sprintf("WHEN %s THEN %s", bad, msg))
		colCases = append(colCases, fmt.Sprintf("WHEN %s THEN %d", bad, i+1))
		codeCases = append(codeCases, fmt.Sprintf("WHEN %s THEN '%s'", bad, code))
		if !c.nullable {
			null := fmt.Sprintf(`"__C%d" IS NULL`, i+1)
			cases = append(cases, fmt.Sprintf("WHEN %s THEN 'NULL result in a non-nullable column'", null))
			colCases = append(colCases, fmt.Sprintf("WHEN %s THEN %d", null, i+1))
			codeCases = append(codeCases, fmt.Sprintf("WHEN %s THEN '100072'", null))
		}
	}
	errExpr := "CASE WHEN __ERR IS NOT NULL THEN __ERR " + strings.Join(cases, " ") + " END"
	colExpr := "CASE WHEN __ERR IS NOT NULL THEN NULL " + strings.Join(colCases, " ") + " END"
	codeExpr := "CASE WHEN __ERR IS NOT NULL THEN '100065' " + strings.Join(codeCases, " ") + " END"
	q := fmt.Sprintf(`CREATE TEMP TABLE %s AS SELECT *, %s AS __ERRMSG, %s AS __ERRCOL, %s AS __ERRCODE FROM (SELECT %s FROM %s s)`,
		quoteIdent(checked), errExpr, colExpr, codeExpr, strings.Join(conv, ", "), src)
	if _, err := conn.ExecContext(ctx, q); err != nil {
		return nil, nil, fmt.Errorf("check staged records of %s: %w", fl.file.display, duckError(err))
	}
	defer dropTemp(ctx, conn, checked)

	rejected, err := job.rejectedRows(ctx, checked, staged.ncols)
	if err != nil {
		return nil, nil, err
	}
	if job.rejectFile(fl, rejected) {
		return fl, rejected, nil
	}
	var names, vals []string
	for i, c := range job.cols {
		names = append(names, quoteIdent(c.name))
		vals = append(vals, fmt.Sprintf(`"__C%d"`, i+1))
	}
	target := quoteIdent(job.db) + "." + quoteIdent(job.schema) + "." + quoteIdent(job.table)
	r, err := conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM temp.main.%s WHERE __ERRMSG IS NULL ORDER BY __ROW`,
		target, strings.Join(names, ", "), strings.Join(vals, ", "), quoteIdent(checked)))
	if err != nil {
		return nil, nil, fmt.Errorf("load %s into %s: %w", fl.file.display, job.table, duckError(err))
	}
	fl.rowsLoaded, _ = r.RowsAffected()
	fl.status = statusOf(fl)
	return fl, rejected, nil
}

// loadRecords loads JSON or Parquet records, already validated by the
// parser, into the table's one VARIANT (or text) column.
func (l *loading) loadRecords(ctx context.Context, job *copyJob, fl *fileLoad, staged *stagedTable) (*fileLoad, []rejectedRow, error) {
	rejected, err := job.parseErrors(ctx, staged)
	if err != nil {
		return nil, nil, err
	}
	col := fmt.Sprintf(`"%s"["%s":%d]`, job.table, job.cols[0].name, job.cols[0].index)
	for i := range rejected {
		rejected[i].column = col
	}
	if job.rejectFile(fl, rejected) {
		return fl, rejected, nil
	}
	value := `"$1"`
	if job.cols[0].duckType == "JSON" {
		value = `CAST(` + jsonTextTrimmed(`"$1"`) + ` AS JSON)`
	}
	target := quoteIdent(job.db) + "." + quoteIdent(job.schema) + "." + quoteIdent(job.table)
	r, err := job.conn.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (%s) SELECT %s FROM temp.main.%s WHERE __ERR IS NULL ORDER BY __ROW`,
		target, quoteIdent(job.cols[0].name), value, quoteIdent(staged.name)))
	if err != nil {
		return nil, nil, fmt.Errorf("load %s into %s: %w", fl.file.display, job.table, duckError(err))
	}
	fl.rowsLoaded, _ = r.RowsAffected()
	fl.status = statusOf(fl)
	return fl, rejected, nil
}

// rejectedRows reads the records that failed their checks, in file order.
func (job *copyJob) rejectedRows(ctx context.Context, checked string, ncols int) ([]rejectedRow, error) {
	var fields []string
	for i := 1; i <= ncols; i++ {
		fields = append(fields, fmt.Sprintf(`"$%d"::VARCHAR`, i))
	}
	rows, err := job.conn.QueryContext(ctx, `SELECT __LINE, __ERRMSG, coalesce(__ERRCOL, 0), __ERRCODE, __RAW, __NFIELDS, `+strings.Join(fields, ", ")+
		` FROM temp.main.`+quoteIdent(checked)+` WHERE __ERRMSG IS NOT NULL ORDER BY __ROW`)
	if err != nil {
		return nil, duckError(err)
	}
	defer rows.Close()
	delim := job.ff.delimiter("FIELD_DELIMITER")
	var out []rejectedRow
	vals := make([]sql.NullString, ncols)
	for rows.Next() {
		var r rejectedRow
		var col int
		var raw sql.NullString
		var nfields int
		ptrs := []any{&r.line, &r.err, &col, &r.code, &raw, &nfields}
		for i := range vals {
			ptrs = append(ptrs, &vals[i])
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		r.char = 1
		if raw.Valid {
			r.record = raw.String
		} else {
			var parts []string
			for i, v := range vals {
				if i < nfields {
					parts = append(parts, v.String)
				}
			}
			if job.ff.Type == "CSV" {
				r.record = strings.Join(parts, delim)
				for i := 0; i < col-1 && i < len(parts); i++ {
					r.char += int64(len([]rune(parts[i])) + len([]rune(delim)))
				}
			} else if len(parts) > 0 {
				r.record = parts[0]
			}
		}
		if r.code == "100069" && col >= 1 && col <= len(vals) {
			// SQL only knows the text is not JSON; say why, as Snowflake does.
			var v json.RawMessage
			if err := json.Unmarshal([]byte(vals[col-1].String), &v); err != nil {
				r.err = "Error parsing JSON: " + err.Error()
			}
		}
		if col >= 1 && col <= len(job.cols) {
			r.column = fmt.Sprintf(`"%s"["%s":%d]`, job.table, job.cols[col-1].name, job.cols[col-1].index)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// convertField is the conversion of a staged field to a column's type, the
// message when it fails and Snowflake's error code.
func convertField(c tableCol, in string, fromJSON bool) (expr, msg, code string) {
	t := strings.ToUpper(c.duckType)
	quoted := func(prefix, suffix string) string {
		return fmt.Sprintf(`'%s''' || %s::VARCHAR || '''%s'`, prefix, in, suffix)
	}
	if fromJSON {
		switch t {
		case "JSON":
			return fmt.Sprintf("CAST(%s AS JSON)", jsonTextTrimmed(in)), quoted("Error parsing JSON: ", ""), "100069"
		default:
			return in, quoted("Value ", " cannot be converted"), "100038"
		}
	}
	switch {
	case t == "VARCHAR":
		return in, "NULL", "100038"
	case t == "JSON":
		return fmt.Sprintf(`CASE WHEN json_valid(%[1]s) THEN CAST(%[2]s AS JSON) END`, in, jsonTextTrimmed(in)),
			fmt.Sprintf(`'Error parsing JSON: ' || left(%s, 100)`, in), "100069"
	case t == "TINYINT" || t == "SMALLINT" || t == "INTEGER" || t == "BIGINT" || t == "HUGEINT" || strings.HasPrefix(t, "DECIMAL") ||
		t == "DOUBLE" || t == "FLOAT" || t == "REAL" || strings.HasPrefix(t, "U"):
		return fmt.Sprintf("TRY_CAST(trim(%s) AS %s)", in, t), quoted("Numeric value ", " is not recognized"), "100038"
	case t == "BOOLEAN":
		return fmt.Sprintf(`CASE upper(trim(%[1]s)) WHEN 'YES' THEN true WHEN 'Y' THEN true WHEN 'ON' THEN true WHEN 'NO' THEN false WHEN 'N' THEN false WHEN 'OFF' THEN false ELSE TRY_CAST(%[1]s AS BOOLEAN) END`, in),
			quoted("Boolean value ", " is not recognized"), "100037"
	case t == "DATE":
		return fmt.Sprintf("TRY_CAST(%s AS DATE)", in), quoted("Date ", " is not recognized"), "100040"
	case t == "TIME":
		return fmt.Sprintf("TRY_CAST(%s AS TIME)", in), quoted("Time ", " is not recognized"), "100108"
	case t == "TIMESTAMP" || t == "TIMESTAMP_NS" || t == "TIMESTAMP_MS" || t == "TIMESTAMP_S":
		// Snowflake's TIMESTAMP_NTZ keeps the wall-clock time and drops an
		// offset; an integer is seconds (or ms/us/ns by magnitude) since 1970.
		return fmt.Sprintf(`CASE WHEN regexp_full_match(trim(%[1]s), '-?[0-9]{1,18}') THEN %[2]s
			ELSE TRY_CAST(regexp_replace(trim(%[1]s), '(\d)\s*(Z|[+-]\d\d:?\d\d)$', '\1') AS TIMESTAMP) END`, in, epochExpr(in, false)),
			quoted("Timestamp ", " is not recognized"), "100035"
	case t == "TIMESTAMP WITH TIME ZONE" || t == "TIMESTAMPTZ":
		// (_SF_COPY_TEXT_LTZ: DuckDB's cast, checked in a session zone
		// with transitions: rewrite/wallclock.go.)
		return fmt.Sprintf(`CASE WHEN regexp_full_match(trim(%[1]s), '-?[0-9]{1,18}') THEN %[2]s ELSE _SF_COPY_TEXT_LTZ(trim(%[1]s)) END`, in, epochExpr(in, true)),
			quoted("Timestamp ", " is not recognized"), "100035"
	case t == "BLOB":
		return fmt.Sprintf(`CASE WHEN regexp_full_match(%[1]s, '([0-9a-fA-F]{2})*') THEN unhex(%[1]s) END`, in),
			quoted("The following string is not a legal hex-encoded value: ", ""), "100115"
	}
	return fmt.Sprintf("TRY_CAST(%s AS %s)", in, c.duckType), quoted("Value ", " cannot be converted to "+t), "100038"
}

// epochExpr converts an integer string to a timestamp: Snowflake reads it
// as seconds, milliseconds, microseconds or nanoseconds by its magnitude.
func epochExpr(in string, tz bool) string {
	e := fmt.Sprintf(`(CASE WHEN abs(CAST(trim(%[1]s) AS BIGINT)) < 31536000000 THEN make_timestamp(CAST(trim(%[1]s) AS BIGINT) * 1000000)
		WHEN abs(CAST(trim(%[1]s) AS BIGINT)) < 31536000000000 THEN make_timestamp(CAST(trim(%[1]s) AS BIGINT) * 1000)
		WHEN abs(CAST(trim(%[1]s) AS BIGINT)) < 31536000000000000 THEN make_timestamp(CAST(trim(%[1]s) AS BIGINT))
		ELSE make_timestamp(CAST(trim(%[1]s) AS BIGINT) // 1000) END)`, in)
	if tz {
		// Counted from the epoch in UTC (docs: TO_TIMESTAMP), whatever
		// the session's zone.
		return "timezone('UTC', " + e + ")"
	}
	return e
}

// jsonTextTrimmed is SQL text x, a JSON document kept as written, without
// its leading whitespace: JSON readers skip it, and it could otherwise be
// the mark of PARSE_XML's values (sfunc/xml_mark.go).
func jsonTextTrimmed(x string) string {
	return "ltrim(CAST(" + x + " AS VARCHAR), ' ' || chr(9) || chr(10) || chr(13))"
}
