package detections

// TEMPORARY: FLURRY_DETECT_TEST_DDL=1 builds the lake from
// testdata/detections/schema.sql instead of the lake migrations, while the
// local engine cannot run all of them yet. Remove with schema.sql.

import (
	"context"
	"database/sql"
	"fmt"
	"os"

	"github.com/flurry-dev/flurry/snowlocal/sqllex"
	"github.com/flurry-dev/flurry/warehouse"
)

func init() {
	if os.Getenv("FLURRY_DETECT_TEST_DDL") == "" {
		return
	}
	lakeOnce.Do(func() { lake = nil })
	ddlFresh = func(ctx context.Context) (*sql.DB, func() error, error) {
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
		for _, s := range stmts {
			if _, err := db.ExecContext(ctx, s.Text); err != nil {
				db.Close()
				return nil, nil, fmt.Errorf("schema statement %d (line %d): %w", s.Index, s.Line, err)
			}
		}
		return db.DB, db.Close, nil
	}
}
