package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func fixtureDir(t *testing.T, name string) string {
	t.Helper()
	src := filepath.Join("..", "..", "testdata", "migrations", name)
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dst, e.Name()), string(b))
	}
	return dst
}

func TestMigrateValidateOffline(t *testing.T) {
	// Offline: no target flags, no engine started.
	r := flurry(t, nil, "", "migrate", "validate", "--vars", "../../migrations/flurry.vars.example.yaml").ok(t)
	if !strings.Contains(r.stdout, "built-in security lake migrations: 14 scripts") {
		t.Fatalf("stdout: %s", r.stdout)
	}
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--dir", fixtureDir(t, "bad_name")}, "V2_missing_double_underscore.sql: bad migration file name"},
		{[]string{"--dir", fixtureDir(t, "missing_var"), "--var", "database=X"}, `V1__uses_a_variable.sql: line 3: missing variable "landing_bucket"`},
		{[]string{"--dir", fixtureDir(t, "unterminated")}, "V1__unterminated_dollar_body.sql: line 6, column 4: unterminated $$"},
		{nil, `missing variable "fluentd_bucket"`},
		{[]string{"--admin"}, `missing variable "fluentd_role_arn"`},
	}
	for _, c := range cases {
		r := flurry(t, nil, "", append([]string{"migrate", "validate"}, c.args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("validate %v: exit %d, stderr %q, want %q", c.args, r.code, r.stderr, c.want)
		}
	}
	// Variables from the environment, and --json.
	r = flurry(t, nil, "", "migrate", "validate", "--dir", fixtureDir(t, "missing_var"), "--json",
		"--var", "database=X", "--var", "landing_bucket=b")
	var res struct{ Scripts, Statements int }
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &res) != nil || res.Scripts != 1 || res.Statements != 2 {
		t.Fatalf("validate --json: exit %d %s %s", r.code, r.stdout, r.stderr)
	}
}

func TestMigrateNew(t *testing.T) {
	dir := fixtureDir(t, "basic")
	r := flurry(t, nil, "", "migrate", "new", "--dir", dir, "add", "okta", "table").ok(t)
	if strings.TrimSpace(r.stdout) != filepath.Join(dir, "V4__add_okta_table.sql") {
		t.Fatalf("stdout: %s", r.stdout)
	}
	if r := flurry(t, nil, "", "migrate", "new", "--dir", dir); r.code == 0 {
		t.Fatal("new without a description succeeded")
	}
}

func TestMigrateCLIOnLocalEngine(t *testing.T) {
	local := t.TempDir()
	dir := fixtureDir(t, "basic")
	args := func(sub string, extra ...string) []string {
		return append([]string{"migrate", sub, "--local-dir", local, "--dir", dir,
			"--var", "database=CLI_DB", "--var", "first_kind=x"}, extra...)
	}
	r := flurry(t, nil, "", args("plan")...).ok(t)
	if !strings.Contains(r.stdout, "-- V1__create_events.sql (new") || !strings.Contains(r.stdout, "5 script(s) to apply") {
		t.Fatalf("plan:\n%s", r.stdout)
	}
	r = flurry(t, nil, "", args("up")...).ok(t)
	for _, want := range []string{"V1__create_events.sql: applying 4 statement(s)", "R__events_view.sql: ok", "applied 5 script(s)"} {
		if !strings.Contains(r.stdout, want) {
			t.Fatalf("up output lacks %q:\n%s", want, r.stdout)
		}
	}
	r = flurry(t, nil, "", args("status")...).ok(t)
	if !strings.Contains(r.stdout, "4 applied, 1 pending") || !strings.Contains(r.stdout, "pending (always)") {
		t.Fatalf("status:\n%s", r.stdout)
	}
	r = flurry(t, nil, "", args("up", "--json")...).ok(t)
	var res struct {
		Scripts []struct{ Script, Status string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || len(res.Scripts) != 1 || res.Scripts[0].Script != "A__always.sql" {
		t.Fatalf("up --json: %v\n%s", err, r.stdout)
	}

	// Drift: exit 1 from up and status, naming the file.
	p := filepath.Join(dir, "V1__create_events.sql")
	b, _ := os.ReadFile(p)
	writeFile(t, p, string(b)+"\n-- edited\n")
	r = flurry(t, nil, "", args("up")...)
	if r.code != 1 || !strings.Contains(r.stderr, "V1__create_events.sql was changed after it was applied") {
		t.Fatalf("up after drift: exit %d\n%s", r.code, r.stderr)
	}
	r = flurry(t, nil, "", args("status")...)
	if r.code != 1 || !strings.Contains(r.stdout, "drifted") {
		t.Fatalf("status after drift: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	flurry(t, nil, "", args("repair")...).ok(t)
	flurry(t, nil, "", args("status")...).ok(t)
}
