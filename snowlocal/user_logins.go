package snowlocal

import (
	"context"
	"database/sql"
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

// userLogin is a user's recorded last login: at, or unknown when an older
// engine may have let the user log in unrecorded.
type userLogin struct {
	at      time.Time
	unknown bool
}

// lastLogins is every user's recorded last login, read once for a listing;
// a user absent from it never logged in.
func (e *Engine) lastLogins(ctx context.Context) (map[string]userLogin, error) {
	rows, err := e.catalogDB.QueryContext(ctx, `SELECT USER_NAME, LAST_SUCCESS_LOGIN, UNKNOWN FROM `+e.userLogins())
	if err != nil {
		return nil, fmt.Errorf("read users' last logins: %w", err)
	}
	defer rows.Close()
	out := map[string]userLogin{}
	for rows.Next() {
		var name string
		var at sql.NullTime
		var unknown bool
		if err := rows.Scan(&name, &at, &unknown); err != nil {
			return nil, fmt.Errorf("read users' last logins: %w", err)
		}
		if at.Valid || unknown {
			out[name] = userLogin{at: at.Time, unknown: unknown}
		}
	}
	return out, rows.Err()
}
