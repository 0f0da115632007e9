package detections

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"testing"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
	"github.com/flurry-dev/flurry/warehouse"
)

// freshLake starts an in-memory local engine holding the security lake schema.
func freshLake(ctx context.Context) (*sql.DB, func() error, error) {
	db, err := warehouse.OpenLocal(ctx, "")
	if err != nil {
		return nil, nil, err
	}
	src, err := os.ReadFile("../testdata/detections/schema.sql")
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	stmts, err := sqllex.Split(string(src))
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.ExecContext(ctx, s.Text); err != nil {
			db.Close()
			return nil, nil, fmt.Errorf("schema statement %d (line %d): %w", s.Index, s.Line, err)
		}
	}
	return db.DB, db.Close, nil
}

func TestBuiltinLintEngine(t *testing.T) {
	t.Parallel()
	probs, err := (&Linter{Fresh: freshLake}).Lint(context.Background(), Builtin())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range probs {
		t.Error(p)
	}
}
