package snowlocal

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/golang-jwt/jwt/v5"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// What the wire server accepts from a client it has not authenticated yet,
// and from one it has. Every limit holds before and after gzip decompression,
// so a small compressed body cannot expand into gigabytes.
const (
	// maxLoginBody bounds login, renewal, abort, heartbeat and telemetry
	// requests: credentials and a few session parameters.
	maxLoginBody = 64 << 10
	// maxQueryBody bounds a query request: the SQL text (at most
	// sqllex.MaxStatementBytes, Snowflake's 1 MB) plus its bind values.
	maxQueryBody = sqllex.MaxStatementBytes + 15<<20

	// Token lifetimes, as Snowflake reports them at login.
	sessionTokenValidity = time.Hour
	masterTokenValidity  = 4 * time.Hour

	// Failed logins: after loginFailureLimit failures within
	// loginFailureWindow for one user or from one address, logins for it
	// are refused unchecked until the window has passed.
	loginFailureLimit  = 10
	loginFailureWindow = time.Minute

	// maxSessions bounds the sessions held at once (each holds a DuckDB
	// connection); expired ones are reaped every reapInterval.
	maxSessions  = 256
	reapInterval = time.Minute
)

// errTooLarge is a request body over its limit (HTTP 413, as Snowflake answers).
var errTooLarge = errors.New("request body too large")

// readLimited decodes a JSON body (gzip-compressed if the client says so)
// of at most limit bytes, both as sent and decompressed.
func readLimited(rw http.ResponseWriter, r *http.Request, v any, limit int64) error {
	if r.ContentLength > limit {
		return errTooLarge
	}
	var body io.Reader = io.LimitReader(r.Body, limit+1)
	if rw != nil {
		body = http.MaxBytesReader(rw, r.Body, limit)
	}
	if r.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(body)
		if err != nil {
			return tooLargeOr(err)
		}
		defer zr.Close()
		body = zr
	}
	data, release, err := readBounded(r.Context(), body, limit)
	if err != nil {
		return tooLargeOr(err)
	}
	defer release()
	return json.Unmarshal(data, v) // copies every string out of data
}

// Request bodies are read whole before they are decoded. One of up to
// smallBody bytes gets a buffer of its own; a larger one (a query with big
// binds, or an oversized body about to be refused) waits for one of
// largeBodies reusable buffers. A json.Decoder instead would grow a fresh
// buffer to twice the body for each request, and a client sending 16 MB
// bodies in a loop would leave the server's memory to the garbage
// collector's pace (issue 12: under 200 MB RSS through 50 MB queries).
const (
	smallBody   = 64 << 10
	largeBodies = 2
)

var (
	largeBodySlots   = make(chan struct{}, largeBodies)
	largeBodyBuffers = make(chan []byte, largeBodies)
)

// readBounded reads at most limit bytes (limit <= maxQueryBody); more is
// errTooLarge. release returns the buffer once data is no longer used.
func readBounded(ctx context.Context, body io.Reader, limit int64) (data []byte, release func(), err error) {
	// A body within limit <= smallBody never waits for a large buffer: an
	// unauthenticated client cannot hold one.
	small := make([]byte, min(limit, smallBody)+1)
	n, err := io.ReadFull(body, small)
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return small[:n], func() {}, nil
	case err != nil:
		return nil, nil, err
	case int64(n) > limit:
		return nil, nil, errTooLarge
	}
	select {
	case largeBodySlots <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	var buf []byte
	select {
	case buf = <-largeBodyBuffers:
	default:
		buf = make([]byte, maxQueryBody+1)
	}
	release = func() {
		largeBodyBuffers <- buf
		<-largeBodySlots
	}
	copy(buf, small)
	m, err := io.ReadFull(body, buf[n:min(limit+1, int64(len(buf)))])
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return buf[:n+m], release, nil
	case err == nil:
		err = errTooLarge
	}
	release()
	return nil, nil, err
}

func tooLargeOr(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errTooLarge
	}
	return err
}

// writeTooLarge answers 413 Request Entity Too Large.
func writeTooLarge(rw http.ResponseWriter, what string, limit int64) {
	rw.Header().Set("Content-Type", "application/json")
	rw.WriteHeader(http.StatusRequestEntityTooLarge)
	json.NewEncoder(rw).Encode(map[string]any{"success": false, "code": "413",
		"message": fmt.Sprintf("Request Entity Too Large: %s bodies are limited to %d bytes", what, limit)})
}

// guard refuses requests before any handler reads them: a Host header that
// is not the address the server is bound to (a web page resolving its own
// name to 127.0.0.1, DNS rebinding), and POST bodies that are not
// application/json (what every Snowflake driver sends; a web page can only
// send text/plain or form bodies without a CORS preflight, which this server
// never grants).
func (w *wire) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if !w.allowedHost(r.Host) {
			rw.WriteHeader(http.StatusMisdirectedRequest)
			writeJSON(rw, map[string]any{"success": false, "code": "421", "message": "the local engine only answers requests addressed to " + w.addr})
			return
		}
		if r.Method == http.MethodPost {
			mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mt != "application/json" {
				rw.WriteHeader(http.StatusUnsupportedMediaType)
				writeJSON(rw, map[string]any{"success": false, "code": "415", "message": "the local engine only accepts application/json request bodies"})
				return
			}
		}
		next.ServeHTTP(rw, r)
	})
}

// allowedHost accepts the bound address, and loopback names with its port.
func (w *wire) allowedHost(host string) bool {
	if w.addr == "" {
		return true // not yet listening (handlers under test)
	}
	_, port, err := net.SplitHostPort(w.addr)
	if err != nil {
		return false
	}
	h, p, err := net.SplitHostPort(host)
	if err != nil || p != port {
		return false
	}
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// validName refuses empty-able identifiers carrying NUL or other control
// characters (a NUL in LOGIN_NAME broke the session's DuckDB connection).
func validName(s string) bool {
	if len(s) > 255 {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

// loginThrottle counts failed logins per user and per client address.
type loginThrottle struct {
	mu       sync.Mutex
	failures map[string][]time.Time
}

func throttleKeys(user, addr string) []string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	return []string{"user:" + strings.ToUpper(user), "addr:" + host}
}

// blocked reports how long logins for these keys stay refused (0: allowed).
func (t *loginThrottle) blocked(now time.Time, keys []string) time.Duration {
	t.mu.Lock()
	defer t.mu.Unlock()
	var wait time.Duration
	for _, k := range keys {
		recent := t.prune(now, k)
		if len(recent) >= loginFailureLimit {
			wait = max(wait, recent[0].Add(loginFailureWindow).Sub(now))
		}
	}
	return wait
}

func (t *loginThrottle) fail(now time.Time, keys []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.failures == nil {
		t.failures = map[string][]time.Time{}
	}
	for _, k := range keys {
		recent := t.prune(now, k)
		if len(recent) < loginFailureLimit {
			t.failures[k] = append(recent, now)
		}
	}
}

// prune drops failures older than the window; callers hold mu.
func (t *loginThrottle) prune(now time.Time, k string) []time.Time {
	list := t.failures[k]
	i := 0
	for i < len(list) && now.Sub(list[i]) >= loginFailureWindow {
		i++
	}
	list = list[i:]
	if len(list) == 0 {
		delete(t.failures, k)
		return nil
	}
	t.failures[k] = list
	return list
}

// reap closes sessions whose master token expired (the client can no
// longer renew them), and forgets old throttle entries.
func (w *wire) reap(now time.Time) {
	w.mu.Lock()
	var gone []*wireSession
	for tok, ws := range w.sessions {
		if now.After(ws.masterExpires) {
			delete(w.sessions, tok)
			delete(w.masters, ws.master)
			gone = append(gone, ws)
		}
	}
	w.mu.Unlock()
	for _, ws := range gone {
		ws.s.Close()
	}
	w.throttle.mu.Lock()
	for k := range w.throttle.failures {
		w.throttle.prune(now, k)
	}
	w.throttle.mu.Unlock()
}

func (w *wire) reapLoop(stop <-chan struct{}) {
	t := time.NewTicker(reapInterval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			w.reap(now)
		}
	}
}

// jwtLeeway is the clock skew tolerated on a key-pair JWT's iat and exp.
const jwtLeeway = time.Minute

// maxJWTLifetime is Snowflake's cap on a key-pair JWT: "The expiration
// time of the JWT must be no more than one hour after the issue time."
const maxJWTLifetime = time.Hour

// checkJWTLifetime requires iat and exp, with exp at most an hour after iat,
// iat not in the future and exp not past. The Node.js driver writes both in
// milliseconds (Date.now()), which Snowflake accepts: a value too large to be
// seconds (after the year 5000) is read as milliseconds.
func checkJWTLifetime(tok *jwt.Token, now time.Time) error {
	iat, err := tok.Claims.GetIssuedAt()
	if err != nil || iat == nil {
		return errors.New("the iat (issued at) claim is required")
	}
	exp, err := tok.Claims.GetExpirationTime()
	if err != nil || exp == nil {
		return errors.New("the exp (expiration) claim is required")
	}
	it, et := jwtTime(iat.Time), jwtTime(exp.Time)
	if et.Sub(it) > maxJWTLifetime+jwtLeeway {
		return fmt.Errorf("the token is valid for %s; at most %s after iat is allowed", et.Sub(it).Round(time.Second), maxJWTLifetime)
	}
	if it.After(now.Add(jwtLeeway)) {
		return errors.New("the iat (issued at) claim is in the future")
	}
	if et.Before(now.Add(-jwtLeeway)) {
		return errors.New("the token has expired")
	}
	return nil
}

// jwtTime reads a NumericDate that holds milliseconds as such.
func jwtTime(t time.Time) time.Time {
	if s := t.Unix(); s > 100_000_000_000 {
		return time.UnixMilli(s)
	}
	return t
}

// logName is a client-supplied name as it may appear in logs: control
// characters escaped, length bounded.
func logName(s string) string {
	if len(s) > 64 {
		s = s[:64] + "..."
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// secretWords mark a string literal after them as a secret (PASSWORD = '...',
// AWS_SECRET_KEY = '...', CREDENTIALS = (AWS_KEY_ID = '...'), TOKEN, SAS ...).
var secretWords = []string{"PASSWORD", "SECRET", "TOKEN", "KEY", "CREDENTIAL", "SAS", "PRIVATE", "PASSPHRASE"}

// redactSQL replaces the string literals that follow a secret-looking word
// with '***', for logs at every level. Text that does not lex is withheld.
func redactSQL(text string) string {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return "<statement withheld from the log: " + err.Error() + ">"
	}
	var b strings.Builder
	secret := false
	for _, t := range toks {
		switch {
		case t.Kind == sqllex.Word:
			u := strings.ToUpper(t.Text)
			secret = false
			for _, w := range secretWords {
				if strings.Contains(u, w) {
					secret = true
				}
			}
		case (t.Kind == sqllex.String || t.Kind == sqllex.DollarString) && secret:
			b.WriteString("'***'")
			secret = false
			continue
		case !t.Significant() || t.IsOp("=") || t.IsOp("(") || t.IsOp("=>"):
		default:
			secret = false
		}
		b.WriteString(t.Text)
	}
	return b.String()
}
