package detections

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"

	"github.com/flurry-dev/flurry/migrations"
	"github.com/flurry-dev/flurry/warehouse"
)

// lakeSources are the log sources whose bucket and IAM role the lake
// migrations need; the local engine never reaches them.
var lakeSources = []string{"fluentd", "teleport", "s3_access_logs", "vpc_flow", "go_audit"}

// LocalLakeVars returns the lake migrations' variables for a throwaway local
// engine: the migrations' defaults, then environ (FLURRY_VAR_*) and flags
// (name=value), and placeholders for the buckets and role ARNs nobody set,
// since the local engine never contacts S3 while creating stages.
func LocalLakeVars(file string, environ, flags []string) (*migrations.Vars, error) {
	v, err := migrations.LoadVars(migrations.Lake(), file, environ, flags)
	if err != nil {
		return nil, err
	}
	const origin = "flurry detect (placeholder for the local engine)"
	for _, s := range lakeSources {
		if _, ok := v.Get(s + "_bucket"); !ok {
			v.Set(s+"_bucket", "flurry-local-"+s, origin, false)
		}
		if _, ok := v.Get(s + "_role_arn"); !ok {
			v.Set(s+"_role_arn", "arn:aws:iam::000000000000:role/flurry-local", origin, false)
		}
	}
	return v, nil
}

// LakeSchema is the DATABASE.SCHEMA the lake migrations create with vars.
func LakeSchema(vars *migrations.Vars) string {
	db, ok := vars.Get("database")
	if !ok || db == "" {
		db = "SECURITY_LAKE"
	}
	return db + ".PUBLIC"
}

// FreshLake returns a function that starts an in-memory local engine and
// creates the security lake in it by applying the lake migrations, the one
// source of truth for the schema detections query.
func FreshLake(vars *migrations.Vars) func(ctx context.Context) (*sql.DB, func() error, error) {
	return func(ctx context.Context) (*sql.DB, func() error, error) {
		db, err := warehouse.OpenLocal(ctx, "")
		if err != nil {
			return nil, nil, err
		}
		m, err := migrations.New(db.DB, migrations.Lake(), migrations.Options{Vars: vars, Progress: io.Discard,
			Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err == nil {
			_, err = m.Up(ctx)
		}
		if err != nil {
			db.Close()
			return nil, nil, fmt.Errorf("create the lake with its migrations: %w", err)
		}
		return db.DB, db.Close, nil
	}
}
