package warehouse

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
	sf "github.com/snowflakedb/gosnowflake"
)

// StatementError is a failed statement of a script: which script, which
// statement, where it starts, and Snowflake's error (code, SQLSTATE, message).
type StatementError struct {
	Script string // file name, or a label such as "--query" or "<stdin>"
	Index  int    // 1-based statement number in the script
	Line   int    // 1-based line where the statement starts
	Err    error
}

func (e *StatementError) Error() string {
	return fmt.Sprintf("%s: statement %d (line %d): %v", e.Script, e.Index, e.Line, e.Err)
}

func (e *StatementError) Unwrap() error { return e.Err }

// SnowflakeCode is Snowflake's six-digit error code of err ("002003"), or "".
func SnowflakeCode(err error) string {
	var se *sf.SnowflakeError
	if errors.As(err, &se) {
		return fmt.Sprintf("%06d", se.Number)
	}
	return ""
}

// SplitScript splits a script into statements, with errors naming the
// script, line and column (an unterminated string...) or saying it is empty.
func SplitScript(name, script string) ([]sqllex.Statement, error) {
	stmts, err := sqllex.Split(script)
	if err != nil {
		var lexErr *sqllex.Error
		if errors.As(err, &lexErr) {
			return nil, fmt.Errorf("%s:%d:%d: %s", name, lexErr.Line, lexErr.Col, lexErr.Msg)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(stmts) == 0 {
		return nil, fmt.Errorf("%s: no SQL statements", name)
	}
	return stmts, nil
}

// RunScript splits script (Snowflake SQL, statements separated by ';') with
// SplitScript and runs it with RunStatements.
func (db *DB) RunScript(ctx context.Context, name, script string, each func(st sqllex.Statement, rows *sql.Rows) error) error {
	stmts, err := SplitScript(name, script)
	if err != nil {
		return err
	}
	return db.RunStatements(ctx, name, stmts, each)
}

// RunStatements runs the statements in order on one connection, so that
// USE, session variables and temporary tables carry over from one statement
// to the next. For each statement that returns a result set, each is called
// with its rows (which RunStatements closes afterwards). It stops at the
// first failing statement and returns a *StatementError; name labels the
// script in errors.
func (db *DB) RunStatements(ctx context.Context, name string, stmts []sqllex.Statement, each func(st sqllex.Statement, rows *sql.Rows) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	for _, st := range stmts {
		if err := runStatement(ctx, conn, st, each); err != nil {
			return &StatementError{Script: name, Index: st.Index, Line: st.Line, Err: err}
		}
	}
	return nil
}

func runStatement(ctx context.Context, conn *sql.Conn, st sqllex.Statement, each func(sqllex.Statement, *sql.Rows) error) error {
	rows, err := conn.QueryContext(ctx, st.Text)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	if len(cols) > 0 && each != nil {
		if err := each(st, rows); err != nil {
			return err
		}
	}
	for rows.Next() { // drain what each left unread
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return rows.Close()
}
