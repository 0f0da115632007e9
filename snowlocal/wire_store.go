package snowlocal

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// queryStore keeps the recent queries of the server's sessions, so that a
// query's status, result and result chunks can be fetched by id, as
// Snowflake's drivers do for asynchronous queries, the children of
// multi-statement requests and large results. It is bounded: the oldest
// queries are forgotten first, and a session's queries go with the session.
type queryStore struct {
	mu    sync.Mutex
	byID  map[string]*queryRecord
	order []string
}

// maxStoredQueries and maxStoredRows bound the store; a forgotten query's
// id answers "not found" (Snowflake keeps results for 24 hours, a laptop
// keeps fewer).
const (
	maxStoredQueries = 200
	maxStoredRows    = 2_000_000
)

// queryRecord is one query: running until done is closed, then either a
// success response's data or an error.
type queryRecord struct {
	id      string
	session *wireSession
	sqlText string
	start   time.Time
	cancel  context.CancelFunc

	done chan struct{}
	end  time.Time
	data map[string]any
	err  *Error

	// chunkBase is the scheme://host the client reached the server at; the
	// chunk URLs are built on it.
	chunkBase string
	chunkMu   sync.Mutex
	chunks    [][]byte // gzip-compressed JSON rows after the inline rowset
	chunkKey  string   // the qrmk: chunk requests must present it
	chunkMeta []map[string]any
}

// add records a query that starts now; chunkBase is the scheme://host the
// client reached the server at, cancel stops the query.
func (q *queryStore) add(ws *wireSession, id, sqlText, chunkBase string, cancel context.CancelFunc) *queryRecord {
	rec := &queryRecord{id: id, session: ws, sqlText: sqlText, start: time.Now(), done: make(chan struct{}),
		chunkBase: chunkBase, cancel: cancel}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.byID == nil {
		q.byID = map[string]*queryRecord{}
	}
	q.byID[id] = rec
	q.order = append(q.order, id)
	q.trimLocked()
	return rec
}

// trimLocked forgets the oldest finished queries while the store holds more
// than maxStoredQueries queries or maxStoredRows result rows.
func (q *queryStore) trimLocked() {
	rows := 0
	for _, id := range q.order {
		rows += q.byID[id].rows()
	}
	kept := q.order[:0]
	for i, id := range q.order {
		r := q.byID[id]
		over := len(q.order)-i+len(kept) > maxStoredQueries || rows > maxStoredRows
		if over && r.finished() && i < len(q.order)-1 { // never the newest
			rows -= r.rows()
			delete(q.byID, id)
			continue
		}
		kept = append(kept, id)
	}
	q.order = kept
}

func (rec *queryRecord) finished() bool {
	select {
	case <-rec.done:
		return true
	default:
		return false
	}
}

// rows is the number of result rows a finished query holds.
func (rec *queryRecord) rows() int {
	if !rec.finished() {
		return 0
	}
	rs, _ := rec.data["rowset"].([][]*string)
	return len(rs)
}

func (q *queryStore) get(id string) *queryRecord {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.byID[id]
}

// dropSession forgets a closed session's queries.
func (q *queryStore) dropSession(ws *wireSession) {
	q.mu.Lock()
	defer q.mu.Unlock()
	kept := q.order[:0]
	for _, id := range q.order {
		if r := q.byID[id]; r != nil && r.session == ws {
			delete(q.byID, id)
			continue
		}
		kept = append(kept, id)
	}
	q.order = kept
}

func (rec *queryRecord) finish(data map[string]any, err *Error) {
	rec.data, rec.err, rec.end = data, err, time.Now()
	close(rec.done)
}

// trim applies the store's bounds after a query finished.
func (q *queryStore) trim() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.trimLocked()
}

// status is the query as /monitoring/queries/<id> reports it.
func (rec *queryRecord) status() map[string]any {
	st := map[string]any{"id": rec.id, "sqlText": rec.sqlText, "startTime": rec.start.UnixMilli(),
		"status": "RUNNING", "state": "RUNNING", "errorCode": "", "errorMessage": "", "endTime": 0, "totalDuration": 0,
		"sessionId": rec.session.id, "stats": map[string]any{}}
	select {
	case <-rec.done:
		st["endTime"] = rec.end.UnixMilli()
		st["totalDuration"] = rec.end.Sub(rec.start).Milliseconds()
		if rec.err != nil {
			st["status"], st["state"] = "FAILED_WITH_ERROR", "FAILED_WITH_ERROR"
			st["errorCode"], st["errorMessage"] = rec.err.Code, rec.err.Message
			if rec.err.Code == "000604" {
				st["status"], st["state"] = "ABORTED", "ABORTED"
			}
		} else {
			st["status"], st["state"] = "SUCCESS", "SUCCEEDED"
			if rs, ok := rec.data["rowset"].([][]*string); ok {
				st["stats"] = map[string]any{"producedRows": len(rs)}
			}
		}
	default:
	}
	return st
}

// Chunking: the first inlineRows rows travel in the response's rowset, the
// rest in chunks of chunkRows rows that the client downloads from the URLs
// in data.chunks, presenting data.chunkHeaders (Snowflake's SSE-C headers
// carrying the result's key, qrmk), as it would from cloud storage.
var (
	inlineRows = 4096
	chunkRows  = 16384
)

const (
	headerSSECAlgorithm = "x-amz-server-side-encryption-customer-algorithm"
	headerSSECKey       = "x-amz-server-side-encryption-customer-key"
)

// responseData is the success data with a large rowset split into chunks.
func (rec *queryRecord) responseData() map[string]any {
	rowset, ok := rec.data["rowset"].([][]*string)
	if !ok || len(rowset) <= inlineRows {
		return rec.data
	}
	rec.chunkMu.Lock()
	defer rec.chunkMu.Unlock()
	if rec.chunkKey == "" {
		rec.chunkKey = newToken()
		for i := inlineRows; i < len(rowset); i += chunkRows {
			part := rowset[i:min(i+chunkRows, len(rowset))]
			var raw bytes.Buffer
			for j, row := range part {
				if j > 0 {
					raw.WriteByte(',')
				}
				b, _ := json.Marshal(row)
				raw.Write(b)
			}
			var gz bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&gz, gzip.BestSpeed)
			zw.Write(raw.Bytes())
			zw.Close()
			n := len(rec.chunks)
			rec.chunks = append(rec.chunks, gz.Bytes())
			rec.chunkMeta = append(rec.chunkMeta, map[string]any{
				"url":      rec.chunkBase + "/flurry-chunks/" + rec.id + "/" + strconv.Itoa(n),
				"rowCount": len(part), "uncompressedSize": raw.Len(), "compressedSize": gz.Len(),
			})
		}
	}
	data := make(map[string]any, len(rec.data)+4)
	for k, v := range rec.data {
		data[k] = v
	}
	data["rowset"] = rowset[:inlineRows]
	data["chunks"] = rec.chunkMeta
	data["qrmk"] = rec.chunkKey
	data["chunkHeaders"] = map[string]string{headerSSECAlgorithm: "AES256", headerSSECKey: rec.chunkKey}
	return data
}

// chunk: GET /flurry-chunks/<id>/<n>, one result chunk. Like a presigned
// cloud-storage URL it needs no session token, but the request must carry the
// result's key in Snowflake's chunk headers.
func (w *wire) chunk(rw http.ResponseWriter, r *http.Request) {
	rec := w.queries.get(r.PathValue("id"))
	n, err := strconv.Atoi(r.PathValue("n"))
	if rec == nil || err != nil || n < 0 {
		http.Error(rw, "no such result chunk", http.StatusNotFound)
		return
	}
	rec.chunkMu.Lock()
	key, chunks := rec.chunkKey, rec.chunks
	rec.chunkMu.Unlock()
	if key == "" || n >= len(chunks) {
		http.Error(rw, "no such result chunk", http.StatusNotFound)
		return
	}
	if subtle.ConstantTimeCompare([]byte(r.Header.Get(headerSSECKey)), []byte(key)) != 1 {
		http.Error(rw, "result chunk key missing or wrong", http.StatusForbidden)
		return
	}
	// Not application/json: clients parse a JSON response whole, and a
	// chunk is rows without the enclosing brackets (as Snowflake's are).
	rw.Header().Set("Content-Type", "binary/octet-stream")
	rw.Header().Set("Content-Encoding", "gzip")
	rw.Header().Set("Content-Length", strconv.Itoa(len(chunks[n])))
	rw.Write(chunks[n])
}
