package migrations

import (
	"context"
	"database/sql"
	"embed"
	"io/fs"
)

//go:embed lake lake-admin
var lakeFS embed.FS

// Lake returns the security lake's migrations, embedded in the binary: the
// objects of the Snowflake guides (Fluentd Apache logs, Teleport audit
// events, S3 access logs, VPC flow logs) and go-audit's JSON table. They are
// what CI applies on every merge, as the deployer role (FLURRY_DEPLOYER);
// they need LakeAdmin's objects and grants first.
func Lake() fs.FS { return sub("lake") }

// LakeAdmin returns the administrator's part of the security lake, applied
// once as ACCOUNTADMIN (or a role with CREATE ROLE, CREATE DATABASE, CREATE
// WAREHOUSE, CREATE INTEGRATION and MANAGE GRANTS): the deployer and
// detection roles, the database and warehouse, the storage integrations and
// the grants. Its history is AdminHistoryTable.
func LakeAdmin() fs.FS { return sub("lake-admin") }

// AdminHistoryTable records LakeAdmin's scripts: their versions are not the
// lake's, so they need a history of their own.
const AdminHistoryTable = "FLURRY.PUBLIC.ADMIN_MIGRATION_HISTORY"

func sub(dir string) fs.FS {
	s, err := fs.Sub(lakeFS, dir)
	if err != nil {
		panic(err)
	}
	return s
}

// InstallLake applies LakeAdmin (history AdminHistoryTable) and then Lake
// (history opts.HistoryTable) on db, both with opts: the whole lake in one
// call, for a single administrator session such as the demo's or a test's.
// The scripts of both runs are returned in order.
func InstallLake(ctx context.Context, db *sql.DB, opts Options) (*UpResult, error) {
	adminOpts := opts
	adminOpts.HistoryTable = AdminHistoryTable
	if opts.Vars != nil {
		// The caller's variables were read with the lake's defaults; the
		// administrator's own (role names, flurry's database) fill the gaps.
		v, err := opts.Vars.under(LakeAdmin())
		if err != nil {
			return nil, err
		}
		adminOpts.Vars = v
	}
	admin, err := New(db, LakeAdmin(), adminOpts)
	if err != nil {
		return nil, err
	}
	res, err := admin.Up(ctx)
	if err != nil {
		return res, err
	}
	lake, err := New(db, Lake(), opts)
	if err != nil {
		return res, err
	}
	lres, err := lake.Up(ctx)
	if lres != nil {
		lres.Scripts = append(res.Scripts, lres.Scripts...)
	}
	return lres, err
}
