package snowlocal_test

import (
	"context"
	"strings"
	"testing"
)

// TestStreamReadInsideItsTransaction: a stream read inside the explicit
// transaction that changed its table is refused — DuckDB would show the
// transaction's own changes, where the streams page shows them only after
// COMMIT; reads before the change, after COMMIT or ROLLBACK, and of streams
// on other tables answer.
func TestStreamReadInsideItsTransaction(t *testing.T) {
	ctx := context.Background()
	a, _ := twoSessions(t)
	for _, q := range []string{
		"create database d", "create table t (id int)", "create table u (id int)",
		"create stream st on table t", "create stream su on table u",
		"begin", "select count(*) from st", "insert into t values (1)", "select count(*) from su",
	} {
		if _, err := a.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	_, err := a.ExecContext(ctx, "select count(*) from st")
	if err == nil || !strings.Contains(err.Error(), "002040") || !strings.Contains(err.Error(), "read inside the transaction that changed its table") {
		t.Fatalf("stream read after its table changed in the transaction: %v, want 002040", err)
	}
	if _, err := a.ExecContext(ctx, "commit"); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := a.QueryRowContext(ctx, "select count(*) from st").Scan(&n); err != nil || n != 1 {
		t.Fatalf("after COMMIT: %d, %v; want 1", n, err)
	}
	for _, q := range []string{"begin", "delete from t", "rollback"} {
		if _, err := a.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := a.QueryRowContext(ctx, "select count(*) from st").Scan(&n); err != nil || n != 1 {
		t.Fatalf("after ROLLBACK: %d, %v; want 1", n, err)
	}
}
