package snowlocal_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"testing"

	sf "github.com/snowflakedb/gosnowflake"

	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
)

// The expected errors and outputs below are Snowflake's, from its
// documentation (SHOW GRANTS, GRANT OWNERSHIP, access control overview)
// and from transcripts of real sessions where the docs give no text.

// aclServer starts an in-memory engine whose configured login is admin.
func aclServer(t *testing.T) *snowlocal.Server {
	t.Helper()
	srv, err := snowlocal.Start(context.Background(), snowlocal.Config{User: "admin", Password: "admin-pw"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// login connects as a user through gosnowflake; role may be "".
func login(t *testing.T, srv *snowlocal.Server, user, password, role string) *sql.DB {
	t.Helper()
	db, err := connectAs(srv, user, password, role)
	if err != nil {
		t.Fatalf("login %s: %v", user, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func connectAs(srv *snowlocal.Server, user, password, role string) (*sql.DB, error) {
	cfg, err := warehouse.LocalConfig(srv.Addr(), user, password)
	if err != nil {
		return nil, err
	}
	cfg.Role = role
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	db.SetMaxOpenConns(1) // one session, so USE carries over
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// wantError runs stmt and requires Snowflake error code with message msg.
func wantError(t *testing.T, db *sql.DB, stmt string, code int, msg string) {
	t.Helper()
	_, err := db.Exec(stmt)
	var se *sf.SnowflakeError
	if !errors.As(err, &se) {
		t.Fatalf("%s: want Snowflake error %06d %q, got %v", stmt, code, msg, err)
	}
	if se.Number != code || se.Message != msg {
		t.Fatalf("%s:\n got %06d %q\nwant %06d %q", stmt, se.Number, se.Message, code, msg)
	}
}

func queryRows(t *testing.T, db *sql.DB, stmt string) (cols []string, rows [][]string) {
	t.Helper()
	r, err := db.Query(stmt)
	if err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
	defer r.Close()
	cols, _ = r.Columns()
	for r.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := r.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = v.String
		}
		rows = append(rows, row)
	}
	if err := r.Err(); err != nil {
		t.Fatal(err)
	}
	return cols, rows
}

// salesSetup makes, as ACCOUNTADMIN, database SALES with table ORDERS, a
// role ANALYST and a user ALICE (default role ANALYST) holding it.
func salesSetup(t *testing.T, srv *snowlocal.Server) *sql.DB {
	admin := login(t, srv, "admin", "admin-pw", "")
	mustExec(t, admin,
		"create database sales",
		"create table sales.public.orders(id int, amount number(10,2))",
		"insert into sales.public.orders values (1, 9.5)",
		"create role analyst",
		"create user alice password = 'alice-pw' default_role = analyst",
		"grant role analyst to user alice",
	)
	return admin
}

func TestDefaultLoginIsAccountAdmin(t *testing.T) {
	srv := aclServer(t)
	admin := login(t, srv, "admin", "admin-pw", "")
	var role string
	if err := admin.QueryRow("select current_role()").Scan(&role); err != nil || role != "ACCOUNTADMIN" {
		t.Fatalf("current_role() = %q, %v; want ACCOUNTADMIN", role, err)
	}
	// ACCOUNTADMIN inherits SYSADMIN's CREATE DATABASE and owns what it creates.
	mustExec(t, admin, "create database d1", "use role sysadmin", "create database d2")
	_, rows := queryRows(t, admin, "show databases")
	owners := map[string]string{}
	for _, r := range rows {
		owners[r[1]] = r[5]
	}
	if owners["D1"] != "ACCOUNTADMIN" || owners["D2"] != "SYSADMIN" {
		t.Fatalf("owners = %v", owners)
	}
}

func TestRoleWithoutDatabaseUsageSeesNothing(t *testing.T) {
	srv := aclServer(t)
	salesSetup(t, srv)
	alice := login(t, srv, "alice", "alice-pw", "")
	var role string
	if err := alice.QueryRow("select current_role()").Scan(&role); err != nil || role != "ANALYST" {
		t.Fatalf("current_role() = %q, %v; want the default role ANALYST", role, err)
	}
	wantError(t, alice, "select * from sales.public.orders", 2003, "SQL compilation error:\nDatabase 'SALES' does not exist or not authorized.")
	wantError(t, alice, "use database sales", 2003, "Object does not exist, or operation cannot be performed.")
	if _, rows := queryRows(t, alice, "show databases"); len(rows) != 0 {
		t.Fatalf("show databases lists %v for a role without privileges", rows)
	}
}

func TestSelectWithoutInsertIsInsufficientPrivileges(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
		"grant select on table sales.public.orders to role analyst",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	var n int
	if err := alice.QueryRow("select count(*) from sales.public.orders").Scan(&n); err != nil || n != 1 {
		t.Fatalf("count = %d, %v", n, err)
	}
	wantError(t, alice, "insert into sales.public.orders values (2, 1)", 3001, "SQL access control error:\nInsufficient privileges to operate on table 'ORDERS'")
	wantError(t, alice, "truncate table sales.public.orders", 3001, "SQL access control error:\nInsufficient privileges to operate on table 'ORDERS'")
	wantError(t, alice, "drop table sales.public.orders", 3001, "SQL access control error:\nInsufficient privileges to operate on table 'ORDERS'")
	// Creating needs CREATE TABLE on the schema.
	wantError(t, alice, "create table sales.public.mine(x int)", 3001, "SQL access control error:\nInsufficient privileges to operate on schema 'PUBLIC'")
	// A table the role holds nothing on does not exist for it.
	mustExec(t, admin, "create table sales.public.secret(x int)")
	wantError(t, alice, "select * from sales.public.secret", 2003, "SQL compilation error:\nObject 'SALES.PUBLIC.SECRET' does not exist or not authorized.")
	// Revoking takes the privilege away.
	mustExec(t, admin, "revoke select on table sales.public.orders from role analyst")
	wantError(t, alice, "select * from sales.public.orders", 2003, "SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.")
}

func TestRequestedRoleMustBeGranted(t *testing.T) {
	srv := aclServer(t)
	salesSetup(t, srv)
	alice := login(t, srv, "alice", "alice-pw", "")
	wantError(t, alice, "use role sysadmin", 3013, "SQL access control error:\nRequested role 'SYSADMIN' is not assigned to the executing user.  Specify another role to activate.")
	if _, err := connectAs(srv, "alice", "alice-pw", "SYSADMIN"); err == nil || !strings.Contains(err.Error(), "Role 'SYSADMIN' specified in the connect string is not granted to this user") {
		t.Fatalf("login with an ungranted role: %v", err)
	}
	if _, err := connectAs(srv, "alice", "wrong", ""); err == nil {
		t.Fatal("login with a wrong password succeeded")
	}
}

func TestRoleHierarchyInheritance(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"create role reader",
		"grant usage on database sales to role reader",
		"grant usage on schema sales.public to role reader",
		"grant select on all tables in schema sales.public to role reader",
		"grant role reader to role analyst",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	var n int
	if err := alice.QueryRow("select count(*) from sales.public.orders").Scan(&n); err != nil || n != 1 {
		t.Fatalf("ANALYST inherits READER's SELECT: count = %d, %v", n, err)
	}
	// ACCOUNTADMIN is no super-user: a table owned by a role outside its
	// hierarchy is visible (MANAGE GRANTS) but not readable.
	mustExec(t, admin,
		"grant create table on schema sales.public to role analyst",
	)
	mustExec(t, alice, "create table sales.public.alices(x int)")
	wantError(t, admin, "select * from sales.public.alices", 3001, "SQL access control error:\nInsufficient privileges to operate on table 'ALICES'")
	mustExec(t, admin, "grant role analyst to role sysadmin", "select * from sales.public.alices")
}

func TestOwnershipAndCopyGrants(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"create role loader",
		"grant role loader to user alice",
		"grant usage on database sales to role loader",
		"grant usage, create table on schema sales.public to role loader",
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
	)
	alice := login(t, srv, "alice", "alice-pw", "loader")
	mustExec(t, alice, "create table sales.public.events(x int)", "grant select on table sales.public.events to role analyst")
	_, rows := queryRows(t, admin, "show grants on table sales.public.events")
	want := [][]string{
		{"OWNERSHIP", "TABLE", "SALES.PUBLIC.EVENTS", "ROLE", "LOADER", "true", "LOADER", "ROLE"},
		{"SELECT", "TABLE", "SALES.PUBLIC.EVENTS", "ROLE", "ANALYST", "false", "LOADER", "ROLE"},
	}
	if len(rows) != 2 {
		t.Fatalf("show grants on table: %v", rows)
	}
	for i := range want {
		if got := rows[1-i][1:]; strings.Join(got, "|") != strings.Join(want[i], "|") {
			t.Fatalf("row %d = %v, want %v", i, got, want[i])
		}
	}
	// CREATE OR REPLACE ... COPY GRANTS keeps ANALYST's SELECT; without it
	// the grants go with the replaced table.
	mustExec(t, alice, "create or replace table sales.public.events(x int, y int) copy grants")
	analyst := login(t, srv, "alice", "alice-pw", "analyst")
	mustExec(t, analyst, "use secondary roles none", "select * from sales.public.events")
	mustExec(t, alice, "create or replace table sales.public.events(x int)")
	wantError(t, analyst, "select * from sales.public.events", 2003, "SQL compilation error:\nObject 'SALES.PUBLIC.EVENTS' does not exist or not authorized.")
	// GRANT OWNERSHIP is blocked by outbound grants unless told what to do with them.
	mustExec(t, alice, "grant select on table sales.public.events to role analyst")
	wantError(t, admin, "grant ownership on table sales.public.events to role sysadmin", 3036,
		"SQL execution error: Dependent grant of privilege 'SELECT' on securable 'SALES.PUBLIC.EVENTS' to role 'ANALYST' exists.  It must be revoked first.  More than one dependent grant may exist: use 'SHOW GRANTS' command to view them.  To revoke all dependent grants while transferring object ownership, use convenience command 'GRANT OWNERSHIP ON <target_objects> TO <target_role> REVOKE CURRENT GRANTS'.")
	mustExec(t, admin, "grant ownership on table sales.public.events to role sysadmin copy current grants")
	_, rows = queryRows(t, admin, "show grants on table sales.public.events")
	if len(rows) != 2 || rows[0][1] != "SELECT" || rows[0][7] != "SYSADMIN" || rows[1][1] != "OWNERSHIP" || rows[1][5] != "SYSADMIN" {
		t.Fatalf("after GRANT OWNERSHIP ... COPY CURRENT GRANTS: %v", rows)
	}
	// LOADER no longer owns it.
	// (It still sees it, through ANALYST's SELECT: its secondary roles are ALL.)
	wantError(t, alice, "drop table sales.public.events", 3001, "SQL access control error:\nInsufficient privileges to operate on table 'EVENTS'")
}

func TestFutureGrantsApplyToNewTables(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
		"grant select on future tables in schema sales.public to role analyst",
		"create table sales.public.later(x int)",
	)
	cols, rows := queryRows(t, admin, "show future grants in schema sales.public")
	if strings.Join(cols, ",") != "created_on,privilege,grant_on,name,grant_to,grantee_name,grant_option" {
		t.Fatalf("columns = %v", cols)
	}
	if len(rows) != 1 || strings.Join(rows[0][1:], "|") != "SELECT|TABLE|SALES.PUBLIC.<TABLE>|ROLE|ANALYST|false" {
		t.Fatalf("rows = %v", rows)
	}
	alice := login(t, srv, "alice", "alice-pw", "")
	mustExec(t, alice, "select * from sales.public.later")
	// Tables that existed before the future grant are not covered.
	wantError(t, alice, "select * from sales.public.orders", 2003, "SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.")
}

func TestShowGrantsColumns(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin, "grant usage on database sales to role analyst")
	cases := []struct{ stmt, cols string }{
		{"show grants to role analyst", "created_on,privilege,granted_on,name,granted_to,grantee_name,grant_option,granted_by"},
		{"show grants on database sales", "created_on,privilege,granted_on,name,granted_to,grantee_name,grant_option,granted_by,granted_by_role_type"},
		{"show grants of role analyst", "created_on,role,granted_to,grantee_name,granted_by"},
		{"show grants to user alice", "created_on,privilege,granted_on,name,role,granted_to,grantee_name,grant_option,granted_by"},
	}
	for _, c := range cases {
		cols, rows := queryRows(t, admin, c.stmt)
		if strings.Join(cols, ",") != c.cols {
			t.Errorf("%s: columns %v, want %s", c.stmt, cols, c.cols)
		}
		if len(rows) == 0 {
			t.Errorf("%s: no rows", c.stmt)
		}
	}
	_, rows := queryRows(t, admin, "show grants to role analyst")
	if got := strings.Join(rows[0][1:], "|"); got != "USAGE|DATABASE|SALES|ROLE|ANALYST|false|ACCOUNTADMIN" {
		t.Errorf("show grants to role analyst: %s", got)
	}
	_, rows = queryRows(t, admin, "show grants of role analyst")
	if got := strings.Join(rows[0][1:], "|"); got != "ANALYST|USER|ALICE|ACCOUNTADMIN" {
		t.Errorf("show grants of role analyst: %s", got)
	}
}

func TestTaskOwnerNeedsExecuteTask(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"create warehouse wh",
		"grant usage on warehouse wh to role analyst",
		"grant usage on database sales to role analyst",
		"grant usage, create task on schema sales.public to role analyst",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	mustExec(t, alice, "create task sales.public.tick warehouse = wh schedule = '60 minute' as select 1")
	wantError(t, alice, "alter task sales.public.tick resume", 91089, "Cannot execute task , EXECUTE TASK privilege must be granted to owner role")
	mustExec(t, admin, "grant execute task on account to role analyst")
	mustExec(t, alice, "alter task sales.public.tick resume", "alter task sales.public.tick suspend")
}

func TestSecondaryRoles(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"create role writer",
		"grant role writer to user alice",
		"grant usage on database sales to role writer",
		"grant usage, create table on schema sales.public to role writer",
		"grant insert, select on table sales.public.orders to role writer",
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
	)
	// DEFAULT_SECONDARY_ROLES is ('ALL') unless set: WRITER's privileges
	// count while ANALYST is the primary role ...
	alice := login(t, srv, "alice", "alice-pw", "")
	mustExec(t, alice, "insert into sales.public.orders values (2, 3)")
	var secondary string
	if err := alice.QueryRow("select current_secondary_roles()").Scan(&secondary); err != nil || secondary != `{"roles":"WRITER","value":"ALL"}` {
		t.Fatalf("current_secondary_roles() = %s, %v", secondary, err)
	}
	// ... except for CREATE, which only the primary role authorizes.
	wantError(t, alice, "create table sales.public.t(x int)", 3001, "SQL access control error:\nInsufficient privileges to operate on schema 'PUBLIC'")
	mustExec(t, alice, "use secondary roles none")
	wantError(t, alice, "insert into sales.public.orders values (3, 3)", 2003, "SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.")
}

func TestViewsReadWithTheirOwnersRights(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"create view sales.public.totals as select sum(amount) as total from sales.public.orders",
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
		"grant select on view sales.public.totals to role analyst",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	var total float64
	if err := alice.QueryRow("select total from sales.public.totals").Scan(&total); err != nil || total != 9.5 {
		t.Fatalf("total = %v, %v", total, err)
	}
	wantError(t, alice, "select * from sales.public.orders", 2003, "SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.")
	// Creating a view needs SELECT on what it reads.
	mustExec(t, admin, "grant create view on schema sales.public to role analyst")
	wantError(t, alice, "create view sales.public.mine as select * from sales.public.orders", 2003, "SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.")
	// A view its owner can no longer read fails for every caller.
	mustExec(t, admin, "grant select on table sales.public.orders to role analyst")
	mustExec(t, alice, "create view sales.public.mine as select * from sales.public.orders", "select * from sales.public.mine")
	mustExec(t, admin, "revoke select on table sales.public.orders from role analyst")
	wantError(t, alice, "select * from sales.public.mine", 2003, "SQL compilation error:\nFailure during expansion of view 'MINE': SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.")
}

func TestStagesAndFunctionsNeedTheirPrivileges(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
		"create stage sales.public.landing",
		"create function sales.public.twice(x number) returns number as 'x * 2'",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	wantError(t, alice, "list @sales.public.landing", 2003, "SQL compilation error:\nStage 'SALES.PUBLIC.LANDING' does not exist or not authorized.")
	wantError(t, alice, "select sales.public.twice(2)", 2140, "SQL compilation error:\nUnknown function SALES.PUBLIC.TWICE")
	mustExec(t, admin,
		"grant read on stage sales.public.landing to role analyst",
		"grant usage on function sales.public.twice(number) to role analyst",
	)
	mustExec(t, alice, "list @sales.public.landing")
	wantError(t, alice, "remove @sales.public.landing", 3001, "SQL access control error:\nInsufficient privileges to operate on stage 'LANDING'")
	var n int
	if err := alice.QueryRow("select sales.public.twice(21)").Scan(&n); err != nil || n != 42 {
		t.Fatalf("twice(21) = %d, %v", n, err)
	}
}

func TestPipeLoadsWithItsOwnersPrivileges(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"create stage sales.public.landing",
		"create role piper",
		"grant usage on database sales to role piper",
		"grant usage, create pipe on schema sales.public to role piper",
		"grant role piper to user alice",
	)
	alice := login(t, srv, "alice", "alice-pw", "piper")
	mustExec(t, alice, "use secondary roles none")
	// The pipe's COPY is checked for its owner when it is created.
	wantError(t, alice, "create pipe sales.public.p as copy into sales.public.orders from @sales.public.landing", 2003,
		"SQL compilation error:\nObject 'SALES.PUBLIC.ORDERS' does not exist or not authorized.")
	mustExec(t, admin, "grant insert on table sales.public.orders to role piper")
	wantError(t, alice, "create pipe sales.public.p as copy into sales.public.orders from @sales.public.landing", 2003,
		"SQL compilation error:\nStage 'SALES.PUBLIC.LANDING' does not exist or not authorized.")
	mustExec(t, admin, "grant read on stage sales.public.landing to role piper")
	mustExec(t, alice, "create pipe sales.public.p as copy into sales.public.orders from @sales.public.landing")
	_, rows := queryRows(t, admin, "show pipes in schema sales.public")
	if len(rows) != 1 || rows[0][5] != "PIPER" {
		t.Fatalf("show pipes: %v", rows)
	}
}

func TestInformationSchemaListsWhatTheRoleSees(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"create table sales.public.secret(x int)",
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
		"grant select on table sales.public.orders to role analyst",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	_, rows := queryRows(t, alice, "select table_name from sales.information_schema.tables where table_schema = 'PUBLIC' order by 1")
	if len(rows) != 1 || rows[0][0] != "ORDERS" {
		t.Fatalf("analyst sees %v, want only ORDERS", rows)
	}
	_, rows = queryRows(t, admin, "select table_name from sales.information_schema.tables where table_schema = 'PUBLIC' order by 1")
	if len(rows) != 2 {
		t.Fatalf("the owner sees %v, want ORDERS and SECRET", rows)
	}
	mustExec(t, admin, "create database other")
	wantError(t, alice, "select * from other.information_schema.tables", 2003, "SQL compilation error:\nDatabase 'OTHER' does not exist or not authorized.")
}

// TestInformationSchemaOwners: TABLE_OWNER of TABLES and VIEWS names the
// role that owns the object, as SHOW TABLES' owner does (Snowflake: "Role
// that owns the table"), not ACCOUNTADMIN for every object.
func TestInformationSchemaOwners(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv)
	mustExec(t, admin,
		"grant usage on database sales to role analyst",
		"grant usage on schema sales.public to role analyst",
		"grant create table, create view on schema sales.public to role analyst",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	mustExec(t, alice, "create table sales.public.mine (x int)", "create view sales.public.myview as select x from sales.public.mine")
	_, rows := queryRows(t, admin, "select table_name, table_owner from sales.information_schema.tables where table_schema = 'PUBLIC' order by 1")
	want := [][]string{{"MINE", "ANALYST"}, {"MYVIEW", "ANALYST"}, {"ORDERS", "ACCOUNTADMIN"}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("TABLES owners %v, want %v", rows, want)
	}
	_, rows = queryRows(t, admin, "select table_name, table_owner from sales.information_schema.views where table_schema = 'PUBLIC'")
	if fmt.Sprint(rows) != fmt.Sprint([][]string{{"MYVIEW", "ANALYST"}}) {
		t.Errorf("VIEWS owners %v, want [[MYVIEW ANALYST]]", rows)
	}
}
