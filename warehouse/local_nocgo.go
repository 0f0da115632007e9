//go:build !cgo

package warehouse

import (
	"context"

	sf "github.com/snowflakedb/gosnowflake"
)

// HasLocalEngine reports whether this build links the local engine (it
// needs cgo: DuckDB is C++).
const HasLocalEngine = false

func openLocalTarget(context.Context, string, func(*sf.Config)) (*DB, error) {
	return nil, ErrNoLocalEngine
}

// OpenLocal fails in a build without the local engine.
func OpenLocal(context.Context, string) (*DB, error) { return nil, ErrNoLocalEngine }

// OpenLocalStages fails in a build without the local engine.
func OpenLocalStages(context.Context, string, map[string]string) (*DB, error) {
	return nil, ErrNoLocalEngine
}
