package migrations

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// pipeStatus is the part of SYSTEM$PIPE_STATUS flurry reads.
type pipeStatus struct {
	ExecutionState   string `json:"executionState"`
	PendingFileCount int64  `json:"pendingFileCount"`
}

// readPipeStatus returns the pipe's status, or exists=false if there is no
// such pipe (the CREATE OR REPLACE makes a new one).
func readPipeStatus(ctx context.Context, conn *sql.Conn, name string) (st pipeStatus, exists bool, err error) {
	var text sql.NullString
	if err := conn.QueryRowContext(ctx, "SELECT SYSTEM$PIPE_STATUS("+QuoteLiteral(name)+")").Scan(&text); err != nil {
		if isNotExist(err) {
			return st, false, nil
		}
		return st, false, err
	}
	if err := json.Unmarshal([]byte(text.String), &st); err != nil {
		return st, true, fmt.Errorf("SYSTEM$PIPE_STATUS(%s): %w", name, err)
	}
	return st, true, nil
}

// replacePipe runs a CREATE OR REPLACE PIPE the way Snowflake's "Modifying
// the COPY statement in a pipe definition" says (Managing Snowpipe):
//
//  1. pause the pipe;
//  2. wait until SYSTEM$PIPE_STATUS shows it PAUSED with no pending files
//     (up to drain; a pipe that does not drain is resumed and the script
//     fails, nothing replaced);
//  3. recreate it;
//  4. pause it again (a new pipe starts running);
//  5. resume it, only if it was running before: a pipe an operator paused
//     stays paused;
//  6. check that SYSTEM$PIPE_STATUS shows it RUNNING.
//
// There is deliberately no ALTER PIPE ... REFRESH: the load history of a
// pipe lives in the pipe and is dropped when it is recreated, so a refresh
// would load again every file of the last 7 days still in the bucket
// (Managing Snowpipe, "Load history"). Event notifications that arrive
// while the pipe is paused are kept and processed when it resumes.
//
// A pipe that is paused with files pending is not recreated: that would
// drop them. It returns notices for the script's result.
func (m *Migrator) replacePipe(ctx context.Context, conn *sql.Conn, name, create string) ([]string, error) {
	st, exists, err := readPipeStatus(ctx, conn, name)
	if err != nil {
		return nil, fmt.Errorf("reading SYSTEM$PIPE_STATUS before replacing the pipe: %w", err)
	}
	if !exists {
		_, err := conn.ExecContext(ctx, create)
		return nil, err
	}
	wasRunning := st.ExecutionState != "PAUSED"
	stateBefore := st.ExecutionState
	if !wasRunning && st.PendingFileCount > 0 {
		return nil, fmt.Errorf("pipe %s is paused with %d file(s) pending: recreating it would drop them. "+
			"Resume it until SYSTEM$PIPE_STATUS shows pendingFileCount 0, then run up again", name, st.PendingFileCount)
	}
	pause := "ALTER PIPE " + name + " SET PIPE_EXECUTION_PAUSED = TRUE"
	if wasRunning {
		if _, err := conn.ExecContext(ctx, pause); err != nil {
			return nil, fmt.Errorf("pausing the pipe: %w", err)
		}
		deadline := time.Now().Add(m.opts.PipeDrainTimeout)
		for {
			st, _, err = readPipeStatus(ctx, conn, name)
			if err != nil {
				return nil, fmt.Errorf("reading SYSTEM$PIPE_STATUS while the pipe drains: %w", err)
			}
			if st.ExecutionState == "PAUSED" && st.PendingFileCount == 0 {
				break
			}
			if time.Now().After(deadline) {
				_, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ALTER PIPE "+name+" SET PIPE_EXECUTION_PAUSED = FALSE")
				msg := fmt.Sprintf("pipe %s still had %d file(s) pending after %s paused (state %s): not replaced, resumed",
					name, st.PendingFileCount, m.opts.PipeDrainTimeout, st.ExecutionState)
				if rerr != nil {
					msg += fmt.Sprintf(" (resuming it failed too: %v)", rerr)
				}
				return nil, fmt.Errorf("%s", msg)
			}
			select {
			case <-ctx.Done():
				return nil, context.Cause(ctx)
			case <-time.After(time.Second):
			}
		}
	}
	if _, err := conn.ExecContext(ctx, create); err != nil {
		if wasRunning {
			// The old pipe is still there, paused by flurry: resume it.
			conn.ExecContext(context.WithoutCancel(ctx), "ALTER PIPE "+name+" SET PIPE_EXECUTION_PAUSED = FALSE")
		}
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, pause); err != nil {
		return nil, fmt.Errorf("pausing the recreated pipe: %w", err)
	}
	note := fmt.Sprintf("pipe %s was recreated: its load history is gone, so do not run ALTER PIPE ... REFRESH on it "+
		"(it would load the last 7 days of files again); check that the bucket's event notification still targets SHOW PIPES' "+
		"notification_channel", name)
	if !wasRunning {
		return []string{note, fmt.Sprintf("pipe %s was paused before the script ran: it was left paused", name)}, nil
	}
	if _, err := conn.ExecContext(ctx, "ALTER PIPE "+name+" SET PIPE_EXECUTION_PAUSED = FALSE"); err != nil {
		return nil, fmt.Errorf("resuming the recreated pipe: %w", err)
	}
	st, _, err = readPipeStatus(ctx, conn, name)
	if err != nil {
		return nil, fmt.Errorf("reading SYSTEM$PIPE_STATUS after resuming the pipe: %w", err)
	}
	if !strings.EqualFold(st.ExecutionState, "RUNNING") {
		if strings.EqualFold(st.ExecutionState, stateBefore) {
			// Not the replacement's doing: the pipe was in this state before
			// (e.g. STALLED_STAGE_PERMISSION_ERROR while the integration's
			// IAM role is not set up yet). Say so rather than fail the script.
			return []string{note, fmt.Sprintf("pipe %s is %s, as it was before the script ran: fix that for it to load", name, st.ExecutionState)}, nil
		}
		if strings.EqualFold(st.ExecutionState, "STALLED_STAGE_PERMISSION_ERROR") {
			// Access to the stage's storage is the integration's and the
			// IAM role's matter, not the pipe definition's; a pipe that had
			// not tried to load yet showed RUNNING before.
			return []string{note, fmt.Sprintf("pipe %s is %s (was %s): its stage's storage cannot be read; check the storage integration and its IAM role", name, st.ExecutionState, stateBefore)}, nil
		}
		return nil, fmt.Errorf("the recreated pipe %s is %s after it was resumed, not RUNNING (it was %s before)", name, st.ExecutionState, stateBefore)
	}
	return []string{note}, nil
}
