package snowlocal

import (
	"strconv"
	"testing"
)

// The query store of a long-running server stays bounded: the oldest
// finished queries are forgotten, running ones and the newest never.
func TestQueryStoreIsBounded(t *testing.T) {
	var q queryStore
	ws := &wireSession{}
	running := q.add(ws, "running", "select 1", "", nil)
	for i := 0; i < maxStoredQueries+50; i++ {
		rec := q.add(ws, strconv.Itoa(i), "select 1", "", nil)
		rec.finish(map[string]any{"rowset": [][]*string{}}, nil)
		q.trim()
	}
	if len(q.byID) != maxStoredQueries || len(q.order) != maxStoredQueries {
		t.Fatalf("store holds %d queries (%d in order), want %d", len(q.byID), len(q.order), maxStoredQueries)
	}
	if q.get("running") != running || q.get("0") != nil || q.get(strconv.Itoa(maxStoredQueries+49)) == nil {
		t.Fatal("want the running and the newest queries kept, the oldest finished one forgotten")
	}
	// A result over the row budget stays while it is the newest.
	big := q.add(ws, "big", "select big", "", nil)
	big.finish(map[string]any{"rowset": make([][]*string, maxStoredRows+1)}, nil)
	q.trim()
	if q.get("big") == nil {
		t.Fatal("the newest result was forgotten")
	}
	q.add(ws, "next", "select 2", "", nil).finish(map[string]any{}, nil)
	q.trim()
	if q.get("big") != nil {
		t.Fatal("a result over the row budget is kept after a newer query")
	}
	q.dropSession(ws)
	if len(q.byID) != 0 || len(q.order) != 0 {
		t.Fatalf("after the session closed: %d queries", len(q.byID))
	}
}
