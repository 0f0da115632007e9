package snowlocal

import (
	"context"
	"database/sql"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// ExecArray runs one statement with an array bind: rows are the values of
// its ? placeholders, one row per execution. As in Snowflake it is one
// statement: every row is applied or, when one fails, none is. The statement
// is translated once and executed as one prepared DuckDB statement inside a
// transaction, so ten thousand rows take milliseconds, not seconds.
func (s *Session) ExecArray(ctx context.Context, text string, rows [][]any) (*Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, row := range rows {
		row, types, err := s.dateTimeBinds(row) // bind_wallclock.go
		if err != nil {
			return nil, err
		}
		rows[i] = row
		if s.bindTypes == nil {
			s.bindTypes = types
		}
		for j, t := range types { // a NULL has no type: another row's
			if s.bindTypes[j] == "" {
				s.bindTypes[j] = t
			}
		}
	}
	defer func() { s.bindTypes = nil }()
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
	if err := s.caseContainers(ctx, words, text); err != nil { // identcase_container.go
		return nil, err
	}
	if placed, err := s.distinctCaseNames(ctx, text, words); err != nil { // identcase_distinct.go
		return nil, err
	} else if placed != text {
		if c, err = newCursor(placed); err != nil {
			return nil, err
		}
		text = placed
	}
	duck, err := s.toDuckDB(text)
	if err != nil {
		return nil, err
	}
	batch := s.valuesBatcher(c, text, len(rows))
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
	var total int64
	if batch != nil {
		total, err = batch.exec(ctx, s, rows)
	} else {
		total, err = s.execRows(ctx, duck, rows)
	}
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
	s.noteTableChange(ctx, words, text) // table_times.go: LAST_ALTERED
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

// insertBatchRows is how many rows one execution of a batched
// INSERT ... VALUES carries.
const insertBatchRows = 256

// valuesBatch runs INSERT ... VALUES (?, ...) for many rows as multi-row
// INSERTs: one DuckDB statement per insertBatchRows rows instead of one per
// row, which is what makes large array binds fast.
type valuesBatch struct {
	full, rest string // DuckDB SQL for a full batch and for the remainder
	fullRows   int
}

// valuesBatcher recognises INSERT ... VALUES (<binds>) ending the statement
// (only placeholders in the tuple) and translates its batched forms; nil
// means the statement runs row by row.
func (s *Session) valuesBatcher(c *cursor, text string, nrows int) *valuesBatch {
	if c.word(0) != "INSERT" || nrows < 2 {
		return nil
	}
	toks := c.toks
	open := -1
	for i := len(toks) - 1; i > 0; i-- {
		if toks[i].IsOp("(") {
			open = i
			break
		}
	}
	if open < 1 || !toks[open-1].IsWord("VALUES") || !toks[len(toks)-1].IsOp(")") {
		return nil
	}
	for i := open + 1; i < len(toks)-1; i++ {
		want := i%2 == (open+1)%2 // bind, comma, bind, ...
		if want && (toks[i].Kind != sqllex.Bind || toks[i].Text != "?") || !want && !toks[i].IsOp(",") {
			return nil
		}
	}
	head := text[:toks[open].Pos]
	tuple := text[toks[open].Pos : toks[len(toks)-1].Pos+1]
	build := func(n int) (string, error) {
		// The batch holds n rows of binds: each row's take the types of
		// the statement's (rewrite.Options.BindTypes).
		one := s.bindTypes
		defer func() { s.bindTypes = one }()
		s.bindTypes = nil
		for range n {
			s.bindTypes = append(s.bindTypes, one...)
		}
		return s.toDuckDB(head + strings.TrimSuffix(strings.Repeat(tuple+",", n), ","))
	}
	b := &valuesBatch{fullRows: min(insertBatchRows, nrows)}
	var err error
	if b.full, err = build(b.fullRows); err != nil {
		return nil
	}
	if r := nrows % b.fullRows; r > 0 {
		if b.rest, err = build(r); err != nil {
			return nil
		}
	}
	return b
}

func (b *valuesBatch) exec(ctx context.Context, s *Session, rows [][]any) (int64, error) {
	stmt, err := s.conn.PrepareContext(ctx, b.full)
	if err != nil {
		return 0, err
	}
	defer stmt.Close()
	var total int64
	args := make([]any, 0, b.fullRows*len(rows[0]))
	run := func(st interface {
		ExecContext(context.Context, ...any) (sql.Result, error)
	}, part [][]any) error {
		args = args[:0]
		for _, r := range part {
			args = append(args, r...)
		}
		res, err := st.ExecContext(ctx, args...)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		total += n
		return nil
	}
	i := 0
	for ; i+b.fullRows <= len(rows); i += b.fullRows {
		if err := run(stmt, rows[i:i+b.fullRows]); err != nil {
			return 0, err
		}
	}
	if i < len(rows) {
		rest, err := s.conn.PrepareContext(ctx, b.rest)
		if err != nil {
			return 0, err
		}
		defer rest.Close()
		if err := run(rest, rows[i:]); err != nil {
			return 0, err
		}
	}
	return total, nil
}
