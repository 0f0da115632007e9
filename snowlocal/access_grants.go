package snowlocal

import (
	"context"
	"sort"
	"strings"
	"time"
)

// grantStmt is a parsed GRANT or REVOKE.
type grantStmt struct {
	revoke         bool
	optionOnly     bool   // REVOKE GRANT OPTION FOR
	role           string // GRANT ROLE <role> TO ...
	privs          []string
	allPrivs       bool
	on             string // object type, ACCOUNT
	name           objectName
	bulk           string // "", "ALL" or "FUTURE"
	scopeType      string // DATABASE or SCHEMA (bulk)
	scope          objectName
	toUser         bool
	grantee        string
	withOption     bool
	currentGrants  string // COPY or REVOKE (GRANT OWNERSHIP)
	kindWordsCount int
}

// objectTypes maps the object type words of GRANT (singular and plural)
// to the grant object type.
var objectTypes = map[string]string{
	"TABLE": "TABLE", "TABLES": "TABLE", "VIEW": "VIEW", "VIEWS": "VIEW", "SCHEMA": "SCHEMA", "SCHEMAS": "SCHEMA",
	"DATABASE": "DATABASE", "STAGE": "STAGE", "STAGES": "STAGE", "FILE FORMAT": "FILE_FORMAT", "FILE FORMATS": "FILE_FORMAT",
	"PIPE": "PIPE", "PIPES": "PIPE", "STREAM": "STREAM", "STREAMS": "STREAM", "TASK": "TASK", "TASKS": "TASK",
	"FUNCTION": "FUNCTION", "FUNCTIONS": "FUNCTION", "PROCEDURE": "PROCEDURE", "PROCEDURES": "PROCEDURE",
	"SEQUENCE": "SEQUENCE", "SEQUENCES": "SEQUENCE", "WAREHOUSE": "WAREHOUSE", "INTEGRATION": "INTEGRATION",
	"ROLE": "ROLE", "USER": "USER", "EXTERNAL TABLE": "TABLE", "EXTERNAL TABLES": "TABLE",
	"MATERIALIZED VIEW": "VIEW", "MATERIALIZED VIEWS": "VIEW", "DYNAMIC TABLE": "TABLE", "DYNAMIC TABLES": "TABLE",
}

// allPrivileges is what ALL [PRIVILEGES] grants on each object type.
var allPrivileges = map[string][]string{
	"ACCOUNT":  {"CREATE DATABASE", "CREATE INTEGRATION", "CREATE ROLE", "CREATE USER", "CREATE WAREHOUSE", "EXECUTE MANAGED TASK", "EXECUTE TASK", "MANAGE GRANTS", "MONITOR EXECUTION", "MONITOR USAGE"},
	"DATABASE": {"CREATE DATABASE ROLE", "CREATE SCHEMA", "MODIFY", "MONITOR", "USAGE"},
	"SCHEMA": {"ADD SEARCH OPTIMIZATION", "CREATE DYNAMIC TABLE", "CREATE EXTERNAL TABLE", "CREATE FILE FORMAT", "CREATE FUNCTION",
		"CREATE MATERIALIZED VIEW", "CREATE PIPE", "CREATE PROCEDURE", "CREATE SEQUENCE", "CREATE STAGE", "CREATE STREAM",
		"CREATE TABLE", "CREATE TASK", "CREATE VIEW", "MODIFY", "MONITOR", "USAGE"},
	"TABLE":       {"DELETE", "INSERT", "REFERENCES", "SELECT", "TRUNCATE", "UPDATE"},
	"VIEW":        {"REFERENCES", "SELECT"},
	"STREAM":      {"SELECT"},
	"FILE_FORMAT": {"USAGE"}, "FUNCTION": {"USAGE"}, "PROCEDURE": {"USAGE"}, "SEQUENCE": {"USAGE"}, "INTEGRATION": {"USAGE"},
	"PIPE": {"MONITOR", "OPERATE"}, "TASK": {"MONITOR", "OPERATE"},
	"WAREHOUSE": {"MODIFY", "MONITOR", "OPERATE", "USAGE"},
}

func parseGrant(c *cursor) (*grantStmt, error) {
	g := &grantStmt{revoke: c.word(0) == "REVOKE"}
	c.pos++
	if g.revoke && c.accept("GRANT", "OPTION", "FOR") {
		g.optionOnly = true
	}
	syntax := func() error {
		t, ok := c.peek(0)
		if !ok {
			return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error line 1 at position %d unexpected '<EOF>'.", len(c.text))
		}
		return Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error line %d at position %d unexpected '%s'.", t.Line, t.Col-1, t.Text)
	}
	if c.accept("DATABASE", "ROLE") || c.accept("APPLICATION", "ROLE") {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: database and application roles in the local engine.")
	}
	if c.accept("ROLE") {
		r, err := c.ident()
		if err != nil {
			return nil, err
		}
		g.role = r
	} else {
		var words []string
		for !c.done() && c.word(0) != "ON" {
			t, _ := c.peek(0)
			c.pos++
			if t.IsOp(",") {
				if len(words) > 0 {
					g.privs = append(g.privs, strings.Join(words, " "))
				}
				words = nil
				continue
			}
			words = append(words, strings.ToUpper(t.Text))
		}
		if len(words) > 0 {
			g.privs = append(g.privs, strings.Join(words, " "))
		}
		if len(g.privs) == 1 && (g.privs[0] == "ALL" || g.privs[0] == "ALL PRIVILEGES") {
			g.allPrivs, g.privs = true, nil
		}
		if !c.accept("ON") || (len(g.privs) == 0 && !g.allPrivs) {
			return nil, syntax()
		}
		switch {
		case c.accept("ACCOUNT"):
			g.on = "ACCOUNT"
		case c.accept("ALL"), c.accept("FUTURE"):
			g.bulk = c.toks[c.pos-1].Text
			g.bulk = strings.ToUpper(g.bulk)
			kind := c.word(0)
			c.pos++
			if w := kind + " " + c.word(0); objectTypes[w] != "" {
				kind = w
				c.pos++
			}
			if objectTypes[kind] == "" || !c.accept("IN") {
				return nil, syntax()
			}
			g.on = objectTypes[kind]
			switch {
			case c.accept("DATABASE"):
				g.scopeType = "DATABASE"
			case c.accept("SCHEMA"):
				g.scopeType = "SCHEMA"
			default:
				return nil, syntax()
			}
			n, err := c.objectName()
			if err != nil {
				return nil, err
			}
			g.scope = n
		default:
			kind := c.word(0)
			c.pos++
			if w := kind + " " + c.word(0); objectTypes[w] != "" {
				kind = w
				c.pos++
			}
			if objectTypes[kind] == "" {
				c.pos--
				kind = "TABLE" // GRANT SELECT ON t: a table (or view)
			}
			g.on = objectTypes[kind]
			n, err := c.objectName()
			if err != nil {
				return nil, err
			}
			g.name = n
			if c.acceptOp("(") { // a function's argument types
				for !c.done() && !c.acceptOp(")") {
					c.pos++
				}
			}
		}
	}
	if !c.accept("TO") && !c.accept("FROM") {
		return nil, syntax()
	}
	switch {
	case c.accept("USER"):
		g.toUser = true
	case c.accept("SHARE"), c.accept("DATABASE", "ROLE"), c.accept("APPLICATION"):
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: grants to shares, database roles and applications in the local engine.")
	default:
		c.accept("ROLE")
	}
	grantee, err := c.ident()
	if err != nil {
		return nil, err
	}
	g.grantee = grantee
	for !c.done() {
		switch {
		case c.accept("WITH", "GRANT", "OPTION"):
			g.withOption = true
		case c.accept("COPY", "CURRENT", "GRANTS"):
			g.currentGrants = "COPY"
		case c.accept("REVOKE", "CURRENT", "GRANTS"):
			g.currentGrants = "REVOKE"
		case c.accept("CASCADE"), c.accept("RESTRICT"):
		default:
			return nil, syntax()
		}
	}
	return g, nil
}

// notGranted is Snowflake's answer to a GRANT the active roles may not make.
func notGranted() *Result { return statusResult("Grant not executed: Insufficient privileges.") }

func cmdGrantStmt(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	g, err := parseGrant(c)
	if err != nil {
		return nil, err
	}
	z := s.authz()
	manage := z.account("MANAGE GRANTS")
	// The grantee must exist.
	if g.toUser {
		if _, ok := s.e.user(ctx, g.grantee); !ok {
			return nil, notExistError("USER", g.grantee)
		}
	} else if !s.e.roleExists(ctx, g.grantee) {
		return nil, notExistError("ROLE", g.grantee)
	}
	granteeType := "ROLE"
	if g.toUser {
		granteeType = "USER"
	}
	ok := statusResult("Statement executed successfully.")
	if g.role != "" {
		if !s.e.roleExists(ctx, g.role) {
			return nil, notExistError("ROLE", g.role)
		}
		if !manage && !z.owns("ROLE", g.role) {
			return notGranted(), nil
		}
		if g.revoke {
			return ok, s.e.removeGrants(ctx, func(x grant) bool {
				return x.Privilege == "USAGE" && x.On == "ROLE" && x.Name == g.role && x.To == granteeType && x.Grantee == g.grantee
			})
		}
		if !g.toUser && (g.grantee == g.role || s.e.closure(g.role)[g.grantee] && g.grantee != "PUBLIC") {
			return nil, Errorf("003006", "42601", "SQL compilation error:\nCannot grant role '%s' to role '%s': it would create a cycle in the role hierarchy.", g.role, g.grantee)
		}
		return ok, s.e.addGrants(ctx, grant{Privilege: "USAGE", On: "ROLE", Name: g.role, To: granteeType, Grantee: g.grantee, GrantedBy: s.Role})
	}
	if g.on == "ACCOUNT" {
		privs := g.privs
		if g.allPrivs {
			privs = allPrivileges["ACCOUNT"]
		}
		var gs []grant
		for _, p := range privs {
			if !manage && !z.withGrantOption(p, "ACCOUNT", accountName) {
				return notGranted(), nil
			}
			gs = append(gs, grant{Privilege: p, On: "ACCOUNT", Name: accountName, To: granteeType, Grantee: g.grantee, GrantOption: g.withOption, GrantedBy: s.Role})
		}
		if g.revoke {
			return ok, s.revokeGrants(ctx, gs, g.optionOnly)
		}
		return ok, s.e.addGrants(ctx, gs...)
	}
	if g.bulk == "FUTURE" {
		return s.grantFuture(ctx, z, g, manage)
	}
	// The objects the statement names: one, or ALL of a kind in a scope.
	var objects []string
	if g.bulk == "ALL" {
		db, schema, err := s.scopeOf(g)
		if err != nil {
			return nil, err
		}
		// A database or schema named in another case, or not at all, has
		// no objects to grant on; it fails as for a future grant.
		if err := s.scopeExists(ctx, db, schema); err != nil {
			return nil, err
		}
		objects, err = s.e.objectsIn(ctx, g.on, db, schema)
		if err != nil {
			return nil, err
		}
	} else {
		t := &target{on: g.on}
		if err := s.fillTarget(ctx, t, g.name); err != nil {
			return nil, err
		}
		if !t.exists {
			return nil, notExistError(t.on, g.name.String())
		}
		g.on = t.on
		if !z.sees(t.on, t.full) {
			return nil, notExistError(t.on, g.name.String())
		}
		objects = []string{t.full}
	}
	var gs []grant
	for _, full := range objects {
		if !manage {
			if err := s.refuseManagedGrant(ctx, z, full); err != nil { // schema_managed.go
				return nil, err
			}
		}
		on := g.on
		if on == "TABLE" || on == "VIEW" {
			if parts := strings.Split(full, "."); len(parts) == 3 {
				if k, ok := s.e.grantKind(ctx, parts[0], parts[1], parts[2]); ok {
					on = k
				}
			}
		}
		if len(g.privs) == 1 && g.privs[0] == "OWNERSHIP" {
			if g.revoke {
				return nil, Errorf("003018", "42501", "SQL compilation error:\nCannot revoke the OWNERSHIP privilege; transfer it with GRANT OWNERSHIP.")
			}
			if !manage && !z.owns(on, full) {
				return notGranted(), nil
			}
			if err := s.transferOwnership(ctx, on, full, g.grantee, g.currentGrants); err != nil {
				return nil, err
			}
			continue
		}
		privs := g.privs
		if g.allPrivs {
			privs = allPrivilegesOn(ctx, s.e, on, full)
		}
		owner := s.e.ownerOf(on, full)
		for _, p := range privs {
			by := owner
			if !manage && !z.owns(on, full) {
				if !z.withGrantOption(p, on, full) {
					if g.allPrivs {
						continue
					}
					return notGranted(), nil
				}
				by = s.Role
			}
			gs = append(gs, grant{Privilege: p, On: on, Name: full, To: granteeType, Grantee: g.grantee, GrantOption: g.withOption, GrantedBy: by})
		}
	}
	if g.revoke {
		return ok, s.revokeGrants(ctx, gs, g.optionOnly)
	}
	return ok, s.e.addGrants(ctx, gs...)
}

// allPrivilegesOn is ALL PRIVILEGES for one object (a stage's depend on
// whether it is internal).
func allPrivilegesOn(ctx context.Context, e *Engine, on, full string) []string {
	if on == "STAGE" {
		parts := strings.Split(full, ".")
		if len(parts) == 3 {
			if o, ok, _ := e.GetObject(ctx, "STAGE", parts[0], parts[1], parts[2]); ok && o.Props["URL"] != "" {
				return []string{"USAGE"}
			}
		}
		return []string{"READ", "WRITE"}
	}
	return allPrivileges[on]
}

func (s *Session) revokeGrants(ctx context.Context, gs []grant, optionOnly bool) error {
	match := func(x grant) bool {
		for _, g := range gs {
			if x.Privilege == g.Privilege && x.On == g.On && x.Name == g.Name && x.To == g.To && x.Grantee == g.Grantee {
				return true
			}
		}
		return false
	}
	if !optionOnly {
		return s.e.removeGrants(ctx, match)
	}
	var kept []grant
	for _, x := range s.e.allGrants() {
		if !x.system && match(x) {
			x.GrantOption = false
			kept = append(kept, x)
		}
	}
	if err := s.e.removeGrants(ctx, match); err != nil {
		return err
	}
	return s.e.addGrants(ctx, kept...)
}

// fillTarget qualifies a GRANT's object name and finds whether it exists.
func (s *Session) fillTarget(ctx context.Context, t *target, n objectName) error {
	switch t.on {
	case "DATABASE", "WAREHOUSE", "INTEGRATION", "ROLE", "USER":
		t.name, t.full = n.last(), n.last()
	case "SCHEMA":
		t.db, t.name = s.Database, n.last()
		if len(n.parts) == 2 {
			t.db = n.parts[0]
		}
		t.full = t.db + "." + t.name
	default:
		db, schema, name, err := s.Resolve(n)
		if err != nil {
			return err
		}
		t.db, t.schema, t.name, t.full = db, schema, name, db+"."+schema+"."+name
	}
	if t.on == "USER" {
		_, t.exists = s.e.user(ctx, t.name)
		return nil
	}
	t.exists = s.e.objectExists(ctx, t)
	return nil
}

// scopeOf qualifies the IN DATABASE / IN SCHEMA of a bulk grant.
func (s *Session) scopeOf(g *grantStmt) (db, schema string, err error) {
	if g.scopeType == "DATABASE" {
		return g.scope.last(), "", nil
	}
	switch len(g.scope.parts) {
	case 2:
		return g.scope.parts[0], g.scope.parts[1], nil
	case 1:
		if s.Database == "" {
			return "", "", Errorf("090105", "22000", "Cannot perform GRANT. This session does not have a current database. Call 'USE DATABASE', or use a qualified name.")
		}
		return s.Database, g.scope.parts[0], nil
	}
	return "", "", Errorf(CodeSyntax, "42000", "SQL compilation error:\ninvalid schema name '%s'", g.scope)
}

// scopeExists fails for a bulk grant's database or schema that does not
// exist (names compare exactly).
func (s *Session) scopeExists(ctx context.Context, db, schema string) error {
	if _, ok, _ := s.e.lookupDatabase(ctx, db); !ok {
		return errDatabaseHidden(db)
	}
	if schema != "" {
		if ok, _ := s.e.schemaExists(ctx, db, schema); !ok {
			return errSchemaHidden(db, schema)
		}
	}
	return nil
}

// objectsIn lists, qualified, the existing objects of a type in a
// database or schema (GRANT ... ON ALL).
func (e *Engine) objectsIn(ctx context.Context, on, db, schema string) ([]string, error) {
	var q string
	switch on {
	case "TABLE":
		q = `SELECT schema_name, table_name FROM duckdb_tables() WHERE database_name=? AND (?='' OR schema_name=?) AND schema_name <> '_FLURRY'`
	case "VIEW":
		q = `SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal AND coalesce(comment,'') <> 'flurry:stream' AND database_name=? AND (?='' OR schema_name=?)`
	case "SCHEMA":
		q = `SELECT '', schema_name FROM duckdb_schemas() WHERE database_name=? AND (?='' OR schema_name=?) AND schema_name NOT IN ('main','pg_catalog','information_schema','_FLURRY')`
	}
	var out []string
	if q != "" {
		rows, err := e.catalogDB.QueryContext(ctx, q, db, schema, schema)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		for rows.Next() {
			var sc, name string
			if err := rows.Scan(&sc, &name); err != nil {
				return nil, err
			}
			if on == "SCHEMA" {
				out = append(out, db+"."+name)
			} else {
				out = append(out, db+"."+sc+"."+name)
			}
		}
		sort.Strings(out)
		return out, rows.Err()
	}
	kind := catalogKinds[on]
	if kind == "" {
		return nil, nil
	}
	objs, err := e.ListObjects(ctx, kind, db, schema)
	if err != nil {
		return nil, err
	}
	for _, o := range objs {
		out = append(out, o.Database+"."+o.Schema+"."+o.Name)
	}
	sort.Strings(out)
	return out, nil
}

// transferOwnership is GRANT OWNERSHIP on one object: the grants others
// hold on it block the transfer unless COPY or REVOKE CURRENT GRANTS says
// what becomes of them.
func (s *Session) transferOwnership(ctx context.Context, on, full, newOwner, current string) error {
	old := s.e.ownerOf(on, full)
	var outbound []grant
	for _, g := range s.e.grantsOn(on, full) {
		if g.Privilege != "OWNERSHIP" {
			outbound = append(outbound, g)
		}
	}
	if current == "" && len(outbound) > 0 && old != newOwner && on != "ROLE" {
		sort.Slice(outbound, func(i, j int) bool {
			if outbound[i].Grantee != outbound[j].Grantee {
				return outbound[i].Grantee < outbound[j].Grantee
			}
			return outbound[i].Privilege < outbound[j].Privilege
		})
		d := outbound[0]
		return Errorf("003036", "23001", "SQL execution error: Dependent grant of privilege '%s' on securable '%s' to role '%s' exists.  It must be revoked first.  More than one dependent grant may exist: use 'SHOW GRANTS' command to view them.  To revoke all dependent grants while transferring object ownership, use convenience command 'GRANT OWNERSHIP ON <target_objects> TO <target_role> REVOKE CURRENT GRANTS'.", d.Privilege, full, d.Grantee)
	}
	if err := s.e.removeGrants(ctx, func(g grant) bool {
		return g.On == on && g.Name == full && (g.Privilege == "OWNERSHIP" || current == "REVOKE" || current == "COPY")
	}); err != nil {
		return err
	}
	gs := []grant{{Privilege: "OWNERSHIP", On: on, Name: full, To: "ROLE", Grantee: newOwner, GrantOption: true, GrantedBy: newOwner}}
	if current == "COPY" {
		for _, g := range outbound {
			g.GrantedBy = newOwner
			gs = append(gs, g)
		}
	}
	if err := s.e.addGrants(ctx, gs...); err != nil {
		return err
	}
	s.e.setCatalogOwner(ctx, on, full, newOwner)
	return nil
}

// grantFuture records (or removes) a future grant; it needs MANAGE GRANTS.
func (s *Session) grantFuture(ctx context.Context, z authz, g *grantStmt, manage bool) (*Result, error) {
	db, schema, err := s.scopeOf(g)
	if err != nil {
		return nil, err
	}
	scope := db
	if schema != "" {
		scope = db + "." + schema
	}
	if err := s.scopeExists(ctx, db, schema); err != nil {
		return nil, err
	}
	if !manage && schema != "" && s.e.managedSchemas(ctx)[scope] && z.owns("SCHEMA", scope) {
		// The schema owner manages a managed access schema's future grants
		// (schema_managed.go), which the engine does not model.
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature 'future grants in a managed access schema by its owner without MANAGE GRANTS': the local engine does not implement it.")
	}
	if !manage {
		return notGranted(), nil
	}
	privs := g.privs
	if g.allPrivs {
		privs = allPrivileges[g.on]
	}
	match := func(f futureGrant, p string) bool {
		return f.Privilege == p && f.On == g.on && f.ScopeType == g.scopeType && f.Scope == scope && f.Grantee == g.grantee
	}
	s.e.acl.mu.Lock()
	defer s.e.acl.mu.Unlock()
	tx, err := s.e.catalogDB.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	kept := s.e.acl.future[:0:0]
	for _, f := range s.e.acl.future {
		drop := false
		for _, p := range privs {
			drop = drop || match(f, p)
		}
		if !drop {
			kept = append(kept, f)
		}
	}
	now := time.Now()
	for _, p := range privs {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+s.e.meta+`.ACL_FUTURE WHERE PRIVILEGE=? AND GRANT_ON=? AND SCOPE_TYPE=? AND SCOPE=? AND GRANTEE=?`,
			p, g.on, g.scopeType, scope, g.grantee); err != nil {
			return nil, err
		}
		if g.revoke {
			continue
		}
		f := futureGrant{Privilege: p, On: g.on, ScopeType: g.scopeType, Scope: scope, Grantee: g.grantee, GrantOption: g.withOption, CreatedOn: now}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+s.e.meta+`.ACL_FUTURE VALUES (?,?,?,?,?,?,?)`,
			f.Privilege, f.On, f.ScopeType, f.Scope, f.Grantee, f.GrantOption, f.CreatedOn); err != nil {
			return nil, err
		}
		kept = append(kept, f)
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	s.e.acl.future = kept
	return statusResult("Statement executed successfully."), nil
}
