package snowlocal

import (
	"context"
	"fmt"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
)

// The *_OUTPUT_FORMAT parameters shape two things: how drivers render result
// values (they read the parameters from the response, wire_params.go) and
// how the engine converts a date or time value to text (TO_VARCHAR without
// a format, ::VARCHAR, a value stored into a text column; docs: TO_CHAR).
// The session keeps the latter as variables of its DuckDB connection, which
// the rewriter's macros read (rewrite/outfmt.go); a connection going back
// to the pool forgets them (resetParams).

// outputFormatParams are the parameters whose change re-derives the
// variables.
var outputFormatParams = []string{"DATE_OUTPUT_FORMAT", "TIME_OUTPUT_FORMAT", "TIMESTAMP_OUTPUT_FORMAT",
	"TIMESTAMP_NTZ_OUTPUT_FORMAT", "TIMESTAMP_LTZ_OUTPUT_FORMAT", "TIMESTAMP_TZ_OUTPUT_FORMAT"}

// applyOutputFormat is the apply hook of the output-format parameters: it
// sets the connection's variables from the session's formats with name
// taking value v.
func applyOutputFormat(name string) func(context.Context, *Session, string) error {
	return func(ctx context.Context, s *Session, v string) error {
		get := func(n string) string {
			if n == name {
				return v
			}
			val, _ := s.Parameter(n)
			return val
		}
		ts := get("TIMESTAMP_OUTPUT_FORMAT")
		orTS := func(n string) string {
			if f := get(n); f != "" {
				return f
			}
			return ts
		}
		s.outFmtVars = true
		vars := rewrite.OutputFormatVars(get("DATE_OUTPUT_FORMAT"), get("TIME_OUTPUT_FORMAT"),
			orTS("TIMESTAMP_NTZ_OUTPUT_FORMAT"), orTS("TIMESTAMP_LTZ_OUTPUT_FORMAT"), orTS("TIMESTAMP_TZ_OUTPUT_FORMAT"))
		for variable, value := range vars {
			stmt := "RESET VARIABLE " + variable
			if value != "" {
				stmt = fmt.Sprintf("SET VARIABLE %s = %s", variable, quoteString(value))
			}
			if _, err := s.conn.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("set %s: %w", name, err)
			}
		}
		return nil
	}
}

// resetOutputFormats forgets the output-format variables before the
// connection returns to the pool.
func (s *Session) resetOutputFormats() {
	if !s.outFmtVars {
		return // most sessions never set one: no statements on every close
	}
	s.outFmtVars = false
	for variable := range rewrite.OutputFormatVars("", "", "", "", "") {
		s.conn.ExecContext(context.Background(), "RESET VARIABLE "+variable)
	}
}

func init() {
	for _, name := range outputFormatParams {
		p := paramTable[name]
		p.apply = applyOutputFormat(name)
		paramTable[name] = p
	}
}
