package detections

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"time"
)

// The run lock: two `detect run`s that overlap (a slow run and the next cron
// firing, or two CI jobs) would read the same state and the same watermark
// and alert twice. A run therefore holds DETECTION_LOCK while it runs.
//
// Snowflake enforces no unique constraints, so the lock is
// announce-then-check, as migrate's (migrations/lock.go): delete expired
// rows (judged by the server's clock), insert our row only if no row
// exists, then read back; we hold the lock only if ours is the only row,
// else we withdraw ours. Each insert commits before its check, so two
// candidates cannot both see themselves alone. A run that finds the lock
// held does not wait: it reports LockHeldError and the next scheduled run
// picks up from the watermark, losing nothing.

const detectLockName = "detect"

// LockHeldError means another run holds the lock.
type LockHeldError struct {
	Owner     string
	ExpiresAt time.Time
}

func (e *LockHeldError) Error() string {
	return fmt.Sprintf("another `flurry detect run` holds the run lock (%s, expires %s): this run did nothing; "+
		"the next one covers its window", e.Owner, e.ExpiresAt.UTC().Format(time.RFC3339))
}

// runLock is a held lock; release deletes it.
type runLock struct {
	s     *Store
	token string
}

// lockOwner names the holder for people: host and process.
func lockOwner() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s pid %d", host, os.Getpid())
}

// Lock takes the run lock for ttl (a crashed holder's lock expires then).
func (s *Store) Lock(ctx context.Context, ttl time.Duration) (*runLock, error) {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	l := &runLock{s: s, token: hex.EncodeToString(b)}
	lt, name := s.LockTable(), quote(detectLockName)
	if _, err := s.DB.ExecContext(ctx, fmt.Sprintf(
		"delete from %s where lock_name = %s and expires_at < current_timestamp()", lt, name)); err != nil {
		return nil, fmt.Errorf("run lock %s: expire stale locks: %w", lt, err)
	}
	secs := max(int64(ttl/time.Second), 60)
	if _, err := s.DB.ExecContext(ctx, fmt.Sprintf(`insert into %s (lock_name, owner, token, acquired_on, expires_at)
select %s, %s, %s, current_timestamp(), dateadd(second, %d, current_timestamp())
from (select 1 as one) where not exists (select 1 from %s where lock_name = %s)`,
		lt, name, quote(lockOwner()), quote(l.token), secs, lt, name)); err != nil {
		return nil, fmt.Errorf("run lock %s: insert: %w", lt, err)
	}
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf("select owner, token, expires_at from %s where lock_name = %s", lt, name))
	if err != nil {
		return nil, fmt.Errorf("run lock %s: read: %w", lt, err)
	}
	mine := false
	var held *LockHeldError
	for rows.Next() {
		var owner, token sql.NullString
		var exp sql.NullTime
		if err := rows.Scan(&owner, &token, &exp); err != nil {
			rows.Close()
			return nil, fmt.Errorf("run lock %s: read: %w", lt, err)
		}
		if token.String == l.token {
			mine = true
			continue
		}
		held = &LockHeldError{Owner: owner.String, ExpiresAt: exp.Time}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("run lock %s: read: %w", lt, err)
	}
	if mine && held == nil {
		return l, nil
	}
	if mine {
		// Lost a race with a concurrent candidate: withdraw.
		l.release(ctx)
	}
	if held == nil {
		held = &LockHeldError{Owner: "unknown"}
	}
	return nil, held
}

func (l *runLock) release(ctx context.Context) error {
	_, err := l.s.DB.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("delete from %s where lock_name = %s and token = %s",
		l.s.LockTable(), quote(detectLockName), quote(l.token)))
	if err != nil {
		return fmt.Errorf("release run lock %s: %w", l.s.LockTable(), err)
	}
	return nil
}
