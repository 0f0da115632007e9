package snowlocal

import (
	"context"
	"strings"
)

// Managed access schemas (CREATE SCHEMA ... WITH MANAGED ACCESS; docs:
// https://docs.snowflake.com/en/sql-reference/sql/create-schema, "Create a
// managed access schema", whose SHOW SCHEMAS prints options MANAGED ACCESS;
// INFORMATION_SCHEMA.SCHEMATA's IS_MANAGED_ACCESS). "In managed access
// schemas, object owners lose the ability to make grant decisions. Only the
// schema owner or a role with the MANAGE GRANTS privilege can grant
// privileges on objects in the schema" (docs: CREATE SCHEMA, WITH MANAGED
// ACCESS): a grant that rule forbids is refused (the docs give no error
// text), as is a future grant by the schema owner without MANAGE GRANTS,
// which the rule allows and the engine's future grants do not model. The
// flag is kept in the schema's TABLE_TIMES row (table_times.go), made anew
// by CREATE OR REPLACE SCHEMA and gone with DROP SCHEMA.

// noteManagedAccess records the managed access schema the statement made
// (s.managedSchema, set by cmdCreateSchema), after noteTableChange made its
// row. A flag that could not be recorded fails the statement's answer.
func (s *Session) noteManagedAccess(ctx context.Context) error {
	if s.managedSchema == "" {
		return nil
	}
	db, schema, _ := strings.Cut(s.managedSchema, ".")
	res, err := s.e.catalogDB.ExecContext(ctx, `UPDATE `+s.e.tableTimes()+` SET MANAGED_ACCESS = TRUE
		WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ''`, db, schema)
	if err == nil {
		if n, _ := res.RowsAffected(); n != 1 {
			err = Errorf("100000", "XX000", "the managed access of schema %s.%s was not recorded", db, schema)
		}
	}
	return err
}

// managedSchemas is the set of managed access schemas (database.schema).
func (e *Engine) managedSchemas(ctx context.Context) map[string]bool {
	out := map[string]bool{}
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT DATABASE_NAME, SCHEMA_NAME FROM `+e.tableTimes()+` WHERE MANAGED_ACCESS AND NAME = ''`)
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var db, schema string
		if rows.Scan(&db, &schema) == nil {
			out[db+"."+schema] = true
		}
	}
	return out
}

// refuseManagedGrant refuses a grant on an object (database.schema.name) of
// a managed access schema by a role that neither owns the schema nor holds
// MANAGE GRANTS.
func (s *Session) refuseManagedGrant(ctx context.Context, z authz, full string) error {
	parts := strings.Split(full, ".")
	if len(parts) != 3 || !s.e.managedSchemas(ctx)[parts[0]+"."+parts[1]] || z.owns("SCHEMA", parts[0]+"."+parts[1]) {
		return nil
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'GRANT or REVOKE on %s, an object of a managed access schema, by a role that does not own the schema': the local engine does not implement it.", full)
}
