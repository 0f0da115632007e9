package snowlocal

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Session parameters (ALTER SESSION SET/UNSET, SHOW PARAMETERS). The store
// keeps the parameters a session changed; the others have their default.
// TIMEZONE also drives the session's DuckDB connection (SET TimeZone), so
// TIMESTAMP_LTZ values, casts between NTZ and LTZ and date parts of LTZ
// values follow the session zone as in Snowflake.

// paramDef is a session parameter the engine knows.
type paramDef struct {
	typ, desc string
	def       func(e *Engine) string
	// check validates (and may normalize) a value; nil accepts any.
	check func(v string) (string, error)
}

func constDefault(v string) func(*Engine) string { return func(*Engine) string { return v } }

var sessionParams = map[string]paramDef{
	"TIMEZONE": {typ: "STRING", desc: "time zone", def: func(e *Engine) string { return e.TimeZone() }, check: checkTimeZone},
	"TIMESTAMP_TYPE_MAPPING": {typ: "STRING", desc: "If TIMESTAMP type is used, what specific TIMESTAMP* type it should map to: TIMESTAMP_LTZ (default), TIMESTAMP_NTZ or TIMESTAMP_TZ",
		def: constDefault("TIMESTAMP_NTZ"), check: checkTypeMapping},
	"TIMESTAMP_OUTPUT_FORMAT":     {typ: "STRING", desc: "Default display format for all timestamp types.", def: constDefault("YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM")},
	"TIMESTAMP_NTZ_OUTPUT_FORMAT": {typ: "STRING", desc: "Display format for TIMESTAMP_NTZ values. If empty, TIMESTAMP_OUTPUT_FORMAT is used.", def: constDefault("")},
	"TIMESTAMP_LTZ_OUTPUT_FORMAT": {typ: "STRING", desc: "Display format for TIMESTAMP_LTZ values. If empty, TIMESTAMP_OUTPUT_FORMAT is used.", def: constDefault("")},
	"TIMESTAMP_TZ_OUTPUT_FORMAT":  {typ: "STRING", desc: "Display format for TIMESTAMP_TZ values. If empty, TIMESTAMP_OUTPUT_FORMAT is used.", def: constDefault("")},
	"DATE_OUTPUT_FORMAT":          {typ: "STRING", desc: "Display format for DATE values.", def: constDefault("YYYY-MM-DD")},
	"TIME_OUTPUT_FORMAT":          {typ: "STRING", desc: "Display format for TIME values.", def: constDefault("HH24:MI:SS")},
	"BINARY_OUTPUT_FORMAT":        {typ: "STRING", desc: "Display format for binary values. Can be set to HEX or BASE64.", def: constDefault("HEX"), check: checkBinaryOutput},
	"QUERY_TAG":                   {typ: "STRING", desc: "String (up to 4096 characters) that can be used to tag queries and other SQL statements executed within a session.", def: constDefault("")},
	"AUTOCOMMIT":                  {typ: "BOOLEAN", desc: "The autocommit property determines whether is statement should to be implicitly wrapped within a transaction or not.", def: constDefault("true")},
	"QUOTED_IDENTIFIERS_IGNORE_CASE": {typ: "BOOLEAN", desc: "If true, the case of quoted identifiers is ignored.", def: constDefault("false"),
		check: checkQuotedIdentifiersIgnoreCase}, // identcase.go
}

func checkTimeZone(v string) (string, error) {
	if _, err := time.LoadLocation(v); err != nil || v == "" || strings.EqualFold(v, "Local") {
		return "", fmt.Errorf("invalid value [%s] for parameter 'TIMEZONE'", v)
	}
	return v, nil
}

func checkTypeMapping(v string) (string, error) {
	switch u := strings.ToUpper(v); u {
	case "TIMESTAMP_NTZ":
		return u, nil
	case "TIMESTAMP_LTZ", "TIMESTAMP_TZ":
		// TIMESTAMP then means another type; the rewriter maps TIMESTAMP to
		// TIMESTAMP_NTZ only, so refuse rather than answer with NTZ values.
		return "", errUnsupportedParam
	}
	return "", fmt.Errorf("invalid value [%s] for parameter 'TIMESTAMP_TYPE_MAPPING'", v)
}

func checkBinaryOutput(v string) (string, error) {
	switch u := strings.ToUpper(v); u {
	case "HEX":
		return u, nil
	case "BASE64":
		// The wire sends BINARY as hex whatever the format; TO_VARCHAR of a
		// BINARY would have to follow it.
		return "", errUnsupportedParam
	}
	return "", fmt.Errorf("invalid value [%s] for parameter 'BINARY_OUTPUT_FORMAT'", v)
}

var errUnsupportedParam = fmt.Errorf("unsupported value")

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
	if _, err := checkTimeZone(tz); err != nil {
		return fmt.Errorf("time zone %q: %w", tz, err)
	}
	e.timeZone = tz
	return nil
}

// Parameter returns a session parameter's current value (upper-case name)
// and whether the engine knows the parameter. The wire reports TIMEZONE and
// friends to clients through it.
func (s *Session) Parameter(name string) (string, bool) {
	name = strings.ToUpper(name)
	def, ok := sessionParams[name]
	if !ok {
		return "", false
	}
	if v, set := s.sqlParams[name]; set {
		return v, true
	}
	return def.def(s.e), true
}

// ClientParameters are the parameters a client needs to render values
// (Snowflake's data.parameters, wire_params.go): gosnowflake reads TIMEZONE
// to show TIMESTAMP_LTZ values in the session's zone.
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

// initParams points a new session's connection at the default time zone.
func (s *Session) initParams(ctx context.Context) error {
	return s.applyTimeZone(ctx, s.e.TimeZone())
}

func (s *Session) applyTimeZone(ctx context.Context, tz string) error {
	if _, err := s.conn.ExecContext(ctx, "SET TimeZone = "+quoteString(tz)); err != nil {
		return fmt.Errorf("set session time zone %s: %w", tz, err)
	}
	return nil
}

// resetParams puts the connection back to UTC before it returns to the pool,
// where engine-internal statements run.
func (s *Session) resetParams() {
	s.conn.ExecContext(context.Background(), "SET TimeZone = 'UTC'")
	s.resetWeekParams() // params_week.go
}

// cmdAlterSession answers ALTER SESSION forms other than SET and UNSET,
// which have their own handlers (wire_params.go: the longer registered
// prefix wins) and reach the parameters through setParam.
func cmdAlterSession(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "SESSION")
	return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error %s", c.where())
}

func (s *Session) setParam(ctx context.Context, name, v string) error {
	def, ok := sessionParams[name]
	if !ok {
		// Parameters the engine does not model are accepted as before
		// (clients set many at login); they change nothing here.
		return nil
	}
	if def.check != nil {
		nv, err := def.check(v)
		if err == errUnsupportedParam {
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s = %s in the local engine.", name, v)
		}
		if err != nil {
			return Errorf("002037", "22023", "SQL compilation error:\n%v", err)
		}
		v = nv
	}
	if name == "TIMEZONE" {
		if err := s.applyTimeZone(ctx, v); err != nil {
			return err
		}
	}
	if s.sqlParams == nil {
		s.sqlParams = map[string]string{}
	}
	s.sqlParams[name] = v
	return nil
}

// showParameters lists the known parameters with their session values.
func (s *Session) showParameters(like string) *Result {
	t := newTable("key", "value", "default", "level", "description", "type")
	names := make([]string, 0, len(sessionParams))
	for n := range sessionParams {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if like != "" && !likeMatch(like, n) {
			continue
		}
		def := sessionParams[n]
		v, _ := s.Parameter(n)
		level := ""
		if _, set := s.sqlParams[n]; set {
			level = "SESSION"
		}
		t.add(n, v, def.def(s.e), level, def.desc, def.typ)
	}
	return t.result()
}
