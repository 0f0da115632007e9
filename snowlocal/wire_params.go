package snowlocal

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Session parameters as Snowflake's query responses carry them in
// data.parameters: the drivers render dates, times, timestamps and binary
// values with the *_OUTPUT_FORMAT ones (the Node.js driver), read integers as
// BigInt with JS_TREAT_INTEGER_AS_BIGINT, and tune themselves with CLIENT_*.
// Values set at login (SESSION_PARAMETERS) or with ALTER SESSION SET are
// reported back, as Snowflake does; ALTER SESSION UNSET restores the default.

// paramDefault is one parameter with Snowflake's default and how a value
// set by a client is read.
type paramDefault struct {
	value any
	kind  string // "string", "bool" or "int"
}

// sessionParamDefaults are Snowflake's documented defaults, except TIMEZONE:
// the engine's default zone (Config.TimeZone, UTC unless set; Snowflake
// accounts start with America/Los_Angeles).
// CLIENT_STAGE_ARRAY_BINDING_THRESHOLD is left out on purpose: drivers that
// see it upload large array binds to a temporary stage, which the engine
// does not offer; without it they send the binds inline.
var sessionParamDefaults = map[string]paramDefault{
	"TIMEZONE":                                      {"UTC", "string"},
	"TIMESTAMP_OUTPUT_FORMAT":                       {"YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM", "string"},
	"TIMESTAMP_NTZ_OUTPUT_FORMAT":                   {"YYYY-MM-DD HH24:MI:SS.FF3", "string"},
	"TIMESTAMP_LTZ_OUTPUT_FORMAT":                   {"", "string"},
	"TIMESTAMP_TZ_OUTPUT_FORMAT":                    {"", "string"},
	"DATE_OUTPUT_FORMAT":                            {"YYYY-MM-DD", "string"},
	"TIME_OUTPUT_FORMAT":                            {"HH24:MI:SS", "string"},
	"BINARY_OUTPUT_FORMAT":                          {"HEX", "string"},
	"JS_TREAT_INTEGER_AS_BIGINT":                    {false, "bool"},
	"AUTOCOMMIT":                                    {true, "bool"},
	"QUERY_CONTEXT_CACHE_SIZE":                      {5, "int"},
	"CLIENT_PREFETCH_THREADS":                       {4, "int"},
	"CLIENT_RESULT_CHUNK_SIZE":                      {160, "int"},
	"CLIENT_MEMORY_LIMIT":                           {1536, "int"},
	"CLIENT_SESSION_KEEP_ALIVE":                     {false, "bool"},
	"CLIENT_SESSION_KEEP_ALIVE_HEARTBEAT_FREQUENCY": {3600, "int"},
	"CLIENT_TIMESTAMP_TYPE_MAPPING":                 {"TIMESTAMP_LTZ", "string"},
	"CLIENT_RESULT_COLUMN_CASE_INSENSITIVE":         {false, "bool"},
	"CLIENT_METADATA_REQUEST_USE_CONNECTION_CTX":    {false, "bool"},
	"CLIENT_METADATA_USE_SESSION_DATABASE":          {false, "bool"},
	"CLIENT_HONOR_CLIENT_TZ_FOR_TIMESTAMP_NTZ":      {true, "bool"},
	"CLIENT_USE_V1_QUERY_CONTEXT_CACHE":             {false, "bool"},
	"CLIENT_TELEMETRY_ENABLED":                      {false, "bool"},
}

// multiStatementCountParam is not echoed in data.parameters (Snowflake does
// not either) but is kept per session: ALTER SESSION SET
// MULTI_STATEMENT_COUNT = 0 lets later requests hold several statements.
const multiStatementCountParam = "MULTI_STATEMENT_COUNT"

// wireParams are the parameters a session changed from the defaults.
type wireParams struct {
	mu     sync.Mutex
	values map[string]any
}

func init() { extensions = append(extensions, installSessionParameters) }

func installSessionParameters(ctx context.Context, e *Engine) error {
	e.Register("ALTER SESSION SET", cmdAlterSessionSet)
	e.Register("ALTER SESSION UNSET", cmdAlterSessionUnset)
	return nil
}

// parameters is the session's data.parameters list, sorted by name.
func (s *Session) parameters() []map[string]any {
	s.params.mu.Lock()
	defer s.params.mu.Unlock()
	names := make([]string, 0, len(sessionParamDefaults))
	for name := range sessionParamDefaults {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]map[string]any, len(names))
	for i, name := range names {
		v, ok := s.params.values[name]
		if !ok {
			v = sessionParamDefaults[name].value
			if name == "TIMEZONE" {
				v = s.e.TimeZone() // Config.TimeZone (params.go)
			}
		}
		out[i] = map[string]any{"name": name, "value": v}
	}
	return out
}

// multiStatementCount is the session's MULTI_STATEMENT_COUNT (default 1).
func (s *Session) multiStatementCount() int {
	s.params.mu.Lock()
	defer s.params.mu.Unlock()
	if v, ok := s.params.values[multiStatementCountParam].(int); ok {
		return v
	}
	return 1
}

// setParameter validates and records one session parameter. Names the engine
// does not know are accepted and ignored, as ALTER SESSION always was.
func (s *Session) setParameter(name string, raw any) error {
	name = strings.ToUpper(name)
	if name == "QUOTED_IDENTIFIERS_IGNORE_CASE" { // checked, not echoed (identcase.go)
		return s.setParam(context.Background(), name, fmt.Sprint(raw))
	}
	if ok, err := s.setWeekParam(name, raw); ok { // params_week.go
		return err
	}
	if ok, err := s.setModeledParam(name, raw); ok { // params_week.go
		return err
	}
	var v any
	switch {
	case name == multiStatementCountParam:
		n, err := paramInt(raw)
		if err != nil || n < 0 {
			return Errorf("002036", "22023", "SQL compilation error:\ninvalid value [%v] for parameter '%s'", raw, name)
		}
		v = n
	case sessionParamDefaults[name].kind == "":
		return nil
	default:
		var err error
		if v, err = paramValue(sessionParamDefaults[name].kind, raw); err != nil {
			return Errorf("002036", "22023", "SQL compilation error:\ninvalid value [%v] for parameter '%s'", raw, name)
		}
	}
	if _, modeled := sessionParams[name]; modeled {
		// TIMEZONE and friends change how the engine computes (params.go):
		// validated and applied there, reported from here.
		if err := s.setParam(context.Background(), name, fmt.Sprint(v)); err != nil {
			return err
		}
		if pv, ok := s.Parameter(name); ok && sessionParamDefaults[name].kind == "string" {
			v = pv
		}
	}
	s.params.mu.Lock()
	defer s.params.mu.Unlock()
	if s.params.values == nil {
		s.params.values = map[string]any{}
	}
	s.params.values[name] = v
	return nil
}

func (s *Session) unsetParameter(name string) {
	name = strings.ToUpper(name)
	s.unsetWeekParam(name) // params_week.go
	if _, modeled := sessionParams[name]; modeled {
		delete(s.sqlParams, name)
		if name == "TIMEZONE" {
			s.applyTimeZone(context.Background(), s.e.TimeZone())
		}
	}
	s.params.mu.Lock()
	defer s.params.mu.Unlock()
	delete(s.params.values, name)
}

func paramValue(kind string, raw any) (any, error) {
	switch kind {
	case "bool":
		switch x := raw.(type) {
		case bool:
			return x, nil
		case string:
			return strconv.ParseBool(strings.ToLower(x))
		}
		return nil, strconv.ErrSyntax
	case "int":
		return paramInt(raw)
	}
	switch x := raw.(type) {
	case string:
		return x, nil
	case nil:
		return nil, strconv.ErrSyntax
	}
	return fmt.Sprint(raw), nil
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
		return strconv.Atoi(x)
	}
	return 0, strconv.ErrSyntax
}

// applyLoginParameters applies the SESSION_PARAMETERS of a login request.
func (s *Session) applyLoginParameters(params map[string]any) *Error {
	for name, v := range params {
		if err := s.setParameter(name, v); err != nil {
			if se, ok := err.(*Error); ok {
				return se
			}
			return Errorf("390100", "08001", "session parameter %s: %v", name, err)
		}
	}
	return nil
}

// cmdAlterSessionSet: ALTER SESSION SET name = value [name = value ...].
func cmdAlterSessionSet(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos += 3
	for !c.done() {
		t, _ := c.peek(0)
		name := strings.ToUpper(t.Text)
		c.pos++
		if !c.acceptOp("=") {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: ALTER SESSION SET expects name = value, %s", c.where())
		}
		if err := s.setParameter(name, c.value()); err != nil {
			return nil, err
		}
		c.acceptOp(",")
	}
	return statusResult("Statement executed successfully."), nil
}

// cmdAlterSessionUnset: ALTER SESSION UNSET name [, name ...].
func cmdAlterSessionUnset(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos += 3
	for !c.done() {
		t, _ := c.peek(0)
		c.pos++
		if t.Text != "," {
			s.unsetParameter(t.Text)
		}
	}
	return statusResult("Statement executed successfully."), nil
}
