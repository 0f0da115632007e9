package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// CHECK constraints live in DuckDB's catalog (rewrite/check_constraint.go
// renders them into CREATE TABLE; DuckDB enforces them and keeps them across
// restarts). The statements below would lose or misreport one, so they are
// refused for a table that has one:
//   - every ALTER TABLE of it: the docs' ADD/ALTER/RENAME/DROP CONSTRAINT
//     of a CHECK are not implemented, and several ALTERs rebuild the table
//     (which would drop the constraint silently);
//   - CREATE TABLE ... LIKE or CLONE of it: the docs copy constraints
//     (constraints-overview, "Table constraints"), the engine's copy would not;
//   - CREATE OR ALTER TABLE of it, and any CREATE OR ALTER TABLE naming a
//     CHECK ("CHECK constraints can't be specified in CREATE OR ALTER
//     TABLE commands": the error is not documented);
//   - COPY INTO and CREATE PIPE into it (docs: "the operation fails", with
//     an undocumented error): copy.go's targetColumns;
//   - GET_DDL of it, which would print no CHECK: get_ddl.go.
// A query naming INFORMATION_SCHEMA.TABLE_CONSTRAINTS or CHECK_CONSTRAINTS
// is refused while any table has a CHECK: DuckDB's own views would answer,
// in its layout and with its constraint names. DESCRIBE TABLE's check
// column stays NULL ("Reserved for future use").

// tableHasCheck reports whether db.schema.table (DuckDB names) has a CHECK
// constraint; orTemp: a one-part name, which may be a temporary table
// (DuckDB's database temp), found first.
func (s *Session) tableHasCheck(ctx context.Context, db, schema, table string, orTemp bool) bool {
	var n int
	err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_constraints()
		WHERE constraint_type = 'CHECK' AND table_name = ?
		AND ((lower(database_name) = lower(?) AND lower(schema_name) = lower(?)) OR (? AND database_name = 'temp'))`,
		table, db, schema, orTemp).Scan(&n)
	return err == nil && n > 0
}

// anyCheck reports whether any user table has a CHECK constraint (a NOT
// NULL is one of DuckDB's CHECKs in its INFORMATION_SCHEMA, not in
// duckdb_constraints).
func (s *Session) anyCheck(ctx context.Context) bool {
	var n int
	err := s.conn.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'CHECK'`).Scan(&n)
	return err == nil && n > 0
}

// namedHasCheck resolves n and reports whether that table has a CHECK
// constraint; false when n names nothing (the statement then fails as it
// would without one).
func (s *Session) namedHasCheck(ctx context.Context, n objectName) bool {
	db, schema, name, err := s.Resolve(n)
	if err != nil {
		return false
	}
	return s.tableHasCheck(ctx, db, schema, s.caseDuckName(ctx, db, schema, name), len(n.parts) == 1)
}

// refuseCheckTable refuses the statements above for a table with a CHECK
// constraint, before anything runs.
func (s *Session) refuseCheckTable(ctx context.Context, text string) error {
	c, err := newCursor(text)
	if err != nil {
		return nil
	}
	refused := func(what string) error {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s' in the local engine.", what)
	}
	for _, t := range c.toks {
		if t.Kind == sqllex.Word && (strings.EqualFold(t.Text, "TABLE_CONSTRAINTS") || strings.EqualFold(t.Text, "CHECK_CONSTRAINTS")) && s.anyCheck(ctx) {
			// DuckDB's own views would answer, in its layout and names.
			return refused("INFORMATION_SCHEMA." + strings.ToUpper(t.Text) + " while a table has a CHECK constraint")
		}
	}
	switch {
	case c.word(0) == "ALTER" && c.word(1) == "TABLE":
		c.pos += 2
		c.accept("IF", "EXISTS")
		if n, err := c.objectName(); err == nil && s.namedHasCheck(ctx, n) {
			return refused("ALTER TABLE of a table with a CHECK constraint (" + n.String() + ")")
		}
		if c.accept("SWAP", "WITH") {
			if n, err := c.objectName(); err == nil && s.namedHasCheck(ctx, n) {
				return refused("ALTER TABLE of a table with a CHECK constraint (" + n.String() + ")")
			}
		}
	case c.word(0) == "CREATE":
		coa := isCreateOrAlterTable(c)
		for c.pos < len(c.toks) && c.word(0) != "TABLE" {
			if c.word(0) == "" || c.word(0) == "AS" {
				return nil
			}
			c.pos++
		}
		if c.word(0) != "TABLE" {
			return nil
		}
		c.pos++
		c.accept("IF", "NOT", "EXISTS")
		target, err := c.objectName()
		if err != nil {
			return nil
		}
		if coa {
			if s.namedHasCheck(ctx, target) || mentionsCheck(c.toks[c.pos:]) {
				return refused("CREATE OR ALTER TABLE with a CHECK constraint")
			}
			return nil
		}
		if w := c.word(0); w == "LIKE" || w == "CLONE" {
			c.pos++
			if src, err := c.objectName(); err == nil && s.namedHasCheck(ctx, src) {
				return refused("CREATE TABLE ... " + w + " of a table with a CHECK constraint (" + src.String() + ")")
			}
		}
	}
	return nil
}

// mentionsCheck reports a CHECK word among toks.
func mentionsCheck(toks []sqllex.Token) bool {
	for _, t := range toks {
		if t.Kind == sqllex.Word && strings.EqualFold(t.Text, "CHECK") {
			return true
		}
	}
	return false
}
