package scripting

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Asynchronous child jobs (docs: Working with asynchronous child jobs;
// ASYNC, AWAIT). Snowflake starts ASYNC (<statement>) in the background and
// AWAIT waits for it. The interpreter keeps the job, its variables bound
// when ASYNC ran, and runs it at the AWAIT that waits for it. That answers
// exactly as Snowflake does only while nothing can tell when the job ran,
// so every form where timing shows is refused with 002040:
//   - a SQL statement of the block (or an expression reading a table) while
//     a job has not been awaited: it might run before or after the job;
//   - jobs pending at the same time unless all are SELECTs, all INSERTs
//     reading no table into tables without column defaults (an IDENTITY or
//     sequence would number their rows in completion order), or all
//     UPDATEs or all CALLs that commute (async_overlap.go);
//   - a job still pending when the block ends: Snowflake cancels it
//     ("fire and forget isn't supported"), whether it had finished or not;
//   - a job that fails (jobFailed);
//   - LAST_QUERY_ID after an ASYNC ("non-deterministic"), CANCEL,
//     SYSTEM$GET_RESULTSET_STATUS, ASYNC inside an open transaction, and
//     the DML status variables where the docs say they are not available
//     (after ASYNC and after AWAIT ALL).

// job is an asynchronous child job that has not been awaited.
type job struct {
	sql   string // the statement, its variables bound at ASYNC
	at    sqllex.Token
	class string    // SELECT, INSERT (reading no table) or OTHER
	rs    *variable // the RESULTSET it fills; nil for ASYNC (<statement>)
}

// unavailable marks a status variable the docs say is not available.
const unavailable = "$UNAVAILABLE"

// TxReporter is a Host that says whether an explicit transaction is open.
type TxReporter interface{ InTransaction() bool }

// startJob records ASYNC (text) at at, for the RESULTSET rs or none.
func (in *interp) startJob(ctx context.Context, sc *scope, text string, at sqllex.Token, rs *variable) error {
	refuse := func(what string) error { return &Unsupported{What: what, Line: at.Line, Col: at.Col} }
	if tr, ok := in.h.(TxReporter); ok && tr.InTransaction() {
		return refuse("ASYNC inside an open transaction")
	}
	if _, ok := executeImmediate(text); ok {
		return refuse("ASYNC (EXECUTE IMMEDIATE ...)")
	}
	if _, into, _ := splitInto(text); into != nil {
		return refuse("ASYNC (SELECT ... INTO ...)")
	}
	if hasFlowOperator(text) {
		return refuse("ASYNC with the flow operator ->>")
	}
	if rs != nil && rs.job != nil {
		return refuse("assigning RESULTSET whose ASYNC job has not been awaited")
	}
	q, err := in.substitute(sc, text, false)
	if err != nil {
		return refuse("ASYNC binding a variable that does not exist")
	}
	j := &job{sql: q, at: at, class: jobClass(q), rs: rs}
	if len(in.jobs) > 0 {
		if err := in.canOverlap(ctx, append(in.jobs[:len(in.jobs):len(in.jobs)], j)); err != nil {
			return refuse(err.Error())
		}
	}
	in.jobs = append(in.jobs, j)
	if rs != nil {
		rs.job, rs.table = j, nil
	}
	// The ASYNC statement has not finished: what the status variables hold
	// now is not documented.
	in.markUnavailable(sc, "SQLROWCOUNT", "SQLFOUND", "SQLNOTFOUND", "ACTIVITY_COUNT")
	return nil
}

// jobClass sorts a job by what running it beside another job can change.
func jobClass(q string) string {
	toks, err := sqllex.Tokenize(q)
	if err != nil {
		return "OTHER"
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	if len(sig) == 0 {
		return "OTHER"
	}
	for _, t := range sig {
		if t.IsWord("NEXTVAL") || t.IsWord("LAST_QUERY_ID") || t.IsWord("RESULT_SCAN") || (t.Kind == sqllex.Word && strings.HasPrefix(strings.ToUpper(t.Text), "SYSTEM$")) {
			return "OTHER"
		}
	}
	switch {
	case sig[0].IsWord("SELECT") || sig[0].IsWord("WITH"):
		return "SELECT"
	case sig[0].IsWord("UPDATE"):
		if _, ok := parseUpdate(q); ok {
			return "UPDATE" // async_overlap.go
		}
		return "OTHER"
	case sig[0].IsWord("CALL"):
		return "CALL"
	case sig[0].IsWord("INSERT") && len(sig) > 2 && sig[1].IsWord("INTO"):
		for _, t := range sig {
			if t.IsWord("FROM") {
				return "OTHER" // reads a table another job may change
			}
		}
		return "INSERT"
	}
	return "OTHER"
}

// canOverlap checks that jobs, all pending at once, give the same result in
// any order: all SELECTs, all INSERTs of rows read from no table into
// tables whose columns have no default, or all UPDATEs or CALLs that
// commute (async_overlap.go).
func (in *interp) canOverlap(ctx context.Context, jobs []*job) error {
	class := jobs[0].class
	for _, j := range jobs {
		if j.class != class || class == "OTHER" {
			return fmt.Errorf("ASYNC child jobs running at the same time that are not all SELECTs, all INSERTs reading no table, all UPDATEs setting literals or all CALLs (Snowflake runs them concurrently)")
		}
	}
	switch class {
	case "UPDATE":
		last, _ := parseUpdate(jobs[len(jobs)-1].sql)
		for _, j := range jobs[:len(jobs)-1] {
			if u, _ := parseUpdate(j.sql); !updatesCommute(u, last) {
				return fmt.Errorf("concurrent ASYNC UPDATEs that may set the same row's column or change the rows another picks (Snowflake runs them in an unknown order)")
			}
		}
	case "CALL":
		if !in.callsCommute(ctx, jobs) {
			return fmt.Errorf("concurrent ASYNC CALLs of procedures that do more than create tables, insert literal rows and update them, or that name a common table (Snowflake runs them concurrently)")
		}
	}
	if class == "INSERT" {
		for _, j := range jobs {
			if err := in.noColumnDefaults(ctx, j.sql); err != nil {
				return err
			}
		}
	}
	return nil
}

// noColumnDefaults checks the target table of INSERT INTO <name> with DESC
// TABLE: a column default (IDENTITY, a sequence) numbers rows in the order
// concurrent INSERTs complete.
func (in *interp) noColumnDefaults(ctx context.Context, q string) error {
	sig, err := sqllex.TokenizeSignificant(q)
	if err != nil {
		return err
	}
	var name strings.Builder
	for k := 2; k < len(sig); k++ {
		t := sig[k]
		if t.Kind != sqllex.Word && t.Kind != sqllex.QuotedIdent && !t.IsOp(".") {
			break
		}
		if t.Kind == sqllex.Word && (t.IsWord("SELECT") || t.IsWord("VALUES")) {
			break
		}
		name.WriteString(t.Text)
	}
	t, err := in.h.Run(ctx, "DESC TABLE "+name.String())
	if err != nil {
		return fmt.Errorf("concurrent ASYNC INSERTs into %s, which DESC TABLE does not describe", name.String())
	}
	for c, col := range t.Columns {
		if !strings.EqualFold(col, "default") {
			continue
		}
		for _, row := range t.Rows {
			if c < len(row) && !isNullLit(row[c].Lit) {
				return fmt.Errorf("concurrent ASYNC INSERTs into %s, which has a column default (numbered in completion order)", name.String())
			}
		}
	}
	return nil
}

// await runs AWAIT ALL (name "") or AWAIT <resultset>.
func (in *interp) await(ctx context.Context, sc *scope, s *stmt) error {
	if s.name == "" {
		jobs := in.jobs
		in.jobs = nil
		for _, j := range jobs {
			t, err := in.h.Run(ctx, j.sql)
			if err != nil {
				return in.jobFailed(err, j)
			}
			if j.rs != nil {
				j.rs.table, j.rs.job = t, nil
			}
		}
		// "These variables aren't available when an AWAIT ALL statement
		// runs" (docs: await, usage notes).
		in.markUnavailable(sc, "SQLROWCOUNT", "SQLFOUND", "SQLNOTFOUND", "ACTIVITY_COUNT")
		return nil
	}
	v := sc.lookup(s.name)
	if v == nil || v.kind != "RESULTSET" || v.job == nil {
		return &Unsupported{What: "AWAIT " + s.name + " (not a RESULTSET with an ASYNC job that has not been awaited)", Line: s.at.Line, Col: s.at.Col}
	}
	j := v.job
	for k, p := range in.jobs {
		if p == j {
			in.jobs = append(in.jobs[:k:k], in.jobs[k+1:]...)
			break
		}
	}
	v.job = nil
	t, err := in.h.Run(ctx, j.sql)
	if err != nil {
		return in.jobFailed(err, j)
	}
	v.table = t
	// SQLROWCOUNT, SQLFOUND, SQLNOTFOUND "are available after the AWAIT
	// statement associated with the asynchronous child job for a RESULTSET
	// runs" (docs: await); ACTIVITY_COUNT is not named.
	in.status(sc, t)
	in.markUnavailable(sc, "ACTIVITY_COUNT")
	return nil
}

// jobFailed refuses a child job that fails. Snowflake fails the AWAIT with
// the job's error, but the one documented example (docs: await, usage
// notes) shows a message ("Table 'INVALID_TABLE' does not exist", "on line
// 2 at position 4" for a LET at position 2) that neither the engine's own
// message for a missing table nor the statement's position reproduces, and
// with several jobs the error is "the first failing" job's, in completion
// order. A failed statement changed nothing, so the refusal leaves no trace.
func (in *interp) jobFailed(err error, j *job) error {
	var un *Unsupported
	if errors.As(err, &un) {
		return err
	}
	if code, _, _ := in.h.ErrorInfo(err); code == 2040 {
		return err
	}
	return &Unsupported{What: "an ASYNC child job that fails (Snowflake reports its error at the AWAIT)", Line: j.at.Line, Col: j.at.Col}
}

func (in *interp) markUnavailable(sc *scope, names ...string) {
	for _, n := range names {
		if v := sc.lookup(n); v != nil {
			v.val = Value{Lit: "NULL", Type: unavailable}
		}
	}
}

// whilePending refuses running SQL (what) while a child job has not been
// awaited: Snowflake might run it before, during or after the job.
func (in *interp) whilePending(what string, at sqllex.Token) error {
	if len(in.jobs) == 0 {
		return nil
	}
	return &Unsupported{What: what + " while an ASYNC child job has not been awaited (Snowflake runs them concurrently)", Line: at.Line, Col: at.Col}
}

// readsState reports whether an expression could read a table or the
// session's query history, which a pending job may change.
func readsState(expr string) bool {
	toks, err := sqllex.Tokenize(expr)
	if err != nil {
		return true
	}
	for _, t := range toks {
		if t.IsWord("SELECT") || t.IsWord("FROM") || t.IsWord("NEXTVAL") || t.IsWord("LAST_QUERY_ID") || t.IsWord("RESULT_SCAN") ||
			(t.Kind == sqllex.Word && strings.HasPrefix(strings.ToUpper(t.Text), "SYSTEM$")) {
			return true
		}
	}
	return false
}

// checkAsyncWords refuses, before the block runs, what answers by when
// jobs ran: LAST_QUERY_ID in a block that starts child jobs
// ("non-deterministic", docs: asynchronous-child-jobs, Note) and
// SYSTEM$GET_RESULTSET_STATUS (a job's state at that moment).
func checkAsyncWords(src string, async bool) error {
	toks, err := sqllex.Tokenize(src)
	if err != nil {
		return nil
	}
	for _, t := range toks {
		if t.Kind != sqllex.Word {
			continue
		}
		switch w := strings.ToUpper(t.Text); {
		case w == "LAST_QUERY_ID" && async:
			return &Unsupported{What: "LAST_QUERY_ID in a block that runs ASYNC child jobs (non-deterministic)", Line: t.Line, Col: t.Col}
		case w == "SYSTEM$GET_RESULTSET_STATUS":
			return &Unsupported{What: "SYSTEM$GET_RESULTSET_STATUS", Line: t.Line, Col: t.Col}
		}
	}
	return nil
}

// isNullLit reports whether a host literal is NULL (NULL or CAST(NULL AS t)).
func isNullLit(lit string) bool {
	u := strings.ToUpper(lit)
	return u == "NULL" || strings.HasPrefix(u, "CAST(NULL ")
}
