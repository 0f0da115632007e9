package snowlocal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Users' last successful logins, which SHOW USERS reports in
// last_success_login ("Date and time when the user last logged in to the
// Snowflake", docs show-users; its example prints one as
// `2025-06-12 15:02:22.783 -0700`, as its created_on: a TIMESTAMP_LTZ(3),
// showTimeColumns). Every login the wire accepts records its time
// (noteLogin); a user who never logged in reads NULL. Users that existed
// when an engine older than this bookkeeping is first opened may have
// logged in without a record: their time is unknown, and a SHOW USERS
// that would list it is refused until they log in again (lastLogins).

func init() { extensions = append(extensions, installUserLogins) }

func (e *Engine) userLogins() string { return e.meta + ".USER_LOGINS" }

func installUserLogins(ctx context.Context, e *Engine) error {
	if _, err := e.db.ExecContext(ctx, `SELECT 1 FROM `+e.userLogins()+` LIMIT 0`); err == nil {
		return nil // kept by an earlier run
	}
	if _, err := e.db.ExecContext(ctx, `CREATE TABLE `+e.userLogins()+` (USER_NAME VARCHAR PRIMARY KEY, LAST_SUCCESS_LOGIN TIMESTAMPTZ, UNKNOWN BOOLEAN)`); err != nil {
		return fmt.Errorf("create the user login table: %w", err)
	}
	// Users an older engine kept may have logged in unrecorded.
	if _, err := e.db.ExecContext(ctx, `INSERT INTO `+e.userLogins()+` SELECT NAME, NULL, TRUE FROM `+e.meta+`.OBJECTS WHERE KIND = 'USER'`); err != nil {
		return fmt.Errorf("mark earlier users' logins unknown: %w", err)
	}
	return nil
}

// noteLogin records user's successful login at t, to the millisecond
// SHOW USERS shows. Logins are serialized: DuckDB would fail one of two
// concurrent upserts of a row.
func (e *Engine) noteLogin(ctx context.Context, user string, t time.Time) error {
	e.loginMu.Lock()
	defer e.loginMu.Unlock()
	_, err := e.catalogDB.ExecContext(ctx, `INSERT OR REPLACE INTO `+e.userLogins()+` VALUES (?, ?, FALSE)`, user, t.Truncate(time.Millisecond))
	return err
}

// forgetLogins drops the login record of a dropped user: a user created
// later under its name has not logged in.
func (e *Engine) forgetLogins(ctx context.Context, user string) error {
	e.loginMu.Lock()
	defer e.loginMu.Unlock()
	_, err := e.catalogDB.ExecContext(ctx, `DELETE FROM `+e.userLogins()+` WHERE USER_NAME = ?`, user)
	return err
}

// errLoginUnknown marks a user whose last login the engine does not know.
var errLoginUnknown = errors.New("last login unknown")

// lastLogin is user's last recorded login: ok is false when the user never
// logged in, the error errLoginUnknown when the time is unknown.
func (e *Engine) lastLogin(ctx context.Context, user string) (t time.Time, ok bool, err error) {
	var at sql.NullTime
	var unknown bool
	switch err := e.catalogDB.QueryRowContext(ctx, `SELECT LAST_SUCCESS_LOGIN, UNKNOWN FROM `+e.userLogins()+` WHERE USER_NAME = ?`, user).Scan(&at, &unknown); {
	case errors.Is(err, sql.ErrNoRows):
		return time.Time{}, false, nil
	case err != nil:
		return time.Time{}, false, fmt.Errorf("read user %s's last login: %w", user, err)
	case unknown:
		return time.Time{}, false, errLoginUnknown
	}
	return at.Time, at.Valid, nil
}
