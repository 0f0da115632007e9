package snowlocal

import (
	"context"
	"sort"
	"strings"
	"time"
)

func grantedByType(g grant) any {
	if g.GrantedBy == "" {
		return ""
	}
	return "ROLE"
}

func createdOf(g grant) time.Time {
	if g.CreatedOn.IsZero() {
		return time.Unix(0, 0)
	}
	return g.CreatedOn
}

// cmdShowGrants answers SHOW GRANTS [ON ACCOUNT | ON <type> <name> |
// TO ROLE r | TO USER u | OF ROLE r].
func cmdShowGrants(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW", "GRANTS")
	z := s.authz()
	switch {
	case c.done(), c.accept("TO", "USER"):
		user := s.userName()
		if !c.done() {
			u, err := c.ident()
			if err != nil {
				return nil, err
			}
			user = u
			if _, ok := s.e.user(ctx, user); !ok {
				return nil, notExistError("USER", user)
			}
		}
		t := newTable("created_on", "privilege", "granted_on", "name", "role", "granted_to", "grantee_name", "grant_option", "granted_by")
		for _, g := range s.e.allGrants() {
			if g.To != "USER" || g.Grantee != user {
				continue
			}
			role := any(nil)
			if g.On == "ROLE" && g.Privilege == "USAGE" {
				role = g.Name
			}
			t.add(createdOf(g), g.Privilege, g.On, g.Name, role, "USER", g.Grantee, g.GrantOption, g.GrantedBy)
		}
		return t.result(), nil
	case c.accept("ON", "ACCOUNT"):
		t := newTable("created_on", "privilege", "granted_on", "name", "granted_to", "grantee_name", "grant_option", "granted_by", "granted_by_role_type")
		gs := s.e.grantsOn("ACCOUNT", accountName)
		sortOn(gs)
		for _, g := range gs {
			t.add(createdOf(g), g.Privilege, "ACCOUNT", g.Name, g.To, g.Grantee, g.GrantOption, g.GrantedBy, grantedByType(g))
		}
		return t.result(), nil
	case c.accept("ON"):
		kind := c.word(0)
		c.pos++
		if w := kind + " " + c.word(0); objectTypes[w] != "" {
			kind = w
			c.pos++
		}
		on := objectTypes[kind]
		if on == "" {
			return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: unexpected object type '%s' in SHOW GRANTS ON", kind)
		}
		n, err := c.objectName()
		if err != nil {
			return nil, err
		}
		tg := &target{on: on}
		if err := s.fillTarget(ctx, tg, n); err != nil {
			return nil, err
		}
		if !tg.exists || !z.sees(tg.on, tg.full) {
			return nil, notExistError(tg.on, n.String())
		}
		t := newTable("created_on", "privilege", "granted_on", "name", "granted_to", "grantee_name", "grant_option", "granted_by", "granted_by_role_type")
		gs := s.e.grantsOn(tg.on, tg.full)
		if tg.on == "ROLE" {
			gs = nil
			for _, g := range s.e.allGrants() {
				if g.On == "ROLE" && g.Name == tg.full && (g.To == "ROLE" || g.Privilege == "OWNERSHIP") {
					gs = append(gs, g)
				}
			}
		}
		sortOn(gs)
		for _, g := range gs {
			t.add(createdOf(g), g.Privilege, g.On, g.Name, g.To, g.Grantee, g.GrantOption, g.GrantedBy, grantedByType(g))
		}
		return t.result(), nil
	case c.accept("TO", "ROLE"), c.accept("TO"):
		role, err := c.ident()
		if err != nil {
			return nil, err
		}
		if !s.e.roleExists(ctx, role) {
			return nil, notExistError("ROLE", role)
		}
		var gs []grant
		for _, g := range s.e.allGrants() {
			if g.To == "ROLE" && g.Grantee == role {
				gs = append(gs, g)
			}
		}
		sort.SliceStable(gs, func(i, j int) bool {
			a, b := gs[i], gs[j]
			if a.On != b.On {
				return a.On < b.On
			}
			if a.Name != b.Name {
				return a.Name < b.Name
			}
			return a.Privilege < b.Privilege
		})
		t := newTable("created_on", "privilege", "granted_on", "name", "granted_to", "grantee_name", "grant_option", "granted_by")
		for _, g := range gs {
			t.add(createdOf(g), g.Privilege, g.On, g.Name, "ROLE", g.Grantee, g.GrantOption, g.GrantedBy)
		}
		return t.result(), nil
	case c.accept("OF", "ROLE"):
		role, err := c.ident()
		if err != nil {
			return nil, err
		}
		if !s.e.roleExists(ctx, role) {
			return nil, notExistError("ROLE", role)
		}
		t := newTable("created_on", "role", "granted_to", "grantee_name", "granted_by")
		for _, g := range s.e.allGrants() {
			if g.On == "ROLE" && g.Name == role && g.Privilege == "USAGE" {
				t.add(createdOf(g), role, g.To, g.Grantee, g.GrantedBy)
			}
		}
		return t.result(), nil
	}
	return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: this form of SHOW GRANTS in the local engine.")
}

// sortOn is SHOW GRANTS ON's order: by grantee, then privilege.
func sortOn(gs []grant) {
	sort.SliceStable(gs, func(i, j int) bool {
		if gs[i].Grantee != gs[j].Grantee {
			return gs[i].Grantee < gs[j].Grantee
		}
		return gs[i].Privilege < gs[j].Privilege
	})
}

// cmdShowFutureGrants answers SHOW FUTURE GRANTS IN SCHEMA|DATABASE x and
// TO ROLE r.
func cmdShowFutureGrants(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW", "FUTURE", "GRANTS")
	var scopeType, scope, role string
	switch {
	case c.accept("IN", "SCHEMA"):
		n, err := c.objectName()
		if err != nil {
			return nil, err
		}
		scopeType = "SCHEMA"
		g := &grantStmt{scopeType: "SCHEMA", scope: n}
		db, schema, err := s.scopeOf(g)
		if err != nil {
			return nil, err
		}
		scope = db + "." + schema
	case c.accept("IN", "DATABASE"):
		n, err := c.ident()
		if err != nil {
			return nil, err
		}
		scopeType, scope = "DATABASE", n
	case c.accept("TO", "ROLE"):
		r, err := c.ident()
		if err != nil {
			return nil, err
		}
		role = r
	default:
		return nil, Errorf(CodeSyntax, "42000", "SQL compilation error:\nsyntax error: SHOW FUTURE GRANTS needs IN SCHEMA, IN DATABASE or TO ROLE")
	}
	s.e.acl.mu.RLock()
	future := append([]futureGrant(nil), s.e.acl.future...)
	s.e.acl.mu.RUnlock()
	t := newTable("created_on", "privilege", "grant_on", "name", "grant_to", "grantee_name", "grant_option")
	for _, f := range future {
		if (role != "" && f.Grantee != role) || (role == "" && (f.ScopeType != scopeType || f.Scope != scope)) {
			continue
		}
		name := f.Scope + ".<" + f.On + ">"
		t.add(f.CreatedOn, f.Privilege, f.On, name, "ROLE", f.Grantee, f.GrantOption)
	}
	return t.result(), nil
}

// systemRoleComments are the system roles' comments in SHOW ROLES, as
// mlorek/frostlake's catalog gives them to its system roles (its test
// showRolesCarriesLiveColumnLayout reads ACCOUNTADMIN's) and a public
// recording of a real account's "show roles; SELECT name, comment FROM
// TABLE(result_scan(last_query_id()))" prints them, USERADMIN's without a
// final period.
var systemRoleComments = map[string]string{
	"ACCOUNTADMIN":  "Account administrator can manage all aspects of the account.",
	"ORGADMIN":      "Organization administrator can manage organizations and accounts in organizations",
	"PUBLIC":        "Public role is automatically available to every user in the account.",
	"SECURITYADMIN": "Security administrator can manage security aspects of the account.",
	"SYSADMIN":      "System administrator can create and manage databases and warehouses.",
	"USERADMIN":     "User administrator can create and manage users and roles",
}

// cmdShowRoles lists the account's roles, in the columns of the
// live-measured reference mlorek/frostlake (ShowSecurityExecutor.showRoles,
// whose test showRolesCarriesLiveColumnLayout reads N in the last one):
// is_from_organization_user_group is N, no role of the engine coming from
// an organization user group (docs show-roles: "If TRUE, the role was
// imported from an organization user group").
func cmdShowRoles(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW", "ROLES")
	sc, err := parseShowScope(s, c, false)
	if err != nil {
		return nil, err
	}
	objs, err := s.e.ListObjects(ctx, "ROLE", "", "")
	if err != nil {
		return nil, err
	}
	for _, r := range systemRoles {
		objs = append(objs, Object{Name: r, Props: map[string]string{"COMMENT": systemRoleComments[r]}})
	}
	sort.Slice(objs, func(i, j int) bool { return objs[i].Name < objs[j].Name })
	inherited := s.e.closure(s.activeRoles()...)
	grants := s.e.allGrants()
	def := ""
	if u, ok := s.e.user(ctx, s.userName()); ok {
		def = u.Props["DEFAULT_ROLE"]
	}
	t := newTable("created_on", "name", "is_default", "is_current", "is_inherited", "assigned_to_users", "granted_to_roles", "granted_roles", "owner", "comment",
		"is_from_organization_user_group")
	for _, o := range objs {
		if !sc.match(o.Name) {
			continue
		}
		users, toRoles, granted := 0, 0, 0
		for _, g := range grants {
			if g.On == "ROLE" && g.Privilege == "USAGE" && g.Name == o.Name {
				if g.To == "USER" {
					users++
				} else {
					toRoles++
				}
			}
			if g.On == "ROLE" && g.Privilege == "USAGE" && g.To == "ROLE" && g.Grantee == o.Name {
				granted++
			}
		}
		created := o.CreatedOn
		if created.IsZero() {
			created = time.Unix(0, 0)
		}
		t.add(created, o.Name, boolYN(o.Name == def, "Y", "N"), boolYN(o.Name == s.Role, "Y", "N"),
			boolYN(o.Name != s.Role && inherited[o.Name], "Y", "N"), users, toRoles, granted, s.e.ownerOf("ROLE", o.Name), o.Props["COMMENT"], "N")
	}
	return t.result(), nil
}

// cmdShowUsers lists the users the active roles own or, with MANAGE
// GRANTS, all of them, in the columns of docs show-users (Output) and the
// live-measured reference mlorek/frostlake (ShowSecurityExecutor.showUsers):
// expires_at_time and locked_until_time are TIMESTAMP_LTZ (showTimeColumns),
// NULL as the engine neither expires nor locks users; type is the TYPE
// property, PERSON when unset or NULL (bundle 2025_05, bcr-2067,
// https://docs.snowflake.com/release-notes/bcr-bundles/2025_05/bcr-2067);
// has_mfa, has_pat, has_workload_identity and is_from_organization_user
// are false, the engine keeping no MFA enrollment, programmatic access
// token, workload identity or organization user.
func cmdShowUsers(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW", "USERS")
	sc, err := parseShowScope(s, c, false)
	if err != nil {
		return nil, err
	}
	objs, err := s.e.ListObjects(ctx, "USER", "", "")
	if err != nil {
		return nil, err
	}
	logins, err := s.e.lastLogins(ctx) // user_logins.go
	if err != nil {
		return nil, err
	}
	z := s.authz()
	t := newTable("name", "created_on", "login_name", "display_name", "first_name", "last_name", "email", "mins_to_unlock",
		"days_to_expiry", "comment", "disabled", "must_change_password", "snowflake_lock", "default_warehouse",
		"default_namespace", "default_role", "default_secondary_roles", "ext_authn_duo", "ext_authn_uid",
		"mins_to_bypass_mfa", "owner", "last_success_login", "expires_at_time", "locked_until_time",
		"has_password", "has_rsa_public_key", "type", "has_mfa", "has_pat", "has_workload_identity", "is_from_organization_user")
	for _, o := range objs {
		if !sc.match(o.Name) || (o.Name != s.userName() && !z.sees("USER", o.Name)) {
			continue
		}
		if !z.owns("USER", o.Name) && !z.account("MANAGE GRANTS") {
			// "The output always includes the username in the name column
			// ... Otherwise, the other columns contain NULL." (docs
			// show-users, Access control requirements)
			t.add(o.Name)
			continue
		}
		var login any
		if l, ok := logins[o.Name]; ok && l.unknown {
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: SHOW USERS listing user %s, whose last login predates the engine's login records (it is listed again once the user logs in), in the local engine.", o.Name)
		} else if ok {
			login = l.at
		}
		p := o.Props
		secondary, ok := secondaryRolesText(p["DEFAULT_SECONDARY_ROLES"])
		if !ok {
			return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: SHOW USERS listing user %s, whose DEFAULT_SECONDARY_ROLES %s is neither ('ALL') nor (), in the local engine.", o.Name, p["DEFAULT_SECONDARY_ROLES"])
		}
		hasPassword, hasKey := p["PASSWORD_HASH"] != "", p["RSA_PUBLIC_KEY"] != ""
		if o.Name == s.e.adminUser {
			hasPassword, hasKey = hasPassword || s.e.adminHasPassword, hasKey || s.e.adminHasKey
		}
		t.add(o.Name, o.CreatedOn, p["LOGIN_NAME"], p["DISPLAY_NAME"], p["FIRST_NAME"], p["LAST_NAME"], p["EMAIL"], nil,
			nil, p["COMMENT"], orDefault(strings.ToLower(p["DISABLED"]), "false"), orDefault(strings.ToLower(p["MUST_CHANGE_PASSWORD"]), "false"), "false",
			p["DEFAULT_WAREHOUSE"], p["DEFAULT_NAMESPACE"], p["DEFAULT_ROLE"], secondary, "false", "",
			nil, s.e.ownerOf("USER", o.Name), login, nil, nil,
			boolYN(hasPassword, "true", "false"), boolYN(hasKey, "true", "false"),
			userType(p["TYPE"]), "false", "false", "false", "false")
	}
	return t.result(), nil
}

// showKinds maps SHOW <objects> to the grant object type of its rows.
var showKinds = map[string]string{
	"DATABASES": "DATABASE", "SCHEMAS": "SCHEMA", "TABLES": "TABLE", "VIEWS": "VIEW", "OBJECTS": "TABLE",
	"STAGES": "STAGE", "FILE": "FILE_FORMAT", "PIPES": "PIPE", "STREAMS": "STREAM", "TASKS": "TASK",
	"WAREHOUSES": "WAREHOUSE", "INTEGRATIONS": "INTEGRATION", "STORAGE": "INTEGRATION", "COLUMNS": "TABLE",
}

// filterShow keeps the SHOW rows whose objects the active roles can see
// (some privilege on them, and USAGE on their database and schema) and
// fills their owner column from the grants.
func (s *Session) filterShow(ctx context.Context, words []string, res *Result) *Result {
	if res == nil || len(words) < 2 {
		return res
	}
	w := words[1]
	if w == "TERSE" && len(words) > 2 {
		w = words[2]
	}
	on := showKinds[w]
	if on == "" {
		return res
	}
	col := map[string]int{}
	for i, c := range res.Columns {
		col[c.Name] = i
	}
	get := func(row []*string, name string) string {
		if i, ok := col[name]; ok && row[i] != nil {
			return *row[i]
		}
		return ""
	}
	nameCol := "name"
	if w == "COLUMNS" {
		nameCol = "table_name"
	}
	if _, ok := col[nameCol]; !ok {
		return res
	}
	z := s.authz()
	var rows [][]*string
	for _, row := range res.Rows {
		name := get(row, nameCol)
		db, schema := get(row, "database_name"), get(row, "schema_name")
		kind := on
		if k := get(row, "kind"); (w == "OBJECTS" || w == "TABLES") && (k == "VIEW" || k == "TABLE") {
			kind = k
		}
		full := name
		switch {
		case on == "SCHEMA":
			full = db + "." + name
			if s.checkContainers(ctx, z, db, "") != nil {
				continue
			}
		case db != "" && schema != "":
			full = db + "." + schema + "." + name
			if s.checkContainers(ctx, z, db, schema) != nil {
				continue
			}
		}
		if w != "COLUMNS" && !z.sees(kind, full) || w == "COLUMNS" && !z.sees("TABLE", full) && !z.sees("VIEW", full) {
			continue
		}
		if i, ok := col["owner"]; ok {
			if owner := s.e.ownerOf(kind, full); owner != "" {
				o := owner
				row[i] = &o
			}
		}
		rows = append(rows, row)
	}
	res.Rows = rows
	return res
}

// visibleInformationSchema restricts an INFORMATION_SCHEMA view to the
// objects the session's roles can see, as Snowflake's are.
func (s *Session) visibleInformationSchema(view, db, body string) string {
	ctx := context.Background()
	z := s.authz()
	var col string
	var keep []string
	switch view {
	case "DATABASES":
		dbs, _ := s.e.databases(ctx)
		for _, d := range dbs {
			if z.has("USAGE", "DATABASE", d) {
				keep = append(keep, d)
			}
		}
		col = "DATABASE_NAME"
	case "SCHEMATA":
		keep = append(keep, "INFORMATION_SCHEMA")
		schemas, _ := s.e.objectsIn(ctx, "SCHEMA", db, "")
		for _, full := range schemas {
			if s.checkContainers(ctx, z, db, lastPart(full)) == nil {
				keep = append(keep, lastPart(full))
			}
		}
		col = "SCHEMA_NAME"
	default: // TABLES, VIEWS, COLUMNS
		usable := map[string]bool{}
		for _, on := range []string{"TABLE", "VIEW"} {
			objs, _ := s.e.objectsIn(ctx, on, db, "")
			for _, full := range objs {
				parts := strings.SplitN(full, ".", 3)
				if len(parts) != 3 {
					continue
				}
				ok, seen := usable[parts[1]]
				if !seen {
					ok = s.checkContainers(ctx, z, db, parts[1]) == nil
					usable[parts[1]] = ok
				}
				if ok && z.sees(on, full) {
					keep = append(keep, parts[1]+"."+shownCaseName(parts[2])) // the view shows Snowflake's name: identcase_distinct.go
				}
			}
		}
		col = "TABLE_SCHEMA || '.' || TABLE_NAME"
	}
	// TABLES and VIEWS list the INFORMATION_SCHEMA's own views whatever
	// the role (info_schema.go: informationSchemaOwnRows).
	own := ""
	if view == "TABLES" || view == "VIEWS" {
		own = "TABLE_SCHEMA = 'INFORMATION_SCHEMA' OR "
	}
	if len(keep) == 0 {
		return "(SELECT * FROM " + body + " AS _visible WHERE " + own + "FALSE)"
	}
	quoted := make([]string, len(keep))
	for i, k := range keep {
		quoted[i] = quoteString(k)
	}
	return "(SELECT * FROM " + body + " AS _visible WHERE " + own + col + " IN (" + strings.Join(quoted, ", ") + "))"
}

// userType is SHOW USERS' type of a TYPE property: PERSON when unset or
// NULL (bcr-2067).
func userType(v string) string {
	if v == "" || strings.EqualFold(v, "NULL") {
		return "PERSON"
	}
	return strings.ToUpper(v)
}

// secondaryRolesText is how SHOW USERS prints a DEFAULT_SECONDARY_ROLES
// property: ["ALL"] for ('ALL'), the default when unset (bcr-1692), and []
// for () (docs show-users prints [] for a user without secondary roles).
// ok is false for a list of roles, whose printed form no source shows.
func secondaryRolesText(prop string) (text string, ok bool) {
	switch strings.ToUpper(strings.ReplaceAll(prop, " ", "")) {
	case "", "('ALL')", "(ALL)":
		return `["ALL"]`, true
	case "()":
		return "[]", true
	}
	return "", false
}
