package console

import (
	"database/sql"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	_ "github.com/snowflakedb/gosnowflake" // registers "snowflake"; sql.Open does not connect
)

func testServer(t *testing.T) *Server {
	t.Helper()
	db, err := sql.Open("snowflake", "u:p@nowhere.invalid/db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	s, err := New(Config{DB: db}, "")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func do(t *testing.T, h http.Handler, method, target, host string, cookie *http.Cookie) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	r.Host = host
	if cookie != nil {
		r.AddCookie(cookie)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// The page is served only with the token, only to loopback host names,
// and only for reading.
func TestGuard(t *testing.T) {
	s := testServer(t)
	h := s.Handler()
	if len(s.Token()) != 32 {
		t.Fatalf("token %q: want 16 random bytes in hex", s.Token())
	}
	if other := testServer(t); other.Token() == s.Token() {
		t.Fatal("two consoles got the same token")
	}
	const host = "127.0.0.1:8780"

	if w := do(t, h, "GET", "/", host, nil); w.Code != http.StatusUnauthorized {
		t.Errorf("no token: %d", w.Code)
	}
	if w := do(t, h, "GET", "/?token=0123", host, nil); w.Code != http.StatusUnauthorized {
		t.Errorf("wrong token: %d", w.Code)
	}
	// The token in the URL sets the cookie and is dropped from the address.
	w := do(t, h, "GET", "/?token="+s.Token(), host, nil)
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != "/" {
		t.Fatalf("token URL: %d, Location %q", w.Code, w.Header().Get("Location"))
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != CookieName || cookies[0].Value != s.Token() || !cookies[0].HttpOnly ||
		cookies[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("cookie: %+v", cookies)
	}
	c := cookies[0]
	w = do(t, h, "GET", "/", host, c)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "flurry console") {
		t.Fatalf("page with the cookie: %d", w.Code)
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP: %q", csp)
	}
	if w := do(t, h, "GET", "/static/app.js", "localhost:8780", c); w.Code != http.StatusOK {
		t.Errorf("static asset on localhost: %d", w.Code)
	}
	if w := do(t, h, "GET", "/static/app.js", "[::1]:8780", c); w.Code != http.StatusOK {
		t.Errorf("static asset on [::1]: %d", w.Code)
	}
	// A DNS rebinding page reaches 127.0.0.1 under its own host name.
	for _, bad := range []string{"evil.example:8780", "127.0.0.1.evil.example", "10.0.0.1:8780"} {
		if w := do(t, h, "GET", "/", bad, c); w.Code != http.StatusForbidden {
			t.Errorf("Host %s: %d, want 403", bad, w.Code)
		}
	}
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		if w := do(t, h, m, "/api/findings", host, c); w.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s: %d, want 405", m, w.Code)
		}
	}
	bad := *c
	bad.Value = strings.Repeat("0", 32)
	if w := do(t, h, "GET", "/api/info", host, &bad); w.Code != http.StatusUnauthorized {
		t.Errorf("wrong cookie: %d", w.Code)
	}
}

func TestCheckAddr(t *testing.T) {
	for addr, ok := range map[string]bool{"127.0.0.1:0": true, "localhost:8780": true, "[::1]:8780": true,
		"0.0.0.0:8780": false, ":8780": false, "192.168.1.2:8780": false, "example.com:80": false} {
		if err := CheckAddr(addr); (err == nil) != ok {
			t.Errorf("CheckAddr(%s) = %v", addr, err)
		}
	}
}

// Only reading statements are sent, whatever the queries become.
func TestReadOnly(t *testing.T) {
	for q, ok := range map[string]bool{
		"select 1": true, "  WITH x as (select 1) select * from x": true, "show pipes in schema a.b": true,
		"-- note\nselect 1": true, "desc table t": true, "(select 1)": true,
		"insert into t values (1)": false, "delete from t": false, "alter pipe p refresh": false,
		"call p()": false, "execute task t": false, "": false, "-- only a comment": false,
	} {
		if got := readOnly(q); got != ok {
			t.Errorf("readOnly(%q) = %v", q, got)
		}
	}
	q := (&Config{}).queries()
	q.db, q.schema, q.state, q.sources, q.windowDays, q.pipes = "SECURITY_LAKE", "PUBLIC", "FLURRY.PUBLIC", LakeSources, 7, []string{"P"}
	for _, text := range []string{q.tables(), q.volume(), q.copySummary(), q.rejected(), q.pipeUsage(), q.showPipes(), q.pipeStatus(),
		q.showTasks(), q.taskHistory(), q.findings(), q.findingsOverTime(), q.lastRuns(), q.runHistory(), q.migrationHistory("A.B.C")} {
		if !readOnly(text) {
			t.Errorf("a console query is not read-only:\n%s", text)
		}
	}
}

func TestConfigRejectsOddNames(t *testing.T) {
	db, _ := sql.Open("snowflake", "u:p@nowhere.invalid/db")
	defer db.Close()
	for _, cfg := range []Config{
		{DB: db, Database: "LAKE; drop table x"},
		{DB: db, Schema: `"x"`},
		{DB: db, StateSchema: "FLURRY"},
		{DB: db, StateSchema: "A.B.C"},
	} {
		if _, err := New(cfg, ""); err == nil {
			t.Errorf("%+v accepted", cfg)
		}
	}
}
