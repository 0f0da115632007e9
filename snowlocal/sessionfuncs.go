package snowlocal

import (
	"context"
	"strings"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// sessionFunction answers Snowflake context functions from session state.
// They are substituted as literals into the rewritten DuckDB SQL, after the
// rewriter has named result columns the Snowflake way (CURRENT_DATABASE()).
func (s *Session) sessionFunction(name string) (string, bool) {
	lit := func(v string) string {
		if v == "" {
			return "NULL"
		}
		return quoteString(v)
	}
	switch name {
	case "CURRENT_DATABASE":
		return lit(s.Database), true
	case "CURRENT_SCHEMA":
		return lit(s.Schema), true
	case "CURRENT_ROLE":
		return lit(s.Role), true
	case "CURRENT_WAREHOUSE":
		return lit(s.Warehouse), true
	case "CURRENT_USER":
		return lit(strings.ToUpper(s.User)), true
	case "CURRENT_ACCOUNT", "CURRENT_ACCOUNT_NAME":
		return lit("LOCAL"), true
	case "CURRENT_REGION":
		return lit("LOCAL"), true
	case "CURRENT_VERSION":
		return lit(ServerVersion), true
	case "CURRENT_CLIENT":
		return lit("Go"), true
	}
	return "", false
}

// informationSchemaViews are Snowflake-shaped INFORMATION_SCHEMA views over
// DuckDB's catalog; %[1]s is the database they describe.
var informationSchemaViews = map[string]string{
	"TABLES": `(SELECT database_name AS TABLE_CATALOG, schema_name AS TABLE_SCHEMA, table_name AS TABLE_NAME,
		'BASE TABLE' AS TABLE_TYPE, estimated_size AS ROW_COUNT, NULL::BIGINT AS BYTES, NULL::TIMESTAMPTZ AS CREATED, NULL::VARCHAR AS COMMENT
		FROM duckdb_tables() WHERE NOT internal AND database_name = %[1]s AND schema_name <> '_FLURRY'
		UNION ALL SELECT database_name, schema_name, view_name, 'VIEW', NULL, NULL, NULL, NULL
		FROM duckdb_views() WHERE NOT internal AND coalesce(comment, '') <> 'flurry:stream' AND database_name = %[1]s)`,
	"VIEWS": `(SELECT database_name AS TABLE_CATALOG, schema_name AS TABLE_SCHEMA, view_name AS TABLE_NAME, sql AS VIEW_DEFINITION, 'NO' AS IS_SECURE
		FROM duckdb_views() WHERE NOT internal AND coalesce(comment, '') <> 'flurry:stream' AND database_name = %[1]s)`,
	"SCHEMATA": `(SELECT database_name AS CATALOG_NAME, schema_name AS SCHEMA_NAME, 'ACCOUNTADMIN' AS SCHEMA_OWNER
		FROM duckdb_schemas() WHERE database_name = %[1]s AND schema_name NOT IN ('main','pg_catalog','information_schema','_FLURRY')
		UNION ALL SELECT %[1]s, 'INFORMATION_SCHEMA', 'ACCOUNTADMIN')`,
	"COLUMNS": `(SELECT database_name AS TABLE_CATALOG, schema_name AS TABLE_SCHEMA, table_name AS TABLE_NAME, column_name AS COLUMN_NAME,
		column_index AS ORDINAL_POSITION, column_default AS COLUMN_DEFAULT, CASE WHEN is_nullable THEN 'YES' ELSE 'NO' END AS IS_NULLABLE,
		CASE WHEN data_type LIKE 'DECIMAL%%' OR data_type IN ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT') THEN 'NUMBER'
		     WHEN data_type = 'VARCHAR' THEN 'TEXT' WHEN data_type IN ('DOUBLE','FLOAT') THEN 'FLOAT'
		     WHEN data_type = 'JSON' THEN 'VARIANT' WHEN data_type = 'TIMESTAMP' THEN 'TIMESTAMP_NTZ'
		     WHEN data_type = 'TIMESTAMP WITH TIME ZONE' THEN 'TIMESTAMP_LTZ' WHEN data_type = 'BLOB' THEN 'BINARY'
		     ELSE data_type END AS DATA_TYPE,
		numeric_precision AS NUMERIC_PRECISION, numeric_scale AS NUMERIC_SCALE, NULL::VARCHAR AS COMMENT
		FROM duckdb_columns() WHERE NOT internal AND database_name = %[1]s AND schema_name <> '_FLURRY')`,
	"DATABASES": `(SELECT database_name AS DATABASE_NAME, 'ACCOUNTADMIN' AS DATABASE_OWNER, NULL::VARCHAR AS COMMENT
		FROM duckdb_databases() WHERE NOT internal AND database_name NOT IN ` + internalCatalogs + `)`,
}

// aliasFollows reports whether the token after a relation is a user alias.
var notAlias = map[string]bool{"WHERE": true, "GROUP": true, "ORDER": true, "LIMIT": true, "JOIN": true, "LEFT": true,
	"RIGHT": true, "INNER": true, "FULL": true, "CROSS": true, "ON": true, "UNION": true, "EXCEPT": true, "INTERSECT": true,
	"HAVING": true, "QUALIFY": true, "NATURAL": true, "OFFSET": true, "FETCH": true, "WINDOW": true, "MINUS": true,
	"USING": true, "LATERAL": true, "OUTER": true}

// substitute runs the engine extensions' substitutions (stage loading
// functions, SYSTEM$ functions...) on a statement before it is rewritten.
func (s *Session) substitute(text string) (string, error) {
	s.e.mu.Lock()
	subs := s.e.substitutions
	s.e.mu.Unlock()
	for _, sub := range subs {
		var err error
		if text, err = sub(s, text); err != nil {
			return "", err
		}
	}
	return text, nil
}

// substituteAfterRewrite replaces, in rewritten DuckDB SQL, the
// INFORMATION_SCHEMA views (DuckDB catalog queries the rewriter must not
// see) and the session context functions.
func (s *Session) substituteAfterRewrite(duck string) string {
	out, err := s.substituteInformationSchema(duck)
	if err != nil {
		out = duck
	}
	return s.substituteSessionFunctions(out)
}

// substituteInformationSchema replaces [db.]INFORMATION_SCHEMA.<view>
// relations with Snowflake-shaped queries over DuckDB's catalog.
func (s *Session) substituteInformationSchema(text string) (string, error) {
	toks, err := sqllex.Tokenize(text)
	if err != nil {
		return text, err
	}
	sig := func(i int) (int, bool) { // index of the next significant token at or after i
		for ; i < len(toks); i++ {
			if toks[i].Significant() {
				return i, true
			}
		}
		return i, false
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind == sqllex.Word {
			up := strings.ToUpper(t.Text)
			// [db.]INFORMATION_SCHEMA.<view>
			db := s.Database
			start := i
			if j, ok := sig(i + 1); ok && toks[j].IsOp(".") && up != "INFORMATION_SCHEMA" {
				if k, ok := sig(j + 1); ok && toks[k].IsWord("INFORMATION_SCHEMA") {
					db = identText(t)
					i = k
					t = toks[k]
					up = "INFORMATION_SCHEMA"
				}
			}
			if up == "INFORMATION_SCHEMA" {
				if j, ok := sig(i + 1); ok && toks[j].IsOp(".") {
					if k, ok := sig(j + 1); ok && (toks[k].Kind == sqllex.Word || toks[k].Kind == sqllex.QuotedIdent) {
						view := strings.ToUpper(identText(toks[k]))
						if q, ok := informationSchemaViews[view]; ok {
							if n, ok := sig(k + 1); !ok || !toks[n].IsOp("(") {
								b.WriteString(strings.ReplaceAll(q, "%[1]s", quoteString(db)))
								// Alias the view by its name unless the user aliases it.
								userAlias := false
								if n, ok := sig(k + 1); ok {
									nt := toks[n]
									userAlias = nt.IsWord("AS") || nt.Kind == sqllex.QuotedIdent ||
										(nt.Kind == sqllex.Word && !notAlias[strings.ToUpper(nt.Text)])
								}
								if !userAlias {
									b.WriteString(" AS " + view)
								}
								i = k
								changed = true
								continue
							}
						}
					}
				}
			}
			i = start
			t = toks[i]
		}
		b.WriteString(t.Text)
	}
	if !changed {
		return text, nil
	}
	return b.String(), nil
}

func identText(t sqllex.Token) string {
	if t.Kind == sqllex.QuotedIdent {
		return unquoteIdent(t.Text)
	}
	return strings.ToUpper(t.Text)
}

// Describe answers a describe-only request: the statement's result columns
// without running it (only queries are described).
func (s *Session) Describe(ctx context.Context, text string) (*Result, error) {
	c, err := newCursor(text)
	if err != nil {
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\n%v", err)
	}
	words := commandWords(c)
	if len(words) == 0 || (words[0] != "SELECT" && words[0] != "WITH") {
		return &Result{Columns: []Column{{Name: "status", Type: "text"}}, StatementTypeID: 0x6000}, nil
	}
	out, err := s.toDuckDB(text)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.run(ctx, "SELECT * FROM ("+out+") LIMIT 0", []string{"SELECT"}, nil)
}

// substituteSessionFunctions replaces CURRENT_DATABASE() and friends in
// rewritten DuckDB SQL with the session's values.
func (s *Session) substituteSessionFunctions(duck string) string {
	toks, err := sqllex.Tokenize(duck)
	if err != nil {
		return duck
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if t.Kind == sqllex.Word {
			if v, ok := s.sessionFunction(strings.ToUpper(t.Text)); ok {
				j := i + 1
				for j < len(toks) && !toks[j].Significant() {
					j++
				}
				k := j + 1
				for k < len(toks) && !toks[k].Significant() {
					k++
				}
				if k < len(toks) && toks[j].IsOp("(") && toks[k].IsOp(")") {
					b.WriteString(v)
					i = k
					changed = true
					continue
				}
			}
		}
		b.WriteString(t.Text)
	}
	if !changed {
		return duck
	}
	return b.String()
}
