package migrations_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flurry-dev/flurry/detections"
	"github.com/flurry-dev/flurry/migrations"
	"github.com/flurry-dev/flurry/snowlocal"
	"github.com/flurry-dev/flurry/warehouse"
	sf "github.com/snowflakedb/gosnowflake"
)

// login connects to the engine at addr as user, with role as the session's
// primary role, through gosnowflake.
func login(t *testing.T, addr, user, password, role string, database ...string) *sql.DB {
	t.Helper()
	cfg, err := warehouse.LocalConfig(addr, user, password)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Role, cfg.Warehouse = role, "SECURITY_QUICKSTART"
	if len(database) == 2 {
		// `flurry detect run` works in the lake's schema (detections name
		// their tables unqualified).
		cfg.Database, cfg.Schema = database[0], database[1]
	}
	db := sql.OpenDB(sf.NewConnector(sf.SnowflakeDriver{}, *cfg))
	t.Cleanup(func() { db.Close() })
	return db
}

func exec(t *testing.T, db *sql.DB, qs ...string) {
	t.Helper()
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// The lake installs with least privilege, with access control enforced by
// the local engine, exactly as the README's Snowflake checklist says: an
// administrator applies lake-admin once as ACCOUNTADMIN, CI applies the lake
// as FLURRY_DEPLOYER, detections run as FLURRY_DETECT. The deployer cannot
// make an integration; the detection role runs every built-in detection and
// can change nothing in the lake; re-running the R scripts keeps the grants
// on the view and functions (COPY GRANTS).
func TestLakeWithLeastPrivilege(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	engine, err := snowlocal.Start(ctx, snowlocal.Config{User: "admin", Password: "admin-pw", AllowPython: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { engine.Close() })
	addr := engine.Addr()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	loadVars := func(admin bool) *migrations.Vars {
		fsys := migrations.Lake()
		if admin {
			fsys = migrations.LakeAdmin()
		}
		v, err := migrations.LoadVars(fsys, "flurry.vars.example.yaml", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	up := func(db *sql.DB, admin bool) (*migrations.UpResult, error) {
		fsys, history := migrations.Lake(), migrations.DefaultHistoryTable
		if admin {
			fsys, history = migrations.LakeAdmin(), migrations.AdminHistoryTable
		}
		m, err := migrations.New(db, fsys, migrations.Options{Vars: loadVars(admin), HistoryTable: history,
			Log: quiet, LockTimeout: time.Minute})
		if err != nil {
			t.Fatal(err)
		}
		return m.Up(ctx)
	}

	// The administrator: the users CI and the detections log in as (the
	// README's checklist), then lake-admin.
	admin := login(t, addr, "admin", "admin-pw", "ACCOUNTADMIN")
	exec(t, admin,
		"CREATE USER FLURRY_CI PASSWORD = 'ci-pw'",
		"CREATE USER FLURRY_DETECTIONS PASSWORD = 'detect-pw'")

	// Before the administrator's part the deployer's first script fails
	// clearly, pointing at it.
	exec(t, admin, "CREATE ROLE FLURRY_DEPLOYER", "GRANT ROLE FLURRY_DEPLOYER TO USER FLURRY_CI")
	deployer := login(t, addr, "FLURRY_CI", "ci-pw", "FLURRY_DEPLOYER")
	if _, err := up(deployer, false); err == nil || !strings.Contains(err.Error(), "flurry migrate up --admin") {
		t.Fatalf("the lake before lake-admin: %v", err)
	}

	if _, err := up(admin, true); err != nil {
		t.Fatalf("lake-admin as ACCOUNTADMIN: %v", err)
	}
	exec(t, admin, "GRANT ROLE FLURRY_DETECT TO USER FLURRY_DETECTIONS")

	// CI: the whole lake as the deployer.
	res, err := up(deployer, false)
	if err != nil {
		t.Fatalf("the lake as FLURRY_DEPLOYER: %v", err)
	}
	if len(res.Scripts) < 11 {
		t.Fatalf("the deployer applied only %d scripts", len(res.Scripts))
	}
	states := map[string]string{}
	rows, err := deployer.Query("SHOW TASKS IN SCHEMA SECURITY_LAKE.PUBLIC")
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows.Scan(ptrs...)
		row := map[string]string{}
		for i, c := range cols {
			row[c] = vals[i].String
		}
		states[row["name"]] = row["state"]
	}
	rows.Close()
	if !strings.EqualFold(states["S3_ACCESS_LOGS_TRANSFORMATION"], "started") {
		t.Errorf("the deployer's task was not resumed (EXECUTE TASK): %v", states)
	}

	// The deployer alone cannot make a storage integration: a clear
	// privilege error naming the statement, pointing at the admin part.
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "V1__integration.sql"), []byte(`CREATE STORAGE INTEGRATION S3_INT_EXTRA
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/extra'
  STORAGE_ALLOWED_LOCATIONS = ('s3://extra/');
`), 0o644); err != nil {
		t.Fatal(err)
	}
	m, _ := migrations.New(deployer, os.DirFS(dir), migrations.Options{HistoryTable: "FLURRY.PUBLIC.EXTRA_HISTORY", Log: quiet})
	_, err = m.Up(ctx)
	if err == nil || !strings.Contains(err.Error(), "V1__integration.sql: statement 1 (line 1)") ||
		!strings.Contains(err.Error(), "Insufficient privileges") || !strings.Contains(err.Error(), "--role ACCOUNTADMIN") {
		t.Fatalf("CREATE STORAGE INTEGRATION as the deployer: %v", err)
	}

	// An analyst the deployer shares the view and the UDF with directly
	// (not through the future grants).
	exec(t, admin, "CREATE ROLE ANALYST", "CREATE USER ANALYST_USER PASSWORD = 'analyst-pw'", "GRANT ROLE ANALYST TO USER ANALYST_USER",
		"GRANT USAGE ON DATABASE SECURITY_LAKE TO ROLE ANALYST", "GRANT USAGE ON SCHEMA SECURITY_LAKE.PUBLIC TO ROLE ANALYST",
		"GRANT USAGE ON WAREHOUSE SECURITY_QUICKSTART TO ROLE ANALYST")
	exec(t, deployer,
		"GRANT SELECT ON VIEW SECURITY_LAKE.PUBLIC.VPC_FLOW_VIEW TO ROLE ANALYST",
		"GRANT USAGE ON FUNCTION SECURITY_LAKE.PUBLIC.IPV4_IS_INTERNAL(VARCHAR) TO ROLE ANALYST")

	// Detections: every built-in one runs as FLURRY_DETECT, which creates
	// its state tables and writes them.
	detect := login(t, addr, "FLURRY_DETECTIONS", "detect-pw", "FLURRY_DETECT", "SECURITY_LAKE", "PUBLIC")
	dets, err := detections.Load(detections.Builtin())
	if err != nil {
		t.Fatal(err)
	}
	for run := 1; run <= 1; run++ {
		r := &detections.Runner{DB: detect, State: &detections.Store{DB: detect}, IgnoreSchedule: true, Log: quiet}
		rep, err := r.Run(ctx, dets)
		if err != nil {
			t.Fatalf("detect run %d as FLURRY_DETECT: %v", run, err)
		}
		for _, f := range rep.Failed() {
			t.Errorf("run %d: detection %s failed as FLURRY_DETECT: %v", run, f.Detection.ID, f.Err)
		}
	}
	// ... and nothing else.
	for _, q := range []string{
		"INSERT INTO SECURITY_LAKE.PUBLIC.LOGS (tag) VALUES ('forged')",
		"DELETE FROM SECURITY_LAKE.PUBLIC.GO_AUDIT",
		"CREATE TABLE SECURITY_LAKE.PUBLIC.DETECT_SCRATCH (x INTEGER)",
		"DROP VIEW SECURITY_LAKE.PUBLIC.VPC_FLOW_VIEW",
		"ALTER PIPE SECURITY_LAKE.PUBLIC.FLUENTD_PIPE SET PIPE_EXECUTION_PAUSED = TRUE",
		"ALTER TASK SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS_TRANSFORMATION SUSPEND",
		"SELECT COUNT(*) FROM FLURRY.PUBLIC.MIGRATION_HISTORY",
		"CREATE STAGE SECURITY_LAKE.PUBLIC.EXFIL URL = 's3://exfil/' STORAGE_INTEGRATION = S3_INT_FLUENTD",
	} {
		if _, err := detect.Exec(q); err == nil {
			t.Errorf("FLURRY_DETECT may run %s", q)
		}
	}

	// Re-running every R script (as a changed udfs/ file would) keeps the
	// grants: the detection role and the analyst still read the view and
	// call the function.
	exec(t, deployer, "DELETE FROM FLURRY.PUBLIC.MIGRATION_HISTORY WHERE type = 'R'")
	res, err = up(deployer, false)
	if err != nil || len(res.Scripts) != 4 {
		t.Fatalf("re-running the R scripts: %v", err)
	}
	analyst := login(t, addr, "ANALYST_USER", "analyst-pw", "ANALYST")
	for _, q := range []string{
		"SELECT COUNT(*) FROM SECURITY_LAKE.PUBLIC.VPC_FLOW_VIEW",
		"SELECT SECURITY_LAKE.PUBLIC.IPV4_IS_INTERNAL('10.0.0.1')",
	} {
		for who, db := range map[string]*sql.DB{"FLURRY_DETECT": detect, "ANALYST": analyst} {
			if _, err := db.Exec(q); err != nil {
				t.Errorf("%s after the R scripts ran again: %s: %v", who, q, err)
			}
		}
	}
}
