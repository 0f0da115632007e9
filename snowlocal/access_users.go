package snowlocal

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"strings"
)

// Users and roles created by SQL. A user's password is kept only as a
// salted PBKDF2 hash, never in the catalog's statement text.

func init() {
	extensions = append(extensions, func(ctx context.Context, e *Engine) error {
		if err := e.initACL(ctx); err != nil {
			return err
		}
		e.Register("CREATE ROLE", cmdCreateRole)
		e.Register("DROP ROLE", cmdDropRole)
		e.Register("ALTER ROLE", cmdAlterRole)
		e.Register("CREATE USER", cmdCreateUser)
		e.Register("ALTER USER", cmdAlterUser)
		e.Register("DROP USER", cmdDropUser)
		e.Register("GRANT", cmdGrantStmt)
		e.Register("REVOKE", cmdGrantStmt)
		e.Register("SHOW GRANTS", cmdShowGrants)
		e.Register("SHOW FUTURE GRANTS", cmdShowFutureGrants)
		e.Register("SHOW ROLES", cmdShowRoles)
		e.Register("SHOW USERS", cmdShowUsers)
		return nil
	})
}

const pbkdf2Iterations = 100_000

func hashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, pbkdf2Iterations, 32)
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(salt) + "$" + hex.EncodeToString(key), nil
}

func checkPassword(stored, password string) bool {
	salt, want, ok := strings.Cut(stored, "$")
	if !ok {
		return false
	}
	s, err1 := hex.DecodeString(salt)
	w, err2 := hex.DecodeString(want)
	if err1 != nil || err2 != nil {
		return false
	}
	key, err := pbkdf2.Key(sha256.New, password, s, pbkdf2Iterations, len(w))
	return err == nil && subtle.ConstantTimeCompare(key, w) == 1
}

// roleExists reports a system role or one created by SQL.
func (e *Engine) roleExists(ctx context.Context, name string) bool {
	if isSystemRole(name) {
		return true
	}
	_, ok, _ := e.GetObject(ctx, "ROLE", "", "", name)
	return ok
}

func (e *Engine) user(ctx context.Context, name string) (Object, bool) {
	o, ok, _ := e.GetObject(ctx, "USER", "", "", strings.ToUpper(name))
	return o, ok
}

// EnsureAdmin makes the engine's configured login a user holding
// ACCOUNTADMIN (its default role), as a trial account's first user is.
func (e *Engine) EnsureAdmin(ctx context.Context, name string) error {
	name = strings.ToUpper(name)
	if _, ok := e.user(ctx, name); !ok {
		if err := e.PutObject(ctx, Object{Kind: "USER", Name: name, Owner: "ACCOUNTADMIN",
			Props: map[string]string{"LOGIN_NAME": name, "DISPLAY_NAME": name, "DEFAULT_ROLE": "ACCOUNTADMIN", "DEFAULT_SECONDARY_ROLES": "('ALL')"}}); err != nil {
			return err
		}
	}
	for _, r := range e.rolesOfUser(name) {
		if r == "ACCOUNTADMIN" {
			return nil
		}
	}
	return e.addGrants(ctx, grant{Privilege: "USAGE", On: "ROLE", Name: "ACCOUNTADMIN", To: "USER", Grantee: name})
}

// authenticateUser checks a SQL-created user's password.
func (e *Engine) authenticateUser(ctx context.Context, login, password string) bool {
	o, ok := e.user(ctx, login)
	if !ok || o.Props["PASSWORD_HASH"] == "" || strings.EqualFold(o.Props["DISABLED"], "TRUE") {
		return false
	}
	return checkPassword(o.Props["PASSWORD_HASH"], password)
}

// loginRoles resolves a new session's primary role (the one the
// connection asks for, if granted; else the user's default role, if
// granted; else PUBLIC) and its secondary roles (DEFAULT_SECONDARY_ROLES,
// ('ALL') unless set).
func (e *Engine) loginRoles(ctx context.Context, user, requested string) (primary string, all bool, secondary []string, err *Error) {
	user = strings.ToUpper(user)
	held := e.closure(e.rolesOfUser(user)...)
	o, _ := e.user(ctx, user)
	if requested != "" {
		if !held[requested] {
			return "", false, nil, Errorf("390189", "08004", "Role '%s' specified in the connect string is not granted to this user. Contact your local system administrator, or attempt to login with another role, e.g. PUBLIC.", requested)
		}
		primary = requested
	} else if d := o.Props["DEFAULT_ROLE"]; d != "" && held[d] {
		primary = d
	} else {
		primary = "PUBLIC"
	}
	dsr := strings.ToUpper(strings.ReplaceAll(o.Props["DEFAULT_SECONDARY_ROLES"], " ", ""))
	switch dsr {
	case "", "('ALL')", "(ALL)":
		all = true
	case "()":
	default:
		for _, r := range strings.Split(strings.Trim(dsr, "()"), ",") {
			if r = strings.Trim(r, `'"`); r != "" && held[r] {
				secondary = append(secondary, r)
			}
		}
	}
	return primary, all, secondary, nil
}

// startLogin applies the login's roles to a new session and drops a
// current warehouse, database or schema the roles may not use.
func (s *Session) startLogin(ctx context.Context, all bool, secondary []string) error {
	s.secondaryAll, s.secondary = all, secondary
	if s.Warehouse != "" {
		if _, ok, _ := s.e.GetObject(ctx, "WAREHOUSE", "", "", s.Warehouse); ok && !s.authz().has("USAGE", "WAREHOUSE", s.Warehouse) {
			s.Warehouse = ""
		}
	}
	if s.Database == "" {
		return nil
	}
	if err := s.checkContainers(ctx, s.authz(), s.Database, s.Schema); err != nil {
		s.Database, s.Schema = "", ""
		return s.syncUse(ctx)
	}
	return nil
}

func cmdCreateRole(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "ROLE")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	props := c.properties()
	if !s.primaryAuthz().account("CREATE ROLE") {
		return nil, errInsufficient("account", accountName)
	}
	if s.e.roleExists(ctx, name) {
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
		if isSystemRole(name) || !s.authz().owns("ROLE", name) {
			return nil, errInsufficient("role", name)
		}
	}
	if err := s.e.PutObject(ctx, Object{Kind: "ROLE", Name: name, Props: props, Owner: s.Role}); err != nil {
		return nil, err
	}
	if err := s.e.removeGrants(ctx, func(g grant) bool { return g.On == "ROLE" && g.Name == name && g.Privilege == "OWNERSHIP" }); err != nil {
		return nil, err
	}
	if err := s.e.addGrants(ctx, grant{Privilege: "OWNERSHIP", On: "ROLE", Name: name, To: "ROLE", Grantee: s.Role, GrantOption: true, GrantedBy: s.Role}); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Role %s successfully created.", name)), nil
}

func cmdAlterRole(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "ROLE")
	ifExists := c.accept("IF", "EXISTS")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	if !s.e.roleExists(ctx, name) {
		return alterMissing(ifExists, notExistError("ROLE", name))
	}
	if !s.authz().owns("ROLE", name) {
		return nil, hiddenOrInsufficient(s.authz(), "ROLE", name, notExistError("ROLE", name))
	}
	if o, ok, _ := s.e.GetObject(ctx, "ROLE", "", "", name); ok && c.accept("SET") {
		for k, v := range c.properties() {
			if o.Props == nil {
				o.Props = map[string]string{}
			}
			o.Props[k] = v
		}
		if err := s.e.PutObject(ctx, o); err != nil {
			return nil, err
		}
	}
	return statusResult("Statement executed successfully."), nil
}

// cmdDropRole drops a role; the objects it owned pass to the role that
// drops it, as in Snowflake.
func cmdDropRole(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "ROLE")
	ifExists := c.accept("IF", "EXISTS")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	notExist := notExistError("ROLE", name)
	if !s.e.roleExists(ctx, name) {
		return dropMissing(name, ifExists, notExist)
	}
	z := s.authz()
	if isSystemRole(name) {
		return nil, errInsufficient("role", name)
	}
	if !z.owns("ROLE", name) {
		if !z.sees("ROLE", name) {
			return dropMissing(name, ifExists, notExist)
		}
		return nil, errInsufficient("role", name)
	}
	if _, err := s.e.DeleteObject(ctx, "ROLE", "", "", name); err != nil {
		return nil, err
	}
	var owned []grant
	for _, g := range s.e.allGrants() {
		if g.Privilege == "OWNERSHIP" && g.To == "ROLE" && g.Grantee == name && !(g.On == "ROLE" && g.Name == name) {
			g.Grantee, g.GrantedBy = s.Role, s.Role
			owned = append(owned, g)
		}
	}
	if err := s.e.removeGrants(ctx, func(g grant) bool {
		return (g.On == "ROLE" && g.Name == name) || (g.To == "ROLE" && g.Grantee == name)
	}); err != nil {
		return nil, err
	}
	if err := s.e.addGrants(ctx, owned...); err != nil {
		return nil, err
	}
	for _, g := range owned {
		s.e.setCatalogOwner(ctx, g.On, g.Name, s.Role)
	}
	return dropped(name), nil
}

// userProps reads CREATE/ALTER USER properties, hashing the password.
func userProps(c *cursor, props map[string]string) error {
	for k, v := range c.properties() {
		switch k {
		case "PASSWORD":
			h, err := hashPassword(v)
			if err != nil {
				return err
			}
			props["PASSWORD_HASH"] = h
		case "DEFAULT_ROLE":
			props[k] = strings.ToUpper(v)
		case "PASSWORD_HASH", "LAST_SUCCESS_LOGIN":
			// The engine's own bookkeeping, not a user property.
			return Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: user property %s in the local engine.", k)
		default:
			props[k] = v
		}
	}
	return nil
}

func cmdCreateUser(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "USER")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	c.accept("WITH")
	props := map[string]string{}
	if err := userProps(c, props); err != nil {
		return nil, err
	}
	if !s.primaryAuthz().account("CREATE USER") {
		return nil, errInsufficient("account", accountName)
	}
	if _, exists := s.e.user(ctx, name); exists {
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
		if !s.authz().owns("USER", name) {
			return nil, errInsufficient("user", name)
		}
	}
	if props["LOGIN_NAME"] == "" {
		props["LOGIN_NAME"] = name
	}
	if props["DISPLAY_NAME"] == "" {
		props["DISPLAY_NAME"] = name
	}
	// SQL_TEXT stays empty: the statement carries the password.
	if err := s.e.PutObject(ctx, Object{Kind: "USER", Name: name, Props: props, Owner: s.Role}); err != nil {
		return nil, err
	}
	if err := s.e.addGrants(ctx, grant{Privilege: "OWNERSHIP", On: "USER", Name: name, To: "ROLE", Grantee: s.Role, GrantOption: true, GrantedBy: s.Role}); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("User %s successfully created.", name)), nil
}

func cmdAlterUser(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER", "USER")
	ifExists := c.accept("IF", "EXISTS")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	o, ok := s.e.user(ctx, name)
	if !ok {
		return alterMissing(ifExists, notExistError("USER", name))
	}
	z := s.authz()
	if name != s.userName() && !z.owns("USER", name) {
		return nil, hiddenOrInsufficient(z, "USER", name, notExistError("USER", name))
	}
	if o.Props == nil {
		o.Props = map[string]string{}
	}
	switch {
	case c.accept("SET"):
		if err := userProps(c, o.Props); err != nil {
			return nil, err
		}
	case c.accept("UNSET"):
		for !c.done() {
			switch k := strings.ToUpper(c.word(0)); k {
			case "PASSWORD":
				delete(o.Props, "PASSWORD_HASH")
			case "PASSWORD_HASH", "LAST_SUCCESS_LOGIN":
				return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: user property %s in the local engine.", k)
			default:
				delete(o.Props, k)
			}
			c.pos++
			c.acceptOp(",")
		}
	}
	if err := s.e.PutObject(ctx, o); err != nil {
		return nil, err
	}
	return statusResult("Statement executed successfully."), nil
}

func cmdDropUser(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP", "USER")
	ifExists := c.accept("IF", "EXISTS")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	notExist := notExistError("USER", name)
	if _, ok := s.e.user(ctx, name); !ok {
		return dropMissing(name, ifExists, notExist)
	}
	z := s.authz()
	if !z.owns("USER", name) {
		if !z.sees("USER", name) {
			return dropMissing(name, ifExists, notExist)
		}
		return nil, errInsufficient("user", name)
	}
	if _, err := s.e.DeleteObject(ctx, "USER", "", "", name); err != nil {
		return nil, err
	}
	if err := s.e.removeGrants(ctx, func(g grant) bool { return (g.On == "USER" && g.Name == name) || (g.To == "USER" && g.Grantee == name) }); err != nil {
		return nil, err
	}
	if err := s.e.forgetLogins(ctx, name); err != nil {
		return nil, err
	}
	return dropped(name), nil
}

// setCatalogOwner keeps the OWNER of an engine-catalog object (which tasks
// run as and pipes load as) in step with its OWNERSHIP grant.
func (e *Engine) setCatalogOwner(ctx context.Context, on, full, owner string) {
	kind := catalogKinds[on]
	if kind == "" {
		return
	}
	parts := strings.Split(full, ".")
	db, schema, name := "", "", full
	if len(parts) == 3 {
		db, schema, name = parts[0], parts[1], parts[2]
	}
	_, _ = e.catalogDB.ExecContext(ctx, `UPDATE `+e.meta+`.OBJECTS SET OWNER=? WHERE KIND=? AND DATABASE_NAME=? AND SCHEMA_NAME=? AND NAME=?`,
		owner, kind, db, schema, name)
}
