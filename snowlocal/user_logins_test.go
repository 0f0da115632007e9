package snowlocal

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestUnrecordedLoginsAreUnknown: users an engine kept before it recorded
// logins may have logged in, so their last_success_login is unknown, not
// NULL: a SHOW USERS listing one is refused (002040) until the user logs
// in again. The engine is reopened on the same directory after its login
// table is removed, as an older engine's would lack it.
func TestUnrecordedLoginsAreUnknown(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	e, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	s, err := e.NewSession(ctx, "u", "", "", "ACCOUNTADMIN", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(ctx, "create user carol password = 'pw'", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ExecContext(ctx, "DROP TABLE "+e.userLogins()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	e.Close()

	e, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	s, err = e.NewSession(ctx, "u", "", "", "ACCOUNTADMIN", "")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Exec(ctx, "show users like 'CAROL'", nil); err == nil || !strings.Contains(err.Error(), "whose last login predates") {
		t.Fatalf("SHOW USERS of a user with an unrecorded login: %v, want 002040", err)
	}
	if err := e.noteLogin(ctx, "CAROL", time.Now()); err != nil {
		t.Fatal(err)
	}
	res, err := s.Exec(ctx, "show users like 'CAROL'", nil)
	if err != nil {
		t.Fatalf("SHOW USERS after carol logged in: %v", err)
	}
	for k, c := range res.Columns {
		if c.Name == "last_success_login" && res.Rows[0][k] == nil {
			t.Error("carol's last_success_login is NULL after her login")
		}
	}
	// A user created after the table exists never logged in: NULL.
	if _, err := s.Exec(ctx, "create user dave", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(ctx, "show users like 'DAVE'", nil); err != nil {
		t.Fatalf("SHOW USERS of a new user: %v", err)
	}
}
