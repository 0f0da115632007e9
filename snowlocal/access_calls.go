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
	// Statements call the same few functions over and over: the answer for
	// the whole list is kept until the catalog changes (catalog_memo.go).
	var key strings.Builder
	key.WriteString("userFunctions")
	for _, n := range names {
		key.WriteString("\x00" + n[0] + "." + n[1] + "." + n[2])
	}
	cached, _ := e.memo(key.String(), func() any {
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
			return nil
		}
		out := map[[3]string]bool{}
		for _, o := range objs {
			out[[3]string{o.Database, o.Schema, o.Name}] = true
		}
		return out
	}).(map[[3]string]bool)
	for k, v := range cached {
		found[k] = v
	}
	return found
}
