package demo

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// lakePipe is one of the lake migrations' auto-ingest pipes.
type lakePipe struct {
	name, stage, table string
}

var lakePipes = []lakePipe{
	{"FLUENTD_PIPE", "FLUENTD_STAGE", "LOGS"},
	{"GO_AUDIT_PIPE", "GO_AUDIT_STAGE", "GO_AUDIT"},
	{"AUTOINGST_PARSEJSON", "TELEPORT_LANDING_STAGE", "PARSEJSON_RAW"},
	{"S3_ACCESS_LOGS_PIPE", "S3_ACCESS_LOGS", "S3_ACCESS_LOGS_STAGING"},
	{"VPC_FLOW_PIPE", "VPC_FLOW_STAGE", "VPC_FLOW"},
}

// PipeReport is where a pipe stands: the files in its stage and what it
// loaded from them.
type PipeReport struct {
	Pipe        string `json:"pipe"`
	Stage       string `json:"stage"`
	Table       string `json:"table"`
	FilesStaged int    `json:"files_staged"`
	FilesLoaded int    `json:"files_loaded"`
	RowsLoaded  int64  `json:"rows_loaded"`
	State       string `json:"state"`
	Error       string `json:"error,omitempty"`
}

// loadRecord is one file of a table's COPY_HISTORY.
type loadRecord struct {
	file, status, firstError, pipe string
	rows                           int64
}

// listStage returns the full names (LIST's name column) of the files in a
// stage ("@name").
func listStage(ctx context.Context, db *sql.DB, stage string) ([]string, error) {
	rows, err := db.QueryContext(ctx, "LIST "+stage)
	if err != nil {
		return nil, fmt.Errorf("LIST %s: %w", stage, err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var name, md5, modified string
		var size int64
		if err := rows.Scan(&name, &size, &md5, &modified); err != nil {
			return nil, fmt.Errorf("LIST %s: %w", stage, err)
		}
		names = append(names, name)
	}
	return names, rows.Err()
}

// copyHistory reads a table's load history (Snowpipe and COPY INTO alike),
// keyed by the file's full location as LIST names it.
func copyHistory(ctx context.Context, db *sql.DB, table string) (map[string]loadRecord, error) {
	q := `SELECT STAGE_LOCATION, FILE_NAME, STATUS, ROW_COUNT, FIRST_ERROR_MESSAGE, PIPE_NAME
FROM TABLE(` + lakeDatabase + `.INFORMATION_SCHEMA.COPY_HISTORY(TABLE_NAME => '` + lakeSchema + `.` + table + `',
  START_TIME => DATEADD(day, -1, CURRENT_TIMESTAMP())))`
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("COPY_HISTORY of %s: %w", table, err)
	}
	defer rows.Close()
	out := map[string]loadRecord{}
	for rows.Next() {
		var loc, file, status string
		var rowCount sql.NullInt64
		var firstErr, pipe sql.NullString
		if err := rows.Scan(&loc, &file, &status, &rowCount, &firstErr, &pipe); err != nil {
			return nil, fmt.Errorf("COPY_HISTORY of %s: %w", table, err)
		}
		full := loc
		if !strings.HasSuffix(full, "/") && !strings.HasPrefix(file, "/") {
			full += "/"
		}
		full += file
		out[full] = loadRecord{file: full, status: status, rows: rowCount.Int64, firstError: firstErr.String, pipe: pipe.String}
	}
	return out, rows.Err()
}

// pipeState is SYSTEM$PIPE_STATUS's executionState and error.
func pipeState(ctx context.Context, db *sql.DB, pipe string) (state, errText string, err error) {
	var js string
	if err := db.QueryRowContext(ctx, "SELECT SYSTEM$PIPE_STATUS('"+lakeSchema+"."+pipe+"')").Scan(&js); err != nil {
		return "", "", fmt.Errorf("SYSTEM$PIPE_STATUS('%s'): %w", pipe, err)
	}
	var st struct {
		ExecutionState string `json:"executionState"`
		Error          string `json:"error"`
	}
	if err := json.Unmarshal([]byte(js), &st); err != nil {
		return "", "", fmt.Errorf("SYSTEM$PIPE_STATUS('%s') = %s: %w", pipe, js, err)
	}
	return st.ExecutionState, st.Error, nil
}

// pipeStatus reports a pipe and, when some staged file is not loaded yet,
// how many are pending.
func pipeStatus(ctx context.Context, db *sql.DB, p lakePipe) (PipeReport, []string, error) {
	r := PipeReport{Pipe: p.name, Stage: p.stage, Table: p.table}
	files, err := listStage(ctx, db, "@"+lakeSchema+"."+p.stage)
	if err != nil {
		return r, nil, err
	}
	hist, err := copyHistory(ctx, db, p.table)
	if err != nil {
		return r, nil, err
	}
	if r.State, r.Error, err = pipeState(ctx, db, p.name); err != nil {
		return r, nil, err
	}
	r.FilesStaged = len(files)
	var pending []string
	var problems []string
	for _, f := range files {
		h, ok := hist[f]
		switch {
		case !ok:
			pending = append(pending, f)
		case !strings.EqualFold(h.status, "Loaded"):
			problems = append(problems, fmt.Sprintf("%s: %s: %s", f, h.status, h.firstError))
		default:
			r.FilesLoaded++
			r.RowsLoaded += h.rows
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		r.Error = strings.Join(problems, "; ")
	}
	return r, pending, nil
}

// waitForPipes waits until the auto-ingest pipes have loaded every file in
// their stages (they poll once a second and load a file once it is stable).
// A file that fails to load, or a pipe that stops, ends the wait with an
// error; so does a file still pending after timeout.
func waitForPipes(ctx context.Context, db *sql.DB, timeout time.Duration) ([]PipeReport, error) {
	deadline := time.Now().Add(timeout)
	for {
		var reports []PipeReport
		var waiting []string
		for _, p := range lakePipes {
			r, pending, err := pipeStatus(ctx, db, p)
			if err != nil {
				return nil, err
			}
			reports = append(reports, r)
			if r.Error != "" || r.State != "RUNNING" {
				msg := r.Error
				if msg == "" {
					msg = "execution state " + r.State
				}
				return reports, fmt.Errorf("pipe %s: %s", p.name, msg)
			}
			if len(pending) > 0 {
				waiting = append(waiting, fmt.Sprintf("%s (%d of %d files pending, e.g. %s)", p.name, len(pending), r.FilesStaged, pending[0]))
			}
		}
		if len(waiting) == 0 {
			return reports, nil
		}
		if time.Now().After(deadline) {
			return reports, fmt.Errorf("pipes did not load their files within %s: %s", timeout, strings.Join(waiting, "; "))
		}
		select {
		case <-ctx.Done():
			return reports, ctx.Err()
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// tableStageStatus reports the Teleport table stage, loaded by the shipper
// with COPY INTO after each PUT rather than by a pipe.
func tableStageStatus(ctx context.Context, db *sql.DB) (PipeReport, error) {
	r := PipeReport{Pipe: "(PUT + COPY INTO by flurry ship)", Stage: teleportStage, Table: "PARSEJSON_RAW", State: "-"}
	files, err := listStage(ctx, db, teleportStage)
	if err != nil {
		return r, err
	}
	hist, err := copyHistory(ctx, db, "PARSEJSON_RAW")
	if err != nil {
		return r, err
	}
	r.FilesStaged = len(files)
	var problems []string
	for _, h := range hist {
		if h.pipe != "" {
			continue
		}
		if !strings.EqualFold(h.status, "Loaded") {
			problems = append(problems, fmt.Sprintf("%s: %s: %s", h.file, h.status, h.firstError))
			continue
		}
		r.FilesLoaded++
		r.RowsLoaded += h.rows
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		r.Error = strings.Join(problems, "; ")
		return r, fmt.Errorf("COPY INTO PARSEJSON_RAW: %s", r.Error)
	}
	if r.FilesLoaded != r.FilesStaged {
		return r, fmt.Errorf("%d files in %s but %d loaded by COPY INTO", r.FilesStaged, teleportStage, r.FilesLoaded)
	}
	return r, nil
}

// TaskReport is the outcome of running the S3 access log task.
type TaskReport struct {
	Task  string `json:"task"`
	State string `json:"state"`
	Error string `json:"error,omitempty"`
	// StreamEmpty: the task consumed everything its stream held.
	StreamEmpty bool `json:"stream_empty"`
}

const s3Task = "S3_ACCESS_LOGS_TRANSFORMATION"

// executeTask runs the S3 access log task now instead of waiting for its
// schedule, and reads how its run ended from TASK_HISTORY.
func executeTask(ctx context.Context, db *sql.DB) (TaskReport, error) {
	r := TaskReport{Task: s3Task}
	if _, err := db.ExecContext(ctx, "EXECUTE TASK "+lakeSchema+"."+s3Task); err != nil {
		return r, fmt.Errorf("EXECUTE TASK %s: %w", s3Task, err)
	}
	var errMsg sql.NullString
	err := db.QueryRowContext(ctx, `SELECT STATE, ERROR_MESSAGE
FROM TABLE(`+lakeDatabase+`.INFORMATION_SCHEMA.TASK_HISTORY(TASK_NAME => '`+s3Task+`'))
WHERE STATE <> 'SCHEDULED' ORDER BY COMPLETED_TIME DESC LIMIT 1`).Scan(&r.State, &errMsg)
	if err != nil {
		return r, fmt.Errorf("TASK_HISTORY of %s: %w", s3Task, err)
	}
	r.Error = errMsg.String
	if r.State != "SUCCEEDED" {
		return r, fmt.Errorf("task %s: %s %s", s3Task, r.State, r.Error)
	}
	var has bool
	if err := db.QueryRowContext(ctx, "SELECT SYSTEM$STREAM_HAS_DATA('"+lakeSchema+".S3_ACCESS_LOGS_STREAM')").Scan(&has); err != nil {
		return r, fmt.Errorf("SYSTEM$STREAM_HAS_DATA: %w", err)
	}
	r.StreamEmpty = !has
	if has {
		return r, fmt.Errorf("task %s succeeded but S3_ACCESS_LOGS_STREAM still has data", s3Task)
	}
	return r, nil
}

// TableReport is a lake table's row count and the rows the generator wrote
// for it.
type TableReport struct {
	Table    string `json:"table"`
	Rows     int64  `json:"rows"`
	Expected int64  `json:"expected"`
}

var lakeTables = []string{"LOGS", "PARSEJSON_RAW", "GO_AUDIT", "S3_ACCESS_LOGS_STAGING", "S3_ACCESS_LOGS", "VPC_FLOW"}

func countTables(ctx context.Context, db *sql.DB, want map[string]int64) ([]TableReport, error) {
	var out []TableReport
	for _, t := range append(slices.Clone(lakeTables), "VPC_FLOW_VIEW") {
		var n int64
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+lakeSchema+"."+t).Scan(&n); err != nil {
			return out, fmt.Errorf("count %s: %w", t, err)
		}
		exp := want[t]
		if t == "VPC_FLOW_VIEW" {
			exp = want["VPC_FLOW"]
		}
		out = append(out, TableReport{Table: t, Rows: n, Expected: exp})
	}
	return out, nil
}
