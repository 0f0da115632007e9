package snowlocal

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"
)

// Access control, as Snowflake's: every object is owned by a role (the
// creating one), privileges are granted to roles, roles to roles and users,
// and each statement is authorized by the session's active roles (the
// primary role for CREATE, primary and secondary roles otherwise) and the
// roles they inherit. There is no super-user: ACCOUNTADMIN only reaches
// what its hierarchy owns or was granted, and sees everything through
// MANAGE GRANTS.
//
// The grants live in the engine's _FLURRY.ACL_GRANTS and ACL_FUTURE tables
// and, for checks on every statement, in memory.

// Access control error codes.
const (
	codeInsufficient = "003001" // SQL access control error: Insufficient privileges to operate on ...
	codeRoleNotGrant = "003013" // Requested role ... is not assigned to the executing user
	codeTaskPriv     = "091089" // Cannot execute task , EXECUTE TASK privilege must be granted to owner role
)

// accountName is how grants on the account name it (CURRENT_ACCOUNT()).
const accountName = "LOCAL"

// System roles: ACCOUNTADMIN ⊃ SECURITYADMIN ⊃ USERADMIN, ACCOUNTADMIN ⊃
// SYSADMIN, and PUBLIC granted to every role and user.
var systemRoles = []string{"ACCOUNTADMIN", "ORGADMIN", "PUBLIC", "SECURITYADMIN", "SYSADMIN", "USERADMIN"}

func isSystemRole(name string) bool {
	for _, r := range systemRoles {
		if r == name {
			return true
		}
	}
	return false
}

// grant is one row of SHOW GRANTS: a privilege on an object (OWNERSHIP
// included) or a role (USAGE on ROLE) granted to a role or a user.
type grant struct {
	Privilege   string
	On          string // ACCOUNT, DATABASE, SCHEMA, TABLE, VIEW, STAGE, FILE_FORMAT, PIPE, STREAM, TASK, FUNCTION, PROCEDURE, SEQUENCE, WAREHOUSE, INTEGRATION, ROLE, USER
	Name        string // qualified with dots: DB, DB.SCHEMA, DB.SCHEMA.OBJECT
	To          string // ROLE or USER
	Grantee     string
	GrantOption bool
	GrantedBy   string
	CreatedOn   time.Time
	system      bool // granted by Snowflake; cannot be revoked
}

// futureGrant is a privilege on objects of a kind yet to be created in a
// database or schema.
type futureGrant struct {
	Privilege   string
	On          string // TABLE, VIEW, SCHEMA, ...
	ScopeType   string // DATABASE or SCHEMA
	Scope       string // DB or DB.SCHEMA
	Grantee     string
	GrantOption bool
	CreatedOn   time.Time
}

// acl is the in-memory copy of the grants, indexed by object.
type acl struct {
	mu     sync.RWMutex
	grants []grant
	byObj  map[string][]int // On+"\x00"+Name -> indexes into grants
	future []futureGrant
}

func objKey(on, name string) string { return on + "\x00" + name }

func (a *acl) reindex() {
	a.byObj = map[string][]int{}
	for i, g := range a.grants {
		k := objKey(g.On, g.Name)
		a.byObj[k] = append(a.byObj[k], i)
	}
}

// systemGrants are the grants every account starts with.
func systemGrants() []grant {
	g := func(priv, on, name, role string) grant {
		return grant{Privilege: priv, On: on, Name: name, To: "ROLE", Grantee: role, system: true}
	}
	out := []grant{
		g("USAGE", "ROLE", "SECURITYADMIN", "ACCOUNTADMIN"),
		g("USAGE", "ROLE", "SYSADMIN", "ACCOUNTADMIN"),
		g("USAGE", "ROLE", "USERADMIN", "SECURITYADMIN"),
		g("CREATE DATABASE", "ACCOUNT", accountName, "SYSADMIN"),
		g("CREATE WAREHOUSE", "ACCOUNT", accountName, "SYSADMIN"),
		g("CREATE ROLE", "ACCOUNT", accountName, "USERADMIN"),
		g("CREATE USER", "ACCOUNT", accountName, "USERADMIN"),
		g("MANAGE GRANTS", "ACCOUNT", accountName, "SECURITYADMIN"),
	}
	for _, p := range []string{"CREATE INTEGRATION", "EXECUTE TASK", "EXECUTE MANAGED TASK", "CREATE SHARE",
		"IMPORT SHARE", "MONITOR USAGE", "MONITOR EXECUTION", "CREATE NETWORK POLICY", "APPLY MASKING POLICY"} {
		out = append(out, g(p, "ACCOUNT", accountName, "ACCOUNTADMIN"))
	}
	for _, r := range []string{"ACCOUNTADMIN", "SECURITYADMIN", "SYSADMIN", "USERADMIN"} {
		out = append(out, grant{Privilege: "OWNERSHIP", On: "ROLE", Name: r, To: "ROLE", Grantee: "ACCOUNTADMIN", GrantOption: true, system: true})
	}
	return out
}

// initACL creates the grant tables and loads them.
func (e *Engine) initACL(ctx context.Context) error {
	for _, stmt := range []string{
		`CREATE TABLE IF NOT EXISTS ` + e.meta + `.ACL_GRANTS (PRIVILEGE VARCHAR, GRANTED_ON VARCHAR, NAME VARCHAR,
			GRANTED_TO VARCHAR, GRANTEE VARCHAR, GRANT_OPTION BOOLEAN, GRANTED_BY VARCHAR, CREATED_ON TIMESTAMPTZ)`,
		`CREATE TABLE IF NOT EXISTS ` + e.meta + `.ACL_FUTURE (PRIVILEGE VARCHAR, GRANT_ON VARCHAR, SCOPE_TYPE VARCHAR,
			SCOPE VARCHAR, GRANTEE VARCHAR, GRANT_OPTION BOOLEAN, CREATED_ON TIMESTAMPTZ)`,
	} {
		if _, err := e.db.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("init access control catalog: %w", err)
		}
	}
	a := &acl{grants: systemGrants()}
	rows, err := e.db.QueryContext(ctx, `SELECT PRIVILEGE, GRANTED_ON, NAME, GRANTED_TO, GRANTEE, GRANT_OPTION, GRANTED_BY, CREATED_ON FROM `+e.meta+`.ACL_GRANTS ORDER BY CREATED_ON`)
	if err != nil {
		return fmt.Errorf("load grants: %w", err)
	}
	for rows.Next() {
		var g grant
		var by sql.NullString
		if err := rows.Scan(&g.Privilege, &g.On, &g.Name, &g.To, &g.Grantee, &g.GrantOption, &by, &g.CreatedOn); err != nil {
			rows.Close()
			return fmt.Errorf("load grants: %w", err)
		}
		g.GrantedBy = by.String
		a.grants = append(a.grants, g)
	}
	rows.Close()
	rows, err = e.db.QueryContext(ctx, `SELECT PRIVILEGE, GRANT_ON, SCOPE_TYPE, SCOPE, GRANTEE, GRANT_OPTION, CREATED_ON FROM `+e.meta+`.ACL_FUTURE ORDER BY CREATED_ON`)
	if err != nil {
		return fmt.Errorf("load future grants: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f futureGrant
		if err := rows.Scan(&f.Privilege, &f.On, &f.ScopeType, &f.Scope, &f.Grantee, &f.GrantOption, &f.CreatedOn); err != nil {
			return fmt.Errorf("load future grants: %w", err)
		}
		a.future = append(a.future, f)
	}
	a.reindex()
	e.acl = a
	return rows.Err()
}

// addGrants records grants (replacing an identical privilege/object/grantee).
func (e *Engine) addGrants(ctx context.Context, gs ...grant) error {
	if len(gs) == 0 {
		return nil
	}
	e.acl.mu.Lock()
	defer e.acl.mu.Unlock()
	tx, err := e.catalogDB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := time.Now()
	existing := func(g grant) int {
		for _, i := range e.acl.byObj[objKey(g.On, g.Name)] {
			o := e.acl.grants[i]
			if o.Privilege == g.Privilege && o.To == g.To && o.Grantee == g.Grantee && !o.system {
				return i
			}
		}
		return -1
	}
	for i := range gs {
		g := &gs[i]
		if g.CreatedOn.IsZero() {
			g.CreatedOn = now
		}
		if j := existing(*g); j >= 0 {
			// Granting again keeps a grant option already held.
			g.GrantOption = g.GrantOption || e.acl.grants[j].GrantOption
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+e.meta+`.ACL_GRANTS WHERE PRIVILEGE=? AND GRANTED_ON=? AND NAME=? AND GRANTED_TO=? AND GRANTEE=?`,
			g.Privilege, g.On, g.Name, g.To, g.Grantee); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+e.meta+`.ACL_GRANTS VALUES (?,?,?,?,?,?,?,?)`,
			g.Privilege, g.On, g.Name, g.To, g.Grantee, g.GrantOption, g.GrantedBy, g.CreatedOn); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	for _, g := range gs {
		if j := existing(g); j >= 0 {
			e.acl.grants[j] = g
		} else {
			e.acl.grants = append(e.acl.grants, g)
			k := objKey(g.On, g.Name)
			e.acl.byObj[k] = append(e.acl.byObj[k], len(e.acl.grants)-1)
		}
	}
	return nil
}

// removeGrants deletes the (non-system) grants match selects.
func (e *Engine) removeGrants(ctx context.Context, match func(g grant) bool) error {
	e.acl.mu.Lock()
	defer e.acl.mu.Unlock()
	var keep, drop []grant
	for _, g := range e.acl.grants {
		if !g.system && match(g) {
			drop = append(drop, g)
		} else {
			keep = append(keep, g)
		}
	}
	if len(drop) == 0 {
		return nil
	}
	tx, err := e.catalogDB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, g := range drop {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+e.meta+`.ACL_GRANTS WHERE PRIVILEGE=? AND GRANTED_ON=? AND NAME=? AND GRANTED_TO=? AND GRANTEE=?`,
			g.Privilege, g.On, g.Name, g.To, g.Grantee); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	e.acl.grants = keep
	e.acl.reindex()
	return nil
}

// grantsOn lists the grants on one object. An object created before the
// engine kept ownership (or outside SQL) is owned by ACCOUNTADMIN, the
// role the local default login always had.
func (e *Engine) grantsOn(on, name string) []grant {
	e.acl.mu.RLock()
	defer e.acl.mu.RUnlock()
	var out []grant
	owned := false
	for _, i := range e.acl.byObj[objKey(on, name)] {
		g := e.acl.grants[i]
		owned = owned || g.Privilege == "OWNERSHIP"
		out = append(out, g)
	}
	if !owned && on != "ACCOUNT" && on != "ROLE" && on != "USER" {
		out = append([]grant{{Privilege: "OWNERSHIP", On: on, Name: name, To: "ROLE", Grantee: "ACCOUNTADMIN", GrantOption: true, GrantedBy: "ACCOUNTADMIN"}}, out...)
	}
	return out
}

// allGrants is a snapshot of every grant.
func (e *Engine) allGrants() []grant {
	e.acl.mu.RLock()
	defer e.acl.mu.RUnlock()
	return append([]grant(nil), e.acl.grants...)
}

// ownerOf is the role owning an object.
func (e *Engine) ownerOf(on, name string) string {
	for _, g := range e.grantsOn(on, name) {
		if g.Privilege == "OWNERSHIP" {
			return g.Grantee
		}
	}
	return ""
}

// rolesOfUser lists the roles granted directly to a user.
func (e *Engine) rolesOfUser(user string) []string {
	var out []string
	for _, g := range e.allGrants() {
		if g.On == "ROLE" && g.To == "USER" && g.Grantee == user && g.Privilege == "USAGE" {
			out = append(out, g.Name)
		}
	}
	sort.Strings(out)
	return out
}

// closure is a set of roles and every role they inherit (PUBLIC always).
func (e *Engine) closure(roles ...string) map[string]bool {
	e.acl.mu.RLock()
	defer e.acl.mu.RUnlock()
	set := map[string]bool{}
	queue := append([]string{"PUBLIC"}, roles...)
	for len(queue) > 0 {
		r := queue[0]
		queue = queue[1:]
		if r == "" || set[r] {
			continue
		}
		set[r] = true
		for _, g := range e.acl.grants {
			if g.On == "ROLE" && g.To == "ROLE" && g.Grantee == r && g.Privilege == "USAGE" && !set[g.Name] {
				queue = append(queue, g.Name)
			}
		}
	}
	return set
}

// authz answers privilege questions for a set of (expanded) roles.
type authz struct {
	e     *Engine
	roles map[string]bool
	user  string // direct user grants count too (user-based access control)
	// visible, when set, decides what exists for sees(): CREATE is
	// authorized by the primary role, but the objects the secondary roles
	// see are still there.
	visible *authz
}

func (z authz) holds(g grant) bool {
	if g.To == "USER" {
		return z.user != "" && g.Grantee == z.user
	}
	return z.roles[g.Grantee]
}

// has reports whether the roles hold priv (or OWNERSHIP) on the object.
func (z authz) has(priv, on, name string) bool {
	for _, g := range z.e.grantsOn(on, name) {
		if z.holds(g) && (g.Privilege == priv || g.Privilege == "OWNERSHIP") {
			return true
		}
	}
	return false
}

// owns reports whether the roles own the object.
func (z authz) owns(on, name string) bool { return z.has("OWNERSHIP", on, name) }

// account reports an account-level privilege.
func (z authz) account(priv string) bool {
	for _, g := range z.e.grantsOn("ACCOUNT", accountName) {
		if z.holds(g) && g.Privilege == priv {
			return true
		}
	}
	return false
}

// sees reports whether the object is visible: the roles hold some
// privilege on it, or MANAGE GRANTS, which shows every object.
func (z authz) sees(on, name string) bool {
	if z.visible != nil {
		return z.visible.sees(on, name)
	}
	for _, g := range z.e.grantsOn(on, name) {
		if z.holds(g) {
			return true
		}
	}
	return z.account("MANAGE GRANTS")
}

// withGrantOption reports whether the roles may grant priv on the object
// onwards: they own it or hold it WITH GRANT OPTION.
func (z authz) withGrantOption(priv, on, name string) bool {
	for _, g := range z.e.grantsOn(on, name) {
		if z.holds(g) && (g.Privilege == "OWNERSHIP" || (g.Privilege == priv && g.GrantOption)) {
			return true
		}
	}
	return false
}

// activeRoles are the session's primary role and its secondary roles.
func (s *Session) activeRoles() []string {
	roles := []string{s.Role}
	switch {
	case s.secondaryAll:
		roles = append(roles, s.e.rolesOfUser(s.userName())...)
	default:
		roles = append(roles, s.secondary...)
	}
	return roles
}

// userName is the session user as the catalog names it.
func (s *Session) userName() string { return strings.ToUpper(s.User) }

// authz is the authorization of every statement but CREATE: primary and
// secondary roles, and privileges granted to the user when secondary roles
// are ALL.
func (s *Session) authz() authz {
	z := authz{e: s.e, roles: s.e.closure(s.activeRoles()...)}
	if s.secondaryAll {
		z.user = s.userName()
	}
	return z
}

// primaryAuthz authorizes CREATE: the primary role's hierarchy only.
func (s *Session) primaryAuthz() authz {
	all := s.authz()
	return authz{e: s.e, roles: s.e.closure(s.Role), visible: &all}
}

// Errors, as Snowflake words them.

func errInsufficient(kind, name string) error {
	return Errorf(codeInsufficient, "42501", "SQL access control error:\nInsufficient privileges to operate on %s '%s'", kind, name)
}

// errDatabaseHidden and errSchemaHidden print a name that is not plain
// upper case double-quoted (snowflakeIdent: identcase_container.go).
func errDatabaseHidden(db string) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nDatabase '%s' does not exist or not authorized.", snowflakeIdent(db))
}

func errSchemaHidden(db, schema string) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nSchema '%s.%s' does not exist or not authorized.", snowflakeIdent(db), snowflakeIdent(schema))
}

func errObjectHidden(name string) error {
	return Errorf(CodeNotExist, "42S02", "SQL compilation error:\nObject '%s' does not exist or not authorized.", name)
}

// kindWord is how error messages name an object type.
func kindWord(on string) string {
	return strings.ToLower(strings.ReplaceAll(on, "_", " "))
}

// lastPart is an object's own name without its database and schema.
func lastPart(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// currentSecondaryRoles is CURRENT_SECONDARY_ROLES(): the active secondary
// roles granted directly to the user, and the roles requested.
func (s *Session) currentSecondaryRoles() string {
	var roles []string
	value := strings.Join(s.secondary, ",")
	if s.secondaryAll {
		value = "ALL"
		for _, r := range s.e.rolesOfUser(s.userName()) {
			if r != s.Role {
				roles = append(roles, r)
			}
		}
	} else {
		roles = s.secondary
	}
	b, _ := json.Marshal(map[string]string{"roles": strings.Join(roles, ","), "value": value})
	return string(b)
}

// knownKind is the type of a table, view or stream the grants record an
// owner for (every one created since the engine keeps grants), so most
// statements are checked without a catalog query; "" when none is.
func (e *Engine) knownKind(full string) string {
	e.acl.mu.RLock()
	defer e.acl.mu.RUnlock()
	for _, on := range []string{"TABLE", "VIEW", "STREAM"} {
		for _, i := range e.acl.byObj[objKey(on, full)] {
			if e.acl.grants[i].Privilege == "OWNERSHIP" {
				return on
			}
		}
	}
	return ""
}
