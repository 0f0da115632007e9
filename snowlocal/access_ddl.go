package snowlocal

import (
	"context"
	"strings"
)

// createPrivilege is the schema (or database, account) privilege that
// CREATE <kind> needs.
var createPrivilege = map[string]string{
	"TABLE": "CREATE TABLE", "VIEW": "CREATE VIEW", "STAGE": "CREATE STAGE", "FILE_FORMAT": "CREATE FILE FORMAT",
	"PIPE": "CREATE PIPE", "STREAM": "CREATE STREAM", "TASK": "CREATE TASK", "FUNCTION": "CREATE FUNCTION",
	"PROCEDURE": "CREATE PROCEDURE", "SEQUENCE": "CREATE SEQUENCE", "SCHEMA": "CREATE SCHEMA",
	"DATABASE": "CREATE DATABASE", "WAREHOUSE": "CREATE WAREHOUSE", "INTEGRATION": "CREATE INTEGRATION",
	"ROLE": "CREATE ROLE", "USER": "CREATE USER",
}

// hiddenOrInsufficient is the error for an object the roles lack priv on.
func hiddenOrInsufficient(z authz, on, full string, notExist error) error {
	if !z.sees(on, full) {
		return notExist
	}
	return errInsufficient(kindWord(on), lastPart(full))
}

func notExistError(on, name string) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\n%s '%s' does not exist or not authorized.", titleCase(kindWord(on)), name)
}

// authorizeCreate: the primary role needs the CREATE privilege on the
// container (and USAGE on it), and what the new object will read with its
// owner's rights; OR REPLACE needs ownership of the object replaced.
func (s *Session) authorizeCreate(ctx context.Context, words []string, text string) (*Result, func(context.Context) error, error) {
	t, ok := s.parseTarget(ctx, words, text)
	if !ok || t.on == "ROLE" || t.on == "USER" {
		return nil, nil, nil // roles and users check in their handlers
	}
	pz, z := s.primaryAuthz(), s.authz()
	priv := createPrivilege[t.on]
	if words[1] == "EXTERNAL" || words[1] == "DYNAMIC" || words[1] == "MATERIALIZED" {
		priv = "CREATE " + words[1] + " " + strings.ReplaceAll(t.on, "_", " ")
	}
	switch t.on {
	case "DATABASE", "WAREHOUSE", "INTEGRATION":
		if !pz.account(priv) {
			return nil, nil, errInsufficient("account", accountName)
		}
	case "SCHEMA":
		if err := s.checkContainers(ctx, pz, t.db, ""); err != nil {
			return nil, nil, err
		}
		if _, ok, _ := s.e.lookupDatabase(ctx, t.db); ok && !pz.has(priv, "DATABASE", t.db) {
			return nil, nil, errInsufficient("database", t.db)
		}
	default:
		if err := s.checkContainers(ctx, pz, t.db, t.schema); err != nil {
			return nil, nil, err
		}
		if ok, _ := s.e.schemaExists(ctx, t.db, t.schema); ok && !pz.has(priv, "SCHEMA", t.db+"."+t.schema) {
			return nil, nil, errInsufficient("schema", t.schema)
		}
		if err := s.checkCreateSources(ctx, pz, t, text); err != nil {
			return nil, nil, err
		}
	}
	if t.exists {
		if t.ifNotEx || !t.orRepl {
			return nil, nil, nil // the handler answers "already exists"
		}
		if !z.owns(t.on, t.full) {
			return nil, nil, hiddenOrInsufficient(z, t.on, t.full, notExistError(t.on, t.name))
		}
	}
	replaced := t.exists && t.orRepl
	return nil, func(ctx context.Context) error {
		// Dropped versions (undrop.go): a replaced table is one the
		// engine does not keep; a replaced schema's or database's tables
		// are gone with it.
		switch {
		case replaced && t.on == "TABLE":
			if err := s.e.noteReplaced(ctx, t); err != nil {
				return err
			}
		case replaced && t.on == "SCHEMA":
			s.e.forgetDropped(ctx, t.db, t.name)
		case replaced && t.on == "DATABASE":
			s.e.forgetDropped(ctx, t.name, "")
		}
		return s.recordCreated(ctx, t)
	}, nil
}

// checkCreateSources checks what a new object reads or uses, as its owner
// (the primary role) will: a view's or CTAS's tables, a stream's table, a
// pipe's COPY, a stage's integration, a task's warehouse, a SQL UDF's body.
func (s *Session) checkCreateSources(ctx context.Context, pz authz, t *target, text string) error {
	c, err := newCursor(text)
	if err != nil {
		return nil
	}
	rest := c.toks[min(t.afterPos, len(c.toks)):]
	switch t.on {
	case "TABLE", "VIEW":
		return s.checkQuery(ctx, pz, text)
	case "STREAM":
		for i := 0; i+1 < len(rest); i++ {
			if rest[i].IsWord("ON") && (rest[i+1].IsWord("TABLE") || rest[i+1].IsWord("VIEW")) {
				cc := &cursor{text: text, toks: rest, pos: i + 2}
				if n, err := cc.objectName(); err == nil {
					if db, schema, name, ok := s.qualify(n.parts); ok {
						if kind, exists := s.e.grantKind(ctx, db, schema, name); exists {
							if err := s.checkContainers(ctx, pz, db, schema); err != nil {
								return err
							}
							return checkObject(pz, "SELECT", kind, db+"."+schema+"."+name)
						}
					}
				}
			}
		}
	case "PIPE":
		for i, tk := range rest {
			if tk.IsWord("AS") && i+1 < len(rest) && rest[i+1].IsWord("COPY") {
				return s.authorizeCopy(ctx, pz, text[rest[i+1].Pos:])
			}
		}
	case "STAGE", "TASK":
		key, on := "STORAGE_INTEGRATION", "INTEGRATION"
		if t.on == "TASK" {
			key, on = "WAREHOUSE", "WAREHOUSE"
		}
		for i := 0; i+2 < len(rest); i++ {
			if rest[i].IsWord(key) && rest[i+1].IsOp("=") {
				cc := &cursor{text: text, toks: rest, pos: i + 2}
				if name, err := cc.ident(); err == nil {
					if _, exists, _ := s.e.GetObject(ctx, on, "", "", name); exists {
						if err := checkObject(pz, "USAGE", on, name); err != nil {
							return err
						}
					}
				}
			}
			if t.on == "TASK" && rest[i].IsWord("AS") {
				return nil // the task's SQL runs, and is checked, as its owner
			}
		}
	case "FUNCTION":
		for i, tk := range rest {
			if tk.IsWord("AS") && i+1 < len(rest) {
				body := rest[i+1].Text
				if strings.HasPrefix(body, "$$") {
					body = strings.TrimSuffix(strings.TrimPrefix(body, "$$"), "$$")
				} else if strings.HasPrefix(body, "'") {
					body = unquoteString(body)
				}
				return s.checkQuery(ctx, pz, body)
			}
		}
	}
	return nil
}

// recordCreated gives a new object to the primary role, applies the future
// grants of its schema or database, and the grants of the object it
// replaced when the statement said COPY GRANTS (which are dropped otherwise).
func (s *Session) recordCreated(ctx context.Context, t *target) error {
	if t.exists && !t.orRepl {
		return nil
	}
	if t.on == "TABLE" || t.on == "VIEW" {
		if kind, ok := s.e.grantKind(ctx, t.db, t.schema, t.name); ok {
			t.on = kind
		}
	}
	var copied []grant
	if t.exists {
		for _, g := range s.e.grantsOn(t.on, t.full) {
			if t.copy && g.Privilege != "OWNERSHIP" {
				copied = append(copied, g)
			}
		}
		if err := s.e.removeGrants(ctx, func(g grant) bool { return g.On == t.on && g.Name == t.full || containedIn(g, t) }); err != nil {
			return err
		}
	}
	owner := s.Role
	var future []grant
	if len(copied) == 0 {
		// A future OWNERSHIP grant gives the new object to its grantee.
		for _, g := range s.e.futureGrantsFor(t, owner) {
			if g.Privilege == "OWNERSHIP" {
				owner = g.Grantee
			} else {
				future = append(future, g)
			}
		}
	}
	gs := []grant{{Privilege: "OWNERSHIP", On: t.on, Name: t.full, To: "ROLE", Grantee: owner, GrantOption: true, GrantedBy: owner}}
	if t.on == "DATABASE" {
		gs = append(gs, grant{Privilege: "OWNERSHIP", On: "SCHEMA", Name: t.full + ".PUBLIC", To: "ROLE", Grantee: owner, GrantOption: true, GrantedBy: owner})
	}
	gs = append(gs, copied...)
	for _, g := range future {
		g.GrantedBy = owner
		gs = append(gs, g)
	}
	if err := s.e.addGrants(ctx, gs...); err != nil {
		return err
	}
	if owner != s.Role {
		s.e.setCatalogOwner(ctx, t.on, t.full, owner)
	}
	return nil
}

// containedIn reports whether g is on an object inside database or schema t.
func containedIn(g grant, t *target) bool {
	if t.on != "DATABASE" && t.on != "SCHEMA" {
		return false
	}
	return strings.HasPrefix(g.Name, t.full+".") && g.On != "ROLE" && g.On != "USER" && g.On != "ACCOUNT" && g.On != "WAREHOUSE" && g.On != "INTEGRATION"
}

// futureGrantsFor turns the future grants that cover a new object into
// grants on it; schema-level future grants win over database-level ones
// for the same object type.
func (e *Engine) futureGrantsFor(t *target, owner string) []grant {
	e.acl.mu.RLock()
	defer e.acl.mu.RUnlock()
	var schemaLevel, dbLevel []grant
	for _, f := range e.acl.future {
		if f.On != t.on {
			continue
		}
		g := grant{Privilege: f.Privilege, On: t.on, Name: t.full, To: "ROLE", Grantee: f.Grantee, GrantOption: f.GrantOption, GrantedBy: owner}
		switch {
		case f.ScopeType == "SCHEMA" && t.on != "SCHEMA" && f.Scope == t.db+"."+t.schema:
			schemaLevel = append(schemaLevel, g)
		case f.ScopeType == "DATABASE" && f.Scope == t.db:
			dbLevel = append(dbLevel, g)
		}
	}
	if len(schemaLevel) > 0 {
		return schemaLevel
	}
	return dbLevel
}

// authorizeDrop: only the owner drops an object. Dropping takes its grants
// (and, for a database or schema, its objects' grants) with it.
func (s *Session) authorizeDrop(ctx context.Context, words []string, text string) (*Result, func(context.Context) error, error) {
	t, ok := s.parseTarget(ctx, words, text)
	if !ok || !t.exists || t.on == "ROLE" || t.on == "USER" {
		return nil, nil, nil
	}
	z := s.authz()
	if err := s.checkContainers(ctx, z, t.db, t.schema); err != nil {
		return nil, nil, err
	}
	if !z.owns(t.on, t.full) {
		if !z.sees(t.on, t.full) {
			if strings.Contains(strings.ToUpper(text), " IF EXISTS ") {
				r, err := dropMissing(t.name, true, nil)
				return r, nil, err
			}
			return nil, nil, notExistError(t.on, t.name)
		}
		return nil, nil, errInsufficient(kindWord(t.on), t.name)
	}
	// A dropped table is kept for UNDROP TABLE (undrop.go); a dropped
	// schema's or database's tables by its handler (undrop_container.go).
	kept := ""
	if t.on == "TABLE" && words[1] == "TABLE" && !s.isTemporaryTable(ctx, t.name) {
		var err error
		if kept, err = s.retainDropped(ctx, t, ""); err != nil {
			return nil, nil, err
		}
	}
	return nil, func(ctx context.Context) error {
		if kept != "" {
			if err := s.e.confirmDropped(ctx, kept); err != nil {
				return err
			}
		}
		return s.e.removeGrants(ctx, func(g grant) bool { return g.On == t.on && g.Name == t.full || containedIn(g, t) })
	}, nil
}

// authorizeAlter: ALTER needs ownership, except the operations OPERATE
// (tasks, pipes, warehouses) or MODIFY (warehouses) allow, and a user
// changing their own properties. ALTER TASK ... RESUME also needs the
// task owner to hold EXECUTE TASK.
func (s *Session) authorizeAlter(ctx context.Context, words []string, text string) (*Result, func(context.Context) error, error) {
	if len(words) < 2 || words[1] == "SESSION" || words[1] == "ACCOUNT" {
		return nil, nil, nil
	}
	t, ok := s.parseTarget(ctx, words, text)
	if !ok || !t.exists {
		return nil, nil, nil
	}
	c, _ := newCursor(text)
	c.pos = t.afterPos
	action := c.word(0)
	z := s.authz()
	if err := s.checkContainers(ctx, z, t.db, t.schema); err != nil {
		return nil, nil, err
	}
	priv := "OWNERSHIP"
	switch {
	case t.on == "TASK" && (action == "RESUME" || action == "SUSPEND"):
		priv = "OPERATE"
	case t.on == "PIPE" && (action == "REFRESH" || (action == "SET" && c.word(1) == "PIPE_EXECUTION_PAUSED")):
		priv = "OPERATE"
	case t.on == "WAREHOUSE" && (action == "SUSPEND" || action == "RESUME" || action == "ABORT"):
		priv = "OPERATE"
	case t.on == "WAREHOUSE" && action == "SET":
		priv = "MODIFY"
	case t.on == "USER" && t.name == s.userName():
		return nil, nil, nil
	}
	if !z.has(priv, t.on, t.full) {
		return nil, nil, hiddenOrInsufficient(z, t.on, t.full, notExistError(t.on, t.name))
	}
	if action == "SWAP" && c.word(1) == "WITH" && (t.on == "TABLE" || t.on == "VIEW") && len(words) > 1 && words[1] == "TABLE" {
		after, err := s.authorizeSwap(ctx, z, t, c) // table_swap.go
		return nil, after, err
	}
	if (action == "SUSPEND" || action == "RESUME") && c.word(1) == "RECLUSTER" && t.on == "TABLE" {
		if err := s.checkReclusterable(ctx, t, action); err != nil { // clustering.go
			return nil, nil, err
		}
	}
	if t.on == "TASK" && action == "RESUME" {
		if err := s.checkTaskOwner(t.full); err != nil {
			return nil, nil, err
		}
	}
	if action == "RENAME" && c.word(1) == "TO" {
		c.pos += 2
		if n, err := c.objectName(); err == nil {
			newFull := n.last()
			switch {
			case t.db == "" || t.on == "SCHEMA" && len(n.parts) == 1:
				if t.db != "" {
					newFull = t.db + "." + n.last()
				}
			default:
				if db, schema, name, ok := s.qualify(n.parts); ok {
					newFull = db + "." + schema + "." + name
				}
			}
			return nil, func(ctx context.Context) error { return s.e.renameGrants(ctx, t, newFull) }, nil
		}
	}
	return nil, nil, nil
}

// renameGrants moves the grants of a renamed object to its new name.
func (e *Engine) renameGrants(ctx context.Context, t *target, newFull string) error {
	var moved []grant
	for _, g := range e.allGrants() {
		if !g.system && (g.On == t.on && g.Name == t.full || containedIn(g, t)) {
			m := g
			m.Name = newFull + strings.TrimPrefix(g.Name, t.full)
			moved = append(moved, m)
		}
	}
	if err := e.removeGrants(ctx, func(g grant) bool { return g.On == t.on && g.Name == t.full || containedIn(g, t) }); err != nil {
		return err
	}
	return e.addGrants(ctx, moved...)
}

// checkTaskOwner requires the task's owner role to hold EXECUTE TASK.
func (s *Session) checkTaskOwner(full string) error {
	owner := s.e.ownerOf("TASK", full)
	oz := authz{e: s.e, roles: s.e.closure(owner)}
	if !oz.account("EXECUTE TASK") {
		return Errorf(codeTaskPriv, "42501", "Cannot execute task , EXECUTE TASK privilege must be granted to owner role")
	}
	return nil
}

// authorizeTaskRun checks EXECUTE TASK name: OPERATE on the task, and the
// owner's EXECUTE TASK.
func (s *Session) authorizeTaskRun(ctx context.Context, text, _ string) error {
	c, err := newCursor(text)
	if err != nil {
		return nil
	}
	c.accept("EXECUTE", "TASK")
	n, err := c.objectName()
	if err != nil {
		return nil
	}
	db, schema, name, ok := s.qualify(n.parts)
	if !ok {
		return nil
	}
	if _, exists, _ := s.e.GetObject(ctx, "TASK", db, schema, name); !exists {
		return nil
	}
	z := s.authz()
	if err := s.checkContainers(ctx, z, db, schema); err != nil {
		return err
	}
	full := db + "." + schema + "." + name
	if err := checkObject(z, "OPERATE", "TASK", full); err != nil {
		return err
	}
	return s.checkTaskOwner(full)
}

// authorizeDescribe: describing an object needs some privilege on it.
func (s *Session) authorizeDescribe(ctx context.Context, words []string, text string) error {
	t, ok := s.parseTarget(ctx, words, text)
	if !ok {
		// DESC <name>: a table or view.
		c, err := newCursor(text)
		if err != nil {
			return nil
		}
		c.pos++
		n, err := c.objectName()
		if err != nil {
			return nil
		}
		db, schema, name, ok := s.qualify(n.parts)
		if !ok {
			return nil
		}
		t = &target{on: "TABLE", db: db, schema: schema, name: name, full: db + "." + schema + "." + name}
		t.exists = s.e.objectExists(ctx, t)
	}
	if !t.exists || t.on == "USER" || t.on == "ROLE" {
		return nil
	}
	z := s.authz()
	if err := s.checkContainers(ctx, z, t.db, t.schema); err != nil {
		return err
	}
	if !z.sees(t.on, t.full) {
		if t.on == "TABLE" || t.on == "VIEW" {
			return errObjectHidden(t.full)
		}
		return notExistError(t.on, t.name)
	}
	return nil
}

// authorizeUse: USE ROLE needs the role granted to the user (directly or
// through the hierarchy); USE DATABASE/SCHEMA/WAREHOUSE needs USAGE.
// USE SECONDARY ROLES is carried out here.
func (s *Session) authorizeUse(ctx context.Context, words []string, text string) (*Result, func(context.Context) error, error) {
	c, err := newCursor(text)
	if err != nil {
		return nil, nil, nil
	}
	c.accept("USE")
	if c.accept("SECONDARY", "ROLES") || c.accept("SECONDARY", "ROLE") {
		return s.useSecondaryRoles(c)
	}
	kind := ""
	for _, k := range []string{"DATABASE", "SCHEMA", "ROLE", "WAREHOUSE"} {
		if c.accept(k) {
			kind = k
		}
	}
	n, err := c.objectName()
	if err != nil {
		return nil, nil, nil
	}
	missing := Errorf(CodeNotExist, "02000", "Object does not exist, or operation cannot be performed.")
	z := s.authz()
	switch kind {
	case "ROLE":
		role := n.last()
		if !s.e.roleExists(ctx, role) {
			return nil, nil, Errorf(CodeNotExist, "02000", "SQL compilation error:\nRole '%s' does not exist or not authorized.", role)
		}
		if !s.mayUseRole(role) {
			return nil, nil, Errorf(codeRoleNotGrant, "42501", "SQL access control error:\nRequested role '%s' is not assigned to the executing user.  Specify another role to activate.", role)
		}
		return nil, nil, nil
	case "WAREHOUSE":
		if _, ok, _ := s.e.GetObject(ctx, "WAREHOUSE", "", "", n.last()); ok && !z.has("USAGE", "WAREHOUSE", n.last()) {
			if !z.sees("WAREHOUSE", n.last()) {
				return nil, nil, missing
			}
			return nil, nil, errInsufficient("warehouse", n.last())
		}
		return nil, nil, nil
	}
	db, schema := s.Database, ""
	switch {
	case kind == "DATABASE" || (kind == "" && len(n.parts) == 1):
		db = n.last()
	case len(n.parts) == 2:
		db, schema = n.parts[0], n.parts[1]
	default:
		schema = n.last()
	}
	err = s.checkContainers(ctx, z, db, schema)
	if err != nil {
		if e, ok := err.(*Error); ok && e.Code == CodeNotExist {
			return nil, nil, missing
		}
	}
	return nil, nil, err
}

// mayUseRole reports whether the session's user holds role, directly or
// through the roles granted to them.
func (s *Session) mayUseRole(role string) bool {
	return s.e.closure(s.e.rolesOfUser(s.userName())...)[role]
}

func (s *Session) useSecondaryRoles(c *cursor) (*Result, func(context.Context) error, error) {
	ok := statusResult("Statement executed successfully.")
	switch {
	case c.accept("ALL"):
		s.secondaryAll, s.secondary = true, nil
		return ok, nil, nil
	case c.accept("NONE"):
		s.secondaryAll, s.secondary = false, nil
		return ok, nil, nil
	}
	var roles []string
	for !c.done() {
		r, err := c.ident()
		if err != nil {
			return nil, nil, err
		}
		if !s.mayUseRole(r) {
			return nil, nil, Errorf(codeRoleNotGrant, "42501", "SQL access control error:\nRequested role '%s' is not assigned to the executing user.  Specify another role to activate.", r)
		}
		roles = append(roles, r)
		c.acceptOp(",")
	}
	s.secondaryAll, s.secondary = false, roles
	return ok, nil, nil
}
