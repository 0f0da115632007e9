package migrations

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func render(t *testing.T, src string, vars *Vars) (*Rendered, error) {
	t.Helper()
	return Render(&Script{Kind: Versioned, Version: Version{1}, Name: "V1__t.sql", Path: "V1__t.sql", Source: src}, vars)
}

func TestRenderSplitsWithSnowflakeLexer(t *testing.T) {
	t.Parallel()
	src := `CREATE OR REPLACE FUNCTION f(x STRING)
RETURNS STRING LANGUAGE PYTHON RUNTIME_VERSION = '3.8' HANDLER = 'f'
AS $$
def f(x):
    return x + ';'
$$;
-- comment; with a semicolon
SELECT 'a;b'; SELECT 2`
	r, err := render(t, src, NewVars())
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Statements) != 3 {
		t.Fatalf("got %d statements: %+v", len(r.Statements), r.Statements)
	}
	if r.Statements[1].Line != 8 || r.Statements[2].Index != 3 {
		t.Fatalf("positions: %+v", r.Statements)
	}
}

func TestRenderHelpersQuoteSafely(t *testing.T) {
	t.Parallel()
	v := NewVars()
	v.Set("db", "security_lake", "t", false)
	v.Set("odd", `My "Lake"`, "t", false)
	v.Set("table", "table", "t", false)
	v.Set("arn", `arn:aws:iam::1:role/x'; DROP DATABASE y; --\`, "t", false)
	r, err := render(t, `SELECT {{ ident .db }}, {{ ident .odd }}, {{ ident .table }}, {{ literal .arn }};`, v)
	if err != nil {
		t.Fatal(err)
	}
	want := `SELECT security_lake, "My ""Lake""", "table", 'arn:aws:iam::1:role/x''; DROP DATABASE y; --\\'`
	if r.Statements[0].Text != want {
		t.Fatalf("got  %s\nwant %s", r.Statements[0].Text, want)
	}
	if len(r.Statements) != 1 {
		t.Fatalf("injection split the statement: %+v", r.Statements)
	}
}

func TestRenderMissingVariable(t *testing.T) {
	t.Parallel()
	_, err := render(t, "SELECT 1;\nSELECT '{{ .bucket }}';", NewVars())
	if err == nil || !strings.Contains(err.Error(), `V1__t.sql: line 2: missing variable "bucket"`) {
		t.Fatalf("got %v", err)
	}
}

func TestRenderUDF(t *testing.T) {
	t.Parallel()
	r, err := render(t, "CREATE FUNCTION f() RETURNS TABLE (a STRING) LANGUAGE PYTHON RUNTIME_VERSION = '3.8' HANDLER = 'S3AccessLogParser' AS $$\n{{ udf \"parse_s3_access_logs.py\" }}\n$$;", NewVars())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.SQL, "class S3AccessLogParser") || len(r.Statements) != 1 {
		t.Fatalf("udf not included as one statement:\n%s", r.SQL)
	}
	if _, err := render(t, `{{ udf "nope.py" }}`, NewVars()); err == nil {
		t.Fatal("want an error for an unknown udf")
	}
}

func TestSecretsAreRedacted(t *testing.T) {
	t.Parallel()
	v := NewVars()
	if err := v.LoadFile(fstest.MapFS{"v.yaml": {Data: []byte("bucket: b1\naws_key_id: AKIA123\nsecrets:\n  token: \"s3cr'et\"\n")}}, "v.yaml"); err != nil {
		t.Fatal(err)
	}
	v.LoadEnv([]string{"FLURRY_SECRET_API=envsecret", "FLURRY_VAR_REGION=us-east-1", "HOME=/root"})
	if err := v.SetFlag("db_password=hunter2"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"bucket": false, "aws_key_id": true, "token": true, "api": true, "region": false, "db_password": true} {
		if v.IsSecret(name) != want {
			t.Errorf("IsSecret(%s) = %v", name, !want)
		}
	}
	fsys := fstest.MapFS{"V1__s.sql": {Data: []byte(
		"SELECT {{ literal .token }}, '{{ .aws_key_id }}', '{{ .api }}', '{{ .db_password }}', '{{ .bucket }}', '{{ .region }}';")}}
	m, err := New(nil, fsys, Options{Vars: v})
	if err != nil {
		t.Fatal(err)
	}
	rs, err := m.Prepare()
	if err != nil {
		t.Fatal(err)
	}
	st := compare(rs, nil, nil)
	p := m.planned(st.Entries[0])
	got := p.Statements[0]
	want := "SELECT '****', '****', '****', '****', 'b1', 'us-east-1'"
	if got != want {
		t.Fatalf("plan shows %s\nwant       %s", got, want)
	}
	if !strings.Contains(rs[0].SQL, "s3cr''et") || !strings.Contains(rs[0].SQL, "hunter2") {
		t.Fatal("the SQL that runs must have the real values")
	}
}

func TestDirectives(t *testing.T) {
	t.Parallel()
	r, err := render(t, "-- flurry:no-resume-tasks\nSELECT 1;", NewVars())
	if err != nil || !r.NoResumeTasks {
		t.Fatalf("directive not read: %v", err)
	}
	if _, err := render(t, "SELECT 1;\n  -- flurry:no-such-thing\n", NewVars()); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Fatalf("unknown directive: %v", err)
	}
}

func TestClassify(t *testing.T) {
	t.Parallel()
	cases := []struct {
		sql       string
		object    string
		orReplace bool
		name      string
	}{
		{"create or replace storage integration s3_int_fluentd type = external_stage", "STORAGE INTEGRATION", true, "s3_int_fluentd"},
		{"CREATE STORAGE INTEGRATION IF NOT EXISTS \"My Int\" TYPE = EXTERNAL_STAGE", "STORAGE INTEGRATION", false, `"My Int"`},
		{"CREATE OR REPLACE PIPE db.public.mypipe AUTO_INGEST = TRUE AS COPY INTO t FROM @s", "PIPE", true, "db.public.mypipe"},
		{"create or replace task s3_access_logs_transformation warehouse = w schedule = '10 minute' as select 1", "TASK", true, "s3_access_logs_transformation"},
		{"CREATE TASK IF NOT EXISTS t AFTER root AS SELECT 1", "TASK", false, "t"},
		{"CREATE OR REPLACE TABLE pipe (x int)", "", false, ""},
		{"ALTER PIPE p REFRESH", "", false, ""},
	}
	for _, c := range cases {
		lc := classify(c.sql)
		if lc.object != c.object || (c.object != "" && (lc.orReplace != c.orReplace || lc.name != c.name)) {
			t.Errorf("classify(%q) = %+v", c.sql, lc)
		}
	}
	lc := classify(`CREATE OR REPLACE STORAGE INTEGRATION "Mixed"`)
	if !lc.sameName("Mixed") || lc.sameName("MIXED") {
		t.Error("quoted names are case-sensitive")
	}
	lc = classify(`CREATE OR REPLACE STORAGE INTEGRATION s3_int`)
	if !lc.sameName("S3_INT") || lc.sameName("S3XINT") {
		t.Error("unquoted names resolve to upper case")
	}
}

func TestQuoteIdent(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"SECURITY_LAKE": "SECURITY_LAKE", "a$b": "a$b", "1abc": `"1abc"`, "select": `"select"`, `x"y`: `"x""y"`, "a b": `"a b"`,
	} {
		if got := QuoteIdent(in); got != want {
			t.Errorf("QuoteIdent(%q) = %s, want %s", in, got, want)
		}
	}
}

// Snowflake upper-cases an unquoted identifier in its messages: a secret
// used as a name must not leak from the error, the JSON result, status or
// the history table's ERROR column, whatever its case.
func TestSecretRedactedInAnyCase(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openLocal(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "V1__s.sql"),
		[]byte("CREATE TABLE {{ .tenant_secret }}.PUBLIC.T (x INTEGER);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m, out := newMigrator(t, db, dir, map[string]string{"tenant_secret": "hushdb"}, nil)
	res, err := m.Up(ctx)
	if err == nil {
		t.Fatal("up succeeded on a missing database")
	}
	st, serr := m.Status(ctx)
	if serr != nil {
		t.Fatal(serr)
	}
	hist := queryStrings(t, db, "SELECT error FROM FLURRY.PUBLIC.MIGRATION_HISTORY")
	js, _ := json.Marshal(res)
	sts, _ := json.Marshal(st)
	for what, text := range map[string]string{"error": err.Error(), "json": string(js), "status": string(sts),
		"history ERROR": strings.Join(hist, "\n"), "progress": out.String()} {
		if strings.Contains(strings.ToLower(text), "hushdb") {
			t.Errorf("%s leaks the secret: %s", what, text)
		}
	}
	if !strings.Contains(strings.Join(hist, ""), Redacted) {
		t.Errorf("history ERROR does not show the redacted name: %q", hist)
	}
}
