package snowlocal_test

import (
	"database/sql"
	"testing"
	"time"
)

// showUser is one SHOW USERS row by column name, NULL and empty cells
// absent.
func showUser(t *testing.T, db *sql.DB, name string) map[string]string {
	t.Helper()
	cols, rows := queryRows(t, db, "show users like '"+name+"'")
	if len(rows) != 1 {
		t.Fatalf("show users like %q: %d rows, want 1", name, len(rows))
	}
	out := map[string]string{}
	for i, c := range cols {
		if rows[0][i] != "" { // NULL or empty
			out[c] = rows[0][i]
		}
	}
	return out
}

// TestShowUsersLastSuccessLogin: SHOW USERS' last_success_login is "Date
// and time when the user last logged in to the Snowflake", printed in the
// docs' example as created_on is (`2025-06-12 15:02:22.783 -0700`,
// https://docs.snowflake.com/en/sql-reference/sql/show-users): a
// TIMESTAMP_LTZ(3), NULL before the user's first login, the time of the
// latest one after. has_password is TRUE for a user with a password, the
// configured user included. A role with neither OWNERSHIP on a user nor
// MANAGE GRANTS sees only the name ("Otherwise, the other columns contain
// NULL", Access control requirements). It was NULL for every user, and
// has_password false for the configured user that logs in with one.
func TestShowUsersLastSuccessLogin(t *testing.T) {
	srv := aclServer(t)
	admin := login(t, srv, "admin", "admin-pw", "")
	mustExec(t, admin, "create user bob password = 'bob-pw' default_secondary_roles = ()",
		"create role clerk", "grant role clerk to user bob")

	bob := showUser(t, admin, "BOB")
	if _, ok := bob["last_success_login"]; ok {
		t.Errorf("bob before logging in: last_success_login %q, want NULL", bob["last_success_login"])
	}
	if bob["has_password"] != "true" || bob["default_secondary_roles"] != "[]" {
		t.Errorf("bob: has_password %q, default_secondary_roles %q; want true, []", bob["has_password"], bob["default_secondary_roles"])
	}
	if a := showUser(t, admin, "ADMIN"); a["has_password"] != "true" || a["last_success_login"] == "" {
		t.Errorf("admin: has_password %q, last_success_login %q; want true and a time", a["has_password"], a["last_success_login"])
	}

	before := time.Now().Truncate(time.Millisecond)
	bobDB := login(t, srv, "bob", "bob-pw", "")
	after := time.Now()
	at, typ := lastLoginOf(t, admin, "BOB")
	if !at.Valid || at.Time.Before(before) || at.Time.After(after) || at.Time.Nanosecond()%int(time.Millisecond) != 0 {
		t.Errorf("bob after logging in: last_success_login %v, want a time of whole milliseconds in [%v, %v]", at, before, after)
	}
	if typ != "TIMESTAMP_LTZ" {
		t.Errorf("last_success_login is %s, want TIMESTAMP_LTZ", typ)
	}

	// bob's role owns no user and lacks MANAGE GRANTS: his own row shows
	// its name only.
	own := showUser(t, bobDB, "BOB")
	if len(own) != 1 || own["name"] != "BOB" {
		t.Errorf("bob's own SHOW USERS row: %v, want only name BOB", own)
	}

	// A user created again under a dropped one's name has not logged in.
	mustExec(t, admin, "drop user bob", "create user bob password = 'bob-pw'")
	if v, ok := showUser(t, admin, "BOB")["last_success_login"]; ok {
		t.Errorf("bob re-created: last_success_login %q, want NULL", v)
	}
	wantRefused(t, admin, "alter user bob set password_hash = 'x'", "PASSWORD_HASH")
	mustExec(t, admin, "alter user bob unset password")
	if v := showUser(t, admin, "BOB")["has_password"]; v != "false" {
		t.Errorf("after UNSET PASSWORD: has_password %q, want false", v)
	}
	if _, err := connectAs(srv, "bob", "bob-pw", ""); err == nil {
		t.Error("bob logged in with the password UNSET removed")
	}
}

// lastLoginOf reads user's last_success_login from SHOW USERS as a time,
// with the column's type.
func lastLoginOf(t *testing.T, db *sql.DB, user string) (sql.NullTime, string) {
	t.Helper()
	r, err := db.Query("show users like '" + user + "'")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cts, err := r.ColumnTypes()
	if err != nil || !r.Next() {
		t.Fatalf("show users like %q: no row (%v)", user, err)
	}
	cells := make([]any, len(cts))
	ptrs := make([]any, len(cts))
	for i := range cells {
		ptrs[i] = &cells[i]
	}
	if err := r.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	for i, ct := range cts {
		if ct.Name() == "last_success_login" {
			at, ok := cells[i].(time.Time)
			return sql.NullTime{Time: at, Valid: ok}, ct.DatabaseTypeName()
		}
	}
	t.Fatal("show users: no last_success_login column")
	return sql.NullTime{}, ""
}
