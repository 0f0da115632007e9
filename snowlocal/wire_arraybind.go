package snowlocal

import (
	"context"
	"strings"
)

// ExecArray runs one statement with an array bind: rows are the values of
// its ? placeholders, one row per execution. As in Snowflake it is one
// statement: every row is applied or, when one fails, none is. The statement
// is translated once and executed as one prepared DuckDB statement inside a
// transaction, so ten thousand rows take milliseconds, not seconds.
func (s *Session) ExecArray(ctx context.Context, text string, rows [][]any) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ctx = withSession(ctx, s)
	text = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(text), ";"))
	c, err := newCursor(text)
	if err != nil {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
	}
	words := commandWords(c)
	if len(words) == 0 {
		return nil, Errorf("000900", "42000", "SQL compilation error:\nEmpty SQL statement.")
	}
	typeID, column := map[string]int64{"INSERT": 0x3100, "UPDATE": 0x3200, "DELETE": 0x3300, "MERGE": 0x3400}[words[0]],
		map[string]string{"INSERT": "number of rows inserted", "UPDATE": "number of rows updated", "DELETE": "number of rows deleted", "MERGE": "number of rows merged"}[words[0]]
	if typeID == 0 || s.e.lookupHandler(words) != nil {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: array binding is supported for INSERT, UPDATE, DELETE and MERGE in the local engine, not %s.", words[0])
	}
	defer s.endStatement()
	if err := s.checkCurrentDatabase(words, text); err != nil {
		return nil, err
	}
	duck, err := s.toDuckDB(text)
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	if consumingStatement(words) {
		streams, err := s.streamsReadBy(ctx, duck)
		if err != nil {
			return nil, duckError(err)
		}
		if len(streams) > 0 {
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: an array-bound statement that reads a stream is not supported by the local engine.")
		}
	}
	own := !s.ext.inTx
	if own {
		if _, err := s.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
			return nil, duckError(err)
		}
	}
	total, err := s.execRows(ctx, duck, rows)
	if err != nil {
		if own {
			// A fresh context: the statement's may be the canceled one.
			s.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		}
		return nil, s.statementError(duckError(err))
	}
	if own {
		if _, err := s.conn.ExecContext(ctx, "COMMIT"); err != nil {
			s.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
			return nil, duckError(err)
		}
	}
	return dmlResult(typeID, column, total), nil
}

// execRows executes a prepared statement once per row.
func (s *Session) execRows(ctx context.Context, duck string, rows [][]any) (int64, error) {
	stmt, err := s.conn.PrepareContext(ctx, duck)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	var total int64
	for _, row := range rows {
		r, err := stmt.ExecContext(ctx, row...)
		if err != nil {
			return 0, err
		}
		n, _ := r.RowsAffected()
		total += n
	}
	return total, nil
}
