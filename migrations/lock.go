package migrations

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"time"
)

// The migration lock.
//
// Snowflake enforces no unique constraints and runs concurrent INSERTs
// without blocking each other, so "INSERT a row with a fixed key" is not a
// mutex there: two CI jobs could both insert and both believe they won. The
// lock therefore uses announce-then-check, which needs nothing but atomic
// single statements and read-committed reads:
//
//  1. Expired rows are deleted (a crashed holder's lock is stolen only after
//     its expiry, judged by the server's clock, never the client's).
//  2. The candidate inserts its own row with a random token, conditionally:
//     INSERT ... SELECT ... WHERE NOT EXISTS (a live row). Zero rows affected
//     means someone holds the lock: wait and retry.
//  3. It re-reads all lock rows. It owns the lock only if its row is the only
//     one. If it sees another row it deletes its own and retries after a
//     random pause.
//
// Two candidates A and B cannot both own: A's check would have to start
// before B's insert committed and B's check before A's insert committed, but
// each insert commits before its own check starts, a cycle. On an engine
// that serializes writes (the local engine, or Snowflake serializing the
// statements) step 2 alone already admits one candidate; step 3 makes it
// safe when it does not. Both may back off at once; random pauses break the
// tie.
//
// The holder extends its expiry every TTL/4 (heartbeat). If an extension
// finds its row gone, the lock was lost (stolen after an outage longer than
// the TTL): the run is cancelled rather than continuing unprotected.
type lock struct {
	db execer // the lock's own session (see Migrator.session)
	// fallback opens a fresh session when db broke (a cancelled statement):
	// release must not leave the lock behind for a whole TTL.
	fallback func(context.Context) (execer, func(), error)
	table    tableName
	owner    string
	token    string
	ttl      time.Duration
	log      *slog.Logger
	cancel   context.CancelCauseFunc
	stop     chan struct{}
	done     sync.WaitGroup
}

const lockName = "migrate"

// ErrLockLost cancels a run whose lock was taken over.
var ErrLockLost = errors.New("migration lock lost")

// LockHeldError is returned when the lock could not be taken within the timeout.
type LockHeldError struct {
	Owner     string
	ExpiresAt time.Time
}

func (e *LockHeldError) Error() string {
	return fmt.Sprintf("migration lock is held by %s (expires %s); another `flurry migrate` is running, or one was killed: "+
		"wait for the expiry or run `flurry migrate repair --unlock`", e.Owner, e.ExpiresAt.Format(time.RFC3339))
}

func newToken() string {
	b := make([]byte, 12)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

func (l *lock) whereMine() string {
	return fmt.Sprintf("lock_name = %s AND token = %s", QuoteLiteral(lockName), QuoteLiteral(l.token))
}

// tryAcquire makes one attempt. It returns whether the lock is ours and, if
// not, who holds it.
func (l *lock) tryAcquire(ctx context.Context) (bool, *LockHeldError, error) {
	lt := l.table.String()
	name := QuoteLiteral(lockName)
	// 1. Steal an expired lock.
	res, err := l.db.ExecContext(ctx, fmt.Sprintf(
		"DELETE FROM %s WHERE lock_name = %s AND expires_at < CURRENT_TIMESTAMP()", lt, name))
	if err != nil {
		return false, nil, fmt.Errorf("migration lock %s: expire stale locks: %w", lt, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		l.log.Warn("removed an expired migration lock (its holder died or lost its connection)", "table", lt)
	}
	// 2. Announce, if nobody holds it.
	ttl := int64(l.ttl / time.Second)
	if _, err := l.db.ExecContext(ctx, fmt.Sprintf(`INSERT INTO %s (lock_name, owner, token, acquired_on, expires_at)
SELECT %s, %s, %s, CURRENT_TIMESTAMP(), DATEADD(second, %d, CURRENT_TIMESTAMP())
FROM (SELECT 1 AS one) WHERE NOT EXISTS (SELECT 1 FROM %s WHERE lock_name = %s)`,
		lt, name, QuoteLiteral(l.owner), QuoteLiteral(l.token), ttl, lt, name)); err != nil {
		return false, nil, fmt.Errorf("migration lock %s: insert: %w", lt, err)
	}
	// 3. Check: ours only if ours is the only row.
	rows, err := l.db.QueryContext(ctx, fmt.Sprintf(
		"SELECT owner, token, expires_at FROM %s WHERE lock_name = %s", lt, name))
	if err != nil {
		return false, nil, fmt.Errorf("migration lock %s: read: %w", lt, err)
	}
	defer rows.Close()
	mine, others := false, 0
	var holder *LockHeldError
	for rows.Next() {
		var owner, token sql.NullString
		var exp sql.NullTime
		if err := rows.Scan(&owner, &token, &exp); err != nil {
			return false, nil, fmt.Errorf("migration lock %s: read: %w", lt, err)
		}
		if token.String == l.token {
			mine = true
			continue
		}
		others++
		holder = &LockHeldError{Owner: owner.String, ExpiresAt: exp.Time}
	}
	if err := rows.Err(); err != nil {
		return false, nil, fmt.Errorf("migration lock %s: read: %w", lt, err)
	}
	if mine && others == 0 {
		return true, nil, nil
	}
	if mine {
		// Lost a race: withdraw.
		if _, err := l.db.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE %s", lt, l.whereMine())); err != nil {
			return false, nil, fmt.Errorf("migration lock %s: withdraw: %w", lt, err)
		}
	}
	return false, holder, nil
}

// acquire waits up to timeout for the lock, then starts the heartbeat.
// The returned context is cancelled with ErrLockLost if the lock is lost.
func (l *lock) acquire(ctx context.Context, timeout time.Duration, waiting func(*LockHeldError)) (context.Context, error) {
	deadline := time.Now().Add(timeout)
	reported := ""
	for {
		ok, holder, err := l.tryAcquire(ctx)
		if err != nil {
			return nil, err
		}
		if ok {
			break
		}
		if holder != nil && holder.Owner != reported && waiting != nil {
			waiting(holder)
			reported = holder.Owner
		}
		if time.Now().After(deadline) {
			if holder == nil {
				holder = &LockHeldError{Owner: "another run"}
			}
			return nil, holder
		}
		// Random pause between 100 ms and 1 s: breaks ties between
		// candidates that withdrew together.
		n, _ := rand.Int(rand.Reader, big.NewInt(900))
		select {
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		case <-time.After(100*time.Millisecond + time.Duration(n.Int64())*time.Millisecond):
		}
	}
	runCtx, cancel := context.WithCancelCause(ctx)
	l.cancel = cancel
	l.stop = make(chan struct{})
	l.done.Add(1)
	go l.heartbeat(runCtx)
	return runCtx, nil
}

func (l *lock) heartbeat(ctx context.Context) {
	defer l.done.Done()
	every := l.ttl / 4
	lastOK := time.Now()
	for {
		select {
		case <-l.stop:
			return
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
		res, err := l.db.ExecContext(ctx, fmt.Sprintf(
			"UPDATE %s SET expires_at = DATEADD(second, %d, CURRENT_TIMESTAMP()) WHERE %s",
			l.table, int64(l.ttl/time.Second), l.whereMine()))
		if err != nil {
			// A transient error: keep trying until the lock would have expired.
			l.log.Warn("migration lock: heartbeat failed", "err", err)
			if time.Since(lastOK) > l.ttl {
				l.cancel(fmt.Errorf("%w: could not extend it for %s: %v", ErrLockLost, l.ttl, err))
				return
			}
			continue
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			l.cancel(fmt.Errorf("%w: another run removed it after it expired", ErrLockLost))
			return
		}
		lastOK = time.Now()
	}
}

// release stops the heartbeat and deletes the lock row. It uses its own
// context: it must run even when the run was cancelled.
func (l *lock) release() error {
	if l.stop != nil {
		close(l.stop)
		l.done.Wait()
		l.cancel(nil)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	q := fmt.Sprintf("DELETE FROM %s WHERE %s", l.table, l.whereMine())
	_, err := l.db.ExecContext(ctx, q)
	if err != nil && l.fallback != nil {
		if db, done, ferr := l.fallback(ctx); ferr == nil {
			_, err = db.ExecContext(ctx, q)
			done()
		}
	}
	if err != nil {
		return fmt.Errorf("release migration lock %s: %w", l.table, err)
	}
	return nil
}

// forceUnlock deletes every lock row (repair --unlock).
func forceUnlock(ctx context.Context, db execer, t tableName) (int64, error) {
	res, err := db.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE lock_name = %s", t, QuoteLiteral(lockName)))
	if err != nil {
		return 0, fmt.Errorf("remove migration lock %s: %w", t, err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// readLockHolder returns the lock table's row, nil if there is none or the
// table does not exist yet.
func readLockHolder(ctx context.Context, db execer, t tableName) (*LockHolder, error) {
	var h LockHolder
	err := db.QueryRowContext(ctx, fmt.Sprintf(
		"SELECT owner, acquired_on, expires_at, expires_at < CURRENT_TIMESTAMP() FROM %s WHERE lock_name = %s ORDER BY acquired_on LIMIT 1",
		t, QuoteLiteral(lockName))).Scan(&h.Owner, &h.AcquiredOn, &h.ExpiresAt, &h.Expired)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil && isNotExist(err):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("read migration lock %s: %w", t, err)
	}
	return &h, nil
}
