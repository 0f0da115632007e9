package detections

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"

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
			v.Set(s+"_bucket", "flurry-local-"+strings.ReplaceAll(s, "_", "-"), origin, false)
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

// LakeTemplate builds the security lake once, by applying the lake
// migrations to a local engine in a temporary directory, and then hands out
// fresh engines started on copies of that directory: each test case gets a
// warehouse of its own without paying for the migrations again.
type LakeTemplate struct {
	Vars *migrations.Vars

	once   sync.Once
	dir    string // the migrated lake
	stages string // an empty directory the lake's stages point to
	err    error
}

// Fresh starts a new local engine holding an empty lake. The returned
// function stops it and removes its files.
func (l *LakeTemplate) Fresh(ctx context.Context) (*sql.DB, func() error, error) {
	l.once.Do(func() {
		if l.stages, l.err = os.MkdirTemp("", "flurry-detect-stages-"); l.err == nil {
			l.dir, l.err = buildLake(ctx, l.Vars, l.stageMap())
		}
	})
	if l.err != nil {
		return nil, nil, l.err
	}
	dir, err := os.MkdirTemp("", "flurry-detect-case-")
	if err != nil {
		return nil, nil, err
	}
	if err := os.CopyFS(dir, os.DirFS(l.dir)); err != nil {
		os.RemoveAll(dir)
		return nil, nil, fmt.Errorf("copy the lake template: %w", err)
	}
	db, err := warehouse.OpenLocalStages(ctx, dir, l.stageMap())
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, err
	}
	return db.DB, func() error {
		err := db.Close()
		if rerr := os.RemoveAll(dir); err == nil {
			err = rerr
		}
		return err
	}, nil
}

// stageMap points the lake's buckets at an empty local directory: fixtures
// are inserted directly, and the pipes find nothing to load instead of
// warning on every start that their bucket is unreachable.
func (l *LakeTemplate) stageMap() map[string]string {
	m := map[string]string{}
	for _, s := range lakeSources {
		if b, ok := l.Vars.Get(s + "_bucket"); ok && b != "" {
			m["s3://"+b+"/"] = "file://" + filepath.ToSlash(l.stages)
		}
	}
	return m
}

// Close removes the template.
func (l *LakeTemplate) Close() error {
	var err error
	for _, d := range []string{l.dir, l.stages} {
		if d != "" {
			if rerr := os.RemoveAll(d); err == nil {
				err = rerr
			}
		}
	}
	return err
}

func buildLake(ctx context.Context, vars *migrations.Vars, stageMap map[string]string) (string, error) {
	dir, err := os.MkdirTemp("", "flurry-detect-lake-")
	if err != nil {
		return "", err
	}
	// The engine stops when its context ends: the template's engine lives
	// only while the migrations run.
	ectx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	defer cancel()
	db, err := warehouse.OpenLocalStages(ectx, dir, stageMap)
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	_, err = migrations.InstallLake(ctx, db.DB, migrations.Options{Vars: vars, Progress: io.Discard,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("create the lake with its migrations: %w", err)
	}
	return dir, nil
}
