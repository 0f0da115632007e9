package snowlocal

import (
	"context"
	"strings"
	"sync"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// A stream compares its base table with a snapshot taken at its offset, so
// it sees net row differences without row identity. That is exactly what
// Snowflake shows for inserted and deleted rows, but not for updated ones:
// Snowflake pairs an updated row's DELETE and INSERT with
// METADATA$ISUPDATE = TRUE, and an append-only stream keeps every inserted
// row even if it was later updated or deleted. The engine therefore records,
// in the stream's catalog entry, that its base table was changed that way
// since the offset, and refuses (002040) to read such a stream when its
// answer would differ — for a stream on a table of another database only:
// the others record such changes in their change tables (stream_track.go),
// and carry the mark only for what those cannot record. The refusals: a standard stream with DELETE rows after an UPDATE or
// MERGE when the statement sees METADATA$ISUPDATE (names it or selects *), an append-only stream after an UPDATE, MERGE, DELETE or TRUNCATE.
// Advancing the offset clears the mark.

const streamChangeProp = "CHANGED_SINCE_OFFSET"

// markedStreams counts, per engine, the streams carrying the mark, so that
// statements skip the check when there are none (loaded from the catalog at
// the engine's first check).
var markedStreams = struct {
	sync.Mutex
	n map[*Engine]int
}{n: map[*Engine]int{}}

func (e *Engine) markedStreamCount(ctx context.Context) int {
	markedStreams.Lock()
	defer markedStreams.Unlock()
	n, ok := markedStreams.n[e]
	if !ok {
		all, err := e.listStreams(ctx, "", "")
		if err != nil {
			return 1 // unknown: check
		}
		for _, st := range all {
			if st.Props[streamChangeProp] != "" {
				n++
			}
		}
		markedStreams.n[e] = n
	}
	return n
}

func (e *Engine) addMarked(ctx context.Context, d int) {
	e.markedStreamCount(ctx)
	markedStreams.Lock()
	markedStreams.n[e] += d
	markedStreams.Unlock()
}

// markStreamChanges records an UPDATE/MERGE/DELETE/TRUNCATE (kind, as
// dmlTarget gives it) of a table on the streams that track it (onTarget)
// and have no change table.
func (s *Session) markStreamChanges(ctx context.Context, kind string, onTarget []*stream) {
	for _, st := range onTarget {
		if st.changes != "" {
			continue // its change table has the changes (stream_track.go)
		}
		updates := kind == "UPDATE" || kind == "MERGE"
		if !updates && !st.appendOnly() {
			continue // deletes are exact in a standard stream
		}
		if st.Props[streamChangeProp] != "" {
			continue
		}
		o := st.Object
		o.Props = copyProps(o.Props)
		o.Props[streamChangeProp] = kind
		if s.e.PutObject(ctx, o) == nil {
			s.e.addMarked(ctx, 1)
		}
	}
}

// clearStreamChanges drops the mark when the stream's offset advanced.
func (e *Engine) clearStreamChanges(ctx context.Context, st *stream) {
	if st.Props[streamChangeProp] == "" {
		return
	}
	cur, ok, err := e.getStream(ctx, st.Database, st.Schema, st.Name)
	if err != nil || !ok || cur.Props["SNAPSHOT"] != st.Props["SNAPSHOT"] {
		return
	}
	o := cur.Object
	o.Props = copyProps(o.Props)
	delete(o.Props, streamChangeProp)
	if e.PutObject(ctx, o) == nil {
		e.addMarked(ctx, -1)
	}
}

func copyProps(p map[string]string) map[string]string {
	out := make(map[string]string, len(p))
	for k, v := range p {
		out[k] = v
	}
	return out
}

// checkStreamReads refuses a statement reading a stream whose answer the
// engine cannot give exactly (see above).
func (s *Session) checkStreamReads(ctx context.Context, text string) error {
	if !strings.Contains(strings.ToUpper(text), "FROM") && !strings.Contains(strings.ToUpper(text), "JOIN") {
		return nil
	}
	if s.ext.inTx && len(s.ext.txChanged) > 0 {
		// A stream read inside the explicit transaction that changed its
		// table: DuckDB shows the transaction its own changes, where the
		// streams page shows them only after COMMIT.
		streams, err := s.streamsReadBy(ctx, text)
		if err == nil {
			for _, st := range streams {
				if s.ext.txChanged[st.key()] {
					return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'stream %s read inside the transaction that changed its table': the local engine would show the transaction's own changes; read it after COMMIT.", st.Name)
				}
			}
		}
	}
	if s.e.markedStreamCount(ctx) <= 0 {
		return nil
	}
	streams, err := s.streamsReadBy(ctx, text)
	if err != nil {
		return nil
	}
	for _, st := range streams {
		kind := st.Props[streamChangeProp]
		if kind == "" {
			continue
		}
		if st.changes != "" {
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'stream %s after %s': the local engine cannot give its changes exactly; recreate the stream to start over.", st.Name, kind)
		}
		if !st.appendOnly() {
			if !readsIsUpdate(text) {
				continue // the rows and actions themselves are exact
			}
			var n int
			if err := s.conn.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+st.view()+` WHERE "METADATA$ACTION" = 'DELETE'`).Scan(&n); err != nil || n == 0 {
				continue
			}
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'stream %s after %s of rows that existed at its offset': the local engine cannot pair an updated row's DELETE and INSERT (METADATA$ISUPDATE); consume the stream before updating its table, or recreate it.", st.Name, kind)
		}
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'append-only stream %s after %s of its table': the local engine keeps no record of rows inserted and then changed since the offset; consume the stream before changing its table, or recreate it.", st.Name, kind)
	}
	return nil
}

// readsIsUpdate reports whether a statement can see METADATA$ISUPDATE: it
// names it or selects a star.
func readsIsUpdate(text string) bool {
	if strings.Contains(strings.ToUpper(text), "METADATA$ISUPDATE") {
		return true
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return true
	}
	var prev sqllex.Token
	for _, t := range toks {
		if !t.Significant() {
			continue
		}
		if t.IsOp("*") && (prev.IsWord("SELECT") || prev.IsOp(",") || prev.IsOp(".") || prev.IsWord("DISTINCT")) {
			return true
		}
		prev = t
	}
	return false
}

// streamsOn lists the streams whose base table is the named table (none when
// the name does not resolve or the catalog cannot be read: the callers only
// keep streams in step after a statement that already succeeded).
func (s *Session) streamsOn(ctx context.Context, table objectName) []*stream {
	db, schema, name, err := s.Resolve(table)
	if err != nil {
		return nil
	}
	all, err := s.e.listStreams(ctx, "", "")
	if err != nil {
		return nil
	}
	var out []*stream
	for _, st := range all {
		if st.Props["TABLE_DATABASE"] == db && st.Props["TABLE_SCHEMA"] == schema && st.Props["TABLE_NAME"] == name {
			out = append(out, st)
		}
	}
	return out
}
