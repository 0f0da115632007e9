package snowlocal

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/flurry-dev/flurry/snowlocal/rewrite"
	"github.com/flurry-dev/flurry/snowlocal/sqllex"
)

// registerCore installs the handlers for Snowflake commands that have no
// DuckDB equivalent: session context, databases, schemas, warehouses, roles,
// grants, SHOW and DESCRIBE.
func (e *Engine) registerCore() {
	e.Register("USE", cmdUse)
	e.registerMaterializedViews() // materialized_view.go
	e.Register("CREATE DATABASE", cmdCreateDatabase)
	e.Register("DROP DATABASE", cmdDropDatabase)
	e.Register("ALTER DATABASE", cmdAlterUnkept("DATABASE"))
	e.Register("CREATE SCHEMA", cmdCreateSchema)
	e.Register("DROP SCHEMA", cmdDropSchema)
	e.Register("ALTER SCHEMA", cmdAlterUnkept("SCHEMA"))
	e.Register("CREATE WAREHOUSE", cmdCreateAccountObject("WAREHOUSE"))
	e.Register("ALTER WAREHOUSE", cmdAlterUnkept("WAREHOUSE"))
	e.Register("DROP WAREHOUSE", cmdDropAccountObject("WAREHOUSE"))
	// Roles, users and grants: access_users.go, access_grants.go.
	e.Register("ALTER SESSION", cmdAlterSession)
	e.Register("SET", cmdSetVariables)     // session_vars.go
	e.Register("UNSET", cmdUnsetVariables) // session_vars.go
	e.Register("SHOW", cmdShow)
	e.Register("DESC", cmdDescribe)
	e.Register("DESCRIBE", cmdDescribe)
	e.Register("BEGIN", cmdTransaction)
	e.Register("START TRANSACTION", cmdTransaction)
	e.Register("COMMIT", cmdTransaction)
	e.Register("ROLLBACK", cmdTransaction)
}

// cmdAlterUnkept handles ALTER DATABASE, ALTER SCHEMA and ALTER WAREHOUSE.
// The engine keeps none of what they change where a later statement would
// show it (a name, a swap, retention, a comment, managed access, tags, a
// warehouse's size or state in SHOW WAREHOUSES, parameters), so each is
// refused rather than reported done. The one form accepted is SET
// DEFAULT_DDL_COLLATION to the empty string (no collation; checkDDLCollation refuses any
// other), which changes nothing the engine answers.
func cmdAlterUnkept(kind string) func(context.Context, *Session, *cursor) (*Result, error) {
	return func(ctx context.Context, s *Session, c *cursor) (*Result, error) {
		c.accept("ALTER", kind)
		c.accept("IF", "EXISTS")
		if _, err := c.objectName(); err == nil && kind != "WAREHOUSE" && c.accept("SET", "DEFAULT_DDL_COLLATION") && c.acceptOp("=") {
			if t, ok := c.peek(0); ok && t.Kind == sqllex.String && unquoteString(t.Text) == "" {
				c.pos++
				c.acceptOp(";")
				if c.done() {
					return statusResult("Statement executed successfully."), nil
				}
			}
		}
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'ALTER %s': the local engine does not implement it.", kind)
	}
}

func cmdTransaction(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	w := c.word(0)
	sqlText := map[string]string{"BEGIN": "BEGIN TRANSACTION", "START": "BEGIN TRANSACTION", "COMMIT": "COMMIT", "ROLLBACK": "ROLLBACK"}[w]
	if _, err := s.conn.ExecContext(ctx, sqlText); err != nil {
		// Snowflake tolerates COMMIT/ROLLBACK with no open transaction.
		if w == "BEGIN" || w == "START" {
			return nil, duckError(err)
		}
	}
	return statusResult("Statement executed successfully."), nil
}

func cmdUse(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("USE")
	kind := ""
	for _, k := range []string{"DATABASE", "SCHEMA", "ROLE", "WAREHOUSE"} {
		if c.accept(k) {
			kind = k
		}
	}
	if c.accept("SECONDARY", "ROLES") {
		return statusResult("Statement executed successfully."), nil
	}
	name, err := c.objectName()
	if err != nil {
		return nil, err
	}
	switch kind {
	case "ROLE":
		s.Role = name.last()
		return statusResult("Statement executed successfully."), nil
	case "WAREHOUSE":
		if _, ok, err := s.e.GetObject(ctx, "WAREHOUSE", "", "", name.last()); err != nil {
			return nil, err
		} else if !ok {
			return nil, Errorf(CodeNotExist, "02000", "Object does not exist, or operation cannot be performed.")
		}
		s.Warehouse = name.last()
		return statusResult("Statement executed successfully."), nil
	}
	db, schema := s.Database, s.Schema
	switch {
	case kind == "DATABASE" || (kind == "" && len(name.parts) == 1):
		db, schema = name.last(), "PUBLIC"
	case len(name.parts) == 2:
		db, schema = name.parts[0], name.parts[1]
	case kind == "SCHEMA" && len(name.parts) == 1:
		if db == "" {
			return nil, Errorf("090105", "22000", "Cannot perform USE SCHEMA. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.")
		}
		schema = name.last()
	default:
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid name '%s' for USE", name)
	}
	stored, ok, err := s.e.lookupDatabase(ctx, db)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, Errorf(CodeNotExist, "02000", "Object does not exist, or operation cannot be performed.")
	}
	exists, err := s.e.schemaExists(ctx, stored, schema)
	if err != nil {
		return nil, err
	}
	if !exists {
		if kind == "DATABASE" || (kind == "" && len(name.parts) == 1) {
			schema = "" // Snowflake: a database without PUBLIC leaves no current schema
		} else {
			return nil, Errorf(CodeNotExist, "02000", "Object does not exist, or operation cannot be performed.")
		}
	}
	s.Database, s.Schema = stored, schema
	if err := s.syncUse(ctx); err != nil {
		return nil, err
	}
	return statusResult("Statement executed successfully."), nil
}

func (e *Engine) schemaExists(ctx context.Context, db, schema string) (bool, error) {
	var n int
	err := e.catalogDB.QueryRowContext(ctx, `SELECT count(*) FROM duckdb_schemas() WHERE database_name=? AND schema_name=?`, db, schema).Scan(&n)
	return n > 0, err
}

// createFlags reads CREATE [OR REPLACE] ... <kind words> [IF NOT EXISTS].
func createFlags(c *cursor, kindWords ...string) (orReplace, ifNotExists bool) {
	c.accept("CREATE")
	for !c.done() {
		if c.accept("OR", "REPLACE") {
			orReplace = true
			continue
		}
		if createModifiers[c.word(0)] {
			c.pos++
			continue
		}
		break
	}
	c.accept(kindWords...)
	ifNotExists = c.accept("IF", "NOT", "EXISTS")
	return
}

func cmdCreateDatabase(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "DATABASE")
	if err := refuseDatabaseRole(c); err != nil {
		return nil, err
	}
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	if err := refuseContainerClone(c, "DATABASE"); err != nil {
		return nil, err
	}
	if err := refuseContainerOptions(c, "DATABASE"); err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	_, exists, err := s.e.lookupDatabase(ctx, name)
	if err != nil {
		return nil, err
	}
	switch {
	case exists && ifNotExists:
		s.Database, s.Schema = name, "PUBLIC"
		return statusResult(fmt.Sprintf("%s already exists, statement succeeded.", name)), s.syncUse(ctx)
	case exists && !orReplace:
		return nil, Errorf(CodeAlreadyExists, "42710", "SQL compilation error:\nObject '%s' already exists.", name)
	case exists:
		if err := s.leaveDatabase(ctx, name); err != nil {
			return nil, err
		}
		if err := s.e.dropDatabase(ctx, name); err != nil {
			return nil, err
		}
	}
	if err := s.e.createDatabase(ctx, name); err != nil {
		return nil, err
	}
	// Snowflake makes a new database (and its PUBLIC schema) current.
	s.Database, s.Schema = name, "PUBLIC"
	if err := s.syncUse(ctx); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Database %s successfully created.", name)), nil
}

// refuseContainerClone refuses CREATE DATABASE|SCHEMA … CLONE: "Cloning a
// database clones all the schemas and other objects in the database"
// (https://docs.snowflake.com/en/sql-reference/sql/create-clone, General
// usage notes), which the engine does not copy; it would make the
// container empty.
func refuseContainerClone(c *cursor, kind string) error {
	if c.word(0) == "CLONE" {
		return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CREATE %s ... CLONE': the local engine does not implement it.", kind)
	}
	return nil
}

// refuseDatabaseRole refuses CREATE|DROP DATABASE ROLE (p after DATABASE),
// which the CREATE|DROP DATABASE handlers would otherwise read as a database
// named ROLE: database roles are not supported (as GRANT DATABASE ROLE).
// A lone ROLE is a database of that name.
func refuseDatabaseRole(c *cursor) error {
	if c.word(0) != "ROLE" {
		return nil
	}
	if t, ok := c.peek(1); !ok || t.IsOp(";") {
		return nil
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: database and application roles in the local engine.")
}

// refuseContainerOptions refuses what follows CREATE DATABASE|SCHEMA's name
// (COMMENT, DATA_RETENTION_TIME_IN_DAYS, TAG ...; a schema's WITH MANAGED
// ACCESS is kept: schema_managed.go). The engine keeps none of it while
// Snowflake shows it (SHOW SCHEMAS' comment and retention_time), so
// accepting it would be a silent difference, as for ALTER DATABASE|SCHEMA
// (cmdAlterUnkept). DEFAULT_DDL_COLLATION set to the empty string (no
// collation, which changes nothing) is accepted as there.
func refuseContainerOptions(c *cursor, kind string) error {
	for {
		if c.word(0) == "DEFAULT_DDL_COLLATION" {
			if eq, ok := c.peek(1); ok && eq.IsOp("=") {
				if v, ok := c.peek(2); ok && v.Kind == sqllex.String && unquoteString(v.Text) == "" {
					c.pos += 3
					continue
				}
			}
		}
		break
	}
	c.acceptOp(";")
	t, ok := c.peek(0)
	if !ok {
		return nil
	}
	what := strings.ToUpper(t.Text)
	if what == "WITH" && c.word(1) != "" { // WITH MANAGED ACCESS, WITH TAG, WITH CONTACT
		what += " " + c.word(1)
		if c.word(1) == "MANAGED" && c.word(2) != "" {
			what += " " + c.word(2)
		}
	}
	return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'CREATE %s ... %s' at line %d, position %d: the local engine keeps no %s property.", kind, what, t.Line, t.Col-1, strings.ToLower(kind))
}

// leaveDatabase moves this session off a database about to be dropped.
func (s *Session) leaveDatabase(ctx context.Context, name string) error {
	if s.Database != name {
		return nil
	}
	s.Database, s.Schema = "", ""
	return s.syncUse(ctx)
}

func cmdDropDatabase(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "DATABASE")
	if err := refuseDatabaseRole(c); err != nil {
		return nil, err
	}
	ifExists := c.accept("IF", "EXISTS")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	_, exists, err := s.e.lookupDatabase(ctx, name)
	if err != nil {
		return nil, err
	}
	if !exists {
		return dropMissing(name, ifExists, Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", name))
	}
	if err := s.leaveDatabase(ctx, name); err != nil {
		return nil, err
	}
	// Its tables are kept for UNDROP DATABASE (undrop_container.go).
	if err := s.dropKept(ctx, name, "", func() error { return s.e.dropDatabase(ctx, name) }); err != nil {
		return nil, err
	}
	return dropped(name), nil
}

func cmdCreateSchema(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "SCHEMA")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	if err := refuseContainerClone(c, "SCHEMA"); err != nil {
		return nil, err
	}
	managed := c.accept("WITH", "MANAGED", "ACCESS") // schema_managed.go
	if err := refuseContainerOptions(c, "SCHEMA"); err != nil {
		return nil, err
	}
	db := s.Database
	if len(n.parts) == 2 {
		db = n.parts[0]
	}
	if db == "" {
		return nil, Errorf("090105", "22000", "Cannot perform CREATE SCHEMA. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.")
	}
	if _, ok, err := s.e.lookupDatabase(ctx, db); err != nil {
		return nil, err
	} else if !ok {
		return nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", db)
	}
	schema := n.last()
	if managed && (createsTransient(c.text) || s.e.inTransientContainer(ctx, db, schema, false)) {
		// SHOW SCHEMAS' options of a transient managed access schema is not
		// documented.
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'a transient schema WITH MANAGED ACCESS': the local engine does not implement it.")
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	exists, err := s.e.schemaExists(ctx, db, schema)
	if err != nil {
		return nil, err
	}
	q := quoteIdent(db) + "." + quoteIdent(schema)
	switch {
	case exists && ifNotExists:
		s.Database, s.Schema = db, schema
		return statusResult(schema + " already exists, statement succeeded."), s.syncUse(ctx)
	case exists && !orReplace:
		return nil, Errorf(CodeAlreadyExists, "42710", "SQL compilation error:\nObject '%s' already exists.", schema)
	case exists:
		if _, err := s.e.catalogDB.ExecContext(ctx, "DROP SCHEMA "+q+" CASCADE"); err != nil {
			return nil, duckError(err)
		}
	}
	if _, err := s.e.catalogDB.ExecContext(ctx, "CREATE SCHEMA "+q); err != nil {
		return nil, duckError(err)
	}
	if managed {
		s.managedSchema = db + "." + schema
	}
	s.Database, s.Schema = db, schema
	if err := s.syncUse(ctx); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Schema %s successfully created.", schema)), nil
}

func cmdDropSchema(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "SCHEMA")
	ifExists := c.accept("IF", "EXISTS")
	n, err := c.objectName()
	if err != nil {
		return nil, err
	}
	db := s.Database
	if len(n.parts) == 2 {
		db = n.parts[0]
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	exists, err := s.e.schemaExists(ctx, db, n.last())
	if err != nil {
		return nil, err
	}
	if !exists {
		return dropMissing(n.last(), ifExists, Errorf(CodeNotExist, "02000", "SQL compilation error:\nSchema '%s' does not exist or not authorized.", n))
	}
	if s.Database == db && s.Schema == n.last() {
		s.Schema = ""
		if err := s.syncUse(ctx); err != nil {
			return nil, err
		}
	}
	// Its tables are kept for UNDROP SCHEMA (undrop_container.go).
	err = s.dropKept(ctx, db, n.last(), func() error {
		if _, err := s.e.catalogDB.ExecContext(ctx, "DROP SCHEMA "+quoteIdent(db)+"."+quoteIdent(n.last())+" CASCADE"); err != nil {
			return duckError(err)
		}
		// The schema's stages, pipes, streams, tasks and functions go with it.
		_, err := s.e.catalogDB.ExecContext(ctx, `DELETE FROM `+s.e.meta+`.OBJECTS WHERE DATABASE_NAME = ? AND SCHEMA_NAME = ?`, db, n.last())
		return err
	})
	if err != nil {
		return nil, err
	}
	return dropped(n.last()), nil
}

// cmdCreateAccountObject records warehouses: the local engine has one
// compute pool, but migrations that create them must run unchanged, and
// SHOW must list them.
func cmdCreateAccountObject(kind string) func(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	return func(ctx context.Context, s *Session, c *cursor) (*Result, error) {
		orReplace, ifNotExists := createFlags(c, kind)
		name, err := c.ident()
		if err != nil {
			return nil, err
		}
		c.accept("WITH")
		props := c.properties()
		_, exists, err := s.e.GetObject(ctx, kind, "", "", name)
		if err != nil {
			return nil, err
		}
		if exists {
			if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
				return r, err
			}
		}
		if err := s.e.PutObject(ctx, Object{Kind: kind, Name: name, Props: props, SQL: c.text, Owner: s.Role}); err != nil {
			return nil, err
		}
		if kind == "WAREHOUSE" {
			s.Warehouse = name // Snowflake makes a new warehouse current
		}
		return statusResult(fmt.Sprintf("%s %s successfully created.", titleCase(kind), name)), nil
	}
}

func cmdDropAccountObject(kind string) func(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	return func(ctx context.Context, s *Session, c *cursor) (*Result, error) {
		c.accept("DROP", kind)
		ifExists := c.accept("IF", "EXISTS")
		name, err := c.ident()
		if err != nil {
			return nil, err
		}
		return s.e.dropObject(ctx, kind, "", "", name, ifExists,
			Errorf(CodeNotExist, "02000", "SQL compilation error:\n%s '%s' does not exist or not authorized.", titleCase(kind), name))
	}
}

func titleCase(s string) string {
	s = strings.ToLower(s)
	return strings.ToUpper(s[:1]) + s[1:]
}

// likeMatch implements SHOW ... LIKE (case-insensitive SQL LIKE).
func likeMatch(pattern, s string) bool {
	return rewrite.ILikePattern(pattern).MatchString(s)
}

// showObjectColumns are the SHOW columns Snowflake types OBJECT (SHOW
// DATABASES and SCHEMAS: bundle 2024_08, bcr-1759; the reference
// mlorek/frostlake, live-verified, ShowRelationalExecutor.showDatabases).
var showObjectColumns = map[string]bool{"object_visibility": true, "data_quality_monitoring_settings": true, "resharing_settings": true}

// showArrayColumns are the SHOW columns Snowflake types ARRAY: SHOW TASKS'
// predecessors (mlorek/frostlake ShowPipelineExecutor.taskColumns, "The
// task listing live emits, column for column": new ArrayType(VARCHAR);
// docs show-tasks: "JSON array of any tasks ... identified in the AFTER
// parameter").
var showArrayColumns = map[string]bool{"predecessors": true}

// showTimeColumns are the SHOW columns Snowflake types TIMESTAMP_LTZ(3):
// every listing's created_on, SHOW TASKS' last_committed_on and
// last_suspended_on, SHOW WAREHOUSES' resumed_on and updated_on and SHOW
// USERS' expires_at_time, locked_until_time and last_success_login (docs
// show-users prints the last as it prints created_on; the independent,
// live-verified reference mlorek/frostlake declares them
// ShowResultHelpers.CREATED_ON, "A creation or alteration instant --
// TIMESTAMP_LTZ(3) on the account",
// engine/src/main/java/dev/frostlake/system/SystemViews.java colLtz; its
// ShowResultHelpers.createdOn names all of these "declared TIMESTAMP_LTZ";
// a real SHOW OBJECTS cursor.description recorded by a dbt record/replay
// fixture, package balto.adapters.snowflake.record, reads created_on
// type_code 6, TIMESTAMP_LTZ, scale 3). Their values are whole
// milliseconds.
var showTimeColumns = map[string]bool{"created_on": true, "last_committed_on": true, "last_suspended_on": true,
	"resumed_on": true, "updated_on": true, "expires_at_time": true, "locked_until_time": true,
	"last_success_login": true}

// showNumberColumns are the SHOW columns Snowflake types NUMBER(38,0):
// SHOW TABLES' and OBJECTS' rows, bytes and search_optimization_bytes
// (mlorek/frostlake ShowRelationalExecutor.showTablesScoped, "live's full
// SHOW TABLES layout, measured column for column"; the recorded SHOW OBJECTS
// description above: rows and bytes type_code 0, FIXED, precision 38,
// scale 0), SHOW ROLES' assigned_to_users, granted_to_roles and
// granted_roles (frostlake's showRoles), SHOW FUNCTIONS'
// min_num_arguments and max_num_arguments (frostlake's function listing)
// and SHOW WAREHOUSES' cluster and query counts, auto_suspend and
// query_acceleration_max_scale_factor (frostlake
// ShowInfraExecutor.showWarehouses, NumericType.INTEGER).
var showNumberColumns = map[string]bool{"rows": true, "bytes": true, "search_optimization_bytes": true,
	"assigned_to_users": true, "granted_to_roles": true, "granted_roles": true,
	"min_num_arguments": true, "max_num_arguments": true,
	"min_cluster_count": true, "max_cluster_count": true, "started_clusters": true, "running": true, "queued": true,
	"auto_suspend": true, "query_acceleration_max_scale_factor": true, "actives": true, "pendings": true,
	"failed": true, "suspended": true}

// table builds a SHOW or DESCRIBE result: its columns are text, but for
// those Snowflake types otherwise (showTimeColumns, showNumberColumns,
// showObjectColumns, showArrayColumns). A text column is a VARCHAR(16777216), the type's
// default length, as the reference declares every SHOW text column
// (StringType.VARCHAR) and the recorded SHOW OBJECTS description reads
// (internal_size 16777216), with the byte length such a column has
// (textByteLength).
type table struct {
	cols []string
	rows [][]*string
}

func newTable(cols ...string) *table { return &table{cols: cols} }

func (t *table) add(vals ...any) {
	row := make([]*string, len(t.cols))
	for i, v := range vals {
		switch x := v.(type) {
		case nil:
		case *string:
			row[i] = x
		case time.Time:
			s := fmt.Sprintf("%d.%09d", x.Unix(), x.Nanosecond())
			row[i] = &s
		case bool:
			s := "false"
			if x {
				s = "true"
			}
			row[i] = &s
		default:
			s := fmt.Sprint(x)
			row[i] = &s
		}
	}
	t.rows = append(t.rows, row)
}

// terse is t trimmed to the columns of a TERSE listing: each cell is the
// one of t's column of that name, or of the column source names for it, or
// the constant kind gives it; a column t has no cell for is NULL.
func (t *table) terse(cols []string, source map[string]string, kind map[string]string) *table {
	at := map[string]int{}
	for i, c := range t.cols {
		at[c] = i
	}
	out := newTable(cols...)
	for _, row := range t.rows {
		cells := make([]*string, len(cols))
		for i, c := range cols {
			if v, ok := kind[c]; ok {
				cells[i] = &v
				continue
			}
			if from, ok := source[c]; ok {
				c = from
			}
			if k, ok := at[c]; ok {
				cells[i] = row[k]
			}
		}
		out.rows = append(out.rows, cells)
	}
	return out
}

func (t *table) result() *Result {
	r := &Result{Rows: t.rows, StatementTypeID: 0x1000}
	for k, c := range t.cols {
		col := Column{Name: c, Type: "text", Length: maxVarchar, ByteLength: textByteLength(maxVarchar), Nullable: true}
		switch {
		case showTimeColumns[c]:
			col = Column{Name: c, Type: "timestamp_ltz", Scale: 3, Nullable: true}
			for _, row := range t.rows {
				row[k] = stampAtScale(row[k], 3) // info_schema_scale.go
			}
		case showNumberColumns[c]:
			col = Column{Name: c, Type: "fixed", Precision: 38, Nullable: true}
		case showObjectColumns[c]:
			col = Column{Name: c, Type: "object", Nullable: true}
		case showArrayColumns[c]:
			col = Column{Name: c, Type: "array", Nullable: true}
		}
		r.Columns = append(r.Columns, col)
	}
	return r
}
