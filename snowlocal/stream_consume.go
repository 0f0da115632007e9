package snowlocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// sessionExt is the per-session state of engine extensions.
type sessionExt struct {
	// inTx is set while an explicit transaction (BEGIN ... COMMIT) is open.
	inTx bool
	// updateCounts is the DuckDB query counting the target rows of the
	// UPDATE ... FROM about to run (dml_result.go).
	updateCounts string
	// mergeConflicts is the DuckDB query counting the target rows the
	// MERGE about to run would change nondeterministically (dml_result.go).
	mergeConflicts string
	// mergeConflictBinds are the statement's ? binds that query takes, by
	// position (nil: all of them).
	mergeConflictBinds []int
	// tracked are the streams whose change tables the statement about to
	// run records its changes in (stream_track.go).
	tracked []*stream
	// pending are the streams read by DML in the open explicit transaction:
	// their new offsets were captured at first use and become the offsets at
	// COMMIT, so every statement of the transaction sees the same changes.
	pending map[string]*stream
	// txChanged are the streams (by key) whose tables a statement of the
	// open explicit transaction wrote (noteTxChange).
	txChanged map[string]bool
	// ctTarget is the table with change tracking the statement about to
	// run writes (changes.go); ctPending are those the open explicit
	// transaction wrote, whose changes get their time at COMMIT.
	ctTarget  *ctTable
	ctPending map[string]*ctTable
	// udtfCalls are the statement's running Python UDTFs, by function
	// (function_udtf.go); DuckDB threads start them concurrently.
	udtfMu    sync.Mutex
	udtfCalls map[string]*udtfCall
	// The failure of a Snowflake Scripting UDF the statement ran
	// (function_scripting.go).
	scriptUDFState
}

// beforeStatement tracks explicit transactions for stream offsets.
func (s *Session) beforeStatement(ctx context.Context, words []string) error {
	if len(words) == 0 {
		return nil
	}
	switch words[0] {
	case "BEGIN", "START":
		// Also right when BEGIN fails because a transaction is already open.
		s.ext.inTx = true
	case "COMMIT":
		if s.ext.inTx {
			if err := s.ctCommit(ctx); err != nil { // changes.go
				return fmt.Errorf("record the commit time of the transaction's changes: %w", err)
			}
		}
		if len(s.ext.pending) > 0 {
			s.e.writeMu.Lock()
			defer s.e.writeMu.Unlock()
			for _, st := range s.ext.pending {
				// On failure the transaction stays open: ROLLBACK ends it.
				if err := swapOffset(ctx, s.conn, st); err != nil {
					return fmt.Errorf("advance the offset of stream %s at COMMIT: %w", st.key(), err)
				}
				s.e.clearStreamChanges(ctx, st) // stream_changes.go
			}
		}
		s.ext.inTx, s.ext.pending, s.ext.txChanged, s.ext.ctPending = false, nil, nil, nil
	case "ROLLBACK":
		s.ext.inTx, s.ext.pending, s.ext.txChanged, s.ext.ctPending = false, nil, nil, nil
	}
	return nil
}

// noteTxChange records, inside an explicit transaction, the streams on the
// table a DML statement writes (checkStreamReads refuses reading them
// before COMMIT). Outside a transaction it costs nothing.
func (s *Session) noteTxChange(ctx context.Context, words []string, text string) {
	if !s.ext.inTx {
		return
	}
	_, n, ok := dmlTarget(words, text) // stream_track.go
	if !ok {
		return
	}
	for _, st := range s.streamsOn(ctx, n) {
		if s.ext.txChanged == nil {
			s.ext.txChanged = map[string]bool{}
		}
		s.ext.txChanged[st.key()] = true
	}
}

// endStatement ends the statement's Python UDTF processes.
func (s *Session) endStatement() {
	s.endUDTFCalls()
	s.takeScriptUDFError()
}

// consumingStatement reports whether a statement reading a stream consumes
// it: DML and CREATE TABLE ... AS SELECT, not queries or views.
func consumingStatement(words []string) bool {
	if len(words) == 0 {
		return false
	}
	switch words[0] {
	case "INSERT", "UPDATE", "DELETE", "MERGE":
		return true
	case "CREATE":
		return len(words) > 1 && words[1] == "TABLE"
	}
	return false
}

// execWrite executes a writing statement (the caller holds writeMu). When a
// DML statement reads streams, their offsets advance in the statement's
// transaction: each stream's new snapshot is the base table as of the
// statement's start (captured before it runs, so rows the statement itself
// adds to a base table stay in the stream), and replaces the old snapshot
// only if the statement succeeds.
func (s *Session) execWrite(ctx context.Context, duck string, words []string, binds []any) (sql.Result, error) {
	tracked := s.ext.tracked
	s.ext.tracked = nil
	checked := strings.Contains(duck, rewrite.CheckedCTASMarker)
	if checked && s.ext.inTx {
		// Snowflake's CTAS would commit the transaction first; a failing
		// row would abort DuckDB's.
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CHECK constraint in CREATE TABLE ... AS SELECT inside an explicit transaction': the local engine does not implement it.")
	}
	var streams []*stream
	if consumingStatement(words) {
		var err error
		if streams, err = s.streamsReadBy(ctx, duck); err != nil {
			return nil, err
		}
	}
	if len(streams) == 0 && len(tracked) == 0 && s.ext.ctTarget == nil {
		if checked {
			return s.execCheckedCTAS(ctx, duck, words, binds)
		}
		return s.execDML(ctx, duck, words, binds)
	}
	var marks []streamMark
	defer func() { s.markInexact(ctx, marks) }()
	if len(streams) == 0 {
		if s.ext.inTx {
			r, m, err := s.execTracked(ctx, duck, words, binds, tracked)
			marks = m
			return r, err
		}
		var r sql.Result
		err := inTx(ctx, s.conn, func() error {
			var err error
			r, marks, err = s.execTracked(ctx, duck, words, binds, tracked)
			return err
		})
		if err != nil {
			marks = nil
		}
		return r, err
	}
	for _, st := range streams {
		for _, t := range tracked {
			if t.key() == st.key() {
				// The statement changes the table of a stream it consumes:
				// its own changes would be lost with the old offset.
				marks = append(marks, streamMark{st, "a statement that both consumed it and changed its table"})
			}
		}
	}
	if s.ext.inTx {
		if s.ext.pending == nil {
			s.ext.pending = map[string]*stream{}
		}
		for _, st := range streams {
			if _, ok := s.ext.pending[st.key()]; ok {
				continue
			}
			if err := captureOffset(ctx, s.conn, st); err != nil {
				return nil, err
			}
			s.ext.pending[st.key()] = st
		}
		r, m, err := s.execTracked(ctx, duck, words, binds, tracked)
		marks = append(marks, m...)
		return r, err
	}
	target := s.writeTarget(duck)
	oneTx := true
	for _, st := range streams {
		if st.Database != target {
			oneTx = false
		}
	}
	if !oneTx {
		r, m, err := s.execWriteAcrossDatabases(ctx, duck, words, binds, streams, tracked)
		marks = append(marks, m...)
		return r, err
	}
	if _, err := s.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, err
	}
	rollback := func() { s.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK") }
	for _, st := range streams {
		if err := captureOffset(ctx, s.conn, st); err != nil {
			rollback()
			return nil, err
		}
	}
	r, m, err := s.execTracked(ctx, duck, words, binds, tracked)
	if err != nil {
		rollback()
		return nil, err
	}
	for _, st := range streams {
		if err := swapOffset(ctx, s.conn, st); err != nil {
			rollback()
			return nil, err
		}
	}
	for _, st := range streams {
		s.e.clearStreamChanges(ctx, st)
	}
	if _, err := s.conn.ExecContext(ctx, "COMMIT"); err != nil {
		rollback()
		return nil, err
	}
	marks = append(marks, m...)
	return r, nil
}

// execWriteAcrossDatabases runs a DML statement whose streams live in
// another database than the one it writes: a DuckDB transaction writes one
// attached database, so the statement and each offset commit separately. If
// the engine dies between them the changes are delivered again (at least
// once), never lost.
func (s *Session) execWriteAcrossDatabases(ctx context.Context, duck string, words []string, binds []any, streams, tracked []*stream) (sql.Result, []streamMark, error) {
	for _, st := range streams {
		if err := captureOffset(ctx, s.conn, st); err != nil {
			return nil, nil, err
		}
	}
	var r sql.Result
	var marks []streamMark
	err := inTx(ctx, s.conn, func() error {
		var err error
		r, marks, err = s.execTracked(ctx, duck, words, binds, tracked)
		return err
	})
	if err != nil {
		for _, st := range streams {
			s.conn.ExecContext(context.WithoutCancel(ctx), "DROP TABLE IF EXISTS "+st.nextSnapshot())
		}
		return nil, nil, err
	}
	for _, st := range streams {
		if err := inTx(ctx, s.conn, func() error { return swapOffset(ctx, s.conn, st) }); err != nil {
			return nil, marks, fmt.Errorf("the statement succeeded but advancing the offset of stream %s failed (its changes will be read again): %w", st.key(), err)
		}
		s.e.clearStreamChanges(ctx, st)
	}
	return r, marks, nil
}

// execCheckedCTAS runs a CTAS with a CHECK constraint, rendered as CREATE
// TABLE then INSERT (rewrite/check_constraint.go), in one transaction: a
// row failing the CHECK leaves no table, as Snowflake's CTAS creates none.
// (The paths above run a statement reading streams or changing tracked
// tables in one transaction already.)
func (s *Session) execCheckedCTAS(ctx context.Context, duck string, words []string, binds []any) (sql.Result, error) {
	var r sql.Result
	err := inTx(ctx, s.conn, func() error {
		var err error
		r, err = s.execDML(ctx, duck, words, binds)
		return err
	})
	return r, err
}

func inTx(ctx context.Context, conn *sql.Conn, fn func() error) error {
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	if err := fn(); err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		return err
	}
	_, err := conn.ExecContext(ctx, "COMMIT")
	return err
}

// execAllInTx runs stmts in order in one transaction: all or none.
func execAllInTx(ctx context.Context, conn *sql.Conn, stmts []string) error {
	return inTx(ctx, conn, func() error {
		for _, st := range stmts {
			if _, err := conn.ExecContext(ctx, st); err != nil {
				return err
			}
		}
		return nil
	})
}

func (st *stream) nextSnapshot() string {
	return qualified(st.Database, "_FLURRY", st.Props["SNAPSHOT"]+"$NEXT")
}

// captureOffset copies the base table as it is now: the stream's next offset.
func captureOffset(ctx context.Context, conn *sql.Conn, st *stream) error {
	cols := strings.Join(st.columns, ", ")
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("CREATE OR REPLACE TABLE %s AS SELECT %s FROM %s", st.nextSnapshot(), cols, st.table)); err != nil {
		return streamError(st, err)
	}
	// The offset is no longer the stream's creation (changes.go reads it).
	if _, err := conn.ExecContext(ctx, "COMMENT ON TABLE "+st.nextSnapshot()+" IS '"+streamOffsetMoved+"'"); err != nil {
		return streamError(st, err)
	}
	return nil
}

// swapOffset makes the captured copy the stream's snapshot.
func swapOffset(ctx context.Context, conn *sql.Conn, st *stream) error {
	qs := []string{
		"DROP TABLE IF EXISTS " + st.snapshot,
		"ALTER TABLE " + st.nextSnapshot() + " RENAME TO " + quoteIdent(st.Props["SNAPSHOT"]),
	}
	if st.changes != "" {
		qs = append(qs, "DELETE FROM "+st.changes) // stream_track.go
	}
	for _, q := range qs {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return streamError(st, err)
		}
	}
	return nil
}

// streamError explains a failure to read a stream's base table.
func streamError(st *stream, err error) error {
	var se *Error
	if errors.As(duckError(err), &se) && (se.Code == CodeNotExist || se.Code == CodeInvalidIdent) {
		return Errorf(CodeNotExist, "42S02", "SQL compilation error:\nStream '%s' cannot read its base table %s.%s.%s (dropped or changed since the stream was created; recreate the stream): %s",
			st.Name, st.Props["TABLE_DATABASE"], st.Props["TABLE_SCHEMA"], st.Props["TABLE_NAME"], se.Message)
	}
	return err
}

// relationWords precede a relation name in a FROM list.
var relationWords = map[string]bool{"FROM": true, "JOIN": true, "USING": true}

// streamsReadBy finds the streams a statement reads: object names following
// FROM, JOIN, USING or a comma that resolve to a stream.
func (s *Session) streamsReadBy(ctx context.Context, text string) ([]*stream, error) {
	all, err := s.e.listStreams(ctx, "", "")
	if err != nil || len(all) == 0 {
		return nil, err
	}
	byKey := map[string]*stream{}
	for _, st := range all {
		byKey[st.key()] = st
	}
	raw, err := sqllex.Tokenize(text)
	if err != nil {
		return nil, nil
	}
	var toks []sqllex.Token
	for _, t := range raw {
		if t.Significant() {
			toks = append(toks, t)
		}
	}
	isIdent := func(i int) bool {
		return i < len(toks) && (toks[i].Kind == sqllex.Word || toks[i].Kind == sqllex.QuotedIdent)
	}
	seen := map[string]bool{}
	var out []*stream
	for i := 1; i < len(toks); i++ {
		prev := toks[i-1]
		if !(prev.IsOp(",") || (prev.Kind == sqllex.Word && relationWords[strings.ToUpper(prev.Text)])) || !isIdent(i) {
			continue
		}
		parts := []string{identText(toks[i])}
		j := i
		for j+2 < len(toks) && toks[j+1].IsOp(".") && isIdent(j+2) {
			parts = append(parts, identText(toks[j+2]))
			j += 2
		}
		if j+1 < len(toks) && toks[j+1].IsOp("(") {
			continue // a table function
		}
		db, schema, name := s.Database, s.Schema, parts[len(parts)-1]
		switch len(parts) {
		case 2:
			schema = parts[0]
		case 3:
			db, schema = parts[0], parts[1]
		case 1:
		default:
			continue
		}
		k := db + "." + schema + "." + name
		if st, ok := byKey[k]; ok && !seen[k] {
			seen[k] = true
			out = append(out, st)
		}
	}
	return out, nil
}

// writeTarget is the database a DML statement writes (its target table's),
// the session's database when the statement does not name one.
func (s *Session) writeTarget(text string) string {
	c, err := newCursor(text)
	if err != nil {
		return s.Database
	}
	switch c.word(0) {
	case "INSERT":
		c.pos++
		c.accept("OVERWRITE")
		c.accept("ALL")
		c.accept("INTO")
	case "MERGE":
		c.accept("MERGE", "INTO")
	case "DELETE":
		c.accept("DELETE", "FROM")
	case "UPDATE":
		c.pos++
	case "CREATE":
		for !c.done() && !c.accept("TABLE") {
			c.pos++
		}
		c.accept("IF", "NOT", "EXISTS")
	}
	n, err := c.objectName()
	if err != nil || len(n.parts) < 3 {
		return s.Database
	}
	return n.parts[0]
}

// systemFunctions are SYSTEM$ functions answered by the engine: each gets its
// (string literal) arguments and returns the SQL expression replacing the call.
var systemFunctions = map[string]func(ctx context.Context, s *Session, args []string) (string, error){
	"SYSTEM$STREAM_HAS_DATA": streamHasData,
}

// substituteSystemFunctions replaces calls of systemFunctions before the
// statement is rewritten.
func substituteSystemFunctions(s *Session, text string) (string, error) {
	if !strings.Contains(strings.ToUpper(text), "SYSTEM$") {
		return text, nil
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, nil // the rewriter reports lexing errors
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind != sqllex.Word {
			continue
		}
		fn, ok := systemFunctions[strings.ToUpper(t.Text)]
		if !ok {
			continue
		}
		// name ( 'arg' [, 'arg'...] )
		var args []string
		j, open, closed := i+1, false, false
		for ; j < len(toks) && !closed; j++ {
			tt := toks[j]
			switch {
			case !tt.Significant():
			case !open && tt.IsOp("("):
				open = true
			case open && tt.Kind == sqllex.String:
				args = append(args, unquoteString(tt.Text))
			case open && tt.IsOp(","):
			case open && tt.IsOp(")"):
				closed = true
			default:
				return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\n%s expects string literal arguments (line %d, position %d)", strings.ToUpper(t.Text), tt.Line, tt.Col-1)
			}
		}
		if !closed {
			continue
		}
		repl, err := fn(context.Background(), s, args)
		if err != nil {
			return "", err
		}
		b.WriteString(text[last:t.Pos])
		b.WriteString(repl)
		if selectItemAlone(toks, i, j) {
			// An unaliased select item keeps the call's text as its name.
			b.WriteString(` AS "` + strings.ReplaceAll(strings.ToUpper(text[t.Pos:toks[j-1].Pos+1]), `"`, `""`) + `"`)
		}
		last = toks[j-1].Pos + 1
		i = j - 1
	}
	if last == 0 {
		return text, nil
	}
	b.WriteString(text[last:])
	return b.String(), nil
}

// streamHasData is SYSTEM$STREAM_HAS_DATA('stream'): whether the stream has
// changes, as a SQL expression evaluated when the statement runs.
func streamHasData(ctx context.Context, s *Session, args []string) (string, error) {
	if len(args) != 1 {
		return "", Errorf(CodeSyntax, "42000", "SQL compilation error:\nSYSTEM$STREAM_HAS_DATA takes one argument, the stream name")
	}
	st, err := s.streamByName(ctx, args[0])
	if err != nil {
		return "", err
	}
	return "(EXISTS (SELECT 1 FROM " + st.view() + "))", nil
}

// streamByName resolves a stream name given as a string ('db.schema.name').
func (s *Session) streamByName(ctx context.Context, text string) (*stream, error) {
	c, err := newCursor(text)
	if err != nil {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid stream name '%s'", text)
	}
	n, err := c.objectName()
	if err != nil || !c.done() {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid stream name '%s'", text)
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return nil, err
	}
	st, ok, err := s.e.getStream(ctx, db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, streamNotExist(text)
	}
	return st, nil
}

// selectItemAlone reports whether tokens [i, j) are a whole select item with
// no alias: after SELECT or ',' and before ',', FROM or the end.
func selectItemAlone(toks []sqllex.Token, i, j int) bool {
	var prev, next sqllex.Token
	for k := i - 1; k >= 0; k-- {
		if toks[k].Significant() {
			prev = toks[k]
			break
		}
	}
	for k := j; k < len(toks); k++ {
		if toks[k].Significant() {
			next = toks[k]
			break
		}
	}
	if !prev.IsWord("SELECT") && !prev.IsOp(",") {
		return false
	}
	depth := 0 // only the outermost select list
	for k := 0; k < i; k++ {
		if toks[k].IsOp("(") {
			depth++
		} else if toks[k].IsOp(")") {
			depth--
		}
	}
	if depth != 0 {
		return false
	}
	return next.Kind == 0 || next.IsOp(",") || next.IsOp(";") || next.IsWord("FROM")
}
