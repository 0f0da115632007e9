package snowlocal

import (
	"context"
	"regexp"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sfunc"
)

// The Go-implemented Snowflake functions (package sfunc) the rewriter calls.
func init() { extensions = append(extensions, installSemFuncs) }

func installSemFuncs(ctx context.Context, e *Engine) error {
	conn, err := e.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return sfunc.Register(conn)
}

// goFuncError matches an error a Go scalar function (package sfunc) raised:
// "NNNNNN (SSSSS): message" carries Snowflake's code and SQLSTATE, and
// "Unsupported feature ..." is the engine's 002040.
var goFuncError = regexp.MustCompile(`(?s)API error: (?:(\d{6}) \(([0-9A-Z]{5})\): )?(.*)$`)

func goFunctionError(msg string) error {
	if i := strings.Index(msg, "Unsupported feature '"); i >= 0 {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\n%s", msg[i:])
	}
	m := goFuncError.FindStringSubmatch(msg)
	if m == nil {
		return nil
	}
	switch {
	case m[1] != "":
		return Errorf(m[1], m[2], "%s", m[3])
	case strings.HasPrefix(m[3], "Unsupported feature"):
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\n%s", m[3])
	}
	return nil
}
