package snowlocal

import (
	"context"
)

// CREATE OR ALTER SCHEMA (docs: CREATE SCHEMA, "CREATE OR ALTER SCHEMA
// examples"; https://docs.snowflake.com/en/sql-reference/sql/create-or-alter):
// an absent schema is created as CREATE SCHEMA creates it, with the same
// properties (WITH MANAGED ACCESS and DEFAULT_DDL_COLLATION = '' are kept,
// the rest refused: commands.go). Altering an existing schema into the
// definition (unsetting what it leaves out) is refused: neither what it
// answers nor whether it makes the schema current is documented.

// isCreateOrAlterSchema reports CREATE OR ALTER [TRANSIENT] SCHEMA.
func isCreateOrAlterSchema(c *cursor) bool {
	return c.word(0) == "CREATE" && c.word(1) == "OR" && c.word(2) == "ALTER" &&
		(c.word(3) == "SCHEMA" || c.word(3) == "TRANSIENT" && c.word(4) == "SCHEMA")
}

func (s *Session) createOrAlterSchema(ctx context.Context, text string) (*Result, error) {
	c, err := newCursor(text)
	if err != nil {
		return nil, err
	}
	c.pos = 3
	c.accept("TRANSIENT")
	c.accept("SCHEMA")
	if c.word(0) == "IF" {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CREATE OR ALTER SCHEMA IF NOT EXISTS': the local engine does not implement it.")
	}
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	db := s.Database
	if len(n.parts) == 2 {
		db = n.parts[0]
	}
	if exists, err := s.e.schemaExists(ctx, db, n.last()); err != nil {
		return nil, err
	} else if exists {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CREATE OR ALTER SCHEMA of an existing schema': the local engine does not implement it.")
	}
	// The statement without OR ALTER: CREATE SCHEMA's checks, privileges
	// and bookkeeping.
	or, alter := c.toks[1], c.toks[2]
	return s.execStatement(ctx, text[:or.Pos]+text[alter.Pos+len(alter.Text):], nil)
}
