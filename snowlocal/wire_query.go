package snowlocal

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Query execution as Snowflake's drivers see it: one statement, several in
// one request (MULTI_STATEMENT_COUNT, children fetched by id), or detached
// (asyncExec, status from /monitoring/queries/<id>, result from
// /queries/<id>/result). Every query is recorded in the wire's queryStore so
// its status and result can be fetched by id, and large results are served in
// chunks (wire_chunks.go).

// Snowflake's response codes for a query that has not finished yet.
const (
	codeQueryInProgress      = "333333"
	codeQueryInProgressAsync = "333334"
	// multiStatementColumn is the one column of the parent result of a
	// multi-statement request (a SELECT-like result, statement type 0x1000).
	multiStatementColumn = "multiple statement execution"
)

// registerQueryRoutes adds the query-by-id endpoints to the wire's mux.
func (w *wire) registerQueryRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /queries/{id}/result", w.queryResult)
	mux.HandleFunc("POST /queries/{id}/abort-request", w.abortQuery)
	mux.HandleFunc("GET /monitoring/queries/{id}", w.queryStatus)
	mux.HandleFunc("GET /flurry-chunks/{id}/{n}", w.chunk)
}

// serveQuery runs a parsed query request and answers it.
func (w *wire) serveQuery(rw http.ResponseWriter, r *http.Request, ws *wireSession, req *queryRequest, queryID string) {
	rows, err := decodeBindings(req.Bindings)
	if err != nil {
		writeFailure(rw, Errorf("002049", "22000", "SQL compilation error: %v", err), queryID)
		return
	}
	requestID := r.URL.Query().Get("requestId")
	base := "http://" + r.Host
	if req.AsyncExec {
		ctx, cancel := context.WithCancel(context.Background())
		rec := w.queries.add(ws, queryID, req.SQLText, base, cancel)
		w.trackRunning(requestID, ws.id, cancel)
		go func() {
			defer cancel()
			defer w.untrackRunning(requestID)
			w.execute(ctx, ws, req, rows, rec)
		}()
		writeJSON(rw, map[string]any{
			"success": true, "code": codeQueryInProgressAsync,
			"message": "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.",
			"data":    map[string]any{"queryId": queryID, "getResultUrl": "/queries/" + queryID + "/result", "queryAbortsAfterSecs": 300, "progressDesc": nil},
		})
		return
	}
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	rec := w.queries.add(ws, queryID, req.SQLText, base, cancel)
	w.trackRunning(requestID, ws.id, cancel)
	defer w.untrackRunning(requestID)
	w.execute(ctx, ws, req, rows, rec)
	w.writeRecord(rw, rec)
}

func (w *wire) trackRunning(requestID string, session int64, cancel context.CancelFunc) {
	w.mu.Lock()
	w.running[requestID] = runningQuery{session: session, cancel: cancel}
	w.mu.Unlock()
}

func (w *wire) untrackRunning(requestID string) {
	w.mu.Lock()
	delete(w.running, requestID)
	w.mu.Unlock()
}

// execute runs the request's statement(s) and completes rec.
func (w *wire) execute(ctx context.Context, ws *wireSession, req *queryRequest, rows [][]any, rec *queryRecord) {
	start := time.Now()
	count, perr := w.statementCount(ws, req)
	if perr != nil {
		rec.finish(nil, perr)
		return
	}
	var stmts []sqllex.Statement
	if !req.DescribeOnly {
		// A text the lexer rejects is run as one statement: Exec reports
		// the error with its position.
		stmts, _ = sqllex.Split(req.SQLText)
	}
	switch {
	case count == 1 && len(stmts) > 1:
		rec.finish(nil, statementCountError(len(stmts), count))
	case count == 1 || req.DescribeOnly:
		res, err := w.runOne(ctx, ws, req, rows)
		w.finishWithResult(ws, rec, res, err)
		if !req.DescribeOnly {
			ws.s.RecordQuery(rec.id, req.SQLText, res, err) // result_scan.go
		}
	case count != 0 && count != len(stmts):
		rec.finish(nil, statementCountError(len(stmts), count))
	case len(rows) > 1:
		rec.finish(nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: array binds in a multi-statement request are not supported by the local engine."))
	default:
		var binds []any
		if len(rows) == 1 {
			binds = rows[0]
		}
		w.runMulti(ctx, ws, stmts, binds, rec)
	}
	w.queries.trim()
	// Secrets in statements (CREATE USER ... PASSWORD, stage CREDENTIALS)
	// never reach the log; neither do error texts, which may quote them.
	w.log.Debug("query", "session", ws.id, "sql", firstLine(redactSQL(req.SQLText)), "ms", time.Since(start).Milliseconds(), "failed", rec.err != nil)
}

// statementCount is the request's MULTI_STATEMENT_COUNT, else the session's.
func (w *wire) statementCount(ws *wireSession, req *queryRequest) (int, *Error) {
	if v, ok := req.Parameters[multiStatementCountParam]; ok {
		n, err := paramInt(v)
		if err != nil || n < 0 {
			return 0, Errorf("002036", "22023", "invalid value [%v] for parameter '%s'", v, multiStatementCountParam)
		}
		return n, nil
	}
	return ws.s.multiStatementCount(), nil
}

// statementCountError is Snowflake's error 000008.
func statementCountError(actual, desired int) *Error {
	return Errorf("000008", "0A000", "Actual statement count %d did not match the desired statement count %d.", actual, desired)
}

// runOne runs a single statement, with one row of binds or an array bind.
func (w *wire) runOne(ctx context.Context, ws *wireSession, req *queryRequest, rows [][]any) (*Result, error) {
	switch {
	case req.DescribeOnly:
		return ws.s.Describe(ctx, req.SQLText)
	case len(rows) <= 1:
		var binds []any
		if len(rows) == 1 {
			binds = rows[0]
		}
		return ws.s.ExecRequest(ctx, req.SQLText, binds)
	}
	return ws.s.ExecArray(ctx, req.SQLText, rows)
}

func (w *wire) finishWithResult(ws *wireSession, rec *queryRecord, res *Result, err error) {
	if err != nil {
		rec.finish(nil, asSnowflakeError(err))
		return
	}
	rec.finish(w.resultData(ws, res, rec.id), nil)
}

func asSnowflakeError(err error) *Error {
	var se *Error
	if !errors.As(err, &se) {
		se = Errorf("100000", "XX000", "%v", err)
	}
	return se
}

// runMulti runs the statements of a multi-statement request in order, each
// as a child query with its own id, and stops at the first failure, whose
// error the parent reports (the statements before it stay executed).
func (w *wire) runMulti(ctx context.Context, ws *wireSession, stmts []sqllex.Statement, binds []any, parent *queryRecord) {
	perStmt, berr := splitBinds(stmts, binds)
	if berr != nil {
		parent.finish(nil, berr)
		return
	}
	var ids, types []string
	for i, st := range stmts {
		child := w.queries.add(ws, newQueryID(), st.Text, parent.chunkBase, parent.cancel)
		res, err := ws.s.Exec(ctx, st.Text, perStmt[i])
		w.finishWithResult(ws, child, res, err)
		ws.s.RecordQuery(child.id, st.Text, res, err) // result_scan.go
		if child.err != nil {
			parent.finish(nil, child.err)
			return
		}
		ids = append(ids, child.id)
		types = append(types, strconv.FormatInt(res.StatementTypeID, 10))
	}
	msg := "Multiple statements executed successfully."
	data := w.resultData(ws, &Result{
		Columns:         []Column{{Name: multiStatementColumn, Type: "text", Length: 16777216, Nullable: true}},
		Rows:            [][]*string{{&msg}},
		StatementTypeID: 0x1000,
	}, parent.id)
	data["resultIds"] = strings.Join(ids, ",")
	data["resultTypes"] = strings.Join(types, ",")
	parent.finish(data, nil)
}

// writeRecord answers with a finished query's result or error, its large
// rowset split into chunks.
func (w *wire) writeRecord(rw http.ResponseWriter, rec *queryRecord) {
	if rec.err != nil {
		writeFailure(rw, rec.err, rec.id)
		return
	}
	writeJSON(rw, map[string]any{"success": true, "code": nil, "message": nil, "data": rec.responseData()})
}

// queryResult: GET /queries/<id>/result, the result of a query by id. A
// query still running is waited for a while, then answered with
// "in progress" (333334) and the URL to ask again, as Snowflake does.
func (w *wire) queryResult(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	ws := w.sessionFor(r, false)
	if ws == nil {
		writeFailure(rw, Errorf(CodeSessionGone, "08003", "Session no longer exists.  New login required to access the service."), id)
		return
	}
	rec := w.queries.get(id)
	if rec == nil {
		writeFailure(rw, Errorf("000709", "02000", "Statement %s not found", id), id)
		return
	}
	select {
	case <-rec.done:
		w.writeRecord(rw, rec)
	case <-time.After(resultWait):
		writeJSON(rw, map[string]any{
			"success": true, "code": codeQueryInProgressAsync, "message": "Query execution in progress.",
			"data": map[string]any{"queryId": id, "getResultUrl": "/queries/" + id + "/result"},
		})
	case <-r.Context().Done():
	}
}

// resultWait is how long a result request waits for a running query before
// answering "in progress" (Snowflake waits up to 45 seconds).
var resultWait = 30 * time.Second

// abortQuery: POST /queries/<id>/abort-request cancels a running query.
func (w *wire) abortQuery(rw http.ResponseWriter, r *http.Request) {
	if w.sessionFor(r, false) == nil {
		writeFailure(rw, Errorf(CodeSessionGone, "08003", "Session no longer exists.  New login required to access the service."), "")
		return
	}
	if rec := w.queries.get(r.PathValue("id")); rec != nil && rec.cancel != nil {
		rec.cancel()
	}
	writeJSON(rw, map[string]any{"success": true, "data": nil})
}

// queryStatus: GET /monitoring/queries/<id>, the query's status as
// Snowflake's monitoring endpoint reports it.
func (w *wire) queryStatus(rw http.ResponseWriter, r *http.Request) {
	if w.sessionFor(r, false) == nil {
		writeFailure(rw, Errorf(CodeSessionGone, "08003", "Session no longer exists.  New login required to access the service."), "")
		return
	}
	queries := []map[string]any{}
	if rec := w.queries.get(r.PathValue("id")); rec != nil {
		queries = append(queries, rec.status())
	}
	writeJSON(rw, map[string]any{"success": true, "code": nil, "message": nil, "data": map[string]any{"queries": queries}})
}

// splitBinds deals a multi-statement request's ? bind values out to its
// statements in order, as Snowflake numbers them across the request.
// Numbered binds (:1) would need renumbering per statement: refused.
func splitBinds(stmts []sqllex.Statement, binds []any) ([][]any, *Error) {
	out := make([][]any, len(stmts))
	next := 0
	for i, st := range stmts {
		toks, err := sqllex.Tokenize(st.Text)
		if err != nil {
			continue // Exec reports the statement's own syntax error
		}
		for _, t := range toks {
			if t.Kind != sqllex.Bind {
				continue
			}
			if t.Text != "?" {
				return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: bind variable %s in a multi-statement request (the local engine supports ? there).", t.Text)
			}
			if next >= len(binds) {
				return nil, Errorf("002049", "22000", "SQL compilation error: bind variable ? number %d not set", next+1)
			}
			out[i] = append(out[i], binds[next])
			next++
		}
	}
	if next != len(binds) && len(binds) > 0 {
		return nil, Errorf("002049", "22000", "SQL compilation error: %d bind values for %d bind variables", len(binds), next)
	}
	return out, nil
}
