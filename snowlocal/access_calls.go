package snowlocal

import (
	"context"
	"strings"
)

// userFunctionsAmong returns which of the qualified names (database,
// schema, name) are user functions in the engine catalog, looked up in one
// query: a statement calls many functions (SUM, COUNT, DATEADD, ...) and
// one catalog query each was a large part of a small query's cost. A failed
// look-up finds none, as a failed GetObject did.
func (e *Engine) userFunctionsAmong(ctx context.Context, names [][3]string) map[[3]string]bool {
	found := map[[3]string]bool{}
	if len(names) == 0 {
		return found
	}
	var (
		conds []string
		args  = []any{"FUNCTION"}
	)
	for _, n := range names {
		conds = append(conds, "(DATABASE_NAME=? AND SCHEMA_NAME=? AND NAME=?)")
		args = append(args, n[0], n[1], n[2])
	}
	objs, err := e.queryObjects(ctx, "KIND=? AND ("+strings.Join(conds, " OR ")+")", args...)
	if err != nil {
		return found
	}
	for _, o := range objs {
		found[[3]string{o.Database, o.Schema, o.Name}] = true
	}
	return found
}
