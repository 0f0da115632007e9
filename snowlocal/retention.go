package snowlocal

import (
	"context"
	"database/sql"
	"strconv"
)

// A table's Time Travel retention, DATA_RETENTION_TIME_IN_DAYS (docs:
// https://docs.snowflake.com/en/user-guide/data-time-travel, "Data
// retention period": the standard retention is 1 day; it "can be set to 0
// (or unset back to the default of 1 day)", and "A retention period of 0
// days for an object effectively deactivates Time Travel for the object";
// "When an object with no retention period is dropped, you will not be
// able to restore the object"). The engine keeps 0 or 1 (rewrite/ddl.go
// refuses any other value: it keeps no longer history), set by CREATE
// TABLE (a CTAS's before its AS) and ALTER TABLE ... SET, back to the
// default by UNSET, in the table's TABLE_TIMES row as RETENTION_TIME (NULL
// for the default, 1: a database's or schema's retention is refused,
// commands.go, so a table inherits none). A clone "inherits all object
// parameters that were set on the source object when the object was
// cloned" (docs: https://docs.snowflake.com/en/user-guide/object-clone,
// "Cloning and object parameters"). CREATE TABLE ... LIKE of a table with
// retention 0 is refused: the docs do not say whether LIKE copies it. SHOW
// TABLES and SHOW OBJECTS show it as retention_time, INFORMATION_SCHEMA
// TABLES as RETENTION_TIME ("check the value of the retention_time column
// in the output of the corresponding SHOW command", same page). DROP TABLE
// of a table with retention 0 keeps no copy (undrop.go).

// retentionStatement reads what a CREATE TABLE or ALTER TABLE statement
// does to the table's retention: "SET" with days, "UNSET", or "" when it
// names none (days is then the default, 1). A CREATE TABLE's properties
// are before its AS; nested parentheses (a column list, a query) are
// skipped.
func retentionStatement(words []string, text string) (action string, days int) {
	c, err := newCursor(text)
	if err != nil {
		return "", 1
	}
	unset := false
	action, days = "", 1
	c.eachTopLevel(func() bool {
		switch {
		case words[0] == "CREATE" && c.word(0) == "AS":
			return true
		case words[0] == "ALTER" && (c.word(0) == "SET" || c.word(0) == "UNSET"):
			unset = c.word(0) == "UNSET"
		case c.word(0) == "DATA_RETENTION_TIME_IN_DAYS" && unset:
			action, days = "UNSET", 1
			return true
		case c.word(0) == "DATA_RETENTION_TIME_IN_DAYS":
			if eq, ok := c.peek(1); ok && eq.IsOp("=") {
				if v, ok := c.peek(2); ok {
					if n, err := strconv.Atoi(v.Text); err == nil {
						action, days = "SET", n
					}
				}
			}
		}
		return false
	})
	return action, days
}

// prepareRetention runs before a CREATE TABLE or ALTER TABLE statement:
// it refuses CREATE TABLE ... LIKE of a table with retention 0, and returns
// what records the statement's retention once it succeeded (nil for
// nothing to record; CREATE ... IF NOT EXISTS of an existing table
// changes nothing).
func (s *Session) prepareRetention(ctx context.Context, words []string, text string) (func(context.Context) error, error) {
	if len(words) >= 2 && (words[0] == "CREATE" || words[0] == "ALTER") && (words[1] == "VIEW" || words[1] == "MATERIALIZED") {
		// The rewriter skips a table property a view names; a retention
		// of 0 is not the default the engine would show (SHOW OBJECTS).
		if action, days := retentionStatement(words, text); action == "SET" && days != 1 {
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature '%s %s ... DATA_RETENTION_TIME_IN_DAYS = %d': the local engine does not implement it.", words[0], words[1], days)
		}
		return nil, nil
	}
	if len(words) < 2 || words[1] != "TABLE" || words[0] != "CREATE" && words[0] != "ALTER" {
		return nil, nil
	}
	n, ok := statementObject(words, text)
	if !ok {
		return nil, nil
	}
	db, schema, name, ok := s.qualify(n.parts)
	if !ok {
		return nil, nil
	}
	tt := s.e.tableTimes()
	where := ` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`
	action, days := retentionStatement(words, text)
	var set func(ctx context.Context) (sql.Result, error)
	switch {
	case action == "SET" && days == 1, action == "UNSET":
		set = func(ctx context.Context) (sql.Result, error) {
			return s.e.catalogDB.ExecContext(ctx, `UPDATE `+tt+` SET RETENTION_TIME = NULL`+where, db, schema, name)
		}
	case action == "SET":
		set = func(ctx context.Context) (sql.Result, error) {
			return s.e.catalogDB.ExecContext(ctx, `UPDATE `+tt+` SET RETENTION_TIME = ?`+where, days, db, schema, name)
		}
	case words[0] == "CREATE":
		if src, ok := likedFrom(text); ok {
			if sdb, sschema, sname, ok := s.qualify(src.parts); ok && s.e.tableRetention(ctx, sdb, sschema, sname) == 0 {
				return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CREATE TABLE ... LIKE of a table with DATA_RETENTION_TIME_IN_DAYS = 0': the local engine does not implement it.")
			}
			return nil, nil
		}
		src, ok := clonedFrom(text)
		if !ok {
			return nil, nil
		}
		sdb, sschema, sname, ok := s.qualify(src.parts)
		if !ok {
			return nil, nil
		}
		set = func(ctx context.Context) (sql.Result, error) {
			return s.e.catalogDB.ExecContext(ctx, `UPDATE `+tt+` SET RETENTION_TIME = (SELECT RETENTION_TIME FROM `+tt+where+`)`+where,
				sdb, sschema, sname, db, schema, name)
		}
	default:
		return nil, nil
	}
	if words[0] == "CREATE" && len(words) > 2 && words[2] == "IF" && s.e.relationExists(ctx, db, schema, name) {
		return nil, nil
	}
	return func(ctx context.Context) error {
		res, err := set(ctx)
		if err == nil {
			if n, _ := res.RowsAffected(); n != 1 && !(words[0] == "ALTER" && len(words) > 2 && words[2] == "IF") {
				err = Errorf("100000", "XX000", "the retention time of table %s.%s.%s was not recorded", db, schema, name)
			}
		}
		return err
	}, nil
}

// relationExists reports a table or view of the name.
func (e *Engine) relationExists(ctx context.Context, db, schema, name string) bool {
	var found int
	err := e.catalogDB.QueryRowContext(ctx, `SELECT count(*) FROM (
		SELECT 1 FROM duckdb_tables() WHERE database_name = ? AND schema_name = ? AND table_name = ?
		UNION ALL SELECT 1 FROM duckdb_views() WHERE database_name = ? AND schema_name = ? AND view_name = ?)`,
		db, schema, name, db, schema, name).Scan(&found)
	return err != nil || found > 0
}

// tableRetention is a table's DATA_RETENTION_TIME_IN_DAYS (1 when not set).
func (e *Engine) tableRetention(ctx context.Context, db, schema, name string) int {
	var days sql.NullInt64
	err := e.catalogDB.QueryRowContext(ctx, `SELECT RETENTION_TIME FROM `+e.tableTimes()+` WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ? AND NAME = ?`,
		db, schema, name).Scan(&days)
	if err != nil || !days.Valid {
		return 1
	}
	return int(days.Int64)
}

// tableRetentions are the tables with a retention other than the default,
// keyed by database.schema.name.
func (e *Engine) tableRetentions(ctx context.Context) map[string]int {
	out := map[string]int{}
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT DATABASE_NAME, SCHEMA_NAME, NAME, RETENTION_TIME FROM `+e.tableTimes()+` WHERE RETENTION_TIME IS NOT NULL`)
	if err != nil {
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var db, schema, name string
		var days int
		if rows.Scan(&db, &schema, &name, &days) == nil {
			out[db+"."+schema+"."+name] = days
		}
	}
	return out
}

// retentionShown is a table's retention_time as SHOW prints it.
func retentionShown(retentions map[string]int, key string) string {
	if days, ok := retentions[key]; ok {
		return strconv.Itoa(days)
	}
	return "1"
}

// likedFrom finds CREATE TABLE ... LIKE <source> (at the top level).
func likedFrom(text string) (objectName, bool) {
	c, err := newCursor(text)
	if err != nil {
		return objectName{}, false
	}
	var src objectName
	found := false
	c.eachTopLevel(func() bool {
		switch c.word(0) {
		case "AS":
			return true
		case "LIKE":
			c.pos++
			n, err := c.objectName()
			src, found = n, err == nil
			return true
		}
		return false
	})
	return src, found
}
