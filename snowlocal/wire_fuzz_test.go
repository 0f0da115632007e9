package snowlocal

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
)

// The wire handlers take bytes from anyone who can reach the port. These
// fuzz targets feed them arbitrary bodies: every answer must be a JSON
// document, and nothing may panic. `go test` runs the seeds and the corpus
// in testdata/fuzz; `go test -fuzz FuzzWireLogin ./snowlocal/` explores.

var (
	fuzzOnce sync.Once
	fuzzWire *wire
	fuzzTok  string
)

func fuzzServer(t testing.TB) (*wire, string) {
	fuzzOnce.Do(func() {
		e, err := Open(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		fuzzWire = newWire(e, Config{User: "flurry", Password: "pw"}, discardLogger())
		rec := httptest.NewRecorder()
		fuzzWire.routes().ServeHTTP(rec, jsonRequest("/session/v1/login-request", "", []byte(`{"data":{"LOGIN_NAME":"flurry","PASSWORD":"pw"}}`)))
		var r struct {
			Data struct {
				Token string `json:"token"`
			} `json:"data"`
		}
		json.Unmarshal(rec.Body.Bytes(), &r)
		fuzzTok = r.Data.Token
	})
	if fuzzTok == "" {
		t.Fatal("fuzz login failed")
	}
	return fuzzWire, fuzzTok
}

func jsonRequest(path, token string, body []byte) *http.Request {
	r := httptest.NewRequest("POST", path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	if token != "" {
		r.Header.Set("Authorization", `Snowflake Token="`+token+`"`)
	}
	return r
}

func checkJSONAnswer(t *testing.T, rec *httptest.ResponseRecorder) {
	var v map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("status %d, answer is not JSON: %q", rec.Code, rec.Body.String())
	}
}

func FuzzWireLogin(f *testing.F) {
	for _, s := range []string{
		`{"data":{"LOGIN_NAME":"flurry","PASSWORD":"pw"}}`,
		`{"data":{"LOGIN_NAME":"flurry\u0000x","PASSWORD":"pw"}}`,
		`{"data":{"AUTHENTICATOR":"SNOWFLAKE_JWT","TOKEN":"a.b.c"}}`,
		`{"data":{"AUTHENTICATOR":"OAUTH","TOKEN":"pw","LOGIN_NAME":""}}`,
		`{"data":{"SESSION_PARAMETERS":{"a":[1,{"b":null}]}}}`,
		`{"data":`, `[]`, `null`, "",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w, _ := fuzzServer(t)
		rec := httptest.NewRecorder()
		w.routes().ServeHTTP(rec, jsonRequest("/session/v1/login-request?databaseName=x", "", body))
		checkJSONAnswer(t, rec)
		// Close any session the input opened, so the fuzzer does not fill the cap.
		var r struct {
			Data struct {
				Token string `json:"token"`
			} `json:"data"`
		}
		if json.Unmarshal(rec.Body.Bytes(), &r) == nil && r.Data.Token != "" {
			w.routes().ServeHTTP(httptest.NewRecorder(), jsonRequest("/session?delete=true", r.Data.Token, []byte(`{}`)))
		}
	})
}

func FuzzWireQuery(f *testing.F) {
	for _, s := range []string{
		`{"sqlText":"select 1"}`,
		`{"sqlText":"select ?, ?","bindings":{"1":{"type":"TIMESTAMP_NTZ","value":""},"2":{"type":"FIXED","value":"1"}}}`,
		`{"sqlText":"select ?","bindings":{"1":{"type":"TEXT","value":["a",null,"b"]}}}`,
		`{"sqlText":"select ?","bindings":{"1":{"type":"DATE","value":"x"}}}`,
		`{"sqlText":"select ?","bindings":{"1":{"type":"BINARY","value":"zz"}}}`,
		`{"sqlText":"select ?","bindings":{"2":{"type":"TEXT","value":"a"}}}`,
		`{"sqlText":"select 1\u0000, 2"}`,
		`{"sqlText":"select ((((1))))","describeOnly":true}`,
		`{"sqlText":""}`, `{}`, `{"bindings":{"1":{"value":{}}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		w, tok := fuzzServer(t)
		rec := httptest.NewRecorder()
		w.routes().ServeHTTP(rec, jsonRequest("/queries/v1/query-request?requestId=f", tok, body))
		checkJSONAnswer(t, rec)
	})
}

func FuzzDecodeBindings(f *testing.F) {
	for _, s := range []string{
		`{"1":{"type":"TIMESTAMP_TZ","value":"1700000000000000000 1440"}}`,
		`{"1":{"type":"TIMESTAMP_LTZ","value":" "}}`,
		`{"1":{"type":"TIMESTAMP_NTZ","value":"99999999999999999999999999999"}}`,
		`{"1":{"type":"TIME","value":"-1"}}`,
		`{"1":{"type":"FIXED","value":"1e999999"}}`,
		`{"1":{"type":"REAL","value":["1",null]},"2":{"type":"BOOLEAN","value":["true"]}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		var b map[string]bindValue
		if json.Unmarshal(body, &b) != nil {
			return
		}
		decodeBindings(b) // must not panic
	})
}

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
