package snowlocal

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Object is a Snowflake object the engine keeps in its own catalog rather
// than as a DuckDB object: warehouses, roles, grants, and (in extensions)
// integrations, stages, file formats, pipes, streams, tasks and functions.
type Object struct {
	Kind      string // WAREHOUSE, ROLE, GRANT, STAGE, ...
	Database  string // "" for account-level objects
	Schema    string
	Name      string
	Props     map[string]string
	SQL       string // the statement that created it
	CreatedOn time.Time
	Owner     string
}

// PutObject creates or replaces an object in the engine catalog.
func (e *Engine) PutObject(ctx context.Context, o Object) error {
	sealed, sqlText := e.secrets.sealObject(o)
	props, err := json.Marshal(sealed)
	if err != nil {
		return err
	}
	tx, err := e.catalogDB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `DELETE FROM `+e.meta+`.OBJECTS WHERE KIND=? AND DATABASE_NAME=? AND SCHEMA_NAME=? AND NAME=?`,
		o.Kind, o.Database, o.Schema, o.Name); err != nil {
		return err
	}
	if o.CreatedOn.IsZero() {
		o.CreatedOn = time.Now()
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO `+e.meta+`.OBJECTS (KIND, DATABASE_NAME, SCHEMA_NAME, NAME, PROPERTIES, SQL_TEXT, CREATED_ON, OWNER) VALUES (?,?,?,?,?,?,?,?)`,
		o.Kind, o.Database, o.Schema, o.Name, string(props), sqlText, o.CreatedOn, o.Owner); err != nil {
		return err
	}
	return tx.Commit()
}

// GetObject finds one object; ok is false when it does not exist.
func (e *Engine) GetObject(ctx context.Context, kind, database, schema, name string) (Object, bool, error) {
	objs, err := e.queryObjects(ctx, `KIND=? AND DATABASE_NAME=? AND SCHEMA_NAME=? AND NAME=?`, kind, database, schema, name)
	if err != nil || len(objs) == 0 {
		return Object{}, false, err
	}
	return objs[0], true, nil
}

// ListObjects lists objects of a kind; empty database/schema match all.
func (e *Engine) ListObjects(ctx context.Context, kind, database, schema string) ([]Object, error) {
	return e.queryObjects(ctx, `KIND=? AND (?='' OR DATABASE_NAME=?) AND (?='' OR SCHEMA_NAME=?)`, kind, database, database, schema, schema)
}

// DeleteObject removes an object; it reports whether one existed.
func (e *Engine) DeleteObject(ctx context.Context, kind, database, schema, name string) (bool, error) {
	r, err := e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.meta+`.OBJECTS WHERE KIND=? AND DATABASE_NAME=? AND SCHEMA_NAME=? AND NAME=?`, kind, database, schema, name)
	if err != nil {
		return false, err
	}
	n, _ := r.RowsAffected()
	return n > 0, nil
}

func (e *Engine) queryObjects(ctx context.Context, where string, args ...any) ([]Object, error) {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT KIND, DATABASE_NAME, SCHEMA_NAME, NAME, CAST(PROPERTIES AS VARCHAR), SQL_TEXT, CREATED_ON, OWNER FROM `+e.meta+`.OBJECTS WHERE `+where+` ORDER BY NAME`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Object
	for rows.Next() {
		var o Object
		var props, sqlText, owner sql.NullString
		if err := rows.Scan(&o.Kind, &o.Database, &o.Schema, &o.Name, &props, &sqlText, &o.CreatedOn, &owner); err != nil {
			return nil, err
		}
		o.SQL, o.Owner = sqlText.String, owner.String
		if props.Valid {
			if err := json.Unmarshal([]byte(props.String), &o.Props); err != nil {
				return nil, fmt.Errorf("object %s %s: bad properties: %w", o.Kind, o.Name, err)
			}
		}
		if err := e.secrets.openObject(&o); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Resolve qualifies an object name against the session's current database
// and schema, with Snowflake's errors when there is none.
func (s *Session) Resolve(n objectName) (database, schema, name string, err error) {
	switch len(n.parts) {
	case 3:
		return n.parts[0], n.parts[1], n.parts[2], nil
	case 2:
		if s.Database == "" {
			return "", "", "", errors.New("no current database")
		}
		return s.Database, n.parts[0], n.parts[1], nil
	case 1:
		if s.Database == "" || s.Schema == "" {
			return "", "", "", Errorf("090105", "22000", "Cannot perform operation. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.")
		}
		return s.Database, s.Schema, n.parts[0], nil
	}
	return "", "", "", Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid object name '%s'", n)
}

// objectArg reads an object name at c and qualifies it against the session.
func (s *Session) objectArg(c *cursor) (n objectName, db, schema, name string, err error) {
	if n, err = c.objectName(); err != nil {
		return n, "", "", "", err
	}
	db, schema, name, err = s.Resolve(n)
	return n, db, schema, name, err
}

// alreadyExists answers CREATE for an object that exists: IF NOT EXISTS
// succeeds without changing it, a plain CREATE fails, and OR REPLACE gets
// (nil, nil) and goes on to replace it.
func alreadyExists(name string, orReplace, ifNotExists bool) (*Result, error) {
	switch {
	case ifNotExists:
		return statusResult(name + " already exists, statement succeeded."), nil
	case !orReplace:
		return nil, Errorf(CodeAlreadyExists, "42710", "SQL compilation error:\nObject '%s' already exists.", name)
	}
	return nil, nil
}

// alterMissing answers ALTER for an object that does not exist: with IF
// EXISTS the statement succeeds, else it fails with notExist.
func alterMissing(ifExists bool, notExist error) (*Result, error) {
	if ifExists {
		return statusResult("Statement executed successfully."), nil
	}
	return nil, notExist
}

// dropMissing answers DROP for an object that does not exist: with IF
// EXISTS the statement succeeds, else it fails with notExist.
func dropMissing(name string, ifExists bool, notExist error) (*Result, error) {
	if ifExists {
		return statusResult("Drop statement executed successfully (" + name + " already dropped)."), nil
	}
	return nil, notExist
}

// dropped is DROP's result once the object is gone.
func dropped(name string) *Result { return statusResult(name + " successfully dropped.") }

// dropObject is DROP of an object that lives only in the engine catalog.
func (e *Engine) dropObject(ctx context.Context, kind, db, schema, name string, ifExists bool, notExist error) (*Result, error) {
	ok, err := e.DeleteObject(ctx, kind, db, schema, name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return dropMissing(name, ifExists, notExist)
	}
	return dropped(name), nil
}

// showObjects lists the catalog objects of a kind in a SHOW's scope that
// its LIKE pattern matches.
func (e *Engine) showObjects(ctx context.Context, kind string, sc showScope) ([]Object, error) {
	objs, err := e.ListObjects(ctx, kind, sc.database, sc.schema)
	if err != nil {
		return nil, err
	}
	var out []Object
	for _, o := range objs {
		if sc.match(o.Name) {
			out = append(out, o)
		}
	}
	return out, nil
}
