package snowlocal

import (
	"context"
)

// Snowflake lists a session's temporary tables in SHOW TABLES and SHOW
// OBJECTS (kind TEMPORARY: docs, show-tables) and in
// INFORMATION_SCHEMA.TABLES and COLUMNS, and its temporary views in SHOW
// VIEWS and INFORMATION_SCHEMA.VIEWS. The engine keeps them in DuckDB's
// per-connection temp catalog, without the schema they were made in, and
// those listings leave them out: a listing that could hold one is refused
// rather than answered without it.

// temporaryListingRefusal refuses a SHOW listing of kind (TABLES, VIEWS,
// OBJECTS) when the session has a temporary table or view whose name the
// listing's filter matches.
func (s *Session) temporaryListingRefusal(ctx context.Context, kind string, sc showScope) error {
	for _, name := range s.temporaryNames(ctx) {
		if sc.match(name) {
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'SHOW %s in a session with the temporary table or view %s': the local engine does not list temporary objects (Snowflake lists them with kind TEMPORARY).",
				kind, snowflakeIdent(name))
		}
	}
	return nil
}

// temporaryViewRefusal refuses reading INFORMATION_SCHEMA view (TABLES,
// COLUMNS, VIEWS) in a session that has a temporary table or view, which
// the view would list.
func (s *Session) temporaryViewRefusal(view string) error {
	switch view {
	case "TABLES", "COLUMNS", "VIEWS":
	default:
		return nil
	}
	temps := s.temporaryNames(context.Background())
	if len(temps) == 0 {
		return nil
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'INFORMATION_SCHEMA.%s in a session with the temporary table or view %s': the local engine does not list temporary objects (Snowflake does).",
		view, snowflakeIdent(temps[0]))
}

// informationSchemaListingRefusal refuses SHOW SCHEMAS when its listing
// would hold a database's INFORMATION_SCHEMA, which Snowflake lists (docs:
// show-schemas, owner empty, comment "Views describing the contents of
// schemas in this database") and the engine leaves out: no source gives
// that row's created_on (the docs' examples print a time of the day they
// ran) or its owner_role_type (the docs print both ROLE and empty). A
// LIKE or STARTS WITH that rules it out answers.
func (s *Session) informationSchemaListingRefusal(ctx context.Context, sc showScope) error {
	if !sc.match("INFORMATION_SCHEMA") {
		return nil
	}
	var n int
	if err := s.e.catalogDB.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_databases()
		WHERE database_name NOT IN `+internalCatalogs+` AND (?='' OR database_name=?)`, sc.database, sc.database).Scan(&n); err != nil || n == 0 {
		return nil
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'SHOW SCHEMAS listing INFORMATION_SCHEMA': the local engine does not list it (Snowflake does, with a created_on and owner_role_type no source gives); add LIKE or STARTS WITH to leave it out.")
}
