package migrations

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func lakeVars(t *testing.T) *Vars {
	t.Helper()
	v, err := LoadVars(Lake(), "flurry.vars.example.yaml", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestLakeValidates(t *testing.T) {
	t.Parallel()
	var all strings.Builder
	var rs []*Rendered
	for _, fsys := range []fs.FS{LakeAdmin(), Lake()} {
		v, err := LoadVars(fsys, "flurry.vars.example.yaml", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, err := New(nil, fsys, Options{Vars: v})
		if err != nil {
			t.Fatal(err)
		}
		part, err := m.Prepare()
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range part {
			all.WriteString(r.SQL)
		}
		rs = append(rs, part...)
	}
	sql := all.String()
	// Every object of the shared lake schema, as the detections expect it.
	for _, obj := range []string{
		"CREATE DATABASE IF NOT EXISTS SECURITY_LAKE",
		"CREATE WAREHOUSE IF NOT EXISTS SECURITY_QUICKSTART",
		"SECURITY_LAKE.PUBLIC.LOGS (\n  time DATETIME,\n  tag STRING,\n  record VARIANT",
		"SECURITY_LAKE.PUBLIC.PARSEJSON_RAW (raw_data VARIANT)",
		"SECURITY_LAKE.PUBLIC.GO_AUDIT (\n  record VARIANT",
		"SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS_STAGING (\n  raw TEXT,\n  timestamp DATETIME",
		"CREATE STREAM IF NOT EXISTS SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS_STREAM",
		"CREATE TABLE IF NOT EXISTS SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS (",
		"CREATE OR REPLACE FUNCTION SECURITY_LAKE.PUBLIC.PARSE_S3_ACCESS_LOGS(log STRING)",
		"CREATE OR REPLACE TASK SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS_TRANSFORMATION",
		"SECURITY_LAKE.PUBLIC.VPC_FLOW (\n  record VARIANT",
		"CREATE OR REPLACE VIEW SECURITY_LAKE.PUBLIC.VPC_FLOW_VIEW COPY GRANTS AS",
		"CREATE STORAGE INTEGRATION IF NOT EXISTS S3_INT_FLUENTD",
		"GRANT EXECUTE TASK ON ACCOUNT TO ROLE FLURRY_DEPLOYER",
		"GRANT SELECT ON FUTURE VIEWS IN SCHEMA SECURITY_LAKE.PUBLIC TO ROLE FLURRY_DETECT",
		"CREATE OR REPLACE FUNCTION SECURITY_LAKE.PUBLIC.IPV4_IS_INTERNAL(ip VARCHAR)\n  COPY GRANTS",
		"URL = 's3://acme-security-logs/logs/'",
		"STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/snowflake-fluentd'",
		"class S3AccessLogParser",
		"parse_ip(ip,'INET')",
		"SYSTEM$STREAM_HAS_DATA('SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS_STREAM')",
	} {
		if !strings.Contains(sql, obj) {
			t.Errorf("lake migrations lack %q", obj)
		}
	}
	// The UDTF and UDF bodies are whole statements.
	for _, r := range rs {
		if r.Name == "R__parse_s3_access_logs.sql" && len(r.Statements) != 1 {
			t.Errorf("%s split into %d statements", r.Name, len(r.Statements))
		}
	}
}

func TestLakeNeedsBucketsAndRoles(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		name string
		fsys fs.FS
		want []string
	}{
		// The role ARNs are the administrator's (the integrations); the
		// buckets are both parts' (allowed locations, stage URLs).
		{"lake-admin", LakeAdmin(), []string{`V3__storage_integrations.sql: line 17: missing variable "fluentd_role_arn"`,
			`missing variable "teleport_role_arn"`, `missing variable "vpc_flow_role_arn"`, "FLURRY_VAR_GO_AUDIT_ROLE_ARN"}},
		{"lake", Lake(), []string{`V2__fluentd_apache_access_logs.sql: line 12: missing variable "fluentd_bucket"`,
			`missing variable "vpc_flow_bucket"`}},
	} {
		v, err := LoadVars(c.fsys, "", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		m, _ := New(nil, c.fsys, Options{Vars: v})
		_, err = m.Validate()
		if err == nil {
			t.Fatalf("%s validated without buckets and role ARNs", c.name)
		}
		for _, want := range c.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error lacks %q:\n%v", c.name, want, err)
			}
		}
	}
}

// The administrator's defaults repeat the lake's names (database,
// warehouse, integrations, prefixes): they must not drift apart, or the
// deployer would look for objects the administrator never made.
func TestLakeAdminDefaultsMatchLake(t *testing.T) {
	t.Parallel()
	lake, err := LoadVars(Lake(), "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := LoadVars(LakeAdmin(), "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	for _, name := range admin.Names() {
		if lv, ok := lake.Get(name); ok {
			shared++
			if av, _ := admin.Get(name); av != lv {
				t.Errorf("%s: lake-admin default %q, lake default %q", name, av, lv)
			}
		}
	}
	if shared < 14 {
		t.Errorf("only %d defaults shared: the lake's names moved?", shared)
	}
}

func showNames(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		skipIfUnsupported(t, err)
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var names []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, c := range cols {
			if strings.EqualFold(c, "name") {
				names = append(names, fmt.Sprint(vals[i]))
			}
		}
	}
	slices.Sort(names)
	return names
}

// showColumn maps each row's key column (name, or property for DESC) to col.
func showColumn(t *testing.T, db *sql.DB, q, col string) map[string]string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		skipIfUnsupported(t, err)
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	out := map[string]string{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var name, v string
		for i, c := range cols {
			switch {
			case strings.EqualFold(c, "name"), strings.EqualFold(c, "property"):
				name = fmt.Sprint(vals[i])
			case strings.EqualFold(c, col):
				v = fmt.Sprint(vals[i])
			}
		}
		out[name] = v
	}
	return out
}

// The full lake on the local engine. It needs stages, pipes, streams, tasks
// and Python UDTFs in the engine: until those land it skips, but only on the
// engine's "unsupported feature" error, naming the statement.
func TestLakeOnLocalEngine(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	res, err := InstallLake(ctx, db, Options{Vars: lakeVars(t), Progress: testWriter{t}})
	if err != nil {
		skipIfUnsupported(t, err)
		t.Fatalf("up: %v", err)
	}
	m, err := New(db, Lake(), Options{Vars: lakeVars(t), Progress: testWriter{t}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scripts) != 19 {
		t.Fatalf("applied %s", scriptNames(res))
	}
	for _, q := range []string{
		"SELECT COUNT(*) FROM SECURITY_LAKE.PUBLIC.LOGS",
		"SELECT COUNT(*) FROM SECURITY_LAKE.PUBLIC.PARSEJSON_RAW",
		"SELECT COUNT(*) FROM SECURITY_LAKE.PUBLIC.GO_AUDIT",
		"SELECT COUNT(*) FROM SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS_STAGING",
		"SELECT COUNT(*) FROM SECURITY_LAKE.PUBLIC.S3_ACCESS_LOGS",
		"SELECT COUNT(*) FROM SECURITY_LAKE.PUBLIC.VPC_FLOW_VIEW",
	} {
		if got := queryStrings(t, db, q); len(got) != 1 || got[0] != "0" {
			t.Errorf("%s = %v", q, got)
		}
	}
	if got := queryStrings(t, db, "SELECT TO_VARCHAR(SECURITY_LAKE.PUBLIC.IPV4_IS_INTERNAL('10.1.2.3'))"); len(got) != 1 || !strings.EqualFold(got[0], "true") {
		t.Errorf("IPV4_IS_INTERNAL('10.1.2.3') = %v", got)
	}
	line := `79a59df900b949e55d96a1e698fbacedfd6e09d7 awsexamplebucket1 [06/Feb/2019:00:00:38 +0000] 192.0.2.3 79a59df900b949e55d96a1e698fbacedfd6e09d7 3E57427F3EXAMPLE REST.GET.VERSIONING - "GET /awsexamplebucket1?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" - s9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234= SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader awsexamplebucket1.s3.us-west-1.amazonaws.com TLSV1.2`
	got := queryStrings(t, db, "SELECT p.remoteip FROM TABLE(SECURITY_LAKE.PUBLIC.PARSE_S3_ACCESS_LOGS("+QuoteLiteral(line)+")) p")
	if len(got) != 1 || got[0] != "192.0.2.3" {
		t.Errorf("PARSE_S3_ACCESS_LOGS remoteip = %v", got)
	}
	pipes := showNames(t, db, "SHOW PIPES IN SCHEMA SECURITY_LAKE.PUBLIC")
	want := []string{"AUTOINGST_PARSEJSON", "FLUENTD_PIPE", "GO_AUDIT_PIPE", "S3_ACCESS_LOGS_PIPE", "VPC_FLOW_PIPE"}
	if !slices.Equal(pipes, want) {
		t.Errorf("pipes = %v, want %v", pipes, want)
	}
	stages := showNames(t, db, "SHOW STAGES IN SCHEMA SECURITY_LAKE.PUBLIC")
	if want := []string{"FLUENTD_STAGE", "GO_AUDIT_STAGE", "S3_ACCESS_LOGS", "TELEPORT_LANDING_STAGE", "VPC_FLOW_STAGE"}; !slices.Equal(stages, want) {
		t.Errorf("stages = %v, want %v", stages, want)
	}
	if streams := showNames(t, db, "SHOW STREAMS IN SCHEMA SECURITY_LAKE.PUBLIC"); !slices.Equal(streams, []string{"S3_ACCESS_LOGS_STREAM"}) {
		t.Errorf("streams = %v", streams)
	}
	if tasks := showColumn(t, db, "SHOW TASKS IN SCHEMA SECURITY_LAKE.PUBLIC", "state"); !strings.EqualFold(tasks["S3_ACCESS_LOGS_TRANSFORMATION"], "started") {
		t.Errorf("task states = %v: the task should have been resumed", tasks)
	}

	// A second run does nothing and the status is clean.
	res, err = m.Up(ctx)
	if err != nil || len(res.Scripts) != 0 {
		t.Fatalf("second up: %v %s", err, scriptNames(res))
	}
	st, err := m.Status(ctx)
	if err != nil || !st.Clean() {
		t.Fatalf("status: %v %s", err, states(st))
	}

	// A new schedule changes only the task's rendered script: it alone is
	// re-run (suspended, replaced, resumed).
	m.opts.Vars.Set("s3_access_logs_schedule", "5 minute", "test", false)
	res, err = m.Up(ctx)
	if err != nil || scriptNames(res) != "R__s3_access_logs_transformation.sql" {
		t.Fatalf("up after changing the schedule: %v %s", err, scriptNames(res))
	}
	tasks := showColumn(t, db, "SHOW TASKS IN SCHEMA SECURITY_LAKE.PUBLIC", "schedule")
	if !strings.Contains(tasks["S3_ACCESS_LOGS_TRANSFORMATION"], "5 minute") {
		t.Errorf("task schedule = %v", tasks)
	}
	if st := showColumn(t, db, "SHOW TASKS IN SCHEMA SECURITY_LAKE.PUBLIC", "state"); !strings.EqualFold(st["S3_ACCESS_LOGS_TRANSFORMATION"], "started") {
		t.Errorf("replaced task not resumed: %v", st)
	}
}

// A CREATE OR REPLACE STORAGE INTEGRATION of an integration that exists is
// applied as ALTER ... SET: the new definition takes effect, the external ID
// (in the IAM role's trust policy) stays, and the script is recorded as
// applied only because its change was applied.
func TestIntegrationChangeKeepsExternalID(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := copyFixture(t, "integration")
	m, out := newMigrator(t, db, dir, nil, nil)
	res, err := m.Up(ctx)
	if err != nil {
		skipIfUnsupported(t, err)
		t.Fatalf("up: %v\n%s", err, out)
	}
	if len(res.Scripts) != 1 {
		t.Fatalf("applied %s", scriptNames(res))
	}
	before := showColumn(t, db, "DESC INTEGRATION LC_INT", "property_value")

	// V2 redefines the integration: new role, another allowed location, no comment.
	if err := os.WriteFile(filepath.Join(dir, "V2__redefine.sql"), []byte(`CREATE OR REPLACE STORAGE INTEGRATION LC_INT
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = S3
  ENABLED = TRUE
  STORAGE_AWS_ROLE_ARN = 'arn:aws:iam::123456789012:role/second'
  STORAGE_ALLOWED_LOCATIONS = ('s3://lc-bucket/logs/', 's3://lc-bucket/more/');
CREATE TABLE IF NOT EXISTS LC.PUBLIC.AFTER_ALTER (x INTEGER);
`), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = m.Up(ctx)
	if err != nil {
		t.Fatalf("up V2: %v\n%s", err, out)
	}
	if n := res.Scripts[0].Notices; len(n) != 1 || !strings.Contains(n[0], "applied CREATE OR REPLACE as ALTER STORAGE INTEGRATION") {
		t.Fatalf("V2 notices: %q", n)
	}
	after := showColumn(t, db, "DESC INTEGRATION LC_INT", "property_value")
	if !strings.HasSuffix(after["STORAGE_AWS_ROLE_ARN"], "role/second") ||
		!strings.Contains(after["STORAGE_ALLOWED_LOCATIONS"], "s3://lc-bucket/more/") || after["COMMENT"] != "" {
		t.Fatalf("the new definition was not applied: %v", after)
	}
	if after["STORAGE_AWS_EXTERNAL_ID"] != before["STORAGE_AWS_EXTERNAL_ID"] {
		t.Fatalf("external ID changed: %s -> %s", before["STORAGE_AWS_EXTERNAL_ID"], after["STORAGE_AWS_EXTERNAL_ID"])
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM LC.PUBLIC.AFTER_ALTER"); got[0] != "0" {
		t.Fatalf("the statement after the integration did not run")
	}

	// A change ALTER cannot make fails clearly and is not recorded as applied.
	if err := os.WriteFile(filepath.Join(dir, "V3__provider.sql"), []byte(`CREATE OR REPLACE STORAGE INTEGRATION LC_INT
  TYPE = EXTERNAL_STAGE
  STORAGE_PROVIDER = GCS
  ENABLED = TRUE
  STORAGE_ALLOWED_LOCATIONS = ('gcs://lc-bucket/logs/');
`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = m.Up(ctx)
	if err == nil || !strings.Contains(err.Error(), "STORAGE_PROVIDER is S3 and the script says GCS") ||
		!strings.Contains(err.Error(), "--allow-integration-replace") {
		t.Fatalf("V3 changing the provider: %v", err)
	}
	st, _ := m.Status(ctx)
	if e := st.Entries[2]; e.State != StateFailed {
		t.Fatalf("V3 state %s, want failed", e.State)
	}

	// With --allow-integration-replace the statement runs as written: a
	// new integration, a new external ID.
	m2, _ := newMigrator(t, db, dir, nil, func(o *Options) {
		o.AllowIntegrationReplace = true
		o.HistoryTable = "FLURRY.PUBLIC.OTHER_HISTORY"
	})
	if _, err := m2.Up(ctx); err != nil {
		t.Fatal(err)
	}
	props := showColumn(t, db, "DESC INTEGRATION LC_INT", "property_value")
	if props["STORAGE_PROVIDER"] != "GCS" || props["STORAGE_AWS_EXTERNAL_ID"] == before["STORAGE_AWS_EXTERNAL_ID"] {
		t.Fatalf("integration not replaced: %v", props)
	}
}

func TestPipePausedAroundReplaceTasksResumed(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := copyFixture(t, "pipe_task")
	m, out := newMigrator(t, db, dir, nil, nil)
	res, err := m.Up(ctx)
	if err != nil {
		skipIfUnsupported(t, err)
		t.Fatalf("up: %v\n%s", err, out)
	}
	if len(res.Scripts) != 2 {
		t.Fatalf("applied %s", scriptNames(res))
	}
	states := showColumn(t, db, "SHOW TASKS IN SCHEMA LC.PUBLIC", "state")
	if !strings.EqualFold(states["COPY_TASK"], "started") || !strings.EqualFold(states["MANUAL_TASK"], "suspended") {
		t.Fatalf("task states = %v (COPY_TASK resumed, MANUAL_TASK left suspended by its directive)", states)
	}
	pipes := showColumn(t, db, "SHOW PIPES IN SCHEMA LC.PUBLIC", "definition")
	if !strings.Contains(pipes["RAW_PIPE"], "FIELD_DELIMITER") {
		t.Fatalf("RAW_PIPE was not replaced: %v", pipes)
	}
	var status sql.NullString
	if err := db.QueryRow("SELECT SYSTEM$PIPE_STATUS('LC.PUBLIC.RAW_PIPE')").Scan(&status); err != nil {
		skipIfUnsupported(t, err)
		t.Fatal(err)
	}
	if !strings.Contains(status.String, "RUNNING") {
		t.Fatalf("replaced pipe not running: %s", status.String)
	}
	if n := res.Scripts[1].Notices; len(n) != 1 || !strings.Contains(n[0], "do not run ALTER PIPE ... REFRESH") {
		t.Fatalf("V2 notices: %q", n)
	}

	// An operator pauses the pipe; a later script replaces it: it is
	// replaced, and stays paused.
	if _, err := db.Exec("ALTER PIPE LC.PUBLIC.RAW_PIPE SET PIPE_EXECUTION_PAUSED = TRUE"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "V3__pipe_again.sql"), []byte(
		"CREATE OR REPLACE PIPE LC.PUBLIC.RAW_PIPE AS\n  COPY INTO LC.PUBLIC.RAW FROM @LC.PUBLIC.LANDING FILE_FORMAT = (TYPE = CSV FIELD_DELIMITER = ';');\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = m.Up(ctx)
	if err != nil {
		t.Fatalf("up V3: %v\n%s", err, out)
	}
	if pipes := showColumn(t, db, "SHOW PIPES IN SCHEMA LC.PUBLIC", "definition"); !strings.Contains(pipes["RAW_PIPE"], "';'") {
		t.Fatalf("RAW_PIPE was not replaced by V3: %v", pipes)
	}
	if err := db.QueryRow("SELECT SYSTEM$PIPE_STATUS('LC.PUBLIC.RAW_PIPE')").Scan(&status); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(status.String, `"executionState":"PAUSED"`) {
		t.Fatalf("the operator's paused pipe was resumed: %s", status.String)
	}
	if n := res.Scripts[0].Notices; len(n) != 2 || !strings.Contains(n[1], "left paused") {
		t.Fatalf("V3 notices: %q", n)
	}
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
