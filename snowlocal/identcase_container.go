package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// Snowflake keeps databases and schemas whose names differ only in case
// apart ("s" and S are two schemas: a quoted name is case-sensitive,
// https://docs.snowflake.com/en/sql-reference/identifiers-syntax), and a
// temporary table "t" does not hide a permanent T. DuckDB resolves catalog,
// schema and table names case-insensitively, so "s".t would find S.t, and a
// one-part T the temporary "t". The engine cannot hold two databases or
// schemas of one name in different cases; it checks the names a statement
// gives them against the catalog's (caseContainers) before anything runs:
//   - a database or schema part of a relation's name naming one that exists
//     only in another case fails as Snowflake fails for one that does not
//     exist (errDatabaseHidden, errSchemaHidden); in a DROP ... IF EXISTS,
//     a function, stage or sequence name, or a column's qualifier it is
//     refused (002040);
//   - CREATE DATABASE or SCHEMA of a name differing only in case from an
//     existing one's is refused;
//   - a one-part relation name differing only in case from a temporary
//     table or view of the session is refused.
// Names written as the catalog holds them pass with map look-ups only.

// containerNames are the databases and schemas as the catalog holds them.
type containerNames struct {
	// dbs maps lower(name) to the name of each database.
	dbs map[string]string
	// schemas maps database NUL lower(schema) to the schema's name.
	schemas map[string]string
}

// containerNames lists them for the current catalog generation; nil when
// the catalog could not be read.
func (e *Engine) containerNames(ctx context.Context) *containerNames {
	v, _ := e.memo("containerNames", func() any {
		// DuckDB's own schemas of each database are no Snowflake schemas.
		rows, err := e.catalogDB.QueryContext(ctx, `SELECT database_name, schema_name FROM duckdb_schemas()
			WHERE NOT internal AND database_name NOT IN `+internalCatalogs+`
			AND schema_name NOT IN ('main', 'information_schema', 'pg_catalog')
			UNION ALL SELECT database_name, NULL FROM duckdb_databases()
			WHERE NOT internal AND database_name NOT IN `+internalCatalogs)
		if err != nil {
			return (*containerNames)(nil)
		}
		defer rows.Close()
		n := &containerNames{dbs: map[string]string{}, schemas: map[string]string{}}
		for rows.Next() {
			var db string
			var schema *string
			if rows.Scan(&db, &schema) != nil {
				return (*containerNames)(nil)
			}
			n.dbs[strings.ToLower(db)] = db
			if schema != nil {
				n.schemas[db+"\x00"+strings.ToLower(*schema)] = *schema
			}
		}
		if rows.Err() != nil {
			return (*containerNames)(nil)
		}
		return n
	}).(*containerNames)
	return v
}

// otherCaseDatabase is the database whose name differs from db only in
// case, when no database is named db exactly.
func (n *containerNames) otherCaseDatabase(db string) (string, bool) {
	d, ok := n.dbs[strings.ToLower(db)]
	return d, ok && d != db
}

// otherCaseSchema is the schema of database db (as held) whose name
// differs from schema only in case, when none is named schema exactly.
func (n *containerNames) otherCaseSchema(db, schema string) (string, bool) {
	s, ok := n.schemas[db+"\x00"+strings.ToLower(schema)]
	return s, ok && s != schema
}

// snowflakeIdent is an identifier as Snowflake prints it in a message:
// double-quoted unless it is a plain upper-case one (as in Snowflake's
// "Semantic View 'DB.PUBLIC."M025 ..."' does not exist or not authorized.").
func snowflakeIdent(name string) string {
	if isPlainUpperIdent(name) {
		return name
	}
	return quoteIdent(name)
}

func containerCaseRefusal(what string) error {
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: %s in the local engine, which resolves names case-insensitively.", what)
}

// containerObjectKinds are the object kinds (after CREATE, DROP...) whose
// qualified names caseContainers refuses when a part differs in case.
var containerObjectKinds = map[string]bool{"SEQUENCE": true, "STAGE": true, "FUNCTION": true, "PROCEDURE": true,
	"TASK": true, "PIPE": true, "FORMAT": true}

// caseContainers checks the database and schema names of a statement,
// and its one-part relation names against the session's temporary tables.
func (s *Session) caseContainers(ctx context.Context, words []string, text string) error {
	if len(words) > 0 && words[0] == "CREATE" && createsTemporaryObject(text) {
		s.madeTemporary = true
	}
	creatingContainer := len(words) >= 2 && words[0] == "CREATE" && (words[1] == "SCHEMA" || words[1] == "DATABASE")
	temps := s.temporaryNames(ctx)
	if !strings.Contains(text, ".") && !creatingContainer && len(temps) == 0 {
		return nil
	}
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return nil // the statement's own syntax error comes later
	}
	var sig []sqllex.Token
	for _, t := range toks {
		if t.Significant() {
			sig = append(sig, t)
		}
	}
	names := s.e.containerNames(ctx)
	if names == nil {
		return nil
	}
	if creatingContainer {
		if err := s.createdContainerCase(sig, words, names); err != nil {
			return err
		}
	}
	ifExists := len(words) > 0 && words[0] == "DROP" && strings.Contains(strings.ToUpper(text), "EXISTS")
	ctes := cteNames(sig)
	for i := 0; i < len(sig); i++ {
		if i+3 < len(sig) && sig[i].IsWord("IDENTIFIER") && sig[i+1].IsOp("(") && sig[i+2].Kind == sqllex.String && sig[i+3].IsOp(")") {
			if err := s.identifierCase(sig, i, words, names, temps, ctes, ifExists); err != nil {
				return err
			}
			i += 3
			continue
		}
		if !isIdentToken(sig[i]) || i > 0 && (sig[i-1].IsOp(".") || sig[i-1].IsOp(":")) {
			continue
		}
		c, _ := chainAt(sig, i)
		i = c.last()
		if inPath(sig, c.first()) {
			continue // a key of a semi-structured path
		}
		parts := s.chainNames(sig, c)
		first := c.first()
		prev := sqllex.Token{}
		if first > 0 {
			prev = sig[first-1]
		}
		relation := caseRelationPosition(sig, first, words) && !caseTableFunction(sig, c)
		switch {
		case relation:
			if len(parts) == 1 {
				if err := s.temporaryCase(sig, c, words, parts[0], temps, ctes); err != nil {
					return err
				}
				continue
			}
			refusal := ""
			if ifExists {
				refusal = "DROP ... IF EXISTS"
			}
			if err := s.containerPartsCase(parts[:len(parts)-1], names, refusal); err != nil {
				return err
			}
		case prev.Kind == sqllex.Word && (prev.IsWord("SCHEMA") || prev.IsWord("DATABASE")):
			// USE, DROP, SHOW ... IN: the commands look their names up
			// exactly; CREATE: createdContainerCase.
		case prev.IsOp("@") || prev.Kind == sqllex.Word && containerObjectKinds[strings.ToUpper(prev.Text)] ||
			c.last()+1 < len(sig) && sig[c.last()+1].IsOp("("):
			if len(parts) > 1 {
				if err := s.containerPartsCase(parts[:len(parts)-1], names, "the name of a function, stage, sequence or other object"); err != nil {
					return err
				}
			}
		case len(parts) >= 3:
			// A column's qualifier: schema.table.column, db.schema.table.column,
			// or a sequence's schema.sequence.NEXTVAL.
			if err := s.containerPartsCase(parts[:len(parts)-2], names, "a qualified column name"); err != nil {
				return err
			}
		}
	}
	return nil
}

// identifierCase checks IDENTIFIER('name') at sig[i] (session variables
// are literals by now) as the name it holds: a relation's, or refused
// when it names a database or schema in another case elsewhere.
func (s *Session) identifierCase(sig []sqllex.Token, i int, words []string, names *containerNames, temps []string, ctes map[string]bool, ifExists bool) error {
	toks, err := sqllex.Tokenize(unquoteString(sig[i+2].Text))
	if err != nil {
		return nil
	}
	var parts []string
	for _, t := range toks {
		switch {
		case !t.Significant() || t.IsOp("."):
		case isIdentToken(t):
			parts = append(parts, identName(t))
		default:
			return nil
		}
	}
	if len(parts) == 0 || len(parts) > 3 {
		return nil
	}
	if !caseRelationPosition(sig, i, words) {
		if len(parts) > 1 {
			return s.containerPartsCase(parts[:len(parts)-1], names, "IDENTIFIER()")
		}
		return nil
	}
	if len(parts) == 1 {
		if ctes[parts[0]] {
			return nil
		}
		return temporaryNameCase(parts[0], temps)
	}
	refusal := ""
	if ifExists {
		refusal = "DROP ... IF EXISTS"
	}
	return s.containerPartsCase(parts[:len(parts)-1], names, refusal)
}

// containerPartsCase checks the database and schema parts of a name (the
// parts before the object's own): one naming a database or schema that
// exists only in another case fails as one naming none, or is refused
// naming what (the construct) when what is set.
func (s *Session) containerPartsCase(parts []string, names *containerNames, what string) error {
	db, schema := s.Database, ""
	switch len(parts) {
	case 1:
		schema = parts[0]
	case 2:
		db, schema = parts[0], parts[1]
		if other, ok := names.otherCaseDatabase(db); ok {
			if what != "" {
				return containerCaseRefusal(what + " naming a database " + snowflakeIdent(db) + " whose name differs only in case from database " + snowflakeIdent(other))
			}
			return errDatabaseHidden(db)
		}
	default:
		return nil
	}
	if db == "" {
		return nil
	}
	if other, ok := names.otherCaseSchema(db, schema); ok {
		if what != "" {
			return containerCaseRefusal(what + " naming a schema " + snowflakeIdent(schema) + " whose name differs only in case from schema " + snowflakeIdent(other))
		}
		return errSchemaHidden(db, schema)
	}
	return nil
}

// createdContainerCase refuses CREATE DATABASE or SCHEMA of a name that
// differs only in case from an existing one's: Snowflake makes a second
// one, which the engine cannot hold.
func (s *Session) createdContainerCase(sig []sqllex.Token, words []string, names *containerNames) error {
	c, ok := createdNameChain(sig, words) // identcase_distinct.go
	if !ok {
		return nil
	}
	parts := s.chainNames(sig, c)
	if words[1] == "DATABASE" {
		if len(parts) != 1 {
			return nil
		}
		if other, ok := names.otherCaseDatabase(parts[0]); ok {
			return containerCaseRefusal("a database " + snowflakeIdent(parts[0]) + " whose name differs only in case from database " + snowflakeIdent(other))
		}
		return nil
	}
	db := s.Database
	switch len(parts) {
	case 1:
	case 2:
		db = parts[0]
		if _, ok := names.otherCaseDatabase(db); ok {
			return errDatabaseHidden(db)
		}
	default:
		return nil
	}
	schema := parts[len(parts)-1]
	if other, ok := names.otherCaseSchema(db, schema); ok {
		return containerCaseRefusal("a schema " + snowflakeIdent(schema) + " whose name differs only in case from schema " + snowflakeIdent(other))
	}
	return nil
}

// temporaryNames are the names of the session's temporary tables and
// views, for the current catalog generation.
func (s *Session) temporaryNames(ctx context.Context) []string {
	if !s.madeTemporary {
		return nil
	}
	if v, ok := s.sessionMemo("temporaryNames"); ok {
		return v.([]string)
	}
	rows, err := s.conn.QueryContext(ctx, `SELECT table_name FROM duckdb_tables() WHERE database_name = 'temp'
		UNION ALL SELECT view_name FROM duckdb_views() WHERE database_name = 'temp' AND NOT internal`)
	if err != nil {
		return nil
	}
	defer rows.Close()
	names := []string{}
	for rows.Next() {
		var n string
		if rows.Scan(&n) != nil {
			return nil
		}
		names = append(names, n)
	}
	if rows.Err() != nil {
		return nil
	}
	s.keepSessionMemo("temporaryNames", names)
	return names
}

// temporaryCase refuses a one-part relation name that differs only in case
// from a temporary table's or view's: DuckDB would read the temporary one,
// Snowflake the object named exactly. The name a CREATE TABLE or VIEW
// creates, and the name of a common table expression, are left alone.
func (s *Session) temporaryCase(sig []sqllex.Token, c identChain, words []string, name string, temps []string, ctes map[string]bool) error {
	if len(temps) == 0 || ctes[name] {
		return nil
	}
	if len(words) >= 2 && words[0] == "CREATE" && (words[1] == "TABLE" || words[1] == "VIEW") {
		if created, ok := createdNameChain(sig, words); ok && created.first() == c.first() {
			return nil
		}
	}
	return temporaryNameCase(name, temps)
}

// temporaryNameCase refuses name when it differs only in case from one of
// the temporary objects temps.
func temporaryNameCase(name string, temps []string) error {
	for _, t := range temps {
		if t != name && strings.EqualFold(t, name) {
			return containerCaseRefusal("a table name " + snowflakeIdent(name) + " that differs only in case from the temporary table " + snowflakeIdent(t))
		}
	}
	return nil
}

// cteNames are the names the statement's WITH clauses define.
func cteNames(sig []sqllex.Token) map[string]bool {
	names := map[string]bool{}
	for k := 1; k < len(sig); k++ {
		if !isIdentToken(sig[k]) || !(sig[k-1].IsWord("WITH") || sig[k-1].IsWord("RECURSIVE") || sig[k-1].IsOp(",")) {
			continue
		}
		j := k + 1
		if j < len(sig) && sig[j].IsOp("(") {
			for j < len(sig) && !sig[j].IsOp(")") {
				j++
			}
			j++
		}
		if j+1 < len(sig) && sig[j].IsWord("AS") && sig[j+1].IsOp("(") {
			names[identName(sig[k])] = true
		}
	}
	return names
}

// showScopeCase fails SHOW ... IN DATABASE|SCHEMA naming a database or
// schema that exists only in another case, as for one that does not exist
// (the lookups would list the other one's objects, or none).
func (s *Session) showScopeCase(sc showScope) error {
	if sc.database == "" {
		return nil
	}
	names := s.e.containerNames(context.Background())
	if names == nil {
		return nil
	}
	if _, ok := names.otherCaseDatabase(sc.database); ok {
		return errDatabaseHidden(sc.database)
	}
	if sc.schema == "" {
		return nil
	}
	if _, ok := names.otherCaseSchema(sc.database, sc.schema); ok {
		return errSchemaHidden(sc.database, sc.schema)
	}
	return nil
}
