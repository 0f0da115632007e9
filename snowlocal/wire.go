package snowlocal

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// wire implements the REST endpoints gosnowflake (and Snowflake's other
// drivers) use: login, query with bindings, token renewal, heartbeat, abort,
// session close and telemetry.
type wire struct {
	e   *Engine
	cfg Config
	log *slog.Logger

	// addr is the address the server is bound to: requests must name it
	// in their Host header (wire_guard.go).
	addr string

	mu       sync.Mutex
	sessions map[string]*wireSession // by session token
	masters  map[string]*wireSession // by master token
	running  map[string]runningQuery // by request id
	nextID   int64
	queries  queryStore // recent queries by id (wire_store.go)
	throttle loginThrottle
	stopReap chan struct{}
}

type wireSession struct {
	id     int64
	token  string
	master string
	s      *Session
	// tokenExpires ends the session token's validity (renewal issues a new
	// one); masterExpires moves forward with every request, so it is the
	// idle timeout after which the reaper closes the session.
	tokenExpires, masterExpires time.Time
}

// runningQuery is a query in flight, cancellable by its own session only.
type runningQuery struct {
	session int64
	cancel  context.CancelFunc
}

func newWire(e *Engine, cfg Config, log *slog.Logger) *wire {
	w := &wire{e: e, cfg: cfg, log: log, sessions: map[string]*wireSession{}, masters: map[string]*wireSession{},
		running: map[string]runningQuery{}, stopReap: make(chan struct{})}
	e.adminUser, e.adminHasPassword, e.adminHasKey = strings.ToUpper(cfg.User), cfg.Password != "", cfg.RSAPublicKey != nil
	go w.reapLoop(w.stopReap)
	return w
}

func (w *wire) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /session/v1/login-request", w.login)
	mux.HandleFunc("POST /queries/v1/query-request", w.query)
	mux.HandleFunc("POST /queries/v1/abort-request", w.abort)
	mux.HandleFunc("POST /session/token-request", w.renew)
	mux.HandleFunc("POST /session/heartbeat", w.heartbeat)
	mux.HandleFunc("POST /session", w.closeSession)
	w.registerQueryRoutes(mux) // wire_query.go
	mux.HandleFunc("POST /telemetry/send", func(rw http.ResponseWriter, r *http.Request) {
		writeJSON(rw, map[string]any{"success": true, "data": nil, "code": nil, "message": nil})
	})
	mux.HandleFunc("/", func(rw http.ResponseWriter, r *http.Request) {
		rw.WriteHeader(http.StatusNotFound)
		writeJSON(rw, map[string]any{"success": false, "code": "404", "message": "the local engine does not implement " + r.Method + " " + r.URL.Path})
	})
	return w.guard(mux)
}

func writeJSON(rw http.ResponseWriter, v any) {
	rw.Header().Set("Content-Type", "application/json")
	if err := json.NewEncoder(rw).Encode(v); err != nil {
		slog.Debug("write response", "err", err)
	}
}

func writeFailure(rw http.ResponseWriter, err *Error, queryID string) {
	writeJSON(rw, map[string]any{
		"success": false, "code": err.Code, "message": err.Message,
		"data": map[string]any{"sqlState": err.SQLState, "queryId": queryID, "errorCode": err.Code, "internalError": false},
	})
}

func newToken() string {
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func newQueryID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

type loginRequest struct {
	Data struct {
		AccountName       string         `json:"ACCOUNT_NAME"`
		LoginName         string         `json:"LOGIN_NAME"`
		Password          string         `json:"PASSWORD"`
		Authenticator     string         `json:"AUTHENTICATOR"`
		Token             string         `json:"TOKEN"`
		SessionParameters map[string]any `json:"SESSION_PARAMETERS"`
	} `json:"data"`
}

func (w *wire) login(rw http.ResponseWriter, r *http.Request) {
	var req loginRequest
	if err := readLimited(rw, r, &req, maxLoginBody); err != nil {
		if errors.Is(err, errTooLarge) {
			writeTooLarge(rw, "login request", maxLoginBody)
			return
		}
		writeFailure(rw, Errorf("390400", "08001", "Invalid login request: %v", err), "")
		return
	}
	q := r.URL.Query()
	for _, v := range []string{req.Data.AccountName, q.Get("databaseName"), q.Get("schemaName"), q.Get("roleName"), q.Get("warehouse")} {
		if !validName(v) {
			writeFailure(rw, Errorf("390400", "08001", "Invalid login request: a name holds a control character or is longer than 255 characters."), "")
			return
		}
	}
	now := time.Now()
	keys := throttleKeys(req.Data.LoginName, r.RemoteAddr)
	if wait := w.throttle.blocked(now, keys); wait > 0 {
		w.log.Warn("login refused: too many failed attempts", "user", logName(req.Data.LoginName), "remote", r.RemoteAddr)
		writeFailure(rw, Errorf(CodeBadLogin, "08004", "Too many failed login attempts for this user or address; try again in %d seconds.", int(wait.Seconds())+1), "")
		return
	}
	user, err := w.authenticate(r.Context(), req)
	if err != nil {
		w.throttle.fail(now, keys)
		w.log.Info("login refused", "user", logName(req.Data.LoginName), "authenticator", logName(req.Data.Authenticator), "reason", err.Message)
		writeFailure(rw, err, "")
		return
	}
	w.mu.Lock()
	full := len(w.sessions) >= maxSessions
	w.mu.Unlock()
	if full {
		writeFailure(rw, Errorf("390100", "08001", "cannot open session: the local engine already holds %d sessions; close some (or wait for idle ones to expire).", maxSessions), "")
		return
	}
	// The session's roles: the requested one if granted, else the user's
	// default (access_users.go).
	role, allSecondary, secondary, err := w.e.loginRoles(r.Context(), user, identFromParam(q.Get("roleName")))
	if err != nil {
		writeFailure(rw, err, "")
		return
	}
	sess, serr := w.e.NewSession(r.Context(), user, identFromParam(q.Get("databaseName")), identFromParam(q.Get("schemaName")),
		role, identFromParam(q.Get("warehouse")))
	if serr == nil {
		if serr = sess.startLogin(r.Context(), allSecondary, secondary); serr != nil {
			sess.Close()
		}
	}
	if serr != nil {
		writeFailure(rw, Errorf("390100", "08001", "cannot open session: %v", serr), "")
		return
	}
	if err := sess.applyLoginParameters(req.Data.SessionParameters); err != nil {
		sess.Close()
		writeFailure(rw, err, "")
		return
	}
	if err := w.e.noteLogin(r.Context(), user, time.Now()); err != nil {
		sess.Close()
		writeFailure(rw, Errorf("390100", "08001", "cannot open session: record the login of %s: %v", user, err), "")
		return
	}
	w.mu.Lock()
	w.nextID++
	ws := &wireSession{id: w.nextID, token: newToken(), master: newToken(), s: sess,
		tokenExpires: now.Add(sessionTokenValidity), masterExpires: now.Add(masterTokenValidity)}
	w.sessions[ws.token] = ws
	w.masters[ws.master] = ws
	w.mu.Unlock()
	writeJSON(rw, map[string]any{
		"success": true, "code": nil, "message": nil,
		"data": map[string]any{
			"token": ws.token, "validityInSeconds": int(sessionTokenValidity.Seconds()), "masterToken": ws.master,
			"masterValidityInSeconds": int(masterTokenValidity.Seconds()), "displayUserName": user, "serverVersion": ServerVersion, "firstLogin": false,
			"healthCheckInterval": 45, "sessionId": ws.id,
			"parameters":  sess.parameters(),
			"sessionInfo": w.sessionInfo(sess),
		},
	})
}

// ServerVersion is what the local engine reports as its Snowflake version.
const ServerVersion = "flurry-local-1.0"

func (w *wire) sessionInfo(s *Session) map[string]any {
	return map[string]any{"databaseName": nullable(s.Database), "schemaName": nullable(s.Schema), "warehouseName": nullable(s.Warehouse), "roleName": s.Role}
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// identFromParam folds a connection parameter like Snowflake does: unquoted
// names are upper-cased, "quoted" ones kept exact.
func identFromParam(v string) string {
	if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
		return unquoteIdent(v)
	}
	return strings.ToUpper(v)
}

// authenticate checks a login and returns the user it authenticates: a
// user created by SQL (with its password), or the configured user.
func (w *wire) authenticate(ctx context.Context, req loginRequest) (string, *Error) {
	d := req.Data
	if (d.Authenticator == "" || strings.EqualFold(d.Authenticator, "SNOWFLAKE")) && d.LoginName != "" && !strings.EqualFold(d.LoginName, w.cfg.User) {
		if w.e.authenticateUser(ctx, d.LoginName, d.Password) {
			return strings.ToUpper(d.LoginName), nil
		}
		return "", Errorf(CodeBadLogin, "08004", "Incorrect username or password was specified.")
	}
	if err := w.authenticateConfigured(req); err != nil {
		return "", err
	}
	if err := w.e.EnsureAdmin(ctx, w.cfg.User); err != nil {
		return "", Errorf("390100", "08001", "cannot register user %s: %v", strings.ToUpper(w.cfg.User), err)
	}
	return strings.ToUpper(w.cfg.User), nil
}

// authenticateConfigured checks the credentials of the configured user.
func (w *wire) authenticateConfigured(req loginRequest) *Error {
	bad := Errorf(CodeBadLogin, "08004", "Incorrect username or password was specified.")
	d := req.Data
	if !validName(d.LoginName) {
		return bad
	}
	// A login name, when given, must be the credential's user (a token does
	// not let its holder log in as anyone else).
	if d.LoginName != "" && !strings.EqualFold(d.LoginName, w.cfg.User) {
		return bad
	}
	switch strings.ToUpper(d.Authenticator) {
	case "SNOWFLAKE_JWT":
		if w.cfg.RSAPublicKey == nil {
			return Errorf("390144", "08004", "JWT token is invalid: no public key is registered for user %s on this local engine.", strings.ToUpper(d.LoginName))
		}
		tok, err := jwt.Parse(d.Token, func(t *jwt.Token) (any, error) { return w.cfg.RSAPublicKey, nil },
			jwt.WithValidMethods([]string{"RS256"}), jwt.WithExpirationRequired(), jwt.WithLeeway(jwtLeeway)) // iat: checkJWTLifetime
		if err != nil || !tok.Valid {
			return Errorf("390144", "08004", "JWT token is invalid: %v", err)
		}
		if err := checkJWTLifetime(tok, time.Now()); err != nil {
			return Errorf("390144", "08004", "JWT token is invalid: %v", err)
		}
		sub, _ := tok.Claims.GetSubject()
		if !strings.EqualFold(strings.TrimPrefix(sub, strings.ToUpper(d.AccountName)+"."), w.cfg.User) {
			return Errorf("390144", "08004", "JWT token is invalid: subject %q does not match user %s.", sub, strings.ToUpper(w.cfg.User))
		}
		return nil
	case "OAUTH", "PROGRAMMATIC_ACCESS_TOKEN":
		if d.Token == "" || subtle.ConstantTimeCompare([]byte(d.Token), []byte(w.cfg.Password)) != 1 {
			return Errorf("390303", "08004", "Invalid OAuth access token.")
		}
		return nil
	}
	if d.Password == "" && d.Token != "" {
		d.Password = d.Token
	}
	if !strings.EqualFold(d.LoginName, w.cfg.User) || w.cfg.Password == "" ||
		subtle.ConstantTimeCompare([]byte(d.Password), []byte(w.cfg.Password)) != 1 {
		return bad
	}
	return nil
}

// sessionFor finds the session of a request's `Snowflake Token="..."` header.
func (w *wire) sessionFor(r *http.Request, master bool) *wireSession {
	h := r.Header.Get("Authorization")
	tok := strings.TrimSuffix(strings.TrimPrefix(h, `Snowflake Token="`), `"`)
	w.mu.Lock()
	defer w.mu.Unlock()
	now := time.Now()
	if master {
		if ws := w.masters[tok]; ws != nil && now.Before(ws.masterExpires) {
			return ws
		}
		return nil
	}
	if ws := w.sessions[tok]; ws != nil && now.Before(ws.tokenExpires) {
		// Activity keeps the session: only one idle for the master token's
		// whole validity is reaped (Snowflake's heartbeat does the same).
		ws.masterExpires = now.Add(masterTokenValidity)
		return ws
	}
	return nil
}

// sessionError is Snowflake's answer to a missing or expired session token:
// 390112 makes the drivers renew the session with their master token.
func (w *wire) sessionError(r *http.Request) *Error {
	tok := strings.TrimSuffix(strings.TrimPrefix(r.Header.Get("Authorization"), `Snowflake Token="`), `"`)
	w.mu.Lock()
	ws := w.sessions[tok]
	w.mu.Unlock()
	if ws != nil && time.Now().Before(ws.masterExpires) {
		return Errorf(CodeSessionGone, "08001", "Session token has expired. Please renew the session.")
	}
	return Errorf(CodeSessionGone, "08003", "Session no longer exists.  New login required to access the service.")
}

type bindValue struct {
	Type  string          `json:"type"`
	Value json.RawMessage `json:"value"`
	Fmt   string          `json:"fmt"`
}

type queryRequest struct {
	SQLText      string               `json:"sqlText"`
	AsyncExec    bool                 `json:"asyncExec"`
	DescribeOnly bool                 `json:"describeOnly"`
	Bindings     map[string]bindValue `json:"bindings"`
	Parameters   map[string]any       `json:"parameters"`
}

func (w *wire) query(rw http.ResponseWriter, r *http.Request) {
	queryID := newQueryID()
	ws := w.sessionFor(r, false)
	if ws == nil {
		writeFailure(rw, w.sessionError(r), queryID)
		return
	}
	var req queryRequest
	if err := readLimited(rw, r, &req, maxQueryBody); err != nil {
		if errors.Is(err, errTooLarge) {
			writeTooLarge(rw, "query request", maxQueryBody)
			return
		}
		writeFailure(rw, Errorf("000900", "42000", "Invalid query request: %v", err), queryID)
		return
	}
	if len(req.SQLText) > sqllex.MaxStatementBytes {
		writeTooLarge(rw, "query text", sqllex.MaxStatementBytes)
		return
	}
	// Before anything parses it: a NUL byte (DuckDB reads SQL as a C string
	// and would run only what precedes it) and nesting past the rewriter's bound.
	if le := sqllex.CheckLimits(req.SQLText); le != nil {
		writeFailure(rw, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error line %d at position %d: %s", le.Line, le.Col-1, le.Msg), queryID)
		return
	}
	w.serveQuery(rw, r, ws, &req, queryID) // wire_query.go
}

func (w *wire) resultData(ws *wireSession, res *Result, queryID string) map[string]any {
	rowtype := make([]map[string]any, len(res.Columns))
	for i, c := range res.Columns {
		byteLength := c.ByteLength
		if byteLength == 0 {
			byteLength = c.Length
		}
		rowtype[i] = map[string]any{"name": c.Name, "type": c.Type, "precision": c.Precision, "scale": c.Scale,
			"length": c.Length, "byteLength": byteLength, "nullable": c.Nullable, "database": "", "schema": "", "table": ""}
		vectorRowtype(c, rowtype[i]) // vector.go
	}
	rowset := res.Rows
	if rowset == nil {
		rowset = [][]*string{}
	}
	data := map[string]any{
		"parameters": ws.s.parameters(), "rowtype": rowtype, "rowset": rowset,
		"total": len(rowset), "returned": len(rowset), "queryId": queryID, "queryResultFormat": "json",
		"statementTypeId": res.StatementTypeID, "version": 1,
		"finalDatabaseName": nullable(ws.s.Database), "finalSchemaName": nullable(ws.s.Schema),
		"finalWarehouseName": nullable(ws.s.Warehouse), "finalRoleName": ws.s.Role,
	}
	for k, v := range res.Extra {
		data[k] = v
	}
	return data
}

// decodeBindings turns Snowflake's {"1": {"type": "TEXT", "value": ...}}
// bindings into rows of positional Go values (several rows for array binds).
func decodeBindings(b map[string]bindValue) ([][]any, error) {
	if len(b) == 0 {
		return nil, nil
	}
	n := len(b)
	var rows [][]any
	for i := 1; i <= n; i++ {
		bv, ok := b[strconv.Itoa(i)]
		if !ok {
			return nil, fmt.Errorf("bind variable :%d not set", i)
		}
		var values []*string
		var single *string
		if len(bv.Value) > 0 && bv.Value[0] == '[' {
			if err := json.Unmarshal(bv.Value, &values); err != nil {
				return nil, fmt.Errorf("bind :%d: %w", i, err)
			}
		} else {
			if err := json.Unmarshal(bv.Value, &single); err != nil {
				return nil, fmt.Errorf("bind :%d: %w", i, err)
			}
			values = []*string{single}
		}
		if rows == nil {
			rows = make([][]any, len(values))
			for j := range rows {
				rows[j] = make([]any, n)
			}
		}
		if len(values) != len(rows) {
			return nil, fmt.Errorf("bind :%d has %d values, expected %d", i, len(values), len(rows))
		}
		for j, v := range values {
			val, err := bindToGo(bv.Type, v)
			if err != nil {
				return nil, fmt.Errorf("bind :%d (%s): %w", i, bv.Type, err)
			}
			val = timeBind(bv.Type, val, i) // bind_wallclock.go
			rows[j][i-1] = val
		}
	}
	return rows, nil
}

func bindToGo(typ string, v *string) (any, error) {
	if v == nil {
		return nil, nil
	}
	s := *v
	switch strings.ToUpper(typ) {
	case "FIXED":
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n, nil
		}
		if f, ok := new(big.Float).SetString(s); ok {
			x, _ := f.Float64()
			return x, nil
		}
		return nil, fmt.Errorf("not a number: %q", s)
	case "REAL":
		return strconv.ParseFloat(s, 64)
	case "BOOLEAN":
		return strconv.ParseBool(s)
	case "DATE":
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, err
		}
		return time.UnixMilli(ms).UTC(), nil
	case "TIMESTAMP_NTZ", "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
		parts := strings.Fields(s)
		if len(parts) == 0 {
			return nil, fmt.Errorf("bad timestamp %q", s)
		}
		ns, ok := new(big.Int).SetString(parts[0], 10)
		if !ok {
			return nil, fmt.Errorf("bad timestamp %q", s)
		}
		if !ns.IsInt64() {
			return nil, fmt.Errorf("timestamp %q out of range", s)
		}
		sec := new(big.Int).Div(ns, big.NewInt(1e9))
		nsec := new(big.Int).Mod(ns, big.NewInt(1e9))
		t := time.Unix(sec.Int64(), nsec.Int64()).UTC()
		if strings.EqualFold(typ, "TIMESTAMP_TZ") && len(parts) > 1 {
			// "nanoseconds offset": the offset in minutes plus 1440.
			off, err := strconv.Atoi(parts[1])
			if err != nil || off < 0 || off > 2880 {
				return nil, fmt.Errorf("bad timestamp offset in %q", s)
			}
			return tzBindValue{t: t, offMin: off - 1440}, nil
		}
		return t, nil
	case "TIME":
		ns, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, err
		}
		return time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(ns)).Format("15:04:05.999999999"), nil
	case "BINARY":
		return hex.DecodeString(s)
	}
	return s, nil
}

type abortRequest struct {
	RequestID string `json:"requestId"`
}

// abort cancels a query of the caller's own session.
func (w *wire) abort(rw http.ResponseWriter, r *http.Request) {
	ws := w.sessionFor(r, false)
	if ws == nil {
		writeFailure(rw, w.sessionError(r), "")
		return
	}
	var req abortRequest
	if err := readLimited(rw, r, &req, maxLoginBody); err != nil {
		if errors.Is(err, errTooLarge) {
			writeTooLarge(rw, "abort request", maxLoginBody)
			return
		}
		writeFailure(rw, Errorf("000900", "42000", "Invalid abort request: %v", err), "")
		return
	}
	w.mu.Lock()
	q, ok := w.running[req.RequestID]
	w.mu.Unlock()
	if ok && q.session == ws.id {
		q.cancel()
	}
	writeJSON(rw, map[string]any{"success": true, "data": nil})
}

// renew issues new session and master tokens for a valid master token; the
// old ones stop working.
func (w *wire) renew(rw http.ResponseWriter, r *http.Request) {
	ws := w.sessionFor(r, true)
	if ws == nil {
		writeFailure(rw, Errorf("390114", "08001", "Authentication token has expired.  The user must authenticate again."), "")
		return
	}
	now := time.Now()
	w.mu.Lock()
	if w.masters[ws.master] != ws { // renewed concurrently
		w.mu.Unlock()
		writeFailure(rw, Errorf("390114", "08001", "Authentication token has expired.  The user must authenticate again."), "")
		return
	}
	delete(w.sessions, ws.token)
	delete(w.masters, ws.master)
	ws.token, ws.master = newToken(), newToken()
	ws.tokenExpires, ws.masterExpires = now.Add(sessionTokenValidity), now.Add(masterTokenValidity)
	w.sessions[ws.token] = ws
	w.masters[ws.master] = ws
	token, master := ws.token, ws.master
	w.mu.Unlock()
	writeJSON(rw, map[string]any{"success": true, "data": map[string]any{
		"sessionToken": token, "validityInSecondsST": int(sessionTokenValidity.Seconds()), "masterToken": master,
		"validityInSecondsMT": int(masterTokenValidity.Seconds()), "sessionId": ws.id}})
}

func (w *wire) heartbeat(rw http.ResponseWriter, r *http.Request) {
	if w.sessionFor(r, false) == nil {
		writeFailure(rw, w.sessionError(r), "")
		return
	}
	writeJSON(rw, map[string]any{"success": true, "data": nil})
}

func (w *wire) closeSession(rw http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("delete") != "true" {
		rw.WriteHeader(http.StatusNotFound)
		return
	}
	ws := w.sessionFor(r, false)
	if ws != nil {
		w.mu.Lock()
		delete(w.sessions, ws.token)
		delete(w.masters, ws.master)
		w.mu.Unlock()
		w.queries.dropSession(ws)
		ws.s.Close()
	}
	writeJSON(rw, map[string]any{"success": true, "data": nil})
}

func (w *wire) closeAll() {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case <-w.stopReap:
	default:
		close(w.stopReap)
	}
	for _, q := range w.running {
		q.cancel()
	}
	for tok, ws := range w.sessions {
		ws.s.Close()
		delete(w.sessions, tok)
	}
}
