package snowlocal

import (
	"context"
)

// ALTER TABLE <name> SWAP WITH <target_table_name> "swap renames two tables
// in a single transaction" (docs: ALTER TABLE, SWAP WITH): each table keeps
// its columns, rows, comment, times and grants under the other's name. The
// rewriter renames the two in DuckDB (rewrite/ddl.go); authorizeSwap checks
// the target before anything is renamed and moves the grants after,
// noteTableChange the times (table_times.go).

// swapTarget reads SWAP WITH's target (c after the first table's name) and
// checks it the way the rename needs: an existing permanent table of the
// same schema, owned by the session's role. Swapping with a temporary
// table "is not allowed" (the page), with no error text given: refused.
func (s *Session) authorizeSwap(ctx context.Context, z authz, t *target, c *cursor) (func(context.Context) error, error) {
	c.pos += 2 // SWAP WITH
	n, err := c.objectName()
	if err != nil {
		return nil, nil // the rewriter reports the syntax error
	}
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return nil, err
	}
	other := &target{on: "TABLE", db: db, schema: schema, name: name, full: db + "." + schema + "." + name}
	if s.isTemporaryTable(ctx, t.name) || s.isTemporaryTable(ctx, name) {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER TABLE ... SWAP WITH a temporary table': the local engine does not implement it.")
	}
	kind, ok := s.e.grantKind(ctx, db, schema, name)
	if !ok || kind == "STREAM" {
		return nil, notExistError("TABLE", n.String())
	}
	if kind != "TABLE" || t.on != "TABLE" {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER TABLE ... SWAP WITH of a view': the local engine does not implement it.")
	}
	if db != t.db || schema != t.schema {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER TABLE ... SWAP WITH a table of another schema': the local engine does not implement it.")
	}
	if s.e.mayBeTracked(ctx, t.db, t.schema, t.name) || s.e.mayBeTracked(ctx, db, schema, name) {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER TABLE ... SWAP WITH a table with change tracking': the local engine does not implement it.")
	}
	if !z.has("OWNERSHIP", "TABLE", other.full) {
		return nil, hiddenOrInsufficient(z, "TABLE", other.full, notExistError("TABLE", other.name))
	}
	return func(ctx context.Context) error { return s.e.swapGrants(ctx, t.full, other.full) }, nil
}

// isTemporaryTable reports whether a temporary table of the session (which
// DuckDB keeps apart from the databases, shadowing a table of its name) has
// this name.
func (s *Session) isTemporaryTable(ctx context.Context, name string) bool {
	var n int
	err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?`, name).Scan(&n)
	return err == nil && n > 0
}

// swapGrants exchanges the grants on two tables, ownership included.
func (e *Engine) swapGrants(ctx context.Context, a, b string) error {
	var moved []grant
	for _, g := range e.allGrants() {
		if g.system || (g.On != "TABLE" || g.Name != a && g.Name != b) {
			continue
		}
		m := g
		if g.Name == a {
			m.Name = b
		} else {
			m.Name = a
		}
		moved = append(moved, m)
	}
	if err := e.removeGrants(ctx, func(g grant) bool { return g.On == "TABLE" && (g.Name == a || g.Name == b) }); err != nil {
		return err
	}
	return e.addGrants(ctx, moved...)
}

// swappedWith finds ALTER TABLE ... SWAP WITH <name>.
func swappedWith(text string) (objectName, bool) {
	c, err := newCursor(text)
	if err != nil {
		return objectName{}, false
	}
	for !c.done() {
		if c.accept("SWAP", "WITH") {
			n, err := c.objectName()
			return n, err == nil
		}
		c.pos++
	}
	return objectName{}, false
}
