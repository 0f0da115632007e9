package snowlocal

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Session parameters: one table (paramTable, params_table.go) says for each
// parameter Snowflake lets a session set its type, documented default,
// which values are valid, whether query responses echo it to the drivers
// (data.parameters) and which values the engine can honour. ALTER SESSION
// SET/UNSET, the SESSION_PARAMETERS of a login, SHOW PARAMETERS and the
// wire's parameter list all read that table and one per-session store.
//
// A name the table does not hold is refused as Snowflake refuses it (001006
// invalid parameter); a value outside a parameter's documented domain is an
// invalid value; a valid value the engine would not compute with (WEEK_START
// = 1, TIMESTAMP_TYPE_MAPPING = TIMESTAMP_LTZ, ...) is refused as an
// unsupported feature rather than accepted and ignored.

// paramKind is a parameter's type as SHOW PARAMETERS reports it.
type paramKind int

const (
	paramString paramKind = iota
	paramBool
	paramNumber
)

func (k paramKind) String() string {
	switch k {
	case paramBool:
		return "BOOLEAN"
	case paramNumber:
		return "NUMBER"
	}
	return "STRING"
}

// paramSpec is one session parameter.
type paramSpec struct {
	kind paramKind
	// def is the documented default as SHOW PARAMETERS prints it (TIMEZONE's
	// is the engine's configured zone instead, Engine.TimeZone).
	def  string
	desc string
	// wire: query responses carry the parameter in data.parameters, where
	// drivers read it (output formats, JS_TREAT_INTEGER_AS_BIGINT, ...).
	wire bool
	// hidden parameters are echoed to drivers but not documented, so SHOW
	// PARAMETERS leaves them out.
	hidden bool
	// values lists a constant-valued string parameter's allowed values
	// (compared case-insensitively, stored as listed).
	values []string
	// min and max bound a number parameter (max < min: no upper bound).
	min, max int
	// honoured reports whether the engine computes as Snowflake does with a
	// valid value; nil means every valid value.
	honoured func(v string) bool
	// check validates a string value beyond its type (TIMEZONE).
	check func(v string) error
	// apply makes a new value take effect on the session's connection.
	apply func(ctx context.Context, s *Session, v string) error
}

// onlyDefault marks a parameter the engine computes with at its default
// value only.
func onlyDefault(def string) func(string) bool {
	return func(v string) bool { return strings.EqualFold(v, def) }
}

// normalize validates a value given as text (ALTER SESSION) or JSON (login)
// and returns its canonical text; ok is false for a value outside the
// parameter's domain.
func (p paramSpec) normalize(raw any) (string, bool) {
	switch p.kind {
	case paramBool:
		switch x := raw.(type) {
		case bool:
			return strconv.FormatBool(x), true
		case string:
			switch strings.ToUpper(strings.TrimSpace(x)) {
			case "TRUE":
				return "true", true
			case "FALSE":
				return "false", true
			}
		}
		return "", false
	case paramNumber:
		n, err := paramInt(raw)
		if err != nil || n < p.min || (p.max >= p.min && n > p.max) {
			return "", false
		}
		if p.check != nil && p.check(strconv.Itoa(n)) != nil {
			return "", false
		}
		return strconv.Itoa(n), true
	}
	var v string
	switch x := raw.(type) {
	case string:
		v = x
	case nil:
		return "", false
	default:
		v = fmt.Sprint(x)
	}
	if p.values != nil {
		for _, allowed := range p.values {
			if strings.EqualFold(v, allowed) {
				return allowed, true
			}
		}
		return "", false
	}
	if p.check != nil && p.check(v) != nil {
		return "", false
	}
	return v, true
}

// wireValue is a value as data.parameters carries it: JSON booleans and
// numbers for BOOLEAN and NUMBER parameters.
func (p paramSpec) wireValue(v string) any {
	switch p.kind {
	case paramBool:
		return v == "true"
	case paramNumber:
		n, _ := strconv.Atoi(v)
		return n
	}
	return v
}

func paramInt(raw any) (int, error) {
	switch x := raw.(type) {
	case float64:
		if x != float64(int(x)) {
			return 0, strconv.ErrSyntax
		}
		return int(x), nil
	case int:
		return x, nil
	case string:
		return strconv.Atoi(strings.TrimSpace(x))
	}
	return 0, strconv.ErrSyntax
}

// paramStore holds the parameters a session set (canonical text values);
// the others have their default.
type paramStore struct {
	mu     sync.Mutex
	values map[string]string
}

func (ps *paramStore) get(name string) (string, bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	v, ok := ps.values[name]
	return v, ok
}

func (ps *paramStore) set(name, v string) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.values == nil {
		ps.values = map[string]string{}
	}
	ps.values[name] = v
}

// snapshot is a copy of the values set.
func (ps *paramStore) snapshot() map[string]string {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	out := make(map[string]string, len(ps.values))
	for k, v := range ps.values {
		out[k] = v
	}
	return out
}

func (ps *paramStore) unset(name string) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	delete(ps.values, name)
}

// defaultValue is a parameter's default in this engine.
func (s *Session) defaultValue(name string, p paramSpec) string {
	if name == "TIMEZONE" {
		return s.e.TimeZone()
	}
	return p.def
}

// Parameter returns a session parameter's current value and whether the
// parameter exists.
func (s *Session) Parameter(name string) (string, bool) {
	name = strings.ToUpper(name)
	p, ok := paramTable[name]
	if !ok {
		return "", false
	}
	if v, set := s.params.get(name); set {
		return v, true
	}
	return s.defaultValue(name, p), true
}

// setParameter validates and records one session parameter; raw is the
// value's text (ALTER SESSION) or JSON value (login).
func (s *Session) setParameter(ctx context.Context, name string, raw any) error {
	upper, v, err := checkParameter(name, raw)
	if err != nil {
		return err
	}
	return s.storeParameter(ctx, upper, v)
}

// checkParameter validates a parameter's name and value and returns the
// upper-case name and the value's canonical text.
func checkParameter(name string, raw any) (string, string, error) {
	upper := strings.ToUpper(name)
	p, ok := paramTable[upper]
	if !ok {
		return "", "", Errorf("001006", "22023", "SQL compilation error:\ninvalid parameter '%s'", name)
	}
	v, ok := p.normalize(raw)
	if !ok {
		return "", "", Errorf("002036", "22023", "SQL compilation error:\ninvalid value [%v] for parameter '%s'", raw, upper)
	}
	if p.honoured != nil && !p.honoured(v) {
		return "", "", Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s = %s in the local engine.", upper, v)
	}
	return upper, v, nil
}

// storeParameter records a checked value and makes it take effect.
func (s *Session) storeParameter(ctx context.Context, upper, v string) error {
	if apply := paramTable[upper].apply; apply != nil {
		if err := apply(ctx, s, v); err != nil {
			return err
		}
	}
	s.params.set(upper, v)
	return nil
}

// unsetParameter restores a parameter's default.
func (s *Session) unsetParameter(ctx context.Context, name string) error {
	upper := strings.ToUpper(name)
	p, ok := paramTable[upper]
	if !ok {
		return Errorf("001006", "22023", "SQL compilation error:\ninvalid parameter '%s'", name)
	}
	if p.apply != nil {
		if err := p.apply(ctx, s, s.defaultValue(upper, p)); err != nil {
			return err
		}
	}
	s.params.unset(upper)
	return nil
}

// parameters is the session's data.parameters list, sorted by name.
func (s *Session) parameters() []map[string]any {
	names := make([]string, 0, len(paramTable))
	for name, p := range paramTable {
		if p.wire {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	out := make([]map[string]any, len(names))
	for i, name := range names {
		v, _ := s.Parameter(name)
		out[i] = map[string]any{"name": name, "value": paramTable[name].wireValue(v)}
	}
	return out
}

// ClientParameters are the parameters a client needs to render values
// (Snowflake's data.parameters): gosnowflake reads TIMEZONE to show
// TIMESTAMP_LTZ values in the session's zone.
func (s *Session) ClientParameters() []map[string]any { return s.parameters() }

// withParameters adds the client parameters to a result (data.parameters).
func (s *Session) withParameters(res *Result, err error) (*Result, error) {
	if res != nil && err == nil {
		if res.Extra == nil {
			res.Extra = map[string]any{}
		}
		if _, ok := res.Extra["parameters"]; !ok {
			res.Extra["parameters"] = s.ClientParameters()
		}
	}
	return res, err
}

// multiStatementCountParam is kept per session but not echoed in
// data.parameters (Snowflake does not either): ALTER SESSION SET
// MULTI_STATEMENT_COUNT = 0 lets later requests hold several statements.
const multiStatementCountParam = "MULTI_STATEMENT_COUNT"

// multiStatementCount is the session's MULTI_STATEMENT_COUNT (default 1).
func (s *Session) multiStatementCount() int {
	v, _ := s.Parameter(multiStatementCountParam)
	n, err := strconv.Atoi(v)
	if err != nil {
		return 1
	}
	return n
}

// applyLoginParameters applies the SESSION_PARAMETERS of a login request.
// Names Snowflake does not know are skipped, not refused: drivers send
// their own settings at login and an account answers the login regardless.
// Known parameters are validated as ALTER SESSION SET validates them.
func (s *Session) applyLoginParameters(params map[string]any) *Error {
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, known := paramTable[strings.ToUpper(name)]; !known {
			continue
		}
		if err := s.setParameter(context.Background(), name, params[name]); err != nil {
			if se, ok := err.(*Error); ok {
				return se
			}
			return Errorf("390100", "08001", "session parameter %s: %v", name, err)
		}
	}
	return nil
}

func checkTimeZone(v string) error {
	if _, err := time.LoadLocation(v); err != nil || v == "" || strings.EqualFold(v, "Local") {
		return fmt.Errorf("invalid value [%s] for parameter 'TIMEZONE'", v)
	}
	return nil
}

// TimeZone is the engine's default TIMEZONE (Config.TimeZone; UTC unless set).
func (e *Engine) TimeZone() string {
	if e.timeZone == "" {
		return "UTC"
	}
	return e.timeZone
}

// SetTimeZone sets the default TIMEZONE of new sessions (Snowflake's account
// default is America/Los_Angeles; flurry's is UTC).
func (e *Engine) SetTimeZone(tz string) error {
	if tz == "" {
		tz = "UTC"
	}
	if err := checkTimeZone(tz); err != nil {
		return fmt.Errorf("time zone %q: %w", tz, err)
	}
	e.timeZone = tz
	return nil
}

// initParams points a new session's connection at the default time zone:
// TIMESTAMP_LTZ values, casts between NTZ and LTZ and date parts of LTZ
// values follow the session zone as in Snowflake.
func (s *Session) initParams(ctx context.Context) error {
	return s.applyTimeZone(ctx, s.e.TimeZone())
}

func (s *Session) applyTimeZone(ctx context.Context, tz string) error {
	if _, err := s.conn.ExecContext(ctx, "SET TimeZone = "+quoteString(tz)); err != nil {
		return fmt.Errorf("set session time zone %s: %w", tz, err)
	}
	return s.applyWallClockChecks(ctx, tz) // params_wallclock.go
}

// resetParams puts the connection back to UTC (and its plain wall-clock
// macros: params_wallclock.go) before it returns to the pool, where
// engine-internal statements run.
func (s *Session) resetParams() {
	s.conn.ExecContext(context.Background(), "SET TimeZone = 'UTC'")
	s.applyWallClockChecks(context.Background(), "UTC")
	s.resetWeekParams()    // params_week.go
	s.resetDay24()         // params_day24.go
	s.resetOutputFormats() // params_outfmt.go
	s.resetNullOrdering()  // params_nullorder.go
}

// cmdAlterSession answers ALTER SESSION forms other than SET and UNSET,
// which have their own handlers (wire_params.go: the longer registered
// prefix wins).
func cmdAlterSession(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "SESSION")
	return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s", c.where())
}

// showParameters is SHOW PARAMETERS [LIKE '<pattern>'] [{IN | FOR} SESSION]:
// the session parameters with their values, defaults and the level a value
// was set at. The other scopes (ACCOUNT, USER, objects) list parameters the
// engine does not keep and are refused.
func (s *Session) showParameters(c *cursor) (*Result, error) {
	like := ""
	if c.accept("LIKE") {
		like, _ = c.stringLit()
	}
	if c.accept("IN") || c.accept("FOR") {
		if !c.accept("SESSION") {
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'SHOW PARAMETERS IN %s' in the local engine: only session parameters are kept.", c.word(0))
		}
	}
	if !c.done() {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s", c.where())
	}
	t := newTable("key", "value", "default", "level", "description", "type")
	names := make([]string, 0, len(paramTable))
	for n, p := range paramTable {
		if !p.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		if like != "" && !likeMatch(like, n) {
			continue
		}
		p := paramTable[n]
		if !describedAsSnowflake[n] {
			// The description column is part of the answer: a text no
			// source pins would be a different one.
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'SHOW PARAMETERS listing %s, whose description as Snowflake prints it is not documented (list the others with LIKE)' in the local engine.", n)
		}
		v, _ := s.Parameter(n)
		level := ""
		if _, set := s.params.get(n); set {
			level = "SESSION"
		}
		t.add(n, v, s.defaultValue(n, p), level, p.desc, p.kind.String())
	}
	return t.result(), nil
}
