package snowlocal

import (
	"context"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// stageRefHook answers the rewriter for `FROM @stage[/path] (FILE_FORMAT =>
// f, PATTERN => p) alias` in queries: the files are parsed into a session
// temp table and the relation selects their "$1".."$n" and METADATA$
// columns. The temp table lives until the session's next statement.
func (l *loading) stageRefHook(s *Session, stage string, params map[string]string) (string, error) {
	ctx := context.Background()
	if !strings.HasPrefix(stage, "@") {
		stage = "@" + stage
	}
	norm := map[string]string{}
	for k, v := range params {
		norm[strings.ToUpper(k)] = v
	}
	sl, err := l.resolveStage(ctx, s, stage)
	if err != nil {
		return "", err
	}
	spec := fileFormatSpec{name: norm["FILE_FORMAT"]}
	if spec.empty() && sl.stage != nil {
		if spec, err = parseFileFormatSpec(sl.stage.Props["FILE_FORMAT"]); err != nil {
			return "", err
		}
	}
	ff, err := l.resolveFileFormat(ctx, s, spec)
	if err != nil {
		return "", err
	}
	files, err := l.list(ctx, sl, norm["PATTERN"])
	if err != nil {
		return "", err
	}
	staged, err := l.stageFiles(ctx, s.conn, sl, files, ff, 0)
	if err != nil {
		if fe, ok := err.(*fileError); ok {
			return "", Errorf("100038", "22000", "%s\n  File '%s'", fe.err.Error(), fe.file)
		}
		return "", err
	}
	l.mu.Lock()
	l.temps[s] = append(l.temps[s], staged.name)
	l.mu.Unlock()
	var line int64
	var perr, file string
	row := s.conn.QueryRowContext(ctx, `SELECT __LINE, __ERR, __FILE FROM `+quoteIdent(staged.name)+` WHERE __ERR IS NOT NULL ORDER BY __FILE, __ROW LIMIT 1`)
	var idx int
	if row.Scan(&line, &perr, &idx) == nil {
		if idx < len(files) {
			file = files[idx].rel
		}
		return "", Errorf(parseErrorCode(perr), "22000", "%s\n  File '%s', line %d", perr, file, line)
	}
	return stagedRelation(staged, files, true), nil
}

// substitute replaces, before the rewriter runs, the loading functions and
// views that depend on engine state:
//
//	SYSTEM$PIPE_STATUS('pipe')                         -> a JSON string
//	TABLE([db.]INFORMATION_SCHEMA.COPY_HISTORY(...))     -> a subquery
//	TABLE([SNOWFLAKE.]INFORMATION_SCHEMA.PIPE_USAGE_HISTORY(...))
//	TABLE(VALIDATE(table, JOB_ID => '_last' | 'id'))
//	[db.]INFORMATION_SCHEMA.LOAD_HISTORY                -> a subquery
//
// The subqueries are plain SQL valid in Snowflake and DuckDB alike, with the
// caller's argument expressions embedded (the rewriter translates them). It
// also drops the temp tables earlier staged-file queries of the session made.
func (l *loading) substitute(s *Session, text string) (string, error) {
	l.dropSessionTemps(s)
	up := strings.ToUpper(text)
	if !strings.Contains(up, "SYSTEM$PIPE_STATUS") && !strings.Contains(up, "COPY_HISTORY") &&
		!strings.Contains(up, "PIPE_USAGE_HISTORY") && !strings.Contains(up, "VALIDATE") && !strings.Contains(up, "LOAD_HISTORY") {
		return text, nil
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, nil // the rewriter reports lexical errors
	}
	ctx := context.Background()
	next := func(i int) int { // next significant token at or after i
		for ; i < len(toks); i++ {
			if toks[i].Significant() {
				return i
			}
		}
		return -1
	}
	var b strings.Builder
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind != sqllex.Word {
			b.WriteString(t.Text)
			continue
		}
		w := strings.ToUpper(t.Text)
		// SYSTEM$PIPE_STATUS('name')
		if w == "SYSTEM$PIPE_STATUS" {
			if j := next(i + 1); j > 0 && toks[j].IsOp("(") {
				if k := next(j + 1); k > 0 && toks[k].Kind == sqllex.String {
					if m := next(k + 1); m > 0 && toks[m].IsOp(")") {
						js, err := l.pipeStatus(ctx, s, unquoteString(toks[k].Text))
						if err != nil {
							return "", err
						}
						b.WriteString(snowflakeString(js))
						i = m
						continue
					}
				}
			}
		}
		// TABLE( name(args) )
		if w == "TABLE" {
			if j := next(i + 1); j > 0 && toks[j].IsOp("(") {
				rel, end, ok, err := l.tableFunction(ctx, s, toks, next(j+1), next)
				if err != nil {
					return "", err
				}
				if ok {
					if k := next(end + 1); k > 0 && toks[k].IsOp(")") {
						b.WriteString(rel)
						i = k
						continue
					}
				}
			}
		}
		// [db.]INFORMATION_SCHEMA.LOAD_HISTORY
		if rel, end, ok, err := l.loadHistoryView(ctx, s, toks, i, next); err != nil {
			return "", err
		} else if ok {
			b.WriteString(rel)
			i = end
			continue
		}
		b.WriteString(t.Text)
	}
	return b.String(), nil
}

// snowflakeString quotes s as a Snowflake string literal (which, unlike
// DuckDB's, reads backslash escapes).
func snowflakeString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", "''").Replace(s) + "'"
}

func (l *loading) dropSessionTemps(s *Session) {
	l.mu.Lock()
	old := l.temps[s]
	delete(l.temps, s)
	l.mu.Unlock()
	for _, name := range old {
		_, _ = s.conn.ExecContext(context.Background(), "DROP TABLE IF EXISTS temp.main."+quoteIdent(name))
	}
}

// qualifiedAt reads a dotted name starting at token i; it returns the parts
// (unquoted words upper-cased) and the index of its last token.
func qualifiedAt(toks []sqllex.Token, i int, next func(int) int) ([]string, int) {
	var parts []string
	last := i
	for i >= 0 && i < len(toks) && (toks[i].Kind == sqllex.Word || toks[i].Kind == sqllex.QuotedIdent) {
		parts = append(parts, identText(toks[i]))
		last = i
		j := next(i + 1)
		if j < 0 || !toks[j].IsOp(".") {
			break
		}
		i = next(j + 1)
	}
	return parts, last
}

// tfArg is one argument of a table function call.
type tfArg struct {
	name string // upper-cased for NAME => value, "" for positional
	text string // the value's SQL text
}

// callArgs reads "( args )" starting at the "(" token; it returns the index
// of the closing ")".
func callArgs(toks []sqllex.Token, open int, next func(int) int) ([]tfArg, int, bool) {
	depth := 0
	var args []tfArg
	var cur strings.Builder
	name := ""
	flush := func() {
		if v := strings.TrimSpace(cur.String()); v != "" || name != "" {
			args = append(args, tfArg{name: name, text: v})
		}
		cur.Reset()
		name = ""
	}
	for i := open; i < len(toks); i++ {
		t := toks[i]
		switch {
		case t.IsOp("("):
			depth++
			if depth == 1 {
				continue
			}
		case t.IsOp(")"):
			depth--
			if depth == 0 {
				flush()
				return args, i, true
			}
		case t.IsOp(",") && depth == 1:
			flush()
			continue
		case depth == 1 && t.Kind == sqllex.Word && strings.TrimSpace(cur.String()) == "":
			if j := next(i + 1); j > 0 && toks[j].IsOp("=>") {
				name = strings.ToUpper(t.Text)
				i = j
				continue
			}
		}
		cur.WriteString(t.Text)
	}
	return nil, 0, false
}

// argValue finds a named argument (or the positional one at pos).
func argValue(args []tfArg, name string, pos int) (string, bool) {
	n := 0
	for _, a := range args {
		if a.name == name {
			return a.text, true
		}
		if a.name == "" {
			if n == pos {
				return a.text, true
			}
			n++
		}
	}
	return "", false
}

func stringArg(fn, name, text string) (string, error) {
	c, err := newCursor(text)
	if err == nil {
		if v, ok := c.stringLit(); ok && c.done() {
			return v, nil
		}
	}
	return "", Errorf("002040", "0A000", "SQL compilation error:\n%s: argument %s must be a string constant, got %s", fn, name, text)
}

// tableFunction recognizes the loading table functions at token i (the
// function name inside TABLE( ... )). end is the function's closing ")".
func (l *loading) tableFunction(ctx context.Context, s *Session, toks []sqllex.Token, i int, next func(int) int) (string, int, bool, error) {
	if i < 0 {
		return "", 0, false, nil
	}
	parts, last := qualifiedAt(toks, i, next)
	if len(parts) == 0 {
		return "", 0, false, nil
	}
	fn := parts[len(parts)-1]
	var db string
	switch {
	case len(parts) == 1 && fn == "VALIDATE":
	case len(parts) >= 2 && parts[len(parts)-2] == "INFORMATION_SCHEMA" && (fn == "COPY_HISTORY" || fn == "PIPE_USAGE_HISTORY"):
		if len(parts) == 3 {
			db = parts[0]
		}
	default:
		return "", 0, false, nil
	}
	open := next(last + 1)
	if open < 0 || !toks[open].IsOp("(") {
		return "", 0, false, nil
	}
	args, end, ok := callArgs(toks, open, next)
	if !ok {
		return "", 0, false, nil
	}
	var rel string
	var err error
	switch fn {
	case "COPY_HISTORY":
		rel, err = l.copyHistorySQL(ctx, s, db, args)
	case "PIPE_USAGE_HISTORY":
		rel, err = l.pipeUsageSQL(ctx, s, args)
	case "VALIDATE":
		rel, err = l.validateSQL(ctx, s, args)
	}
	return rel, end, err == nil, err
}

// historyDatabases lists the databases that have load metadata.
func (l *loading) historyDatabases(ctx context.Context) ([]string, error) {
	rows, err := l.e.catalogDB.QueryContext(ctx, `SELECT database_name FROM duckdb_tables() WHERE schema_name='_FLURRY' AND table_name='LOAD_HISTORY' ORDER BY 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// ensureHistoryDB creates a database's load metadata tables.
func (l *loading) ensureHistoryDB(ctx context.Context, db string) error {
	if _, ok, err := l.e.lookupDatabase(ctx, db); err != nil {
		return err
	} else if !ok {
		return Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", db)
	}
	// No writeMu: a COPY holding it may get here through its transformation.
	conn, err := l.e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return ensureHistory(ctx, conn, db)
}

func (l *loading) copyHistorySQL(ctx context.Context, s *Session, db string, args []tfArg) (string, error) {
	tn, ok := argValue(args, "TABLE_NAME", 0)
	if !ok {
		return "", Errorf("002040", "0A000", "SQL compilation error:\nCOPY_HISTORY requires TABLE_NAME => 'table'")
	}
	name, err := stringArg("COPY_HISTORY", "TABLE_NAME", tn)
	if err != nil {
		return "", err
	}
	ref := objectName{parts: splitQualified(name)}
	if db != "" && len(ref.parts) < 3 {
		schema := s.Schema
		if len(ref.parts) == 2 {
			schema = ref.parts[0]
		}
		ref = objectName{parts: []string{db, schema, ref.last()}}
	}
	tdb, tschema, table, err := s.Resolve(ref)
	if err != nil {
		return "", err
	}
	start, ok := argValue(args, "START_TIME", 1)
	if !ok {
		return "", Errorf("002040", "0A000", "SQL compilation error:\nCOPY_HISTORY requires START_TIME => <timestamp>")
	}
	if err := l.ensureHistoryDB(ctx, tdb); err != nil {
		return "", err
	}
	where := fmt.Sprintf("TABLE_SCHEMA = %s AND TABLE_NAME = %s AND LAST_LOAD_TIME >= (%s)", quoteString(tschema), quoteString(table), start)
	if end, ok := argValue(args, "END_TIME", 2); ok {
		where += fmt.Sprintf(" AND LAST_LOAD_TIME <= (%s)", end)
	}
	return `(SELECT FILE_NAME, STAGE_LOCATION, LAST_LOAD_TIME, ROW_COUNT, ROW_PARSED, FILE_SIZE, FIRST_ERROR_MESSAGE,
		FIRST_ERROR_LINE_NUMBER, FIRST_ERROR_CHARACTER_POS, FIRST_ERROR_COLUMN_NAME, ERROR_COUNT, ERROR_LIMIT,
		CASE STATUS WHEN 'LOADED' THEN 'Loaded' WHEN 'LOAD_FAILED' THEN 'Load failed' WHEN 'PARTIALLY_LOADED' THEN 'Partially loaded' ELSE STATUS END AS STATUS,
		` + quoteString(tdb) + ` AS TABLE_CATALOG_NAME, TABLE_SCHEMA AS TABLE_SCHEMA_NAME, TABLE_NAME,
		PIPE_CATALOG_NAME, PIPE_SCHEMA_NAME, PIPE_NAME, PIPE_RECEIVED_TIME, LAST_LOAD_TIME AS FIRST_COMMIT_TIME
		FROM ` + millisHistory(tdb) + ` WHERE ` + where + `)`, nil
}

// pipeUsageSQL is INFORMATION_SCHEMA.PIPE_USAGE_HISTORY as documented
// (https://docs.snowflake.com/en/sql-reference/functions/pipe_usage_history):
// columns START_TIME, END_TIME, PIPE_NAME, CREDITS_USED, BYTES_INSERTED,
// FILES_INSERTED, BYTES_BILLED; without PIPE_NAME one row per period holds the
// totals of all pipes and PIPE_NAME is NULL; DATE_RANGE_END defaults to
// CURRENT_DATE and DATE_RANGE_START to ten minutes before the end. History
// comes "in increments of 5 minutes, 1 hour, or 24 hours (depending on the
// length of the specified range)": the docs' examples show 5 minutes for a
// 30-minute range, 1 hour for 12 hours and 1 day for 14 days; the limits
// between them are not documented, so a range up to an hour gets 5 minutes,
// up to a day 1 hour, longer ones 1 day. A local engine bills no credits.
func (l *loading) pipeUsageSQL(ctx context.Context, s *Session, args []tfArg) (string, error) {
	var filter, pipeName string
	pipeName = "CAST(NULL AS VARCHAR)"
	if v, ok := argValue(args, "PIPE_NAME", 2); ok {
		name, err := stringArg("PIPE_USAGE_HISTORY", "PIPE_NAME", v)
		if err != nil {
			return "", err
		}
		db, schema, pipe, err := s.Resolve(objectName{parts: splitQualified(name)})
		if err != nil {
			return "", err
		}
		filter = fmt.Sprintf(" AND PIPE_CATALOG_NAME = %s AND PIPE_SCHEMA_NAME = %s AND PIPE_NAME = %s", quoteString(db), quoteString(schema), quoteString(pipe))
		pipeName = quoteString(db + "." + schema + "." + pipe)
	}
	dbs, err := l.historyDatabases(ctx)
	if err != nil {
		return "", err
	}
	var parts []string
	for _, db := range dbs {
		parts = append(parts, `SELECT LAST_LOAD_TIME, FILE_SIZE FROM `+millisHistory(db)+
			` WHERE PIPE_NAME IS NOT NULL AND STATUS <> 'LOAD_FAILED'`+filter)
	}
	if len(parts) == 0 {
		parts = append(parts, `SELECT CAST(NULL AS TIMESTAMPTZ) AS LAST_LOAD_TIME, CAST(NULL AS BIGINT) AS FILE_SIZE WHERE 1 = 0`)
	}
	end := "CAST(CURRENT_DATE() AS TIMESTAMP_LTZ)"
	if v, ok := argValue(args, "DATE_RANGE_END", 1); ok {
		end = "CAST((" + v + ") AS TIMESTAMP_LTZ)"
	}
	start := "DATEADD('minute', -10, R_END)"
	if v, ok := argValue(args, "DATE_RANGE_START", 0); ok {
		start = "CAST((" + v + ") AS TIMESTAMP_LTZ)"
	}
	// Periods are aligned to the clock (TIME_SLICE), each row one period
	// with loads in it.
	return `(WITH R0 AS (SELECT ` + end + ` AS R_END),
		R AS (SELECT ` + start + ` AS R_START, R_END FROM R0),
		P AS (SELECT CASE WHEN DATEDIFF('second', R_START, R_END) <= 3600 THEN 5
			WHEN DATEDIFF('second', R_START, R_END) <= 86400 THEN 60 ELSE 1440 END AS MINUTES FROM R),
		L AS (SELECT TIME_SLICE(CAST(H.LAST_LOAD_TIME AS TIMESTAMP_LTZ), P.MINUTES, 'MINUTE') AS START_TIME, P.MINUTES, H.FILE_SIZE
			FROM (` + strings.Join(parts, " UNION ALL ") + `) H, R, P
			WHERE H.LAST_LOAD_TIME >= R.R_START AND H.LAST_LOAD_TIME < R.R_END)
		SELECT START_TIME, DATEADD('minute', MINUTES, START_TIME) AS END_TIME, ` + pipeName + ` AS PIPE_NAME,
			CAST(0 AS VARCHAR) AS CREDITS_USED, SUM(FILE_SIZE) AS BYTES_INSERTED, COUNT(*) AS FILES_INSERTED,
			SUM(FILE_SIZE) AS BYTES_BILLED
		FROM L GROUP BY START_TIME, MINUTES)`, nil
}

// validateSQL is VALIDATE(table, JOB_ID => '_last' | 'id'): the records a
// COPY rejected.
func (l *loading) validateSQL(ctx context.Context, s *Session, args []tfArg) (string, error) {
	tn, ok := argValue(args, "TABLE_NAME", 0)
	if !ok {
		return "", Errorf("002040", "0A000", "SQL compilation error:\nVALIDATE requires a table and JOB_ID => '_last' or a query id")
	}
	db, schema, table, err := s.Resolve(objectName{parts: splitQualified(strings.TrimSpace(tn))})
	if err != nil {
		return "", err
	}
	jv, ok := argValue(args, "JOB_ID", 1)
	if !ok {
		return "", Errorf("002040", "0A000", "SQL compilation error:\nVALIDATE requires JOB_ID => '_last' or a query id")
	}
	job, err := stringArg("VALIDATE", "JOB_ID", jv)
	if err != nil {
		return "", err
	}
	if err := l.ensureHistoryDB(ctx, db); err != nil {
		return "", err
	}
	if job == "_last" {
		row := l.e.db.QueryRowContext(ctx, `SELECT JOB_ID FROM `+historyTable(db)+` WHERE TABLE_SCHEMA=? AND TABLE_NAME=?
			ORDER BY LAST_LOAD_TIME DESC LIMIT 1`, schema, table)
		if err := row.Scan(&job); err != nil {
			return "", Errorf("002040", "0A000", "SQL compilation error:\nVALIDATE: no COPY into %s.%s.%s has run.", db, schema, table)
		}
	}
	return `(SELECT ERROR, FILE_NAME AS FILE, LINE, "CHARACTER", CAST(NULL AS INTEGER) AS BYTE_OFFSET,
		CASE WHEN CODE = '100069' OR CODE = '100065' THEN 'parsing' ELSE 'conversion' END AS CATEGORY,
		CODE, '22000' AS SQL_STATE, COLUMN_NAME, LINE AS ROW_NUMBER, LINE AS ROW_START_LINE, REJECTED_RECORD
		FROM ` + errorsTable(db) + ` WHERE TABLE_SCHEMA = ` + quoteString(schema) + ` AND TABLE_NAME = ` + quoteString(table) +
		` AND JOB_ID = ` + quoteString(job) + `)`, nil
}

// loadHistoryView recognizes [db.]INFORMATION_SCHEMA.LOAD_HISTORY at token i.
func (l *loading) loadHistoryView(ctx context.Context, s *Session, toks []sqllex.Token, i int, next func(int) int) (string, int, bool, error) {
	parts, last := qualifiedAt(toks, i, next)
	if len(parts) < 2 || len(parts) > 3 || parts[len(parts)-1] != "LOAD_HISTORY" || parts[len(parts)-2] != "INFORMATION_SCHEMA" {
		return "", 0, false, nil
	}
	if j := next(last + 1); j > 0 && toks[j].IsOp("(") {
		return "", 0, false, nil
	}
	db := s.Database
	if len(parts) == 3 {
		db = parts[0]
	}
	if db == "" {
		return "", 0, false, Errorf("090105", "22000", "Cannot perform SELECT. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.")
	}
	if err := l.ensureHistoryDB(ctx, db); err != nil {
		return "", 0, false, err
	}
	rel := `(SELECT TABLE_SCHEMA AS SCHEMA_NAME, STAGE_LOCATION || FILE_NAME AS FILE_NAME, TABLE_NAME, LAST_LOAD_TIME, STATUS,
		ROW_COUNT, ROW_PARSED, FIRST_ERROR_MESSAGE, FIRST_ERROR_LINE_NUMBER, FIRST_ERROR_CHARACTER_POS AS FIRST_ERROR_CHARACTER_POSITION,
		FIRST_ERROR_COLUMN_NAME AS FIRST_ERROR_COL_NAME, ERROR_COUNT, ERROR_LIMIT
		FROM ` + millisHistory(db) + ` WHERE PIPE_NAME IS NULL)`
	// Name the subquery unless the statement gives it an alias.
	if j := next(last + 1); j < 0 || !(toks[j].IsWord("AS") || (toks[j].Kind == sqllex.Word && !notAlias[strings.ToUpper(toks[j].Text)])) {
		rel += " AS LOAD_HISTORY"
	}
	return rel, last, true, nil
}
