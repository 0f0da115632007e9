package migrations

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
	sf "github.com/snowflakedb/gosnowflake"
)

// sentStatement is one query request as gosnowflake sent it.
type sentStatement struct {
	session string // the request's session token
	sql     string
}

// recordingProxy sits between gosnowflake and the local engine and records
// every statement with its session, as Snowflake would receive them.
func recordingProxy(t *testing.T) (*sql.DB, func() []sentStatement) {
	t.Helper()
	engine, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "flurry", Password: "pw"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.Close() })
	target, _ := url.Parse("http://" + engine.Addr())
	var mu sync.Mutex
	var sent []sentStatement
	proxy := httputil.NewSingleHostReverseProxy(target)
	// The engine answers only requests addressed to it (Host header check).
	director := proxy.Director
	proxy.Director = func(r *http.Request) { director(r); r.Host = target.Host }
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "query-request") {
			body, _ := io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(body))
			plain := body
			if zr, err := gzip.NewReader(bytes.NewReader(body)); err == nil {
				plain, _ = io.ReadAll(zr)
			}
			var q struct {
				SQLText string `json:"sqlText"`
			}
			if json.Unmarshal(plain, &q) == nil {
				mu.Lock()
				sent = append(sent, sentStatement{r.Header.Get("Authorization"), q.SQLText})
				mu.Unlock()
			}
		}
		proxy.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	cfg, err := warehouse.LocalConfig(ln.Addr().String(), "flurry", "pw")
	if err != nil {
		t.Fatal(err)
	}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	t.Cleanup(func() { db.Close() })
	return db, func() []sentStatement {
		mu.Lock()
		defer mu.Unlock()
		return append([]sentStatement(nil), sent...)
	}
}

// Every session `up` uses starts with AUTOCOMMIT = TRUE (an account or
// user default of FALSE would leave the history uncommitted),
// ABORT_DETACHED_QUERY = TRUE (a killed runner's statement is aborted
// before its lock expires) and a QUERY_TAG naming flurry and, for a
// script's session, the script and its version.
func TestEverySessionIsTaggedAndAutocommits(t *testing.T) {
	t.Parallel()
	db, sent := recordingProxy(t)
	m, out := newMigrator(t, db, copyFixture(t, "basic"), map[string]string{"database": "TAG_DB", "first_kind": "x"}, nil)
	if _, err := m.Up(context.Background()); err != nil {
		t.Fatalf("up: %v\n%s", err, out)
	}
	first := map[string]string{}
	var sessions []string
	scriptSession := map[string]string{} // statement -> its session's settings
	for _, s := range sent() {
		if _, ok := first[s.session]; !ok {
			first[s.session] = s.sql
			sessions = append(sessions, s.session)
		}
		scriptSession[s.sql] = first[s.session]
	}
	if len(sessions) < 3 {
		t.Fatalf("only %d sessions: want the history's, the lock's and one per script", len(sessions))
	}
	for _, sess := range sessions {
		if !strings.HasPrefix(first[sess], "ALTER SESSION SET AUTOCOMMIT = TRUE, ABORT_DETACHED_QUERY = TRUE, QUERY_TAG = '{") {
			t.Errorf("a session started with %q", first[sess])
		}
	}
	rs, _ := m.Prepare()
	for _, r := range rs {
		settings := scriptSession[strings.TrimSpace(r.Statements[0].Text)]
		want := `"script":"` + r.Name + `"`
		if r.Kind == Versioned {
			want += `,"version":"` + r.Version.String() + `"`
		}
		if !strings.Contains(settings, want) || !strings.Contains(settings, `"flurry":"migrate"`) {
			t.Errorf("%s ran in a session set up with %q, want a QUERY_TAG with %s", r.Name, settings, want)
		}
	}
}
