package snowlocal

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	sf "github.com/snowflakedb/gosnowflake"
)

// rawServer starts a server for tests that speak the wire protocol by hand.
func rawServer(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.User == "" {
		cfg.User = "flurry"
	}
	if cfg.Password == "" && cfg.RSAPublicKey == nil {
		cfg.Password = "right-password"
	}
	srv, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

type rawReply struct {
	status int
	Code   any            `json:"code"`
	OK     bool           `json:"success"`
	Msg    string         `json:"message"`
	Data   map[string]any `json:"data"`
}

// post sends body (a value to marshal, or an io.Reader) with JSON headers.
func post(t *testing.T, srv *Server, path, token string, body any, hdr map[string]string) rawReply {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case io.Reader:
		r = b
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	req, err := http.NewRequest("POST", "http://"+srv.Addr()+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", `Snowflake Token="`+token+`"`)
	}
	for k, v := range hdr {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	out := rawReply{status: resp.StatusCode}
	data, _ := io.ReadAll(resp.Body)
	_ = json.Unmarshal(data, &out)
	return out
}

func login(user, password string) map[string]any {
	return map[string]any{"data": map[string]any{"ACCOUNT_NAME": "local", "LOGIN_NAME": user, "PASSWORD": password}}
}

func mustLogin(t *testing.T, srv *Server) (token, master string) {
	t.Helper()
	r := post(t, srv, "/session/v1/login-request", "", login("flurry", "right-password"), nil)
	if !r.OK {
		t.Fatalf("login: %+v", r)
	}
	return r.Data["token"].(string), r.Data["masterToken"].(string)
}

func query(t *testing.T, srv *Server, token, sql string) rawReply {
	t.Helper()
	return post(t, srv, "/queries/v1/query-request?requestId=r1", token, map[string]any{"sqlText": sql}, nil)
}

// Finding 3: a deeply nested statement is a compilation error, not a crash.
func TestDeepNestingIsRefusedNotFatal(t *testing.T) {
	srv := rawServer(t, Config{})
	tok, _ := mustLogin(t, srv)
	r := query(t, srv, tok, "select "+strings.Repeat("(", 200_000)+"1"+strings.Repeat(")", 200_000))
	if r.OK || r.Code != "001003" || !strings.Contains(r.Msg, "nests deeper than 512 levels") {
		t.Fatalf("deep nesting: %+v", r)
	}
	if r := query(t, srv, tok, "select 1"); !r.OK {
		t.Fatalf("server unusable after deep nesting: %+v", r)
	}
}

// Finding 4: bodies are bounded before and after decompression.
func TestOversizedBodiesAre413(t *testing.T) {
	srv := rawServer(t, Config{})
	bomb := gzipBomb(`{"data":{"LOGIN_NAME":"`, 32<<20) // 32 MB of JSON, ~32 KB compressed
	if r := post(t, srv, "/session/v1/login-request", "", bomb, map[string]string{"Content-Encoding": "gzip"}); r.status != 413 {
		t.Errorf("gzip bomb login: %+v", r)
	}
	if r := post(t, srv, "/session/v1/login-request", "", login(strings.Repeat("x", 100<<10), "pw"), nil); r.status != 413 {
		t.Errorf("100 KB login: %+v", r)
	}
	tok, _ := mustLogin(t, srv)
	big := "select '" + strings.Repeat("x", 1<<20) + "'"
	if r := query(t, srv, tok, big); r.status != 413 {
		t.Errorf("SQL over 1 MB: status %d %+v", r.status, r.Msg)
	}
	if r := query(t, srv, tok, "select '"+strings.Repeat("x", 900<<10)+"'"); !r.OK {
		t.Errorf("SQL under 1 MB refused: %+v", r.Msg)
	}
}

// gzipBomb compresses prefix and n bytes of 'A', written in small chunks.
func gzipBomb(prefix string, n int) *bytes.Buffer {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(prefix))
	chunk := bytes.Repeat([]byte("A"), 64<<10)
	for i := 0; i < n; i += len(chunk) {
		zw.Write(chunk)
	}
	zw.Close()
	return &b
}

// generated is an io.Reader of n bytes made on the fly, so the client side
// of the memory test holds nothing.
type generated struct {
	prefix, suffix string
	n, off         int64
}

func (g *generated) Read(p []byte) (int, error) {
	total := int64(len(g.prefix)) + g.n + int64(len(g.suffix))
	if g.off >= total {
		return 0, io.EOF
	}
	i := 0
	for i < len(p) && g.off < total {
		switch {
		case g.off < int64(len(g.prefix)):
			p[i] = g.prefix[g.off]
		case g.off < int64(len(g.prefix))+g.n:
			p[i] = 'x'
		default:
			p[i] = g.suffix[g.off-int64(len(g.prefix))-g.n]
		}
		i++
		g.off++
	}
	return i, nil
}

// Finding 4 (memory): 1,000 oversized or bogus logins and 50 MB queries
// keep the server's heap under 200 MB.
func TestMemoryStaysBoundedUnderBogusRequests(t *testing.T) {
	srv := rawServer(t, Config{})
	tok, _ := mustLogin(t, srv)
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	bomb := gzipBomb(`{"data":{"PASSWORD":"`, 64<<20)
	for i := 0; i < 1000; i++ {
		switch i % 3 {
		case 0:
			post(t, srv, "/session/v1/login-request", "", bytes.NewReader(bomb.Bytes()), map[string]string{"Content-Encoding": "gzip"})
		case 1:
			post(t, srv, "/session/v1/login-request", "", login("flurry", fmt.Sprint("wrong", i)), nil)
		case 2:
			post(t, srv, "/session/v1/login-request", "", &generated{prefix: `{"data":{"PASSWORD":"`, n: 1 << 20, suffix: `"}}`}, nil)
		}
	}
	for i := 0; i < 3; i++ {
		r := post(t, srv, "/queries/v1/query-request", tok, &generated{prefix: `{"sqlText":"select '`, n: 50 << 20, suffix: `'"}`}, nil)
		if r.status != 413 {
			t.Errorf("50 MB query: %+v", r)
		}
	}
	close(stop)
	<-done
	if p := peak.Load(); p > 200<<20 {
		t.Errorf("server heap peaked at %d MB, want under 200 MB", p>>20)
	}
	t.Logf("heap peak %d MB", peak.Load()>>20)
}

// Finding 5: renewal issues new tokens, expired tokens are refused with the
// code drivers renew on, abort needs the session's own token, failed logins
// are throttled.
func TestSessionTokensRenewExpireAndAbortNeedsToken(t *testing.T) {
	srv := rawServer(t, Config{})
	tok, master := mustLogin(t, srv)
	r := post(t, srv, "/session/token-request", master, map[string]any{"oldSessionToken": tok, "requestType": "RENEW"}, nil)
	if !r.OK {
		t.Fatalf("renew: %+v", r)
	}
	tok2, master2 := r.Data["sessionToken"].(string), r.Data["masterToken"].(string)
	if tok2 == tok || master2 == master || tok2 == "" || master2 == "" {
		t.Fatalf("renewal returned the same tokens")
	}
	if r := query(t, srv, tok, "select 1"); r.OK {
		t.Error("old session token still works after renewal")
	}
	if r := post(t, srv, "/session/token-request", master, map[string]any{"oldSessionToken": tok}, nil); r.OK {
		t.Error("old master token still renews")
	}
	if r := query(t, srv, tok2, "select 1"); !r.OK {
		t.Fatalf("renewed token: %+v", r)
	}
	// Expire the session token: 390112, so drivers renew.
	srv.wire.mu.Lock()
	srv.wire.sessions[tok2].tokenExpires = time.Now().Add(-time.Second)
	srv.wire.mu.Unlock()
	if r := query(t, srv, tok2, "select 1"); r.OK || r.Code != "390112" {
		t.Errorf("expired session token: %+v", r)
	}
	// Expire the master token: the reaper closes the session.
	srv.wire.mu.Lock()
	srv.wire.sessions[tok2].masterExpires = time.Now().Add(-time.Second)
	srv.wire.mu.Unlock()
	srv.wire.reap(time.Now())
	srv.wire.mu.Lock()
	n := len(srv.wire.sessions)
	srv.wire.mu.Unlock()
	if n != 0 {
		t.Errorf("%d sessions left after reaping an expired one", n)
	}
	if r := post(t, srv, "/queries/v1/abort-request", "", map[string]any{"requestId": "r1"}, nil); r.OK {
		t.Error("abort without a token succeeded")
	}
}

func TestFailedLoginsAreThrottled(t *testing.T) {
	srv := rawServer(t, Config{})
	for i := 0; i < loginFailureLimit; i++ {
		if r := post(t, srv, "/session/v1/login-request", "", login("flurry", "wrong"), nil); r.OK {
			t.Fatal("wrong password accepted")
		}
	}
	r := post(t, srv, "/session/v1/login-request", "", login("flurry", "right-password"), nil)
	if r.OK || !strings.Contains(r.Msg, "Too many failed login attempts") {
		t.Fatalf("login after %d failures: %+v", loginFailureLimit, r)
	}
}

// Finding 7: names, tokens, binds and headers a client controls.
func TestLoginNamesTokensBindsAndHeaders(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	srv := rawServer(t, Config{Password: "right-password", RSAPublicKey: &key.PublicKey})
	oauth := map[string]any{"data": map[string]any{"LOGIN_NAME": "someone_else", "AUTHENTICATOR": "OAUTH", "TOKEN": "right-password"}}
	if r := post(t, srv, "/session/v1/login-request", "", oauth, nil); r.OK {
		t.Error("OAuth token accepted for another LOGIN_NAME")
	}
	jwtLogin := func(iat, exp time.Time) rawReply {
		tok := jwt.NewWithClaims(jwt.SigningMethodRS256, jwt.MapClaims{
			"iss": "LOCAL.FLURRY.SHA256:x", "sub": "LOCAL.FLURRY", "iat": iat.Unix(), "exp": exp.Unix()})
		s, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return post(t, srv, "/session/v1/login-request", "", map[string]any{"data": map[string]any{
			"ACCOUNT_NAME": "LOCAL", "LOGIN_NAME": "FLURRY", "AUTHENTICATOR": "SNOWFLAKE_JWT", "TOKEN": s}}, nil)
	}
	now := time.Now()
	if r := jwtLogin(now, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)); r.OK || r.Code != "390144" {
		t.Errorf("JWT valid until 2100: %+v", r)
	}
	if r := jwtLogin(now.Add(2*time.Hour), now.Add(150*time.Minute)); r.OK {
		t.Errorf("JWT issued in the future accepted")
	}
	if r := jwtLogin(now, now.Add(time.Minute)); !r.OK {
		t.Errorf("valid one-minute JWT refused: %+v", r)
	}
	if r := post(t, srv, "/session/v1/login-request", "", login("flurry\x00x", "right-password"), nil); r.OK {
		t.Error("NUL in LOGIN_NAME accepted")
	}
	tok, _ := mustLogin(t, srv)
	r := post(t, srv, "/queries/v1/query-request", tok, map[string]any{"sqlText": "select ?::varchar",
		"bindings": map[string]any{"1": map[string]any{"type": "TIMESTAMP_NTZ", "value": ""}}}, nil)
	if r.OK || r.status != 200 {
		t.Errorf("empty TIMESTAMP bind: %+v", r)
	}
	if r := query(t, srv, tok, "select 1\x00, 2"); r.OK {
		t.Errorf("NUL in SQL ran: %+v", r.Data["rowset"])
	}
	if r := post(t, srv, "/session/v1/login-request", "", login("flurry", "right-password"), map[string]string{"Host": "evil.example:80"}); r.status != http.StatusMisdirectedRequest {
		t.Errorf("foreign Host header: %+v", r)
	}
	if r := post(t, srv, "/session/v1/login-request", "", login("flurry", "right-password"), map[string]string{"Content-Type": "text/plain"}); r.status != http.StatusUnsupportedMediaType {
		t.Errorf("text/plain body: %+v", r)
	}
}

func TestRedactSQL(t *testing.T) {
	for in, want := range map[string]string{
		"create user bob password = 'hunter2' default_role = r":                               "create user bob password = '***' default_role = r",
		"create stage s url='s3://b/p/' credentials=(aws_key_id='AKIA' aws_secret_key='x/y')": "create stage s url='s3://b/p/' credentials=(aws_key_id='***' aws_secret_key='***')",
		"alter user bob set rsa_public_key='MIIB'":                                            "alter user bob set rsa_public_key='***'",
		"select 'password'":    "select 'password'",
		"select 'unterminated": "<statement withheld from the log: line 1, column 8: unterminated string literal>",
	} {
		if got := redactSQL(in); got != want && !(strings.HasPrefix(want, "<") && strings.HasPrefix(got, "<statement withheld")) {
			t.Errorf("redactSQL(%q) = %q, want %q", in, got, want)
		}
	}
}

// Finding 6: secrets sent in statements never reach the log, at debug level.
func TestDebugLogHasNoSecrets(t *testing.T) {
	var logs bytes.Buffer
	srv := rawServer(t, Config{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	tok, _ := mustLogin(t, srv)
	query(t, srv, tok, "create database d")
	query(t, srv, tok, "create user bob password = 'hunter2-zz9'")
	query(t, srv, tok, "create stage d.public.s url='s3://b/p/' credentials=(aws_key_id='AKIA-zz9' aws_secret_key='sk-zz9')")
	post(t, srv, "/session/v1/login-request", "", login("flurry", "wrong-password-zz9"), nil)
	if strings.Contains(logs.String(), "zz9") {
		t.Errorf("secret in the debug log:\n%s", logs.String())
	}
	if !strings.Contains(logs.String(), "create user bob password = '***'") {
		t.Errorf("statement not logged (redacted) at debug level:\n%s", logs.String())
	}
}

// Finding 6: the engine directory and its DuckDB files are private.
func TestEngineFilesArePrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "engine")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := rawServer(t, Config{Dir: dir})
	tok, _ := mustLogin(t, srv)
	if r := query(t, srv, tok, "create database d"); !r.OK {
		t.Fatal(r.Msg)
	}
	check := func(p string, want os.FileMode) {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s is %v, want %v", p, st.Mode().Perm(), want)
		}
	}
	check(dir, 0o700)
	check(filepath.Join(dir, mainCatalog+".duckdb"), 0o600)
	check(filepath.Join(dir, "databases", "D.duckdb"), 0o600)
}

// Finding 5 through the driver: when the session token expires, gosnowflake
// renews it with the master token (390112) and carries on in the same session.
func TestGosnowflakeRenewsAnExpiredSessionToken(t *testing.T) {
	srv := rawServer(t, Config{})
	host, portText, _ := net.SplitHostPort(srv.Addr())
	port, _ := strconv.Atoi(portText)
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, sf.Config{Account: "local", User: "flurry", Password: "right-password",
		Host: host, Port: port, Protocol: "http", DisableOCSPChecks: true, DisableTelemetry: true}))
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("create database renewed"); err != nil {
		t.Fatal(err)
	}
	srv.wire.mu.Lock()
	var old string
	for tok, ws := range srv.wire.sessions {
		old = tok
		ws.tokenExpires = time.Now().Add(-time.Second)
	}
	srv.wire.mu.Unlock()
	var name string
	if err := db.QueryRow("select current_database()").Scan(&name); err != nil || name != "RENEWED" {
		t.Fatalf("after expiry: %q, %v", name, err)
	}
	srv.wire.mu.Lock()
	_, stillThere := srv.wire.sessions[old]
	n := len(srv.wire.sessions)
	srv.wire.mu.Unlock()
	if stillThere || n != 1 {
		t.Errorf("renewal kept the old token (%v) or changed the session count (%d)", stillThere, n)
	}
}
