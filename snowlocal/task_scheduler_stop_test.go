package snowlocal

import (
	"context"
	"testing"
	"time"
)

// TestSchedulerStopsWithATaskDue: the scheduler's loop returns once its
// context is cancelled even while a task is due. Every dispatch fails then
// (the task's catalog lookup is cancelled) and left the task due, and the
// loop turned again at once without looking at the context: closing the
// engine waited for it for ever (a sigma test's cleanup hung for 9 minutes,
// logging a warning per turn).
func TestSchedulerStopsWithATaskDue(t *testing.T) {
	e, err := Open(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	sc := e.scheduler()
	sc.mu.Lock()
	sc.next["D.S.T"] = time.Now().Add(-time.Minute)
	sc.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	done := make(chan struct{})
	go func() {
		sc.loop(ctx)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the scheduler loop did not return after its context was cancelled")
	}
}
