package snowlocal

import (
	"context"
	"regexp"
	"strings"
)

// getDDL answers GET_DDL(objectType, name) (rewrite/funcs_get_ddl.go) for
// what the docs show of a table: the parameters reference's example
// (https://docs.snowflake.com/en/sql-reference/parameters,
// ENABLE_GET_DDL_USE_DATA_TYPE_ALIAS) prints
//
//	create or replace TABLE TEST_GET_DDL_ALIASES (
//		X VARCHAR(1),
//		Y NUMBER(38,0),
//		Z TIMESTAMP_NTZ(9)
//	);
//
// one column a line, each indented (a tab: the docs' pages render it as
// four, two or one space), and X CHAR, Y BIGINT, Z DATETIME with the
// parameter TRUE ("Show the data type aliases specified in the original DDL
// statement"); GET_DDL's hybrid table example adds NOT NULL after a column's
// type (https://docs.snowflake.com/en/sql-reference/functions/get_ddl).
// Everything else is refused (002040): other object types; a view (the
// page's example prints `CREATE OR REPLACE VIEW … as …` between blank
// lines, its usage notes lowercase `create or replace view` and a generated
// column list); a table with a comment, transient, or with a column that
// has a default, identity, key, comment or a name that needs quotes; a type
// other than the NUMBER(p,s), VARCHAR(n) and TIMESTAMP_NTZ(9) the examples
// show (a TIMESTAMP_NTZ only where declared without a precision, the one
// the engine keeps); and, with the parameter TRUE, a column whose declared
// type name the engine does not keep or is the standard name itself.
func (s *Session) getDDL(objectType, nameText string) (string, error) {
	ctx := context.Background()
	switch strings.ToUpper(strings.TrimSpace(objectType)) {
	case "TABLE", "VIEW": // "TABLE and VIEW are interchangeable" (docs: get_ddl)
	default:
		return "", getDDLRefused("of object type " + strings.ToUpper(objectType))
	}
	c, err := newCursor(nameText)
	if err != nil {
		return "", err
	}
	n, err := c.objectName()
	if err != nil || !c.done() {
		return "", getDDLRefused("of a name that is not a table name")
	}
	db, schema, sfName, err := s.Resolve(n)
	if err != nil {
		return "", err
	}
	name := s.caseDuckName(ctx, db, schema, sfName) // identcase_distinct.go
	if s.tableHasCheck(ctx, db, schema, name, len(n.parts) == 1) {
		// Its DDL would lack the CHECK (check_constraint.go).
		return "", getDDLRefused("of a table with a CHECK constraint")
	}
	kind, comment, err := s.e.relationComment(ctx, db, schema, name)
	if err != nil {
		return "", err
	}
	switch {
	case kind == "":
		return "", Errorf(CodeNotExist, "42S02", "SQL compilation error:\nTable '%s' does not exist or not authorized.", n)
	case kind == "VIEW":
		return "", getDDLRefused("of a view")
	case comment != "":
		return "", getDDLRefused("of a table with a comment")
	case s.e.transientTables(ctx)[db+"."+schema+"."+name]:
		return "", getDDLRefused("of a transient table")
	case !isPlainUpperIdent(sfName):
		return "", getDDLRefused("of a table whose name needs quotes")
	}
	cols, err := s.e.columns(ctx, db, schema, name)
	if err != nil {
		return "", err
	}
	if err := refusedIntervalColumn(cols, "GET_DDL"); err != nil {
		return "", err
	}
	aliases := false
	if v, _ := s.Parameter("ENABLE_GET_DDL_USE_DATA_TYPE_ALIAS"); strings.EqualFold(v, "true") {
		aliases = true
	}
	var b strings.Builder
	b.WriteString("create or replace TABLE " + sfName + " (\n")
	for i, col := range cols {
		switch {
		case !isPlainUpperIdent(col.name):
			return "", getDDLRefused("of a table with a column whose name needs quotes")
		case col.meta.Collation != "":
			return "", getDDLRefused("of a table with a column with a collation")
		case col.dflt != "" || col.identity != "":
			return "", getDDLRefused("of a table with a column DEFAULT or identity")
		case col.meta.PrimaryKey || col.meta.Unique:
			return "", getDDLRefused("of a table with a key")
		case col.meta.HasComment:
			return "", getDDLRefused("of a table with a column comment")
		}
		typ, ok := ddlColumnType(col, aliases)
		if !ok {
			return "", getDDLRefused("of a table with a " + col.sfType + " column")
		}
		b.WriteString("\t" + col.name + " " + typ)
		if !col.nullable {
			b.WriteString(" NOT NULL")
		}
		if i < len(cols)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString(");")
	return b.String(), nil
}

// ddlDocumentedType matches the standard type names GET_DDL's examples
// print for a column.
var ddlDocumentedType = regexp.MustCompile(`^(NUMBER\([0-9]+,[0-9]+\)|VARCHAR\([0-9]+\)|TIMESTAMP_NTZ\(9\))$`)

// ddlColumnType is a column's type as GET_DDL prints it: the declared alias
// (aliases) or the standard name; ok is false where the docs do not settle
// it.
func ddlColumnType(col columnInfo, aliases bool) (string, bool) {
	if aliases {
		alias := col.meta.Alias
		base, _, _ := strings.Cut(col.sfType, "(")
		if alias == "" || alias == base || alias == columnTypeFacts(col.sfType).dataType {
			return "", false
		}
		return alias, true
	}
	if !ddlDocumentedType.MatchString(col.sfType) {
		return "", false
	}
	if strings.HasPrefix(col.sfType, "TIMESTAMP_NTZ") && col.meta.Alias == "" {
		return "", false // declared with a precision, which the engine does not keep
	}
	return col.sfType, true
}

func getDDLRefused(what string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'GET_DDL %s' in the local engine.", what)
}

// relationComment is TABLE or VIEW for the relation db.schema.name ("" when
// there is none) and its comment (the engine's own marks left out).
func (e *Engine) relationComment(ctx context.Context, db, schema, name string) (kind, comment string, err error) {
	rows, err := e.catalogDB.QueryContext(ctx, `
		SELECT 'TABLE', coalesce(comment, '') FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?
		UNION ALL
		SELECT 'VIEW', coalesce(comment, '') FROM duckdb_views() WHERE database_name = ? AND schema_name = ? AND view_name = ?`,
		db, schema, name, db, schema, name)
	if err != nil {
		return "", "", duckError(err)
	}
	defer rows.Close()
	if rows.Next() {
		if err := rows.Scan(&kind, &comment); err != nil {
			return "", "", err
		}
	}
	if strings.HasPrefix(comment, "flurry:") {
		comment = ""
	}
	return kind, comment, rows.Err()
}
