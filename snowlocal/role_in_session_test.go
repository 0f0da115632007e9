package snowlocal_test

import (
	"strings"
	"testing"
)

// IS_ROLE_IN_SESSION('role') is TRUE for the primary role, an active
// secondary role and every role below them, FALSE for a role above them
// or outside the hierarchy, and matches the name with the casing it is
// stored with (docs: is_role_in_session).
func TestIsRoleInSession(t *testing.T) {
	srv := aclServer(t)
	admin := salesSetup(t, srv) // alice logs in with primary role ANALYST
	mustExec(t, admin,
		"create role reader",
		"grant role reader to role analyst",
		"create role writer",
		"grant role writer to user alice",
		"create role auditor",
	)
	alice := login(t, srv, "alice", "alice-pw", "")
	for _, c := range []struct {
		query string
		want  bool
	}{
		{"select is_role_in_session('ANALYST')", true},  // the primary role
		{"select is_role_in_session('READER')", true},   // below it
		{"select is_role_in_session('PUBLIC')", true},   // below every role
		{"select is_role_in_session('WRITER')", true},   // secondary roles are ALL by default
		{"select is_role_in_session('AUDITOR')", false}, // not in the hierarchy
		{"select is_role_in_session('SYSADMIN')", false},
		{"select is_role_in_session('analyst')", false}, // the stored casing only
	} {
		var got bool
		if err := alice.QueryRow(c.query).Scan(&got); err != nil || got != c.want {
			t.Errorf("%s = %v, %v; want %v", c.query, got, err, c.want)
		}
	}
	mustExec(t, alice, "use secondary roles none")
	var got bool
	if err := alice.QueryRow("select is_role_in_session('WRITER')").Scan(&got); err != nil || got {
		t.Errorf("after USE SECONDARY ROLES NONE: is_role_in_session('WRITER') = %v, %v; want false", got, err)
	}
	cols, _ := queryRows(t, alice, "select is_role_in_session('ANALYST')")
	if len(cols) != 1 || cols[0] != "IS_ROLE_IN_SESSION('ANALYST')" {
		t.Errorf("column = %q", cols)
	}
	// A role named by a column, or the call kept in a view's definition,
	// is not answered.
	for _, q := range []string{
		"select is_role_in_session(column1) from values ('ANALYST')",
		"create view sales.public.v as select is_role_in_session('ANALYST') as r",
	} {
		if err := queryErr(admin, q); err == nil || !strings.Contains(err.Error(), "002040") {
			t.Errorf("%s: err = %v, want 002040", q, err)
		}
	}
}
