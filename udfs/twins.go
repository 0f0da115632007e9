package udfs

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/udfs/pyudtf"
)

// TwinFunc runs a table function over one partition of input rows (each row
// holds one call's arguments) and returns the output rows tagged with the input
// row that produced them, exactly as pyudtf.UDTF.Run does for the Python body.
// A Go twin fails where the Python body would, with a *pyudtf.Error.
type TwinFunc func(ctx context.Context, rows [][]any) ([]pyudtf.OutputRow, error)

type twin struct {
	source  string // file in Files holding the body the twin mirrors
	columns int
	run     TwinFunc
}

var twins = map[string]twin{
	"parse_s3_access_logs": {source: "parse_s3_access_logs.py", columns: 24, run: parseS3AccessLogs},
}

// twinKey resolves a function name the way Snowflake would match it against
// ours: case-insensitively, ignoring a database/schema qualifier and quotes.
func twinKey(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return strings.ToLower(strings.Trim(name, `"`))
}

// Twin returns the Go twin of the named table function.
func Twin(name string) (TwinFunc, bool) {
	t, ok := twins[twinKey(name)]
	return t.run, ok
}

// TwinFor returns the Go twin of the named function only if body is the source
// the twin implements (ignoring trailing spaces and surrounding blank lines), so
// an edited body is never silently replaced by stale Go code.
func TwinFor(name, body string) (TwinFunc, error) {
	t, ok := twins[twinKey(name)]
	if !ok {
		return nil, fmt.Errorf("udfs: function %s has no Go twin", name)
	}
	src, err := Source(t.source)
	if err != nil {
		return nil, err
	}
	if normalizeBody(body) != normalizeBody(src) {
		return nil, fmt.Errorf("udfs: the body of function %s differs from udfs/%s, which its Go twin implements", name, t.source)
	}
	return t.run, nil
}

func normalizeBody(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

// Resolve picks how to run a Python UDTF locally: the body itself with python3
// when the interpreter is available (exact semantics), else the Go twin when
// one implements exactly this body and these columns.
func Resolve(ctx context.Context, u pyudtf.UDTF) (TwinFunc, error) {
	var pyErr error
	if u.Python == "" {
		if !pyudtf.Available() {
			pyErr = pyudtf.Check(ctx, "")
		}
	} else {
		pyErr = pyudtf.Check(ctx, u.Python)
	}
	if pyErr == nil {
		return u.Run, nil
	}
	run, err := TwinFor(u.Name, u.Body)
	if err == nil {
		if n := twins[twinKey(u.Name)].columns; n != len(u.Columns) {
			err = fmt.Errorf("udfs: function %s declares %d output columns, its Go twin returns %d", u.Name, len(u.Columns), n)
		}
	}
	if err != nil {
		return nil, errors.Join(pyErr, err)
	}
	return run, nil
}
